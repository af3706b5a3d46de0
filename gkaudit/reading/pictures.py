"""Tables published as pictures inside a text report (an <img> of a web page, a picture in a Word
file, an image on a PDF page with no text over it), read by OCR in place of their "[图片]" line.

The readers leave a ``PICTURE`` line where such a picture stands and hand over, in the same order,
how to reach each picture's image. A picture whose image is reachable and drawn with a ruled grid
is read by the scan reader (``scan_page``, the same options and cache as a scanned page, keyed by
the file's hash and the picture's place); what it reads as a table replaces the line, its cells
OCR readings (``Document.ocr_regions``). A picture that cannot be reached (a page saved without
its files), that holds no ruled table (a photo, a chart, a seal), or that OCR cannot read stays a
``PICTURE`` line: the table is unreadable in this text, as before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from gkaudit.model import Document, OcrMark, PageBox, ReadError, Span
from gkaudit.reading.grid import PICTURE
from gkaudit.reading.scan import DEFAULT, OcrCancelled, OcrOptions, PageImage, ocr_available, read_scanned

BBox = tuple[float, float, float, float]
# The picture's size in points and how to get its grey image; None when it cannot be reached.
Frame = tuple[float, float, Callable[[], Any]]
_LINE = re.compile(rf"^{re.escape(PICTURE)}$", re.MULTILINE)
# Rules a picture of a statistics table has at least: a header, a row and a closing rule across
# it, and its two sides. Fewer is a photo, a chart or a seal, which OCR is not spent on.
_MIN_RULES = (3, 2)


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture a reader met: how to reach its image, and where it stands on a PDF page (``page``
    and ``box`` in points), or None for a picture of a web page or Word file (no page of its own)."""

    load: Callable[[], Frame | None]
    page: int | None = None
    box: BBox | None = None


def frame_of_file(data: bytes | None) -> Frame | None:
    """A picture file's first frame (its size in points as a page image's, and its grey image), or
    None when ``data`` is missing or no image."""
    from gkaudit.reading.images import image_frames, is_image

    if data is None or not is_image(data[:16]):
        return None
    try:
        return image_frames(data)[0]
    except (ReadError, IndexError):
        return None


def pdf_with_pictures(path: str, data: bytes, sha256: str, ocr: OcrOptions | None = None) -> Document:
    """A PDF read (``pdf.pdf_document``) with the tables of its pictures: each PICTURE line's page
    box (the image's box on its page) says which part of which page to read."""
    from gkaudit.reading.pdf import pdf_document, picture_frame

    doc = pdf_document(path, data, sha256, ocr)
    boxes = {(s.start, s.end): PageBox(s.page, s.bbox) for s in doc.spans}
    pictures = []
    for line in _LINE.finditer(doc.text):
        box = boxes.get((line.start(), line.end()))
        if box is None:
            pictures.append(Picture(lambda: None))
        else:
            pictures.append(Picture(partial(picture_frame, data, box.page, box.bbox), box.page, box.bbox))
    return read_pictures(doc, pictures, ocr)


def read_pictures(doc: Document, pictures: Sequence[Picture], options: OcrOptions | None) -> Document:
    """``doc`` with the tables its pictures hold read in place of their ``PICTURE`` lines.

    ``pictures`` are in the order of those lines; when the counts differ the reader's pictures are
    not the lines of the text and nothing is replaced (each stays unreadable, never misplaced).
    """
    options = options or DEFAULT
    lines = list(_LINE.finditer(doc.text))
    if options.mode == "never" or not pictures or len(lines) != len(pictures) or not ocr_available():
        return doc
    base = max([doc.pages, *(s.page for s in doc.spans)])
    pieces: list[tuple[re.Match[str], Document, PageBox]] = []
    for k, (line, picture) in enumerate(zip(lines, pictures, strict=True)):
        page = picture.page if picture.page is not None else base + 1 + k
        read = _read(doc, k, picture, page, options)
        if read is not None:
            pieces.append((line, *read))
    return _spliced(doc, pieces) if pieces else doc


