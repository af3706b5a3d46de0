"""Runs of values to template rows by one best alignment of the whole table, not run by run.

Narrow label columns wrap a label over several lines, and converters print those lines before,
beside or after the row's numbers, so the text before a run may hold the end of the previous
row's label and only the start of its own (``（六）其 1.申请人无正当理`` … ``由逾期不补正``). Choosing
each run's row greedily then takes a wrong turn at the first unreadable label (（六）其他处理 as one
row instead of three) and every later row shifts. Here every monotone assignment of runs to rows is
scored at once (label keys found, rows skipped, runs left over), for each way the template's
alternative rows can be printed, and the best one wins; ties go to the nearer row, as before.
A row placed here without a key of its own in its label is only a guess: ``tables._place_rows``
checks it against the placement the order and the counts allow and marks it uncertain where
they differ.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from gkaudit.extraction.alignment import compact_keys, plain
from gkaudit.extraction.tokens import Run
from gkaudit.extraction.values import parse_value
from gkaudit.reading.normalise import key_text
from gkaudit.templates import TEMPLATES, Kind, RowSpec, TableSpec

KEY_WEIGHT = 10
SKIP_PENALTY = 3
END_PENALTY = 20  # a run left over after the last row (a note under the table, say)


_MIN_PREFIX = 3


def key_score(row: RowSpec, label: str) -> int:
    """How clearly ``label`` names ``row``: the longest key in it, or a key's start it ends with.

    A label wrapped in a narrow cell goes on after the row's numbers ("（七）总" · numbers · "计"),
    so the text before the numbers may hold only the start of the key.
    """
    return _key_score(row.keys, row.label, label, row.group)


@functools.lru_cache(maxsize=65536)
def _key_score(keys: tuple[str, ...], row_label: str, label: str, group: str = "",
               longer: frozenset[str] = frozenset()) -> int:
    # Cached by what the score depends on (strings hash without calling into Python, a row does not).
    label = plain(label)
    best = 0
    # The printed label itself ("（六）其他处理") names the row by its start too ("（六）其他" · numbers · "处理").
    for k in (*compact_keys(keys), *_numbered_label(row_label)):
        if k in label:
            if len(k) <= _SHORT_KEY and _only_inside(k, label, longer):
                continue  # 其他 of 3.其他 inside （六）其他处理, the label of the rows' group
            best = max(best, len(k))
            continue
        for n in range(len(k) - 1, max(_MIN_PREFIX, best + 1) - 1, -1):
            if label.endswith(k[:n]):
                best = n
                break
    # The group label with the item's number names the item only whole: its start is the group
    # label, which every item of the group shares.
    for k in _group_item(group, row_label):
        if k in label:
            best = max(best, len(k))
    return KEY_WEIGHT * max(best, _item_start(row_label, label), _item_end(row_label, label, group))


_SHORT_KEY = 2
_AFTER_NUMBER = re.compile(r"\d\.$")


def _only_inside(key: str, label: str, longer: frozenset[str]) -> bool:
    """Every place ``key`` stands in ``label`` is inside a longer key of the table (其他 in 其他处理),
    and none right after an item number ("3.其他")."""
    spans = [(m, m + len(k)) for k in longer if key in k and k != key for m in _finds(label, k)]
    for start in _finds(label, key):
        if _AFTER_NUMBER.search(label, 0, start) or not any(a <= start and start + len(key) <= b for a, b in spans):
            return False
    return True


def _finds(text: str, sub: str) -> list[int]:
    out, at = [], text.find(sub)
    while at >= 0:
        out.append(at)
        at = text.find(sub, at + 1)
    return out


@functools.cache
def longer_keys(spec: TableSpec) -> frozenset[str]:
    """The table's keys longer than a short one, in compact form. A frozenset: it is part of
    ``_key_score``'s cache key, and a frozenset keeps its hash (a tuple hashes every key each call)."""
    return frozenset(k for r in spec.rows for k in compact_keys(r.keys) if len(k) > _SHORT_KEY)


_ITEM_NUMBER = re.compile(r"(?<![\d.])\d{1,2}\.(?!\d)")
_ITEM_START = 5  # "1." and three characters of the item's label: enough to tell the items of a group apart


