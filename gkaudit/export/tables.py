"""The three statistics tables in the official layout, with the audit marked on their cells.

Columns are shared by the three tables so they can also be stacked on one sheet (a batch): A–C
hold the row labels (A the vertical 三、本年度办理结果, B the groups （三）…（六）, C the items), D
onwards the values. The printed values are never changed: the auditor's corrections go in a second
copy of the table under the first, whose other cells follow the printed ones by formula.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, Ref
from gkaudit.export.formulas import CheckArea, write_checks
from gkaudit.export.styles import (
    BODY,
    BOLD,
    CANDIDATE_BORDER,
    CORRECTED_COLOR,
    CORRECTED_FILL,
    GRID,
    HEADER_FILL,
    LABEL_FILL,
    LEFT,
    LINE,
    NO_BORDER,
    NO_FILL,
    SEVERITY_COLORS,
    SIGNED_FORMAT,
    STACKED,
    SUBTITLE,
    SUSPECT_BORDER,
    SUSPECT_FONT,
    Look,
    blank_fill,
    fit_row,
    missing_fill,
    severity_fill,
)
from gkaudit.model import Cell, Finding, Number, Severity, Table
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.rules.relations import Relation
from gkaudit.templates import Kind, RowSpec, TableSpec, TemplateSpec

FIRST_VALUE_COL = 4
LABEL_WIDTHS = {1: 5.0, 2: 13.0, 3: 34.0}
APPLY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PARTIAL_NOTE = "（区分处理的，只计这一情形，不计其他情形）"
RESULTS_HEAD = "三、本年度办理结果"
MISSING_NOTE = "报告中未取到此格（漏印或未能识别）；核对公式按 0 计，工具对涉及本格的关系不作判断"
LEGEND = (
    "数值为报告原值，未作改动。底色：红=错误 黄=警告 蓝=提示；粗红框=最可能有误的格，红虚线框=可能有误的格之一；"
    "灰点=报告空白（未填 0），斜线=未取到。核对列/行为公式（计算值−报告值），不为 0 时变红；鼠标停在格上看批注。"
)
CheckKey = tuple[str, tuple[str, ...]]

HEADER = Look(font=BOLD, fill=HEADER_FILL)
LABEL = Look(fill=LABEL_FILL, alignment=LEFT)
LABEL_CENTER = Look(fill=LABEL_FILL)
BLOCK_TITLE = Look(font=SUBTITLE, border=NO_BORDER, alignment=LINE)


# ---------------------------------------------------------------------------------- cell marks


@dataclass
class Mark:
    """What the audit says about one cell: its worst severity, whether it is the suspect, the notes."""

    severity: Severity | None = None
    suspect: bool = False
    candidate: bool = False
    blank: bool = False
    notes: dict[str, None] = field(default_factory=dict)  # ordered, without repeats

    def add(self, severity: Severity, note: str) -> None:
        if self.severity is None or severity.rank < self.severity.rank:
            self.severity = severity
        self.notes[note] = None


def cell_marks(findings: Iterable[Finding]) -> dict[str, Mark]:
    """Cell id → mark, from every finding that names cells."""
    marks: dict[str, Mark] = {}
    for f in findings:
        spec = RULES_BY_ID.get(f.rule)
        head = f"【{f.severity.label}】{spec.title if spec else f.rule}"
        for cid in f.cells:
            mark = marks.setdefault(cid, Mark())
            if f.rule == "cell.blank":
                mark.blank = True
                mark.add(f.severity, f"{head}：报告此格空白（未填 0），核对公式按 0 计")
                continue
            mark.add(f.severity, f"{head}\n{f.message}")
            if f.suspect is not None and f.suspect.cell == cid:
                mark.suspect = True
                mark.notes[f"▶ 最可能有误的就是本格：改为 {_fmt(f.suspect.suggested)} 即可平衡"] = None
            for c in f.candidates:
                if c.cell == cid:
                    mark.candidate = True
                    mark.notes[f"◇ 无法确定哪一格有误；本格改为 {_fmt(c.suggested)} 也可平衡"] = None
    return marks


def _fmt(x: Number) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


# ---------------------------------------------------------------------------------- what a value cell holds


@dataclass(frozen=True, slots=True)
class Printed:
    """The value as the report printed it (``cell`` is None when the reader did not find it)."""

    cell: Cell | None
    table_found: bool = True
    corrected: Number | None = None  # the auditor's correction, noted on the printed cell
    has_correction: bool = False


@dataclass(frozen=True, slots=True)
class Follows:
    """A cell of the corrected copy: the auditor's value, or a formula that follows the printed cell."""

    printed: Ref
    corrected: bool = False
    value: Number | None = None


