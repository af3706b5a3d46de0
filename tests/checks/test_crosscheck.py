"""Across reports: pairing, carry-forward for both templates, text reuse, batch, consolidation."""

from __future__ import annotations

import random

import pytest

from gkaudit.audit import attach_consolidation, crosscheck_batch, crosscheck_pair
from gkaudit.crosscheck import pair_reports
from gkaudit.crosscheck.carry import check_pair
from gkaudit.crosscheck.consolidate import consolidate, consolidation_table
from gkaudit.crosscheck.pairing import body_key, same_body
from gkaudit.crosscheck.reuse import reuse_detail, text_reuse
from gkaudit.jsonio import report_to_dict
from gkaudit.model import Severity
from tests.checks.reports import (
    audit_pair,
    audit_seed_text,
    audit_tables,
    consistent_tables,
    set_carry_in,
    set_value,
)
from tests.generator import make_tables

YEAR = {"2019": 2019, "2021": 2021}


def _carry(findings: list) -> list:
    return [f for f in findings if f.rule.startswith("carry.")]


# --------------------------------------------------------------------------------------- pairing


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("青铜峡市", "青铜峡市人民政府", True),
        ("洪泽区人民政府", "淮安市洪泽区人民政府", True),
        ("乌海市人民政府", "乌海市 人民政府", True),
        ("乌海市人民政府", "乌海市人民政府办公室", False),
        ("乌海市人民政府", "海南市人民政府", False),
        ("阜新市人民政府办公室", "阜新市政府办公室", True),
    ],
)
def test_same_body(a: str, b: str, same: bool) -> None:
    assert same_body(a, b) is same


def test_body_key() -> None:
    assert body_key("乌海市人民政府") == body_key("乌海市") == "乌海市"
    assert body_key(None) is None


def test_pairs_are_same_body_and_consecutive_years() -> None:
    prev_t, curr_t = consistent_tables("2021", 1)
    prev, curr = audit_pair(prev_t, curr_t, 2021, body="甲市人民政府")
    later = audit_tables(curr_t, 2024, "甲市人民政府", 1)  # 2023 missing: 2024 pairs with nothing
    other = audit_tables(curr_t, 2022, "乙县人民政府", 1)
    assert pair_reports([later, curr, other, prev]) == [(prev, curr)]


def test_two_reports_for_one_year_are_not_guessed_between() -> None:
    prev_t, curr_t = consistent_tables("2021", 2)
    prev, curr = audit_pair(prev_t, curr_t, 2021)
    dup = audit_tables(prev_t, 2021, "测试市人民政府", 9)
    assert pair_reports([prev, dup, curr]) == []


# ------------------------------------------------------------------------------------- carry-forward


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("seed", range(4))
def test_consistent_pairs_have_no_carry_finding(template: str, seed: int) -> None:
    prev, curr = audit_pair(*consistent_tables(template, seed), YEAR[template], seed=seed)
    assert [f for f in prev.findings + curr.findings if f.severity is Severity.ERROR] == []
    assert _carry(check_pair(prev, curr)) == []


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_carry_forward_mismatch_per_column(template: str) -> None:
    prev_t, curr_t = consistent_tables(template, 3)
    set_carry_in(curr_t, "natural", int(prev_t.v("apply/4/natural")) + 2)  # the table stays balanced
    prev, curr = audit_pair(prev_t, curr_t, YEAR[template], seed=3)
    assert [f for f in curr.findings if f.severity is Severity.ERROR] == []
    found = {f.cells[0]: f for f in _carry(check_pair(prev, curr))}
    assert set(found) == {"apply/2/natural", "apply/2/total"}
    natural, total = found["apply/2/natural"], found["apply/2/total"]
    assert natural.severity is Severity.WARNING and total.severity is Severity.ERROR
    assert natural.actual - natural.expected == 2 and total.actual - total.expected == 2
    assert "自然人" in natural.message and prev.file.split("/")[-1] in natural.message
    assert "上年结转" in total.message and "结转下年度" in total.message


