"""Exports: Excel audit worksheets (审计底稿)."""
