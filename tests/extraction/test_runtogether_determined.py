"""Run-together pages (web-archive ``textContent``) where the arithmetic and the layout settle a split
that was left uncertain: a row printed as runs of digits with a space between some cells adds up by
the running sum like one run ("1602 5124077 1541632548"); the flat review table is read where every
reading that adds up, with any number of cells printed as nothing, gives each cell one value; a change
of digit width inside a run ("161001３21") ends a cell. Nothing determined is read wrong."""

from __future__ import annotations

import random

import pytest

from gkaudit.audit import audit_text
from gkaudit.extraction.runtogether import width_switches
from scripts.make_converter_suite import truth_of
from tests.converters.scoring import score
from tests.generator import INJECT_KINDS, make_report
from tests.textcontent import flatten


def _page(seed: int, template: str, mode: str) -> tuple[str, dict]:
    inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
    report = make_report(seed, template, "html", inject=inject, traditional=False, encoding="utf-8")
    return flatten(report.text, random.Random(f"{seed}-{template}-{mode}"), mode), truth_of(report.tables)


@pytest.mark.parametrize(
    ("seed", "template", "mode", "rows"),
    [
        # Spaces between some cells, blanks printed as nothing elsewhere on the page.
        (25212, "2021", "some", ("apply/1", "apply/3.7")),
        (25215, "2019", "some", ("apply/1",)),
        # The flat review table: one split adds up, and no reading with blank cells does otherwise.
        (25202, "2019", "some", ("review/review", "review/suit_direct", "review/suit_after_review")),
        # "161001３21": the full-width ３ is a cell of its own.
        (25215, "2019", "some", ("apply/3.3.7",)),
    ],
)
def test_determined_rows_are_read(seed: int, template: str, mode: str, rows: tuple[str, ...]) -> None:
    text, truth = _page(seed, template, mode)
    report = audit_text(text, f"page{seed}.txt")
    s = score(report, truth, f"{seed}-{template}-{mode}")
    assert not s.wrong, s.wrong
    assert not s.false_errors, s.false_errors
    for row in rows:
        table, row_id = row.split("/", 1)
        for col, value in truth["tables"][table][row_id].items():
            cell = report.cell(f"{row}/{col}")
            assert cell is not None, (row, col)
            assert cell.reading != "uncertain", (row, col, cell.value, cell.alternatives)
            assert cell.value == value, (row, col)


def test_width_switches() -> None:
    assert width_switches("数量１６４２4714472162１４２ 2５") == frozenset({6, 16, 21})
    assert width_switches("１２ 34 ５６") == frozenset()