def test_2021_in_force_count_mismatch_is_a_warning() -> None:
    prev_t, curr_t = consistent_tables("2021", 4)
    set_value(curr_t, "active/normative/in_force", int(curr_t.v("active/normative/in_force")) + 3)
    prev, curr = audit_pair(prev_t, curr_t, 2021, seed=4)
    found = _carry(check_pair(prev, curr))
    assert [(f.rule, f.severity) for f in found] == [("carry.active_in_force", Severity.WARNING)]
    assert found[0].cells[0] == "active/normative/in_force" and found[0].actual - found[0].expected == 3
    assert "现行有效" in found[0].message and "本年制发" in found[0].message


def test_2019_item_count_mismatch_is_a_warning() -> None:
    prev_t, curr_t = consistent_tables("2019", 5)
    set_value(curr_t, "active/penalty/prev_items", int(curr_t.v("active/penalty/prev_items")) + 7)
    prev, curr = audit_pair(prev_t, curr_t, 2019, seed=5)
    found = _carry(check_pair(prev, curr))
    assert [(f.rule, f.cells) for f in found] == [("carry.active_items", ("active/penalty/prev_items",))]
    assert found[0].actual - found[0].expected == 7 and "行政处罚" in found[0].message


def test_template_change_between_the_years_checks_only_what_still_applies() -> None:
    prev_t, curr_t = consistent_tables("2021", 6, prev_template="2019")
    prev, curr = audit_pair(prev_t, curr_t, 2020, seed=6)
    assert (prev.template, curr.template) == ("2019", "2021")
    assert _carry(check_pair(prev, curr)) == []
    set_carry_in(curr_t, "commercial", int(prev_t.v("apply/4/commercial")) + 1)
    prev, curr = audit_pair(prev_t, curr_t, 2020, seed=6)
    assert {f.rule for f in _carry(check_pair(prev, curr))} == {"carry.apply_forward"}


# ------------------------------------------------------------------------------------------- reuse


def test_copied_report_is_a_warning_with_identifiable_passages() -> None:
    # The generator writes the same sentences every year, only the figures change: a copied report.
    prev, curr = audit_pair(*consistent_tables("2021", 7), 2021, seed=7)
    found = text_reuse(prev, curr)
    copied = [f for f in found if f.rule == "reuse.copied"]
    assert len(copied) == 1 and copied[0].severity is Severity.WARNING
    assert prev.file.split("/")[-1] in copied[0].message
    assert {f.rule for f in found} == {"reuse.copied", "reuse.section"}
    detail = reuse_detail(prev, curr)
    assert detail.share > 0.9
    for p in detail.passages():
        mine = curr.document.text[p.start : p.end]
        assert len(mine) >= 20 and p.section in (1, 5, 6)
    section1 = next(s for s in detail.sections if s.number == 1)
    assert section1.share > 0.9


@pytest.mark.parametrize(
    ("a", "b"),
    [("fuxin-2020", "wuhai-2020"), ("wuzhong-2020", "urumqi-2020"), ("urumqi-2020", "qingtongxia-2021")],
)
def test_different_reports_are_not_copies(a: str, b: str) -> None:
    found = text_reuse(audit_seed_text(a), audit_seed_text(b))
    assert [f for f in found if f.rule == "reuse.copied"] == []
    assert reuse_detail(audit_seed_text(a), audit_seed_text(b)).share < 0.2


def test_one_rewritten_section_lowers_the_share() -> None:
    text = audit_seed_text("wuhai-2020").document.text
    prev = audit_seed_text("wuhai-2020", text.replace("2020", "2019"), "wuhai-2019.txt")
    rewritten = text.replace(
        text[text.index("五、存在的主要问题") : text.index("七、其他需要报告的事项")],
        "五、存在的主要问题及改进情况\n\n本年度政务公开工作仍有不足，专栏更新偶有滞后。下一步将完善发布审核机制，按月检查专栏。\n\n",
    )
    curr = audit_seed_text("wuhai-2020", rewritten)
    detail = reuse_detail(prev, curr)
    by_number = {s.number: s for s in detail.sections}
    assert by_number[1].share > 0.95 and by_number[5].share < 0.2
    assert any(f.rule == "reuse.copied" for f in text_reuse(prev, curr))  # 一 is still most of the text


# ------------------------------------------------------------------------------------------- batch


