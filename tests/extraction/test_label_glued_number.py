"""A row's first number run into the end of its label ("6.属于四类过程性信息1 0 0 0 0 0 1", as pypdf
prints a re-printed PDF) is the row's first cell, and a row whose line holds a number the reading
did not take as a cell never makes an arithmetic error "under every placement" (found on the
corpus report 洪泽区 2024 re-printed through pdftocairo: five false errors a file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_text
from gkaudit.model import Severity

TEXT = (Path(__file__).resolve().parents[1] / "data" / "real" / "hongze-2024.pypdf.txt").read_text(encoding="utf-8")


def _errors(text: str) -> list[str]:
    report = audit_text(text, "洪泽区2024.txt")
    return [f.rule for f in report.findings if f.severity is Severity.ERROR]


def test_the_published_text_has_no_error() -> None:
    assert _errors(TEXT) == []


@pytest.mark.parametrize(("printed", "glued", "row"), [
    ("6.属于四类过程性信息 1", "6.属于四类过程性信息1", "3.3.6"),
    ("1.信访举报投诉类申请 1", "1.信访举报投诉类申请1", "3.5.1"),
    ("2.没有现成信息需要另行制作 1", "2.没有现成信息需要另行制作1", "3.4.2"),
])
def test_number_run_into_its_label(printed: str, glued: str, row: str) -> None:
    assert printed in TEXT
    text = TEXT.replace(printed, glued)
    report = audit_text(text, "洪泽区2024.txt")
    assert [f.rule for f in report.findings if f.severity is Severity.ERROR] == []
    assert report.tables["apply"].value(row, "natural") == 1
    assert report.tables["apply"].value(row, "total") == 1


def test_a_number_the_reading_did_not_take_makes_no_certain_error() -> None:
    """A cell glued to a mark no reading splits ("※0"): the row's other numbers are placed every
    way, but with a number left unread no placement says the relation is broken."""
    line = next(line for line in TEXT.splitlines() if line.startswith("6.属于四类过程性信息"))
    assert line.endswith(" 0 0 1")
    text = TEXT.replace(line, line[:-6] + " ※0 0 1")
    assert _errors(text) == []


def test_a_number_among_the_label_words_makes_no_certain_error() -> None:
    """A row's first number stuck between pieces of its wrapped label ("10�情形，不计", as html2text
    prints a page it cut inside a character): not read as a cell, so no placement of the rest is
    known to be all."""
    line = next(line for line in TEXT.splitlines() if line.startswith("6.属于四类过程性信息"))
    text = TEXT.replace(line, "6.属于四类过程 1※性信息 0 0 0 0 0 1")
    assert _errors(text) == []
