"""Ruling lines of a PDF page, read from PDFium's path objects, as pdfplumber-style edges.

pdfplumber's own edges come from pdfminer, whose pure-Python content-stream parser costs 40-70 ms
a page; PDFium walks the same paths in a millisecond or two. The edges feed pdfplumber's table
algorithm (``pdf_tables``), so ruled tables are found without pdfminer.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Edge = dict[str, Any]
Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 6
_STRAIGHT = 0.5  # points: a segment this close to axis-parallel is a rule


def page_graphics(page: pdfium.PdfPage, page_top: float) -> tuple[int, list[Edge], list[Box]]:
    """The number of images on the page, its horizontal and vertical rules, and each image's box
    (x0, top, x1, bottom; top-left origin)."""
    state = _Scan(page_top)
    state.objects(
        pdfium_c.FPDFPage_CountObjects(page.raw), lambda i: pdfium_c.FPDFPage_GetObject(page.raw, i),
        _IDENTITY, 0,
    )
    return state.images, state.edges, state.pictures


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _Scan:
    def __init__(self, page_top: float) -> None:
        self.page_top = page_top
        self.images = 0
        self.edges: list[Edge] = []
        self.pictures: list[Box] = []
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._matrix = pdfium_c.FS_MATRIX()
        self._fill = ctypes.c_int()
        self._stroke = ctypes.c_int()
        self._x = ctypes.c_float()
        self._y = ctypes.c_float()

    def objects(self, n: int, get: Any, outer: Matrix, depth: int) -> None:
        for i in range(n):
            obj = get(i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
                self.picture(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self.path(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                matrix = _compose(self.matrix(obj), outer)
                self.objects(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                    matrix,
                    depth + 1,
                )

    def picture(self, obj: Any, outer: Matrix) -> None:
        """The image's box on the page (its bounds are in its form's space: ``outer`` places them)."""
        left, bottom, right, top = self._bounds
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(v) for v in self._bounds)):
            return
        a, b, c, d, e, f = outer
        corners = [(a * x + c * y + e, b * x + d * y + f)
                   for x in (left.value, right.value) for y in (bottom.value, top.value)]
        xs = [x for x, _ in corners]
        ys = [self.page_top - y for _, y in corners]
        self.pictures.append((min(xs), min(ys), max(xs), max(ys)))

    def matrix(self, obj: Any) -> Matrix:
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(self._matrix)):
            return _IDENTITY
        m = self._matrix
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def path(self, obj: Any, outer: Matrix) -> None:
        if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(self._fill), ctypes.byref(self._stroke)):
            return
        stroked, filled = bool(self._stroke.value), bool(self._fill.value)
        if not stroked and not filled:
            return  # clipping or invisible
        a, b, c, d, e, f = _compose(self.matrix(obj), outer)
        points: list[tuple[int, float, float, bool]] = []
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(self._x), ctypes.byref(self._y)):
                continue
            x, y = self._x.value, self._y.value
            points.append((
                pdfium_c.FPDFPathSegment_GetType(seg),
                a * x + c * y + e,
                self.page_top - (b * x + d * y + f),
                bool(pdfium_c.FPDFPathSegment_GetClose(seg)),
            ))
        if not points:
            return
        if filled and not stroked:
            # Filled boxes are cell shading or white backgrounds behind text, not rules; only
            # hairline fills (rules drawn as thin rectangles) count.
            xs = [p[1] for p in points]
            ys = [p[2] for p in points]
            if min(max(xs) - min(xs), max(ys) - min(ys)) > 2.0:
                return
        self._segments(points)

    def _segments(self, points: list[tuple[int, float, float, bool]]) -> None:
        start: tuple[float, float] | None = None
        cur: tuple[float, float] | None = None
        for kind, x, y, close in points:
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or cur is None:
                start = cur = (x, y)
            else:
                if kind == pdfium_c.FPDF_SEGMENT_LINETO:
                    self._edge(cur, (x, y))
                cur = (x, y)
            if close and start is not None and cur is not None:
                self._edge(cur, start)
                cur = start

    def _edge(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        (x0, y0), (x1, y1) = p, q
        if abs(y0 - y1) <= _STRAIGHT and abs(x1 - x0) >= 1.0:
            lo, hi = sorted((x0, x1))
            top = (y0 + y1) / 2
            self.edges.append({
                "object_type": "line", "orientation": "h", "x0": lo, "x1": hi,
                "top": top, "bottom": top, "width": hi - lo, "height": 0.0,
            })
        elif abs(x0 - x1) <= _STRAIGHT and abs(y1 - y0) >= 1.0:
            top, bottom = sorted((y0, y1))
            x = (x0 + x1) / 2
            self.edges.append({
                "object_type": "line", "orientation": "v", "x0": x, "x1": x,
                "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top,
            })
