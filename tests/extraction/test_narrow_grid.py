"""A tab grid that prints its numbers in fewer columns than the table has (a page printed too wide
for its paper drops 总计 outside the table; a column blank in every row) cannot say whether the
empty slot that widens a row is a blank or a label's merged slot: the rows so widened are
uncertain, and no arithmetic error names a cell from them as certain."""

from __future__ import annotations

from gkaudit.audit import audit_text
from gkaudit.model import Severity
from tests.conftest import SAMPLES

FUXIN = (SAMPLES / "fuxin-2020.txt").read_text(encoding="utf-8")


def _without_last_number(line: str) -> str:
    cells = line.rstrip("\t").split("\t")
    numbers = [i for i, c in enumerate(cells) if c.strip().isdigit()]
    if len(numbers) != 7:
        return line
    del cells[numbers[-1]]
    return "\t".join(cells)


def test_table_printed_without_its_total_column() -> None:
    grid = audit_text(FUXIN, "阜新.txt")
    assert any(f.rule.startswith("apply.") and f.severity is Severity.ERROR for f in grid.findings)
    cut = "\n".join(_without_last_number(line) for line in FUXIN.splitlines()).replace("\t总计", "\t")
    report = audit_text(cut, "阜新 打印.txt")
    apply_errors = [f for f in report.findings if f.rule.startswith("apply.") and f.severity is Severity.ERROR]
    assert apply_errors == []
    cells = report.tables["apply"].cells.values()
    assert sum(c.reading == "uncertain" for c in cells) >= 100
    assert any(f.rule == "extract.uncertain" for f in report.findings)
