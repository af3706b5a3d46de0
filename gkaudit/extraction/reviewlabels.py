"""The review table (行政复议 / 行政诉讼) of a drawing-order dump read back by its column headings.

pdfminer.six and ``pdftotext``'s default mode print the table's cells in the order of their text
boxes: a heading (结果维持, printed one or two characters a line) and the number under it often
come together, a block of headings is followed by as many numbers, and the three blocks (行政复议,
未经复议直接起诉, 复议后起诉) follow each other left to right. So a number can be given to the heading
printed right before it, instead of to a place in the template's order, which the dump lost.

A stretch of text between numbers is read as headings when every heading character in it belongs
to a whole heading: printed in one piece ("结果 / 维持"), or several headings side by side, their
lines in turn ("结果 其他 / 纠正 结果"; a shorter 总计 set at the top or in the middle), read only
when exactly one order of headings prints those lines. The numbers after a stretch go to its
headings in order: as many numbers as headings, each on a line of its own (pdfminer prints a row
of headings right to left at times, a line of numbers always left to right), and at most about
one block's worth: all fifteen numbers after all fifteen headings is a dump whose order is
unknown, not read here. Numbers in the text box of the headings above them (pdfminer ends a box
with an empty line) are theirs; boxes of numbers alone after them are another table's, unless
nothing but numbers follows or a page break comes between (the rest of a wrapped number). The
i-th number given to a heading is that heading's cell in the i-th block; a block's caption
printed right before a heading must name that block. The table's last cells may come after the
next section's heading line (``_tail``).

The table is read only when each of the fifteen cells gets exactly one number; otherwise None and
the table stays unreadable. The sums do not choose the reading; a block whose parts do not add
up to its 总计 is kept, its cells ``uncertain`` (``columndump``): a wrong figure in the report and
a number given to the wrong block look alike.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from gkaudit.extraction.regions import Region
from gkaudit.extraction.tokens import Tok, TokKind, tokenise
from gkaudit.extraction.values import parse_value
from gkaudit.model import Cell, Source, Table
from gkaudit.reading.normalise import compact
from gkaudit.templates import TableSpec

# At most this many numbers after one stretch of headings, and headings side by side: a block's
# five columns and the next block's first, printed beside them.
_BLOCK = 6
# Lines of one heading a header row spreads its headings over, at most (结 / 果 / 维 / 持).
_MAX_LINES = 4
# Orders of headings tried before a header row printed a line at a time is given up as not known.
_MAX_ORDERS = 20_000
_OUTER = "行政诉讼"  # the caption over both 行政诉讼 blocks: names neither
# Characters after the table's region looked at for its last cells.
_TAIL = 400
# The end of a line followed by an empty one: pdfminer ends each text box so.
_BLANK_LINE = re.compile(r"\n[^\S\n]*(?=\n)")


@dataclass(frozen=True, slots=True)
class _Stretch:
    """Text between numbers: the column ids its headings name, in order, and for a heading printed
    right after a block's caption, that heading's index and the block."""

    heads: tuple[str, ...]
    named: tuple[tuple[int, int], ...]
    boxes: tuple[int, ...]  # the text box (lines between blank lines) each heading ends in


def read_by_headings(norm: str, region: Region, spec: TableSpec) -> Table | None:
    """The flat table read by the heading printed before each number, or None when not every cell is."""
    items, box = _items(norm, region, spec)
    given = _given(norm, items, box)
    if given is None or len(given) != len(spec.rows) * len(spec.columns):
        return None
    if Counter(col for col, _t in given) != Counter({c.id: len(spec.rows) for c in spec.columns}):
        return None
    table = Table(spec.id, source=Source(region.start, region.end))
    taken: Counter[str] = Counter()
    for col_id, tok in given:
        row = spec.rows[taken[col_id]]
        taken[col_id] += 1
        parsed = parse_value(tok.text, spec.column(col_id).kind)
        table.cells[(row.id, col_id)] = Cell(spec.id, row.id, col_id, parsed.value, norm[tok.start:tok.end],
                                             Source(tok.start, tok.end), blank=parsed.blank,
                                             invalid=parsed.invalid, reading="decoded")
    return table


def _items(norm: str, region: Region, spec: TableSpec) -> tuple[list[_Stretch | Tok | None], dict[int, int]]:
    """The region's numbers and the stretches of text between them (None: text that is no headings),
    from the first stretch that names a heading on; and each token's text box by its start."""
    cols = {compact(c.label): c.id for c in spec.columns}
    captions = {compact(key): i for i, row in enumerate(spec.rows) for key in (row.short or row.label, *row.keys)}
    letters = set("".join(cols))
    toks, layout = tokenise(norm, region.start, region.end, loose_rows=True)
    toks += _tail(norm, region, layout, letters | set("".join(captions)))
    breaks = [m.start() for m in _BLANK_LINE.finditer(norm, region.start, toks[-1].end if toks else region.end)]
    items: list[_Stretch | Tok | None] = []
    chunks: list[tuple[str, int]] = []
    box: dict[int, int] = {}
    for tok in toks:
        box[tok.start] = bisect.bisect(breaks, tok.start)
        if tok.kind is TokKind.TEXT:
            chunks += [(compact(x), box[tok.start]) for x in tok.text.split()]
        elif tok.kind is TokKind.VALUE:
            if chunks:
                items.append(_stretch(chunks, cols, captions, letters))
                chunks = []
            items.append(tok)
    if chunks:
        items.append(_stretch(chunks, cols, captions, letters))
    start = next((i for i, it in enumerate(items) if isinstance(it, _Stretch) and it.heads), len(items))
    return items[start:], box


