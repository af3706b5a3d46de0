"""The table variants (tests/variants.py) through converters (scripts/score_variant_converters.py, seeds 30200–30219).

- pypdf on a Word file whose review table is printed as two small tables (行政复议 | 行政诉讼), each
  headed: the 行政诉讼 headings wrap in their narrow cells ("结果维 / 持"), so no header line holds
  them whole, and the block's ten numbers on one line after them looked like a column dump
  (headings between numbers): every table was reported unreadable. Ten numbers on one line after
  ten headings are a block printed as its own table; the report's injected error is found.
- mutool, numbers with units in narrow cells: the unit wraps onto a line of its own ("150" / "件");
  read as a label, it ended the row, and the rest of （七）总计 was read blank (six wrong cells,
  five false errors). A unit alone on the line right after a number is that number's.
- markitdown on a Word file with a 备注 column: it leaves out the covered parts of merged label
  cells, so rows are narrower than the header and the remark ("—", "无") is no longer under the
  备注 heading's column: read as the row's 总计, every cell one column off. A heading that ends
  its line ends every row.
- mammoth (blank cells printed as nothing) with a 备注 column: a short row ending in "—" may end in
  a remark or in a blank 总计; where its blanks add up says nothing of which, so it is in doubt
  (it was settled with the "—" as 总计, and accused of a row total that does not hold).
- markitdown on a portal page whose article sits in a layout table: the article's tables come out
  on one line ("| 规章 | 0 | | 行政规范性文件 | 5 |"); no table was found. Their rows are set on
  lines of their own again (``reading.inline_pipes``).
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.reading.inline_pipes import unfold
from tests.converters.scoring import assert_reads, assert_rows_read

DATA = Path(__file__).resolve().parent.parent / "data" / "variants18"


def _case(name: str) -> tuple[Path, Path]:
    path = next(p for p in DATA.glob(name + ".*") if not p.name.endswith(".truth.json"))
    return path, DATA / f"{name}.truth.json"


def test_a_review_block_with_wrapped_headings_is_not_a_dump() -> None:
    path, truth = _case("pypdf-review-split-wrapped-heads")
    assert_rows_read(path, truth, ["review/review", "review/suit_direct", "review/suit_after_review", "apply/3.7"],
                     exact_at_least=190)


def test_a_unit_wrapped_onto_its_own_line_is_the_numbers() -> None:
    path, truth = _case("mutool-unit-wrapped")
    assert_rows_read(path, truth, ["apply/3.7", "apply/4"], exact_at_least=198)


def test_a_remark_ends_every_row_of_a_ragged_grid() -> None:
    path, truth = _case("markitdown-remark-ragged")
    assert_rows_read(path, truth, ["apply/3.3.6", "apply/3.5.2"], exact_at_least=186)


def test_a_short_row_ending_in_a_mark_beside_a_remark_column_is_in_doubt() -> None:
    path, truth = _case("mammoth-remark-or-blank")
    report = assert_reads(path, truth, 80)
    cell = report.cell("apply/3.5.4/total")
    assert cell is not None and cell.reading == "uncertain"


def test_tables_printed_on_one_line_are_read() -> None:
    path, truth = _case("markitdown-html-inline-tables")
    assert_rows_read(path, truth, ["active/license", "apply/1", "apply/4", "review/review"], exact_at_least=200)


def test_unfold_keeps_the_length_and_counts_ragged_rows() -> None:
    text = ("正文。  **二、主动公开**  |  |  |  | | --- | --- | --- | | 规章 | 0 | | | 行政许可 | 24 | | "
            "| 3.其他 | 1 |  **三、其他**\n| a | b |\n| --- | --- |\n")
    out = unfold(text)
    assert len(out) == len(text)
    assert out.splitlines()[:6] == ["正文。  **二、主动公开** ", "|  |  |  |", "| --- | --- | --- |",
                                    "| 规章 | 0 | |", "| 行政许可 | 24 | |", "| 3.其他 | 1 |"]
    assert out.endswith("| a | b |\n| --- | --- |\n")  # a table printed as usual is left alone


def test_a_transposed_review_table_in_a_ragged_grid_keeps_its_blank() -> None:
    """The review table printed downwards (项目 | 数量), the grid leaving out merged cells' covered
    parts, so its numbers stand in several columns: a blank printed empty was dropped, and the
    numbers after it shared out one cell off. Each number ends its labelled line; a line's one
    empty cell between them is a blank."""
    path, truth = _case("markitdown-html-transposed-blank")
    assert_rows_read(path, truth, ["review/suit_after_review"], exact_at_least=200)


def test_a_remark_column_of_a_body_set_apart_from_its_header() -> None:
    """pymupdf4llm prints the header (with 备注) as one small table and the body as another, wider,
    whose last column is headed "Col11": no row of the body prints a digit there, so its "无" and
    "—" are remarks, not 总计 (they were, every cell one column off and five rows accused)."""
    path, truth = _case("pymupdf4llm-remark-apart")
    assert_rows_read(path, truth, ["apply/3.3.3", "apply/3.3.6", "apply/3.5.2"], exact_at_least=186)


def test_tables_on_one_line_with_blank_cells_of_two_spaces() -> None:
    """A blank cell printed "|  |" (two spaces) inside a table on one line is a cell, not the end
    of the table (text after a table follows two spaces too, but no pipe)."""
    path, truth = _case("markitdown-html-inline-blank-cells")
    assert_rows_read(path, truth, ["apply/1", "apply/3.2", "apply/4"], exact_at_least=198)


def test_a_remark_heading_split_above_its_grid() -> None:
    """pymupdf4llm sets the header's first line outside the grid ("… 申请人情况 备" / "| … | 注 |"),
    and prints num_only labels ("3.") as cells of their own: the heading is 备注 all the same,
    and a cell holding only an item's number is a label, not a value."""
    path, truth = _case("pymupdf4llm-remark-heading-split")
    assert_rows_read(path, truth, ["apply/3.3.3", "apply/3.3.4"], exact_at_least=200)


