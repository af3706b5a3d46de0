"""The 汇总 sheet of a batch: one row per report, from the record layer (``gkaudit.frames.reports``), with live review counts.

It prints on A4 landscape, one page wide at a readable scale: headers on two lines, the file's
name kept after the printed columns (on screen and in the filter, not on paper: the linked sheet
names the report), 上年结转 on 统计分析 with the other secondary figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit import __version__
from gkaudit.export.canvas import Canvas, Ref, column_widths, status_fills
from gkaudit.export.findings_sheet import STATUSES, column_of, print_setup
from gkaudit.export.safety import quote_sheet
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    LABEL_FILL,
    LINE,
    LINK,
    NO_BORDER,
    SMALL,
    TITLE,
    Look,
    severity_fill,
)
from gkaudit.export.tables import Placement
from gkaudit.model import AuditReport, Number, Severity
from gkaudit.records import STATUS_COLUMNS
from gkaudit.review import ReviewState

if TYPE_CHECKING:
    import pandas as pd

Record = dict[str, Number | str | None]

COLUMNS = {  # name → width (A4 landscape holds about 150 at 100 %; the printed ones come to about 170)
    "序号": 4.5, "单位": 20, "年度": 5.5, "模板": 5.5, "本年新收": 6.5, "办理总计": 6.5, "结转下年": 6.5,
    "行政复议": 6.5, "行政诉讼": 6.5, "错误": 5, "警告": 5, "提示": 5, "问题": 5,
    **{s: 4 + len(s) for s in STATUSES}, "状态": 7, "编制人": 7, "复核人": 7, "定稿": 5, "工作表": 22,
    "文件": 30,
}
PRINTED = tuple(COLUMNS)[: tuple(COLUMNS).index("工作表") + 1]  # 文件 stays on screen only
# Problems by status are COUNTIFS over 问题清单 (the reviewer's drop-down); the rest are values.
STATUS_COUNTS = ("问题", *STATUSES)
FIGURES = ("本年新收", "办理总计", "结转下年", "行政复议", "行政诉讼", "错误", "警告", "提示", *STATUS_COUNTS)
FIRST_ROW = 4  # title, subtitle, header above


def write_batch_summary(
    canvas: Canvas,
    ws: Worksheet,
    reports: Sequence[AuditReport],
    placements: Sequence[Placement],
    preparer: str | None,
    audit_date: date | None,
    findings_title: str,
    states: Sequence[ReviewState] | None = None,
    table: pd.DataFrame | None = None,
) -> None:
    """One row per report: key figures (from ``frames.reports``), counts, problems by status (live from
    问题清单), sign-off, link. ``table``: the batch's ``frames.reports`` when the caller has it already."""
    records = summary_records(reports, placements, states, table)
    canvas.label(ws, 1, 1, "政府信息公开工作年度报告审计汇总", Look(font=TITLE, border=NO_BORDER, alignment=LINE), last_col=8)
    ws.row_dimensions[1].height = 28
    canvas.text(ws, 2, 1, f"共 {len(records)} 份报告　审计日期 {(audit_date or date.today()).isoformat()}"
                f"　编制人 {preparer or '＿＿＿＿'}　复核人 ＿＿＿＿　gkaudit {__version__}",
                Look(font=SMALL, border=NO_BORDER, alignment=LINE))
    head = Look(font=BOLD, fill=HEADER_FILL)  # centred and wrapped: 本年新收 on two lines
    for i, name in enumerate(COLUMNS, start=1):
        canvas.text(ws, 3, i, name, head)
    ws.row_dimensions[3].height = 28
    for k, record in enumerate(records):
        _report_row(canvas, ws, FIRST_ROW + k, record, findings_title)
    totals = {name: _sum(*(v for r in records if isinstance(v := r[name], (int, float)))) for name in FIGURES}
    _totals_row(canvas, ws, FIRST_ROW + len(records), totals)
    _format(ws, FIRST_ROW + len(records) - 1)


# The sheet's columns and the reports table's columns they show.
FROM_FRAME = {"本年新收": "received", "办理总计": "processed", "结转下年": "carried_out", "行政复议": "review",
              "行政诉讼": "suit", "错误": "errors", "警告": "warnings", "提示": "infos", "问题": "problems",
              **{s.label: column for s, column in STATUS_COLUMNS.items()}}


def summary_records(reports: Sequence[AuditReport], placements: Sequence[Placement],
                    states: Sequence[ReviewState] | None = None, table: pd.DataFrame | None = None) -> list[Record]:
    """One record per report, keyed by the sheet's column names, in column order, all from ``frames.reports``
    (given ``states``, the reviews 问题清单 lists, so the counts are those its COUNTIFS find)."""
    from gkaudit.frames import reports as reports_frame

    if table is None:
        reviews = {r.file: s for r, s in zip(reports, states, strict=True)} if states is not None else None
        table = reports_frame(reports, reviews)
    rows = table.astype(object).where(table.notna(), None).to_dict("records")  # pandas' missing values as None
    records: list[Record] = []
    for n, (row, placement) in enumerate(zip(rows, placements, strict=True), start=1):
        record: Record = {"序号": n, "单位": row["body"] or "", "年度": _plain(row["year"]),
                          "模板": row["template"] or "未识别"}
        record.update({name: _plain(row[col]) for name, col in FROM_FRAME.items()})
        record.update({"状态": "", "编制人": row["preparer"] or "", "复核人": row["reviewer"] or "",
                       "定稿": "是" if row["final"] else "", "文件": row["name"], "工作表": placement.sheet or ""})
        records.append({name: record[name] for name in COLUMNS})
    return records


def _plain(value: object) -> Number | None:
    """A DataFrame value as a plain number for the sheet (a numpy scalar unwrapped)."""
    plain = value.item() if hasattr(value, "item") else value
    return plain if isinstance(plain, (int, float)) else None


# One line per report: a long name shrinks to its cell (wrapped text would need taller rows, which
# Excel does not grow on opening); the file's name, last, may run on to the right.
_FIT = Alignment(horizontal="left", vertical="center", shrink_to_fit=True)
_CELL = Look()
_LOOKS = {"单位": Look(alignment=_FIT), "文件": Look(alignment=LINE)}


def _report_row(canvas: Canvas, ws: Worksheet, row: int, values: Record, findings: str) -> None:
    at = {name: i for i, name in enumerate(COLUMNS, start=1)}
    letter = {name: get_column_letter(i) for name, i in at.items()}
    sheet = quote_sheet(findings)
    report_col, status_col = column_of("报告", True), column_of("审核状态", True)
    for name, value in values.items():
        col = at[name]
        if name == "工作表":
            if value:
                canvas.link(ws, row, col, str(value), Ref(str(value), 1, 1), Look(font=LINK, alignment=_FIT))
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
            canvas.text(ws, row, col, value, _LOOKS.get(name, _CELL))


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
    ws.print_area = f"A1:{get_column_letter(len(PRINTED))}{last + 1}"  # the totals row is below the last report


def _sum(*values: Number | None) -> Number | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None
