"""PDF reports: text in reading order with page boxes, ruled tables as grids joined across pages.

PDFium reads every page: its characters (and whether a page is scanned, or a font has no Unicode
mapping) and its ruling lines. pdfplumber's table algorithm turns the rules into cells; pdfplumber
itself (pdfminer, slow) is opened only for a page that seems to print a table without rules. Lines
and tables are ordered top to bottom on each page; a table that runs off the bottom of a page and
continues at the top of the next becomes one grid.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from gkaudit.model import Document, OcrMark, PageBox, ReadError, Span
from gkaudit.reading.grid import PICTURE, TextBuilder
from gkaudit.reading.pdf_tables import Segment, borderless_segment, continues, ruled_segments, table_grid
from gkaudit.reading.pdf_text import (
    PDFIUM_LOCK,
    BBox,
    Glyph,
    PageText,
    close_quietly,
    group_lines,
    line_bbox,
    line_text,
    line_words,
    open_pdf,
    page_text,
)
from gkaudit.reading.scan import DEFAULT, OcrOptions, PageImage, ocr_available, read_scanned
from gkaudit.reading.text import looks_like_text

SCANNED = "PDF 没有文字层（可能是扫描件），需要先做文字识别（OCR）"
GARBLED = "PDF 中的中文提取出来是乱码（字体缺少 Unicode 编码映射），需要先做文字识别（OCR）或向发布机关索取可复制文字的版本"
MAX_PAGES = 2000
SCAN_DPI = 200

_NUMBER = re.compile(r"^[\d,，.．]+$")
_MARGIN = 0.085  # top and bottom bands of the page (running heads, page numbers), as page fractions
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|[，,]?\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$"
)
# Cells that only a table header prints; two of them on a page outside any ruled table suggest a
# table without rules.
_HEADER_TOKENS = frozenset({
    "信息内容", "申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "总计",
    "结果维持", "结果纠正", "其他结果", "尚未审结", "本年制发件数", "本年废止件数", "本年新制作数量",
})
_SECTION_HEADING = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*.*(总体情况|主动公开|收到和处理|行政复议|行政诉讼|存在的主要问题|其他需要报告)"
)


@dataclass(slots=True)
class _Line:
    text: str
    bbox: BBox
    margin: bool  # in the top or bottom band of the page
    words: tuple[tuple[str, BBox], ...] = ()  # each word's box: numbers of a borderless table line up by them

    @property
    def top(self) -> float:
        return self.bbox[1]


_Item = _Line | Segment


def pdf_document(path: str, data: bytes, sha256: str, ocr: OcrOptions | None = None) -> Document:
    """Read a PDF; ReadError (one line, Chinese) when it is encrypted, damaged, garbled, or scanned
    and OCR is off or not installed. Pages without a text layer are read by OCR (``scan``)."""
    options = ocr or DEFAULT
    pages = _read_pages(data)
    notes: list[str] = []
    scanned = _scanned(pages)
    marks: list[OcrMark] = []
    skews: list[float] = []
    if scanned and options.mode != "never" and (len(scanned) == len(pages) or ocr_available()):
        for page in read_scanned(sha256, [_page_image(data, pages[n - 1]) for n in scanned], options):
            pages[page.text.number - 1] = page.text
            marks.extend(page.marks)
            skews.append(page.skew)
    else:
        scanned = []
    _check_text_layer(pages, notes, set(scanned))
    return pages_document(path, "pdf", sha256, pages, notes, scanned, marks, data, skews)


def picture_frame(data: bytes, number: int, box: BBox) -> tuple[float, float, Callable[[], Any]]:
    """An image on a page as the page shows it (its size in points, and its grey image): the page
    rendered as a scan is, cut to the image's box."""
    x0, top, x1, bottom = box

    def render() -> Any:
        k = SCAN_DPI / 72
        gray = _render_gray(data, number)
        return gray[max(0, round(top * k)) : round(bottom * k), max(0, round(x0 * k)) : round(x1 * k)].copy()

    return x1 - x0, bottom - top, render


