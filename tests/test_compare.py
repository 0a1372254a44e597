"""Subjects, figure intervals, conflicts and corroborations (pure logic, no database)."""

from __future__ import annotations

import importlib.util
import math
import random
import re
import sys
from pathlib import Path

import pytest

from powdb.compare import (
    ClaimFacts,
    Conflict,
    Corroboration,
    Subject,
    assign_subject,
    corroborations,
    figure_interval,
    find_conflicts,
    previous_sentence,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_001 = (SEEDS / "001_905861b46afc44d2.txt").read_text(encoding="utf-8")
SEED_002 = (SEEDS / "002_7470e496a02fe877.txt").read_text(encoding="utf-8")


def seed_claim(
    text: str,
    source: str,
    quote: str,
    surface: str,
    counted: str | None,
    *,
    value: float,
    hedge: str | None = None,
    claim_id: str | None = None,
) -> tuple[ClaimFacts, Subject]:
    """A claim built straight from a seed sentence, as the extractor would report it."""
    quote_start = text.index(quote)
    assert surface in quote
    subject = assign_subject(
        counted, quote, previous_sentence(text, quote_start), None, surface=surface
    )
    low, high = figure_interval(value, None, None, hedge, surface)
    facts = ClaimFacts(
        id=claim_id or f"{source}:{surface}",
        source_id=source,
        subject_key=subject.key,
        fig_low=low,
        fig_high=high,
        value=value,
    )
    return facts, subject


Q_291 = (
    "US diplomats were able to convince him that the interned crews, which comprised 291 men, "
    "were absolutely essential to the war effort."
)
Q_LEFT = (
    "In response, the Soviets did not complete the repatriation of the Allied prisoners of war "
    "in their possession, leaving roughly 23,500 American and 30,000 British and Commonwealth "
    "soldiers in Soviet hands."
)
Q_FIVE = (
    "At the end of the war, Stalin insisted that the five million Soviet citizens in Allied "
    "controlled areas be returned to the Soviet Union."
)
Q_THREE = "Three million had been forced laborers (OST-Arbeiters) under Nazi control."
Q_TWO = (
    "Stalin demanded the return of an additional two-million former Soviet citizens to exact "
    "revenge on them."
)


# Counted phrases as the extractor gives them: often shorter than the gold ones.
@pytest.fixture(params=["short", "gold"])
def seed_claims(request: pytest.FixtureRequest) -> dict[str, tuple[ClaimFacts, Subject]]:
    gold = request.param == "gold"
    return {
        "291": seed_claim(
            SEED_001, "001", Q_291, "291 men",
            "men in the interned US aircrews" if gold else "men", value=291,
        ),
        "23500": seed_claim(
            SEED_002, "002", Q_LEFT, "roughly 23,500 American",
            "American soldiers left in Soviet hands" if gold else "American soldiers",
            value=23500, hedge="roughly",
        ),
        "30000": seed_claim(
            SEED_002, "002", Q_LEFT, "30,000 British",
            "British and Commonwealth soldiers left in Soviet hands" if gold
            else "British and Commonwealth soldiers",
            value=30000, hedge="roughly",
        ),
        "5M": seed_claim(
            SEED_002, "002", Q_FIVE, "five million Soviet",
            "Soviet citizens in Allied-controlled areas" if gold else "Soviet citizens",
            value=5_000_000,
        ),
        "3M": seed_claim(
            SEED_002, "002", Q_THREE, "Three million",
            "Soviet citizens who had been forced laborers (Ost-Arbeiters)" if gold else None,
            value=3_000_000,
        ),
        "2M": seed_claim(
            SEED_002, "002", Q_TWO, "two-million former Soviet",
            "additional former Soviet citizens whose return Stalin demanded" if gold
            else "former Soviet citizens",
            value=2_000_000,
        ),
    }  # fmt: skip


# --- the required outcomes on the seeds ------------------------------------------------------


def test_interned_crews_and_americans_left_in_soviet_hands_share_a_subject(
    seed_claims: dict[str, tuple[ClaimFacts, Subject]],
) -> None:
    (_, interned), (_, left) = seed_claims["291"], seed_claims["23500"]
    assert interned.key == left.key
    assert interned.group == "American"
    assert interned.kind == "service personnel"
    assert "held by the Soviet Union" in interned.qualifiers
    assert interned.label == "American service personnel held by the Soviet Union"


def test_291_interned_men_conflict_with_roughly_23500_americans(
    seed_claims: dict[str, tuple[ClaimFacts, Subject]],
) -> None:
    facts = [seed_claims[name][0] for name in ("291", "23500", "30000")]
    conflicts = find_conflicts(facts)
    assert len(conflicts) == 1
    conflict = conflicts[0]
    assert conflict.subject_key == seed_claims["291"][1].key
    assert [c.id for c in conflict.claims] == [seed_claims["291"][0].id, seed_claims["23500"][0].id]
    assert conflict.spread == pytest.approx(23500 / 291)
    assert set(conflict.source_ids) == {"001", "002"}


def test_american_and_british_commonwealth_soldiers_are_different_subjects(
    seed_claims: dict[str, tuple[ClaimFacts, Subject]],
) -> None:
    american, british = seed_claims["23500"][1], seed_claims["30000"][1]
    assert american.key != british.key
    assert british.group == "British and Commonwealth"
    assert british.qualifiers == american.qualifiers  # only the nationality differs


def test_five_three_and_additional_two_million_are_three_subjects(
    seed_claims: dict[str, tuple[ClaimFacts, Subject]],
) -> None:
    five, three, two = (seed_claims[name][1] for name in ("5M", "3M", "2M"))
    assert len({five.key, three.key, two.key}) == 3
    assert {five.group, three.group, two.group} == {"Soviet"}
    assert two.scope == "additional"
    assert "former" in two.qualifiers
    assert find_conflicts([seed_claims[name][0] for name in ("5M", "3M", "2M")]) == []


def test_forced_labourers_take_their_group_from_the_previous_sentence() -> None:
    quote_start = SEED_002.index(Q_THREE)
    subject = assign_subject(
        None, Q_THREE, previous_sentence(SEED_002, quote_start), None, surface="Three million"
    )
    assert previous_sentence(SEED_002, quote_start) == Q_FIVE
    assert subject.group == "Soviet"
    assert subject.kind == "forced labourers"
    assert subject.label == "Soviet forced labourers held by Germany"


def test_more_than_and_almost_fifty_thousand_touch_but_do_not_conflict() -> None:
    more = figure_interval(50000, None, None, "more than", "more than 50,000")
    almost = figure_interval(50000, None, None, "almost", "almost 50,000")
    assert more == (50000.0, math.inf)
    assert almost == (45000.0, 50000.0)
    claims = [
        ClaimFacts("a", "s1", "k", *more, value=50000),
        ClaimFacts("b", "s2", "k", *almost, value=50000),
    ]
    assert find_conflicts(claims) == []
    [agreement] = corroborations(claims)
    assert (agreement.fig_low, agreement.fig_high) == (50000.0, 50000.0)


# --- intervals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high", "hedge", "surface", "expected"),
    [
        (23500, None, None, None, "23,500", (23450, 23550)),  # precise to the hundred
        (30000, None, None, None, "30,000", (29500, 30500)),  # to the thousand
        (5_000_000, None, None, None, "five million", (4_500_000, 5_500_000)),
        (5_500_000, None, None, None, "5.5 million", (5_450_000, 5_550_000)),
        (2_500_000, None, None, None, "2.50 million", (2_495_000, 2_505_000)),
        (291, None, None, None, "291", (291, 291)),  # an exact count
        (4, None, None, None, "four", (4, 4)),
        (23500, None, None, "roughly", "roughly 23,500", (21150, 25850)),  # +/-10%
        (50000, None, None, "more than", "more than 50,000", (50000, math.inf)),
        (50000, None, None, "almost", "almost 50,000", (45000, 50000)),
        (20000, None, None, "up to", "up to 20,000", (0, 20000)),
        (1000, None, None, "just over", "just over 1,000", (1000, 1100)),
        (12.5, None, None, None, "12.5", (12.45, 12.55)),
        (None, 45000, 50000, None, "45,000-50,000", (44500, 50500)),
        (None, 20000, 25000, "about", "about 20,000 to 25,000", (18000, 27500)),
        (300, None, None, "some unknown hedge", "300", (270, 330)),  # unknown -> approximate
    ],
)
def test_figure_interval(
    value: float | None,
    low: float | None,
    high: float | None,
    hedge: str | None,
    surface: str,
    expected: tuple[float, float],
) -> None:
    assert figure_interval(value, low, high, hedge, surface) == pytest.approx(expected)


