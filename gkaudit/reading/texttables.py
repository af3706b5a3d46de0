"""Tables that Markdown and plain-text converters write in forms of their own, rewritten as the grid
lines every other reader gives (one line per row, cells separated by tabs, a blank cell empty).

- **Raw HTML inside Markdown.** pandoc writes a table it cannot draw with pipes (merged cells,
  paragraphs in a cell) as an HTML ``<table>`` in the middle of the Markdown, and keeps a page's
  inline markup (``<span style=…>``) as it was: tables are rendered, inline tags dropped.
- **Tables ruled by dashes** (pandoc's simple and multiline tables, and text tables like them):
  a line of dash runs separated by spaces gives the columns; every row below it is cut at those
  columns. The columns count display width (a Chinese character is two columns wide), as the
  converter laid them out; where character counts line the words up with the rule better, those
  are used. A row of a multiline table spans the lines up to a blank line, its cells the pieces
  of those lines under each column, joined.

- **Tables copied from a browser** (``innerText``) where every cell holds a paragraph (pages saved
  from Word or LibreOffice): each cell comes out on lines of its own, the tab that separates it
  from the next on a line alone between blank lines, and a row ends where a longer run of blank
  lines comes before the next cell with no tab between. A paragraph break inside a cell is a
  single blank line. An empty cell is two tabs with nothing between.

- **Tables drawn with box characters** (text browsers' dumps of a page: w3m, and text tools
  like it): ``│`` and the junctions are cell boundaries, a line of ``─`` and junctions ends a
  row, and the lines of one row whose boundaries stand at the same columns are one row, each
  cell's lines joined (a label wrapped in its cell).
- **Grid tables drawn in ASCII** (pandoc's reStructuredText, Haddock and grid-table Markdown,
  and text tools like them): ``+---+---+`` (or ``+===+``) ends a row, ``|`` parts the cells, and
  the lines between two rules are one row, each cell's lines joined, when they hold as many
  ``|``; a converter that counts a Chinese character one column wide pads a line short after it,
  so the bars are counted, not placed.

Text without such tables is returned unchanged (and costs one scan for the markers).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Sequence

from gkaudit.reading.grid import Slot, TextBuilder, clean_cell, join_wrapped
from gkaudit.reading.normalise import normalise

_HTML_TABLE = re.compile(r"<table\b|</table\s*>", re.I)
_INLINE_TAG = re.compile(
    r"</?(span|font|strong|b|em|i|u|a|sup|sub|small|big|o:p|div|p|hr|h[1-6]|li|ul|ol|section|article|"
    r"header|footer|center|blockquote)\b[^<>]{0,500}>", re.I)
_BLOCK_TAGS = frozenset({"div", "p", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
                         "article", "header", "footer", "center", "blockquote"})
_ESCAPED_NUMBER = re.compile(r"(?<!\S)\\([-+])(?=[0-9０-９])|(?<=[0-9０-９])\\(\.)(?=[0-9０-９])")
_LONE_BACKSLASH = re.compile(r"^[ \t]*\\[ \t]*$", re.M)
_RULER = re.compile(r"^ *-{2,}(?: +-{2,})+ *$")
_BORDER = re.compile(r"^ *-{3,} *$")
_MAX_HEADER_LINES = 12
_MAX_TABLE_LINES = 2000


def rewrite_tables(text: str) -> str:
    """``text`` with its converters' own table forms rewritten as grid lines (raw HTML tables and
    markup, dash-ruled tables, a browser's copy, box-drawn tables); other text unchanged."""
    given = text
    if "|===" in text:
        text = _asciidoc_tables(text)
    if "{|" in text and "|}" in text:
        text = _wiki_tables(text)
    if "<" in text and _HTML_TABLE.search(text):
        text = _html_tables(text)
    if "<" in text and _INLINE_TAG.search(text):
        # Markdown converters keep a page's markup as raw HTML (<span style=…>规章</span>, <div>);
        # a block's tag ends a line, an inline one is nothing.
        text = "".join(_INLINE_TAG.sub(_pipe_row_tag if line.lstrip().startswith("|") else _tag, line)
                       for line in text.splitlines(keepends=True))
        if "&" in text:
            text = html.unescape(text)  # &nbsp; and the like, as the page showed them
    if "--" in text:
        text = _ruled_tables(text)
    if text != given and "\\" in text:
        # pandoc's Markdown: a line that is a backslash alone is a hard line break (<br>), not a "\"
        # printed as a blank cell.
        text = _LONE_BACKSLASH.sub("", text)
    if "\\" in text:
        # Markdown's escapes of a number's sign and point outside a table ("\\-2", "1944\\.01":
        # a converter writing each cell as a paragraph): the number as printed.
        text = _ESCAPED_NUMBER.sub(lambda m: m.group(1) or m.group(2), text)
    if "\t\n" in text:
        text = _copied_cells(text)
    if "│" in text or "┃" in text or "║" in text:
        text = _box_tables(text)
    if "+-" in text or "+=" in text:
        text = _ascii_grid_tables(text)
    return text


