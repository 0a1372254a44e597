"""Putting a report's files in place without destroying anything.

A report overwrites only what powdb wrote: never a database, never something that is not a
regular file (a device such as ``/dev/full``, a pipe), never a folder it did not create. The
``<name>_files/`` folder of a split report carries a marker file, :data:`MARKER`, and is
replaced only if it still holds nothing but the marker and report pages.

Everything is written under a hidden temporary name beside the target and renamed into place,
so an interrupted run leaves the previous report whole. A run killed outright (``kill -9``)
leaves its temporary files behind; each holds a lock (``flock``) while its run lives, so the
next run tells leftovers from the files of a run still writing, and removes the leftovers.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from powdb.errors import PowdbError

try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by their age alone
    fcntl = None  # type: ignore[assignment]

MARKER = ".powdb-report"
MARKER_TEXT = (
    "This folder holds the pages of a report written by powdb (powdb report -o). powdb replaces\n"
    "it when that report is written again, unless it holds files of other names.\n"
)
PAGE_NAME = re.compile(r"(?:source|subjects|conflicts)-\d+\.html")
# SQLite database files begin with this; write-ahead logs with one of the two WAL magics.
_SQLITE_MAGIC = (b"SQLite format 3\x00", b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
# A leftover that nobody holds a lock on is removed at once; without locks (no fcntl), or a
# temporary folder killed before it had its marker, only once it is this old.
UNLOCKED_AGE = 3600.0


def check_target(target: Path, database: Path | None = None) -> Path:
    """The file to write the report to: ``target``, or what it links to.

    Raises :class:`PowdbError` if writing there would destroy something: the database in use
    (or its journal), any SQLite database, a folder, a device, pipe or socket.
    """
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    if not real.parent.is_dir():
        raise PowdbError(f"no folder {real.parent} to write the report in")
    if database is not None:
        database = Path(os.path.realpath(database))
        own = {database.name + suffix for suffix in ("", "-wal", "-shm", "-journal")}
        if Path(os.path.realpath(real.parent)) == database.parent and real.name in own:
            raise PowdbError(f"{target} is the database in use; give the report another name")
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise PowdbError(f"cannot write the report to {target}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise PowdbError(f"{target} is a folder; give a file name such as report.html")
    if not stat.S_ISREG(mode):
        raise PowdbError(
            f"{target} is not a regular file (a device, pipe or socket); "
            "give a file name such as report.html"
        )
    if _is_sqlite(real):
        raise PowdbError(f"{target} is a database; powdb does not write a report over it")
    return real


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError:
        return False
    return head.startswith(_SQLITE_MAGIC)


def check_files_folder(folder: Path) -> bool:
    """Whether ``folder`` exists; raises :class:`PowdbError` if it does and powdb may not
    replace it (it did not write it, or the user has put files of their own in it)."""
    if not folder.is_symlink() and not folder.exists():
        return False
    if folder.is_symlink() or not folder.is_dir():
        raise PowdbError(
            f"{folder} exists and is not a folder powdb wrote; "
            "move it away or give the report another name"
        )
    names = [entry.name for entry in os.scandir(folder)]
    if MARKER not in names:
        raise PowdbError(
            f"{folder} exists and powdb did not write it; "
            "move it away or give the report another name"
        )
    others = sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.name != MARKER
        and not (PAGE_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False))
    )
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        raise PowdbError(
            f"{folder} holds files powdb did not write ({shown}); "
            "move them away or give the report another name"
        )
    return True


def write_atomic(target: Path, data: bytes, database: Path | None = None) -> int:
    """Write ``data`` to ``target`` through a temporary file renamed over it; returns its size.

    A file replaced keeps its permissions; a new one gets those the umask gives.
    """
    remove_leftovers(target.parent, f".{target.name}.", ".tmp")
    try:
        keep_mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        keep_mode = None
    path, fd = _create_unique(target.parent, f".{target.name}.", ".tmp")
    try:
        _lock(fd)
        with os.fdopen(os.dup(fd), "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if keep_mode is not None:
            os.chmod(path, keep_mode)
        check_target(target, database)  # again: the run took a while, and things change
        os.replace(path, target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return len(data)


def _create_unique(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    # Not tempfile.mkstemp: it creates files readable by their owner only, and a report is
    # shared; os.open applies the umask as for any new file.
    while True:
        path = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            return path, os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue


@contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """A new hidden folder beside ``folder`` to write its pages into, marked and locked while
    the run lasts; removed if the run fails. Leftovers of killed runs are removed first."""
    remove_leftovers(folder.parent, f".{folder.name}-")
    staging: Path | None = None
    fd = None
    try:
        with ctrl_c_held():  # a folder made but not yet marked would be left behind
            while staging is None:
                candidate = folder.parent / f".{folder.name}-{secrets.token_hex(4)}"
                with suppress(FileExistsError):
                    candidate.mkdir(0o777)
                    staging = candidate
            fd = os.open(staging / MARKER, os.O_CREAT | os.O_WRONLY, 0o666)
            _lock(fd)
            os.write(fd, MARKER_TEXT.encode("utf-8"))
        yield staging
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if fd is not None:
            os.close(fd)


@contextmanager
def ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back for the block; it takes effect as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def install_folder(staging: Path, folder: Path) -> None:
    """Put ``staging`` in the place of ``folder``, removing the old one if powdb may."""
    old = None
    if check_files_folder(folder):
        old = folder.parent / f".{folder.name}-old-{secrets.token_hex(4)}"
        folder.rename(old)
    staging.rename(folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_folder(folder: Path) -> None:
    """Remove the pages folder of an earlier split report, if powdb wrote it and may."""
    with suppress(PowdbError):
        if check_files_folder(folder):
            shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(folder: Path, prefix: str, suffix: str = "") -> None:
    """Remove the temporary files and folders of killed runs in ``folder`` (named ``prefix``,
    a random part as powdb makes it, ``suffix``) that no live run holds a lock on."""
    name = re.compile(re.escape(prefix) + r"(?:old-)?[0-9a-f]{8}" + re.escape(suffix))
    try:
        entries = [e for e in os.scandir(folder) if name.fullmatch(e.name)]
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            lock_path = Path(entry.path) / MARKER
            if not lock_path.exists() and not _older_than(Path(entry.path), UNLOCKED_AGE):
                continue  # a run that has just created its folder and not yet its marker
            if _abandoned(lock_path):
                shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.is_file(follow_symlinks=False) and _abandoned(Path(entry.path)):
            with suppress(OSError):
                os.unlink(entry.path)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _abandoned(lock_path: Path) -> bool:
    """Whether no live run holds the lock on ``lock_path`` (a missing file holds no lock)."""
    if fcntl is None:
        return _older_than(lock_path, UNLOCKED_AGE)
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases the lock taken to find out
    return True


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except OSError:
        return True
