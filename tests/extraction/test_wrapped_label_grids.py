"""依申请 tables a PDF→Markdown converter printed as grids of numbers with the labels wrapped around them.

markitdown on PDF keeps each row's numbers on a grid line but prints the label cells, wrapped a
few characters a line, above and below them, splits a page's columns (one half empty in every
row), and prints some rows as bare numbers between label pieces. Each file here was read wrong
before a fix (rows shifted by a label that named the row above, blanks put in the split column,
a row of bare numbers taken for label text, a row left out without doubt, blanks placed on a
grid that merged two columns, 主动公开 numbers under the wrong heading, pieces of wrapped
numbers read as 复议诉讼 cells); each must now read
no cell wrong, give no false arithmetic error, and read at least as many cells as the fix did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parent.parent / "data" / "wrapped-labels"

# Cells read exactly once the fix was in (of 198 or 200): a floor against regressions.
CASES = {
    # A label's first words ("4.无正当理由大") name its row; the text before them ends the row above.
    # Its review line merges columns ("| 0 0 |") and has an empty cell: 193 until the scorer counted a
    # 0 read as a printed blank as wrong; the blanks' places are now uncertain (190, none wrong).
    "gen9821-2021-consistent": 190,
    # A page grid with one column split in two: the rows printed whole tell which half is empty.
    "gen9822-2019-head": 198,
    # "3 1 0 0 1 0 5" alone between label pieces is a row's numbers, not label text.
    "gen9804-2019-consistent": 171,
    # A row of numbers left out between two labelled rows puts both neighbours in doubt.
    "gen9109-2021-consistent": 180,
    # Two columns' numbers in one grid cell ("0 0"): the other rows of that grid place no blank.
    "gen9807-2021-row_total": 142,
    # A short row of bare numbers named by its own label ((七)总计) that the reading left out
    # puts the row it names in doubt. 151 -> 150 (session 17): a row whose other reading is a short
    # run is uncertain in every cell.
    "gen9809-2021-consistent": 150,
    # 主动公开 on a grid finer than the table's: each number under its own heading.
    "gen9116-2019-consistent": 183,
    # 复议诉讼 on one grid line with three wrapped numbers' pieces on the grid lines above and
    # below ("５ … 11 … ２"): not read as cells of the line, the table is in doubt (fresh seed 10219).
    "gen10219-2021-processed_total": 171,
    # The header printed again on the next page over other grid columns (其他 and 总计 in one
    # cell, "0 29"): the rows under it are placed by no row of the page before (fresh seed 13800).
    "gen13800-2019-consistent": 176,
    # A page grid of twelve cells for seven columns, no row of it printed whole: each way of
    # leaving out its extra empty cells is a reading; the row that fits the table's width by
    # chance is one of them (fresh seed 13803).
    "gen13803-2021-leaf_total": 177,
    # Rows printed as tables of their own ("| | | 2. 重复申请 | | | 0 | 0 | | 0 | | | 0 | |") on a
    # grid of thirteen cells: the empty cells after the last number may be the row's blanks too
    # (fresh seed 13807). 135 -> 134 (session 18): the 复议诉讼 line, 13 grid cells for 15, is short
    # even with its empty end cells, so they are no cells of it and 行政复议's blank 其他结果 read
    # from them is no longer sure.
    "gen13807-2021-row_total": 134,
    # 主动公开 items as small pipe tables of their own: a row of another item's table, as wide,
    # ("| 行政许可 | | 22 | | 0 |") does not place 规章's one number (fresh seed 18010).
    "gen18010-2019-review_total": 198,
    # pdfplumber: a 复议诉讼 number wrapped in its cell ("１" above, "２" below) joins into 12 in two
    # places that both hold (0+12 or 12+0): the table is in doubt, not read one way (fresh seed 10212).
    "gen10212-2019-consistent": 183,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_wrapped_label_grid_is_never_read_wrong(name: str) -> None:
    truth = json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))
    # <document>.<converter>.<md|txt> beside <document>.truth.json
    path = next(p for p in DATA.glob(f"{name}.*") if not p.name.endswith(".truth.json"))
    s = score(audit_path(path), truth, name)
    assert not s.wrong, s.wrong[:5]
    assert not s.false_errors, s.false_errors
    assert s.exact >= CASES[name], f"{s.exact}/{s.cells} exact, {s.unsure} unsure"
