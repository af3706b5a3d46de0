"""PyMuPDF's plain text (``get_text(sort=True)``) prints the spaces before a word in that word's own
character widths, rounded: a line's characters are no columns (a label, a full-width digit moves
what follows it), but the gaps between plain digits are the page's, and a line with nothing before
its numbers counts from the page's edge in digit widths. Rows and wrapped numbers placed by other
measures were read a column off (fresh seeds 17719, 21022, 21026, 21122, 21123): every cell now
reads as the report has it, or is said to be uncertain, and no relation is broken by a misreading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from tests.converters.scoring import score

DATA = Path(__file__).resolve().parent.parent / "data" / "real"
NAMES = ["gen17719-pymupdf-text-bare-full-rows", "gen21022-pymupdf-text-bare-short-row",
         "gen21026-pymupdf-text-wrapped-review", "gen21122-pymupdf-text-review-headings",
         "gen21123-pymupdf-text-fullwidth-pieces", "gen21152-pymupdf-text-fullwidth-first-piece"]


@pytest.mark.parametrize("name", NAMES)
def test_no_cell_is_read_a_column_off(name: str) -> None:
    truth = json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))
    s = score(audit_path(DATA / f"{name}.txt"), truth, name)
    assert not s.wrong, s.wrong
    assert not s.false_errors, s.false_errors


def test_a_bare_short_row_stands_where_its_distance_from_the_edge_puts_it() -> None:
    # （三）8. prints "1 0 0 1" on a line of its own, spaced as under columns 1 2 4 6 or 0 1 3 5; the
    # full rows on bare lines around it put its first number under 商业企业, as the report has it.
    name = "gen21022-pymupdf-text-bare-short-row"
    cells = audit_path(DATA / f"{name}.txt").tables["apply"].cells
    cols = ("natural", "commercial", "research", "social", "legal", "other", "total")
    got = [(cells[("3.3.8", c)].value, cells[("3.3.8", c)].reading) for c in cols]
    assert [v for v, _r in got] == [None, 1, 0, None, 0, None, 1]
    assert {r for _v, r in got} == {"printed"}


def test_a_full_width_piece_left_of_every_number_goes_first() -> None:
    # 行政复议's 结果维持 10 wrapped as "１" above the value line and "０" below it, one space from the
    # page's edge; the line's first number, 8, stands six plain digits in. Whatever a full-width
    # digit's width (one to 2.2 plain digits), the piece stands left of the 8.
    name = "gen21152-pymupdf-text-fullwidth-first-piece"
    cells = audit_path(DATA / f"{name}.txt").tables["review"].cells
    assert (cells[("review", "upheld")].value, cells[("review", "upheld")].reading) == (10, "decoded")
    assert cells[("review", "corrected")].value == 8