def test_figure_interval_needs_a_figure() -> None:
    with pytest.raises(ValueError):
        figure_interval(None, None, None, None, "")


def test_exact_small_counts_conflict_but_rounded_neighbours_agree() -> None:
    assert figure_interval(4, None, None, None, "four") != figure_interval(5, None, None, None, "5")
    low_a, high_a = figure_interval(23500, None, None, None, "23,500")
    low_b, high_b = figure_interval(23600, None, None, None, "23,600")
    assert max(low_a, low_b) <= min(high_a, high_b)  # touch at 23,550


# --- subjects --------------------------------------------------------------------------------


def test_subject_key_is_stable_and_label_reads() -> None:
    subject = Subject("Cossack", "people", ("handed over", "in Lienz", "in May 1945"))
    assert subject.key == "cossack|people|handed over;in lienz;in may 1945|-|-"
    assert subject.label == "Cossacks handed over in Lienz in May 1945"
    assert Subject(None, "escapes", scope="other").label == "Other escapes"


def test_other_crews_of_two_sources_meet_but_not_the_crews_before() -> None:
    first = assign_subject("crews", "The Soviets interned 12 crews.", None, None, surface="12")
    other_a = assign_subject(
        "other crews", "Later they interned 5 other crews.", None, None, surface="5"
    )
    other_b = assign_subject(
        "crews", "The Soviets interned another 7 crews.", None, None, surface="7"
    )
    assert other_a.scope == other_b.scope or {other_a.scope, other_b.scope} <= {
        "other",
        "additional",
    }
    assert first.key != other_a.key
    other_c = assign_subject(
        "other crews", "Two more other crews arrived.", None, None, surface="Two"
    )
    assert other_c.kind == other_a.kind == "crews"


