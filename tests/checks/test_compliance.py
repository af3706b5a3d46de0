"""Sections, the 信息处理费 statement, the publication deadline and the template/year warning."""

from __future__ import annotations

import random
import re

import pytest

from gkaudit.audit import audit_document
from gkaudit.compliance import BODY_KIND_OVERRIDES, body_kind, check_deadline, deadline
from gkaudit.model import Severity
from gkaudit.reading import read_bytes
from gkaudit.sections import split_sections
from tests.checks.reports import audit_seed_text, seed_text
from tests.conftest import SEEDS
from tests.generator import STYLES, make_report, make_tables, render


def _rules(report, prefix: str) -> list:
    return [f for f in report.findings if f.rule.startswith(prefix)]


# -------------------------------------------------------------------------------------- sections


def test_wuhai_seven_parts_map_onto_the_six_sections() -> None:
    text = seed_text("wuhai-2020")
    sections = split_sections(text)
    assert sections.numbers() == [1, 2, 3, 4, 5, 6]
    five, six = sections.get(5), sections.get(6)
    assert five is not None and six is not None
    assert five.heading == "五、存在的主要问题" and six.heading == "七、其他需要报告的事项"
    assert len(five.extra) == 1 and text[five.extra[0][0] : five.extra[0][1]] == "六、下一步工作计划"
    assert text[six.start : six.end].startswith("七、其他需要报告的事项")


@pytest.mark.parametrize("name", list(SEEDS))
def test_seed_sections(name: str) -> None:
    expected = [1, 2, 3, 4, 5] if name == "urumqi-2020" else [1, 2, 3, 4, 5, 6]
    assert split_sections(seed_text(name)).numbers() == expected


@pytest.mark.parametrize("style", STYLES)
def test_generated_reports_have_six_sections_and_no_section_finding(style: str) -> None:
    for seed in range(6):
        rep = make_report(seed, "2021" if seed % 2 else "2019", style)
        doc = read_bytes(rep.filename, rep.data)
        assert split_sections(doc.text).numbers() == [1, 2, 3, 4, 5, 6], (seed, style)


@pytest.mark.parametrize("seed", range(4))
def test_headings_run_into_lines_are_found(seed: int) -> None:
    """Page text copied with its line breaks lost ("…。一、总体情况2019年，…")."""
    rep = make_report(seed, "2021" if seed % 2 else "2019", "tab")
    text = read_bytes(rep.filename, rep.data).text
    flat = re.sub(r"\s+", "", text)
    assert split_sections(flat).numbers() == [1, 2, 3, 4, 5, 6]
    # A table row numbered like a section ("四、结转下年度继续办理") is not taken for one.
    four = split_sections(flat).get(4)
    assert four is not None and "行政复议" in four.heading


def test_a_lost_heading_line_is_stood_for_by_its_first_point() -> None:
    text = seed_text("wuzhong-2020")
    heading = "五、存在的主要问题及改进情况"
    assert heading in text
    lost = text.replace(heading, "（一）主要问题", 1)
    five = split_sections(lost).get(5)
    assert five is not None and five.start == lost.index("（一）主要问题") and "主要问题" in five.heading
    assert _rules(audit_seed_text("wuzhong-2020", lost), "section.missing") == []
    # Without any words of the section, it is still missing.
    gone = text.replace(heading, "（一）其他情况", 1)
    assert 5 not in split_sections(gone).numbers()


def test_improvement_said_as_what_was_done_about_the_problems() -> None:
    text = _replace_section(
        seed_text("wuzhong-2020"),
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "一是人员配备不足。二是公开内容不够全面。针对上述问题，我市精准施策、靶向发力，推动工作再上新台阶。",
    )
    assert _rules(audit_seed_text("wuzhong-2020", text), "section.") == []


def test_urumqi_lacks_section_six() -> None:
    found = _rules(audit_seed_text("urumqi-2020"), "section.")
    assert [(f.rule, f.severity) for f in found] == [("section.missing", Severity.WARNING)]
    assert "第六部分" in found[0].message and "其他需要报告的事项" in found[0].message


@pytest.mark.parametrize("name", ["wuhai-2020", "qingtongxia-2021", "fuxin-2020", "wuzhong-2020"])
def test_complete_seeds_have_no_section_finding(name: str) -> None:
    assert _rules(audit_seed_text(name), "section.") == []


