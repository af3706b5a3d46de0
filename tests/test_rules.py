"""The rule engine on hand-built tables: relations, blanks, invalid cells, and error localisation."""

from __future__ import annotations

from gkaudit.model import Cell, Severity, Table
from gkaudit.rules.engine import check_tables
from gkaudit.templates import TEMPLATES


def _tables(template: str, overrides: dict[str, object] | None = None) -> dict[str, Table]:
    """A consistent all-zero report with a few non-zero cells, then ``overrides`` (cell id → raw)."""
    spec = TEMPLATES[template]
    values: dict[str, object] = {}
    for t in spec.tables:
        for row in t.rows:
            if row.optional:
                continue
            for col in t.row_columns(row):
                values[f"{t.id}/{row.id}/{col.id}"] = 0
    # 5 new applications from natural persons: 3 published, 2 carried forward.
    for cid, v in {
        "apply/1/natural": 5, "apply/1/total": 5, "apply/3.1/natural": 3, "apply/3.1/total": 3,
        "apply/3.7/natural": 3, "apply/3.7/total": 3, "apply/4/natural": 2, "apply/4/total": 2,
    }.items():
        values[cid] = v
    values.update(overrides or {})
    tables = {t.id: Table(t.id) for t in spec.tables}
    for cid, v in values.items():
        table, row, col = cid.split("/")
        blank = v is None or v == ""
        tables[table].cells[(row, col)] = Cell(table, row, col, None if blank else v, "" if blank else str(v), blank=blank)  # type: ignore[arg-type]
    return tables


def test_consistent_tables_have_no_findings() -> None:
    assert check_tables("2019", _tables("2019")) == []
    assert check_tables("2021", _tables("2021")) == []


def test_inner_leaf_error_is_localised() -> None:
    findings = check_tables("2021", _tables("2021", {"apply/3.3.4/natural": 1}))
    rules = sorted(f.rule for f in findings)
    assert rules == ["apply.processed_total", "apply.row_total"]
    for f in findings:
        assert f.suspect is not None and (f.suspect.cell, f.suspect.suggested) == ("apply/3.3.4/natural", 0)


def test_row_total_alone_has_single_suspect_only_when_columns_agree() -> None:
    # The total of a row is wrong but its parts add up and the column sums hold: the total is the suspect.
    findings = check_tables("2019", _tables("2019", {"apply/3.1/total": 4}))
    by_rule = {f.rule: f for f in findings}
    assert set(by_rule) == {"apply.row_total", "apply.processed_total"}
    assert by_rule["apply.row_total"].suspect is not None
    assert by_rule["apply.row_total"].suspect.cell == "apply/3.1/total"
    assert by_rule["apply.row_total"].suspect.suggested == 3


def test_ambiguous_review_row_lists_candidates_instead_of_guessing() -> None:
    findings = check_tables("2019", _tables("2019", {"review/review/upheld": 2}))
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "review.total" and f.severity is Severity.ERROR
    assert f.suspect is None
    # Lowering another part would make it negative: only the printed part or the total can be wrong.
    assert {c.cell for c in f.candidates} == {"review/review/upheld", "review/review/total"}
    assert (f.expected, f.actual) == (2, 0) and "相差 2" in f.message


def test_two_independent_errors_each_get_their_suspect() -> None:
    findings = check_tables("2019", _tables("2019", {"apply/3.3.1/natural": 7, "apply/3.5.2/commercial": 1}))
    by_rule = {(f.rule, f.cells[0]): f for f in findings}
    assert len(findings) == 4 and all(f.severity is Severity.ERROR for f in findings)
    # The two mistakes touch relations that share cells, yet each is explained by its own cell.
    first = by_rule[("apply.row_total", "apply/3.3.1/natural")]
    second = by_rule[("apply.row_total", "apply/3.5.2/natural")]
    assert first.suspect is not None and (first.suspect.cell, first.suspect.suggested) == ("apply/3.3.1/natural", 0)
    assert second.suspect is not None and (second.suspect.cell, second.suspect.suggested) == ("apply/3.5.2/commercial", 0)


def test_blank_is_zero_in_arithmetic_but_reported() -> None:
    findings = check_tables("2019", _tables("2019", {"apply/2/natural": None}))
    assert [f.rule for f in findings] == ["cell.blank"]
    assert findings[0].severity is Severity.WARNING and findings[0].cells == ("apply/2/natural",)


def test_invalid_cells_are_errors() -> None:
    tables = _tables("2019")
    tables["apply"].cells[("2", "natural")] = Cell("apply", "2", "natural", -1, "-1", invalid="件数“-1”为负数")
    tables["apply"].cells[("2", "total")] = Cell("apply", "2", "total", None, "若干", invalid="“若干”不是数字")
    findings = check_tables("2019", tables)
    invalid = [f for f in findings if f.rule == "cell.invalid"]
    assert {f.cells[0] for f in invalid} == {"apply/2/natural", "apply/2/total"}
    assert all(f.severity is Severity.ERROR for f in invalid)


