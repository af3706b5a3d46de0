"""What renderings never tried before showed at the start of session 18 (seeds 31000–31019).

The Word files of a fresh blind suite, saved as old .doc by LibreOffice and turned into text by
catdoc (a common tool for old Word files), and the PDFs through pypdf's layout mode:

* catdoc garbles a table's header (merged cells) into a few odd characters, so the narrative
  sentence above the table ("本机关共新收政府信息公开申请98件，上年结转0件；…。") became the first
  line of numbers' label and named row 一 with the numbers of a row further down;
* catdoc lost the header and row 一's label alike, and the one line of numbers before （一） went to
  row 一 as sure while row 二 was in doubt with it: if the line is row 二's, row 一 is unknown;
* catdoc wraps long lines and can drop a cell at the break ("5 3 /" then "0 1 9" for 5 3 / / 0 1 9):
  a short row followed by a short unlabelled line may be one row;
* antiword (the other tool for old Word files) draws a table as bar-separated cells and breaks a
  long row's line at its width: the review table's value line went on to "| | |" on the next
  line, and read alone it held exactly fifteen cells, shifted one place (blanks and zeros swapped);
* antiword drops the 依申请 table's body (its merged cells), the header kept: 表格缺失, an error,
  on every file; the header alone in the text is now an unreadable table (a warning);
* pypdf's layout mode set two close cells' digits side by side ("69147" for 69 and 147): the value
  line's placement under its headings kept a blank and 69147 as a total, a false error.

Each file read with no wrong cell and no false error (main at the start: 7, 7, 1, 10 and 2 wrong
cells, and the false error).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parents[1] / "data" / "blind19"


@pytest.mark.parametrize(("name", "exact", "unsure"), [
    # 170: print19's empty grid slot among a row's numbers as a reading of its own (tables._one_too_many)
    ("gen31000-catdoc-sentence-above-lost-header", 170, "apply/1/total"),
    ("gen31010-catdoc-narrative-names-first-row", 141, "apply/1/total"),
    ("gen31004-catdoc-wrapped-row-lost-cell", 42, "apply/3.1/total"),
])
def test_catdoc_rows_without_labels_are_uncertain_not_wrong(name: str, exact: int, unsure: str) -> None:
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=exact)
    assert report.cell(unsure) is None or report.cell(unsure).reading == "uncertain"


def test_a_sentence_is_no_row_label() -> None:
    """The narrative sentence above the table names no row: the line after it is not read as 一、本年新收."""
    report = assert_reads(DATA / "gen31010-catdoc-narrative-names-first-row.txt",
                          DATA / "gen31010-catdoc-narrative-names-first-row.truth.json", exact_at_least=141)
    first = report.cell("apply/1/natural")
    assert first is None or first.value != 8 or first.reading == "uncertain"


def test_cells_run_together_in_a_position_layout_are_uncertain_not_an_error() -> None:
    """"69147" under two headings: 69 and 147 make the row add up, one number with a blank breaks
    it. Both are readings: the cells are uncertain, with the parted values as alternatives."""
    name = "gen31001-pypdf-layout-cells-touch"
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=183)
    total = report.cell("review/suit_direct/total")
    assert total.reading == "uncertain" and 147 in total.alternatives
    assert 69 in report.cell("review/suit_direct/pending").alternatives
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("review.")]


def test_a_pipe_row_wrapped_at_the_line_width_is_one_row() -> None:
    """antiword's value line "… | |0 | |0 … |0" goes on as "| | |": joined, the line has more cells
    than the table and which empty cells are cover is a choice; read alone it was one sure, wrong
    reading. Lines of a table that closes no row with a bar are never joined."""
    name = "gen31019-antiword-wrapped-pipe-row"
    # 13: variants19's one-line tables count their end blanks only where they complete the line
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=13)
    assert all(report.cell(f"review/review/{c}").reading == "uncertain" for c in ("upheld", "corrected", "total"))
    from gkaudit.extraction.regions import split_lines
    from gkaudit.extraction.tokens import _wrapped_pipe_rows

    assert _wrapped_pipe_rows(split_lines("|a |1 |2\n|3 |4 |\n|b |5 |6 |\n")) == {1}
    assert _wrapped_pipe_rows(split_lines("|a |1 |2\n|b |3 |4\n|c |5 |6\n")) == frozenset()


def test_a_table_header_without_its_body_is_unreadable_not_missing(tmp_path: Path) -> None:
    """antiword kept the 依申请 header ("|自然 |法人或其他组织 |总计 |") and lost every row. A table
    printed with its rows and no number in them is the report's own blank table: its cells blank
    (the blank-cell warnings), not an unreadable table."""
    name = "gen31006-antiword-apply-body-lost"
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=0)
    assert not [f for f in report.findings if f.rule == "table.missing"]
    assert [f.anchor for f in report.findings if f.rule == "extract.unreadable"] == ["apply"]
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    header_end = text.index("|人   |")
    rows = "".join(f"|{label} | | | | | | | |\n" for label in (
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
        "（二）部分公开", "四、结转下年度继续办理"))
    blank = tmp_path / "blank-table.txt"
    line_end = text.index("\n", header_end) + 1
    blank.write_text(text[:line_end] + rows + text[line_end:], encoding="utf-8")
    blank_report = audit_path(blank)
    assert not [f for f in blank_report.findings if f.rule == "extract.unreadable" and f.anchor == "apply"]
    assert blank_report.cell("apply/1/natural").blank


@pytest.mark.parametrize("name", ["pdftotext-layout-wrapped-unit-over-blank", "pdftotext-layout-wrapped-total-beside-row"])
def test_a_number_wrapped_over_a_row_is_no_blank(name: str) -> None:
    """A count with its unit in a narrow column ("107件", "113个") wraps: pdftotext -layout prints
    "107" on the line over the row and "件" under it. Placed by where its numbers stand, the row
    had a sure blank there, and its total broke: a false error (or one "broken every way" on the
    placements of its printed numbers). A number alone on the line over or under the row, in the
    gap a blank leaves, makes that cell uncertain, the number its alternative; the row's
    placements are then not all its readings. (Found in session 18's variants through converters.)"""
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=150)
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")]
    assert report.cell("apply/3.7/total").reading == "uncertain"


