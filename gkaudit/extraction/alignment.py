"""Assign runs of values to the template's rows when labels are lost, split off or moved.

Converters print rows without their labels, move a label a few lines away from its numbers, or
leave stray numbers between rows. The rows' order is fixed by the template, so the runs that name
their row (their own label, or a label text that names one row only) are anchors, kept in
template order; the runs between two anchors fill the rows between them. When the counts agree
there is one reading. When they do not, every order-keeping way of filling the gap is a reading:
label fragments nearby and the template's relations choose, and rows the readings disagree on
are reported as uncertain. No printed value is changed; only which row it belongs to is chosen.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from gkaudit.extraction.tokens import Run, TokKind
from gkaudit.extraction.values import is_number_token
from gkaudit.model import Number
from gkaudit.reading.normalise import key_text
from gkaudit.rules.relations import Relation, holds
from gkaudit.templates import RowSpec, TableSpec

_MAX_READINGS = 5000
_SHORT_KEY = 2
_GAP_LIMIT = 200  # readings of one gap beyond which it is not enumerated


@dataclass(slots=True)
class Placement:
    """Runs placed on rows; ``doubt`` lists, for rows the readings disagree on, the other runs."""

    placed: list[tuple[RowSpec, Run]]
    doubt: dict[str, list[Run | None]] = field(default_factory=dict)


_T = TypeVar("_T")
ValuesOf = Callable[[RowSpec, Run], dict[str, Number | None]]


def label_rows(rows: Sequence[RowSpec], label: str) -> dict[int, int]:
    """Rows named in ``label`` (compact text) → the length of the key that names them.

    A key found only inside a longer key's match (其他 inside 其他处理) does not count.
    """
    # The anchors, the loose rows and the readings ask this of the same labels, and reports of
    # one template print the same labels.
    return dict(_LABEL_ROWS.get(rows, label, lambda: _label_rows(rows, label)))


class KeptByRows:
    """Answers of a pure function of the template's rows (an object, hashed by its identity) and
    of hashable arguments, kept across documents: reports print the same labels, so the same
    questions of the same rows come again. Each answer holds its rows, whose id so stays their own."""

    def __init__(self, size: int = 8192) -> None:
        self._kept: dict[tuple[int, Hashable], tuple[object, Any]] = {}
        self._size = size

    def get(self, rows: object, key: Hashable, work: Callable[[], _T]) -> _T:
        found = self._kept.get((id(rows), key))
        if found is None or found[0] is not rows:
            if len(self._kept) >= self._size:
                self._kept.clear()
            found = self._kept[(id(rows), key)] = (rows, work())
        return cast(_T, found[1])


_LABEL_ROWS = KeptByRows()


def _label_rows(rows: Sequence[RowSpec], label: str) -> dict[int, int]:
    label = plain(label)
    spans: list[tuple[int, int, int]] = []  # start, end, row index
    for idx, row in enumerate(rows):
        for key in compact_keys(row.keys):
            start = label.find(key)
            while start >= 0:
                spans.append((start, start + len(key), idx))
                start = label.find(key, start + 1)
    if any(e - s > _SHORT_KEY for s, e, _ in spans):
        # 其他 names row 3.其他 when nothing longer is named, not inside 不计其他情形.
        # A short key right after its item number ("3.其他") is the item's own label all the same.
        spans = [sp for sp in spans if sp[1] - sp[0] > _SHORT_KEY or _NUMBERED.search(label, 0, sp[0])]
    out: dict[int, int] = {}
    for s, e, idx in spans:
        if rows[idx].alternative_to and _ITEM_AFTER.match(label, e):
            continue  # (六)其他处理1. is the group label of item 1, not the one-row (六)
        inside = any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) and i2 != idx for s2, e2, i2 in spans)
        if not inside:
            out[idx] = max(out.get(idx, 0), e - s)
    for idx in list(out):
        # A one-row variant's label is also the group label of the rows it replaces
        # (（六）其他处理 1.申请人…): the specific row is meant.
        if rows[idx].alternative_to and any(rows[j].id in rows[idx].alternative_to for j in out):
            del out[idx]
    return out


_NUMBERED = re.compile(r"\d\.$")
_SUM_LABELS = frozenset({"合计", "小计", "合计数"})
_ITEM_AFTER = re.compile(r"\d{1,2}\.(?!\d)")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def plain(label: str) -> str:
    """Markdown converters write a cell's line breaks as <br>: "（七）总<br>计" is "（七）总计"."""
    return _LINE_BREAK.sub("", label) if "<" in label else label


def row_keys(row: RowSpec) -> tuple[str, ...]:
    """The row's label keys in the compact form labels are matched in."""
    return compact_keys(row.keys)


