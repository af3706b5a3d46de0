"""Web pages printed to PDF by Chromium (``scripts/score_printed_pages.py``, fresh seeds 24700-24711),
read as their ``pdftotext -layout`` text or as the PDF: no wrong cell, no false error.

- A one-digit count with its unit wrapped in a narrow cell ("0" over "件"), its two lines centred:
  pdftotext puts both on one line ordered by their left edges, the unit first ("件0"). Read as a
  label, it cut the row in two and the 合计 row took another row's numbers (var24703 on Letter).
- Two rows whose cells wrap at slightly different heights printed interleaved over lines: the run
  of numbers no label names, where the next row's own label claims its row, is left out and the
  short rows before it are in doubt, not every later row pushed down by one (gen24707 on A4
  landscape); a blank mark run into a number ("无1") is cells, not label text.
- A block of short rows whose numbers' groups are no grid of the block's own rows (a number set
  close to its label made a group of its own, two columns ran together) places nothing (gen24710).
- A reading that breaks more relations than slips explain doubts the cells the relations placed
  (var24706).
- A 备注 column's heading drops nothing of a line that prints a number under it (a page of the
  table set on a grid of its own, one label column more): its 总计 was read blank and its remark
  as the 总计 (var24702 on A5, as our PDF reader's tab grid).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.extraction.tokens import TokKind, tokenise
from gkaudit.extraction.values import is_value_token, parse_value
from tests.converters.scoring import assert_reads

PRINTED = Path(__file__).resolve().parents[1] / "data" / "printed-layout"
# Exact cells at least (what the reader gets now); the rest is uncertain, never wrong.
EXACT = {"var24703-letter": 200, "gen24707-a4l": 73, "gen24710-a4l": 110,
         "var24706-a4l": 97}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_printed_page_text(name: str) -> None:
    assert_reads(PRINTED / f"{name}.txt", PRINTED / f"{name}.truth.json", EXACT[name])


def test_unit_before_one_digit_is_the_count() -> None:
    assert is_value_token("件0") and is_value_token("个1")
    assert parse_value("件0").value == 0 and parse_value("个1").value == 1
    # Two digits are wider than the unit: the number comes first, so "件12" is no wrapped cell.
    assert not is_value_token("件12") and not is_value_token("件")


def test_mark_run_into_number_is_cells() -> None:
    text = "6. 属于四类过程性信息    0 1 — — 无 无1\n"
    toks, _layout = tokenise(text, 0, len(text), layout="space")
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == ["0", "1", "—", "—", "无", "无", "1"]


def test_remark_heading_keeps_a_number_under_it() -> None:
    text = ("\t\t自然人\t商业企业\t总计\t备注\n"
            "\t本机关不掌握\t85\t30\t115\t\n"
            "\t重复申请\t15\t6\t21\t—\n"
            "\t\t没有现成信息\t16\t6\t22\t\n")
    toks, layout = tokenise(text, 0, len(text), layout="tab")
    assert layout == "tab"
    values = [t.text for t in toks if t.kind is TokKind.VALUE]
    assert "—" not in values  # the remark under its heading is dropped
    assert values[-3:] == ["16", "6", "22"]  # a line on a grid one column over keeps its 总计
