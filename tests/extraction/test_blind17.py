"""What the blind suite made at the start of session 17 (seeds 30000–30019, 43 renderings) showed.

* pandoc's plain text of a saved page writes "[TABLE]" for a table it cannot draw; where the
  section heading is followed by the marker alone, no table region is found at all, and 表格缺失
  (an error) told the auditor the report lacks a table it has. The marker after the heading makes
  the table unreadable in this text (a warning), as it already did inside a region found.
* Not from the suite but from what real sites do: the tables published as pictures (an <img> in
  the page, a picture in the Word file) were 表格缺失 too; a picture is now a "[图片]" line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parents[1] / "data" / "blind17"


def test_a_section_whose_table_is_a_placeholder_is_unreadable_not_missing() -> None:
    report = audit_path(DATA / "gen30007-pandoc-html-plain-placeholders.txt")
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
    unreadable = {f.anchor for f in report.findings if f.rule == "extract.unreadable"}
    assert unreadable == {"apply", "review"}
    assert not [f for f in report.findings if f.rule == "table.missing"]


@pytest.mark.parametrize("name", ["gen30001-tables-as-images.html", "gen30001-tables-as-pictures.docx",
                                  "gen30001-tables-as-pictures.pdf"])
def test_tables_published_as_pictures_are_unreadable_not_missing(name: str) -> None:
    """Government sites and Word files often carry the statistics tables as pictures: the section
    heading, then an <img> (a Word picture; an image on a PDF page with no text over it). Read as text the section held nothing, and each table
    was 表格缺失 (an error) — an accusation of what the reader could not see. A picture is a line
    "[图片]" in the text; after the heading, the table is unreadable here (a warning)."""
    report = audit_path(DATA / name)
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
    unreadable = [f for f in report.findings if f.rule == "extract.unreadable"]
    assert {f.anchor for f in unreadable} == {"active", "apply", "review"}
    assert all("图片" in f.message for f in unreadable)
    assert not [f for f in report.findings if f.rule in ("table.missing", "section.empty")]


def test_an_icon_is_no_picture_line() -> None:
    """An image too small to hold content (a 16 px icon, a spacer) leaves no "[图片]" line."""
    from gkaudit.reading.html import fragment_text

    assert "[图片]" not in fragment_text('<p>正文<img src="i.gif" width="16" height="16">结束</p>')
    assert "[图片]" in fragment_text('<p>二、主动公开政府信息情况</p><p><img src="t.png" width="600"></p>')


def test_a_signed_value_read_in_a_count_column_is_uncertain_not_negative() -> None:
    """PyMuPDF's text blocks: 行政强制 printed "减22" / "7850" one a line, its 上一年项目数量 blank.
    Read from the left, "减22" landed in the count column and "件数为负数" accused the report. A
    signed value only 本年增/减 prints, in a row whose 本年增/减 holds no signed value, is a value
    read one cell off: the row is uncertain and the finding a warning."""
    name = "gen30016-pymupdf-blocks-signed-short-row"
    report = assert_reads(DATA / f"{name}.txt", DATA / f"{name}.truth.json", exact_at_least=170)
    assert report.cell("active/enforcement/prev_items").reading == "uncertain"
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
