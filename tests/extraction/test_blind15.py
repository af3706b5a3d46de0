"""Wrong cells found on suites made after the fixes (blind seeds 26000 and 27500), now right or in doubt.

- markitdown on a PDF parted labels from their numbers (``四、结转下年`` / numbers / ``度继续办理``):
  each line of numbers went to the row before its own and the last line was left over after the
  last row (``plausible.mark_numbers_past_rows``).
- pymupdf4llm printed a blank as an empty grid cell (``|规章||1|16|``) and the fees amount under
  the grid: the row lacked nothing, and a decimal is no count (``looserows``).
- pypdf layout mode: numbers one space apart ("111 40", "10 5") are read by the arithmetic.
- MuPDF's text: a blank total read from an empty line after the row's numbers, in a table whose
  sums say it was misread, is no surer than they (``plausible.mark_implausible``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from tests.converters.scoring import assert_reads, score

DATA = Path(__file__).resolve().parent.parent / "data" / "blind15"


@pytest.mark.parametrize(("name", "doubted", "floor"), [
    ("gen26009-2021-consistent.markitdown-pdf.md", "apply/4/commercial", 150),
    ("gen27507-2021-row_total.pymupdf4llm.md", "active/rules/repealed", 186),
    ("gen27507-2021-row_total.mutool.txt", "apply/1/total", 16),
    # docx2txt: a paragraph a cell, an empty line after each; an empty cell is one more empty
    # line and its separator ("0" / "" / "" / "" / "/"): read as a blank cell, the row is whole.
    ("gen27504-2019-consistent.docx2txt.txt", "apply/3.3.1/legal", 198),
])
def test_never_wrong_and_right_or_in_doubt(name: str, doubted: str, floor: int) -> None:
    report = assert_reads(DATA / name, DATA / (name.split(".")[0] + ".truth.json"), floor, doubted)
    assert not any(f.rule == "cell.invalid" for f in report.findings)


@pytest.mark.parametrize(("name", "exact", "found"), [
    # "（七）总计 111 40 0 7 11 11 180": two numbers one space apart in a row whose total holds with
    # each a cell; the arithmetic reads them as two cells, and the report's error is still found.
    ("gen27515-2021-leaf.pypdf-layout.txt", 200, 2),
    # "10 5" in the one-line 复议/诉讼 table: its line is read with its own arithmetic, not doubted
    # cell by cell and read again one cell off (6 wrong, a false error before).
    ("gen27501-2021-consistent.pypdf-layout.txt", 90, 0),
])
def test_numbers_one_space_apart_read_by_the_arithmetic(name: str, exact: int, found: int) -> None:
    truth = json.loads((DATA / (name.split(".")[0] + ".truth.json")).read_text(encoding="utf-8"))
    s = score(audit_path(DATA / name), truth, name)
    assert s.wrong == [] and s.false_errors == []
    assert s.exact >= exact and s.found >= found, (s.exact, s.found)
