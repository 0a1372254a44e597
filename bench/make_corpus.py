"""Write a synthetic corpus of historical prose with figures, for the scale benchmark.

Run: ``.venv/bin/python bench/make_corpus.py OUT_DIR -n 10000 [--seed 1] [--claims-per-kb 2]``
writes N ``.txt`` documents of about 5 KB each (10,000 documents are about 50 MB) in subfolders
of 1,000 (``OUT_DIR/0000/doc-000000.txt``...), so no directory grows large.

The text is made by ``random.Random`` alone (no downloads) and is deterministic: the same seed
gives the same documents, and document *i* does not depend on how many are generated, so a
corpus of 500 is the first 500 documents of a corpus of 30,000. The prose is about WWII
prisoners of war, interned airmen, repatriation, the Cossacks at Lienz, camps and convoys. Its
figures come in many forms ("roughly 23,500 American soldiers", "five million Soviet citizens",
"between 20,000 and 25,000 prisoners", "12%") beside numbers that are not claims (years,
dates, aircraft such as "B-29"), with occasional prices. Each subject has one "true" figure per
seed: most documents repeat it (often hedged or rounded), some contradict it, so a database
built from the corpus has both agreeing and conflicting sources.

Figure sentences are mixed with figure-free narrative (archives, memoirs, camp life, with years
and dates but no claims) so that powdb finds about ``--claims-per-kb`` claims per 1,000 bytes:
2 by default, like real historical prose (the seed documents have about 1; a monograph page of
2.5 kB has a handful of figures). ``--claims-per-kb 11`` gives the old, figure-packed corpus
(about 55 claims a document); 12 is the most, figure sentences only.

``generate(n, seed, claims_per_kb)`` yields ``(name, text)`` pairs for reuse without writing
files.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

PER_FOLDER = 1000
TARGET_BYTES = 5000
RARE_PLACE = "Tamsweg"  # appears in about one document in 500: a rare search term
RARE_EVERY = 500
#: Claims per 1,000 bytes: real historical prose has a handful of figures on a 2.5 kB page.
CLAIMS_PER_KB = 2.0
#: Figure sentences only, no narrative (powdb finds about 11.5 per kB in them): the ceiling.
MAX_CLAIMS_PER_KB = 12.0

NATIONS = (
    "American", "British", "Canadian", "Australian", "Soviet", "Polish", "French", "Dutch",
    "Italian", "German", "Yugoslav", "Hungarian", "Czech", "Norwegian", "Indian", "Belgian",
)  # fmt: skip
GROUPS = (
    "soldiers", "airmen", "prisoners of war", "internees", "civilians", "refugees", "officers",
    "troops", "sailors", "displaced persons", "POWs", "aircrew", "women and children",
)  # fmt: skip
CAMPS = (
    "Stalag Luft III at Sagan", "Stalag VII-A at Moosburg", "Oflag IV-C at Colditz",
    "Stalag III-A at Luckenwalde", "Stalag IV-B at Mühlberg", "Oflag XIII-B at Hammelburg",
    "Wauwilermoos", "Adelboden", "Davos", "Ruhleben", "Tambov", "Karaganda", "Changi",
    "Cabanatuan", "Peggau", "Judenburg", "Spittal an der Drau", "Wolfsberg", "Marlag",
)  # fmt: skip
PORTS = ("Murmansk", "Odessa", "Liverpool", "Glasgow", "Naples", "Archangel", "Vladivostok")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
HEDGES = (
    "roughly", "about", "around", "approximately", "some", "nearly", "almost", "more than",
    "over", "at least", "fewer than", "up to", "an estimated", "as many as", "no fewer than",
)  # fmt: skip
AUTHORITIES = (
    "the International Red Cross", "the War Office", "Soviet records", "a SHAEF report",
    "the camp register", "the Swiss legation", "the ICRC delegate", "a later inquiry",
    "the Foreign Office", "the US Army's own count", "the regimental diary", "one memoir",
    "the protecting power", "Nikolai Tolstoy", "a 1946 parliamentary answer",
)  # fmt: skip
AIRCRAFT = ("B-17", "B-24", "B-29", "P-38", "P-51", "Lancaster", "Halifax", "Ju 88", "Il-2")
UNITS = ("15th Cossack Cavalry Corps", "8th Air Force", "XV Corps", "36th Infantry Division")
# Figure-free narrative: most of a real page. Slots are filled per sentence; years and dates
# ("in 1945", "on 8 May 1945") are not claims. A document walks a shuffled copy of the pool,
# so no template comes back before the whole pool has been used.
NARRATIVE = (
    "The files were declassified in {later} and reviewed again in {later2}.",
    "Survivors' memoirs describe the forced march west in January 1945 in harrowing detail.",
    "Much of the correspondence was lost when the ministry moved offices after the war.",
    "The question remained politically sensitive for decades on both sides.",
    "Several of the interviews were recorded {decade}, long after the events.",
    "No complete list of names has ever been published.",
    "The commandant of {camp} was tried in {postwar} and acquitted on most counts.",
    "Conditions at {camp} deteriorated sharply in the last winter of the war.",
    "The agreement signed at Yalta in February 1945 governed what followed.",
    "Red Cross parcels arrived irregularly, if at all, after the autumn of 1944.",
    "Operation Keelhaul was the code name later attached to these transfers.",
    "The officers were separated from the men on {day} {month} {year}.",
    "Letters home from {camp} passed through the censors twice before they left the country.",
    "The {nation} {group} at {camp} were moved without warning {when}.",
    "{Archive} holds most of the correspondence, but much of it is still unsorted.",
    "Little is known of what became of the {group} after they left {camp}.",
    "The commandant complained repeatedly about the shortage of guards and of fuel.",
    "Food at {camp} was poor, and by the spring of {year} it was scarcely enough to live on.",
    "The protecting power inspected {camp} {when} and found the barracks badly overcrowded.",
    "{Person} later wrote that nobody had told him of the arrangement in advance.",
    "The transfer was carried out at night, under armed guard, to avoid unrest in the camp.",
    "Many of the {group} had no papers at all, which made every count uncertain.",
    "Escape attempts from {camp} were frequent but seldom succeeded.",
    "The {nation} government protested {when}, without result.",
    "Some of the men had been captured in North Africa, others in Normandy or in Italy.",
    "The trains left from {place} and crossed the demarcation line near {place2}.",
    "Discipline in the camp depended largely on the senior officer among the prisoners.",
    "Parcels from home, when they came at all, were shared out hut by hut.",
    "The {neutral_people} authorities treated the internees as a diplomatic problem as much "
    "as a humanitarian one.",
    "In {month} {year} the camp was handed over to the advancing {army}.",
    "Rumours of repatriation spread through {camp} long before any order arrived.",
    "The {group} were told they were being taken to a new camp; few of them believed it.",
    "Whether the British officers at {place} knew where the trains were going is still disputed.",
    "{Archive} released further papers on the affair in {later}.",
    "Historians have since questioned how reliable the early counts were.",
    "The winter of {year} was remembered by the prisoners as the hardest of the war.",
    "{Person} raised the matter in {forum} {when_postwar}, and was given no clear answer.",
    "The route ran through {place} and {place2}, along roads choked with refugees and carts.",
    "Typhus broke out in the camp in {month} {year}, and the sick were kept apart.",
    "Camp newspapers, lectures and amateur theatre kept some of the prisoners occupied.",
    "The guards at {camp} were mostly older reservists, unfit for service at the front.",
    "After the war the site at {camp} was used as a camp for displaced persons.",
    "Nothing remains of the camp today except a memorial stone beside the road.",
    "The {nation} liaison officers were let into the camp only after long delays.",
    "Local farmers remembered the columns of prisoners passing through {place} {when}.",
    "The agreement said nothing about those who did not wish to go home.",
    "Several of the internees later settled in {country} rather than return.",
    "The inquiry of {postwar} heard evidence from guards, prisoners and local officials.",
    "Telegrams between {capital} and {capital2} show how little either side trusted the other.",
    "{Person}'s account, published in {later}, is the fullest we have, though not the most "
    "reliable.",
    "The men were searched, their papers taken, and their names written on a list that has "
    "not survived.",
    "By the time the Red Cross delegates reached {camp}, the camp had been emptied.",
    "Aircrew who landed in {neutral} were interned under the Hague Convention of 1907.",
    "The flight ended with a forced landing in a field outside {place}.",
    "{Nation} newspapers reported the affair only briefly, and some not at all.",
    "The interpreters were few, and much was lost between German, Russian and English.",
    "A chaplain at {camp} kept a diary that is now one of the main sources for {year}.",
    "The order to hand over the {group} came from corps headquarters, not from London.",
    "Later accounts, written {decade}, tend to soften what the earliest reports say.",
    "The {nation} {group} were kept apart from the other prisoners for reasons never given.",
    "Nobody at {camp} seems to have kept a proper register until the spring of {year}.",
    "The guards were ordered not to fire, and for the most part they did not.",
    "The minutes of the meeting at {capital} in {month} {year} have never been found.",
    "Relatives went on writing to the Red Cross for news well into the {decade_plain}.",
    "The move from {camp} to {place} is recorded only in a single line of the war diary.",
    "Accounts by the {group} themselves are rare, and most were written much later.",
    "The weather in {month} {year} made the roads almost impassable.",
)
NARRATIVE_LEADS = (
    "Even so,", "In practice,", "By then,", "At the same time,", "Later,", "Meanwhile,",
    "For the most part,", "As far as we know,", "Not surprisingly,", "Here too,", "In the end,",
)  # fmt: skip
ARCHIVES = (
    "the National Archives at Kew", "the Bundesarchiv", "the Swiss Federal Archives",
    "the ICRC archive in Geneva", "the US National Archives", "the Imperial War Museum",
    "the Russian State Military Archive", "the Hoover Institution",
)  # fmt: skip
PEOPLE = (
    "Nikolai Tolstoy", "Harold Macmillan", "General Keightley", "Brigadier Musson",
    "the senior British officer", "an American sergeant", "a Swiss legation official",
    "the camp doctor", "a Cossack officer", "the ICRC delegate", "Averell Harriman",
)  # fmt: skip
PLACES = (
    "Klagenfurt", "Villach", "Graz", "Judenburg", "Linz", "Salzburg", "Innsbruck", "Bern",
    "Lucerne", "Poltava", "Kiev", "Luckenwalde", "Lübeck", "Bremen", "Prague", "Trieste",
)  # fmt: skip
NEUTRALS = (("Switzerland", "Swiss"), ("Sweden", "Swedish"), ("Spain", "Spanish"),
            ("Portugal", "Portuguese"), ("Turkey", "Turkish"))  # fmt: skip
ARMIES = ("Red Army", "Americans", "British", "French", "Third Army", "Soviet troops")
CAPITALS = ("London", "Washington", "Moscow", "Bern", "Geneva", "Paris")
COUNTRIES = ("Canada", "Argentina", "Australia", "the United States", "Switzerland", "Brazil")
FORUMS = ("the House of Commons", "the House of Lords", "Congress", "the press", "a letter")

ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")  # fmt: skip
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _words_under_100(n: int) -> str:
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")


def spell(value: int) -> str | None:
    """English words for round values ("five million", "twelve thousand"), else None."""
    for scale, word in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if value >= scale and value % scale == 0 and value // scale < 100:
            return f"{_words_under_100(value // scale)} {word}"
    if 0 < value < 100:
        return _words_under_100(value)
    return None


def render_number(rng: random.Random, value: int) -> str:
    """One of the ways prose writes a number: 23,500 / 23500 / twelve thousand / 5.2 million."""
    spelled = spell(value)
    if spelled and rng.random() < 0.5:
        return spelled
    if value >= 1_000_000 and rng.random() < 0.6:
        return f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".") + " million"
    if 1000 <= value < 10_000 and rng.random() < 0.3:
        return str(value)
    return f"{value:,}"


def round_like_a_historian(rng: random.Random, value: int) -> int:
    digits = len(str(value))
    step: int = 10 ** max(0, digits - rng.choice((1, 2, 2, 3)))
    return max(step, round(value / step) * step)


class World:
    """The "true" figure of every subject, fixed by the seed; documents quote or dispute it."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._truth: dict[tuple[str, ...], int] = {}

    def truth(self, key: tuple[str, ...], low: int, high: int) -> int:
        if key not in self._truth:
            rng = random.Random(f"{self.seed}:truth:{'|'.join(key)}")
            self._truth[key] = round_like_a_historian(rng, rng.randint(low, high))
        return self._truth[key]

    def figure(self, rng: random.Random, key: tuple[str, ...], low: int, high: int) -> int:
        """The figure a source gives: mostly the truth, sometimes rounded, sometimes not."""
        true = self.truth(key, low, high)
        roll = rng.random()
        if roll < 0.6:
            return true
        if roll < 0.82:
            return round_like_a_historian(rng, true)
        factor = rng.uniform(0.45, 0.8) if rng.random() < 0.5 else rng.uniform(1.25, 2.2)
        return round_like_a_historian(rng, int(true * factor))


