"""Short rows of position-aligned text placed under the columns of the full rows printed nearest them.

``pdftotext -layout`` and a PDF page print a blank cell as nothing, so a row with fewer numbers
than columns tells where its blanks sit only by where its numbers stand. The columns are those of
the full rows around it; a table cut by a page break (the header repeated or not) may stand at
other positions on the next page, so one median over the whole table is not the columns of every
row. Each short row is matched against the nearest full row before it and the nearest after it:
when the two agree, or only one fits (the two set on one grid), that is the placement; when they
disagree, or the row fits only one of two full rows on different grids, the row is left to the
arithmetic (``shortrows``). Where no full row is near (every row has a blank), the columns
are where the numbers of the rows on the same page stand: their positions fall into as many
clusters as the table has columns, or they say nothing.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from collections.abc import Callable, Sequence

from gkaudit.extraction.tokens import Run, Tok, TokKind
from gkaudit.reading.normalise import compact
from gkaudit.reading.texttables import width

Slots = list[Tok | None]


def place(widths: Sequence[int], runs: Sequence[Run], pages: Sequence[int], on_page: bool = False,
          grid: bool = False, text: str = "") -> list[Slots | None]:
    """For each run (of a row ``widths[i]`` cells wide, on page ``pages[i]``), its cells under their
    columns, or None when the run is full, empty, or its place is not clear from the positions.

    ``on_page``: the positions are the words' boxes on the PDF page, not characters in a line;
    ``grid``: they are the cells' columns of a tab or pipe grid; ``text``: what the tokens'
    offsets index. Where the table's rows show its characters are no columns (PyMuPDF), a row is
    placed by its own numbers' spacing (``_spaced``) or where characters and display columns agree
    (``_agree``), and not at all where these say different things; where they say too little
    (``columns_evidence`` None), only where both ways of reading agree, or by display columns when
    the page's numbers fall into the table's columns in display columns but not in characters.
    """
    def in_columns(run: Run) -> bool:
        return on_page or grid or aligned(run)

    full = [i for i, run in enumerate(runs) if run.cells and len(run.cells) == widths[i]]
    source = "" if on_page or grid else text
    evidence = True if on_page or grid or not text else \
        columns_evidence(text, [(pages[i], runs[i]) for i in full if in_columns(runs[i])],
                         [(pages[i], run) for i, run in enumerate(runs)
                          if run.cells and len(run.cells) < widths[i] and in_columns(run)])

    def locate(i: int, before: list[int], after: list[int], chars: bool) -> list[Slots]:
        """The placements of run ``i`` the positions give, counted as characters or not."""
        run, width, lines = runs[i], widths[i], "" if chars else text
        # Characters are columns (pdftotext -layout): where the row, or a row as wide between it and
        # the full row, stands off that row's grid and the rows with it form a grid of their own
        # (pdftotext pushed a block of rows by the labels beside it), the block's grid places it.
        strict = not (on_page or grid or lines)
        found = [s for j in (*before, *after)
                 if in_columns(runs[j]) and (not grid or extent(runs[j]) == extent(run))
                 and (s := _slots(run, (_own_grid(runs, widths, pages, i, j) if strict else None)
                                  or [t.col for t in runs[j].cells], grid)) is not None]
        if strict and len(found) == 1 and before and after and in_columns(runs[before[0]]) \
                and in_columns(runs[after[0]]) and _grids_differ(runs[before[0]], runs[after[0]]):
            # The full rows on either side stand on different grids and the row fits only one:
            # which grid it was set on is not known (a narrow page where pdftotext spaced each
            # row by its own label's width).
            return []
        page = _page_rows(runs, widths, pages, i)
        spread = [in_columns(r) for r in page if len(r.cells) > 1]
        if not found and not grid and 2 * sum(spread) > len(spread):
            centres = _clusters([t.col for r in page for t in r.cells], width)
            if centres is not None and not _full_rows_fit(page, centres):
                # A whole row of the page with two numbers nearest one group, or one under none:
                # the groups are columns of rows set on different grids run together
                # (pdftotext pushed each row by its label), not the table's columns.
                centres = None
            found = [s] if centres is not None and (s := _slots(run, centres)) is not None else []
            if not found and source:
                found = _by_display(source, run, page, width)
        if lines:
            # Where the characters are no columns, the row's own spacing may still place it.
            spaced = _by_spacing(lines, run, [runs[j] for j in (*before, *after)]) if before or after else None
            refs = [runs[j] for j in (*before, *after)]
            found = ([spaced] if spaced is not None else []) + \
                ([found[0]] if found and all(_agree(lines, run, r) for r in refs)
                 and not _off_bare(lines, run, found[0], refs, page) else [])
            if not found and evidence is False and 2 * sum(spread) > len(spread):
                # Display columns (w3m) only where the rows said the characters are no columns,
                # and the page's bare lines do not gainsay the full rows' (PyMuPDF).
                found = [s for s in _by_display(lines, run, page, width) if not _off_bare(lines, run, s, refs, page)]
        return found

    out: list[Slots | None] = []
    for i, run in enumerate(runs):
        width = widths[i]
        if not run.cells or len(run.cells) >= width:
            out.append(None)
            continue
        # Pieces of one value line (a one-line table shared out by rows) are no columns for each other.
        # A full row on another page is no column for this one: the page may print the table at
        # other positions (the header repeated or not), and a near miss there lands a number in the
        # neighbouring column with nothing to say so.
        same = [j for j in full if widths[j] == width and runs[j].cells[0].line != run.cells[0].line
                and pages[j] == pages[i]]
        before = [j for j in same if j < i][-1:]
        after = [j for j in same if j > i][:1]
        if evidence is None:
            # The rows said too little to tell whether the characters are columns: a placement
            # both measures give alike, or none.
            by_chars, by_other = locate(i, before, after, True), locate(i, before, after, False)
            found = by_chars + by_other if by_chars and by_other else []
            page = _page_rows(runs, widths, pages, i)
            if not found and _clusters([t.col for r in page for t in r.cells], width) is None:
                # The page's numbers fall into as many display columns as the table has, and not
                # as many character columns: a text browser's (w3m) table, whatever the pairs said.
                found = _by_display(text, run, page, width)
        else:
            found = locate(i, before, after, bool(evidence))
        if not found or any(_cols(s) != _cols(found[0]) for s in found[1:]):
            out.append(None)
        else:
            out.append(found[0])
    return out


def _page_rows(runs: Sequence[Run], widths: Sequence[int], pages: Sequence[int], i: int) -> list[Run]:
    """The runs as wide as run ``i`` on its page whose columns may place it: run ``i`` itself and
    the runs on other lines. Other pieces of its own line (a one-line table's value line shared
    out by rows) are no columns for it: the line's numbers clustered into a row's columns put a
    piece's numbers under the first ones whatever blanks the line left out."""
    line = runs[i].cells[0].line if runs[i].cells else -1
    return [r for j, r in enumerate(runs) if pages[j] == pages[i] and widths[j] == widths[i]
            and (j == i or not r.cells or r.cells[0].line != line)]


