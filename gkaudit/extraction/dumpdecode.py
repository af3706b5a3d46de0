"""The 依申请 table of a text that printed its labels first and its numbers after (pdftotext's default
mode): the numbers, read back in the only orders such a converter prints them, where the template's
arithmetic leaves exactly one reading.

Such a converter prints the label column, then the numbers of the rows in order, one a line, each
row whole; rows it takes for one text block (the last rows of a page, say) come column by column
instead: the first column's numbers of those rows, then the second's. The numbers are a sequence
of blocks of consecutive rows, each printed row by row (a block of one) or column by column; a
lone number between labels is a label's fragment ("（四）无" of 无法提供) or the intro's year.

Every way of cutting the sequence into such blocks is tried: a reading must use every number from
where it starts to the end of the table, and each row must add up to its 总计 except at most one
row; of the readings whole, those that one wrong figure put right would mend (a count of 0 or
more in a cell of every broken relation) are kept. When one table is left, that is the table,
every cell ``decoded``; otherwise (two readings differ, or the numbers allow too many) None, and
the caller keeps the table unreadable. A blank printed as nothing leaves the count short: no
reading uses every number then. Such a converter may print a column-by-column block's columns in
another order than the table's (its text boxes' order): a block whose columns in some other order
add up as well leaves the table unread too. No printed figure is changed or left out.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from gkaudit.extraction.regions import Region
from gkaudit.extraction.tokens import Tok, TokKind, runs_of, tokenise
from gkaudit.extraction.values import parse_value
from gkaudit.model import Cell, Number, Source, Table, cell_id
from gkaudit.rules.relations import relations_for
from gkaudit.templates import RowSpec, TableSpec, TemplateSpec

# Rows a converter prints column by column as one block, at most.
_MAX_BLOCK = 8
# Distinct readings followed before giving up: more means the numbers do not choose.
_MAX_READINGS = 256
# Readings that add up kept apart, at most; the cells they disagree on are uncertain.
_MAX_KEPT = 4
# More than one cell in this many in doubt: the table is not read.
_MOST_IN_DOUBT = 4
# A run of at most this many numbers between label texts may be a label's fragment, not cells.
_STRAY = 2


@dataclass(frozen=True, slots=True)
class _Num:
    tok: Tok
    value: Number | None  # None: a blank mark
    ok: bool  # a count as the table holds


class _TooMany(Exception):
    pass


def decode(norm: str, region: Region, template: TemplateSpec) -> Table | None:
    """The 依申请 table read from a label-first text, or None when not exactly one reading fits."""
    spec = template.table("apply")
    width = {len(spec.row_columns(r)) for r in spec.rows}
    if len(width) != 1:
        return None
    w = width.pop()
    toks, layout = tokenise(norm, region.start, region.end, loose_rows=True)
    runs = [[t for t in run.cells if t.kind is TokKind.VALUE] for run in runs_of(toks, layout)]
    runs = [r for r in runs if r]
    nums: list[_Num] = []
    run_start: dict[int, int] = {}  # index of a run's first number → index past its last
    for run in runs:
        run_start[len(nums)] = len(nums) + len(run)
        for t in run:
            parsed = parse_value(t.text, spec.columns[0].kind)
            ok = parsed.invalid is None and (parsed.blank or isinstance(parsed.value, int))
            nums.append(_Num(t, None if parsed.blank else parsed.value, ok))
    found: dict[tuple[tuple[Number | None, ...], ...], tuple[list[RowSpec], tuple[tuple[int, ...], ...]]] = {}
    try:
        for rows in _row_sets(spec):
            if len(rows) * w > len(nums):
                continue
            for grid, where in _readings(nums, run_start, len(rows), w):
                if _explained(template, spec, rows, grid):
                    found.setdefault(grid, (rows, where))
    except _TooMany:
        return None
    if not found or len(found) > _MAX_KEPT or len({len(rows) for rows, _w in found.values()}) > 1:
        return None
    grids = list(found)
    for grid, (rows, where) in list(found.items()):
        grids += _other_column_orders(template, spec, rows, grid, where)
    first = grids[0]
    rows, where = found[first]
    doubt = {(r, c) for g in grids[1:] for r, row in enumerate(g) for c, v in enumerate(row) if v != first[r][c]}
    if len(doubt) * _MOST_IN_DOUBT > len(rows) * w:
        return None
    # A relation the reading breaks is one wrong figure of the report's, or the reading's own where
    # it left a lone number out as a label's fragment: that may be a piece of a number wrapped in
    # its cell ("１３８" above the row, "２" below). Then the order of such a text says nothing
    # more: the cells of a broken relation are uncertain, and no error is claimed on them.
    used = {i for idx in where for i in idx}
    left_out = set(range(min(used), max(used) + 1)) - used
    flat = [0 if v is None else v for vals in first for v in vals]
    broken = {i for rel in _compiled(template, spec, tuple(rows)) if _gap(rel, flat) for i in (*rel[0], *rel[1])} \
        if left_out else set()
    table = Table(spec.id, source=Source(region.start, region.end))
    for r, (row, values, idx) in enumerate(zip(rows, first, where, strict=True)):
        for c, (col, value, i) in enumerate(zip(spec.row_columns(row), values, idx, strict=True)):
            tok = nums[i].tok
            others: tuple[Number | None, ...] = ()
            if (r, c) in doubt:
                others = tuple(sorted({g[r][c] for g in grids} - {value}, key=lambda v: (v is None, v or 0)))
            unsure = bool(others) or r * w + c in broken
            table.cells[(row.id, col.id)] = Cell(spec.id, row.id, col.id, value, norm[tok.start:tok.end],
                                                 Source(tok.start, tok.end), blank=value is None,
                                                 reading="uncertain" if unsure else "decoded", alternatives=others)
    return table


def _other_column_orders(template: TemplateSpec, spec: TableSpec, rows: list[RowSpec],
                         grid: tuple[tuple[Number | None, ...], ...], where: tuple[tuple[int, ...], ...]
                         ) -> list[tuple[tuple[Number | None, ...], ...]]:
    """The tables a block read column by column gives with its columns in another order, that add up.

    A converter prints such a block's columns in the order of its own text boxes, which need not be
    the table's (自然人 and 商业企业 first, say): where another order fits the arithmetic as well, the
    cells it changes are not known. Rows printed one by one keep their order.
    """
    out = []
    i = 0
    while i < len(rows):
        idx = where[i]
        k = idx[1] - idx[0] if len(idx) > 1 else 1
        if k > 1:
            block = grid[i:i + k]
            seen = {block}
            for order in itertools.permutations(range(len(block[0]))):
                other = tuple(tuple(row[c] for c in order) for row in block)
                if other in seen:
                    continue
                seen.add(other)
                if sum(1 for row in other if sum(x or 0 for x in row[:-1]) != (row[-1] or 0)) > 1:
                    continue  # rows that no longer add up: not a reading
                whole = (*grid[:i], *other, *grid[i + k:])
                if _explained(template, spec, rows, whole):
                    out.append(whole)
        i += k
    return out


def _row_sets(spec: TableSpec) -> list[list[RowSpec]]:
    """The rows a printed table has: the form's, with each optional variant printed or not."""
    plain = [r for r in spec.rows if not r.optional]
    out = [plain]
    for alt in (r for r in spec.rows if r.optional and r.alternative_to):
        out.append([alt if r.id == alt.alternative_to[0] else r for r in plain if r.id not in alt.alternative_to[1:]])
    return out


