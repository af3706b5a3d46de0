"""The front sheets: 审计概要 of one report (working-paper header, counts, conclusion, legend) and 汇总 of a batch.

Counts by status are COUNTIFS over 问题清单, so they follow the reviewer's drop-down choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit import __version__
from gkaudit.export.canvas import Canvas, Ref, column_widths
from gkaudit.export.findings_sheet import (
    STATUSES,
    Item,
    column_of,
    print_setup,
    review_fields,
    short_time,
)
from gkaudit.export.paper import HEAD_ROWS, PROJECT, Paper, review_state_text
from gkaudit.export.safety import quote_sheet
from gkaudit.export.styles import (
    BOLD,
    CANDIDATE_BORDER,
    CHECK_FILL,
    CORRECTED_FILL,
    DIFF_FILL,
    HEADER_FILL,
    INPUT_FILL,
    LABEL_FILL,
    LEFT,
    LINE,
    NO_BORDER,
    SMALL,
    SUBTITLE,
    SUSPECT_BORDER,
    TITLE,
    Look,
    blank_fill,
    fit_row,
    missing_fill,
    severity_fill,
)
from gkaudit.model import AuditReport, Number, Severity
from gkaudit.review import ReviewState
from gkaudit.rules.catalogue import RULES
from gkaudit.rules.relations import BUILDERS
from gkaudit.templates import TEMPLATES
from gkaudit.workspace import Role

SMALL_PLAIN = Look(font=SMALL, border=NO_BORDER, alignment=LINE)
FIELD = Look(font=BOLD, fill=LABEL_FILL, alignment=LEFT)
VALUE = Look(alignment=LEFT)
INPUT = Look(fill=INPUT_FILL, alignment=LEFT)
RELATION_RULES = {r.id for r in RULES if r.relation in BUILDERS}  # the arithmetic, not text cross-checks


@dataclass(frozen=True, slots=True)
class Header:
    """The working-paper header of one report."""

    body: str
    year: int | None
    template: str | None
    file: str
    sha256: str
    index: str
    audit_date: str
    preparer: str
    publish_date: str

    @classmethod
    def of(cls, report: AuditReport, preparer: str | None, audit_date: date | None) -> Header:
        return cls(
            body=report.body or Path(report.file).stem,
            year=report.year,
            template=report.template,
            file=report.file,
            sha256=report.sha256,
            index=f"GK-{report.year or 'XXXX'}-{report.sha256[:8].upper()}",
            audit_date=(audit_date or date.today()).isoformat(),
            preparer=preparer or "",
            publish_date=report.publish_date or "",
        )

    @property
    def year_text(self) -> str:
        return f"{self.year}年" if self.year else "（年度未识别）"

    @property
    def template_text(self) -> str:
        if self.template is None:
            return "未识别"
        return f"{self.template} 年版（{TEMPLATES[self.template].issued_with}）"

    @property
    def short_name(self) -> str:
        return f"{self.body}{self.year or ''}"


def conclusion(report: AuditReport) -> str:
    """The conclusion generated for a report nobody has reviewed yet."""
    from gkaudit.review import unreviewed

    return unreviewed(report).conclusion


def _fmt(x: Number) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


# ---------------------------------------------------------------------------------- 审计概要


def write_overview(
    canvas: Canvas,
    ws: Worksheet,
    report: AuditReport,
    header: Header,
    items: Sequence[Item],
    corrections: Mapping[str, Number | None],
    table_sheets: Sequence[Worksheet],
    findings_ws: Worksheet,
    *,
    state: ReviewState,
    papers: Sequence[Paper],
) -> None:
    column_widths(ws, {1: 12.0, 2: 13.0, 3: 13.0, 4: 13.0, 5: 12.0, 6: 20.0, 7: 20.0})
    canvas.label(ws, 1, 1, "政府信息公开工作年度报告审计底稿", Look(font=TITLE, border=NO_BORDER), last_col=7)
    ws.row_dimensions[1].height = 28
    canvas.label(ws, 2, 1, f"审计工作底稿 · gkaudit {__version__} 生成", Look(font=SMALL, border=NO_BORDER), last_col=7)
    preparer = state.signoffs.get(Role.PREPARER)
    reviewer = state.signoffs.get(Role.REVIEWER)
    rows: list[tuple[str, str, str | None, str]] = [
        ("被审计单位", header.body, "索引号", papers[0].index),
        ("审计项目名称", PROJECT, "审计事项", papers[0].matter),
        ("报告年度", header.year_text, "模板版本", header.template_text),
        ("来源文件", Path(header.file).name, "底稿编号", header.index),
        ("SHA-256", header.sha256, None, ""),
        ("审计日期", header.audit_date, "发布日期", header.publish_date),
        ("编制人", preparer.name if preparer else header.preparer, "编制日期",
         short_time(preparer.at)[:10] if preparer else (header.audit_date if header.preparer else "")),
        ("复核人", reviewer.name if reviewer else "", "复核日期", short_time(reviewer.at)[:10] if reviewer else ""),
        ("审核状态", review_state_text(state), "页次", "见页脚"),
    ]
    row = 4
    for label, value, label2, value2 in rows:
        canvas.text(ws, row, 1, label, FIELD)
        inputs = label in ("复核人", "编制人")
        if label2 is None:
            canvas.label(ws, row, 2, value, Look(font=SMALL, alignment=LEFT) if label == "SHA-256" else VALUE, last_col=7)
        else:
            canvas.label(ws, row, 2, value, INPUT if inputs else VALUE, last_col=4)
            canvas.text(ws, row, 5, label2, FIELD)
            canvas.label(ws, row, 6, value2, INPUT if inputs else VALUE, last_col=7)
            fit_row(ws, row, value2, 40)
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, 18)
        row += 1
    row = _counts(canvas, ws, row + 1, items, findings_ws)
    canvas.text(ws, row + 1, 1, "审计结论", Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE))
    text = state.conclusion
    canvas.label(ws, row + 2, 1, text, Look(alignment=LEFT), last_col=7)
    fit_row(ws, row + 2, text, 97)
    row += 3
    if corrections:
        later = [i for i in items if i.resolved is False]
        note = f"审核更正 {len(corrections)} 格（见各表下方“按审核更正值”表）；按更正值复核后仍存在的问题 {len(later)} 项。"
        canvas.label(ws, row, 1, note, Look(fill=CORRECTED_FILL, alignment=LEFT), last_col=7)
        fit_row(ws, row, note, 97)
        row += 1
    row = _index(canvas, ws, row + 1, papers)
    _legend(canvas, ws, row + 1)
    print_setup(ws, landscape=False, footer=f"索引号 {papers[0].index}　审计概要")


def _counts(canvas: Canvas, ws: Worksheet, row: int, items: Sequence[Item], findings_ws: Worksheet) -> int:
    """Findings by severity × status, as COUNTIFS over 问题清单 (live) with the current counts cached."""
    canvas.text(ws, row, 1, "问题统计", Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE))
    head = Look(font=BOLD, fill=HEADER_FILL)
    statuses = [*STATUSES, "合计"]
    canvas.text(ws, row + 1, 1, "严重程度", head)
    for i, s in enumerate(statuses, start=2):
        canvas.text(ws, row + 1, i, s, head)
    sev_col = column_of("严重程度", False)
    status_col = column_of("审核状态", False)
    sheet = quote_sheet(findings_ws.title)
    found = [(i.problem.severity.label, review_fields(i.review)[0]) for i in items]
    labels = [s.label for s in Severity]
    for k, label in enumerate([*labels, "合计"]):
        r = row + 2 + k
        canvas.text(ws, r, 1, label, Look(font=BOLD, fill=severity_fill(Severity(list(Severity)[k])) if k < 3 else LABEL_FILL))
        for i, status in enumerate(statuses, start=2):
            if label == "合计" or status == "合计":
                letter = get_column_letter(i)
                formula = (f"=SUM({letter}{row + 2}:{letter}{row + 4})" if label == "合计"
                           else f"=SUM(B{r}:{get_column_letter(i - 1)}{r})")
            else:
                formula = (f"=COUNTIFS({sheet}!${sev_col}:${sev_col},$A{r},"
                           f"{sheet}!${status_col}:${status_col},{get_column_letter(i)}${row + 1})")
            result = sum(1 for s, st in found if (label == "合计" or s == label) and (status == "合计" or st == status))
            canvas.formula(ws, r, i, formula, result, Look(font=BOLD) if "合计" in (label, status) else Look())
    return row + 6


def _index(canvas: Canvas, ws: Worksheet, row: int, papers: Sequence[Paper]) -> int:
    canvas.text(ws, row, 1, "底稿索引", Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE))
    for k, paper in enumerate(papers, start=1):
        canvas.link(ws, row + k, 1, paper.index, Ref(paper.sheet, 1, 1), None)
        canvas.label(ws, row + k, 2, f"{paper.title}：{paper.matter}", VALUE, last_col=7)
    return row + len(papers) + 2


def _legend(canvas: Canvas, ws: Worksheet, row: int) -> None:
    canvas.text(ws, row, 1, "图例", Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE))
    samples = [
        (Look(fill=severity_fill(Severity.ERROR)), "错误：单元格所在的勾稽关系不平衡，或数值无效"),
        (Look(fill=severity_fill(Severity.WARNING)), "警告：空白单元格、缺格等需核实的情况"),
        (Look(fill=severity_fill(Severity.INFO)), "提示"),
        (Look(fill=severity_fill(Severity.ERROR), border=SUSPECT_BORDER), "粗红框：最可能有误的单元格（改为建议值即可使所有关系平衡）"),
        (Look(fill=severity_fill(Severity.ERROR), border=CANDIDATE_BORDER), "红虚线框：任改其中一格均可平衡，无法确定是哪一格"),
        (Look(fill=blank_fill(None)), "灰点：报告中此格空白（未填 0），核对时按 0 计"),
        (Look(fill=missing_fill(None)), "斜线：报告中未取到此格的数值"),
        (Look(fill=CORRECTED_FILL), "蓝色：审核人更正的数值（只在“按审核更正值”表中）"),
        (Look(fill=CHECK_FILL), "灰色：核对公式（计算值−报告值），随单元格修改自动重算；√ 表示已核对平衡（差额为 0）"),
        (Look(fill=DIFF_FILL), "红色：核对结果不为 0"),
    ]
    for k, (look, text) in enumerate(samples, start=1):
        canvas.text(ws, row + k, 1, "", look)
        canvas.label(ws, row + k, 2, text, VALUE, last_col=7)


# ---------------------------------------------------------------------------------- a batch


def write_report_header(
    canvas: Canvas, ws: Worksheet, report: AuditReport, header: Header, summary: str, text: str
) -> int:
    """Under a batch sheet's paper header: a link back, the source and the conclusion; returns the next row."""
    row = HEAD_ROWS + 1
    canvas.link(ws, row, 1, "← 汇总", Ref(summary, 1, 1))
    canvas.text(ws, row, 4, f"底稿编号 {header.index}　来源文件 {Path(report.file).name}　模板 {header.template_text}"
                f"　SHA-256 {header.sha256[:16]}…", SMALL_PLAIN)
    canvas.label(ws, row + 1, 1, text, Look(font=BOLD, border=NO_BORDER, alignment=LEFT), last_col=11)
    fit_row(ws, row + 1, text, 125)
    return row + 3
