"""Answers kept across documents are answers for the same rows, never for rows that took their id."""

from __future__ import annotations

from gkaudit.extraction.alignment import KeptByRows, label_rows
from gkaudit.templates import TEMPLATES


def test_an_answer_is_kept_for_its_rows_and_worked_out_again_for_others() -> None:
    kept = KeptByRows(size=2)
    calls: list[str] = []

    def work(tag: str) -> str:
        calls.append(tag)
        return tag

    rows_a, rows_b = ("甲",), ("乙",)
    assert kept.get(rows_a, "k", lambda: work("a")) == "a"
    assert kept.get(rows_a, "k", lambda: work("again")) == "a"  # kept
    assert kept.get(rows_b, "k", lambda: work("b")) == "b"  # other rows: their own answer
    assert calls == ["a", "b"]
    assert kept.get(rows_a, "other", lambda: work("c")) == "c"  # full: emptied, then kept again
    assert kept.get(rows_b, "k", lambda: work("b2")) == "b2"
    assert calls == ["a", "b", "c", "b2"]


def test_label_rows_answers_the_same_whether_kept_or_not() -> None:
    rows = next(t for t in TEMPLATES["2021"].tables if t.id == "apply").rows
    label = "（三）本年度办理结果不予公开1.属于国家秘密"
    first = label_rows(rows, label)
    first[999] = 1  # a caller changing its answer changes nothing kept
    again = label_rows(rows, label)
    assert 999 not in again and again == {k: v for k, v in first.items() if k != 999}
    assert any(rows[i].id.startswith("3.3") for i in again)
