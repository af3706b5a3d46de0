"""Column headings a table prints again after a page break, kept out of the next row's label.

A table cut by a page break may repeat its column headings at the top of the next page. In text
without a grid those lines stand between two rows' numbers and read as the start of the next row's
label (``…法律服 总计 其他 业 构 …类申请 2.重复``): ``其他`` there names （六）3.其他 and every
later row shifts. A block of lines without numbers whose every piece is a piece of the table's
headings (as printed above its first row, or as the form words them), longer than a wrapped row
label's stray words, is the headings again: its pieces are dropped. Nothing with a number is.
"""

from __future__ import annotations

from gkaudit.extraction.tokens import Tok, TokKind
from gkaudit.reading.normalise import compact
from gkaudit.templates import TableSpec

# A repeat holds several headings; a wrapped label's lines that happen to be heading words ("其他",
# "总计") are one or two short pieces.
_MIN_PIECES = 3
_MIN_CHARS = 8


def drop_repeats(toks: list[Tok], spec: TableSpec) -> list[Tok]:
    """``toks`` without the heading blocks that follow the table's first numbers."""
    valued = {t.line for t in toks if t.kind is TokKind.VALUE}
    if not valued:
        return toks
    first = min(valued)
    # Words, not tokens: a converter that joins a line's cells with single spaces gives one token
    # a line, and a repeat breaks its lines elsewhere than the first header did.
    printed = {compact(w) for t in toks if t.kind is TokKind.TEXT and t.line < first for w in t.text.split()}
    form = "|".join(compact(w) for w in _form_words(spec))
    drop: set[int] = set()
    block: list[int] = []

    def close() -> None:
        pieces = [compact(w) for i in block for w in toks[i].text.split()]
        if len(pieces) >= _MIN_PIECES and sum(map(len, pieces)) >= _MIN_CHARS:
            drop.update(block)
        block.clear()

    def heading(tok: Tok) -> bool:
        words = [compact(w) for w in tok.text.split()]
        return all(w in printed or w in form for w in words if w) and any(words)

    for i, tok in enumerate(toks):
        if tok.line <= first or tok.kind is TokKind.EMPTY:
            continue
        if tok.kind is TokKind.TEXT and tok.line not in valued and heading(tok):
            block.append(i)
        else:
            close()
    close()
    return [t for i, t in enumerate(toks) if i not in drop] if drop else toks


def _form_words(spec: TableSpec) -> list[str]:
    form = spec.form
    return [form.label_head, form.corner, *(g.text for g in form.column_groups), *(c.label for c in spec.columns)]
