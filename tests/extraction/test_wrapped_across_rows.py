"""A number wrapped in its narrow cell, its pieces above and below the row in text whose numbers are
listed one space apart (pdfplumber): ``161`` / ``8`` of 1618 and ``261`` / ``1`` of 2611 around
``526 61 82 172 152``. The row's total holds wherever 1618 goes among its parts, and the characters'
places are no columns; once the row was read rotated by one column (526 61 82 172 1618), five wrong
cells. The column relations it shares with the other rows (一 + 二 = 三 + 四 per column) hold for
one place only: the row is read so, and never rotated.
"""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_text
from gkaudit.model import Severity

DATA = Path(__file__).resolve().parent.parent / "data" / "real"


def test_wrapped_number_placed_by_the_rows_it_shares_relations_with() -> None:
    name = "gen21250-pdfplumber-wrapped-two.txt"
    report = audit_text((DATA / name).read_text(encoding="utf-8"), name)
    cells = report.tables["apply"].cells
    row = [cells[("1", c)] for c in ("natural", "commercial", "research", "social", "legal", "other", "total")]
    assert [c.value for c in row] == [1618, 526, 61, 82, 172, 152, 2611]
    assert not [f for f in report.findings if f.severity is Severity.ERROR]