Entry = Printed | Follows


@dataclass
class Block:
    """One table written to a sheet: the rows it took, where each value and difference landed."""

    top: int
    bottom: int = 0
    positions: dict[str, Ref] = field(default_factory=dict)
    checks: dict[CheckKey, Ref] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)


@dataclass
class Placement:
    """Where one report landed: its value cells and difference cells, printed and corrected."""

    sheet: str | None = None  # the report's own sheet (batch)
    cells: dict[str, Ref] = field(default_factory=dict)
    checks: dict[tuple[str, tuple[str, ...]], Ref] = field(default_factory=dict)
    corrected_cells: dict[str, Ref] = field(default_factory=dict)
    corrected_checks: dict[tuple[str, tuple[str, ...]], Ref] = field(default_factory=dict)

    def target(self, finding: Finding) -> Ref | None:
        """The cell a finding's link opens: its suspect, else its difference cell, else its first cell."""
        if finding.suspect is not None and finding.suspect.cell in self.cells:
            return self.cells[finding.suspect.cell]
        check = self.checks.get((finding.rule, finding.cells))
        if check is not None:
            return check
        for cid in finding.cells:
            if cid in self.cells:
                return self.cells[cid]
        return None


class BlockWriter:
    """Writes one table of one report at a row of a sheet."""

    def __init__(
        self,
        canvas: Canvas,
        ws: Worksheet,
        template: TemplateSpec,
        table_id: str,
        entry: Callable[[str], Entry],
        marks: Mapping[str, Mark],
        caption: str,
        corrected: bool = False,
    ) -> None:
        self.canvas = canvas
        self.ws = ws
        self.spec: TableSpec = template.table(table_id)
        self.entry = entry
        self.marks = marks
        self.caption = caption
        self.corrected = corrected  # the copy that shows the auditor's corrections

    def write(self, top: int, relations: Sequence[Relation], shown: Sequence[str]) -> Block:
        block = Block(top)
        self.canvas.text(self.ws, top, 1, self.caption, BLOCK_TITLE)
        self.ws.row_dimensions[top].height = 22
        draw = {"active": self._active, "apply": self._apply, "review": self._review}[self.spec.id]
        draw(block, top + 1, relations, [r for r in self.spec.rows if r.id in shown])
        return block

    # ------------------------------------------------------------------ one value

    def value(self, block: Block, row: int, col: int, cid: str, kind: Kind, last_col: int = 0) -> None:
        """One value cell (merged to ``last_col``), styled and noted by what the audit says about it."""
        entry, mark = self.entry(cid), self.marks.get(cid)
        look = _value_look(entry, mark, kind)
        remarks = self._put(row, col, entry, look)
        for c in range(col + 1, last_col + 1):
            self.canvas.stylist.apply(self.ws.cell(row, c), look)
        self.canvas.merge(self.ws, row, col, row, last_col)
        # The verdict on this very cell first, then the relations it takes part in, then its own remarks.
        notes = sorted(mark.notes, key=lambda n: not n.startswith(("▶", "◇"))) if mark else []
        if notes or remarks:
            self.canvas.note(self.ws, row, col, "\n".join(notes + remarks))
        block.positions[cid] = Ref(self.ws.title, row, col)

    def _put(self, row: int, col: int, entry: Entry, look: Look) -> list[str]:
        """Write the value; returns what the cell's note should say about it besides the findings."""
        ws, canvas = self.ws, self.canvas
        if isinstance(entry, Follows):
            if entry.corrected:
                canvas.number(ws, row, col, entry.value, look)
                return ["审核更正值（报告原值见上表）"]
            seen = canvas.seen.get(entry.printed)
            canvas.formula(ws, row, col, f"={entry.printed.a1(ws.title)}", 0 if seen is None else seen, look)
            canvas.seen[Ref(ws.title, row, col)] = 0 if seen is None else seen
            return []
        cell = entry.cell
        if cell is None:
            canvas.number(ws, row, col, None, look)
            return [MISSING_NOTE] if entry.table_found else []
        raw = cell.raw.strip()
        # A printed blank ("/", "—", a space) stays an empty cell: the hatching and the note say so.
        canvas.value(ws, row, col, cell.value, None if cell.blank else raw, look)
        remarks = []
        if raw and raw != _fmt(cell.value or 0):
            if cell.blank:
                remarks.append(f"报告原文：“{raw}”（视为空白）")
            elif not (cell.invalid and cell.value is None):
                remarks.append(f"报告原文：“{raw}”")
        if entry.has_correction:
            shown = "空白" if entry.corrected is None else _fmt(entry.corrected)
            remarks.append(f"审核更正为 {shown}（见下方“按审核更正值”表）")
        return remarks

    # ------------------------------------------------------------------ 主动公开

    def _active(self, block: Block, row: int, relations: Sequence[Relation], rows: list[RowSpec]) -> None:
        canvas, ws, spec = self.canvas, self.ws, self.spec
        last = FIRST_VALUE_COL + 2
        groups: list[list[RowSpec]] = []
        for r in rows:
            if groups and groups[-1][0].group == r.group:
                groups[-1].append(r)
            else:
                groups.append([r])
        for group in groups:
            canvas.label(ws, row, 1, group[0].group, Look(font=BOLD, fill=LABEL_FILL), last_col=last)
            row += 1
            canvas.label(ws, row, 1, "信息内容", HEADER, last_col=3)
            cols = spec.row_columns(group[0])
            for i, c in enumerate(cols):
                canvas.label(ws, row, FIRST_VALUE_COL + i, c.title, HEADER,
                             last_col=last if i == len(cols) - 1 else FIRST_VALUE_COL + i)
            fit_row(ws, row, max((c.title for c in cols), key=len), 11)
            row += 1
            for r in group:
                canvas.label(ws, row, 1, r.label, LABEL, last_col=3)
                rcols = spec.row_columns(r)
                for i, c in enumerate(rcols):
                    self.value(block, row, FIRST_VALUE_COL + i, f"active/{r.id}/{c.id}", c.kind,
                               last if i == len(rcols) - 1 else 0)
                row += 1
        block.bottom = row - 1
        block.widths = {1: 4.0, 2: 8.0, 3: 14.0, **{c: 11.0 for c in range(FIRST_VALUE_COL, last + 1)}}

    # ------------------------------------------------------------------ 依申请公开

    def _apply(self, block: Block, top: int, relations: Sequence[Relation], rows: list[RowSpec]) -> None:
        canvas, ws, spec = self.canvas, self.ws, self.spec
        total_col = FIRST_VALUE_COL + len(spec.columns) - 1
        beside = total_col + 1
        canvas.label(ws, top, 1, APPLY_NOTE, HEADER, last_row=top + 2, last_col=3)
        canvas.label(ws, top, FIRST_VALUE_COL, "申请人情况", HEADER, last_col=total_col)
        canvas.label(ws, top + 1, FIRST_VALUE_COL, spec.column("natural").title, HEADER, last_row=top + 2)
        canvas.label(ws, top + 1, FIRST_VALUE_COL + 1, "法人或其他组织", HEADER, last_col=total_col - 1)
        canvas.label(ws, top + 1, total_col, spec.column("total").title, HEADER, last_row=top + 2)
        for i, c in enumerate(spec.columns[1:-1], start=FIRST_VALUE_COL + 1):
            canvas.label(ws, top + 2, i, c.title, HEADER)
        canvas.label(ws, top, beside, "行核对\n各类之和−总计", Look(font=BOLD, fill=LABEL_FILL), last_row=top + 2)
        fit_row(ws, top + 2, "社会公益组织", 9)
        row = top + 3
        results = [r for r in rows if r.result_leaf or r.id == "3.7"]
        for r in rows:
            self._apply_label(row, r, rows, results)
            for i, c in enumerate(spec.columns):
                self.value(block, row, FIRST_VALUE_COL + i, f"apply/{r.id}/{c.id}", c.kind)
            row += 1
        block.bottom = row - 1
        apply_relations = [rel for rel in relations if rel.totals and rel.totals[0].startswith("apply/")]
        area = CheckArea(beside, row, (1, 3), (FIRST_VALUE_COL, beside))
        block.checks, row = write_checks(canvas, ws, apply_relations, block.positions, area, sum(LABEL_WIDTHS.values()))
        for check_row in range(block.bottom + 1, row):
            canvas.stylist.apply(ws.cell(check_row, beside), Look(fill=LABEL_FILL))
        block.bottom = row - 1
        block.widths = {**LABEL_WIDTHS, **{c: 9.0 for c in range(FIRST_VALUE_COL, total_col + 1)}, beside: 12.0}

    def _apply_label(self, row: int, r: RowSpec, rows: list[RowSpec], results: list[RowSpec]) -> None:
        canvas, ws = self.canvas, self.ws
        label = r.label + (PARTIAL_NOTE if r.id == "3.2" else "")
        if r not in results:
            canvas.label(ws, row, 1, label, LABEL, last_col=3)
            fit_row(ws, row, label, sum(LABEL_WIDTHS.values()))
            return
        if r is results[0]:
            canvas.label(ws, row, 1, RESULTS_HEAD, Look(fill=LABEL_FILL, alignment=STACKED), last_row=row + len(results) - 1)
        if not r.group:
            canvas.label(ws, row, 2, label, LABEL, last_col=3)
            fit_row(ws, row, label, LABEL_WIDTHS[2] + LABEL_WIDTHS[3])
            return
        siblings = [x for x in rows if x.group == r.group]
        if r is siblings[0]:
            canvas.label(ws, row, 2, r.group, LABEL, last_row=row + len(siblings) - 1)
        canvas.label(ws, row, 3, label, LABEL)
        fit_row(ws, row, label, LABEL_WIDTHS[3])

    # ------------------------------------------------------------------ 复议诉讼

    def _review(self, block: Block, top: int, relations: Sequence[Relation], rows: list[RowSpec]) -> None:
        canvas, ws, spec = self.canvas, self.ws, self.spec
        n = len(spec.columns)
        last = FIRST_VALUE_COL + n * len(spec.rows) - 1
        canvas.label(ws, top, 1, "", HEADER, last_row=top + 2, last_col=3)
        heads = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
        first_suit = FIRST_VALUE_COL + n
        canvas.label(ws, top, first_suit, "行政诉讼", HEADER, last_col=last)
        row = top + 3
        canvas.label(ws, row, 1, "更正后数值" if self.corrected else "报告数值", LABEL_CENTER, last_col=3)
        for k, r in enumerate(spec.rows):
            start = FIRST_VALUE_COL + k * n
            if r.id == "review":
                canvas.label(ws, top, start, heads[r.id], HEADER, last_row=top + 1, last_col=start + n - 1)
            else:
                canvas.label(ws, top + 1, start, heads.get(r.id, r.label), HEADER, last_col=start + n - 1)
            for i, c in enumerate(spec.columns):
                canvas.label(ws, top + 2, start + i, c.title, HEADER)
                if r.id in {x.id for x in rows}:
                    self.value(block, row, start + i, f"review/{r.id}/{c.id}", c.kind)
                else:
                    canvas.stylist.apply(ws.cell(row, start + i), Look())
        fit_row(ws, top + 2, "结果维持", 8)
        block.bottom = row
        review_relations = [rel for rel in relations if rel.totals and rel.totals[0].startswith("review/")]
        area = CheckArea(None, row + 1, (1, 3), (FIRST_VALUE_COL, last))
        block.checks, row = write_checks(canvas, ws, review_relations, block.positions, area, 14.0)
        block.bottom = row - 1
        block.widths = {1: 4.0, 2: 4.0, 3: 14.0, **{c: 8.0 for c in range(FIRST_VALUE_COL, last + 1)}}


