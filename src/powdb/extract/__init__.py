"""Numeric-claim extraction: pure functions over a string, no database."""

from __future__ import annotations

from powdb.extract.model import ExtractedClaim

__all__ = ["ExtractedClaim"]
