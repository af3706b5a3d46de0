"""Checks across reports: year-over-year carry-forward, text reuse, consolidation."""