def _full_rows_fit(page: Sequence[Run], centres: Sequence[float]) -> bool:
    """True when every whole row among ``page`` stands its k-th number nearest the k-th centre."""
    def nearest(col: int) -> int:
        return min(range(len(centres)), key=lambda k: abs(centres[k] - col))

    return all([nearest(t.col) for t in r.cells] == list(range(len(centres)))
               for r in page if len(r.cells) == len(centres))


def _off_grid(run: Run, full: Run, strict: bool = True) -> bool:
    """True when the run's numbers stand off ``full``'s columns by amounts that differ by more
    than ``_SHIFT`` or half the columns' spacing: the two lines are set on different grids.
    ``strict``: a run that falls under none of them (two numbers nearest one) is off too."""
    centres = [t.col for t in full.cells]
    spacing = min(b - a for a, b in itertools.pairwise(centres))
    slots = _slots(run, centres)
    if slots is None:
        return strict
    shifts = [t.col - c for t, c in zip(slots, centres, strict=True) if t is not None]
    return max(shifts) - min(shifts) > max(_SHIFT, spacing / 2)


def _grids_differ(a: Run, b: Run) -> bool:
    """True when most of two full rows' numbers stand more than ``_SHIFT`` characters off each
    other's: the two lines are set on different grids (one number off is a wide digit's doing)."""
    if len(a.cells) != len(b.cells) or len(a.cells) < 2:
        return False
    off = sum(abs(y.col - x.col) > _SHIFT for x, y in zip(a.cells, b.cells, strict=True))
    return 2 * off > len(a.cells)


