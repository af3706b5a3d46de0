"""What the blind suite made at the start of session 17 (seeds 30000–30019, 43 renderings) showed.

* pandoc's plain text of a saved page writes "[TABLE]" for a table it cannot draw; where the
  section heading is followed by the marker alone, no table region is found at all, and 表格缺失
  (an error) told the auditor the report lacks a table it has. The marker after the heading makes
  the table unreadable in this text (a warning), as it already did inside a region found.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.model import Severity

DATA = Path(__file__).resolve().parents[1] / "data" / "blind17"


def test_a_section_whose_table_is_a_placeholder_is_unreadable_not_missing() -> None:
    report = audit_path(DATA / "gen30007-pandoc-html-plain-placeholders.txt")
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
    unreadable = {f.anchor for f in report.findings if f.rule == "extract.unreadable"}
    assert unreadable == {"apply", "review"}
    assert not [f for f in report.findings if f.rule == "table.missing"]
