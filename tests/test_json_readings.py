"""The placements of cells (``Table.readings``) in the JSON: written, read back, and re-checked alike.

A relation broken under every placement of a short row's cells is an error only while the
placements are known; a report rebuilt from JSON that lost them no longer finds it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gkaudit import jsonio
from gkaudit.audit import audit_path, recheck
from gkaudit.model import AuditReport, Finding, Severity, finding_key
from gkaudit.paths import ENV_DATA_DIR
from gkaudit.rules.engine import check_tables
from gkaudit.workspace import ReviewSession, Workspace

CONVERTERS = Path(__file__).resolve().parent / "data" / "converters"
EVERY_WAY = "按其各种读法此关系均不成立"
# Converter outputs (blanks printed as nothing) whose audit has a relation broken under every placement.
CASES = ["pypdf/gen918-2019-processed_total.txt", "pdfplumber/gen922-2019-head.txt"]


def _audit(name: str) -> AuditReport:
    report = audit_path(CONVERTERS / name)
    every_way = [f for f in report.findings if EVERY_WAY in f.message]
    assert every_way and all(f.severity is Severity.ERROR for f in every_way), "no every-placement error to keep"
    # The sums of one reading are not what the report prints: none is quoted, none offered as a fix.
    assert all(f.expected is None and f.actual is None and "之和为" not in f.message for f in every_way)
    return report


def _seen(findings: list[Finding]) -> list[tuple[str, Severity, str, bool]]:
    return sorted((finding_key(f), f.severity, f.message, f.uncertain) for f in findings)


def _rebuilt(report: AuditReport) -> AuditReport:
    (back,) = jsonio.loads(jsonio.dumps(report))
    return back


def _outside(report: AuditReport) -> str:
    """An 依申请 cell in no recorded reading and in no every-placement relation."""
    taken = {c for t in report.tables.values() for r in t.readings for c in r.cells}
    taken |= {c for f in report.findings if EVERY_WAY in f.message for c in f.cells}
    return next(c.id for c in report.tables["apply"].cells.values() if c.id not in taken and c.value is not None)


@pytest.mark.parametrize("name", CASES)
def test_readings_survive_the_json_and_recheck_the_same(name: str) -> None:
    report = _audit(name)
    back = _rebuilt(report)
    assert {t: tb.readings for t, tb in back.tables.items()} == {t: tb.readings for t, tb in report.tables.items()}
    assert report.template is not None and back.template == report.template
    # Re-checked from the JSON alone, the tables give the original's findings: ids, severities, messages.
    assert _seen(check_tables(back.template, back.tables)) == _seen(check_tables(report.template, report.tables))
    assert _seen(back.findings) == _seen(report.findings)
    # And after a correction elsewhere in the table (the path a review takes), the same again.
    cell = _outside(report)
    value = report.cell(cell).value  # type: ignore[union-attr]
    corrections = {cell: value + 1}  # type: ignore[operator]
    rechecked = recheck(back, corrections)
    assert _seen(rechecked) == _seen(recheck(report, corrections))
    every_way = [f for f in rechecked if EVERY_WAY in f.message]
    assert every_way and all(f.severity is Severity.ERROR and f.suspect is None for f in every_way)


def test_the_json_of_a_rebuilt_report_is_the_original_json() -> None:
    report = _audit(CASES[0])
    text = jsonio.dumps(report)
    assert jsonio.dumps(_rebuilt(report)) == text
    data = json.loads(text)
    readings = data["readings"]
    assert set(readings) == set(data["tables"])
    entry = readings["apply"][0]
    assert set(entry) == {"cells", "options"}
    assert all(len(option) == len(entry["cells"]) for option in entry["options"])
    assert any(v is None for option in entry["options"] for v in option)  # a blank is null, not 0


def _old_format(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON as it was before placements (and finding anchors) were written."""
    old = {k: v for k, v in data.items() if k != "readings"}
    old["findings"] = [{k: v for k, v in f.items() if k != "anchor"} for f in data["findings"]]
    return old


def test_json_without_readings_still_loads() -> None:
    report = _audit(CASES[0])
    old = _old_format(jsonio.report_to_dict(report))
    (back,) = jsonio.loads(json.dumps(old, ensure_ascii=False))
    assert all(not t.readings for t in back.tables.values())
    assert {t: dict(tb.cells) for t, tb in back.tables.items()} == {t: dict(tb.cells) for t, tb in report.tables.items()}
    assert [(f.rule, f.severity, f.message) for f in back.findings] == [
        (f.rule, f.severity, f.message) for f in report.findings]
    # Without the placements a re-check cannot tell the relation is broken every way: its error
    # is gone (the cells were never placed, so the relation is not even summed). What the field is for.
    assert back.template is not None
    every_way = {f.cells for f in report.findings if EVERY_WAY in f.message}
    again = check_tables(back.template, back.tables)
    assert not [f for f in again if f.severity is Severity.ERROR and f.cells in every_way]
    assert not [f for f in again if EVERY_WAY in f.message]


def test_a_batch_list_loads_its_reports_and_leaves_out_the_errors() -> None:
    report = _audit(CASES[0])
    payload = [jsonio.report_to_dict(report), jsonio.error_to_dict("坏文件.pdf", "无法读取")]
    (back,) = jsonio.loads(jsonio.to_text(payload))
    assert back.tables["apply"].readings == report.tables["apply"].readings
    with pytest.raises(ValueError, match=r"gkaudit\.audit/1"):
        jsonio.report_from_dict({"schema": "other/1", "file": "x"})


def test_text_is_json_dumps_but_for_one_placement_a_line() -> None:
    data = jsonio.report_to_dict(_audit(CASES[0]))
    text = jsonio.to_text(data)
    assert json.loads(text) == data
    without = {k: v for k, v in data.items() if k != "readings"}
    assert jsonio.to_text(without) == json.dumps(without, ensure_ascii=False, indent=2)
    first = data["readings"]["apply"][0]["options"][0]
    assert any(line.strip().rstrip(",") == json.dumps(first, separators=(", ", ": ")) for line in text.splitlines())


def test_a_review_of_a_rebuilt_report_keeps_the_every_placement_error(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "数据"))
    report = _audit(CASES[0])
    back = _rebuilt(report)
    cell = _outside(report)
    with Workspace.open(back, directory=tmp_path / "工作区") as ws:
        session = ReviewSession(back, ws)
        session.correct(cell, back.cell(cell).value + 1, "审计员")  # type: ignore[operator,union-attr]
        every_way = [f for f in session.findings if EVERY_WAY in f.message]
        assert every_way and all(f.severity is Severity.ERROR for f in every_way)
