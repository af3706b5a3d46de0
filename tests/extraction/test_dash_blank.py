"""pandoc's smart typography writes the blank mark — as "---" (org tables, a Word report converted
with ``pandoc -t org``, seeds 26000–26011, a rendering never tried before). Read as label text, the
mark ended the row early and its numbers were set one column off: "---" is a blank mark, like "--"."""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.extraction.values import is_value_token, parse_value
from gkaudit.templates import Kind
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parent.parent / "data" / "org"


def test_three_hyphens_are_a_blank_mark() -> None:
    assert is_value_token("---")
    parsed = parse_value("---", Kind.COUNT)
    assert parsed.blank and parsed.value is None and not parsed.invalid


def test_org_table_with_dash_marks_reads_right() -> None:
    name = "gen26010-2019-review_total.pandoc-org.txt"
    truth = json.loads((DATA / "gen26010-2019-review_total.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / name)
    s = score(report, truth, name)
    assert s.wrong == []
    assert s.false_errors == []
    assert s.found == s.violations == 1
    assert report.cell("apply/3.7/total").blank and report.cell("apply/3.7/natural").value == 0
