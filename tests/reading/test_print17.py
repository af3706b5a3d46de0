"""Web pages printed to PDF by Chromium, read as ``pdftotext -layout`` text: a row shifted a cell.

``tests/data/print17`` holds pages whose reading went wrong before session 17:

- gen29108-a4 (text): after a page break pdftotext sets the page's columns anew, and the rows on the
  new page's first lines (3.5.3 ``0    1           0     0   1``, （六）其他处理 ``2    0    2``) were
  read one cell off: their last number, the total, in 其他 and the total blank. Each row broke its
  own total (false errors), though its printed numbers, the last read as the total, add up. Where
  a row's blanks stand is a reading of the layout: the row is in doubt, never rewritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from gkaudit.audit import audit_path
from gkaudit.model import Severity
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parents[1] / "data" / "print17"


def test_row_shifted_a_cell_is_in_doubt_not_an_error() -> None:
    truth = json.loads((DATA / "gen29108-a4.truth.json").read_text(encoding="utf-8"))
    report = audit_path(DATA / "gen29108-a4.txt")
    s = score(report, truth, "gen29108-a4")
    assert not s.false_errors, s.false_errors
    # The 复议诉讼 line's 0s stand between headings a character and a space apart: where its blanks
    # stand (no sum tells them apart) is in doubt (print18; before, a blank and a 0 traded places).
    assert s.wrong == [], s.wrong
    assert s.exact >= 137, s.exact
    for row in ("3.5.3", "3.6"):
        assert report.cell(f"apply/{row}/total").reading == "uncertain"


def test_a_slip_in_a_row_with_blanks_stays_an_error(tmp_path: Path) -> None:
    # 1.信访举报投诉类申请 prints 2 0 1 and a total of 4: no placement of its blanks adds up.
    text = (DATA / "gen29108-a4.txt").read_text(encoding="utf-8")
    line = "（五）不 1. 信访举报投诉         2       0       1   3"
    assert line in text
    slipped = tmp_path / "slip.txt"
    slipped.write_text(text.replace(line, line[:-1] + "4"), encoding="utf-8")
    report = audit_path(slipped)
    errors = {(f.rule, f.cells[-1], f.expected, f.actual) for f in report.findings if f.severity is Severity.ERROR}
    assert ("apply.row_total", "apply/3.5.1/total", 3, 4) in errors
    assert report.cell("apply/3.5.1/total").reading != "uncertain"
