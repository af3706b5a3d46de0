"""Template phrases with a character or two misread one occurrence at a time (OCR) are read back
where exactly one phrase fits what the text prints; a clean report reads nothing back.

``scripts/score_garbled.py --mode ocr`` runs the larger sweep over stored converter outputs and
fresh reports.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from gkaudit.audit import audit_text
from gkaudit.extraction.misread import alike, find, read_back
from scripts.make_converter_suite import truth_of
from scripts.score_garbled import garble
from tests.converters.scoring import score
from tests.generator import make_report

SEEDS = range(22390, 22394)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("style", ["tab", "lines", "markdown", "html"])
def test_a_clean_report_reads_nothing_back(seed: int, style: str) -> None:
    for template in ("2019", "2021"):
        report = make_report(seed, template, style, traditional=seed % 2 == 1, encoding="utf-8")
        assert find(report.text).found == ()


def test_a_misread_heading_and_label_read_as_the_template() -> None:
    """主动公开 misread in the heading and 规范性文件 in its row: the table is found under its
    heading (not by its captions, with the prose above taken in) and every row reads as printed."""
    report = make_report(22394, "2019", "lines", traditional=False, encoding="utf-8")
    text = report.text.replace("二、主动公开政府信息情况", "二、主动砪开政府信息情况", 1)
    text = text.replace("\n规范性文件", "\n规范性陊件", 1)
    assert "砪" in text and "陊" in text
    misreads = find(text)
    assert {(p, m) for _at, p, m in misreads.found} >= {("主动砪开政府信息情况", "主动公开政府信息情况"),
                                                      ("规范性陊件", "规范性文件")}
    fixed = read_back(text, misreads)
    assert len(fixed) == len(text) and "砪" not in fixed and "陊" not in fixed
    audited = audit_text(text, "misread.txt")
    s = score(audited, truth_of(report.tables), "misread")
    assert not s.wrong and not s.false_errors
    assert s.exact == s.cells
    assert any("规范性陊件→规范性文件" in f.message for f in audited.findings if f.rule == "document.note")


@pytest.mark.parametrize("printed", [
    "行政处理",  # a report's own word: 理 is a character the template prints (处理)
    "本年新鎎作数畺",  # two characters misread in seven: more than one in four
    "申请人鎎况况",  # as long as no phrase
])
def test_what_is_no_misread_phrase_stays(printed: str) -> None:
    assert find(f"说明：{printed}。\n").found == ()


def test_a_misread_that_two_phrases_fit_stays() -> None:
    """本年新X作数量 is 本年新制作数量 with one character misread; 本年新X公数量 could be 制作 or 公开."""
    assert [m for _at, _p, m in find("本年新鎎作数量\n").found] == ["本年新制作数量"]
    assert find("本年新鎎鎎数量\n").found == ()


@pytest.mark.parametrize("seed", [22395, 22396])
def test_ocr_garbling_gives_no_wrong_cell_nor_false_error(seed: int) -> None:
    for template in ("2019", "2021"):
        report = make_report(seed, template, "tab", traditional=False, encoding="utf-8")
        text = garble(report.text, 0.03, random.Random(seed), "ocr")
        s = score(audit_text(text, "ocr.txt"), truth_of(report.tables), "ocr")
        assert not s.wrong and not s.false_errors


STORED = Path(__file__).resolve().parents[1] / "data" / "converters"


@pytest.mark.parametrize("name", ["pdftotext-layout/gen916-2019-consistent.txt", "pdfplumber/gen915-2021-leaf.txt",
                                  "pdftotext-layout/huaian-hongze-district-2024.txt"])
def test_a_table_found_without_its_heading_takes_no_row_from_the_text_above(name: str) -> None:
    """The heading of 主动公开 unreadable: the table is found by its captions and the short prose
    lines above them are taken in, with "访问量 817 万人次" and "规范性文件清理" in them. Those
    numbers are no row, and the key in the prose names no row: 规章 on its own line does."""
    path = STORED / name
    text = path.read_text(encoding="utf-8").replace("主动公开政府信息情况", "鎎" * 10, 1)
    assert "鎎" in text
    truth = json.loads((STORED / "truth" / f"{path.stem}.truth.json").read_text(encoding="utf-8"))
    s = score(audit_text(text, path.name), truth, name)
    assert not s.wrong and not s.false_errors


def test_a_merged_caption_with_a_character_misread_in_one_column_is_one_cell() -> None:
    """Markdown repeats a merged caption in each column it spans: "本年增/减 | 本年太/减" is one
    caption, so "| 2922 | 减142 | 减142 |" is two cells, not three."""
    assert alike("本年增/减", "本年太/减")
    assert not alike("结果维持", "结果纠正")  # two captions: 纠正 is the template's own wording
    assert not alike("本年增/减", "本年增/")