def _own_grid(runs: Sequence[Run], widths: Sequence[int], pages: Sequence[int], i: int, j: int) -> list[float] | None:
    """The columns of the block of short rows around run ``i`` set on a grid other than full row
    ``j``'s: from the row between them nearest ``j`` that is off ``j``'s grid, away from ``j`` up to
    a full row (or another page or width). Where their numbers fall into exactly as many clusters
    as the row has columns, those are its columns (as the page's, where no full row is near)."""
    def short(k: int) -> bool:
        return widths[k] == widths[i] and pages[k] == pages[i] and 0 < len(runs[k].cells) < widths[k]

    step = 1 if i < j else -1
    between = [k for k in range(j - step, i - step, -step) if short(k)]
    edge = next((k for k in between if _off_grid(runs[k], runs[j], strict=k == i)), None)
    if edge is None:
        return None
    block = [edge]
    k = edge - step
    while 0 <= k < len(runs) and short(k):
        block.append(k)
        k -= step
    centres = _clusters([t.col for k in block for t in runs[k].cells], widths[i])
    if centres is not None and any(_slots(runs[k], centres) is None for k in block):
        # A row of the block with two numbers nearest one group, or one far from all: the groups
        # are no grid of these rows (a number printed close to its label made a group of its own,
        # and two columns ran together).
        return None
    return centres


_SHIFT = 2  # characters a row's numbers may stand off their columns by different amounts


def _by_display(text: str, run: Run, page: Sequence[Run], width: int) -> list[Slots]:
    """The run under the columns that the numbers of its page fall into counted in display
    columns (a CJK character two), when they fall into exactly as many as the table has: a text
    browser (w3m) lays a table out in display columns, so the labels' wide characters before a
    line's numbers move them in characters but not on the screen."""
    def shown(r: Run) -> Run:
        return Run(r.label, r.label_start, [t._replace(col=round(display_col(text, t))) for t in r.cells])

    centres = _clusters([t.col for r in page for t in shown(r).cells], width)
    mine = shown(run)
    s = _slots(mine, centres) if centres is not None else None
    return [] if s is None else [[None if t is None else run.cells[mine.cells.index(t)] for t in s]]


def line_middle(text: str, a: int, b: int) -> float:
    """The middle of ``text[a:b]`` in characters from its line's start."""
    return (a + b) / 2 - text.rfind("\n", 0, a) - 1


def display_middle(text: str, a: int, b: int) -> float:
    """The middle of ``text[a:b]`` in display columns of its line (a CJK character two)."""
    head = text[text.rfind("\n", 0, a) + 1:a]
    return sum(map(width, head)) + sum(map(width, text[a:b])) / 2


def display_col(text: str, tok: Tok) -> float:
    """The middle of a number (its first piece, if joined) in display columns of its line."""
    return display_middle(text, *(tok.parts[0] if tok.parts else (tok.start, tok.end)))


def _wide(text: str, tok: Tok) -> float:
    """Display columns more than characters up to the number's middle (its first piece's)."""
    a, b = tok.parts[0] if tok.parts else (tok.start, tok.end)
    return display_middle(text, a, b) - line_middle(text, a, b)


_EVIDENCE = 2  # pairs of rows in step, or out of step, in characters that say which measure holds