@functools.cache
def compact_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    # Cached by the keys, not the row: a tuple of strings hashes without calling into Python.
    return tuple(k for k in (key_text(k) for k in keys) if k)


def _anchor(rows: Sequence[RowSpec], run: Run) -> tuple[int, int] | None:
    """(row index, key length) when the run names exactly one row."""
    # The run's own label cells first, then the last label text before it, then all the text
    # since the previous run (a label wrapped over several lines).
    for label in (run.own, run.tail, run.label):
        if not label:
            continue
        named = _named_from_last_item(rows, label, begun=bool(run.cells))
        if len(named) == 1:
            break
        if named and label is run.own:
            return None
    else:
        return None
    if len(named) != 1:
        return None
    (idx, keylen), = named.items()
    return idx, keylen


# An item's number opens its label: "4." of 4.保护第三方…, "(七)" of (七)总计.
_ITEM = re.compile(r"\d{1,2}\.(?!\d)|\([一二三四五六七八九十]{1,2}\)")
_ITEM_PREFIX = 4  # the number and two characters of the label: enough to tell the items of a group


def _named_from_last_item(rows: Sequence[RowSpec], label: str, begun: bool = True) -> dict[int, int]:
    """``label_rows`` of the text from the first item number on, or of the whole text without one.

    Labels wrapped in a narrow cell print above and below their numbers, so the text between two
    rows of numbers may end one label and begin the next: an item number tells where the next
    begins. A key in the text before it names the row above, not this one. The beginning of a
    label names its row too ("4.保护第三" of 4.保护第三方合法权益), when it is long enough to tell the
    items of a group apart; not (``begun`` False) for a label line without numbers, a piece of a
    label wrapped in its cell.
    """
    text = plain(label)
    starts = [m.start() for m in _ITEM.finditer(text)]
    if not starts:
        return label_rows(rows, label)
    named = label_rows(rows, text[starts[0]:])
    own = text[starts[-1]:]
    if named or len(own) < _ITEM_PREFIX or not begun:
        return named
    return {idx: len(own) for idx, row in enumerate(rows) if (head := key_text(row.label)).startswith(own)
            or (own.startswith(head) and len(head) >= _ITEM_PREFIX)}


def _is_full(run: Run, width: int) -> bool:
    """Enough cells to be a row: a stray number between rows is not one."""
    values = sum(1 for t in run.cells if t.kind is TokKind.VALUE)
    return values >= 1 and len(run.cells) + len(run.post) + len(run.pre) >= width - 1


def place_rows(
    spec: TableSpec,
    runs: list[Run],
    relations: Sequence[Relation],
    values_of: ValuesOf,
) -> Placement:
    rows = spec.rows
    width = max(len(spec.row_columns(r)) for r in rows)
    anchors: dict[int, tuple[int, int]] = {}
    for i, run in enumerate(runs):
        if not run.cells and len(run.post) < width:
            continue  # header cells, not a row printed blank
        if run.cells and not _is_full(run, width):
            continue  # a stray number names no row, whatever text is near it
        a = _anchor(rows, run)
        if a is not None:
            # A label line with only empty cells after it is often the wrapped end of the row
            # above (容仍不明确): it names a row printed blank only when no run with values does.
            anchors[i] = a if run.cells else (a[0], 1)
    chosen = _weak_anchors_dropped(rows, runs, _monotone(anchors), anchors, width)
    # Gaps: (runs between two anchors, rows between their rows).
    placed_fixed: list[tuple[int, int]] = []  # run index, row index
    gaps: list[tuple[list[int], list[int]]] = []
    prev_run, prev_row = -1, -1
    for i in [*chosen, len(runs)]:
        row_idx = anchors[i][0] if i < len(runs) else len(rows)
        gap_runs = [j for j in range(prev_run + 1, i) if runs[j].cells and _is_full(runs[j], width)]
        gap_rows = list(range(prev_row + 1, row_idx))
        if gap_runs or gap_rows:
            gaps.append((gap_runs, gap_rows))
        if i < len(runs):
            run = runs[i]
            if run.cells or len(run.post) >= len(spec.row_columns(rows[row_idx])):
                placed_fixed.append((i, row_idx))
            prev_run, prev_row = i, row_idx
    gap_readings = [_gap_readings(rows, runs, g_runs, g_rows, placed_fixed) for g_runs, g_rows in gaps]
    placement = _choose(rows, runs, placed_fixed, gap_readings, relations, values_of)
    return _order_rival(rows, runs, _left_out_rival(rows, runs, placement, width), width)


