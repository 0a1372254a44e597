"""Subjects that generalize: frames, the two tiers, suggested merges and the rules version.

Each test writes a few short documents of its own (a topic none of the rules name), ingests them
with the real ingest and reads what powdb makes of them through the Python API or the CLI.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from powdb import ingest_paths, list_claims, list_conflicts, open_database
from powdb.compare.frames import ClaimText, Frame, frame_of, group_block, relate
from powdb.conflicts import list_possible, suggest_merges

ROOT = Path(__file__).resolve().parents[1]


def ingest_texts(tmp_path: Path, url: str, texts: dict[str, str]) -> sa.Engine:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    engine = open_database(url)
    summary = ingest_paths(engine, [str(folder)])
    assert not summary.failed, [r.error for r in summary.failed]
    return engine


def claim(engine: sa.Engine, value: float) -> dict[str, Any]:
    (found,) = [c for c in list_claims(engine) if value in (c["value"], c["low"])]
    return found


def conflict_values(groups: list[dict[str, Any]]) -> list[set[float]]:
    return [
        {c["value"] if c["value"] is not None else c["low"] for c in g["claims"]} for g in groups
    ]


def frame(quote: str, surface: str, counted: str | None = None, **kwargs: Any) -> Frame:
    start = quote.index(surface)
    text = ClaimText(None, None, None, kwargs.pop("unit", None), counted, start,
                     start + len(surface), quote, 0)  # fmt: skip
    return frame_of(text, **kwargs)


# --- frames, read from general English ---------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "surface", "counted", "measure"),
    [
        ("The raid killed 40 people and injured 200 more.", "40 people", "people", "deaths"),
        ("The raid killed 40 people and injured 200 more.", "200", None, "wounded"),
        ("The steamer was carrying 476 people when it sank.", "476 people", "people", "aboard"),
        ("Of those aboard, 304 passengers died.", "304 passengers", "passengers", "deaths"),
        ("About 2,800 prisoners of war were repatriated via the port.", "2,800 prisoners",
         "prisoners", "handed over or repatriated"),
        ("The rebels burned 1,256 homes.", "1,256 homes", "homes", "buildings"),
        ("Sixty ships sailed north.", "Sixty ships", "ships", "vessels"),
        ("The garrison staged four sorties.", "four sorties", "sorties", "count of sortie"),
        ("The king crossed the river with 60,000.", "60,000", None, "participants or strength"),
    ],
)  # fmt: skip
def test_the_measure_comes_from_the_words_beside_the_figure(
    quote: str, surface: str, counted: str | None, measure: str
) -> None:
    assert frame(quote, surface, counted).measure == measure


def test_the_measure_is_read_past_the_words_of_the_number_phrase() -> None:
    # The verb governs "an estimated 242,000": the figure is not a rival of the one before.
    quote = "A 7.5 quake struck the city, killing an estimated 242,000 people."
    quake_start = quote.index("7.5 quake struck")
    quake = ClaimText(7.5, None, None, None, "quake struck", quake_start, quake_start + 16,
                      quote, 0)  # fmt: skip
    dead = frame(quote, "242,000 people", "people", previous=[(quake, frame_of(quake))])
    assert dead.measure == "deaths"
    # People are never counted as buildings, whatever noun follows them.
    pupils = frame("Of the dead, 186 children were in the school hall.", "186 children", "children")
    assert pupils.measure != "buildings"
    # "including" makes a part of the figure before it: it counts the same thing.
    whole_quote = "The siege killed 334 people, including 186 children."
    whole_start = whole_quote.index("334 people")
    whole = ClaimText(334, None, None, None, "people", whole_start, whole_start + 10,
                      whole_quote, 0)  # fmt: skip
    part = frame(whole_quote, "186 children", "children", previous=[(whole, frame_of(whole))])
    assert (part.measure, part.people) == ("deaths", ("children",))


def test_a_nationality_says_whose_ships_not_what_they_are() -> None:
    own = frame("The admiral sank 31 Danish ships.", "31 Danish ships", "Danish ships")
    plain = frame("In all 31 warships were lost.", "31 warships", "warships")
    assert (own.measure, own.what, own.nations) == ("vessels", None, ("Danish",))
    assert plain.what == own.what


def test_a_total_is_the_whole_and_an_event_noun_of_the_page_is_not_a_second_event() -> None:
    assert frame("Deaths: 334 total.", "334 total", "total").scope is None
    assert frame("In all, 900 died.", "900", None).scope is None
    bombing = frozenset({"bombing"})
    assert frame("The bombings killed 269 people.", "269 people", "people",
                 event_nouns=bombing).event == ""  # fmt: skip
    assert frame("The stampede killed 20 people.", "20 people", "people",
                 event_nouns=bombing).event == "/stampede"  # fmt: skip


def test_a_nationality_in_a_title_names_the_event_with_its_kind_and_year() -> None:
    from powdb.compare.events import same_event, signature_of

    great = signature_of("Great Irish Famine", "a.md", "It began in 1845.")
    plain = signature_of("Irish Famine", "b.md", "Blight struck in 1845.")
    other = signature_of("Irish Famine", "c.md", "Blight struck in 1740.")
    assert same_event(great, plain)
    assert not same_event(plain, other)


def test_who_is_counted_is_read_beside_the_figure_not_from_the_actor() -> None:
    quote = "The Republic interned 291 Dutch airmen and handed over 40 Danish sailors."
    airmen = frame(quote, "291 Dutch airmen", "Dutch airmen")
    assert (airmen.measure, airmen.nations) == ("captured or held", ("Dutch",))
    parts = frame("The attack killed 149 people, including 132 children.", "132 children",
                  "children")  # fmt: skip
    assert parts.people == ("children",)


def test_a_definite_noun_phrase_takes_its_nationality_from_the_sentences_before() -> None:
    before = "Danish crews that landed in the north were held for the winter. "
    quote = "Officials agreed that the interned crews, which comprised 57 men, could leave."
    start = quote.index("57 men")
    text = ClaimText(57, None, None, None, "men (interned crews)", start, start + 6, quote, 0)
    assert frame_of(text, preceding_text=before).nations == ("Danish",)


def test_dates_and_scope_narrow_a_figure() -> None:
    day = frame("Officials counted 23 deaths on June 16.", "23 deaths", "deaths", event_year=1976)
    months = frame(
        "The inquiry counted 575 deaths between June 1976 and February 1977.",
        "575 deaths",
        "deaths",
        event_year=1976,
    )
    assert day.anchor == "jun 16" and months.anchor == "jun 1976 feb 1977"
    same_year = frame("In 1976 the police counted 23 deaths.", "23 deaths", "deaths",
                      event_year=1976)  # fmt: skip
    assert same_year.anchor is None  # the event's own year says nothing more
    assert frame("It caused 3,787 immediate deaths.", "3,787", "immediate deaths").scope == (
        "immediate"
    )
    assert frame("It killed up to 16,000 over time.", "up to 16,000").scope == "eventual"
    assert frame("An additional 2,000 were deported.", "2,000").scope == "a set apart"


def test_a_rival_estimate_takes_the_frame_of_the_figure_it_answers() -> None:
    quote = "A fleet of 120 warships (some sources: 300) entered the bay."
    host_start = quote.index("120 warships")
    host = ClaimText(120, None, None, None, "warships", host_start, host_start + 12, quote, 0)
    host_frame = frame_of(host)
    rival_start = quote.index("300")
    rival = ClaimText(300, None, None, None, None, rival_start, rival_start + 3, quote, 0)
    rival_frame = frame_of(rival, previous=[(host, host_frame)])
    assert rival_frame.measure == host_frame.measure == "vessels"
    assert rival_frame.attributed


def test_a_figure_that_leaves_a_facet_unsaid_joins_the_only_group_that_says_it() -> None:
    said = Frame("e", "deaths", "count", nations=("Danish",))
    unsaid = Frame("e", "deaths", "count")
    assert [g.members for g in group_block([said, unsaid])] == [[0, 1]]
    other = Frame("e", "deaths", "count", nations=("Swedish",))
    assert sorted(g.members for g in group_block([said, unsaid, other])) == [[0], [1], [2]]
    # A part of the whole is joined by a figure that names no part only when they agree.
    children = Frame("e", "deaths", "count", people=("children",))
    assert sorted(g.members for g in group_block([children, unsaid])) == [[0], [1]]
    apart = [[(186.0, 186.0)], [(334.0, 334.0)]]
    assert sorted(g.members for g in group_block([children, unsaid], apart)) == [[0], [1]]
    same = [[(304.0, 304.0)], [(304.0, 304.0)]]
    assert [g.members for g in group_block([children, unsaid], same)] == [[0, 1]]
    # A figure that says no time joins the only time said, never a set apart.
    immediate = Frame("e", "deaths", "count", scope="immediate")
    assert [g.members for g in group_block([immediate, unsaid])] == [[0, 1]]
    eventual = Frame("e", "deaths", "count", scope="eventual")
    assert len(group_block([immediate, eventual, unsaid])) == 3
    additional = Frame("e", "deaths", "count", scope="a set apart")
    assert len(group_block([additional, unsaid])) == 2


def test_relate_says_why_two_subjects_may_be_one_and_refuses_different_sets() -> None:
    a = Frame("raid-1921", "deaths", "count", people=("perpetrators",))
    b = Frame("raid-1921", "deaths", "count", people=("villagers",))
    relation = relate(a, b)
    assert 0 < relation.score < 0.9
    assert (
        "same measure: deaths" in relation.reason and "perpetrators / villagers" in relation.reason
    )
    sides = relate(Frame("e", "deaths", "count", nations=("Danish",)),
                   Frame("e", "deaths", "count", nations=("Swedish",)))  # fmt: skip
    assert sides.score == 0


# --- the traps, end to end ------------------------------------------------------------------


FLOOD_A = (
    "The Valmora Dam Failure 1931\n\n"
    "When the Valmora dam failed, the flood killed 412 people and injured 1,100. "
    "Some 3,000 people were evacuated from the valley.\n"
)
FLOOD_B = (
    "Valmora Dam Failure\n\n"
    "The failure of the Valmora dam in 1931 killed 389 people and injured 950. "
    "About 3,100 residents were evacuated.\n"
)


def test_killed_and_wounded_are_never_one_subject_and_each_conflicts(
    tmp_path: Path, db_url: str
) -> None:
    engine = ingest_texts(tmp_path, db_url, {"valmora-dam-failure-1931.txt": FLOOD_A,
                                             "valmora-dam-failure.txt": FLOOD_B})  # fmt: skip
    killed, injured = claim(engine, 412), claim(engine, 1100)
    assert killed["subject_id"] != injured["subject_id"]
    assert claim(engine, 389)["subject_id"] == killed["subject_id"]
    conflicts = list_conflicts(engine)
    assert {412, 389} in conflict_values(conflicts)
    assert {1100, 950} in conflict_values(conflicts)
    assert not any({412, 1100} <= values for values in conflict_values(conflicts))
    group = next(g for g in conflicts if 412 in conflict_values([g])[0])
    assert group["tier"] == "confident" and group["score"] == 1.0
    assert "same measure: deaths" in group["reason"]


def test_aboard_is_not_died_and_a_part_is_not_the_whole(tmp_path: Path, db_url: str) -> None:
    engine = ingest_texts(
        tmp_path,
        db_url,
        {
            "loss-of-the-steamer-arden-1904.txt": "Loss of the Steamer Arden 1904\n\n"
            "The steamer was carrying 476 people. In all 304 passengers died, "
            "including 120 children.\n",
            "steamer-arden-loss.txt": "Steamer Arden Loss\n\n"
            "When the Arden went down in 1904, 290 passengers died.\n",
        },
    )
    assert claim(engine, 476)["subject_id"] != claim(engine, 304)["subject_id"]
    assert claim(engine, 120)["subject_id"] != claim(engine, 304)["subject_id"]
    values = conflict_values(list_conflicts(engine))
    assert not any(476 in v or 120 in v for v in values)


def test_one_side_against_the_other_is_never_a_conflict_nor_a_possible_one(
    tmp_path: Path, db_url: str
) -> None:
    text = (
        "Siege of Orlen 1702\n\n"
        "When the town fell, 4,000 Swedish and 9,000 Saxon soldiers were taken prisoner.\n"
    )
    engine = ingest_texts(tmp_path, db_url, {"siege-of-orlen-1702.txt": text})
    assert claim(engine, 4000)["subject_id"] != claim(engine, 9000)["subject_id"]
    assert list_conflicts(engine, possible=True) == []


def test_a_snapshot_is_not_the_total_but_is_offered_for_review(tmp_path: Path, db_url: str) -> None:
    engine = ingest_texts(tmp_path, db_url, {"kessel-riots-1976.txt": "Kessel Riots 1976\n\n"
        "Officials counted 23 deaths on June 16. "
        "The inquiry counted 575 deaths between June 1976 and February 1977.\n"})  # fmt: skip
    assert list_conflicts(engine) == []
    (possible,) = list_possible(engine)
    assert possible["tier"] == "possible" and 0 < possible["score"] < 1
    assert "dates: jun 16 / jun 1976 feb 1977" in possible["reason"]
    assert {c["value"] for c in possible["claims"]} == {23, 575}


def test_the_same_figures_of_two_events_are_never_compared(tmp_path: Path, db_url: str) -> None:
    engine = ingest_texts(
        tmp_path,
        db_url,
        {
            "harbour-fire-1850.txt": "Harbour Fire 1850\n\nThe harbour fire killed 60 people.\n",
            "harbour-fire-1872.txt": "Harbour Fire 1872\n\nThe harbour fire killed 95 people.\n",
        },
    )
    assert claim(engine, 60)["subject_id"] != claim(engine, 95)["subject_id"]
    assert list_conflicts(engine, possible=True) == []


def test_a_second_event_inside_an_article_is_its_own(tmp_path: Path, db_url: str) -> None:
    engine = ingest_texts(
        tmp_path,
        db_url,
        {
            "tower-collapse-1911.txt": "Tower Collapse 1911\n\n"
            "The tower collapse killed 31 workers. "
            "A stampede at the funeral two days later killed 140 mourners.\n",
            "tower-collapse.txt": "Tower Collapse\n\nThe collapse of the tower in 1911 killed "
            "28 workers.\n",
        },
    )
    assert {31, 28} in conflict_values(list_conflicts(engine))
    assert claim(engine, 140)["subject_id"] != claim(engine, 31)["subject_id"]


def test_the_naming_of_the_dead_is_a_possible_conflict_with_its_reason(
    tmp_path: Path, db_url: str
) -> None:
    engine = ingest_texts(
        tmp_path,
        db_url,
        {
            "raid-on-dorn-1921.txt": "Raid on Dorn 1921\n\nThe official report said the "
            "troops killed 90 insurgents at Dorn.\n",
            "dorn-raid.txt": "Dorn Raid\n\nVillagers later said the soldiers killed 300 to 400 "
            "unarmed civilians in 1921.\n",
        },
    )
    assert list_conflicts(engine) == []
    (possible,) = list_conflicts(engine, possible=True)
    assert possible["tier"] == "possible"
    assert "who was counted differently" in possible["reason"]
    assert "perpetrators" in possible["reason"] and "civilians" in possible["reason"]


def test_the_self_written_conflict_corpus(tmp_path: Path, db_url: str) -> None:
    path = ROOT / "bench" / "make_conflict_corpus.py"
    spec = importlib.util.spec_from_file_location("make_conflict_corpus", path)
    assert spec and spec.loader
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    engine = ingest_texts(tmp_path, db_url, {f"{k}.txt": v for k, v in corpus.DOCUMENTS.items()})
    shown = [
        {(Path(c["source_path"]).stem, c["value"]) for c in group["claims"]}
        for group in list_conflicts(engine)
    ]
    for expected in corpus.EXPECTED_CONFLICTS:
        assert any(expected <= group for group in shown), expected
    assert not {member for group in shown for member in group} & corpus.TRAPS


# --- through the CLI ---------------------------------------------------------------------------


@pytest.fixture
def raid(cli, tmp_path: Path, db_url: str) -> str:
    ingest_texts(
        tmp_path,
        db_url,
        {
            "raid-on-dorn-1921.txt": "Raid on Dorn 1921\n\nThe raid killed 90 insurgents. "
            "The raid killed 40 people and injured 200.\n",
            "dorn-raid.txt": "Dorn Raid\n\nThe raid of 1921 killed 310 civilians. "
            "The raid killed 55 people.\n",
        },
    )
    return db_url


def test_the_tiers_in_json_and_in_a_table(cli, raid: str) -> None:
    confident = cli.json("claims", "--conflicting", "--db", raid)
    assert [g["tier"] for g in confident] == ["confident"]
    assert conflict_values(confident) == [{40, 55}]
    both = cli.json("claims", "--conflicting", "--possible", "--db", raid)
    assert [g["tier"] for g in both][0] == "confident"
    assert {"possible"} == {g["tier"] for g in both[1:]} and len(both) > 1
    assert all({"score", "reason", "subject", "claims"} <= set(g) for g in both)
    table = cli("claims", "--conflicting", "--possible", "--db", raid, "--format", "table")
    assert table.exit_code == 0
    assert "Why: same event" in table.stdout and "Possible (" in table.stdout
    refused = cli("claims", "--possible", "--db", raid)
    assert refused.exit_code == 2 and "--possible goes with --conflicting" in refused.output


def test_suggested_merges_are_accepted_or_kept_apart_and_remembered(cli, raid: str) -> None:
    engine = open_database(raid)
    (first, *_) = suggest_merges(engine)
    a, b = first["subject_id"], first["other_subject_id"]
    listed = cli.json("subjects", "suggestions", "--db", raid)
    assert (listed[0]["subject"], listed[0]["other"]) == (a, b)
    assert cli("subjects", "keep-apart", str(a), str(b), "--db", raid).exit_code == 0
    assert (a, b) not in {(s["subject"], s["other"]) for s in cli.json(
        "subjects", "suggestions", "--db", raid)}  # fmt: skip
    assert not any(
        {g["subject_id"], g.get("other_subject_id")} == {a, b}
        for g in list_conflicts(engine, possible=True)
    )
    missing = cli("subjects", "keep-apart", str(a), "99999", "--db", raid)
    assert missing.exit_code == 1


def test_the_seeds_keep_their_behaviour(cli, seeds: Path, db_url: str) -> None:
    assert cli("ingest", str(seeds), "--db", db_url).exit_code == 0
    (conflict,) = cli.json("claims", "--conflicting", "--db", db_url)
    assert [(c["value"], c["hedge"]) for c in conflict["claims"]] == [
        (291, None),
        (23500, "roughly"),
    ]
    assert "same measure: captured or held" in conflict["reason"]
    everything = cli.json("claims", "--conflicting", "--possible", "--db", db_url)
    pairs = [conflict_values([g])[0] for g in everything]
    for apart in ({23500, 30000}, {5_000_000, 2_000_000}, {5_000_000, 3_000_000}):
        assert not any(apart <= values for values in pairs)


def test_a_database_of_older_rules_is_assigned_again_and_keeps_curation(
    cli, tmp_path: Path, db_url: str
) -> None:
    engine = ingest_texts(tmp_path, db_url, {"valmora-dam-failure-1931.txt": FLOOD_A,
                                             "valmora-dam-failure.txt": FLOOD_B})  # fmt: skip
    killed = claim(engine, 412)
    assert cli("subjects", "rename", str(killed["subject_id"]), "Flood dead", "--db",
               db_url).exit_code == 0  # fmt: skip
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE settings SET value = 'older' WHERE key = 'subject_rules'")
        )
        connection.execute(sa.text("UPDATE claims SET subject_id = NULL, frame = NULL"))
    assert cli("ingest", str(tmp_path / "docs"), "--db", db_url).exit_code == 0
    again = claim(engine, 412)
    assert again["subject_id"] == killed["subject_id"] and again["subject"] == "Flood dead"
    assert {412, 389} in conflict_values(list_conflicts(engine))
    result = cli("subjects", "reassign", "--db", db_url)
    assert result.exit_code == 0 and "assigned again" in result.output


def test_a_page_about_a_battle_is_read_against_its_campaign_in_the_review_queue(
    tmp_path: Path, db_url: str
) -> None:
    texts = {
        "battle-of-varnok-1702.md": "The battle at Varnok was the bloodiest day of the Ostmark "
        "campaign. After the retreat only 9,000 soldiers returned home in 1702.\n",
        "ostmark-campaign-1702.md": "The army marched in the spring of 1702 and fought at "
        "Varnok in the summer. Only 30,000 soldiers returned home.\n",
        # Two incidents of one year that name each other are not a part and its whole.
        "quay-collapse-1702.md": "The quay collapse killed 40 people, a week before the "
        "Harbourtown stampede.\n",
        "harbourtown-stampede-1702.md": "The stampede killed 300 people at Harbourtown.\n",
    }
    engine = ingest_texts(tmp_path, db_url, texts)
    pairs = list_possible(engine)
    across = [p for p in pairs if "within" in p["reason"]]
    assert [conflict_values([p]) for p in across] == [[{9000.0, 30000.0}]]
    assert "Varnok" in across[0]["reason"] and "Ostmark" in across[0]["reason"]
    assert not any({40.0, 300.0} <= conflict_values([p])[0] for p in pairs)


# --- events that only seem to be one, and ages --------------------------------------------------


def test_two_people_who_share_only_a_given_name_are_two_events() -> None:
    from powdb.compare.events import same_event, signature_of

    krupp = signature_of("Alfred Vantorn", "a.md", "Vantorn cast steel in 1860.")
    kroeber = signature_of("Alfred Kelmsley", "b.md", "Kelmsley studied languages.")  # no year
    assert not same_event(krupp, kroeber)
    # A surname in common, or one page naming the other's, still makes one event.
    assert same_event(signature_of("Alfred Vantorn", "c.md", "In 1860."), krupp)
    assert same_event(signature_of("Alfred Kelmsley", "d.md", "Kelmsley met Vantorn."), krupp)


def test_a_page_that_gives_no_year_does_not_join_events_of_two_years() -> None:
    from powdb.compare.events import EventIndex, signature_of

    index = EventIndex()
    flood = index.assign(signature_of("Lake Varnow", "a.md", "The dam broke in 1931."))
    undated = index.assign(signature_of("Varnow", "b.md", "A lake in the hills."))
    later = index.assign(signature_of("Varnow Town", "c.md", "The town was rebuilt in 1975."))
    assert undated == flood
    assert later != flood


def test_an_age_is_read_as_an_age_and_is_no_count_of_the_dead(tmp_path: Path, db_url: str) -> None:
    from powdb.extract import extract_claims

    (age,) = extract_claims("He was shot and killed by the sheriff at age 21.")
    assert (age.value, age.unit, age.counted, age.rule) == (21, "years", "age", "age")
    (ages,) = extract_claims("Children aged 5 to 12 were taken.")
    assert (ages.low, ages.high, ages.unit) == (5, 12, "years")
    text = ("Gunmen killed 34 people in the square. Their leader was killed at age 21.\n\n"
            "Police killed Tomas Verel (age 12) and an estimated 176 others.\n")  # fmt: skip
    engine = ingest_texts(tmp_path, db_url, {"square-shooting-1961.txt": text})
    subjects = {c["value"]: c["subject"] for c in list_claims(engine)}
    assert subjects[21] is None and subjects[12] is None  # whose age is not said beside it
    assert "Deaths" in subjects[34] and "Deaths" in subjects[176]
    assert all(c["value"] not in (21, 12) for g in list_conflicts(engine) for c in g["claims"])


def test_one_text_with_two_figures_of_a_generic_count_is_no_conflict(
    tmp_path: Path, db_url: str
) -> None:
    from sqlalchemy import text as sql

    from powdb.conflicts import list_subjects

    one = ("The singer charted 25 albums on the blues chart.\n\n"
           "Over her career she released more than 50 albums.\n")  # fmt: skip
    engine = ingest_texts(tmp_path, db_url, {"mara-quintell.txt": one})
    (albums,) = [s for s in list_subjects(engine) if s["label"].startswith("Album")]
    assert albums["status"] == "single source"
    assert list_conflicts(engine) == []
    with engine.connect() as connection:  # Datasette's view says the same
        assert connection.execute(sql("SELECT count(*) FROM conflicts")).scalar() == 0
    # Another source's figure for it: now sources disagree.
    other = "Mara Quintell released 31 albums in all.\n"
    engine = ingest_texts(tmp_path, db_url, {"mara-quintell-2.txt": other})
    (conflict,) = list_conflicts(engine)
    assert conflict["subject"].startswith("Album")
    with engine.connect() as connection:
        assert connection.execute(sql("SELECT count(*) FROM conflicts")).scalar() > 0
