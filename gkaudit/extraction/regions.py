"""Locate the stretch of text that holds each template table, by section heading or table signature."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from gkaudit.model import Finding, Source, Table
from gkaudit.reading.normalise import compact, compact_lines, key_text, normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import TEMPLATES, TableSpec, TemplateSpec

_SECTION_FIVE = re.compile(r"^\s*(?:五|5)\s*[、.．]|存在的主要问题|主要问题及(?:其)?改进|改进情况")
# The sections that hold the tables: 二 主动公开, 三 依申请, 四 复议诉讼.
_SECTION_NUMERALS = {"active": "二", "apply": "三", "review": "四"}
_NEXT_SECTION = re.compile(r"^\s*(?:五|六|七)\s*[、.．]")


@dataclass(frozen=True, slots=True)
class Region:
    table: str
    start: int
    end: int
    heading: tuple[int, int] | None  # offsets of the heading line, when one was found


class Line(NamedTuple):  # one per line of every region read: a tuple is made fastest
    start: int
    end: int
    text: str


_new_tuple = tuple.__new__  # a NamedTuple's own __new__ is a Python function in between


def split_lines(text: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        out.append(_new_tuple(Line, (pos, end, raw)))
        pos = end + 1
    return out


def find_regions(text: str, template: TemplateSpec, normalised: bool = False) -> dict[str, Region]:
    """Regions of the three tables, in template order; a table not found has no entry."""
    norm = text if normalised else normalise(text)
    lines = split_lines(norm)
    keyed = compact_lines(norm)
    order = [t.id for t in template.tables]
    starts: dict[str, tuple[int, tuple[int, int] | None]] = {}
    floor = 0  # line index the next table must start after
    candidates = _row_lines(lines, keyed)
    for spec in template.tables:
        numeral = _SECTION_NUMERALS.get(spec.id, "")
        found: tuple[int, tuple[int, int] | None] | None
        found = _best_heading(lines, keyed, spec, floor, numeral, candidates)
        if found is None:
            found = _find_heading(lines, keyed, spec.heading_keys, spec.signature_keys, floor)
        if found is None:
            found = _find_signature(lines, keyed, spec.signature_keys, floor, _long_row_keys(spec))
        if found is None:
            continue
        idx, heading = found
        starts[spec.id] = (idx, heading)
        floor = idx + 1
    regions: dict[str, Region] = {}
    present = [t for t in order if t in starts]
    for i, table in enumerate(present):
        idx, heading = starts[table]
        end_idx = starts[present[i + 1]][0] if i + 1 < len(present) else \
            _end_of_last(lines, keyed, idx, template.table(table))
        start = lines[idx].start
        end = lines[end_idx - 1].end if end_idx > idx else lines[idx].end
        regions[table] = Region(table, start, end, heading)
    return regions


_PLACEHOLDER_LINES = 6  # lines between a section heading and the marker standing for its table


def placeholder_region(text: str, spec: TableSpec, placeholder: re.Pattern[str]) -> tuple[Region, str] | None:
    """The table's section heading and, within a few lines after it, a converter's marker for a
    table it did not render ("[TABLE]"): the region from one to the other and the marker; None where
    there is no such pair (``text`` normalised). Such a section has no table text to find."""
    lines = split_lines(text)
    keyed = compact_lines(text)
    keys = [key_text(k) for k in spec.heading_keys]
    numeral = _SECTION_NUMERALS.get(spec.id, "")
    for i, k in enumerate(keyed):
        if not k or len(k) > 40 or not k.startswith(numeral) or not any(h in k for h in keys):
            continue
        for j in range(i + 1, min(i + 1 + _PLACEHOLDER_LINES, len(lines))):
            m = placeholder.match(text, lines[j].start, lines[j].end)
            if m is not None:
                return Region(spec.id, lines[i].start, lines[j].end, (lines[i].start, lines[i].end)), m.group(1)
    return None


def _find_heading(
    lines: list[Line],
    keyed: list[str],
    heading_keys: tuple[str, ...],
    signature: tuple[str, ...],
    floor: int,
    numeral: str = "",
) -> tuple[int, tuple[int, int] | None] | None:
    keys = [key_text(k) for k in heading_keys]
    sig = [key_text(k) for k in signature]
    for i in range(floor, len(lines)):
        k = keyed[i]
        if not k or len(k) > 40 or not any(h in k for h in keys):
            continue
        if numeral and not k.startswith(numeral):
            continue
        # A heading is followed by its table: a signature phrase within the next lines.
        window = "".join(keyed[i + 1 : i + 80])
        if any(s in window for s in sig):
            return i, (lines[i].start, lines[i].end)
    return None


_WINDOW = 80
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=16)
def _heading_keys(spec: TableSpec) -> tuple[re.Pattern[str], tuple[tuple[str, int], ...], re.Pattern[str]]:
    """A pattern found in a line that holds any of the table's heading keys, each row key (compact,
    not empty) with its row's index, and a pattern found in a line that holds any row key."""
    rows = [tuple(key_text(k) for k in row.keys) for row in spec.rows]
    row_keys = tuple((rk, n) for n, keys in enumerate(rows) for rk in keys if rk)
    return (_any_of([key_text(k) for k in spec.heading_keys]), row_keys, _any_of([rk for rk, _n in row_keys]))


