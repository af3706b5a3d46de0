"""One scanned page read by OCR into the same ``PageText`` a PDF's text layer gives, with confidences.

The page is levelled first; its ruling lines give the table cells (by the same algorithm as a
text PDF's rules), and each cell's lines of ink are recognised on their own, so a lone digit in a
wide cell is not lost to text detection. Text outside the tables is found by the detection model.
Every recognised character becomes a ``Glyph`` in PDF points, so the PDF reader's table and line
handling runs unchanged; each digit's probability is kept as an ``OcrMark``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gkaudit.model import OcrMark
from gkaudit.reading.grid import is_cjk
from gkaudit.reading.ocr import BLANK_MARK_CHARS, Char, Engine, Line
from gkaudit.reading.pdf_tables import ruled_segments
from gkaudit.reading.pdf_text import Glyph, PageText
from gkaudit.reading.scan_grid import deskew, ink, rule_edges, rule_segments

PixelBox = tuple[int, int, int, int]
_MIN_LINE_PIXELS = 6  # ink rows thinner than this in a cell are specks or a rule's edge, not text
_LINE_GAP_PT = 1.5  # points: closer rows of ink are one line of text (lines of a cell are further apart)


@dataclass(slots=True)
class ScannedPage:
    """A page read by OCR: the text layer it stands for, and the confidence of what was read."""

    text: PageText
    marks: list[OcrMark]
    skew: float


def read_page(gray: np.ndarray, number: int, width_pt: float, height_pt: float, engine: Engine) -> ScannedPage:
    """Read one page image; ``width_pt``/``height_pt`` is the page size the boxes are given in."""
    page, skew = deskew(gray)
    scale = width_pt / page.shape[1]
    mask = ink(page)
    hs, vs = rule_segments(mask)
    edges = rule_edges(hs, vs, scale)
    segments = ruled_segments(edges, number)
    crops: list[PixelBox] = []
    cells = 0
    rules_mask = np.zeros_like(mask)
    for x0, y0, x1, y1 in hs + vs:
        rules_mask[max(0, y0 - 1) : y1 + 1, max(0, x0 - 1) : x1 + 1] = True
    text_mask = mask & ~rules_mask
    blank = page.copy()
    faint: set[int] = set()  # crops of cells whose ink is all fainter than the page's ink threshold
    unread: list[PixelBox] = []  # ink in a cell that no crop takes in
    near_rules = _grown(rules_mask, max(2, round(_RULE_MARGIN_PT / scale)))
    for seg in segments:
        for cell in seg.cells:
            box = _pixels(cell.bbox, scale, page.shape)
            in_cell = _cell_lines(text_mask, box, max(2, round(_LINE_GAP_PT / scale)))
            # A low-resolution scan greys thin strokes out: the page's threshold leaves a digit, or
            # all of it but its bar, paper. Ink that the cell's lines leave out is read from the
            # lighter ink, never with certainty, or if it cannot be, leaves the cell unread.
            ink_box, light = _faint_lines(page, near_rules, box, scale, in_cell)
            if ink_box is not None:
                if light:
                    in_cell = light
                    faint.update(range(len(crops), len(crops) + len(in_cell)))
                else:
                    unread.append(ink_box)
            crops.extend(in_cell)
        cells = len(crops)
        bx0, by0, bx1, by1 = _pixels(seg.bbox, scale, page.shape)
        blank[by0:by1, bx0:bx1] = 255
    outside = text_mask.copy()
    for seg in segments:
        bx0, by0, bx1, by1 = _pixels(seg.bbox, scale, page.shape)
        outside[by0:by1, bx0:bx1] = False
    with engine.lock:
        found = [b for part in _text_parts(outside) for b in _detect_part(engine, blank, part)]
        crops.extend(_tighten(text_mask, b) for b in _join_pieces(found))
        numeric = [k < cells for k in range(len(crops))]
        # A lone 1 on a low-resolution scan is a stroke two pixels wide: widened to be read, and
        # doubted. Anything else too small to read in a cell is ink left unread.
        for k in range(cells):
            x0, y0, x1, y1 = crops[k]
            if x1 - x0 < 3 and y1 - y0 >= 3 * (x1 - x0):
                crops[k] = (max(0, x0 - 1), y0, min(page.shape[1], x0 + 2), y1)
                faint.add(k)
        unread.extend(b for b in crops[:cells] if b[2] - b[0] < 3 or b[3] - b[1] < 3)
        keep = [k for k, b in enumerate(crops) if b[2] - b[0] >= 3 and b[3] - b[1] >= 3]
        crops, numeric = [crops[k] for k in keep], [numeric[k] for k in keep]
        images = [_crop(page, b) for b in crops]
        lines = engine.recognise([im for im, _ in images], numeric)
    glyphs: list[Glyph] = []
    marks: list[OcrMark] = []
    for k, (box, line, (_, origin)) in enumerate(zip(crops, lines, images, strict=True)):
        if numeric[k] and not line.text.strip():
            unread.append(box)  # ink in a cell that recognition read as nothing
            continue
        if keep[k] in faint:
            line = _doubted(line)
        _glyphs(line, origin, box, scale, number, text_mask, glyphs, marks)
    # Ink read as nothing is no printed blank: the cell's mark has no confidence, so the cell is
    # uncertain and no relation rests on it with certainty.
    marks.extend(OcrMark(number, _points(b, scale), UNREAD, 0.0) for b in unread)
    text = PageText(number, width_pt, height_pt, glyphs, 0, 0, edges)
    return ScannedPage(text, marks, skew)


UNREAD = "?"  # the text of the mark for ink OCR could not read
_RULE_MARGIN_PT = 1.0  # points: a rule's grey edge on a scan, not ink of the cell's text
_FAINT_CONTRAST = 45  # grey levels under the cell's paper: ink, however light
_EDGE_PT = 0.7  # points: the grey edge of ink a scan blurs around the strokes the threshold kept
_FAINT_CONF = 0.9  # a digit read from ink lighter than the page's threshold is never certain


def _grown(mask: np.ndarray, by: int) -> np.ndarray:
    """The mask grown by ``by`` pixels each way (a square neighbourhood)."""
    out = mask.copy()
    for _ in range(by):
        grown = out.copy()
        grown[1:] |= out[:-1]
        grown[:-1] |= out[1:]
        grown[:, 1:] |= out[:, :-1]
        grown[:, :-1] |= out[:, 1:]
        out = grown
    return out


def _faint_lines(
    page: np.ndarray, near_rules: np.ndarray, box: PixelBox, scale: float, lines: list[PixelBox]
) -> tuple[PixelBox | None, list[PixelBox]]:
    """Ink of a cell that its ``lines`` (found at the page's threshold) leave out: darker than the
    cell's own paper by ``_FAINT_CONTRAST``, away from the ruling lines, outside the lines (a grey
    edge around them aside), and at least a small digit's worth (a speck is no ink). Returns the box
    of the cell's light ink (None: the lines take in all there is) and its lines as crops."""
    x0, y0, x1, y1 = box
    inset = max(2, round(_RULE_MARGIN_PT / scale))
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None, []
    region = page[y0:y1, x0:x1]
    paper = float(np.median(region))
    mask = (region < paper - _FAINT_CONTRAST) & ~near_rules[y0:y1, x0:x1]
    # A stroke as thick as a fine pen's (0.35 pt) over a 2-point run: the least a digit's ink is.
    least = max(6, round(0.7 / scale**2))
    if mask.mean() > 0.3:
        return None, []  # a shaded cell rather than ink on it
    left = mask.copy()
    edge = max(1, round(_EDGE_PT / scale))
    for a, b, c, d in lines:
        left[max(0, b - y0 - edge) : max(0, d - y0 + edge), max(0, a - x0 - edge) : max(0, c - x0 + edge)] = False
    if left.sum() < least:
        return None, []
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    ink_box = (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)
    light = _cell_lines(mask, (-2, -2, x1 - x0 + 2, y1 - y0 + 2), max(2, round(_LINE_GAP_PT / scale)))
    return ink_box, [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in light]


