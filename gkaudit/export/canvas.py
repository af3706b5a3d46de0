"""Writing primitives for one workbook: safe text, numbers, formulas with their results, links, notes.

openpyxl writes a formula without its result, so a viewer that does not recalculate (a preview
pane, a phone, pandas) would show empty check cells. ``Canvas`` remembers each formula's result
and ``with_results`` puts them into the saved file as the cached values Excel itself would write.
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.safety import clean_text, looks_like_formula, quote_sheet
from gkaudit.export.styles import (
    DIFF_FILL,
    LINE,
    LINK,
    NO_BORDER,
    STATUS_COLORS,
    Look,
    Stylist,
    display_width,
)
from gkaudit.model import Number

Result = Number | str
COMMENT_AUTHOR = "gkaudit"


@dataclass(frozen=True, slots=True)
class Ref:
    """A cell of the workbook: sheet name, row and column (both from 1)."""

    sheet: str
    row: int
    col: int

    @property
    def coord(self) -> str:
        return f"{get_column_letter(self.col)}{self.row}"

    def a1(self, here: str) -> str:
        """The reference as a formula on sheet ``here`` writes it."""
        return self.coord if self.sheet == here else f"{quote_sheet(self.sheet)}!{self.coord}"

    @property
    def location(self) -> str:
        """The target of an internal hyperlink."""
        return f"{quote_sheet(self.sheet)}!{self.coord}"


@dataclass
class Canvas:
    """One workbook being written, with what later steps need to know about what was written."""

    wb: Workbook
    stylist: Stylist = field(default_factory=Stylist)
    # What a formula reading a value cell sees: the number, the text, or None for an empty cell.
    seen: dict[Ref, Result | None] = field(default_factory=dict)
    results: dict[str, dict[str, Result]] = field(default_factory=dict)  # sheet → coordinate → result
    checks: dict[str, list[Ref]] = field(default_factory=dict)  # sheet → difference cells

    def sheet(self, title: str) -> Worksheet:
        ws = self.wb.create_sheet(title)
        ws.sheet_view.zoomScale = 100
        return ws

    # ------------------------------------------------------------------ cells

    def text(self, ws: Worksheet, row: int, col: int, text: str | None, look: Look) -> None:
        """Text taken from anywhere, written so that it stays text (never a formula)."""
        cell = ws.cell(row, col)
        self.stylist.apply(cell, look)
        if not text:
            return
        value = clean_text(text)
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True  # Excel and WPS keep it text when the cell is edited

    def number(self, ws: Worksheet, row: int, col: int, value: Number | None, look: Look) -> None:
        cell = ws.cell(row, col)
        self.stylist.apply(cell, look)
        if value is not None:
            cell.value = value
        self.seen[Ref(ws.title, row, col)] = value

    def value(self, ws: Worksheet, row: int, col: int, value: Number | None, text: str | None, look: Look) -> None:
        """A table value: the number when there is one, else the printed text, else an empty cell."""
        if value is not None or not text:
            self.number(ws, row, col, value, look)
        else:
            self.text(ws, row, col, text, look)
            self.seen[Ref(ws.title, row, col)] = clean_text(text)

    def formula(self, ws: Worksheet, row: int, col: int, formula: str, result: Result, look: Look) -> None:
        cell = ws.cell(row, col)
        self.stylist.apply(cell, look)
        cell.value = formula
        self.results.setdefault(ws.title, {})[cell.coordinate] = result

    def check(self, ws: Worksheet, row: int, col: int, formula: str, result: Result, look: Look) -> Ref:
        """A difference cell: a formula whose result should be 0, red when it is not."""
        self.formula(ws, row, col, formula, result, look)
        ref = Ref(ws.title, row, col)
        self.checks.setdefault(ws.title, []).append(ref)
        return ref

    def merge(self, ws: Worksheet, row: int, col: int, last_row: int, last_col: int) -> None:
        """Merge a range whose cells are all styled already.

        ``Worksheet.merge_cells`` recomputes the borders of every edge cell through openpyxl's style
        hashing, which made a 1,000-report batch take minutes; the range itself is all Excel needs.
        """
        if last_row > row or last_col > col:
            # MultiCellRange.add compares the new range with every one already there; ours never overlap.
            ws.merged_cells.ranges.add(CellRange(min_col=col, min_row=row, max_col=last_col, max_row=last_row))

    def label(
        self, ws: Worksheet, row: int, col: int, text: str, look: Look, *, last_row: int = 0, last_col: int = 0
    ) -> None:
        """Text over a merged range, every cell of the range styled (so borders show on all edges)."""
        last_row, last_col = max(last_row, row), max(last_col, col)
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if (r, c) != (row, col):
                    self.stylist.apply(ws.cell(r, c), look)
        self.text(ws, row, col, text, look)
        self.merge(ws, row, col, last_row, last_col)

    def link(self, ws: Worksheet, row: int, col: int, text: str, target: Ref, look: Look | None = None) -> None:
        self.text(ws, row, col, text, look or Look(font=LINK, border=NO_BORDER, alignment=LINE))
        cell = ws.cell(row, col)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=target.location, display=clean_text(text))

    def note(self, ws: Worksheet, row: int, col: int, text: str) -> None:
        """A comment sized to its text (openpyxl's default box shows two short lines)."""
        text = clean_text(text, 4000)
        width = 340
        per_line = width // 7  # display units per line at the comment font
        lines = sum(max(1, -(-display_width(part) // per_line)) for part in text.split("\n"))
        ws.cell(row, col).comment = Comment(text, COMMENT_AUTHOR, height=min(24 + 15 * lines, 600), width=width)

    # ------------------------------------------------------------------ finishing

    def flag_differences(self) -> None:
        """Red fill on every difference cell that is not 0, evaluated live by Excel, WPS, LibreOffice."""
        for title, refs in self.checks.items():
            ws = self.wb[title]
            rule = CellIsRule(operator="notEqual", formula=["0"], fill=DIFF_FILL, font=Font(bold=True, color="9C0006"))
            ws.conditional_formatting.add(" ".join(ref_ranges(refs, title)), rule)

    def save(self) -> bytes:
        """The workbook as bytes, with every formula's result cached."""
        buffer = io.BytesIO()
        self.wb.save(buffer)
        paths = {ws.path.lstrip("/"): self.results[ws.title] for ws in self.wb.worksheets if ws.title in self.results}
        return with_results(buffer.getvalue(), paths)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a workbook is built and saved.

    openpyxl keeps several objects per cell; with the collector on, its full passes rescan them all
    again and again, and a 1,000-report batch took twice as long. Nothing built here is garbage
    until the workbook is dropped, so there is nothing for it to find meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def status_fills() -> dict[str, PatternFill]:
    return {k: PatternFill("solid", fgColor=v, bgColor=v) for k, v in STATUS_COLORS.items()}


def column_widths(ws: Worksheet, widths: dict[int, float]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def ref_ranges(refs: Sequence[Ref], here: str) -> list[str]:
    """References as few ranges as possible: runs along one row, or else runs down each column."""
    if len({(r.sheet, r.row) for r in refs}) == 1:
        runs = _runs(sorted(refs, key=lambda r: r.col), lambda a, b: b.col == a.col + 1)
    else:
        keyed = sorted(refs, key=lambda r: (r.sheet, r.col, r.row))
        runs = _runs(keyed, lambda a, b: b.sheet == a.sheet and b.col == a.col and b.row == a.row + 1)
    return [first.a1(here) if first == last else f"{first.a1(here)}:{last.coord}" for first, last in runs]


def _runs(refs: list[Ref], follows: Callable[[Ref, Ref], bool]) -> list[tuple[Ref, Ref]]:
    runs: list[tuple[Ref, Ref]] = []
    for ref in refs:
        if runs and follows(runs[-1][1], ref):
            runs[-1] = (runs[-1][0], ref)
        else:
            runs.append((ref, ref))
    return runs


# openpyxl writes a formula cell as <c r="K5" s="3"><f>…</f><v></v></c> (lxml) or <v/> (etree).
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f><v(?:></v>|\s*/>)')


def with_results(data: bytes, results: dict[str, dict[str, Result]]) -> bytes:
    """The xlsx ``data`` with each formula's cached result set, for sheets given by their part name."""
    if not results:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            payload = zin.read(info.filename)
            sheet = results.get(info.filename)
            if sheet:
                payload = _fill_results(payload.decode("utf-8"), sheet).encode("utf-8")
            zout.writestr(info, payload, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _fill_results(xml: str, results: dict[str, Result]) -> str:
    def fill(match: re.Match[str]) -> str:
        coord, attrs, formula = match.groups()
        result = results.get(coord)
        if result is None:
            return match.group(0)
        if isinstance(result, str):
            return f'<c r="{coord}"{attrs} t="str"><f>{formula}</f><v>{escape(result)}</v>'
        if isinstance(result, bool):
            return f'<c r="{coord}"{attrs} t="b"><f>{formula}</f><v>{int(result)}</v>'
        return f'<c r="{coord}"{attrs}><f>{formula}</f><v>{_number(result)}</v>'

    return _FORMULA_CELL.sub(fill, xml)


def _number(value: Number) -> str:
    if isinstance(value, float):
        return repr(round(value, 10))
    return str(value)
