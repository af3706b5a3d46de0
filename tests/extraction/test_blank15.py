"""Rows whose blank cells print as nothing, read from PDF converters' text (fresh seeds 27300–27349).

- pdfium: a 无 between a label and the digits run into it ("申请人无3000003", the label
  申请人无正当理由… wrapped after 无), in a document that prints no 无 between digits, is the label's:
  taken for a blank cell, no placement of the digits holds the true reading, and the arithmetic
  chose a wrong one (3000003 read as the row's total). Read as the label's, the digits are the
  row's seven cells run together; were the 无 a blank cell, its place is among the placements.
"""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction.tokens import TokKind, tokenise
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parent.parent / "data" / "blank15"


def _kinds(text: str) -> list[tuple[str, str]]:
    toks, _ = tokenise(text, 0, len(text), layout="space")
    return [(t.kind.name, t.text) for t in toks if t.kind is not TokKind.EMPTY]


def test_a_wu_between_a_label_and_its_digits_is_the_labels() -> None:
    assert _kinds("(六) 1. 申请人无3000003\n") == [("TEXT", "(六) 1. 申请人无"), ("VALUE", "3000003")]
    assert _kinds("行政查询事项无1000001\n") == [("TEXT", "行政查询事项无"), ("VALUE", "1000001")]


def test_where_the_document_runs_wu_into_digits_it_stays_a_cell() -> None:
    kinds = _kinds("申请人无3000003\n办理 930无1\n")
    assert ("VALUE", "无") in kinds[:3]


def test_the_row_after_a_wrapped_label_ending_in_wu_is_read_whole() -> None:
    name = "gen27347-2021-processed_total.pdfium.txt"
    truth = json.loads((DATA / (name.split(".")[0] + ".truth.json")).read_text(encoding="utf-8"))
    report = audit_path(DATA / name)
    s = score(report, truth, name)
    assert s.wrong == []
    assert s.false_errors == []
    assert s.found == s.violations
    for col, value in truth["tables"]["apply"]["3.6.1"].items():
        cell = report.cell(f"apply/3.6.1/{col}")
        assert cell is not None and cell.reading != "uncertain" and cell.value == value, (col, cell)
