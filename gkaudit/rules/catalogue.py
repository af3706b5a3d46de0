"""The rule catalogue: every check the tool makes, as data (id, severity, clause, inputs, relation, message).

``relation`` names how the engine instantiates an arithmetic rule over a template (``relations.py``);
``message`` is a ``str.format`` template filled with ``where``, ``expected``, ``actual``, ``diff``.
Rules evaluated outside the table engine (narrative, sections, year-over-year) are catalogued here
too, with relation ``external``, so ids, severities, clauses and titles live in one place.

``reads`` says what a rule's findings depend on; ``audit.recheck`` recomputes after a correction
exactly the rules that read a corrected table. ``check`` names the check that emits the rule
(``gkaudit.checks.CHECKS``); a test makes sure every check emits only its own rules.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from gkaudit.model import Finding, Severity


class Input(enum.StrEnum):
    """What a rule reads."""

    ACTIVE = "active"  # the values of the 主动公开 table
    APPLY = "apply"  # the values of the 依申请 table
    REVIEW = "review"  # the values of the 复议诉讼 table
    LAYOUT = "layout"  # the document as read: where tables, rows and cells are printed
    TEXT = "text"  # the narrative text
    PUBLICATION = "publication"  # the publication date and the body's kind (government or department)
    PREVIOUS = "previous"  # last year's report of the same body
    PARTS = "parts"  # the departments' reports a government's report consolidates


TABLE_INPUTS = (Input.ACTIVE, Input.APPLY, Input.REVIEW)
_ALL_TABLES = frozenset(TABLE_INPUTS)

_FORMS = "国办公开办函〔2019〕60号、〔2021〕30号年度报告格式"
_APPLY_TABLE = f"{_FORMS}表三（收到和处理政府信息公开申请情况）"
_REVIEW_TABLE = f"{_FORMS}表四（政府信息公开行政复议、行政诉讼情况）"
_ART50 = "《政府信息公开条例》第五十条（年度报告的内容）"


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    title: str
    severity: Severity
    relation: str
    message: str
    clause: str  # the legal or template clause the rule rests on
    reads: frozenset[Input]
    check: str  # the check that emits it (``gkaudit.checks``)
    templates: tuple[str, ...] = ()  # the templates it applies to; empty: every template
    detail_severity: Severity | None = None  # a finding about a detail cell (not a total), if milder
    # A finding resting on a cell whose reading is uncertain (a misread is as likely as a mistake).
    uncertain_severity: Severity | None = None

    def severity_for(self, detail: bool = False, uncertain: bool = False) -> Severity:
        if uncertain and self.uncertain_severity is not None:
            return self.uncertain_severity
        return self.detail_severity if detail and self.detail_severity is not None else self.severity

    @property
    def severities(self) -> set[Severity]:
        return {s for s in (self.severity, self.detail_severity, self.uncertain_severity) if s is not None}


def _r(rule_id: str, title: str, severity: Severity, message: str, clause: str, reads: set[Input], check: str,
       relation: str = "external", **kw: Any) -> RuleSpec:
    return RuleSpec(rule_id, title, severity, relation, message, clause, frozenset(reads), check, **kw)


I = Input  # noqa: E741  (the table below reads better with a one-letter name)

RULES: tuple[RuleSpec, ...] = (
    # The table arithmetic (rules/engine.py).
    _r("apply.row_total", "依申请表：行合计", Severity.ERROR,
       "{where}：各申请人类别之和为 {expected}，总计栏为 {actual}，相差 {diff}",
       f"{_APPLY_TABLE}：各申请人类别之和等于总计", {I.APPLY}, "tables", "apply_row_total",
       uncertain_severity=Severity.WARNING),
    _r("apply.processed_total", "依申请表：办理结果合计", Severity.ERROR,
       "{where}栏：三、本年度办理结果（一）至（六）各项之和为 {expected}，（七）总计为 {actual}，相差 {diff}",
       f"{_APPLY_TABLE}：三、（一）至（六）之和等于（七）总计", {I.APPLY}, "tables", "apply_processed_total",
       uncertain_severity=Severity.WARNING),
    _r("apply.balance", "依申请表：一+二=三+四", Severity.ERROR,
       "{where}栏：一+二（本年新收+上年结转）为 {expected}，三+四（办理总计+结转下年度）为 {actual}，相差 {diff}",
       f"{_APPLY_TABLE}：一+二=三（七）+四", {I.APPLY}, "tables", "apply_balance",
       uncertain_severity=Severity.WARNING),
    _r("review.total", "复议诉讼表：总计", Severity.ERROR,
       "{where}：结果维持、结果纠正、其他结果、尚未审结之和为 {expected}，总计为 {actual}，相差 {diff}",
       f"{_REVIEW_TABLE}：结果维持+结果纠正+其他结果+尚未审结=总计", {I.REVIEW}, "tables", "review_total",
       uncertain_severity=Severity.WARNING),
    _r("cell.blank", "空白单元格", Severity.WARNING, "{where}：{cols} 为空白（未填 0）",
       f"{_FORMS}：统计表各栏以数字填报，无数据的填 0", set(_ALL_TABLES), "tables", "cell_blank"),
    _r("cell.invalid", "无效数值", Severity.ERROR, "{where}·{col}：{reason}",
       f"{_FORMS}：件数为非负整数，金额为非负数", set(_ALL_TABLES), "tables", "cell_invalid"),
    # Reading and extraction (reading/, extraction/).
    _r("cell.missing", "单元格缺失", Severity.WARNING, "表格中某行的数值个数不足", _FORMS, {I.LAYOUT}, "extraction"),
    _r("row.missing", "行缺失", Severity.WARNING, "表格中缺少模板规定的行", _FORMS, {I.LAYOUT}, "extraction"),
    _r("extract.uncertain", "识别存疑", Severity.WARNING, "版面有几种读法，无法确定某些单元格的数值，请核对原文",
       _FORMS, {I.LAYOUT}, "extraction"),
    _r("extract.unreadable", "表格无法按行读取", Severity.WARNING,
       "此文本中表格的行列顺序已被打乱（如按列导出），无法可靠读取，请打开原始文件", _FORMS, {I.LAYOUT}, "extraction"),
    _r("table.missing", "表格缺失", Severity.ERROR, "报告中找不到模板规定的表格", _FORMS, {I.LAYOUT}, "extraction"),
    _r("template.unknown", "无法判断模板", Severity.ERROR, "无法判断报告使用的模板", _FORMS, {I.LAYOUT}, "template"),
    _r("template.year", "模板与年度不符", Severity.WARNING, "报告年度与所用模板不符",
       "国办公开办函〔2021〕30号：2021 年度起的报告使用新格式", {I.LAYOUT}, "template"),
    _r("document.note", "读取提示", Severity.WARNING, "读取文件时的提示", _FORMS, {I.LAYOUT}, "reading"),
    # Narrative against the tables (narrative.py).
    _r("narrative.mismatch", "正文数字与表格不符", Severity.WARNING, "正文所述件数与表中对应单元格不一致",
       f"{_ART50}：正文与统计表同为报告内容，应一致", {I.TEXT, I.APPLY, I.REVIEW}, "narrative"),
    _r("narrative.scope", "正文数字口径不同", Severity.INFO, "正文所述件数与表中另一口径（几格之和）相符",
       f"{_ART50}：正文与统计表同为报告内容，应一致", {I.TEXT, I.APPLY, I.REVIEW}, "narrative"),
    _r("narrative.unclear", "正文数字范围待核", Severity.INFO, "正文所述件数可能指更窄的范围，与表格不同",
       f"{_ART50}：正文与统计表同为报告内容，应一致", {I.TEXT, I.APPLY, I.REVIEW}, "narrative"),
    # Sections, fees, deadline (compliance.py).
    _r("section.missing", "缺少部分", Severity.WARNING, "报告缺少模板规定的六个部分之一",
       f"{_ART50}；{_FORMS}（六个部分）", {I.TEXT, I.LAYOUT}, "sections"),
    _r("section.empty", "部分内容为空", Severity.WARNING, "报告的某一部分没有内容",
       f"{_ART50}；{_FORMS}（六个部分）", {I.TEXT, I.LAYOUT}, "sections"),
    _r("section.improvement", "未写改进情况", Severity.WARNING, "第五部分只写问题，未写改进情况",
       "《政府信息公开条例》第五十条第（四）项：存在的主要问题及改进情况", {I.TEXT}, "sections"),
    _r("fees.unreported", "未报告信息处理费", Severity.WARNING, "2021 年起第六部分应报告信息处理费收取情况",
       "国办公开办函〔2021〕30号格式第六部分；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
       {I.TEXT}, "fees"),
    _r("fees.contradiction", "信息处理费表述矛盾", Severity.WARNING, "称未收取信息处理费，表中却有逾期未缴费的申请",
       "国办公开办函〔2021〕30号格式表三（六）2 与第六部分", {I.TEXT, I.APPLY}, "fees"),
    _r("deadline.late", "逾期发布", Severity.WARNING, "报告发布晚于条例第四十九条规定的期限",
       "《政府信息公开条例》第四十九条（部门 1 月 31 日前、县级以上人民政府 3 月 31 日前公布）",
       {I.PUBLICATION}, "deadline"),
    # Across reports (crosscheck/).
    _r("carry.apply_forward", "上年结转与上年报告不符", Severity.ERROR, "本年“二、上年结转”不等于上年报告“结转下年度”",
       f"{_APPLY_TABLE}：本年“二、上年结转”即上年“四、结转下年度继续办理”", {I.APPLY, I.PREVIOUS}, "carry",
       detail_severity=Severity.WARNING),
    _r("carry.active_in_force", "现行有效件数不衔接", Severity.WARNING, "现行有效件数 ≠ 上年现行有效 + 本年制发 − 本年废止",
       "国办公开办函〔2021〕30号格式表二：现行有效件数", {I.ACTIVE, I.PREVIOUS}, "carry"),
    _r("carry.active_items", "上一年项目数量不衔接", Severity.WARNING, "上一年项目数量 ≠ 上年报告的上一年项目数量 + 本年增/减",
       "国办公开办函〔2019〕60号格式表二：上一年项目数量、本年增/减", {I.ACTIVE, I.PREVIOUS}, "carry"),
    _r("reuse.section", "部分文字与上年雷同", Severity.INFO, "某部分的文字大量重复上年报告",
       "《政府信息公开条例》第四十九条、第五十条：每年公布上一年度的工作情况", {I.TEXT, I.PREVIOUS}, "reuse"),
    _r("reuse.copied", "报告与上年雷同", Severity.WARNING, "报告正文大部分重复上年报告",
       "《政府信息公开条例》第四十九条、第五十条：每年公布上一年度的工作情况", {I.TEXT, I.PREVIOUS}, "reuse"),
    _r("consolidation.mismatch", "汇总数与各部门之和不符", Severity.WARNING, "政府报告的表格数字与所属部门报告之和不一致",
       f"{_FORMS}表三、表四（本级政府与所属部门的口径，由审计人员指定）", {I.APPLY, I.REVIEW, I.PARTS},
       "consolidation"),
)

RULES_BY_ID: dict[str, RuleSpec] = {r.id: r for r in RULES}


def rule(rule_id: str) -> RuleSpec:
    return RULES_BY_ID[rule_id]


def rules_reading(inputs: set[Input] | frozenset[Input]) -> frozenset[str]:
    """The ids of the rules whose findings depend on any of ``inputs``."""
    return frozenset(r.id for r in RULES if r.reads & inputs)


def catalogued(rule_id: str, message: str, detail: bool = False, **fields: Any) -> Finding:
    """A finding of a catalogued rule, with the catalogue's severity (the id is written once).

    ``detail``: the finding is about a detail cell, for rules that are milder there (``detail_severity``);
    ``uncertain=True`` (a ``Finding`` field) picks ``uncertain_severity``.
    """
    severity = RULES_BY_ID[rule_id].severity_for(detail, bool(fields.get("uncertain")))
    return Finding(rule=rule_id, severity=severity, message=message, **fields)
