"""Searching text for many patterns at once, with exactly the matches of searching one by one.

Word tables (groups, holders, kinds...) are dozens of alternatives; searching them one pattern
at a time, or as one alternation tried at every character, is most of what subject assignment
used to cost. :class:`Table` and :func:`finditer_each` scan once; :func:`leading_letters` puts
a ``(?=[letters])`` test in front so the scan skips positions where no alternative can start.
Every helper here gives the same matches as the plain patterns: speed only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence


def alternation(patterns: Iterable[tuple[str, str]]) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in patterns)


def compile_table(
    patterns: tuple[tuple[str, str], ...], cased: tuple[tuple[str, str], ...] = ()
) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(source), name) for source, name in _sources(patterns, cased)]


def _sources(
    patterns: tuple[tuple[str, str], ...], cased: tuple[tuple[str, str], ...]
) -> list[tuple[str, str]]:
    """Each table entry as a self-contained pattern: the flags are inline, so entries can be
    joined into one alternation without changing what any of them matches."""
    return [(rf"(?i:\b(?:{p})\b)", name) for p, name in patterns] + [
        (rf"(?<![\w.])(?:{p})(?![\w])", name) for p, name in cased
    ]


def finditer_each(
    patterns: Sequence[re.Pattern[str]], anywhere: re.Pattern[str], text: str
) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds for each pattern, in pattern order.

    ``anywhere`` must match wherever some pattern matches (their alternation does), and no
    pattern may match the empty string. A pattern's next match is then always at a position
    ``anywhere`` visits, so ``text`` is scanned once, not once per pattern.
    """
    found: list[list[re.Match[str]]] = [[] for _ in patterns]
    free_from = [0] * len(patterns)  # where each pattern's own finditer resumes
    hit = anywhere.search(text)
    while hit:
        start = hit.start()
        for i, pattern in enumerate(patterns):
            if start >= free_from[i] and (match := pattern.match(text, start)):
                found[i].append(match)
                free_from[i] = match.end()
        hit = anywhere.search(text, start + 1)
    return [match for matches in found for match in matches]


def leading_letters(pattern: str) -> str | None:
    """The letters a match of ``pattern`` can start with, or None when that is not certain.

    Certain only for the plain shapes of the word tables: each alternative starts with a
    letter, ``\\d``, a class of letters (``[Ii]``) or a ``(?:...)``, ``(?P<name>...)`` or
    ``(?-i:...)`` group of such alternatives; when that may be skipped (``?``, ``*``,
    ``{0,n}``), what follows it counts too. A ``(?=[letters])`` lookahead then lets a search
    skip most positions without trying every alternative there.
    """
    letters, end = _leading_letters(pattern, 0)
    return "".join(sorted(letters)) if letters is not None and end == len(pattern) else None


def skipping_to_letters(source: str) -> str:
    """``source``, a pattern that starts with ``\\b``, behind a lookahead for its leading
    letters (unchanged when they are not certain): the same matches, found faster."""
    if not source.startswith("\\b"):
        return source
    return starting_with(leading_letters(source[2:])) + source