def characters_are_columns(text: str, full: Sequence[tuple[int, Run]]) -> bool:
    """True where the rows say the characters are columns, or say nothing (``columns_evidence``):
    where they say too little, what is placed by them alone (a review line under its headings,
    a wrapped piece) is not."""
    return columns_evidence(text, full) is True


def columns_evidence(text: str, full: Sequence[tuple[int, Run]],
                     short: Sequence[tuple[int, Run]] = ()) -> bool | None:
    """True when full rows with different amounts of wide text before their numbers stand in the
    same character columns at least ``_EVIDENCE`` times and at least as often as not, or when
    nothing can be compared; False when they stand in different ones at least ``_EVIDENCE`` times
    and more often than not; None when they say too little (one pair, or as many each way).
    ``pdftotext -layout`` lays every character on one grid whatever its width, PyMuPDF spaces each
    line by its own estimate and w3m by display columns. Rows on different pages are not compared
    (a page may print the table at other positions). A table whose rows say little adds the
    document's other value lines, each pair of lines counted once: one converter printed them all.
    One pair in step is no evidence: PyMuPDF puts about one pair in six in step by chance (fresh
    seeds: a table with one such pair was placed a column off), as one pair out of step is none
    (it placed a w3m row by characters, its document's other lines saying display columns).
    Rows with a blank (``short``) add theirs where the full rows say too little: a short row with
    other wide text before its numbers than a full row's that stands exactly under the full row's
    columns counted one way and off them counted the other (w3m: a table whose full rows all have
    labels about as wide, its short rows placed a column off by characters)."""
    pairs: dict[tuple[int, int], bool] = {}  # (line start, line start) -> in step
    for (page_a, a), (page_b, b) in itertools.combinations(full, 2):
        if page_a != page_b or len(a.cells) != len(b.cells) or abs(_wide(text, a.cells[0]) - _wide(text, b.cells[0])) < 2:
            continue
        one, two = sorted((text.rfind("\n", 0, a.cells[0].start) + 1, text.rfind("\n", 0, b.cells[0].start) + 1))
        pairs[one, two] = abs(statistics.median(s.col - t.col for s, t in zip(a.cells, b.cells, strict=True))) <= 1
    if text and max(sum(pairs.values()), len(pairs) - sum(pairs.values())) < _EVIDENCE:
        # Too few pairs in the table to say: the document's other value lines add theirs, and the
        # table's short rows theirs.
        pairs = {**_document_steps(text), **_short_steps(text, full, short), **pairs}
    same, differ = sum(pairs.values()), len(pairs) - sum(pairs.values())
    if not pairs or (same >= _EVIDENCE and same >= differ):
        return True
    return False if differ >= _EVIDENCE and differ > same else None


_EXACT = 1  # characters a number stands off its column at most, counted the way that holds
_OFF = 2  # characters some number stands off every column, more than, counted the way that fails


def _short_steps(text: str, full: Sequence[tuple[int, Run]], short: Sequence[tuple[int, Run]]) -> dict[tuple[int, int], bool]:
    """``columns_evidence``' pairs of a short row and a full row of its page with different amounts
    of wide text before their numbers: in step when the short row's numbers stand exactly under
    the full row's columns counted in characters and off them in display columns, out of step
    the other way round; no pair where both or neither fit."""
    def miss(cols: Sequence[float], centres: Sequence[float]) -> float:
        return max(min(abs(c - x) for x in centres) for c in cols)

    pairs: dict[tuple[int, int], bool] = {}
    for (page_s, s), (page_f, f) in itertools.product(short, full):
        if page_s != page_f or abs(_wide(text, s.cells[0]) - _wide(text, f.cells[0])) < 2:
            continue
        by_chars = miss([t.col for t in s.cells], [t.col for t in f.cells])
        by_display = miss([display_col(text, t) for t in s.cells], [display_col(text, t) for t in f.cells])
        one, two = sorted((text.rfind("\n", 0, s.cells[0].start) + 1, text.rfind("\n", 0, f.cells[0].start) + 1))
        if by_chars <= _EXACT < _OFF < by_display:
            pairs[one, two] = True
        elif by_display <= _EXACT < _OFF < by_chars:
            pairs[one, two] = False
    if len(set(pairs.values())) > 1 or len(pairs) < _SHORT_EVIDENCE:
        # Short rows that fit either way, or too few: chance (PyMuPDF spaces each line by its own
        # estimate, and a short row lands exactly under a full row's columns now one way, now the
        # other: seed 22163, a pair each way and one more).
        return {}
    return pairs


