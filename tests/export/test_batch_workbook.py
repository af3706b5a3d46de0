"""A batch → one workbook: 汇总 (one row per report), one 问题清单 for all, one sheet per report."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from gkaudit.cli import main
from gkaudit.export.findings_sheet import columns
from gkaudit.export.paper import HEAD_ROWS
from gkaudit.export.xlsx import build_batch_workbook, finding_key
from gkaudit.model import AuditReport, Severity
from gkaudit.problems import problems_of

from .conftest import SAMPLES, SEED_NAMES
from .test_report_workbook import tool_differences


@pytest.fixture(scope="module")
def batch(seeds: dict[str, AuditReport], generated_batch: list[AuditReport]) -> list[AuditReport]:
    return [*seeds.values(), *generated_batch]


def _build(reports: list[AuditReport], **kw: object) -> tuple[openpyxl.Workbook, openpyxl.Workbook, list]:
    canvas, placements = build_batch_workbook(reports, **kw)  # type: ignore[arg-type]
    data = canvas.save()
    return openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True), placements


def test_summary_one_row_per_report(batch: list[AuditReport]) -> None:
    wb, values, placements = _build(batch)
    assert wb.sheetnames[:4] == ["汇总", "索引表", "问题清单", "统计分析"] and wb.sheetnames[-1] == "审计轨迹"
    assert len(wb.sheetnames) == 5 + len(batch)
    assert all(len(n) <= 31 for n in wb.sheetnames) and len({n.lower() for n in wb.sheetnames}) == len(wb.sheetnames)
    ws, cached = wb["汇总"], values["汇总"]
    head = [c.value for c in ws[3]]
    for name in ("单位", "年度", "模板", "本年新收", "办理总计", "结转下年", "错误", "警告", "状态", "工作表"):
        assert name in head, name
    at = {name: i + 1 for i, name in enumerate(head)}
    for n, (report, placement) in enumerate(zip(batch, placements, strict=True), start=4):
        assert ws.cell(n, at["单位"]).value == report.body
        assert ws.cell(n, at["年度"]).value == report.year
        assert ws.cell(n, at["本年新收"]).value == report.cell("apply/1/total").value  # type: ignore[union-attr]
        assert ws.cell(n, at["办理总计"]).value == report.cell("apply/3.7/total").value  # type: ignore[union-attr]
        counts = report.counts()
        assert ws.cell(n, at["错误"]).value == counts[Severity.ERROR]
        assert ws.cell(n, at["警告"]).value == counts[Severity.WARNING]
        link = ws.cell(n, at["工作表"])
        assert link.value == placement.sheet and link.hyperlink.location == f"'{placement.sheet}'!A1"
        assert str(ws.cell(n, at["待定"]).value).startswith("=COUNTIFS('问题清单'!")
        problems = len(problems_of(report.findings, report))
        assert cached.cell(n, at["问题"]).value == cached.cell(n, at["待定"]).value == problems
        assert [cached.cell(n, at[s]).value for s in ("确认", "驳回", "已整改", "已更正")] == [0, 0, 0, 0]
        assert cached.cell(n, at["状态"]).value == ("待复核" if report.findings else "无问题")
    total_row = 4 + len(batch)
    assert ws.cell(total_row, 1).value == "合计"
    assert cached.cell(total_row, at["错误"]).value == sum(r.counts()[Severity.ERROR] for r in batch)
    assert ws.auto_filter.ref == f"A3:{openpyxl.utils.get_column_letter(len(head))}{total_row - 1}"
    assert ws.freeze_panes == "C4"


def test_all_findings_in_one_list_each_naming_its_report(batch: list[AuditReport]) -> None:
    wb, _, placements = _build(batch)
    ws = wb["问题清单"]
    names = [name for name, _ in columns(True)]
    top = HEAD_ROWS + 1
    assert [c.value for c in ws[top]] == names and names[1] == "报告"
    at = {name: i + 1 for i, name in enumerate(names)}
    rows = [(pl, p) for r, pl in zip(batch, placements, strict=True) for p in problems_of(r.findings, r)]
    assert ws.max_row == len(rows) + top
    for n, (placement, p) in enumerate(rows, start=top + 1):
        report_cell = ws.cell(n, at["报告"])
        assert report_cell.value == placement.sheet and report_cell.hyperlink.location == f"'{placement.sheet}'!A1"
        assert ws.cell(n, at["问题键"]).value == p.key
        target = placement.target(p.findings[0])
        if target is not None:
            assert target.sheet == placement.sheet
            assert ws.cell(n, at["涉及单元格"]).hyperlink.location == target.location
    status_dv = next(dv for dv in ws.data_validations.dataValidation if dv.errorTitle == "审核状态")
    assert status_dv.formula1 == '"待定,确认,驳回,已整改,已更正"'
    assert ws.freeze_panes == f"C{top + 1}"


def test_report_sheets_stack_the_three_tables_with_their_checks(batch: list[AuditReport]) -> None:
    wb, values, placements = _build(batch)
    for report, placement in zip(batch, placements, strict=True):
        ws = wb[placement.sheet]
        captions = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
        for caption in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
            assert any(isinstance(c, str) and c.startswith(caption) for c in captions), (placement.sheet, caption)
        assert ws.cell(HEAD_ROWS + 1, 1).hyperlink.location == "'汇总'!A1"
        assert str(ws["A1"].value).endswith("年度报告核对")
        head = " ".join(str(c.value) for row in ws.iter_rows(min_row=2, max_row=4) for c in row if c.value)
        for part in ("被审计单位：", "审计项目名称：", "审计事项：", f"索引号：{placement_index(placement)}", "编制人：", "复核人："):
            assert part in head, part
        expected = tool_differences(report)
        assert set(placement.checks) == set(expected)
        for key, ref in placement.checks.items():
            assert ref.sheet == placement.sheet
            if expected[key] is not None:
                assert values[ref.sheet][ref.coord].value == expected[key]


def placement_index(placement: object) -> str:
    return "GK-3-" + str(int(str(placement.sheet)[:3]))  # type: ignore[attr-defined]


def test_corrections_and_reviews_are_keyed_by_report_file(seeds: dict[str, AuditReport]) -> None:
    reports = list(seeds.values())
    fuxin = seeds["fuxin-2020"]
    wb, values, placements = _build(
        reports,
        corrections={fuxin.file: {"apply/3.7/social": 0}},
        reviews={fuxin.file: {finding_key(fuxin.findings[0]): ("确认", "属实", "王五", "2025-04-01")}},
    )
    placement = placements[reports.index(fuxin)]
    assert placement.corrected_checks and all(
        values[r.sheet][r.coord].value == 0 for r in placement.corrected_checks.values()
    )
    others = [p for p in placements if p is not placement]
    assert all(not p.corrected_cells for p in others)
    at = {name: i + 1 for i, (name, _) in enumerate(columns(True))}
    ws = wb["问题清单"]
    statuses = {ws.cell(r, at["问题键"]).value: ws.cell(r, at["审核状态"]).value for r in range(2, ws.max_row + 1)
                if ws.cell(r, at["报告"]).value == placement.sheet}
    # The correction resolves Fuxin's one problem: 已更正 outranks the 确认 given to its finding.
    (problem,) = problems_of(fuxin.findings, fuxin)
    assert statuses == {problem.key: "已更正"}
    head = [c.value for c in wb["汇总"][3]]
    row = 4 + reports.index(fuxin)
    assert values["汇总"].cell(row, head.index("已更正") + 1).value == 1
    assert values["汇总"].cell(row, head.index("待定") + 1).value == 0


def test_cli_folder_writes_a_batch_workbook(cn_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in SEED_NAMES:
        shutil.copy(SAMPLES / f"{name}.txt", cn_tmp / f"{name}.txt")
    target = cn_tmp / "批量底稿.xlsx"
    assert main(["audit", str(cn_tmp), "--xlsx", str(target)]) == 0
    assert f"已写出审计底稿：{target}" in capsys.readouterr().err
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:4] == ["汇总", "索引表", "问题清单", "统计分析"] and len(wb.sheetnames) == 5 + len(SEED_NAMES)


def test_sheet_names_from_odd_bodies_stay_legal_and_linked(seeds: dict[str, AuditReport]) -> None:
    from dataclasses import replace

    base = seeds["fuxin-2020"]
    odd = [replace(base, body=body, file=f"{n}.txt") for n, body in
           enumerate(["O'Brien[市]:政府*办公室?/\\" + "很长的名字" * 8, "History", None, "=SUM(1)"])]
    wb, values, placements = _build(odd)
    titles = [p.sheet for p in placements]
    assert all(t and len(t) <= 31 and not set("[]:*?/\\") & set(t) for t in titles)
    assert len(set(titles)) == len(titles)
    summary = wb["汇总"]
    at = {c.value: i + 1 for i, c in enumerate(summary[3])}
    for n, title in enumerate(titles, start=4):
        link = summary.cell(n, at["工作表"]).hyperlink
        assert link.location == "'" + title.replace("'", "''") + "'!A1"
        assert values["汇总"].cell(n, at["待定"]).value == len(problems_of(base.findings, base))
    assert summary.cell(7, at["单位"]).value == "=SUM(1)" and summary.cell(7, at["单位"]).data_type == "s"
