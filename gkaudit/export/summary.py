"""The 汇总 sheet of a batch: one row per report, from the record layer (``gkaudit.frames.reports``), with live review counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from openpyxl.formatting.rule import CellIsRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit import __version__
from gkaudit.export.canvas import Canvas, Ref, column_widths, status_fills
from gkaudit.export.findings_sheet import STATUSES, Item, column_of, print_setup, review_fields
from gkaudit.export.safety import quote_sheet
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    LABEL_FILL,
    LEFT,
    LINE,
    NO_BORDER,
    SMALL,
    TITLE,
    Look,
    severity_fill,
)
from gkaudit.export.tables import Placement
from gkaudit.model import AuditReport, Number, Severity
from gkaudit.review import ReviewState
from gkaudit.workspace import Role

if TYPE_CHECKING:
    import pandas as pd

Record = dict[str, Number | str | None]

COLUMNS = {  # name → width
    "序号": 6, "单位": 28, "年度": 7, "模板": 7, "本年新收": 9, "上年结转": 9, "办理总计": 9, "结转下年": 9,
    "行政复议": 9, "行政诉讼": 9, "错误": 7, "警告": 7, "提示": 7, "问题": 7,
    **dict.fromkeys(STATUSES, 7), "状态": 9, "编制人": 9, "复核人": 9, "定稿": 7, "文件": 30, "工作表": 28,
}
# Problems by status are COUNTIFS over 问题清单 (the reviewer's drop-down); the rest are values.
STATUS_COUNTS = ("问题", *STATUSES)
FIGURES = ("本年新收", "上年结转", "办理总计", "结转下年", "行政复议", "行政诉讼", "错误", "警告", "提示", *STATUS_COUNTS)
FIRST_ROW = 4  # title, subtitle, header above


def write_batch_summary(
    canvas: Canvas,
    ws: Worksheet,
    reports: Sequence[AuditReport],
    placements: Sequence[Placement],
    items: Sequence[Item],
    preparer: str | None,
    audit_date: date | None,
    findings_title: str,
    states: Sequence[ReviewState] | None = None,
    table: pd.DataFrame | None = None,
) -> None:
    """One row per report: key figures (from ``frames.reports``), counts, problems by status (live from
    问题清单), sign-off, link. ``table``: the batch's ``frames.reports`` when the caller has it already."""
    records = summary_records(reports, placements, items, states, table)
    canvas.label(ws, 1, 1, "政府信息公开工作年度报告审计汇总", Look(font=TITLE, border=NO_BORDER, alignment=LINE), last_col=8)
    ws.row_dimensions[1].height = 28
    canvas.text(ws, 2, 1, f"共 {len(records)} 份报告　审计日期 {(audit_date or date.today()).isoformat()}"
                f"　编制人 {preparer or '＿＿＿＿'}　复核人 ＿＿＿＿　gkaudit {__version__}",
                Look(font=SMALL, border=NO_BORDER, alignment=LINE))
    head = Look(font=BOLD, fill=HEADER_FILL)
    for i, name in enumerate(COLUMNS, start=1):
        canvas.text(ws, 3, i, name, head)
    ws.row_dimensions[3].height = 20
    for k, record in enumerate(records):
        _report_row(canvas, ws, FIRST_ROW + k, record, findings_title)
    totals = {name: _sum(*(v for r in records if isinstance(v := r[name], (int, float)))) for name in FIGURES}
    _totals_row(canvas, ws, FIRST_ROW + len(records), totals)
    _format(ws, FIRST_ROW + len(records) - 1)


# The sheet's figure columns and the reports table's columns they show.
FROM_FRAME = {"本年新收": "received", "上年结转": "carried_in", "办理总计": "processed", "结转下年": "carried_out",
              "行政复议": "review", "行政诉讼": "suit", "错误": "errors", "警告": "warnings", "提示": "infos"}


