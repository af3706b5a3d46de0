"""A row whose numbers ``pdftotext -layout`` set on two nearby lines, put back on one.

A browser prints a table's cells centred vertically in the row; a cell set in another font (a
full-width ``０``, a sign word ``减30``) stands a little higher or lower than its neighbours, and
pdftotext, which cuts lines by the glyphs' baselines, puts it on a line of its own next to the
row's other numbers (``一、本年新收政  １  ２`` over ``府信息公开申请数量  1  0  0  0  4``). Read
as two rows, each is short and takes the next row's place. A label wrapped in a narrow cell does
the same to a row whose first number stands beside the label's first line.

Two lines (adjacent, or one label line between) are one row when neither is a whole row, together
they are no wider than the table, their numbers stand in distinct character columns (a cell never
shares a column with another of its row), and nothing between them names a row the first line's
label does not; an item's number between them ("4.") only where together they make a whole row or
the upper line holds only full-width digits. Where the numbers fit but a label between may start
another row, both lines' rows are uncertain.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from gkaudit.extraction.tokens import Run, Tok, TokKind

# An item's numbering at the start of a row's label: "一、", "（二）", "3.", "(四)".
_CUT = 4  # a key's first characters that name its row where the label wraps
_FULL_WIDTH = re.compile(r"[０-９]+")
_ITEM = re.compile(r"\d+[.．、]")  # an item's number within a group ("3."), not a group's ("（五）")
_NUMBERING = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]")


def join(runs: Sequence[Run], text: str, width: int, keys: Sequence[Sequence[str]]) -> tuple[list[Run], set[int]]:
    """``runs`` with each row split over two nearby lines joined into one run (cells in column
    order), and the offsets of the cells of runs left apart that may still be one row (their
    numbers fit together, but a label between may start another row): where those stand is not known.

    ``text``: the converter's own text (full-width digits kept; the tokens' offsets index it);
    ``width``: the widest row's cells; ``keys``: each row's label keys (compact). A row named
    between the two lines and not before the first line's numbers starts another row.
    """
    out = list(runs)
    # Adjacent lines first; then a line apart (a label line between, "3." alone), which may join
    # a number left above the label to the two lines already joined below it.
    for apart in (1, 2):
        joined: list[Run] = []
        for run in out:
            prev = joined[-1] if joined else None
            if prev is not None and _split(prev, run, text, width, keys, apart) == "join":
                cells = sorted(prev.cells + run.cells, key=lambda t: _col(text, t))
                joined[-1] = Run(prev.label + run.label, prev.label_start, cells, prev.pre, run.post, prev.header,
                                 prev.tail + run.label, prev.own, [], header_at=prev.header_at)
                continue
            joined.append(run)
        out = joined
    doubtful = {t.start for a, b in itertools.pairwise(out) if _split(a, b, text, width, keys, 2) == "maybe"
                for t in (*a.cells, *b.cells)}
    for a, b in itertools.pairwise(out):
        lines = sorted({t.line for t in b.cells}) or [-1]
        lower = Run("", b.label_start, [t for t in b.cells if t.line == lines[-1]])
        if len(lines) == 2 and _split(a, lower, text, width, keys, 2) is not None:
            # A row set on two lines whose lower line fits the short row above it as well (its
            # numbers in columns the short row leaves empty): which row it finishes is not known.
            doubtful.update(t.start for t in (*a.cells, *b.cells))
    return out, doubtful


def _split(a: Run, b: Run, text: str, width: int, keys: Sequence[Sequence[str]], apart: int) -> str | None:
    """"join" where ``a`` and ``b`` are one row's numbers on two lines, "maybe" where their numbers
    fit together but the label between may start another row, else None."""
    if not a.cells or not b.cells or a.others or b.others or a.post or b.pre:
        return None
    if any(t.kind is not TokKind.VALUE for t in (*a.cells, *b.cells)):
        return None
    lines_a = {t.line for t in a.cells}
    lines_b = {t.line for t in b.cells}
    if len(lines_a) > 2 or len(lines_b) > 2 or not 1 <= min(lines_b) - max(lines_a) <= apart:
        return None
    # Marks with no digit ("—") may be a 备注 column's remarks beside the table's cells.
    na, nb = (sum(any(ch.isdigit() for ch in t.text) for t in r.cells) for r in (a, b))
    if na >= width or nb >= width or na + nb > width:
        return None
    marks = len(a.cells) + len(b.cells) > width
    if "\f" in text[a.cells[-1].end:b.cells[0].start]:
        return None
    spans = sorted((_col(text, t), _col(text, t) + t.end - t.start) for t in (*a.cells, *b.cells))
    if any(nxt[0] <= end for (_s, end), nxt in itertools.pairwise(spans)):
        return None  # two numbers in one column: two rows
    if marks:
        return "maybe"  # together wider than the table but for their marks: a remark, or a blank's
    # An item's number between them may be the next row's, unless together they make one whole
    # row (a label one or two characters a line puts "4." beside the row's lower numbers), or the
    # upper line holds only full-width digits: glyphs of another font, which stand off the
    # baseline of the row's other numbers.
    if _NUMBERING.search(b.label) and len(a.cells) + len(b.cells) != width \
            and not all(_FULL_WIDTH.fullmatch(text[t.start:t.end]) for t in a.cells):
        return "maybe"
    # Each line after an item's number of its own ("3." / "4.", labels printed as their numbers
    # alone): two rows, however their numbers fit together.
    own_a, own_b = _ITEM.findall(a.label), _ITEM.findall(b.label)
    if own_a and own_b and own_a[-1] != own_b[0]:
        return "maybe"
    joined = a.label + b.label
    for row in _named(b.label, keys) - _named(a.label, keys):
        # Named across the two lines ("机关确认或" / "重新出具已"): the first line's row going on.
        if not any(0 <= joined.find(k) < len(a.label) for k in keys[row] if len(k) >= 2):
            return "maybe"
    return "join"


def _named(label: str, keys: Sequence[Sequence[str]]) -> set[int]:
    """The rows whose key the label holds, or whose key's first characters it holds (a label wrapped
    in its cell: "其他对外管理" / "服务事项")."""
    return {i for i, row in enumerate(keys)
            if any((len(k) >= 2 and k in label) or (len(k) > _CUT and k[:_CUT] in label) for k in row)}


def _col(text: str, tok: Tok) -> int:
    return tok.start - text.rfind("\n", 0, tok.start) - 1
