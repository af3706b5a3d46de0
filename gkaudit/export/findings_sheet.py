"""The 问题清单 sheet as a 整改台账: one row per problem, its basis, cell, values, advice and review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, Ref, status_fills
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    INPUT_FILL,
    LEFT,
    LINE,
    LINK,
    SIGNED_FORMAT,
    SMALL,
    Look,
    lines_needed,
    severity_fill,
)
from gkaudit.export.tables import Placement
from gkaudit.model import AuditReport, Finding, Number, split_cell_id
from gkaudit.problems import Problem, difference
from gkaudit.review import ProblemReview
from gkaudit.rules.catalogue import advice, basis
from gkaudit.templates import TABLE_TITLES, column_label, row_label
from gkaudit.workspace import Status

DIFFERENCE = "差额\n应为−报告"
STATUSES = tuple(s.label for s in Status)  # 待定 确认 驳回 已整改 已更正
RECTIFICATION = ("待整改", "整改中", "已整改", "无需整改")
_STATUS_WORDS = {s.value: s.label for s in Status}


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


def review_fields(review: ReviewInput | ProblemReview | None) -> tuple[str, str, str, str]:
    """(状态, 审核意见, 审核人, 日期) for the sheet; 待定 when nobody reviewed the problem yet."""
    if review is None:
        return STATUSES[0], "", "", ""
    if isinstance(review, tuple):
        status, note, who, when = review
    else:
        status, note, who, when = review.status, review.note, review.who, review.at
    status = _STATUS_WORDS.get(str(status), str(status)) or STATUSES[0]
    return status, str(note or ""), str(who or ""), short_time(str(when or ""))


def short_time(when: str) -> str:
    """ISO time from the workspace to minutes (2025-03-02T10:20:30+08:00 → 2025-03-02 10:20)."""
    if len(when) > 10 and when[10] == "T":
        return when[:16].replace("T", " ")
    return when


@dataclass
class Item:
    """One row of the list: a problem of a report, where it landed, and its review."""

    report: AuditReport
    problem: Problem
    placement: Placement
    review: ProblemReview | None = None
    resolved: bool | None = None  # gone once the corrections are applied (None: no corrections)

    @property
    def finding(self) -> Finding:
        """The problem's first finding (its rule and severity name the problem)."""
        return self.problem.findings[0]

    @property
    def status(self) -> str:
        return review_fields(self.review)[0]


COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5),
    ("问题描述", 36),
    ("严重程度", 6),
    ("定性依据", 24),
    ("涉及单元格", 26),
    ("报告值", 7),
    ("应为值", 7),
    (DIFFERENCE, 8),
    ("审计建议", 22),
    ("责任单位", 12),
    ("整改时限", 10),
    ("整改状态", 8),
    ("审核状态", 7),
    ("审核意见", 18),
    ("审核人", 7),
    ("日期", 10),
    ("审核更正", 18),
    ("规则编号", 20),
    ("问题键", 28),
)
REPORT_COLUMN = ("报告", 20)
LAST_PRINTED = "审核更正"  # the ids after it are for filtering and re-import, not for the printed paper


def columns(with_report: bool) -> list[tuple[str, float]]:
    cols = list(COLUMNS)
    if with_report:
        cols.insert(1, REPORT_COLUMN)
    return cols


def column_of(name: str, with_report: bool) -> str:
    return get_column_letter([n for n, _ in columns(with_report)].index(name) + 1)


