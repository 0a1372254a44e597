"""Write a synthetic corpus of historical prose full of figures, for the scale benchmark.

Run: ``.venv/bin/python bench/make_corpus.py OUT_DIR -n 10000 [--seed 1]`` writes N ``.txt``
documents of about 5 KB each (10,000 documents are about 50 MB) in subfolders of 1,000
(``OUT_DIR/0000/doc-000000.txt``...), so no directory grows large.

The text is made by ``random.Random`` alone (no downloads) and is deterministic: the same seed
gives the same documents, and document *i* does not depend on how many are generated, so a
corpus of 500 is the first 500 documents of a corpus of 30,000. The prose is about WWII
prisoners of war, interned airmen, repatriation, the Cossacks at Lienz, camps and convoys. Its
figures come in many forms ("roughly 23,500 American soldiers", "five million Soviet citizens",
"between 20,000 and 25,000 prisoners", "12%") beside numbers that are not claims (years,
dates, aircraft such as "B-29"), with occasional prices. Each subject has one "true" figure per
seed: most documents repeat it (often hedged or rounded), some contradict it, so a database
built from the corpus has both agreeing and conflicting sources.

``generate(n, seed)`` yields ``(name, text)`` pairs for reuse without writing files.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

PER_FOLDER = 1000
TARGET_BYTES = 5000
RARE_PLACE = "Tamsweg"  # appears in about one document in 500: a rare search term
RARE_EVERY = 500

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
FILLER = (
    "The files were declassified in 1972 and reviewed again in 1989.",
    "Survivors' memoirs describe the forced march west in January 1945 in harrowing detail.",
    "Much of the correspondence was lost when the ministry moved offices after the war.",
    "The question remained politically sensitive for decades on both sides.",
    "Several of the interviews were recorded in the 1980s, long after the events.",
    "No complete list of names has ever been published.",
    "The camp commandant was tried in 1947 and acquitted on most counts.",
    "Conditions deteriorated sharply in the last winter of the war.",
    "The agreement signed at Yalta in February 1945 governed what followed.",
    "Red Cross parcels arrived irregularly, if at all, after the autumn of 1944.",
    "Operation Keelhaul was the code name later attached to these transfers.",
    "The officers were separated from the men on 28 May 1945.",
)  # fmt: skip

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
    step = 10 ** max(0, digits - rng.choice((1, 2, 2, 3)))
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


def sentence(rng: random.Random, world: World, rare: bool) -> str:
    """One sentence, with or without figures."""
    nat, group = rng.choice(NATIONS), rng.choice(GROUPS)
    camp = RARE_PLACE if rare else rng.choice(CAMPS)
    kind = rng.randrange(13)
    if kind == 0:
        v = world.figure(rng, ("interned", nat, group, camp), 300, 30_000)
        return f"{cap(when(rng))}, {counted(rng, v, f'{nat} {group}')} were interned at {camp}."
    if kind == 1:
        v = world.figure(rng, ("repatriated", nat, group), 2_000, 400_000)
        return (f"{according(rng)} {counted(rng, v, f'{nat} {group}')} were repatriated "
                f"from {camp} {when(rng)}.")  # fmt: skip
    if kind == 2:
        a = world.figure(rng, ("lienz", "Cossacks"), 15_000, 40_000)
        b = world.figure(rng, ("lienz", "women and children"), 2_000, 9_000)
        return (f"At Lienz in {rng.choice(('May', 'June'))} 1945, British troops of the "
                f"{rng.choice(UNITS)} handed over {counted(rng, a, 'Cossacks')}, among them "
                f"{counted(rng, b, 'women and children')}, to the Soviet authorities.")  # fmt: skip
    if kind == 3:
        v = world.figure(rng, ("camp", camp, group), 1_000, 60_000)
        return (
            f"{cap(camp)} held {counted(rng, v, group)} {when(rng)}, and "
            f"{percent(rng)} of them were {rng.choice(('sick', 'officers', 'wounded'))}."
        )
    if kind == 4:
        ships = rng.randint(8, 45)
        v = world.figure(rng, ("convoy", nat, group), 500, 20_000)
        return (f"Convoy JW {rng.randint(51, 67)} sailed from {rng.choice(PORTS)} "
                f"{when(rng)} with {render_number(rng, ships)} ships carrying "
                f"{counted(rng, v, f'{nat} {group}')}.")  # fmt: skip
    if kind == 5:
        lo = world.figure(rng, ("died", camp), 1_000, 30_000)
        hi = round_like_a_historian(rng, int(lo * rng.uniform(1.1, 1.5)))
        form = rng.choice(("between {a} and {b}", "from {a} to {b}", "{a}–{b}"))
        span = form.format(a=f"{lo:,}", b=f"{hi:,}")
        winter = rng.randint(1941, 1945)
        return f"{according(rng)} {span} prisoners died at {camp} during the winter of {winter}."
    if kind == 6:
        planes = rng.randint(2, 160)
        v = world.figure(rng, ("aircrew", nat, "interned"), 40, 2_000)
        return (
            f"Of the {planes} {rng.choice(AIRCRAFT)} bombers that came down or landed "
            f"{rng.choice(('in Switzerland', 'near Vladivostok', 'in Sweden', 'in Spain'))} "
            f"{when(rng)}, crews totalling {counted(rng, v, 'airmen')} were interned."
        )
    if kind == 7:
        dollars, cents = rng.randint(1, 40), rng.randint(0, 99)
        price = rng.choice(
            (f"{rng.randint(20, 400)} Reichsmarks", f"${dollars}.{cents:02d}",
             f"£{rng.randint(1, 9)} {rng.randint(1, 19)}s", f"{rng.randint(2, 90)} cigarettes")
        )  # fmt: skip
        return f"At {camp} a Red Cross parcel fetched as much as {price} on the black market."
    if kind == 8:
        v = world.figure(rng, ("returned", "Soviet citizens"), 2_000_000, 6_000_000)
        return (
            f"In all, {counted(rng, v, 'Soviet citizens')} were returned to the USSR under "
            f"the Yalta agreement, though {rng.choice(AUTHORITIES)} gives a larger total."
        )
    if kind == 9:
        share = percent(rng)
        return f"{according(rng)} {share} of the {nat} {group} held at {camp} did not survive."
    if kind == 10:
        v = world.figure(rng, ("held", nat, group), 5_000, 900_000)
        return (
            f"{cap(when(rng))}, {rng.choice(('Germany', 'the Soviet Union', 'Japan'))} "
            f"was holding {counted(rng, v, f'{nat} {group}')}."
        )
    return rng.choice(FILLER)


def document(index: int, seed: int, world: World | None = None) -> str:
    """Document ``index`` of the corpus for ``seed``: independent of the corpus size."""
    world = world or World(seed)
    rng = random.Random(f"{seed}:doc:{index}")
    rare = index % RARE_EVERY == RARE_EVERY // 2
    target = rng.randint(TARGET_BYTES - 1200, TARGET_BYTES + 1200)
    topic = rng.choice(("Internment", "Repatriation", "The camps", "Lienz", "Convoys"))
    lines = [f"{topic}: notes and sources, file {seed}-{index:06d}", ""]
    size = sum(len(line) + 1 for line in lines)
    paragraph: list[str] = []
    while size < target:
        text = sentence(rng, world, rare)
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


def generate(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for documents 0..n-1; ``name`` is a relative path with its subfolder."""
    world = World(seed)
    for index in range(n):
        yield name_of(index), document(index, seed, world)


def write_corpus(out_dir: Path, n: int, seed: int = 1) -> int:
    """Write the corpus under ``out_dir``; returns the bytes written."""
    total = 0
    for name, text in generate(n, seed):
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
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("-n must be at least 0")
    total = write_corpus(args.out_dir, args.n, args.seed)
    print(f"wrote {args.n} documents, {total / 1e6:.1f} MB, to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
