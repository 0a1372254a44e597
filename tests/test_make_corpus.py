"""The benchmark corpus generator: deterministic, sized, and full of figures powdb extracts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from powdb.extract import extract_claims

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", BENCH / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    return module


make_corpus = _load()


def test_same_seed_same_documents_and_prefix_stable() -> None:
    first = list(make_corpus.generate(6, seed=3))
    assert first == list(make_corpus.generate(6, seed=3))
    # Document i does not depend on the corpus size: a small corpus is a prefix of a big one.
    assert list(make_corpus.generate(3, seed=3)) == first[:3]
    assert [text for _, text in make_corpus.generate(6, seed=4)] != [text for _, text in first]
    assert len({text for _, text in first}) == 6


def test_documents_are_about_five_kilobytes_of_prose_with_figures() -> None:
    for _, text in make_corpus.generate(5, seed=1):
        assert 3500 <= len(text.encode("utf-8")) <= 7000
        claims = extract_claims(text)
        assert len(claims) >= 20
        assert any(c.hedge for c in claims)
        assert any(c.low is not None and c.high is not None for c in claims)  # ranges


def test_subjects_recur_so_sources_agree_and_disagree() -> None:
    texts = [text for _, text in make_corpus.generate(40, seed=1)]
    lienz = [t for t in texts if "handed over" in t and "Cossacks" in t]
    assert len(lienz) >= 10


def test_cli_writes_subfolders(tmp_path: Path) -> None:
    assert make_corpus.main([str(tmp_path / "out"), "-n", "3", "--seed", "2"]) == 0
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in tmp_path.rglob("*.txt"))
    assert files == ["0000/doc-000000.txt", "0000/doc-000001.txt", "0000/doc-000002.txt"]
    written = (tmp_path / "out" / "0000" / "doc-000001.txt").read_text(encoding="utf-8")
    assert written == list(make_corpus.generate(3, seed=2))[1][1]
    assert make_corpus.name_of(1234) == "0001/doc-001234.txt"


def test_rare_search_term_is_in_one_document_in_500() -> None:
    names = [name for name, text in make_corpus.generate(1000, seed=5) if "Tamsweg" in text]
    assert names == ["0000/doc-000250.txt", "0000/doc-000750.txt"]
