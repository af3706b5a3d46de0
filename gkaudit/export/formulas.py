"""Live check formulas built from the relations, so the workbook checks exactly what the tool checks.

Every relation Σ parts = Σ totals becomes one difference cell ``Σ parts − Σ totals`` (计算值 −
报告值, the sign the 问题清单 uses too). Where the difference goes is data: beside the table on the
row of the relation's total (行核对), or in a row under the table in the total's column (列核对,
一+二−（三+四）, review totals). A rule added to the catalogue later lands in a row of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl.worksheet.worksheet import Worksheet

from gkaudit.export.canvas import Canvas, Ref, Result, ref_ranges
from gkaudit.export.styles import BOLD, CHECK_FILL, CHECK_FONT, CHECK_FORMAT, LEFT, Look, fit_row
from gkaudit.model import Number
from gkaudit.rules.catalogue import RULES_BY_ID
from gkaudit.rules.relations import Relation

NOT_NUMBER = "非数值"  # what a difference cell shows while one of its cells holds text


@dataclass(frozen=True, slots=True)
class Beside:
    """The difference sits in a column right of the table, on the row of the relation's total."""

    heading: str


@dataclass(frozen=True, slots=True)
class Below:
    """The difference sits in a row under the table, in the column of the relation's total."""

    label: str


PLACES: dict[str, Beside | Below] = {
    "apply.row_total": Beside("行核对\n各类之和−总计"),
    "apply.processed_total": Below("列核对：（一）至（六）之和−（七）总计"),
    "apply.balance": Below("一+二−（三+四）\n新收+结转−（办理总计+结转下年度）"),
    "review.total": Below("核对：维持+纠正+其他+未审结−总计"),
}


def place_of(rule_id: str) -> Beside | Below:
    spec = RULES_BY_ID.get(rule_id)
    return PLACES.get(rule_id) or Below(f"核对：{spec.title if spec else rule_id}（各项之和−合计）")


def relation_key(relation: Relation) -> tuple[str, tuple[str, ...]]:
    """The key a finding about ``relation`` has too: its rule and its cells (parts, then totals)."""
    return relation.rule, relation.parts + relation.totals


def difference_formula(parts: Sequence[Ref], totals: Sequence[Ref], here: str) -> str:
    p, t = ref_ranges(parts, here), ref_ranges(totals, here)
    every = ",".join(p + t)
    total = t[0] if len(totals) == 1 else f"SUM({','.join(t)})"
    return f'=IF(COUNTA({every})>COUNT({every}),"{NOT_NUMBER}",SUM({",".join(p)})-{total})'


def difference_result(parts: Sequence[Ref], totals: Sequence[Ref], seen: Mapping[Ref, Result | None]) -> Result:
    """What ``difference_formula`` evaluates to: empty cells count 0, any text gives ``NOT_NUMBER``."""
    values = [seen.get(ref) for ref in (*parts, *totals)]
    if any(isinstance(v, str) for v in values):
        return NOT_NUMBER
    numbers = [v if isinstance(v, (int, float)) else 0 for v in values]
    return tidy(sum(numbers[: len(parts)]) - sum(numbers[len(parts) :]))


def tidy(x: Number) -> Number:
    if isinstance(x, float):
        r = round(x, 6)
        return int(r) if r.is_integer() else r
    return x


@dataclass
class CheckArea:
    """Where a table's differences go: its beside column (if any), the rows under it, its columns."""

    beside_col: int | None
    first_row: int  # the first row under the table
    label_cols: tuple[int, int]
    value_cols: tuple[int, int]


def write_checks(
    canvas: Canvas,
    ws: Worksheet,
    relations: Sequence[Relation],
    positions: Mapping[str, Ref],
    area: CheckArea,
    label_width: float,
) -> tuple[dict[tuple[str, tuple[str, ...]], Ref], int]:
    """Write a difference cell for each relation whose cells are all placed; returns them and the next row."""
    look = Look(font=CHECK_FONT, fill=CHECK_FILL, number_format=CHECK_FORMAT)
    rows: dict[tuple[str, int], int] = {}
    used: dict[int, set[int]] = {}
    next_row = area.first_row
    out: dict[tuple[str, tuple[str, ...]], Ref] = {}
    for rel in relations:
        if not all(cid in positions for cid in (*rel.parts, *rel.totals)):
            continue
        total = positions[rel.totals[0]]
        place = place_of(rel.rule)
        if isinstance(place, Beside) and area.beside_col is not None:
            row, col = total.row, area.beside_col
        else:
            label = place.label if isinstance(place, Below) else place.heading.replace("\n", "")
            k, col = 0, total.col
            while True:
                if (rel.rule, k) not in rows:
                    rows[(rel.rule, k)] = next_row
                    used[next_row] = set()
                    first, last = area.label_cols
                    canvas.label(ws, next_row, first, label, Look(font=BOLD, fill=CHECK_FILL, alignment=LEFT),
                                 last_col=last)
                    fit_row(ws, next_row, label, label_width)
                    next_row += 1
                row = rows[(rel.rule, k)]
                if col not in used[row]:
                    break
                k += 1
            used[row].add(col)
        parts = [positions[c] for c in rel.parts]
        totals = [positions[c] for c in rel.totals]
        formula = difference_formula(parts, totals, ws.title)
        out[relation_key(rel)] = canvas.check(ws, row, col, formula, difference_result(parts, totals, canvas.seen), look)
    first, last = area.value_cols
    for row, cols in used.items():
        for col in range(first, last + 1):
            if col not in cols:
                canvas.stylist.apply(ws.cell(row, col), look)
    return out, next_row
