"""Finding the files to ingest: folders walked, bad paths reported, the database left alone.

A path that does not exist or a folder that cannot be listed is reported and the walk goes on,
so one bad path never stops a run. Walking a folder skips hidden entries (``.git``) and the
files of the database being written to, so ``powdb ingest .`` in the project folder does not
try to read ``data/powdb.db``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

STDIN = "-"
#: Files SQLite keeps beside a database, by suffix.
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


@dataclass
class FileList:
    """What :func:`find_files` found, in order.

    ``files`` are ``(label, path)`` pairs: the label names the file in messages, as the user
    spelled it; ``path`` is None for standard input. ``errors`` are one-line messages for the
    paths that are missing or could not be listed. ``hidden`` and ``database`` count what
    walking the folders left out.
    """

    files: list[tuple[str, Path | None]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (label, message)
    hidden: int = 0
    database: int = 0


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored and printed.

    A file name's bytes that are not UTF-8 reach Python as lone surrogates, which neither a
    database nor a UTF-8 terminal accepts; they are written as ``\\xNN`` here. The file itself
    is still opened by its real name.
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def location_of(path: Path) -> str:
    """The absolute, resolved path of a file, as stored to recognise it under any spelling."""
    return display_path(path.resolve())


def find_files(paths: Iterable[str], database: Path | None = None) -> FileList:
    """The files under ``paths``: folders recursively and sorted, followed through symlinks
    once (a loop is not walked twice); ``-`` is standard input.

    ``database`` is the SQLite file being written to: its files (with ``-wal``, ``-shm``,
    ``-journal``) are skipped when met in a folder. Entries other than files and folders
    (dangling links, FIFOs, sockets) are listed as they are; reading them fails with a
    one-line message, and never blocks.
    """
    found = FileList()
    for raw in paths:
        if raw == STDIN:
            found.files.append((STDIN, None))
            continue
        path = Path(raw)
        label = display_path(raw)
        if not path.exists():
            found.errors.append((label, f"{label}: no such file or directory"))
            continue
        if not path.is_dir():
            found.files.append((label, path))
            continue
        _walk(path, label, found, database)
    return found


def _walk(folder: Path, label: str, found: FileList, database: Path | None) -> None:
    database_folder, database_names = _database_files(database)
    seen: set[tuple[int, int]] = set()

    def unlistable(exc: OSError) -> None:
        name = display_path(exc.filename) if exc.filename is not None else label
        found.errors.append((name, f"{name}: cannot list folder ({exc.strerror or exc})"))

    for current, folders, names in os.walk(folder, onerror=unlistable, followlinks=True):
        try:
            stat = os.stat(current)
        except OSError as exc:
            unlistable(exc)
            folders[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in seen:
            folders[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        visible = sorted(name for name in folders if not name.startswith("."))
        found.hidden += len(folders) - len(visible)
        folders[:] = visible
        in_database_folder = (stat.st_dev, stat.st_ino) == database_folder
        for name in sorted(names):
            if name.startswith("."):
                found.hidden += 1
            elif in_database_folder and name in database_names:
                found.database += 1
            else:
                full = Path(current) / name
                found.files.append((display_path(full), full))


def _database_files(database: Path | None) -> tuple[tuple[int, int] | None, frozenset[str]]:
    if database is None:
        return None, frozenset()
    try:
        stat = os.stat(database.parent)
    except OSError:
        return None, frozenset()  # no folder yet: nothing of it to meet
    return (stat.st_dev, stat.st_ino), frozenset(database.name + s for s in DATABASE_SUFFIXES)
