"""powdb: a claim-and-source database for historians.

Everything the command line does is a plain function here, for notebooks and scripts::

    from powdb import open_database, ingest_paths, list_claims, list_conflicts, ClaimFilter

    engine = open_database("data/powdb.db")
    ingest_paths(engine, ["seeds/"])
    list_conflicts(engine)
"""

from __future__ import annotations

__version__ = "0.1.0"

from powdb.conflicts import list_conflicts, list_subjects  # noqa: E402
from powdb.db import open_database  # noqa: E402
from powdb.extract import extract_claims  # noqa: E402
from powdb.ingest import ingest_paths  # noqa: E402
from powdb.query import ClaimFilter, list_claims, list_sources  # noqa: E402

__all__ = [
    "ClaimFilter",
    "__version__",
    "extract_claims",
    "ingest_paths",
    "list_claims",
    "list_conflicts",
    "list_sources",
    "list_subjects",
    "open_database",
]