_SHORT_EVIDENCE = 2 * _EVIDENCE  # pairs of a short row and a full row, all one way, that say which measure holds


_VALUE_TAIL = re.compile(r"(?<![^\s])(\d+)(?=\s|$)")
_MIN_NUMBERS = 3  # numbers on a line of a table's row, for the document's evidence
_MAX_LINES = 200  # lines of one page and count compared, at most
_SAME_SPACING = 1.5  # characters two lines' neighbouring numbers stand apart differently, at most, in the same columns


@functools.lru_cache(maxsize=8)
def _document_steps(text: str) -> dict[tuple[int, int], bool]:
    """``characters_are_columns``' pairs over every line of the document ending in plain numbers
    set apart (a table's row, its label before them): pairs of lines on one page with as many
    numbers and different amounts of wide text before them (by their lines' starts), each in step
    or not."""
    # Lines compared only with lines of their page and count: bounded work on a long document.
    groups: dict[tuple[int, int], list[tuple[int, float, list[float]]]] = {}  # (page, count) -> start, wide, middles
    page = start = 0
    for raw in text.split("\n"):
        at, start = start, start + len(raw) + 1
        page += raw.count("\f")
        line = raw.replace("\f", "")
        numbers = list(_VALUE_TAIL.finditer(line))
        if len(numbers) < _MIN_NUMBERS or not set(line[numbers[0].start():]) <= PLAIN_DIGITS \
                or not any(b.start() - a.end() >= 2 for a, b in itertools.pairwise(numbers)):
            continue
        head = line[:numbers[0].start()]
        groups.setdefault((page, len(numbers)), []).append(
            (at, sum(map(width, head)) - len(head), [(m.start() + m.end()) / 2 for m in numbers]))
    pairs: dict[tuple[int, int], bool] = {}
    for rows in groups.values():
        for (at_a, wide_a, a), (at_b, wide_b, b) in itertools.combinations(rows[:_MAX_LINES], 2):
            # Lines spaced alike (a blank between other numbers moves them): the same columns.
            if abs(wide_a - wide_b) < 2 or any(abs((x2 - x1) - (y2 - y1)) > _SAME_SPACING for (x1, x2), (y1, y2)
                                               in zip(itertools.pairwise(a), itertools.pairwise(b), strict=True)):
                continue
            pairs[at_a, at_b] = abs(statistics.median(x - y for x, y in zip(a, b, strict=True))) <= 1
    return pairs


def _agree(text: str, run: Run, full: Run) -> bool:
    """True when the run stands under the same columns of ``full`` counted in characters and in
    display columns (a CJK character two), or when the two measures are one for these lines (as
    much wide text before each number). PyMuPDF spaces each line by its own estimate, which the
    characters on it change: a number after a label and one on a bare line line up in neither
    measure, where the two disagree the position says nothing, and after a character that is no
    plain digit between a line's numbers (a full-width digit, a blank mark "/" or "—") neither
    measure holds even for that line's own numbers."""
    if not (_plain(text, run) and _plain(text, full)):
        return False
    mine, theirs = {_wide(text, t) for t in run.cells}, {_wide(text, t) for t in full.cells}
    if mine == theirs:
        return True
    wide = Run(run.label, run.label_start, [t._replace(col=round(display_col(text, t))) for t in run.cells])
    slots = _slots(wide, [display_col(text, t) for t in full.cells])
    return slots is not None and _cols(slots) == _cols(_slots(run, [t.col for t in full.cells]) or [])


