"""A character of a label printed down a narrow column, written by a converter on the same line as a
row's last number ("8结", "０ 结"), is split off the number: the number is the row's total, not a
word of label text that leaves the total blank."""

from __future__ import annotations

import pytest

from gkaudit.extraction.tokens import TokKind, _space_line


@pytest.mark.parametrize(("line", "values", "texts"), [
    ("          5.属于三类内部事务信息           7         1         0          0           0          0         8结",
     ["7", "1", "0", "0", "0", "0", "8"], ["5.属于三类内部事务信息", "结"]),
    ("               0    0    0    0    0   ０  ０ 结          稳定”", ["0"] * 5 + ["０", "０"], ["结", "稳定”"]),
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
