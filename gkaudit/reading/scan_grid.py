"""Geometry of a scanned page: ink, skew, and the table's ruling lines as pdfplumber-style edges.

Everything is numpy on a grey image (no OpenCV). The skew is the angle at which the rows of ink
line up best (text lines and table rules both count); the rules are runs of ink much longer than
any character, which a ruled table's grid is made of.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gkaudit.reading.ocr import components

Edge = dict[str, Any]
Box = tuple[int, int, int, int]
MAX_SKEW = 4.0  # degrees; a page photographed more crooked than this is not straightened
_RULE_THICKNESS = 0.012  # of the page width: thicker "lines" are filled areas or photos, not rules


def ink_threshold(gray: np.ndarray) -> int:
    """Otsu's threshold, capped so a light grey cell shading stays paper."""
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    mean = m0[-1] / total
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - m0) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return min(int(between.argmax()), 160)


def ink(gray: np.ndarray) -> np.ndarray:
    return gray < ink_threshold(gray)


def skew_angle(mask: np.ndarray) -> float:
    """How far (degrees, counter-clockwise) the page is turned from level: where its rows of ink line up best."""
    step = max(1, mask.shape[1] // 800)
    ys, xs = np.nonzero(mask[::step, ::step])
    if len(ys) < 200:
        return 0.0
    if len(ys) > 200_000:
        keep = np.random.default_rng(0).choice(len(ys), 200_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()

    def score(angle: float) -> float:
        shifted = ys + xs * np.tan(np.radians(angle))
        hist = np.bincount((shifted - shifted.min()).astype(np.int64))
        return float(np.dot(hist, hist))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=score)
    fine = max(np.arange(coarse - 0.25, coarse + 0.25 + 1e-9, 0.02), key=score)
    return float(fine) if abs(fine) >= 0.05 else 0.0


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned level (same size, paper filled in at the corners) and the skew it had."""
    angle = skew_angle(ink(gray))
    if angle == 0.0:
        return gray, 0.0
    from PIL import Image

    turned = Image.fromarray(gray).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(turned), angle


def _long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels inside horizontal runs of at least ``length`` (a few pixels of noise forgiven)."""
    h, w = mask.shape
    if w <= length:
        return np.zeros_like(mask)
    csum = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=csum[:, 1:])
    full = (csum[:, length:] - csum[:, :-length]) >= int(0.93 * length)  # window starting at x
    cover = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(np.pad(full, ((0, 0), (0, length - 1))), axis=1, out=cover[:, 1:])
    starts_before = cover[:, 1:] - np.pad(cover[:, 1 : w + 1 - length], ((0, 0), (length, 0)))
    return (starts_before > 0) & mask


def rule_segments(mask: np.ndarray) -> tuple[list[Box], list[Box]]:
    """Horizontal and vertical rules of an upright page, as pixel boxes (x0, y0, x1, y1)."""
    _h, w = mask.shape
    # Longer than the strokes of a bold 36-point title (about 40 points), shorter than a table row.
    length = max(24, w // 15)
    thick = max(3, round(_RULE_THICKNESS * w))
    # A pixel of slack either way joins a rule that a scan breaks into steps.
    horizontal = _long_runs(mask, length)
    # The columns as rows (a copy: runs along a row are found fastest in memory order). A vertical
    # rule is then a few long runs rather than a run on each of its rows.
    columns = np.ascontiguousarray(mask.T)
    vertical = _long_runs(columns, length)
    hs = [b for b in components(horizontal) if b[2] - b[0] >= length and b[3] - b[1] <= thick]
    vs = sorted(
        (b for b in _swap(components(vertical)) if b[3] - b[1] >= length and b[2] - b[0] <= thick),
        key=lambda b: (b[1], b[0]),
    )
    short = max(6, length // 6)
    # Rules too short for the length test, told from strokes by where they end: the column rules
    # of a thin row under a header cell that spans them, then a narrow column's rules across rows.
    vs = vs + _swap(_bridging(columns, _swap(hs), _swap(vs), short, thick))
    hs = hs + _bridging(mask, vs, hs, short, thick)
    return hs, vs


def _swap(boxes: list[Box]) -> list[Box]:
    return [(y0, x0, y1, x1) for x0, y0, x1, y1 in boxes]


def _bridging(mask: np.ndarray, across: list[Box], along: list[Box], short: int, thick: int) -> list[Box]:
    """Horizontal runs of ink at least ``short`` long that start on one of the rules ``across``
    them and end on another (``along``: the rules found already). A character's stroke inside a
    cell is kept off the rules by the cell's padding, so it never does both."""
    if len(across) < 2:
        return []
    found = []
    for b in components(_long_runs(mask, short)):
        x0, y0, x1, y1 = b
        if x1 - x0 < short or y1 - y0 > thick:
            continue
        if any(o[0] <= x1 and x0 <= o[2] and o[1] <= y1 and y0 <= o[3] for o in along):
            continue  # part of a rule already found
        mid = (y0 + y1) / 2
        if _meets(across, x0, mid) and _meets(across, x1 - 1, mid):
            found.append(b)
    return found


def _meets(rules: list[Box], x: int, y: float, slack: int = 1) -> bool:
    """Whether a point lies on one of the rules (across the rows), or a pixel beside it."""
    return any(r[1] - slack <= y <= r[3] + slack and r[0] - slack <= x <= r[2] + slack for r in rules)


def rule_edges(
    hs: list[Box], vs: list[Box], scale: float
) -> list[Edge]:
    """Rules as the edges ``pdf_tables.ruled_segments`` takes, in points (``scale`` points a pixel)."""
    edges: list[Edge] = []
    for x0, y0, x1, y1 in hs:
        y = (y0 + y1) / 2 * scale
        edges.append({
            "object_type": "line", "orientation": "h", "x0": x0 * scale, "x1": x1 * scale,
            "top": y, "bottom": y, "width": (x1 - x0) * scale, "height": 0.0,
        })
    for x0, y0, x1, y1 in vs:
        x = (x0 + x1) / 2 * scale
        edges.append({
            "object_type": "line", "orientation": "v", "x0": x, "x1": x,
            "top": y0 * scale, "bottom": y1 * scale, "width": 0.0, "height": (y1 - y0) * scale,
        })
    return edges
