"""powdb: a claim-and-source database for historians.

Everything the command line does is a plain function here, for notebooks and scripts::

    from powdb import open_database, ingest_paths, list_claims, list_conflicts, ClaimFilter

    engine = open_database("data/powdb.db")
    ingest_paths(engine, ["seeds/"])
    list_conflicts(engine)

The names are loaded on first use, so ``powdb --version`` need not import the extractor.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "open_database": "powdb.db",
    "extract_claims": "powdb.extract",
    "ingest_paths": "powdb.ingest",
    "ClaimFilter": "powdb.query",
    "list_claims": "powdb.query",
    "count_claims": "powdb.query",
    "list_sources": "powdb.query",
    "list_conflicts": "powdb.conflicts",
    "count_conflicts": "powdb.conflicts",
    "list_subjects": "powdb.conflicts",
    "reject_claims": "powdb.claim_curation",
    "restore_claims": "powdb.claim_curation",
    "edit_claim": "powdb.claim_curation",
    "Correction": "powdb.claim_curation",
    "record_verdict": "powdb.curation",
    "remove_sources": "powdb.removal",
    "plan_removal": "powdb.removal",
    "list_history": "powdb.history",
    "undo_last": "powdb.undo",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'powdb' has no attribute {name!r}")
