"""Page images (.png, .jpg, .tif with several pages, a folder of page photos): read by OCR into one ``Document``.

A folder is one report when it holds page images and no report files (``page_folder``); its
pages are its images in natural name order (2.jpg before 10.jpg), a multi-page TIFF giving all
its frames in place.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gkaudit.model import Document, OcrMark, ReadError
from gkaudit.reading.page_folder import page_files
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
    frames = image_frames(data)
    images = [PageImage(n, w, h, render) for n, (w, h, render) in enumerate(frames, start=1)]
    return _scanned_document(path, sha256, images, ocr)


def folder_document(path: str, read: Callable[[Path], bytes], limit: int, ocr: OcrOptions | None = None) -> Document:
    """Read a folder of page photos as one report; its hash is that of its pages' names and contents.

    ``read`` gives a file's bytes (the readers' bounded reading, ReadError when it cannot); the
    pages together may not exceed ``limit`` bytes.
    """
    frames, sha = _folder_frames(path, read, limit)
    images = [PageImage(n, w, h, render) for n, (w, h, render) in enumerate(frames, start=1)]
    return _scanned_document(path, sha, images, ocr)


def _scanned_document(path: str, sha256: str, images: list[PageImage], ocr: OcrOptions | None) -> Document:
    pages: list[PageText] = []
    marks: list[OcrMark] = []
    skews: list[float] = []
    for page in read_scanned(sha256, images, ocr or DEFAULT):
        pages.append(page.text)
        marks.extend(page.marks)
        skews.append(page.skew)
    return pages_document(path, "image", sha256, pages, [], [p.number for p in pages], marks, skews=skews)


def _folder_frames(path: str, read: Callable[[Path], bytes], limit: int) -> tuple[list[tuple[float, float, Any]], str]:
    files = page_files(path)
    if not files:
        raise ReadError("文件夹中没有页面图片（.png .jpg .tif）")
    digest = hashlib.sha256(b"gkaudit-page-folder")
    frames: list[tuple[float, float, Any]] = []
    total = 0
    for f in files:
        data = read(f)
        total += len(data)
        if total > limit:
            raise ReadError(f"页面图片合计过大，超出上限 {limit // 1024 // 1024} MB")
        if not is_image(data[:16]):
            raise ReadError(f"{f.name} 不是可识别的图片")
        # Names are part of the hash: the same photos in another order are another report.
        digest.update(f.name.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
        try:
            frames.extend(image_frames(data, MAX_PAGES - len(frames)))
        except ReadError as exc:
            raise ReadError(f"{f.name}：{exc}") from exc
    return frames, digest.hexdigest()


def page_sources(path: str | Path) -> list[tuple[Path, int]]:
    """Each page of an image report (a page image, a multi-page TIFF or a page folder) as (file, frame)."""
    from PIL import Image

    p = Path(path)
    out: list[tuple[Path, int]] = []
    for f in page_files(p) if p.is_dir() else [p]:
        with Image.open(f) as img:
            out.extend((f, k) for k in range(getattr(img, "n_frames", 1)))
    return out[:MAX_PAGES]


def page_picture(source: tuple[Path, int]) -> Any:
    """One page as an upright RGB ``PIL.Image`` (for display: the window draws the cell boxes over it)."""
    from PIL import Image, ImageOps

    f, frame = source
    with Image.open(f) as img:
        img.seek(frame)
        return ImageOps.exif_transpose(img).convert("RGB")


def page_size(source: tuple[Path, int]) -> tuple[float, float]:
    """A page's size in points, as the reader gave its boxes."""
    from PIL import Image

    f, frame = source
    with Image.open(f) as img:
        img.seek(frame)
        return _points(_upright_size(img), img.info.get("dpi", (0, 0))[0] or 0)


def _upright_size(img: Any, data: bytes | None = None) -> tuple[int, int]:
    """The frame's size once turned as its EXIF orientation says (5-8 are quarter turns), unloaded.

    ``data``: the file's bytes, where the EXIF of a PNG is looked for without decoding the image
    (Pillow decodes a whole PNG to find an eXIf chunk after its pixels; the page is decoded again
    to be read)."""
    w, h = img.size
    try:
        if data is not None and img.format == "PNG" and "exif" not in img.info:
            from PIL import Image

            raw = _png_exif(data)
            exif = Image.Exif()
            if raw is not None:
                exif.load(raw)
        else:
            exif = img.getexif()
        turned = exif.get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # a damaged EXIF block: the frame as stored
        turned = False
    return (h, w) if turned else (w, h)


def _png_exif(data: bytes) -> bytes | None:
    """The eXIf chunk of a PNG file, found by walking its chunks (their lengths), or None."""
    pos = 8  # past the signature
    while pos + 8 <= len(data):
        length, kind = int.from_bytes(data[pos : pos + 4], "big"), data[pos + 4 : pos + 8]
        if kind == b"eXIf":
            return data[pos + 8 : pos + 8 + length]
        if kind == b"IEND":
            break
        pos += 12 + length  # length, type, data, CRC
    return None


def _points(size: tuple[int, int], dpi: float) -> tuple[float, float]:
    w, h = size
    # A photo's resolution says nothing of the page; a page is taken to fill the frame's width.
    scale = 72.0 / float(dpi) if 100 <= float(dpi) <= 1200 else A4_WIDTH_PT / w
    return w * scale, h * scale


def image_frames(data: bytes, room: int = MAX_PAGES) -> list[tuple[float, float, Any]]:
    """Each frame's size in points (from its resolution, or as an A4-wide page) and its renderer."""
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        count = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ReadError("图片无法读取（文件可能已损坏）") from exc
    if count > room:
        raise ReadError(f"图片页数过多（超过 {MAX_PAGES} 页），不像是一份年度报告")
    out = []
    for k in range(count):
        img.seek(k)
        w, h = _points(_upright_size(img, data), img.info.get("dpi", (0, 0))[0] or 0)
        out.append((w, h, lambda k=k: _grey(data, k)))
    return out


def _grey(data: bytes, frame: int) -> Any:
    import numpy as np
    from PIL import Image, ImageOps

    source = Image.open(io.BytesIO(data))
    source.seek(frame)
    upright = ImageOps.exif_transpose(source)  # a phone photo stores its turn in EXIF
    return np.asarray(upright.convert("L"))