def test_place_time_and_event_qualifiers() -> None:
    quote = "In late May 1945 the British handed over some 22,500 Cossacks at Lienz."
    subject = assign_subject("Cossacks", quote, None, None, surface="some 22,500 Cossacks")
    assert subject.group == "Cossack"
    assert subject.kind == "people"
    assert subject.qualifiers == ("handed over", "in Lienz", "in May 1945")
    june = assign_subject(
        "Cossacks",
        "In June 1945, about 3,000 Cossacks were handed over at Lienz.",
        None,
        None,
        surface="about 3,000 Cossacks",
    )
    assert june.key != subject.key
    assert "in June 1945" in june.qualifiers


def test_places_in_a_sentence_with_two_figures_go_to_the_nearest_figure() -> None:
    quote = "The British handed over 22,500 Cossacks at Lienz and 2,000 officers at Spittal."
    first = assign_subject("Cossacks", quote, None, None, surface="22,500 Cossacks")
    second = assign_subject("officers", quote, None, None, surface="2,000 officers")
    assert "in Lienz" in first.qualifiers and "in Spittal" not in first.qualifiers
    assert "in Spittal" in second.qualifiers and "in Lienz" not in second.qualifiers


def test_holder_is_not_taken_for_the_group() -> None:
    subject = assign_subject(
        "prisoners",
        "Some 2,000 prisoners were held in Soviet camps.",
        "The Red Cross visited British officers in 1946.",
        None,
        surface="Some 2,000 prisoners",
    )
    assert subject.group is None  # "Soviet" holds them; the previous sentence is about others
    assert "held by the Soviet Union" in subject.qualifiers


def test_ambiguous_previous_sentence_gives_no_group() -> None:
    subject = assign_subject(
        "men", "Of these, 400 men died.", "American and British units fought there.", None,
        surface="400 men",
    )  # fmt: skip
    assert subject.group == "American and British"  # coordinated: one composite group
    other = assign_subject(
        "men", "Of these, 400 men died.", "Americans fought Germans there.", None,
        surface="400 men",
    )  # fmt: skip
    assert other.group is None


def test_previous_sentence() -> None:
    text = "First one. The U.S. Army came. Then 5 men left."
    assert previous_sentence(text, text.index("Then")) == "The U.S. Army came."
    assert previous_sentence(text, 0) is None
    assert previous_sentence("Heading\nBody text here.", len("Heading\n")) == "Heading"


