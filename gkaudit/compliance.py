"""Compliance with the template and the 条例: the six sections, the fee statement, the deadline.

Each public ``*_findings(doc, report)`` function is a ``DOCUMENT_CHECKS`` entry. The publication
deadline depends on what kind of body published the report (条例第四十九条): a department by
31 January, a 县级以上人民政府 by 31 March of the following year. The kind is inferred from the
body's name; the auditor corrects it through ``BODY_KIND_OVERRIDES`` or ``check_deadline(kind=…)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Literal

from gkaudit.model import AuditReport, Document, Finding, Source
from gkaudit.reading.normalise import normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.sections import NUMERALS, SECTION_TITLES, Section, Sections, split_sections

BodyKind = Literal["government", "department"]
KIND_LABELS: dict[str, str] = {"government": "县级以上人民政府", "department": "政府部门"}

# The auditor's corrections of inferred body kinds, by body name as detected (the GUI writes here).
BODY_KIND_OVERRIDES: dict[str, BodyKind] = {}

_TABLE_OF_SECTION = {2: "active", 3: "apply", 4: "review"}
_IMPROVEMENT = re.compile(
    r"改进|整改|下一步|今后|下一年|下年度|明年|计划|打算|努力方向|措施|举措|对策|"
    r"针对(?:上述|以上|这些|前述|存在的)?(?:问题|短板|不足)|"
    r"将(?:进一步|继续|持续|不断|着力|切实|严格|加强|加大|强化|完善|推进|深化|提升|认真|全面|坚持|围绕|以)"
)
_FEE = re.compile(r"信息处理费|处理费|(?:收取|收缴|收)[^。；;]{0,6}费用")
# Inside section 六 a plainer word states it too ("政府信息公开未发生收费情况"); elsewhere
# "收费" is as likely the 行政事业性收费 of the 主动公开 table.
_FEE_IN_SIX = re.compile(_FEE.pattern + r"|收费")
_NO_FEE = re.compile(
    r"未收取|没有收取|不收取|未收|免收|未产生|未发生|没有产生|无需缴纳|零元|(?<![\d.])0(?:\.0+)?\s*(?:元|万元)"
)


def _meaningful(text: str) -> str:
    """The words of a stretch of text: no spaces, punctuation or page numbers."""
    out = re.sub(r"[\W_]+", "", normalise(text))
    return re.sub(r"^\d+$", "", out)


def _section_text(doc: Document, section: Section, report: AuditReport) -> str:
    """A section's text after its heading, with its tables blanked out (offsets kept).

    Only tables that start in the section are its own: a table whose region runs on past the next
    heading (a converter's line holding the rest of the report) does not blank the section after it.
    """
    base = section.body_start
    text = doc.text[base : section.end]
    for table in report.tables.values():
        src = table.source
        if src is None or not table.found or src.start < section.start:
            continue
        a, b = max(src.start, base), min(src.end, section.end)
        if a < b:
            text = text[: a - base] + " " * (b - a) + text[b - base :]
    return text


# -------------------------------------------------------------------------------------- sections


def section_findings(doc: Document, report: AuditReport) -> list[Finding]:
    """Each of the six sections present and not empty; section 五 says how things will improve."""
    sections = split_sections(doc.text)
    out: list[Finding] = []
    for number in range(1, 7):
        section = sections.get(number)
        table_id = _TABLE_OF_SECTION.get(number)
        table = report.tables.get(table_id) if table_id else None
        if section is None:
            if table is not None and table.found:
                continue  # its table is there: only the heading is printed unusually
            out.append(
                catalogued(
                    "section.missing",
                    message=f"报告缺少第{NUMERALS[number - 1]}部分“{SECTION_TITLES[number]}”"
                    + (
                        "（2021 年起信息处理费收取情况在此部分报告）"
                        if number == 6 and _from_2021(report)
                        else ""
                    ),
                )
            )
            continue
        words = _meaningful(_section_text(doc, section, report))
        empty = not words or (number in (1, 5) and words in ("无", "暂无", "略"))
        if number in _TABLE_OF_SECTION and table is not None and table.found:
            empty = False
        if empty:
            out.append(
                catalogued(
                    "section.empty",
                    message=f"第{NUMERALS[number - 1]}部分“{section.heading}”没有内容",
                    source=Source(section.start, section.end),
                    quote=section.heading,
                )
            )
        elif number == 5 and not _IMPROVEMENT.search(normalise(_section_text(doc, section, report))):
            out.append(
                catalogued(
                    "section.improvement",
                    message=f"第五部分“{section.heading}”只写了存在的问题，未写改进情况或下一步措施",
                    source=Source(section.start, section.end),
                    quote=section.heading,
                )
            )
    return out


# ------------------------------------------------------------------------------------------- fees


def _from_2021(report: AuditReport) -> bool:
    """Whether the report should state the 信息处理费: its year's template (else its own) says so."""
    from gkaudit.templates import TEMPLATES, template_for_year

    tid = template_for_year(report.year) if report.year is not None else report.template
    return tid is not None and TEMPLATES[tid].reports_fees


def fee_findings(doc: Document, report: AuditReport) -> list[Finding]:
    """From 2021 on, section 六 reports the 信息处理费 collected, consistently with the table."""
    if not _from_2021(report):
        return []
    sections = split_sections(doc.text)
    statement = _fee_statement(doc, report, sections)
    if statement is None:
        where = "第六部分" if sections.get(6) is not None else "报告（缺少第六部分）"
        return [
            catalogued(
                "fees.unreported",
                message=f"{report.year or ''}年度报告的{where}未报告信息处理费收取情况（国办公开办函〔2021〕30号格式要求）",
            )
        ]
    start, end, sentence = statement
    unpaid = report.cell("apply/3.6.2/total")
    none_charged = _NO_FEE.search(normalise(sentence))
    if unpaid is not None and unpaid.value and none_charged:
        return [
            catalogued(
                "fees.contradiction",
                message=(
                    f"第六部分称“{_clean(sentence)}”，但表中（六）其他处理“申请人逾期未按收费通知要求缴纳费用”"
                    f"为 {unpaid.value} 件，说明本年发出过收费通知，请核实信息处理费的表述"
                ),
                cells=("apply/3.6.2/total",),
                source=Source(start, end),
                quote=_clean(sentence),
            )
        ]
    return []


def _fee_statement(doc: Document, report: AuditReport, sections: Sections) -> tuple[int, int, str] | None:
    """The sentence stating the fees (start, end, text): in section 六, else anywhere in the text.

    A heading such as "（二）收取信息处理费情况。" mentions the fee too; the sentence that says how
    much (or that none) was charged is preferred.
    """
    norm = normalise(doc.text)
    six = sections.get(6)
    spans = [(six.body_start, six.end, _FEE_IN_SIX)] if six is not None else []
    spans.append((0, len(norm), _FEE))
    for a, b, pattern in spans:
        found: list[tuple[int, int, str]] = []
        for m in pattern.finditer(norm, a, b):
            s = max(max(norm.rfind(c, a, m.start()) for c in "。；;\n") + 1, a)
            ends = [i for i in (norm.find(c, m.end(), b) for c in "。；;") if i >= 0]
            e = min(ends) + 1 if ends else b
            found.append((s, e, doc.text[s:e]))
        if found:
            stated = [f for f in found if _NO_FEE.search(normalise(f[2])) or re.search(r"\d", f[2])]
            return (stated or found)[0]
    return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text).strip()