def _given(norm: str, items: list[_Stretch | Tok | None], box: dict[int, int]) -> list[tuple[str, Tok]] | None:
    """Each number with the column of the heading it is under, in the text's order; None when a
    number is under no heading, or under one of several headings not known which."""
    given: list[tuple[str, Tok]] = []
    seen: Counter[str] = Counter()
    i = 0
    while i < len(items):
        item = items[i]
        nums: list[Tok] = []
        i += 1
        while i < len(items) and isinstance(items[i], Tok):
            nums.append(items[i])  # type: ignore[arg-type]
            i += 1
        if not nums:
            continue
        if not isinstance(item, _Stretch) or not item.heads:
            return None
        heads = item.heads
        own = [t for t in nums if box[t.start] == item.boxes[-1]]
        if own:
            # Numbers in the text box of the headings above them (pdfminer): theirs. Boxes of
            # numbers alone after them, with headings still to come, are another table's set
            # among these boxes; at the end of the table or over a page break they may be the
            # rest of a number wrapped in its cell (1 / 1 of 11).
            k = len(own)
            if own != nums[:k] or item.boxes[-k:] != (item.boxes[-1],) * k or \
                    (len(heads) > k and item.boxes[-k - 1] == item.boxes[-1]):
                return None
            if len(nums) > k and (i == len(items) or "\f" in norm[own[-1].end:nums[-1].start]):
                return None
            heads, nums = heads[-k:], own
        if len(heads) != len(nums) or len(nums) > _BLOCK:
            return None
        if len({tok.line for tok in nums}) < len(nums) and not _all_nil(nums):
            # Numbers on one line are printed left to right, whatever order the converter gave
            # the headings' lines (pdfminer: right to left, at times); one a line, they come in
            # the order of those lines. A line of zeros (or of one blank mark) reads the same
            # in any order.
            return None
        named = dict(item.named)
        skip = len(item.heads) - len(heads)
        for n, (col, tok) in enumerate(zip(heads, nums, strict=True)):
            if named.get(n + skip, seen[col]) != seen[col]:
                return None  # 复议后起诉 over a heading given to another block
            given.append((col, tok))
            seen[col] += 1
    return given


def _tail(norm: str, region: Region, layout: str, letters: set[str]) -> list[Tok]:
    """The table's last cells, printed after the next section's heading line.

    A drawing-order dump prints the heading under the table before the table's last cells at
    times (五、… between 复议后起诉's headings and its 总计). What follows that line is taken up to
    the first text that is not made of heading and caption characters only; nothing when it
    holds no number.
    """
    toks, _layout = tokenise(norm, region.end, min(len(norm), region.end + _TAIL), loose_rows=True, layout=layout)
    toks = list(itertools.dropwhile(lambda t: t.kind is TokKind.EMPTY, toks))
    if not toks or toks[0].kind is not TokKind.TEXT:
        return []
    out: list[Tok] = []
    for tok in toks[1:]:
        if tok.kind is TokKind.TEXT and not set(compact(tok.text)) <= letters:
            break
        out.append(tok)
    return out if any(t.kind is TokKind.VALUE for t in out) else []


def _all_nil(nums: list[Tok]) -> bool:
    """Every number is 0, or the same blank mark: which heading each is under does not matter.

    Not any one repeated figure: pdfminer spaces the digits of a full-width number ("１ １" for 11)."""
    marks = {compact(t.text) for t in nums}
    if len(marks) != 1:
        return False
    parsed = parse_value(nums[0].text)
    return parsed.blank or (parsed.invalid is None and parsed.value == 0)