def pages_document(
    path: str,
    kind: str,
    sha256: str,
    pages: Sequence[PageText],
    notes: list[str],
    read_by_ocr: Sequence[int],
    marks: Sequence[OcrMark],
    data: bytes | None = None,
    skews: Sequence[float] = (),
) -> Document:
    """The document of pages read (from a text layer or by OCR): lines and tables in page order."""
    items = _page_items(data, pages, notes, set(read_by_ocr))
    text, spans, doubtful = _render(items)
    if not looks_like_text(text):
        raise ReadError(GARBLED if read_by_ocr != [p.number for p in pages] else "图片中未识别出报告文字")
    return Document(
        path=path, kind=kind, text=text, sha256=sha256, spans=spans, pages=len(pages), notes=tuple(notes),
        ocr_pages=tuple(read_by_ocr), ocr=tuple(marks), ocr_skew=tuple(skews), doubtful=doubtful,
    )


def _scanned(pages: Sequence[PageText]) -> list[int]:
    """Pages with no text layer: no characters, or a scanning app's stamp ("扫描全能王") over an image."""
    return [p.number for p in pages if p.visible_chars == 0 or (p.visible_chars < 10 and p.images)]


def _page_image(data: bytes, page: PageText) -> PageImage:
    return PageImage(page.number, page.width, page.height, partial(_render_gray, data, page.number))


def _render_gray(data: bytes, number: int) -> Any:
    """The page as a grey image at the resolution scans are usually made at."""
    import numpy as np

    with PDFIUM_LOCK:
        doc = open_pdf(data)
        try:
            page = doc[number - 1]
            try:
                bitmap = page.render(scale=SCAN_DPI / 72, grayscale=True)
                image = np.array(bitmap.to_numpy(), dtype=np.uint8)
            finally:
                page.close()
        finally:
            close_quietly(doc)
    return image.reshape(image.shape[0], image.shape[1], -1)[:, :, 0]


def _read_pages(data: bytes) -> list[PageText]:
    with PDFIUM_LOCK:
        return _read_pages_locked(data)


def _read_pages_locked(data: bytes) -> list[PageText]:
    doc = open_pdf(data)
    try:
        n = len(doc)
        if n == 0:
            raise ReadError("PDF 没有任何页面（文件可能已损坏）")
        if n > MAX_PAGES:
            raise ReadError(f"PDF 页数过多（{n} 页），不像是一份年度报告")
        try:
            return [page_text(doc, i) for i in range(n)]
        except Exception as exc:  # PDFium raises its own error type, or ctypes errors on a bad page
            raise ReadError("PDF 页面内容已损坏，无法读取文字") from exc
    finally:
        close_quietly(doc)


def _check_text_layer(pages: Sequence[PageText], notes: list[str], read_by_ocr: set[int]) -> None:
    visible = [p.visible_chars for p in pages]
    scanned = [n for n in _scanned(pages) if n not in read_by_ocr]
    if len(scanned) == len(pages):
        raise ReadError(SCANNED)
    unmapped = sum(p.unmapped for p in pages)
    if unmapped > 0.1 * max(sum(visible), 1):
        raise ReadError(GARBLED)
    for p, v in zip(pages, visible, strict=True):
        if p.number in scanned and p.images:
            notes.append(f"第 {p.number} 页没有文字层（可能是扫描页），该页内容未能读取")
        elif v and p.unmapped > 0.2 * v:
            notes.append(f"第 {p.number} 页有部分文字无法正确提取（乱码）")


def _page_items(
    data: bytes | None, pages: Sequence[PageText], notes: list[str], read_by_ocr: set[int]
) -> list[list[_Item]]:
    """Per page, its lines and table segments in top-to-bottom order.

    pdfplumber (for tables without rules) reads the PDF's text layer, which OCR pages have not.
    """
    plumber: Any = None
    out: list[list[_Item]] = []
    try:
        for page in pages:
            lines = group_lines(page.glyphs)
            segments = ruled_segments(page.rules, page.number, page.glyphs)
            region = None if data is None or page.number in read_by_ocr else _borderless_region(page, lines, segments)
            if region is not None and data is not None:
                if plumber is None:
                    plumber = _open_plumber(data, notes)
                if plumber is not False:
                    seg = _borderless(plumber, page, region, notes)
                    if seg is not None:
                        segments.append(seg)
            _fill(page, segments)
            out.append(_order(page, lines, segments))
    finally:
        if plumber not in (None, False):
            close_quietly(plumber)
    return out


