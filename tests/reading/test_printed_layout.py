"""Web pages printed to PDF by Chromium, read as their ``pdftotext -layout`` text: no wrong cell,
no false error.

``tests/data/printed-layout`` holds the text of a few pages printed by
``scripts/score_printed_pages.py`` (the paper in the name) with their truths: LibreOffice pages on
Letter whose rows pdftotext set on two lines (a full-width ``０`` or ``１`` a line above the row's
other numbers, the label wrapped one or two characters a line with the item's number beside the
lower line), a generated page on A4 landscape whose first number sits after its wrapped label a
line above the rest, the same kind whose review line is spaced at another scale than its
headings, and a variant whose review table is printed downwards (a heading and its number a line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.converters.scoring import assert_reads

PRINTED = Path(__file__).resolve().parents[1] / "data" / "printed-layout"
# Exact cells at least (what the reader gets now); the rest may be uncertain, never wrong.
EXACT = {"lo22209-letter": 193, "lo22206-letter": 156, "gen22203-a4l": 101, "gen22208-a4l": 198, "var22201-letter": 186}


@pytest.mark.parametrize("name", sorted(EXACT))
def test_printed_layout_text(name: str) -> None:
    assert_reads(PRINTED / f"{name}.txt", PRINTED / f"{name}.truth.json", EXACT[name])
