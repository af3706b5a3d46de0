"""Tests of the Excel audit worksheets (gkaudit.export)."""
