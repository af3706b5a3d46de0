"""Exports: Excel audit worksheets (审计底稿).

``xlsx`` is the entry point (``write_report_workbook``, ``write_batch_workbook``); the rest are its
parts: ``tables`` (the three tables in the official layout), ``formulas`` (check formulas from the
relations), ``findings_sheet`` (问题清单), ``overview`` (审计概要), ``summary`` (汇总 of a batch),
``canvas`` (safe cell writing, cached formula results), ``styles`` and ``safety`` (atomic writes).
"""
