"""A review table's value line in a grid whose columns are not the table's.

markitdown on PDF guesses the page's columns: one grid cell holds three numbers ("| 0 0 0 |") and
blank cells (printed as nothing) became empty grid cells wherever the guess put them. With the
empties at the line's ends the line counted exactly 15 cells and was read confidently, putting
blanks where the report printed 0 and 0 where it left blanks. Where the blanks stand is unknown:
every cell of the table is uncertain, and nothing is read as a printed blank or 0.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_text

DATA = Path(__file__).resolve().parent.parent / "data"
NAME = "gen13006-markitdown-pdf-merged-review-columns.md"


def test_blanks_of_a_grid_with_merged_columns_are_uncertain() -> None:
    report = audit_text((DATA / "real" / NAME).read_text(encoding="utf-8"), NAME)
    cells = report.tables["review"].cells
    assert len(cells) == 15
    assert {c.reading for c in cells.values()} == {"uncertain"}
    assert any(f.rule == "extract.uncertain" and "review/suit_direct/corrected" in f.cells for f in report.findings)


def test_a_grid_cell_with_several_numbers_and_no_blank_is_still_read() -> None:
    text = (DATA / "real" / NAME).read_text(encoding="utf-8")
    line = "|     | 0   | 0 0 0 | 0   | 0   |          | 0   |     |      |     | 0   | 0     |     |"
    assert line in text
    full = "| 1 | 0 0 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    report = audit_text(text.replace(line, full), NAME)
    cells = report.tables["review"].cells
    assert [cells[("review", c)].value for c in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 0, 1]
    assert {c.reading for c in cells.values()} == {"printed"}
