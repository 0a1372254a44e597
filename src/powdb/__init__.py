"""powdb: a claim-and-source database for historians."""

from __future__ import annotations

__version__ = "0.1.0"