def counted(rng: random.Random, value: int, noun: str, hedge_chance: float = 0.6) -> str:
    text = f"{render_number(rng, value)} {noun}"
    if rng.random() < hedge_chance:
        text = f"{rng.choice(HEDGES)} {text}"
    return text


def when(rng: random.Random) -> str:
    year = rng.randint(1939, 1947)
    return rng.choice(
        (f"in {year}", f"in {rng.choice(MONTHS)} {year}", f"by the spring of {year}",
         f"on {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", f"during {year}")
    )  # fmt: skip


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def according(rng: random.Random) -> str:
    """An attribution that starts a sentence: "According to the War Office," ..."""
    authority = rng.choice(AUTHORITIES)
    form = rng.choice(("According to {},", "{} reported that", "By the count of {},", "{} says"))
    return cap(form.format(authority)) if form.startswith("{}") else form.format(authority)


def percent(rng: random.Random) -> str:
    n = rng.randint(2, 60)
    return rng.choice((f"{n}%", f"{n} per cent", f"{n} percent"))


def figure_sentence(rng: random.Random, world: World, rare: bool) -> tuple[str, int]:
    """One sentence with figures, and the number of claims powdb is expected to find in it.

    Years, dates and aircraft types ("B-29") beside the figures are not claims; a price is.
    """
    nat, group = rng.choice(NATIONS), rng.choice(GROUPS)
    camp = RARE_PLACE if rare else rng.choice(CAMPS)
    kind = rng.randrange(11)
    if kind == 0:
        v = world.figure(rng, ("interned", nat, group, camp), 300, 30_000)
        return f"{cap(when(rng))}, {counted(rng, v, f'{nat} {group}')} were interned at {camp}.", 1
    if kind == 1:
        v = world.figure(rng, ("repatriated", nat, group), 2_000, 400_000)
        return (f"{according(rng)} {counted(rng, v, f'{nat} {group}')} were repatriated "
                f"from {camp} {when(rng)}."), 1  # fmt: skip
    if kind == 2:
        a = world.figure(rng, ("lienz", "Cossacks"), 15_000, 40_000)
        b = world.figure(rng, ("lienz", "women and children"), 2_000, 9_000)
        return (
            f"At Lienz in {rng.choice(('May', 'June'))} 1945, British troops of the "
            f"{rng.choice(UNITS)} handed over {counted(rng, a, 'Cossacks')}, among them "
            f"{counted(rng, b, 'women and children')}, to the Soviet authorities."
        ), 2
    if kind == 3:
        v = world.figure(rng, ("camp", camp, group), 1_000, 60_000)
        return (
            f"{cap(camp)} held {counted(rng, v, group)} {when(rng)}, and "
            f"{percent(rng)} of them were {rng.choice(('sick', 'officers', 'wounded'))}."
        ), 2
    if kind == 4:
        ships = rng.randint(8, 45)
        v = world.figure(rng, ("convoy", nat, group), 500, 20_000)
        return (f"Convoy JW {rng.randint(51, 67)} sailed from {rng.choice(PORTS)} "
                f"{when(rng)} with {render_number(rng, ships)} ships carrying "
                f"{counted(rng, v, f'{nat} {group}')}."), 2  # fmt: skip
    if kind == 5:
        lo = world.figure(rng, ("died", camp), 1_000, 30_000)
        hi = round_like_a_historian(rng, int(lo * rng.uniform(1.1, 1.5)))
        form = rng.choice(("between {a} and {b}", "from {a} to {b}", "{a}–{b}"))
        span = form.format(a=f"{lo:,}", b=f"{hi:,}")
        winter = rng.randint(1941, 1945)
        return f"{according(rng)} {span} prisoners died at {camp} during the winter of {winter}.", 1
    if kind == 6:
        planes = rng.randint(2, 160)
        v = world.figure(rng, ("aircrew", nat, "interned"), 40, 2_000)
        return (
            f"Of the {planes} {rng.choice(AIRCRAFT)} bombers that came down or landed "
            f"{rng.choice(('in Switzerland', 'near Vladivostok', 'in Sweden', 'in Spain'))} "
            f"{when(rng)}, crews totalling {counted(rng, v, 'airmen')} were interned."
        ), 2
    if kind == 7:
        dollars, cents = rng.randint(1, 40), rng.randint(0, 99)
        price = rng.choice(
            (f"{rng.randint(20, 400)} Reichsmarks", f"${dollars}.{cents:02d}",
             f"£{rng.randint(1, 9)} {rng.randint(1, 19)}s", f"{rng.randint(2, 90)} cigarettes")
        )  # fmt: skip
        return f"At {camp} a Red Cross parcel fetched as much as {price} on the black market.", 1
    if kind == 8:
        v = world.figure(rng, ("returned", "Soviet citizens"), 2_000_000, 6_000_000)
        return (
            f"In all, {counted(rng, v, 'Soviet citizens')} were returned to the USSR under "
            f"the Yalta agreement, though {rng.choice(AUTHORITIES)} gives a larger total."
        ), 1
    if kind == 9:
        share = percent(rng)
        return f"{according(rng)} {share} of the {nat} {group} held at {camp} did not survive.", 1
    v = world.figure(rng, ("held", nat, group), 5_000, 900_000)
    return (
        f"{cap(when(rng))}, {rng.choice(('Germany', 'the Soviet Union', 'Japan'))} "
        f"was holding {counted(rng, v, f'{nat} {group}')}."
    ), 1