def _previous_sentence_by_plain_scan(text: str, quote_start: int) -> str | None:
    boundary = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])[\"”’)\]]*\s+|\n+")
    end = len(text[:quote_start].rstrip())
    if end == 0:
        return None
    window, last = 1024, None
    while last is None:
        window_start = max(0, end - window)
        for last in boundary.finditer(text, window_start, end):  # noqa: B007
            pass
        if window_start == 0:
            break
        window *= 4
    sentence = text[last.end() if last else 0 : end].strip()
    return sentence or None


def test_previous_sentence_agrees_with_a_plain_scan() -> None:
    # previous_sentence tries the boundary pattern only where one can begin, from the right;
    # runs of spaces, line breaks and closing quotes are where that could go wrong.
    rng = random.Random(7)
    alphabet = 'AB.!?"”’)] \n\t\u00a0xx'
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        quote_start = rng.randint(0, len(text))
        expected = _previous_sentence_by_plain_scan(text, quote_start)
        assert previous_sentence(text, quote_start) == expected, (text, quote_start)
    long_text = "".join(rng.choice(".\n x") if rng.random() < 0.001 else "x" for _ in range(9000))
    for quote_start in range(0, 9000, 37):
        expected = _previous_sentence_by_plain_scan(long_text, quote_start)
        assert previous_sentence(long_text, quote_start) == expected


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    def element() -> str:
        roll = rng.random()
        if roll < 0.35:
            return rng.choice("abAB")
        if roll < 0.5:
            return rng.choice(
                [r"\d", r"\s", r"\w", ".", r"\b", "[aB]", "[^a]", "[a-c]", " ", "(?=a)"]
            )
        if depth < 2 and roll < 0.8:
            name = f"(?P<g{rng.randint(0, 99)}>"
            opening = rng.choice(["(?:", "(", "(?-i:", "(?i:", "(?=", name])
            return opening + _random_pattern(rng, depth + 1) + ")"
        return rng.choice("ab")

    def sequence() -> str:
        quantifiers = ["?", "*", "+", "{0,2}", "{1,2}", "{,2}", "{2}", "??", "*?", "+?"]
        return "".join(
            element() + (rng.choice(quantifiers) if rng.random() < 0.35 else "")
            for _ in range(rng.randint(0, 3))
        )

    return "|".join(sequence() for _ in range(rng.randint(1, 3)))


def test_skipping_to_leading_letters_keeps_every_match() -> None:
    # The word tables are searched behind a (?=[letters]) lookahead read off the patterns
    # (powdb.compare.scanning); on any pattern, it must not change what finditer finds.
    from powdb.compare.scanning import faster

    rng = random.Random(3)
    sped_up = 0
    for _ in range(1000):
        source = r"\b" + _random_pattern(rng)
        for flags in (0, re.IGNORECASE):
            try:
                plain = re.compile(source, flags)
            except re.error:
                continue
            fast = faster(plain)
            sped_up += fast.pattern != plain.pattern
            for _ in range(4):
                text = "".join(rng.choice("aAbB 1-x\n") for _ in range(rng.randint(0, 12)))
                expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
                assert [(m.span(), m.groups()) for m in fast.finditer(text)] == expected, source
    assert sped_up > 300


# --- conflicts and corroborations ------------------------------------------------------------


def test_conflicts_are_sorted_by_spread_and_list_only_clashing_claims() -> None:
    claims = [
        ClaimFacts(1, "a", "x", 90, 110, value=100),
        ClaimFacts(2, "b", "x", 95, 105, value=100),
        ClaimFacts(3, "c", "x", 190, 210, value=200),
        ClaimFacts(4, "a", "y", 10, 10, value=10),
        ClaimFacts(5, "b", "y", 50, 50, value=50),
        ClaimFacts(6, "c", "z", 1, 1, value=1),
        ClaimFacts(7, "d", None, 1000, 1000, value=1000),
    ]
    conflicts = find_conflicts(claims)
    assert [c.subject_key for c in conflicts] == ["y", "x"]
    assert conflicts[0].spread == 5
    assert [c.id for c in conflicts[1].claims] == [1, 2, 3]
    assert conflicts[1].spread == 2


