"""A third template defined as data only is recognised, extracted, checked, exported and shown in the table model.

The toy ``2026`` format is the 2021 one with an extra row in 依申请 (（五）6) and the review table's
结果纠正 column renamed 结果撤销; it is added to ``TEMPLATES`` for the test and nothing else changes.
"""

from __future__ import annotations

import dataclasses
import io
import random
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

import tests.generator as generator
from gkaudit.audit import audit_document
from gkaudit.export.xlsx import build_report_workbook
from gkaudit.form import form_layout
from gkaudit.model import AuditReport
from gkaudit.reading import read_bytes
from gkaudit.templates import TEMPLATES, RowSpec, template_for_year
from gkaudit.workspace import ReviewSession, Workspace
from tests.checks.reports import set_value
from ui.models import ReportTableModel


def toy_template():  # type: ignore[no-untyped-def]
    base = TEMPLATES["2021"]
    apply = base.table("apply")
    rows = list(apply.rows)
    extra = RowSpec("3.5.6", "6.申请公开已主动公开的信息", ("申请公开已主动公开", "已主动公开的信息"),
                    group="（五）不予处理", result_leaf=True)
    rows.insert([r.id for r in rows].index("3.5.5") + 1, extra)
    review = base.table("review")
    columns = tuple(dataclasses.replace(c, label="结果撤销") if c.id == "corrected" else c for c in review.columns)
    return dataclasses.replace(
        base, id="2026", title="政府信息公开工作年度报告格式（2026 年试行）", issued_with="国办公开办函〔2026〕1号",
        markers=(*base.markers, "申请公开已主动公开的信息", "结果撤销"),
        tables=(base.table("active"), dataclasses.replace(apply, rows=tuple(rows)),
                dataclasses.replace(review, columns=columns, signature_keys=("结果维持", "结果撤销", "尚未审结"))),
        first_year=2026, reports_fees=False)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setitem(TEMPLATES, "2026", toy_template())
    monkeypatch.setitem(generator.YEARS, "2026", (2026,))
    yield "2026"


def _report(template: str, broken: bool = False) -> tuple[AuditReport, generator.Tables]:
    rng = random.Random("toy-template")
    tables = generator.make_tables(template, rng, blanks=False, fullwidth=False, one_row_other=True)
    if broken:  # one more in the new row: （一）…（六） no longer add up to （七）
        set_value(tables, "apply/3.5.6/natural", int(tables.v("apply/3.5.6/natural")) + 1)
    rendered = generator.render(tables, "tab", rng, year=2026, body="甲市人民政府")
    return audit_document(read_bytes("甲市2026.txt", rendered.data)), tables


def test_recognised_and_extracted(toy: str) -> None:
    report, truth = _report(toy)
    assert (report.template, report.year, template_for_year(2026)) == ("2026", 2026, "2026")
    for cid in truth.cell_ids():
        cell = report.cell(cid)
        assert cell is not None and cell.value == truth.values[cid], cid
    assert report.findings == []


def test_checked_with_the_new_row(toy: str) -> None:
    report, _ = _report(toy, broken=True)
    broken = [f for f in report.findings if f.rule == "apply.processed_total"]
    assert broken and any("apply/3.5.6/natural" in f.cells for f in broken)


def test_exported_and_shown(toy: str, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    report, truth = _report(toy)
    canvas, placement = build_report_workbook(report)
    wb = openpyxl.load_workbook(io.BytesIO(canvas.save()))
    ref = placement.cells["apply/3.5.6/total"]
    assert wb[ref.sheet].cell(ref.row, ref.col).value == truth.values["apply/3.5.6/total"]
    texts = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("申请公开已主动公开的信息" in t for t in texts) and any("结果撤销" in t for t in texts)
    session = ReviewSession(report, Workspace.open(report, tmp_path))
    try:
        model = ReportTableModel()
        model.set_session(session, "apply")
        index = model.index_of("apply/3.5.6/total")
        assert index.isValid() and index.data() == str(truth.values["apply/3.5.6/total"])
        labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
        shown = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]
        assert any("申请公开已主动公开的信息" in str(x) for x in labels + shown)
        review = ReportTableModel()
        review.set_session(session, "review")
        headers = [review.headerData(c, Qt.Orientation.Horizontal) for c in range(review.columnCount())]
        shown = [review.index(r, c).data() for r in range(review.rowCount()) for c in range(review.columnCount())]
        assert any("结果撤销" in str(x) for x in headers + shown)
    finally:
        session.workspace.close()


def test_window_and_workbook_draw_one_layout(toy: str, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The renamed column and the new row come to both from ``form_layout``, not from code of their own."""
    report, _ = _report(toy)
    review_spec = TEMPLATES[toy].table("review")
    printed = form_layout(review_spec, report.tables["review"].rows())
    assert "结果撤销" in [h.text for h in printed.header]
    canvas, placement = build_report_workbook(report)
    wb = openpyxl.load_workbook(io.BytesIO(canvas.save()))
    first = placement.cells[printed.rows[0].cells[0] or ""]
    top = first.row - printed.header_rows
    for h in printed.header:
        assert wb[first.sheet].cell(top + h.row, first.col + h.first).value == h.text, h
    apply_layout = form_layout(TEMPLATES[toy].table("apply"), report.tables["apply"].rows())
    new_row = next(r for r in apply_layout.rows if r.row == "3.5.6")
    at = placement.cells["apply/3.5.6/natural"]
    assert wb[at.sheet].cell(at.row, 3).value == new_row.label
    session = ReviewSession(report, Workspace.open(report, tmp_path))
    try:
        model = ReportTableModel()
        model.set_session(session, "review")
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        folded = form_layout(review_spec, report.tables["review"].rows(), flat=False)
        assert headers == [folded.label_head, *folded.column_titles] and "结果撤销" in headers
        model.set_session(session, "apply")
        labels = [str(model.index(r, 0).data()).strip("　") for r in range(model.rowCount())]
        assert new_row.label in labels
    finally:
        session.workspace.close()
