"""Which pages are read as run together: also those whose blank cells print nothing.

With a space between some cells ("21 10 0 4" for 2 1 1 0 0 4 and a blank), a row may hold fewer
digits than cells, yet fewer parts than digits still shows cells run together. Such a page read as
space-separated cells placed numbers in the wrong rows and columns of the 主动公开 table.
"""

from __future__ import annotations

import random

import pytest

from gkaudit.audit import audit_text
from gkaudit.extraction.runtogether import is_run_together
from gkaudit.templates import TEMPLATES
from scripts.make_converter_suite import truth_of
from tests.converters.scoring import score
from tests.generator import INJECT_KINDS, make_report
from tests.textcontent import flatten


@pytest.mark.parametrize(("seed", "template"), [(12763, "2019"), (12687, "2021")])
def test_a_page_whose_blanks_print_nothing_is_run_together(seed: int, template: str) -> None:
    inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
    report = make_report(seed, template, "html", inject=inject, traditional=False, encoding="utf-8")
    text = flatten(report.text, random.Random(f"{seed}-{template}-some"), "some")
    assert is_run_together(text, TEMPLATES[template])
    s = score(audit_text(text, "page.txt"), truth_of(report.tables), f"{seed}-{template}")
    assert s.wrong == [] and s.false_errors == []


def test_a_table_on_one_line_with_every_cell_spaced_is_not_run_together() -> None:
    """Every cell its own part (a 0 printed, one space between): nothing ran together."""
    spec = TEMPLATES["2021"].table("apply")
    line = "".join(f"{row.keys[0]} 1 0 0 0 0 0 1 " for row in spec.rows)
    assert len(line) > 200 and not is_run_together(line, TEMPLATES["2021"])
    assert is_run_together(line.replace("0 0 0 0 0 ", "00 000 "), TEMPLATES["2021"])