# --------------------------------------------------------------------------------------- deadline

_GOVERNMENT_END = ("人民政府", "政府")
_PLACE_ONLY = re.compile(r"[\u4e00-\u9fff]{1,14}?(?:省|市|县|区|自治区|自治州|自治县|州|盟|旗|地区|特区)")
_DEPARTMENT_END = (
    "办公室", "办公厅", "委员会", "管委会", "办事处", "中心", "局", "厅", "委", "办", "部", "院", "署", "所", "站",
    "队", "处", "馆", "会", "社", "室", "司", "公司", "集团", "大队", "支队", "总队",
)  # fmt: skip
# Bodies whose deadline the 条例 does not fix (乡镇、街道): the later one is applied, never a false alarm.
_TOWNSHIP_END = ("街道办事处", "街道办", "街道")


def body_kind(name: str | None, overrides: Mapping[str, BodyKind] | None = None) -> BodyKind | None:
    """The kind of body a name names, "government" or "department"; None when the name does not tell.

    ``overrides`` (default ``BODY_KIND_OVERRIDES``) holds the auditor's corrections by name.
    """
    if not name:
        return None
    table = BODY_KIND_OVERRIDES if overrides is None else overrides
    if name in table:
        return table[name]
    compact = re.sub(r"\s+", "", name)
    if compact.endswith(_GOVERNMENT_END) or compact.endswith(_TOWNSHIP_END):
        return "government"
    if _PLACE_ONLY.fullmatch(compact) and not any(w in compact for w in ("开发区", "园区", "新区管")):
        return "government"
    if compact.endswith(_DEPARTMENT_END):
        return "department"
    return None