def _item_start(row_label: str, label: str) -> int:
    """How much of a numbered item's printed label ("1.申请人无正当…") follows an item number in ``label``.

    A label wrapped in a narrow cell beside its group's label is printed interleaved with it
    ("1.申请人无正当" · "其他处" · "理由逾期不补" …), so no key is found whole; the item's number and
    the first characters after it still name it.
    """
    head = _item_head(row_label)
    if not head:
        return 0
    best = 0
    at = label.find(head[:_ITEM_START])
    while at >= 0:
        # An item number stands on its own: not the end of a longer number or of "3.1".
        if at == 0 or not (label[at - 1].isdecimal() or label[at - 1] == "."):
            n = _ITEM_START
            for a, b in zip(label[at + n:], head[n:], strict=False):
                if a != b:
                    break
                n += 1
            best = max(best, n)
        at = label.find(head[:_ITEM_START], at + 1)
    return best


_ITEM_END = 4  # "2." and two characters: no two items of a template share them


def _item_end(row_label: str, label: str, group: str) -> int:
    """How much of a numbered item's label the text before its numbers ends with, from the item's
    number and its first two characters on, where the captions printed down beside it (its
    group's, its section's) put a character of theirs in between ("2.重复" · "理"; "3.要求" · "果" ·
    "提供公"): the rest of the item's label goes on after its numbers. Anything else after it is
    another row's text, and no match."""
    head = _item_head(row_label)
    if len(head) < _ITEM_END:
        return 0
    at = label.rfind(head[:_ITEM_END])
    if at < 0 or (at > 0 and (label[at - 1].isdecimal() or label[at - 1] == ".")):
        return 0
    beside = _beside(row_label, group)
    n = _ITEM_END
    for ch in label[at + _ITEM_END:]:
        if n < len(head) and ch == head[n]:
            n += 1
        elif ch not in beside:
            return 0
    # The characters after the number must tell the item from every other ("1.申请" starts two).
    words = _ITEM_NUMBER.sub("", head[:n], count=1)
    return n if sum(1 for other in _item_words() if other.startswith(words)) == 1 else 0


@functools.cache
def _item_words() -> frozenset[str]:
    """Every numbered item's label of the templates, its number left off, in compact form."""
    return frozenset(_ITEM_NUMBER.sub("", _item_head(r.label), count=1) for t in TEMPLATES.values()
                     for table in t.tables for r in table.rows if _item_head(r.label))


@functools.cache
def _beside(row_label: str, group: str) -> frozenset[str]:
    """The Chinese characters of the captions the form prints beside a row: its group's and its section's."""
    chars = set(key_text(group))
    for template in TEMPLATES.values():
        for table in template.tables:
            ids = [r.id for r in table.rows]
            for section in table.form.sections:
                span = ids[ids.index(section.first):ids.index(section.last) + 1]
                if any(r.label == row_label and r.id in span for r in table.rows):
                    chars.update(key_text(section.text))
    return frozenset(ch for ch in chars if "\u4e00" <= ch <= "\u9fff")


@functools.cache
def _item_head(row_label: str) -> str:
    """The row's label in compact form when it opens with an item number ("1.申请人…"), else ""."""
    head = key_text(row_label)
    return head if _ITEM_NUMBER.match(head) and len(head) >= _ITEM_START else ""


@functools.cache
def _numbered_label(row_label: str) -> tuple[str, ...]:
    """The row's printed label when it opens with its group numeral, in compact form."""
    label = key_text(row_label)
    return (label,) if label.startswith("(") and ")" in label[:4] else ()


@functools.cache
def _group_item(group: str, row_label: str) -> tuple[str, ...]:
    """The group label and the item's number ("(三)不予公开1."): how a report whose sub-rows print
    only their numbers names the group's first item, in compact form."""
    m = re.match(r"\d{1,2}\.", row_label)
    return (key_text(group) + m.group(),) if group and m else ()


def variants(spec: TableSpec) -> list[tuple[RowSpec, ...]]:
    """The row sequences a report may print: each alternative row either replaces its rows or not."""
    out = [tuple(spec.rows)]
    for alt in (r for r in spec.rows if r.alternative_to):
        nxt = []
        for seq in out:
            nxt.append(tuple(r for r in seq if r.id != alt.id))
            nxt.append(tuple(r for r in seq if r.id not in alt.alternative_to))
        out = nxt
    return out


