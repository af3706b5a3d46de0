"""Tables of a PDF page: cell geometry, cell text, and tables joined across pages.

pdfplumber's table algorithm finds the cells of ruled tables from the page's rules (read by PDFium,
see ``pdf_rules``), or of a borderless table from text alignment; the cell text comes from PDFium's
glyphs (see ``pdf_text``), placed by their centres. A table is kept as one ``Segment`` per page;
``table_grid`` joins the segments of a table that breaks across pages into one grid with merged
cells expanded.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pdfplumber.table as pdfplumber_table

from gkaudit.model import PageBox
from gkaudit.reading.grid import Grid, Slot, join_wrapped
from gkaudit.reading.pdf_rules import Edge
from gkaudit.reading.pdf_text import BBox, Glyph, group_lines, line_text

_EDGE_TOLERANCE = 1.0  # points: cell edges closer than this are the same grid line
_JOIN_TOLERANCE = 3.0  # points: column edges of two pages' parts of one table
# A cell's value: a number, with its unit ("217件", printed "217" over "件" in a narrow cell), or a
# blank mark; never the rest of a label cut by a page break.
_NUMERIC = re.compile(r"^[\s\-+−—–]*[\d０-９][\d０-９,，.．%\s]*(?:万元|万|元|亿元|亿|件|个|项|条|次)?\s*$"
                      r"|^\s*(?:/|／|-+|—+|无)\s*$")
# A label that starts a new group (（五）, 5., 五、) is not the rest of a cell cut by a page break.
_ENUMERATED = re.compile(r"^\s*(（\s*[一二三四五六七八九十\d]+\s*）|\(\s*[一二三四五六七八九十\d]+\s*\)|[一二三四五六七八九十]+、|\d+\s*[.、．])")

_CUT_GAP = 0.2  # ems: digits this close stand in one number (``pdf_text``'s word space)

_BORDERLESS_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "text",
    "horizontal_strategy": "text",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 5,
    "min_words_vertical": 3,
    "min_words_horizontal": 2,
    "text_x_tolerance": 3,
    "text_y_tolerance": 3,
}


@dataclass(slots=True)
class PCell:
    """A cell of one page's part of a table: its span in that part's grid, box and text."""

    r0: int
    r1: int
    c0: int
    c1: int
    bbox: BBox
    glyphs: list[Glyph] = field(default_factory=list)
    text: str = ""
    gc0: int = 0  # columns in the joined table's grid
    gc1: int = 0
    boxed: bool = True  # False once its text moved into the cell above it on the previous page
    full: bool = False  # its last line runs to the right edge: the text may go on below
    doubtful: bool = False  # its text was put together or cut by an inference: read it as uncertain


@dataclass(slots=True)
class Segment:
    """The part of a table on one page."""

    page: int
    bbox: BBox
    xs: list[float]
    ys: list[float]
    cells: list[PCell]
    ruled: bool = True
    _owner: dict[tuple[int, int], PCell] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.ys) - 1

    @property
    def cols(self) -> int:
        return len(self.xs) - 1

    def contains(self, g: Glyph) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 <= g.cx <= x1 and top <= g.cy <= bottom

    def take(self, g: Glyph) -> None:
        r = min(max(bisect.bisect_right(self.ys, g.cy) - 1, 0), self.rows - 1)
        c = min(max(bisect.bisect_right(self.xs, g.cx) - 1, 0), self.cols - 1)
        cell = self._owner.get((r, c))
        if cell is not None:
            cell.glyphs.append(g)

    def mark_cut_numbers(self) -> None:
        """Cells between which a drawn rule cuts a number (its digits stand closer than a space
        across the rule, on one line of one grid row) are doubtful: the rules or the glyphs' places
        are not what they seem."""
        rows: dict[int, list[tuple[Glyph, PCell]]] = {}
        for cell in self.cells:
            for g in cell.glyphs:
                if g.text.isdigit():
                    r = min(max(bisect.bisect_right(self.ys, g.cy) - 1, 0), self.rows - 1)
                    rows.setdefault(r, []).append((g, cell))
        for found in rows.values():
            found.sort(key=lambda gc: gc[0].x0)
            for (g, a), (h, b) in itertools.pairwise(found):
                size = min(g.bottom - g.top, h.bottom - h.top)
                overlap = min(g.bottom, h.bottom) - max(g.top, h.top)
                if a is not b and overlap > 0.5 * size and h.x0 - g.x1 < _CUT_GAP * max(size, 1.0):
                    a.doubtful = b.doubtful = True

    def finish(self) -> None:
        for cell in self.cells:
            lines = group_lines(cell.glyphs)
            cell.text = join_wrapped(line_text(line) for line in lines)
            if lines:
                last = lines[-1][-1]
                cell.full = last.x1 >= cell.bbox[2] - 2 * (last.bottom - last.top) - 4
            cell.glyphs = []

    def starting_in(self, row: int) -> list[PCell]:
        return [c for c in self.cells if c.r0 == row]


def ruled_segments(rules: Sequence[Edge], page_no: int, glyphs: Sequence[Glyph] = ()) -> list[Segment]:
    """The ruled tables on a page, found by pdfplumber's algorithm on the page's rules.

    ``glyphs``: the page's characters; a segment drawn inside one of them is part of the letter (a
    print driver draws bold text again as outlines), not a rule.
    """
    rules = _outside_glyphs(rules, glyphs)
    out: list[Segment] = []
    for band in _bands(rules):
        out += _band_segments(band, page_no)
    return out


def _bands(rules: Sequence[Edge]) -> list[list[Edge]]:
    """The rules in bands of the page no rule crosses between: each band's rules are snapped
    together on their own. Snapping the whole page at once chained two tables' column rules
    (357.4, 359.6 above, 362.6 below a page's folio) into one column line that stood off every rule
    of the lower table, which split one of its columns into two when joined to the next page."""
    spans = sorted(((e["top"], e["bottom"], e) for e in rules), key=lambda t: t[0])
    bands: list[list[Edge]] = []
    end = float("-inf")
    for top, bottom, e in spans:
        if not bands or top > end + _BAND_GAP:
            bands.append([])
            end = bottom
        bands[-1].append(e)
        end = max(end, bottom)
    return bands


_BAND_GAP = 3.0  # points: pdfplumber's snap and join tolerance


def _band_segments(rules: Sequence[Edge], page_no: int) -> list[Segment]:
    if len(rules) < 4:
        return []
    edges = list(rules) + _closing_rules(rules)
    edges = pdfplumber_table.merge_edges(
        edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3
    )
    edges = [e for e in edges if e["width" if e["orientation"] == "h" else "height"] >= 3]
    intersections = pdfplumber_table.edges_to_intersections(edges, 3, 3)
    cells = pdfplumber_table.intersections_to_cells(intersections)
    out: list[Segment] = []
    for group in pdfplumber_table.cells_to_tables(cells):
        seg = segment_from_cells(group, page_no)
        if seg is not None:
            _mark_undrawn_columns(seg, rules)
            out.append(seg)
    return out


def _mark_undrawn_columns(seg: Segment, rules: Sequence[Edge]) -> None:
    """Cells beside a column line that no drawn rule stands near are doubtful: snapping many short
    strokes together can move a column line off every rule the page draws."""
    least = 0.5 * min(b - a for a, b in itertools.pairwise(seg.ys))
    vertical = [e for e in rules if e["orientation"] == "v" and e["height"] >= least
                and e["bottom"] >= seg.bbox[1] - _DRAWN and e["top"] <= seg.bbox[3] + _DRAWN]
    for k, x in enumerate(seg.xs[1:-1], start=1):
        if not any(abs(e["x0"] - x) <= _DRAWN for e in vertical):
            for cell in seg.cells:
                if k in (cell.c0, cell.c1):
                    cell.doubtful = True


_DRAWN = 3.0  # points: a column line this close to a drawn rule is that rule (pdfplumber's snap)


_GLYPH_BUCKET = 20.0  # points: width of the column bands glyphs are looked up in


def _outside_glyphs(rules: Sequence[Edge], glyphs: Sequence[Glyph]) -> list[Edge]:
    """The rules that do not lie wholly inside one character's box."""
    if not glyphs:
        return list(rules)
    buckets: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.text.isspace():
            continue
        for b in range(int(g.x0 // _GLYPH_BUCKET), int(g.x1 // _GLYPH_BUCKET) + 1):
            buckets.setdefault(b, []).append(g)

    def inside(e: Edge) -> bool:
        return any(
            g.x0 - 0.5 <= e["x0"] and e["x1"] <= g.x1 + 0.5 and g.top - 0.5 <= e["top"] and e["bottom"] <= g.bottom + 0.5
            for g in buckets.get(int(e["x0"] // _GLYPH_BUCKET), ())
        )

    return [e for e in rules if not inside(e)]


def _closing_rules(edges: Sequence[Edge]) -> list[Edge]:
    """Horizontal rules where three or more vertical rules stop (or start) with no rule across them.

    Word leaves the bottom rule off a table that continues on the next page (and sometimes the top
    rule of the part that continues); without it the last row on the page would not be a cell.
    """
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    out: list[dict[str, Any]] = []
    for end in ("bottom", "top"):
        for y in _cluster([e[end] for e in vertical], 2.0):
            group = [e for e in vertical if abs(e[end] - y) <= 2.0]
            if len(group) < 3:
                continue
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            covered = sum(
                min(h["x1"], x1) - max(h["x0"], x0)
                for h in horizontal
                if abs(h["top"] - y) <= 2.0 and h["x1"] > x0 and h["x0"] < x1
            )
            if covered < 0.9 * (x1 - x0):
                out.append({
                    "object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                    "width": x1 - x0, "height": 0.0, "orientation": "h",
                })
    return out


def borderless_segment(plumber_page: Any, page_no: int, region: BBox) -> Segment | None:
    """A table found by text alignment in ``region`` (below a table caption), if it looks like data."""
    try:
        # Only what lies wholly inside: a caption poking in would bridge two columns.
        cropped = plumber_page.within_bbox(region)
        tables = cropped.find_tables(_BORDERLESS_SETTINGS)
    except ValueError:
        return None
    best = max(tables, key=lambda t: len(t.cells), default=None)
    if best is None:
        return None
    seg = segment_from_cells(best.cells, page_no)
    if seg is None or seg.cols < 3 or seg.rows < 2:
        return None
    seg.ruled = False
    return seg


def segment_from_cells(cells: Sequence[BBox], page_no: int) -> Segment | None:
    """A grid from cell boxes: each cell spans the grid lines its edges fall on; holes become cells."""
    if not cells:
        return None
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells], _EDGE_TOLERANCE)
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], _EDGE_TOLERANCE)
    if len(xs) < 3 or len(ys) < 2:
        return None
    seg = Segment(page_no, (xs[0], ys[0], xs[-1], ys[-1]), xs, ys, [])
    spans = []
    for x0, top, x1, bottom in cells:
        c0, c1 = _nearest(xs, x0), _nearest(xs, x1)
        r0, r1 = _nearest(ys, top), _nearest(ys, bottom)
        if c1 > c0 and r1 > r0:
            spans.append((r0, r1, c0, c1, (x0, top, x1, bottom)))
    for r0, r1, c0, c1, box in spans:
        if not _encloses((r0, r1, c0, c1), spans):
            _place(seg, PCell(r0, r1, c0, c1, _round_box(box)))
    # A cell whose rules are partly missing leaves a hole; its text still belongs to the table.
    for r in range(seg.rows):
        c = 0
        while c < seg.cols:
            if (r, c) in seg._owner:
                c += 1
                continue
            end = c
            while end < seg.cols and (r, end) not in seg._owner:
                end += 1
            _place(seg, PCell(r, r + 1, c, end, _round_box((xs[c], ys[r], xs[end], ys[r + 1]))))
            c = end
    seg.cells.sort(key=lambda cell: (cell.r0, cell.c0))
    return seg


def _encloses(span: tuple[int, int, int, int], spans: Sequence[tuple[int, int, int, int, BBox]]) -> bool:
    """Whether a cell holds another cell inside it: a frame, not a cell. Chromium prints a table
    broken over a page with its outer border running down to the page's edge; the rule closing
    those border lines there (``_closing_rules``) made one box around the page's last rows, which
    took their numbers as one label (（七）总计 9 6 0 0 2 0 17, the row read blank)."""
    r0, r1, c0, c1 = span
    return any((a, b, c, d) != span and r0 <= a and b <= r1 and c0 <= c and d <= c1
               for a, b, c, d, _box in spans)


def _place(seg: Segment, cell: PCell) -> None:
    seg.cells.append(cell)
    for r in range(cell.r0, cell.r1):
        for c in range(cell.c0, cell.c1):
            seg._owner.setdefault((r, c), cell)


def _round_box(b: BBox) -> BBox:
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


def _cluster(values: Sequence[float], tolerance: float) -> list[float]:
    out: list[float] = []
    group: list[float] = []
    for v in sorted(values):
        if group and v - group[-1] > tolerance:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def _nearest(edges: Sequence[float], v: float) -> int:
    i = bisect.bisect_left(edges, v)
    if i <= 0:
        return 0
    if i >= len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


def continues(previous: Sequence[Segment], seg: Segment) -> bool:
    """Whether ``seg`` (top of a page) is the rest of the table whose parts are ``previous``."""
    first, last = previous[0], previous[-1]
    if seg.page != last.page + 1 or seg.ruled != last.ruled:
        return False
    if abs(seg.bbox[0] - first.bbox[0]) > 12 or abs(seg.bbox[2] - first.bbox[2]) > 12:
        return False
    inner = _mapped_edges(first, seg)[1:-1]
    if not inner:
        return True
    known = [x for s in previous for x in _mapped_edges(first, s)]
    matched = sum(1 for x in inner if any(abs(x - k) <= _JOIN_TOLERANCE for k in known))
    if matched * 2 >= len(inner):
        return True
    # The part above the break may hold only header rows of merged cells (申请人情况 over seven
    # columns, 行政诉讼 over ten): fewer column rules than the rest of the table, all of them
    # among the rules of the part below.
    known_inner = [x for s in previous for x in _mapped_edges(first, s)[1:-1]]
    return bool(known_inner) and all(any(abs(k - x) <= _JOIN_TOLERANCE for x in inner) for k in known_inner)


def _mapped_edges(first: Segment, seg: Segment) -> list[float]:
    """``seg``'s column edges in ``first``'s coordinates (pages may draw the table a little wider)."""
    a0, a1 = first.bbox[0], first.bbox[2]
    b0, b1 = seg.bbox[0], seg.bbox[2]
    if b1 - b0 < 1:
        return list(seg.xs)
    scale = (a1 - a0) / (b1 - b0)
    return [a0 + (x - b0) * scale for x in seg.xs]


def table_grid(segments: Sequence[Segment]) -> Grid:
    """One grid for a table printed over one or more pages.

    Column edges of all parts are merged, a header repeated at the top of a page is dropped, and a
    merged label cut by the page break (（四）无 | 法提供) is put back together in its first part.
    """
    first = segments[0]
    edges = _cluster([x for s in segments for x in _mapped_edges(first, s)], _JOIN_TOLERANCE)
    for seg in segments:
        mapped = _mapped_edges(first, seg)
        for cell in seg.cells:
            cell.gc0 = _nearest(edges, mapped[cell.c0])
            cell.gc1 = max(_nearest(edges, mapped[cell.c1]), cell.gc0 + 1)
    width = len(edges) - 1
    starts = [0] + [_repeated_header_rows(first, seg) for seg in segments[1:]]
    for k in range(1, len(segments)):
        if _mend_split_row(segments[k - 1], segments[k], starts[k]) \
                or _mend_split_numbers(segments[k - 1], segments[k], starts[k]):
            starts[k] += 1
        else:
            _mend_cut_cells(segments[k - 1], segments[k], starts[k])
    rows: Grid = []
    for seg, start in zip(segments, starts, strict=True):
        for r in range(start, seg.rows):
            row = [Slot()] * width
            for cell in seg.starting_in(r):
                box = PageBox(seg.page, cell.bbox) if cell.boxed else None
                if cell.gc0 < width:
                    row[cell.gc0] = Slot(cell.text, box)
            if seg.ruled or any(slot.text for slot in row):  # text alignment leaves gap rows
                rows.append(row)
    return rows


def _row_key(seg: Segment, r: int) -> tuple[tuple[int, int, int, str], ...]:
    return tuple((c.gc0, c.gc1, c.r1 - c.r0, re.sub(r"\s+", "", c.text)) for c in seg.starting_in(r))


def _repeated_header_rows(first: Segment, seg: Segment) -> int:
    n = 0
    while n < min(first.rows, seg.rows - 1):
        key = _row_key(seg, n)
        if key != _row_key(first, n) or not any(t and not _NUMERIC.match(t) for *_, t in key):
            break
        n += 1
    return n


def _row_pair(prev: Segment, seg: Segment, start: int) -> tuple[dict[tuple[int, int], PCell], dict[tuple[int, int], PCell]] | None:
    """The last row above the page break and row ``start`` below it, cell by grid span, when they
    have the same cells (two or more); else None."""
    if start >= seg.rows:
        return None
    above = {(c.gc0, c.gc1): c for c in prev.cells if c.r1 == prev.rows}
    below = {(c.gc0, c.gc1): c for c in seg.starting_in(start)}
    if set(above) != set(below) or len(below) < 2:
        return None
    return above, below


def _mend_split_row(prev: Segment, seg: Segment, start: int) -> bool:
    """Join a row that Word broke over the page: its label runs to the cell's edge on one page and
    goes on in the first row of the next, whose other cells are empty where the first part has
    numbers. Returns whether row ``start`` of ``seg`` was folded into the last row of ``prev``."""
    pair = _row_pair(prev, seg, start)
    if pair is None:
        return False
    above, below = pair
    continued = False
    for key, low in below.items():
        high = above[key]
        if not low.text:
            continue
        if _NUMERIC.match(low.text) and high.text:
            return False
        if high.text and not _NUMERIC.match(low.text):
            if not high.full:
                return False
            continued = True
    if not continued:
        return False
    for key, low in below.items():
        high = above[key]
        high.text = join_wrapped([high.text, low.text])
        low.text = ""
        low.boxed = False
        if low.r1 > low.r0 + 1:
            low.r0 += 1  # a merged cell going on below keeps its place in the next row
    return True


def _mend_split_numbers(prev: Segment, seg: Segment, start: int) -> bool:
    """Join a row broken over the page inside its numbers: the first row of the next page holds only
    the wrapped ends of some numbers of the last row above (６ | ４ in a narrow cell is 64), no label
    and nothing under an empty cell. The joined cells are doubtful (the reading is an inference).
    Returns whether row ``start`` of ``seg`` was folded into the last row of ``prev``."""
    pair = _row_pair(prev, seg, start)
    if pair is None:
        return False
    above, below = pair
    ends = [key for key, low in below.items() if low.text]
    if not ends or any(not _DIGITS.match(below[k].text) or not _DIGITS.match(above[k].text) for k in ends):
        return False
    if not any(high.text and not below[key].text for key, high in above.items()):
        return False  # a whole row of numbers: a row of its own as likely as the rest of one
    for key in ends:
        high, low = above[key], below[key]
        high.text = high.text.rstrip() + low.text.strip()
        high.doubtful = True
        low.text = ""
        low.boxed = False
    for low in below.values():
        low.boxed = False
    return True


_DIGITS = re.compile(r"^\s*[\d０-９]+\s*$")


def _mend_cut_cells(prev: Segment, seg: Segment, start: int) -> None:
    for bottom in prev.cells:
        if bottom.r1 != prev.rows:
            continue
        for top in seg.starting_in(start):
            if (top.gc0, top.gc1) != (bottom.gc0, bottom.gc1):
                continue
            if bottom.r1 - bottom.r0 < 2 and top.r1 - top.r0 < 2:
                continue  # neither part is a merged cell: two rows, not one cut cell
            if _NUMERIC.match(top.text) or _NUMERIC.match(bottom.text) or _ENUMERATED.match(top.text):
                continue
            bottom.text = join_wrapped([bottom.text, top.text])
            top.text = ""
            top.boxed = False
