"""Write a small self-written corpus where sources corroborate and contradict each other.

    .venv/bin/python bench/make_conflict_corpus.py [OUTPUT_DIR]   # default: bench/conflict_corpus

Seven short documents (invented sources, historical setting) on three stories: the Cossack
handover at Lienz (May/June 1945), the Soviet internment of US aircrews in the Far East, and
POW repatriation through Odessa. Several figures are repeated (corroborations), some
contradicted (conflicts), and some are traps that share words with a contested figure but
count something else and must NOT conflict with it: another month, another place, another
nationality, or an "another/additional" set.

``EXPECTED_CONFLICTS`` and ``TRAPS`` say what powdb must make of it (checked by
``tests/test_subjects.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCUMENTS: dict[str, str] = {
    "01_lienz_account": (
        "The Handover at Lienz\n"
        "In the last days of the war the British Army in southern Austria received an order it "
        "would long regret. In late May 1945 the British handed over about 22,500 Cossacks at "
        "Lienz to the Soviet authorities. Many of them had never been Soviet citizens: they had "
        "left Russia after the civil war and held Nansen passports. In June 1945, some 3,000 "
        "Cossacks were handed over at Lienz after being rounded up in the surrounding hills.\n"
    ),
    "02_cossack_tragedy": (
        "A Tragedy in the Drau Valley\n"
        "The Cossack camps along the Drau were emptied in a matter of days. Some 23,000 "
        "Cossacks were handed over at Lienz in May 1945, among them women and children. "
        "Another 2,000 Cossacks were handed over at Lienz in May 1945 after they were found "
        "hiding in the woods. Few of them were ever heard of again.\n"
    ),
    "03_regimental_memoir": (
        "From a Regimental Memoir\n"
        "The regiment's diary gives figures that later historians could not confirm. In May "
        "1945, 45,000 Cossacks were handed over at Lienz, according to the diary. In all, "
        "roughly 50,000 Cossacks were handed over in Austria in May 1945. The officers who "
        "carried out the order rarely spoke of it afterwards.\n"
    ),
    "04_far_east_internment": (
        "Interned in the Far East\n"
        "American bombers that were damaged over Japan sometimes landed on Soviet soil, and "
        "their crews were not allowed to leave. The Soviet Union interned 291 American airmen "
        "from these crews. Because Moscow feared a war with Japan, the releases had to look "
        "like accidents. The NKVD staged four escapes for the interned American crews, each "
        "one disguised as a mishap on the way to Central Asia.\n"
    ),
    "05_home_from_siberia_review": (
        "Review: the Siberian internees\n"
        "The book follows the crews from their forced landings to their return. In all, "
        "roughly 300 American fliers were interned by the Soviets. Five escapes were staged "
        "for the interned American crews by the NKVD, according to the author. The Soviets "
        "also interned about 30 British airmen who had strayed across the border.\n"
    ),
    "06_pow_claims": (
        "Claims and counter-claims\n"
        "Some writers have given much larger figures for the internment. One account states "
        "that more than 1,000 American airmen were interned by the Soviet Union. Another 50 "
        "American airmen were interned by the Soviet Union after the war, the same account "
        "says. Some 2,900 American prisoners of war were repatriated via Odessa in March "
        "1945.\n"
    ),
    "07_odessa_repatriation": (
        "Through Odessa\n"
        "Liberated prisoners from camps in Poland were gathered at Odessa on the Black Sea. In "
        "March 1945 about 2,800 American prisoners of war were repatriated via Odessa. In "
        "March 1945, about 1,600 British prisoners of war were repatriated via Odessa on the "
        "same ships.\n"
    ),
}

# What powdb must make of the corpus, as (document, value) pairs: each set of claims shown
# together in one confident conflict, and the traps that are never in one.
EXPECTED_CONFLICTS: tuple[frozenset[tuple[str, float]], ...] = (
    # Cossacks handed over at Lienz in May 1945: about 22,500 and some 23,000 against 45,000.
    frozenset({("01_lienz_account", 22500), ("03_regimental_memoir", 45000)}),
    frozenset({("02_cossack_tragedy", 23000), ("03_regimental_memoir", 45000)}),
)
# Not expected: the escapes staged for the interned American crews, four against five. The two
# short pages share no name they both give twice (only the NKVD, once each), so powdb does not
# know them for one event; see README, "How it decides".
#: Figures that look like a contested one but count something else: never in a conflict.
TRAPS = frozenset(
    {
        ("01_lienz_account", 3000),  # June, not May
        ("02_cossack_tragedy", 2000),  # "another" set
        ("03_regimental_memoir", 50000),  # all of Austria, not Lienz
        ("05_home_from_siberia_review", 30),  # British, not American
        ("06_pow_claims", 50),  # "another" set
        ("07_odessa_repatriation", 1600),  # British, not American
    }
)


def write_corpus(directory: Path) -> list[Path]:
    """Write one ``.txt`` per document into ``directory``; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in DOCUMENTS.items():
        path = directory / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "conflict_corpus"
    for path in write_corpus(target):
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
