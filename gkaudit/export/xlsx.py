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
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.audit import recheck
from gkaudit.export.canvas import Canvas, Ref, collector_paused, column_widths
from gkaudit.export.findings_sheet import (
    STATUSES,
    Item,
    ReviewInput,
    columns,
    review_fields,
    write_findings,
)
from gkaudit.export.overview import Header, write_overview, write_report_header
from gkaudit.export.paper import (
    HEAD_ROWS,
    Paper,
    finish_paper,
    index_number,
    write_header,
    write_index,
    write_trail,
)
from gkaudit.export.safety import ExportError, save_atomically, sheet_title
from gkaudit.export.styles import LINE, NO_BORDER, TITLE, Look
from gkaudit.export.summary import write_batch_summary
from gkaudit.export.tables import (
    Block,
    BlockWriter,
    Placement,
    cell_marks,
    corrected_entries,
    printed_entries,
)
from gkaudit.form import FormLayout, form_layout
from gkaudit.model import AuditReport, Finding, Number, finding_key
from gkaudit.problems import problems_of
from gkaudit.review import ProblemReview, ReviewState, default_conclusion
from gkaudit.rules.relations import relations_for
from gkaudit.templates import TABLE_IDS, TABLE_TITLES, TEMPLATES
from gkaudit.workspace import Status

Corrections = Mapping[str, Number | None]  # cell id → the auditor's value
Reviews = Mapping[str, ReviewInput]  # problem or finding key → review