def _readings(nums: Sequence[_Num], run_start: dict[int, int], n: int, w: int
              ) -> list[tuple[tuple[tuple[Number | None, ...], ...], tuple[tuple[int, ...], ...]]]:
    """Every distinct table of ``n`` rows the numbers read as, from some run's start to the end."""
    end = len(nums)

    def tail_is_strays(p: int) -> bool:
        while p < end:
            if p not in run_start or run_start[p] - p > _STRAY:
                return False
            p = run_start[p]
        return True

    @functools.cache
    def suffix(i: int, p: int, spare: int) -> tuple[tuple[tuple[tuple[Number | None, ...], ...],
                                                          tuple[tuple[int, ...], ...]], ...]:
        if i == n:
            return (((), ()),) if tail_is_strays(p) else ()
        out: dict[tuple[tuple[Number | None, ...], ...], tuple[tuple[int, ...], ...]] = {}
        if p in run_start and run_start[p] - p <= _STRAY:
            for grid, where in suffix(i, run_start[p], spare):
                out.setdefault(grid, where)
        for k in range(1, min(_MAX_BLOCK, n - i) + 1):
            if p + k * w > end:
                break
            block = [tuple(p + c * k + r for c in range(w)) for r in range(k)]
            if not all(nums[j].ok for idx in block for j in idx):
                continue
            values = [tuple(nums[j].value for j in idx) for idx in block]
            broken = sum(1 for v in values if sum(x or 0 for x in v[:-1]) != (v[-1] or 0))
            if broken > spare:
                continue
            for grid, where in suffix(i + k, p + k * w, spare - broken):
                out.setdefault((*values, *grid), (*block, *where))
                if len(out) > _MAX_READINGS:
                    raise _TooMany
        return tuple(out.items())

    found: dict[tuple[tuple[Number | None, ...], ...], tuple[tuple[int, ...], ...]] = {}
    for start in sorted(run_start):
        if end - start < n * w:
            break
        for grid, where in suffix(0, start, 1):
            found.setdefault(grid, where)
            if len(found) > _MAX_READINGS:
                raise _TooMany
    return list(found.items())