def _open_plumber(data: bytes, notes: list[str]) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer raises many types on PDFs PDFium accepts
        notes.append("PDF 的表格结构无法识别，表格按文字行读取")
        return False


def _borderless(plumber: Any, page: PageText, region: BBox, notes: list[str]) -> Segment | None:
    try:
        return borderless_segment(plumber.pages[page.number - 1], page.number, region)
    except Exception:  # pdfminer parse errors on one damaged page
        notes.append(f"第 {page.number} 页的表格结构无法识别，按文字行读取")
        return None


def _fill(page: PageText, segments: list[Segment]) -> None:
    """Give every glyph inside a table to its cell; drop tables that hold no text."""
    for g in page.glyphs:
        for seg in segments:
            if seg.contains(g):
                seg.take(g)
                break
    for seg in segments:
        if seg.ruled:
            seg.mark_cut_numbers()
        seg.finish()
    segments[:] = [s for s in segments if any(c.text for c in s.cells)
                   and (s.ruled or (_numbers(s) >= 2 and not _numbers_between_words(s)))]


def _numbers_between_words(seg: Segment) -> bool:
    """A cell of a table found by text alignment that holds a number between words (行政许可 11398889
    第二十条第（六）项): the alignment ran a label, its number and the next item's heading into one
    column, so the grid's columns are not the table's and its empty cells say nothing; its lines
    are read as text."""
    for cell in seg.cells:
        words = cell.text.split()
        if any(_NUMBER.match(w) and not _NUMBER.match(words[i - 1]) and not _NUMBER.match(words[i + 1])
               for i, w in enumerate(words[1:-1], 1)):
            return True
    return False


def _numbers(seg: Segment) -> int:
    """Cells holding a number: a table found by text alignment alone must hold some data."""
    return sum(1 for c in seg.cells if _NUMBER.match(c.text))


def _tokens(line: Sequence[Glyph]) -> set[str]:
    return set(line_text(line).split(" "))


def _has_header_tokens(lines: Sequence[Sequence[Glyph]]) -> bool:
    found: set[str] = set()
    for line in lines:
        found |= _tokens(line) & _HEADER_TOKENS
    return len(found) >= 2


def _borderless_region(page: PageText, lines: Sequence[Sequence[Glyph]], ruled: Sequence[Segment]) -> BBox | None:
    """Below the caption, down to the next section heading: where a table without rules would be."""

    def in_ruled(line: Sequence[Glyph]) -> bool:
        return any(seg.contains(g) for seg in ruled for g in line)

    outside = [line for line in lines if not in_ruled(line)]
    header = [i for i, line in enumerate(outside) if _tokens(line) & _HEADER_TOKENS]
    if len(header) < 1 or not _has_header_tokens([outside[i] for i in header]):
        return None
    first = header[0]
    top = 0.0
    for line in outside[:first]:
        if _SECTION_HEADING.match(line_text(line)):
            top = line_bbox(line)[3] + 0.5
    bottom = page.height
    for line in outside[first + 1 :]:
        if _SECTION_HEADING.match(line_text(line)):
            bottom = line_bbox(line)[1] - 0.5
            break
    for seg in ruled:
        if seg.bbox[1] < bottom and seg.bbox[3] > top:
            return None
    return (0.0, top, page.width, bottom)


