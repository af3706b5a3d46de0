"""Numbers centred one a line (lynx's dump of a table it cannot lay out in columns): a number off the
common centre follows a blank cell printed as nothing; a number on it says nothing."""

from __future__ import annotations

from gkaudit.extraction import centred, shortrows
from gkaudit.model import Cell, Finding, Source, Table, cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import TEMPLATES

TEMPLATE = TEMPLATES["2021"]
SPEC = TEMPLATE.table("apply")
COLS = [c.id for c in SPEC.row_columns(SPEC.row("1"))]
SHORT = "3.3.4"
# （三）4 as the report has it (None: a blank printed as nothing). Every placement of its five
# printed numbers that keeps 11 first and last adds up: the arithmetic cannot say where the blanks stand.
ROW: tuple[int | str | None, ...] = (11, None, 0, 0, None, 0, 11)


def _listed(place: str, short: tuple[int | str | None, ...] = ROW, wide: int = 11) -> tuple[Table, list[Finding], str]:
    """A 2021 依申请 table printed one number a line, centred at column 98: zeros but ``wide`` in
    一 and （七） (natural persons and total), （三）4 as ``short`` (its 11s ``wide``, "—" a blank mark). ``place`` says where the number after a
    blank stands: "off" (columns away, as lynx prints it), "on" (on the centre), "margins" (its cell
    aligned left, the next such right: at the page's margins) or "left" (every number starting at
    column 4)."""
    table = Table("apply")
    lines: list[str] = []
    offset = 0
    for row in SPEC.rows:
        if row.optional:
            continue
        values = [wide if v == 11 else v for v in short] if row.id == SHORT else \
            [wide, 0, 0, 0, 0, 0, wide] if row.id in ("1", "3.7") else [0] * 7
        lines += [f"   {row.id}", ""]
        offset += len(row.id) + 5
        after_blank, edged = False, 0
        for col, v in zip(COLS, values, strict=True):
            if v is None:
                after_blank = True
                continue
            raw = str(v)
            mark = raw == "—"
            pad = 4 if place == "left" else 98 - len(raw) // 2
            if after_blank and place == "off":
                pad = 69
            elif after_blank and place == "margins":
                pad = (3, 193)[edged % 2]  # aligned left, then right
                edged += 1
            table.cells[(row.id, col)] = Cell("apply", row.id, col, None if mark else int(raw), raw,
                                              Source(offset + pad, offset + pad + len(raw)), blank=mark)
            lines += [" " * pad + raw, ""]
            offset += pad + len(raw) + 2
            after_blank = False
    # The reader shares a short row's numbers out from the right.
    printed = [table.cells.pop((SHORT, c)) for c in COLS if (SHORT, c) in table.cells]
    for cell, col in zip(printed, COLS[len(COLS) - len(printed):], strict=True):
        table.cells[(SHORT, col)] = Cell("apply", SHORT, col, cell.value, cell.raw, cell.source, blank=cell.blank)
    missing = catalogued("cell.missing", message="短行", cells=tuple(cell_id("apply", SHORT, c) for c in COLS))
    return table, [missing], "\n".join(lines)


def _printed(table: Table) -> list[Cell]:
    return sorted((c for (row, _c), c in table.cells.items() if row == SHORT), key=lambda c: c.source.start if c.source else 0)


def test_numbers_off_the_centre_place_the_blanks_before_them() -> None:
    table, findings, text = _listed("off")
    assert all(text[c.source.start:c.source.end] == c.raw for c in table.cells.values() if c.source)
    assert centred.after_blanks(_printed(table), table, text) == {1, 3}
    out = shortrows.place_short_rows({"apply": table}, findings, TEMPLATE, text)
    assert [table.cells[(SHORT, c)].value for c in COLS] == list(ROW)
    assert all(table.cells[(SHORT, c)].reading == "decoded" for c in COLS)
    assert not [f for f in out if f.rule == "extract.uncertain"]


def test_numbers_on_the_centre_say_nothing_of_the_blanks() -> None:
    # lynx may leave the number after a blank on the centre: where the blanks stand stays open.
    table, findings, text = _listed("on")
    assert centred.after_blanks(_printed(table), table, text) == frozenset()
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATE, text)
    assert {table.cells[(SHORT, c)].reading for c in COLS[1:6]} == {"uncertain"}


def test_numbers_aligned_left_are_not_off_a_centre() -> None:
    # One a line, every number starting at one column: the wide ones stand off the zeros' centre,
    # which says nothing of blanks.
    table, _findings, text = _listed("left", wide=123456)
    assert centred.after_blanks(_printed(table), table, text) == frozenset()


def test_two_blanks_before_one_number_off_the_centre_leave_the_count_open() -> None:
    # The place of the number after two blanks says a blank stands before it, not how many.
    table, findings, text = _listed("off", (11, None, None, 0, 0, 0, 11))
    assert centred.after_blanks(_printed(table), table, text) == {1}
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATE, text)
    assert table.cells[(SHORT, COLS[0])].value == 11
    assert "uncertain" in {table.cells[(SHORT, c)].reading for c in COLS[1:6]}


def test_a_blank_mark_off_the_centre_follows_a_blank_too() -> None:
    # A dash is drawn one to three columns wide: off the centre whatever its width, it says so too.
    table, findings, text = _listed("off", (11, 0, None, "—", 0, 0, 11))
    assert centred.after_blanks(_printed(table), table, text) == {2}
    shortrows.place_short_rows({"apply": table}, findings, TEMPLATE, text)
    assert [table.cells[(SHORT, c)].raw for c in COLS] == ["11", "0", "", "—", "0", "0", "11"]
    assert all(table.cells[(SHORT, c)].reading == "decoded" for c in COLS)


def test_numbers_at_the_margins_are_cells_aligned_left_or_right() -> None:
    # A Word table whose cells are mostly centred, a few left at the default alignment: those
    # print at the page's left margin (where the labels start) or its mirror on the right.
    table, _findings, text = _listed("margins")
    assert sorted(len(line) - len(line.lstrip()) for line in text.splitlines() if line.strip() == "0")[0] == 3
    assert centred.after_blanks(_printed(table), table, text) == frozenset()