def _replace_section(text: str, heading: str, next_heading: str, body: str) -> str:
    a = text.index(heading) + len(heading)
    b = text.index(next_heading)
    return text[:a] + "\n" + body + "\n\n" + text[b:]


def test_empty_section() -> None:
    text = _replace_section(
        seed_text("wuzhong-2020"), "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "无。"
    )
    found = _rules(audit_seed_text("wuzhong-2020", text), "section.")
    assert [f.rule for f in found] == ["section.empty"]
    assert found[0].source is not None


def test_section_five_without_improvement() -> None:
    text = _replace_section(
        seed_text("wuzhong-2020"),
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "一是人员配备不足，均为兼职。二是公开内容不够全面，事后公开多。",
    )
    assert [f.rule for f in _rules(audit_seed_text("wuzhong-2020", text), "section.")] == [
        "section.improvement"
    ]


# ------------------------------------------------------------------------------------------- fees


def test_qingtongxia_reports_its_information_fee() -> None:
    assert _rules(audit_seed_text("qingtongxia-2021"), "fees.") == []


def test_fee_statement_missing_from_a_2021_report() -> None:
    text = seed_text("qingtongxia-2021").replace(
        "（二）收取信息处理费情况。全市 2021 年共办理依申请公开 20 件，未收取信息处理费。", ""
    )
    found = _rules(audit_seed_text("qingtongxia-2021", text), "fees.")
    assert [(f.rule, f.severity) for f in found] == [("fees.unreported", Severity.WARNING)]


def test_no_fee_said_while_the_table_shows_unpaid_fee_notices() -> None:
    text = seed_text("qingtongxia-2021")
    unpaid = "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0"
    other = "3. 其他\t2\t0\t0\t0\t0\t0\t2"
    assert unpaid in text and other in text
    text = text.replace(unpaid, unpaid[: -len("0\t0\t0\t0\t0\t0\t0")] + "1\t0\t0\t0\t0\t0\t1")
    text = text.replace(other, "3. 其他\t1\t0\t0\t0\t0\t0\t1")
    report = audit_seed_text("qingtongxia-2021", text)
    assert report.cell("apply/3.6.2/total").value == 1
    found = _rules(report, "fees.")
    assert [f.rule for f in found] == ["fees.contradiction"]
    assert found[0].cells == ("apply/3.6.2/total",) and "未收取信息处理费" in (found[0].quote or "")
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []


def test_no_fee_said_as_no_charge_in_section_six() -> None:
    text = seed_text("qingtongxia-2021").replace(
        "（二）收取信息处理费情况。全市 2021 年共办理依申请公开 20 件，未收取信息处理费。",
        "2021年度，我市政府信息公开未发生收费情况。",
    )
    assert "处理费" not in text.split("六、")[-1]
    assert _rules(audit_seed_text("qingtongxia-2021", text), "fees.") == []


def test_2020_reports_need_no_fee_statement() -> None:
    assert _rules(audit_seed_text("wuhai-2020"), "fees.") == []


# --------------------------------------------------------------------------------------- deadline


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("乌海市人民政府", "government"),
        ("青铜峡市", "government"),
        ("淮安市洪泽区人民政府", "government"),
        ("淮安市洪泽区", "government"),
        ("某某镇人民政府", "government"),
        ("阜新市人民政府办公室", "department"),
        ("吴忠市政务服务中心", "department"),
        ("某某市教育局", "department"),
        ("某某市发展和改革委员会", "department"),
        ("", None),
    ],
)
def test_body_kind(name: str, kind: str | None) -> None:
    assert body_kind(name, {}) == kind


def test_deadline_dates() -> None:
    assert str(deadline(2020, "department")) == "2021-01-31"
    assert str(deadline(2020, "government")) == "2021-03-31"


def _wuzhong_published(date_line: str) -> str:
    text = seed_text("wuzhong-2020")
    first = text.index("\n")
    return text[:first] + "\n" + date_line + text[first:]


def test_department_report_published_in_february_is_late() -> None:
    report = audit_seed_text("wuzhong-2020", _wuzhong_published("发布时间：2021-02-15"))
    assert report.publish_date == "2021-02-15"
    found = _rules(report, "deadline.")
    assert [(f.rule, f.severity) for f in found] == [("deadline.late", Severity.WARNING)]
    assert (
        "2021-01-31" in found[0].message
        and "15 天" in found[0].message
        and "吴忠市政务服务中心" in found[0].message
    )


