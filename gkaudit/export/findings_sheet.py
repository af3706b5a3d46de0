"""The 问题清单 sheet: one row per finding, linked to its cell, with the reviewer's columns to fill in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, Ref, status_fills
from gkaudit.export.formulas import tidy
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    INPUT_FILL,
    LEFT,
    LINE,
    LINK,
    SMALL,
    Look,
    lines_needed,
    severity_fill,
)
from gkaudit.export.tables import Placement
from gkaudit.model import AuditReport, Finding, Number, finding_key, split_cell_id
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.templates import TABLE_TITLES, column_label, row_label

STATUSES = ("待定", "确认", "驳回", "已整改")
_STATUS_WORDS = {"pending": "待定", "confirmed": "确认", "rejected": "驳回", "fixed": "已整改"}


class ReviewRecord(Protocol):
    """A reviewer's decision as the GUI's workspace keeps it (``gkaudit.workspace.Review``)."""

    @property
    def status(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def who(self) -> str: ...
    @property
    def at(self) -> str: ...


ReviewInput = tuple[str, str, str, str] | ReviewRecord  # (status, note, who, when) or a workspace record


def review_fields(review: ReviewInput | None) -> tuple[str, str, str, str]:
    """(状态, 审核意见, 审核人, 日期) for the sheet; 待定 when nobody reviewed the finding yet."""
    if review is None:
        return STATUSES[0], "", "", ""
    if isinstance(review, tuple):
        status, note, who, when = review
    else:
        status, note, who, when = review.status, review.note, review.who, review.at
    status = _STATUS_WORDS.get(str(status), str(status)) or STATUSES[0]
    when = str(when or "")
    if len(when) > 10 and when[10] == "T":  # ISO time from the workspace: minutes are enough
        when = when[:16].replace("T", " ")
    return status, str(note or ""), str(who or ""), when


@dataclass
class Item:
    """One row of the list: a finding of a report, where it landed, and its review."""

    report: AuditReport
    finding: Finding
    placement: Placement
    review: ReviewInput | None = None
    resolved: bool | None = None  # gone once the corrections are applied (None: no corrections)


COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5),
    ("规则", 16),
    ("严重程度", 7),
    ("位置", 14),
    ("单元格", 22),
    ("报告值", 7),
    ("计算值", 7),
    ("差异\n计算−报告", 9),
    ("说明", 46),
    ("建议值", 22),
    ("状态", 7),
    ("审核意见", 20),
    ("审核人", 7),
    ("日期", 10),
    ("按更正值", 9),
    ("规则编号", 20),
    ("问题键", 28),
)
REPORT_COLUMN = ("报告", 26)


def columns(with_report: bool) -> list[tuple[str, float]]:
    cols = list(COLUMNS)
    if with_report:
        cols.insert(1, REPORT_COLUMN)
    return cols


def column_of(name: str, with_report: bool) -> str:
    return get_column_letter([n for n, _ in columns(with_report)].index(name) + 1)


def write_findings(canvas: Canvas, ws: Worksheet, items: Sequence[Item], *, with_report: bool) -> None:
    cols = columns(with_report)
    index = {name: i + 1 for i, (name, _) in enumerate(cols)}
    header = Look(font=BOLD, fill=HEADER_FILL)
    for i, (name, width) in enumerate(cols, start=1):
        canvas.text(ws, 1, i, name, header)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 30
    body, entry = Look(alignment=LEFT), Look(fill=INPUT_FILL, alignment=LEFT)
    small = Look(font=SMALL, alignment=LINE)
    number = Look()
    for n, item in enumerate(items, start=1):
        row, f, report = n + 1, item.finding, item.report
        spec = RULES_BY_ID.get(f.rule)
        status, note, who, when = review_fields(item.review)
        canvas.number(ws, row, index["序号"], n, number)
        if with_report and item.placement.sheet:
            canvas.link(ws, row, index["报告"], item.placement.sheet, Ref(item.placement.sheet, 1, 1))
        canvas.text(ws, row, index["规则"], spec.title if spec else f.rule, body)
        canvas.text(ws, row, index["严重程度"], f.severity.label, Look(fill=severity_fill(f.severity)))
        target = item.placement.target(f)
        where = f"{target.sheet}!{target.coord}" if target is not None else "全文"
        if target is not None:
            canvas.link(ws, row, index["位置"], where, target, Look(font=LINK, alignment=LEFT))
        else:
            canvas.text(ws, row, index["位置"], where, body)
        name = located_cells(report, f)
        canvas.text(ws, row, index["单元格"], name, body)
        canvas.number(ws, row, index["报告值"], f.actual, number)
        canvas.number(ws, row, index["计算值"], f.expected, number)
        diff = None if f.expected is None or f.actual is None else tidy(f.expected - f.actual)
        canvas.number(ws, row, index["差异\n计算−报告"], diff, number)
        text = f.message + (f"\n原文：“{f.quote}”" if f.quote else "")
        canvas.text(ws, row, index["说明"], text, body)
        canvas.text(ws, row, index["建议值"], suggestion(report, f), body)
        canvas.text(ws, row, index["状态"], status, Look(fill=INPUT_FILL))
        canvas.text(ws, row, index["审核意见"], note, entry)
        canvas.text(ws, row, index["审核人"], who, entry)
        canvas.text(ws, row, index["日期"], when, entry)
        resolved = "" if item.resolved is None else ("已平衡" if item.resolved else "仍存在")
        canvas.text(ws, row, index["按更正值"], resolved, body)
        canvas.text(ws, row, index["规则编号"], f.rule, small)
        canvas.text(ws, row, index["问题键"], finding_key(f), small)
        ws.row_dimensions[row].height = _height({"说明": text, "单元格": name, "建议值": suggestion(report, f)}, cols)
    last = len(items) + 1
    ws.freeze_panes = "C2" if with_report else "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last}"
    status_col = get_column_letter(index["状态"])
    if items:
        dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="状态", error="请选择：" + "、".join(STATUSES))
        dv.add(f"{status_col}2:{status_col}{last}")
        ws.add_data_validation(dv)
        for word, fill in status_fills().items():
            ws.conditional_formatting.add(f"{status_col}2:{status_col}{last}",
                                          CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))
    # The reviewer's columns are printed; 按更正值 only when there were corrections, the ids never.
    printed = "按更正值" if any(i.resolved is not None for i in items) else "日期"
    ws.print_area = f"A1:{get_column_letter(index[printed])}{last}"
    print_setup(ws, title_rows="1:1")


def _height(texts: dict[str, str], cols: list[tuple[str, float]]) -> float:
    width = dict(cols)
    lines = max(lines_needed(text, width[name]) for name, text in texts.items())
    return min(lines * 13.5 + 4, 300)


def located_cells(report: AuditReport, f: Finding) -> str:
    """The cells a finding is about, readably: its suspect, its one cell, or its total and a count."""
    if f.suspect is not None:
        return cell_title(report, f.suspect.cell)
    if not f.cells:
        return ""
    if len(f.cells) == 1:
        return cell_title(report, f.cells[0])
    return cell_title(report, f.cells[-1]) + f" 等 {len(f.cells)} 格"


def cell_title(report: AuditReport, cid: str) -> str:
    table, row, col = split_cell_id(cid)
    if report.template is None:
        return cid
    try:
        return f"{TABLE_TITLES.get(table, table)}·{row_label(report.template, table, row)}/" \
               f"{column_label(report.template, table, col)}"
    except KeyError:
        return cid


def suggestion(report: AuditReport, f: Finding) -> str:
    if f.suspect is not None:
        return f"{cell_title(report, f.suspect.cell)} → {_fmt(f.suspect.suggested)}"
    if not f.candidates:
        return ""
    rows = {c.cell.rsplit("/", 1)[0] for c in f.candidates}
    if len(rows) == 1 and report.template is not None:
        # Candidates in one row (a review block, an apply row): name the row once, then the columns.
        table, row, _ = split_cell_id(f.candidates[0].cell)
        fixes = "；".join(
            f"{column_label(report.template, table, split_cell_id(c.cell)[2])} → {_fmt(c.suggested)}" for c in f.candidates
        )
        return f"任改一格均可平衡：{row_label(report.template, table, row)}　{fixes}"
    return "任改一格均可平衡：" + "；".join(f"{cell_title(report, c.cell)} → {_fmt(c.suggested)}" for c in f.candidates)


def _fmt(x: Number) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def print_setup(ws: Worksheet, *, title_rows: str | None = None, landscape: bool = True) -> None:
    """A4, one page wide, the header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9

