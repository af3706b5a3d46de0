"""A 依申请 reading judged a misread (plausible.mark_implausible): which cells it leaves in doubt."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction.plausible import mark_implausible
from gkaudit.model import Cell, Finding, Severity, Table
from gkaudit.templates import TEMPLATES

TEMPLATE = TEMPLATES["2021"]
SPEC = TEMPLATE.table("apply")


def _apply(values: dict[str, int]) -> Table:
    """A consistent all-zero 依申请 table of the three-row （六） form, then ``values``."""
    table = Table("apply")
    for row in SPEC.rows:
        if row.optional:
            continue
        for col in SPEC.row_columns(row):
            v = values.get(f"{row.id}/{col.id}", 0)
            table.cells[(row.id, col.id)] = Cell("apply", row.id, col.id, v, str(v))
    return table


def test_cells_of_sums_a_lost_cell_kept_from_checking_are_doubted_too() -> None:
    table = _apply({"1/natural": 5, "1/total": 5, "3.1/natural": 3, "3.1/total": 3, "3.7/natural": 3,
                    "3.7/total": 3, "4/natural": 2, "4/total": 2, "3.7/commercial": 9})
    # The reading lost the row 3.5.2 and the 自然人 cell of 二、: the 自然人 balance cannot be checked.
    for key in [k for k in table.cells if k[0] == "3.5.2"] + [("2", "natural")]:
        del table.cells[key]
    lost = Finding(rule="row.missing", severity=Severity.WARNING, message="", cells=("apply/3.5.2/natural",))
    out = mark_implausible({"apply": table}, [lost], TEMPLATE, {"apply": "space"}, "text")
    doubted = {k for k, c in table.cells.items() if c.reading == "uncertain"}
    assert ("3.7", "commercial") in doubted  # in a broken sum
    assert {("1", "natural"), ("4", "natural"), ("3.7", "natural")} <= doubted  # in the unchecked balance
    assert ("3.1", "natural") not in doubted  # its row and its column's sum hold
    assert [f.rule for f in out[1:]] == ["extract.uncertain"] and "apply/4/natural" in out[-1].cells


def test_a_reading_from_a_grid_is_not_second_guessed() -> None:
    table = _apply({"3.7/commercial": 9})
    del table.cells[("3.5.2", "natural")]
    out = mark_implausible({"apply": table}, [], TEMPLATE, {"apply": "tab"}, "text")
    assert out == [] and all(c.reading != "uncertain" for c in table.cells.values())


def _doubt_row(table: Table, row: str) -> None:
    for key, cell in list(table.cells.items()):
        if key[0] == row:
            table.cells[key] = dataclasses.replace(cell, reading="uncertain")


def test_a_slip_far_from_a_row_in_doubt_stays_a_slip() -> None:
    """Row （一） is in doubt and does not add up; （三）6 breaks too, read with certainty and far from
    it: one slip of the report's own, not a misread table. Beside the doubted row, it is suspect."""
    far = _apply({"3.1/natural": 7, "3.1/total": 9, "3.3.6/natural": 3, "3.3.6/total": 4})
    _doubt_row(far, "3.1")
    assert mark_implausible({"apply": far}, [], TEMPLATE, {"apply": "space"}, "text") == []
    assert far.cells[("3.3.6", "natural")].reading != "uncertain"

    near = _apply({"3.1/natural": 7, "3.1/total": 9, "3.2/natural": 3, "3.2/total": 4})
    _doubt_row(near, "3.1")
    out = mark_implausible({"apply": near}, [], TEMPLATE, {"apply": "space"}, "text")
    assert [f.rule for f in out] == ["extract.uncertain"]
    assert near.cells[("3.2", "natural")].reading == "uncertain"


def test_a_row_beside_a_number_no_cell_took_is_doubted_or_placed_by_the_other_rows(tmp_path: Path) -> None:
    """pypdf on a generated PDF, one number of （一）予以公开 printed in two pieces on its line (a
    fullwidth 29 too wide for its cell): the reading leaves 77 over and the row does not add up.
    Its readings (an end's number another row's, or two neighbours one number) are placed with the
    short rows by the relations they share: the pieces joined, 29, alone keep them. Either the row is
    read so or it is uncertain; the report's own slips (3.3.6's 总计, the 总计 column) stay errors and
    nothing else is accused."""
    stored = Path(__file__).resolve().parent.parent / "data" / "converters" / "pypdf" / "gen902-2019-leaf_total.txt"
    text = stored.read_text(encoding="utf-8")
    row = "(一) 予以公开 77 29 2 4 9 8 129\n"
    assert text.count(row) == 1
    path = tmp_path / "wrapped.txt"
    path.write_text(text.replace(row, "(一) 予以公开 77 ２ ９ 2 4 9 8 129\n"), encoding="utf-8")
    report = audit_path(path)
    errors = [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")]
    assert any("apply/3.3.6/total" in f.cells and f.rule == "apply.row_total" for f in errors)
    assert all(f.rule == "apply.processed_total" or "apply/3.3.6/total" in f.cells for f in errors)
    for col, value in zip(SPEC.row_columns(SPEC.row("3.1")), (77, 29, 2, 4, 9, 8, 129), strict=True):
        cell = report.cell(f"apply/3.1/{col.id}")
        assert cell is not None and (cell.reading == "uncertain" or cell.value == value)
    assert report.cell("apply/3.2/natural").reading != "uncertain"


def test_a_labelled_row_the_template_has_not_is_no_stray_number(tmp_path: Path) -> None:
    """A 合计 row under the 依申请 table (1 + 2 for each column): a whole labelled row of numbers that
    no cell took is a row the template has not, not the pieces of a wrapped number. The slip in 四、
    结转下年度 beside it stays an error, not a warning on a row in doubt."""
    from tests.variants import make_variant_report

    report_text = make_variant_report(13010, "2021", "tab", "total_row", inject="head")
    assert report_text.injection.cell == "apply/4/natural"
    path = tmp_path / "heji.txt"
    path.write_text(report_text.text, encoding="utf-8")
    report = audit_path(path)
    assert report.cell("apply/4/natural").reading == "printed"
    assert any(f.severity is Severity.ERROR and f.rule == "apply.row_total" and "apply/4/natural" in f.cells
               for f in report.findings)
