"""Run-together page text (web-archive ``textContent``): evidence that decides cells, and harder pages.

Stored pages in ``tests/data/flat16`` (generated reports flattened by ``tests/textcontent.py``,
some printed with ``tests/variants.py`` first), each with its truth:

* ``joint-blanks-2021``: blanks printed as nothing, rows of mostly blank cells ("22" for seven
  cells). The rows are chosen together by the column relations; the cells the readings left agree
  on are read ((七)总计 113 / 28 / 2 / 7 / 7 / 6 / 163, not 113 / 2 / 8 / 27 …), blank-or-0 stays open.
* ``empty-fees-2021``: 行政事业性收费 followed at once by the next table's heading: a blank cell.
* ``narrative-2021``: the 规范性文件 row "457373" (45 / 7 / 373) is read where the narrative states
  figures for two of its columns that leave one split; one figure, or one no split gives, reads nothing.
* ``remark-2019``: a 备注 column after 总计 printing 无 or —: the mark is the remark, not a blank total.
* ``num-only-2021``: sub-rows labelled only "1." …: 3.其他 is not the "其他" inside
  （二）部分公开's bracketed note.
* ``thousands-2021``: numbers printed with thousands separators ("1,923") in the run.
* ``slip-heji-2019``, ``partial-sums-2021``: what must stay open (a slip blanks would explain; a sum
  over rows not found).
"""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_text
from tests.converters.scoring import assert_reads, assert_rows_read, score

DATA = Path(__file__).resolve().parents[1] / "data" / "flat16"


def _files(name: str) -> tuple[Path, Path]:
    return DATA / f"{name}.txt", DATA / f"{name}.truth.json"


def test_rows_chosen_together_read_the_cells_they_agree_on() -> None:
    assert_rows_read(*_files("joint-blanks-2021"), ["apply/3.7", "apply/3.2", "apply/1"], exact_at_least=65)


def test_a_row_printing_nothing_before_the_next_table_is_blank() -> None:
    report = assert_reads(*_files("empty-fees-2021"), exact_at_least=165)
    cell = report.cell("active/fees/amount")
    assert cell is not None and cell.blank and cell.value is None and cell.reading == "decoded"


def _normative(text: str) -> list[tuple[object, str]]:
    report = audit_text(text, "page.txt")
    truth = json.loads(_files("narrative-2021")[1].read_text(encoding="utf-8"))
    s = score(report, truth, "narrative")
    assert s.wrong == [] and s.false_errors == []
    out = []
    for col in ("issued", "repealed", "in_force"):
        cell = report.cell(f"active/normative/{col}")
        assert cell is not None
        out.append((cell.value, cell.reading))
    return out


def test_two_figures_of_the_narrative_read_a_row_no_relation_reads() -> None:
    text = _files("narrative-2021")[0].read_text(encoding="utf-8")
    assert "行政规范性文件457373" in text and "制发规范性文件45件" in text
    # One figure (制发 45) leaves 45 / 7 / 373 and 45 / 73 / 73: unsure.
    assert all(r == "uncertain" for _, r in _normative(text))
    stock = text.replace("制发规范性文件45件，", "制发规范性文件45件，现行有效行政规范性文件373件，")
    assert _normative(stock) == [(45, "decoded"), (7, "decoded"), (373, "decoded")]
    # A figure no split gives: the narrative counts something else; the other figure reads nothing.
    other = text.replace("制发规范性文件45件，", "制发规范性文件45件，现行有效行政规范性文件370件，")
    assert all(r == "uncertain" for _, r in _normative(other))
    # Figures of a sentence about more than the year (累计) are no witness.
    summed = text.replace("制发规范性文件45件，", "制发规范性文件45件，累计现行有效行政规范性文件373件，")
    assert all(r == "uncertain" for _, r in _normative(summed))


def test_a_remark_column_is_not_a_blank_total() -> None:
    report = assert_reads(*_files("remark-2019"), exact_at_least=185)
    cell = report.cell("apply/1/total")
    assert cell is not None and cell.value == 18 and cell.reading != "uncertain"


def test_a_key_inside_a_bracketed_note_names_no_row() -> None:
    assert_reads(*_files("num-only-2021"), exact_at_least=60)


def test_thousands_separators_in_a_run() -> None:
    report = assert_reads(*_files("thousands-2021"), exact_at_least=90)
    cell = report.cell("apply/3.7/total")
    assert cell is not None and cell.value == 1765 and cell.reading != "uncertain", cell


def test_a_slip_that_blanks_would_explain_keeps_the_rows_open() -> None:
    """"117004121" (11 / 7 / 0 / 0 / 4 / 1 / 21, a leaf misprinted) adds up as 空 / 空 / 117 / 0 / 0 /
    4 / 121 on a page printing blanks as nothing; the rows chosen together drop readings that do
    not add up, so they narrow nothing here: 121 is never read as sure."""
    report = assert_reads(*_files("slip-heji-2019"), exact_at_least=100)
    cell = report.cell("apply/3.4.3/total")
    assert cell is None or cell.reading == "uncertain" or cell.value == 21


def test_a_sum_over_rows_not_found_chooses_nothing() -> None:
    """Rows labelled "1." … only are not found: 3.7 = 3.1 + 3.2 + 3.6 would count them as 0 and
    read （二）部分公开 "113010217" as 1 / 1 / 3 / 0 / 10 / 2 / 17 (it is 11 / 3 / 0 / 1 / 0 / 2 / 17)."""
    report = assert_reads(*_files("partial-sums-2021"), exact_at_least=50)
    cell = report.cell("apply/3.2/natural")
    assert cell is None or cell.reading == "uncertain" or cell.value == 11
