"""The benchmark corpus generator: deterministic, sized, with as many figures as asked for."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

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
    for claims_per_kb in (0.0, 2.0, 11.0):
        for _, text in make_corpus.generate(5, seed=1, claims_per_kb=claims_per_kb):
            assert 3500 <= len(text.encode("utf-8")) <= 7000
    dense = [extract_claims(text) for _, text in make_corpus.generate(5, 1, claims_per_kb=11)]
    assert all(len(claims) >= 20 for claims in dense)  # the old, figure-packed corpus
    found = [c for claims in dense for c in claims]
    assert any(c.hedge for c in found)
    assert any(c.low is not None and c.high is not None for c in found)  # ranges


@pytest.mark.parametrize("claims_per_kb", [2.0, 5.0, 11.0])
def test_extract_claims_finds_the_requested_claims_per_kilobyte(claims_per_kb: float) -> None:
    texts = [text for _, text in make_corpus.generate(40, seed=1, claims_per_kb=claims_per_kb)]
    kilobytes = sum(len(text.encode("utf-8")) for text in texts) / 1000
    found = sum(len(extract_claims(text)) for text in texts)
    assert found / kilobytes == pytest.approx(claims_per_kb, rel=0.15)


def test_narrative_has_years_and_dates_but_no_claims() -> None:
    texts = [text for _, text in make_corpus.generate(10, seed=1, claims_per_kb=0)]
    assert all(extract_claims(text) == [] for text in texts)
    assert all(" 194" in text for text in texts)  # "in 1945" is not a claim


def test_default_density_is_realistic_and_out_of_range_is_refused() -> None:
    assert make_corpus.CLAIMS_PER_KB == 2.0
    assert list(make_corpus.generate(3, 2)) == list(make_corpus.generate(3, 2, 2.0))
    assert list(make_corpus.generate(3, 2)) != list(make_corpus.generate(3, 2, 11.0))
    with pytest.raises(ValueError, match="claims_per_kb"):
        list(make_corpus.generate(1, 1, claims_per_kb=13))


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

    dense = tmp_path / "dense"
    assert make_corpus.main([str(dense), "-n", "2", "--seed", "2", "--claims-per-kb", "11"]) == 0
    written = (dense / "0000" / "doc-000001.txt").read_text(encoding="utf-8")
    assert written == list(make_corpus.generate(2, seed=2, claims_per_kb=11))[1][1]


def test_cli_refuses_a_density_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        make_corpus.main([str(tmp_path), "-n", "1", "--claims-per-kb", "20"])
    assert exit_info.value.code == 2
    assert "--claims-per-kb must be between 0 and 12" in capsys.readouterr().err


def test_rare_search_term_is_in_one_document_in_500() -> None:
    names = [name for name, text in make_corpus.generate(1000, seed=5) if "Tamsweg" in text]
    assert names == ["0000/doc-000250.txt", "0000/doc-000750.txt"]
