"""Rows with fewer numbers than columns: where the blank cells sit, chosen by the template's arithmetic.

Text converters without positions (pypdf, pdfplumber's text, LibreOffice's text) print a blank cell
as nothing, so ``0 3 0 0 3`` may be a row of seven with any two blank. Every way of placing the
printed numbers in their order is a reading; the relations of the template (the row's own total,
then the columns' totals and balances across rows) choose among them. The printed numbers are never
changed. Cells on which the best readings disagree say so (``reading="uncertain"`` with the other
values); cells all best readings agree on are ``decoded``. A row printed with one number too many
(``Table.open_rows``: a number wrapped in its cell, or another row's beside it) is placed with them,
each way of reading it an option like a placement.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence

from gkaudit.extraction import centred, jointrows
from gkaudit.extraction.tokens import RUN_MARKS
from gkaudit.model import Cell, Finding, Number, Readings, Source, Table, cell_id, split_cell_id
from gkaudit.reading.normalise import normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import Relation, holds, relations_for
from gkaudit.templates import Kind, TemplateSpec

# What a finding says of rows whose numbers the layout gives to them in more than one way.
ROWS_IN_DOUBT = "有几行的数字缺少、错开了行名或被移出了行，几种对应方式都说得通"

_MAX_JOINT = 10000  # joint readings of several short rows tried at most
_MAX_OPEN_SPLITS = 200  # splits of a row that breaks its own relations listed at most
_MAX_PLACEMENTS = 3003  # placements of one row (a one-line table of 15 with few numbers has many)
_NO_CELL = Cell("", "", "", None, "")
_MARKS = frozenset(RUN_MARKS)  # the blank marks cut out of a run of digits (tokens._marks_apart)
Placement = tuple[int, ...]  # which printed sequence (0: as printed), then the column index of each cell


@dataclasses.dataclass(slots=True)
class ShortRow:
    """A row (or a one-line table's whole value line) with fewer printed cells than slots."""

    table: str
    slots: tuple[tuple[str, str], ...]  # (row, column) in printed order
    printed: tuple[Cell, ...]  # in printed order
    findings: tuple[Finding, ...]  # the cell.missing findings it answers
    title: str = ""  # what the findings name it by when it has none (a one-line table)
    kinds: tuple[Kind, ...] = ()  # each slot's column kind, in slot order (empty: not known)
    ids: list[str] = dataclasses.field(init=False)
    first: Placement = dataclasses.field(init=False)  # where the cells were first read
    # The printed cells as read (first), then with the pieces of a number wrapped in its cell joined.
    sequences: list[tuple[Cell, ...]] = dataclasses.field(init=False)
    joined_tried: bool = dataclasses.field(init=False, default=False)
    split_tried: bool = dataclasses.field(init=False, default=False)
    overflow: bool = dataclasses.field(init=False, default=False)
    split_from: int = dataclasses.field(init=False, default=1 << 30)  # the first sequence that is a split
    # Not to be settled by the arithmetic: read by a split next to a row not found, or its numbers
    # may be partly elsewhere (digits run into its label, or a table whose digits run together and
    # no reading of the row adds up).
    in_doubt: bool = dataclasses.field(init=False, default=False)
    adds_up: bool = dataclasses.field(init=False, default=True)  # some reading satisfies the row's own relations
    _placements: tuple[int, tuple[Placement, ...]] | None = dataclasses.field(init=False, default=None)
    # Every split of its run-together digits is listed, though none satisfies the row's own
    # relations (the report's error in the row): the relations across rows may still place it.
    open_splits: bool = dataclasses.field(init=False, default=False)
    # The printed cells (indexes) a blank cell stands before, by where they are printed (centred.py).
    after_blank: frozenset[int] = dataclasses.field(init=False, default=frozenset())
    # The only row of its table that adds up only with its digits parted: in doubt, both readings kept.
    split_alone: bool = dataclasses.field(init=False, default=False)

    def __post_init__(self) -> None:
        self.ids = [cell_id(self.table, row, col) for row, col in self.slots]
        at = {(c.row, c.col): i for i, c in enumerate(self.printed)}
        self.first = (0, *(i for i, slot in enumerate(self.slots) if slot in at))
        self.sequences = [self.printed]

    @property
    def complete(self) -> bool:
        """Every placement is tried (a one-line table of 15 with few numbers has too many)."""
        return not self.overflow and \
            sum(math.comb(len(self.slots), len(seq)) for seq in self.sequences) <= _MAX_PLACEMENTS

    def placements(self) -> list[Placement]:
        """Every placement of each sequence in order, but those that put a number where its form
        cannot stand: a signed change (``+75``, ``-247``) only in a 本年增/减 column, a decimal only in
        an amount column. That is layout, not arithmetic: the printed sign or point says which
        column. When no placement fits (a report printing ``+3`` as a count), all stay."""
        if self._placements is not None and self._placements[0] == len(self.sequences):
            return list(self._placements[1])  # asked often; the sequences only ever grow
        out: list[Placement] = []
        for v, seq in enumerate(self.sequences):
            combos = itertools.combinations(range(len(self.slots)), len(seq))
            out.extend((v, *c) for c in itertools.islice(combos, _MAX_PLACEMENTS))
        if self.kinds:
            out = [p for p in out if all(_fits(cell, self.kinds[i]) for i, cell in self._placed(p))] or out
        if self.after_blank:
            # The numbers as printed stand after a blank where their place says so (the pieces of
            # joined or split readings are other cells: their placements stay).
            out = [p for p in out if p[0] > 0 or all(
                p[1 + k] > (p[k] if k else -1) + 1 for k in self.after_blank)] or out
        self._placements = (len(self.sequences), tuple(out))
        return out

    def add_joined(self, text: str) -> None:
        """Readings where two neighbouring printed numbers are the pieces of one wrapped number."""
        if self.joined_tried:
            return  # added already
        self.joined_tried = True
        for i in range(len(self.printed) - 1):
            joined = _joined(self.printed[i], self.printed[i + 1], text)
            if joined is not None:
                self.sequences.append((*self.printed[:i], joined, *self.printed[i + 2:]))

    def add_splits(self, own: Sequence[Relation]) -> None:
        """Readings where the printed digits are more numbers run together, kept where some placement
        of them satisfies the row's own relations; asked only in a table that shows its digits ran
        together (``glued``).

        pdfium writes close cells' digits with no space between them ("00110０1" for 0 0 1 1 0 0 1).
        A number printed with a leading zero, or with full- and half-width digits mixed, is no one
        number: the table's cells ran together, and where they part is a reading the arithmetic chooses.
        """
        if self.split_tried:
            return
        self.split_tried = True
        if not own or any(c.source is None for c in self.printed):
            return
        digits = [normalise(c.raw).strip() for c in self.printed]
        # A blank mark the run was cut at ("0000—00") is a cell of its own: it stays one piece.
        if not all((d.isdigit() or (c.blank and d in _MARKS)) and len(d) == len(c.raw)
                   for d, c in zip(digits, self.printed, strict=True)):
            return
        self.split_from = len(self.sequences)
        for cuts, tried in _holding_splits(digits, self.ids, own):
            self.sequences.append(tuple(self._pieces(cuts)))
            if not tried:
                self.overflow = True  # past the bound: not every reading is listed
                return

    def add_every_split(self) -> None:
        """Every split of the printed digits into more numbers, when few enough to list: the readings
        of a row whose digits ran together and that breaks its own relations however split."""
        if not self.split_tried or self.overflow or len(self.sequences) != self.split_from:
            return  # splits not asked (or the digits not all digits and marks), past the bound, or some hold
        digits = [normalise(c.raw).strip() for c in self.printed]
        found: list[tuple[Cell, ...]] = []
        for m in range(len(digits) + 1, min(len(self.slots), sum(map(len, digits))) + 1):
            for cuts in digit_splits(digits, m):
                found.append(tuple(self._pieces(cuts)))
                if len(found) > _MAX_OPEN_SPLITS:
                    return
        if found and sum(math.comb(len(self.slots), len(seq)) for seq in (*self.sequences, *found)) <= _MAX_PLACEMENTS:
            self.sequences.extend(found)
            self.open_splits = True

    def _pieces(self, cuts: list[list[tuple[int, int]]]) -> Iterator[Cell]:
        for cell, spans in zip(self.printed, cuts, strict=True):
            assert cell.source is not None
            if cell.blank:
                yield cell
                continue
            for a, b in spans:
                raw = cell.raw[a:b]
                yield dataclasses.replace(cell, value=int(normalise(raw)), raw=raw,
                                          source=Source(cell.source.start + a, cell.source.start + b),
                                          reading="decoded")

    def _placed(self, placement: Placement) -> zip[tuple[int, Cell]]:
        return zip(placement[1:], self.sequences[placement[0]], strict=True)

    def cells(self, placement: Placement) -> dict[str, Cell]:
        out = {}
        for row, col in self.slots:
            out[cell_id(self.table, row, col)] = Cell(self.table, row, col, None, "", None, blank=True)
        for idx, cell in self._placed(placement):
            row, col = self.slots[idx]
            out[cell_id(self.table, row, col)] = dataclasses.replace(cell, row=row, col=col)
        return out

    def numbers(self, placement: Placement) -> dict[str, float]:
        """The values the arithmetic sees under ``placement`` (a blank counts as 0)."""
        out = dict.fromkeys(self.ids, 0.0)
        for idx, cell in self._placed(placement):
            out[self.ids[idx]] = _num(cell)
        return out

    def values(self, placement: Placement) -> dict[str, Number | None]:
        """The values as read under ``placement`` (None for a blank)."""
        out: dict[str, Number | None] = dict.fromkeys(self.ids)
        for idx, cell in self._placed(placement):
            out[self.ids[idx]] = cell.value
        return out

    def has(self, cid: str) -> bool:
        table, row, col = split_cell_id(cid)
        return table == self.table and (row, col) in self.slots


def place_short_rows(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec,
                     text: str | None = None) -> list[Finding]:
    """Replace right-aligned short rows by the reading the arithmetic supports; the findings updated.

    ``text``: the document's text, where the pieces of a wrapped number are read back from.
    """
    short = _short_rows(tables, findings, template)
    misplaced = _misplaced(findings)
    if not short:
        return _settle_jointly(tables, short, relations_for(template, set(tables["apply"].rows())), findings, text) \
            if "apply" in tables and tables["apply"].open_rows else findings
    if text is not None:
        for s in short:
            s.after_blank = centred.after_blanks(s.printed, tables[s.table], text)
    present = {row for (row, _c) in tables["apply"].cells} if "apply" in tables else set()
    relations = relations_for(template, present)
    fixed = {c.id: c for t in tables.values() for c in t.cells.values()}
    for s in short:
        for cid in list(fixed):
            if s.has(cid):
                del fixed[cid]
    options = [s.placements() for s in short]
    glued = {s.table for s in short if any(run_together(c.raw) for c in s.printed)} | _split_tables(short, options, relations)
    # A row's own relation first: keep the placements that satisfy it, when some do. When none
    # does, a number wrapped in its cell may stand as two pieces: the joinings are readings too.
    for i, s in enumerate(short):
        own = [r for r in relations if _only_row(r, s)]
        if own and s.table in glued and any(run_together(c.raw) for c in s.printed):
            # A number no report prints (a leading zero, widths mixed) is cells run together: its
            # splits are the row's readings, and the digits as printed only when none adds up.
            s.add_splits(own)
            good = [p for p in s.placements() if p[0] > 0 and _all_hold(own, s.numbers(p))]
            if not good:
                s.add_every_split()
            options[i] = good or options[i]
        elif own:
            good = [p for p in options[i] if _all_hold(own, s.numbers(p))]
            if not good and text is not None:
                s.add_joined(text)
                good = [p for p in s.placements() if p[0] > 0 and _all_hold(own, s.numbers(p))]
            if not good and s.table in glued:
                s.add_splits(own)
                good = [p for p in s.placements() if p[0] > 0 and _all_hold(own, s.numbers(p))]
                if not good:
                    s.add_every_split()
            elif not good and _split_holds(s, own):
                # One row adds up only with two of its numbers parted ("69147" for 69 147: close
                # cells in a position layout). The report's error or the layout: not known, so
                # both readings stand and the row is in doubt.
                s.add_splits(own)
                s.split_alone = True
                good = [*options[i], *(p for p in s.placements() if p[0] >= s.split_from and _all_hold(own, s.numbers(p)))]
            options[i] = good or options[i]
        s.adds_up = not own or any(_all_hold(own, s.numbers(p)) for p in options[i])
    # A relation with a cell the layout's reading already doubts says nothing of where the blanks
    # stand: scored against that cell's value as read, it would settle a row on a misreading.
    doubted = {cid for cid, c in fixed.items() if c.reading == "uncertain"}
    sure = [r for r in relations if not doubted.intersection((*r.parts, *r.totals))]
    best = _best_joint(short, options, sure, fixed)
    out = list(findings)
    near_lost = _beside_lost_rows(findings, template)
    narrow = _narrow_tables(tables, short)
    for s, chosen in zip(short, best, strict=True):
        table = tables[s.table]
        # Digits split beside a row not found may be that row's: the split adds up either way.
        # Every row of a table short: the table lacks a column, not its rows cells (a page printed
        # too wide for its paper): where the numbers go is not known, nor that any relation breaks.
        elsewhere = (any(p[0] >= s.split_from for p in chosen) and s.slots[0][0] in near_lost.get(s.table, ())) \
            or (text is not None and _digits_before(s, text)) or s.table in narrow
        # A row the layout's reading already doubts whole (a digit of its lines no number holds,
        # pieces stacked in a column) is not settled by where its blanks add up.
        s.in_doubt = elsewhere or (s.table in glued and not s.adds_up) or s.slots[0][0] in table.layout_doubt \
            or s.split_alone
        s.open_splits = s.open_splits and not s.adds_up and not elsewhere
        only = _only_split(s) if s.open_splits else None
        if only is not None:
            # Digits no one number prints ("0000002") that part into the row's cells one way only:
            # the layout says where every number stands; the row's own relation breaks as printed.
            chosen, s.in_doubt, s.open_splits = [only], False, False
        if len(chosen) == 1 and s.complete and not s.in_doubt:
            # One reading: the blanks' places are known; the row is complete.
            out = [f for f in out if not any(f is g for g in s.findings)]
            for key in [k for k in table.cells if k in s.slots]:
                del table.cells[key]
            for cell in s.cells(chosen[0]).values():
                table.cells[(cell.row, cell.col)] = dataclasses.replace(cell, reading="decoded")
            continue
        # Several. When the layout's own reading (right-aligned, the missing cells absent) is among
        # the best, it stands; otherwise the first best one does. Either way the cells the best
        # readings disagree on say so, with the other readings' values.
        readings = [s.values(p) for p in chosen]
        if s.split_alone:
            readings.append(s.values(s.first))  # the digits as printed, one number, a reading too
        if s.first not in chosen:
            out = [f for f in out if not any(f is g for g in s.findings)]
            for key in [k for k in table.cells if k in s.slots]:
                del table.cells[key]
            for cell in s.cells(chosen[0]).values():
                table.cells[(cell.row, cell.col)] = dataclasses.replace(cell, reading="decoded")
        unsure = []
        for (row, col), cell in list(table.cells.items()):
            if (row, col) not in s.slots:
                continue
            cid = cell_id(s.table, row, col)
            values = {r[cid] for r in readings}
            # Past the readings tried, any cell may be read otherwise: none is settled.
            if len(values) > 1 or not s.complete or s.in_doubt:
                others = tuple(v for v in sorted(values, key=_order) if v != cell.value)
                table.cells[(row, col)] = dataclasses.replace(cell, reading="uncertain", alternatives=others)
                unsure.append(cid)
        if unsure:
            out.append(_uncertain(s, unsure, len(chosen)))
            if not s.in_doubt and not misplaced.intersection(s.ids):
                # (A row whose numbers may be another line's has readings beyond its placements.)
                _record_readings(table, s, text, [r for r in relations if _only_row(r, s)])
    return _settle_jointly(tables, short, relations, out, text)


def _misplaced(findings: Sequence[Finding]) -> set[str]:
    """The cells of rows whose numbers the layout gives to them in more than one way."""
    return {c for f in findings if f.rule == "extract.uncertain" and ROWS_IN_DOUBT in f.message for c in f.cells}


def _settle_jointly(tables: Mapping[str, Table], short: list[ShortRow], relations: Sequence[Relation],
                    findings: list[Finding], text: str | None = None) -> list[Finding]:
    """The 依申请 rows still in doubt placed together; the cells decided leave their findings."""
    table = tables.get("apply")
    if table is None:
        return findings
    # Rows whose numbers may be another line's (the layout gave the line to a row in more than one
    # way): placing their blanks cannot say which line they printed.
    misplaced = _misplaced(findings)
    rows = []
    for s in short:
        if s.table != "apply" or (s.in_doubt and not s.open_splits) or \
                not any(table.cells.get(k, _NO_CELL).reading == "uncertain" for k in s.slots):
            continue
        if any(c.value is None and not _mark(c, text) for c in s.printed):
            return findings  # a printed cell with no number: its row's placements are not all known
        if misplaced.intersection(s.ids):
            return findings
        own = [r for r in relations if _only_row(r, s)]
        # A row that breaks its own total however placed: the report's error; its placements all stay.
        good = [p for p in s.placements() if _all_hold(own, s.numbers(p))] or \
            [p for p in s.placements() if p[0] == 0 or (s.open_splits and p[0] >= s.split_from)]
        # Placements that give the row the same values are one option (the cells built once).
        distinct: dict[tuple[Number | None, ...], Placement] = {}
        for p in good:
            distinct.setdefault(tuple(s.values(p).values()), p)
        rows.append(jointrows.Row(tuple(s.ids), tuple(s.cells(p) for p in distinct.values())))
    # Rows with a number too many are read by the arithmetic only where it leaves no doubt: their
    # readings are not known to hold the true one (a stray number amid the row's), so a reading of
    # theirs that keeps its own relations and, with the short rows, breaks none across the rows.
    opened = _open_rows(table, rows, relations)
    got = jointrows.settle(table, [*rows, *opened], relations, most_broken=0) if opened else None
    if got is None:
        got = jointrows.settle(table, rows, relations)
    decided = set(got or ())
    if not decided:
        return findings
    out = []
    for f in findings:
        if f.rule == "extract.uncertain" and decided & set(f.cells):
            # A cell every reading gave the same value (a row's total beside a wrapped number) was
            # never in doubt: with the rest decided, the finding has nothing left to say of it.
            cells = tuple(c for c in f.cells if c not in decided
                          and table.cells.get(split_cell_id(c)[1:], _NO_CELL).reading == "uncertain")
            if not cells:
                continue
            f = dataclasses.replace(f, cells=cells)
        out.append(f)
    return out


def _open_rows(table: Table, short: Sequence[jointrows.Row], relations: Sequence[Relation]) -> list[jointrows.Row]:
    """The rows printed with a number too many (``Table.open_rows``) still in doubt, placed with
    the short rows: the relations they share choose which numbers are theirs. Only their readings
    that keep the row's own relations; a row none of whose readings does is left out."""
    taken = {cid for row in short for cid in row.ids}
    out = []
    for options in table.open_rows.values():
        ids = tuple(options[0])
        if taken.intersection(ids) or not any(
                table.cells.get(split_cell_id(cid)[1:], _NO_CELL).reading == "uncertain" for cid in ids):
            continue
        own = [r for r in relations if {*r.parts, *r.totals} <= set(ids)]
        distinct = {tuple(o[cid].value for cid in ids): o for o in options
                    if _all_hold(own, {cid: _num(c) for cid, c in o.items()})}
        if distinct:
            out.append(jointrows.Row(ids, tuple(distinct.values())))
    return out


def _record_readings(table: Table, s: ShortRow, text: str | None, own: Sequence[Relation]) -> None:
    """Every placement the row admits, the wrapped-number joinings among them, when all can be listed:
    a relation no placement satisfies is broken whichever is the true one.

    A row admits the placements that satisfy its own relations, when some do. Whether a row's total
    holds hardly depends on where its blanks stand: the last number printed is the total in every
    placement but those where the total itself is blank, and those hold only when every number is
    0. So the true placement is among them unless the report prints a blank total beside parts whose
    last equals the sum of the others.
    """
    if any(c.value is None and not _mark(c, text) for c in s.printed):
        return  # a printed cell with no number: a None would read as a blank
    if text is not None and _unread_digits(s, text):
        return  # the row prints a number not read as a cell: its placements are not all known
    if text is not None:
        s.add_joined(text)
    if not s.complete:
        return
    placements = s.placements()
    held = [p for p in placements if _all_hold(own, s.numbers(p))]
    if not held and (_split_holds(s, own) or any(run_together(c.raw) for c in s.printed)):
        # The row may be numbers run together (pdfium: "２９７1267 52"), or surely is ("0210"): the
        # placements of its digits as printed are not all its readings.
        return
    placements = held or placements
    options = dict.fromkeys(tuple(s.values(p).values()) for p in placements)
    table.readings.append(Readings(tuple(s.ids), tuple(options)))


_LONE_NUMBERS = re.compile(r"^[ \t]*[\d—/无－-][\d—/无－\-, \t件个项条次万元]*$")
_STRAY_NUMBER = re.compile(r"(?<![\d.])\d+(?![\d.、．])")


def _unread_digits(s: ShortRow, text: str) -> bool:
    """True when the row's line holds digits that no printed cell covers: from its first number on
    (a number run into a character the reading did not split off, "│859"), or just before it."""
    spans = sorted((c.source.start, c.source.end) for c in s.printed if c.source is not None)
    if len(spans) != len(s.printed) or not spans:
        return True
    first, last = spans[0][0], spans[-1][1]
    line_start = text.rfind("\n", 0, first) + 1
    if text[line_start:first].rstrip()[-1:].isdigit() or _STRAY_NUMBER.search(text, line_start, first):
        # A number just before the row's first cell, or among its label's words, not read as one
        # ("※0", "信息1", "10�情形"): a label's own numbers are its items' ("1.属于…").
        return True
    line_end = text.find("\n", last)
    line_end = len(text) if line_end < 0 else line_end
    if text.rfind("\n", 0, first) != text.rfind("\n", 0, last):
        return False  # a row printed over several lines: its line says nothing alone
    missing = len(s.slots) - len(s.printed)
    above = text[:line_start].rstrip("\n \t").rsplit("\n", 1)[-1]
    below = text[line_end:].lstrip("\n \t").split("\n", 1)[0]
    if any(_LONE_NUMBERS.match(line) and 0 < len(_STRAY_NUMBER.findall(line)) <= missing for line in (above, below)):
        # Numbers alone on the nearest line over or under the row (blank marks among them), no
        # more than its missing cells: its cells' numbers wrapped in narrow columns ("113" over the
        # row, "个" under it), or the rest of its line broken off (catdoc's "2 — 0" / "— 2"), maybe.
        return True
    covered = [False] * (line_end - first)
    for a, b in spans:
        for k in range(max(a, first), min(b, line_end)):
            covered[k - first] = True
    return any(ch.isdigit() and not covered[k] for k, ch in enumerate(text[first:line_end]))


def _short_rows(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> list[ShortRow]:
    out = []
    flat: dict[str, list[Finding]] = {}
    for f in findings:
        if f.rule != "cell.missing" or not f.cells:
            continue
        table_id, row, _c = split_cell_id(f.cells[0])
        table = tables.get(table_id)
        if table is None:
            continue
        if template.table(table_id).flat:
            flat.setdefault(table_id, []).append(f)
            continue
        slots = tuple((row, split_cell_id(c)[2]) for c in f.cells)
        printed = tuple(table.cells[k] for k in slots if k in table.cells)
        if printed and len(printed) < len(slots):
            spec = template.table(table_id)
            kinds = tuple(spec.column(c).kind for _r, c in slots)
            out.append(ShortRow(table_id, slots, printed, (f,), kinds=kinds))
    for spec in template.tables:
        # A one-line table's numbers were shared out from the right: the whole line is one reading.
        # Its first rows may have got no number at all (and no finding of their own).
        table = tables.get(spec.id)
        if not spec.flat or table is None:
            continue
        slots = tuple((r.id, c.id) for r in spec.rows for c in spec.row_columns(r))
        printed = tuple(table.cells[k] for k in slots if k in table.cells)
        # A line the reading of the layout already doubts (pieces of wrapped numbers) stays doubted.
        if printed and len(printed) < len(slots) and all(c.reading != "uncertain" for c in printed):
            kinds = tuple(spec.column(c).kind for _r, c in slots)
            out.append(ShortRow(spec.id, slots, printed, tuple(flat.get(spec.id, ())), spec.title, kinds))
    return out


def _fits(cell: Cell, kind: Kind) -> bool:
    """Whether a printed number's form allows a column of ``kind``: a sign only in a change, a
    decimal point only in an amount."""
    raw = normalise(cell.raw).strip()
    if raw[:1] in "+-" and kind is not Kind.SIGNED:
        return False
    return not ("." in raw and kind is not Kind.AMOUNT)


def _joined(a: Cell, b: Cell, text: str) -> Cell | None:
    """``a`` and ``b`` read as one number printed in two pieces; None when that is no number."""
    if a.source is None or b.source is None or not isinstance(a.value, int) or not isinstance(b.value, int):
        return None
    digits = normalise(a.raw + b.raw).strip()
    if not digits.isdigit() or digits.startswith("0") or not normalise(a.raw).strip().isdigit():
        return None
    if "\n" in text[a.source.end:b.source.start] and text[a.source.end:b.source.start].count("\n") > 1:
        return None
    source = Source(a.source.start, b.source.end)
    return Cell(a.table, a.row, a.col, int(digits), a.raw + b.raw, source, reading="decoded")


_MAX_SPLIT_TRIES = 20000  # splits and placements tried per row; past them a split is taken to be possible


# Digits, blank marks among them ("事项20/1001"), run into the end of a label.
_DIGITS_AFTER_LABEL = re.compile(r"[\u4e00-\u9fff](?:[0-9０-９]|[/／—\-－](?=[0-9０-９]))*[0-9０-９]$")


def _digits_before(s: ShortRow, text: str) -> bool:
    """The row's label ends in digits run into it ("行政查询事项2741003 35", as pdfium writes a row
    whose first cells stand close to its label): those digits may be the row's missing cells."""
    first = s.printed[0].source
    if first is None:
        return False
    head = text[max(first.start - 40, 0):first.start].rstrip(" \t")
    return _DIGITS_AFTER_LABEL.search(head) is not None


_NARROW_ROWS = 3  # rows, every one short, that say the table lacks a column


def _narrow_tables(tables: Mapping[str, Table], short: Sequence[ShortRow]) -> set[str]:
    """Tables with at least ``_NARROW_ROWS`` short rows, all short by as many cells, and every other
    row printed with numbers blank at an end (widened there by an empty slot that may be a
    label's): the table lacks a column, not its rows cells."""
    out = set()
    for tid, table in tables.items():
        mine = [s for s in short if s.table == tid]
        shorts = {row for s in mine for row, _c in s.slots[:1]}
        # A missing column takes as many cells from every row; blanks printed as nothing, a few.
        if len(shorts) < _NARROW_ROWS or len({len(s.slots) - len(s.printed) for s in mine}) != 1:
            continue
        rows: dict[str, list[Cell]] = {}
        for (row, _c), cell in table.cells.items():
            rows.setdefault(row, []).append(cell)
        full = [cells for row, cells in rows.items() if row not in shorts and any(c.value is not None for c in cells)]
        if all(cells[0].blank or cells[-1].blank for cells in full):
            out.add(tid)
    return out


def _beside_lost_rows(findings: Sequence[Finding], template: TemplateSpec) -> dict[str, set[str]]:
    """Per table, the rows printed next to a row not found (template order): their numbers may be its."""
    out: dict[str, set[str]] = {}
    for f in findings:
        if f.rule != "row.missing" or not f.cells:
            continue
        table_id, row, _c = split_cell_id(f.cells[0])
        ids = [r.id for r in template.table(table_id).rows if not r.optional]
        if row in ids:
            i = ids.index(row)
            out.setdefault(table_id, set()).update(ids[max(i - 1, 0):i + 2])
    return out


def _split_holds(s: ShortRow, own: Sequence[Relation]) -> bool:
    """Some split of the printed digits into more numbers, placed in the row, satisfies its own relations.

    A converter that writes neighbouring cells' digits with no space between them (pdfium, where
    columns stand close) prints "２９７1267 52" for 29 7 1 2 6 7 52: the placements of two numbers
    then all break the row's total, yet the report may well be right. Only counts (whole digits,
    no leading zero) are split; a row past the bound counts as splittable (unknown is not broken).
    """
    digits = [normalise(c.raw).strip() for c in s.printed]
    if not own or not all(d.isdigit() for d in digits):
        return False
    return next(_holding_splits(digits, s.ids, own), None) is not None


def _holding_splits(digits: Sequence[str], ids: Sequence[str], own: Sequence[Relation]
                    ) -> Iterator[tuple[list[list[tuple[int, int]]], bool]]:
    """Each split of the printed digit strings into more numbers (``_digit_splits``) that some
    placement in the row's cells ``ids`` makes satisfy ``own``, with True; once
    ``_MAX_SPLIT_TRIES`` placements are tried, the split being tried with False, and no more (past
    the bound not every split is listed, and that one may hold)."""
    n, tries = len(ids), 0
    for m in range(len(digits) + 1, min(n, sum(map(len, digits))) + 1):
        for cuts in digit_splits(digits, m):
            pieces = [0.0 if d in _MARKS else float(d[a:b]) for d, spans in zip(digits, cuts, strict=True) for a, b in spans]
            for at in itertools.combinations(range(n), m):
                tries += 1
                if tries > _MAX_SPLIT_TRIES:
                    yield cuts, False
                    return
                values = dict.fromkeys(ids, 0.0)
                for i, v in zip(at, pieces, strict=True):
                    values[ids[i]] = v
                if _all_hold(own, values):
                    yield cuts, True
                    break


_SPLIT_ROWS = 3  # rows that add up only split, that show a table's digits ran together


def _split_tables(short: Sequence[ShortRow], options: Sequence[Sequence[Placement]],
                  relations: Sequence[Relation]) -> set[str]:
    """Tables where several short rows break their own relations however their numbers are placed,
    and a split of their digits satisfies them ("6100007" for 6 1 0 0 0 0 7): pdfium ran the
    cells together with no number printed with a leading zero to show it. One such row may be the
    report's error; several are the layout."""
    count: dict[str, int] = {}
    for s, opts in zip(short, options, strict=True):
        own = [r for r in relations if _only_row(r, s)]
        if own and not any(_all_hold(own, s.numbers(p)) for p in opts) and _split_holds(s, own):
            count[s.table] = count.get(s.table, 0) + 1
    return {t for t, n in count.items() if n >= _SPLIT_ROWS}


def run_together(raw: str) -> bool:
    """A printed count that is no one number: a leading zero, or full- and half-width digits mixed."""
    text = raw.strip()
    if not normalise(text).isdigit() or len(text) < 2:
        return False
    return normalise(text).startswith("0") or (text.isascii() is False and any(ch.isascii() for ch in text))


def digit_splits(tokens: Sequence[str], m: int) -> Iterator[list[list[tuple[int, int]]]]:
    """Every way of cutting the digit strings, each in order, into ``m`` numbers with no leading
    zero: for each string, the spans of its numbers."""
    if not tokens:
        if m == 0:
            yield []
        return
    head, rest = tokens[0], tokens[1:]
    for k in range(1, min(len(head), m - len(rest)) + 1):
        for first in _cuts(head, k, 0):
            for tail in digit_splits(rest, m - k):
                yield [first, *tail]


def _cuts(digits: str, k: int, at: int) -> Iterator[list[tuple[int, int]]]:
    """``digits`` cut into ``k`` numbers, none with a leading zero; spans offset by ``at``."""
    if k == 1:
        if len(digits) == 1 or not digits.startswith("0"):
            yield [(at, at + len(digits))]
        return
    for i in range(1, len(digits) - k + 2):
        if i > 1 and digits.startswith("0"):
            break
        for rest in _cuts(digits[i:], k - 1, at + i):
            yield [(at, at + i), *rest]


def _only_split(s: ShortRow) -> Placement | None:
    """The one reading of a row whose printed digits are surely cells run together (a leading zero,
    widths mixed: ``run_together``) when every listed split, however placed, gives its cells the same
    values ("0000002" in a row of seven: 0 0 0 0 0 0 2); else None."""
    if not s.complete or not any(run_together(c.raw) for c in s.printed):
        return None
    splits = [p for p in s.placements() if p[0] >= s.split_from]
    if not splits or len({tuple(s.values(p).values()) for p in splits}) != 1:
        return None
    return splits[0]


def _only_row(rel: Relation, s: ShortRow) -> bool:
    return all(s.has(c) for c in (*rel.parts, *rel.totals))


def _mark(cell: Cell, text: str | None) -> bool:
    """A blank mark printed as a cell ("—", "/", or "无" cut out of "930无1"): a blank whose place in
    the printed order is known, unlike a cell with no number read. A "无" standing apart may be the
    first character of a label printed down its column (（四）无 / 法 / 提 / 供): only one with a
    number or mark next to it on its line ("930无1", "办理 无 0 5") counts."""
    raw = normalise(cell.raw).strip()
    if not cell.blank or raw not in _MARKS:
        return False
    if raw != "无":
        return True
    src = cell.source
    if text is None or src is None:
        return False
    line_start, line_end = text.rfind("\n", 0, src.start) + 1, text.find("\n", src.end)
    before = text[line_start:src.start].rstrip(" \t\u3000")[-1:]
    after = text[src.end:len(text) if line_end < 0 else line_end].lstrip(" \t\u3000")[:1]
    return any(ch.isdigit() or ch in _MARKS for ch in normalise(before + after))


def _num(cell: Cell) -> float:
    return float(cell.value) if isinstance(cell.value, int | float) else 0.0


def _best_joint(short: list[ShortRow], options: list[list[Placement]], relations: Sequence[Relation],
                fixed: Mapping[str, Cell]) -> list[list[Placement]]:
    """For each short row, the placements of its best-scoring readings, the other rows as best read.

    Placements that give a row the same numbers (blank counted as 0) are one reading for the
    arithmetic. Rows are settled one after the other (twice over), each against the relations it
    takes part in with the others' current readings: bounded work however many rows are short.
    """
    values = {cid: _num(c) for cid, c in fixed.items() if c.value is not None or c.blank}
    classes: list[list[tuple[dict[str, float], list[Placement]]]] = []
    for s, opts in zip(short, options, strict=True):
        by_values: dict[tuple[float, ...], tuple[dict[str, float], list[Placement]]] = {}
        for p in opts:
            nums = s.numbers(p)
            by_values.setdefault(tuple(nums.values()), (nums, []))[1].append(p)
        classes.append(list(by_values.values()))
        values.update(classes[-1][0][0])
    if math.prod(len(c) for c in classes) <= _MAX_JOINT:
        return _exhaustive(short, classes, relations, values)
    touching = [[r for r in relations if _touches(r, s)] for s in short]
    winners: list[list[Placement]] = [[] for _ in short]
    for _round in range(2):
        for i, cls in enumerate(classes):
            scored = []
            for nums, places in cls:
                values.update(nums)
                scored.append((sum(1 for r in touching[i] if holds(r, values)), nums, places))
            top = max(score for score, _, _ in scored)
            best = [(nums, places) for score, nums, places in scored if score == top]
            values.update(best[0][0])
            winners[i] = [p for _, places in best for p in places]
    return _unsettled_kept(short, classes, touching, values, winners)


def _unsettled_kept(short: list[ShortRow], classes: list[list[tuple[dict[str, float], list[Placement]]]],
                    touching: list[list[Relation]], values: dict[str, float],
                    winners: list[list[Placement]]) -> list[list[Placement]]:
    """Settling rows one at a time may lock two rows into wrong readings that make up for each
    other. A row's reading counts as settled only by the relations whose other cells are settled
    (printed in full, or in rows with one reading); the readings those relations do not rule out
    stay open beside the one chosen."""
    settled = {cid for cid in values if not any(s.has(cid) for s, c in zip(short, classes, strict=True) if len(c) > 1)}
    out = []
    for i, (s, cls) in enumerate(zip(short, classes, strict=True)):
        safe = [r for r in touching[i] if all(c in settled or s.has(c) for c in (*r.parts, *r.totals))]
        scores = []
        for nums, _places in cls:
            local = {**values, **nums}
            scores.append(sum(1 for r in safe if holds(r, local)))
        top = max(scores, default=0)
        kept = set(winners[i])
        for (_nums, places), score in zip(cls, scores, strict=True):
            if score == top:
                kept.update(places)
        out.append([p for p in itertools.chain.from_iterable(pl for _n, pl in cls) if p in kept])
    return out


def _exhaustive(short: list[ShortRow], classes: list[list[tuple[dict[str, float], list[Placement]]]],
                relations: Sequence[Relation], values: dict[str, float]) -> list[list[Placement]]:
    """Every joint reading scored at once; each row keeps the placements of the best joint readings.

    Settling rows one at a time can lock a row into a wrong reading that makes up for another
    row's wrong one; scoring whole readings leaves both open when both fit as well.
    """
    touching = [r for r in relations if any(_touches(r, s) for s in short)]
    # A relation within one short row scores each of its readings once; only the relations across
    # rows are summed for every joint reading (the same scores, far fewer sums).
    across = [r for r in touching if sum(1 for s in short if _touches(r, s)) > 1]
    alone = [r for r in touching if r not in across]
    own: list[list[int]] = []
    for s, cls in zip(short, classes, strict=True):
        mine = [r for r in alone if _touches(r, s)]
        own.append([sum(1 for r in mine if holds(r, {**values, **nums})) for nums, _places in cls])
    best = -1
    winners: list[set[int]] = [set() for _ in short]
    last: tuple[int, ...] = ()
    for combo in itertools.product(*(range(len(c)) for c in classes)):
        for i, k in enumerate(combo):
            if not last or last[i] != k:
                values.update(classes[i][k][0])
        last = combo
        score = sum(own[i][k] for i, k in enumerate(combo)) + sum(1 for r in across if holds(r, values))
        if score > best:
            best, winners = score, [set() for _ in short]
        if score == best:
            for i, k in enumerate(combo):
                winners[i].add(k)
    return [[p for k in sorted(w) for p in classes[i][k][1]] for i, w in enumerate(winners)]


def _all_hold(relations: Sequence[Relation], values: Mapping[str, float]) -> bool:
    return all(holds(r, values) for r in relations)


def _touches(rel: Relation, s: ShortRow) -> bool:
    return any(s.has(c) for c in (*rel.parts, *rel.totals))


def _order(v: Number | None) -> float:
    return -1.0 if v is None else float(v)


def _uncertain(s: ShortRow, cells: list[str], n: int) -> Finding:
    title = s.findings[0].message.split("：", 1)[0] if s.findings else s.title
    return catalogued(
        "extract.uncertain",
        message=f"{title}：只印出 {len(s.printed)} 个数（应有 {len(s.slots)} 个），空白格的位置有 {n} 种读法，无法确定，请核对原文",
        cells=tuple(cells),
        source=s.findings[0].source if s.findings else None,
    )
