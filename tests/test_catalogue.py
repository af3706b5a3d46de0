"""Walk both catalogues: template ids unique, every rule's cells exist in its template."""

from __future__ import annotations

import pytest

from gkaudit.rules.catalogue import RULES, RULES_BY_ID
from gkaudit.rules.relations import BUILDERS, relations_for
from gkaudit.templates import TABLE_IDS, TEMPLATES


@pytest.mark.parametrize("tid", list(TEMPLATES))
def test_template_ids_unique_and_complete(tid: str) -> None:
    template = TEMPLATES[tid]
    assert tuple(t.id for t in template.tables) == TABLE_IDS
    for table in template.tables:
        rows = [r.id for r in table.rows]
        assert len(rows) == len(set(rows)), table.id
        cols = [c.id for c in table.columns]
        assert len(cols) == len(set(cols)), table.id
        for row in table.rows:
            assert row.keys, row.id
            for col in row.columns:
                table.column(col)  # raises if the row names a column the table lacks
            for alt in row.alternative_to:
                table.row(alt)


def test_rule_ids_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert "." in r.id and r.id == r.id.lower()
        assert r.relation in BUILDERS or r.relation in ("cell_blank", "cell_invalid", "external")
    assert {"apply.row_total", "apply.processed_total", "apply.balance", "review.total", "cell.blank", "cell.invalid"} <= set(
        RULES_BY_ID
    )


@pytest.mark.parametrize("tid", list(TEMPLATES))
def test_every_relation_cell_exists_in_its_template(tid: str) -> None:
    template = TEMPLATES[tid]
    known = {c for t in template.tables for c in t.cell_ids()}
    rows = {r.id for r in template.table("apply").rows}
    rels = relations_for(template, rows)
    assert rels
    for rel in rels:
        assert set(rel.parts) <= known and set(rel.totals) <= known, rel


def test_2021_sixth_group_one_row_or_three() -> None:
    t = TEMPLATES["2021"]
    three = {r.id for r in t.table("apply").rows} - {"3.6"}
    one = {r.id for r in t.table("apply").rows} - {"3.6.1", "3.6.2", "3.6.3"}
    leaves3 = next(r for r in relations_for(t, three) if r.rule == "apply.processed_total").parts
    leaves1 = next(r for r in relations_for(t, one) if r.rule == "apply.processed_total").parts
    assert "apply/3.6.2/natural" in leaves3 and "apply/3.6/natural" not in leaves3
    assert "apply/3.6/natural" in leaves1 and "apply/3.6.1/natural" not in leaves1


def test_every_rule_has_an_audit_suggestion() -> None:
    # The 整改台账 prints a 审计建议 for each problem; a rule without one leaves the auditor a blank.
    from gkaudit.rules.catalogue import ADVICE, advice

    assert [r.id for r in RULES if not advice(r.id).strip()] == []
    assert set(ADVICE) <= set(RULES_BY_ID)
