"""``positions``: the page's numbers clustered into a table's columns, and pieces of one value line.

On a page printed at 75 % pdftotext pushes each row by its label, so rows stand on grids a column
apart; the page's numbers still fall into as many groups as the table has columns, but a whole
row then has two numbers nearest one group. Those groups place no short row (var pages: a row
read one column to the right, a blank taken for its first cell).
"""

from __future__ import annotations

from gkaudit.extraction import positions
from gkaudit.extraction.tokens import Run, Tok, TokKind


def _run(line: int, cols: list[int]) -> Run:
    return Run("", 0, [Tok(TokKind.VALUE, "0", line * 100 + c, line * 100 + c + 1, line, c) for c in cols])


def test_full_row_under_its_own_groups() -> None:
    centres = [23.0, 28.0, 32.0, 36.0, 40.0, 44.0, 48.0]
    assert positions._full_rows_fit([_run(1, [23, 28, 32, 36, 40, 44, 48]), _run(2, [28, 32])], centres)


def test_full_row_with_two_numbers_nearest_one_group() -> None:
    centres = [23.0, 28.0, 32.0, 36.0, 40.0, 44.0, 48.0]
    # The row's grid is another: its last two numbers (48, 50) both nearest the last group.
    assert not positions._full_rows_fit([_run(1, [26, 32, 36, 40, 44, 48, 50]), _run(2, [28, 32])], centres)


def test_pieces_of_one_line_are_no_columns() -> None:
    runs = [_run(1, [3, 7]), _run(1, [12, 16, 18, 20, 27]), _run(1, [29, 31, 33, 35, 37]), _run(2, [3, 7, 12, 16, 20])]
    page = positions._page_rows(runs, [5, 5, 5, 5], [0, 0, 0, 0], 0)
    assert page == [runs[0], runs[3]]