def test_batch_adds_findings_to_the_later_report_once() -> None:
    prev_t, curr_t = consistent_tables("2019", 8)
    set_carry_in(curr_t, "natural", int(prev_t.v("apply/4/natural")) + 1)
    prev, curr = audit_pair(prev_t, curr_t, 2019, seed=8)
    before_prev = list(prev.findings)
    assert crosscheck_batch([curr, prev]) == [(prev, curr)]
    assert prev.findings == before_prev
    added = [f for f in curr.findings if f.rule.startswith(("carry.", "reuse."))]
    assert {f.rule for f in added} >= {"carry.apply_forward", "reuse.copied"}
    crosscheck_batch([curr, prev])
    assert [f for f in curr.findings if f.rule.startswith(("carry.", "reuse."))] == added
    assert [f.severity.rank for f in curr.findings] == sorted(f.severity.rank for f in curr.findings)
    rules = {f["rule"] for f in report_to_dict(curr)["findings"]}
    assert {"carry.apply_forward", "reuse.copied"} <= rules
    assert crosscheck_pair(prev, curr)  # the explicit pairing gives the same findings
    assert len(crosscheck_pair(prev, curr)) == len(added)


# ----------------------------------------------------------------------------------- consolidation


def _doubled(template: str, seed: int):
    rng = random.Random(seed)
    part = make_tables(template, rng, blanks=False, fullwidth=False)
    parent = part.copy()
    for cid in parent.cell_ids():
        if cid.startswith(("apply/", "review/")):
            set_value(parent, cid, 2 * int(part.v(cid)))
    return parent, part


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_parent_equal_to_the_sum_of_its_parts(template: str) -> None:
    parent_t, part_t = _doubled(template, 11)
    year = YEAR[template]
    parent = audit_tables(parent_t, year, "测试市人民政府", 1)
    parts = [audit_tables(part_t, year, "测试市教育局", 2), audit_tables(part_t, year, "测试市民政局", 3)]
    assert consolidate(parent, parts) == []
    table = consolidation_table(parent, parts)
    assert table and all(not c.differs for c in table)


def test_parent_differing_from_its_parts_shows_the_differences() -> None:
    parent_t, part_t = _doubled("2021", 12)
    set_value(parent_t, "apply/3.1/natural", int(parent_t.v("apply/3.1/natural")) + 1)
    set_value(parent_t, "apply/3.1/total", int(parent_t.v("apply/3.1/total")) + 1)
    parent = audit_tables(parent_t, 2021, "测试市人民政府", 1)
    parts = [audit_tables(part_t, 2021, "测试市教育局", 2), audit_tables(part_t, 2021, "测试市民政局", 3)]
    found = consolidate(parent, parts)
    assert len(found) == 1
    f = found[0]
    assert f.rule == "consolidation.mismatch" and f.cells == ("apply/3.1/natural", "apply/3.1/total")
    assert f.actual - f.expected == 1 and "予以公开" in f.message and "2 份所属报告" in f.message
    attach_consolidation(parent, parts)
    attach_consolidation(parent, parts)
    assert [g.rule for g in parent.findings].count("consolidation.mismatch") == 1


def test_one_department_name_in_two_cities_is_two_bodies() -> None:
    """Generated reports of 甲市财政局 and 乙市财政局 for consecutive years are never each other's previous year."""
    prev_t, curr_t = consistent_tables("2021", 3)
    a_prev, a_curr = audit_pair(prev_t, curr_t, 2021, body="甲市财政局")
    b_prev = audit_tables(prev_t, 2021, "乙市财政局", 4)
    b_curr = audit_tables(curr_t, 2022, "乙市财政局", 5)
    pairs = pair_reports([a_prev, b_curr, a_curr, b_prev])
    assert {(p.body, c.body) for p, c in pairs} == {("甲市财政局", "甲市财政局"), ("乙市财政局", "乙市财政局")}
    # Without its city the name could be either's: paired with neither.
    bare = audit_tables(curr_t, 2022, "财政局", 6)
    assert all(bare not in pair for pair in pair_reports([a_prev, b_prev, bare]))
    # With only one city in the batch, the name without it is that city's (as 洪泽区 / 淮安市洪泽区).
    assert pair_reports([a_prev, bare]) == [(a_prev, bare)]
