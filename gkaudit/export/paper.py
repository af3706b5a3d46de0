"""The working-paper (底稿) conventions: 索引号, the header block of every paper, 索引表 and 审计轨迹 sheets.

Every sheet is a paper with an index number in the N-1 / N-2 / N-2-1 style, and opens with the
block a reviewer looks for: 被审计单位, 审计项目名称, 审计事项, 索引号, 页次, 编制人/日期,
复核人/日期, the review's state, and the legend of the marks used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, Ref, column_widths
from gkaudit.export.findings_sheet import print_setup, short_time
from gkaudit.export.styles import (
    BOLD,
    HEADER_FILL,
    LEFT,
    LINE,
    LINK,
    NO_BORDER,
    SMALL,
    TITLE,
    Look,
    fit_row,
    lines_needed,
)
from gkaudit.review import ReviewState, TrailEntry
from gkaudit.workspace import Role

PROJECT = "政府信息公开工作年度报告审计"
INDEX_PREFIX = "GK"
MARKS = ("标记：√ 勾稽关系已核对平衡（核对值为 0）　× 不平衡（核对值变红）　粗红框 最可能有误的格　"
         "红虚线框 可能有误的格之一　蓝色 审核更正值　灰点 报告空白（未填 0）　斜线 未取到")
HEAD_ROWS = 5  # rows the header block takes; a paper's content starts below it
PLAIN = Look(border=NO_BORDER, alignment=LINE)
SMALL_LEFT = Look(font=SMALL, border=NO_BORDER, alignment=LEFT)


def index_number(*parts: int) -> str:
    """索引号 GK-2 / GK-2-1 of a paper (its place in the set of papers)."""
    return "-".join([INDEX_PREFIX, *(str(p) for p in parts)])


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the workbook: its sheet, 索引号, title, and the body and matter it covers."""

    sheet: str
    index: str
    title: str
    body: str
    matter: str  # 审计事项
    review: ReviewState | None = None

    @property
    def state(self) -> str:
        return review_state_text(self.review)


def review_state_text(review: ReviewState | None) -> str:
    """定稿 / 已复核 / 已编制 / 未签字, with who and when."""
    if review is None:
        return "未签字"
    if review.final is not None:
        return f"已定稿（{review.final.name} {short_time(review.final.at)}）"
    if Role.REVIEWER in review.signoffs:
        return "已复核，未定稿"
    if Role.PREPARER in review.signoffs:
        return "已编制，待复核"
    return "审核中，未签字"


def signed(review: ReviewState | None, role: Role) -> tuple[str, str]:
    """(name, date) of a sign-off, blank lines when nobody signed."""
    s = review.signoffs.get(role) if review is not None else None
    return ("＿＿＿＿", "＿＿＿＿") if s is None else (s.name, short_time(s.at)[:10])


def write_header(canvas: Canvas, ws: Worksheet, paper: Paper, last_col: int, *, marks: bool = False) -> int:
    """The header block at the top of ``ws`` across columns 1..``last_col``; returns the first free row."""
    last_col = max(last_col, 4)
    mid = max(2, last_col // 2)
    canvas.label(ws, 1, 1, f"{PROJECT}底稿 · {paper.title}", Look(font=TITLE, border=NO_BORDER, alignment=LINE),
                 last_col=last_col)
    ws.row_dimensions[1].height = 24
    preparer, prepared = signed(paper.review, Role.PREPARER)
    reviewer, reviewed = signed(paper.review, Role.REVIEWER)
    rows = (
        (f"被审计单位：{paper.body}", f"索引号：{paper.index}　　页次：见页脚"),
        (f"审计项目名称：{PROJECT}", f"审计事项：{paper.matter}"),
        (f"编制人：{preparer}　日期：{prepared}", f"复核人：{reviewer}　日期：{reviewed}　　状态：{paper.state}"),
    )
    left_width, right_width = _width(ws, 1, mid), _width(ws, mid + 1, last_col)
    for r, (left, right) in enumerate(rows, start=2):
        look = Look(font=BOLD if r == 2 else SMALL, border=NO_BORDER, alignment=LEFT)
        canvas.label(ws, r, 1, left, look, last_col=mid)
        canvas.label(ws, r, mid + 1, right, look, last_col=last_col)
        # Bold text is wider than the estimate; a little slack keeps it on its lines.
        ws.row_dimensions[r].height = 15 * max(lines_needed(left, left_width * 0.9),
                                               lines_needed(right, right_width * 0.9)) + 2
    if marks:
        canvas.label(ws, 5, 1, MARKS, SMALL_LEFT, last_col=last_col)
        fit_row(ws, 5, MARKS, (left_width + right_width) * 0.9, 13)
    return HEAD_ROWS + 1


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(c)].width or 9 for c in range(first, last + 1))


