"""Web pages printed to PDF by Chromium, read by our PDF reader (``scripts/score_printed_pages.py``,
seeds 24720-24731): no false error.

- A full-width number too wide for its narrow cell wraps a digit a line: "１" over the row, "０" on
  the row's own line, "２" under it (102). Read as cells, the middle digit took the row's first
  column, the piece under the row joined the row as a number too many and the row lost its first
  number to the label (gen24721, every paper). The pieces of a column are joined in line order
  (``wrapped.stacked``) where that is the only reading that makes the rows hold.
- Lines of pieces between two rows are the lower row's top pieces and the upper row's bottom ones:
  each split is a reading, the arithmetic picks the only one that holds (var24720).
- A 备注 column's "无" after a row's seven numbers: on the page it stands clear of every column in
  which a row prints a digit, so it is a remark; read as the 总计, the row's first number went to
  the label as an item number split off it (var24720); where the row holds only with the mark as
  a remark (a page of two rows, no columns known), the arithmetic chooses (var24724 on A5).
- A leading number given to the label that leaves the row broken puts the row in doubt (var24728
  on A5: a grid finer than the table's).
"""

from __future__ import annotations

from gkaudit.extraction import wrapped
from gkaudit.extraction.tokens import Run, Tok, TokKind, runs_of, tokenise
from gkaudit.reading.normalise import normalise
from gkaudit.templates import TEMPLATES


def _runs(text: str, cols: dict[str, list[int]]) -> tuple[str, list[Run]]:
    """The text's runs with each line's numbers given page columns (tenths of a point), as our PDF
    reader's positions give them; ``cols``: the columns of each line's numbers, by the line's text."""
    norm = normalise(text)
    # (a table's whole region reads as space-aligned lines; a few lines of it alone may not)
    toks, layout = tokenise(norm, 0, len(norm), loose_rows=True, layout="space")
    lines = norm.split("\n")
    placed: list[Tok] = []
    seen: dict[int, int] = {}
    for t in toks:
        if t.kind is TokKind.VALUE:
            line = lines[norm.count("\n", 0, t.start)]
            k = seen.get(t.line, 0)
            seen[t.line] = k + 1
            t = t._replace(col=cols[line.strip()][k])
        placed.append(t)
    return norm, runs_of(placed, layout)


def _cells(runs: list[Run]) -> list[list[str]]:
    return [[t.text for t in r.cells] for r in runs if r.cells]


COLS = [3110, 3344, 3629, 3914, 4298, 4683, 4867]  # the seven columns' middles


def test_number_wrapped_a_digit_a_line_across_its_row() -> None:
    template = TEMPLATES["2021"]
    checks = wrapped.line_checks(template.table("apply"), template)
    text = ("１\n"
            "一、本年新收政府信息公开申请数量 ０ 36 5 5 10 6 164\n"
            "２\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 1 1\n")
    norm, runs = _runs(text, {"1": [3110], "2": [3110], "0 36 5 5 10 6 164": COLS, "0 0 0 0 0 1 1": COLS,
                              "一、本年新收政府信息公开申请数量 0 36 5 5 10 6 164": COLS,
                              "二、上年结转政府信息公开申请数量 0 0 0 0 0 1 1": COLS})
    out = wrapped.stacked(runs, checks, norm)
    assert _cells(out) == [["102", "36", "5", "5", "10", "6", "164"], ["0", "0", "0", "0", "0", "1", "1"]]


def _pieces_page(last: str) -> tuple[str, list[Run]]:
    """（六） and （七） of a page whose totals wrapped a digit a line around their rows (１/０/１/７
    and ６/``last``): 10 and 76 over 122 (or 123, a slip)."""
    text = ("1.属于国家秘密 0 0 0 0 1 0 1\n"
            "１\n"
            "（六）其他处理 ７ １ ０ １ ０ １\n"
            "０\n"
            "１\n"
            "７\n"
            "（七）总计 ２０ ２ ５ １０ ９ ２\n"
            "６\n"
            f"{last}\n")
    cols = {"1.属于国家秘密 0 0 0 0 1 0 1": COLS, "(六)其他处理 7 1 0 1 0 1": COLS[:6],
            "(七)总计 20 2 5 10 9 2": COLS[1:], "1": [4867], "0": [4867], "7": [3110], "6": [3110],
            normalise(last): [4867]}
    return _runs(text, {normalise(k): v for k, v in cols.items()})


def test_pieces_between_two_rows_split_by_the_arithmetic() -> None:
    template = TEMPLATES["2019"]
    checks = wrapped.line_checks(template.table("apply"), template)
    norm, runs = _pieces_page("２")
    out = wrapped.stacked(runs, checks, norm)
    assert _cells(out) == [["0", "0", "0", "0", "1", "0", "1"], ["7", "1", "0", "1", "0", "1", "10"],
                           ["76", "20", "2", "5", "10", "9", "122"]]