_SLOT_DRAWS: dict[str, Callable[[random.Random], str]] = {
    "nation": lambda rng: rng.choice(NATIONS),
    "Nation": lambda rng: rng.choice(NATIONS),
    "group": lambda rng: rng.choice(GROUPS),
    "Archive": lambda rng: cap(rng.choice(ARCHIVES)),
    "Person": lambda rng: cap(rng.choice(PEOPLE)),
    "army": lambda rng: rng.choice(ARMIES),
    "country": lambda rng: rng.choice(COUNTRIES),
    "forum": lambda rng: rng.choice(FORUMS),
    "year": lambda rng: str(rng.randint(1941, 1946)),
    "postwar": lambda rng: str(rng.randint(1946, 1949)),
    "month": lambda rng: rng.choice(MONTHS),
    "day": lambda rng: str(rng.randint(1, 28)),
    "when": when,
    "decade": lambda rng: f"in the {rng.randint(195, 199)}0s",
    "decade_plain": lambda rng: f"{rng.choice((195, 196))}0s",
}


class _Slots(dict[str, str]):
    """The slots of one narrative sentence, drawn when the template first asks for them: a
    sentence pays only for the random values it uses, and a slot named twice agrees."""

    def __init__(self, rng: random.Random, rare: bool) -> None:
        super().__init__()
        self.rng, self.rare = rng, rare

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key in ("place", "place2"):
            self["place"], self["place2"] = rng.sample(PLACES, 2)
        elif key in ("capital", "capital2"):
            self["capital"], self["capital2"] = rng.sample(CAPITALS, 2)
        elif key in ("neutral", "neutral_people"):
            self["neutral"], self["neutral_people"] = rng.choice(NEUTRALS)
        elif key in ("later", "later2"):
            later = rng.randint(1950, 1994)
            self["later"], self["later2"] = str(later), str(later + rng.randint(3, 25))
        elif key == "when_postwar":
            postwar = self["postwar"]
            self[key] = rng.choice((f"in {postwar}", f"in {rng.choice(MONTHS)} {postwar}"))
        elif key == "camp":
            self[key] = RARE_PLACE if self.rare else rng.choice(CAMPS)
        else:
            self[key] = _SLOT_DRAWS[key](rng)
        return self[key]


