"""Checks across reports: year-over-year carry-forward, text reuse, consolidation.

``crosscheck_batch`` pairs the reports of one batch (same body, consecutive years) and adds the
findings to the later report of each pair; ``attach_pair`` does the same for a pair the auditor
chose, ``attach_consolidation`` for a parent report and its parts. All three replace the findings
they added before, so running them again does not duplicate anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from gkaudit.crosscheck.carry import check_pair
from gkaudit.crosscheck.consolidate import consolidate
from gkaudit.crosscheck.pairing import pair_reports
from gkaudit.crosscheck.reuse import text_reuse
from gkaudit.model import AuditReport, Finding

PAIR_RULE_PREFIXES = ("carry.", "reuse.")
CONSOLIDATION_PREFIX = "consolidation."


def crosscheck_pair(prev: AuditReport, curr: AuditReport) -> list[Finding]:
    """The findings of ``curr`` (the later year) against ``prev``: carry-forward and text reuse."""
    return check_pair(prev, curr) + text_reuse(prev, curr)


def _replace(report: AuditReport, prefixes: tuple[str, ...], fresh: list[Finding]) -> None:
    kept = [f for f in report.findings if not f.rule.startswith(prefixes)]
    report.findings = sorted(kept + fresh, key=lambda f: f.severity.rank)


def attach_pair(prev: AuditReport, curr: AuditReport) -> None:
    """Replace ``curr``'s cross-year findings by those against ``prev`` (the auditor's explicit pairing)."""
    _replace(curr, PAIR_RULE_PREFIXES, crosscheck_pair(prev, curr))


def crosscheck_batch(reports: Sequence[AuditReport]) -> list[tuple[AuditReport, AuditReport]]:
    """Pair the batch's reports by body and consecutive year; add cross-year findings to the later ones.

    Returns the pairs made. Reports in no pair keep their findings as they were.
    """
    pairs = pair_reports(reports)
    for prev, curr in pairs:
        attach_pair(prev, curr)
    return pairs


def attach_consolidation(parent: AuditReport, parts: Sequence[AuditReport]) -> None:
    """Replace ``parent``'s consolidation findings by a comparison with the sum of ``parts``."""
    _replace(parent, (CONSOLIDATION_PREFIX,), consolidate(parent, parts))


__all__ = [
    "attach_consolidation",
    "attach_pair",
    "consolidate",
    "crosscheck_batch",
    "crosscheck_pair",
    "pair_reports",
]
