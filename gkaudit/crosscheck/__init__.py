"""Checks across reports: year-over-year carry-forward, text reuse, consolidation, pairing.

These are pure functions of the reports they are given; ``gkaudit.audit`` attaches their
findings to a report (``attach_pair``, ``attach_consolidation``, ``crosscheck_batch``).
"""

from __future__ import annotations

from gkaudit.crosscheck.carry import check_pair
from gkaudit.crosscheck.consolidate import consolidate
from gkaudit.crosscheck.pairing import pair_reports
from gkaudit.crosscheck.reuse import text_reuse

__all__ = ["check_pair", "consolidate", "pair_reports", "text_reuse"]