_ADOC_TABLE = re.compile(r"^(?:\[(?P<attrs>[^\n]*)\]\n)?\|===[ \t]*\n(?P<body>.*?)^\|===[ \t]*$", re.M | re.S)
_ADOC_COLS = re.compile(r"""\bcols\s*=\s*"([^"]*)\"""")
_ADOC_SEPARATOR = re.compile(r"(?<!\\)\|")
# A cell's specifier, glued to the "|" that starts it: its style ("a|", pandoc's for a cell holding
# paragraphs), alignment, or a span ("2+|", ".2+|") or repeat ("3*|").
_ADOC_CELL_SPEC = re.compile(r"(?:(?<=\s)|^)(?:\d+\*)?(?:\d*(?:\.\d+)?\+)?[<^>]?(?:\.[<^>])?[adehlmsv]?$")
_ADOC_BREAK = re.compile(r"[ \t]\+[ \t]*\n")


def _asciidoc_tables(text: str) -> str:
    """AsciiDoc tables (pandoc's ``-t asciidoc``) as grid lines. Between ``|===`` lines each cell
    starts at a ``|``, a row is as many cells as the ``cols`` attribute names (or the first line
    holds), and a line may end in an empty cell ("|0 |" is a 0 and a blank, not a closing pipe as
    in Markdown). " +" ends a line inside a cell. A table with a cell spanning columns or rows
    ("2+|"), or whose cells do not fill its rows, is left as it was."""
    def table(m: re.Match[str]) -> str:
        body = m.group("body").replace("{empty}", "")
        cells = _ADOC_SEPARATOR.split(body)
        if cells[0].strip():
            return m.group()
        cells = cells[1:]
        for k, cell in enumerate(cells[:-1]):
            glued = _ADOC_CELL_SPEC.search(cell)
            if glued is not None and glued.group():
                if "+" in glued.group() or "*" in glued.group():
                    return m.group()  # a cell spanning columns or rows, or repeated
                cells[k] = cell[:glued.start()]
        spec = _ADOC_COLS.search(m.group("attrs") or "")
        if spec is not None:
            width = 0
            for part in spec.group(1).split(","):
                count, star, _rest = part.partition("*")
                width += int(count) if star and count.strip().isdigit() else 1
        else:
            width = len(_ADOC_SEPARATOR.findall(body.split("\n", 1)[0]))
        if not width or len(cells) % width:
            return m.group()
        cells = [_ADOC_BREAK.sub("\n", c).replace("\\|", "|") for c in cells]
        return _ragged([cells[i:i + width] for i in range(0, len(cells), width)])

    return _ADOC_TABLE.sub(table, text)


_WIKI_TABLE = re.compile(r"^\{\|[^\n]*\n(?P<body>.*?)^\|\}[ \t]*$", re.M | re.S)
_WIKI_ATTRS = re.compile(r"""^\s*(?:[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|\S+)\s*)+\|(?!\|)""", re.I)
_WIKI_SPAN = re.compile(r"\b(?:row|col)span\s*=", re.I)
_WIKI_BREAK = re.compile(r"<br\s*/?>", re.I)


def _wiki_tables(text: str) -> str:
    """MediaWiki tables (pandoc's ``-t mediawiki``) as grid lines: ``{|`` to ``|}``, ``|-`` between
    rows, each cell on a line of its own after ``|`` or ``!`` (or several after ``||``, ``!!``),
    its attributes before a single ``|`` (``width="8%"|``), lines after it its own (``<br />`` a
    line break). A table with a cell spanning rows or columns is left as it was."""
    def table(m: re.Match[str]) -> str:
        rows: list[list[str]] = []
        row: list[str] | None = None
        for line in m.group("body").split("\n"):
            if line.startswith("|-"):
                row = None
            elif line.startswith("|+"):
                continue  # the caption
            elif line[:1] in ("|", "!"):
                if _WIKI_SPAN.search(line):
                    return m.group()
                if row is None:
                    row = []
                    rows.append(row)
                sep = "||" if line[0] == "|" else "!!"
                row.extend(_WIKI_ATTRS.sub("", cell) for cell in line[1:].split(sep))
            elif row:
                row[-1] += "\n" + line
            elif line.strip():
                return m.group()  # text that is no cell's
        return _ragged([[_WIKI_BREAK.sub("\n", c) for c in r] for r in rows])

    return _WIKI_TABLE.sub(table, text)


