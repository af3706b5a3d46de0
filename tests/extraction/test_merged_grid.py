"""Word/CMS HTML grids wider than the template: value cells merged over two slots (colspan), merged
differently in each row and in the header, with blank cells next to merged ones."""

from __future__ import annotations

import html
import random
from pathlib import Path

import pytest
from generator import _active_groups, _active_headers, make_report

from gkaudit.audit import audit_path

SLOTS = 5  # grid columns for the values of a row of at most three cells


def _spans(rng: random.Random, n: int, under: list[int] | None = None) -> list[int]:
    """Widths of ``n`` cells filling ``SLOTS`` grid columns, each one or more; with ``under`` (the
    header's widths) each cell still overlaps its own heading, as a printed table shows it."""
    while True:
        cuts = sorted(rng.sample(range(1, SLOTS), n - 1))
        spans = [b - a for a, b in zip([0, *cuts], [*cuts, SLOTS], strict=True)]
        if under is None or all(a < d and c < b for (a, b), (c, d) in zip(_ranges(spans), _ranges(under), strict=True)):
            return spans


def _ranges(spans: list[int]) -> list[tuple[int, int]]:
    starts = [sum(spans[:k]) for k in range(len(spans))]
    return [(s, s + w) for s, w in zip(starts, spans, strict=True)]


def _td(text: str, span: int) -> str:
    attr = f' colspan="{span}"' if span > 1 else ""
    return f'<td{attr}><p class="MsoNormal"><span>{html.escape(text) or "&nbsp;"}</span></p></td>'


def _active_grid(report: object, rng: random.Random) -> str:
    t = report.tables  # type: ignore[attr-defined]
    look = type("L", (), {"lossy": False, "bracket": staticmethod(lambda s: s)})()
    rows = []
    for group, grows in _active_groups(t):
        rows.append(_td(group, SLOTS + 1))
        heads = _active_headers(t, grows, rng, look)
        head_spans = _spans(rng, len(heads))
        rows.append(_td("信息内容", 1) + "".join(_td(h, s) for h, s in zip(heads, head_spans, strict=True)))
        for r in grows:
            cols = t.columns("active", r)
            raws = [t.raw.get(f"active/{r.id}/{c}", "") for c in cols]
            rows.append(_td(r.label, 1) + "".join(_td(v, s) for v, s in zip(raws, _spans(rng, len(raws), head_spans), strict=True)))
    return '<table border="1">' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_merged_value_cells_read_by_column(seed: int, template: str, tmp_path: Path) -> None:
    report = make_report(9100 + seed, template, "html", traditional=False, encoding="utf-8", crlf=False)
    rng = random.Random(seed)
    t = report.tables
    for cid in [c for c in t.values if c.startswith("active/") and t.kind(c).name == "COUNT"]:
        if rng.random() < 0.15:  # blank cells beside merged ones
            t.values[cid], t.raw[cid] = None, ""
    text = report.text
    at = text.find("<table", text.find("主动公开政府信息情况"))
    end = text.find("</table>", at) + len("</table>")
    assert at > 0 and end > at
    page = text[:at] + _active_grid(report, rng) + text[end:]
    path = tmp_path / "merged.html"
    path.write_text(page, encoding="utf-8")
    got = audit_path(path)
    wrong, unsure = [], []
    for cid, want in t.values.items():
        if not cid.startswith("active/"):
            continue
        _, row, col = cid.split("/")
        cell = got.tables["active"].cells.get((row, col))
        value = None if cell is None else cell.value
        row_blank = any(v is None for c, v in t.values.items() if c.startswith(f"active/{row}/"))
        if cell is not None and cell.reading == "uncertain" and row_blank:
            # Blanks beside merged cells can leave several readings: the truth must be one of them.
            unsure.append(cid)
            if want not in (value, *cell.alternatives):
                wrong.append(f"{cid}: {want!r} not among {value!r} {cell.alternatives!r}")
        elif value != want or (cell is not None and cell.reading == "uncertain"):
            wrong.append(f"{cid}: {value!r} ({cell.reading if cell else '-'}) != {want!r}")
    assert not wrong, "\n".join(wrong)
    if unsure:
        assert any(f.rule == "extract.uncertain" for f in got.findings)
