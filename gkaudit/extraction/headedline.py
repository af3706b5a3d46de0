"""A one-line table's short value line placed under its column headings by character offsets.

``pdftotext -layout`` prints the review table's value line with a blank cell as nothing (13 numbers
for 15 cells) and its headings wrapped a few characters a line (结果 / 维持, or 结 / 果 / 维 / 持)
over their columns. It prints every character in one text column, full-width ones included, so the
character offsets of the heading characters, gathered over the heading lines, fall into one cluster
per column; each number stands under its column's cluster. Placed that way, a blank is where no
number stands. The headings are trusted only when they give exactly the table's columns, each
cluster spelling its own column's title in template order; a number midway between two clusters
admits both. The arithmetic chooses only among placements about as near as the nearest; a
placement a little farther that fits the rows' totals better puts the cells it moves in doubt.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

from gkaudit.extraction.positions import display_col, display_middle, line_middle
from gkaudit.extraction.tokens import Tok, TokKind
from gkaudit.reading.normalise import compact
from gkaudit.reading.texttables import width
from gkaudit.templates import TableSpec

Slot = tuple[str, str]  # (row, column)
_GAP = 2  # characters apart that start a new column: a heading's own characters stand side by side
MARGIN = 2.0  # placements within this many characters (summed) of the nearest are readings too
# Headings' middles this near each other (two columns' titles one character a line, a space apart,
# as pdftotext closes up a header of narrow columns) are no two places a number's offset tells apart.
_CLOSE = float(_GAP)
_FAR = 6.0  # placements this near the nearest are returned: one that fits the totals better is a doubt
_SLIP = 1.0  # characters a number may stand nearer another heading than its own in the nearest placement
_ASTRAY = 4.0  # characters a number stands from its heading on average, at most, in the nearest placement
_MAX_READINGS = 64
_MAX_TRIED = 6435  # C(15, 7): every placement of a review line


def place(norm: str, start: int, values: Sequence[Tok], spec: TableSpec,
          text: str = "", columns: bool | None = True) -> list[tuple[float, dict[Slot, Tok | None]]]:
    """The placements of ``values`` (the table's one value line) under the headings printed between
    ``start`` and it, nearest first, each with how much farther its numbers stand from their
    headings than the nearest's (summed, in characters); [] when the headings do not give the
    table's columns. ``text``: the converter's own text (``norm``'s offsets), for ``by_gaps``;
    ``columns``: False where the document's characters are no columns (PyMuPDF spaces each line by
    an estimate of its own, the heading lines' by their wide characters): only the value line's own
    spacing places it then; None where the document says too little either way: the headings place
    the line only where each number stands clearly under one of them (``_clear``)."""
    slots = [(r.id, c.id) for r in spec.rows for c in spec.row_columns(r)]
    nums = [t for t in values if t.kind is TokKind.VALUE]
    lines = Counter(t.line for t in nums).most_common(2)
    if not nums or len(nums) > len(slots) or (len(lines) > 1 and lines[0][1] == lines[1][1]):
        return []
    # Off the value line only a number wrapped in its cell, its pieces above and below it joined.
    if any(t.line != lines[0][0] and not t.parts for t in nums):
        return []
    top = min(t.start for t in nums)
    if _over_page(norm, start, top, spec):
        columns = False
    centres = _clusters(norm[start:norm.rfind("\n", 0, top) + 1], [c for _r, c in slots], spec)
    measure, measured = line_middle, norm
    if centres is None:
        # A text browser (w3m) lays the table out in display columns (a CJK character two, and a
        # full-width digit, which ``norm`` has made plain): the headings' characters stand over
        # their columns counted so, not in characters.
        measured = text or norm
        centres = _clusters(measured[start:measured.rfind("\n", 0, top) + 1], [c for _r, c in slots], spec, shown=True)
        measure = display_middle
    if centres is None:
        return []
    middles: list[float] = []
    for tok in nums:
        pieces = [measure(measured, a, b) for a, b in (tok.parts or ((tok.start, tok.end),))]
        if max(pieces) - min(pieces) >= _GAP:
            return []  # the pieces of a joined number stand under different headings
        middles.append(sum(pieces) / len(pieces))
    order = sorted(range(len(nums)), key=lambda i: middles[i])
    scored = []
    for combo in itertools.islice(itertools.combinations(range(len(centres)), len(nums)), _MAX_TRIED):
        scored.append((sum(abs(centres[k] - middles[i]) for k, i in zip(combo, order, strict=True)), combo))
    best, nearest = min(scored)
    # A number under one of two headings that stand close is as near the other: the placements that
    # move numbers between such headings are as near as the nearest.
    group = [0, *itertools.accumulate(int(b - a > _CLOSE) for a, b in itertools.pairwise(centres))]
    together = [[j for j in range(len(centres)) if group[j] == group[k]] for k in range(len(centres))]

    def blurred(combo: tuple[int, ...]) -> float:
        return sum(min(abs(centres[j] - middles[i]) for j in together[k]) for k, i in zip(combo, order, strict=True))

    blurred_best = min(blurred(combo) for _cost, combo in scored) if len(set(group)) < len(centres) else 0.0
    # Numbers placed under headings farther than others by more than a character: the value line
    # is spaced at another scale than the headings (pdftotext compresses a line of single digits
    # more than the heading lines of wide characters), so the headings place nothing. One such
    # number is a cell's own doing (a mark, a wrapped number's pieces) and says nothing of the line.
    off_scale = sum(abs(centres[k] - middles[i]) > min(abs(c - middles[i]) for c in centres) + _SLIP
                    for k, i in zip(nearest, order, strict=True)) > 1
    if columns is None and not off_scale:
        clear = _clear(norm[start:norm.rfind("\n", 0, top) + 1], [c for _r, c in slots], spec, middles)
        if clear is not None:
            return [(0.0, {slot: dict(zip(clear, nums, strict=True)).get(k) for k, slot in enumerate(slots)})]
    if best > _ASTRAY * len(nums) or not columns or off_scale:
        # The numbers stand far from their headings on the whole: the headings' offsets are not the
        # value line's (PyMuPDF spaces each line by an estimate of its own), so they place nothing.
        # The value line's own spacing still may.
        ks = by_gaps(text or norm, nums, len(slots),
                     [k for k in range(1, len(slots)) if slots[k][0] != slots[k - 1][0]])
        return [] if ks is None else [(0.0, {slot: dict(zip(ks, nums, strict=True)).get(k) for k, slot in enumerate(slots)})]
    out: list[tuple[float, dict[Slot, Tok | None]]] = []
    for cost, combo in sorted(scored):
        # A line that stands far from its headings on the whole (compressed by pdftotext) makes
        # placements as much farther still readings: the totals may choose, or say they cannot.
        if cost - best >= max(_FAR, best) or len(out) == _MAX_READINGS:
            break
        at = {k: nums[i] for k, i in zip(combo, order, strict=True)}
        far = cost - best if len(set(group)) == len(centres) else min(cost - best, blurred(combo) - blurred_best)
        out.append((far, {slot: at.get(k) for k, slot in enumerate(slots)}))
    return out


_NEAR = 1.0  # characters a number's middle stands from its heading's, at most, to stand clearly under it
_APART = 2.0  # characters every other heading's middle stands from it, at least


def _clear(heads: str, columns: list[str], spec: TableSpec, middles: list[float]) -> list[int] | None:
    """The column of each number where each stands clearly under one heading: within ``_NEAR`` of
    its middle and ``_APART`` from every other's, the numbers in the headings' order, each under a
    heading of its own; None otherwise. The headings' middles count each character's width (a CJK
    character two): ``pdftotext -layout`` prints a wide character at the start of the two grid
    columns it covers, the spaces after it one fewer. Used where the document's other lines say
    too little of whether its characters are columns: a line whose every number stands clearly
    under one heading is placed by them; a number between two stays in doubt."""
    centres = _clusters(heads, columns, spec, wide=True)
    if centres is None:
        return None
    out: list[int] = []
    for middle in middles:
        far = sorted((abs(c - middle), k) for k, c in enumerate(centres))
        if far[0][0] > _NEAR or (len(far) > 1 and far[1][0] < _APART):
            return None
        out.append(far[0][1])
    return out if all(a < b for a, b in itertools.pairwise(out)) else None


def _over_page(norm: str, start: int, top: int, spec: TableSpec) -> bool:
    """The value line stands on a later page than every heading character: ``pdftotext -layout``
    sets each page's characters on a grid of its own (a page holding only the value line and a
    folio spaces its digits closer), so the headings' offsets say nothing of its columns."""
    page = norm.rfind("\f", start, top)
    if page < 0:
        return False
    alphabet = set("".join(compact(c.label) for c in spec.columns))
    return not alphabet.intersection(norm[page:norm.rfind("\n", 0, top) + 1])


_STEP_SLACK = 0.3  # a gap between numbers is this near a whole number of steps, at most
_PLAIN = frozenset("0123456789 +-.")
_MIN_STEP = 3  # display columns between neighbouring numbers at least: set in columns, not listed


def by_gaps(text: str, nums: Sequence[Tok], count: int, groups: Sequence[int] = ()) -> list[int] | None:
    """The column of each number of a value line printed alone (``count`` columns, the blanks as
    nothing), read from the line's own spacing: neighbouring numbers stand a whole number of equal
    steps apart, a blank cell one step more. None unless every gap is clearly some number of steps
    and the extra steps are exactly the blanks (blanks at the line's ends are not seen), or where a
    wider gap spans the start of a group of columns (``groups``: the columns that start one, 行政诉讼
    after 行政复议): a page may set groups apart by more than a step, and the blank is then
    anywhere in the group before it (``pdftotext -layout`` closes up a line's spaces)."""
    if len(nums) < 3 or len(nums) > count or len({t.line for t in nums}) != 1 or any(t.parts for t in nums):
        return None
    if len(nums) == count:
        return list(range(count))  # every cell printed: the line's order is the columns'
    if any(text[a.end:b.start].strip() for a, b in itertools.pairwise(nums)):
        return None  # text between the numbers: not a line of numbers alone
    if not set(text[nums[0].start:nums[-1].end]) <= _PLAIN:
        return None  # a full-width digit: PyMuPDF counts the spaces before it in its own width
    middles = [display_col(text, t) for t in nums]
    gaps = [b - a for a, b in itertools.pairwise(middles)]
    if min(gaps) < _MIN_STEP:
        return None
    steps = [max(1, round(g / min(gaps))) for g in gaps]
    unit = sum(g / k for g, k in zip(gaps, steps, strict=True)) / len(gaps)
    if any(abs(g / unit - k) > _STEP_SLACK for g, k in zip(gaps, steps, strict=True)) \
            or sum(steps) - len(steps) != count - len(nums):
        return None
    ks = [0, *itertools.accumulate(steps)]
    if any(a < g <= b for a, b in itertools.pairwise(ks) if b - a > 1 for g in groups):
        return None
    return ks


def _clusters(heads: str, columns: list[str], spec: TableSpec, shown: bool = False,
              wide: bool = False) -> list[float] | None:
    """The middle offset of each column's heading characters, in the order of ``columns``; None
    unless the characters fall into exactly one cluster a column, each spelling its column's title.

    ``shown``: offsets in display columns (a CJK character two), a cluster's characters touching
    or overlapping, the clusters a blank column apart at least. ``wide``: offsets in characters, a
    cluster's middle counting its last character's width (``_clear``)."""
    titles = {c.id: c.label for c in spec.columns}
    alphabet = set("".join(compact(t) for t in titles.values()))
    chars: list[tuple[int, int, int, str]] = []  # offset, its end, line, character
    for n, line in enumerate(heads.split("\n")):
        at = list(itertools.accumulate((width(ch) for ch in line), initial=0)) if shown else range(len(line) + 1)
        for m in re.finditer(r"\S+", line):
            word_start, word = m.start(), m.group()
            # Only words of the column titles: the group headings (行政复议, 未经复议直接起诉) and
            # the sentence above the table have characters no column title has.
            if set(word) <= alphabet:
                chars.extend((at[word_start + i], at[word_start + i + 1], n, ch) for i, ch in enumerate(word))
    if not chars:
        return None
    chars.sort()
    groups: list[list[tuple[int, int, int, str]]] = [[chars[0]]]
    for prev, cur in itertools.pairwise(chars):
        if (cur[0] - max(g[1] for g in groups[-1]) >= 1) if shown else cur[0] - prev[0] >= _GAP:
            groups.append([])
        groups[-1].append(cur)
    if len(groups) != len(columns):
        return None
    for group, col in zip(groups, columns, strict=True):
        spelled = "".join(ch for _o, _e, _n, ch in sorted(group, key=lambda g: (g[2], g[0])))
        if sorted(spelled) != sorted(compact(titles[col])):
            return None
    if shown:
        return [(group[0][0] + max(g[1] for g in group)) / 2 for group in groups]
    if wide:
        return [(group[0][0] + max(o + width(ch) for o, _e, _n, ch in group)) / 2 for group in groups]
    return [(group[0][0] + group[-1][0] + 1) / 2 for group in groups]

