"""The three real PDFs of the corpus: every printed cell with its value, page and box (golden files)."""

from __future__ import annotations

import json

import pytest

from gkaudit.audit import audit_path
from gkaudit.jsonio import report_to_dict
from gkaudit.model import Severity
from tests.conftest import GOLDEN, SAMPLES

PDFS = ["huaian-city-2024", "huaian-hongze-district-2023", "huaian-hongze-district-2024"]


@pytest.mark.parametrize("name", PDFS)
def test_pdf_cells_match_golden_with_page_and_box(name: str) -> None:
    report = audit_path(SAMPLES / f"{name}.pdf")
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert (report.body, report.year, report.template) == (golden["body"], golden["year"], "2021")
    got: dict = {}
    for tid, table in report.tables.items():
        for (row, col), cell in table.cells.items():
            assert cell.source is not None and cell.source.page is not None, cell.id
            x0, top, x1, bottom = cell.source.page.bbox
            assert 0 <= x0 < x1 and 0 <= top < bottom < 1000, (cell.id, cell.source.page.bbox)
            got.setdefault(tid, {}).setdefault(row, {})[col] = [cell.value, cell.source.page.page]
    assert got == golden["tables"]


def test_hongze_2023_review_totals_printed_as_zero_are_errors() -> None:
    report = audit_path(SAMPLES / "huaian-hongze-district-2023.pdf")
    errors = {(f.cells[-1], f.expected, f.actual) for f in report.findings if f.severity is Severity.ERROR}
    assert errors == {("review/review/total", 11, 0), ("review/suit_after_review/total", 5, 0)}
    assert all(f.rule == "review.total" for f in report.findings if f.severity is Severity.ERROR)
    # 其他处理 printed as one row in a 2021-template report: no missing-row finding for 3.6.1–3.6.3.
    assert report.tables["apply"].get("3.6", "total") is not None
    assert not [f for f in report.findings if f.rule == "row.missing"]


def test_pdf_json_carries_page_and_bbox() -> None:
    data = report_to_dict(audit_path(SAMPLES / "huaian-city-2024.pdf"))
    src = data["tables"]["apply"]["3.7"]["total"]["source"]
    assert data["tables"]["apply"]["3.7"]["total"]["value"] == 3050
    assert {"page", "bbox", "start", "end"} <= set(src) and len(src["bbox"]) == 4


def test_consistent_pdfs_have_no_error() -> None:
    for name in ("huaian-city-2024", "huaian-hongze-district-2024"):
        report = audit_path(SAMPLES / f"{name}.pdf")
        assert not [f for f in report.findings if f.severity is Severity.ERROR], name


@pytest.mark.parametrize("name", PDFS)
def test_pdftotext_layout_text_of_the_same_reports(name: str) -> None:
    """The same reports as ``pdftotext -layout`` prints them: columns aligned with spaces."""
    from tests.conftest import ROOT

    report = audit_path(ROOT / "tests" / "data" / f"{name}.pdftotext-layout.txt")
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    got = {
        tid: {row: {col: [cell.value, page] for col, (_, page) in cols.items() if (cell := report.tables[tid].get(row, col))}
              for row, cols in rows.items()}
        for tid, rows in golden["tables"].items()
    }
    assert got == golden["tables"]
    errors = sorted(f"{f.rule} {f.cells[-1]} {f.expected}/{f.actual}" for f in report.findings if f.severity is Severity.ERROR)
    assert errors == golden["errors"]


def test_borderless_pdf_table_rows_printed_as_label_then_numbers() -> None:
    """A Word table without borders, printed to PDF: rows come out as "规章 0 0 110" text lines."""
    from tests.conftest import ROOT

    data = ROOT / "tests" / "data"
    truth = json.loads((data / "borderless-2021.truth.json").read_text(encoding="utf-8"))
    report = audit_path(data / "borderless-2021.pdf")
    assert report.template == "2021"
    wrong = {}
    for cid, value in truth.items():
        cell = report.cell(cid)
        if cell is None or cell.value != pytest.approx(value):
            wrong[cid] = (value, None if cell is None else cell.value)
    assert wrong == {}
    assert not [f for f in report.findings if f.severity is Severity.ERROR]


def test_borderless_pdf_blank_cells_found_by_page_position() -> None:
    """Blank cells of a borderless table print nothing; the numbers' boxes say which column is empty."""
    from tests.conftest import ROOT

    data = ROOT / "tests" / "data"
    truth = json.loads((data / "borderless-2019-blanks.truth.json").read_text(encoding="utf-8"))
    report = audit_path(data / "borderless-2019-blanks.pdf")
    blanks = [cid for cid, v in truth.items() if v is None and not cid.startswith("review/")]
    assert blanks  # the case is about blanks
    wrong = {}
    for cid, value in truth.items():
        if cid.startswith("review/"):
            continue  # the one-line review table is placed in order, not by position
        cell = report.cell(cid)
        got = None if cell is None else cell.value
        if cell is None or got != value:
            wrong[cid] = (value, got)
    assert wrong == {}
    assert all(report.cell(cid).blank for cid in blanks)  # type: ignore[union-attr]
