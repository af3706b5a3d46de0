"""Extraction: from a ``Document`` to report metadata and the three template tables."""