def _left_out_rival(rows: Sequence[RowSpec], runs: list[Run], placement: Placement, width: int) -> Placement:
    """A whole row of numbers the reading leaves out makes the rows placed beside it doubtful.

    Such a row is left out when the rows around it were named by their labels and no row is left
    between them; but a label wrapped above and below its numbers names the row before its own as
    well, so either neighbour's row may be the one those numbers belong to.
    """
    index = {id(run): i for i, run in enumerate(runs)}
    placed = sorted((index[id(run)], row.id) for row, run in placement.placed if id(run) in index)
    used = {i for i, _ in placed}
    doubt = dict(placement.doubt)
    for i, run in enumerate(runs):
        if i in used or not run.cells or (run.own and plain(run.own) in _SUM_LABELS):
            continue  # a 合计 row the template has not (some reports add one under the table)
        if _is_full(run, width) and sum(1 for t in run.cells if t.kind is TokKind.VALUE) >= width - 1:
            before = [row for j, row in placed if j < i][-1:]
            after = [row for j, row in placed if j > i][:1]
            named = [*before, *after]
        else:
            # A short row (its blanks printed as nothing) whose own label names a row the reading
            # filled with other numbers: those numbers may be the ones astray.
            a = _anchor(rows, run) if sum(1 for t in run.cells if is_number_token(t.text)) >= 2 else None
            named = [rows[a[0]].id] if a is not None and a[1] > _SHORT_KEY else []
        for row_id in named:
            doubt[row_id] = [*doubt.get(row_id, []), run]
    return Placement(placement.placed, doubt)


def _order_rival(rows: Sequence[RowSpec], runs: list[Run], placement: Placement, width: int) -> Placement:
    """The rows the plain order reading gives another run: in doubt, that run their rival.

    When the table prints exactly one row of numbers for each of its rows, the numbers in order
    are a reading of their own. Labels wrapped above and below their numbers (a PDF converter
    that keeps the grid but not the label cells) make a label text name the row before as well
    as its own, and an anchor taken from it shifts every row after it by one; the sums cannot
    tell (each shifted row adds up, and so does each column). Where the two readings disagree,
    the layout does not say which is right, so neither is taken as sure.
    """
    valued = [i for i, run in enumerate(runs) if run.cells and _is_full(run, width)]
    fits = [v for v in _variants(rows, list(range(len(rows))), set()) if len(v) == len(valued)]
    if len(fits) != 1:
        return placement
    chosen = {row.id: run for row, run in placement.placed}
    doubt = dict(placement.doubt)
    for i, r in zip(valued, fits[0], strict=True):
        mine = chosen.get(rows[r].id)
        if mine is not runs[i]:
            doubt[rows[r].id] = [*doubt.get(rows[r].id, []), runs[i]]
    return Placement(placement.placed, doubt)


def _weak_anchors_dropped(rows: Sequence[RowSpec], runs: list[Run], chosen: list[int],
                          anchors: dict[int, tuple[int, int]], width: int) -> list[int]:
    """Without the label-only anchors that rows of numbers before them need.

    A label printed with empty cells after it is often the wrapped end of a row whose numbers
    stand above it (a label cut by a page break: "1.申请" · numbers · page · "人无正当理由…"
    · empty cells). When more runs of numbers stand before it than rows are left for them, that
    label names the row those numbers belong to, not a row printed blank.
    """
    out: list[int] = []
    for i in chosen:
        prev_run, prev_row = (out[-1], anchors[out[-1]][0]) if out else (-1, -1)
        if not runs[i].cells:
            loose = sum(1 for j in range(prev_run + 1, i) if runs[j].cells and _is_full(runs[j], width))
            free = sum(1 for r in range(prev_row + 1, anchors[i][0]) if not (rows[r].optional and rows[r].alternative_to))
            if loose > free:
                continue
        out.append(i)
    return out


def _monotone(anchors: dict[int, tuple[int, int]]) -> list[int]:
    """The anchors kept: increasing in row order, as much key length as possible."""
    items = sorted(anchors)
    if not items:
        return []
    rows = [anchors[i][0] for i in items]
    # The best weight of a chain ending at each anchor, and the anchor before it in that chain
    # (-1: none): the first best chain is kept, as when each chain was a list of its own.
    score: list[int] = []
    before: list[int] = []
    for pos, i in enumerate(items):
        row, weight = anchors[i]
        best, prev = weight, -1
        for q in range(pos):
            if rows[q] < row and score[q] + weight > best:
                best, prev = score[q] + weight, q
        score.append(best)
        before.append(prev)
    chain: list[int] = []
    pos = max(range(len(items)), key=score.__getitem__)
    while pos >= 0:
        chain.append(items[pos])
        pos = before[pos]
    return chain[::-1]


