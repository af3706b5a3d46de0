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
from gkaudit.templates import TEMPLATES


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
       f"{_FORMS}：件数为非负整数，金额为非负数", set(_ALL_TABLES), "tables", "cell_invalid",
       uncertain_severity=Severity.WARNING),
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
    _r("template.assumed", "模板无法判断", Severity.WARNING,
       "文中没有年度和格式特征，按各年版读出的表格相同，暂按最新格式标注", _FORMS, {I.LAYOUT}, "template"),
    _r("template.before", "早于统一格式的报告", Severity.WARNING,
       "报告年度早于统一格式，没有格式规定的统计表，未审核表格", _FORMS, {I.LAYOUT}, "template"),
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

# 定性依据 of each rule, for the 问题清单 (整改台账). ``{format}`` is the template the report uses
# (its title and the 国办 letter that issued it), so one entry serves both templates.
_FORMAT = "{format}"
_ARTICLE_50 = "《中华人民共和国政府信息公开条例》第五十条（年度报告应当包括的内容）"
BASIS: dict[str, str] = {
    "apply.row_total": _FORMAT + "表三：各类申请人之和等于总计栏",
    "apply.processed_total": _FORMAT + "表三：本年度办理结果（一）至（六）之和等于（七）总计",
    "apply.balance": _FORMAT + "表三注：第一项加第二项之和，等于第三项加第四项之和",
    "review.total": _FORMAT + "表四：各项结果之和等于总计",
    "cell.blank": _FORMAT + "：统计表各栏均应填列，未发生的填 0",
    "cell.invalid": _FORMAT + "：统计表填列件数（非负整数）或金额",
    "cell.missing": _FORMAT + "：统计表各栏均应填列",
    "row.missing": _FORMAT + "：统计表各行均应列出",
    "table.missing": _FORMAT + "：年度报告应包含规定的统计表",
    "template.unknown": _ARTICLE_50 + "；年度报告应使用国务院办公厅政府信息公开办公室规定的格式",
    "template.year": "国办公开办函〔2021〕30号：2021 年度起的年度报告使用新格式，此前年度使用〔2019〕60号格式",
    "template.assumed": _ARTICLE_50 + "；年度报告应使用国务院办公厅政府信息公开办公室规定的格式",
    "template.before": "国办公开办函〔2019〕60号：2019 年度起的年度报告使用统一格式，此前年度的报告没有统一的统计表",
    "document.note": "报告文件应完整、可读，以便公众查阅",
    "narrative.mismatch": _ARTICLE_50 + "；正文所述数字应与统计表一致",
    "narrative.scope": _ARTICLE_50 + "；正文所述数字的口径应清楚",
    "narrative.unclear": _ARTICLE_50 + "；正文所述数字的口径应清楚",
    "section.missing": _ARTICLE_50 + "；" + _FORMAT + "规定的六个部分",
    "section.empty": _ARTICLE_50 + "；" + _FORMAT + "规定的六个部分",
    "section.improvement": "《中华人民共和国政府信息公开条例》第五十条第（五）项：存在的主要问题及改进情况",
    "fees.unreported": _FORMAT + "第六部分；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "fees.contradiction": _FORMAT + "第六部分；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "deadline.late": "《中华人民共和国政府信息公开条例》第四十九条：部门于每年 1 月 31 日前、"
                     "县级以上人民政府于每年 3 月 31 日前公布上一年度报告",
    "carry.apply_forward": _FORMAT + "表三：本年“上年结转”为上年“结转下年度继续办理”",
    "carry.active_in_force": _FORMAT + "表二：现行有效件数逐年衔接",
    "carry.active_items": _FORMAT + "表二：上一年项目数量逐年衔接",
    "reuse.section": _ARTICLE_50 + "；年度报告应反映本年度的工作情况",
    "reuse.copied": _ARTICLE_50 + "；年度报告应反映本年度的工作情况",
    "consolidation.mismatch": _ARTICLE_50 + "；本级政府报告的统计数应与所属部门报告衔接",
}

# 审计建议 of each rule: what the body should do about it.
_REPUBLISH = "，并重新发布更正后的年度报告"
ADVICE: dict[str, str] = {
    "apply.row_total": "核对申请登记台账，更正有误的数字" + _REPUBLISH,
    "apply.processed_total": "核对办理结果台账，更正有误的数字" + _REPUBLISH,
    "apply.balance": "核对新收、结转与办结件数，更正有误的数字" + _REPUBLISH,
    "review.total": "核对行政复议、行政诉讼台账，更正有误的数字" + _REPUBLISH,
    "cell.blank": "未发生的栏目填 0" + _REPUBLISH,
    "cell.invalid": "按实际件数或金额填列" + _REPUBLISH,
    "cell.missing": "补全统计表缺失的数字" + _REPUBLISH,
    "row.missing": "按格式补全统计表缺失的行" + _REPUBLISH,
    "table.missing": "按格式补全缺失的统计表" + _REPUBLISH,
    "template.unknown": "按规定格式重新编制年度报告",
    "template.year": "按该年度适用的格式重新编制年度报告",
    "template.assumed": "核对页面所属报告的年度与格式；如有整份报告，请打开整份报告审核",
    "template.before": "对照原文人工审核该年度报告；本工具只审核 2019 年度起统一格式的统计表",
    "document.note": "提供完整、可检索的报告文本",
    # The two below are about this tool's reading, not the body's report: advice to the auditor.
    "extract.uncertain": "审计人员对照原文核对所列单元格：属识别误差的在本工具中更正，确属报告有误的再列入整改",
    "extract.unreadable": "打开原始文件（PDF、Word 或网页）重新审计；仍无法读取的，对照原文逐项人工核对",
    "narrative.mismatch": "核实正文与统计表的数字，二者统一",
    "narrative.scope": "正文写明数字的口径（如含上年结转）",
    "narrative.unclear": "正文写明数字的口径，与统计表对应",
    "section.missing": "补写缺少的部分" + _REPUBLISH,
    "section.empty": "补写该部分的内容" + _REPUBLISH,
    "section.improvement": "补写改进情况和下一步措施",
    "fees.unreported": "在第六部分说明信息处理费的收取情况",
    "fees.contradiction": "核实信息处理费的收取情况，正文与统计表统一",
    "deadline.late": "按条例规定的期限发布年度报告",
    "carry.apply_forward": "核对上年结转件数，与上年报告衔接；不一致的说明原因",
    "carry.active_in_force": "核对现行有效件数，说明文件修改、失效等变动",
    "carry.active_items": "核对上一年项目数量，与上年报告衔接",
    "reuse.section": "据实撰写本年度的工作情况",
    "reuse.copied": "据实撰写本年度的工作情况，避免照搬上年报告",
    "consolidation.mismatch": "核对本级与所属部门的统计口径和数字",
}


def basis(rule_id: str, template: str | None) -> str:
    """The rule's 定性依据, naming the format the report uses (the 2021 one when it is not known)."""
    spec = TEMPLATES.get(template or "2021") or TEMPLATES["2021"]
    title = f"《政府信息公开工作年度报告格式》（{spec.issued_with}）"
    return BASIS.get(rule_id, "").replace(_FORMAT, title)


def advice(rule_id: str) -> str:
    return ADVICE.get(rule_id, "")


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
