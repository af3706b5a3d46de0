"""Several short 依申请 rows placed together by the relations they take part in.

Six result rows each print one number twice ("4 4": the count and the row's total, the other five
cells blank and printed as nothing). Each row alone admits six placements (the number under any of
the six applicant columns); the column totals decide them only together: 6⁶ combinations, past
what the one-row-at-a-time reading follows. The numbers are powers of two, so each column's total
names exactly which rows stand in it.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction import shortrows
from gkaudit.model import Cell, Finding, Severity, Source, Table, cell_id
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TEMPLATES

TEMPLATE = TEMPLATES["2021"]
APPLY = TEMPLATE.table("apply")
COLUMNS = [c.id for c in APPLY.row_columns(APPLY.row("1"))]  # natural … other, total
# Row → (its one number, the column it truly stands in).
SHORT = {"3.3.1": (1, "natural"), "3.3.2": (2, "commercial"), "3.3.3": (4, "research"),
         "3.3.4": (8, "natural"), "3.3.5": (16, "social"), "3.3.6": (32, "legal")}
SUITE = Path(__file__).resolve().parent.parent / "data" / "converters"


def _column_sums() -> list[int]:
    sums = [0] * len(COLUMNS)
    for n, col in SHORT.values():
        sums[COLUMNS.index(col)] += n
        sums[-1] += n
    return sums


def _table(processed_natural_slip: int = 0, processed_other_slip: int = 0) -> tuple[Table, list[Finding]]:
    """The table as a converter without positions leaves it: the short rows right-aligned, their
    first cells absent, each with its ``cell.missing`` finding."""
    table = Table("apply")
    findings: list[Finding] = []
    at = 0
    for row in APPLY.rows:
        if row.optional:
            continue
        if row.id in ("1", "3.7"):
            values: list[int | None] = _column_sums()
            if row.id == "3.7":
                values[0] = (values[0] or 0) + processed_natural_slip
                values[-2] = (values[-2] or 0) + processed_other_slip
        elif row.id in SHORT:
            n = SHORT[row.id][0]
            values = [None] * (len(COLUMNS) - 2) + [n, n]
            findings.append(Finding("cell.missing", Severity.WARNING, f"{row.title}：只找到 2 个数",
                                    cells=tuple(cell_id("apply", row.id, c) for c in COLUMNS)))
        else:
            values = [0] * len(COLUMNS)
        for col, v in zip(COLUMNS, values, strict=True):
            if v is not None:
                table.cells[(row.id, col)] = Cell("apply", row.id, col, v, str(v), Source(at, at + len(str(v))))
                at += len(str(v)) + 1
    return table, findings


def test_short_rows_placed_together_are_decoded_where_every_combination_agrees() -> None:
    table, findings = _table()
    findings = shortrows.place_short_rows({"apply": table}, findings, TEMPLATE)
    for row, (n, col) in SHORT.items():
        for c in COLUMNS:
            cell = table.cells[(row, c)]
            # The total was printed where it is read in every placement.
            assert cell.reading == ("printed" if c == "total" else "decoded"), cell
            assert cell.value == (n if c in (col, "total") else None)
            assert cell.blank == (c not in (col, "total"))
    assert not [f for f in findings if f.rule == "extract.uncertain"]
    assert not [f for f in check_tables("2021", {"apply": table}) if f.severity is Severity.ERROR]


def test_a_slip_no_placement_explains_is_the_reports_error_and_the_rows_are_placed() -> None:
    # 3.7's 自然人 printed 100 too high: no placement of the short rows makes the column add up,
    # and every placement but the true one breaks more relations. The rows are placed; the
    # column is the report's error, on cells read for sure.
    table, findings = _table(processed_natural_slip=100)
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATE)
    for row, (n, col) in SHORT.items():
        assert table.cells[(row, col)].value == n
        assert table.cells[(row, col)].reading == "decoded"
    errors = [f for f in check_tables("2021", {"apply": table})
              if f.severity is Severity.ERROR and f.rule == "apply.processed_total"]
    assert [f for f in errors if "apply/3.7/natural" in f.cells]
    assert not [f for f in errors if "apply/3.7/natural" not in f.cells and "apply/3.7/total" not in f.cells]


def test_a_report_with_a_slip_of_its_own_still_places_its_short_rows() -> None:
    # 3.7's 其他 printed 3 too high: 其他's total and balance break under every placement. Every
    # other placement breaks two relations more, so the rows are placed as printed, the slip
    # stays the report's error, and its cells are no misread.
    table, findings = _table(processed_other_slip=3)
    findings = shortrows.place_short_rows({"apply": table}, findings, TEMPLATE)
    for row, (n, col) in SHORT.items():
        for c in COLUMNS:
            cell = table.cells[(row, c)]
            assert cell.reading in ("printed", "decoded"), cell
            assert cell.value == (n if c in (col, "total") else None)
    assert not [f for f in findings if f.rule == "extract.uncertain"]
    errors = [f for f in check_tables("2021", {"apply": table}) if f.severity is Severity.ERROR]
    assert {"apply.processed_total", "apply.balance"} <= {f.rule for f in errors}
    assert all("apply/3.7/other" in f.cells or "apply/3.7/total" in f.cells for f in errors), errors


def test_a_slip_a_misplacement_would_explain_as_well_leaves_the_rows_open() -> None:
    # 3.7's 其他 printed 1 too high. 3.3.1's 1 standing under 其他 instead of 自然人 breaks as many
    # relations (自然人's total instead of 其他's): the arithmetic cannot tell a misplaced 1 from
    # a report's slip, so 3.3.1's cells stay uncertain; the rows no such move explains are placed.
    table, findings = _table(processed_other_slip=1)
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATE)
    row = [c for (r, col), c in table.cells.items() if r == "3.3.1" and col != "total" and c.value == 1]
    assert row and all(c.reading == "uncertain" for c in row), row
    placed = table.cells[("3.3.6", "legal")]
    assert (placed.reading, placed.value) == ("decoded", 32)


def test_a_right_report_read_by_pypdf_decodes_the_cells_its_short_rows_agree_on() -> None:
    # pypdf's text of a generated report that is right: 一、本年新收's 自然人 stands only where the
    # other short rows leave it.
    report = audit_path(SUITE / "pypdf" / "gen9809-2021-consistent.txt")
    cell = report.tables["apply"].cells[("1", "natural")]
    assert (cell.reading, cell.value) == ("decoded", 4)
    assert not [f for f in report.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")]


def test_a_doubted_row_does_not_settle_where_a_short_row_has_its_blank() -> None:
    """pdfplumber: （六）1. prints "14 3 1 1 2 21" for seven cells, and the row below it (2.) was
    read in doubt with its numbers under the wrong columns. Scored against that row's values as
    read, the column totals settled the 1 under 科研机构 where the report has it under 社会公益组织.
    A relation with a doubted cell no longer settles a short row: the blank's place stays open."""
    import json

    from tests.converters.scoring import score

    data = Path(__file__).resolve().parent.parent / "data" / "real"
    name = "gen14009-pdfplumber-doubted-neighbour"
    truth = json.loads((data / f"{name}.truth.json").read_text(encoding="utf-8"))
    s = score(audit_path(data / f"{name}.txt"), truth, name)
    assert not s.wrong, s.wrong
    assert not s.false_errors
