"""A character of a label printed down a narrow column, written by a converter on the same line as a
row's last number ("8结", "０ 结"), is split off the number: the number is the row's total, not a
word of label text that leaves the total blank."""

from __future__ import annotations

import pytest

from gkaudit.extraction.tokens import TokKind, _space_line


@pytest.mark.parametrize(("line", "values", "texts"), [
    ("          5.属于三类内部事务信息           7         1         0          0           0          0         8结",
     ["7", "1", "0", "0", "0", "0", "8"], ["5.属于三类内部事务信息"]),
    ("               0    0    0    0    0   ０  ０ 结          稳定”", ["0"] * 5 + ["０", "０"], ["稳定”"]),
    (" 三           2.其他法律行政止公开        0   0   0   0   0   0   0 、", ["0"] * 7, ["三", "2.其他法律行政止公开"]),
    # A label wrapped beside its number, the rest of the row after it (html2text).
    ("  (二)部分公开(区分处理的，只计这一情              13情形)                 4                 3",
     ["13", "4", "3"], ["(二)部分公开(区分处理的，只计这一情"]),
])
def test_label_character_run_into_the_last_number(line: str, values: list[str], texts: list[str]) -> None:
    toks = _space_line(line, 0, 0)
    assert [t.text for t in toks if t.kind is TokKind.VALUE] == values
    assert [t.text for t in toks if t.kind is TokKind.TEXT] == texts


@pytest.mark.parametrize(("line", "expected"), [
    ("2020年", [("text", "2020年")]),
    ("共 3 人次", [("text", "共 3 人次")]),
    ("第 3 页", [("text", "第 3 页")]),
    ("合计 12 件", [("text", "合计"), ("value", "12 件")]),
])
def test_words_that_go_with_a_number_stay_with_it(line: str, expected: list[tuple[str, str]]) -> None:
    assert [(t.kind.value, t.text) for t in _space_line(line, 0, 0)] == expected


def test_wu_of_a_label_printed_down_a_column_is_no_blank_cell() -> None:
    """One cell a line (pdftohtml, page copies): "（四）无法提供" printed a character a line after a page
    break; its "无" is not the row's last cell (the row's seven numbers stand before it)."""
    cells = ["（", "四", "）", "1. 本机", "关不掌", "握相关", "5", "2", "1", "0", "0", "3", "11", "— 2 —",
             "无", "法", "提", "供", "政府信", "息", "2. 没有", "现成信", "息需要", "另行制", "作",
             "1", "0", "0", "0", "0", "0", "1"]
    toks = _tokens("\n".join(cells))
    assert ("text", "无") in toks and ("value", "无") not in toks
    # A "无" cell before a row's label stays a blank cell.
    assert ("value", "无") in _tokens("\n".join(["2", "0", "无", "2. 没有现成信息需要另行制作", "1"]))


def _tokens(text: str) -> list[tuple[str, str]]:
    from gkaudit.extraction.tokens import tokenise

    return [(t.kind.value, t.text) for t in tokenise(text, 0, len(text), layout="lines")[0]]
