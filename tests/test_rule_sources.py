"""The catalogue is the single source of rules: ids, severities, what each check emits, what a recheck recomputes."""

from __future__ import annotations

import ast
import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from gkaudit.audit import attach_consolidation, attach_pair, audit_path, recheck
from gkaudit.checks import CHECKS
from gkaudit.model import AuditReport, Finding, Severity, finding_key
from gkaudit.rules.catalogue import RULES, RULES_BY_ID, TABLE_INPUTS
from gkaudit.templates import TEMPLATES
from tests.checks.reports import audit_pair, consistent_tables, set_value
from tests.conftest import SAMPLES

CORE = Path(__file__).resolve().parents[1] / "gkaudit"


def _literal_rule_ids() -> list[tuple[str, str, str | None]]:
    """(file, rule id, severity written beside it) for every rule id written as a literal in the core.

    Rule ids are written as ``Finding(rule="…")``, ``catalogued("…")`` or ``rule("…")``.
    """
    out: list[tuple[str, str, str | None]] = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            kw = {k.arg: k.value for k in node.keywords}
            arg = node.args[0] if node.args and name in ("catalogued", "rule") else kw.get("rule")
            if name not in ("Finding", "catalogued", "rule") or not isinstance(arg, ast.Constant):
                continue
            sev = kw.get("severity")
            written = sev.attr if isinstance(sev, ast.Attribute) and isinstance(sev.value, ast.Name) else None
            out.append((path.name, str(arg.value), written))
    return out


def test_every_rule_id_written_in_the_core_is_catalogued() -> None:
    found = _literal_rule_ids()
    assert len(found) > 15  # the scan sees the code (it can fail)
    assert [(f, r) for f, r, _ in found if r not in RULES_BY_ID] == []


def test_a_severity_written_beside_a_rule_id_is_the_catalogues() -> None:
    # Severities come from the catalogue; a literal one (left where a module is being rewritten) must agree.
    wrong = [(f, r, s) for f, r, s in _literal_rule_ids() if s is not None and Severity[s] not in RULES_BY_ID[r].severities]
    assert wrong == []


def test_every_catalogued_rule_names_its_clause_inputs_and_check() -> None:
    for spec in RULES:
        assert spec.clause and spec.reads and spec.check, spec.id
        assert spec.check in CHECKS or spec.check in ("extraction", "template", "reading"), spec.id
        assert set(spec.templates) <= set(TEMPLATES), spec.id


@pytest.fixture(scope="module")
def seeds() -> list[AuditReport]:
    return [audit_path(p) for p in sorted(SAMPLES.glob("*.txt"))]


@pytest.fixture(scope="module")
def broken_pair() -> tuple[AuditReport, AuditReport]:
    """A 2021 pair whose carry-forward is broken on 自然人 and 总计 (this year's 上年结转 one too many)."""
    prev_t, curr_t = consistent_tables("2021", 7)
    for col in ("natural", "total"):
        set_value(curr_t, f"apply/2/{col}", int(curr_t.v(f"apply/2/{col}")) + 1)
        set_value(curr_t, f"apply/1/{col}", int(curr_t.v(f"apply/1/{col}")) - 1)
    prev, curr = audit_pair(prev_t, curr_t, 2021, seed=7)
    attach_pair(prev, curr)
    return prev, curr


def _emitted(reports: list[AuditReport]) -> list[Finding]:
    return [f for r in reports for f in r.findings]


def test_findings_have_catalogued_ids_and_severities(seeds: list[AuditReport], broken_pair: tuple) -> None:
    findings = _emitted([*seeds, *broken_pair])
    assert {f.rule for f in findings} >= {"apply.row_total", "carry.apply_forward"}
    for f in findings:
        spec = RULES_BY_ID[f.rule]
        assert f.severity in spec.severities, f


def test_each_check_emits_only_its_own_rules(seeds: list[AuditReport], broken_pair: tuple) -> None:
    prev, curr = broken_pair
    curr.parts = (prev,)
    for report in [*seeds, curr]:
        for name, check in CHECKS.items():
            own = {r.id for r in RULES if r.check == name}
            assert {f.rule for f in check(report, {}) or []} <= own, (name, report.file)
    curr.parts = ()


def test_correcting_the_carried_cell_clears_the_carry_finding(broken_pair: tuple) -> None:
    _prev, curr = broken_pair
    carry = [f for f in curr.findings if f.rule == "carry.apply_forward"]
    assert {f.cells for f in carry} == {("apply/2/natural",), ("apply/2/total",)}
    total = next(f for f in carry if f.cells == ("apply/2/total",))
    assert total.severity is Severity.ERROR and total.expected is not None
    after = recheck(curr, {"apply/2/total": total.expected})
    assert [f.cells for f in after if f.rule == "carry.apply_forward"] == [("apply/2/natural",)]


def test_correcting_a_part_rechecks_the_consolidation(broken_pair: tuple) -> None:
    prev, curr = broken_pair
    parent = dataclasses.replace(curr, findings=list(curr.findings))
    part = dataclasses.replace(prev, year=curr.year)  # a department's report of the same year
    attach_consolidation(parent, [part])
    mismatches = [f for f in parent.findings if f.rule == "consolidation.mismatch"]
    assert mismatches
    first = recheck(parent, {c: part.cell(c).value for c in mismatches[0].cells})  # type: ignore[union-attr]
    assert len([f for f in first if f.rule == "consolidation.mismatch"]) == len(mismatches) - 1
    every = recheck(parent, {c: part.cell(c).value for f in mismatches for c in f.cells})  # type: ignore[union-attr]
    assert not [f for f in every if f.rule == "consolidation.mismatch"]


@pytest.mark.parametrize("table", [t.value for t in TABLE_INPUTS])
def test_a_correction_that_changes_nothing_changes_no_finding(
    seeds: list[AuditReport], broken_pair: tuple, table: str
) -> None:
    # Every rule reading the table is recomputed: none may come back twice, none may go stale.
    _prev, curr = broken_pair
    for report in [*seeds, curr]:
        cells = [c for t in report.tables.values() if t.id == table for c in t.cells.values() if c.value is not None]
        if not cells:
            continue
        same = {cells[0].id: cells[0].value}
        before = Counter(finding_key(f) for f in report.findings)
        assert Counter(finding_key(f) for f in recheck(report, same)) == before, report.file


def test_an_unrelated_correction_recomputes_only_the_rules_reading_that_table(broken_pair: tuple) -> None:
    _prev, curr = broken_pair
    cell = next(c for c in curr.tables["review"].cells.values() if c.value is not None)
    after = recheck(curr, {cell.id: (cell.value or 0) + 5})
    untouched = [f for f in curr.findings if "review" not in {r.value for r in RULES_BY_ID[f.rule].reads}]
    assert Counter(map(finding_key, untouched)) <= Counter(map(finding_key, after))
    assert any(f.rule == "review.total" for f in after)
