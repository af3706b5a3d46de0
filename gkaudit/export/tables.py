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
from gkaudit.form import FormLayout
from gkaudit.model import Cell, Finding, Number, Severity, Table
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.rules.relations import Relation
from gkaudit.templates import Kind, TableSpec, TemplateSpec

FIRST_VALUE_COL = 4
LABEL_WIDTHS = {1: 5.0, 2: 13.0, 3: 34.0}
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

    def write(self, top: int, relations: Sequence[Relation], layout: FormLayout) -> Block:
        block = Block(top)
        self.canvas.text(self.ws, top, 1, self.caption, BLOCK_TITLE)
        self.ws.row_dimensions[top].height = 22
        own = [rel for rel in relations if rel.totals and rel.totals[0].startswith(f"{self.spec.id}/")]
        if self.spec.form.block_captions:
            self._blocks(block, top + 1, layout)
        elif len(layout.rows) == 1 and not layout.rows[0].row:
            self._line(block, top + 1, own, layout)
        else:
            self._grid(block, top + 1, own, layout)
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

    # ------------------------------------------------------------------ the header, from the layout

    def _header(self, top: int, layout: FormLayout, width: float) -> None:
        """The corner over the row labels and the column captions, merged as the layout spans them."""
        canvas, ws = self.canvas, self.ws
        bottom = top + layout.header_rows - 1
        canvas.label(ws, top, 1, layout.corner, HEADER, last_row=bottom, last_col=3)
        for h in layout.header:
            canvas.label(ws, top + h.row, FIRST_VALUE_COL + h.first, h.text, HEADER,
                         last_row=top + h.last_row, last_col=FIRST_VALUE_COL + h.last)
        innermost = [h.text for h in layout.header if h.row == layout.header_rows - 1]
        fit_row(ws, bottom, max(innermost, key=len, default=""), width)

    # ------------------------------------------------------------------ rows in blocks, each with its captions (主动公开)

    def _blocks(self, block: Block, row: int, layout: FormLayout) -> None:
        canvas, ws = self.canvas, self.ws
        last = FIRST_VALUE_COL + layout.width - 1
        for i, r in enumerate(layout.rows):
            for g in layout.groups_of(i):
                if g.first != i:
                    continue
                canvas.label(ws, row, 1, g.text, Look(font=BOLD, fill=LABEL_FILL), last_col=last)
                row += 1
                canvas.label(ws, row, 1, layout.label_head, HEADER, last_col=3)
                for k, text in enumerate(g.captions):
                    canvas.label(ws, row, FIRST_VALUE_COL + k, text, HEADER,
                                 last_col=last if k == len(g.captions) - 1 else FIRST_VALUE_COL + k)
                fit_row(ws, row, max(g.captions, key=len, default=""), 11)
                row += 1
            canvas.label(ws, row, 1, r.label, LABEL, last_col=3)
            cells = [cid for cid in r.cells if cid is not None]
            for k, cid in enumerate(cells):
                self.value(block, row, FIRST_VALUE_COL + k, cid, self._kind(cid),
                           last if k == len(cells) - 1 else 0)
            row += 1
        block.bottom = row - 1
        block.widths = {1: 4.0, 2: 8.0, 3: 14.0, **{c: 11.0 for c in range(FIRST_VALUE_COL, last + 1)}}

    def _kind(self, cid: str) -> Kind:
        return self.spec.column(cid.rsplit("/", 1)[1]).kind

    # ------------------------------------------------------------------ a grid of rows under the header (依申请公开)

    def _grid(self, block: Block, top: int, relations: Sequence[Relation], layout: FormLayout) -> None:
        canvas, ws = self.canvas, self.ws
        last = FIRST_VALUE_COL + layout.width - 1
        beside = last + 1
        self._header(top, layout, 9)
        canvas.label(ws, top, beside, "行核对\n各类之和−总计", Look(font=BOLD, fill=LABEL_FILL),
                     last_row=top + layout.header_rows - 1)
        row = top + layout.header_rows
        for i, r in enumerate(layout.rows):
            self._row_label(row, i, layout)
            for k, cid in enumerate(r.cells):
                if cid is not None:
                    self.value(block, row, FIRST_VALUE_COL + k, cid, self._kind(cid))
            row += 1
        block.bottom = row - 1
        area = CheckArea(beside, row, (1, 3), (FIRST_VALUE_COL, beside))
        block.checks, row = write_checks(canvas, ws, relations, block.positions, area, sum(LABEL_WIDTHS.values()))
        for check_row in range(block.bottom + 1, row):
            canvas.stylist.apply(ws.cell(check_row, beside), Look(fill=LABEL_FILL))
        block.bottom = row - 1
        block.widths = {**LABEL_WIDTHS, **{c: 9.0 for c in range(FIRST_VALUE_COL, last + 1)}, beside: 12.0}

    def _row_label(self, row: int, index: int, layout: FormLayout) -> None:
        """The row's label after the captions of the groups it is in, each merged down its group's rows."""
        canvas, ws = self.canvas, self.ws
        r = layout.rows[index]
        groups = layout.groups_of(index)
        for col, g in enumerate(groups, start=1):
            if g.first == index:
                look = Look(fill=LABEL_FILL, alignment=STACKED) if g.depth == 0 else LABEL
                canvas.label(ws, row, col, g.text, look, last_row=row + g.last - g.first)
        label, col = r.label + r.note, len(groups) + 1
        canvas.label(ws, row, col, label, LABEL, last_col=3)
        fit_row(ws, row, label, sum(LABEL_WIDTHS[c] for c in range(col, 4)))

    # ------------------------------------------------------------------ one line of values (复议诉讼)

    def _line(self, block: Block, top: int, relations: Sequence[Relation], layout: FormLayout) -> None:
        canvas, ws = self.canvas, self.ws
        last = FIRST_VALUE_COL + layout.width - 1
        self._header(top, layout, 8)
        row = top + layout.header_rows
        canvas.label(ws, row, 1, "更正后数值" if self.corrected else "报告数值", LABEL_CENTER, last_col=3)
        for k, cid in enumerate(layout.rows[0].cells):
            if cid is not None:
                self.value(block, row, FIRST_VALUE_COL + k, cid, self._kind(cid))
            else:
                canvas.stylist.apply(ws.cell(row, FIRST_VALUE_COL + k), Look())
        block.bottom = row
        area = CheckArea(None, row + 1, (1, 3), (FIRST_VALUE_COL, last))
        block.checks, row = write_checks(canvas, ws, relations, block.positions, area, 14.0)
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


# ---------------------------------------------------------------------------------- what each cell shows


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


