"""One report → one workbook: layout, marks, comments, formulas and their cached results, the lists.

Workbooks are reopened with openpyxl, as a reviewer's Excel would open them; cached formula
results are read with ``data_only=True`` (what a viewer that does not recalculate shows).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from gkaudit.audit import recheck
from gkaudit.export.findings_sheet import DIFFERENCE, STATUSES, columns
from gkaudit.export.formulas import NOT_NUMBER, relation_key
from gkaudit.export.overview import RELATION_RULES
from gkaudit.export.paper import HEAD_ROWS
from gkaudit.export.styles import SEVERITY_COLORS
from gkaudit.export.xlsx import build_report_workbook, finding_key, write_report_workbook
from gkaudit.model import AuditReport, Cell, Severity, Table
from gkaudit.problems import problems_of
from gkaudit.rules.catalogue import basis
from gkaudit.rules.relations import relations_for
from gkaudit.templates import TEMPLATES


def _open(report: AuditReport, **kw: object) -> tuple[Workbook, Workbook, object]:
    canvas, placement = build_report_workbook(report, **kw)  # type: ignore[arg-type]
    data = canvas.save()
    return openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True), placement


def _rgb(cell: openpyxl.cell.cell.Cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


def tool_differences(report: AuditReport, corrections: dict[str, int | float | None] | None = None) -> dict:
    """Relation key → expected − actual as the tool computes it (None where the tool cannot)."""
    template = TEMPLATES[report.template or "2019"]
    values: dict[str, int | float | None] = {}
    for table in report.tables.values():
        for cell in table.cells.values():
            values[cell.id] = 0 if cell.value is None and cell.blank else cell.value
    values.update(corrections or {})
    out = {}
    for rel in relations_for(template, set(report.tables["apply"].rows())):
        got = [values.get(c) for c in (*rel.parts, *rel.totals)]
        if any(v is None for v in got):
            out[relation_key(rel)] = None
            continue
        parts, totals = got[: len(rel.parts)], got[len(rel.parts) :]
        out[relation_key(rel)] = round(sum(parts) - sum(totals), 6)  # type: ignore[arg-type]
    return out


def test_sheets_and_working_paper_header(seeds: dict[str, AuditReport]) -> None:
    report = seeds["fuxin-2020"]
    wb, values, _ = _open(report, preparer="张三")
    assert wb.sheetnames == ["审计概要", "主动公开", "依申请公开", "复议诉讼", "问题清单", "审计轨迹"]
    ws = wb["审计概要"]
    fields = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, 14)}
    assert fields["被审计单位"] == "阜新市人民政府办公室"
    assert fields["报告年度"] == "2020年"
    assert fields["来源文件"] == "fuxin-2020.txt"
    assert fields["SHA-256"] == report.sha256
    assert fields["编制人"] == "张三"
    assert {"复核人", "审计日期", "审计项目名称", "审核状态"} <= set(fields)
    assert ws["E4"].value == "索引号" and ws["F4"].value == "GK-1"
    assert ws["E7"].value == "底稿编号" and ws["F7"].value == f"GK-2020-{report.sha256[:8].upper()}"
    # counts by severity × status: live COUNTIFS over 问题清单, the current numbers cached
    texts = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    head = texts.index("严重程度") + 1
    assert [ws.cell(head, c).value for c in range(2, 8)] == [*STATUSES, "合计"]
    assert str(ws.cell(head + 1, 2).value).startswith("=COUNTIFS('问题清单'!")
    assert values["审计概要"].cell(head + 1, 2).value == 1  # 错误 × 待定: one problem, three relations
    assert values["审计概要"].cell(head + 4, 7).value == 1  # 合计 × 合计
    conclusion = next(t for t in texts if isinstance(t, str) and t.startswith("结论："))
    assert "发现问题 1 项（错误 1 项）" in conclusion and "（七）总计/社会公益组织（报告 1，应为 0）" in conclusion
    # every sheet is a paper: its header names the body, the 索引号 and the sign-off lines; the footer too
    for sheet, index in (("主动公开", "GK-2-1"), ("依申请公开", "GK-2-2"), ("复议诉讼", "GK-2-3"),
                         ("问题清单", "GK-3"), ("审计轨迹", "GK-4")):
        head_text = " ".join(str(c.value) for row in wb[sheet].iter_rows(min_row=1, max_row=4) for c in row if c.value)
        for part in ("被审计单位：阜新市人民政府办公室", f"索引号：{index}", "审计事项：", "编制人：", "复核人："):
            assert part in head_text, (sheet, part)
        assert f"索引号 {index}" in wb[sheet].oddFooter.center.text and "&P" in wb[sheet].oddFooter.center.text


def test_apply_sheet_in_the_official_layout(seeds: dict[str, AuditReport]) -> None:
    report = seeds["fuxin-2020"]
    wb, _, placement = _open(report)
    ws = wb["依申请公开"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    natural = placement.cells["apply/1/natural"]
    top = natural.row - 3  # the three header rows
    assert ws.cell(top, 4).value == "申请人情况" and f"D{top}:J{top}" in merged
    assert ws.cell(top + 1, 5).value == "法人或其他组织" and f"E{top + 1}:I{top + 1}" in merged
    assert ws.cell(top + 1, 4).value == "自然人" and f"D{top + 1}:D{top + 2}" in merged
    assert [ws.cell(top + 2, c).value for c in range(5, 10)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert ws.cell(top, 11).value.startswith("行核对")
    # row labels of the template, in its order; the group labels merged down their rows
    spec = TEMPLATES["2019"].table("apply")
    for row in spec.rows:
        ref = placement.cells[f"apply/{row.id}/natural"]
        labels = [ws.cell(ref.row, c).value for c in (1, 2, 3)]
        assert any(isinstance(v, str) and v.startswith(row.label) for v in labels), (row.id, labels)
    results = ws.cell(placement.cells["apply/3.1/natural"].row, 1)
    assert results.value == "三、本年度办理结果" and results.alignment.textRotation == 255
    group = placement.cells["apply/3.3.1/natural"].row
    assert ws.cell(group, 2).value == "（三）不予公开" and f"B{group}:B{group + 7}" in merged
    # values as printed, numbers as numbers
    for cell in report.tables["apply"].cells.values():
        assert ws[placement.cells[cell.id].coord].value == cell.value
    assert isinstance(ws[placement.cells["apply/3.7/total"].coord].value, int)
    assert ws.freeze_panes == f"D{natural.row}"


def test_broken_relations_filled_suspect_marked_and_explained(seeds: dict[str, AuditReport]) -> None:
    report = seeds["fuxin-2020"]
    wb, _, placement = _open(report)
    ws = wb["依申请公开"]
    error = SEVERITY_COLORS[Severity.ERROR]
    suspect = ws[placement.cells["apply/3.7/social"].coord]
    assert _rgb(suspect) == error
    assert suspect.border.left.style == "medium" and suspect.font.b
    text = suspect.comment.text
    assert text.startswith("▶ 最可能有误的就是本格：改为 0 即可平衡")
    assert "依申请表：行合计" in text and "61" in text and "60" in text and "相差 1" in text
    # every cell of a broken relation is filled and explained; a cell outside them is not
    for f in report.findings:
        for cid in f.cells:
            cell = ws[placement.cells[cid].coord]
            assert _rgb(cell) == error and f.message in cell.comment.text
    untouched = ws[placement.cells["apply/1/natural"].coord]
    assert untouched.comment is None and untouched.fill.fill_type is None


def test_check_formulas_follow_the_relations_and_cache_the_tool_differences(seeds: dict[str, AuditReport]) -> None:
    for name, report in seeds.items():
        wb, values, placement = _open(report)
        expected = tool_differences(report)
        assert set(placement.checks) == set(expected), name
        for key, ref in placement.checks.items():
            formula = wb[ref.sheet][ref.coord].value
            assert formula.startswith("=IF(COUNTA(") and "SUM(" in formula, formula
            cached = values[ref.sheet][ref.coord].value
            if expected[key] is not None:
                assert cached == expected[key], (name, key)
        for f in report.findings:
            if f.rule in RELATION_RULES:
                ref = placement.checks[(f.rule, f.cells)]
                assert values[ref.sheet][ref.coord].value == f.expected - f.actual
    wb, _, placement = _open(seeds["fuxin-2020"])
    row_check = placement.checks[next(k for k in placement.checks if k[0] == "apply.row_total")]
    assert wb["依申请公开"][row_check.coord].value == (
        f'=IF(COUNTA(D{row_check.row}:I{row_check.row},J{row_check.row})>COUNT(D{row_check.row}:I{row_check.row},'
        f'J{row_check.row}),"{NOT_NUMBER}",SUM(D{row_check.row}:I{row_check.row})-J{row_check.row})'
    )


def test_differences_turn_red_by_conditional_formatting(seeds: dict[str, AuditReport]) -> None:
    wb, _, placement = _open(seeds["urumqi-2020"])
    for sheet in ("依申请公开", "复议诉讼"):
        rules = [(str(cf.sqref), rule) for cf in wb[sheet].conditional_formatting for rule in cf.rules]
        assert rules, sheet
        rule = rules[0][1]
        assert rule.type == "cellIs" and rule.operator == "notEqual" and rule.formula == ["0"]
        assert rule.dxf.fill is not None
        covered = " ".join(s for s, _ in rules)
        for ref in placement.checks.values():
            if ref.sheet == sheet:
                assert any(_in_range(ref.coord, part) for part in covered.split()), ref


def _in_range(coord: str, rng: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    c1, r1, c2, r2 = range_boundaries(rng)
    col, row = range_boundaries(coord)[:2]
    return c1 <= col <= c2 and r1 <= row <= r2


def test_review_sheet_fifteen_columns_and_totals_check(seeds: dict[str, AuditReport]) -> None:
    report = seeds["urumqi-2020"]
    wb, values, placement = _open(report)
    ws = wb["复议诉讼"]
    first = placement.cells["review/review/upheld"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    top = first.row - 3
    assert ws.cell(top, 4).value == "行政复议" and f"D{top}:H{top + 1}" in merged
    assert ws.cell(top, 9).value == "行政诉讼" and f"I{top}:R{top}" in merged
    assert ws.cell(top + 1, 9).value == "未经复议直接起诉" and ws.cell(top + 1, 14).value == "复议后起诉"
    assert [ws.cell(top + 2, c).value for c in range(4, 9)] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [placement.cells[f"review/{r}/total"].col for r in ("review", "suit_direct", "suit_after_review")] == [8, 13, 18]
    check = placement.checks[next(k for k in placement.checks if "review/suit_direct/total" in k[1])]
    assert (check.row, check.col) == (first.row + 1, 13)
    assert values["复议诉讼"][check.coord].value == 1  # parts 179, printed total 178


def test_blank_and_missing_cells(seeds: dict[str, AuditReport]) -> None:
    wb, _, placement = _open(seeds["wuhai-2020"])
    blank = wb["复议诉讼"][placement.cells["review/review/upheld"].coord]
    assert blank.value is None and blank.fill.fill_type == "gray125"
    assert "空白" in blank.comment.text
    report = seeds["wuzhong-2020"]
    missing = [c for c in TEMPLATES["2019"].table("apply").cell_ids() if report.cell(c) is None]
    assert missing
    wb, _, placement = _open(report)
    for cid in missing:
        cell = wb["依申请公开"][placement.cells[cid].coord]
        assert cell.value is None and cell.fill.fill_type == "lightDown" and "未取到" in cell.comment.text
    amount = wb["主动公开"][placement.cells["active/procurement/amount"].coord]
    assert amount.value == pytest.approx(668.7004) and "668.7004 万元" in amount.comment.text


def _list_rows(ws: object) -> tuple[int, dict[str, int]]:
    """The header row of a 问题清单 under its paper header, and its columns by name."""
    top = HEAD_ROWS + 1
    return top, {c.value: c.column for c in ws[top]}  # type: ignore[index]


def test_findings_sheet_is_a_rectification_ledger(seeds: dict[str, AuditReport]) -> None:
    report = seeds["urumqi-2020"]
    wb, _, placement = _open(report)
    ws = wb["问题清单"]
    names = [name for name, _ in columns(False)]
    top, at = _list_rows(ws)
    assert [c.value for c in ws[top]] == names
    for name in ("序号", "问题描述", "定性依据", "涉及单元格", "报告值", "应为值", "审计建议", "责任单位",
                 "整改时限", "整改状态", "审核状态", "审核意见", "审核人", "日期"):
        assert name in names, name
    problems = problems_of(report.findings, report)
    assert ws.max_row == top + len(problems)
    for n, p in enumerate(problems, start=top + 1):
        assert ws.cell(n, at["问题键"]).value == p.key
        assert ws.cell(n, at["严重程度"]).value == p.severity.label
        assert ws.cell(n, at["审核状态"]).value == "待定"
        assert ws.cell(n, at["定性依据"]).value == basis(p.rule, report.template) != ""
        assert ws.cell(n, at["责任单位"]).value == report.body
        target = placement.target(p.findings[0])
        link = ws.cell(n, at["涉及单元格"]).hyperlink
        if target is None:  # a problem about the text, not a cell
            assert not p.cells and link is None
            continue
        assert link is not None and link.location == target.location
        if p.suspect is not None:  # the suspect cell's own printed value and what it should be
            printed = report.cell(p.suspect.cell).value  # type: ignore[union-attr]
            assert ws.cell(n, at["报告值"]).value == printed
            assert ws.cell(n, at["应为值"]).value == p.suspect.suggested
            assert ws.cell(n, at[DIFFERENCE]).value == p.suspect.suggested - printed
    # Urumqi's 结转下年度/自然人 printed 0 and should be 2 (not "报告值 2", the row's total)
    carry = next(n for n, p in enumerate(problems, start=top + 1) if p.key == "fix|apply/4/natural")
    assert (ws.cell(carry, at["报告值"]).value, ws.cell(carry, at["应为值"]).value) == (0, 2)
    review_total = next(n for n, p in enumerate(problems, start=top + 1) if p.rule == "review.total")
    assert "任改一格均可平衡" in ws.cell(review_total, at["审计建议"]).value
    assert ws.freeze_panes == f"B{top + 1}"
    status_dv = next(dv for dv in ws.data_validations.dataValidation if dv.errorTitle == "审核状态")
    assert status_dv.type == "list" and status_dv.formula1 == '"待定,确认,驳回,已整改,已更正"'
    status = openpyxl.utils.get_column_letter(at["审核状态"])
    assert str(status_dv.sqref) == f"{status}{top + 1}:{status}{ws.max_row}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${top}:${top}"


@dataclass(frozen=True)
class _WorkspaceReview:
    """The shape of ``gkaudit.workspace.Review`` (status is a str enum there)."""

    status: str
    note: str
    who: str
    at: str


def test_reviews_fill_the_reviewer_columns(seeds: dict[str, AuditReport]) -> None:
    from gkaudit.export.findings_sheet import review_fields

    report = seeds["urumqi-2020"]
    first, second = problems_of(report.findings, report)[:2]
    reviews = {
        first.key: ("确认", "已与报告单位核实", "李四", "2025-03-01"),
        finding_key(second.findings[0]): ("rejected", "同一原因", "李四", "2025-03-02T10:20:30+08:00"),
    }
    wb, values, _ = _open(report, reviews=reviews)
    ws = wb["问题清单"]
    top, at = _list_rows(ws)
    row = top + 1
    assert [ws.cell(row, at[c]).value for c in ("审核状态", "审核意见", "审核人", "日期")] == [
        "确认", "已与报告单位核实", "李四", "2025-03-01"]
    assert ws.cell(row, at["整改状态"]).value == "待整改"
    assert ws.cell(row + 1, at["审核状态"]).value == "驳回" and ws.cell(row + 1, at["日期"]).value == "2025-03-02 10:20"
    assert ws.cell(row + 2, at["审核状态"]).value == "待定"
    assert review_fields(None) == ("待定", "", "", "")
    assert review_fields(_WorkspaceReview("fixed", "已整改", "赵六", "2025-05-06T08:00:00+08:00")) == (
        "已整改", "已整改", "赵六", "2025-05-06 08:00"
    )
    counts = values["审计概要"]
    texts = [counts.cell(r, 1).value for r in range(1, counts.max_row + 1)]
    head = texts.index("严重程度") + 1
    assert [counts.cell(head + 1, c).value for c in range(2, 8)] == [0, 1, 1, 0, 0, 2]  # errors by status


def test_corrections_beside_the_printed_values(seeds: dict[str, AuditReport]) -> None:
    report = seeds["fuxin-2020"]
    corrections = {"apply/3.7/social": 0}
    wb, values, placement = _open(report, corrections=corrections)
    ws = wb["依申请公开"]
    printed = ws[placement.cells["apply/3.7/social"].coord]
    assert printed.value == 1 and "审核更正为 0" in printed.comment.text
    fixed = placement.corrected_cells["apply/3.7/social"]
    assert ws[fixed.coord].value == 0 and fixed.row > printed.row
    follows = placement.corrected_cells["apply/1/natural"]
    assert ws[follows.coord].value == f"={placement.cells['apply/1/natural'].coord}"
    later = tool_differences(report, corrections)
    assert set(placement.corrected_checks) == {k for k in later if k[1][-1].startswith("apply/")}
    for key, ref in placement.corrected_checks.items():
        assert values[ref.sheet][ref.coord].value == later[key] == 0
    assert not [f for f in recheck(report, corrections) if f.severity is Severity.ERROR]
    top, at = _list_rows(wb["问题清单"])
    assert wb["问题清单"].max_row == top + 1
    assert wb["问题清单"].cell(top + 1, at["审核状态"]).value == "已更正"


def test_report_text_stays_text(seeds: dict[str, AuditReport]) -> None:
    base = seeds["fuxin-2020"]
    apply = Table("apply", dict(base.tables["apply"].cells))
    bad = Cell("apply", "1", "natural", None, "=HYPERLINK(\"http://x\")\x07", invalid="不是数字")
    apply.cells[("1", "natural")] = bad
    report = replace(base, body="=cmd|' /C calc'!A0\x01", file="@危险-2020.txt", tables={**base.tables, "apply": apply})
    report.findings = [*base.findings]
    wb, values, placement = _open(report)
    overview = wb["审计概要"]
    assert overview["B4"].value == "=cmd|' /C calc'!A0" and overview["B4"].data_type == "s"
    assert overview["B4"].quotePrefix
    cell = wb["依申请公开"][placement.cells["apply/1/natural"].coord]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    check = placement.checks[next(k for k in placement.checks if k[1][-1] == "apply/1/total")]
    assert values["依申请公开"][check.coord].value == NOT_NUMBER


def test_unknown_template_still_gives_a_workbook(tmp_path: Path) -> None:
    from gkaudit.audit import audit_text

    report = audit_text("某某县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n无。\n", "无表格.txt")
    if report.template is not None:  # the year alone may name the template: the tables are still missing
        wb = openpyxl.load_workbook(write_report_workbook(report, tmp_path / "无表格.xlsx"))
        first = HEAD_ROWS + 2  # the table under the paper header and the link back
        assert "报告中未找到此表" in str(wb["依申请公开"].cell(first, 1).value)
        blank = wb["依申请公开"].cell(first + 4, 4)
        assert blank.fill.fill_type == "lightDown" and blank.comment is None
    unknown = replace(report, template=None)
    written = write_report_workbook(unknown, tmp_path / "无模板.xlsx")
    wb = openpyxl.load_workbook(written)
    assert "无法判断" in str(wb["依申请公开"].cell(HEAD_ROWS + 2, 1).value)
    top, at = _list_rows(wb["问题清单"])
    assert all(wb["问题清单"].cell(r, at["涉及单元格"]).value == "全文" for r in range(top + 1, wb["问题清单"].max_row + 1))


def test_write_returns_the_path_and_is_quick(seeds: dict[str, AuditReport], cn_tmp: Path) -> None:
    import time

    report = seeds["urumqi-2020"]
    start = time.perf_counter()
    written = write_report_workbook(report, cn_tmp / "审计底稿")
    elapsed = time.perf_counter() - start
    assert written == (cn_tmp / "审计底稿.xlsx").absolute() and written.exists()
    assert elapsed < 2.0  # the benchmark holds it to 0.5 s; this only catches a gross slowdown
    assert [p.name for p in cn_tmp.iterdir()] == ["审计底稿.xlsx"]
