"""The table variants through converters, mixed (scripts/score_variant_converters.py, seeds 31100–31119).

- pymupdf4llm, a count whose unit wrapped in its cell ("121<br>件"): the cell was no number and
  the row's 总计 read blank (a false row total). A number and a unit a line break apart in a
  Markdown cell are the number with its unit.
- pymupdf4llm, the 复议/诉讼 section heading with its first sentence run on ("## 四、…行政诉讼情况
  本年度因…"): too long for a heading, so a row of the transposed table ("行政复议 | 尚未审结 |
  1") was taken for it and the rows above it were read into the table before. A long line that
  opens with the section's numeral and a heading key is the heading.
- docx2txt, a transposed review table with two blanks (printed as nothing): the empty lines after
  the last number were taken for its last cell, one short all the same, and the line's blanks
  were placed confidently (a false 总计). End blanks count only when they complete the line.
- A browser's copy of a page saved from Word: the page's spacer row of empty cells runs onto the
  last row; counting the row's cells from its end put its blank last. A line with more slots than
  the row has is not read from its end. On the one-line review table the same empties filled the
  first readings of where its blanks stand with one reading: each distinct reading counts once.
- w3m, a row set in a taller cell ("0" of "0件" a line up, the rest of the row on the next line
  with the group's label): the row read as the lone "0" and blanks. The row before the one the
  next numbers were given, short, is in doubt.
- markitdown on a portal page (tables on one line), labels printed as item numbers ("3."): two
  rows stayed on one line and the second one lost its first blank. An item number is a label.
- mutool, a rival reading one number too long: every window of it doubts the row (below).
- pypdf, the first cell's unit wrapped ("102" / "个 28件 3 …"): the unit taken for a label ended
  the row, whose other numbers were left out. A unit opening the line after a number is its.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction.tokens import tokenise
from gkaudit.reading.inline_pipes import unfold
from tests.converters.scoring import assert_reads, assert_rows_read

DATA = Path(__file__).resolve().parent.parent / "data" / "variants19"


def _case(name: str) -> tuple[Path, Path]:
    path = next(p for p in DATA.glob(name + ".*") if not p.name.endswith(".truth.json"))
    return path, DATA / f"{name}.truth.json"


def _uncertain(path: Path, *cells: str) -> None:
    report = audit_path(path)
    for cid in cells:
        cell = report.cell(cid)
        assert cell is not None and cell.reading == "uncertain", (cid, cell)


def test_a_unit_wrapped_in_a_markdown_cell_is_the_numbers() -> None:
    path, truth = _case("pymupdf4llm-unit-wrapped-in-cell")
    assert_rows_read(path, truth, ["apply/1", "apply/3.7"], exact_at_least=198)
    text = "| 一、本年新收 | 83 | 121<br>件 |\n| 二、上年结转 | 8 | 8 个 |\n| 三、办理 | 1 | 1 |\n"
    toks, layout = tokenise(text, 0, len(text), layout="pipe")
    wrapped = [t for t in toks if "121" in t.text]
    assert layout == "pipe" and [(t.kind.value, t.text) for t in wrapped] == [("value", "121件")]


def test_a_heading_with_its_first_sentence_run_on_is_the_heading() -> None:
    path, truth = _case("pymupdf4llm-heading-run-on")
    assert_rows_read(path, truth, ["review/review", "review/suit_direct", "review/suit_after_review"],
                     exact_at_least=198)


def test_end_blanks_that_leave_a_one_line_table_short_are_no_cells() -> None:
    path, truth = _case("docx2txt-transposed-review-short")
    assert_reads(path, truth, 190)
    _uncertain(path, "review/suit_after_review/upheld", "review/suit_after_review/pending")


def test_a_spacer_row_run_onto_a_copied_row_says_nothing_of_its_end() -> None:
    path, truth = _case("browser-copy-spacer-row")
    assert_rows_read(path, truth, ["apply/4", "apply/3.7"], exact_at_least=198)


def test_the_rival_readings_of_a_one_line_grid_count_each_line_once() -> None:
    path, truth = _case("browser-copy-review-spacer-row")
    assert_reads(path, truth, 194)
    _uncertain(path, "review/suit_after_review/upheld", "review/suit_after_review/total")


def test_the_short_row_before_numbers_given_to_the_next_row_is_in_doubt() -> None:
    path, truth = _case("w3m-row-set-apart")
    # 31 with print19 merged: its rivals for a row's loose last number put the rows in doubt (none wrong)
    assert_reads(path, truth, 31)
    _uncertain(path, "apply/3.6.2/natural", "apply/3.6.2/total")


def test_an_item_number_ends_a_row_of_a_table_on_one_line() -> None:
    path, truth = _case("markitdown-html-item-number-rows")
    assert_rows_read(path, truth, ["apply/3.3.2", "apply/3.3.3", "apply/3.4.2"], exact_at_least=198)
    text = "正文。  **三、申请**  |  |  |  | | --- | --- | --- | | 2. | 0 |  | | 3. |  | 5 |  **四、复议**"
    out = unfold(text)
    assert len(out) == len(text)
    assert "| 2. | 0 |  |" in out.splitlines() and "| 3. |  | 5 |" in out.splitlines()


def test_a_unit_opening_the_line_after_a_number_is_the_numbers() -> None:
    path, truth = _case("pypdf-unit-opens-line")
    assert_rows_read(path, truth, ["apply/1"], exact_at_least=194)


def test_a_rival_reading_longer_than_the_row_doubts_every_window() -> None:
    """mutool, labels printed as item numbers with footnote marks and a 备注 column: rows placed one
    off, in doubt, but the rival reading of 3.4.2 ("1 0 无 无 无 0 1 —", one number too many) was
    read with its first number as a label's, so its 自然人 agreed with the placed row's 0 and stayed
    sure. Every window of a rival longer than the row is a reading."""
    path, truth = _case("mutool-too-long-rival")
    assert_reads(path, truth, 81)
    _uncertain(path, "apply/3.4.2/natural")


def test_a_merged_labels_cover_before_the_numbers_is_no_spare_slot() -> None:
    """pandoc, a label merged over three grid columns (四、结转下年度继续办理): its covered slots
    stand before the row's numbers, so the line is no longer than a full row from its first
    number on, and its blank 总计 is read from the line's end as before."""
    path, truth = _case("pandoc-merged-label-cover")
    assert_rows_read(path, truth, ["apply/4", "apply/3.7"], exact_at_least=198)
