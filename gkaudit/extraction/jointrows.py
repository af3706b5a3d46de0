"""Several short rows of one table placed together by the relations they take part in.

Each short row (a blank printed as nothing) admits several placements of its numbers; settled one
row at a time, the column relations rarely decide any. Taken together, only the combinations that
satisfy every relation the rows take part in can be the report as printed, if the report is right.
A cell on which every such combination agrees is read by the arithmetic (``decoded``). When no
combination satisfies them all, the report itself breaks a relation: nothing is decided here and
the cells stay uncertain (the rule engine reports the relation if it fails under every reading).

The combinations are not listed one by one: the relations across rows are sums, so the rows are
added one after the other keeping only the distinct partial sums (bounded; past the bound nothing
is decided).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from gkaudit.model import Cell, Number, Table, split_cell_id
from gkaudit.rules.relations import Relation, holds

_MAX_STATES = 50000  # distinct partial sums kept after any row, at most
_MAX_BROKEN = 2  # relations across rows a report's own slips break, at most, for anything to be decided

Option = Mapping[str, Cell]  # one placement of a row: cell id → the cell there (a blank one where none)
Vector = tuple[float, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """A short row: its cell ids and the placements it admits on its own."""

    ids: tuple[str, ...]
    options: tuple[Option, ...]


def settle(table: Table, rows: Sequence[Row], relations: Sequence[Relation]) -> list[str]:
    """Decide the cells of ``rows`` that every combination satisfying the relations agrees on.

    Those cells are set ``decoded`` (each row set to one surviving placement); the others stay
    uncertain with the surviving values as alternatives. Returns the ids of the cells decided;
    none when no combination survives or there are too many to follow.
    """
    if len(rows) < 2:
        return []
    survivors = _surviving(table, rows, relations)
    if survivors is None:
        return []
    decided: list[str] = []
    for row, options in zip(rows, survivors, strict=True):
        decided += _apply(table, row, options)
    return decided


def _surviving(table: Table, rows: Sequence[Row], relations: Sequence[Relation]) -> list[list[Option]] | None:
    in_rows = {cid: i for i, row in enumerate(rows) for cid in row.ids}
    fixed = {cell.id: float(cell.value or 0) for cell in table.cells.values()
             if cell.id not in in_rows and cell.reading != "uncertain" and (cell.value is not None or cell.blank)}
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
    # the cells outside the rows.
    target = tuple(-_share(r, fixed) for r in across)
    classes: list[dict[Vector, list[Option]]] = []
    for options in kept:
        by_share: dict[Vector, list[Option]] = {}
        for o in options:
            nums = _numbers(o)
            by_share.setdefault(tuple(_share(r, nums) for r in across), []).append(o)
        classes.append(by_share)
    # What each relation's share can still become from row i on, relation by relation: a partial
    # sum none of whose completions meets a relation breaks it whatever the later rows; states
    # that break more than a report's own slips allow are dropped on the way.
    reach: list[list[set[float]]] = [[{0.0} for _ in across]]
    for by_share in reversed(classes):
        reach.append([{round(a + c[j], 6) for a in reach[-1][j] for c in by_share} for j in range(len(across))])
    reach.reverse()
    allowed = _MAX_BROKEN + 1
    layers: list[set[Vector]] = [{tuple(0.0 for _ in across)}]
    for i, by_share in enumerate(classes):
        nxt = {v for s in layers[-1] for c in by_share
               if _broken(v := _add(s, c), target, reach[i + 1]) <= allowed}
        if len(nxt) > _MAX_STATES:
            return None
        if not nxt:
            return None  # more than a report's own slips: the reading, not the report, is at fault
        layers.append(nxt)
    # The combinations that break fewest relations across rows (none, when the report is right).
    # A report with an error of its own breaks some relation under every reading: the true one is
    # then among the fewest only up to coincidence (a wrong placement that happens to mend the
    # error), so the combinations one break short of the fewest stay in too.
    misses = {v: sum(1 for a, b in zip(v, target, strict=True) if a != b) for v in layers[-1]}
    fewest = min(misses.values())
    if fewest > _MAX_BROKEN:
        return None  # more than a report's own slips: the reading, not the report, is at fault
    slack = 1 if fewest else 0
    alive = {v for v, n in misses.items() if n <= fewest + slack}
    out: list[list[Option]] = [[] for _ in rows]
    for i in range(len(rows) - 1, -1, -1):
        before: set[Vector] = set()
        for share, options in classes[i].items():
            reached = [s for s in layers[i] if _add(s, share) in alive]
            if reached:
                before.update(reached)
                out[i].extend(options)
        alive = before
    return out


def _broken(v: Vector, target: Vector, reach: list[set[float]]) -> int:
    """How many relations a partial sum breaks whatever the rows still to come."""
    return sum(1 for a, t, r in zip(v, target, reach, strict=True) if round(t - a, 6) not in r)


def _numbers(option: Option) -> dict[str, float]:
    return {cid: float(c.value or 0) for cid, c in option.items()}


def _share(rel: Relation, values: Mapping[str, float]) -> float:
    return round(sum(values.get(c, 0.0) for c in rel.parts) - sum(values.get(c, 0.0) for c in rel.totals), 6)


def _add(a: Vector, b: Vector) -> Vector:
    return tuple(round(x + y, 6) for x, y in zip(a, b, strict=True))


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