def narrative(rng: random.Random, template: str, rare: bool) -> str:
    """A figure-free sentence from ``template``, its slots filled (years and dates only)."""
    text = template.format_map(_Slots(rng, rare))
    if not template.startswith(("{", "Operation", "Red", "Later")) and rng.random() < 0.15:
        text = f"{rng.choice(NARRATIVE_LEADS)} {text[:1].lower()}{text[1:]}"
    return text


def document(
    index: int, seed: int, world: World | None = None, claims_per_kb: float = CLAIMS_PER_KB
) -> str:
    """Document ``index`` of the corpus for ``seed``: independent of the corpus size.

    Figure sentences are mixed with narrative ones so that powdb finds about
    ``claims_per_kb`` claims per 1,000 bytes of the document.
    """
    world = world or World(seed)
    rng = random.Random(f"{seed}:doc:{index}")
    rare = index % RARE_EVERY == RARE_EVERY // 2
    target = rng.randint(TARGET_BYTES - 1200, TARGET_BYTES + 1200)
    topic = rng.choice(("Internment", "Repatriation", "The camps", "Lienz", "Convoys"))
    lines = [f"{topic}: notes and sources, file {seed}-{index:06d}", ""]
    size = sum(len(line) + 1 for line in lines)
    claims = 0
    deck: list[str] = []
    paragraph: list[str] = []
    while size < target:
        owed = claims_per_kb * size / 1000 - claims
        # The chance of a figure sentence is the claims owed so far (none when ahead, certain
        # when a whole claim behind): the density holds without a visible rhythm.
        if rng.random() < owed:
            text, found = figure_sentence(rng, world, rare)
            claims += found
        else:
            deck = deck or rng.sample(NARRATIVE, len(NARRATIVE))
            text = narrative(rng, deck.pop(), rare)
        rare = rare and RARE_PLACE not in text  # until one sentence has named it
        paragraph.append(text)
        size += len(text.encode("utf-8")) + 1
        if len(paragraph) >= rng.randint(3, 7):
            lines += [" ".join(paragraph), ""]
            paragraph = []
    if paragraph:
        lines.append(" ".join(paragraph))
    return "\n".join(lines).rstrip() + "\n"


