"""Cells of OCR pages marked as such: ``reading`` "ocr" with the digits' confidence, or "uncertain".

A digit the model was unsure of makes its cell uncertain, so that arithmetic resting on it is a
warning (a possible misread) rather than an error the report did not make. An uncertain cell
keeps the other reading the model gave weight to (a / for a 1) as its alternative; the arithmetic
may choose between the two readings, never make up a third.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence

from gkaudit.extraction.values import Parsed, parse_value
from gkaudit.model import Cell, Document, Number, PageBox, Table
from gkaudit.rules.engine import cluster_by_cells
from gkaudit.rules.relations import Relation, holds, relations_for
from gkaudit.templates import Kind, TemplateSpec

# Below this a digit may be misread: correct digits of the corpus scans read 0.97 and more, the
# misreads found there 0.35-0.62. Only relations that fail are affected, so the margin is wide.
UNSURE_BELOW = 0.95


def mark_ocr_cells(doc: Document, tables: Mapping[str, Table], template: TemplateSpec | None = None) -> None:
    if not doc.ocr_pages and not doc.ocr_regions:
        return
    others: dict[str, str] = {}  # cell id → its other reading, for the uncertain cells that have one
    for table in tables.values():
        for key, cell in table.cells.items():
            box = cell.source.page if cell.source is not None else None
            if not doc.read_by_ocr(box):
                continue
            conf = doc.ocr_confidence(box)
            unsure = conf is not None and conf < UNSURE_BELOW
            reading = "uncertain" if unsure or cell.reading == "uncertain" else "ocr"
            cell = dataclasses.replace(cell, reading=reading, confidence=conf)
            other = _other_reading(doc, box) if unsure else None
            if other is not None and template is not None:
                kind = _kind(template, cell)
                alt = parse_value(other, kind)
                if not alt.invalid and (alt.value, alt.blank) != (cell.value, cell.blank):
                    cell = dataclasses.replace(cell, alternatives=(*cell.alternatives, alt.value))
                    others[cell.id] = other
            table.cells[key] = cell
    if template is not None and others:
        _choose(tables, template, others)


def _other_reading(doc: Document, box: PageBox | None) -> str | None:
    """The one other reading OCR gave the cell's text, if its digits agree on one."""
    if box is None:
        return None
    x0, top, x1, bottom = box.bbox
    alts = {
        m.alt for m in doc.ocr
        if m.page == box.page and x0 <= (m.bbox[0] + m.bbox[2]) / 2 <= x1 and top <= (m.bbox[1] + m.bbox[3]) / 2 <= bottom
    }
    return next(iter(alts)) if len(alts) == 1 and "" not in alts else None


def _kind(template: TemplateSpec, cell: Cell) -> Kind:
    try:
        return template.table(cell.table).column(cell.col).kind
    except KeyError:
        return Kind.COUNT


def _choose(tables: Mapping[str, Table], template: TemplateSpec, others: Mapping[str, str]) -> None:
    """Uncertain cells take their other readings where that leaves fewer of their relations broken
    (a / read as a 1 puts its row and its column one over; two such cells in a column are only set
    right together): the fewest cells that break the fewest relations, and only if fewer than as
    read. A relation the report itself breaks stays broken whatever is chosen, so it neither blocks
    nor sways the choice. The cells stay uncertain, the first reading as the alternative."""
    cells = {c.id: (t, k, c) for t in tables.values() for k, c in t.cells.items()}
    values = {cid: (0 if c.value is None and c.blank else c.value) for cid, (_t, _k, c) in cells.items()}
    present = {row for row, _ in tables["apply"].cells} if "apply" in tables else set()
    relations = relations_for(template, present)
    parsed = {cid: parse_value(other, _kind(template, cells[cid][2])) for cid, other in others.items()}
    for group in cluster_by_cells(list(others), lambda cid: _linked(cid, relations)):
        touched = [r for r in relations if any(cid in r.parts or cid in r.totals for cid in group)]
        best: tuple[str, ...] = ()
        fewest = sum(not holds(r, values) for r in touched)
        if len(group) > _MAX_CHOICES or not fewest:
            continue
        for chosen in (c for n in range(1, len(group) + 1) for c in itertools.combinations(group, n)):
            trial = {**values, **{cid: _number(parsed[cid]) for cid in chosen}}
            broken = sum(not holds(r, trial) for r in touched)
            if broken < fewest:
                best, fewest = chosen, broken
        for cid in best:
            table, key, cell = cells[cid]
            alt = parsed[cid]
            table.cells[key] = dataclasses.replace(
                cell, value=alt.value, blank=alt.blank, raw=others[cid], alternatives=(cell.value,)
            )


_MAX_CHOICES = 10  # uncertain cells with other readings tied by relations: 2^10 trials at most


def _number(parsed: Parsed) -> Number | None:
    return 0 if parsed.value is None and parsed.blank else parsed.value


def _linked(cid: str, relations: Sequence[Relation]) -> set[str]:
    """The cells that share a relation with ``cid``, itself included."""
    return {c for r in relations if cid in r.parts or cid in r.totals for c in (*r.parts, *r.totals)} | {cid}