def _explained(template: TemplateSpec, spec: TableSpec, rows: list[RowSpec],
               grid: tuple[tuple[Number | None, ...], ...]) -> bool:
    """Every relation of the table holds, or one figure put right (a count, 0 or more) makes them all
    hold: a reading that needs two wrong figures, or a negative one, is not the report's."""
    flat = [0 if v is None else v for vals in grid for v in vals]
    relations = _compiled(template, spec, tuple(rows))
    broken = [rel for rel in relations if _gap(rel, flat)]
    if not broken:
        return True
    parts, totals = broken[0]
    suspects = {*parts, *totals}
    for p, t in broken[1:]:
        suspects &= {*p, *t}
    gap = _gap(broken[0], flat)
    for cell in sorted(suspects):
        # The cell's value that makes the first broken relation hold.
        right = flat[cell] + (-gap if cell in parts else gap)
        if right < 0:
            continue
        fixed = [*flat]
        fixed[cell] = right
        if not any(_gap(rel, fixed) for rel in relations):
            return True
    return False


def _gap(rel: tuple[tuple[int, ...], tuple[int, ...]], flat: Sequence[Number]) -> Number:
    """Σ parts − Σ totals of a compiled relation (0 when it holds)."""
    gap = sum(flat[i] for i in rel[0]) - sum(flat[i] for i in rel[1])
    return 0 if abs(gap) < 1e-6 else gap


@functools.lru_cache(maxsize=16)
def _compiled(template: TemplateSpec, spec: TableSpec, rows: tuple[RowSpec, ...]
              ) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """The table's relations over ``rows`` as positions in the row-major list of its cells."""
    cells = [cell_id(spec.id, r.id, c.id) for r in rows for c in spec.row_columns(r)]
    pos = {cid: i for i, cid in enumerate(cells)}
    out = []
    for rel in relations_for(template, {r.id for r in rows}):
        if all(i in pos for i in (*rel.parts, *rel.totals)):
            out.append((tuple(pos[i] for i in rel.parts), tuple(pos[i] for i in rel.totals)))
    return tuple(out)