def test_rows_set_one_grid_cell_left_are_not_placed_by_the_full_rows() -> None:
    """inscriptis sets a row without the merged group label beside it ("2.其他法律行政法规禁止公开"
    alone) one grid cell left: its first number stands under the labels, left of every full row's
    first number. The short rows with as few label cells were placed under the full rows' columns
    and read blanks and zeros swapped, sure (16 wrong cells in the session's last blind suite);
    their blanks are now the arithmetic's to place, or uncertain."""
    name = "gen31500-inscriptis-rows-on-two-grids"
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=54)
    assert report.cell("apply/3.3.4/other").reading == "uncertain" or report.cell("apply/3.3.4/other").value == 0


def test_a_one_line_table_header_without_values_is_unreadable_not_missing() -> None:
    """antiword lost the 复议/诉讼 heading and set the value line apart: the region holds the header
    (its row captions 未经复议直接起诉, 复议后起诉 among the headings) and no number — 表格缺失 was an
    error; a one-line table's captions are its header's, so the header alone is unreadable here."""
    name = "gen31500-antiword-review-heading-lost"
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=0)
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
    assert {f.anchor for f in report.findings if f.rule == "extract.unreadable"} == {"apply", "review"}


@pytest.mark.parametrize("name", ["gen31512-catdoc-first-rows-unnamed", "gen31511-catdoc-line-before-first-named-row"])
def test_a_bare_line_before_the_first_named_row_is_no_sure_row(name: str) -> None:
    """catdoc garbled the header and lost the labels of rows 一 and 二 (and （一）): one line of
    numbers with no word of any label stood before the first row a label names, and went to row
    一 as sure ("— 0 0 —": row 二's). With more rows there than lines, which row the line is, the
    order does not say: its cells are uncertain, and no "broken every way" error rests on them."""
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=170)
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")
                and any(c.startswith("apply/1/") for c in f.cells)]
