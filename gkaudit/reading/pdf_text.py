"""The PDFium side of the PDF reader: opening, the characters of each page with their boxes, lines.

PDFium is fast (C) and tolerant, so it supplies every character of the document, whether in running
text or in a table cell (``pdf_tables`` places glyphs into cells). Coordinates are PDF points with a
top-left origin, as pdfplumber gives them.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gkaudit.model import ReadError
from gkaudit.reading.grid import is_cjk
from gkaudit.reading.pdf_rules import Edge, page_graphics

BBox = tuple[float, float, float, float]

# PDFium is not thread-safe: every use of pypdfium2 in the process (the GUI reads on a worker
# thread; page previews would render on another) must hold this lock.
PDFIUM_LOCK = threading.Lock()


class Glyph(NamedTuple):
    """One character on a page: its text and loose box (font ascent to descent)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class PageText:
    """What PDFium found on one page."""

    number: int  # from 1
    width: float
    height: float
    glyphs: list[Glyph]
    unmapped: int  # characters whose font has no Unicode mapping ((cid:NN), U+FFFD, private use)
    images: int
    rules: list[Edge]  # horizontal and vertical ruling lines (see ``pdf_rules``)
    pictures: tuple[BBox, ...] = ()  # each image's box (x0, top, x1, bottom)

    @property
    def visible_chars(self) -> int:
        return sum(1 for g in self.glyphs if not g.text.isspace())


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open with PDFium; ReadError saying why when it cannot (password, damage, not a PDF)."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("PDF 已加密（需要密码才能打开），请先用密码打开后另存为不加密的 PDF") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("PDF 使用了不支持的加密方式，无法读取；请另存为不加密的 PDF") from exc
        if b"%PDF" not in data[:1024]:
            raise ReadError("不是有效的 PDF 文件（扩展名与内容不符，或文件已损坏）") from exc
        if b"%%EOF" not in data[-2048:]:
            raise ReadError("PDF 文件不完整（可能下载未完成或被截断），无法打开") from exc
        raise ReadError("PDF 文件已损坏，无法打开") from exc


def page_text(doc: pdfium.PdfDocument, index: int) -> PageText:
    page = doc[index]
    try:
        left, bottom, right, top = page.get_mediabox()
        textpage = page.get_textpage()
        try:
            glyphs, unmapped = _glyphs(textpage, top)
        finally:
            textpage.close()
        images, rules, pictures = page_graphics(page, top)
        return PageText(index + 1, right - left, top - bottom, glyphs, unmapped, images, rules, tuple(pictures))
    finally:
        page.close()


