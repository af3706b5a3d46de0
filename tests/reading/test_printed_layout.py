"""Web pages printed to PDF by Chromium, read as their ``pdftotext -layout`` text: no wrong cell,
no false error.

``tests/data/printed-layout`` holds the text of a few pages printed by
``scripts/score_printed_pages.py`` (the paper in the name) with their truths: LibreOffice pages on
Letter whose rows pdftotext set on two lines (a full-width ``０`` or ``１`` a line above the row's
other numbers, the label wrapped one or two characters a line with the item's number beside the
lower line), a generated page on A4 landscape whose first number sits after its wrapped label a
line above the rest, the same kind whose review line is spaced at another scale than its
headings, a variant whose review table is printed downwards (a heading and its number a line),
LibreOffice pages at 75 % (a row over three lines: a number, the item's "3." alone, the rest; a
label naming its row across two lines), a generated page on A5 whose full rows around a short row
stand on different grids, and realdev 018 on A5 (read a cell a line, but rows print two numbers a
line: its empty lines are no blank cells), and a generated page on A4 landscape whose review line
stands far from its compressed headings (the placement the totals hold is as likely: uncertain,
not a false error); generated pages on A4 whose review line, shared out by rows, lost blanks
(its pieces are no columns for each other), and on A4 a row set on two lines below a short row
its lower line fits as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.converters.scoring import assert_reads

PRINTED = Path(__file__).resolve().parents[1] / "data" / "printed-layout"
# Exact cells at least (what the reader gets now); the rest may be uncertain, never wrong.
# lo22209-letter: 193 before mu12 (its rows give one pair in step, too little to say the characters
# are columns: a short row is placed only where both measures agree). gen22203-a4l 101 -> 96,
# gen22803-a4 14 -> 13: the rows beside a row not found are doubted (plausible.mark_implausible).
# print18: gen22203-a4l 96 -> 70, lo22206-a4-zoom 94 -> 61: their rows from 3.5.3 on are placed one row past the rows their
# own labels name (two lines of numbers under 2.重复申请 / 3.要求提供… taken in order): each is in
# doubt, though most of their zeros are the true ones by chance.
EXACT = {"lo22209-letter": 162, "lo22206-letter": 198, "gen22203-a4l": 70, "gen22208-a4l": 198,
         "var22201-letter": 186, "lo22204-a4-zoom": 183, "lo22206-a4-zoom": 61, "lo22207-a4-zoom": 186,
         "gen22205-a5": 177, "018-a5": 25, "gen22258-a4l": 115,
         # Its review line of 12 numbers for 15 cells shared out by rows: a piece of the line is
         # no column for another (the line's numbers clustered put the review row's two under its
         # first two columns, three blanks after them).
         # 13 -> 11 (ptl14): a reading that breaks more relations than slips explain doubts the
         # cells the relations placed (decoded blanks) too.
         "gen22803-a4": 11,
         # "3.要求提供公开出版物  0 0 0 /" over "4.无正当理由… 0 / 0 /" set on two lines with a
         # "/ 0 0" under each: the lower line fits the short row above as well (uncertain).
         "gen22810-a4": 167,
         # The same rows on A4 landscape: the lines given to rows 4 and 5 are in doubt (one may be
         # the other's); placing row 5's blanks with the relations across rows decoded a "/" where
         # the row's line was another's (shortrows: rows whose line is in doubt are not settled).
         "gen22810-a4l": 167}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_printed_layout_text(name: str) -> None:
    assert_reads(PRINTED / f"{name}.txt", PRINTED / f"{name}.truth.json", EXACT[name])
