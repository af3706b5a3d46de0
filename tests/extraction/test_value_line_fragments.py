"""Label fragments on a row's value line, and a table that says little about whether its characters
are columns (fresh seeds 21810, 22001, 22102, 22130, 22163).

PyMuPDF's plain text prints the characters of a label set down a narrow column ("结果", "本年度")
on the value lines beside it, after the numbers ("0  0果   稳定”", "2 果 （五 开出版物", "２ 年"). A
blank mark before such text was taken for a label's character and a number one space before it
for the label's start: the row lost cells, short rows were placed a column off by their spacing
or broke their total under every placement. A w3m table with one pair of full rows out of step
in characters was placed by characters, though the document's other value lines said display
columns; a PyMuPDF table whose only pair of full rows with different labels happened to stand
in step (as about one pair in six does) was placed by characters, a column off where a label or
a full-width digit stood before the numbers. Each file now reads with no wrong cell and no false
error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.extraction.tokens import tokenise
from tests.converters.scoring import assert_reads, score

DATA = Path(__file__).resolve().parent.parent / "data" / "real"
EXACT = {  # cells exact now (of 198 for 2019, 186 for 2021); the rest may be uncertain, never wrong
    "gen21810-pymupdf-text-mark-among-numbers.txt": 198,
    "gen22102-pymupdf-text-fragment-after-numbers.txt": 198,
    "gen22130-pymupdf-text-year-character-after-total.txt": 137,
    "gen22001-w3m-one-pair-out-of-step.txt": 178,
    "gen22163-pymupdf-text-one-pair-in-step.txt": 73,
}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_reads_with_no_wrong_cell(name: str) -> None:
    truth = DATA / (name.rsplit(".", 1)[0] + ".truth.json")
    assert_reads(DATA / name, truth, EXACT[name])
    # Nor an error resting on a cell the reader doubts (a row that lost its last number).
    assert not score(audit_path(DATA / name), json.loads(truth.read_text(encoding="utf-8")), name).misread


def _tokens(line: str) -> list[tuple[str, str]]:
    toks, _layout = tokenise(line, 0, len(line), layout="space")
    return [(t.kind.value, t.text) for t in toks]


def test_a_blank_mark_among_numbers_is_a_cell_though_text_follows_them() -> None:
    assert _tokens("  1. 属于国家秘密   0    0    0    0   无    0    0果       稳定”")[1:] == [
        ("value", "0"), ("value", "0"), ("value", "0"), ("value", "0"), ("value", "无"),
        ("value", "0"), ("value", "0"), ("text", "稳定”")]


def test_a_blank_mark_before_label_text_is_the_label_s() -> None:
    assert _tokens("   无  政府信") == [("text", "无"), ("text", "政府信")]


def test_a_number_one_space_before_label_fragments_after_the_numbers_is_a_cell() -> None:
    assert _tokens("     2      0      0      2 果 （五 开出版物") == [
        ("value", "2"), ("value", "0"), ("value", "0"), ("value", "2"), ("text", "果 （五 开出版物")]
    assert _tokens("  8. 属于行政查询事项     2     0     0            0       ２ 年")[-2:] == [
        ("value", "２"), ("text", "年")]


def test_a_word_that_goes_with_a_number_keeps_it() -> None:
    # A year, a count's unit: the number is no cell of a row.
    assert _tokens("  共 3 项   2   2020 年")[-1] == ("text", "2020 年")
    assert _tokens("  行政许可   5   12 件，被提起")[-1][0] == "text"
