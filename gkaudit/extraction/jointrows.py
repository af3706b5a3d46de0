"""Several short rows of one table placed together by the relations they take part in.

Each short row (a blank printed as nothing) admits several placements of its numbers; settled one
row at a time, the column relations rarely decide any. Taken together, the combinations that
break fewest relations across the rows are the readings of the report as printed: none, when the
report is right; when it breaks a relation of its own (a slip), the true placement breaks no more
than any other, because moving a number between columns breaks as many relations as it mends
unless it happens to make up for the slip exactly — and then both readings break as many, and the
cells stay open. A cell on which every such combination agrees is read by the arithmetic
(``decoded``); the others stay uncertain with the surviving values as alternatives. Past two
broken relations nothing is decided: that is the reading's fault more likely than the report's.

The combinations are not listed one by one: the relations across rows are sums, so the rows are
added one after the other keeping only the distinct partial sums that can still end within the
breaks allowed (bounded; past the bound nothing is decided).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from gkaudit.model import Cell, Number, Table, split_cell_id
from gkaudit.rules.relations import Relation, holds

if TYPE_CHECKING:
    import numpy as np  # imported where needed: most reports never get here, and numpy takes a while to load

_MAX_STATES = 20000  # distinct partial sums kept after any row, at most
_MAX_BROKEN = 2  # relations across rows a report's own slips break, at most, for anything to be decided
_MAX_WORK = 500_000  # partial sums extended by a row's shares, at most, in one search
_MAX_REACH = 4000  # values a relation's share may take over the rows still to come, followed at most
_SCALE = 100  # shares in hundredths (amounts have two decimals)

Option = Mapping[str, Cell]  # one placement of a row: cell id → the cell there (a blank one where none)
Vector = tuple[int, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """A short row: its cell ids and the placements it admits on its own."""

    ids: tuple[str, ...]
    options: tuple[Option, ...]


def settle(table: Table, rows: Sequence[Row], relations: Sequence[Relation],
           most_broken: int = _MAX_BROKEN) -> list[str] | None:
    """Decide the cells of ``rows`` that every combination satisfying the relations agrees on.

    Those cells are set ``decoded`` (each row set to one surviving placement); the others stay
    uncertain with the surviving values as alternatives. Returns the ids of the cells decided;
    None (the table untouched) when no combination breaks at most ``most_broken`` relations across
    rows or there are too many to follow.
    """
    if not rows:
        return []
    survivors = _surviving(table, rows, relations, most_broken) if len(rows) > 1 else \
        _alone(table, rows[0], relations, most_broken)
    if survivors is None:
        return None
    decided: list[str] = []
    for row, options in zip(rows, survivors, strict=True):
        decided += _apply(table, row, options)
    return decided


def _surviving(table: Table, rows: Sequence[Row], relations: Sequence[Relation],
               most_broken: int) -> list[list[Option]] | None:
    in_rows = {cid for row in rows for cid in row.ids}
    fixed = {cell.id: float(cell.value or 0) for cell in table.cells.values()
             if cell.id not in in_rows and cell.reading != "uncertain" and (cell.value is not None or cell.blank)}
    return surviving(fixed, rows, relations, most_broken)


def _alone(table: Table, row: Row, relations: Sequence[Relation], most_broken: int) -> list[list[Option]] | None:
    """The placements of the one short row of a table that break the fewest relations it shares with
    cells read for sure (at most ``most_broken``), among those that keep its own relations when
    some do; None when more break. The same reasoning as across rows: a reading that moves numbers
    to other columns breaks the relations of each column it changes, the true one only those of
    the report's own slip, and a reading that breaks no more stays beside it."""
    ids = set(row.ids)
    fixed = {cell.id: float(cell.value or 0) for cell in table.cells.values()
             if cell.id not in ids and cell.reading != "uncertain" and (cell.value is not None or cell.blank)}
    mine = [r for r in relations if ids & {*r.parts, *r.totals} and not r.unread
            and all(c in ids or c in fixed for c in (*r.parts, *r.totals))]
    own = [r for r in mine if {*r.parts, *r.totals} <= ids]
    shared = [r for r in mine if r not in own]
    options = [o for o in row.options if all(holds(r, _numbers(o)) for r in own)] or list(row.options)
    broken = [sum(not holds(r, {**fixed, **_numbers(o)}) for r in shared) for o in options]
    least = min(broken, default=most_broken + 1)
    if least > most_broken:
        return None
    return [[o for o, n in zip(options, broken, strict=True) if n == least]]


