"""A row whose numbers ``pdftotext -layout`` set on two adjacent lines, put back on one.

A browser prints a table's cells centred vertically in the row; a cell set in another font (a
full-width ``０``, a sign word ``减30``) stands a little higher or lower than its neighbours, and
pdftotext, which cuts lines by the glyphs' baselines, puts it on a line of its own next to the
row's other numbers (``一、本年新收政  １  ２`` over ``府信息公开申请数量  1  0  0  0  4``). Read
as two rows, each is short and takes the next row's place. Two adjacent lines are one row only
when nothing between them names a row the first line's label does not (an item's number only where together they make a whole
row), neither is a whole row, together they are no wider than
the table, and their numbers stand in distinct character columns (a cell never shares a column
with another of its row).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from gkaudit.extraction.tokens import Run, Tok, TokKind

# An item's numbering at the start of a row's label: "一、", "（二）", "3.", "(四)".
_NUMBERING = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]")


def join(runs: Sequence[Run], text: str, width: int, keys: Sequence[Sequence[str]]) -> list[Run]:
    """``runs`` with each row split over two adjacent lines joined into one run (cells in column order).

    ``width``: the widest row's cells; ``keys``: each row's label keys (compact). A row named
    between the two lines and not before the first line's numbers starts another row.
    """
    out: list[Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if prev is not None and _split(prev, run, text, width, keys):
            cells = sorted(prev.cells + run.cells, key=lambda t: _col(text, t))
            out[-1] = Run(prev.label + run.label, prev.label_start, cells, prev.pre, run.post, prev.header,
                          prev.tail + run.label, prev.own, [])
            continue
        out.append(run)
    return out


def _split(a: Run, b: Run, text: str, width: int, keys: Sequence[Sequence[str]]) -> bool:
    if not a.cells or not b.cells or a.others or b.others or a.post or b.pre:
        return False
    if any(t.kind is not TokKind.VALUE for t in (*a.cells, *b.cells)):
        return False
    lines_a = {t.line for t in a.cells}
    lines_b = {t.line for t in b.cells}
    if len(lines_a) != 1 or len(lines_b) != 1 or min(lines_b) - max(lines_a) != 1:
        return False
    if len(a.cells) >= width or len(b.cells) >= width or len(a.cells) + len(b.cells) > width:
        return False
    if "\f" in text[a.cells[-1].end:b.cells[0].start]:
        return False
    # An item's number between them may be the next row's, unless together they make one whole
    # row (a label one or two characters a line puts "4." beside the row's lower numbers).
    if _NUMBERING.search(b.label) and len(a.cells) + len(b.cells) != width:
        return False
    if _named(b.label, keys) - _named(a.label, keys):
        return False
    spans = sorted((_col(text, t), _col(text, t) + t.end - t.start) for t in (*a.cells, *b.cells))
    return all(nxt[0] > end for (_s, end), nxt in itertools.pairwise(spans))


def _named(label: str, keys: Sequence[Sequence[str]]) -> set[int]:
    return {i for i, row in enumerate(keys) if any(len(k) >= 2 and k in label for k in row)}


def _col(text: str, tok: Tok) -> int:
    return tok.start - text.rfind("\n", 0, tok.start) - 1