def test_corrections_override_printed_values() -> None:
    tables = _tables("2019", {"apply/3.7/natural": 4})
    assert check_tables("2019", tables)
    assert check_tables("2019", tables, {"apply/3.7/natural": 3}) == []


def _without_row(tables: dict[str, Table], row: str) -> dict[str, Table]:
    apply = tables["apply"]
    for key in [k for k in apply.cells if k[0] == row]:
        del apply.cells[key]
    return tables


def test_sum_missing_an_unread_row_is_a_warning_that_names_the_row() -> None:
    # 3.1 holds the 3 published applications; the reading lost that row, so （七）总计 looks 3 too big.
    findings = check_tables("2019", _without_row(_tables("2019"), "3.1"))
    assert {f.rule for f in findings} == {"apply.processed_total"}
    assert {f.cells[-1] for f in findings} == {"apply/3.7/natural", "apply/3.7/total"}
    for f in findings:
        assert f.severity is Severity.WARNING and f.uncertain
        assert f.suspect is None and not f.candidates
        assert "未能读取“（一）予以公开”一行" in f.message and "可能为识别误差，请核对原文" in f.message


def test_sum_without_a_lost_row_still_errs_when_the_row_is_printed_wrong() -> None:
    # The same 3 missing from the sum, but the row was read (printed as 0): a real error.
    tables = _tables("2019", {"apply/3.1/natural": 0, "apply/3.1/total": 0})
    findings = [f for f in check_tables("2019", tables) if f.rule == "apply.processed_total"]
    assert findings and all(f.severity is Severity.ERROR and not f.uncertain for f in findings)


def test_one_row_other_variant_is_not_an_unread_row() -> None:
    # 2021 prints （六）其他处理 as one row or as three: the one-row form misses nothing.
    tables = _tables("2021", {"apply/3.6/natural": 0, "apply/3.6/total": 0, "apply/3.7/natural": 4,
                              "apply/3.7/total": 4})
    for row in ("3.6.1", "3.6.2", "3.6.3"):
        _without_row(tables, row)
    for col in ("commercial", "research", "social", "legal", "other"):
        tables["apply"].cells[("3.6", col)] = Cell("apply", "3.6", col, 0, "0")
    findings = [f for f in check_tables("2021", tables) if f.rule == "apply.processed_total"]
    assert findings and all(f.severity is Severity.ERROR and "未能读取" not in f.message for f in findings)


def test_invalid_value_in_a_cell_read_with_doubt_is_a_warning() -> None:
    # "减 42" belongs to 本年增/减; a reading unsure where it stands put it under 处理决定数量.
    tables = _tables("2019")
    tables["apply"].cells[("2", "natural")] = Cell("apply", "2", "natural", -42, "减 42", invalid="件数“减 42”为负数",
                                                   reading="uncertain")
    tables["apply"].cells[("2", "total")] = Cell("apply", "2", "total", -1, "-1", invalid="件数“-1”为负数")
    by_cell = {f.cells[0]: f for f in check_tables("2019", tables) if f.rule == "cell.invalid"}
    unsure, sure = by_cell["apply/2/natural"], by_cell["apply/2/total"]
    assert unsure.severity is Severity.WARNING and unsure.uncertain and "可能为识别误差，请核对原文" in unsure.message
    assert sure.severity is Severity.ERROR and not sure.uncertain


def test_a_cell_blank_or_zero_in_every_reading_leaves_its_sums_sure() -> None:
    import dataclasses

    # The review row printed "0 0 0 5" for five cells (a blank as nothing): whether its first cells
    # are 0 or blank, the parts add up to 0 and the total is 5: a mistake in the report, not a misread.
    tables = _tables("2019", {"review/review/total": 5})
    cells = tables["review"].cells
    for col in ("upheld", "corrected"):
        cells[("review", col)] = dataclasses.replace(cells[("review", col)], reading="uncertain", alternatives=(None,))
    found = [f for f in check_tables("2019", tables) if f.rule == "review.total"]
    assert found and all(f.severity is Severity.ERROR and not f.uncertain for f in found)
    # A cell that another reading gives a number keeps the relation in doubt.
    cells[("review", "other")] = dataclasses.replace(cells[("review", "other")], reading="uncertain", alternatives=(5,))
    found = [f for f in check_tables("2019", tables) if f.rule == "review.total"]
    assert found and all(f.severity is Severity.WARNING and f.uncertain for f in found)
