"""Rows with fewer numbers than columns: where the blank cells sit, chosen by the template's arithmetic.

Text converters without positions (pypdf, pdfplumber's text, LibreOffice's text) print a blank cell
as nothing, so ``0 3 0 0 3`` may be a row of seven with any two blank. Every way of placing the
printed numbers in their order is a reading; the relations of the template (the row's own total,
then the columns' totals and balances across rows) choose among them. The printed numbers are never
changed. Cells on which the best readings disagree say so (``reading="uncertain"`` with the other
values); cells all best readings agree on are ``decoded``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence

from gkaudit.model import Cell, Finding, Number, Table, cell_id, split_cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import Relation, holds, relations_for
from gkaudit.templates import TemplateSpec

_MAX_JOINT = 3000  # joint readings of several short rows tried at most
_MAX_PLACEMENTS = 3003  # placements of one row (a one-line table of 15 with few numbers has many)
Placement = tuple[int, ...]  # the column index of each printed cell, increasing


@dataclasses.dataclass(slots=True)
class ShortRow:
    """A row (or a one-line table's whole value line) with fewer printed cells than slots."""

    table: str
    slots: tuple[tuple[str, str], ...]  # (row, column) in printed order
    printed: tuple[Cell, ...]  # in printed order
    findings: tuple[Finding, ...]  # the cell.missing findings it answers
    ids: list[str] = dataclasses.field(init=False)
    first: Placement = dataclasses.field(init=False)  # where the cells were first read

    def __post_init__(self) -> None:
        self.ids = [cell_id(self.table, row, col) for row, col in self.slots]
        at = {(c.row, c.col): i for i, c in enumerate(self.printed)}
        self.first = tuple(i for i, slot in enumerate(self.slots) if slot in at)

    @property
    def complete(self) -> bool:
        """Every placement is tried (a one-line table of 15 with few numbers has too many)."""
        return math.comb(len(self.slots), len(self.printed)) <= _MAX_PLACEMENTS

    def placements(self) -> list[Placement]:
        return list(itertools.islice(itertools.combinations(range(len(self.slots)), len(self.printed)), _MAX_PLACEMENTS))

    def cells(self, placement: Placement) -> dict[str, Cell]:
        out = {}
        for row, col in self.slots:
            out[cell_id(self.table, row, col)] = Cell(self.table, row, col, None, "", None, blank=True)
        for idx, cell in zip(placement, self.printed, strict=True):
            row, col = self.slots[idx]
            out[cell_id(self.table, row, col)] = dataclasses.replace(cell, row=row, col=col)
        return out

    def numbers(self, placement: Placement) -> dict[str, float]:
        """The values the arithmetic sees under ``placement`` (a blank counts as 0)."""
        out = dict.fromkeys(self.ids, 0.0)
        for idx, cell in zip(placement, self.printed, strict=True):
            out[self.ids[idx]] = _num(cell)
        return out

    def values(self, placement: Placement) -> dict[str, Number | None]:
        """The values as read under ``placement`` (None for a blank)."""
        out: dict[str, Number | None] = dict.fromkeys(self.ids)
        for idx, cell in zip(placement, self.printed, strict=True):
            out[self.ids[idx]] = cell.value
        return out

    def has(self, cid: str) -> bool:
        table, row, col = split_cell_id(cid)
        return table == self.table and (row, col) in self.slots


def place_short_rows(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> list[Finding]:
    """Replace right-aligned short rows by the reading the arithmetic supports; the findings updated."""
    short = _short_rows(tables, findings, template)
    if not short:
        return findings
    present = {row for (row, _c) in tables["apply"].cells} if "apply" in tables else set()
    relations = relations_for(template, present)
    fixed = {c.id: c for t in tables.values() for c in t.cells.values()}
    for s in short:
        for cid in list(fixed):
            if s.has(cid):
                del fixed[cid]
    options = [s.placements() for s in short]
    # A row's own relation first: keep the placements that satisfy it, when some do.
    for i, s in enumerate(short):
        own = [r for r in relations if _only_row(r, s)]
        if own:
            good = [p for p in options[i] if _all_hold(own, s.numbers(p))]
            options[i] = good or options[i]
    best = _best_joint(short, options, relations, fixed)
    out = list(findings)
    for s, chosen in zip(short, best, strict=True):
        table = tables[s.table]
        if len(chosen) == 1 and s.complete:
            # One reading: the blanks' places are known; the row is complete.
            out = [f for f in out if not any(f is g for g in s.findings)]
            for key in [k for k in table.cells if k in s.slots]:
                del table.cells[key]
            for cell in s.cells(chosen[0]).values():
                table.cells[(cell.row, cell.col)] = dataclasses.replace(cell, reading="decoded")
            continue
        # Several. When the layout's own reading (right-aligned, the missing cells absent) is among
        # the best, it stands; otherwise the first best one does. Either way the cells the best
        # readings disagree on say so, with the other readings' values.
        readings = [s.values(p) for p in chosen]
        if s.first not in chosen:
            out = [f for f in out if not any(f is g for g in s.findings)]
            for key in [k for k in table.cells if k in s.slots]:
                del table.cells[key]
            for cell in s.cells(chosen[0]).values():
                table.cells[(cell.row, cell.col)] = dataclasses.replace(cell, reading="decoded")
        unsure = []
        for (row, col), cell in list(table.cells.items()):
            if (row, col) not in s.slots:
                continue
            cid = cell_id(s.table, row, col)
            values = {r[cid] for r in readings}
            # Past the readings tried, any cell may be read otherwise: none is settled.
            if len(values) > 1 or not s.complete:
                others = tuple(v for v in sorted(values, key=_order) if v != cell.value)
                table.cells[(row, col)] = dataclasses.replace(cell, reading="uncertain", alternatives=others)
                unsure.append(cid)
        if unsure:
            out.append(_uncertain(s, unsure, len(chosen)))
    return out


def _short_rows(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> list[ShortRow]:
    out = []
    flat: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule != "cell.missing" or not f.cells:
            continue
        table_id, row, _c = split_cell_id(f.cells[0])
        table = tables.get(table_id)
        if table is None:
            continue
        if template.table(table_id).flat:
            flat.setdefault(table_id, []).append(f)
            continue
        slots = tuple((row, split_cell_id(c)[2]) for c in f.cells)
        printed = tuple(table.cells[k] for k in slots if k in table.cells)
        if printed and len(printed) < len(slots):
            out.append(ShortRow(table_id, slots, printed, (f,)))
    for table_id, found in flat.items():
        # A one-line table's numbers were shared out from the right: the whole line is one reading.
        spec = template.table(table_id)
        slots = tuple((r.id, c.id) for r in spec.rows for c in spec.row_columns(r))
        printed = tuple(tables[table_id].cells[k] for k in slots if k in tables[table_id].cells)
        if printed and len(printed) < len(slots):
            out.append(ShortRow(table_id, slots, printed, tuple(found)))
    return out


def _only_row(rel: Relation, s: ShortRow) -> bool:
    return all(s.has(c) for c in (*rel.parts, *rel.totals))


def _num(cell: Cell) -> float:
    return float(cell.value) if isinstance(cell.value, int | float) else 0.0


def _best_joint(short: list[ShortRow], options: list[list[Placement]], relations: Sequence[Relation],
                fixed: Mapping[str, Cell]) -> list[list[Placement]]:
    """For each short row, the placements of its best-scoring readings, the other rows as best read.

    Placements that give a row the same numbers (blank counted as 0) are one reading for the
    arithmetic. Rows are settled one after the other (twice over), each against the relations it
    takes part in with the others' current readings: bounded work however many rows are short.
    """
    values = {cid: _num(c) for cid, c in fixed.items() if c.value is not None or c.blank}
    classes: list[list[tuple[dict[str, float], list[Placement]]]] = []
    for s, opts in zip(short, options, strict=True):
        by_values: dict[tuple[float, ...], tuple[dict[str, float], list[Placement]]] = {}
        for p in opts:
            nums = s.numbers(p)
            by_values.setdefault(tuple(nums.values()), (nums, []))[1].append(p)
        classes.append(list(by_values.values()))
        values.update(classes[-1][0][0])
    touching = [[r for r in relations if _touches(r, s)] for s in short]
    winners: list[list[Placement]] = [[] for _ in short]
    for _round in range(2):
        for i, cls in enumerate(classes):
            scored = []
            for nums, places in cls:
                values.update(nums)
                scored.append((sum(1 for r in touching[i] if holds(r, values)), nums, places))
            top = max(score for score, _, _ in scored)
            best = [(nums, places) for score, nums, places in scored if score == top]
            values.update(best[0][0])
            winners[i] = [p for _, places in best for p in places]
    return winners


def _all_hold(relations: Sequence[Relation], values: Mapping[str, float]) -> bool:
    return all(holds(r, values) for r in relations)


def _touches(rel: Relation, s: ShortRow) -> bool:
    return any(s.has(c) for c in (*rel.parts, *rel.totals))


def _order(v: Number | None) -> float:
    return -1.0 if v is None else float(v)


def _uncertain(s: ShortRow, cells: list[str], n: int) -> Finding:
    title = s.findings[0].message.split("：", 1)[0]
    return catalogued(
        "extract.uncertain",
        message=f"{title}：只印出 {len(s.printed)} 个数（应有 {len(s.slots)} 个），空白格的位置有 {n} 种读法，无法确定，请核对原文",
        cells=tuple(cells),
        source=s.findings[0].source,
    )
