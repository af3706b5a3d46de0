"""A report whose characters are misread one occurrence at a time (OCR of a scan) reads each cell
right or uncertain, never a wrong value, and no false arithmetic error: a misread caption, a
misread blank mark, a misread folio, a misread label that shifts the rows, a misread heading.

The texts are generated reports garbled as ``scripts/score_garbled.py --mode ocr`` garbles them,
at the fraction where each of these once gave a wrong cell.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gkaudit.audit import audit_path, audit_text
from gkaudit.extraction.tables import _numbering
from gkaudit.extraction.tokens import TokKind, page_noise, tokenise
from gkaudit.reading.normalise import normalise
from scripts.make_converter_suite import truth_of
from scripts.score_garbled import garble
from tests.converters.scoring import score
from tests.generator import INJECT_KINDS, make_report


@pytest.mark.parametrize(("seed", "template", "style", "frac"), [
    (25015, "2019", "markdown", 0.05),  # a merged cell's caption misread twice: its repeat not folded
    (25000, "2021", "markdown", 0.10),  # a 无 misread between numbers: no label of another row
    (25012, "2019", "html", 0.10),  # a 无 misread before the row's only number
    (25012, "2021", "lines", 0.10),  # a 无 misread on a line of its own
    (25009, "2021", "tab", 0.10),  # a folio with two characters misread between the rows
    (25026, "2021", "tab", 0.10),  # 一、's words misread: its numbers taken by 二、
    (25018, "2021", "tab", 0.10),  # both rows' words misread: their numbering names them
    (25036, "2019", "markdown", 0.15),  # a merged caption misread, the extra first number a 0
])
def test_a_misread_report_reads_no_wrong_cell(seed: int, template: str, style: str, frac: float,
                                              tmp_path: Path) -> None:
    inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None  # as score_garbled makes them
    report = make_report(seed, template, style, inject=inject, traditional=False, encoding="utf-8")
    name = f"gen{seed}-{template}-{style}"
    text = garble(report.text, frac, random.Random(f"garble-{name}-{frac}-ocr"), "ocr")
    if style == "html":
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        audited = audit_path(path)
    else:
        audited = audit_text(text, f"{name}.txt")
    s = score(audited, truth_of(report.tables), name)
    assert not s.wrong, s.wrong
    assert not s.false_errors, s.false_errors


def test_a_lone_misread_character_among_numbers_is_a_value_cell() -> None:
    """"鮤" (a character no template word has) where a row prints numbers is a cell of unknown
    value, not a label; a word of the template's stays a label."""
    text = normalise("| 行政强制 | 无 | 鮤 | 无 |\n| 行政处罚 | 3 | 规 | 4 |\n")
    toks, _layout = tokenise(text, 0, len(text), layout="pipe")
    kinds = {t.text.strip(): t.kind for t in toks if t.kind is not TokKind.EMPTY}
    assert kinds["鮤"] is TokKind.VALUE
    assert kinds["规"] is TokKind.TEXT
    assert kinds["行政强制"] is TokKind.TEXT


@pytest.mark.parametrize(("line", "noise"), [
    ("第 4 騥 共 10 圡", True),  # two misread, both characters no template word has
    ("第 4 页 共 10 湭", True),
    ("第 4 项 共 10 条", False),  # words of the template's: not a folio
])
def test_a_folio_with_misread_characters(line: str, noise: bool) -> None:
    assert page_noise(line) is noise


def test_a_labels_numbering() -> None:
    assert _numbering("一本年新收") == ("top", "一")  # compact text drops the 、
    assert _numbering("（二）部分公开") == ("sub", "二")
    assert _numbering("1.属于国家秘密") is None