def surviving(fixed: Mapping[str, float], rows: Sequence[Row], relations: Sequence[Relation],
              most_broken: int = _MAX_BROKEN) -> list[list[Option]] | None:
    """Each row's placements that take part in some combination breaking the fewest relations
    across the rows (at most ``most_broken``), the cells of ``fixed`` read for sure; None when
    none is found within the bounds."""
    in_rows = {cid: i for i, row in enumerate(rows) for cid in row.ids}
    own: list[list[Relation]] = [[] for _ in rows]
    across: list[Relation] = []
    for rel in relations:
        ids = (*rel.parts, *rel.totals)
        touched = {in_rows[c] for c in ids if c in in_rows}
        if not touched:
            continue
        # Only relations whose other cells are read for sure, and that sum every cell they name. One
        # left out rules nothing out: what every combination satisfying the rest agrees on still holds.
        if rel.unread or any(c not in in_rows and c not in fixed for c in ids):
            continue
        if len(touched) == 1:
            own[touched.pop()].append(rel)
        else:
            across.append(rel)
    kept: list[list[Option]] = []
    for row, rels in zip(rows, own, strict=True):
        good = [o for o in row.options if all(holds(r, {**fixed, **_numbers(o)}) for r in rels)]
        # A row whose own relations break however placed is the report's error there; where its
        # blanks stand is for the relations across rows to say.
        kept.append(good or list(row.options))
    # Each relation across rows as Σ parts − Σ totals = 0: a row's share of each, and the share of
    # the cells outside the rows (in hundredths: whole numbers add fast and exactly).
    target = tuple(-_share(r, fixed) for r in across)
    classes: list[dict[Vector, list[Option]]] = []
    for options in kept:
        by_share: dict[Vector, list[Option]] = {}
        for o in options:
            nums = _numbers(o)
            by_share.setdefault(tuple(_share(r, nums) for r in across), []).append(o)
        classes.append(by_share)
    if not across:
        return kept  # nothing links the rows: each keeps what its own relations allow
    import numpy as np

    reach = _reach(classes, len(across))
    goal = np.array(target, dtype=np.int64)
    # The combinations that break fewest relations across rows (none, when the report is right),
    # searched with 0, 1, 2 breaks allowed in turn: a right report is settled as fast as when none
    # were. After the last row a partial sum breaks exactly the relations it misses, and none came
    # through with fewer breaks allowed, so every one left breaks the fewest.
    for allowed in range(most_broken + 1):
        layers = _forward(classes, goal, reach, allowed)
        if layers is None:
            return None  # too many partial sums to follow
        if len(layers[-1]):
            return _backward(classes, layers, layers[-1])
    return None  # more than a report's own slips: the reading, not the report, is at fault


def _reach(classes: Sequence[Mapping[Vector, list[Option]]], n: int) -> list[list[np.ndarray | None]]:
    """For each row i, what each relation's share can still become from row i on, relation by
    relation, sorted (None: too many values to follow, anything)."""
    import numpy as np

    sets: list[set[int] | None] = [{0} for _ in range(n)]
    out: list[list[np.ndarray | None]] = [[np.zeros(1, dtype=np.int64) for _ in range(n)]]
    for by_share in reversed(classes):
        for j in range(n):
            after = sets[j]
            steps = {c[j] for c in by_share}
            sets[j] = None if after is None or len(after) * len(steps) > _MAX_REACH else \
                {a + c for a in after for c in steps}
        out.append([None if r is None else np.array(sorted(r), dtype=np.int64) for r in sets])
    out.reverse()
    return out


