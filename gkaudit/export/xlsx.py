"""Excel audit worksheets (审计底稿): one report → one workbook, a batch of reports → one workbook.

A report's workbook: 审计概要 (working-paper header, counts, conclusion), one sheet per table in the
official layout with the audit marked on its cells and live check formulas beside and under it,
and 问题清单 (one row per finding, for the reviewer). A batch: 汇总, one 问题清单 for all reports,
and one sheet per report with its three tables stacked. Files are written whole or not at all
(``safety.save_atomically``); a locked target raises ``ExportError``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.audit import recheck
from gkaudit.export.canvas import Canvas, Ref, collector_paused, column_widths
from gkaudit.export.findings_sheet import (
    STATUSES,
    Item,
    ReviewInput,
    finding_key,
    print_setup,
    write_findings,
)
from gkaudit.export.overview import Header, write_overview, write_report_header
from gkaudit.export.safety import ExportError, save_atomically, sheet_title
from gkaudit.export.styles import LEFT, LINE, NO_BORDER, SMALL, TITLE, Look, fit_row
from gkaudit.export.summary import write_batch_summary
from gkaudit.export.tables import (
    LEGEND,
    Block,
    BlockWriter,
    Placement,
    cell_marks,
    corrected_entries,
    printed_entries,
    shown_rows,
)
from gkaudit.model import AuditReport, Finding, Number
from gkaudit.rules.relations import relations_for
from gkaudit.templates import TABLE_IDS, TABLE_TITLES, TEMPLATES

Corrections = Mapping[str, Number | None]  # cell id → the auditor's value
Reviews = Mapping[str, ReviewInput]  # finding_key → review

OVERVIEW, FINDINGS, SUMMARY, STATISTICS = "审计概要", "问题清单", "汇总", "统计分析"

__all__ = [
    "STATUSES",
    "ExportError",
    "build_batch_workbook",
    "build_report_workbook",
    "finding_key",
    "write_batch_workbook",
    "write_report_workbook",
]


def write_report_workbook(
    report: AuditReport,
    target: str | Path,
    *,
    corrections: Corrections | None = None,
    reviews: Reviews | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> Path:
    """Write one report's audit workbook to ``target``; returns the path written.

    Raises ``ExportError`` (one Chinese line, ``.suggestion`` a path to try) when it cannot write.
    """
    with collector_paused():
        canvas, _ = build_report_workbook(
            report, corrections=corrections, reviews=reviews, preparer=preparer, audit_date=audit_date
        )
        data = canvas.save()
        del canvas
    return save_atomically(data, target)


def write_batch_workbook(
    reports: Sequence[AuditReport],
    target: str | Path,
    *,
    corrections: Mapping[str, Corrections] | None = None,
    reviews: Mapping[str, Reviews] | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> Path:
    """Write a batch workbook; ``corrections`` and ``reviews`` are keyed by ``report.file``."""
    with collector_paused():
        canvas, _ = build_batch_workbook(
            reports, corrections=corrections, reviews=reviews, preparer=preparer, audit_date=audit_date
        )
        data = canvas.save()
        del canvas
    return save_atomically(data, target)


# ---------------------------------------------------------------------------------- one report


def build_report_workbook(
    report: AuditReport,
    *,
    corrections: Corrections | None = None,
    reviews: Reviews | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> tuple[Canvas, Placement]:
    """The workbook of one report, in memory, and where its cells and checks landed."""
    corrections = dict(corrections or {})
    canvas = Canvas(Workbook())
    canvas.wb.remove(canvas.wb.active)
    overview = canvas.sheet(OVERVIEW)
    sheets = {t: canvas.sheet(TABLE_TITLES[t]) for t in TABLE_IDS}
    findings_ws = canvas.sheet(FINDINGS)
    header = Header.of(report, preparer, audit_date)
    cursor = {}
    for table_id, ws in sheets.items():
        _table_sheet_header(canvas, ws, report, header, TABLE_TITLES[table_id])
        cursor[ws.title] = 4
    later = recheck(report, corrections) if corrections else None
    placement = write_tables(canvas, report, sheets, cursor, corrections, later)
    for table_id, ws in sheets.items():
        _finish_table_sheet(canvas, ws, table_id, placement)
    items = _items(report, placement, later, reviews or {})
    write_findings(canvas, findings_ws, items, with_report=False)
    write_overview(canvas, overview, report, header, items, corrections, list(sheets.values()), findings_ws)
    canvas.flag_differences()
    canvas.wb.active = 0
    return canvas, placement


def _table_sheet_header(canvas: Canvas, ws: Worksheet, report: AuditReport, header: Header, name: str) -> None:
    title = f"{header.body} {header.year_text}政府信息公开工作年度报告 · {name}"
    canvas.text(ws, 1, 1, title, Look(font=TITLE, border=NO_BORDER, alignment=LINE))
    ws.row_dimensions[1].height = 24
    canvas.link(ws, 2, 1, "← 审计概要", Ref(OVERVIEW, 1, 1))
    canvas.text(ws, 2, 4, f"索引号 {header.index}　来源文件 {Path(report.file).name}　模板 {header.template_text}",
                Look(font=SMALL, border=NO_BORDER, alignment=LINE))
    canvas.text(ws, 3, 1, LEGEND, Look(font=SMALL, border=NO_BORDER, alignment=LEFT))


def _finish_table_sheet(canvas: Canvas, ws: Worksheet, table_id: str, placement: Placement) -> None:
    last = max(ws.max_column, 6)
    canvas.merge(ws, 3, 1, 3, last)
    fit_row(ws, 3, LEGEND, sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, last + 1)), 12)
    cells = [ref for cid, ref in placement.cells.items() if cid.startswith(f"{table_id}/") and ref.sheet == ws.title]
    if table_id == "apply" and cells:
        ws.freeze_panes = f"D{min(ref.row for ref in cells)}"
    # Portrait fits the narrow tables whole on a page; the fifteen review columns need landscape.
    print_setup(ws, landscape=table_id == "review")


# ---------------------------------------------------------------------------------- a batch


def build_batch_workbook(
    reports: Sequence[AuditReport],
    *,
    corrections: Mapping[str, Corrections] | None = None,
    reviews: Mapping[str, Reviews] | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> tuple[Canvas, list[Placement]]:
    corrections, reviews = corrections or {}, reviews or {}
    canvas = Canvas(Workbook())
    canvas.wb.remove(canvas.wb.active)
    summary_ws = canvas.sheet(SUMMARY)
    findings_ws = canvas.sheet(FINDINGS)
    statistics_ws = canvas.sheet(STATISTICS)
    taken = {SUMMARY, STATISTICS, FINDINGS}
    placements: list[Placement] = []
    items: list[Item] = []
    for n, report in enumerate(reports, start=1):
        header = Header.of(report, preparer, audit_date)
        title = sheet_title(f"{n:03d} {header.short_name}", taken)
        ws = canvas.sheet(title)
        fixes = dict(corrections.get(report.file, {}))
        top = write_report_header(canvas, ws, report, header, SUMMARY)
        later = recheck(report, fixes) if fixes else None
        placement = write_tables(canvas, report, dict.fromkeys(TABLE_IDS, ws), {title: top}, fixes, later)
        placement.sheet = title
        print_setup(ws, landscape=True)
        placements.append(placement)
        items.extend(_items(report, placement, later, reviews.get(report.file, {})))
    write_findings(canvas, findings_ws, items, with_report=True)
    # The record layer: one reports table for 汇总 and 统计分析 (pandas is imported for batches only).
    from gkaudit.export.statistics import write_statistics
    from gkaudit.frames import reports as reports_frame

    table = reports_frame(reports)
    write_batch_summary(canvas, summary_ws, reports, placements, items, preparer, audit_date, FINDINGS, table)
    write_statistics(canvas, statistics_ws, table)
    canvas.flag_differences()
    canvas.wb.active = 0
    return canvas, placements


# ---------------------------------------------------------------------------------- shared


def write_tables(
    canvas: Canvas,
    report: AuditReport,
    sheets: Mapping[str, Worksheet],
    cursor: dict[str, int],
    corrections: Corrections,
    later: Sequence[Finding] | None,
) -> Placement:
    """Write the report's three tables at each sheet's cursor row, and under each table the auditor
    touched its corrected copy, marked with ``later`` (the findings after the corrections)."""
    placement = Placement()
    if report.template is None:
        for ws in {id(ws): ws for ws in sheets.values()}.values():
            canvas.text(ws, cursor[ws.title], 1, "无法判断报告使用的模板，未能提取表格，请人工审阅原文。",
                        Look(font=TITLE, border=NO_BORDER, alignment=LINE))
            cursor[ws.title] += 2
        return placement
    template = TEMPLATES[report.template]
    apply = report.tables.get("apply")
    relations = relations_for(template, set(apply.rows()) if apply is not None else set())
    marks = cell_marks(report.findings)
    later_marks = cell_marks(later or [])
    widths: dict[str, dict[int, float]] = {}

    def place(writer: BlockWriter, shown: list[str]) -> Block:
        ws = writer.ws
        if ws.title in widths:  # a table already on this sheet: the next one starts a printed page
            ws.row_breaks.append(Break(id=cursor[ws.title] - 1))
        block = writer.write(cursor[ws.title], relations, shown)
        cursor[ws.title] = block.bottom + 2
        _widen(widths.setdefault(ws.title, {}), block.widths)
        return block

    for spec in template.tables:
        ws = sheets[spec.id]
        table = report.tables.get(spec.id)
        shown = shown_rows(spec, table)
        caption = spec.title if table is None or table.found else f"{spec.title}（报告中未找到此表）"
        block = place(BlockWriter(canvas, ws, template, spec.id, printed_entries(table, corrections), marks, caption),
                      shown)
        placement.cells.update(block.positions)
        placement.checks.update(block.checks)
        if any(cid.startswith(f"{spec.id}/") for cid in corrections):
            entries = corrected_entries(block.positions, corrections)
            caption = f"{spec.title}（按审核更正值：蓝色为更正的格，其余格引用上表报告值）"
            mirror = place(BlockWriter(canvas, ws, template, spec.id, entries, later_marks, caption, corrected=True), shown)
            placement.corrected_cells.update(mirror.positions)
            placement.corrected_checks.update(mirror.checks)
    for title, w in widths.items():
        column_widths(canvas.wb[title], w)
    return placement


def _widen(into: dict[int, float], widths: Mapping[int, float]) -> None:
    for col, width in widths.items():
        into[col] = max(into.get(col, 0.0), width)


def _items(report: AuditReport, placement: Placement, later: Sequence[Finding] | None, reviews: Reviews) -> list[Item]:
    """The list's rows; ``later`` are the findings after the corrections (None: no corrections)."""
    remaining = None if later is None else {finding_key(f) for f in later}
    out = []
    for f in report.findings:
        key = finding_key(f)
        resolved = None if remaining is None else key not in remaining
        out.append(Item(report, f, placement, reviews.get(key), resolved))
    return out