def _stretch(pieces: list[tuple[str, int]], cols: dict[str, str], captions: dict[str, int],
             letters: set[str]) -> _Stretch | None:
    """The headings a stretch of text names, or None when heading characters in it spell none."""
    heads: list[str] = []
    boxes: list[int] = []
    named: dict[int, int] = {}
    pieces = [p for p in pieces if p[0]]
    i = 0
    while i < len(pieces):
        chunk = pieces[i][0]
        rest = chunk.replace(_OUTER, "")
        for caption in sorted(captions, key=len, reverse=True):
            if caption in rest:
                rest = rest.replace(caption, "")
                named[len(heads)] = captions[caption]
        if rest != chunk or not set(chunk) & letters:
            if set(rest) & letters:
                return None  # a caption run together with heading characters
            i += 1
            continue
        whole = _whole(pieces, i, cols)
        if whole is not None and _in_turn(pieces, i, cols) is not None:
            return None  # one heading, or the first lines of several side by side: not known
        if whole is not None:
            heads.append(whole[0])
            i = whole[1]
            boxes.append(pieces[i - 1][1])
        else:
            cut = _in_turn(pieces, i, cols)
            if cut is None:
                return None
            heads += cut[0]
            boxes += [pieces[cut[1] - 1][1]] * len(cut[0])
            i = cut[1]
    # A caption names the block of the heading right after it only (行政诉讼 names neither).
    return _Stretch(tuple(heads), tuple((k, b) for k, b in named.items() if k < len(heads)), tuple(boxes))


def _whole(pieces: list[tuple[str, int]], i: int, cols: dict[str, str]) -> tuple[str, int] | None:
    """One heading printed in one piece (its lines in one text box) from chunk ``i`` on, and the chunk after it."""
    text = ""
    for j in range(i, min(len(pieces), i + _MAX_LINES)):
        if pieces[j][1] != pieces[i][1]:
            return None
        text += pieces[j][0]
        if text in cols:
            return cols[text], j + 1
        if not any(head.startswith(text) for head in cols):
            return None
    return None


def _in_turn(pieces: list[tuple[str, int]], i: int, cols: dict[str, str]) -> tuple[list[str], int] | None:
    """Headings printed side by side from chunk ``i`` on, and the chunk after them.

    A header row of several headings, each over several lines, comes out a line of the row at a
    time: the first line of each heading that has one there, then the second... A shorter heading
    (总计) is set at the top or in the middle of the row. Every order of headings is laid out so and
    kept when it prints exactly these lines; read only when one order does.
    """
    box = pieces[i][1]
    window = tuple(c for c, _b in itertools.takewhile(lambda p: p[1] == box, pieces[i:]))
    laid = _layouts(window, tuple(cols))
    found = {out for out in laid or () if out is not None}
    if len(found) != 1:
        return None
    order, n = found.pop()
    return [cols[h] for h in order], i + n


@functools.lru_cache(maxsize=256)
def _layouts(window: tuple[str, ...], heads: tuple[str, ...]) -> set[tuple[tuple[str, ...], int] | None] | None:
    """The orders of headings whose header row, laid out line by line, begins ``window``; None when not known.

    Orders are grown one heading at a time and dropped as soon as their lines are more than the
    window prints (as a multiset): a laid-out order prints exactly its lines, so no order dropped
    could match. Lines of one character each (a heading spelt down a column) leave too many orders
    alike: past ``_MAX_ORDERS`` orders tried the search stops and the headings are not known.
    """
    size = len(window[0])
    lines = {h: [h[j:j + size] for j in range(0, len(h), size)] for h in heads}
    usable = [h for h in heads if set(lines[h]) <= set(window)]
    vocab = sorted(set(window))
    have = tuple(window.count(x) for x in vocab)
    prefix = [tuple(window[:n].count(x) for x in vocab) for n in range(len(window) + 1)]
    need = {h: tuple(lines[h].count(x) for x in vocab) for h in usable}
    found: set[tuple[tuple[str, ...], int] | None] = set()
    tried = 0

    def grow(order: tuple[str, ...], used: tuple[int, ...], n: int) -> bool:
        nonlocal tried
        tried += 1
        if tried > _MAX_ORDERS:
            return False
        if len(order) >= 2 and used == prefix[n]:
            _lay(order, n, lines, window, found)
        if len(order) == _BLOCK:
            return True
        for h in usable:
            more = tuple(u + v for u, v in zip(used, need[h], strict=True))
            fits = n + len(lines[h]) <= len(window) and all(u <= c for u, c in zip(more, have, strict=True))
            if fits and not grow((*order, h), more, n + len(lines[h])):
                return False
        return True

    return found if grow((), tuple(0 for _ in vocab), 0) else None


def _lay(order: tuple[str, ...], n: int, lines: dict[str, list[str]], window: tuple[str, ...],
         found: set[tuple[tuple[str, ...], int] | None]) -> None:
    """Add ``(order, n)`` to ``found`` when its header row, laid out line by line, prints ``window[:n]``."""
    tall = max(len(lines[h]) for h in order)
    for shift in (0, 1, 2):  # top, middle (rounded up), middle (rounded down)
        grid: list[list[str]] = [[] for _ in range(tall)]
        for h in order:
            gap = tall - len(lines[h])
            top = 0 if shift == 0 else (gap + 1) // 2 if shift == 1 else gap // 2
            for r, line in enumerate(lines[h]):
                grid[top + r].append(line)
        if tuple(x for row in grid for x in row) == window[:n]:
            found.add((order, n))
