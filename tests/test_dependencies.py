"""powdb's declared dependencies bring in everything it needs, on any pip.

The pip that ships with Python 3.11 (23.2) does not resolve an extra spelled differently from
how the package names it: justext's ``lxml[html_clean]`` installed lxml without
``lxml_html_clean``, and HTML ingest then died on an ImportError. Here powdb reads one document
of each kind in a process where only what its declared dependencies install without any extra
can be imported, as in such a virtual environment; optional imports simply find nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import docgen

REPO = Path(__file__).resolve().parents[1]

# Hides the modules of every other installed distribution, then ingests the files given.
_INGEST_WITH_ONLY_DECLARED = """
import json, sys
hidden = frozenset(json.loads(sys.argv[1]))

class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in hidden:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Hide())
from powdb.db import open_database
from powdb.ingest import ingest_paths
summary = ingest_paths(open_database(sys.argv[2]), sys.argv[3:])
print(json.dumps([[r.status, r.error] for r in summary.results]))
"""


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(spec) for spec in project["dependencies"]]


def _without_extras(requirements: list[Requirement]) -> set[str]:
    """Distributions these requirements install when no extra of any package is resolved."""
    found: set[str] = set()
    todo = list(requirements)
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        todo.extend(Requirement(spec) for spec in metadata.requires(name) or ())
    return found


@pytest.mark.slow  # a Python of its own, where undeclared packages cannot be imported
def test_reading_every_kind_of_document_needs_only_declared_dependencies(
    tmp_path: Path,
) -> None:
    allowed = _without_extras(_declared()) | {"powdb", "pip", "setuptools"}
    hidden = sorted(
        module
        for module, owners in metadata.packages_distributions().items()
        if module not in sys.stdlib_module_names
        and not {canonicalize_name(owner) for owner in owners} & allowed
    )
    assert "lxml_html_clean" in hidden or "lxml-html-clean" in allowed
    assert "fpdf" in hidden  # test-only packages are out of reach
    files = [
        docgen.write(tmp_path / "page.html", docgen.news_page_html()),
        docgen.write(tmp_path / "notes.md", "# Notes\n\nAbout 4,000 men came home.\n"),
        # AES, as publishers encrypt, with an empty password: pypdf needs `cryptography`.
        docgen.write(tmp_path / "returns.pdf", docgen.encrypted_pdf("", aes=True)),
    ]
    run = subprocess.run(
        [sys.executable, "-c", _INGEST_WITH_ONLY_DECLARED, json.dumps(hidden)]
        + [str(tmp_path / "t.db"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [["added", None]] * len(files)
