"""Year-over-year carry-forward: what this year's report takes over from last year's.

Per applicant column, this year's 二、上年结转 equals last year's 四、结转下年度继续办理. In the
active table, the 2021 template's 现行有效件数 follows from last year's plus 本年制发 − 本年废止,
and the 2019 template's 上一年项目数量 from last year's 上一年项目数量 + 本年增/减. The active
relations are warnings: amendments and expiries break them legitimately. When the two years use
different templates (2020 in the 2019 layout, 2021 in the 2021 layout) only the apply relation holds.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.model import AuditReport, Finding, Number
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import APPLY_COLUMNS, TEMPLATES, column_label, row_label


def value_of(report: AuditReport, cid: str) -> Number | None:
    """A cell's value for cross-checks: None when absent or unreadable; a blank cell counts as 0."""
    cell = report.cell(cid)
    if cell is None or cell.invalid:
        return None
    if cell.value is None:
        return 0 if cell.blank else None
    return cell.value


def prev_name(prev: AuditReport) -> str:
    return f"{Path(prev.file).name}，{prev.year} 年" if prev.year else Path(prev.file).name


def check_pair(prev: AuditReport, curr: AuditReport) -> list[Finding]:
    """Carry-forward findings for ``curr`` (the later report) against ``prev``."""
    if prev.template is None or curr.template is None:
        return []
    out = apply_forward(prev, curr)
    if prev.template == curr.template:
        template = TEMPLATES[curr.template]
        out.extend(active_in_force(prev, curr, template.in_force_rows))
        out.extend(active_items(prev, curr, template.item_rows))
    return out


def apply_forward(prev: AuditReport, curr: AuditReport) -> list[Finding]:
    """This year's 二、上年结转 against last year's 四、结转下年度继续办理, column by column."""
    assert curr.template is not None
    out: list[Finding] = []
    for col in (c.id for c in APPLY_COLUMNS):
        last = value_of(prev, f"apply/4/{col}")
        this = value_of(curr, f"apply/2/{col}")
        if last is None or this is None or last == this:
            continue
        name = column_label(curr.template, "apply", col)
        out.append(
            catalogued(
                "carry.apply_forward",
                detail=col != "total",
                message=(
                    f"{name}栏：本年“二、上年结转政府信息公开申请数量”为 {this}，"
                    f"上年报告（{prev_name(prev)}）“四、结转下年度继续办理”为 {last}，相差 {abs(this - last)}"
                ),
                cells=(f"apply/2/{col}",),
                expected=last,
                actual=this,
            )
        )
    return out


def active_in_force(prev: AuditReport, curr: AuditReport, rows: tuple[str, ...]) -> list[Finding]:
    """2021 template: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数."""
    out: list[Finding] = []
    for row in rows:
        last = value_of(prev, f"active/{row}/in_force")
        issued = value_of(curr, f"active/{row}/issued")
        repealed = value_of(curr, f"active/{row}/repealed")
        now = value_of(curr, f"active/{row}/in_force")
        if None in (last, issued, repealed, now):
            continue
        assert last is not None and issued is not None and repealed is not None and now is not None
        expected = last + issued - repealed
        if expected == now:
            continue
        out.append(
            catalogued(
                "carry.active_in_force",
                message=(
                    f"{row_label(curr.template or '', 'active', row)}：现行有效件数为 {now}，而上年报告（{prev_name(prev)}）"
                    f"现行有效 {last} + 本年制发 {issued} − 本年废止 {repealed} = {expected}，相差 {abs(now - expected)}"
                    "（文件修改、到期失效也会造成差异，请核实）"
                ),
                cells=(f"active/{row}/in_force", f"active/{row}/issued", f"active/{row}/repealed"),
                expected=expected,
                actual=now,
            )
        )
    return out


def active_items(prev: AuditReport, curr: AuditReport, rows: tuple[str, ...]) -> list[Finding]:
    """2019 template: 上一年项目数量 = last year's 上一年项目数量 + last year's 本年增/减."""
    out: list[Finding] = []
    for row in rows:
        last_items = value_of(prev, f"active/{row}/prev_items")
        last_change = value_of(prev, f"active/{row}/change")
        now = value_of(curr, f"active/{row}/prev_items")
        if last_items is None or last_change is None or now is None:
            continue
        expected = last_items + last_change
        if expected == now:
            continue
        out.append(
            catalogued(
                "carry.active_items",
                message=(
                    f"{row_label(curr.template or '', 'active', row)}：上一年项目数量为 {now}，而上年报告（{prev_name(prev)}）"
                    f"上一年项目数量 {last_items} + 本年增/减 {last_change:+} = {expected}，相差 {abs(now - expected)}"
                ),
                cells=(f"active/{row}/prev_items",),
                expected=expected,
                actual=now,
            )
        )
    return out