def _any_of(words: list[str]) -> re.Pattern[str]:
    # Longest first, though any match will do: only whether one is there is asked.
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered) if ordered else "(?!)")


def _row_lines(lines: list[Line], keyed: list[str]) -> list[int]:
    """Indices of the lines that may be a row's label: some text, a number on it or on one of the next two."""
    has_digit = [_DIGIT.search(line.text) is not None for line in lines]
    return [j for j in range(len(lines)) if keyed[j] and (has_digit[j] or any(has_digit[j + 1 : j + 3]))]


def _best_heading(
    lines: list[Line], keyed: list[str], spec: TableSpec, floor: int, numeral: str,
    candidates: list[int] | None = None,
) -> tuple[int, tuple[int, int] | None] | None:
    """Of the lines that could be the table's heading, the one followed by most of its rows.

    A report may name a table's section in its introduction, number its sections differently
    from the template, or print the tables in an annex: the heading that counts is the one the
    table's own rows (a label with numbers after it) follow.
    """
    heading, row_keys, any_key = _heading_keys(spec)
    if candidates is None:
        candidates = _row_lines(lines, keyed)
    # Rows each line names, worked out once: the windows of candidate headings overlap.
    named: dict[int, frozenset[int]] = {}
    best: tuple[int, int, int] | None = None  # (rows, numeral matches, -index)
    for i in range(floor, len(lines)):
        k = keyed[i]
        if not k or (len(k) > 40 and not _run_on_heading(lines[i].text, k, numeral, heading)) \
                or heading.search(k) is None:
            continue
        end = min(len(lines), i + 1 + _WINDOW)
        seen: set[int] = set()
        for j in candidates[bisect.bisect_right(candidates, i) : bisect.bisect_left(candidates, end)]:
            if j not in named:
                line = keyed[j]
                # Most lines name no row (a number alone, a sentence): one search says so.
                named[j] = frozenset(n for rk, n in row_keys if rk in line) if any_key.search(line) else frozenset()
            seen |= named[j]
        score = (len(seen), int(bool(numeral) and k.startswith(numeral)), i)
        if seen and (best is None or score[:2] >= best[:2]):
            best = score
    if best is None:
        return None
    return best[2], (lines[best[2]].start, lines[best[2]].end)


def _run_on_heading(text: str, keyed: str, numeral: str, heading: re.Pattern[str]) -> bool:
    """Whether a long line is the table's section heading with the section's first sentence run on
    after it (a converter that joins a heading with the paragraph below, "## 四、…行政诉讼情况 本年度
    因…"): it opens with the section's numeral and a heading key within a heading's length."""
    return bool(numeral) and _NUMBERED.match(text) is not None and text.lstrip(" \t#*>").startswith(numeral) \
        and heading.search(keyed, 0, 40) is not None


_NUMBERED = re.compile(r"^[\s#*>]*[一二三四五六七八九十]\s*[、.．]")
_ROW_GAP = 3  # lines: a row's label wrapped over lines without numbers, between two named rows


@functools.lru_cache(maxsize=16)
def _long_row_keys(spec: TableSpec) -> re.Pattern[str]:
    """A pattern found in a line that names one of the table's rows by a key of three characters
    or more (其他 is in the other tables' rows too)."""
    return _any_of([k for k, _n in _heading_keys(spec)[1] if len(k) >= 3])