def finish_paper(ws: Worksheet, paper: Paper, *, landscape: bool, title_rows: str | None = None) -> None:
    """Print setup with the paper's 索引号 in the footer beside page x of y."""
    print_setup(ws, landscape=landscape, title_rows=title_rows, footer=f"索引号 {paper.index}　{paper.title}")


# ---------------------------------------------------------------------------------- 审计轨迹


TRAIL_COLUMNS = (("序号", 5), ("时间", 17), ("操作人", 9), ("操作", 11), ("对象", 40), ("内容", 40))


def write_trail(canvas: Canvas, ws: Worksheet, paper: Paper, trails: Sequence[tuple[str, Sequence[TrailEntry]]]) -> None:
    """Every recorded action, oldest first; with several reports, a column names the report."""
    many = len(trails) > 1
    cols = list(TRAIL_COLUMNS)
    if many:
        cols.insert(1, ("报告", 20))
    column_widths(ws, {i: float(w) for i, (_, w) in enumerate(cols, start=1)})
    top = write_header(canvas, ws, paper, len(cols))
    head = Look(font=BOLD, fill=HEADER_FILL)
    for i, (name, _) in enumerate(cols, start=1):
        canvas.text(ws, top, i, name, head)
    row, n = top + 1, 0
    body = Look(alignment=LEFT)
    for report, entries in trails:
        for e in entries:
            n += 1
            values = [str(n), e.at, e.who, e.action, e.subject, e.detail]
            if many:
                values.insert(1, report)
            for i, v in enumerate(values, start=1):
                if i == 1:
                    canvas.number(ws, row, i, n, Look())
                else:
                    canvas.text(ws, row, i, v, body)
            fit_row(ws, row, max(e.subject, e.detail, key=len), 40)
            row += 1
    if n == 0:
        canvas.label(ws, row, 1, "没有审核记录：此底稿按工具的检查结果导出，未经人工审核。", body, last_col=len(cols))
        row += 1
    ws.freeze_panes = f"A{top + 1}"
    ws.print_area = f"A1:{get_column_letter(len(cols))}{row - 1}"
    finish_paper(ws, paper, landscape=True, title_rows=f"{top}:{top}")


# ---------------------------------------------------------------------------------- 索引表


INDEX_COLUMNS = (("索引号", 10), ("底稿名称", 34), ("被审计单位", 26), ("审计事项", 28), ("状态", 34))


def write_index(canvas: Canvas, ws: Worksheet, paper: Paper, papers: Sequence[Paper]) -> None:
    """索引表: every paper of the workbook with its 索引号, linked to its sheet."""
    column_widths(ws, {i: float(w) for i, (_, w) in enumerate(INDEX_COLUMNS, start=1)})
    top = write_header(canvas, ws, paper, len(INDEX_COLUMNS))
    head = Look(font=BOLD, fill=HEADER_FILL)
    for i, (name, _) in enumerate(INDEX_COLUMNS, start=1):
        canvas.text(ws, top, i, name, head)
    body = Look(alignment=LEFT)
    for k, p in enumerate(papers, start=top + 1):
        canvas.text(ws, k, 1, p.index, Look())
        canvas.link(ws, k, 2, p.title, Ref(p.sheet, 1, 1), Look(font=LINK, alignment=LEFT))
        canvas.text(ws, k, 3, p.body, body)
        canvas.text(ws, k, 4, p.matter, body)
        canvas.text(ws, k, 5, p.state if p.review is not None else "", body)
        fit_row(ws, k, max(p.title, p.state if p.review is not None else ""), 32)
    ws.freeze_panes = f"A{top + 1}"
    finish_paper(ws, paper, landscape=False, title_rows=f"{top}:{top}")

