"""Run-together pages (web-archive text) made from generated reports: never a confident misread.

Blank cells print nothing there, so a row may hold fewer numbers than cells: such a row is read
with its blanks when the relations allow it, and stays uncertain when they cannot tell; a sign
printed as a word ("17减16") and a blank mark between digits ("01—112") are cells of their own.
"""

from __future__ import annotations

import random

import pytest

from gkaudit.audit import audit_text
from scripts.make_converter_suite import truth_of
from tests.converters.scoring import score
from tests.generator import INJECT_KINDS, make_report
from tests.textcontent import MODES, flatten

CASES = [(seed, template) for seed in (3, 8, 101, 106, 107, 111) for template in ("2019", "2021")]


def _page(seed: int, template: str, mode: str):
    inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
    report = make_report(seed, template, "html", inject=inject, traditional=False, encoding="utf-8")
    text = flatten(report.text, random.Random(f"{seed}-{template}-{mode}"), mode)
    return text, truth_of(report.tables)


@pytest.mark.parametrize(("seed", "template"), CASES)
def test_run_together_page_is_never_misread_with_confidence(seed: int, template: str) -> None:
    for mode in MODES[:2]:
        text, truth = _page(seed, template, mode)
        s = score(audit_text(text, f"page{seed}.txt"), truth, f"{seed}-{template}-{mode}")
        assert s.false_errors == [], (mode, s.false_errors)
        assert s.wrong == [], (mode, s.wrong)
        assert s.text_alarms == [], (mode, s.text_alarms)
        # The tables are read, not given up (pages with many blanks stay largely uncertain).
        assert s.exact >= 0.25 * s.cells, (mode, s.exact, s.cells)


def test_a_page_without_blanks_reads_whole() -> None:
    """Every cell printed (zeros as 0): the row and column relations settle every split they reach;
    a 主动公开 row (no relation) whose digits split more than one way is left uncertain."""
    read = cells = 0
    for seed in (0, 2, 3):
        text, truth = _page(seed, "2021", "none")
        if truth["blank_cells"]:
            continue
        report = audit_text(text, f"page{seed}.txt")
        s = score(report, truth, str(seed))
        doubted = [c for t in report.tables.values() for c in t.cells.values() if c.reading == "uncertain"]
        assert all(c.table == "active" for c in doubted), doubted
        read += s.exact + len(doubted)
        cells += s.cells
        assert s.wrong == [] and s.false_errors == []
    assert cells and read == cells


def test_words_and_marks_inside_a_run() -> None:
    from gkaudit.extraction.runtogether import RowChunk, _readings
    from gkaudit.templates import TEMPLATES, Kind

    row = TEMPLATES["2019"].table("active").rows[0]
    signed = _readings(RowChunk(row, 0, 5, "17减16"), (Kind.COUNT, Kind.SIGNED))
    assert [tuple(p.text for p in r) for r in signed] == [("17", "减16"), ("1", "7减16")] or ("17", "减16") in [
        tuple(p.text for p in r) for r in signed
    ]
    marked = _readings(RowChunk(row, 0, 10, "7 3 01—112"), (Kind.COUNT,) * 7)
    texts = {tuple(p.text for p in r) for r in marked}
    assert ("7", "3", "0", "1", "—", "1", "12") in texts
    assert all(r[4] == "—" for r in texts)


# Pages (no blank printed as nothing) whose injected misprint sits in a row that the digits and the
# other rows otherwise determine: a leaf, a head cell, a row total, （七）总计 (twice), a leaf's total,
# and the review table's total.
MISPRINTS = [(7, "2021"), (67, "2021"), (73, "2019"), (79, "2021"), (23, "2019"), (99, "2019"), (5, "2021")]