def _order(page: PageText, lines: Sequence[Sequence[Glyph]], segments: Sequence[Segment]) -> list[_Item]:
    items: list[_Item] = list(segments)
    kept_lines: list[tuple[tuple[tuple[str, BBox], ...], str, BBox]] = []
    for line in lines:
        kept = [g for g in line if not any(seg.contains(g) for seg in segments)] if segments else list(line)
        if not kept:
            continue
        words = tuple(line_words(kept))
        text = " ".join(w for w, _ in words).strip()
        if text:
            kept_lines.append((words, text, line_bbox(kept)))
    for words, text, bbox in kept_lines:
        margin = bbox[3] < _MARGIN * page.height or bbox[1] > (1 - _MARGIN) * page.height
        if _PAGE_NUMBER.match(text) and (bbox[3] < 0.15 * page.height or bbox[1] > 0.85 * page.height) \
                and not _beside_a_line(bbox, kept_lines) and not _beside_a_cell(bbox, segments):
            continue  # page numbers would split a table that runs over the page break
        items.append(_Line(text, bbox, margin, words))
    items.extend(_Line(PICTURE, box, False) for box in _content_pictures(page))
    items.sort(key=lambda it: it.top if isinstance(it, _Line) else it.bbox[1])
    return items


_PICTURE_WIDTH = 0.3  # of the page: narrower images are logos, seals, signatures
_PICTURE_HEIGHT = 0.05


def _content_pictures(page: PageText) -> list[BBox]:
    """Images on the page that may hold content a reader should see (a table pasted as a picture):
    wide and tall enough, with no text of the page over them (a background, a letterhead, a scan
    under its text layer are not content of their own)."""
    out: list[BBox] = []
    for x0, top, x1, bottom in page.pictures:
        if x1 - x0 < _PICTURE_WIDTH * page.width or bottom - top < _PICTURE_HEIGHT * page.height:
            continue
        if any(x0 <= (g.x0 + g.x1) / 2 <= x1 and top <= (g.top + g.bottom) / 2 <= bottom for g in page.glyphs):
            continue
        out.append((x0, top, x1, bottom))
    return out


def _beside_a_line(bbox: BBox, lines: Sequence[tuple[object, str, BBox]]) -> bool:
    """Whether another line's box overlaps this one's height: a folio stands on a line of its own;
    a number beside a row is a piece of the row (a total wrapped in its narrow cell, ２８ over ２,
    printed half a line above the row's other numbers near the top of a page)."""
    return any(b is not bbox and b[1] < bbox[3] and bbox[1] < b[3] for _w, _t, b in lines)


def _beside_a_cell(bbox: BBox, segments: Sequence[Segment]) -> bool:
    """Whether a table's cell with text stands on this line's height: a number beside a table's row
    (its column left out of a table found by text alignment) is the row's, not a folio."""
    return any(c.text and c.bbox[1] < bbox[3] and bbox[1] < c.bbox[3] for seg in segments for c in seg.cells)


def _content(items: Sequence[_Item]) -> list[_Item]:
    return [it for it in items if not (isinstance(it, _Line) and it.margin)]


def _tables(pages: Sequence[Sequence[_Item]]) -> dict[int, list[Segment]]:
    """Segments grouped into tables, keyed by the id of each table's first segment."""
    tables: dict[int, list[Segment]] = {}
    current: list[Segment] | None = None
    for items in pages:
        content = _content(items)
        for pos, item in enumerate(content):
            if not isinstance(item, Segment):
                current = None
                continue
            if pos == 0 and current is not None and continues(current, item):
                current.append(item)
            else:
                current = [item]
                tables[id(item)] = current
        if content and not isinstance(content[-1], Segment):
            current = None
    return tables


def _render(pages: Sequence[Sequence[_Item]]) -> tuple[str, tuple[Span, ...], tuple[PageBox, ...]]:
    """The document's text, the page boxes of its lines and cells, and the cells read in doubt."""
    tables = _tables(pages)
    out = TextBuilder()
    doubtful: list[PageBox] = []
    for number, items in enumerate(pages, start=1):
        for item in items:
            if isinstance(item, _Line):
                out.line(item.text, PageBox(number, item.bbox), [(w, PageBox(number, b)) for w, b in item.words])
            elif id(item) in tables:
                out.table(table_grid(tables[id(item)]))
                doubtful += [PageBox(s.page, c.bbox) for s in tables[id(item)] for c in s.cells if c.doubtful]
    return out.text, out.spans, tuple(doubtful)