def summary_records(reports: Sequence[AuditReport], placements: Sequence[Placement], items: Sequence[Item],
                    states: Sequence[ReviewState] | None = None, table: pd.DataFrame | None = None) -> list[Record]:
    """One record per report, keyed by the sheet's column names, in column order (figures from ``frames.reports``)."""
    from gkaudit.frames import reports as reports_frame

    by_status: dict[tuple[str | None, str], int] = {}
    for i in items:
        for word in ("问题", review_fields(i.review)[0]):
            by_status[i.placement.sheet, word] = by_status.get((i.placement.sheet, word), 0) + 1
    frame = reports_frame(reports) if table is None else table
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")  # pandas' missing values as None
    records: list[Record] = []
    for n, (row, placement) in enumerate(zip(rows, placements, strict=True), start=1):
        state = states[n - 1] if states is not None else None
        preparer, reviewer = (state.signoffs.get(r) if state else None for r in (Role.PREPARER, Role.REVIEWER))
        record: Record = {"序号": n, "单位": row["body"] or "", "年度": _plain(row["year"]),
                          "模板": row["template"] or "未识别"}
        record.update({name: _plain(row[col]) for name, col in FROM_FRAME.items()})
        record.update({word: by_status.get((placement.sheet, word), 0) for word in STATUS_COUNTS})
        record.update({"状态": "", "编制人": preparer.name if preparer else "",
                       "复核人": reviewer.name if reviewer else "",
                       "定稿": "是" if state is not None and state.final is not None else "",
                       "文件": row["name"], "工作表": placement.sheet or ""})
        records.append({name: record[name] for name in COLUMNS})
    return records


def _plain(value: object) -> Number | None:
    """A DataFrame value as a plain number for the sheet (a numpy scalar unwrapped)."""
    plain = value.item() if hasattr(value, "item") else value
    return plain if isinstance(plain, (int, float)) else None


def _report_row(canvas: Canvas, ws: Worksheet, row: int, values: Record, findings: str) -> None:
    at = {name: i for i, name in enumerate(COLUMNS, start=1)}
    letter = {name: get_column_letter(i) for name, i in at.items()}
    sheet = quote_sheet(findings)
    report_col, status_col = column_of("报告", True), column_of("审核状态", True)
    for name, value in values.items():
        col = at[name]
        if name == "工作表":
            if value:
                canvas.link(ws, row, col, str(value), Ref(str(value), 1, 1))
        elif name == "问题":
            canvas.formula(ws, row, col, f"=COUNTIFS({sheet}!${report_col}:${report_col},${letter['工作表']}{row})",
                           value or 0, Look(font=BOLD))
        elif name in STATUSES:
            canvas.formula(ws, row, col, f"=COUNTIFS({sheet}!${report_col}:${report_col},${letter['工作表']}{row},"
                           f'{sheet}!${status_col}:${status_col},"{name}")', value or 0, Look())
        elif name == "状态":
            found = int(values["问题"] or 0)
            state = "无问题" if found == 0 else "待复核" if values[STATUSES[0]] else "已复核"
            q, p = letter["问题"], letter[STATUSES[0]]
            canvas.formula(ws, row, col, f'=IF({q}{row}=0,"无问题",IF({p}{row}>0,"待复核","已复核"))',
                           state, Look())
        elif value is None or isinstance(value, (int, float)):
            canvas.number(ws, row, col, value, Look())
        else:
            canvas.text(ws, row, col, value, Look(alignment=LEFT) if name in ("单位", "文件") else Look())


def _totals_row(canvas: Canvas, ws: Worksheet, row: int, totals: dict[str, Number | None]) -> None:
    names = list(COLUMNS)
    first_figure = names.index("本年新收") + 1
    total = Look(font=BOLD, fill=LABEL_FILL)
    canvas.label(ws, row, 1, "合计", total, last_col=first_figure - 1)
    for col, name in enumerate(names[first_figure - 1 :], start=first_figure):
        if name in FIGURES:
            letter, result = get_column_letter(col), totals[name]
            canvas.formula(ws, row, col, f"=SUM({letter}{FIRST_ROW}:{letter}{max(row - 1, FIRST_ROW)})",
                           result if result is not None else 0, total)
        else:
            canvas.text(ws, row, col, "", total)


def _format(ws: Worksheet, last: int) -> None:
    names = list(COLUMNS)
    column_widths(ws, {i: float(w) for i, w in enumerate(COLUMNS.values(), start=1)})
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(names))}{max(last, 3)}"
    if last >= FIRST_ROW:
        state = get_column_letter(names.index("状态") + 1)
        errors = get_column_letter(names.index("错误") + 1)
        span = f"{state}{FIRST_ROW}:{state}{last}"
        fills = status_fills()
        for word, fill in (("待复核", severity_fill(Severity.WARNING)), ("已复核", fills["驳回"]), ("无问题", fills["已整改"])):
            ws.conditional_formatting.add(span, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))
        ws.conditional_formatting.add(f"{errors}{FIRST_ROW}:{errors}{last}",
                                      CellIsRule(operator="greaterThan", formula=["0"], fill=severity_fill(Severity.ERROR)))
    print_setup(ws, title_rows="3:3")


def _sum(*values: Number | None) -> Number | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None
