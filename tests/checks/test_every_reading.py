"""A relation broken under every reading of its uncertain cells is an error, with no cell accused.

Where a row printed fewer numbers than it has cells, where its blanks stand is unknown and the
findings resting on it are warnings (a misread is as likely as a slip). But when no placement of
the row makes a relation hold, the report breaks it whichever placement is true: an error, though
which cell is wrong cannot be told (no suspect, no fix).
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_path, recheck
from gkaudit.model import Cell, Finding, Readings, Severity, Table, cell_id
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TEMPLATES

SUITE = Path(__file__).resolve().parent.parent / "data" / "converters"
APPLY = TEMPLATES["2021"].table("apply")
COLUMNS = [c.id for c in APPLY.row_columns(APPLY.row("1"))]


def test_injected_error_in_a_short_row_is_an_error_on_the_placed_row() -> None:
    # pypdf's text of a generated report whose （五）2.重复申请 自然人 was printed 106 for 6; pypdf
    # prints the row "106 3 0 0 9" (two blanks as nothing).
    report = audit_path(SUITE / "pypdf" / "gen915-2021-leaf.txt")
    row = [f for f in report.findings if f.rule == "apply.row_total" and "apply/3.5.2/total" in f.cells]
    assert len(row) == 1
    # The column totals place the row's numbers (the 106 under 自然人, with a slip of the report's
    # own elsewhere); its zeros and blanks may stand either way, which no sum tells apart.
    assert row[0].severity is Severity.ERROR and row[0].suspect is None and row[0].candidates == ()
    assert "相差 100" in row[0].message
    natural = report.tables["apply"].cells[("3.5.2", "natural")]
    assert (natural.value, natural.reading) == (106, "decoded")
    column = [f for f in report.findings if f.rule == "apply.processed_total" and "apply/3.7/natural" in f.cells]
    assert [f.severity for f in column] == [Severity.ERROR]


def _table(short: list[int | None], options: list[list[int | None]], natural_total: int) -> Table:
    """Every 依申请 row 0 but （一）予以公开 (in doubt, with its readings) and 一 and （七）, which print
    ``natural_total`` under 自然人 and as their total."""
    table = Table("apply")
    for row in APPLY.rows:
        if row.optional:
            continue
        for i, col in enumerate(COLUMNS):
            if row.id == "3.1":
                v = short[i]
                table.cells[(row.id, col)] = Cell("apply", row.id, col, v, "" if v is None else str(v),
                                                  blank=v is None, reading="uncertain")
            else:
                v = natural_total if row.id in ("1", "3.7") and col in ("natural", "total") else 0
                table.cells[(row.id, col)] = Cell("apply", row.id, col, v, str(v))
    ids = tuple(cell_id("apply", "3.1", c) for c in COLUMNS)
    table.readings.append(Readings(ids, tuple(tuple(o) for o in options)))
    return table


def _column_finding(table: Table) -> Severity | None:
    found = [f for f in check_tables("2021", {"apply": table})
             if f.rule == "apply.processed_total" and "apply/3.7/natural" in f.cells]
    return found[0].severity if found else None


def test_a_relation_that_holds_under_some_reading_stays_a_warning() -> None:
    # "5 5": read under 自然人 the column adds up, under 商业企业 not; the reading chose the latter.
    natural = [5, None, None, None, None, None, 5]
    commercial = [None, 5, None, None, None, None, 5]
    assert _column_finding(_table(commercial, [natural, commercial], 5)) is Severity.WARNING


def test_a_relation_no_reading_satisfies_is_an_error() -> None:
    natural = [5, None, None, None, None, None, 5]
    commercial = [None, 5, None, None, None, None, 5]
    table = _table(commercial, [natural, commercial], 7)
    assert _column_finding(table) is Severity.ERROR
    # Doubted again by a later step, the cells may hold what no recorded reading does.
    table.doubt([table.cells[("3.1", "natural")]])
    assert table.readings == []
    assert _column_finding(table) is Severity.WARNING


def test_readings_the_cells_no_longer_hold_are_not_trusted() -> None:
    natural = [5, None, None, None, None, None, 5]
    commercial = [None, 5, None, None, None, None, 5]
    other = [None, None, 2, None, None, None, 2]
    assert _column_finding(_table(other, [natural, commercial], 7)) is Severity.WARNING


def test_a_correction_is_read_into_every_reading() -> None:
    # The auditor sets 重复申请's 自然人 to 6: some placement of the row's other numbers now adds up,
    # so the row's total is no longer an error; any other correction leaves it one.
    report = audit_path(SUITE / "pypdf" / "gen915-2021-leaf.txt")

    def row_errors(corrections: dict[str, int | None]) -> list[Finding]:
        return [f for f in recheck(report, corrections)
                if f.rule == "apply.row_total" and "apply/3.5.2/total" in f.cells and f.severity is Severity.ERROR]

    assert len(row_errors({"apply/3.5.2/natural": 106})) == 1
    assert row_errors({"apply/3.5.2/natural": 6}) == []


def test_a_cell_doubted_again_keeps_no_alternatives_that_made_it_blank_or_zero_either_way() -> None:
    # A short row's total read blank with 0 its other reading adds the same either way; doubted
    # again (a number beside the row no cell took may be its own) it may hold that number instead.
    table = Table("apply")
    cell = Cell("apply", "3.3.4", "total", None, "", None, blank=True, reading="uncertain", alternatives=(0,))
    table.cells[("3.3.4", "total")] = cell
    table.readings.append(Readings((cell.id,), ((None,), (0,))))
    assert table.doubt([cell]) == []
    assert table.cells[("3.3.4", "total")].alternatives == () and table.readings == []