def test_digits_left_after_a_short_rows_numbers_put_it_in_doubt() -> None:
    """inscriptis prints an amount wrapped in its cell apart ("154742 .711639万元"): the piece after
    the space is no number, and the row read 采购总金额 blank, sure. Digits no number holds after a
    short row's last number put the row in doubt."""
    path, truth = _case("inscriptis-amount-wrapped-apart")
    report = assert_reads(path, truth, 60)
    cell = report.cell("active/procurement/amount")
    assert cell is None or cell.reading == "uncertain"


def test_a_zero_before_a_rows_cells_is_no_label_number() -> None:
    """"政府集中 采购 0 2246.17 30 万元" (an amount wrapped apart): three numbers for two cells. The 0
    was taken for a piece of the label (as the 1 of "1." is) and the row read 2246.17 / 30, sure;
    no label is numbered 0, so the row is one number too long and in doubt."""
    path, truth = _case("inscriptis-zero-before-amount")
    report = assert_reads(path, truth, 120)
    cell = report.cell("active/procurement/projects")
    assert cell is None or cell.reading == "uncertain" or cell.value == 0


def test_two_lines_each_after_its_own_item_number_are_two_rows() -> None:
    """w3m, labels printed as their numbers alone, the group's label on its middle row: the line
    "（五）不予处理 3.  0  0" (its characters shifted by the full-width label) and the next, "4.  0 0 0
    0 0", fit together by their character columns and were joined into one whole row of seven
    zeros, read sure. Each line follows an item's number of its own: two rows."""
    path, truth = _case("w3m-item-numbers-two-rows")
    report = assert_reads(path, truth, 130)
    assert all(c.reading == "uncertain" or c.value == truth_value
               for c, truth_value in [(report.cell("apply/3.5.3/total"), None)] if c is not None)
