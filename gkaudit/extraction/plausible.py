"""A 依申请 table read from converter text that breaks more relations than a report's own slips do.

One wrong figure in a report breaks at most three relations of the 依申请 table (its row, its
column's 总计, its column's balance); two slips, six. A reading of text without a grid (converter
output, copied text) that breaks more, between printed numbers, is far likelier a misread (a row
taken for another, a blank cell that vanished, a number split over two lines) than a report that
wrong. Its cells in the broken relations are then marked uncertain and ``extract.uncertain`` says
so: the arithmetic findings stay, as warnings that say a misread is possible. No value is changed.
Tables read from a real grid (an HTML or Word table, PDF page boxes) are not second-guessed; a web
page or Word document whose table came as one paragraph a cell (a converter's text boxes turned
into paragraphs) is gridless text like any other.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from gkaudit.model import Finding, Table, cell_id, split_cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import relations_for
from gkaudit.templates import TemplateSpec

# More broken relations than two independent slips can explain.
_MAX_SLIP_BREAKS = 6
_GRIDLESS = ("space", "lines", "lines2", "pipe")
# Documents whose gridless table text is only text: a PDF's lines carry page boxes that place
# each number in its column.
_TEXT_KINDS = ("text", "html", "docx")


def mark_implausible(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec,
                     layouts: Mapping[str, str], kind: str) -> list[Finding]:
    table = tables.get("apply")
    if table is None or not table.cells or kind not in _TEXT_KINDS or layouts.get("apply") not in _GRIDLESS:
        return findings
    present = {row for (row, _c) in table.cells}
    cells = {c.id: c for c in table.cells.values()}
    broken: set[str] = set()
    unsettled: set[str] = set()  # cells of relations a lost cell keeps from being checked
    rows_broken: set[str] = set()
    n = 0
    for rel in relations_for(template, present):
        ids = (*rel.parts, *rel.totals)
        if not all(i.startswith("apply/") for i in ids):
            continue
        got = [cells.get(i) for i in ids]
        totals_read = [cells.get(i) for i in rel.totals]
        if any(c is None or (c.value is None and not c.blank) for c in got):
            unsettled.update(i for i, c in zip(ids, got, strict=True) if c is not None)
            continue
        # Only relations whose totals are printed numbers: a blank total is printed, not misread.
        if any(c is None or not isinstance(c.value, int | float) for c in totals_read):
            continue
        parts = sum(cells[i].value or 0 for i in rel.parts)
        totals = sum(cells[i].value or 0 for i in rel.totals)
        if not math.isclose(parts, totals, abs_tol=1e-6):
            n += 1
            broken.update(ids)
            if rel.rule == "apply.row_total":
                rows_broken.add(split_cell_id(rel.totals[0])[1])
    # A row not found at all: its numbers are somewhere else in the table, or nowhere, so no sum
    # over its column can be trusted either.
    lost = any(f.rule == "row.missing" and f.cells and f.cells[0].startswith("apply/") for f in findings)
    # Cells already in doubt, and rows that do not add up in more than one place: one slip breaks
    # one row's total, a reading that took a number for its neighbour's breaks several. A row in
    # doubt is already reported as such; what makes the rest suspect is a second row, read with
    # certainty, that breaks too, or one that breaks beside a row in doubt (the number it lost).
    shaky = _shaky(table, template, rows_broken)
    # With a row lost, the rows were placed without it: only sums that hold vouch for the placement.
    if n <= _MAX_SLIP_BREAKS and not (lost and (n or unsettled)) and not shaky:
        return findings
    # Rows misplaced in the broken columns are misplaced in a column whose sum could not be checked
    # (a cell of it not found) as well: those cells are no surer than the broken ones.
    for cid in sorted(broken | unsettled):
        _t, row, col = split_cell_id(cid)
        cell = table.cells[(row, col)]
        if cell.reading != "uncertain":
            table.cells[(row, col)] = dataclasses.replace(cell, reading="uncertain")
    return [*findings, catalogued(
        "extract.uncertain",
        message=((f"依申请表按此文本读出后有 {n} 处勾稽关系不成立，" if n else "依申请表按此文本读出后各栏合计无法核对，") +
                 ("且有整行未找到，" if lost else "且表中已有识别存疑的格，" if shaky and n <= _MAX_SLIP_BREAKS
                  else "多于报告本身笔误所能造成的，") +
                 "很可能是文本转换打乱了行列，相关单元格的识别不确定，请打开原始文件核对"),
        cells=tuple(sorted(broken | unsettled)),
        anchor=cell_id("apply", "*", "*"),
    )]


def _shaky(table: Table, template: TemplateSpec, rows_broken: set[str]) -> bool:
    doubted = {row for (row, _c), cell in table.cells.items() if cell.reading == "uncertain"}
    if not doubted or len(rows_broken) < 2:
        return False
    sure = rows_broken - doubted
    if len(sure) >= 2:
        return True
    order = [r.id for r in template.table("apply").rows if r.id in {row for (row, _c) in table.cells}]
    near = {order[j] for i, r in enumerate(order) if r in doubted for j in (i - 1, i + 1) if 0 <= j < len(order)}
    return bool(sure & near)
