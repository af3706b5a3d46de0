"""The review table of a drawing-order dump (pdfminer.six, pdftotext's default mode) read by the
heading printed before each number; left unreadable where which heading a number is under is not known."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.extraction.regions import Region
from gkaudit.extraction.reviewlabels import read_by_headings
from gkaudit.model import Severity, Table
from gkaudit.reading.normalise import normalise
from gkaudit.templates import TEMPLATES

DATA = Path(__file__).resolve().parent.parent / "data"
# pdfminer.six: each heading's box holds the number under it, three headings of 未经复议直接起诉
# are printed a line of each in turn, and four numbers of another table stand among the boxes.
PDFMINER = DATA / "dumps" / "review-pdfminer.txt"
PDFMINER_TRUTH = {"review": (4, 0, 0, 0, 4), "suit_direct": (0, 0, 0, 2, 2), "suit_after_review": (11, 0, 0, 8, 19)}
# pdftotext's default mode: five headings of two blocks side by side, 总计 shorter than the others.
PDFTOTEXT = DATA / "dumps" / "review-pdftotext.txt"
PDFTOTEXT_TRUTH = {"review": (9, 0, 0, 0, 9), "suit_direct": (4, 10, 0, 0, 14), "suit_after_review": (0, 3, 10, 0, 13)}
# pdftotext's default mode: 未经复议直接起诉's five headings and 复议后起诉's first side by side.
SIX = DATA / "dumps" / "review-pdftotext-six.txt"
SIX_TRUTH = {"review": (0, 26, 0, 0, 26), "suit_direct": (45, 0, 0, 0, 45), "suit_after_review": (0, 0, 0, 0, 0)}
SPEC = TEMPLATES["2019"].table("review")
SUITE = DATA / "converters"


def _read(text: str) -> Table | None:
    norm = normalise(text)
    return read_by_headings(norm, Region("review", 0, len(norm), None), SPEC)


def _values(table: Table) -> dict[str, tuple[int | float | None, ...]]:
    return {row.id: tuple(table.value(row.id, c.id) for c in SPEC.columns) for row in SPEC.rows}


@pytest.mark.parametrize(("path", "truth"), [(PDFMINER, PDFMINER_TRUTH), (PDFTOTEXT, PDFTOTEXT_TRUTH),
                                                  (SIX, SIX_TRUTH)])
def test_each_number_goes_to_the_heading_printed_before_it(path: Path, truth: dict) -> None:
    table = _read(path.read_text(encoding="utf-8"))
    assert table is not None
    assert _values(table) == truth
    assert {c.reading for c in table.cells.values()} == {"decoded"}


def test_two_headings_over_one_number_leave_the_table_unread() -> None:
    """A blank printed as nothing: 结果纠正 and 尚未审结 in one box over one number, which is either's."""
    text = PDFMINER.read_text(encoding="utf-8")
    one = "结果\n纠正\n0\n\n尚未\n审结\n8\n"
    assert text.count(one) == 1
    assert _read(text.replace(one, "结果\n纠正\n尚未\n审结\n8\n")) is None


def test_numbers_on_one_line_under_headings_printed_in_turn_leave_the_table_unread() -> None:
    """pdfminer prints such headings' lines right to left at times, a line of numbers always left
    to right: which number is under which heading is not known."""
    text = PDFMINER.read_text(encoding="utf-8")
    assert "纠正\n2\n0\n0\n" in text
    assert _read(text.replace("纠正\n2\n0\n0\n", "纠正\n2 0 0\n")) is None


def test_all_headings_then_all_numbers_are_not_read_in_the_template_order() -> None:
    """Fifteen headings, then fifteen numbers: the dump's order of the numbers is not known."""
    heads = "\n\n".join("\n".join(c.label) for _r in SPEC.rows for c in SPEC.columns)
    numbers = "\n\n".join(str(n) for n in range(1, 16))
    assert _read(f"行政复议\n\n{heads}\n\n{numbers}\n") is None


def test_a_dumped_report_gets_its_review_table_and_an_ambiguous_one_stays_unreadable(tmp_path: Path) -> None:
    source = SUITE / "pdfminer" / "gen902-2019-leaf_total.txt"
    text = source.read_text(encoding="utf-8")
    read = audit_path(source)
    assert not any(f.rule == "extract.unreadable" and f.anchor == "review" for f in read.findings)
    for row in SPEC.rows:
        for col in SPEC.columns:
            cell = read.cell(f"review/{row.id}/{col.id}")
            assert cell is not None and cell.reading == "decoded" and cell.value == 0
    # A blank printed as nothing: two headings over one number.
    block = "尚未\n审结\n0\n\n结果\n纠正\n0\n"
    assert text.count(block) == 1
    ambiguous = tmp_path / source.name
    ambiguous.write_text(text.replace(block, "尚未\n审结\n结果\n纠正\n0\n"), encoding="utf-8")
    report = audit_path(ambiguous)
    assert any(f.rule == "extract.unreadable" and f.anchor == "review" for f in report.findings)
    assert report.cell("review/review/total") is None