@pytest.mark.parametrize(("seed", "template"), MISPRINTS)
def test_a_misprint_in_a_determined_row_is_an_error(seed: int, template: str) -> None:
    """No split of the row adds up; the one that does everywhere but where one changed cell
    explains it is the reading, and the relations it breaks are errors, not warnings."""
    text, truth = _page(seed, template, "none")
    assert not truth["blank_cells"]
    s = score(audit_text(text, f"page{seed}.txt"), truth, f"{seed}-{template}")
    assert s.violations and s.found == s.violations, (s.found, s.violations)
    assert s.false_errors == [] and s.misread == []
    assert s.wrong == []


def test_one_changed_cell_mends_only_what_it_can() -> None:
    from gkaudit.extraction.runtogether import _one_cell_mends
    from gkaudit.rules.relations import Relation

    rels = [Relation("r", "row", ("a", "b"), ("t",)), Relation("c", "column", ("a", "d"), ("u",))]
    good = {"a": 1, "b": 2, "t": 3, "d": 1, "u": 2}
    assert _one_cell_mends(rels, good)
    assert _one_cell_mends(rels, {**good, "a": 2})  # both relations broken through the shared cell
    assert _one_cell_mends(rels, {**good, "t": 4})  # a total
    assert not _one_cell_mends(rels, {**good, "b": 3, "d": 3})  # the shared cell would need two changes
    assert not _one_cell_mends(rels, {**good, "b": 5, "d": 4})  # the shared cell would go below 0
    assert not _one_cell_mends(rels, {**good, "b": 3, "u": 3})  # two cells, no relation in common
    assert not _one_cell_mends(rels, {**good, "d": None})


def test_flat_table_blank_readings_are_told_row_by_row() -> None:
    """Whether a review run with a cell printed as nothing can add up, without trying every reading."""
    from gkaudit.extraction.runtogether import RowChunk, _flat_blank_fit
    from gkaudit.rules.relations import relations_for
    from gkaudit.templates import TEMPLATES

    spec = TEMPLATES["2019"].table("review")
    rels = [r for r in relations_for(TEMPLATES["2019"], set()) if (r.parts + r.totals)[0].startswith("review/")]

    def fit(text: str) -> bool | None:
        return _flat_blank_fit(RowChunk(spec.rows[0], 0, len(text), text), spec, rels)

    assert fit("10001200020000") is True  # 1 0 0 0 1 | 2 0 0 0 2 | 0 0 0 0 and one blank
    assert fit("100012000200") is False  # three cells short: more than two blanks
    assert fit("99999999999999") is False  # no reading adds up
    assert fit("1000 1200020000") is None  # a space: not told row by row


def test_a_unit_after_a_space_belongs_to_its_amount() -> None:
    from gkaudit.extraction.runtogether import RowChunk, _readings
    from gkaudit.templates import TEMPLATES, Kind

    row = TEMPLATES["2019"].table("active").rows[-1]
    for text in ("02604.62 万元", "0 2604.62 万元"):
        texts = {tuple(p.text for p in r) for r in _readings(RowChunk(row, 0, len(text), text), (Kind.COUNT, Kind.AMOUNT))}
        assert ("0", "2604.62 万元") in texts, texts


def test_a_run_cut_short_by_a_word_is_never_a_misprint() -> None:
    """"85012无16": the run stops at the blank word, so the row's digits after it are not in the
    reading; the row must not be taken for a misprint (that accused its 总计 of 0)."""
    from gkaudit.extraction.runtogether import _continues
    from gkaudit.templates import TEMPLATES

    rows = {r.id: r for r in TEMPLATES["2019"].table("apply").rows}
    text = "85012无168. 属于行政查询事项"
    assert _continues(text, 5, len(text), rows["3.3.8"])
    assert not _continues("3000032.重复申请", 6, 16, rows["3.5.2"])
    assert not _continues("0000003.要求提供", 6, 16, rows["3.5.3"])
    assert not _continues("300003（五）不予处理", 6, 20, None)
    page, truth = _page(7388, "2019", "none")
    s = score(audit_text(page, "page7388.txt"), truth, "7388")
    assert s.false_errors == [], s.false_errors


