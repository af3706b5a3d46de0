"""Web pages printed to PDF by Chromium, read by our PDF reader and as ``pdftotext -layout`` text.

``tests/data/print18`` holds pages (development seeds 30100–30119) read wrong before session 17's
print18, each with its truth:

- var30110-a5 (PDF): rows whose cells stand at different heights (a narrow cell's "0" over "件"
  sits higher): one number on a group heading's line (（三）不予, 三、本年度), the rest on the row's
  own line, or the row's first line with one number and the rest a line lower beside 三、本年度.
  Read a line at a time, the numbers came out of their columns' order (every sum kept) or the row
  read blanks where the piece's numbers stand (false errors on the columns' sums).
- var30104-a4 (text): 164，865 wrapped after its full-width comma: "164 ，" and "865" a line lower,
  every 主动公开 row after it one row off.
- gen30104-a4 (text): two rows' lines interleaved under a label spanning both (3.4. 要求提供… /
  无正当理由…); the rows after them one row off, every sum kept.
- gen30115-a4 (text): 上年结转's 94 set under 商业企业 (a long label before it), its column sums
  broken (false errors); the 复议诉讼 line's 0 between two headings a character and a space apart.
- gen30119-a4 (text): rows placed past the row their own label names (a row's numbers on the next
  row's line); every sum kept (zeros).
- lo30111-default (text): the 复议诉讼 line with one blank, its wider gap where 行政诉讼 starts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parents[1] / "data" / "print18"


def _scored(stem: str, suffix: str):  # type: ignore[no-untyped-def]
    truth = json.loads((DATA / f"{stem}.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / f"{stem}{suffix}")
    return report, score(report, truth, stem)


@pytest.mark.parametrize(("stem", "suffix", "exact"), [
    ("var30110-a5", ".pdf", 196),
    ("var30104-a4", ".txt", 162),  # 165 on its branch; 162 with a shorter rival doubting every cell (tables._mark_doubt)
    ("gen30104-a4", ".txt", 85),
    ("gen30115-a4", ".txt", 178),
    ("gen30119-a4", ".txt", 115),
    ("lo30111-default", ".txt", 180),
])
def test_no_wrong_cell_no_false_error(stem: str, suffix: str, exact: int) -> None:
    _report, s = _scored(stem, suffix)
    assert s.wrong == [], s.wrong
    assert s.false_errors == [], s.false_errors
    assert s.exact >= exact, s.exact


def test_row_pieces_on_the_page_joined_in_column_order() -> None:
    report, s = _scored("var30110-a5", ".pdf")
    got = {row: [report.cell(f"apply/{row}/{c}").value for c in  # type: ignore[union-attr]
                 ("natural", "commercial", "research", "social", "legal", "other", "total")]
           for row in ("3.1", "3.3.1", "3.4.1", "3.4.2")}
    assert got == {"3.1": [9, 1, 0, 0, 2, 0, 12], "3.3.1": [0, 0, 0, 0, 0, 0, 0],
                   "3.4.1": [2, 1, 0, 0, 0, 0, 3], "3.4.2": [0, 1, 0, 0, 0, 0, 1]}
    for row in ("3.1", "3.4.1", "3.4.2"):
        assert report.cell(f"apply/{row}/natural").reading != "uncertain"  # type: ignore[union-attr]
    # The report's own error (复议's total) is still found.
    assert s.found >= 1
    assert any(f.rule == "review.total" and f.severity is Severity.ERROR for f in report.findings)


def test_number_cut_at_its_separator_joined() -> None:
    report, _s = _scored("var30104-a4", ".txt")
    assert report.cell("active/penalty/decisions").value == 164865  # type: ignore[union-attr]
    assert report.cell("active/procurement/projects").value == 7  # type: ignore[union-attr]


def test_shifted_blank_in_doubt_but_a_slip_stays_an_error(tmp_path: Path) -> None:
    report, _s = _scored("gen30115-a4", ".txt")
    assert report.cell("apply/2/commercial").reading == "uncertain"  # type: ignore[union-attr]
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule == "apply.balance"]
    # A slip in a row read unambiguously breaks its column's sums whatever the shifted row holds.
    text = (DATA / "gen30115-a4.txt").read_text(encoding="utf-8")
    line = "（一）予以公开      277     83   4   15   24   15 418"
    assert line in text
    slipped = tmp_path / "slip.txt"
    slipped.write_text(text.replace(line, line.replace(" 83 ", " 84 ")), encoding="utf-8")
    errors = {f.rule for f in audit_path(slipped).findings if f.severity is Severity.ERROR}
    assert "apply.row_total" in errors


def test_rows_past_their_named_row_in_doubt() -> None:
    report, _s = _scored("gen30119-a4", ".txt")
    for col in ("commercial", "other"):
        assert report.cell(f"apply/3.5.5/{col}").reading == "uncertain"  # type: ignore[union-attr]
