"""Rows whose blank cells print as nothing, read from PDF converters' text (fresh seeds 27300–27349).

- pdfium: a 无 between a label and the digits run into it ("申请人无3000003", the label
  申请人无正当理由… wrapped after 无), in a document that prints no 无 between digits, is the label's:
  taken for a blank cell, no placement of the digits holds the true reading, and the arithmetic
  chose a wrong one (3000003 read as the row's total). Read as the label's, the digits are the
  row's seven cells run together; were the 无 a blank cell, its place is among the placements.
- a row printed with one number too many (a number wrapped in its cell, or another row's beside it):
  its readings (either end's number another row's, or two neighbours one number) are placed with
  the short rows, but taken only where one keeps the row's own relations and, with the short rows,
  breaks none across the rows: a stray number amid the row's is in none of its readings, and a
  reading joining it to a neighbour breaks just what a slip of the report would.
- pdfplumber: two rows each with a number wrapped in its cell (一 and （七）总计: "１４０" / "０"), each
  adding up however joined: each doubted the other, so neither was placed. Their joinings are
  placed together with the short rows, and the balance 一+二 = 三（七）+四 settles both.
"""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction.tables import _one_too_many
from gkaudit.extraction.tokens import Tok, TokKind, tokenise
from tests.converters.scoring import assert_rows_read, score

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
    assert_rows_read(DATA / name, DATA / (name.split(".")[0] + ".truth.json"), ["apply/3.6.1"])


def test_a_row_with_a_number_too_many_is_read_each_way() -> None:
    toks = [Tok(TokKind.VALUE, t, 3 * i, 3 * i + len(t), 0) for i, t in enumerate(["12", "3", "0", "5"])]
    readings = [[t.text for t in r] for r in _one_too_many(toks, toks[1:])]
    # Either end another row's; 12|3 and 3|0 joined; "0" then "5" is no one number (a leading 0).
    assert readings == [["3", "0", "5"], ["12", "3", "0"], ["123", "0", "5"], ["12", "30", "5"]]
    # The row as read (a grid row's empty slot left out) is one more when it is none of those.
    slot = [*toks[:2], Tok(TokKind.EMPTY, "", 5, 5, 0), *toks[2:]]
    assert ["12", "3", "0", "5"] in [[t.text for t in r] for r in _one_too_many(slot, toks)]


def test_a_row_with_a_stray_number_amid_its_own_stays_in_doubt(tmp_path: Path) -> None:
    # A number amid the row's that is neither a piece of one of them nor at either end: no reading
    # listed is the true one. "2 0" joined (20) breaks the row's total and one column's, a slip's
    # pattern: a reading of a row with a number too many is taken only when it keeps the row's own
    # relations and breaks none across the rows.
    stored = Path(__file__).resolve().parent.parent / "data" / "converters" / "pypdf" / "gen902-2019-leaf_total.txt"
    text = stored.read_text(encoding="utf-8")
    row = "(一) 予以公开 77 29 2 4 9 8 129\n"
    assert text.count(row) == 1
    path = tmp_path / "stray.txt"
    path.write_text(text.replace(row, "(一) 予以公开 77 29 2 0 4 9 8 129\n"), encoding="utf-8")
    truth = json.loads((stored.parent.parent / "truth" / "gen902-2019-leaf_total.truth.json").read_text(encoding="utf-8"))
    s = score(audit_path(path), truth, path.name)
    assert s.wrong == [] and s.false_errors == []


def test_two_rows_with_wrapped_numbers_are_placed_together() -> None:
    name = "gen27309-2021-consistent.pdfplumber.txt"
    truth = json.loads((DATA / (name.split(".")[0] + ".truth.json")).read_text(encoding="utf-8"))
    report = audit_path(DATA / name)
    s = score(report, truth, name)
    assert s.wrong == [] and s.false_errors == []
    for row in ("1", "3.7"):
        for col, value in truth["tables"]["apply"][row].items():
            cell = report.cell(f"apply/{row}/{col}")
            assert cell is not None and cell.reading != "uncertain" and cell.value == value, (row, col, cell)
    # No finding says a cell of theirs is in doubt.
    assert not [f for f in report.findings if f.rule == "extract.uncertain"
                and any(c.startswith(("apply/1/", "apply/3.7/")) for c in f.cells)]
