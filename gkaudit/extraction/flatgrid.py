"""A one-line table's grid with more cells than the template: which empty cells are merged-cell cover.

LibreOffice's HTML export prints the review table on a 16-column grid (its 总计 spans two), so the
value line has one empty cell too many; when blank cells are empty too, which empties to drop is a
choice between readings. Each row's own total (parts add up to 总计) scores them and the first best
reading is kept. Readings that score alike differ only by where a 0 and a blank sit (a misplaced
number would break a total), so the arithmetic is the same whichever is kept; the cells they
disagree on are uncertain all the same, since a blank is not a 0.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from gkaudit.extraction.shortrows import digit_splits
from gkaudit.extraction.tokens import Run, Tok, TokKind
from gkaudit.extraction.values import parse_value
from gkaudit.model import Finding, Table
from gkaudit.reading.normalise import normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import TableSpec

_MAX_READINGS = 500
_MAX_RIVALS = 20


def _value(tok: Tok | None, spec: TableSpec) -> float:
    if tok is None or tok.kind is TokKind.EMPTY:
        return 0.0
    parsed = parse_value(tok.text, spec.columns[0].kind)
    return float(parsed.value) if isinstance(parsed.value, int | float) else 0.0


def totals_holding(cells: Sequence[Tok | None], spec: TableSpec) -> int:
    """How many rows of a one-line table's cells (None or an empty cell: a blank) add up to their 总计."""
    return _rows_adding_up([_value(t, spec) for t in cells], spec)


def _rows_adding_up(values: Sequence[float], spec: TableSpec) -> int:
    """How many rows of a one-line table's values, row after row, add up to their 总计."""
    width = len(spec.columns)
    return sum(abs(sum(values[i * width:(i + 1) * width - 1]) - values[(i + 1) * width - 1]) < 1e-6
               for i in range(len(spec.rows)))


_MAX_PARTED = 2  # numbers more than printed that a one-line table's digits are parted into, at most


def parted_readings(spec: TableSpec, nums: Sequence[Tok]) -> list[tuple[int, ...]]:
    """A one-line table's cells, one value each, where its printed numbers (fewer than its cells,
    at most ``_MAX_PARTED`` fewer) are read as more numbers whose digits ran together and every row
    then adds up to its 总计: "69147" for 69 147 where a position layout set two close cells side
    by side. Such a reading fills every cell; the placements with a blank that break a total are
    then no surer than it. Only plain digit runs with no leading zero are parted."""
    slots = len(spec.rows) * len(spec.columns)
    digits = [normalise(t.text).strip() for t in nums]
    if not 0 < slots - len(digits) <= _MAX_PARTED or not all(d.isdigit() for d in digits):
        return []
    out = []
    for cuts in digit_splits(digits, slots):
        values = tuple(int(d[a:b]) for d, spans in zip(digits, cuts, strict=True) for a, b in spans)
        if _rows_adding_up(values, spec) == len(spec.rows):
            out.append(values)
    return out


def readings(spec: TableSpec, cells: list[Tok], need: int) -> list[list[Tok]]:
    """The best-scoring ways of dropping empty cells until ``need`` are left, each once: dropping
    one or another of neighbouring empties leaves the same line (so a run of empties after the
    numbers, a page's spacer row run on, does not fill the rivals with one reading)."""
    empties = [i for i, t in enumerate(cells) if t.kind is TokKind.EMPTY]
    extra = len(cells) - need
    scored = []
    seen: set[tuple[tuple[int, int] | None, ...]] = set()
    for drop in itertools.islice(itertools.combinations(empties, extra), _MAX_READINGS):
        kept = [t for i, t in enumerate(cells) if i not in drop]
        line = tuple(None if t.kind is TokKind.EMPTY else (t.start, t.end) for t in kept)
        if line in seen:
            continue
        seen.add(line)
        scored.append((totals_holding(kept, spec), kept))
    if not scored:
        return [cells[-need:]]
    top = max(s for s, _ in scored)
    return [kept for s, kept in scored if s == top]


def rivals(spec: TableSpec, runs: list[Run]) -> range:
    """The indices of the other best readings of a one-line table's grid line (none when it has one)."""
    width = len(spec.columns)
    n = len(spec.rows)
    need = width * n
    if len(runs) >= n and all(len(r.cells) == width for r in runs[-n:]):
        return range(0)
    cells = [t for r in runs for t in r.cells]
    printed = [t for t in cells if t.kind is not TokKind.EMPTY]
    if not runs or len(cells) > need == len(printed) or not covered(cells, runs[0].pre, runs[-1].post, need):
        return range(0)
    return range(1, min(len(readings(spec, [*runs[0].pre, *cells, *runs[-1].post], need)), _MAX_RIVALS))


def covered(cells: list[Tok], pre: list[Tok], post: list[Tok], need: int) -> bool:
    """A grid value line with empty cells inside and more cells in all than the table has: some
    empties are a merged cell's cover, some are blanks (the empties at its ends count too)."""
    if not cells or cells[0].col < 0:
        return False  # one cell per line: no merged cell covers anything
    printed = sum(1 for t in cells if t.kind is not TokKind.EMPTY)
    return printed < need < len(pre) + len(cells) + len(post) and any(t.kind is TokKind.EMPTY for t in cells)


def columns_merged(cells: list[Tok], need: int) -> bool:
    """A grid value line with fewer numbers than the table has cells, where one grid cell holds
    several numbers ("| 0 0 0 |", a converter that guessed the page's columns) and some grid cells
    are empty: the grid's columns are not the table's, so where its empty cells stand says nothing
    of which cells are blank."""
    values = Counter((t.line, t.col) for t in cells if t.kind is TokKind.VALUE and t.col >= 0)
    return (sum(values.values()) < need and any(n > 1 for n in values.values())
            and any(t.kind is TokKind.EMPTY for t in cells))


def doubt_finding(spec: TableSpec, table: Table) -> Finding:
    cells = tuple(c.id for c in table.cells.values() if c.reading == "uncertain")
    return catalogued(
        "extract.uncertain",
        message=f"{spec.title}：表格的空白格与合并单元格无法区分，几种读法合计都相符，这些格是 0 还是空白不能确定，请核对原文",
        cells=cells,
    )