def _tag(m: re.Match[str]) -> str:
    """What a dropped tag leaves: a line break for a block's, nothing for an inline one."""
    return "\n" if m.group(1).lower() in _BLOCK_TAGS else ""


def _pipe_row_tag(m: re.Match[str]) -> str:
    """The same inside a pipe table's row (whose cells a converter may write with markup): a space."""
    return " " if m.group(1).lower() in _BLOCK_TAGS else ""


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


def _ragged(rows: Sequence[Sequence[str]]) -> str:
    """Rows as grid lines, each with its own cells only: a copy or a drawing whose merged cells
    stand in the first row they cover has no grid to pad or drop columns of (``TextBuilder.table``)."""
    return _block("\n".join("\t".join(clean_cell(cell) for cell in row) for row in rows))


@functools.lru_cache(maxsize=8192)
def width(ch: str) -> int:
    """Display columns of one character: two for wide and full-width forms, none for combining marks.
    (Asked for every character before a row's numbers; a report prints a few thousand different ones.)"""
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
        # Up to the bottom border; another rule first means this one is no table's (and bounds
        # the scan, so a text of rules costs one pass).
        while end < len(lines) and end - ruler < _MAX_TABLE_LINES and not _BORDER.match(lines[end]) \
                and not _RULER.match(lines[end]):
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


_TAB_LINE = re.compile(r"^[ \u3000]*\t[ \t\u3000]*$")
_MIN_TAB_LINES = 8  # a copied report has dozens (its small tables a few each)
_ROW_BREAK = 2  # blank lines before a cell with no tab between: a new row (one is a paragraph break)
# Blank lines between a cell and a tab that end the row (its next opens with an empty cell); two
# are a cell whose text ends in a line break.
_ROW_BREAK_BEFORE_TAB = 3
# The report's section headings (二、主动公开政府信息情况 … 六、其他需要报告的事项), never a table cell.
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]\s*、.{2,30}(?:情况|事项)\s*$")
_TAB_GAP = 12
_CELL_PARAGRAPH = 30  # characters: a label's line, not a paragraph of the report's text  # lines between two tab lines of one table at most (a row of long paragraphs)


def _copied_cells(text: str) -> str:
    lines = text.split("\n")
    # A copied cell's tab stands between blank lines; a row of empty cells in a tab grid does not.
    tabs = [i for i, line in enumerate(lines) if _TAB_LINE.match(line)
            and 0 < i < len(lines) - 1 and _empty(lines[i - 1]) and _empty(lines[i + 1])]
    if len(tabs) < _MIN_TAB_LINES:
        return text
    # The tables: runs of tab lines no more than _TAB_GAP lines apart.
    blocks: list[list[int]] = []
    for i in tabs:
        if blocks and i - blocks[-1][-1] <= _TAB_GAP:
            blocks[-1].append(i)
        else:
            blocks.append([i])
    out: list[str] = []
    done = 0
    for block in blocks:
        if len(block) < 2:
            continue
        first, last = _row_start(lines, block[0]), _row_end(lines, block[-1])
        if first < done:
            continue
        rows = _copied_rows(lines[first:last + 1])
        out.extend(lines[done:first])
        out.append(_ragged([[c.text for c in row] for row in rows]))
        done = last + 1
    if not out:
        return text
    out.extend(lines[done:])
    return "\n".join(out)


def _empty(line: str) -> bool:
    return not line.strip() and "\t" not in line


def _row_start(lines: Sequence[str], tab: int) -> int:
    """The first line of the row whose first cell ends just above ``tab``: back over the cell's
    paragraphs (single blank lines apart) to a longer run of blank lines."""
    i = tab - 1
    while i > 0 and not lines[i].strip():
        i -= 1
    start = i
    while i > 0:
        j = i - 1
        blank = 0
        while j >= 0 and not lines[j].strip() and not _TAB_LINE.match(lines[j]):
            blank += 1
            j -= 1
        if blank >= _ROW_BREAK or j < 0 or _TAB_LINE.match(lines[j]) or start - j > _TAB_GAP:
            break
        start = i = j
    return start


