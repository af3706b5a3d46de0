"""Numbers wrapped inside a narrow cell: their digits printed on two lines, read back as one number.

A number too wide for its column (``2971`` in full-width digits, say) wraps in the cell: ``２９`` on
the line above the row and ``７１`` below it. ``pdftotext -layout`` and pdfplumber print the two
pieces on lines of their own around the row's other numbers, pypdf prints them side by side among
them (``… 187 ２９ ７１``). Read as they stand, the row has a number too few or too many and every
cell after it moves. Each way of joining the pieces is a reading of the layout; it is taken only
when it makes the row's own relations (its total) hold and no other joining does. No digit is
changed or dropped, and a row that holds as printed is left as it is.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from gkaudit.extraction.positions import PLAIN_DIGITS, aligned, characters_are_columns, display_col
from gkaudit.extraction.tokens import Run, Tok, TokKind
from gkaudit.extraction.values import FULL_WIDTH_DIGITS, is_number_token, parse_value
from gkaudit.model import Finding, Number, cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import Relation, holds, relations_for
from gkaudit.templates import TableSpec, TemplateSpec

_MAX_PIECES = 2  # wrapped numbers in one row at most
Check = Callable[[Sequence[Tok]], bool]


def line_checks(spec: TableSpec, template: TemplateSpec) -> dict[int, Check]:
    """For each length of a printed value line (a row; a one-line table's whole line), its relations."""
    return dict(_line_checks(spec, template))


@functools.lru_cache(maxsize=16)
def _line_checks(spec: TableSpec, template: TemplateSpec) -> dict[int, Check]:
    # The template's alone: built once, not for every table read (callers get a copy).
    present = {r.id for r in template.table("apply").rows} if spec.id == "apply" else set()
    relations = [r for r in relations_for(template, present) if r.parts and r.parts[0].startswith(spec.id + "/")]
    widths = {len(spec.row_columns(r)) for r in spec.rows}
    shapes: list[list[tuple[str, str]]] = []
    if spec.flat:
        shapes.append([(r.id, c.id) for r in spec.rows for c in spec.row_columns(r)])
    if len(widths) == 1:
        row = spec.rows[0]
        shapes.append([(row.id, c.id) for c in spec.row_columns(row)])
    out: dict[int, Check] = {}
    for slots in shapes:
        ids = [cell_id(spec.id, r, c) for r, c in slots]
        own = [rel for rel in relations if all(c in ids for c in (*rel.parts, *rel.totals))]
        if own:
            out[len(slots)] = _checker(spec, slots, ids, own)
    return out


def _checker(spec: TableSpec, slots: list[tuple[str, str]], ids: list[str], own: list[Relation]) -> Check:
    kinds = [spec.column(c).kind for _r, c in slots]

    def check(toks: Sequence[Tok]) -> bool:
        values: dict[str, Number | None] = {}
        for cid, kind, tok in zip(ids, kinds, toks, strict=True):
            parsed = parse_value(tok.text, kind)
            if parsed.invalid:
                return False
            values[cid] = 0 if parsed.blank else parsed.value
        return all(holds(rel, values) for rel in own)

    return check


@dataclass(slots=True)
class _Segment:
    run: int
    toks: list[Tok]
    others: list[list[Tok]] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.toks[0].line


def rejoin(runs: list[Run], checks: dict[int, Check], layout: str, text: str = "", on_page: bool = False) -> list[Run]:
    """The runs with wrapped numbers joined where exactly one joining makes the row hold.
    ``text``: what the tokens' offsets index (their lines' display widths are read from it).
    ``on_page``: the numbers' columns are their places on the PDF page."""
    if not checks or layout in ("tab", "pipe"):
        return runs
    runs = [replace(r, cells=_side_by_side(r.cells, checks, text)) for r in runs]
    if layout == "space":
        full = [(text.count("\f", 0, r.cells[0].start), r) for r in runs
                if r.cells and len(r.cells) in checks and aligned(r)] if text else []
        if characters_are_columns(text, full):
            text = ""  # the characters alone are the columns (pdftotext -layout)
        # Numbers one space apart on every line (pypdf, pdfplumber: "526 61 82 172") stand where
        # the text before them ends, not under their columns: where a joined number goes among
        # the row's numbers is then no position's to say.
        positional = on_page or any(aligned(r) for r in runs)
        runs = _above_and_below(runs, checks, text, positional)
    return runs


def join_pieces(a: Tok, b: Tok) -> Tok | None:
    """The number printed as ``a`` then ``b``; None when that is no number (a leading 0, a mark)."""
    if not (is_number_token(a.text) and is_number_token(b.text)) or a.text.startswith("0"):
        return None
    if not (a.text.isdigit() and b.text.isdigit()):
        return None
    parts = (a.parts or ((a.start, a.end),)) + (b.parts or ((b.start, b.end),))
    return Tok(TokKind.VALUE, a.text + b.text, a.start, b.end, a.line, a.col, parts)


_GROUPS_SO_FAR = re.compile(r"[+\-]?\d{1,3}(?:,\d{3})*")
_GROUP = re.compile(r"\d{3}(?:,\d{3})*")


def cut_at_separator(toks: list[Tok]) -> list[Tok]:
    """Numbers cut at a thousands separator, joined back: ``164，`` ending its line and ``865`` alone
    on the next is 164,865 (a narrow cell wrapped after the comma; ``pdftotext -layout`` prints the
    comma apart and the rest a line lower). The separator says the number goes on, and a group of
    three digits alone on the very next line is where: no other reading of the layout is left.
    Read as printed, the first piece is a number of its own, and the second a row of its own that
    pushes every row after it down by one."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        a = toks[k]
        if k + 2 < len(toks) and a.kind is TokKind.VALUE and _GROUPS_SO_FAR.fullmatch(a.text):
            sep, b = toks[k + 1], toks[k + 2]
            alone = k + 3 == len(toks) or toks[k + 3].line > b.line
            if sep.kind is TokKind.TEXT and sep.text == "," and sep.line == a.line and b.kind is TokKind.VALUE \
                    and b.line == a.line + 1 and _GROUP.fullmatch(b.text) and alone:
                parts = (a.parts or ((a.start, a.end),)) + (b.parts or ((b.start, b.end),))
                out.append(Tok(TokKind.VALUE, f"{a.text},{b.text}", a.start, b.end, a.line, a.col, parts))
                k += 3
                continue
        out.append(a)
        k += 1
    return out


def _side_by_side(cells: list[Tok], checks: dict[int, Check], text: str = "") -> list[Tok]:
    """A line with a number or two too many: the pieces of a wrapped number stand next to each other.
    ``text``: what the tokens' offsets index; two pieces printed in digits of different widths
    ("１" and "0") are no one number's, which a cell wrapped in its font prints alike."""
    values = [t for t in cells if t.kind is TokKind.VALUE]
    if len(values) != len(cells):
        return cells
    for width, check in checks.items():
        extra = len(cells) - width
        if not 1 <= extra <= _MAX_PIECES:
            continue
        if check(cells[-width:]):
            return cells  # the row holds as printed (a leading number is a label's)
        found: dict[tuple[str, ...], list[Tok]] = {}
        for joins in itertools.combinations(range(len(cells) - 1), extra):
            if any(b - a < 2 for a, b in itertools.pairwise(joins)):
                continue  # one number wraps once
            line = _joined(cells, joins)
            if text and any(_widths_differ(text, cells[j], cells[j + 1]) for j in joins):
                continue
            if line is not None and check(line):
                found.setdefault(tuple(t.text for t in line), line)
        if len(found) == 1:
            return next(iter(found.values()))
    return cells


def _widths_differ(text: str, a: Tok, b: Tok) -> bool:
    """True when one piece is printed in full-width digits and the other in plain ones."""
    def wide(tok: Tok) -> set[bool]:
        spans = tok.parts or ((tok.start, tok.end),)
        return {ch in FULL_WIDTH_DIGITS for x, y in spans for ch in text[x:y] if ch.isdigit()}
    kinds = wide(a) | wide(b)
    return len(kinds) > 1


def _joined(cells: list[Tok], joins: Sequence[int]) -> list[Tok] | None:
    out: list[Tok] = []
    i = 0
    while i < len(cells):
        if i in joins:
            tok = join_pieces(cells[i], cells[i + 1])
            if tok is None:
                return None
            out.append(tok)
            i += 2
        else:
            out.append(cells[i])
            i += 1
    return out


def _above_and_below(runs: list[Run], checks: dict[int, Check], text: str, positional: bool) -> list[Run]:
    """Pieces on the lines above and below a row that is a number or two short."""
    segs: list[_Segment] = []
    for i, run in enumerate(runs):
        for _line, group in itertools.groupby(run.cells, key=lambda t: t.line):
            segs.append(_Segment(i, list(group)))
    changed = False
    for k, seg in enumerate(segs):
        for width, check in checks.items():
            missing = width - len(seg.toks)
            if not 1 <= missing <= _MAX_PIECES or len(seg.toks) < 3 or not 0 < k < len(segs) - 1:
                continue
            above, below = segs[k - 1], segs[k + 1]
            if not (_piece(above, seg.line - 1, missing) and _piece(below, seg.line + 1, missing)):
                continue
            joined = [join_pieces(a, b) for a, b in zip(above.toks, below.toks, strict=True)]
            if any(j is None for j in joined):
                continue
            lines = _inserted(seg.toks, [j for j in joined if j is not None], width, check, text, positional)
            if lines:
                seg.toks, above.toks, below.toks = lines[0], [], []
                seg.others = lines[1:]
                changed = True
                break
    if not changed:
        return runs
    return _rebuilt(runs, segs)


def _piece(seg: _Segment, line: int, count: int) -> bool:
    return bool(seg.toks) and seg.line == line and len(seg.toks) == count and all(t.text.isdigit() for t in seg.toks)


def _inserted(toks: list[Tok], joined: list[Tok], width: int, check: Check, text: str,
              positional: bool = True) -> list[list[Tok]]:
    """The lines of ``width`` that hold with the joined numbers put among ``toks`` (in order).

    The row's own total does not tell which of its parts a joined number is: without positions
    (``positional`` False: the numbers are listed, not set in columns), each such place is a
    reading, and the cells they disagree on are uncertain.
    """
    found: dict[tuple[str, ...], list[Tok]] = {}
    for at in itertools.combinations(range(width), len(joined)):
        line: list[Tok] = []
        rest, extra = iter(toks), iter(joined)
        for i in range(width):
            line.append(next(extra) if i in at else next(rest))
        if check(line):
            found.setdefault(tuple(t.text for t in line), line)
    # Positions that say nothing of some orders leave more than one place: each is a reading.
    if not positional:
        return list(found.values())
    placed = [line for line in found.values() if _by_position(line, text)]
    return placed or list(found.values())


def _by_position(line: list[Tok], text: str = "") -> bool:
    """True when the joined numbers stand where their positions put them among the row's numbers.

    A number on a line with label text before it is compared with one on a line without (the
    pieces of a wrapped number stand alone): converters that space each line by its own estimate
    (PyMuPDF) put neither the characters nor the display columns (a CJK character two) of the two
    lines in step. With ``text``, two numbers' order counts only where both measures give it, and
    only for numbers measured at all (``_measured``)."""
    if not text:
        return all(b.col > a.col for a, b in itertools.pairwise(line))
    at = [(t.col, display_col(text, t), _measured(text, t), _span(text, t)) for t in line]
    for a, b in itertools.combinations(at, 2):
        if a[3] is not None and b[3] is not None:
            if b[3][1] < a[3][0]:
                return False  # stands left of a number it should follow, whatever its digits' width
        elif b[0] <= a[0] and b[1] <= a[1] and a[2] and b[2]:
            return False
    return True


_WIDE_DIGIT = (1.0, 2.2)  # a full-width digit's width in plain digits' (a wrapped piece may be set smaller)


def _span(text: str, tok: Tok) -> tuple[float, float] | None:
    """Where a number's middle (its first piece's, if joined) stands from the page's edge, in plain
    digits' widths, as an interval; None unless only spaces and plain digits stand before it on its
    line, or it is a full-width number alone on its line. PyMuPDF prints the spaces before a word
    in that word's own character widths, rounded (half a character each word): plain digits count
    as they stand, a full-width number and the spaces before it in a width of its own."""
    a, b = tok.parts[0] if tok.parts else (tok.start, tok.end)
    start = text.rfind("\n", 0, a) + 1
    before, own = text[start:a], text[a:b]
    middle = a - start + (b - a) / 2
    if set(before + own) <= PLAIN_DIGITS:
        slack = _HALF_SPACE * (len(before.split()) + 1)
        return middle - slack, middle + slack
    if not before.strip() and all(ch in FULL_WIDTH_DIGITS for ch in own):
        low, high = _WIDE_DIGIT
        return middle * low - _HALF_SPACE * low, middle * high + _HALF_SPACE * high
    return None


_HALF_SPACE = 0.5


def _measured(text: str, tok: Tok) -> bool:
    """True when a number (its first piece, if joined) is plain digits and only plain digits and
    spaces stand between it and the line's label (or the line's start): PyMuPDF prints the spaces
    before a word in that word's own character widths, so after a full-width digit or a mark (or
    in a full-width number) neither the characters nor the display columns measure where it stands."""
    a, b = tok.parts[0] if tok.parts else (tok.start, tok.end)
    before = text[text.rfind("\n", 0, a) + 1:b]
    odd = [ch for ch in before if ch not in PLAIN_DIGITS]
    if set(text[a:b]) - PLAIN_DIGITS:
        return False
    # A label before the numbers (ideographs, brackets) is what the two measures are for.
    return not odd or unicodedata.category(odd[-1]) in ("Lo", "Ps", "Pe")


_LONG_LINE = 8  # numbers on a value line of a one-line table printed whole (not a cell a line)
_PIECES_SHARE = 3  # a line of pieces holds at most a third as many numbers as the value line


def pieces_inside(cells: Sequence[Tok], positional: bool) -> bool:
    """True when a number of a one-line table stands on a line of its own, above or below the value
    line and inside its extent: the piece of a number wrapped in a narrow cell (or a cell pulled off
    its line), which no reading in line order places. Counted as a cell of its own it can make the
    line exactly as long as the table and shift every cell after it."""
    values = [t for t in cells if t.kind is TokKind.VALUE and not t.parts]  # a joined number is no piece
    if len(values) < 3:
        return False
    per_line = Counter(t.line for t in values)
    main, most = per_line.most_common(1)[0]
    # A number alone on a line next to a long value line (Markdown converters print the pieces of
    # a wrapped number outside the grid, above and below it) is no cell of that line; nor are a
    # few numbers on such a line, the pieces of several wrapped numbers ("５ … 11 … ２").
    if most >= _LONG_LINE and any(_PIECES_SHARE * per_line[t.line] <= most and 0 < abs(t.line - main) <= 2
                                  for t in values):
        return True
    placed = [t for t in values if t.col >= 0]
    xs = [t.col for t in placed if t.line == main]
    if not positional or not xs:
        return False
    lo, hi = min(xs), max(xs)
    return any(t.line != main and lo < t.col < hi for t in placed)


def _wrap_pieces(toks: list[Tok]) -> tuple[list[Tok], Tok] | None:
    """A line's pieces alone just above and below its value line: the value line without them and
    the number they make joined, or None."""
    pairs = _wrap_pairs(toks)
    if pairs is None or len(pairs[1]) != 1:
        return None
    return pairs[0], pairs[1][0]


_PIECE_DRIFT = 2  # the two pieces of a number wrapped in its cell start this many characters apart at most


def _wrap_pairs(toks: list[Tok], by_column: bool = False) -> tuple[list[Tok], list[Tok]] | None:
    """The pieces alone on the lines just above and below the value line, as many above as below:
    the value line without them and the numbers they make, the k-th above joined to the k-th below.
    ``by_column``: each pair must also stand in one column (positions that mean columns)."""
    main = Counter(t.line for t in toks).most_common(1)[0][0]
    above = [i for i, t in enumerate(toks) if t.line == main - 1]
    below = [i for i, t in enumerate(toks) if t.line == main + 1]
    if not above or len(above) != len(below):
        return None
    joined = []
    for a, b in zip(above, below, strict=True):
        if by_column and (toks[a].col < 0 or abs(toks[a].col - toks[b].col) > _PIECE_DRIFT):
            return None
        if (tok := join_pieces(toks[a], toks[b])) is None:
            return None
        joined.append(tok)
    return [t for i, t in enumerate(toks) if i not in (*above, *below)], joined


def _in_column_order(line: list[Tok], joined: list[Tok]) -> list[Tok] | None:
    """The value line with the joined numbers put where their columns stand among its numbers;
    None when one stands about where a number of the line does (its place is then no column's)."""
    for tok in joined:
        if any(abs(tok.col - t.col) <= _PIECE_DRIFT for t in line):
            return None
    return sorted([*line, *joined], key=lambda t: t.col)


def _side_by_side_joins(toks: list[Tok]) -> list[list[Tok]]:
    """The line with one pair of neighbours on the same line joined, for each pair that joins."""
    return [[*toks[:i], joined, *toks[i + 2:]] for i in range(len(toks) - 1)
            if toks[i].line == toks[i + 1].line and (joined := join_pieces(toks[i], toks[i + 1])) is not None]


def _side_by_side_rows(toks: list[Tok], row_check: Check, width: int) -> bool:
    """True when the line, read row by row, holds with up to two pairs of neighbours joined and as
    many blanks (printed as nothing) put among its numbers: each row is checked as it is filled, so
    the readings a row rules out are never carried on."""
    if len(toks) % width:
        return False
    rows = len(toks) // width
    blank = _blank(toks[0])

    def fills(i: int, joins: int, blanks: int, left: int) -> Iterator[tuple[list[Tok], int, int, int]]:
        if left == 0:
            yield [], i, joins, blanks
            return
        options: list[tuple[Tok, int, int, int]] = []
        if blanks < _MAX_PIECES:
            options.append((blank, i, joins, blanks + 1))
        if i < len(toks):
            options.append((toks[i], i + 1, joins, blanks))
        if joins < _MAX_PIECES and i + 1 < len(toks) and toks[i].line == toks[i + 1].line \
                and (joined := join_pieces(toks[i], toks[i + 1])) is not None:
            options.append((joined, i + 2, joins + 1, blanks))
        for tok, j, nj, nb in options:
            for rest, k, mj, mb in fills(j, nj, nb, left - 1):
                yield [tok, *rest], k, mj, mb

    @functools.cache
    def holds_from(i: int, row: int, joins: int, blanks: int) -> bool:
        if row == rows:
            return i == len(toks) and 0 < joins == blanks
        return any(row_check(cells) and holds_from(j, row + 1, nj, nb) for cells, j, nj, nb in fills(i, joins, blanks, width))

    return holds_from(0, 0, 0, 0)


def _insertions(row: list[Tok], joined: Tok) -> list[list[Tok]]:
    return [[*row[:i], joined, *row[i:]] for i in range(len(row) + 1)]


def joined_reading_holds(cells: Sequence[Tok], check: Check, row_check: Check | None = None, width: int = 0) -> bool:
    """True when a one-line table read in line order breaks its relations and a reading that joins
    the pieces of one wrapped number (or two, side by side) holds them all: the printed order is then
    no ground to accuse a cell. The pieces are two numbers side by side (pypdf: ``… 0 ４ ７ 0 …``) or
    alone on the lines just above and below the value line (pdfplumber), and where blank cells (printed as nothing)
    stood is not known, so each place for them is tried. Only doubt comes of it, never a value.
    ``row_check`` (each row of ``width`` cells): pypdf prints every wrapped number's pieces side by
    side, and two of them in one line leave it two numbers too long, with two blanks to place."""
    toks = list(cells)
    need = len(toks)
    if need < 3 or check(toks):
        return False
    lines: list[list[Tok]] = []
    if (pieces := _wrap_pieces(toks)) is not None and len({t.line for t in pieces[0]}) == 1:
        lines.extend(_insertions(*pieces))
    if row_check is not None and width:
        if _side_by_side_rows(toks, row_check, width):
            return True
    else:
        lines.extend(_side_by_side_joins(toks))
    for line in lines:
        gap = need - len(line)
        if not 0 < gap <= _MAX_PIECES:
            continue
        for at in itertools.combinations(range(need), gap):
            filled: list[Tok] = []
            rest = iter(line)
            for k in range(need):
                filled.append(_blank(line[0]) if k in at else next(rest))
            if check(filled):
                return True
    return False


def join_extra(runs: list[Run], need: int, aligned: bool) -> tuple[list[Run], bool]:
    """A one-line table printed with more numbers than it has cells: the pieces of a wrapped number
    joined, when one joining alone brings the count to ``need``. Returns the runs and whether the
    reading is in doubt (the joined number's place is not fixed by the layout, or nothing explains
    the extra numbers): no number is dropped to make the count.

    The pieces stand side by side (their place in the line is theirs), or alone just above and below
    the value line: then only positions (``aligned``) tell where the joined number stands. With
    positions, pieces above and below in the same columns are joined however many they are, and the
    line may stay short of ``need`` (its blanks printed as nothing, placed by ``shortrows``).
    """
    toks = [t for r in runs for t in r.cells]
    values = [t for t in toks if t.kind is TokKind.VALUE]
    if aligned and len(values) == len(toks) and len(toks) >= 3 and (pairs := _wrap_pairs(toks, by_column=True)) \
            and len({t.line for t in pairs[0]}) == 1 \
            and (line := _in_column_order(*pairs)) is not None and len(line) <= need:
        # Several numbers wrapped in their cells (pdftotext -layout): each pair of pieces stands in
        # one column, and the columns place the numbers they make among the line's. A line still
        # short of cells has blanks printed as nothing, which the placement of short lines reads.
        return [Run(runs[0].label, runs[0].label_start, line, pre=runs[0].pre, post=runs[-1].post)], False
    if len(toks) <= need or len(values) != len(toks):
        return runs, False
    if len(toks) - need != 1:
        return runs, True
    options: list[tuple[list[Tok], bool]] = []  # (line, place fixed by the layout)
    if (pieces := _wrap_pieces(toks)) is not None:
        lines = _insertions(*pieces)
        # A joined number standing about where a number of the line does has no place by position
        # (as in _in_column_order): a character's difference there is a converter's rounding.
        clear = aligned and all(abs(pieces[1].col - t.col) > _PIECE_DRIFT for t in pieces[0])
        by_position = [line for line in lines if _by_position(line)] if clear else []
        options.append((by_position[0], True) if len(by_position) == 1 else (lines[0], False))
    options.extend((line, True) for line in _side_by_side_joins(toks))
    if len(options) != 1:
        return runs, True
    line, fixed = options[0]
    return [Run(runs[0].label, runs[0].label_start, line, pre=runs[0].pre, post=runs[-1].post)], not fixed


def _blank(near: Tok) -> Tok:
    return Tok(TokKind.EMPTY, "", near.start, near.start, near.line, -1)


def pieces_finding(spec: TableSpec, cells: Sequence[str]) -> Finding:
    return catalogued(
        "extract.uncertain",
        message=f"{spec.title}：有数字单独印在数值行的上方或下方（可能是窄格中折成两行的数字），"
                "无法确定各数所属的栏，请核对原文",
        cells=tuple(cells),
    )


def doubt_finding(spec: TableSpec, row_title: str, cells: Sequence[str]) -> Finding:
    return catalogued(
        "extract.uncertain",
        message=f"{spec.title}：{row_title}有一个数字在窄格中折成两行，接回后该行总计相符，但不能确定它属于哪一栏，请核对原文",
        cells=tuple(cells),
    )


def _rebuilt(runs: list[Run], segs: list[_Segment]) -> list[Run]:
    """The runs with their segments' new cells; a run left without numbers gives its label to the next."""
    cells: dict[int, list[Tok]] = {}
    doubtful: dict[int, tuple[int, _Segment]] = {}
    for seg in segs:
        if seg.others:
            doubtful[seg.run] = (len(cells.get(seg.run, [])), seg)
        cells.setdefault(seg.run, []).extend(seg.toks)
    others = {i: [cells[i][:at] + o + cells[i][at + len(seg.toks):] for o in seg.others]
              for i, (at, seg) in doubtful.items()}
    out: list[Run] = []
    carry: Run | None = None
    for i, run in enumerate(runs):
        new = replace(run, cells=cells.get(i, run.cells), others=others.get(i, [])) if run.cells else run
        if carry is not None:
            new = replace(new, label=carry.label + new.label, label_start=carry.label_start, tail=new.tail or carry.tail)
            carry = None
        if run.cells and not new.cells:
            carry = new  # its text was a label line: it goes on to the next run, as if no number stood there
            continue
        out.append(new)
    if carry is not None and out:
        out[-1] = replace(out[-1], post=[*out[-1].post, *carry.post])
    return out


_STACK_DRIFT = 40  # tenths of a point: the digits of one number wrapped a digit a line share their middle
_STACK_READINGS = 256  # ways of sharing the pieces between the rows at most


def stacked(runs: list[Run], checks: dict[int, Check], text: str) -> list[Run]:
    """A PDF table's numbers wrapped a digit or two a line in their narrow cells (full-width digits
    in a browser's print of a web page): the pieces stand in the number's column on lines of their
    own just above and below the row's line, and a middle piece may stand on the row's line itself
    ("１" over "０", "２" under it: 102). Lines of pieces between two rows are the lower ends of the
    upper row's numbers and the upper ends of the lower row's, split at a line no position tells.

    Each way of splitting them is a reading of the layout; the pieces of each column are joined in
    line order (no digit changed or dropped). A reading is taken when it is the only one in which
    every row given pieces holds its relations; otherwise the lines are left as they stand (a row
    with a slip in it holds in no reading, and the readings that follow read its pieces as before).
    Read as cells, the pieces of a row's wrapped numbers and the next row's lengthen the row and
    move its numbers (a row and the pieces after it, read as one row of too many numbers, loses
    its first numbers to the label).
    ``text``: what the tokens' offsets index (a piece's line holds nothing else).
    """
    if not checks or not text:
        return runs
    segs: list[_Segment] = []
    for i, run in enumerate(runs):
        for _line, group in itertools.groupby(run.cells, key=lambda t: t.line):
            segs.append(_Segment(i, list(group)))
    in_runs = list(segs)  # the runs' order, for rebuilding them
    segs.sort(key=lambda s: s.line)
    pieces = [k for k, s in enumerate(segs) if _stack_piece(s, text)]
    if not pieces:
        return runs
    rows = [k for k, s in enumerate(segs) if len(s.toks) >= 3 and all(t.kind is TokKind.VALUE for t in s.toks)]
    # Chains of piece lines, each between the rows it touches (line next to line).
    piece_set = set(pieces)
    chains: list[tuple[int | None, list[int], int | None]] = []  # (row above, pieces, row below)
    k = 0
    while k < len(segs):
        if k not in piece_set:
            k += 1
            continue
        chain = [k]
        while chain[-1] + 1 < len(segs) and chain[-1] + 1 in piece_set \
                and segs[chain[-1] + 1].line == segs[chain[-1]].line + 1:
            chain.append(chain[-1] + 1)
        before, after = chain[0] - 1, chain[-1] + 1
        up = before if before in rows and segs[before].line == segs[chain[0]].line - 1 else None
        down = after if after < len(segs) and after in rows and segs[after].line == segs[chain[-1]].line + 1 else None
        chains.append((up, chain, down))
        k = after
    dropped: set[int] = set()
    for linked in _chain_groups(chains):
        readings = _stack_readings(segs, linked, checks)
        if readings is not None and len(readings) == 1:
            for row, toks in readings[0].items():
                segs[row].toks = toks
            for _up, chain, _down in linked:
                dropped.update(chain)
    if not dropped:
        return runs
    for k in dropped:
        segs[k].toks = []
    return _rebuilt(runs, in_runs)


def _stack_piece(seg: _Segment, text: str) -> bool:
    """A line holding one or two numbers of digits alone (no label, no mark)."""
    if not 1 <= len(seg.toks) <= 2 or not all(t.kind is TokKind.VALUE and t.text.isdigit() and t.col >= 0
                                             for t in seg.toks):
        return False
    first, last = seg.toks[0], seg.toks[-1]
    start = text.rfind("\n", 0, first.start) + 1
    end = text.find("\n", last.end)
    outside = text[start:first.start] + text[last.end:len(text) if end < 0 else end] + \
        "".join(text[a.end:b.start] for a, b in itertools.pairwise(seg.toks))
    return not outside.strip()


def _chain_groups(chains: list[tuple[int | None, list[int], int | None]]) -> list[list[tuple[int | None, list[int], int | None]]]:
    """The chains linked by the rows they share (a row with pieces above and below)."""
    groups: list[list[tuple[int | None, list[int], int | None]]] = []
    for chain in chains:
        if groups and chain[0] is not None and groups[-1][-1][2] == chain[0]:
            groups[-1].append(chain)
        else:
            groups.append([chain])
    return groups


def _stack_readings(segs: list[_Segment], group: list[tuple[int | None, list[int], int | None]],
                    checks: dict[int, Check]) -> list[dict[int, list[Tok]]] | None:
    """Every sharing of the group's pieces between its rows in which each row given pieces holds;
    None when the readings are too many to try."""
    options: list[range] = []  # how many of each chain's lines go to the row above
    for up, chain, down in group:
        if up is None and down is None:
            return None  # pieces beside no row: nobody's
        if up is None:
            options.append(range(0, 1))
        elif down is None:
            options.append(range(len(chain), len(chain) + 1))
        else:
            options.append(range(len(chain) + 1))
    total = 1
    for o in options:
        total *= len(o)
    if total > _STACK_READINGS:
        return None
    found: list[dict[int, list[Tok]]] = []
    for splits in itertools.product(*options):
        given: dict[int, tuple[list[int], list[int]]] = {}  # row -> (piece lines above, below)
        for (up, chain, down), at in zip(group, splits, strict=True):
            if up is not None and at:
                given.setdefault(up, ([], []))[1].extend(chain[:at])
            if down is not None and at < len(chain):
                given.setdefault(down, ([], []))[0].extend(chain[at:])
        reading: dict[int, list[Tok]] = {}
        for row, (above, below) in given.items():
            line = _stack_line(segs[row].toks, [t for k in above for t in segs[k].toks],
                               [t for k in below for t in segs[k].toks])
            if line is None or len(line) not in checks or not checks[len(line)](line):
                break
            reading[row] = line
        else:
            found.append(reading)
    return found


def _stack_line(row: list[Tok], above: list[Tok], below: list[Tok]) -> list[Tok] | None:
    """The row with the pieces joined into its numbers column by column (top to bottom); None when a
    column's pieces make no number. (Pieces of numbers in other columns, set a little higher or
    lower, stand on lines of their own between a column's pieces.)"""
    columns: list[list[Tok]] = []
    for tok in sorted([*above, *row, *below], key=lambda t: (t.line, t.col)):
        for col in columns:
            if abs(col[0].col - tok.col) <= _STACK_DRIFT:
                col.append(tok)
                break
        else:
            columns.append([tok])
    line: list[Tok] = []
    row_line = row[0].line
    for col in columns:
        lines = [t.line for t in col]
        if len(set(lines)) != len(lines):
            return None  # two numbers of one line in one column
        tok = col[0]
        for nxt in col[1:]:
            joined = join_pieces(tok, nxt)
            if joined is None:
                return None
            tok = joined._replace(line=row_line, col=col[0].col)
        line.append(tok._replace(line=row_line))
    return sorted(line, key=lambda t: t.col)

