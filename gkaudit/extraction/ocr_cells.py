"""Cells of OCR pages marked as such: ``reading`` "ocr" with the digits' confidence, or "uncertain".

A digit the model was unsure of makes its cell uncertain, so that arithmetic resting on it is a
warning (a possible misread) rather than an error the report did not make.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from gkaudit.model import Document, Table

# Below this a digit may be misread: correct digits of the corpus scans read 0.97 and more, the
# misreads found there 0.35-0.62. Only relations that fail are affected, so the margin is wide.
UNSURE_BELOW = 0.95


def mark_ocr_cells(doc: Document, tables: Mapping[str, Table]) -> None:
    if not doc.ocr_pages:
        return
    for table in tables.values():
        for key, cell in table.cells.items():
            box = cell.source.page if cell.source is not None else None
            if not doc.read_by_ocr(box):
                continue
            conf = doc.ocr_confidence(box)
            unsure = conf is not None and conf < UNSURE_BELOW
            reading = "uncertain" if unsure or cell.reading == "uncertain" else "ocr"
            table.cells[key] = dataclasses.replace(cell, reading=reading, confidence=conf)