def _read(doc: Document, k: int, picture: Picture, page: int, options: OcrOptions) -> tuple[Document, PageBox] | None:
    """The picture read as a document of its own, its boxes placed on ``page``, and its region there."""
    from gkaudit.reading.pdf import pages_document

    try:
        frame = picture.load()
        if frame is None:
            return None
        width, height, render = frame
        gray = render()
    except Exception:  # a damaged picture, a decompression bomb: it stays a picture, the report is read
        return None
    if not _ruled(gray):
        return None
    # The cache entry of a picture is the file's hash and the picture's place in it.
    key = hashlib.sha256(f"{doc.sha256}:picture:{k}".encode()).hexdigest()
    try:
        scanned = read_scanned(key, [PageImage(1, width, height, lambda: gray)], options)[0]
        piece = pages_document(doc.path, doc.kind, key, [scanned.text], [], [1], scanned.marks)
    except OcrCancelled:
        raise
    except ReadError:
        return None  # OCR cannot run here, or the picture holds no text
    if "\t" not in piece.text:
        return None  # no table read: a picture of something else stays a picture
    x, y = picture.box[:2] if picture.box is not None else (0.0, 0.0)
    moved = dataclasses.replace(
        piece,
        spans=tuple(Span(s.start, s.end, page, _moved(s.bbox, x, y)) for s in piece.spans),
        ocr=tuple(OcrMark(page, _moved(m.bbox, x, y), m.text, m.conf, m.alt) for m in piece.ocr),
        doubtful=tuple(PageBox(page, _moved(b.bbox, x, y)) for b in piece.doubtful),
    )
    return moved, PageBox(page, (x, y, x + width, y + height))


def _ruled(gray: Any) -> bool:
    """Whether the image is drawn with the rules of a table (cheap: no OCR)."""
    from gkaudit.reading.scan_grid import ink, rule_segments

    if gray.ndim != 2 or min(gray.shape) < 32:
        return False
    hs, vs = rule_segments(ink(gray))
    return len(hs) >= _MIN_RULES[0] and len(vs) >= _MIN_RULES[1]


def _moved(b: BBox, x: float, y: float) -> BBox:
    return (b[0] + x, b[1] + y, b[2] + x, b[3] + y)


def _spliced(doc: Document, pieces: Sequence[tuple[re.Match[str], Document, PageBox]]) -> Document:
    """The text with each picture's line replaced by what was read of it (set apart by blank lines,
    as a table is), the spans of the rest shifted and the picture's own added."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = shift = 0
    for line, piece, _region in pieces:
        spans += [_shifted(s, shift) for s in doc.spans if pos <= s.start and s.end <= line.start()]
        parts.append(doc.text[pos : line.start()])
        body = piece.text.strip("\n")
        lead = len(piece.text) - len(piece.text.lstrip("\n"))
        at = line.start() + shift + 1  # past the blank line before
        spans += [_shifted(s, at - lead) for s in piece.spans]
        parts.append(f"\n{body}\n")
        shift += len(body) + 2 - (line.end() - line.start())
        pos = line.end()
    spans += [_shifted(s, shift) for s in doc.spans if pos <= s.start]
    parts.append(doc.text[pos:])
    return dataclasses.replace(
        doc,
        text="".join(parts),
        spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end))),
        ocr=(*doc.ocr, *(m for _l, p, _r in pieces for m in p.ocr)),
        doubtful=(*doc.doubtful, *(b for _l, p, _r in pieces for b in p.doubtful)),
        ocr_regions=(*doc.ocr_regions, *(r for _l, _p, r in pieces)),
    )


def _shifted(s: Span, by: int) -> Span:
    return Span(s.start + by, s.end + by, s.page, s.bbox)