def _forward(classes: Sequence[Mapping[Vector, list[Option]]], goal: np.ndarray,
             reach: list[list[np.ndarray | None]], allowed: int) -> list[np.ndarray] | None:
    """The distinct partial sums after each row (one per array row) that may still end breaking
    at most ``allowed`` relations (a partial sum none of whose completions meets a relation
    breaks it whatever the later rows); None past the bound of work."""
    import numpy as np

    n = len(goal)
    layer = np.zeros((1, n), dtype=np.int64)
    layers = [layer]
    work = 0
    for i, by_share in enumerate(classes):
        shares = np.array(list(by_share), dtype=np.int64).reshape(-1, n)
        work += len(layer) * len(shares)
        if work > _MAX_WORK:
            return None
        sums = (layer[:, None, :] + shares[None, :, :]).reshape(-1, n)
        need = goal - sums
        broken = np.zeros(len(sums), dtype=np.int64)
        for j, values in enumerate(reach[i + 1]):
            if values is not None:
                broken += ~np.isin(need[:, j], values)
        layer = np.unique(sums[broken <= allowed], axis=0)
        if len(layer) > _MAX_STATES:
            return None
        layers.append(layer)
    return layers


def _backward(classes: Sequence[Mapping[Vector, list[Option]]], layers: list[np.ndarray],
              alive: np.ndarray) -> list[list[Option]]:
    """Each row's placements that take part in some combination ending in ``alive``."""
    import numpy as np

    out: list[list[Option]] = [[] for _ in classes]
    for i in range(len(classes) - 1, -1, -1):
        before = np.zeros(len(layers[i]), dtype=bool)
        for share, options in classes[i].items():
            reached = np.isin(_keys(layers[i] + np.array(share, dtype=np.int64)), _keys(alive))
            if reached.any():
                before |= reached
                out[i].extend(options)
        alive = layers[i][before]
    return out


def _keys(rows: np.ndarray) -> np.ndarray:
    """Each row of a 2-D integer array as one comparable value (its bytes)."""
    import numpy as np

    rows = np.ascontiguousarray(rows)
    return rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()


def _numbers(option: Option) -> dict[str, float]:
    return {cid: float(c.value or 0) for cid, c in option.items()}


def _share(rel: Relation, values: Mapping[str, float]) -> int:
    return round((sum(values.get(c, 0.0) for c in rel.parts) - sum(values.get(c, 0.0) for c in rel.totals)) * _SCALE)


def _apply(table: Table, row: Row, options: list[Option]) -> list[str]:
    """The row as one surviving placement (the current one when it survives); the agreed cells decoded."""
    keys = {cid: split_cell_id(cid)[1:] for cid in row.ids}
    current = {cid: _value(table.cells.get(k)) for cid, k in keys.items()}
    base = next((o for o in options if all(o[c].value == current[c] for c in row.ids)), options[0])
    decided = []
    for cid, key in keys.items():
        values = list(dict.fromkeys(o[cid].value for o in options))
        cell = base[cid]
        old = table.cells.get(key)
        if len(values) == 1:
            if old is not None and old.reading != "uncertain" and old.value == cell.value:
                continue
            table.cells[key] = dataclasses.replace(cell, reading="decoded", alternatives=())
            decided.append(cid)
        elif old is not None or not cell.blank:
            # A cell the reading left out (right-aligned, the row's first cells absent) stays out.
            others = tuple(v for v in values if v != cell.value)
            table.cells[key] = dataclasses.replace(cell, reading="uncertain", alternatives=others)
    return decided


def _value(cell: Cell | None) -> Number | None:
    return None if cell is None else cell.value
