"""The five seed reports against golden files checked by hand once (values, findings, metadata)."""

from __future__ import annotations

import json

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.conftest import GOLDEN, SAMPLES, SEEDS


def _golden(name: str) -> dict:
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(SEEDS))
def test_seed_values_match_golden(name: str) -> None:
    report = audit_path(SAMPLES / f"{name}.txt")
    golden = _golden(name)
    assert (report.body, report.year, report.template) == (golden["body"], golden["year"], golden["template"])
    got = {
        tid: {row: {col: c.value for (r, col), c in t.cells.items() if r == row} for row in t.rows()}
        for tid, t in report.tables.items()
    }
    assert got == golden["tables"]


@pytest.mark.parametrize("name", list(SEEDS))
def test_every_cell_keeps_raw_text_and_exact_source(name: str) -> None:
    report = audit_path(SAMPLES / f"{name}.txt")
    text = report.document.text if report.document else ""
    for table in report.tables.values():
        for cell in table.cells.values():
            assert cell.source is not None, cell.id
            assert text[cell.source.start : cell.source.end] == cell.raw, cell.id


def test_templates_as_listed_in_seed_readme() -> None:
    templates = [audit_path(SAMPLES / f"{n}.txt").template for n in SEEDS]
    assert templates == ["2019", "2019", "2019", "2021", "2019"]


def _errors(name: str) -> list:
    return [f for f in audit_path(SAMPLES / f"{name}.txt").findings if f.severity is Severity.ERROR]


def test_fuxin_total_row_and_social_column_with_suspect() -> None:
    errors = _errors("fuxin-2020")
    by_rule = {f.rule: f for f in errors}
    assert set(by_rule) == {"apply.row_total", "apply.processed_total", "apply.balance"}
    row = by_rule["apply.row_total"]
    assert (row.expected, row.actual) == (61, 60)
    assert "apply/3.7/social" in row.cells and "apply/3.7/total" in row.cells
    assert "（七）总计" in row.message and "61" in row.message and "60" in row.message
    col = by_rule["apply.processed_total"]
    assert (col.expected, col.actual) == (0, 1) and "社会公益组织" in col.message
    for f in errors:
        assert f.suspect is not None
        assert (f.suspect.cell, f.suspect.suggested) == ("apply/3.7/social", 0)


def test_urumqi_carry_forward_balance_and_review_total() -> None:
    errors = _errors("urumqi-2020")
    rows = [f for f in errors if f.rule == "apply.row_total"]
    assert len(rows) == 1 and (rows[0].expected, rows[0].actual) == (0, 2)
    assert rows[0].cells[-1] == "apply/4/total"
    balance = [f for f in errors if f.rule == "apply.balance"]
    assert len(balance) == 1 and (balance[0].expected, balance[0].actual) == (150, 148)
    assert "自然人" in balance[0].message
    for f in rows + balance:
        assert f.suspect is not None and (f.suspect.cell, f.suspect.suggested) == ("apply/4/natural", 2)
    review = [f for f in errors if f.rule == "review.total"]
    assert len(review) == 1 and (review[0].expected, review[0].actual) == (179, 178)
    assert "未经复议直接起诉" in review[0].message
    # Any of the five cells could be the wrong one: no single suspect is claimed.
    assert review[0].suspect is None and len(review[0].candidates) == 5
    assert len(errors) == 3


@pytest.mark.parametrize("name", ["wuhai-2020", "wuzhong-2020", "qingtongxia-2021"])
def test_consistent_seeds_have_no_error(name: str) -> None:
    assert _errors(name) == []


def test_blank_cells_are_warnings_not_zero() -> None:
    report = audit_path(SAMPLES / "urumqi-2020.txt")
    cell = report.tables["apply"].get("1", "other")
    assert cell is not None and cell.blank and cell.value is None
    blanks = [f for f in report.findings if f.rule == "cell.blank"]
    assert [f.severity for f in blanks] == [Severity.WARNING]
    assert blanks[0].cells == ("apply/1/other",)
    wuhai = audit_path(SAMPLES / "wuhai-2020.txt")
    assert all(c.blank for (row, _), c in wuhai.tables["review"].cells.items() if row == "review")


def test_wuzhong_lost_cells_are_reported_not_filled() -> None:
    report = audit_path(SAMPLES / "wuzhong-2020.txt")
    assert report.tables["apply"].get("3.4.3", "natural") is None
    missing = [f for f in report.findings if f.rule == "cell.missing"]
    assert {f.cells[0] for f in missing} == {"apply/3.4.3/natural", "apply/3.5.2/natural", "apply/3.5.3/natural"}
    assert all(f.severity is Severity.WARNING for f in missing)