def write_findings(canvas: Canvas, ws: Worksheet, items: Sequence[Item], *, with_report: bool, top: int = 1) -> None:
    """The 问题清单 as a 整改台账 from row ``top`` (a working-paper header may sit above it)."""
    cols = columns(with_report)
    index = {name: i + 1 for i, (name, _) in enumerate(cols)}
    header = Look(font=BOLD, fill=HEADER_FILL)
    for i, (name, width) in enumerate(cols, start=1):
        canvas.text(ws, top, i, name, header)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[top].height = 30
    body, entry = Look(alignment=LEFT), Look(fill=INPUT_FILL, alignment=LEFT)
    small = Look(font=SMALL, alignment=LINE)
    number = Look()
    for n, item in enumerate(items, start=1):
        row, p, report = top + n, item.problem, item.report
        status, note, who, when = review_fields(item.review)
        canvas.number(ws, row, index["序号"], n, number)
        if with_report and item.placement.sheet:
            # The sheet's name, which 汇总 counts by (COUNTIFS), links to the report's paper.
            canvas.link(ws, row, index["报告"], item.placement.sheet, Ref(item.placement.sheet, 1, 1),
                        Look(font=LINK, alignment=LEFT))
        text = p.message + (f"\n原文：“{p.quote}”" if p.quote else "")
        if len(p.findings) > 1:
            text += "".join(f"\n· {f.message}" for f in p.findings)
        canvas.text(ws, row, index["问题描述"], text, body)
        canvas.text(ws, row, index["严重程度"], p.severity.label, Look(fill=severity_fill(p.severity)))
        canvas.text(ws, row, index["定性依据"], basis(p.rule, report.template), body)
        target = item.placement.target(item.finding)
        name = located_cells(report, p)
        if target is not None:
            canvas.link(ws, row, index["涉及单元格"], name or f"{target.sheet}!{target.coord}", target,
                        Look(font=LINK, alignment=LEFT))
        else:
            canvas.text(ws, row, index["涉及单元格"], name or "全文", body)
        reported, should_be = values_of(report, p)
        canvas.number(ws, row, index["报告值"], reported, number)
        canvas.number(ws, row, index["应为值"], should_be, number)
        canvas.number(ws, row, index[DIFFERENCE], difference(reported, should_be), Look(number_format=SIGNED_FORMAT))
        canvas.text(ws, row, index["审计建议"], advice_text(report, p), body)
        canvas.text(ws, row, index["责任单位"], report.body or "", entry)
        canvas.text(ws, row, index["整改时限"], "", entry)
        canvas.text(ws, row, index["整改状态"], rectification(status), Look(fill=INPUT_FILL))
        canvas.text(ws, row, index["审核状态"], status, Look(fill=INPUT_FILL))
        canvas.text(ws, row, index["审核意见"], note, entry)
        canvas.text(ws, row, index["审核人"], who, entry)
        canvas.text(ws, row, index["日期"], when, entry)
        canvas.text(ws, row, index["审核更正"], corrections_text(report, item), body)
        canvas.text(ws, row, index["规则编号"], "、".join(p.rules), small)
        canvas.text(ws, row, index["问题键"], p.key, small)
        ws.row_dimensions[row].height = _height(
            {"问题描述": text, "定性依据": basis(p.rule, report.template), "涉及单元格": name,
             "审计建议": advice_text(report, p)}, cols)
    last = top + len(items)
    ws.freeze_panes = f"{'C' if with_report else 'B'}{top + 1}"
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(cols))}{last}"
    if items:
        for name, words in (("审核状态", STATUSES), ("整改状态", RECTIFICATION)):
            letter = get_column_letter(index[name])
            dv = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=name, error="请选择：" + "、".join(words))
            dv.add(f"{letter}{top + 1}:{letter}{last}")
            ws.add_data_validation(dv)
        status_col = get_column_letter(index["审核状态"])
        for word, fill in status_fills().items():
            ws.conditional_formatting.add(f"{status_col}{top + 1}:{status_col}{last}",
                                          CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))
    ws.print_area = f"A1:{get_column_letter(index[LAST_PRINTED])}{max(last, top)}"
    print_setup(ws, title_rows=f"{top}:{top}")


def rectification(status: str) -> str:
    """整改状态 as the review leaves it: a confirmed problem waits for the body to fix it."""
    return {Status.FIXED.label: "已整改", Status.REJECTED.label: "无需整改",
            # 已更正: the paper carries the right value; the published report still needs fixing.
            Status.CONFIRMED.label: "待整改", Status.CORRECTED.label: "待整改"}.get(status, "")


def values_of(report: AuditReport, p: Problem) -> tuple[Number | None, Number | None]:
    """报告值 and 应为值 of the problem's suspect cell, or the printed total and the sum of its parts."""
    if p.suspect is not None:
        cell = report.cell(p.suspect.cell)
        return (None if cell is None else cell.value), p.suspect.suggested
    f = p.findings[0]
    if len(p.findings) == 1 and f.expected is not None and f.actual is not None:
        return f.actual, f.expected
    return None, None


def advice_text(report: AuditReport, p: Problem) -> str:
    text = advice(p.rule)
    fix = suggestion(report, p.findings[0])
    return f"{fix}。{text}" if fix and text else fix or text


def corrections_text(report: AuditReport, item: Item) -> str:
    """The auditor's corrections on the problem's cells: printed → corrected (who, when)."""
    if item.review is None:
        return ""
    return "\n".join(
        f"{cell_title(report, c.cell_id)}：{c.printed_raw.strip() or '（空白）'} → {_fmt_or_blank(c.corrected_value)}"
        f"（{c.who} {short_time(c.at)}）" for c in item.review.corrections)


def _fmt_or_blank(x: Number | None) -> str:
    return "（空）" if x is None else _fmt(x)


def _height(texts: dict[str, str], cols: list[tuple[str, float]]) -> float:
    width = dict(cols)
    lines = max(lines_needed(text, width[name]) for name, text in texts.items())
    return min(lines * 13.5 + 4, 300)


def located_cells(report: AuditReport, f: Finding | Problem) -> str:
    """The cells a problem is about, readably: its suspect, its one cell, or its total and a count."""
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


def print_setup(ws: Worksheet, *, title_rows: str | None = None, landscape: bool = True, footer: str = "") -> None:
    """A4, one page wide, the header rows repeated, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    # LibreOffice takes the footer's height from the gap between the bottom and footer margins;
    # at 0.6/0.3 inch it cut the lower half off the page numbers.
    ws.page_margins.bottom = 0.9
    ws.page_margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = f"{footer or '&A'}　第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9

