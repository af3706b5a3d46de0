"""The look of the audit workbook: fonts, fills, borders, and a cache that makes styling cheap.

宋体 is on every Chinese Windows and in WPS; LibreOffice substitutes a CJK font for it.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from dataclasses import dataclass
from functools import cache

from openpyxl.cell.cell import Cell as XlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.model import Severity

FONT_NAME = "宋体"
TITLE_FONT_NAME = "黑体"

BODY = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
SMALL = Font(name=FONT_NAME, size=9, color="595959")
TITLE = Font(name=TITLE_FONT_NAME, size=14, bold=True)
SUBTITLE = Font(name=TITLE_FONT_NAME, size=11, bold=True)
LINK = Font(name=FONT_NAME, size=10, color="0563C1", underline="single")
SUSPECT_FONT = Font(name=FONT_NAME, size=10, bold=True, color="9C0006")
CHECK_FONT = Font(name=FONT_NAME, size=10, italic=True)

_THIN = Side(style="thin", color="808080")
_SUSPECT_SIDE = Side(style="medium", color="C00000")
_CANDIDATE_SIDE = Side(style="mediumDashed", color="C00000")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
SUSPECT_BORDER = Border(left=_SUSPECT_SIDE, right=_SUSPECT_SIDE, top=_SUSPECT_SIDE, bottom=_SUSPECT_SIDE)
CANDIDATE_BORDER = Border(left=_CANDIDATE_SIDE, right=_CANDIDATE_SIDE, top=_CANDIDATE_SIDE, bottom=_CANDIDATE_SIDE)
NO_BORDER = Border()

HEADER_COLOR = "D9E1F2"
LABEL_COLOR = "F2F2F2"
CHECK_COLOR = "EDEDED"
CORRECTED_COLOR = "BDD7EE"
INPUT_COLOR = "FFF9E5"
DIFF_COLOR = "FF7C80"
SEVERITY_COLORS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
STATUS_COLORS = {"确认": "FFC7CE", "驳回": "E7E6E6", "已整改": "C6EFCE", "已更正": "BDD7EE"}

HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOR)
LABEL_FILL = PatternFill("solid", fgColor=LABEL_COLOR)
CHECK_FILL = PatternFill("solid", fgColor=CHECK_COLOR)
CORRECTED_FILL = PatternFill("solid", fgColor=CORRECTED_COLOR)
INPUT_FILL = PatternFill("solid", fgColor=INPUT_COLOR)
DIFF_FILL = PatternFill("solid", fgColor=DIFF_COLOR, bgColor=DIFF_COLOR)
NO_FILL = PatternFill()


@cache
def severity_fill(severity: Severity) -> PatternFill:
    return PatternFill("solid", fgColor=SEVERITY_COLORS[severity])


@cache
def blank_fill(background: str | None) -> PatternFill:
    """A printed blank: light hatching over the cell's colour (white, or its severity colour)."""
    return PatternFill("gray125", fgColor="7F7F7F", bgColor=background or "FFFFFF")


@cache
def missing_fill(background: str | None) -> PatternFill:
    """A cell the reader could not find: diagonal hatching."""
    return PatternFill("lightDown", fgColor="A6A6A6", bgColor=background or "FFFFFF")


CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LINE = Alignment(horizontal="left", vertical="center")  # one line that may run over empty neighbours
STACKED = Alignment(horizontal="center", vertical="center", text_rotation=255)  # characters one under another

SIGNED_FORMAT = "+0;-0;0"
# A check that balances shows the tick mark √ (已核对); its value stays 0 for formulas and filters.
CHECK_FORMAT = '+0;-0;"√"'


@dataclass(frozen=True, slots=True, eq=False)
class Look:
    """How a cell looks; compared by identity, so each combination is styled once per workbook."""

    font: Font = BODY
    fill: PatternFill = NO_FILL
    border: Border = GRID
    alignment: Alignment = CENTER
    number_format: str = "General"


class Stylist:
    """Applies ``Look``s; openpyxl resolves each style object once, later cells copy the result."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[int, int, int, int, str], object] = {}
        self._keep: list[object] = []  # the looks keyed by id() must outlive the cache

    def apply(self, cell: XlCell, look: Look) -> None:
        key = (id(look.font), id(look.fill), id(look.border), id(look.alignment), look.number_format)
        array = self._arrays.get(key)
        if array is None:
            cell.font = look.font
            cell.fill = look.fill
            cell.border = look.border
            cell.alignment = look.alignment
            cell.number_format = look.number_format
            self._arrays[key] = copy(cell._style)
            self._keep.append(look)
        else:
            cell._style = copy(array)


def display_width(text: str) -> int:
    """Width in Excel's character units: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (roughly, as Excel does)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, -(-display_width(part) // int(usable))) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int, text: str, width: float, line_height: float = 13.5) -> None:
    """Make ``row`` tall enough for ``text`` wrapped in ``width`` (never lower than it already is)."""
    height = lines_needed(text, width) * line_height + 3
    current = ws.row_dimensions[row].height or 0
    if height > max(current, 16):
        ws.row_dimensions[row].height = height