def align(spec: TableSpec, runs: list[Run], headless: bool = False) -> list[tuple[RowSpec, Run]]:
    """The best placement of ``runs`` (in order) on rows (in order) over every printed variant.

    ``headless``: the table was found by its rows, not under its heading (a page that continues it
    from the page before, photographed alone). Its first rows may be any of the template's: the
    reading starts at the first row a run's own label names, and numbers above that run that the
    rows before it cannot hold one to one (their labels on the page before) are left unplaced.
    """
    return align_doubt(spec, runs, headless)[0]


def align_doubt(spec: TableSpec, runs: list[Run], headless: bool = False
                ) -> tuple[list[tuple[RowSpec, Run]], frozenset[str], frozenset[str]]:
    """``align``; the rows whose runs may hold cells of a run left out as no row's own (a row of
    numbers the next row's label claims the place of, too many to be the missing cells of the row
    before: two rows' cells interleaved over lines, as ``pdftotext -layout`` prints rows whose
    cells wrap at slightly different heights); and the rows whose missing cells are such a run
    left out (``_foreign``): where their printed numbers stand says nothing of their blanks."""
    runs = _without_stray(spec, runs)
    best: tuple[int, list[tuple[RowSpec, Run]], frozenset[str], frozenset[str]] | None = None
    for rows in variants(spec):
        start, kept = _continued(rows, runs) if headless else (0, runs)
        mixed: set[str] = set()
        apart: set[str] = set()
        score, placed = _greedy(rows, spec, kept, start, mixed, apart)
        if best is None or score > best[0]:
            best = (score, placed, frozenset(mixed), frozenset(apart))
    return (best[1], best[2], best[3]) if best else ([], frozenset(), frozenset())


def _continued(rows: tuple[RowSpec, ...], runs: list[Run]) -> tuple[int, list[Run]]:
    """Where a table found without its heading starts: (row index, the runs read from there).

    The first run whose own label (the text on its line) names a row fixes it. Rows of numbers
    above it are the rows just before it only if they are as many as the rows from the table's
    first: then the table starts at its first row, as one read under its heading. Otherwise which
    rows they are is not on the page, and they are left out."""
    valued = [k for k, r in enumerate(runs) if r.cells]
    for n, k in enumerate(valued):
        own = runs[k].own if runs[k].own is not None else runs[k].tail
        row = named_row(rows, own) if own else None
        if row is None:
            continue
        idx = rows.index(row)
        if idx <= n:
            # The text above its own line is no row's: the captions, and the sentences before a
            # table found by its captions (its heading misread), which may name another row
            # ("及时开展规范性文件清理" above 规章).
            runs = [dataclasses.replace(r, label=own or r.label) if j == k else r for j, r in enumerate(runs)]
        if idx < n:
            # More rows of numbers above it than rows before it: the first ones are no rows of the
            # table but numbers of the text above it ("访问量 817 万人次").
            above = set(valued[: n - idx])
            return 0, [r for j, r in enumerate(runs) if j not in above]
        if idx == n:
            return 0, runs
        return idx, [r for j, r in enumerate(runs) if j >= k or not r.cells]
    return 0, runs


def named_row(rows: tuple[RowSpec, ...], label: str) -> RowSpec | None:
    scored = [(key_score(r, label), -i) for i, r in enumerate(rows)]
    best = max(scored, default=(0, 0))
    return rows[-best[1]] if best[0] > 0 else None


_PROSE = re.compile(r"\d\s*[件年]")  # "18件", "2020年": a sentence, no row label


def _without_stray(spec: TableSpec, runs: list[Run]) -> list[Run]:
    """Leave out what only looks like a row's numbers.

    A few numbers that name the same row as the full row right after them come from a sentence.

    A sentence before the table ("本年新收政府信息公开申请 278 件，办结 292 件") names the row that the
    table then prints in full; its numbers are not that row's cells. The text before the full row
    holds the rest of the sentence ("结转下年度继续办理 14 件"), which may name another row: a
    sentence (numbers counted in 件) that names a row of the table, right before a full row, is
    one whichever row that is, and the rest of it is no part of the next row's label.
    """
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    # Only where every row has the full width (依申请): elsewhere a lone "无" is a one-cell row.
    even = all(len(spec.row_columns(r)) == width for r in spec.rows)
    runs = list(runs)
    out = []
    for i, run in enumerate(runs):
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        # The row the sentence names may print blanks as nothing: a sentence ("申请18件…办结") with
        # fewer numbers than that row is enough to tell them apart.
        full = len(nxt.cells) == width if nxt is not None else False
        prose = nxt is not None and len(nxt.cells) > max(len(run.cells), 2) and _PROSE.search(run.tail) is not None
        # As many digits as the row has cells are its cells run together (pdfium's "1000001"), no
        # sentence's count.
        together = sum(len(t.text) for t in run.cells) >= width
        if (nxt is not None and width > 2 and 0 < len(run.cells) <= width // 2 and (full or prose) and not together
                and (row := named_row(spec.rows, run.label)) is not None
                and ((prose and full) or row in (named_row(spec.rows, nxt.label), named_row(spec.rows, nxt.tail)))):
            if prose and (ends := [m.end() for m in _PROSE.finditer(nxt.label)]):
                runs[i + 1] = dataclasses.replace(nxt, label=nxt.label[ends[-1]:])
            continue
        if (even and 0 < len(run.cells) <= width // 2 and not run.pre and not run.post
                and all(parse_value(t.text, Kind.COUNT).blank for t in run.cells)):
            # A lone "无" or "—" between label lines is a character of a wrapped label ("（四）无法提供"
            # a character a line), not a row of blank cells: those print a mark in every cell.
            continue
        out.append(run)
    return out


