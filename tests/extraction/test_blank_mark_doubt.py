"""A blank mark ("无") read in a row whose other reading leaves that cell out is no surer than a
number. markitdown on PDF printed （四）1.'s numbers ("１ 0 0 0 1", two blanks as nothing) and
（四）2.'s ("无 无 ０ 无 0 0 0") between the characters of labels wrapped one or two a line; one
reading gave （四）1. the second line, the other its own five numbers right-aligned. The cells the
readings disagreed on were uncertain, but 自然人 and 商业企业 ("无" in one reading, left out in the
other) were read confidently as blank where the report printed 1."""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parent.parent / "data" / "real"
NAME = "gen14019-markitdown-pdf-blank-mark-row"


def test_a_blank_mark_that_another_reading_leaves_out_is_uncertain() -> None:
    truth = json.loads((DATA / f"{NAME}.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / f"{NAME}.md")
    s = score(report, truth, NAME)
    assert not s.wrong, s.wrong
    assert not s.false_errors
    assert report.cell("apply/3.4.1/natural").reading == "uncertain"


def test_a_row_whose_other_reading_prints_fewer_numbers_is_uncertain_in_every_cell() -> None:
    """markitdown on PDF: （四）3.'s own numbers ("0 0 0 0", three blanks printed as nothing) and
    （五）1.'s ("1 0 0 0 0 0 1") between labels wrapped a character or two a line. One reading gave
    （四）3. the full line, the other its four numbers. Those four were compared right-aligned, so
    其他 (0 in both) stayed sure — where the report printed it blank. Where the other reading's
    blanks stand is not known: every cell of the row is uncertain."""
    name = "gen29919-markitdown-pdf-short-rival"
    truth = json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / f"{name}.md")
    s = score(report, truth, name)
    assert not s.wrong, s.wrong
    assert not s.false_errors
    assert all(report.cell(f"apply/3.4.3/{c}").reading == "uncertain"
               for c in ("natural", "commercial", "research", "social", "legal", "other", "total"))
