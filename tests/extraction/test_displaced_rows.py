"""主动公开 rows a converter printed out of the template's order: some as loose lines ("行政许可 97")
above or below a Markdown table holding the others, group headings left where they were. Every row
names itself on its own line, so the labels place the numbers, not the order."""

from __future__ import annotations

import random

import pytest
from generator import _active_groups, make_report, with_active_section

from gkaudit.audit import audit_text


def _printed(raw: str) -> str:
    return raw if raw.strip() else "—"


def _active_block(t: object, rng: random.Random) -> list[str]:
    groups = _active_groups(t)  # type: ignore[arg-type]
    rng.shuffle(groups)
    out: list[str] = []
    for group, rows in groups:
        cols = t.columns("active", rows[0])  # type: ignore[attr-defined]
        spec = t.spec("active")  # type: ignore[attr-defined]
        heads = [spec.column(c).label for c in cols]
        values = {r.id: [_printed(t.raw.get(f"active/{r.id}/{c}", "")) for c in t.columns("active", r)] for r in rows}  # type: ignore[attr-defined]
        out.append(group)
        if rng.random() < 0.5:
            out += ["| 信息内容 | " + " | ".join(heads) + " |", "|" + "---|" * (len(heads) + 1)]
            out += ["| " + r.label + " | " + " | ".join(values[r.id]) + " |" for r in rows]
        else:
            out.append("信息内容" + "".join(heads))
            out += [r.label + " " + rng.choice((" ", "  ")).join(values[r.id]) for r in rows]
        out.append("")
    return out


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("seed", range(10))
def test_rows_out_of_order_named_by_their_labels(seed: int, template: str) -> None:
    report = make_report(6100 + seed, template, "markdown", traditional=False, encoding="utf-8", crlf=False)
    rng = random.Random(seed)
    t = report.tables
    block = _active_block(t, rng)
    text = with_active_section(report.text, block)
    got = audit_text(text, "displaced.md")
    wrong = []
    for cid, want in t.values.items():
        if cid.startswith("active/"):
            _, row, col = cid.split("/")
            cell = got.tables["active"].cells.get((row, col))
            if cell is None or cell.value != want or cell.reading == "uncertain":
                wrong.append(f"{cid}: {cell.value if cell else '-'} != {want}")
    assert not wrong, "\n".join(wrong) + "\n" + "\n".join(block)
