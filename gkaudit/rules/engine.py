"""Evaluate the catalogue over extracted tables: broken relations, blank and invalid cells, suspects."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gkaudit.model import Cell, Finding, Number, Suspect, Table, cell_id, split_cell_id
from gkaudit.rules.catalogue import rule
from gkaudit.rules.relations import Relation, evaluate, relations_for
from gkaudit.templates import TEMPLATES, Kind, TemplateSpec

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Broken:
    relation: Relation
    expected: Number
    actual: Number

    @property
    def diff(self) -> Number:
        return _tidy(self.actual - self.expected)


UNCERTAIN_NOTE = "可能为识别误差，请核对原文"
_MAX_READINGS = 20000  # joint readings of a relation's uncertain cells tried at most


def _uncertain_cells(tables: Mapping[str, Table], overrides: Mapping[str, Number | None]) -> set[str]:
    """Cells read with doubt that the auditor has not settled by a correction."""
    return {
        cell.id
        for table in tables.values()
        for cell in table.cells.values()
        if cell.reading == "uncertain" and cell.id not in overrides
        and not _zero_either_way(cell)
    }


def _zero_either_way(cell: Cell) -> bool:
    """Blank or 0 in every reading: the sums are the same whichever it is."""
    return all(v is None or v == 0 for v in (cell.value, *cell.alternatives)) and bool(cell.alternatives)


def check_tables(
    template_id: str, tables: Mapping[str, Table], overrides: Mapping[str, Number | None] | None = None
) -> list[Finding]:
    """Every table finding for ``tables``; ``overrides`` are the auditor's corrections by cell id."""
    template = TEMPLATES[template_id]
    values = _effective_values(tables, overrides or {})
    findings: list[Finding] = []
    findings.extend(_cell_findings(template, tables, overrides or {}))
    present = {row for row, _ in tables["apply"].cells} if "apply" in tables else set()
    relations = relations_for(template, present)
    broken: list[Broken] = []
    unsure = _uncertain_cells(tables, overrides or {})
    for rel in relations:
        ev = _evaluate(rel, values)
        if ev is not None and not _equal(ev[0], ev[1]):
            broken.append(Broken(rel, ev[0], ev[1]))
        elif ev is None:
            findings.extend(_unplaced_broken(rel, template, tables, values, overrides or {}, unsure))
    fixes = _localise(broken, relations, values, template)
    for b in broken:
        spec = rule(b.relation.rule)
        found = fixes.get(id(b), [])
        suspect = found[0] if len(found) == 1 else None
        message = spec.message.format(
            where=b.relation.where, expected=_fmt(b.expected), actual=_fmt(b.actual), diff=_fmt(abs(b.diff))
        )
        doubtful = [c for c in b.relation.parts + b.relation.totals if c in unsure]
        unread = _unread_rows(template, b.relation.unread)
        every_way = bool(doubtful) and not unread and _broken_every_way(b.relation, doubtful, tables, values, overrides or {})
        if every_way:
            # However the uncertain cells are placed the relation does not hold: the report is wrong
            # here, though which cell cannot be told, nor by how much (the sums quoted would be one
            # reading's, which the report may not print).
            suspect, found = None, []
            where = b.relation.where if b.relation.rule.startswith(("apply.row", "review.")) else f"{b.relation.where}栏"
            message = f"{spec.title}（{where}）：{_cells_title(template, doubtful)} 的位置不确定，但按其各种读法此关系均不成立"
            doubtful = []
        elif doubtful or unread:
            # The relation rests on a cell whose reading is uncertain, or was summed without a row
            # the reading lacks: a misread is as likely as a mistake in the report, so no cell is
            # accused and no fix is offered.
            suspect, found = None, []
            if doubtful:
                message += f"；{_cells_title(template, doubtful)} 的识别不确定"
            if unread:
                message += f"；未能读取{'、'.join(f'“{t}”' for t in unread)}一行，未计入"
            message += f"，{UNCERTAIN_NOTE}"
        elif suspect is not None:
            message += f"；最可能有误的是 {_cell_title(template, suspect.cell)}，改为 {_fmt(suspect.suggested)} 即可平衡"
        elif len(found) > 1:
            message += f"；无法确定是哪一格有误（{_cells_title(template, [s.cell for s in found])} 中任改一格均可平衡）"
        findings.append(
            Finding(
                rule=spec.id,
                severity=spec.severity_for(uncertain=bool(doubtful or unread)),
                uncertain=bool(doubtful or unread),
                message=message,
                cells=b.relation.parts + b.relation.totals,
                expected=None if every_way else b.expected,
                actual=None if every_way else b.actual,
                suspect=suspect,
                candidates=tuple(found) if suspect is None else (),
            )
        )
    return findings


