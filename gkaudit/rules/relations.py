"""Instantiate the arithmetic rules over a template: each relation is Σ parts = Σ totals."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from gkaudit.model import Number, cell_id
from gkaudit.templates import APPLICANT_COLUMNS, TemplateSpec


@dataclass(frozen=True, slots=True)
class Relation:
    rule: str
    where: str  # the row or column the relation is about, as printed ("（七）总计", "自然人")
    parts: tuple[str, ...]  # cell ids summed for the expected value
    totals: tuple[str, ...]  # cell ids summed for the printed (actual) value
    # Cells the relation would sum but whose rows were not read (the form requires them, the reading
    # lacks them): the relation is checked without them, so a break may be the reading's, not the report's.
    unread: tuple[str, ...] = ()


def evaluate(rel: Relation, values: Mapping[str, Number | None]) -> tuple[Number, Number] | None:
    """The sums of the relation's parts and of its totals; None when a cell has no value."""
    parts: Number = 0
    totals: Number = 0
    for cid in rel.parts:
        v = values.get(cid)
        if v is None:
            return None
        parts += v
    for cid in rel.totals:
        v = values.get(cid)
        if v is None:
            return None
        totals += v
    return parts, totals


def holds(rel: Relation, values: Mapping[str, Number | None]) -> bool:
    """True when every cell of the relation has a value and the sums agree."""
    ev = evaluate(rel, values)
    return ev is not None and abs(ev[0] - ev[1]) < 1e-6


def relations_for(template: TemplateSpec, present_rows: set[str]) -> list[Relation]:
    """The relations of every catalogued arithmetic rule that applies to ``template``.

    ``present_rows`` (apply row ids that were printed) picks （六） as one row or three.
    """
    from gkaudit.rules.catalogue import RULES

    out: list[Relation] = []
    for spec in RULES:
        builder = BUILDERS.get(spec.relation)
        if builder is not None and (not spec.templates or template.id in spec.templates):
            out.extend(builder(spec.id, template, present_rows))
    return out


def _apply_row_total(rule: str, template: TemplateSpec, present: set[str]) -> list[Relation]:
    apply = template.table("apply")
    return [
        Relation(
            rule,
            f"{row.group}{row.label}" if row.group else row.label,
            tuple(cell_id("apply", row.id, c) for c in APPLICANT_COLUMNS),
            (cell_id("apply", row.id, "total"),),
        )
        for row in apply.rows
        if row.id in present
    ]


def _apply_processed_total(rule: str, template: TemplateSpec, present: set[str]) -> list[Relation]:
    apply = template.table("apply")
    leaves = [r for r in apply.rows if r.result_leaf and r.id in present]
    lost = [r for r in apply.missing_rows(present) if r.result_leaf] if present else []
    return [
        Relation(
            rule,
            col.title,
            tuple(cell_id("apply", r.id, col.id) for r in leaves),
            (cell_id("apply", "3.7", col.id),),
            tuple(cell_id("apply", r.id, col.id) for r in lost),
        )
        for col in apply.columns
    ]


def _apply_balance(rule: str, template: TemplateSpec, present: set[str]) -> list[Relation]:
    return [
        Relation(
            rule,
            col.title,
            (cell_id("apply", "1", col.id), cell_id("apply", "2", col.id)),
            (cell_id("apply", "3.7", col.id), cell_id("apply", "4", col.id)),
        )
        for col in template.table("apply").columns
    ]


def _review_total(rule: str, template: TemplateSpec, present: set[str]) -> list[Relation]:
    review = template.table("review")
    parts = [c.id for c in review.columns if c.id != "total"]
    return [
        Relation(
            rule,
            row.label,
            tuple(cell_id("review", row.id, c) for c in parts),
            (cell_id("review", row.id, "total"),),
        )
        for row in review.rows
    ]


Builder = Callable[[str, TemplateSpec, set[str]], list[Relation]]

BUILDERS: dict[str, Builder] = {
    "apply_row_total": _apply_row_total,
    "apply_processed_total": _apply_processed_total,
    "apply_balance": _apply_balance,
    "review_total": _review_total,
}