Scores = dict[str, list[int]]  # label -> its score for each row of one reading (-1: not worked out yet)


def _choose(rows: tuple[RowSpec, ...], ptr: int, label: str, strict: bool = False, longer: frozenset[str] = frozenset(),
            memo: Scores | None = None) -> int:
    """The row a run belongs to: a row whose key is in the label, nearer rows preferred; else ``ptr``.

    ``memo``: the scores of ``rows`` worked out so far (a run's label is weighed at several steps
    of one reading), for these ``rows`` and ``longer`` only."""
    best, best_score = (-1 if strict else ptr), 0
    scores = None
    if memo is not None:
        scores = memo.get(label)
        if scores is None:
            scores = memo[label] = [-1] * len(rows)
    for idx in range(ptr, len(rows)):
        if scores is None or (named := scores[idx]) < 0:
            row = rows[idx]
            named = _key_score(row.keys, row.label, label, row.group, longer)
            if scores is not None:
                scores[idx] = named
        if named and named - SKIP_PENALTY * (idx - ptr) > best_score:
            best, best_score = idx, named - SKIP_PENALTY * (idx - ptr)
    return best


def _greedy(
    rows: tuple[RowSpec, ...], spec: TableSpec, runs: list[Run], start: int = 0, mixed: set[str] | None = None,
    apart: set[str] | None = None,
) -> tuple[int, list[tuple[RowSpec, Run]]]:
    """Each run to the row its label names at or after the current one; the reading's score with it.

    The score adds the label keys found, less the rows skipped on the way and the runs of numbers
    left over after the last row: the variant that reads the table with the fewest loose ends wins.
    """
    placed: list[tuple[RowSpec, Run]] = []
    score, ptr = 0, start
    longer = longer_keys(spec)
    memo: Scores = {}
    for i, run in enumerate(runs):
        if ptr >= len(rows):
            score -= END_PENALTY * sum(1 for r in runs[i:] if r.cells)
            break
        if not run.cells:
            idx = _choose(rows, ptr, run.label, strict=True, longer=longer, memo=memo)
            if idx >= 0 and len(run.post) >= len(spec.row_columns(rows[idx])):
                placed.append((rows[idx], run))
                score += memo[run.label][idx] - SKIP_PENALTY * (idx - ptr)  # _choose worked it out
                ptr = idx + 1
            continue
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if placed and _foreign(rows, ptr, placed[-1], run, nxt, spec, longer, memo):
            if len(placed[-1][1].cells) + len(run.cells) == len(spec.row_columns(placed[-1][0])):
                if apart is not None and len(run.cells) < len(placed[-1][1].cells):
                    # With the piece (fewer numbers than the row printed: the part it lacks) the row
                    # has every cell printed: no blank stands where its numbers' columns leave one.
                    apart.add(placed[-1][0].id)
                elif mixed is not None:
                    # The piece holds most of the row (its numbers set lower than the one printed
                    # beside its label, a group's heading on their line): the row's cells may be
                    # the piece's, and its blanks none. None of its cells is sure.
                    mixed.add(placed[-1][0].id)
            continue
        if placed and mixed is not None and len(run.cells) < len(spec.row_columns(rows[ptr])) \
                and any(len(prev.cells) < len(spec.row_columns(row)) for row, prev in placed[-_INTERLEAVED:]) \
                and _unclaimed(rows, ptr, run, nxt, longer, memo):
            # Too few numbers for a row, no label names them, and the next row's own label claims
            # the row they would take, after a row short of cells, though more than it lacks: cells
            # of the rows before printed apart from them. Placed, they would push every later row
            # down by one; left out, the rows before that may hold them (the last one, and the
            # short ones just before it) are in doubt. A short row's cells may be printed after
            # the next row's first line (two rows' lines interleaved where a label cell spans both,
            # "3.4. 要求提供…" over "无正当理由…"): the rows back to it are in doubt too.
            short = False
            for row, prev in reversed(placed):
                if short and len(prev.cells) >= len(spec.row_columns(row)):
                    break
                mixed.add(row.id)
                short = short or len(prev.cells) < len(spec.row_columns(row))
            continue
        if not placed and _above_first(rows, ptr, run, runs[i + 1:], longer, memo):
            continue
        idx = _choose(rows, ptr, run.label, longer=longer, memo=memo)
        # The label on the numbers' own line names their row; rows named before it in the label
        # (行政处罚 above 行政强制 30471) printed no numbers.
        own = _choose(rows, ptr, run.tail, strict=True, longer=longer, memo=memo) if run.tail else -1
        if own > idx:
            idx = own
        score += memo[run.label][idx] - SKIP_PENALTY * (idx - ptr)  # _choose worked it out (idx >= ptr)
        placed.append((rows[idx], run))
        ptr = idx + 1
    return score, placed


