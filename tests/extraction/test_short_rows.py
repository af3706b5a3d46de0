"""Short one-line tables (blanks printed as nothing): where the blanks stood, read by the arithmetic."""

from __future__ import annotations

import dataclasses

from gkaudit.extraction import shortrows
from gkaudit.model import Cell, Finding, Severity, Source, Table, cell_id
from gkaudit.reading.normalise import normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TEMPLATES

TEMPLATE = TEMPLATES["2019"]
REVIEW = TEMPLATE.table("review")


def _right_aligned(numbers: list[int]) -> Table:
    """The review table as the one-line reader leaves a short line: shared out from the right, the
    first rows without numbers left out."""
    slots = [(r.id, c.id) for r in REVIEW.rows for c in REVIEW.row_columns(r)]
    table = Table("review")
    for (row, col), (i, n) in zip(slots[len(slots) - len(numbers):], enumerate(numbers), strict=True):
        table.cells[(row, col)] = Cell("review", row, col, n, str(n), Source(3 * i, 3 * i + len(str(n))))
    return table


def test_short_line_is_read_where_the_totals_leave_one_place() -> None:
    # 行政复议 printed "0 5 5" with two blanks as nothing: the other rows' numbers and totals can only
    # stand as printed, the 复议 row's total is 5 whichever parts the blanks are.
    table = _right_aligned([0, 5, 5, 70, 0, 0, 75, 145, 0, 1, 31, 55, 87])
    findings = shortrows.place_short_rows({"review": table}, [], TEMPLATE)
    cells = table.cells
    sure = {k: c.value for k, c in cells.items() if c.reading != "uncertain"}
    assert sure[("suit_direct", "upheld")] == 70 and sure[("suit_direct", "total")] == 145
    assert sure[("suit_after_review", "upheld")] == 0 and sure[("suit_after_review", "total")] == 87
    assert sure[("review", "total")] == 5
    # Where the 0 and the two blanks of the row's parts stood is not known: said (or left unread),
    # not guessed.
    assert not any(k in sure for k in (("review", "upheld"), ("review", "corrected"), ("review", "other"),
                                       ("review", "pending")))
    assert len(sure) == 11
    assert [f.rule for f in findings] == ["extract.uncertain"]


def test_short_line_of_zeros_leaves_every_cell_in_doubt() -> None:
    # Ten zeros for fifteen cells: any five may be the blanks; no cell is read as 0 for sure.
    table = _right_aligned([0] * 10)
    shortrows.place_short_rows({"review": table}, [], TEMPLATE)
    assert all(c.reading == "uncertain" for c in table.cells.values())


def _apply_with_short_row(printed: list[str]) -> tuple[Table, list[Finding]]:
    """A 2021 依申请 table of zeros but for （三）4, which printed ``printed`` (right-aligned), and
    （七）总计 and 一, which hold the numbers the row should have."""
    template = TEMPLATES["2021"]
    spec = template.table("apply")
    table = Table("apply")
    cols = [c.id for c in spec.row_columns(spec.row("1"))]
    full = [29, 7, 1, 2, 6, 7, 52]
    for row in spec.rows:
        if row.optional:
            continue
        for i, col in enumerate(cols):
            v = full[i] if row.id in ("1", "3.7") else 0
            if row.id != "3.3.4":
                table.cells[(row.id, col)] = Cell("apply", row.id, col, v, str(v))
    for i, raw in enumerate(printed):
        col = cols[len(cols) - len(printed) + i]
        table.cells[("3.3.4", col)] = Cell("apply", "3.3.4", col, int(normalise(raw)), raw, Source(10 * i, 10 * i + len(raw)))
    missing = catalogued("cell.missing", message="短行", cells=tuple(cell_id("apply", "3.3.4", c) for c in cols))
    return table, [missing]


