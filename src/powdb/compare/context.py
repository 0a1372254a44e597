"""Where each claim sits in its document: headings, list item, table cell, bold lead label.

Reads :func:`powdb.readers.structure.structure_of` (a pure function of the stored text and its
media type) and turns what it says at each claim's offset into a
:class:`~powdb.compare.frames.ClaimContext`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from powdb.compare.frames import ClaimContext
from powdb.readers.structure import DocumentStructure, structure_of

# A paragraph that opens with a bold label: "**Deaths:** 14 (13 immediate, 1 later)".
_BOLD_LEAD_RE = re.compile(r"[ \t]*(?:\*\*|__)([^*_\n]{1,60}?):?(?:\*\*|__):?")


def contexts_of(
    text: str,
    media_type: str,
    offsets: Sequence[int],
    structure: DocumentStructure | None = None,
) -> list[ClaimContext]:
    """The context of a claim at each offset (offsets into the stored ``text``); give the
    text's ``structure`` if it was read already."""
    if structure is None:
        structure = structure_of(text, media_type)
    item_starts = [item.start for item in structure.items]
    return [
        context_at(structure, text, offset, item_starts, line_start)
        for offset, line_start in zip(offsets, _line_starts(text, offsets), strict=True)
    ]


def _line_starts(text: str, offsets: Sequence[int]) -> list[int]:
    """Where the line holding each offset starts, found in one pass over the text: a search
    back from each offset to its line's start was quadratic on a long line of figures."""
    starts = [0] * len(offsets)
    line_start = searched_to = 0
    for i in sorted(range(len(offsets)), key=offsets.__getitem__):
        newline = text.rfind("\n", searched_to, offsets[i])
        if newline >= 0:
            line_start = newline + 1
        searched_to = max(searched_to, offsets[i])
        starts[i] = line_start
    return starts


def context_at(
    structure: DocumentStructure,
    text: str,
    offset: int,
    item_starts: Sequence[int],
    line_start: int | None = None,
) -> ClaimContext:
    headings = structure.heading_at(offset)
    cell = structure.cell_at(offset)
    label = structure.list_label_at(offset) or structure.front_matter_key_at(offset)
    if label is None and cell is None:
        if line_start is None:
            line_start = text.rfind("\n", 0, offset) + 1
        lead = _BOLD_LEAD_RE.match(text, line_start)
        if lead is not None and lead.end() <= offset:
            label = lead.group(1).strip()
    return ClaimContext(
        headings=headings,
        label=label,
        column=cell.header if cell is not None else None,
        row=cell.row_label if cell is not None else None,
        list_start=_list_start(structure, text, offset, item_starts),
    )


def _list_start(
    structure: DocumentStructure, text: str, offset: int, item_starts: Sequence[int]
) -> int | None:
    """Where the list holding the item at ``offset`` begins: items of one depth that follow
    each other with nothing but white space between them are one list."""
    items = structure.items
    i = bisect.bisect_right(item_starts, offset) - 1
    # The innermost item holding the offset: items nested in it start after it.
    while i >= 0 and not items[i].start <= offset < items[i].end:
        if items[i].depth == 1:
            return None
        i -= 1
    if i < 0:
        return None
    depth = items[i].depth
    start = items[i].start
    j = i - 1
    while j >= 0:
        previous = items[j]
        if previous.depth == depth:
            if text[previous.end : start].strip():
                break
            start = previous.start
        elif previous.depth < depth:
            break
        j -= 1
    return start