def test_conflict_matches_the_sql_rule() -> None:
    claims = [ClaimFacts(i, "s", "k", low, high) for i, (low, high) in enumerate(
        [(0, 5), (5, 9), (4, math.inf)]
    )]  # fmt: skip
    assert find_conflicts(claims) == []  # max(low)=5 <= min(high)=5
    claims.append(ClaimFacts(9, "t", "k", 6, 7))
    [conflict] = find_conflicts(claims)
    assert [c.id for c in conflict.claims] == [0, 9]


def test_corroborations_need_two_sources_and_split_by_cluster() -> None:
    claims = [
        ClaimFacts(1, "a", "x", 90, 110, value=100),
        ClaimFacts(2, "b", "x", 95, 105, value=100),
        ClaimFacts(3, "a", "x", 190, 210, value=200),
        ClaimFacts(4, "a", "x", 195, 205, value=200),  # same source: no corroboration
        ClaimFacts(5, "c", "y", 0, 10, value=5),
    ]
    [agreement] = corroborations(claims)
    assert [c.id for c in agreement.claims] == [1, 2]
    assert agreement.source_ids == ("a", "b")
    assert (agreement.fig_low, agreement.fig_high) == (95, 105)


# --- end to end with the extractor, once it exists -------------------------------------------


def _extractor():  # type: ignore[no-untyped-def]
    try:
        from powdb.extract import extract_claims
    except ImportError:
        return None
    return extract_claims


def _facts_for(texts: dict[str, str]) -> list[ClaimFacts]:
    from powdb.compare import claim_facts

    extract_claims = _extractor()
    assert extract_claims is not None
    facts: list[ClaimFacts] = []
    for source, text in texts.items():
        facts += claim_facts(extract_claims(text), text, source)
    return facts


needs_extractor = pytest.mark.skipif(_extractor() is None, reason="extractor not written yet")


@needs_extractor
def test_seeds_end_to_end() -> None:
    facts = _facts_for({path.name[:3]: path.read_text(encoding="utf-8") for path in
                        sorted(SEEDS.glob("*.txt"))})  # fmt: skip
    by_value = {f.value: f for f in facts if f.value in (291, 23500, 30000)}
    assert set(by_value) == {291, 23500, 30000}
    assert by_value[291].subject_key == by_value[23500].subject_key
    assert by_value[30000].subject_key != by_value[23500].subject_key
    millions = {f.subject_key for f in facts if f.value in (5e6, 3e6, 2e6)}
    assert len(millions) == 3
    conflicts = find_conflicts(facts)
    clashing = {(c.subject_key, f.value) for c in conflicts for f in c.claims}
    assert (by_value[291].subject_key, 291) in clashing
    assert (by_value[291].subject_key, 23500) in clashing
    assert not any(f.value in (5e6, 3e6, 2e6) for c in conflicts for f in c.claims)


