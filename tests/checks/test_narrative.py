"""Narrative figures against the tables: the seed acceptance facts, mismatches, scope, false-alarm guards."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from gkaudit.audit import audit_document, recheck
from gkaudit.jsonio import finding_to_dict
from gkaudit.model import Cell, Severity, Table, split_cell_id
from gkaudit.narrative import (
    READINGS,
    check_claims,
    chinese_number,
    combo_value,
    extract_claims,
    report_claims,
)
from gkaudit.reading import read_bytes
from tests.checks.reports import audit_seed_text, seed_text
from tests.generator import make_report

NARRATIVE = ("narrative.mismatch", "narrative.scope", "narrative.unclear")


def _narrative(report) -> list:
    return [f for f in report.findings if f.rule in NARRATIVE]


def _tables(values: dict[str, int]) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for cid, value in values.items():
        t, row, col = split_cell_id(cid)
        tables.setdefault(t, Table(t)).cells[(row, col)] = Cell(t, row, col, value, str(value))
    return tables


# ------------------------------------------------------------------------------- seed acceptance


def test_wuhai_72_is_new_68_plus_carried_4_not_a_mismatch() -> None:
    report = audit_seed_text("wuhai-2020")
    found = _narrative(report)
    assert [f.rule for f in found] == ["narrative.scope"]
    scope = found[0]
    assert scope.severity is Severity.INFO
    assert "72" in scope.message and "本年新收 68 + 上年结转 4" in scope.message
    assert scope.cells == ("apply/1/total", "apply/2/total")
    assert scope.quote and "收到依申请公开72件" in scope.quote
    assert scope.source is not None
    assert "72" in report.document.text[scope.source.start : scope.source.end]
    # 行政复议、行政诉讼零发生 matches the (blank or zero) review table: nothing said.
    kinds = {c.kind for c in report_claims(report.document, report)}
    assert {"received", "review", "suit"} <= kinds


def test_qingtongxia_received_completed_and_carried_all_match() -> None:
    report = audit_seed_text("qingtongxia-2021")
    claims = report_claims(report.document, report)
    got = {(c.kind, c.value) for c in claims}
    assert {("received", 20), ("completed", 19), ("carry_next", 1)} <= got
    assert _narrative(report) == []


def test_urumqi_239_is_compared_with_the_applications_handled_not_the_result_total() -> None:
    report = audit_seed_text("urumqi-2020")
    claims = [c for c in report_claims(report.document, report) if c.value == 239]
    assert len(claims) == 1 and claims[0].kind == "handled"
    primary = READINGS["handled"][0][0]
    assert primary.cells == ("apply/1/total", "apply/2/total")
    assert combo_value(primary, report.tables) == 239
    # The result total is 237: comparing with it would have been a false alarm.
    assert report.cell("apply/3.7/total").value == 237
    assert _narrative(report) == []


@pytest.mark.parametrize("name", ["fuxin-2020", "wuzhong-2020"])
def test_other_seeds_have_no_narrative_warning(name: str) -> None:
    assert [f for f in _narrative(audit_seed_text(name)) if f.severity is not Severity.INFO] == []


def test_wuzhong_not_received_is_zero_and_matches() -> None:
    report = audit_seed_text("wuzhong-2020")
    assert ("received", 0) in {(c.kind, c.value) for c in report_claims(report.document, report)}


# ------------------------------------------------------------------------------------ mismatches


def test_a_changed_figure_is_a_warning_quoting_sentence_and_cell() -> None:
    text = seed_text("qingtongxia-2021").replace("办理完成 19 件", "办理完成 18 件")
    report = audit_seed_text("qingtongxia-2021", text)
    found = _narrative(report)
    assert [f.rule for f in found] == ["narrative.mismatch"]
    f = found[0]
    assert f.severity is Severity.WARNING
    assert f.cells == ("apply/3.7/total",) and (f.expected, f.actual) == (19, 18)
    assert "办理完成18件" in f.message and "19" in f.message
    assert f.quote and "办理完成18件" in f.quote and "结转下年度继续办理1件" in f.quote
    assert f.source is not None and "18" in text[f.source.start : f.source.end]
    out = finding_to_dict(f)
    assert out["source"] == {"start": f.source.start, "end": f.source.end} and out["quote"] == f.quote


def test_received_figure_off_is_a_warning() -> None:
    text = seed_text("fuxin-2020").replace("全年共办理市本级依申请公开 60 件", "全年共收到依申请公开 65 件")
    found = _narrative(audit_seed_text("fuxin-2020", text))
    assert [(f.rule, f.expected, f.actual) for f in found] == [("narrative.mismatch", 60, 65)]


def test_chinese_numerals() -> None:
    assert (
        chinese_number("六十") == 60 and chinese_number("二十三") == 23 and chinese_number("两百零五") == 205
    )
    assert chinese_number("十") == 10 and chinese_number("3,119") == 3119
    ok = seed_text("fuxin-2020").replace("全年共办理市本级依申请公开 60 件", "全年共收到依申请公开六十件")
    assert _narrative(audit_seed_text("fuxin-2020", ok)) == []
    off = seed_text("fuxin-2020").replace("全年共办理市本级依申请公开 60 件", "全年共收到依申请公开五十件")
    assert [(f.rule, f.actual) for f in _narrative(audit_seed_text("fuxin-2020", off))] == [
        ("narrative.mismatch", 50)
    ]


def test_zero_suits_claimed_while_the_table_has_fourteen() -> None:
    text = seed_text("fuxin-2020").replace(
        "多次受到群众好评。", "多次受到群众好评，全年未发生政府信息公开行政诉讼。"
    )
    found = _narrative(audit_seed_text("fuxin-2020", text))
    assert len(found) == 1
    f = found[0]
    assert f.rule == "narrative.mismatch" and (f.expected, f.actual) == (14, 0)
    assert f.cells == ("review/suit_direct/total", "review/suit_after_review/total")


def test_narrower_subject_is_an_info_not_a_warning() -> None:
    text = seed_text("wuzhong-2020").replace(
        "2020年未收到政府信息依申请公开件。", "2020年，中心办公室代表中心受理政府信息公开申请 5 件。"
    )
    found = _narrative(audit_seed_text("wuzhong-2020", text))
    assert [(f.rule, f.severity) for f in found] == [("narrative.unclear", Severity.INFO)]
    assert "办公室" in found[0].message or "代表" in found[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "2019年共收到政府信息公开申请 5 件。",  # another year
        "全年受理 12345 热线诉求 500 件，办结 498 件。",  # hotline
        "全年受理信访事项 5 件。",  # petitions
        "全年主动公开政府信息 300 件。",  # active disclosure
        "收到政府信息公开申请数量较上年增加 5 件。",  # a change, not a count
        "全年共收到政府信息公开申请 5 余件。",  # approximate
        "依申请公开信件按照“一件一档”的形式归档。",  # not a count at all
    ],
)
def test_ambiguous_sentences_are_skipped(sentence: str) -> None:
    text = seed_text("wuzhong-2020").replace("2020年未收到政府信息依申请公开件。", sentence)
    assert _narrative(audit_seed_text("wuzhong-2020", text)) == []


def test_huaian_city_sentences_match_their_table() -> None:
    text = (
        "2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度\n"
        "答复），均在法定期限内予以答复。政府信息公开行政复议 351\n件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚\n"
        "未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25\n件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。"
    )
    tables = _tables({
        "apply/1/total": 3119, "apply/2/total": 34, "apply/3.7/total": 3050, "apply/4/total": 103,
        "review/review/upheld": 72, "review/review/corrected": 64, "review/review/other": 178,
        "review/review/pending": 37, "review/review/total": 351,
        "review/suit_direct/upheld": 20, "review/suit_direct/corrected": 5, "review/suit_direct/other": 9,
        "review/suit_direct/pending": 6, "review/suit_direct/total": 40,
        "review/suit_after_review/upheld": 5, "review/suit_after_review/corrected": 0,
        "review/suit_after_review/other": 0, "review/suit_after_review/pending": 1,
        "review/suit_after_review/total": 6,
    })  # fmt: skip
    claims = extract_claims(text, 2024)
    assert len(claims) == 14
    assert {c.kind for c in claims} >= {
        "received",
        "completed",
        "carry_prev",
        "carry_next",
        "review",
        "suit.pending",
    }
    assert check_claims(claims, tables) == []
    # One cell off: exactly that figure is reported.
    tables["review"].cells[("review", "corrected")] = Cell("review", "review", "corrected", 63, "63")
    found = check_claims(claims, tables)
    assert [(f.rule, f.cells, f.actual) for f in found] == [
        ("narrative.mismatch", ("review/review/corrected",), 64)
    ]


def test_hongze_office_figure_is_narrower_than_the_table() -> None:
    text = "2024 年，区政府办代表区政府受理政府\n信息公开申请 17 件，均已在法定期限内予以答复。"
    found = check_claims(extract_claims(text, 2024), _tables({"apply/1/total": 95, "apply/2/total": 0}))
    assert [(f.rule, f.expected, f.actual) for f in found] == [("narrative.unclear", 95, 17)]


def test_generated_reports_raise_no_narrative_finding() -> None:
    rng = random.Random(7)
    for seed in range(12):
        style = rng.choice(("tab", "lines", "lines1", "markdown", "html"))
        template = rng.choice(("2019", "2021"))
        rep = make_report(seed, template, style)
        report = audit_document(read_bytes(rep.filename, rep.data))
        assert _narrative(report) == [], (seed, template, style)


def test_a_full_paragraph_of_results_matches_and_one_wrong_result_is_found() -> None:
    text = (
        "全年共收到政府信息公开申请 120 件（其中网上申请 80 件，信函申请 40 件），上年结转 5 件；"
        "办结 118 件，结转下年度 7 件。共办理政府信息公开申请125件，其中予以公开60件，部分公开10件，"
        "不予公开5件，无法提供30件，不予处理10件，其他处理3件。"
    )
    values = {"apply/1/total": 120, "apply/2/total": 5, "apply/3.7/total": 118, "apply/4/total": 7}
    values |= {"apply/3.1/total": 60, "apply/3.2/total": 10}
    values |= {f"apply/3.3.{i}/total": (5 if i == 4 else 0) for i in range(1, 9)}
    values |= {"apply/3.4.1/total": 30, "apply/3.4.2/total": 0, "apply/3.4.3/total": 0}
    values |= {f"apply/3.5.{i}/total": (10 if i == 1 else 0) for i in range(1, 6)}
    values |= {"apply/3.6.1/total": 0, "apply/3.6.2/total": 0, "apply/3.6.3/total": 3}
    claims = extract_claims(text, 2022)
    kinds = [c.kind for c in claims]
    assert kinds == [
        "received", "carry_prev", "completed", "carry_next", "handled",
        "disclosed", "partial", "refused", "unable", "not_processed", "other_processed",
    ]  # fmt: skip
    assert check_claims(claims, _tables(values)) == []
    values["apply/3.4.1/total"] = 29
    found = check_claims(claims, _tables(values))
    assert [(f.rule, f.expected, f.actual) for f in found] == [("narrative.mismatch", 29, 30)]
    assert found[0].cells == ("apply/3.4.1/total", "apply/3.4.2/total", "apply/3.4.3/total")


def test_a_department_speaking_of_the_whole_city_is_not_a_warning() -> None:
    # 吴忠市政务服务中心 is a department: "全市" is a wider subject than its own tables.
    text = seed_text("wuzhong-2020").replace(
        "2020年未收到政府信息依申请公开件。", "2020年全市共收到政府信息公开申请 300 件。"
    )
    found = _narrative(audit_seed_text("wuzhong-2020", text))
    assert [(f.rule, f.severity) for f in found] == [("narrative.unclear", Severity.INFO)]
    assert "全市" in found[0].message


def test_recheck_after_the_auditor_corrects_a_cell() -> None:
    text = seed_text("qingtongxia-2021").replace("办理完成 19 件", "办理完成 18 件")
    report = audit_seed_text("qingtongxia-2021", text)
    narrative = [f.rule for f in report.findings if f.rule.startswith("narrative.")]
    assert narrative == ["narrative.mismatch"]
    assert not [f for f in recheck(report, {"apply/3.7/total": 18}) if f.rule.startswith("narrative.")]
    assert report.cell("apply/3.7/total").value == 19  # the report itself is left as it was


# ------------------------------------------------------------------ real phrasings (realdev false alarms)


def test_figures_joined_by_a_comma_of_enumeration_each_name_their_own_kind() -> None:
    text = "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。"
    tables = _tables({"review/review/total": 2, "review/suit_direct/total": 7, "review/suit_after_review/total": 0})
    claims = extract_claims(text, 2023)
    assert sorted((c.kind, c.value) for c in claims) == [("review", 2), ("suit", 7)]
    assert check_claims(claims, tables) == []
    tables["review"].cells[("review", "total")] = Cell("review", "review", "total", 3, "3")
    assert [(f.cells, f.actual) for f in check_claims(claims, tables)] == [(("review/review/total",), 2)]


def test_disclosed_and_partly_disclosed_as_one_figure() -> None:
    text = "办结依申请公开81件，其中：予以公开及部\n分公开42件，不予公开5件。"
    claims = [c for c in extract_claims(text, 2023) if c.value == 42]
    assert [c.kind for c in claims] == ["disclosed_partial"]
    tables = _tables({"apply/3.1/total": 22, "apply/3.2/total": 20})
    assert check_claims(claims, tables) == []
    tables = _tables({"apply/3.1/total": 22, "apply/3.2/total": 21})
    assert [f.expected for f in check_claims(claims, tables)] == [43]


def test_no_case_lost_is_not_no_case() -> None:
    text = "全年未发生因依申请公开被行政复议纠错或\n行政诉讼败诉情形。"
    assert [c for c in extract_claims(text, 2025) if c.kind.startswith(("review", "suit"))] == []
    # The plain statement still counts as zero.
    assert [(c.kind, c.value) for c in extract_claims("全年未发生政府信息公开行政复议案件。", 2025)] == [("review", 0)]


def test_carried_to_next_year_across_a_line_break() -> None:
    text = "所有办结的信息公开申请中同意公开答复 9 件，转下一\n年度办理答复的有 1 件。"
    claims = extract_claims(text, 2024)
    assert ("carry_next", 1) in {(c.kind, c.value) for c in claims}


def test_a_total_left_blank_in_a_row_with_figures_is_not_compared_as_zero() -> None:
    claims = extract_claims("全年收到政府信息公开申请34件，结转下年度继续办理1件。", 2024)
    tables = _tables({"apply/1/total": 34, "apply/4/natural": 1})
    tables["apply"].cells[("4", "total")] = Cell("apply", "4", "total", None, "", blank=True)
    assert check_claims(claims, tables) == []
    # The row's own columns stand for its total: 2 there is a mismatch, said so.
    tables["apply"].cells[("4", "legal")] = Cell("apply", "4", "legal", 1, "1")
    found = check_claims(claims, tables)
    assert [(f.expected, f.actual) for f in found] == [(2, 1)]
    assert "空白，按该行各栏之和计" in found[0].message
    del tables["apply"].cells[("4", "legal")]
    # A blank total in a row of blanks and zeros is a 0 as before.
    tables["apply"].cells[("4", "natural")] = Cell("apply", "4", "natural", 0, "0")
    assert [(f.expected, f.actual) for f in check_claims(claims, tables)] == [(0, 1)]


def test_a_figure_against_an_uncertain_cell_is_not_a_mismatch() -> None:
    claims = extract_claims("全年共收到政府信息公开申请 34 件。", 2024)
    tables = _tables({"apply/1/total": 43})
    assert [f.rule for f in check_claims(claims, tables)] == ["narrative.mismatch"]
    cell = tables["apply"].cells[("1", "total")]
    tables["apply"].cells[("1", "total")] = replace(cell, reading="uncertain", alternatives=(34,))
    found = check_claims(claims, tables)
    assert [(f.rule, f.severity) for f in found] == [("narrative.unclear", Severity.INFO)]
    assert "识别不确定" in found[0].message
