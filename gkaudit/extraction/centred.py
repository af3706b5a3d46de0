"""Numbers centred one a line: a number printed off the common centre follows a blank cell.

A text browser that cannot lay a table out in columns (lynx on a page saved from Word) prints
every cell on a line of its own, centred, and prints a blank cell as nothing. Lynx then centres
the number after a blank cell wrongly: it starts columns away from where the others' centre puts
it. So where a row printed fewer numbers than it has cells, a number off the centre says a blank
stands before it. A number on the centre says nothing (a blank before it may leave it there), so
this only ever rules placements out; when the numbers off the centre are as many as the blanks,
it leaves one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gkaudit.model import Cell, Table
from gkaudit.reading.normalise import normalise

_MIN_CELLS = 10  # numbers alone on their lines that a table needs to show a common centre
_ALONE = 0.9  # of a table's numbers alone on their lines: printed one a line
_SHARE = 0.5  # of those, more than this on the common centre
_SLACK = 2  # half-columns a number may stand off the centre and still count as on it (or as unknown)


def after_blanks(printed: Sequence[Cell], table: Table, text: str) -> frozenset[int]:
    """The indexes of ``printed`` (a short row's numbers, in printed order) whose place says a blank
    cell stands before them: each alone on its line, in a table whose numbers are centred one a
    line, and off that centre. Empty when the layout is not that or says nothing."""
    starts = [c.source.start for c in printed if c.source is not None]
    if len(starts) != len(printed) or starts != sorted(starts):
        return frozenset()
    common = _common(table, text)
    if common is None:
        return frozenset()
    centre, lefts, rights = common
    # A cell aligned left or right in a table of centred ones prints at the page's margin: the
    # left one where the text's lines start furthest left, the right one its mirror about the centre.
    margin = min((len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip(" ")), default=0)
    out = set()
    for i, cell in enumerate(printed):
        line = _line(cell, text)
        if line is None:
            continue  # a number sharing its line: its place says nothing
        raw = line.strip(" ")
        col = len(line) - len(line.lstrip(" "))
        # Off the centre, and not where the others start or end (numbers aligned left or right
        # that differ in width stand off the centre too), however wide its characters are drawn
        # (a full-width digit or a dash: one column to as many as its UTF-8 bytes).
        widths = range(len(raw), len(raw.encode("utf-8")) + 1)
        if col in lefts or col <= margin + _SLACK:
            continue
        if all(abs(2 * col + w - centre) > 1 + _SLACK and col + w not in rights and col + w < centre - margin - 2 * _SLACK
               for w in widths):
            out.add(i)
    return frozenset(out)


def _place(cell: Cell, text: str) -> tuple[int, int] | None:
    """(column, width) of a number standing alone on its line, printed in plain ASCII (its width
    then known: a full-width digit's is not the same in every rendering); None otherwise."""
    line = _line(cell, text)
    if line is None:
        return None
    raw = line.strip(" ")
    if not raw.isascii() or normalise(raw) != raw:
        return None
    return len(line) - len(line.lstrip(" ")), len(raw)


def _line(cell: Cell, text: str) -> str | None:
    """The line of a number (or a blank mark) standing alone on it; None for a cell sharing its line."""
    src = cell.source
    if src is None:
        return None
    start = text.rfind("\n", 0, src.start) + 1
    end = text.find("\n", src.end)
    line = text[start:len(text) if end < 0 else end]
    raw = line.strip(" ")
    if not raw or raw != text[src.start:src.end].strip(" ") or "\t" in line:
        return None
    return line


def _common(table: Table, text: str) -> tuple[float, frozenset[int], frozenset[int]] | None:
    """The common centre of a table's numbers (twice the column, between its two halves) and the
    columns they start and end at, when they stand one a line and most of them on that centre."""
    numbers = [c for c in table.cells.values() if c.value is not None]
    if sum(1 for c in numbers if _line(c, text) is not None) < _ALONE * len(numbers):
        return None
    places = [p for p in (_place(c, text) for c in numbers) if p is not None]
    if len(places) < _MIN_CELLS:
        return None
    doubled = Counter(2 * col + width for col, width in places)
    best = max(doubled, key=lambda c: (doubled[c] + doubled[c + 1], -c))
    on = [(col, width) for col, width in places if 2 * col + width in (best, best + 1)]
    if len(on) <= _SHARE * len(places):
        return None
    return best + 0.5, frozenset(col for col, _w in on), frozenset(col + width for col, width in on)
