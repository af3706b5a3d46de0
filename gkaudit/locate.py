"""From a place in the report (a character of its text, a point on a PDF page) to the table cell printed there."""

from __future__ import annotations

from gkaudit.model import AuditReport, Cell

SLACK_PT = 2.0  # a click this close to a number's box still means that number


def cell_at_offset(report: AuditReport, offset: int) -> str | None:
    """The cell whose printed text covers ``offset`` of ``Document.text`` (the tightest when they nest)."""
    best: Cell | None = None
    for cell in _cells(report):
        s = cell.source
        # A click just after the last digit still means the number (the text cursor sits between characters).
        if s is not None and s.start <= offset <= s.end and (best is None or s.end - s.start < _length(best)):
            best = cell
    return None if best is None else best.id


def cell_at_point(report: AuditReport, page: int, x: float, y: float) -> str | None:
    """The cell printed at (``x``, ``y``) on PDF page ``page`` (points, top-left origin), if any."""
    best: tuple[float, str] | None = None
    for cell in _cells(report):
        box = cell.source.page if cell.source is not None else None
        if box is None or box.page != page:
            continue
        x0, y0, x1, y1 = box.bbox
        dx = max(x0 - x, 0.0, x - x1)
        dy = max(y0 - y, 0.0, y - y1)
        distance = max(dx, dy)
        if distance <= SLACK_PT and (best is None or distance < best[0]):
            best = (distance, cell.id)
    return None if best is None else best[1]


def _length(cell: Cell) -> int:
    return 0 if cell.source is None else cell.source.end - cell.source.start


def _cells(report: AuditReport) -> list[Cell]:
    return [cell for table in report.tables.values() for cell in table.cells.values()]