def _row_end(lines: Sequence[str], tab: int) -> int:
    """The last line of the cell after the table's last tab: its paragraphs, up to a longer blank run."""
    i = tab + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or _SECTION.match(lines[i]):
        return tab  # the table's last cell is empty: the next section follows
    end = i
    while i < len(lines) - 1:
        j = i + 1
        blank = 0
        while j < len(lines) and not lines[j].strip() and not _TAB_LINE.match(lines[j]):
            blank += 1
            j += 1
        if blank >= _ROW_BREAK or j >= len(lines) or _TAB_LINE.match(lines[j]) or j - end > _TAB_GAP \
                or not _cell_paragraph(lines[j]):
            break
        end = i = j
    return end


_VALUE_LIKE = re.compile(r"^(?:[+\-增减]?\d[\d,.]*\s*(?:万元|万|元|件|个|项)?|[/\\—\-－×…无空]{1,3})$")


def _value_like(text: str) -> bool:
    """A number or a blank mark: a cell of its own, never a paragraph of a longer cell."""
    return _VALUE_LIKE.match(normalise(text).strip()) is not None


def _cell_paragraph(line: str) -> bool:
    """A paragraph that may go on the table's last cell (a label wrapped by hand), not running text."""
    text = line.strip()
    return len(text) <= _CELL_PARAGRAPH and _SECTION.match(text) is None and not _value_like(text)


def _copied_rows(lines: Sequence[str]) -> list[list[Slot]]:
    """The rows of a copied table. After a tab the next cell's text comes after one blank line; a
    longer run of blank lines before text with no tab between ends the row (after a tab: the row's
    last cell was empty)."""
    rows: list[list[Slot]] = []
    row: list[Slot] = []
    cell: list[str] = []
    blank = 0
    for line in lines:
        if _TAB_LINE.match(line):
            if cell and blank >= _ROW_BREAK_BEFORE_TAB:
                # A row ends after its last cell and the next one opens with an empty cell.
                row.append(Slot(join_wrapped(cell)))
                rows.append(row)
                row, cell = [], []
            # Each tab ends a cell: two on one line are an empty cell between (<td></td>).
            row.append(Slot(join_wrapped(cell)))
            row.extend(Slot() for _ in range(line.count("\t") - 1))
            cell, blank = [], 0
        elif not line.strip():
            blank += 1
        else:
            # The last cell of a table runs into the paragraph after the table (one blank line
            # apart, as a cell's own paragraphs): a number has no second paragraph, nor does a
            # section heading belong to a cell.
            apart = _SECTION.match(line) is not None or (bool(cell) and (
                _value_like(line.strip()) or _value_like(cell[-1].strip()) or _SECTION.match(cell[-1]) is not None))
            if (blank >= _ROW_BREAK or apart) and (cell or row):
                row.append(Slot(join_wrapped(cell)))
                rows.append(row)
                row, cell = [], []
            cell.append(line)
            blank = 0
    row.append(Slot(join_wrapped(cell)))
    rows.append(row)
    return rows


_BOX_BAR = frozenset("│┃║├┤┼┠┨╂╟╢╫┝┥┿")
_BOX_MIN_LINES = 3


def _is_box(ch: str) -> bool:
    return "\u2500" <= ch <= "\u257f"


def _box_rule(line: str) -> bool:
    """A line of ─ and junctions (and the bars of cells that go on past it): the end of a row."""
    text = line.strip()
    return bool(text) and all(_is_box(ch) or ch == " " for ch in text) and any(ch in "─━═" for ch in text)


def _box_row(line: str) -> bool:
    return any(ch in "│┃║" for ch in line) and not _box_rule(line)


def _box_cells(line: str) -> tuple[tuple[int, ...], list[str]]:
    """The display columns of a line's cell boundaries and the text between them."""
    bars: list[int] = []
    cells: list[str] = []
    piece: list[str] = []
    col = 0
    for ch in line:
        if ch in _BOX_BAR:
            bars.append(col)
            cells.append("".join(piece))
            piece = []
        else:
            piece.append(ch)
        col += width(ch)
    cells.append("".join(piece))
    # The text before the first boundary and after the last is outside the table; a cell of ─ is
    # the rule of a cell below it (a heading over merged columns), no text.
    inner = ["" if all(_is_box(c) or c == " " for c in cell) else cell.strip() for cell in cells[1:-1]]
    return tuple(bars), inner


def _box_tables(text: str) -> str:
    lines = text.split("\n")
    if sum(1 for line in lines if _box_row(line)) < _BOX_MIN_LINES:
        return text
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not (_box_row(lines[i]) or _box_rule(lines[i])):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (_box_row(lines[j]) or _box_rule(lines[j])):
            j += 1
        block = lines[i:j]
        if sum(1 for line in block if _box_row(line)) < _BOX_MIN_LINES:
            out.extend(block)
        else:
            out.append(_ragged(_box_rows(block)))
        i = j
    return "\n".join(out)


