"""Browsing a powdb database in Datasette (``powdb open``).

Datasette works on the SQLite file as it is: it finds the full-text index of ``claims`` by its
declaration (migration 0007), and the views ``claims_full`` and ``conflicts`` are in the
database itself. What Datasette cannot guess is said in its metadata (:func:`metadata`): the
column that names a subject (``label``), search on the two views (through the claims' index),
and descriptions. ``powdb open`` runs Datasette with that metadata; ``powdb open --metadata``
prints it for those who run Datasette themselves.

Datasette is an optional extra (``pip install 'powdb[datasette]'``); nothing here imports it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from powdb.db import database_file, where
from powdb.errors import PowdbError

#: How to install what ``powdb open`` runs.
INSTALL_HINT = "pip install 'powdb[datasette]'"

_CLAIM_SEARCH = {"fts_table": "claims_fts", "fts_pk": "claim_id"}


def metadata(database_name: str) -> dict[str, Any]:
    """Datasette metadata for a powdb database that Datasette calls ``database_name`` (the
    file's name without ``.db``)."""
    return {
        "title": "powdb",
        "description": "Numeric claims, their sources, and where sources conflict.",
        "databases": {
            database_name: {
                "tables": {
                    "subjects": {"label_column": "label"},
                    "sources": {"label_column": "title"},
                    "claims": {
                        "label_column": "surface",
                        "description": "Every numeric claim; search finds words of its "
                        "quote or counted phrase (three characters or more).",
                    },
                    "claims_full": {
                        **_CLAIM_SEARCH,
                        "label_column": "figure",
                        "description": "Every claim with its source and subject.",
                    },
                    "conflicts": {
                        **_CLAIM_SEARCH,
                        "label_column": "figure",
                        "facets": ["subject"],
                        "description": "One row per clashing claim: a claim whose interval "
                        "(fig_low to fig_high; no fig_high: no upper limit) cannot be true "
                        "together with another claim's on the same subject. 'explained' "
                        "means a verdict was given.",
                    },
                    "settings": {"hidden": True},
                    "alembic_version": {"hidden": True},
                }
            }
        },
    }


def database_name(path: Path) -> str:
    """The name Datasette gives a database file: its name without the suffix."""
    return path.stem


def sqlite_file(engine: Engine) -> Path:
    """The SQLite file to open in Datasette; PowdbError for a server database."""
    path = database_file(engine)
    if path is None:
        raise PowdbError(
            f"Datasette opens SQLite files, and {where(engine.url)} is a server database"
        )
    return path


def datasette_installed() -> bool:
    return importlib.util.find_spec("datasette") is not None


def command(path: Path, metadata_file: Path, extra: Sequence[str] = ()) -> list[str]:
    """The command that runs Datasette on ``path`` with powdb's metadata."""
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(path),
        "--metadata",
        str(metadata_file),
        *extra,
    ]


def open_in_datasette(engine: Engine, extra: Sequence[str] = ()) -> int:
    """Run Datasette on the engine's SQLite file until it stops; its exit code.

    ``extra`` goes to ``datasette serve`` as given (``--port 8002``, ``--open``,
    ``--get /powdb/conflicts.json``).
    """
    path = sqlite_file(engine)
    if not datasette_installed():
        raise PowdbError(f"Datasette is not installed: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="powdb-datasette-") as folder:
        metadata_file = Path(folder) / "metadata.json"
        metadata_file.write_text(json.dumps(metadata(database_name(path)), indent=2), "utf-8")
        try:
            return subprocess.call(command(path, metadata_file, extra))
        except KeyboardInterrupt:  # Datasette got the Ctrl-C too, and stops
            return 130