def faster(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` recompiled with :func:`skipping_to_letters`."""
    return re.compile(skipping_to_letters(pattern.pattern), pattern.flags)


def _leading_letters(pattern: str, i: int) -> tuple[set[str] | None, int]:
    """Leading letters of the alternation at ``pattern[i:]`` up to its closing ``)``, and the
    index of that ``)`` (or of the end)."""
    letters: set[str] = set()
    while True:  # over the alternatives
        while True:  # over the first elements of one alternative, while they may be skipped
            element, i = _element_letters(pattern, i)
            if element is None:
                return None, i
            letters |= element
            quantifier = _QUANTIFIER.match(pattern, i)
            if not quantifier:
                break
            at_least = quantifier.group("at_least")  # None after "+"
            if not quantifier.group("optional") and (at_least is None or int(at_least or 0)):
                break
            i = quantifier.end()
        i = _alternative_end(pattern, i)
        if pattern[i : i + 1] != "|":
            return letters, i
        i += 1


def _element_letters(pattern: str, i: int) -> tuple[set[str] | None, int]:
    """Letters the element at ``pattern[i]`` can start with, and the index after it."""
    if group := _GROUP_OPENING.match(pattern, i):
        inner, end = _leading_letters(pattern, group.end())
        if inner is None or pattern[end : end + 1] != ")":
            return None, end
        return inner, end + 1
    if letter_class := _LETTER_CLASS.match(pattern, i):
        return set(letter_class.group(1)), letter_class.end()
    if pattern[i : i + 1].isalpha():
        return {pattern[i]}, i + 1
    if pattern.startswith("\\d", i):
        return {"\\d"}, i + 2
    return None, i


def _alternative_end(pattern: str, i: int) -> int:
    """Index of the "|" or ")" that ends the alternative around ``pattern[i]`` (or the end)."""
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # a class: "]" first (or after "^") is a member, not its end
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += 1 if pattern[i : i + 1] == "]" else 0
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "(":
            depth += 1
        elif char == ")" or (char == "|" and depth == 0):
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return i


_GROUP_OPENING = re.compile(r"\((?:\?:|\?P<\w+>|\?-i:)")
# "?", "*" and "{0,n}" (lazy or possessive too) let the element be skipped.
_QUANTIFIER = re.compile(r"(?:(?P<optional>[?*])|\+|\{(?P<at_least>\d*)(?:,\d*)?\})[?+]?")
_LETTER_CLASS = re.compile(r"\[([^\W\d_]+)\]")


def _case_free(pattern: str) -> bool:
    """Whether ``pattern`` has no upper-case letter and no inline flag outside its escapes and
    group names, so that on lower-cased ASCII text it matches as it does case-insensitively
    on the text."""
    unescaped = re.sub(r"\(\?P<\w+>", "(", re.sub(r"\\.", "", pattern))
    return not re.search(r"[A-Z]|\(\?[a-zA-Z-]", unescaped)


def case_folded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """A case-insensitive ``pattern`` made case-sensitive, for ``text.lower()``: on ASCII
    text it matches there at the same places, with the same groups lower-cased, and the re
    module scans it faster. Refused when ``pattern`` is not :func:`_case_free`."""
    if not _case_free(pattern.pattern):
        raise ValueError(f"not a lower-case pattern: {pattern.pattern!r}")
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _may_start(pattern: str, char: str) -> bool:
    """Whether a match of ``pattern`` may start with ``char`` (an ASCII character, lower-cased
    and compared case-insensitively): true unless :func:`leading_letters` rules it out."""
    letters = leading_letters(pattern)
    if letters is None:
        return True
    if letters.replace("\\d", "") != letters and char.isdigit():
        return True
    return char in letters.replace("\\d", "").lower()


def starting_with(letters: str | None) -> str:
    """A lookahead for one of ``letters`` (nothing when they are unknown); they are letters
    or ``\\d``, so none needs escaping in a class."""
    return f"(?=[{letters}])" if letters else ""


class Table:
    """A table of (pattern, name) searched in one pass instead of one ``finditer`` per entry.

    ``anywhere`` matches wherever some entry matches (``\\b(?:a)\\b|\\b(?:b)\\b`` and
    ``\\b(?:a|b)\\b`` match at the same places), so its successive searches visit every position
    where an entry can start; ``each`` is a chain of optional lookaheads that says, in one call,
    which entries match at a position and where each match ends. Together they give exactly
    what a ``finditer`` per entry gives, for the cost of one scan and of the (few) positions
    where an entry matches.
    """

    def __init__(
        self, patterns: tuple[tuple[str, str], ...], cased: tuple[tuple[str, str], ...] = ()
    ) -> None:
        sources = _sources(patterns, cased)
        self.names = tuple(name for _, name in sources)
        anywhere = []
        if patterns:
            first = starting_with(leading_letters(alternation(patterns)))
            anywhere.append(rf"(?i:{first}\b(?:{alternation(patterns)})\b)")
        if cased:
            first = starting_with(leading_letters(alternation(cased)))
            anywhere.append(rf"{first}(?<![\w.])(?:{alternation(cased)})(?![\w])")
        self.anywhere = re.compile("|".join(anywhere))
        # On ASCII text the case-insensitive entries match where their plain form matches the
        # lower-cased text, which the re module scans several times faster; a lookahead makes
        # one finditer yield every position where some entry starts.
        self.lower_starts = self.cased_starts = None
        if patterns and _case_free(alternation(patterns)):
            first = starting_with(leading_letters(alternation(patterns)))
            self.lower_starts = re.compile(rf"{first}(?=\b(?:{alternation(patterns)})\b)")
            if cased:
                self.cased_starts = re.compile(rf"(?={anywhere[1]})")
        self.each = re.compile(
            "".join(f"(?:(?=(?P<e{i}>{source})))?" for i, (source, _) in enumerate(sources))
        )
        self.groups = tuple(self.each.groupindex[f"e{i}"] for i in range(len(sources)))
        # Which entries can start with an ASCII character (lower-cased): at such a position
        # only those are tried, each alone, instead of the whole chain.
        self.entries = [re.compile(source) for source, _ in sources]
        self.by_first: dict[str, tuple[int, ...]] = {}
        for char in map(chr, range(128)):
            self.by_first[char] = tuple(
                i for i, (p, _) in enumerate((*patterns, *cased)) if _may_start(p, char)
            )

    def at(self, text: str, position: int) -> list[tuple[int, int]]:
        """``(entry index, match end)`` of every entry that matches at ``position``."""
        candidates = self.by_first.get(text[position : position + 1].lower())
        if candidates is not None:
            return [
                (i, match.end())
                for i in candidates
                if (match := self.entries[i].match(text, position))
            ]
        spans = self.each.match(text, position).regs  # type: ignore[union-attr]
        return [(i, spans[g][1]) for i, g in enumerate(self.groups) if spans[g][0] >= 0]

    def starts(self, text: str) -> list[int]:
        """Every position where some entry matches, in order: where ``anywhere`` matches."""
        if self.lower_starts is None or not text.isascii():
            positions = []
            match = self.anywhere.search(text)
            while match:
                positions.append(match.start())
                match = self.anywhere.search(text, match.start() + 1)
            return positions
        positions = [match.start() for match in self.lower_starts.finditer(text.lower())]
        if self.cased_starts is not None:
            cased = [match.start() for match in self.cased_starts.finditer(text)]
            if cased:
                positions = sorted(set(positions).union(cased))
        return positions

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """``(start, end, entry index)`` of what each entry's ``finditer`` finds, by start,
        then by entry order."""
        found: list[tuple[int, int, int]] = []
        free_from = [0] * len(self.names)  # where each entry's own finditer resumes
        for start in self.starts(text):
            for i, end in self.at(text, start):
                if start >= free_from[i]:
                    found.append((start, end, i))
                    free_from[i] = end
        return found

    def named_in(self, text: str) -> tuple[str, ...]:
        """The name of each entry that matches somewhere in ``text``, in table order."""
        indices = sorted({i for _, _, i in self.scan(text)})
        return tuple(self.names[i] for i in indices)

    def first(self, text: str) -> tuple[int, int, str] | None:
        """The earliest match of any entry, the longest there, the first entry on a tie."""
        if self.lower_starts is None or not text.isascii():
            match = self.anywhere.search(text)
            if not match:
                return None
            start = match.start()
        else:
            found = [self.lower_starts.search(text.lower())]
            if self.cased_starts is not None:
                found.append(self.cased_starts.search(text))
            starts = [match.start() for match in found if match]
            if not starts:
                return None
            start = min(starts)
        index, end = min(self.at(text, start), key=lambda item: (-item[1], item[0]))
        return start, end, self.names[index]
