"""Converter text with columns merged (markitdown on PDF, "| 4 5 |"): rows read whole are kept, the
others uncertain, and a text whose value lines do not match the rows read is reported unreadable."""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction import rowalign
from gkaudit.model import AuditReport, Severity
from gkaudit.templates import TEMPLATES

SUITE = Path(__file__).resolve().parent.parent / "data" / "converters"
# A 2019 report, one figure wrong (3.3.6's 总计), every cell printed, columns merged in pairs.
WHOLE = SUITE / "markitdown-pdf" / "gen902-2019-leaf_total.md"
# A 2021 report whose blanks are printed as nothing in some rows.
BLANKS = SUITE / "markitdown-pdf" / "gen907-2021-row_total.md"


def _truth(path: Path) -> dict:
    stem = path.name.rsplit(".", 1)[0]
    return json.loads((SUITE / "truth" / f"{stem}.truth.json").read_text(encoding="utf-8"))


def _audit(tmp_path: Path, text: str, name: str = "x.md") -> AuditReport:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_path(path)


def _unreadable(report: AuditReport) -> set[str]:
    return {f.anchor for f in report.findings if f.rule == "extract.unreadable" and f.anchor}


def test_whole_rows_of_merged_columns_are_read_and_the_wrong_figure_found(tmp_path: Path) -> None:
    truth = _truth(WHOLE)
    report = _audit(tmp_path, WHOLE.read_text(encoding="utf-8"))
    assert "apply" not in _unreadable(report)
    wrong = truth["injected"]["cell"]
    errors = [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")]
    assert any(f.rule == "apply.row_total" and wrong in f.cells for f in errors)
    for row, cols in truth["tables"]["apply"].items():
        for col, value in cols.items():
            cell = report.cell(f"apply/{row}/{col}")
            assert cell is not None and cell.reading == "printed" and cell.value == value, (row, col)


def test_rows_with_a_blank_printed_as_nothing_are_uncertain(tmp_path: Path) -> None:
    truth = _truth(BLANKS)
    report = _audit(tmp_path, BLANKS.read_text(encoding="utf-8"))
    assert "apply" not in _unreadable(report)
    cells = [(row, col, value) for row, cols in truth["tables"]["apply"].items() for col, value in cols.items()]
    read = {(row, col): report.cell(f"apply/{row}/{col}") for row, col, _v in cells}
    uncertain = {row for (row, _c), cell in read.items() if cell is not None and cell.reading == "uncertain"}
    assert uncertain  # some rows printed fewer numbers than cells
    for row, col, value in cells:
        cell = read[(row, col)]
        if cell is not None and cell.reading == "printed":
            assert cell.value == value, (row, col)
    # No arithmetic error rests on a cell in doubt.
    for f in report.findings:
        if f.severity is Severity.ERROR and f.rule.startswith("apply."):
            assert all(report.cell(c) is None or report.cell(c).reading != "uncertain" for c in f.cells)


def test_a_value_line_the_rows_do_not_account_for_makes_the_table_unreadable(tmp_path: Path) -> None:
    """A line of numbers with no label of its own between two rows: the rows read by their labels
    and the value lines taken in order no longer agree, so where each row's numbers are is not known."""
    text = WHOLE.read_text(encoding="utf-8")
    anchor = "法案卷\n"
    assert text.count(anchor) == 1
    stray = "|     |     | 9 9 | 9 9 | 9 9 | 54 |\n| --- | --- | --- | --- | --- | --- |\n"
    report = _audit(tmp_path, text.replace(anchor, anchor + stray))
    assert "apply" in _unreadable(report)
    assert report.cell("apply/3.3.6/total") is None


def test_a_one_line_table_with_as_many_numbers_as_cells_is_read_in_order(tmp_path: Path) -> None:
    """The review table's value line with an empty cell the merges left between its numbers: the
    fifteen numbers are its cells in order, not a blank among them."""
    text = WHOLE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| 0 0") and ln.count("|") == 9)
    values = [1, 2, 3, 0, 6, 0, 1, 1, 0, 2, 1, 0, 0, 1, 2]
    printed = "| 1 2 | 3 0 | 6 0 | 1 1 | 0 2 |     | 1 0 | 0 1 | 2 |"
    report = _audit(tmp_path, text.replace(line, printed))
    assert "review" not in _unreadable(report)
    cells = [report.cell(f"review/{r}/{c}") for r in ("review", "suit_direct", "suit_after_review")
             for c in ("upheld", "corrected", "other", "pending", "total")]
    assert [c.value if c is not None else None for c in cells] == values
    assert all(c is not None and c.reading == "printed" for c in cells)
    assert not any(f.rule.startswith("review.") or (f.rule == "extract.uncertain" and f.cells[0].startswith("review/"))
                   for f in report.findings)


def test_a_one_line_table_beside_a_wrapped_number_is_not_read_in_order(tmp_path: Path) -> None:
    """The same value line with its 总计 wrapped in its cell, "10" over the line and "3" under it:
    fifteen numbers about the table, but not its fifteen cells in order. No figure is read wrong."""
    text = WHOLE.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("| 0 0") and ln.count("|") == 9)
    printed = "10\n| 0 | 65 38 | 0 | 25 0 | 5 47 | 77 | 0 | 5 0 | 5 10 |\n3"
    report = _audit(tmp_path, text.replace(line, printed))
    truth = [0, 65, 38, 0, 103, 25, 0, 5, 47, 77, 0, 5, 0, 5, 10]
    cells = [report.cell(f"review/{r}/{c}") for r in ("review", "suit_direct", "suit_after_review")
             for c in ("upheld", "corrected", "other", "pending", "total")]
    if "review" in _unreadable(report):
        return
    for cell, value in zip(cells, truth, strict=True):
        assert cell is None or cell.reading == "uncertain" or cell.value == value, cell


def test_a_group_label_wrapped_over_its_items_is_no_column_dump() -> None:
    """pdfplumber on a generated PDF whose narrow label column wraps "(三) 不" / "予公开" beside the
    items: the group label alone must not name all eight items of its group at once (only the group
    label with an item's number names an item), so the table is read, not reported dumped by columns."""
    stored = Path(__file__).resolve().parent.parent / "data" / "converters" / "pdfplumber" / "gen8021-2021-consistent.txt"
    report = audit_path(stored)
    assert not [f for f in report.findings if f.rule == "extract.unreadable"]
    spec = TEMPLATES["2021"].table("apply")
    assert sum(1 for r in spec.rows if rowalign.key_score(r, "(三)不予公开") >= rowalign.KEY_WEIGHT * 4) <= 1
