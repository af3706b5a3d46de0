"""Rules: one declarative catalogue (``catalogue.py``) evaluated by one engine (``engine.py``)."""

from gkaudit.rules.engine import check_tables

__all__ = ["check_tables"]
