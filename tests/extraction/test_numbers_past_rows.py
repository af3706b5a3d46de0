"""A line of numbers no cell took, standing after a table's last row, puts the last rows in doubt.

A converter that parts a row's label from its numbers (markitdown on a PDF whose label column
wraps "四、结转下年" / numbers / "度继续办理") can leave each line of numbers to the row before its
own, and the table's last line of numbers is then left over after the last row."""

from __future__ import annotations

import pytest
from generator import make_report

from gkaudit.audit import audit_document
from gkaudit.reading import read_bytes
from gkaudit.reading.normalise import key_text

_CARRY = "四、结转下年度继续办理"


def _with_line_after_carry(seed: int, line: str, before_next_heading: bool = True) -> str:
    text = make_report(seed, "2021", "tab").data.decode("utf-8")
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if key_text(ln).startswith(key_text(_CARRY)))
    if not before_next_heading:
        at = next(i for i, ln in enumerate(lines) if i > at and "行政复议" in key_text(ln))
    lines.insert(at + 1, line)
    return "\n".join(lines)


def _row4(text: str) -> dict[str, str]:
    report = audit_document(read_bytes("报告.txt", text.encode("utf-8")))
    return {cell.col: cell.reading for (row, _c), cell in report.tables["apply"].cells.items() if row == "4"}


@pytest.mark.parametrize("seed", [5, 8, 13])
def test_a_bare_line_of_numbers_after_the_last_row_doubts_it(seed: int) -> None:
    assert set(_row4(make_report(seed, "2021", "tab").data.decode("utf-8")).values()) == {"printed"}
    readings = _row4(_with_line_after_carry(seed, "0 0 0 0 0 0 0"))
    assert readings and set(readings.values()) == {"uncertain"}


@pytest.mark.parametrize("seed", [5, 8])
def test_a_labelled_total_row_or_the_next_tables_numbers_doubt_nothing(seed: int) -> None:
    # A total row a report adds under the table prints its label on its line.
    assert set(_row4(_with_line_after_carry(seed, "合计\t1\t2\t3\t4\t5\t6\t21")).values()) == {"printed"}
    # Numbers past the next table's heading are that table's, whatever the regions say.
    assert set(_row4(_with_line_after_carry(seed, "0 0 0 0 0 0 0", before_next_heading=False)).values()) == {"printed"}
