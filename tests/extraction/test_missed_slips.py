"""A report's own slip in a 依申请 table read from layout text, found as an error, not a warning;
and a review line over a page break left uncertain rather than placed wrong.

Two readings left the cells of a slip in doubt though the text says where they stand:

- ``pdftotext -layout`` wraps the sentence over the table ("…申请 245 件，上年结转 14" / "件；办结…"):
  the "14" with its unit on the next line was taken for the piece of a number wrapped in its cell,
  next to row 一, so row 一's slip (245 printed for 248) was only a warning.
- Item labels wrapped beside the captions printed down the table's side ("2.重复" · "理", "3.要求" ·
  "果" · "提供公") named no row clearly, so the order of the rows was left open there and the
  （七）总计 slip of 总计 was only a warning.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_text
from gkaudit.extraction import rowalign
from gkaudit.extraction.tokens import in_sentence
from gkaudit.model import AuditReport, Severity
from gkaudit.templates import TEMPLATES

DATA = Path(__file__).resolve().parent.parent / "data" / "real"


def _audit(name: str) -> AuditReport:
    return audit_text((DATA / name).read_text(encoding="utf-8"), name)


def _errors(report: AuditReport) -> set[tuple[str, str]]:
    return {(f.rule, f.cells[-1]) for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")}


def test_a_figure_of_the_sentence_over_the_table_is_no_piece_of_a_cell() -> None:
    report = _audit("gen22006-pdftotext-layout-sentence-over-table.txt")
    row = {col: c for (r, col), c in report.tables["apply"].cells.items() if r == "1"}
    assert [row[c].value for c in ("natural", "commercial", "research", "social", "legal", "other", "total")] == \
        [149, 58, 2, 10, 18, 11, 245]
    assert all(c.reading == "printed" for c in row.values())
    assert {("apply.row_total", "apply/1/total"), ("apply.balance", "apply/4/total")} <= _errors(report)


def test_in_sentence() -> None:
    text = "  2020 年，本机关共新收政府信息公开申请 245 件，上年结转 14\n件；办结 257 件。\n   ２０\n  一、本年新收 3 4 7\n"
    at = text.index("14")
    assert in_sentence(text, at, at + 2)  # its unit on the next line, and a figure with its unit before it
    bare = "结转 14\n件；办结"
    assert in_sentence(bare, 3, 5)
    piece = text.index("２０")
    assert not in_sentence(text, piece, piece + 2)
    row = text.index("3 4 7")
    assert not in_sentence(text, row, row + 1)


def test_item_labels_interleaved_with_the_captions_beside_them_name_their_rows() -> None:
    report = _audit("gen22503-pdftotext-layout-labels-interleaved.txt")
    cells = report.tables["apply"].cells
    assert [cells[("3.5.2", c)].value for c in ("natural", "commercial", "legal", "other", "total")] == [6, 2, 1, 0, 9]
    assert cells[("3.5.3", "total")].value is None and cells[("3.5.3", "total")].blank
    assert all(cells[(r, "total")].reading == "printed" for r in ("3.5.2", "3.5.3"))
    errors = _errors(report)
    assert ("apply.row_total", "apply/3.4.2/total") in errors
    assert any(rule == "apply.processed_total" and last == "apply/3.7/total" for rule, last in errors)


def test_item_end_takes_only_the_captions_beside_the_row() -> None:
    spec = TEMPLATES["2021"].table("apply")
    repeat, publish = spec.row("3.5.2"), spec.row("3.5.3")
    assert rowalign.key_score(repeat, "年诉类申度请办2.重复理") >= 3 * rowalign.KEY_WEIGHT
    assert rowalign.key_score(publish, "申请结3.要求果提供公") >= 3 * rowalign.KEY_WEIGHT
    # Other text after the item's start (the next row's label): not this row's label going on.
    assert rowalign.key_score(repeat, "2.重复审议") < 3 * rowalign.KEY_WEIGHT
    assert rowalign.key_score(repeat, "12.重复理") < 3 * rowalign.KEY_WEIGHT  # not item 2: the end of 12.


def test_a_review_line_on_a_later_page_than_its_headings_is_not_placed_by_them() -> None:
    """``pdftotext -layout`` sets the page holding only the value line (10 numbers of 15) on a grid
    of its own: under the previous page's headings its numbers fell under wrong columns."""
    report = _audit("gen22528-pdftotext-layout-review-line-over-page.txt")
    truth = {"review": [0, 0, 0, 0, 0], "suit_direct": [0, None, None, 0, None], "suit_after_review": [0, 0, None, None, 0]}
    columns = ("upheld", "corrected", "other", "pending", "total")
    for row, values in truth.items():
        for col, value in zip(columns, values, strict=True):
            cell = report.tables["review"].cells.get((row, col))
            assert cell is None or cell.reading == "uncertain" or cell.value == value, (row, col)