OVERVIEW, FINDINGS, SUMMARY, TRAIL, INDEX, STATISTICS = "审计概要", "问题清单", "汇总", "审计轨迹", "索引表", "统计分析"
MATTERS = {"active": "主动公开政府信息情况统计表核对", "apply": "依申请公开统计表勾稽关系核对",
           "review": "行政复议、行政诉讼统计表核对"}

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
    review: ReviewState | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> Path:
    """Write one report's audit workbook to ``target``; returns the path written.

    ``review`` is the saved review (``gkaudit.review``); without it, ``corrections`` and
    ``reviews`` (by problem or finding key) may be given as plain values.
    Raises ``ExportError`` (one Chinese line, ``.suggestion`` a path to try) when it cannot write.
    """
    with collector_paused():
        canvas, _ = build_report_workbook(
            report, corrections=corrections, reviews=reviews, review=review, preparer=preparer, audit_date=audit_date
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
    states: Mapping[str, ReviewState] | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> Path:
    """Write a batch workbook; ``states``, ``corrections`` and ``reviews`` are keyed by ``report.file``."""
    with collector_paused():
        canvas, _ = build_batch_workbook(
            reports, corrections=corrections, reviews=reviews, states=states, preparer=preparer, audit_date=audit_date
        )
        data = canvas.save()
        del canvas
    return save_atomically(data, target)


def write_batch_from_files(paths: Sequence[str | Path], target: str | Path, *,
                           ocr: str | None = None) -> tuple[Path, int, int]:
    """Audit ``paths`` as a batch and write its workbook, each report with its saved review.

    The files are audited as the window's batch audits them (each in a child process within the
    time and memory budget, ``ocr`` its reading setting), so the workbook's figures are the ones
    its table showed. Returns the path written, how many reports it holds and how many carried a
    review. A file that cannot be read is left out (the batch list already says why).
    """
    from gkaudit.batch import audit_batch
    from gkaudit.isolation import DEFAULT_LIMITS
    from gkaudit.review import saved_review

    reports = audit_batch(list(paths), limits=DEFAULT_LIMITS, ocr=ocr).reports
    if not reports:
        raise ExportError("没有可导出的报告：所列文件都无法审计", Path(target))
    states = {r.file: s for r in reports if (s := saved_review(r)) is not None}
    return write_batch_workbook(reports, target, states=states), len(reports), len(states)


# ---------------------------------------------------------------------------------- one report


def build_report_workbook(
    report: AuditReport,
    *,
    corrections: Corrections | None = None,
    reviews: Reviews | None = None,
    review: ReviewState | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> tuple[Canvas, Placement]:
    """The workbook of one report, in memory, and where its cells and checks landed."""
    state = review if review is not None else state_of(report, corrections or {}, reviews or {})
    fixes = correction_values(state) if review is not None else dict(corrections or {})
    canvas = Canvas(Workbook())
    canvas.wb.remove(canvas.wb.active)
    overview = canvas.sheet(OVERVIEW)
    sheets = {t: canvas.sheet(TABLE_TITLES[t]) for t in TABLE_IDS}
    findings_ws = canvas.sheet(FINDINGS)
    trail_ws = canvas.sheet(TRAIL)
    header = Header.of(report, preparer, audit_date)
    body = header.body
    matter = f"{header.year_text}政府信息公开工作年度报告"
    papers = {
        OVERVIEW: Paper(OVERVIEW, index_number(1), "审计概要", body, matter, state),
        **{TABLE_TITLES[t]: Paper(TABLE_TITLES[t], index_number(2, k), f"{TABLE_TITLES[t]}核对", body, MATTERS[t], state)
           for k, t in enumerate(TABLE_IDS, start=1)},
        FINDINGS: Paper(FINDINGS, index_number(3), "问题清单（整改台账）", body, matter, state),
        TRAIL: Paper(TRAIL, index_number(4), "审计轨迹", body, matter, state),
    }
    top = HEAD_ROWS + 2
    later = recheck(report, fixes) if fixes else None
    placement = write_tables(canvas, report, sheets, {ws.title: top for ws in sheets.values()}, fixes, later)
    for table_id, ws in sheets.items():
        _finish_table_sheet(canvas, ws, table_id, placement, papers[ws.title])
    items = items_of(report, placement, state, fixes)
    write_findings(canvas, findings_ws, items, with_report=False, top=top - 1)
    write_header(canvas, findings_ws, papers[FINDINGS], _printed_columns(False))
    finish_paper(findings_ws, papers[FINDINGS], landscape=True, title_rows=f"{top - 1}:{top - 1}")
    write_trail(canvas, trail_ws, papers[TRAIL], [(body, state.trail)])
    write_overview(canvas, overview, report, header, items, fixes, list(sheets.values()), findings_ws,
                   state=state, papers=list(papers.values()))
    canvas.flag_differences()
    canvas.wb.active = 0
    return canvas, placement


def _printed_columns(with_report: bool) -> int:
    names = [n for n, _ in columns(with_report)]
    return names.index("审核更正") + 1


def _finish_table_sheet(canvas: Canvas, ws: Worksheet, table_id: str, placement: Placement, paper: Paper) -> None:
    last = max(ws.max_column, 6)
    write_header(canvas, ws, paper, last, marks=True)
    canvas.link(ws, HEAD_ROWS + 1, 1, "← 审计概要", Ref(OVERVIEW, 1, 1))
    cells = [ref for cid, ref in placement.cells.items() if cid.startswith(f"{table_id}/") and ref.sheet == ws.title]
    if table_id == "apply" and cells:
        ws.freeze_panes = f"D{min(ref.row for ref in cells)}"
    # Portrait fits the narrow tables whole on a page; the fifteen review columns need landscape.
    finish_paper(ws, paper, landscape=table_id == "review")


def correction_values(state: ReviewState) -> dict[str, Number | None]:
    return {cid: c.corrected_value for cid, c in state.corrections.items()}


def state_of(report: AuditReport, corrections: Corrections, reviews: Reviews) -> ReviewState:
    """A review given as plain values (cell → value, key → (status, note, who, when)) as a ``ReviewState``."""
    printed = problems_of(report.findings, report)
    now = problems_of(recheck(report, corrections), report) if corrections else printed
    remaining = {k for p in now for k in p.finding_keys}
    taken = {p.key for p in now}
    resolved = [p for p in printed if p.key not in taken and not remaining.intersection(p.finding_keys)]
    labels = {s.label: s for s in Status}
    out: dict[str, ProblemReview] = {}
    for p in [*now, *resolved]:
        given = next((reviews[k] for k in (p.key, *p.finding_keys) if k in reviews), None)
        status, note, who, when = review_fields(given)
        if p in resolved:
            status = Status.CORRECTED.label
        out[p.key] = ProblemReview(labels.get(status, Status.PENDING), note, who, when)
    problems = (*now, *resolved)
    return ReviewState(problems, out, conclusion=default_conclusion(report, problems, lambda p: out[p.key].status))


def items_of(report: AuditReport, placement: Placement, state: ReviewState, corrections: Corrections) -> list[Item]:
    """The list's rows: one per problem, in the order the review lists them."""
    return [Item(report, p, placement, state.reviews.get(p.key),
                 None if not corrections else state.status(p) is Status.CORRECTED)
            for p in state.problems]


# ---------------------------------------------------------------------------------- a batch


def build_batch_workbook(
    reports: Sequence[AuditReport],
    *,
    corrections: Mapping[str, Corrections] | None = None,
    reviews: Mapping[str, Reviews] | None = None,
    states: Mapping[str, ReviewState] | None = None,
    preparer: str | None = None,
    audit_date: date | None = None,
) -> tuple[Canvas, list[Placement]]:
    corrections, reviews, states = corrections or {}, reviews or {}, states or {}
    canvas = Canvas(Workbook())
    canvas.wb.remove(canvas.wb.active)
    summary_ws = canvas.sheet(SUMMARY)
    index_ws = canvas.sheet(INDEX)
    findings_ws = canvas.sheet(FINDINGS)
    statistics_ws = canvas.sheet(STATISTICS)
    taken = {SUMMARY, STATISTICS, FINDINGS, INDEX, TRAIL}
    placements: list[Placement] = []
    items: list[Item] = []
    papers: list[Paper] = []
    trails: list[tuple[str, Sequence[object]]] = []
    review_states: list[ReviewState] = []
    whole = f"{len(reports)} 份报告"
    for n, report in enumerate(reports, start=1):
        header = Header.of(report, preparer, audit_date)
        title = sheet_title(f"{n:03d} {header.short_name}", taken)
        ws = canvas.sheet(title)
        state = states.get(report.file) or state_of(report, corrections.get(report.file, {}), reviews.get(report.file, {}))
        fixes = correction_values(state) if report.file in states else dict(corrections.get(report.file, {}))
        paper = Paper(title, index_number(3, n), f"{header.short_name}年度报告核对", header.body,
                      f"{header.year_text}政府信息公开工作年度报告", state)
        top = write_report_header(canvas, ws, report, header, SUMMARY, state.conclusion)
        later = recheck(report, fixes) if fixes else None
        placement = write_tables(canvas, report, dict.fromkeys(TABLE_IDS, ws), {title: top}, fixes, later,
                                 page_breaks=False)
        placement.sheet = title
        write_header(canvas, ws, paper, max(ws.max_column, 11), marks=True)
        finish_paper(ws, paper, landscape=True)
        placements.append(placement)
        papers.append(paper)
        items.extend(items_of(report, placement, state, fixes))
        trails.append((header.short_name, state.trail))
        review_states.append(state)
    trail_ws = canvas.sheet(TRAIL)
    summary_paper = Paper(SUMMARY, index_number(1), "审计汇总", "（见各报告）", whole)
    findings_paper = Paper(FINDINGS, index_number(2), "问题清单（整改台账）", "（见各报告）", whole)
    trail_paper = Paper(TRAIL, index_number(4), "审计轨迹", "（见各报告）", whole)
    statistics_paper = Paper(STATISTICS, index_number(5), "统计分析", "（见各报告）", whole)
    index_paper = Paper(INDEX, index_number(0), "底稿索引表", "（见各报告）", whole)
    write_findings(canvas, findings_ws, items, with_report=True, top=HEAD_ROWS + 1)
    write_header(canvas, findings_ws, findings_paper, _printed_columns(True))
    finish_paper(findings_ws, findings_paper, landscape=True, title_rows=f"{HEAD_ROWS + 1}:{HEAD_ROWS + 1}")
    write_trail(canvas, trail_ws, trail_paper, trails)  # type: ignore[arg-type]
    # The record layer: one reports table for 汇总 and 统计分析 (pandas is imported for batches only).
    from gkaudit.export.statistics import write_statistics
    from gkaudit.frames import reports as reports_frame

    # With each report's review, so 汇总's problems by status are those 问题清单 lists.
    table = reports_frame(reports, {r.file: s for r, s in zip(reports, review_states, strict=True)})
    write_batch_summary(canvas, summary_ws, reports, placements, preparer, audit_date, FINDINGS,
                        review_states, table)
    write_statistics(canvas, statistics_ws, table, top=HEAD_ROWS + 1)
    write_header(canvas, statistics_ws, statistics_paper, 12)
    finish_paper(statistics_ws, statistics_paper, landscape=True)
    summary_ws.oddFooter.center.text = f"索引号 {summary_paper.index}　审计汇总　第 &P 页，共 &N 页"
    write_index(canvas, index_ws, index_paper, [summary_paper, findings_paper, *papers, trail_paper, statistics_paper])
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
    *,
    page_breaks: bool = True,
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

    def place(writer: BlockWriter, shown: FormLayout) -> Block:
        ws = writer.ws
        if page_breaks and ws.title in widths:  # a table already on this sheet: the next one starts a printed page
            ws.row_breaks.append(Break(id=cursor[ws.title] - 1))
        block = writer.write(cursor[ws.title], relations, shown)
        cursor[ws.title] = block.bottom + 2
        _widen(widths.setdefault(ws.title, {}), block.widths)
        return block

    for spec in template.tables:
        ws = sheets[spec.id]
        table = report.tables.get(spec.id)
        shown = form_layout(spec, table.rows() if table is not None else ())
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