def _glyphs(textpage: pdfium.PdfTextPage, page_top: float) -> tuple[list[Glyph], int]:
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    tight = tuple(ctypes.c_double() for _ in range(4))
    tight_p = tuple(ctypes.byref(v) for v in tight)
    found: list[tuple[str, tuple[float, float, float, float] | None, tuple[float, float, float, float] | None]] = []
    unmapped = 0
    i = 0
    while i < n:
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1 or code in (0x0A, 0x0D, 0x02, 0x00):
            i += 1
            continue
        width = 1
        if 0xD800 <= code < 0xDC00 and i + 1 < n:  # surrogate pair: one character, two slots
            low = pdfium_c.FPDFText_GetUnicode(raw, i + 1)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                width = 2
        ch = chr(code)
        if (
            pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1
            or code == 0xFFFD
            or 0xE000 <= code <= 0xF8FF
            or (code < 0x20 and ch not in "\t")
        ):
            unmapped += 1
        loose = (rect.left, rect.top, rect.right, rect.bottom) if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect_p) else None
        box = (
            (tight[0].value, tight[3].value, tight[1].value, tight[2].value)
            if pdfium_c.FPDFText_GetCharBox(raw, i, *tight_p)
            else None
        )
        found.append((" " if ch.isspace() else ch, loose, box))
        i += width
    heights = sorted(abs(lo[1] - lo[3]) for _, lo, _ in found if lo is not None)
    typical = heights[len(heights) // 2] if heights else 0.0
    tallest = 2.5 * typical
    # A Chinese character's advance is one em and its font's ascent to descent about one em. A
    # re-embedded font (pdftocairo's re-print) may give every character a box three ems tall,
    # which makes "typical" lie: lines run together and centres move into the row below.
    ems = sorted(abs(lo[2] - lo[0]) for ch, lo, _ in found if lo is not None and is_cjk(ch) and not ch.isspace())
    em = ems[len(ems) // 2] if len(ems) >= 5 else 0.0
    if em > 0 and typical > _TALL_EMS * em:
        typical, tallest = em, _TALL_EMS * em
    glyphs = []
    for ch, lo, ti in found:
        b = _box(lo, ti, typical, tallest)
        if b is not None:
            x0, y_hi, x1, y_lo = b
            glyphs.append(Glyph(ch, x0, page_top - y_hi, x1, page_top - y_lo))
    return _without_overprint(glyphs), unmapped


def _without_overprint(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop a glyph drawn again within a point of itself (some printers fake bold that way)."""
    order = sorted(range(len(glyphs)), key=lambda k: (glyphs[k].text, round(glyphs[k].top), glyphs[k].x0))
    drop: set[int] = set()
    for a, b in itertools.pairwise(order):
        g, h = glyphs[a], glyphs[b]
        if g.text == h.text and g.text != " " and abs(g.top - h.top) < 1 and abs(g.x0 - h.x0) < 1:
            drop.add(b)
    return [g for k, g in enumerate(glyphs) if k not in drop] if drop else glyphs


_TALL_EMS = 1.5  # a loose box taller than this many ems is the font's metrics lying


def _box(
    loose: tuple[float, float, float, float] | None,
    tight: tuple[float, float, float, float] | None,
    typical: float,
    tallest: float | None = None,
) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) in PDF space: the loose box (font ascent to descent, advance
    width), unless the font's metrics make it absurd, as some fonts of stacked vertical labels do;
    then the glyph's own box, made at least as tall as it is wide (so 一 keeps a line height)."""
    if loose is not None:
        lx0, lx1 = sorted((loose[0], loose[2]))
        ly0, ly1 = sorted((loose[1], loose[3]))
        if tight is None or (ly1 - ly0 <= (2.5 * typical if tallest is None else tallest) and lx1 - lx0 <= 2.5 * typical):
            return (lx0, ly1, lx1, ly0)
    if tight is None:
        return None
    tx0, tx1 = sorted((tight[0], tight[2]))
    ty0, ty1 = sorted((tight[1], tight[3]))
    size = max(tx1 - tx0, min(typical, 3 * (tx1 - tx0)) if typical else 0.0)
    if ty1 - ty0 < size:
        mid = (ty0 + ty1) / 2
        ty0, ty1 = mid - size / 2, mid + size / 2
    return (tx0, ty1, tx1, ty0)


def group_lines(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into visual lines (by vertical centre), each line sorted left to right."""
    ordered = sorted(glyphs, key=lambda g: g.cy)
    lines: list[list[Glyph]] = []
    mid = 0.0
    height = 0.0
    for g in ordered:
        h = g.bottom - g.top
        if lines and abs(g.cy - mid) <= 0.45 * max(height, h, 1.0):
            line = lines[-1]
            line.append(g)
            mid += (g.cy - mid) / len(line)
            height = max(height, h)
        else:
            lines.append([g])
            mid, height = g.cy, h
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


# Gap (in ems) that makes a space, by how many of the two glyphs are Chinese: between Latin
# letters a word space; between Chinese and Latin more than Word's automatic quarter-em spacing
# (2024年 is typed without a space); between Chinese characters only a real gap, since narrower
# ones are justification or letter-spacing (总 计).
_SPACE_GAP = (0.2, 0.35, 1.0)
# Digits of one number are set edge to edge; two table cells whose numbers nearly touch (a page
# printed at a reduced scale, a narrow column) still stand a tenth of an em apart.
_DIGIT_GAP = 0.1


def line_text(line: Sequence[Glyph]) -> str:
    """The text of one visual line, with a space where glyphs stand apart."""
    return " ".join(text for text, _ in line_words(line))


def line_words(line: Sequence[Glyph]) -> list[tuple[str, BBox]]:
    """The words of one visual line (glyphs between the spaces ``line_text`` puts) and their boxes."""
    words: list[list[Glyph]] = []
    prev: Glyph | None = None
    spaced = False
    for g in line:
        if g.text == " ":
            spaced = True
            continue
        if prev is not None:
            size = max(prev.bottom - prev.top, g.bottom - g.top, 1.0)
            gap = g.x0 - prev.x1
            cjk = is_cjk(prev.text) + is_cjk(g.text)
            limit = _DIGIT_GAP if prev.text.isdigit() and g.text.isdigit() else _SPACE_GAP[cjk]
            if (spaced and cjk < 2) or gap > limit * size:
                words.append([])
        if not words:
            words.append([])
        words[-1].append(g)
        prev = g
        spaced = False
    return [("".join(g.text for g in word), line_bbox(word)) for word in words]


def line_bbox(line: Sequence[Glyph]) -> BBox:
    return (
        round(min(g.x0 for g in line), 2),
        round(min(g.top for g in line), 2),
        round(max(g.x1 for g in line), 2),
        round(max(g.bottom for g in line), 2),
    )


def close_quietly(obj: Any) -> None:
    with contextlib.suppress(Exception):  # closing is best effort; the document was already read
        obj.close()
