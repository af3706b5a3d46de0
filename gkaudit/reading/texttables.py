"""Tables that Markdown and plain-text converters write in forms of their own, rewritten as the grid
lines every other reader gives (one line per row, cells separated by tabs, a blank cell empty).

- **Raw HTML inside Markdown.** pandoc writes a table it cannot draw with pipes (merged cells,
  paragraphs in a cell) as an HTML ``<table>`` in the middle of the Markdown.
- **Tables ruled by dashes** (pandoc's simple and multiline tables, and text tables like them):
  a line of dash runs separated by spaces gives the columns; every row below it is cut at those
  columns. The columns count display width (a Chinese character is two columns wide), as the
  converter laid them out; where character counts line the words up with the rule better, those
  are used. A row of a multiline table spans the lines up to a blank line, its cells the pieces
  of those lines under each column, joined.

Text without such tables is returned unchanged (and costs one scan for the markers).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from gkaudit.reading.grid import Slot, TextBuilder, join_wrapped

_HTML_TABLE = re.compile(r"<table\b|</table\s*>", re.I)
_RULER = re.compile(r"^ *-{2,}(?: +-{2,})+ *$")
_BORDER = re.compile(r"^ *-{3,} *$")
_MAX_HEADER_LINES = 12
_MAX_TABLE_LINES = 2000


def rewrite_tables(text: str) -> str:
    """``text`` with raw HTML tables and dash-ruled tables rewritten as grid lines."""
    if "<" in text and _HTML_TABLE.search(text):
        text = _html_tables(text)
    if "--" in text:
        text = _ruled_tables(text)
    return text


def _html_tables(text: str) -> str:
    """Each outermost ``<table>…</table>`` replaced by its rendered grid (an unclosed one runs to the end)."""
    from gkaudit.reading.html import fragment_text

    out: list[str] = []
    depth = 0
    start = 0
    for m in _HTML_TABLE.finditer(text):
        opening = not m.group().startswith("</")
        if opening:
            if depth == 0:
                out.append(text[start:m.start()])
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                out.append(_block(fragment_text(text[start:m.end()])))
                start = m.end()
    out.append(_block(fragment_text(text[start:])) if depth else text[start:])
    return "".join(out)


def _block(rendered: str) -> str:
    return "\n" + rendered.strip("\n") + "\n\n"


def width(ch: str) -> int:
    """Display columns of one character: two for wide and full-width forms, none for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _words(line: str, wide: bool) -> list[tuple[int, int, str]]:
    """The line's words (runs of non-spaces) with their start and end column."""
    out = []
    col = 0
    start = -1
    word: list[str] = []
    for ch in line + " ":
        if ch.isspace():
            if word:
                out.append((start, col, "".join(word)))
                word = []
        else:
            if not word:
                start = col
            word.append(ch)
        col += width(ch) if wide else 1
    return out


def _segments(ruler: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"-+", ruler)]


def _place(start: int, end: int, segs: Sequence[tuple[int, int]]) -> int:
    """The column a word from ``start`` to ``end`` belongs to: the one it starts in, else the one it
    overlaps most, else the nearest."""
    for i, (a, b) in enumerate(segs):
        if a <= start < b:
            return i
    overlaps = [min(end, b) - max(start, a) for a, b in segs]
    best = max(range(len(segs)), key=lambda i: overlaps[i])
    if overlaps[best] > 0:
        return best
    return min(range(len(segs)), key=lambda i: min(abs(start - segs[i][1]), abs(end - segs[i][0])))


def _aligned(lines: Sequence[str], segs: Sequence[tuple[int, int]], wide: bool) -> int:
    """How many words start or end exactly where a column does (converters align cells to a side)."""
    edges = {a for a, _ in segs} | {b for _, b in segs}
    return sum(1 for line in lines for s, e, _ in _words(line, wide) if s in edges or e in edges)


def _cut(lines: Sequence[str], segs: Sequence[tuple[int, int]], wide: bool) -> list[Slot]:
    """One row from its lines: each column's pieces, line by line, joined as a wrapped cell."""
    pieces: list[list[str]] = [[] for _ in segs]
    for line in lines:
        parts: list[list[str]] = [[] for _ in segs]
        for s, e, w in _words(line, wide):
            parts[_place(s, e, segs)].append(w)
        for i, p in enumerate(parts):
            if p:
                pieces[i].append(" ".join(p))
    return [Slot(_plain(join_wrapped(p))) for p in pieces]


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~ ])")
_DASHES = re.compile(r"^-{2,}$")


def _plain(cell: str) -> str:
    """A cell as printed: Markdown's backslash escapes undone ("1\\." is "1."), and a cell of
    hyphens, how pandoc's smart typography writes a dash (--- for —), a dash again."""
    cell = _ESCAPED.sub(r"\1", cell) if "\\" in cell else cell
    return "—" if _DASHES.match(cell) else cell


def _ruled_tables(text: str) -> str:
    lines = text.split("\n")
    if not any(_RULER.match(line) for line in lines):
        return text
    out: list[str] = []
    i = 0
    done = 0
    while i < len(lines):
        if not _RULER.match(lines[i]):
            i += 1
            continue
        table = _table_at(lines, i)
        if table is None:
            i += 1
            continue
        first, last, rows, segs = table
        out.extend(lines[done:first])
        body = [line for group in rows for line in group]
        wide = _aligned(body, segs, True) >= _aligned(body, segs, False)
        builder = TextBuilder()
        builder.table([_cut(group, segs, wide) for group in rows])
        out.append(_block(builder.text))
        done = i = last + 1
    out.extend(lines[done:])
    return "\n".join(out)


def _table_at(lines: Sequence[str], ruler: int) -> tuple[int, int, list[list[str]], list[tuple[int, int]]] | None:
    """The table whose column rule is ``lines[ruler]``: its first and last line and its rows (each
    the lines it spans), or None when the rule stands alone."""
    segs = _segments(lines[ruler])
    # Header: the lines above the rule, up to a border line (multiline table) or a blank line.
    top = ruler
    while top > 0 and ruler - top < _MAX_HEADER_LINES:
        above = lines[top - 1]
        if _BORDER.match(above):
            top -= 1
            break
        if not above.strip():
            break
        top -= 1
    header = [line for line in lines[top:ruler] if line.strip() and not _BORDER.match(line)]
    bordered = top < ruler and _BORDER.match(lines[top]) is not None
    # Body: a multiline table runs to its bottom border (rows apart by blank lines), a simple one
    # to the first blank line or a closing rule.
    end = ruler + 1
    rows: list[list[str]] = []
    if bordered:
        while end < len(lines) and end - ruler < _MAX_TABLE_LINES and not _BORDER.match(lines[end]):
            end += 1
        if end >= len(lines) or not _BORDER.match(lines[end]):
            return None
        group: list[str] = []
        for line in lines[ruler + 1:end]:
            if line.strip():
                group.append(line)
            elif group:
                rows.append(group)
                group = []
        if group:
            rows.append(group)
        last = end
    else:
        while end < len(lines) and lines[end].strip() and not _RULER.match(lines[end]) and end - ruler < _MAX_TABLE_LINES:
            rows.append([lines[end]])
            end += 1
        last = end if end < len(lines) and _RULER.match(lines[end]) else end - 1
    if not rows:
        return None
    head_rows = [header] if bordered and header else [[h] for h in header]
    return top, last, head_rows + rows, segs
