"""A one-line table's grid with more cells than the template: which empty cells are merged-cell cover.

LibreOffice's HTML export prints the review table on a 16-column grid (its 总计 spans two), so the
value line has one empty cell too many; when blank cells are empty too, which empties to drop is a
choice between readings. Each row's own total (parts add up to 总计) scores them and the first best
reading is kept. Readings that score alike differ only by where a 0 and a blank sit (a misplaced
number would break a total), so the arithmetic is the same whichever is kept.
"""

from __future__ import annotations

import itertools

from gkaudit.extraction.tokens import Tok, TokKind
from gkaudit.extraction.values import parse_value
from gkaudit.templates import TableSpec

_MAX_READINGS = 500


def _value(tok: Tok, spec: TableSpec) -> float:
    if tok.kind is TokKind.EMPTY:
        return 0.0
    parsed = parse_value(tok.text, spec.columns[0].kind)
    return float(parsed.value) if isinstance(parsed.value, int | float) else 0.0


def _score(cells: list[Tok], spec: TableSpec) -> int:
    width = len(spec.columns)
    ok = 0
    for i in range(len(spec.rows)):
        row = [_value(t, spec) for t in cells[i * width:(i + 1) * width]]
        ok += abs(sum(row[:-1]) - row[-1]) < 1e-6
    return ok


def readings(spec: TableSpec, cells: list[Tok], need: int) -> list[list[Tok]]:
    """The best-scoring ways of dropping empty cells until ``need`` are left."""
    empties = [i for i, t in enumerate(cells) if t.kind is TokKind.EMPTY]
    extra = len(cells) - need
    scored = []
    for drop in itertools.islice(itertools.combinations(empties, extra), _MAX_READINGS):
        kept = [t for i, t in enumerate(cells) if i not in drop]
        scored.append((_score(kept, spec), kept))
    if not scored:
        return [cells[-need:]]
    top = max(s for s, _ in scored)
    return [kept for s, kept in scored if s == top]


def choose_cells(spec: TableSpec, cells: list[Tok], need: int) -> list[Tok]:
    return readings(spec, cells, need)[0]
