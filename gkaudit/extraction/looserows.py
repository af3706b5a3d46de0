"""Cells a converter pulled out of their Markdown row as loose lines, given back to the rows they left.

A PDF cell printed over several lines (``22`` / ``（其中修订 16 件）``) does not fit a Markdown
cell: converters print it as loose lines before the table and leave the row short (``| 规章 | 22 |
235 |``). When every row of numbers names its own row, and the loose numbers are exactly as many
as the named rows lack, the loose numbers go to the short rows in order. Where in its row a loose
number stood is not printed: every position is a reading, the template's priors (现行有效 ≥ 本年制发,
a number the narrative states beside the row's name) rank them, and positions they cannot tell
apart leave the cells uncertain. No digit is changed and no number is left over.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field

from gkaudit.extraction import alignment, runtogether
from gkaudit.extraction.tokens import Run, Tok, TokKind
from gkaudit.extraction.values import parse_value
from gkaudit.templates import RowSpec, TableSpec

_NUMBERING = 4  # "（一）", "1." before a row's name
_MAX_READINGS = 64


@dataclass(slots=True)
class LoosePlacement:
    placed: list[tuple[RowSpec, Run]]
    # row id → the other readings of the row's cells that the priors could not rule out
    doubt: dict[str, list[list[Tok]]] = field(default_factory=dict)


def named_row(spec: TableSpec, label: str) -> RowSpec | None:
    """The row ``label`` is the name of (a numbering before it at most), not a fragment of a wrapped
    label that happens to hold a key (其他 in 不计其他情形)."""
    named = alignment.label_rows(spec.rows, label) if label else {}
    if len(named) != 1 or next(iter(named.values())) < len(label) - _NUMBERING:
        return None
    return spec.rows[next(iter(named))]


def place(spec: TableSpec, runs: list[Run], quoted: runtogether.Quoted) -> LoosePlacement | None:
    """The rows with the loose numbers given back, or None when the layout is not this one."""
    named: dict[str, Run] = {}
    loose: list[Tok] = []
    for run in (r for r in runs if r.cells):
        if run.own == "":
            # Nothing but numbers on the grid line: cells pulled out of a row.
            loose.extend(t for t in run.cells if t.kind is TokKind.VALUE)
            continue
        row = named_row(spec, run.own if run.own is not None else run.tail)
        if row is None or row.id in named or len(run.cells) > len(spec.row_columns(row)):
            return None
        named[row.id] = run
    short = [r for r in spec.rows if r.id in named and len(named[r.id].cells) < len(spec.row_columns(r))]
    if any(_whole(named[r.id], len(spec.row_columns(r))) for r in short):
        # A row short of numbers whose grid line has a cell for each of its columns printed its
        # blanks as empty cells: it lacks nothing, and the loose numbers are some other row's.
        return None
    if not loose or not short or sum(len(spec.row_columns(r)) - len(named[r.id].cells) for r in short) != len(loose):
        return None
    out = LoosePlacement([])
    given = iter(loose)
    for row in spec.rows:
        printed = named.get(row.id)
        if printed is None:
            continue
        if row in short:
            extra = [next(given) for _ in range(len(spec.row_columns(row)) - len(printed.cells))]
            readings = _ranked(row, spec, printed.cells, extra, quoted)
            if not readings:
                return None
            printed = dataclasses.replace(printed, cells=readings[0], pre=[], post=[])
            if len(readings) > 1:
                out.doubt[row.id] = readings[1:]
        out.placed.append((row, printed))
    return out


def _whole(run: Run, width: int) -> bool:
    """Whether the run's grid line holds a cell for each of ``width`` columns, empty ones too."""
    return sum(t.kind is TokKind.EMPTY for t in (*run.pre, *run.post)) + len(run.cells) >= width


def _ranked(row: RowSpec, spec: TableSpec, printed: list[Tok], extra: list[Tok], quoted: runtogether.Quoted) -> list[list[Tok]]:
    """Every way to put ``extra`` among ``printed`` (both in order): the best, then its rivals
    (those within the priors' margin that give other values)."""
    columns = spec.row_columns(row)
    width = len(columns)
    if len(list(itertools.combinations(range(width), len(extra)))) > _MAX_READINGS:
        return []
    scored: dict[tuple[str, ...], tuple[float, list[Tok]]] = {}
    for where in itertools.combinations(range(width), len(extra)):
        a, b = iter(printed), iter(extra)
        cells = [next(b) if i in where else next(a) for i in range(width)]
        if any(parse_value(t.text, c.kind).invalid for t, c in zip(cells, columns, strict=True)):
            continue  # a number its column cannot hold (a decimal among counts): no reading
        key = tuple(t.text for t in cells)
        pieces = tuple(runtogether.Piece(t.text, t.start, t.end) for t in cells)
        score = runtogether.prior(row, [c.id for c in columns], [c.kind for c in columns], pieces, quoted)
        if key not in scored or score > scored[key][0]:
            scored[key] = (score, cells)
    if not scored:
        return []
    ranked = sorted(scored.values(), key=lambda s: -s[0])
    best = ranked[0][0]
    return [cells for score, cells in ranked if best - score < runtogether.PRIOR_MARGIN]
