"""Wrong cells and false errors found on a suite made at the start of session 16 (seeds 29000),
now right or in doubt.

- mutool's text parts each block with an empty line: a row's numbers, then an empty line, then
  the next label. A 主动公开 row with a blank printed as nothing ("21" / "55440" / "") took the
  empty line for its last cell and was read as sure, and "减 389" became 上一年项目数量 (accused
  of being negative). Every full row ending with an empty line, none with one between two
  numbers, says the empty lines are no cells (``tables._rows_end_parted``).
- mutool and pdftohtml: a full-width number wrapped a digit a line ("１" / "２" for １２) in the
  one-line 复议/诉讼 table with a blank printed as nothing: every number after it one cell off,
  three totals broken and accused. Where the line breaks two totals or more and two adjacent
  numbers read as one keep them all, the line is uncertain (``plausible.mark_implausible_line``).
- pandoc's plain text leaves "[TABLE]" where it cannot render a table with merged cells: the
  table is unreadable in this text, not missing from the report (no ``table.missing`` error).
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parent.parent / "data" / "blind16"


def _truth(name: str) -> Path:
    return DATA / (name.split(".")[0] + ".truth.json")


def test_rows_parted_by_empty_lines_place_no_blank() -> None:
    name = "gen29010-2019-review_total.mutool.txt"
    report = assert_reads(DATA / name, _truth(name), 100)
    for row in ("license", "enforcement"):
        cells = [report.cell(f"active/{row}/{c}") for c in ("prev_items", "change", "decisions")]
        assert all(c is None or c.reading == "uncertain" for c in cells), row
    assert not any(f.rule == "cell.invalid" for f in report.findings)


def test_wrapped_digit_in_the_review_line_is_doubted_not_accused() -> None:
    name = "gen29018-2019-processed_total.mutool.txt"
    report = assert_reads(DATA / name, _truth(name), 165)
    assert report.cell("review/review/total").reading == "uncertain"
    assert any(f.rule == "extract.uncertain" and any(c.startswith("review/") for c in f.cells)
               for f in report.findings)


def test_a_real_report_that_left_its_totals_at_zero_keeps_its_errors() -> None:
    # Huaian Hongze 2023 prints 0 in the 总计 of two groups: no other reading of its numbers holds.
    path = Path(__file__).resolve().parent.parent / "data" / "converters" / "pypdf" / "huaian-hongze-district-2023.txt"
    report = audit_path(path)
    errors = [f for f in report.findings if f.rule == "review.total" and f.severity is Severity.ERROR]
    assert len(errors) == 2


def test_a_table_the_converter_left_out_is_unreadable_not_missing() -> None:
    name = "gen29006-2019-row_total.pandoc-plain.txt"
    report = assert_reads(DATA / name, _truth(name), 30)
    assert not any(f.rule == "table.missing" for f in report.findings)
    unreadable = [f for f in report.findings if f.rule == "extract.unreadable"]
    assert len(unreadable) == 1 and "[TABLE]" in unreadable[0].message
    assert unreadable[0].severity is Severity.WARNING


def test_headings_parted_by_an_empty_line_place_no_blank() -> None:
    # mutool, the 2021 主动公开 table: no row printed whole, but the column headings are followed
    # by an empty line: "规章" / "0" / "4" / "" is no row whose last cell is blank.
    name = "gen29319-2021-processed_total.mutool.txt"
    report = assert_reads(DATA / name, _truth(name), 90)
    cells = [report.cell(f"active/rules/{c}") for c in ("issued", "repealed", "in_force")]
    assert all(c is None or c.reading == "uncertain" for c in cells)
