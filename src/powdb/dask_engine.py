"""Ingest on a Dask cluster: documents are read and extracted on Dask workers, stored here.

``powdb ingest --engine dask`` hands :func:`powdb.ingest.ingest_files` a :class:`DaskPool`:
the files are cut into partitions of about :data:`PARTITION_BYTES` in input order, each
prepared on a worker by the same function the local worker processes run
(:func:`powdb.ingest._prepare_many`), and the prepared documents come back, partition by
partition in input order, to the one writer in this process. So storing, idempotence (a
document already stored is known by its sha256 and not extracted again), one transaction per
document (batched into shared SQLite transactions, each document in its savepoint) and the
one-line error per failed file are those of every ingest; only where extraction runs changes.

Without a scheduler address a ``LocalCluster`` of worker processes is started on this machine
and closed at the end; with one, the existing cluster is used (its workers must see the files
at the paths given here, and have this powdb installed). Dask is the optional extra
``powdb[dask]``.

Partitions follow Dask's advice for tasks (``dask.org``'s best practices: each task should
take 100 ms or more, so the scheduler's overhead of about 1 ms per task stays small): reading
and extracting costs about 0.3-0.5 s of CPU per MB of these articles (``bench/corpus_bench.py``),
so a 1 MB partition is a task of a few tenths of a second, and a 20-million-page archive is
some tens of thousands of tasks, not millions.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections.abc import Callable, Set
from typing import TYPE_CHECKING, Any

from powdb.errors import PowdbError
from powdb.ingest import Pool, _Batch, _Files, _prepare_many, _unexpected
from powdb.store import IngestResult

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

#: Input bytes per partition (task): a few tenths of a second of extraction each.
PARTITION_BYTES = 1_000_000
#: Files per partition at most, for folders of many tiny files.
PARTITION_FILES = 500
#: Seconds to wait for a scheduler given by address.
CONNECT_SECONDS = 10

MISSING = "--engine dask needs Dask: pip install 'powdb[dask]'"


def dask_pool(scheduler: str | None = None, workers: int = 2) -> Callable[[Set[str]], Pool]:
    """What :func:`powdb.ingest.ingest_files` takes as ``pool`` to prepare documents on Dask;
    raises :class:`PowdbError` at once if Dask is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise PowdbError(MISSING) from None
    return functools.partial(DaskPool, scheduler=scheduler, workers=workers)


class DaskPool:
    """A :class:`powdb.ingest.Pool` on a Dask cluster: a ``LocalCluster`` of ``workers``
    processes, or the scheduler at ``scheduler``."""

    def __init__(self, known: Set[str], *, scheduler: str | None = None, workers: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise PowdbError(MISSING) from None
        # The cluster's own INFO lines ("Worker started at...") are not the user's business.
        logging.getLogger("distributed").setLevel(logging.ERROR)
        self.cluster: LocalCluster | None = None
        self.client: Client
        if scheduler is None:
            with warnings.catch_warnings():
                # Without a dashboard the scheduler still serves its health checks over HTTP,
                # on another port when 8787 is taken, and warns: nothing the user must act on.
                warnings.filterwarnings("ignore", "Port .* is already in use", UserWarning)
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,  # extraction is pure Python: processes, not threads
                    processes=True,
                    dashboard_address=None,
                )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_SECONDS)
            except (OSError, ValueError, TypeError) as exc:
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise PowdbError(
                    f"cannot reach the Dask scheduler at {scheduler} "
                    f"({type(exc).__name__}{': ' + detail if detail else ''})"
                ) from None
        cores = sum(self.client.nthreads().values()) or 1
        # Two partitions per core: one in work, one ready for when it is done.
        self.in_flight = 2 * cores
        # Sent to the workers once, not with every partition.
        self.known = self.client.scatter([frozenset(known)], broadcast=True)[0]

    def batch_full(self, files: int, size: int) -> bool:
        return size >= PARTITION_BYTES or files >= PARTITION_FILES

    def submit(self, files: _Files, stdin: bytes | None) -> Any:
        return self.client.submit(_prepare_many, files, stdin, self.known, pure=False)

    def result(self, files: _Files, handle: Any) -> _Batch:
        try:
            prepared: _Batch = handle.result()
            return prepared
        except Exception as exc:  # a worker lost (KilledWorker), the cluster gone
            error = f"not read on the Dask cluster ({_unexpected(exc)})"
        return [IngestResult(label, "failed", error=f"{label}: {error}") for label, _ in files]

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
