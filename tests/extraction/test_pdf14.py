"""What the layout or the arithmetic determines in PDF converters' text, read (fresh seeds 24000–24029
and 24600–24615).

- pdftotext -layout / pdfplumber's layout text: the 无 of （四）无法提供 printed down a narrow column,
  alone on its line left of every number, is a label's character, not a blank cell of the row below.
- pdfium: "2.000000" in a table of counts is the item number 2. and the row's digits run together;
  "事项无无0无００无" is a label and seven cells; "000000无" ends with the row's blank cell where the
  document runs 无 into digits elsewhere; "16 减 8" is 16 and -8.
- pdfium: the one short row left open (（七）总计 21 132071 45, a slip of the report's own) is placed
  by the fewest relations broken with cells read for sure.
- pdfium: a one-line table listed one space apart, its wrapped numbers' pieces on lines of their own,
  is read joined; pieces printed in digits of different widths are no one number.
- pypdf: a 无 alone on its line before a line of one character (（四）无 / 法 / 提 / 供 after a page's
  folio) is a label's character.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.extraction.tokens import TokKind, items_apart, tokenise
from tests.converters.scoring import assert_rows_read

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf14"


@pytest.mark.parametrize(("name", "rows", "floor"), [
    ("gen24003-2021-leaf_total.pdftotext-layout.txt", ["apply/3.4.2"], 200),
    ("gen24019-2021-processed_total.pdfplumber-layout.txt", ["apply/3.4.2"], 186),
    ("gen24004-2019-consistent.pdfium.txt", ["apply/3.1", "apply/3.5.1", "apply/4"], 130),
    ("gen24018-2019-processed_total.pdfium.txt", ["apply/3.7"], 198),
    ("gen24005-2021-consistent.pdfium.txt", ["review/review", "review/suit_after_review"], 200),
    ("gen24015-2021-leaf.pdfium.txt", ["review/suit_direct"], 200),
    ("gen24009-2021-consistent.pdfium.txt", ["apply/3.3.8", "apply/3.5.4"], 200),
    ("gen24010-2019-review_total.pdfium.txt", ["active/other_services"], 179),
    ("gen24613-2021-consistent.pypdf.txt", [], 25),
])
def test_determined_cells_are_read_never_wrong(name: str, rows: list[str], floor: int) -> None:
    assert_rows_read(DATA / name, DATA / (name.split(".")[0] + ".truth.json"), rows, floor)


def _kinds(text: str, layout: str = "space") -> list[tuple[str, str]]:
    toks, _ = tokenise(text, 0, len(text), layout=layout)
    return [(t.kind.name, t.text) for t in toks if t.kind is not TokKind.EMPTY]


def test_a_sign_word_apart_from_its_number_is_its_sign() -> None:
    assert _kinds("服务事项 16 减 8 ０\n") == [("TEXT", "服务事项"), ("VALUE", "16"), ("VALUE", "减 8"), ("VALUE", "０")]


def test_an_item_number_glued_to_digits_parts_in_a_table_of_counts() -> None:
    toks, _ = tokenise("2.000000\n重复\n", 0, len("2.000000\n重复\n"), layout="space")
    assert [(t.kind.name, t.text) for t in items_apart(toks) if t.kind is not TokKind.EMPTY] == [
        ("TEXT", "2."), ("VALUE", "000000"), ("TEXT", "重复")]


def test_a_mark_alone_in_the_label_column_is_label_text_and_in_a_number_column_a_cell() -> None:
    label = "   ）\n      现成信\n   无\n      息需要      0     0      0        0       ０     0    0\n   法\n"
    assert ("VALUE", "无") not in _kinds(label)
    # The same 无 under the numbers' first column stays a cell (a blank printed off its row's line).
    cell = "   ）\n      现成信\n                  无\n      息需要            0      0        0       ０     0    0\n   法\n"
    assert ("VALUE", "无") in _kinds(cell)