def _value_look(entry: Entry, mark: Mark | None, kind: Kind) -> Look:
    severity = mark.severity if mark is not None else None
    background = SEVERITY_COLORS[severity] if severity is not None else None
    fill = severity_fill(severity) if severity is not None else NO_FILL
    if isinstance(entry, Follows) and entry.corrected:
        fill, background = CORRECTED_FILL, CORRECTED_COLOR
    if isinstance(entry, Printed) and entry.cell is None:
        fill = missing_fill(background)
    elif mark is not None and mark.blank:
        fill = blank_fill(background)
    suspect, candidate = (mark.suspect, mark.candidate) if mark is not None else (False, False)
    return Look(
        font=SUSPECT_FONT if suspect else BODY,
        fill=fill,
        border=SUSPECT_BORDER if suspect else CANDIDATE_BORDER if candidate else GRID,
        number_format=SIGNED_FORMAT if kind is Kind.SIGNED else "General",
    )


# ---------------------------------------------------------------------------------- which rows to show


def shown_rows(spec: TableSpec, table: Table | None) -> list[str]:
    """The template's rows as this report has them: （六） as one row or three, whichever it printed."""
    present = set(table.rows()) if table is not None else set()
    replaced = {alt for r in spec.rows if r.id in present for alt in r.alternative_to}
    out = []
    for r in spec.rows:
        if r.id in replaced or (r.optional and r.id not in present):
            continue
        out.append(r.id)
    return out


def printed_entries(table: Table | None, corrections: Mapping[str, Number | None]) -> Callable[[str], Entry]:
    def entry(cid: str) -> Entry:
        _, row, col = cid.split("/")
        cell = table.get(row, col) if table is not None else None
        found = table is not None and table.found
        if cid in corrections:
            return Printed(cell, found, corrections[cid], True)
        return Printed(cell, found)

    return entry


def corrected_entries(printed: Mapping[str, Ref], corrections: Mapping[str, Number | None]) -> Callable[[str], Entry]:
    def entry(cid: str) -> Entry:
        if cid in corrections:
            return Follows(printed[cid], True, corrections[cid])
        return Follows(printed[cid])

    return entry


