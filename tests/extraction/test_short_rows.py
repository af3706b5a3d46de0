"""Short one-line tables (blanks printed as nothing): where the blanks stood, read by the arithmetic."""

from __future__ import annotations

from gkaudit.extraction import shortrows
from gkaudit.model import Cell, Source, Table
from gkaudit.templates import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
REVIEW = TEMPLATE.table("review")


def _right_aligned(numbers: list[int]) -> Table:
    """The review table as the one-line reader leaves a short line: shared out from the right, the
    first rows without numbers left out."""
    slots = [(r.id, c.id) for r in REVIEW.rows for c in REVIEW.row_columns(r)]
    table = Table("review")
    for (row, col), (i, n) in zip(slots[len(slots) - len(numbers):], enumerate(numbers), strict=True):
        table.cells[(row, col)] = Cell("review", row, col, n, str(n), Source(3 * i, 3 * i + len(str(n))))
    return table


def test_short_line_is_read_where_the_totals_leave_one_place() -> None:
    # 行政复议 printed "0 5 5" with two blanks as nothing: the other rows' numbers and totals can only
    # stand as printed, the 复议 row's total is 5 whichever parts the blanks are.
    table = _right_aligned([0, 5, 5, 70, 0, 0, 75, 145, 0, 1, 31, 55, 87])
    findings = shortrows.place_short_rows({"review": table}, [], TEMPLATE)
    cells = table.cells
    sure = {k: c.value for k, c in cells.items() if c.reading != "uncertain"}
    assert sure[("suit_direct", "upheld")] == 70 and sure[("suit_direct", "total")] == 145
    assert sure[("suit_after_review", "upheld")] == 0 and sure[("suit_after_review", "total")] == 87
    assert sure[("review", "total")] == 5
    # Where the 0 and the two blanks of the row's parts stood is not known: said (or left unread),
    # not guessed.
    assert not any(k in sure for k in (("review", "upheld"), ("review", "corrected"), ("review", "other"),
                                       ("review", "pending")))
    assert len(sure) == 11
    assert [f.rule for f in findings] == ["extract.uncertain"]


def test_short_line_of_zeros_leaves_every_cell_in_doubt() -> None:
    # Ten zeros for fifteen cells: any five may be the blanks; no cell is read as 0 for sure.
    table = _right_aligned([0] * 10)
    shortrows.place_short_rows({"review": table}, [], TEMPLATE)
    assert all(c.reading == "uncertain" for c in table.cells.values())
