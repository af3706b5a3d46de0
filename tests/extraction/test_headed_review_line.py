"""The review table's value line of ``pdftotext -layout``: 9 numbers for 15 cells under headings
wrapped two characters a line. Each number goes to the column whose heading characters stand over
it; a blank is where none does. Before, the line was shared out from the right and every cell was
uncertain (the totals are all 0, so no arithmetic could choose)."""

from __future__ import annotations

from pathlib import Path

from gkaudit.audit import audit_text

DATA = Path(__file__).resolve().parent.parent / "data" / "real"
NAME = "gen13006-pdftotext-layout-review-headings.txt"
LINE = "0    0     0     0    0     0           0              0       0"
TRUTH = {"review": [0, 0, 0, 0, 0], "suit_direct": [0, None, 0, None, None],
         "suit_after_review": [0, None, 0, None, None]}
COLS = ("upheld", "corrected", "other", "pending", "total")


def _read(text: str) -> dict[str, list[tuple[object, str]]]:
    cells = audit_text(text, NAME).tables["review"].cells
    return {row: [(cells[(row, c)].value, cells[(row, c)].reading) for c in COLS] for row in TRUTH}


def test_numbers_go_under_their_headings() -> None:
    text = (DATA / NAME).read_text(encoding="utf-8")
    assert LINE in text
    got = _read(text)
    assert {row: [v for v, _r in cells] for row, cells in got.items()} == TRUTH
    assert {r for cells in got.values() for _v, r in cells} == {"printed"}


def test_a_number_midway_between_two_headings_is_uncertain() -> None:
    text = (DATA / NAME).read_text(encoding="utf-8")
    # The last 0 one character to the right: as near 其他结果 as 尚未审结, and the totals are all 0.
    got = _read(text.replace(LINE, LINE[:-1] + " 0"))
    after = dict(zip(COLS, got["suit_after_review"], strict=True))
    assert after["other"][1] == "uncertain" and after["pending"][1] == "uncertain"
    assert got["review"] == [(0, "printed")] * 5


def test_headings_that_do_not_give_the_columns_place_nothing() -> None:
    text = (DATA / NAME).read_text(encoding="utf-8")
    lines = text.split("\n")
    at = lines.index(LINE)
    # One heading line lost: its columns' titles are incomplete, the offsets are not trusted.
    got = _read("\n".join([*lines[:at - 1], *lines[at:]]))
    for row, cells in got.items():
        for (value, reading), true in zip(cells, TRUTH[row], strict=True):
            assert value == true or reading == "uncertain"


def test_a_number_wrapped_above_and_below_the_line_goes_under_its_heading() -> None:
    # 复议后起诉's 总计 132 printed as "13" above the value line and "2" below it, headings one
    # character a line: the joined number stands under 总计, the blanks where no number stands.
    path = DATA.parent / "converters" / "pdftotext-layout" / "gen922-2019-head.txt"
    cells = audit_text(path.read_text(encoding="utf-8"), path.name).tables["review"].cells
    read = {key: (cell.value, cell.reading) for key, cell in cells.items()}
    assert read[("suit_after_review", "total")] == (132, "decoded")
    assert [read[("review", c)] for c in COLS] == [(5, "printed"), (None, "printed"), (None, "printed"),
                                                   (0, "printed"), (5, "printed")]
    assert [read[("suit_direct", c)][0] for c in COLS] == [27, 62, None, 0, 89]
    # The 0 after 80 stands midway between 其他结果 and 尚未审结; the totals hold either way.
    assert read[("suit_after_review", "other")][1] == read[("suit_after_review", "pending")][1] == "uncertain"


def test_a_placement_a_little_farther_that_fits_the_totals_puts_its_cells_in_doubt() -> None:
    text = (DATA / NAME).read_text(encoding="utf-8")
    line = [" "] * 64
    for at, digit in [(0, "2"), (11, "3"), (19, "5"), (28, "0"), (40, "0"), (55, "0"), (63, "0")]:
        line[at] = digit
    # The 5 stands nearer 尚未审结 than 总计, not by much; under 总计 the row adds up (2 + 3 = 5).
    got = dict(zip(COLS, _read(text.replace(LINE, "".join(line)))["review"], strict=True))
    assert got["upheld"] == (2, "printed") and got["other"] == (3, "printed")
    assert got["pending"][1] == got["total"][1] == "uncertain"
