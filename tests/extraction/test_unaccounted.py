"""Digits no cell took, and a page's grid apart from the header over it (fresh seeds 24000–24029).

- pdfium ran a row's digits into a blank mark that a label may start with ("000000无"): read as
  label text, they left their row (（六）3.其他) with nothing and the next line went to the row
  before. A row beside a row with no number, where digits of the table stand unaccounted for, is
  in doubt (``plausible.mark_lost_rows``).
- markitdown on a PDF set the row after a page break ("— 2 —") on a grid of its own, its last
  column lost; read under the header of the page before, its numbers moved one column. A pipe row
  apart from its header by a page break, with more grid cells than columns, is read by its
  numbers' order and the arithmetic only.
- MuPDF's text wrapped 138 over a page break ("13" / "— 3 —" / "8"): the one-line 复议/诉讼 table
  was read with the piece left over; a number of its region outside its line that no cell took
  makes every cell of it uncertain (``plausible.mark_stray_line_numbers``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import AuditReport
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parent.parent / "data" / "unaccounted"


@pytest.mark.parametrize(("name", "doubted"), [
    ("gen24009-2021-consistent.pdfium.txt", "apply/3.6.2/total"),
    ("gen24001-2021-consistent.markitdown-pdf.md", "apply/4/total"),
    ("gen26117-2021-consistent.mutool.txt", "review/suit_direct/total"),
])
def test_unaccounted_layout_is_doubted_never_wrong(name: str, doubted: str) -> None:
    assert_reads(DATA / name, DATA / (name.split(".")[0] + ".truth.json"), 150, doubted)


def test_a_row_left_out_with_every_digit_taken_doubts_no_neighbour() -> None:
    """A row with no number and every digit of the table a cell's (the run taken out): nothing
    speaks against the rows beside it."""
    text = (DATA / "gen24009-2021-consistent.pdfium.txt").read_text(encoding="utf-8")
    # The run no cell could take, removed: the row beside it has nothing against it any more.
    report = audit_path_text(text.replace("000000无\n", ""))
    assert not any("没有读到数字" in f.message for f in report.findings)


def audit_path_text(text: str) -> AuditReport:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "报告.txt"
        path.write_text(text, encoding="utf-8")
        return audit_path(path)