Reading = tuple[tuple[int, int], ...]  # (run index, row index) pairs of one gap


def _variants(rows: Sequence[RowSpec], gap_rows: list[int], fixed_rows: set[int]) -> list[list[int]]:
    """The gap's rows, once per way of printing optional alternative rows (（六） as one row or three)."""
    alt = [i for i in gap_rows if rows[i].alternative_to]
    if not alt:
        return [[i for i in gap_rows]]
    out = []
    for i in alt:
        replaced = {j for j in gap_rows if rows[j].id in rows[i].alternative_to}
        if any(rows[j].id in rows[i].alternative_to for j in fixed_rows):
            # One of the rows it replaces is printed (anchored outside this gap): so are the others.
            out.append([j for j in gap_rows if j != i])
            continue
        out.append([j for j in gap_rows if j not in replaced])  # printed as one row
        out.append([j for j in gap_rows if j != i])  # printed as its parts
    return out


def _gap_readings(
    rows: Sequence[RowSpec], runs: list[Run], g_runs: list[int], g_rows: list[int], fixed: list[tuple[int, int]]
) -> list[tuple[Reading, float]]:
    """Order-keeping ways to put the gap's runs on its rows, each with a label score."""
    fixed_rows = {r for _, r in fixed}
    readings: list[tuple[Reading, float]] = []
    for variant in _variants(rows, g_rows, fixed_rows):
        mandatory = [r for r in variant if not rows[r].optional or not rows[r].alternative_to]
        n, m = len(g_runs), len(variant)
        if n == m:
            choices: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = [(tuple(g_runs), tuple(variant))]
        elif n < m:
            if math.comb(m, n) > _GAP_LIMIT:
                continue
            choices = [(tuple(g_runs), sub) for sub in itertools.combinations(variant, n)]
        else:
            if math.comb(n, m) > _GAP_LIMIT:
                continue
            choices = [(sub, tuple(variant)) for sub in itertools.combinations(g_runs, m)]
        for run_ids, row_ids in choices:
            pairs = tuple(zip(run_ids, row_ids, strict=True))
            score = sum(label_rows(rows, runs[i].label).get(r, 0) for i, r in pairs)
            # Rows left empty and runs left out both make a reading less likely.
            score -= 2 * (len(mandatory) - len(pairs)) + 2 * (len(g_runs) - len(pairs))
            readings.append((pairs, score))
    if not readings:
        readings.append(((), -100.0))
    return readings


def _choose(
    rows: Sequence[RowSpec],
    runs: list[Run],
    fixed: list[tuple[int, int]],
    gap_readings: list[list[tuple[Reading, float]]],
    relations: Sequence[Relation],
    values_of: ValuesOf,
) -> Placement:
    open_gaps = [g for g in gap_readings if len(g) > 1]
    base_pairs = list(fixed) + [p for g in gap_readings if len(g) == 1 for p in g[0][0]]
    if not open_gaps:
        return Placement(_ordered(rows, runs, base_pairs))
    base_values: dict[str, Number | None] = {}
    for i, r in base_pairs:
        base_values.update(values_of(rows[r], runs[i]))
    scored: list[tuple[int, float, tuple[Reading, ...]]] = []
    combos = itertools.islice(itertools.product(*open_gaps), _MAX_READINGS)
    for combo in combos:
        values = dict(base_values)
        for reading, _ in combo:
            for i, r in reading:
                values.update(values_of(rows[r], runs[i]))
        held = sum(1 for rel in relations if holds(rel, values))
        scored.append((held, sum(s for _, s in combo), tuple(r for r, _ in combo)))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    top = scored[0]
    # Readings as good as the best by the relations and close by the labels are real rivals.
    rivals = [t for t in scored[1:] if t[0] == top[0] and top[1] - t[1] < 2]
    pairs = base_pairs + [p for reading in top[2] for p in reading]
    chosen = {r: i for i, r in pairs}
    doubt: dict[str, list[Run | None]] = {}
    for rival in rivals:
        other = {r: i for reading in rival[2] for i, r in reading}
        for reading in top[2]:
            for i, r in reading:
                if other.get(r) != i:
                    doubt.setdefault(rows[r].id, []).append(runs[other[r]] if r in other else None)
        for r, i in other.items():
            if r not in chosen:
                doubt.setdefault(rows[r].id, []).append(runs[i])
    return Placement(_ordered(rows, runs, pairs), doubt)


def _ordered(rows: Sequence[RowSpec], runs: list[Run], pairs: list[tuple[int, int]]) -> list[tuple[RowSpec, Run]]:
    return [(rows[r], runs[i]) for i, r in sorted(pairs, key=lambda p: p[1])]
