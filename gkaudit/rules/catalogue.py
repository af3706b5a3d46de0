"""The rule catalogue: every check the tool makes, as data (id, templates, severity, relation, message).

``relation`` names how the engine instantiates the rule over a template (see ``relations.py``);
``message`` is a ``str.format`` template filled with ``where``, ``expected``, ``actual``, ``diff``.
Rules evaluated outside the table engine (narrative, sections, year-over-year) are catalogued here
too, with relation ``external``, so ids, severities and titles live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gkaudit.model import Finding, Severity


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
    RuleSpec(
        "extract.uncertain", "识别存疑", Severity.WARNING, "external",
        "版面有几种读法，无法确定某些单元格的数值，请核对原文",
    ),
    RuleSpec(
        "extract.unreadable", "表格无法按行读取", Severity.WARNING, "external",
        "此文本中表格的行列顺序已被打乱（如按列导出），无法可靠读取，请打开原始文件",
    ),
    RuleSpec("table.missing", "表格缺失", Severity.ERROR, "external", "报告中找不到模板规定的表格"),
    RuleSpec("template.unknown", "无法判断模板", Severity.ERROR, "external", "无法判断报告使用的模板"),
    RuleSpec("template.year", "模板与年度不符", Severity.WARNING, "external", "报告年度与所用模板不符"),
    RuleSpec("document.note", "读取提示", Severity.WARNING, "external", "读取文件时的提示"),
    # Narrative against the tables (gkaudit/narrative.py).
    RuleSpec("narrative.mismatch", "正文数字与表格不符", Severity.WARNING, "external", "正文所述件数与表中对应单元格不一致"),
    RuleSpec("narrative.scope", "正文数字口径不同", Severity.INFO, "external", "正文所述件数与表中另一口径（几格之和）相符"),
    RuleSpec("narrative.unclear", "正文数字范围待核", Severity.INFO, "external", "正文所述件数可能指更窄的范围，与表格不同"),
    # Sections, fees, deadline (gkaudit/compliance.py).
    RuleSpec("section.missing", "缺少部分", Severity.WARNING, "external", "报告缺少模板规定的六个部分之一"),
    RuleSpec("section.empty", "部分内容为空", Severity.WARNING, "external", "报告的某一部分没有内容"),
    RuleSpec("section.improvement", "未写改进情况", Severity.WARNING, "external", "第五部分只写问题，未写改进情况"),
    RuleSpec("fees.unreported", "未报告信息处理费", Severity.WARNING, "external", "2021 年起第六部分应报告信息处理费收取情况"),
    RuleSpec("fees.contradiction", "信息处理费表述矛盾", Severity.WARNING, "external", "称未收取信息处理费，表中却有逾期未缴费的申请"),
    RuleSpec("deadline.late", "逾期发布", Severity.WARNING, "external", "报告发布晚于条例第四十九条规定的期限"),
    # Across reports (gkaudit/crosscheck/).
    RuleSpec("carry.apply_forward", "上年结转与上年报告不符", Severity.ERROR, "external", "本年“上年结转”不等于上年报告“结转下年度”"),
    RuleSpec("carry.active_in_force", "现行有效件数不衔接", Severity.WARNING, "external", "现行有效件数 ≠ 上年现行有效 + 本年制发 − 本年废止"),
    RuleSpec("carry.active_items", "上一年项目数量不衔接", Severity.WARNING, "external", "上一年项目数量 ≠ 上年报告的上一年项目数量 + 本年增/减"),
    RuleSpec("reuse.section", "部分文字与上年雷同", Severity.INFO, "external", "某部分的文字大量重复上年报告"),
    RuleSpec("reuse.copied", "报告与上年雷同", Severity.WARNING, "external", "报告正文大部分重复上年报告"),
    RuleSpec("consolidation.mismatch", "汇总数与各部门之和不符", Severity.WARNING, "external", "政府报告的表格数字与所属部门报告之和不一致"),
)

RULES_BY_ID: dict[str, RuleSpec] = {r.id: r for r in RULES}


def rule(rule_id: str) -> RuleSpec:
    return RULES_BY_ID[rule_id]


def catalogued(rule_id: str, message: str, **fields: Any) -> Finding:
    """A finding of a catalogued rule, with the catalogue's severity (the id is written once)."""
    return Finding(rule=rule_id, severity=RULES_BY_ID[rule_id].severity, message=message, **fields)
