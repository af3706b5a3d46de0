"""The rule catalogue: every check the tool makes, as data (id, templates, severity, relation, message).

``relation`` names how the engine instantiates the rule over a template (see ``relations.py``);
``message`` is a ``str.format`` template filled with ``where``, ``expected``, ``actual``, ``diff``.
Rules evaluated outside the table engine (narrative, sections, year-over-year) are catalogued here
too, with relation ``external``, so ids, severities and titles live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from gkaudit.model import Severity


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    title: str
    severity: Severity
    relation: str
    message: str
    templates: tuple[str, ...] = ("2019", "2021")


RULES: tuple[RuleSpec, ...] = (
    RuleSpec(
        "apply.row_total",
        "依申请表：行合计",
        Severity.ERROR,
        "apply_row_total",
        "{where}：各申请人类别之和为 {expected}，总计栏为 {actual}，相差 {diff}",
    ),
    RuleSpec(
        "apply.processed_total",
        "依申请表：办理结果合计",
        Severity.ERROR,
        "apply_processed_total",
        "{where}栏：三、本年度办理结果（一）至（六）各项之和为 {expected}，（七）总计为 {actual}，相差 {diff}",
    ),
    RuleSpec(
        "apply.balance",
        "依申请表：一+二=三+四",
        Severity.ERROR,
        "apply_balance",
        "{where}栏：一+二（本年新收+上年结转）为 {expected}，三+四（办理总计+结转下年度）为 {actual}，相差 {diff}",
    ),
    RuleSpec(
        "review.total",
        "复议诉讼表：总计",
        Severity.ERROR,
        "review_total",
        "{where}：结果维持、结果纠正、其他结果、尚未审结之和为 {expected}，总计为 {actual}，相差 {diff}",
    ),
    RuleSpec("cell.blank", "空白单元格", Severity.WARNING, "cell_blank", "{where}：{cols} 为空白（未填 0）"),
    RuleSpec("cell.invalid", "无效数值", Severity.ERROR, "cell_invalid", "{where}·{col}：{reason}"),
    RuleSpec("cell.missing", "单元格缺失", Severity.WARNING, "external", "表格中某行的数值个数不足"),
    RuleSpec("row.missing", "行缺失", Severity.WARNING, "external", "表格中缺少模板规定的行"),
    RuleSpec("table.missing", "表格缺失", Severity.ERROR, "external", "报告中找不到模板规定的表格"),
    RuleSpec("template.unknown", "无法判断模板", Severity.ERROR, "external", "无法判断报告使用的模板"),
    RuleSpec("template.year", "模板与年度不符", Severity.WARNING, "external", "报告年度与所用模板不符"),
    RuleSpec("document.note", "读取提示", Severity.WARNING, "external", "读取文件时的提示"),
)

RULES_BY_ID: dict[str, RuleSpec] = {r.id: r for r in RULES}


def rule(rule_id: str) -> RuleSpec:
    return RULES_BY_ID[rule_id]