def _off_bare(text: str, run: Run, slots: Slots, refs: Sequence[Run], page: Sequence[Run]) -> bool:
    """True when the page's bare lines (numbers with nothing before them on their line, which
    PyMuPDF and a text browser alike print at their true places relative to each other) do not
    bear out ``slots``, a placement of the run by full rows ``refs`` (characters and display
    columns agreeing, ``_agree``) whose wide text before the numbers differs from the run's.
    PyMuPDF spaces each line by its own estimate, so a label of wide characters and one of mixed
    text can put both measures a column off alike. Each number, the run's and the full rows', is
    compared with the bare line nearest the run that has a number as long in its column (the
    page's bare numbers fall into as many groups as the row has columns; the nearest, as a page
    of the PDF may stand a column a character off the next page's): the placement holds where,
    in one measure or the other, the run's numbers start where those do, or as far from them as
    a full row's numbers do (the two lines spaced alike). No bare grid, or no bare number as long
    in the run's columns: nothing said."""
    mine = {_wide(text, t) for t in run.cells}
    if all({_wide(text, t) for t in r.cells} == mine or _bare(text, r) for r in refs):
        # A bare full row stands where the bare lines do: the pair's agreement is as good as theirs.
        return False
    bare = [t for r in page if r is not run and r.cells and _bare(text, r) and _plain(text, r) for t in r.cells]
    centres = _clusters([round(line_middle(text, t.start, t.end)) for t in bare], len(slots))
    if centres is None:
        return False
    line = run.cells[0].line

    def head(t: Tok) -> int:
        return text.rfind("\n", 0, t.start) + 1

    column: dict[int, list[Tok]] = {}
    for t in bare:
        k = min(range(len(centres)), key=lambda c: abs(centres[c] - line_middle(text, t.start, t.end)))
        column.setdefault(k, []).append(t)

    def under(row: Slots | list[Tok]) -> list[tuple[Tok, list[int]]]:
        """Each number of ``row`` with where the nearest bare numbers as long in its column start."""
        out = []
        for k, tok in enumerate(row):
            same = [t for t in column.get(k, []) if tok is not None and t.end - t.start == tok.end - tok.start]
            if tok is not None and same:
                near = min(abs(t.line - line) for t in same)
                out.append((tok, [t.start - head(t) for t in same if abs(t.line - line) == near]))
        return out

    pairs, theirs = under(slots), [p for r in refs for p in under(r.cells)]
    if not pairs:
        return False

    def holds(at: Callable[[Tok], int]) -> bool:
        shifts = {at(t) - a for t, got in pairs for a in got}
        return shifts == {0} or bool(shifts & {at(t) - a for t, got in theirs for a in got})

    return not (holds(lambda t: t.start - head(t)) or holds(lambda t: sum(map(width, text[head(t):t.start]))))


_PLAIN = frozenset("0123456789 .,+-%")
PLAIN_DIGITS = frozenset("0123456789 +-")  # a line of plain digits: each character a digit's width
_ROUNDING = 0.6  # characters: PyMuPDF rounds each gap to whole spaces (half a space), and a sign is no digit's width


