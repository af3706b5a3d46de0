"""Text one cell a line whose cells are parted by runs of empty lines longer than one: the text of a
saved page taken whole (``textContent``, BeautifulSoup's ``get_text()``), where the page's own
line breaks between its tags come out as empty lines. Two numbers of a row stand a fixed number of
empty lines apart; a blank cell between them (its tags' line breaks and nothing else) adds a fixed
number more. The text's own rows say both: the usual gap between two numbers of a row, how far a
row's first number stands from its label, and how much one blank adds, where rows short of one
cell show a single gap that long. Each row's blanks are then placed where its gaps say; a row whose
gaps fit no whole number of blanks, or any row when the text said too little, keeps its printed
numbers only, and the arithmetic (shortrows) places its blanks or says it cannot. A row's last
blank cells are never read from the empty lines after it, which also part tables and headings.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Sequence

from gkaudit.extraction.tokens import Run, Tok, TokKind, pass_memo


@dataclasses.dataclass(frozen=True, slots=True)
class Spacing:
    gap: int  # empty lines between two numbers of a row
    lead: int  # empty lines between a row's label and its first number
    blank: int | None  # empty lines one blank cell adds (None: not known)
    trail: int | None = None  # empty lines between a row's last number and the next row's label


def widely_spaced(runs: Sequence[Run]) -> bool:
    """Whether the empty lines between a row's numbers are mostly more than one a gap."""
    gaps = [g for r in runs for g in _gaps(r)]
    if not gaps or 1 in gaps:
        return False
    memo = pass_memo()
    if memo is not None and memo.get(("widely spaced",)) and min(gaps) >= 2:
        return True  # as the text's table of most numbers, read before (tokens.region_layout)
    return len(gaps) >= 5 and Counter(gaps).most_common(1)[0][0] >= 2


def respace(runs: list[Run], width: int, uniform: bool = False) -> list[Run]:
    """The runs with their blank cells where the gaps say, or their numbers only. ``uniform``:
    every row of the table is ``width`` cells wide, so a row's last blanks are read from the empty
    lines after it too, where the rows printed whole say how many part one row from the next."""
    spacing = _learn(runs, width)
    memo = pass_memo()
    known = memo.get(("spacing",)) if memo is not None else None
    if isinstance(known, Spacing) and (spacing is None or (
            spacing.blank is None and (spacing.gap, spacing.lead) == (known.gap, known.lead))):
        # A table of few rows spaced as the one of most read before it (tables.extract_tables):
        # what that one said of a blank holds here.
        spacing = known
    elif spacing is not None and memo is not None and spacing.blank is not None:
        memo.setdefault(("spacing",), spacing)
    return [_respaced(r, spacing, width, uniform) for r in runs]


def _values(run: Run) -> list[int]:
    return [i for i, t in enumerate(run.cells) if t.kind is not TokKind.EMPTY]


def _gaps(run: Run) -> list[int]:
    """The empty cells between each two numbers of the run."""
    at = _values(run)
    return [b - a - 1 for a, b in itertools.pairwise(at)]


def _learn(runs: Sequence[Run], width: int) -> Spacing | None:
    gaps = Counter(g for r in runs for g in _gaps(r))
    if sum(gaps.values()) < 5:
        return None
    gap = gaps.most_common(1)[0][0]
    full = [r for r in runs if len(_values(r)) == width]
    leads = Counter(len(r.pre) for r in full)
    if not full or gap < 2:
        return None
    lead = leads.most_common(1)[0][0]
    spaced = sum(all(g == gap for g in _gaps(r)) for r in full)
    if leads[lead] * 2 <= len(full) or spaced * 2 <= len(full):
        # The rows printed whole do not mostly agree on their spacing: it says nothing of blanks.
        # (A row that does not is read by its numbers only: a mark's cell may be spaced apart.)
        return None
    # The rows printed whole that another row follows: how far the next row's label stands.
    valued = [r for r in runs if _values(r)]
    trails = Counter(len(r.post) for r in valued[:-1] if len(_values(r)) == width)
    trail = trails.most_common(1)[0][0] if trails and 2 * trails.most_common(1)[0][1] > sum(trails.values()) else None
    added: set[int] = set()
    for r in runs:
        if len(_values(r)) != width - 1:
            continue
        excess = [g - gap for g in _gaps(r)] + [len(r.pre) - lead]
        if any(e < 0 for e in excess):
            continue
        wide = [e for e in excess if e > 0]
        if len(wide) == 1:
            added.add(wide[0])
    return Spacing(gap, lead, added.pop() if len(added) == 1 else None, trail)


def _respaced(run: Run, spacing: Spacing | None, width: int, uniform: bool) -> Run:
    values = _values(run)
    if not values:
        # A label or heading with the empty lines after it: blank cells only where as many stand
        # as make the whole row blank.
        if spacing is not None and spacing.blank and len(run.post) >= spacing.lead + width * spacing.blank:
            return dataclasses.replace(run, post=list(run.post[:width]))
        return dataclasses.replace(run, post=[])
    if any(run.cells[i].parts for i in values):
        # A number printed in pieces (a sign on a line of its own): the lines between its
        # pieces and its neighbours are the pieces' doing, no measure of blanks.
        return _numbers_only(run)
    excess = [len(run.pre) - spacing.lead if spacing else 0] + \
        [g - spacing.gap if spacing else g for g in _gaps(run)]
    if spacing is None or any(e < 0 for e in excess) or (spacing.blank is None and any(excess)) \
            or (spacing.blank is not None and any(e % spacing.blank for e in excess)):
        return _numbers_only(run)
    counts = [e // spacing.blank if spacing.blank else 0 for e in excess]
    trailing = 0
    if uniform and spacing.blank and spacing.trail is not None and len(values) + sum(counts) < width \
            and len(run.post) > spacing.trail and (len(run.post) - spacing.trail) % spacing.blank == 0:
        trailing = (len(run.post) - spacing.trail) // spacing.blank
    if (sum(counts) or trailing) and len(values) + sum(counts) + trailing != width:
        # Blanks placed, the row still short (its last cells blank, which the gaps after it do
        # not say) or too long: where its blanks stand is the arithmetic's to say.
        return _numbers_only(run)
    cells: list[Tok] = []
    pre = _empties(run.pre, counts[0])
    for k, i in enumerate(values):
        if k:
            between = [t for t in run.cells[values[k - 1] + 1:i] if t.kind is TokKind.EMPTY]
            cells.extend(_empties(between, counts[k]))
        cells.append(run.cells[i])
    cells.extend(_empties(run.post, trailing))
    return dataclasses.replace(run, pre=pre, cells=cells, post=[], others=[])


def _empties(pool: Sequence[Tok], n: int) -> list[Tok]:
    """``n`` empty cells, taken from the empty lines where they stood."""
    return list(pool[:n])


def _numbers_only(run: Run) -> Run:
    return dataclasses.replace(run, cells=[t for t in run.cells if t.kind is not TokKind.EMPTY], pre=[], post=[],
                               others=[])
