"""PDF pages as images, with pypdfium2 (QtPdf is not part of PySide6-Essentials).

These functions run on the worker thread only (see ``ui.worker``): pdfium must not be called from
two threads at once, and the worker thread is also where the PDF reader runs.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

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


def page_sizes(path: str) -> list[tuple[float, float]]:
    """Every page's size in PDF points (width, height), as displayed (rotation applied)."""
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


def render_page(path: str, index: int, scale: float) -> QImage:
    """Page ``index`` (from 0) at ``scale`` pixels per point, as an RGB image owned by Qt."""
    page = _document(path)[index]
    try:
        bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
        fmt = QImage.Format.Format_RGB888 if bitmap.n_channels == 3 else QImage.Format.Format_RGBA8888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
        bitmap.close()
    finally:
        page.close()
    return image