def _spaced(text: str, run: Run, full: Run) -> set[tuple[int, ...]] | None:
    """The columns of ``full`` the run's numbers may stand under by the distances between them, or
    None when the lines do not tell (not plain digits). PyMuPDF prints the gap before a word as
    its width in the word's own characters, rounded to whole spaces: on a line of plain digits
    the distance between two neighbouring numbers' middles is the page's, in digit widths, within
    half a space, whatever stands before the first one; the columns' distances are those of the
    full row's numbers, each within as much. Where nothing stands before the first number on
    either line (no label), the gap from the page's left edge is also counted in digit widths,
    so the first number stands under the column the full row has there."""
    if not (set(text[run.cells[0].start:run.cells[-1].end]) <= PLAIN_DIGITS
            and set(text[full.cells[0].start:full.cells[-1].end]) <= PLAIN_DIGITS) or len(full.cells) <= len(run.cells):
        return None
    mine = [line_middle(text, t.start, t.end) for t in run.cells]
    theirs = [line_middle(text, t.start, t.end) for t in full.cells]
    bare = _bare(text, run) and _bare(text, full)
    fits: set[tuple[int, ...]] = set()
    for combo in itertools.combinations(range(len(theirs)), len(run.cells)):
        spans = [(theirs[b] - theirs[a], b - a) for a, b in itertools.pairwise(combo)]
        if any(abs(span - (m2 - m1)) > _ROUNDING * (steps + 1)
               for (span, steps), (m1, m2) in zip(spans, itertools.pairwise(mine), strict=True)):
            continue
        # From the left edge: one rounding for the run's first number, one per word up to the column's.
        if bare and abs(theirs[combo[0]] - mine[0]) > _ROUNDING * (combo[0] + 2):
            continue
        fits.add(combo)
    return fits


def _bare(text: str, run: Run) -> bool:
    """True when nothing but spaces stands before the run's first number on its line."""
    start = run.cells[0].start
    return not text[text.rfind("\n", 0, start) + 1:start].strip()


def _by_spacing(text: str, run: Run, fulls: Sequence[Run]) -> Slots | None:
    """The run under the columns its spacing leaves it against every plain full row near it, when
    exactly one placement fits them all (see ``_spaced``); None when one fits none: the line is
    then not spaced as the model says (another font, a wrapped number)."""
    found: set[tuple[int, ...]] | None = None
    for full in fulls:
        fits = _spaced(text, run, full)
        if fits is None:
            continue
        if not fits:
            return None
        found = fits if found is None else found & fits
    if not found or len(found) != 1:
        return None
    slots: Slots = [None] * len(fulls[0].cells)
    for k, tok in zip(next(iter(found)), run.cells, strict=True):
        slots[k] = tok
    return slots


def _plain(text: str, run: Run) -> bool:
    """True when nothing but ASCII digits, number signs and spaces stands from the run's first
    number to its last, on one line."""
    return set(text[run.cells[0].start:run.cells[-1].end]) <= _PLAIN


def extent(run: Run) -> tuple[int, int]:
    """The first and last grid column of a row's cells, the empty ones at its ends included: rows
    whose label spans another number of columns stand elsewhere in the grid."""
    cells = [*run.pre, *run.cells, *run.post]
    return cells[0].col, cells[-1].col


def aligned(run: Run) -> bool:
    """True when the run's numbers stand apart by more than one space: set in columns, not just listed
    (pypdf and pdfplumber print "1181 287 27", where positions say nothing)."""
    return any(b.start - a.end >= 2 for a, b in itertools.pairwise(run.cells) if a.line == b.line)


def _cols(slots: Slots) -> tuple[int, ...]:
    return tuple(i for i, t in enumerate(slots) if t is not None)


def _slots(run: Run, centres: Sequence[float], grid: bool = False) -> Slots | None:
    """The run's values under the nearest columns, in order; None if two share one or one is far off.

    ``grid``: the positions are the cells' columns in a tab or pipe grid, which must match exactly.
    """
    if not run.cells or len(run.cells) >= len(centres) or any(c < 0 for c in centres):
        return None
    if grid:
        at = {c: i for i, c in enumerate(centres)}
        if len(at) < len(centres) or any(t.col not in at for t in run.cells):
            return None
        slots: Slots = [None] * len(centres)
        for tok in [*run.pre, *run.post, *run.cells]:
            # The grid's empty cells at the row's ends are its blank cells, with their places.
            if tok.col in at:
                slots[at[tok.col]] = tok
        return slots
    spacing = min((b - a for a, b in itertools.pairwise(centres)), default=10) or 10
    if spacing < 3:
        # Values one space apart ("0 0 0 0 0 0 0"): where they start says nothing about columns.
        return None
    slots = [None] * len(centres)
    last = -1
    for tok in run.cells:
        near = sorted(range(len(centres)), key=lambda i: abs(centres[i] - tok.col))
        idx = near[0]
        if idx <= last or abs(centres[idx] - tok.col) > spacing * 0.75:
            return None
        if len(near) > 1 and abs(centres[near[1]] - tok.col) - abs(centres[idx] - tok.col) < 2:
            return None  # about as near to the next column: its position does not say which
        slots[idx] = tok
        last = idx
    return slots


