"""Consolidation: a government's report against the sum of its departments' reports.

Only when the auditor marks one report as the parent and others as its parts: whether a
government's figures should equal its departments' depends on how it compiled them. The counts of
the apply and review tables are compared cell by cell; the differences are reported row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gkaudit.crosscheck.carry import value_of
from gkaudit.model import AuditReport, Finding, Number, split_cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import TEMPLATES, column_label, row_label

TABLES = ("apply", "review")
_OTHER_ROWS = ("3.6.1", "3.6.2", "3.6.3")


@dataclass(frozen=True, slots=True)
class CellSum:
    """One compared cell: the parent's value, the parts' sum and each part's value (None: not printed)."""

    cell: str
    parent: Number
    total: Number
    parts: tuple[Number | None, ...]

    @property
    def differs(self) -> bool:
        return self.parent != self.total


def _value(report: AuditReport, cid: str) -> Number | None:
    """A cell's value; （六）其他处理 as one row is the sum of its three rows when those are printed."""
    v = value_of(report, cid)
    table, row, col = split_cell_id(cid)
    if v is None and table == "apply" and row == "3.6":
        parts = [value_of(report, f"apply/{r}/{col}") for r in _OTHER_ROWS]
        if all(p is not None for p in parts):
            return sum(p for p in parts if p is not None)
    return v


def _cell_ids(report: AuditReport, parts: Sequence[AuditReport]) -> list[str]:
    assert report.template is not None
    template = TEMPLATES[report.template]
    ids = [cid for t in TABLES for cid in template.table(t).cell_ids() if report.cell(cid) is not None]
    split = any(report.cell(f"apply/{r}/total") is not None for r in _OTHER_ROWS)
    every_part_split = all(any(p.cell(f"apply/{r}/total") is not None for r in _OTHER_ROWS) for p in parts)
    if split and not every_part_split:
        # Some part prints （六） as one row: compare the group's sum instead of its three rows.
        ids = [c for c in ids if split_cell_id(c)[1] not in _OTHER_ROWS]
        first = ids.index(next(c for c in ids if c.startswith("apply/3.7/")))
        ids[first:first] = [f"apply/3.6/{c.id}" for c in template.table("apply").columns]
    return ids


def consolidation_table(parent: AuditReport, parts: Sequence[AuditReport]) -> list[CellSum]:
    """Every comparable cell of the parent with the sum of the parts (cells no part prints are left out)."""
    if parent.template is None:
        return []
    out: list[CellSum] = []
    for cid in _cell_ids(parent, parts):
        mine = _value(parent, cid)
        values = tuple(_value(p, cid) for p in parts)
        if mine is None or all(v is None for v in values):
            continue
        total = sum(v for v in values if v is not None)
        out.append(CellSum(cid, mine, total, values))
    return out


def consolidate(parent: AuditReport, parts: Sequence[AuditReport]) -> list[Finding]:
    """``consolidation.mismatch`` findings for ``parent``, one per row whose cells differ from the parts' sum."""
    if parent.template is None or not parts:
        return []
    same_year = [p for p in parts if parent.year is None or p.year in (None, parent.year)]
    left_out = [p for p in parts if p not in same_year]
    rows: dict[tuple[str, str], list[CellSum]] = {}
    for cs in consolidation_table(parent, same_year):
        if cs.differs:
            table, row, _ = split_cell_id(cs.cell)
            rows.setdefault((table, row), []).append(cs)
    note = f"（{len(same_year)} 份所属报告" + (
        f"；另有 {len(left_out)} 份年度不同，未计入：{'、'.join(Path(p.file).name for p in left_out)}）"
        if left_out
        else "）"
    )
    out: list[Finding] = []
    for (table, row), cells in rows.items():
        label = _row_label(parent.template, table, row)
        details = "，".join(
            f"{column_label(parent.template, table, split_cell_id(c.cell)[2])} 本报告 {c.parent} / 各部分之和 {c.total}"
            for c in cells
        )
        key = next((c for c in cells if c.cell.endswith("/total")), cells[0])
        out.append(
            catalogued(
                "consolidation.mismatch",
                message=f"{_table_name(table)}“{label}”与所属部门报告之和不符{note}：{details}",
                cells=tuple(c.cell for c in cells),
                expected=key.total,
                actual=key.parent,
            )
        )
    return out


def _table_name(table: str) -> str:
    return {"apply": "依申请表", "review": "复议诉讼表"}[table]


def _row_label(template: str, table: str, row: str) -> str:
    try:
        return row_label(template, table, row)
    except KeyError:
        return "（六）其他处理" if row == "3.6" else row