def test_department_report_in_january_and_government_report_in_march_are_in_time() -> None:
    assert (
        _rules(audit_seed_text("wuzhong-2020", _wuzhong_published("发布时间：2021-01-20")), "deadline.") == []
    )
    urumqi = audit_seed_text("urumqi-2020")
    assert urumqi.publish_date == "2021-03-10" and _rules(urumqi, "deadline.") == []


def test_government_report_in_april_is_late() -> None:
    text = seed_text("urumqi-2020").replace("发布时间:2021-03-10", "发布时间:2021-04-02")
    found = _rules(audit_seed_text("urumqi-2020", text), "deadline.")
    assert len(found) == 1 and "2021-03-31" in found[0].message and "县级以上人民政府" in found[0].message


def test_auditor_overrides_the_inferred_kind() -> None:
    report = audit_seed_text("wuzhong-2020", _wuzhong_published("发布时间：2021-02-15"))
    assert check_deadline(report, "government") == []
    BODY_KIND_OVERRIDES["吴忠市政务服务中心"] = "government"
    try:
        assert (
            _rules(audit_seed_text("wuzhong-2020", _wuzhong_published("发布时间：2021-02-15")), "deadline.")
            == []
        )
    finally:
        BODY_KIND_OVERRIDES.clear()


def test_signature_date_counts_when_no_publication_date_is_shown() -> None:
    text = seed_text("wuzhong-2020").rstrip() + "\n\n吴忠市政务服务中心\n2021年2月10日\n"
    found = _rules(audit_seed_text("wuzhong-2020", text), "deadline.")
    assert len(found) == 1 and "落款日期" in found[0].message and found[0].source is not None
    text_cn = seed_text("wuzhong-2020").rstrip() + "\n\n吴忠市政务服务中心\n二〇二一年一月二十日\n"
    assert _rules(audit_seed_text("wuzhong-2020", text_cn), "deadline.") == []


# ---------------------------------------------------------------------------------- template.year


@pytest.mark.parametrize(("template", "year"), [("2019", 2022), ("2021", 2020)])
def test_template_does_not_fit_the_year(template: str, year: int) -> None:
    rng = random.Random(5)
    tables = make_tables(template, rng, blanks=False)
    rep = render(tables, "tab", rng, year=year, body="测试县人民政府")
    report = audit_document(read_bytes(rep.filename, rep.data))
    assert (report.year, report.template) == (year, template)
    found = _rules(report, "template.year")
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert f"{year} 年度报告应使用" in found[0].message


# ---------------------------------------------------------------------------------- template.before

# 平潭综合实验区 2018 年度报告 (www.pingtan.gov.cn, kept in GitHub changwu/pingtan-gov-zwgk-archive,
# zwgk/zfxxgk/zfxxgknb/201901/80529_…/page.txt): its narrative names 行政规范性文件 (a phrase of
# the 2021 format) and its statistics are the old 政府信息公开情况统计表, run together.
OLD_FORMAT_2018 = (
    "平潭综合实验区2018年度政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》要求，区管委会办公室编制完成了本报告。"
    "本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。\n"
    "（四）开展政策解读工作情况建立以行政规范性文件为主的政策解读机制，提升行政规范性文件执行效力。\n"
    "三、政府信息依申请公开工作情况2018年未收到有关政府信息公开申请。\n"
    "六、政府信息公开情况统计表指标名称计量单位2018年度历年累计主动公开文件数条206912106其中：1.政府网站公开数条"
    "2069121062.政府公报公开数条00受理依申请公开信息总数条00其中：1.当面申请数条002.网上申请数条00\n"
)


def test_report_older_than_the_formats_is_not_read_as_one() -> None:
    report = audit_document(read_bytes("平潭2018.txt", OLD_FORMAT_2018.encode("utf-8")))
    assert (report.year, report.template) == (2018, None)
    assert [f.rule for f in report.findings] == ["template.before"]
    assert report.findings[0].severity is Severity.WARNING and "2018 年度" in report.findings[0].message
    assert not any(t.cells for t in report.tables.values())


def test_report_of_2018_printed_in_the_2019_format_is_still_audited() -> None:
    rng = random.Random(7)
    tables = make_tables("2019", rng, blanks=False)
    rep = render(tables, "tab", rng, year=2018, body="测试县人民政府")
    report = audit_document(read_bytes(rep.filename, rep.data))
    assert (report.year, report.template) == (2018, "2019")
    assert not _rules(report, "template.before") and report.tables["apply"].cells
