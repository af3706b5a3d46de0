"""HTML reports (saved web pages): visible text in reading order, data tables as expanded grids.

Nothing is fetched and nothing is run: scripts, styles, comments and embedded objects are dropped
before the walk. Government sites wrap the article in layout tables; only tables that look like data
(two or more columns, short cells, no data table inside) become grids, the rest is read as
paragraphs.

Bounded by design: tables nested deeper than ``MAX_TABLE_DEPTH`` are read as paragraphs, each
table's grid is built once, spans are clamped to the table's real size and a table whose grid would
exceed ``MAX_GRID_CELLS`` is read as paragraphs; so the cost is linear in the page, whatever it holds.
"""

from __future__ import annotations

import base64
import email
import email.policy
import re
import urllib.parse
from functools import partial
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from gkaudit.model import Document, ReadError
from gkaudit.reading.grid import (
    PICTURE,
    Grid,
    Slot,
    TextBuilder,
    clean_cell,
    is_cjk,
    is_layout_grid,
    tidy_grid,
)
from gkaudit.reading.pictures import Frame, Picture, frame_of_file, read_pictures
from gkaudit.reading.scan import OcrOptions
from gkaudit.reading.text import clean_newlines, decode_with_notes

_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "svg", "canvas",
    "select", "textarea", "button", "input", "map", "audio", "video", "head",
})
# Void in a browser but not to libxml2, which nests the rest of the page inside an unclosed one
# (and the page would be dropped with it): removed before parsing. <object>/<applet> show their
# content when the plugin is missing, which is always here, so they are unwrapped, not dropped.
_VOID_PLUGIN_TAG = re.compile(r"<(?:embed|param|bgsound|keygen)\b[^>]*>|</(?:embed|param|bgsound|keygen)\s*>", re.I)
_UNWRAP_TAGS = ("object", "applet")
MAX_TABLE_DEPTH = 8  # real reports nest a data table in two or three layout tables at most
MAX_GRID_CELLS = 200_000  # a report table has a few hundred cells
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "legend",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""",
    re.I,
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_FONT_TAG = re.compile(r"</?font\b[^>]*>", re.I)
_WS_RUN = re.compile(r"[ \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200a\u202f]+")
_ENTER, _TEXT, _EXIT = range(3)  # the walker's stack entries


def html_document(path: str, data: bytes, sha256: str, ocr: OcrOptions | None = None) -> Document:
    """Read a saved web page; ReadError (one line, Chinese) when it holds no readable text. Pictures
    holding a table (the page's own files, a data: URI) are read by OCR (``pictures``) as ``ocr`` says."""
    data, mime_charset = unwrap_mhtml(data)
    text, encoding, notes = decode_with_notes(data, declared=mime_charset or declared_charset(data))
    root = _parse(clean_newlines(text))
    title = _title(root)
    _strip_invisible(root)
    _flatten_deep_tables(root)
    out = TextBuilder()
    walker = _Walker(out, {}, pictures=[])
    walker.block(root)
    body = out.text
    if title and _compact(title) not in _compact(body):
        head = TextBuilder()
        head.line(title)
        body = head.text + body
    if not body.strip():
        raise ReadError("网页中没有可读的正文文字")
    doc = Document(path=path, kind="html", text=body, sha256=sha256, encoding=encoding, notes=notes)
    folder = Path(path).parent
    pictures = [Picture(partial(_linked_frame, folder, img.get("src") or "")) for img in walker.pictures or ()]
    return read_pictures(doc, pictures, ocr)


MAX_PICTURE_BYTES = 20 * 1024 * 1024


def _linked_frame(folder: Path, src: str) -> Frame | None:
    """The image an <img src> names: a data: URI, or a file beside the saved page (its "_files"
    folder), never a file outside the page's folder nor anything on the network."""
    src = src.strip()
    if src[:5].lower() == "data:":
        head, _, payload = src.partition(",")
        try:
            raw = base64.b64decode(payload) if head.lower().endswith(";base64") else urllib.parse.unquote_to_bytes(payload)
        except ValueError:
            return None
        return frame_of_file(raw)
    parts = urllib.parse.urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # on the network (or a file: URL naming some other machine's disk)
    base = folder.resolve()
    target = (base / urllib.parse.unquote(parts.path).replace("\\", "/")).resolve()
    if not target.is_relative_to(base) or not target.is_file() or target.stat().st_size > MAX_PICTURE_BYTES:
        return None
    return frame_of_file(target.read_bytes())


def unwrap_mhtml(data: bytes) -> tuple[bytes, str | None]:
    """The HTML part of a web archive (.mht/.mhtml, also Word's "single file web page"), decoded
    from quoted-printable or base64, with the charset its MIME header names; other data unchanged."""
    head = data[:4096].lower()
    if b"mime-version:" not in head and b"multipart/related" not in head:
        return data, None
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise ReadError("网页存档（MHTML）中没有 HTML 正文")


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in <meta charset>, http-equiv Content-Type or an XML declaration."""
    m = _META_CHARSET.search(data[:8192])
    if m is None:
        return None
    raw = m.group(1) or m.group(2)
    return raw.decode("ascii", "replace")


def _parse(text: str) -> etree._Element:
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=True
    )
    # <font> carries no structure, and pages that never close it nest past libxml2's depth limit,
    # which silently drops the rest of the page.
    text = _VOID_PLUGIN_TAG.sub("", _FONT_TAG.sub("", _XML_DECL.sub("", text, count=1)))
    text = _cap_table_nesting(text)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError("网页无法解析（内容为空或不是 HTML）") from exc
    return root


_TABLE_TAG = re.compile(r"<(/?)(table|tbody|thead|tfoot|tr|td|th|caption)\b[^>]*>", re.I)
# libxml2 stops at ~2,000 open elements and drops the rest of the page; each table level opens 3 or 4.
_SOURCE_TABLE_DEPTH = 64


def _cap_table_nesting(text: str) -> str:
    """Table tags nested deeper than ``_SOURCE_TABLE_DEPTH`` become line breaks before parsing, so a
    page of thousands of nested tables keeps its text and what follows it."""
    if text.lower().count("<table") <= _SOURCE_TABLE_DEPTH:
        return text
    depth = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal depth
        closing, name = m.group(1), m.group(2).lower()
        deep = depth > _SOURCE_TABLE_DEPTH or (depth == _SOURCE_TABLE_DEPTH and name == "table" and not closing)
        if name == "table":
            depth = max(0, depth - 1) if closing else depth + 1
        return "<br>" if deep else m.group()

    return _TABLE_TAG.sub(repl, text)


def _title(root: etree._Element) -> str:
    el = root.find(".//title")
    return "" if el is None else clean_cell(el.text_content())


def _compact(s: str) -> str:
    return _WS_RUN.sub("", s)


def _strip_invisible(root: etree._Element) -> None:
    doomed = [
        el
        for el in root.iter()
        if not isinstance(el.tag, str)
        or el.tag.lower() in _DROP_TAGS
        or el.get("hidden") is not None
        or _HIDDEN_STYLE.search(el.get("style", ""))
    ]
    for el in doomed:
        _drop_keep_tail(el)
    etree.strip_tags(root, *_UNWRAP_TAGS)


def _flatten_deep_tables(root: etree._Element) -> None:
    """Tables nested deeper than ``MAX_TABLE_DEPTH`` become plain blocks (their rows and cells are
    blocks already), found in one pass without recursion."""
    stack: list[tuple[etree._Element, int]] = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if _tag(el) == "table":
            depth += 1
            if depth > MAX_TABLE_DEPTH:
                el.tag = "div"
        stack.extend((child, depth) for child in el)


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def collapse_inline(text: str) -> str:
    """HTML white-space rules for one line: runs become one space; a source line break between two
    CJK characters disappears (it is only how the page source was wrapped)."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        wrapped = "\n" in m.group() or "\r" in m.group()
        if wrapped and s > 0 and e < len(text) and is_cjk(text[s - 1]) and is_cjk(text[e]):
            return ""
        return " "

    return _WS_RUN.sub(repl, text).strip()


_ICON = 64  # pixels: an image this small in both directions is an icon or a spacer, not content


def _picture(img: etree._Element) -> bool:
    """Whether an <img> may hold content (a table, a chart): not an icon or spacer by its size."""
    sizes = []
    for attr in ("width", "height"):
        digits = re.match(r"\s*(\d+)", img.get(attr) or "")
        sizes.append(int(digits.group(1)) if digits else None)
    return not all(v is not None and v < _ICON for v in sizes)


class _Walker:
    """Walks the element tree, sending lines and tables to a TextBuilder in document order."""

    def __init__(self, out: TextBuilder, grids: dict[etree._Element, Grid | None],
                 pictures: list[etree._Element] | None = None) -> None:
        self.out = out
        self.buf: list[str] = []
        self.grids = grids  # each table's grid, built once for the whole page (None: too big)
        self.pictures = pictures  # the <img> of each PICTURE line written, when the caller keeps them

    def flush(self) -> None:
        if self.buf:
            line = collapse_inline("".join(self.buf))
            self.buf = []
            if line:
                self.out.line(line)

    def block(self, el: etree._Element) -> None:
        """Walk ``el``'s content (not its tail), without recursion: pages with thousands of
        unclosed <font> tags nest deeper than Python's stack."""
        stack: list[tuple[int, Any]] = [(_ENTER, el)]
        while stack:
            kind, item = stack.pop()
            if kind == _TEXT:
                self.buf.append(item)
            elif kind == _EXIT:
                self.flush()
            else:
                self._enter(item, stack)

    def _enter(self, el: etree._Element, stack: list[tuple[int, Any]]) -> None:
        tag = _tag(el)
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            if _picture(el):
                self.flush()
                self.out.line(PICTURE)
                if self.pictures is not None:
                    self.pictures.append(el)
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            stack.append((_EXIT, el))
        if tag == "pre":
            self.preformatted(el)
            return
        for child in reversed(el):
            if child.tail:
                stack.append((_TEXT, child.tail))
            stack.append((_ENTER, child))
        if el.text:
            stack.append((_TEXT, el.text))

    def _holds_data_table(self, table: etree._Element) -> bool:
        """Whether a table inside ``table`` is a grid of its own (2+ rows and columns): then the
        outer table is page layout around it."""
        for inner in table.iterdescendants("table"):
            grid = self.grid(inner)
            if grid is not None and len(grid) >= 2 and len(grid[0]) >= 2:
                return True
        return False

    def preformatted(self, el: etree._Element) -> None:
        for line in el.text_content().splitlines():
            self.buf.append(line)
            self.flush()

    def grid(self, table: etree._Element) -> Grid | None:
        if table not in self.grids:
            self.grids[table] = None  # a table reached again while it is being built reads as text
            self.grids[table] = _table_grid(table, self.grids)
        return self.grids[table]

    def table(self, table: etree._Element) -> None:
        grid = self.grid(table)
        if grid is not None and not is_layout_grid(grid) and not self._holds_data_table(table):
            for caption in table.iterchildren("caption"):
                self.block(caption)
            self.out.table(grid)  # a trivial nested table's text is flattened into its cell
            return
        # A layout table: its rows and cells are blocks of running text.
        for child in table:
            self.block(child)
        self.flush()




def _rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


_NUMBER = re.compile(r"[-+]?\d[\d,.]*")


def _span(el: etree._Element, attr: str, limit: int) -> int:
    """A span clamped to ``limit`` (what the table can hold); 0 (“to the end”) is the limit."""
    raw = (el.get(attr) or "1").strip()
    m = re.match(r"\d{1,9}", raw)
    n = int(m.group()) if m else 1
    return limit if n == 0 else max(1, min(n, limit))


def _cell_text(cell: etree._Element, grids: dict[etree._Element, Grid | None]) -> str:
    lines = TextBuilder()
    walker = _Walker(lines, grids)
    walker.block(cell)
    walker.flush()
    return clean_cell(lines.text)


def _table_grid(table: etree._Element, grids: dict[etree._Element, Grid | None]) -> Grid | None:
    """The table's cells placed by the HTML table model (rowspan/colspan expanded), tidied; None
    when the grid would be larger than ``MAX_GRID_CELLS``.

    A colspan is clamped to the most cells any row has, a rowspan to the rows left: a span can
    widen a real table, never make it larger than its cells could fill.
    """
    rows = _rows(table)
    cells = [[c for c in tr if _tag(c) in ("td", "th")] for tr in rows]
    most = max((len(r) for r in cells), default=0)
    if len(rows) * most > MAX_GRID_CELLS:
        return None
    taken: dict[tuple[int, int], Slot] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(cells):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            colspan = _span(cell, "colspan", most)
            rowspan = _span(cell, "rowspan", len(rows) - r)
            if len(taken) + colspan * rowspan > MAX_GRID_CELLS:
                return None
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.setdefault((r + dr, c + dc), Slot())
                    owner.setdefault((r + dr, c + dc), (r, c))
            taken[(r, c)] = Slot(_cell_text(cell, grids))
            c += colspan
    if not taken:
        return []
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    if height * width > MAX_GRID_CELLS:
        return None
    grid = [[taken.get((r, c), Slot()) for c in range(width)] for r in range(height)]
    for c in reversed(_split_columns(grid, owner)):
        for r in range(height):
            if owner[(r, c)] == (r, c):
                grid[r][c + 1] = grid[r][c]
            del grid[r][c]
    return tidy_grid(grid)


def _split_columns(grid: Grid, owner: dict[tuple[int, int], tuple[int, int]]) -> list[int]:
    """Grid columns that only a heading row's boundary makes: every row with a number spans from
    the column before into this one, and a row that does not starts a cell here that goes on while
    the cell before it came from further left.

    A word processor's HTML export draws a column boundary wherever any row has one: when a heading
    row splits the table a little off its value columns (LibreOffice's review table: 行政复议 over
    four and a half columns), the value row's 总计 spans two grid columns and its second is an empty
    cell that a blank cell could not be told from. Such a column holds no cell of its own.
    """
    height, width = len(grid), len(grid[0]) if grid else 0
    numeric = [any(_NUMBER.fullmatch(s.text) for s in row) for row in grid]
    out = []
    for c in range(2, width - 1):
        crossed = [owner.get((r, c)) is not None and owner.get((r, c)) == owner.get((r, c - 1)) for r in range(height)]
        if not any(x and n for x, n in zip(crossed, numeric, strict=True)):
            continue
        if all(x or (not n and owner.get((r, c)) == (r, c) and owner.get((r, c + 1)) == (r, c)
                     and owner.get((r, c - 1), (r, c - 1))[1] < c - 1)
               for r, (x, n) in enumerate(zip(crossed, numeric, strict=True))):
            out.append(c)
    return out


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a table a Markdown converter wrote as raw HTML), rendered as a
    page is: data tables as tab-separated grids, the rest as lines."""
    root = _parse(fragment)
    _strip_invisible(root)
    _flatten_deep_tables(root)
    out = TextBuilder()
    _Walker(out, {}).block(root)
    return out.text