def test_numbers_run_together_in_a_short_row_are_no_proof_of_an_error() -> None:
    # pdfium writes close cells' digits with no space between them: "2971267 52" is 29 7 1 2 6 7 52.
    # No placement of two numbers makes the row add up, but a split of the digits does: its readings
    # are not all known, and no relation over it may be called broken whichever way it is read.
    table, findings = _apply_with_short_row(["2971267", "52"])
    out = shortrows.place_short_rows({"apply": table}, findings, TEMPLATES["2021"])
    assert not any(cell_id("apply", "3.3.4", "total") in r.cells for r in table.readings)
    checked = check_tables("2021", {"apply": table})
    assert not any(f.severity is Severity.ERROR and "各种读法" in f.message for f in checked + out)


def test_a_short_row_no_split_mends_keeps_its_readings() -> None:
    # "106 3 0 0 9": no placement and no split of the digits adds up: broken whichever way it is read.
    table, findings = _apply_with_short_row(["106", "3", "0", "0", "9"])
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATES["2021"])
    assert any(cell_id("apply", "3.3.4", "total") in r.cells for r in table.readings)


def test_a_number_no_report_prints_is_read_as_cells_run_together() -> None:
    # "２９７1267" mixes full- and half-width digits: no one number. Its splits that make the row add
    # up are its readings (29 7 1 2 6 7 and 2 9 7 1 26 7), and the column totals choose between them.
    table, findings = _apply_with_short_row(["２９７1267", "52"])
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATES["2021"])
    row = {col: cell for (r, col), cell in table.cells.items() if r == "3.3.4"}
    assert [row[c].value for c in ("natural", "commercial", "research", "social", "legal", "other", "total")] == \
        [29, 7, 1, 2, 6, 7, 52]
    assert all(c.reading == "decoded" for c in row.values())
    assert row["natural"].raw == "２９" and row["natural"].source == Source(10 * 0, 2)


def test_split_digits_beside_a_row_not_found_stay_in_doubt() -> None:
    # With （三）5 not found, the digits read under （三）4 may be its: the split adds up either way.
    table, findings = _apply_with_short_row(["２９７1267", "52"])
    for key in [k for k in table.cells if k[0] == "3.3.5"]:
        del table.cells[key]
    lost = catalogued("row.missing", message="未找到", cells=tuple(cell_id("apply", "3.3.5", c)
                                                                  for c in ("natural", "total")))
    shortrows.place_short_rows({"apply": table}, [*findings, lost], TEMPLATES["2021"])
    assert all(c.reading == "uncertain" for (r, _c), c in table.cells.items() if r == "3.3.4")


def test_digits_run_into_a_row_label_leave_its_readings_unknown() -> None:
    # pdfium: "行政查询事项2741003 35": the row's first cells ran into its label, only "35" was read as
    # a number. Its placements are not all its readings: no relation over it is broken every way.
    text = "8. 属于行政查询事项2741003 35"
    table, findings = _apply_with_short_row(["35"])
    at = text.index(" 35") + 1
    table.cells[("3.3.4", "total")] = dataclasses.replace(table.cells[("3.3.4", "total")], source=Source(at, at + 2))
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATES["2021"], text)
    assert not any(cell_id("apply", "3.3.4", "total") in r.cells for r in table.readings)
    assert not any(f.severity is Severity.ERROR and "各种读法" in f.message for f in check_tables("2021", {"apply": table}))


def test_column_totals_do_not_place_a_row_whose_digits_ran_into_its_label() -> None:
    # "询事项2971267 52": 52 under 总计 makes the total column add up, but the row's other cells are
    # the digits run into the label, not blanks.
    text = "8. 属于行政查询事项2971267 52"
    table, findings = _apply_with_short_row(["52"])
    at = text.index(" 52") + 1
    table.cells[("3.3.4", "total")] = dataclasses.replace(table.cells[("3.3.4", "total")], source=Source(at, at + 2))
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATES["2021"], text)
    assert all(c.reading == "uncertain" for (r, _c), c in table.cells.items() if r == "3.3.4")
