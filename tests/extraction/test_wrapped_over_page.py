"""A number too wide for its cell, wrapped in two, whose second piece went over a page break.

pymupdf4llm puts the piece ("３６" of 1836) into the header row it makes for the table's next page
(``|Col1|Col2|３６|…``); markitdown on PDF sets it alone after the page's footer. Either way the piece
stands nearer the table's next rows than the row it belongs to. Read as the row's whole value (18),
it broke three relations of the 依申请 table, reported as errors of a report that is right. The row
must come out uncertain, no arithmetic error may rest on it, and the report's own slip (a review
total, 11 printed for 8) is still found as an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_text
from gkaudit.model import Severity

DATA = Path(__file__).resolve().parent.parent / "data" / "real"


@pytest.mark.parametrize("name", ["gen12010-pymupdf4llm-wrapped-over-page.md",
                                  "gen12010-markitdown-pdf-wrapped-over-page.md"])
def test_piece_over_the_page_break_makes_its_row_uncertain(name: str) -> None:
    report = audit_text((DATA / name).read_text(encoding="utf-8"), name)
    cell = report.tables["apply"].cells[("3.7", "natural")]
    assert cell.value == 1836 or cell.reading == "uncertain"
    apply_errors = [f for f in report.findings
                    if f.severity is Severity.ERROR and any(c.startswith("apply/") for c in f.cells)]
    assert apply_errors == []
    review_errors = [f for f in report.findings if f.severity is Severity.ERROR and f.rule == "review.total"]
    assert any("review/suit_after_review/total" in f.cells for f in review_errors)
