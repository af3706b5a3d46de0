"""LibreOffice recalculates the workbooks: every check formula gives the difference the tool reported.

LibreOffice is told to recompute every formula on load (``libreoffice.convert``), so the numbers
read back are LibreOffice's own, not the cached results the writer put in. Marked slow; skipped
where LibreOffice is not installed (CI installs it).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gkaudit.export.overview import RELATION_RULES
from gkaudit.export.xlsx import build_batch_workbook, build_report_workbook
from gkaudit.model import AuditReport

from .libreoffice import convert, soffice
from .test_report_workbook import tool_differences

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]


def _recalculated(data: bytes, folder: Path, name: str) -> openpyxl.Workbook:
    source = folder / f"{name}.xlsx"
    source.write_bytes(data)
    return openpyxl.load_workbook(convert(source, "xlsx", folder / "recalculated"), data_only=True)


def _assert_checks(report: AuditReport, checks: dict, recalculated: openpyxl.Workbook, cached: openpyxl.Workbook,
                   expected: dict) -> None:
    for key, ref in checks.items():
        got = recalculated[ref.sheet][ref.coord].value
        assert got == cached[ref.sheet][ref.coord].value, (report.file, key, got)
        if expected[key] is not None:
            assert got == expected[key], (report.file, key, got)
    for f in report.findings:
        if f.rule in RELATION_RULES:
            ref = checks[(f.rule, f.cells)]
            assert recalculated[ref.sheet][ref.coord].value == f.expected - f.actual


def test_seed_workbooks_recalculate_to_the_tool_differences(seeds: dict[str, AuditReport], tmp_path: Path) -> None:
    import io

    for name, report in seeds.items():
        canvas, placement = build_report_workbook(report)
        data = canvas.save()
        recalculated = _recalculated(data, tmp_path, name)
        cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        assert recalculated.sheetnames == cached.sheetnames  # opened whole, nothing dropped
        _assert_checks(report, placement.checks, recalculated, cached, tool_differences(report))
        counts = recalculated["审计概要"]
        for row in counts.iter_rows():
            for cell in row:
                if isinstance(cached["审计概要"][cell.coordinate].value, int):
                    assert cell.value == cached["审计概要"][cell.coordinate].value


def test_generated_batch_recalculates_to_the_tool_differences(
    seeds: dict[str, AuditReport], generated_batch: list[AuditReport], tmp_path: Path
) -> None:
    import io

    reports = [*seeds.values(), *generated_batch]
    canvas, placements = build_batch_workbook(reports)
    data = canvas.save()
    recalculated = _recalculated(data, tmp_path, "批量")
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert recalculated.sheetnames == cached.sheetnames
    for report, placement in zip(reports, placements, strict=True):
        _assert_checks(report, placement.checks, recalculated, cached, tool_differences(report))
    summary, summary_cached = recalculated["汇总"], cached["汇总"]
    for row in summary.iter_rows(min_row=4):
        for cell in row:
            assert cell.value == summary_cached[cell.coordinate].value, cell.coordinate


def test_workbook_rechecks_itself_after_a_reviewer_edits_a_value(seeds: dict[str, AuditReport], tmp_path: Path) -> None:
    report = seeds["fuxin-2020"]
    canvas, placement = build_report_workbook(report, corrections={"apply/1/natural": 61})
    edited = tmp_path / "edited.xlsx"
    edited.write_bytes(canvas.save())
    wb = openpyxl.load_workbook(edited)  # what a reviewer's Excel does: change a cell, save
    wb["依申请公开"][placement.cells["apply/3.7/social"].coord].value = 0
    wb.save(edited)
    recalculated = openpyxl.load_workbook(convert(edited, "xlsx", tmp_path / "out"), data_only=True)
    for ref in placement.checks.values():
        assert recalculated[ref.sheet][ref.coord].value == 0, ref
    # the corrected copy follows the edited printed value, and shows the auditor's own change
    corrected = {k: recalculated[r.sheet][r.coord].value for k, r in placement.corrected_checks.items()}
    broken = {k[0] for k, v in corrected.items() if v != 0}
    assert broken == {"apply.row_total", "apply.balance"}
