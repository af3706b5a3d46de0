"""Grid tables drawn in ASCII (pandoc's reStructuredText and Haddock writers; ``tests/data/grid17``).

A row is the lines between two ``+---+`` rules, each cell's text wrapped over them; a Word table
with narrow label columns comes out one character a line ("三" / "、" / "本" …), and a converter
that counts a Chinese character one column wide pads the line short after it, so the bars stand at
different columns on each line and are counted, not placed. Haddock escapes its markup: a "/"
blank mark is "\\/", and in a one-character cell the escape and its character wrap apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gkaudit.reading.texttables import rewrite_tables
from tests.converters.scoring import assert_reads

DATA = Path(__file__).resolve().parents[1] / "data" / "grid17"


@pytest.mark.parametrize("stem", sorted(p.name.removesuffix(".truth.json") for p in DATA.glob("*.truth.json")))
def test_grid_table_renderings_read_every_cell(stem: str) -> None:
    truth = DATA / f"{stem}.truth.json"
    report = assert_reads(DATA / f"{stem}.txt", truth, exact_at_least=186)
    assert not [f for f in report.findings if f.rule == "extract.uncertain"]


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def test_a_row_is_the_lines_between_two_rules_whatever_their_padding() -> None:
    grid = "\n".join([
        "+---+---+------+-------+",
        "| 三 |  | 1.   | 3     |",
        "| 、 |  | 属于 |       |",
        "| 本 |  | 国家 | 1     |",
        "+---+---+------+-------+",
        "|   |   | 2.   | \\     |",
        "|   |   | 其他 | /     |",
        "+---+---+------+-------+",
        "|   |   | 3.   | 7     |",
        "+---+---+------+-------+",
    ])
    assert _rows(rewrite_tables("表\n" + grid + "\n完")) == [["三、本", "", "1. 属于国家", "31"],
                                                           ["", "", "2. 其他", "/"], ["", "", "3.", "7"]]


def test_a_table_ruled_only_around_header_and_body_keeps_a_row_a_line() -> None:
    """A database client's table (tabulate's "psql"): no rule between its rows, so lines are never
    joined (two rows' numbers would run together into one)."""
    grid = "\n".join([
        "+--------+----+", "| 行     | 数 |", "+--------+----+",
        "| 规章   | 1  |", "| 规范性 | 0  |", "| 许可   | 12 |", "+--------+----+",
    ])
    assert _rows(rewrite_tables(grid)) == [["行", "数"], ["规章", "1"], ["规范性", "0"], ["许可", "12"]]


def test_a_rule_under_some_columns_beside_a_spanning_cell_ends_the_row() -> None:
    """pandoc 3's grid tables with a cell spanning rows: the partial rule parts the rows, the
    spanning cell's text beside it its own row, never one row's numbers joined with the next's."""
    grid = "\n".join([
        "+--------+------+----+", "| （三） | 1.   | 14 |", "| 不予   +------+----+",
        "| 公开   | 2.   | 0  |", "+--------+------+----+", "| （四） | 1.   | 3  |", "+--------+------+----+",
    ])
    assert _rows(rewrite_tables(grid)) == [["（三）", "1.", "14"], ["不予", "", ""], ["公开", "2.", "0"],
                                           ["（四）", "1.", "3"]]


def test_an_amount_read_in_the_count_column_beside_a_blank_amount_is_uncertain_not_invalid() -> None:
    """A mark the reader does not know ("※") before the amount: the amount is read in the count
    column ("件数不是整数") and the amount blank. Counts are whole: the row is uncertain, and the
    finding a warning, not an accusation."""
    name = "gen30000-unknown-mark-before-amount"
    report = assert_reads(DATA / "marks" / f"{name}.txt", DATA / "marks" / f"{name}.truth.json", exact_at_least=196)
    assert report.cell("active/procurement/projects").reading == "uncertain"
    assert not [f for f in report.findings if f.rule == "cell.invalid" and f.severity.value == "error"]