def test_a_flat_review_line_that_more_blanks_also_read_is_uncertain() -> None:
    """"10001000—557522" adds up as 1 0 0 0 1 | 0 0 0 — 空 | 5 5 7 5 22 (one cell printed as
    nothing) and as 10 0 0 空 10 | 0 空 0 空 — | 5 5 7 5 22 (three): on a page that prints blanks
    as nothing, the cells the two readings disagree on are uncertain, not read."""
    text, truth = _page(21415, "2019", "none")
    assert "10001000—557522" in text
    report = audit_text(text, "page.txt")
    s = score(report, truth, "21415")
    assert s.wrong == [] and s.false_errors == []
    assert report.cell("review/review/upheld").reading == "uncertain"  # type: ignore[union-attr]


def test_blank_cells_printed_as_wu_are_marks_inside_a_run() -> None:
    """"数量无10无001": 无 next to a digit (or 无无) is a blank cell, as "—" is; a label that starts
    with 无 ("4.无正当理由…", "（四）无法提供") and 无 in a sentence stay words. Offsets are kept."""
    from gkaudit.extraction.runtogether import blank_words
    from gkaudit.templates import TEMPLATES

    t = TEMPLATES["2019"]
    text = "申请数量无10无001二、上年0无0无无三、出版物000无00无4.无正当理由（四）无法提供1.本机关，无其他需要报告的事项"
    got = blank_words(text, t)
    assert len(got) == len(text)
    assert got == text.replace("量无1", "量—1").replace("10无0", "10—0").replace("0无0无无三", "0—0——三").replace(
        "000无00无4", "000—00—4")
    assert "4.无正当理由" in got and "（四）无法提供" in got and "，无其他" in got


def test_a_page_whose_blanks_print_wu_is_read_and_its_misprint_found() -> None:
    """Generated page 22411 (2019) prints its blank cells as 无 among run-together digits: the 依申请
    and review tables are read whole and the injected misprint (四、结转下年度/商业企业) is found."""
    text, truth = _page(22411, "2019", "none")
    report = audit_text(text, "page.txt")
    s = score(report, truth, "22411")
    assert s.wrong == [] and s.false_errors == []
    assert s.violations and s.found == s.violations
    doubted = [c.id for t in report.tables.values() for c in t.cells.values() if c.reading == "uncertain"]
    assert all(cid.startswith("active/") for cid in doubted), doubted


def test_rows_too_many_to_list_are_chosen_together() -> None:
    """Generated page 22425 (2021): 一, （一） and （七）总计 split several ways each and other rows
    print blanks as nothing, too many combinations to list; chosen together by the column
    relations (jointrows' bounded search), （一） is read (its 2 / 4 / 3 / 20 … rival breaks the
    column relations); nothing is misread."""
    text, truth = _page(22425, "2021", "none")
    report = audit_text(text, "page.txt")
    s = score(report, truth, "22425")
    assert s.wrong == [] and s.false_errors == []
    for row in ("3.1",):
        for col, value in truth["tables"]["apply"][row].items():
            cell = report.cell(f"apply/{row}/{col}")
            assert cell is not None and cell.reading != "uncertain" and cell.value == value, (row, col, cell)


def test_a_row_with_a_slip_takes_no_part_in_the_joint_choice() -> None:
    """Generated page 22465 (2021): （七）总计 holds a slip (no split adds up). Split freely, it and
    row 一 could be chosen to make the column relations hold, hiding the slip (一 read 1 / 34 / 37 …
    for 134 / 37 / 3 …); the row with the slip takes no part, so 一 stays uncertain."""
    for mode in ("none", "lines"):
        text, truth = _page(22465, "2021", mode)
        s = score(audit_text(text, "page.txt"), truth, f"22465-{mode}")
        assert s.wrong == [] and s.false_errors == [], (mode, s.wrong)
