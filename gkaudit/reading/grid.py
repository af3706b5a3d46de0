"""Tables as grids and the text builder the HTML, Word and PDF readers write ``Document.text`` with.

Every reader renders a table the same way: one line per grid row, cells separated by tabs, merged
cells expanded (text in the top-left position, empty strings in the covered ones), a blank line
before and after. ``TextBuilder`` keeps the character offsets of what it writes so the PDF reader
can record a page box for every line and cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gkaudit.model import PageBox, Span

# A cell longer than this is a page region laid out with a table, not a cell of a report table.
LAYOUT_CELL_CHARS = 300

# A picture in the text: its own line, as converters mark one ("[图片]"); a table published as a
# picture is then unreadable in this text, not missing from the report.
PICTURE = "[图片]"


def is_cjk(ch: str) -> bool:
    """Han characters, CJK punctuation and full-width forms: text that is written without spaces."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0x3400 <= o <= 0x4DBF
        or 0x2018 <= o <= 0x201D  # “” ‘’ are typeset as CJK punctuation in these reports
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    )


def join_wrapped(lines: Iterable[str]) -> str:
    """Join the wrapped lines of one cell: no space where both sides are CJK, nor inside a number
    that a narrow cell broke (130 / 2 is 1302)."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(line[0])) and not (out[-1] in _NUMBER_PART and line[0].isdigit()):
            out += " "
        out += line
    return out


_NUMBER_PART = frozenset("0123456789.,")


_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200a\u202f]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def squeeze_cjk_spaces(text: str) -> str:
    """Drop single spaces between two CJK characters (justified or spread-out labels: 总 计)."""
    if " " not in text:
        return text
    chars = list(text)
    keep = [
        not (
            ch == " "
            and 0 < i < len(chars) - 1
            and is_cjk(chars[i - 1])
            and is_cjk(chars[i + 1])
        )
        for i, ch in enumerate(chars)
    ]
    return "".join(ch for ch, k in zip(chars, keep, strict=True) if k)


def clean_cell(text: str) -> str:
    """One table cell as one line: wrapped lines joined, space runs collapsed, no tabs or newlines."""
    text = _ZERO_WIDTH.sub("", text)
    joined = join_wrapped(text.splitlines())
    return squeeze_cjk_spaces(_SPACES.sub(" ", joined).strip())


def clean_line(text: str) -> str:
    """One paragraph line: space runs (and tabs, which mark cells) collapsed to one space."""
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


@dataclass(frozen=True, slots=True)
class Slot:
    """One grid position: the cell text ("" when blank or covered by a merged cell) and its page box."""

    text: str = ""
    box: PageBox | None = None


Grid = list[list[Slot]]


def tidy_grid(grid: Sequence[Sequence[Slot]]) -> Grid:
    """Rows padded to one width, columns that are empty throughout dropped.

    Empty rows stay: the value row of a blank review table is a row of blank cells, and a blank
    cell is a finding, not nothing.
    """
    width = max((len(r) for r in grid), default=0)
    rows = [list(r) + [Slot()] * (width - len(r)) for r in grid]
    keep = [c for c in range(width) if any(r[c].text for r in rows)]
    if not keep:
        return []
    return [[r[c] for c in keep] for r in rows]


def is_layout_grid(grid: Grid) -> bool:
    """A table used for page layout (one column, or a cell holding running text), not a data table."""
    if not grid or len(grid[0]) < 2:
        return True
    return any(len(s.text) > LAYOUT_CELL_CHARS for r in grid for s in r)


class TextBuilder:
    """Accumulates ``Document.text`` line by line and table by table, with spans for page boxes."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self._spans: list[Span] = []
        self._after_blank = True

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._pos += len(s)

    def line(self, text: str, box: PageBox | None = None, words: Sequence[tuple[str, PageBox]] = ()) -> None:
        """Append one line of running text; empty lines are skipped (tables bring their own).

        ``words``: the line's words with their boxes, when they spell the line with single spaces;
        each gets a span too (numbers of a table without rules are aligned by them).
        """
        text = clean_line(text)
        if not text:
            return
        if box is not None:
            self._spans.append(Span(self._pos, self._pos + len(text), box.page, box.bbox))
        if len(words) > 1 and " ".join(w for w, _ in words) == text:
            at = self._pos
            for word, word_box in words:
                self._spans.append(Span(at, at + len(word), word_box.page, word_box.bbox))
                at += len(word) + 1
        self._write(text + "\n")
        self._after_blank = False

    def table(self, grid: Sequence[Sequence[Slot]]) -> None:
        """Append a table, one tab-separated line per row, with a blank line before and after."""
        rows = tidy_grid(grid)
        if not rows:
            return
        if not self._after_blank:
            self._write("\n")
        for row in rows:
            for i, slot in enumerate(row):
                if i:
                    self._write("\t")
                text = clean_cell(slot.text)
                if slot.box is not None:
                    self._spans.append(Span(self._pos, self._pos + len(text), slot.box.page, slot.box.bbox))
                self._write(text)
            self._write("\n")
        self._write("\n")
        self._after_blank = True

    @property
    def text(self) -> str:
        return "".join(self._parts).rstrip("\n") + "\n" if self._parts else ""

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(self._spans)
