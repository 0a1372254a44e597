"""Numeric-claim extraction: pure functions over a string, no database.

``extract_claims(text)`` returns the numeric claims in a text (figures with their hedge,
interval, unit, counted noun phrase, offsets and sentence); ``EXTRACTOR_VERSION`` changes
whenever the output for some input would change, so stored claims can be re-extracted.

The names are loaded on first use: importing one module of the package (the hedge table in
:mod:`powdb.extract.hedges`, the claim in :mod:`powdb.extract.model`) then costs only that
module, not the whole extractor (``tests/test_startup.py``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from powdb.extract.extractor import EXTRACTOR_VERSION, extract_claims
    from powdb.extract.model import ExtractedClaim
    from powdb.extract.windows import extract_claims_in_windows

_EXPORTS = {
    "EXTRACTOR_VERSION": "powdb.extract.extractor",
    "ExtractedClaim": "powdb.extract.model",
    "extract_claims": "powdb.extract.extractor",
    "extract_claims_in_windows": "powdb.extract.windows",
}

__all__ = ["EXTRACTOR_VERSION", "ExtractedClaim", "extract_claims", "extract_claims_in_windows"]


if not TYPE_CHECKING:  # mypy reads the imports above, and no other name is made up

    def __getattr__(name: str) -> Any:
        if name in _EXPORTS:
            value = getattr(importlib.import_module(_EXPORTS[name]), name)
            globals()[name] = value  # once: later lookups find it without coming here
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