_INTERLEAVED = 2  # rows back to the last short one whose cells a run of numbers no row claims may hold


def _foreign(rows: tuple[RowSpec, ...], ptr: int, before: tuple[RowSpec, Run], run: Run, nxt: Run | None,
             spec: TableSpec, longer: frozenset[str], memo: Scores | None = None) -> bool:
    """Whether ``run`` is no row's but a piece of the row placed before it: a cell read as label
    text ("29 —1 66029") cut that row in two. Its label names no row from ``ptr`` on, the label on
    the next run's own line names the very row it would take, and its numbers fit in what the row
    before left empty. Placed, it would push every later row down by one under labels that name
    other rows; left out, the row before shows its missing cells (uncertain)."""
    row, prev = before
    return len(prev.cells) + len(run.cells) <= len(spec.row_columns(row)) \
        and _next_claims(rows, ptr, run, nxt, longer, memo)


def _unclaimed(rows: tuple[RowSpec, ...], ptr: int, run: Run, nxt: Run | None, longer: frozenset[str],
               memo: Scores | None = None) -> bool:
    """Whether no label names a row for ``run``, its own last label cell neither, while the label
    on the next run's own line names the very row it would take."""
    return not (run.tail and _choose(rows, ptr, run.tail, strict=True, longer=longer, memo=memo) >= 0) \
        and _next_claims(rows, ptr, run, nxt, longer, memo)


def _next_claims(rows: tuple[RowSpec, ...], ptr: int, run: Run, nxt: Run | None, longer: frozenset[str],
                 memo: Scores | None = None) -> bool:
    """Whether ``run``'s label names no row from ``ptr`` on and the label on the next run's own
    line names the very row ``run`` would take."""
    if nxt is None or not nxt.cells or not nxt.tail:
        return False
    if _choose(rows, ptr, run.label, strict=True, longer=longer, memo=memo) >= 0:
        return False
    return _choose(rows, ptr, nxt.tail, strict=True, longer=longer, memo=memo) == ptr


def _above_first(rows: tuple[RowSpec, ...], ptr: int, run: Run, rest: list[Run], longer: frozenset[str],
                 memo: Scores | None = None) -> bool:
    """Whether ``run``, before any row is placed, is numbers of the text above the table: no label
    names a row for it, and the next run of numbers names the first row open on its own line
    ("访问量 817 万人次" above 规章 0 0 4, the table's heading misread so that the sentences
    before it were taken in). Placed, it would push every row down by one."""
    nxt = next((r for r in rest if r.cells), None)
    if nxt is None or not nxt.tail or (run.tail and _choose(rows, ptr, run.tail, strict=True, longer=longer, memo=memo) >= 0):
        return False
    if _choose(rows, ptr, run.label, strict=True, longer=longer, memo=memo) >= 0:
        return False
    return _choose(rows, ptr, nxt.tail, strict=True, longer=longer, memo=memo) == ptr