def test_a_block_that_does_not_add_up_is_uncertain_not_an_error() -> None:
    """The report's own slip (复议后起诉's 总计 printed 3 for 0) and a number given to the wrong
    block look alike in a dump: the block is uncertain, the others are read."""
    report = audit_path(SUITE / "pdfminer" / "gen911-2021-review_total.txt")
    after = [report.cell(f"review/suit_after_review/{c.id}") for c in SPEC.columns]
    assert all(c is not None and c.reading == "uncertain" for c in after)
    review = [report.cell(f"review/review/{c.id}") for c in SPEC.columns]
    assert all(c is not None and c.reading == "decoded" and c.value == 0 for c in review)
    assert not any(f.severity is Severity.ERROR and f.rule.startswith("review.") for f in report.findings)


def test_a_number_alone_after_the_last_heading_leaves_the_table_unread() -> None:
    """"总计 11" and, over the page break, "1": the rest of 111 wrapped in its cell, not another
    table's number; the table is not read rather than read with 11."""
    text = PDFTOTEXT.read_text(encoding="utf-8")
    assert text.endswith("总\n计\n13\n")
    assert _read(text) is not None
    assert _read(text + "\n\f1\n") is None


def test_review_numbers_that_add_up_in_the_template_order_are_read_by_their_headings() -> None:
    """pdfminer printed 未经复议直接起诉's numbers 5 0 2 under 尚未审结, 其他结果, 结果纠正: in the
    template's order each block still adds up (5+0+2+0=7), so the sums confirmed a reading with
    seven cells wrong. The headings give the truth."""
    report = audit_path(DATA / "dumps" / "pdfminer-2019-review-in-template-order.txt")
    truth = {"review": (5, 0, 3, 0, 8), "suit_direct": (0, 2, 0, 5, 7), "suit_after_review": (3, 11, 0, 2, 16)}
    for row, values in truth.items():
        for col, value in zip(SPEC.columns, values, strict=True):
            cell = report.cell(f"review/{row}/{col.id}")
            assert cell is not None and cell.value == value and cell.reading == "decoded", (row, col.id)


def test_a_line_of_zeros_under_headings_printed_in_turn_is_read_in_any_order() -> None:
    """Which of 尚未审结, 其他结果, 结果纠正 a 0 is under does not matter when all three are 0; a
    repeated other figure is not read so (pdfminer spaces the digits of "１１")."""
    text = PDFMINER.read_text(encoding="utf-8").replace("纠正\n2\n0\n0\n", "纠正\n0 0 0\n")
    table = _read(text)
    assert table is not None
    assert [table.value("suit_direct", c) for c in ("corrected", "other", "pending")] == [0, 0, 0]
    assert _read(text.replace("纠正\n0 0 0\n", "纠正\n1 1 1\n")) is None


def test_the_last_cells_printed_after_the_next_section_heading_are_read() -> None:
    """pdftotext printed 五、… before 复议后起诉's 总计: the table's region ends at that heading line,
    its last cell after it; the narrative that follows is not taken."""
    text = PDFTOTEXT.read_text(encoding="utf-8")
    assert text.endswith("\n\n总\n计\n13\n")
    head = text[: -len("总\n计\n13\n")]
    after = "五、政府信息公开工作存在的主要问题及改进情况\n\n总\n计\n13\n\n政府信息公开工作虽然取得了一定成效，但仍存在 3 处不足。\n"
    norm = normalise(head + after)
    table = read_by_headings(norm, Region("review", 0, len(head), None), SPEC)
    assert table is not None
    assert _values(table) == PDFTOTEXT_TRUTH
    cut = normalise(head + after.replace("\n\n总\n计\n13\n", "\n"))
    assert read_by_headings(cut, Region("review", 0, len(head), None), SPEC) is None


def test_a_block_caption_over_a_heading_given_to_another_block_leaves_the_table_unread() -> None:
    """The third 其他结果 goes to the third block; printed under 未经复议直接起诉 (the second), the
    order the blocks were taken in is not the dump's."""
    text = PDFMINER.read_text(encoding="utf-8")
    assert text.count("复议后起诉\n其他") == 1
    assert _read(text.replace("复议后起诉\n其他", "未经复议直接起诉\n其他")) is None
