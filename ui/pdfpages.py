"""Report pages as images: PDF pages with pypdfium2 (QtPdf is not part of PySide6-Essentials),
page photos (an image, a multi-page TIFF, a folder of photos) with Pillow.

These functions run on the worker thread only (see ``ui.worker``): pdfium must not be called from
two threads at once, and the worker thread is also where the PDF reader runs. A page read by OCR
is shown turned as it was levelled for reading (``skew``), so its cell boxes sit on its cells.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

_OPEN: OrderedDict[tuple[str, float], pdfium.PdfDocument] = OrderedDict()
_KEEP_OPEN = 3


def _document(path: str) -> pdfium.PdfDocument:
    key = (path, Path(path).stat().st_mtime)
    pdf = _OPEN.get(key)
    if pdf is None:
        pdf = pdfium.PdfDocument(path)
        _OPEN[key] = pdf
        while len(_OPEN) > _KEEP_OPEN:
            _, old = _OPEN.popitem(last=False)
            old.close()
    _OPEN.move_to_end(key)
    return pdf


def is_page_images(path: str) -> bool:
    """Whether the report's pages are photos (an image file or a folder of them), not a PDF."""
    from gkaudit.reading.images import is_image

    p = Path(path)
    if p.is_dir():
        return True
    with open(p, "rb") as fh:
        return is_image(fh.read(16))


def page_sizes(path: str) -> list[tuple[float, float]]:
    """Every page's size in PDF points (width, height), as displayed (rotation applied)."""
    if is_page_images(path):
        from gkaudit.reading.images import page_size, page_sources

        return [page_size(source) for source in page_sources(path)]
    pdf = _document(path)
    sizes = []
    for i in range(len(pdf)):
        page = pdf[i]
        w, h = page.get_size()
        if page.get_rotation() in (90, 270):
            w, h = h, w
        sizes.append((float(w), float(h)))
        page.close()
    return sizes


def render_page(path: str, index: int, scale: float, skew: float = 0.0) -> QImage:
    """Page ``index`` (from 0) at ``scale`` pixels per point, as an RGB image owned by Qt."""
    if not skew and not is_page_images(path):
        return _render_pdf_page(path, index, scale)
    return _qimage(_picture(path, index, scale, skew))


def render_crop(path: str, index: int, bbox: tuple[float, float, float, float], skew: float = 0.0,
                height: int = 40) -> QImage:
    """The part of page ``index`` inside ``bbox`` (points) with a little margin, ``height`` pixels
    high: what OCR read for a cell, to set beside the value it read."""
    x0, top, x1, bottom = bbox
    scale = max(1.0, min(6.0, 0.8 * height / max(bottom - top, 1.0)))
    picture = _picture(path, index, scale, skew)
    pad = 0.15 * (bottom - top)
    box = (int((x0 - pad) * scale), int((top - pad) * scale), int((x1 + pad) * scale) + 1, int((bottom + pad) * scale) + 1)
    return _qimage(picture.crop(box))


def _picture(path: str, index: int, scale: float, skew: float) -> Any:
    """The page as an RGB ``PIL.Image`` at ``scale`` pixels per point, levelled by ``skew`` degrees."""
    from PIL import Image

    if is_page_images(path):
        from gkaudit.reading.images import page_picture, page_size, page_sources

        source = page_sources(path)[index]
        width, height = page_size(source)
        picture = page_picture(source).resize(
            (max(1, round(width * scale)), max(1, round(height * scale))), Image.Resampling.BILINEAR)
    else:
        page = _document(path)[index]
        try:
            bitmap = page.render(scale=scale, may_draw_forms=True)
            picture = bitmap.to_pil().convert("RGB")
            bitmap.close()
        finally:
            page.close()
    if skew:
        # As scan_grid.deskew turned the page it read, about its centre, paper filled in.
        picture = picture.rotate(-skew, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    return picture


def _qimage(picture: Any) -> QImage:
    data = picture.tobytes("raw", "RGB")
    image = QImage(data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888)
    # Converted here, on the worker: Qt paints RGB32 as it is, and would convert RGB888 on the GUI
    # thread at every paint. The copy is Qt's own: ``data`` goes away with this function.
    return image.convertToFormat(QImage.Format.Format_RGB32)


def _render_pdf_page(path: str, index: int, scale: float) -> QImage:
    page = _document(path)[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
        fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        bitmap.close()
    finally:
        page.close()
    return image
