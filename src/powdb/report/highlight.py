"""A source text as escaped HTML with every claim highlighted in place.

Offsets are Python ``str`` indices into the stored text, and ``text[start:end] == surface``
holds for every anchored claim, so a ``<mark>`` around ``text[start:end]`` holds exactly the
claim's surface. Claims nested in another claim nest as marks; a claim that crosses another's
boundary cannot nest in HTML and is returned apart, to be listed below the text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape


def highlight(
    text: str,
    claims: Sequence[dict[str, Any]],
    open_tag: Callable[[dict[str, Any]], str],
) -> tuple[Markup, list[dict[str, Any]]]:
    """``(html, claims not drawn in place)``; ``open_tag(claim)`` gives a mark's opening tag."""
    drawable = [c for c in claims if c["anchored"] and 0 <= c["start"] <= c["end"] <= len(text)]
    drawable.sort(key=lambda c: (c["start"], -c["end"], c["id"]))
    drawn = {id(c) for c in drawable}
    apart = [c for c in claims if id(c) not in drawn]
    parts: list[str] = []
    open_ends: list[int] = []  # ends of the marks now open, innermost last
    position = 0
    for claim in drawable:
        start, end = claim["start"], claim["end"]
        while open_ends and open_ends[-1] <= start:
            parts.append(escape(text[position : open_ends[-1]]))
            position = open_ends.pop()
            parts.append("</mark>")
        if open_ends and end > open_ends[-1]:
            apart.append(claim)  # crosses the boundary of the mark it starts in
            continue
        parts.append(escape(text[position:start]))
        parts.append(open_tag(claim))
        position = start
        open_ends.append(end)
    while open_ends:
        parts.append(escape(text[position : open_ends[-1]]))
        position = open_ends.pop()
        parts.append("</mark>")
    parts.append(escape(text[position:]))
    return Markup("".join(parts)), sorted(apart, key=lambda c: c["id"])
