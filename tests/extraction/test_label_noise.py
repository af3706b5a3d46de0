"""Row labels that lost some of their characters (OCR, a converter) never place a row with confidence
where the order of the rows allows another placement.

Generated 2021 reports (（六）其他处理 printed as one row or as its three items, whose long labels are
alike) in the tab, lines and Markdown styles lose a fraction of the characters of every row label.
A cell is read right or marked uncertain, never wrong, and no arithmetic error
is reported that the printed report does not have. ``scripts/score_label_noise.py`` runs the
larger sweep.
"""

from __future__ import annotations

import random
import re

import pytest

from gkaudit.audit import audit_text
from scripts.make_converter_suite import truth_of
from scripts.score_label_noise import STYLES, drop_label_chars
from tests.converters.scoring import score
from tests.generator import INJECT_KINDS, make_report

SEEDS = range(7600, 7608)
RATES = (0.1, 0.15, 0.25)


def _scores(style: str) -> list:
    out = []
    for seed in SEEDS:
        inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
        report = make_report(seed, "2021", style, inject=inject, traditional=False, encoding="utf-8")
        for p in RATES:
            text = drop_label_chars(report.text, p, random.Random(f"noise-{seed}-{style}-{p}"))
            out.append(score(audit_text(text, f"{seed}.txt"), truth_of(report.tables), f"{seed}-{style}-{p}"))
    return out


@pytest.mark.parametrize("style", STYLES)
def test_lost_label_characters_never_place_a_row_with_confidence(style: str) -> None:
    scores = _scores(style)
    wrong = [f"{s.name}: {w}" for s in scores for w in s.wrong]
    false = [f"{s.name}: {f}" for s in scores for f in s.false_errors]
    assert wrong == []
    assert false == []
    # Doubt is kept to the rows the labels leave open: most cells are still read.
    assert sum(s.exact for s in scores) >= 0.9 * sum(s.cells for s in scores)


def test_drop_label_chars_keeps_every_value() -> None:
    report = make_report(7600, "2021", "tab", traditional=False, encoding="utf-8")
    noisy = drop_label_chars(report.text, 0.25, random.Random(0))
    assert len(noisy) < len(report.text)
    assert _numbers(noisy) == _numbers(report.text)


def _numbers(text: str) -> list[str]:
    return [seg for seg in re.split(r"[\s|]+", text) if seg.isdigit()]


def test_one_number_between_two_unnamed_rows_is_in_doubt() -> None:
    """（六）项 prints 行政处罚 blank as nothing and 行政强制's number, both labels damaged: the number may
    be either row's (the order does not say), so neither row takes it with confidence."""
    report = make_report(7669, "2021", "tab", traditional=False, encoding="utf-8")
    assert "行政处罚\t—" in report.text and report.tables.values["active/penalty/decisions"] is None
    text = report.text.replace("行政处罚\t—", "政罚\t").replace("行政强制\t", "政强制\t")
    got = audit_text(text, "active.txt")
    s = score(got, truth_of(report.tables), "active")
    assert s.wrong == []
    penalty, enforcement = got.cell("active/penalty/decisions"), got.cell("active/enforcement/decisions")
    assert penalty is not None and penalty.reading == "uncertain"
    assert enforcement is not None and enforcement.reading == "uncertain"
    assert report.tables.values["active/enforcement/decisions"] in enforcement.alternatives