def _load_corpus_module():  # type: ignore[no-untyped-def]
    path = ROOT / "bench" / "make_conflict_corpus.py"
    spec = importlib.util.spec_from_file_location("make_conflict_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_documents_are_written(tmp_path: Path) -> None:
    corpus = _load_corpus_module()
    written = corpus.write_corpus(tmp_path)
    assert 6 <= len(written) <= 8
    for path in written:  # the committed copy is what make_conflict_corpus.py writes
        committed = ROOT / "bench" / "conflict_corpus" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_corpus_subjects_from_its_sentences() -> None:
    """Subjects and conflicts over the corpus, from hand-made claims (no extractor needed)."""
    corpus = _load_corpus_module()
    facts = corpus.reference_facts()
    assert _outcome(find_conflicts(facts)) == corpus.EXPECTED_CONFLICTS
    assert _outcome(corroborations(facts)) == corpus.EXPECTED_CORROBORATIONS
    conflicts = find_conflicts(facts)
    assert [c.subject_key for c in conflicts] == [  # largest spread first
        corpus.AMERICANS_HELD,
        corpus.COSSACKS_AT_LIENZ,
        corpus.ESCAPES,
    ]
    assert conflicts[0].spread == pytest.approx(1000 / 291)


@needs_extractor
def test_corpus_end_to_end_with_the_extractor() -> None:
    """Extractor + subjects + conflicts: every expected conflict and corroboration is found
    and no trap figure is ever in a conflict (extra, unrelated claims are tolerated)."""
    corpus = _load_corpus_module()
    facts = _facts_for(corpus.DOCUMENTS)
    conflicts = _outcome(find_conflicts(facts))
    agreements = _outcome(corroborations(facts))
    assert conflicts >= corpus.EXPECTED_CONFLICTS
    assert agreements >= corpus.EXPECTED_CORROBORATIONS
    in_conflict = {member for _, members in conflicts for member in members}
    assert not in_conflict & corpus.TRAPS


def _outcome(
    found: list[Conflict] | list[Corroboration],
) -> set[tuple[str, frozenset[tuple[object, float | None]]]]:
    return {
        (item.subject_key, frozenset((c.source_id, getattr(c, "value", None)) for c in item.claims))
        for item in found
    }


def test_zones_demands_and_awaiting_repatriation() -> None:
    quote = (
        "In the British zone of Austria, some 40,000 Soviet nationals were awaiting "
        "repatriation in June 1945."
    )
    subject = assign_subject("Soviet nationals", quote, None, None, surface="some 40,000")
    assert subject.qualifiers == ("awaiting repatriation", "in June 1945", "in the British zone")
    assert subject.label == "Soviet citizens awaiting repatriation in the British zone in June 1945"
    demanded = assign_subject(
        "Soviet citizens",
        "Stalin insisted that the five million Soviet citizens in Allied controlled areas be "
        "returned to the Soviet Union.",
        None,
        None,
        surface="five million Soviet citizens",
    )
    assert "repatriated" not in demanded.qualifiers  # a demand, not an event
    assert demanded.qualifiers == ("in Allied-controlled areas",)


def test_latest_custody_wins() -> None:
    quote = (
        "To ensure the return of more than 50,000 Allied troops initially captured by the Nazis "
        "and later detained under the direct orders of Stalin, Roosevelt agreed."
    )
    subject = assign_subject("Allied troops", quote, None, None, surface="more than 50,000")
    assert subject.group == "Allied"
    assert subject.qualifiers == ("held by the Soviet Union",)


def test_subjects_that_name_nothing_are_not_compared() -> None:
    forgotten = assign_subject(
        "forgotten men",
        "It is a testament to the ruthless nature of Stalin that this episode has been "
        "suppressed - leaving almost 50,000 forgotten men to their fate.",
        None,
        None,
        surface="almost 50,000 forgotten men",
    )
    assert forgotten.group is None and forgotten.kind == "service personnel"
    assert not forgotten.comparable
    assert Subject(None, "escapes", ("held by the Soviet Union",)).comparable
    assert Subject("American", None).comparable


def test_a_cut_of_a_sentence_without_group_words_is_scanned_only_if_it_makes_a_word_boundary():
    from powdb.compare.mentions import group_mentions, may_name_group

    quote = "Some 5,000 prisoners, Britishness aside, were moved."
    british = quote.index("British")
    assert not may_name_group(quote, 0, quote.index(","))
    assert may_name_group(quote, british, british + len("British"))
    assert group_mentions(quote[british : british + 7], drop_places=True, drop_actors=True)


def test_table_entries_tried_by_first_letter_match_as_the_whole_chain():
    from powdb.compare.mentions import EVENT_TABLE, GROUPS, HOLDER_TABLE, KINDS

    text = (
        "U.S. and UK airmen, 23,500 Americans, ex-POWs, B-29s and Soviet-held émigrés were "
        "handed over; KALMYKS (Kalmyks) died, the US Army repatriated Cossacks and Croats."
    )
    for table in (GROUPS, HOLDER_TABLE, KINDS, EVENT_TABLE):
        for position in range(len(text)):
            spans = table.each.match(text, position).regs
            chain = [(i, spans[g][1]) for i, g in enumerate(table.groups) if spans[g][0] >= 0]
            assert table.at(text, position) == chain, (table.names, position)


def test_package_exports_load_on_first_use() -> None:
    import powdb.compare as compare

    assert sorted(compare.__all__) == sorted(compare._EXPORTS)
    for name in compare.__all__:
        assert getattr(compare, name) is not None
    with pytest.raises(AttributeError):
        compare.no_such_name  # noqa: B018
