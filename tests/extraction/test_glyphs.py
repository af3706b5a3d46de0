"""Characters a PDF font printed under the wrong code points (one glyph, always the same wrong
character) are mapped back by the template's fixed wording; a clean report learns nothing.

``scripts/score_garbled.py`` runs the larger sweep over stored converter outputs and fresh reports.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from gkaudit.audit import audit_path, audit_text
from gkaudit.extraction.glyphs import learn, mask_stray_glyphs, repaired
from gkaudit.model import ReadError
from gkaudit.reading.normalise import normalise
from gkaudit.reading.text import UNMAPPED
from scripts.make_converter_suite import truth_of
from scripts.score_garbled import garble, unmapped
from tests.converters.scoring import score
from tests.generator import make_report

SEEDS = range(21590, 21594)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_clean_report_learns_nothing(seed: int) -> None:
    for template in ("2019", "2021"):
        report = make_report(seed, template, "tab", traditional=seed % 2 == 1, encoding="utf-8")
        assert learn(report.text).mapping == ()


@pytest.mark.parametrize("seed", SEEDS)
def test_learnt_characters_are_the_ones_garbled(seed: int) -> None:
    report = make_report(seed, "2019", "lines", traditional=False, encoding="utf-8")
    text = garble(report.text, 0.1, random.Random(seed))
    repair = learn(text)
    assert repair.mapping
    fixed = repaired(text, repair)
    assert len(fixed) == len(text)
    # Each pair learnt is the font's: the meant character is printed as that one everywhere (a
    # random glyph may also be a character the report prints itself, which then changes too).
    for printed, meant in repair.mapping:
        assert {normalise(text[i]) for i, ch in enumerate(report.text) if ch == meant} == {printed}


def test_a_garbled_heading_still_finds_its_table() -> None:
    """信 garbled everywhere: 二、主动公开政府信息情况 is found, and every row reads as printed."""
    report = make_report(21594, "2019", "tab", traditional=False, encoding="utf-8")
    text = report.text.replace("信", "綪")
    audited = audit_text(text, "garbled.txt")
    s = score(audited, truth_of(report.tables), "garbled")
    assert not s.wrong and not s.false_errors
    assert s.exact == s.cells
    assert any("綪→信" in f.message for f in audited.findings if f.rule == "document.note")


def test_private_use_text_is_refused_in_one_line(tmp_path) -> None:
    report = make_report(21595, "2021", "tab", traditional=False, encoding="utf-8")
    path = tmp_path / "unmapped.txt"
    path.write_text(unmapped(report.text), encoding="utf-8")
    with pytest.raises(ReadError) as exc:
        audit_path(path)
    assert str(exc.value) == UNMAPPED


def test_masking_keeps_a_row_whole_and_never_touches_prose() -> None:
    assert mask_stray_glyphs("行政强制  28  愄 12  31281\n  19  愄4  50\n1  丗  0  0  0  0  1") == \
        "行政强制  28    12  31281\n  19   4  50\n1     0  0  0  0  1"
    prose = "统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。访问量 708 万人次，培训 2 次。"
    assert mask_stray_glyphs(prose) == prose


def test_a_sign_printed_as_another_character_leaves_its_rows_uncertain_never_wrong() -> None:
    """减 printed as 愄 in the rows ("愄4", "愄 12") but not in the heading (本年增/减), as OCR misreads
    it: nothing to learn it from, so which cell each number is and its sign are unknown."""
    stored = Path(__file__).resolve().parents[1] / "data" / "converters"
    text = (stored / "pdftotext-layout" / "gen920-2019-consistent.txt").read_text(encoding="utf-8")
    assert "减" in text
    truth = json.loads((stored / "truth" / "gen920-2019-consistent.truth.json").read_text(encoding="utf-8"))
    audited = audit_text(re.sub(r"减(?= ?\d)", "愄", text), "sign.txt")
    s = score(audited, truth, "sign")
    assert not s.wrong and not s.false_errors
    assert audited.tables["active"].get("other_services", "change").reading == "uncertain"
