"""Page images (.png, .jpg, .tif with several pages): each page read by OCR into one ``Document``."""

from __future__ import annotations

import io
from typing import Any

from gkaudit.model import Document, OcrMark, ReadError
from gkaudit.reading.pdf import pages_document
from gkaudit.reading.pdf_text import PageText
from gkaudit.reading.scan import DEFAULT, OcrOptions, PageImage, read_scanned

A4_WIDTH_PT = 595.0
MAX_PAGES = 200
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def is_image(head: bytes) -> bool:
    return head.startswith(_MAGIC)


def image_document(path: str, data: bytes, sha256: str, ocr: OcrOptions | None = None) -> Document:
    """Read a page image or a multi-page TIFF; ReadError when it is not an image or OCR is off."""
    frames = _frames(data)
    images = [PageImage(n, w, h, render) for n, (w, h, render) in enumerate(frames, start=1)]
    pages: list[PageText] = []
    marks: list[OcrMark] = []
    for page in read_scanned(sha256, images, ocr or DEFAULT):
        pages.append(page.text)
        marks.extend(page.marks)
    return pages_document(path, "image", sha256, pages, [], [p.number for p in pages], marks)


def _frames(data: bytes) -> list[tuple[float, float, Any]]:
    """Each frame's size in points (from its resolution, or as an A4-wide page) and its renderer."""
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        count = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError("图片无法读取（文件可能已损坏）") from exc
    if count > MAX_PAGES:
        raise ReadError(f"图片页数过多（{count} 页），不像是一份年度报告")
    out = []
    for k in range(count):
        img.seek(k)
        w, h = img.size
        dpi = img.info.get("dpi", (0, 0))[0] or 0
        # A photo's resolution says nothing of the page; a page is taken to fill the frame's width.
        scale = 72.0 / float(dpi) if 100 <= float(dpi) <= 1200 else A4_WIDTH_PT / w
        out.append((w * scale, h * scale, lambda k=k: _grey(data, k)))
    return out


def _grey(data: bytes, frame: int) -> Any:
    import numpy as np
    from PIL import Image, ImageOps

    source = Image.open(io.BytesIO(data))
    source.seek(frame)
    upright = ImageOps.exif_transpose(source)  # a phone photo stores its turn in EXIF
    return np.asarray(upright.convert("L"))


