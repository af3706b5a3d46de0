"""The fourteen real reports of ../shared/realdev against their truth: no misread stated with confidence."""

from __future__ import annotations

import re

import pytest

from gkaudit.audit import audit_path
from tests.realdev.scoring import load_truth, score, truth_files

PAIRS = truth_files()
pytestmark = pytest.mark.skipif(not PAIRS, reason="../shared/realdev is not present")


@pytest.mark.parametrize(("report_path", "truth_path"), PAIRS, ids=[p.name for p, _ in PAIRS])
def test_realdev_file(report_path, truth_path) -> None:
    s = score(audit_path(report_path), load_truth(truth_path), report_path.name)
    # Every relation the report breaks is found, and no arithmetic error is the tool's own misread.
    assert s.missed == []
    assert s.false_errors == []
    # A cell is exact, or it says it is uncertain; the run-together pages are read whole.
    if "flattened" in report_path.name:
        assert s.wrong == []
    assert s.ratio >= 0.85


def test_realdev_overall() -> None:
    total = exact = 0
    for report_path, truth_path in PAIRS:
        s = score(audit_path(report_path), load_truth(truth_path), report_path.name)
        total += s.total
        exact += s.exact + s.uncertain_ok
    assert exact / total >= 0.965


@pytest.mark.parametrize(("report_path", "truth_path"), PAIRS, ids=[p.name for p, _ in PAIRS])
def test_realdev_text_findings_are_not_false_alarms(report_path, truth_path) -> None:
    """Every file has its six parts (some with the heading run into a line or dropped by the
    converter), and the narrative disagrees with the tables only where the truth's notes say so."""
    report = audit_path(report_path)
    truth = load_truth(truth_path)
    rules = [f.rule for f in report.findings]
    assert "section.missing" not in rules
    mismatches = [f for f in report.findings if f.rule == "narrative.mismatch"]
    if re.search(r"narrative[^.]*disagree", str(truth.get("notes", "")), re.I):
        assert mismatches, "the truth notes a narrative figure the table does not bear out"
        for f in mismatches:
            assert f.actual is not None and str(int(f.actual)) in str(truth["notes"])
    else:
        assert mismatches == []