def deadline(year: int, kind: BodyKind) -> dt.date:
    """The last day to publish the report of ``year`` (条例第四十九条)."""
    return dt.date(year + 1, 3, 31) if kind == "government" else dt.date(year + 1, 1, 31)


_SIGNED = re.compile(
    r"^[ \t]*((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日[ \t]*$",
    re.M,
)
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _cn_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGIT for c in text) and len(text) == 4:
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGIT.get(text[1], 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGIT.get(tens, 0) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    if len(text) == 1 and text in _CN_DIGIT:
        return _CN_DIGIT[text]
    return None


def publication_date(doc: Document | None, report: AuditReport) -> tuple[dt.date, str, Source | None] | None:
    """When the report was published, as the report shows it: the page's 发布日期, else the signature date."""
    if report.publish_date:
        try:
            return dt.date.fromisoformat(report.publish_date), "发布日期", None
        except ValueError:
            pass
    if doc is None:
        return None
    norm = normalise(doc.text)
    tail_from = max(0, len(norm) - 600)
    found = list(_SIGNED.finditer(norm, tail_from))
    if not found:
        return None
    m = found[-1]
    y, mo, d = (_cn_int(g) for g in m.groups())
    if y is None or mo is None or d is None:
        return None
    try:
        when = dt.date(y, mo, d)
    except ValueError:
        return None
    start = m.start(1)
    return when, "落款日期", Source(start, m.end())


def check_deadline(
    report: AuditReport, kind: BodyKind | None = None, doc: Document | None = None
) -> list[Finding]:
    """``deadline.late`` when the report shows a publication date after the 条例 deadline.

    ``kind`` overrides the kind inferred from the body's name (the auditor's correction).
    """
    if report.year is None:
        return []
    inferred = body_kind(report.body)
    kind = kind or inferred
    if kind is None:
        return []
    when = publication_date(doc or report.document, report)
    if when is None:
        return []
    date, how, source = when
    if date.year <= report.year:
        return []  # a date inside the report year is not a publication date
    last = deadline(report.year, kind)
    if date <= last:
        return []
    basis = (
        f"按名称“{report.body}”推断为{KIND_LABELS[kind]}"
        if kind == inferred
        else f"审计人员指定为{KIND_LABELS[kind]}"
    )
    rule_text = (
        "县级以上人民政府应于次年 3 月 31 日前" if kind == "government" else "政府部门应于次年 1 月 31 日前"
    )
    return [
        catalogued(
            "deadline.late",
            message=(
                f"报告{how}为 {date.isoformat()}，晚于法定期限 {last.isoformat()} {(date - last).days} 天"
                f"（条例第四十九条：{rule_text}公布上一年度报告；单位类别{basis}，如有误请更正）"
            ),
            source=source,
            quote=f"{how} {date.isoformat()}",
        )
    ]


def deadline_findings(doc: Document, report: AuditReport) -> list[Finding]:
    """``DOCUMENT_CHECKS`` entry: the deadline with the auditor's overrides applied."""
    return check_deadline(report, BODY_KIND_OVERRIDES.get(report.body or ""), doc)