def _box_rows(block: Sequence[str]) -> list[list[str]]:
    """The rows of a box-drawn table: each band of lines between rules one row when its lines'
    boundaries stand alike (a cell's wrapped lines joined), else a row a line."""
    rows: list[list[str]] = []
    band: list[tuple[tuple[int, ...], list[str]]] = []

    def flush() -> None:
        if not band:
            return
        if all(bars == band[0][0] for bars, _ in band):
            width_ = len(band[0][1])
            rows.append([join_wrapped(cells[k] for _, cells in band) for k in range(width_)])
        else:
            rows.extend(cells for _, cells in band)
        band.clear()

    for line in block:
        if _box_rule(line):
            flush()
        elif "──" in line or "━━" in line or "══" in line:
            # A rule under some columns beside the text of a cell that spans rows (（三）不予公开
            # in the middle of its rows): a row boundary, its text a row of its own.
            flush()
            rows.append(_box_cells(line)[1])
        else:
            band.append(_box_cells(line))
    flush()
    return rows


_ASCII_RULE = re.compile(r"^[ \t]*\+(?:[-=:]+\+)+[ \t]*$")
# A rule under some columns beside a cell that spans rows ("|   +----+----+"): pandoc's grid
# tables with row spans.
_ASCII_PART_RULE = re.compile(r"^[ \t]*[|+].*\+[-=:]{3,}\+.*[|+][ \t]*$")
_RULE_PIECE = re.compile(r" *[-=:]{3,} *")
_ASCII_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_ASCII_MIN_RULES = 3
_ASCII_ROW_RULES = 4
# Haddock and reStructuredText escape their markup characters in a cell ("\/" for a "/" printed
# as a blank mark), the escape and its character apart where a narrow cell wrapped them.
_MARKUP_ESCAPE = re.compile(r"\\\s*([/\\'`\"@<>$#*_|-])")


def _unescaped(cell: str) -> str:
    return _MARKUP_ESCAPE.sub(r"\1", cell) if "\\" in cell else cell


def _ascii_grid_tables(text: str) -> str:
    """Each run of lines from a ``+---+`` rule through rows and rules as grid lines; text with
    fewer rules than a table has is returned unchanged."""
    lines = text.split("\n")
    if sum(1 for line in lines if _ASCII_RULE.match(line)) < _ASCII_MIN_RULES:
        return text
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _ASCII_RULE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and (_ASCII_ROW.match(lines[j]) or _ASCII_RULE.match(lines[j])
                                  or _ASCII_PART_RULE.match(lines[j])):
            j += 1
        block = lines[i:j]
        rules = sum(1 for line in block if _ASCII_RULE.match(line))
        if rules < 2:
            out.extend(block)
        else:
            # Ruled only around its header and body (a database client's or tabulate's "psql"
            # table): every line its own row, never lines joined into one.
            out.append(_ragged(_ascii_rows(block, rules >= _ASCII_ROW_RULES)))
        i = j
    return "\n".join(out)


def _ascii_cells(line: str) -> list[str]:
    """The cells of a partial rule's line between its first and last bar (its junctions part cells
    too; a piece of rule is the rule of the cell below it, no text)."""
    inner = re.split(r"[|+]", line.strip())[1:-1]
    return ["" if _RULE_PIECE.fullmatch(cell) else cell.strip() for cell in inner]


def _ascii_rows(block: Sequence[str], ruled_rows: bool) -> list[list[str]]:
    """The rows of an ASCII grid table: with ``ruled_rows``, the lines between two rules one row
    when they hold as many bars (each cell's lines joined), else a row a line."""
    rows: list[list[str]] = []
    band: list[list[str]] = []

    def flush() -> None:
        if not band:
            return
        if ruled_rows and all(len(cells) == len(band[0]) for cells in band):
            rows.append([_unescaped(join_wrapped(cells[k] for cells in band)) for k in range(len(band[0]))])
        else:
            rows.extend([_unescaped(cell) for cell in cells] for cells in band)
        band.clear()

    for line in block:
        if _ASCII_RULE.match(line):
            flush()
        elif _ASCII_PART_RULE.match(line):
            flush()
            rows.append(_ascii_cells(line))
        else:
            band.append([cell.strip() for cell in line.strip()[1:-1].split("|")])
    flush()
    return rows