def _doubted(line: Line) -> Line:
    return Line(tuple(Char(c.text, min(c.conf, _FAINT_CONF), c.x0, c.x1) for c in line.chars), line.alt, line.alt_conf)


def _points(box: PixelBox, scale: float) -> tuple[float, float, float, float]:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def _text_parts(outside: np.ndarray) -> list[PixelBox]:
    """The stretches of the page that hold ink outside the tables, each as a box with a margin.

    Detection costs in proportion to the area it looks at: a table page's heading, or the
    paragraph under a table, is looked at alone rather than with the whole blank page.
    """
    h, w = outside.shape
    margin = max(8, h // 100)
    parts = []
    for top, bottom in _bands(outside.sum(axis=1) >= 2, max(margin, h // 25)):
        cols = np.flatnonzero(outside[top:bottom].any(axis=0))
        if bottom - top < 3 or len(cols) == 0:
            continue
        parts.append((
            max(0, int(cols[0]) - margin), max(0, top - margin),
            min(w, int(cols[-1]) + 1 + margin), min(h, bottom + margin),
        ))
    return parts


def _detect_part(engine: Engine, page: np.ndarray, part: PixelBox) -> list[PixelBox]:
    from gkaudit.reading.ocr import det_scale

    x0, y0, x1, y1 = part
    boxes = engine.detect(page[y0:y1, x0:x1], det_scale(page.shape))
    return [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in boxes]


def _pixels(bbox: Sequence[float], scale: float, shape: tuple[int, ...]) -> PixelBox:
    h, w = shape[:2]
    return (
        max(0, int(bbox[0] / scale)), max(0, int(bbox[1] / scale)),
        min(w, int(bbox[2] / scale) + 1), min(h, int(bbox[3] / scale) + 1),
    )


def _bands(profile: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Runs of non-zero entries, joined across gaps narrower than ``min_gap``."""
    on = np.flatnonzero(profile)
    if len(on) == 0:
        return []
    out: list[tuple[int, int]] = []
    start = prev = int(on[0])
    for v in on[1:]:
        v = int(v)
        if v - prev > min_gap:
            out.append((start, prev + 1))
            start = v
        prev = v
    out.append((start, prev + 1))
    return out


def _cell_lines(mask: np.ndarray, box: PixelBox, gap: int) -> list[PixelBox]:
    """The lines of ink inside a table cell (a wrapped label gives several), as tight boxes.

    Rows of ink closer than ``gap`` pixels are one line: the strokes of one character (the bar
    and stem of a thin 7) can be apart by a row or two once a scan thins them.
    """
    x0, y0, x1, y1 = box
    inset = 2
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    region = mask[y0:y1, x0:x1]
    out = []
    for top, bottom in _merge_thin(_bands(region.sum(axis=1), gap)):
        if bottom - top < _MIN_LINE_PIXELS:
            dash = _dash(region, top, bottom)
            if dash is not None:
                out.append((x0 + dash[0], y0 + dash[1], x0 + dash[2], y0 + dash[3]))
            continue
        if region[top:bottom].sum() < 12:
            continue
        cols = _bands(region[top:bottom].sum(axis=0), max(1, (bottom - top) * 3))
        # Each stretch of a line set far apart from the rest (label and number in one cell) alone.
        for left, right in cols:
            if region[top:bottom, left:right].sum() < 12:
                continue
            # Taller than two lines of body text (gap is 1.5 points) and narrow: not one lone digit.
            if bottom - top > max(1.8 * (right - left), 13 * gap):
                # Characters stacked in a narrow merged cell (三、本年度办理结果 down the side):
                # each is read on its own, as the text layer of a PDF gives them line by line.
                rows = region[top:bottom, left:right].sum(axis=1)
                width = right - left
                for a, b in _merge_thin(_bands(rows, 1)):
                    # Characters set too close to part by their gaps: cut into squares.
                    n = max(1, round((b - a) / width)) if b - a > 1.5 * width else 1
                    for j in range(n):
                        ya, yb = a + (b - a) * j // n, a + (b - a) * (j + 1) // n
                        out.append((x0 + left, y0 + top + ya, x0 + right, y0 + top + yb))
            else:
                out.append((x0 + left, y0 + top, x0 + right, y0 + bottom))
    return out


def _dash(region: np.ndarray, top: int, bottom: int) -> PixelBox | None:
    """A thin band of ink that is a blank cell's dash (—), as a box about as tall as it is long (the
    shape recognition was trained on), or None: a speck, or a rule's edge along the cell's side.

    A dash is one or two pixels thick: thinner than any line of text, so the text rule drops it."""
    h, w = region.shape
    cols = _bands(region[top:bottom].sum(axis=0), 1)
    if len(cols) != 1 or not 0.2 * h <= (top + bottom) / 2 <= 0.8 * h:
        return None
    left, right = cols[0]
    length = right - left
    # Longer than a speck of noise, inside the cell's sides, and a solid stroke rather than dust.
    if length < 2 * _MIN_LINE_PIXELS or left < 2 or right > w - 2 or length > 0.8 * w:
        return None
    if region[top:bottom, left:right].any(axis=0).mean() < 0.9:
        return None
    mid, half = (top + bottom) // 2, max(bottom - top, round(0.4 * length))
    return (left, max(0, mid - half), right, min(h, mid + half + 1))


def _join_pieces(boxes: list[PixelBox]) -> list[PixelBox]:
    """Detected pieces of one line joined: overlapping, or side by side closer than a character.

    Large bold titles come out of detection in overlapping pieces, whose separate readings would
    repeat characters.
    """
    out: list[list[int]] = []
    for b in sorted(boxes, key=lambda b: b[0]):
        for o in out:
            h = min(b[3] - b[1], o[3] - o[1])
            overlap = min(b[3], o[3]) - max(b[1], o[1])
            if overlap >= 0.6 * h and b[0] - o[2] <= 0.3 * h:
                o[0], o[1], o[2], o[3] = min(o[0], b[0]), min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3])
                break
        else:
            out.append(list(b))
    return [(o[0], o[1], o[2], o[3]) for o in out]


def _merge_thin(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A band much thinner than the cell's text lines (the bar of a 7 parted from its stem) joins
    the nearer band beside it, if that is within half a line."""
    if len(bands) < 2:
        return bands
    tall = max(b - a for a, b in bands)
    out = list(bands)
    k = 0
    while k < len(out) and len(out) > 1:
        a, b = out[k]
        if b - a >= 0.6 * tall:
            k += 1
            continue
        gaps = [(out[k][0] - out[k - 1][1], k - 1) if k else None, (out[k + 1][0] - b, k + 1) if k + 1 < len(out) else None]
        near = min((g for g in gaps if g is not None), default=None)
        if near is None or near[0] > 0.5 * tall:
            k += 1
            continue
        j = near[1]
        lo, hi = min(j, k), max(j, k)
        out[lo : hi + 1] = [(out[lo][0], out[hi][1])]
        k = lo
    return out


def _tighten(mask: np.ndarray, box: PixelBox) -> PixelBox:
    """A detected box shrunk to the ink inside it (detection boxes are loose)."""
    x0, y0, x1, y1 = box
    region = mask[y0:y1, x0:x1]
    rows = np.flatnonzero(region.any(axis=1))
    cols = np.flatnonzero(region.any(axis=0))
    if len(rows) == 0 or len(cols) == 0:
        return box
    return (x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1)


def _pad(box: PixelBox) -> int:
    # Recognition was trained on lines with a margin; a tight crop loses the edges of 1 and 一.
    return max(2, (box[3] - box[1]) // 4)


def _crop(page: np.ndarray, box: PixelBox) -> tuple[np.ndarray, tuple[float, float]]:
    """The image recognition reads for a box, and where its left top corner falls on the page."""
    pad = _pad(box)
    h, w = page.shape
    crop = page[max(0, box[1] - pad) : min(h, box[3] + pad), max(0, box[0] - pad) : min(w, box[2] + pad)]
    # No more paper beside a lone digit than this: with a crop twice as wide as high, a third of
    # the lone zeros of the corpus scans read as nothing.
    return crop, (float(max(0, box[0] - pad)), float(max(0, box[1] - pad)))


def _glyphs(
    line: Line,
    origin: tuple[float, float],
    box: PixelBox,
    scale: float,
    page: int,
    mask: np.ndarray,
    glyphs: list[Glyph],
    marks: list[OcrMark],
) -> None:
    """Glyphs for one recognised line, each where recognition placed it.

    Recognition gives each character's centre only, and not precisely: neighbours are made to
    touch (a number stays one word) unless recognition read a space between them; then they are
    parted at the widest gap in the ink between them.
    """
    chars: list[Char] = []
    spaced: list[bool] = []  # a space read before this character
    for c in line.chars:
        if not c.text.strip():
            if chars:
                spaced[-1] = True
            continue
        chars.append(c)
        spaced.append(False)
    if not chars:
        return
    height = box[3] - box[1]
    centres = [origin[0] + (c.x0 + c.x1) / 2 for c in chars]
    columns: np.ndarray = np.asarray(mask[box[1] : box[3], box[0] : box[2]].any(axis=0))
    lefts = [float(box[0])] + [0.0] * (len(chars) - 1)
    rights = [0.0] * (len(chars) - 1) + [float(box[2])]
    for k in range(len(chars) - 1):
        mid = (centres[k] + centres[k + 1]) / 2
        rights[k] = lefts[k + 1] = mid
        if spaced[k]:
            ga, gb = _widest_gap(columns, centres[k] - box[0], centres[k + 1] - box[0])
            rights[k] = min(box[0] + ga, mid - 0.2 * height)
            lefts[k + 1] = max(box[0] + gb, mid + 0.2 * height)
    for k, c in enumerate(chars):
        half = (0.55 if is_cjk(c.text) else 0.4) * height
        left = max(lefts[k], centres[k] - half) if k == 0 else lefts[k]
        right = min(rights[k], centres[k] + half) if k == len(chars) - 1 else rights[k]
        right = max(right, left + 1)
        g = Glyph(c.text, left * scale, box[1] * scale, right * scale, box[3] * scale)
        glyphs.append(g)
        # A blank cell's mark is a reading too: a / the model half took for a 1 leaves its cell uncertain.
        if c.text.isdigit() or c.text in BLANK_MARK_CHARS:
            marks.append(OcrMark(page, (g.x0, g.top, g.x1, g.bottom), c.text, round(c.conf, 4), line.alt))


def _widest_gap(columns: np.ndarray, start: float, end: float) -> tuple[int, int]:
    """The widest run of inkless columns between two positions (start, end of the run)."""
    lo, hi = max(0, int(start)), min(len(columns), int(end) + 1)
    best = (lo, lo)
    run = None
    for x in range(lo, hi):
        if not columns[x]:
            run = x if run is None else run
            if x + 1 - run > best[1] - best[0]:
                best = (run, x + 1)
        else:
            run = None
    return best
