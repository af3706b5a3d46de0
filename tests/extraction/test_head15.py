"""A review line printed with its blanks as nothing, under headings printed a character a line
(``pdftotext -layout``), where the document's other lines say too little of whether its characters
are columns: placed by the headings only where each number stands clearly under one of them."""

from __future__ import annotations

import re

from gkaudit.extraction import headedline
from gkaudit.extraction.tokens import Tok, TokKind
from gkaudit.reading.normalise import compact
from gkaudit.templates import TEMPLATES

REVIEW = TEMPLATES["2021"].table("review")
# Where each of the fifteen columns' heading characters stand (two apart at least: a CJK character
# covers two of pdftotext's grid columns).
AT = [2, 6, 10, 15, 19, 24, 28, 31, 35, 40, 44, 47, 51, 55, 60]


def _headings() -> str:
    titles = [compact(c.label) for r in REVIEW.rows for c in REVIEW.row_columns(r)]
    lines = []
    for n in range(max(len(t) for t in titles)):
        line = [" "] * (AT[-1] + 2)
        for at, title in zip(AT, titles, strict=True):
            if n < len(title):
                line[at] = title[n]
        lines.append("".join(line).rstrip())
    return "\n".join(lines) + "\n"


def _line(numbers: dict[int, str]) -> tuple[str, list[Tok]]:
    text = _headings()
    start = len(text)
    line = [" "] * (max(numbers) + 4)
    for at, number in numbers.items():
        line[at:at + len(number)] = number
    text += "".join(line).rstrip() + "\n"
    toks = [Tok(TokKind.VALUE, m.group(), start + m.start(), start + m.end(), 9, -1)
            for m in re.finditer(r"\d+", text[start:])]
    return text, toks


def test_line_whose_every_number_stands_clearly_under_a_heading_is_placed() -> None:
    # Each number within a character of its heading's middle (a wide character's middle one to its
    # right), every other heading farther: the blanks are where no number stands.
    text, toks = _line({2: "3", 6: "1", 15: "2", 31: "7", 43: "12", 47: "0", 55: "4", 60: "23"})
    readings = headedline.place(text, 0, toks, REVIEW, text, None)
    assert len(readings) == 1
    placed = [tok and tok.text for tok in readings[0][1].values()]
    assert placed == ["3", "1", None, "2", None, None, None, "7", None, None, "12", "0", None, "4", "23"]


def test_number_between_two_headings_leaves_the_line_unplaced() -> None:
    # 33 stands midway between the headings at 31 and 35: no heading is clearly its own.
    text, toks = _line({2: "3", 6: "1", 15: "2", 33: "7", 43: "12", 47: "0", 55: "4", 60: "23"})
    assert headedline.place(text, 0, toks, REVIEW, text, None) == []


def test_document_saying_characters_are_no_columns_still_places_nothing_by_headings() -> None:
    text, toks = _line({2: "3", 6: "1", 15: "2", 31: "7", 43: "12", 47: "0", 55: "4", 60: "23"})
    assert headedline.place(text, 0, toks, REVIEW, text, False) == []
