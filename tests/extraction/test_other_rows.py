"""（六）其他处理 printed as its three rows in a Markdown table whose first row lost its label to a
fragment both of the first two rows share ("行政机关不再处理其政府信息公"), after a row printed
with no label at all: the second row's own label shows the three rows are printed, so the
one-row （六） cannot take the numbers."""

from __future__ import annotations

import pytest
from generator import make_report

from gkaudit.audit import audit_text
from gkaudit.model import Severity


def _values_only(line: str) -> list[str]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return cells[-7:]


@pytest.mark.parametrize("seed", range(12))
def test_first_other_row_without_its_label(seed: int) -> None:
    inject = "leaf" if seed % 3 == 0 else None
    report = make_report(8200 + seed, "2021", "markdown", traditional=False, encoding="utf-8", crlf=False,
                         one_row_other=False, inject=inject)
    lines = report.text.split("\n")
    out = []
    for line in lines:
        if line.startswith("|") and "逾期不补正" in line:
            line = "| 行政机关不再处理其政府信息公 | " + " | ".join(_values_only(line)) + " |"
        elif line.startswith("|") and "要求行政机关确认" in line:
            line = "| " + " | ".join(_values_only(line)) + " |"
        out.append(line)
    got = audit_text("\n".join(out), "other.md")
    t = report.tables
    wrong = []
    for cid, printed in t.values.items():
        if cid.startswith("apply/"):
            _, row, col = cid.split("/")
            cell = got.tables["apply"].cells.get((row, col))
            if cell is None or (cell.value != printed and cell.reading != "uncertain"):
                wrong.append(f"{cid}: {cell.value if cell else '-'} != {printed}")
    assert not wrong, "\n".join(wrong)
    errors = [f for f in got.findings if f.severity is Severity.ERROR and f.rule.startswith("apply.")]
    assert bool(errors) == bool(report.injection)