def _unplaced_broken(rel: Relation, template: TemplateSpec, tables: Mapping[str, Table],
                     values: Mapping[str, Number | None], overrides: Mapping[str, Number | None],
                     unsure: set[str]) -> list[Finding]:
    """A relation the reading left unchecked (cells of a short row not placed) that every placement
    of those cells breaks."""
    cells = rel.parts + rel.totals
    unplaced = [c for c in cells if values.get(c) is None]
    if rel.unread or not _broken_every_way(rel, unplaced + [c for c in cells if c in unsure], tables, values, overrides):
        return []
    spec = rule(rel.rule)
    where = rel.where if rel.rule.startswith(("apply.row", "review.")) else f"{rel.where}栏"
    return [Finding(
        rule=spec.id,
        severity=spec.severity,
        message=f"{spec.title}（{where}）：{_cells_title(template, unplaced)} 的位置不确定，但按其各种读法此关系均不成立",
        cells=cells,
    )]


def _broken_every_way(rel: Relation, doubtful: Sequence[str], tables: Mapping[str, Table],
                      values: Mapping[str, Number | None], overrides: Mapping[str, Number | None]) -> bool:
    """The relation holds under none of the recorded readings of its uncertain cells.

    Only when every uncertain cell is covered by readings that list all its possible values, and the
    cells still hold one of them (no later step read them otherwise).
    """
    ids = set(rel.parts + rel.totals)
    groups = [r for t in tables.values() for r in t.readings if not ids.isdisjoint(r.cells)]
    if not groups or not set(doubtful) <= {c for g in groups for c in g.cells}:
        return False
    read = {c.id: c.value for t in tables.values() for c in t.cells.values()}
    if not all(g.admits(read) for g in groups):
        return False
    varying = {c for g in groups for c in g.cells if c in ids and c not in overrides}
    fixed = {c: values.get(c) for c in ids - varying}
    if any(v is None for v in fixed.values()):
        return False
    # The relation is a sum and the groups (rows) are apart: the values it can take are the fixed
    # cells' share plus one share of each group, kept as a set of partial sums.
    sums = {_signed(rel, fixed)}
    for g in groups:
        at = [i for i, c in enumerate(g.cells) if c in varying]
        shares = {_signed(rel, {g.cells[i]: option[i] for i in at}) for option in g.options}
        sums = {round(a + b, 6) for a in sums for b in shares}
        if len(sums) > _MAX_READINGS:
            return False
    return not any(_equal(x, 0) for x in sums)


def _signed(rel: Relation, values: Mapping[str, Number | None]) -> float:
    """Σ parts − Σ totals over the cells given (a blank, None, as 0)."""
    parts = sum(float(values[c] or 0) for c in rel.parts if c in values)
    return parts - sum(float(values[c] or 0) for c in rel.totals if c in values)


def _effective_values(tables: Mapping[str, Table], overrides: Mapping[str, Number | None]) -> dict[str, Number | None]:
    """Cell id → number used in arithmetic: corrections first, blanks as 0, unreadable as None."""
    values: dict[str, Number | None] = {}
    for table in tables.values():
        for cell in table.cells.values():
            values[cell.id] = 0 if cell.value is None and cell.blank else cell.value
    for cid, value in overrides.items():
        values[cid] = value
    return values


def _evaluate(rel: Relation, values: Mapping[str, Number | None]) -> tuple[Number, Number] | None:
    ev = evaluate(rel, values)
    return None if ev is None else (_tidy(ev[0]), _tidy(ev[1]))


def _localise(
    broken: list[Broken], relations: list[Relation], values: Mapping[str, Number | None], template: TemplateSpec
) -> dict[int, list[Suspect]]:
    """Single-cell fixes for each broken relation.

    A fix is a cell whose change satisfies every broken relation it sits in (all demanding the same
    value) and breaks none that holds now. Within a group of broken relations that share cells, a
    fix explaining all of them is preferred; otherwise two fixes that explain disjoint parts of the
    group (two independent mistakes) are looked for. A relation with one possible fix has a suspect;
    with several, they are listed as candidates rather than guessed between.
    """
    if not broken:
        return {}
    holding = [r for r in relations if not any(b.relation is r for b in broken) and _evaluate(r, values) is not None]
    in_holding = {cid for r in holding for cid in r.parts + r.totals}
    order = _cell_order(template)
    out: dict[int, list[Suspect]] = {}
    for group in _clusters(broken):
        members = frozenset(range(len(group)))
        fixes: list[tuple[Suspect, frozenset[int]]] = []
        cells = sorted({c for b in group for c in b.relation.parts + b.relation.totals} - in_holding, key=order)
        for cid in cells:
            current = values.get(cid)
            if current is None:
                continue
            wanted: set[Number] = set()
            hits: list[int] = []
            for i, b in enumerate(group):
                if cid in b.relation.parts or cid in b.relation.totals:
                    sign = 1 if cid in b.relation.parts else -1
                    wanted.add(_tidy(current + sign * b.diff))
                    hits.append(i)
            if len(wanted) == 1 and (new := wanted.pop()) >= 0:
                fixes.append((Suspect(cid, new), frozenset(hits)))
        whole = [fix for fix, hit in fixes if hit == members]
        if whole:
            for b in group:
                out[id(b)] = whole
            continue
        options: dict[int, list[Suspect]] = {i: [] for i in members}
        for (fa, ea), (fb, eb) in itertools.combinations(fixes, 2):
            if ea | eb == members and not ea & eb:
                for fix, hit in ((fa, ea), (fb, eb)):
                    for i in hit:
                        if fix not in options[i]:
                            options[i].append(fix)
        for i, b in enumerate(group):
            out[id(b)] = options[i]
    return out