def name_of(index: int) -> str:
    return f"{index // PER_FOLDER:04d}/doc-{index:06d}.txt"


def generate(
    n: int, seed: int = 1, claims_per_kb: float = CLAIMS_PER_KB
) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for documents 0..n-1; ``name`` is a relative path with its subfolder."""
    if not 0 <= claims_per_kb <= MAX_CLAIMS_PER_KB:
        raise ValueError(f"claims_per_kb must be between 0 and {MAX_CLAIMS_PER_KB}")
    world = World(seed)
    for index in range(n):
        yield name_of(index), document(index, seed, world, claims_per_kb)


def write_corpus(
    out_dir: Path,
    n: int,
    seed: int = 1,
    claims_per_kb: float = CLAIMS_PER_KB,
    start: int = 0,
) -> int:
    """Write documents ``start`` to ``n - 1`` of the corpus under ``out_dir`` (a corpus of n is
    a prefix of any larger one); returns the bytes written."""
    total = 0
    for index, (name, text) in enumerate(generate(n, seed, claims_per_kb)):
        if index < start:
            continue
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the documents into")
    parser.add_argument("-n", type=int, required=True, help="number of documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--claims-per-kb",
        type=float,
        default=CLAIMS_PER_KB,
        help=f"claims powdb should find per 1,000 bytes (default {CLAIMS_PER_KB}, like real "
        f"prose; at most {MAX_CLAIMS_PER_KB}, all figures; 11 is the old, dense corpus)",
    )
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be at least 0")
    if not 0 <= args.claims_per_kb <= MAX_CLAIMS_PER_KB:
        parser.error(f"--claims-per-kb must be between 0 and {MAX_CLAIMS_PER_KB}")
    total = write_corpus(args.out_dir, args.n, args.seed, args.claims_per_kb)
    print(f"wrote {args.n} documents, {total / 1e6:.1f} MB, to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