_JITTER = 2  # a column's numbers stand this far apart at most (a wide number's middle moves)


def _clusters(cols: Sequence[int], width: int) -> list[float] | None:
    """The middles of ``width`` groups the positions fall into, when they fall into exactly that many."""
    if any(c < 0 for c in cols) or len(cols) < 2 * width:
        return None
    groups: list[list[int]] = []
    for c in sorted(cols):
        if groups and c - groups[-1][-1] <= _JITTER:
            groups[-1].append(c)
        else:
            groups.append([c])
    if len(groups) != width:
        return None
    return [g[len(g) // 2] for g in groups]


def under_headers(run: Run, labels: Sequence[str]) -> Slots | None:
    """A grid row with more cells than columns (a converter's grid finer than the table's): each
    number under the column whose heading starts at or before it in the latest header line.

    None unless every column's heading is found there, in order, and each number falls under a
    heading of its own.
    """
    # The row's grid cells, the empty ones at its ends too: a grid finer than the table's.
    if not run.header or len(run.pre) + len(run.cells) + len(run.post) <= len(labels):
        return None
    heads = sorted(run.header.items())
    starts: list[int] = []
    for label in labels:
        key = compact(label)
        at = [col for col, text in heads if text and (key in text or text in key) and (not starts or col > starts[-1])]
        if not at:
            return None
        starts.append(at[0])
    slots: Slots = [None] * len(labels)
    for tok in (t for t in run.cells if t.kind is TokKind.VALUE):
        idx = max((i for i, s in enumerate(starts) if s <= tok.col), default=-1)
        if idx < 0 or slots[idx] is not None:
            return None
        slots[idx] = tok
    return slots


def grid_columns(widths: Sequence[int], runs: Sequence[Run], pages: Sequence[int]) -> list[Slots | None]:
    """For each row of a pipe grid, its cells under the columns of the nearest row printed whole, or None.

    A converter that guesses a page's columns from where the words stand may split a column in
    two (one half empty in every row) and print a label over one grid cell or three, so rows of
    one table start in different grid cells and have more cells than the table has columns. The
    grid cells where a row with every number printed has them are the table's columns; a row whose
    numbers all stand in those cells has its blanks where it leaves them empty. The nearest such
    row before and after (on the same grid: as many cells to a line) must agree, or one must be
    missing or not fit; a page printed on another grid has rows of its own.
    """
    def values(i: int) -> list[int]:
        return [t.col for t in runs[i].cells if t.kind is TokKind.VALUE]

    end = [(pages[i], extent(run)[1], widths[i]) if run.cells else None for i, run in enumerate(runs)]
    # Two numbers in one grid cell ("0 0": merged columns) leave no column to tell by.
    whole = [i for i, run in enumerate(runs) if run.cells and len(set(values(i))) == len(values(i)) == widths[i]]
    out: list[Slots | None] = []
    for i, run in enumerate(runs):
        mine = set(values(i))
        same = [j for j in whole if end[j] == end[i]]
        near = [*(j for j in same if j <= i)][-1:] + [*(j for j in same if j > i)][:1]
        fits = [cols for j in near if mine <= set(cols := values(j))]
        if not run.cells or not fits or any(f != fits[0] for f in fits[1:]) or len(mine) < len(values(i)):
            out.append(None)
            continue
        at = {c: k for k, c in enumerate(fits[0])}
        slots: Slots = [None] * widths[i]
        for tok in (*run.pre, *run.cells, *run.post):
            if tok.col in at and tok.kind is not TokKind.TEXT:
                slots[at[tok.col]] = tok
        out.append(slots)
    return out