def _clusters(broken: list[Broken]) -> list[list[Broken]]:
    return cluster_by_cells(broken, lambda b: b.relation.parts + b.relation.totals)


def cluster_by_cells(items: Sequence[T], cells_of: Callable[[T], Iterable[str]]) -> list[list[T]]:
    """Items that share cells, directly or through others, in groups (the localiser's groups; problems)."""
    clusters: list[tuple[set[str], list[T]]] = []
    for item in items:
        cells = set(cells_of(item))
        merged_cells, merged = set(cells), [item]
        keep = []
        for c_cells, c_members in clusters:
            if c_cells & cells:
                merged_cells |= c_cells
                merged = c_members + merged
            else:
                keep.append((c_cells, c_members))
        clusters = [*keep, (merged_cells, merged)]
    return [members for _, members in clusters]


def _cell_order(template: TemplateSpec):  # type: ignore[no-untyped-def]
    order = {cid: i for i, cid in enumerate(c for t in template.tables for c in t.cell_ids())}
    return lambda cid: order.get(cid, len(order))


def _cell_findings(
    template: TemplateSpec, tables: Mapping[str, Table], overrides: Mapping[str, Number | None]
) -> list[Finding]:
    out: list[Finding] = []
    blank_rule, invalid_rule = rule("cell.blank"), rule("cell.invalid")
    for spec in template.tables:
        table = tables.get(spec.id)
        if table is None or not any(c.blank or c.invalid for c in table.cells.values()):
            continue  # nothing blank or invalid: no finding to word
        for row in spec.rows:
            blanks: list[Cell] = []
            for col in spec.row_columns(row):
                cell = table.get(row.id, col.id)
                if cell is None or cell.id in overrides:
                    continue
                if cell.blank:
                    blanks.append(cell)
                elif cell.invalid:
                    # A value read in a cell it may not belong to ("减 42" of 本年增/减 placed under
                    # 处理决定数量) is invalid only if the reading is right.
                    unsure = cell.reading == "uncertain"
                    message = invalid_rule.message.format(
                        where=_row_title(spec.id, row.id, template), col=col.title, reason=cell.invalid
                    )
                    out.append(
                        Finding(
                            rule=invalid_rule.id,
                            severity=invalid_rule.severity_for(uncertain=unsure),
                            uncertain=unsure,
                            message=message + (f"；该格的识别不确定，{UNCERTAIN_NOTE}" if unsure else ""),
                            cells=(cell.id,),
                            actual=cell.value,
                        )
                    )
            if blanks:
                out.append(
                    Finding(
                        rule=blank_rule.id,
                        severity=blank_rule.severity,
                        message=blank_rule.message.format(
                            where=_row_title(spec.id, row.id, template),
                            cols="、".join(spec.column(c.col).title for c in blanks),
                        ),
                        cells=tuple(c.id for c in blanks),
                        anchor=f"{spec.id}/{row.id}",  # one finding per row: correcting a cell keeps its review
                    )
                )
    return out


def _unread_rows(template: TemplateSpec, cids: Sequence[str]) -> list[str]:
    """The titles of the rows of ``cids``, once each, in the form's order."""
    titles: list[str] = []
    for cid in cids:
        table, row, _col = split_cell_id(cid)
        title = template.table(table).row(row).title
        if title not in titles:
            titles.append(title)
    return titles


def _row_title(table: str, row: str, template: TemplateSpec) -> str:
    spec = template.table(table)
    r = spec.row(row)
    prefix = {"active": "主动公开表", "apply": "依申请表", "review": "复议诉讼表"}[table]
    label = f"{r.group}{r.label}" if r.group else r.label
    return f"{prefix}“{label}”"


def _cell_title(template: TemplateSpec, cid: str) -> str:
    table, row, col = split_cell_id(cid)
    spec = template.table(table)
    r = spec.row(row)
    label = f"{r.group}{r.label}" if r.group else r.label
    return f"{label}/{spec.column(col).title}"


def _cells_title(template: TemplateSpec, cids: list[str]) -> str:
    """Cells named for a message: the row once when they share it ("行政复议：结果维持、总计")."""
    rows = {split_cell_id(c)[:2] for c in cids}
    if len(rows) == 1:
        (table, row), = rows
        spec = template.table(table)
        r = spec.row(row)
        label = f"{r.group}{r.label}" if r.group else r.label
        return f"{label}的" + "、".join(spec.column(split_cell_id(c)[2]).title for c in cids)
    return "、".join(_cell_title(template, c) for c in cids)


def _equal(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


def _tidy(x: Number) -> Number:
    if isinstance(x, float):
        r = round(x, 6)
        return int(r) if r.is_integer() else r
    return x


def _fmt(x: Number | None) -> str:
    if x is None:
        return "—"
    x = _tidy(x)
    return str(x)


__all__ = ["Kind", "cell_id", "check_tables", "cluster_by_cells"]
