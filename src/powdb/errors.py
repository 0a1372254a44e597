"""Exceptions whose messages are meant for the user.

Every error the library raises on purpose is a :class:`PowdbError`. The CLI prints its message as a
single ``Error: ...`` line and exits with code 1, so messages must be one line, precise and free of
tracebacks or internal jargon.
"""

from __future__ import annotations


class PowdbError(Exception):
    """Base class for errors a user can act on."""


class InputError(PowdbError):
    """A document could not be read or is not something powdb can ingest."""


class UnsupportedFileError(InputError):
    """The file type is not one powdb reads (images, archives, binaries...)."""


class DatabaseError(PowdbError):
    """The database cannot be opened, is damaged, or is newer than this version of powdb."""


class NotFoundError(PowdbError):
    """A source, claim or subject id that does not exist."""
