"""Cells a PDF→Markdown converter pulled out of their rows: a cell printed over two lines
("22" / "（其中修订 16 件）") comes out as loose lines above the table and its row is left one
number short. The loose numbers go back to the short rows; where a row cannot tell which of its
cells it lost, the cells say so (uncertain, the truth among the readings), and none is wrong."""

from __future__ import annotations

import random

import pytest
from generator import _active_groups, make_report, with_active_section

from gkaudit.audit import audit_text
from gkaudit.model import AuditReport

NOTES = ("（其中修订 {} 件）", "（含自然失效 {} 件）", "（含部门联合发文 {} 件）")


def _block(t: object, rng: random.Random) -> tuple[list[str], set[str]]:
    """The active section with cells pulled out of the first group's rows; the rows that lost one."""
    spec = t.spec("active")  # type: ignore[attr-defined]
    out: list[str] = []
    short: set[str] = set()
    for n, (group, rows) in enumerate(_active_groups(t)):  # type: ignore[arg-type]
        cols = t.columns("active", rows[0])  # type: ignore[attr-defined]
        values = {r.id: [t.raw.get(f"active/{r.id}/{c}", "").strip() or "—" for c in t.columns("active", r)]  # type: ignore[attr-defined]
                  for r in rows}
        out.append(group)
        if n == 0:
            for r in rows:
                if rng.random() < 0.8:
                    k = rng.randrange(len(values[r.id]))
                    out += [values[r.id].pop(k), rng.choice(NOTES).format(rng.randint(1, 30))]
                    short.add(r.id)
        out += ["| 信息内容 | " + " | ".join(spec.column(c).label for c in cols) + " |", "|" + "---|" * (len(cols) + 1)]
        out += ["| " + r.label + " | " + " | ".join(values[r.id]) + " |" for r in rows]
        out.append("")
    return out, short


def _check(got: AuditReport, t: object, short: set[str]) -> list[str]:
    wrong = []
    for cid, want in t.values.items():  # type: ignore[attr-defined]
        if not cid.startswith("active/"):
            continue
        _, row, col = cid.split("/")
        cell = got.tables["active"].cells.get((row, col))
        if cell is None:
            wrong.append(f"{cid}: missing")
        elif cell.reading == "uncertain" and row in short:
            if want not in (cell.value, *cell.alternatives):
                wrong.append(f"{cid}: {want} not among {cell.value} {cell.alternatives}")
        elif cell.value != want or cell.reading == "uncertain":
            wrong.append(f"{cid}: {cell.value} ({cell.reading}) != {want}")
    return wrong


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("seed", range(10))
def test_loose_cells_go_back_to_their_rows(seed: int, template: str) -> None:
    report = make_report(6600 + seed, template, "markdown", traditional=False, encoding="utf-8", crlf=False)
    rng = random.Random(seed)
    t = report.tables
    block, short = _block(t, rng)
    got = audit_text(with_active_section(report.text, block), "loose.md")
    wrong = _check(got, t, short)
    assert not wrong, "\n".join(wrong) + "\n" + "\n".join(block)
