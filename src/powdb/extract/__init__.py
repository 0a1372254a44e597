"""Numeric-claim extraction: pure functions over a string, no database.

``extract_claims(text)`` returns the numeric claims in a text (figures with their hedge,
interval, unit, counted noun phrase, offsets and sentence); ``EXTRACTOR_VERSION`` changes
whenever the output for some input would change, so stored claims can be re-extracted.
"""

from __future__ import annotations

from powdb.extract.extractor import EXTRACTOR_VERSION, extract_claims
from powdb.extract.model import ExtractedClaim
from powdb.extract.windows import extract_claims_in_windows

__all__ = ["EXTRACTOR_VERSION", "ExtractedClaim", "extract_claims", "extract_claims_in_windows"]