def _find_signature(
    lines: list[Line], keyed: list[str], signature: tuple[str, ...], floor: int, rows: re.Pattern[str] | None = None
) -> tuple[int, None] | None:
    """The table found by its signature phrases, not under its heading. ``rows``: the table's rows
    printed above its first signature line (a page that continues the table from the page before
    and shows its last rows only) are in it too."""
    sig = [key_text(k) for k in signature]
    for i in range(floor, len(lines)):
        if any(s in keyed[i] for s in sig):
            k = i - 1
            while rows is not None and k >= floor and i - k <= _ROW_GAP:
                if rows.search(keyed[k]):
                    i = k
                k -= 1
            # Start a few lines earlier so that a header above the first signature row is included.
            j = i
            while j > floor and i - j < 6 and keyed[j - 1] and len(keyed[j - 1]) < 60:
                j -= 1
            if j < i and _NUMBER_LINE.match(lines[j].text) and j > floor and _NUMBER_LINE.match(lines[j - 1].text):
                # Cut through a row printed a number a line (its heading misread, the table found by
                # a later row): the rest of its numbers and the label above them are in it too.
                while j > floor and _NUMBER_LINE.match(lines[j - 1].text):
                    j -= 1
                k = j
                while j > floor and k - j < _ROW_GAP and keyed[j - 1] and not _NUMBER_LINE.match(lines[j - 1].text) \
                        and len(keyed[j - 1]) < 60:
                    j -= 1
            return j, None
    return None


_NUMBER_LINE = re.compile(r"^\s*[-+]?\d[\d,.]*\s*$")
_ITEM_FIVE = re.compile(r"^\s*5\s*[.．]")
_ROW_OF_NUMBERS = re.compile(r"(?:\s+[-\d][\d,.]*){3,}\s*$")


def _own_item(text: str, keyed: str, row_keys: tuple[tuple[str, int], ...]) -> bool:
    """Whether a line numbered "5." is the table's own item: it names one of its rows (a key of
    four characters or more; 其他 is in too many headings), or a row of numbers follows its label
    (a label cut short at the foot of a page names no row)."""
    return _ITEM_FIVE.match(text) is not None and (
        any(len(k) >= 4 and k in keyed for k, _n in row_keys) or _ROW_OF_NUMBERS.search(text) is not None
    )


def _end_of_last(lines: list[Line], keyed: list[str], start_idx: int, spec: TableSpec) -> int:
    """Where the last table found ends: at the next section's heading. A row of the table itself
    numbered like a section (依申请's "5.属于三类内部事务信息", the last table of a page photo
    when the review table is not on it) does not end it."""
    _heading, row_keys, _any = _heading_keys(spec)
    for i in range(start_idx + 1, len(lines)):
        text = lines[i].text
        if _NEXT_SECTION.match(text) or (_SECTION_FIVE.search(text) and len(keyed[i]) < 40
                                         and not _own_item(text, keyed[i], row_keys)):
            return i
    return min(len(lines), start_idx + 400)


def foreign_table(norm: str, spec: TableSpec, start: int, end: int, template: TemplateSpec) -> tuple[Table, Finding] | None:
    """Where the table between ``start`` and ``end`` follows the other template (two or more of
    its markers and none of this one's: a 2019 主动公开 table in a report whose other tables are
    2021's), the table left unread and the finding that says so: read by this template, its
    columns would be misnamed. None where it does not."""
    text = compact(norm[start:end])
    if any(key in text for _m, key in _marker_keys(template)):
        return None
    for other in TEMPLATES.values():
        if other is not template:
            found = [m for m, key in _marker_keys(other) if key in text]
            if len(found) >= 2:
                return Table(spec.id, source=Source(start, end)), catalogued(
                    "template.year", anchor=spec.id, source=Source(start, end),
                    message=f"{spec.title}：表中是 {other.id} 年版格式的栏目（{'、'.join(found[:3])}），"
                            f"与本报告其余表格（{template.id} 年版）不一致，未读取该表，请核对原文")
    return None


@functools.cache
def _marker_keys(template: TemplateSpec) -> tuple[tuple[str, str], ...]:
    """The template's markers, each with its compact form (a template's markers never change)."""
    return tuple((m, key_text(m)) for m in template.markers)
