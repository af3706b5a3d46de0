"""``pdftotext -layout`` text whose rows are not all on one character grid: no wrong cell.

``tests/data/layout-grids`` holds two such texts with their truths: a generated report
(gen21165, 2021) whose first 依申请 rows pdftotext set on another grid than the rows below (a
block pushed by the labels beside it: the full rows' columns put a 0 of 法律服务机构 under
社会公益组织), and a variant page printed to A4 by Chromium (var21303) whose table has a 备注
column of "无" and "—" beside its own (a row's first 0 was dropped as a label piece and the
mark read as 总计; a row of six numbers and a remark was taken for a full row, its columns the
ones the rows near it were placed under).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parents[1] / "data" / "layout-grids"
# Exact cells at least (what the reader gets now); the rest may be uncertain, never wrong.
# gen21165's review line: its document has one pair of value lines with different labels, in step;
# one such pair is no evidence that characters are columns (PyMuPDF puts one pair in six in step
# by chance), so its headings no longer place it alone (180 before).
EXACT = {"gen21165-2021": 176, "var21303-a4": 199}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_layout_text(name: str) -> None:
    assert_reads(DATA / f"{name}.pdftotext-layout.txt", DATA / f"{name}.truth.json", EXACT[name])
