"""Run-together page text (web-archive ``textContent``) of the harder variants: what read wrong.

Stored pages in ``tests/data/flat18``: reports printed by ``tests/variants.py`` as HTML and
flattened by ``tests/textcontent.py`` (each truth says how), each with its truth:

* ``br-labels-2021``: a ``<br>`` in a label cell left a space inside the label ("5.属于三类内部事
  务信息"): the row is found, and its "5." is no digit of the row before (which read its total
  as that 5, sure).
* ``units-2021``: counts printed with their unit, some cells run together ("0个00件0件"): a unit
  after a digit ends a cell as a space would (the page was read by the line reader, which found
  no 依申请 table and took other tables' numbers for the 主动公开 rows).
* ``remark-footnote-2021``: a 备注 column whose header follows a footnote mark ("法律服务机构②
  其他"): the mark is no figure, the column is found, and the remark "—" after a row is not its
  blank total (read sure, with false row-total errors).
* ``slip-total-row-2021``: thousands separators, an injected slip in （七）总计 ("47913818275635752"
  is 479 / 138 / 18 / 27 / 56 / 35 / 752, one off): its splits that add up (4791 / 3 / 818 / 2 / 75
  / 63 / 5752) break fourteen relations across rows; the row is in doubt, not read wrong.
* ``active-other-2021``: the 主动公开 table printed in the 2019 layout: left unread and said so
  (its "232083846" was read as one 2021 cell).
* ``review-split-2021``: the review table printed as two tables (行政复议 | 行政诉讼), each with its
  header and digits: both runs are the table's.
* ``review-blank-total-2019``: blanks printed as nothing, the review table's digits
  "2905161107889000" with three blanks, one of them 复议后起诉's 总计 (its parts all 0): no reading
  with two blanks or fewer adds up, and the 总计 read "0" was sure (it may be the blank).
* ``review-transposed-2021``: the review table printed label by label ("结果维持/结果纠正4…"), an
  injected slip: the blank's mark "/" is a cell of the parts (the cells after it read one off,
  with false errors, where it was not).
* ``num-only-narrative-2021``: sub-rows labelled "1." only, one line, the narrative naming 上年结转
  and 结转下年度继续办理 before the table: the page is run-together (the line reader took
  行政强制's 3496 for 行政处罚).
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.extraction.runtogether import is_run_together, spaced_units
from gkaudit.templates import TEMPLATES
from tests.converters.scoring import assert_reads, assert_rows_read

DATA = Path(__file__).resolve().parents[1] / "data" / "flat18"


def _files(name: str) -> tuple[Path, Path]:
    return DATA / f"{name}.txt", DATA / f"{name}.truth.json"


def test_a_label_broken_by_a_space_is_found_and_its_number_is_no_cell() -> None:
    assert "5.属于三类内部事 务信息" in _files("br-labels-2021")[0].read_text(encoding="utf-8")
    assert_rows_read(*_files("br-labels-2021"), ["apply/3.3.4", "apply/3.3.5"], exact_at_least=180)


def test_a_count_unit_ends_a_cell() -> None:
    assert_rows_read(*_files("units-2021"), ["apply/1", "active/license", "active/enforcement"], exact_at_least=180)


def test_a_unit_ends_a_cell_only_before_another_cell() -> None:
    # One character for one (offsets kept); a sentence's figure keeps its unit.
    assert spaced_units("数量57个14件—3件85个二、共收到申请85件，") == "数量57 14 —3 85个二、共收到申请85件，"


def test_a_footnote_mark_before_the_header_does_not_hide_the_remark_column() -> None:
    report = assert_reads(*_files("remark-footnote-2021"), exact_at_least=190)
    cell = report.cell("apply/3.3.3/total")
    assert cell is not None and cell.value == 3 and cell.reading != "uncertain"


def test_a_row_whose_splits_that_add_up_break_the_relations_across_rows_is_in_doubt() -> None:
    report = assert_reads(*_files("slip-total-row-2021"), exact_at_least=130)
    for col in ("natural", "social", "total"):
        cell = report.cell(f"apply/3.7/{col}")
        assert cell is not None and cell.reading == "uncertain", (col, cell)


def test_a_table_in_the_other_templates_layout_is_not_read() -> None:
    report = assert_reads(*_files("active-other-2021"), exact_at_least=185)
    assert any(f.rule == "template.year" for f in report.findings)
    assert report.cell("active/penalty/decisions") is None


def test_a_review_table_printed_in_two_parts_reads_both_runs() -> None:
    # "…总计0010—10行政诉讼…总计—31292411—51026": the 行政诉讼 part's run alone was split into
    # fifteen cells that add up (read sure and wrong).
    assert_rows_read(*_files("review-split-2021"), ["review/review", "review/suit_direct", "review/suit_after_review"],
                     exact_at_least=195)


def test_a_blank_total_over_zeros_keeps_the_flat_table_in_doubt() -> None:
    report = assert_reads(*_files("review-blank-total-2019"), exact_at_least=5, doubted="review/suit_after_review/total")
    cell = report.cell("review/suit_after_review/total")
    assert cell is not None and cell.reading == "uncertain" and None in cell.alternatives


def test_a_table_printed_label_by_label_keeps_its_blank_marks() -> None:
    assert_rows_read(*_files("review-transposed-2021"), ["review/suit_direct", "review/suit_after_review"],
                     exact_at_least=195)


def test_labels_named_first_in_the_narrative_still_show_a_run_together_table() -> None:
    report = assert_reads(*_files("num-only-narrative-2021"), exact_at_least=60)
    cell = report.cell("active/penalty/decisions")
    assert cell is not None and cell.value == 159721


def test_a_line_of_rows_mostly_apart_with_some_run_together_is_run_together() -> None:
    template = TEMPLATES["2021"]
    rows = template.table("apply").rows
    apart = "".join(f"{row.keys[0]}1件0件0件0件0件0件1件" for row in rows[:6])
    together = "".join(f"{row.keys[0]}1件00件0件0件0件1件" for row in rows[6:8])
    assert is_run_together(spaced_units(apart + together + "。"), template)
    # Every cell apart: not (the line reader takes it), as before; nor two rows alone.
    assert not is_run_together(spaced_units(apart + "。"), template)
    assert not is_run_together(spaced_units(together + "。" + "说明" * 60), template)