def test_pieces_of_a_row_with_a_slip_are_left_as_they_stand() -> None:
    # The same pieces, the 总计 printed 123: no split makes both rows hold, nothing is joined.
    template = TEMPLATES["2019"]
    checks = wrapped.line_checks(template.table("apply"), template)
    norm, runs = _pieces_page("３")
    assert _cells(wrapped.stacked(runs, checks, norm)) == _cells(runs)


def test_remark_clear_of_every_numbered_column_on_the_page() -> None:
    # "２ ２ ０ ０ ０ １ ５ 无": the 无 stands in a 备注 column right of 总计, where no row prints a digit;
    # the leading 2 stands in the first column of numbers (not a label's item number split off).
    from gkaudit.extraction.tables import _PAGE_DRIFT, _fit
    text = "3.补正后申请内容仍不 ２ ２ ０ ０ ０ １ ５ 无\n"
    _norm, runs = _runs(text, {normalise(text).strip(): [*COLS, 5102]})
    (run,) = [r for r in runs if r.cells]
    numbered = set(COLS) | {c + 25 for c in COLS}  # left-aligned wider numbers stand a little right
    cells, missing = _fit(run, 7, None, "space", numbered, _PAGE_DRIFT)
    assert [t.text for t in cells] == ["2", "2", "0", "0", "0", "1", "5"] and missing == 0
    # A mark in a column where rows print digits is a cell: the row is read as before.
    cells, _missing = _fit(run, 7, None, "space", numbered | {5102 - 30}, _PAGE_DRIFT)
    assert [t.text for t in cells][-1] == "无"


def test_remarks_or_cells_chosen_by_the_row() -> None:
    # "四、结转下年度继续办理 8 4 0 0 0 0 12 无" (a table's page of two rows on our PDF reader's grid, no
    # columns known to print digits): the 无 after seven numbers is a remark where the row holds so,
    # not its 总计 with the 8 a label's item number; neither reading holding leaves the row unsure.
    from gkaudit.extraction.tables import _remarks_or_cells
    template = TEMPLATES["2019"]
    check = wrapped.line_checks(template.table("apply"), template)[7]
    text = "四、结转下年度继续办理 8 4 0 0 0 0 12 无\n"
    _norm, runs = _runs(text, {normalise(text).strip(): [*COLS, 5102]})
    (run,) = [r for r in runs if r.cells]
    cells, unsure = _remarks_or_cells(run, run.cells[-7:], check)
    assert [t.text for t in cells] == ["8", "4", "0", "0", "0", "0", "12"] and not unsure
    text = "四、结转下年度继续办理 8 4 0 0 0 0 13 无\n"
    _norm, runs = _runs(text, {normalise(text).strip(): [*COLS, 5102]})
    (run,) = [r for r in runs if r.cells]
    cells, unsure = _remarks_or_cells(run, run.cells[-7:], check)
    assert unsure


def test_leading_number_given_to_the_label_when_the_row_then_breaks_is_unsure() -> None:
    # "5.  1 | | 0 0 0 | | 0 1" on a grid finer than the table's (a split column's empty slots), its
    # label's words cut off the page: read as the label's item number, the 1 left the row adding up
    # to 0 against its 总计 1 (var24728 on A5). The reading is in doubt, not a slip in the report.
    from gkaudit.extraction.tables import _remarks_or_cells
    template = TEMPLATES["2019"]
    check = wrapped.line_checks(template.table("apply"), template)[7]
    text = "5. 1 0 0 0 0 1\n"
    _norm, runs = _runs(text, {normalise(text).strip(): COLS[:6]})
    (run,) = [r for r in runs if r.cells]
    blank = Tok(TokKind.EMPTY, "", run.cells[1].start, run.cells[1].start, run.cells[1].line, -1)
    run.cells = [run.cells[0], blank, *run.cells[1:4], blank, *run.cells[4:]]
    cells, unsure = _remarks_or_cells(run, run.cells[-7:], check)
    assert cells == run.cells[-7:] and unsure
    # The same row with its 总计 0 holds as read: nothing in doubt.
    text = "5. 1 0 0 0 0 0\n"
    _norm, runs = _runs(text, {normalise(text).strip(): COLS[:6]})
    (run,) = [r for r in runs if r.cells]
    run.cells = [run.cells[0], blank, *run.cells[1:4], blank, *run.cells[4:]]
    assert not _remarks_or_cells(run, run.cells[-7:], check)[1]
