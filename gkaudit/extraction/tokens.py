"""Cut a table region into tokens (label text, values, empty cells) and group values into runs.

Two layouts reach this point: grid lines (tab- or pipe-separated cells, one table row per line, as
PDF converters and our own HTML/DOCX/PDF readers print them) and one cell per line (web pages copied
as text), where an empty line either separates cells or is itself a blank cell.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar, cast

from gkaudit.extraction import misread
from gkaudit.extraction.regions import Line, split_lines
from gkaudit.extraction.values import is_number_token, is_value_token, parse_once
from gkaudit.reading.normalise import compact


class TokKind(enum.Enum):
    TEXT = "text"
    VALUE = "value"
    EMPTY = "empty"


class Tok(NamedTuple):
    # A tuple, not a frozen dataclass: tens of thousands are made a report, and a frozen
    # dataclass sets each field through object.__setattr__. Equality and hash are the same.
    kind: TokKind
    text: str
    start: int
    end: int
    line: int
    col: int = -1  # grid column, -1 in one-cell-per-line text
    parts: tuple[tuple[int, int], ...] = ()  # a number printed in pieces (wrapped in its cell): their spans


@dataclass(slots=True)
class Run:
    """Consecutive value cells and the label text printed before them."""

    label: str  # compact label text (key_text) accumulated since the previous run
    label_start: int
    cells: list[Tok] = field(default_factory=list)  # values and the blanks between them
    pre: list[Tok] = field(default_factory=list)  # empty cells right before the first value
    post: list[Tok] = field(default_factory=list)  # empty cells right after the last value
    header: dict[int, str] = field(default_factory=dict)  # grid column → text of the latest header line
    tail: str = ""  # compact text of the last label cell before the values (the row's own label, if any)
    own: str | None = None  # grid layouts: compact text of the label cells on the values' own line
    others: list[list[Tok]] = field(default_factory=list)  # other readings of ``cells`` that fit as well
    header_at: int = -1  # where that header line starts in the text (-1: none)

    @property
    def last_col(self) -> int:
        return self.cells[-1].col if self.cells else -1


# A Markdown table's rule row with no outer pipes ("---|---", "---" under a merged first row):
# its rows have none either.
_BARE_RULE = re.compile(r"^\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


_CHUNK = re.compile(r"\S+")
_SIGN_WORD = re.compile(r"增加|减少|增|减")
_INNER_SPACE = re.compile(r"\S\s+\S")  # more than one chunk
_WRAPPED = re.compile(r"[1-9]\d*(?:<br\s*/?>\d+)+", re.IGNORECASE)
# A count whose unit wrapped onto the cell's next line ("121<br>件"): the number with its unit.
_UNIT_WRAPPED = re.compile(r"(\d[\d,]*)\s*<br\s*/?>\s*(件|个|项|条|次)", re.IGNORECASE)
_SEGMENT = re.compile(r"\S+(?: \S+)*")
# A unit that goes on as a sentence ("件，被提起", "件。"): not a unit standing alone in its cell.
# A year goes on as a sentence too ("2024 年，本机关共新收…" spaced out by a layout converter).
_SENTENCE_AFTER = re.compile(r"^(?:件|个|项|条|次|人次|万元|元|(年))\s*(?:[，。,；;、]|[\u4e00-\u9fff]{2,})")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _goes_on(number: str, after: str) -> bool:
    """Whether ``after`` goes on from the number as a sentence (its unit, then words or a stop):
    "年" only after a year; a count before "年度办…" is a cell beside the characters of a label
    printed down its narrow column (三、本年度办理结果)."""
    m = _SENTENCE_AFTER.match(after)
    return m is not None and (m.group(1) is None or _YEAR.fullmatch(number.strip()) is not None)
# A unit alone (a cell's unit wrapped or set apart from its number): never a label.
UNIT_WORD = re.compile(r"^(?:万元|万|元|亿元|亿|件|个|项|条|次)$")
_LABEL_THEN_NUMBER = re.compile(r"([\u4e00-\u9fff”）)])(\d+)$")
# Cells run together with their blank marks ("0000—00", "—100001", "0000/00", "930无1" from pdfium):
# digits and marks, a mark a cell of its own. Two different marks side by side ("1/无0") are two
# cells; a mark doubled ("——") may be one mark or two: parted only where the document prints that
# mark alone as a cell and never doubled (``_single_marks``).
RUN_MARKS = "—/无"  # the blank marks a run of digits is cut at
_ONE_MARK = rf"(?<![{RUN_MARKS}])[{RUN_MARKS}](?![{RUN_MARKS}])"
_ANY_MARKED_RUN = re.compile(rf"[\d{RUN_MARKS}]*\d[\d{RUN_MARKS}]*")
_DOUBLED = {m: m + m for m in RUN_MARKS}
_RUN_MARK_SET = frozenset(RUN_MARKS)
_RUN_MARK = re.compile(f"[{RUN_MARKS}]")  # quicker than a set's isdisjoint, which makes an object a character
_ALONE = {m: re.compile(rf"(?<!\S){m}(?!\S)") for m in RUN_MARKS}
_ALONE_DOUBLED = {m: re.compile(rf"(?<!\S){m}{m}+(?!\S)") for m in RUN_MARKS}
# In a document that runs 无 into digits as a cell ("000无0０无"), the label's last character is no
# 无 either: "事项无无0无００无" is 事项 and seven cells.
_LABEL_THEN_MARKED_NO_WU = re.compile(rf"((?!无)[\u4e00-\u9fff”）)])((?:\d|{_ONE_MARK})*\d(?:\d|{_ONE_MARK})*)$")
_LABEL_THEN_ANY_MARKED_NO_WU = re.compile(rf"((?!无)[\u4e00-\u9fff”）)])([\d{RUN_MARKS}]*\d[\d{RUN_MARKS}]*)$")
# In a document that prints no 无 between digits, a 无 between a label and the digits run into it is
# read as the label's ("申请人无3000003": 申请人无正当理由… wrapped after 无). Were it a blank cell
# instead, the placements of the digits alone still hold the true reading (a blank where it stood);
# taken for a cell when it is the label's, no placement does.
_LABEL_THEN_MARKED = re.compile(rf"([\u4e00-\u9fff”）)])((?!无)(?:\d|{_ONE_MARK})*\d(?:\d|{_ONE_MARK})*)$")
_LABEL_THEN_ANY_MARKED = re.compile(rf"([\u4e00-\u9fff”）)])((?!无)[\d{RUN_MARKS}]*\d[\d{RUN_MARKS}]*)$")
_MARK_OR_DIGITS = re.compile(rf"\d+|[{RUN_MARKS}]")
# A sentence ("2024年，本机关办结140"), not a label: its figure is no row's cells.
_SENTENCE_LABEL = re.compile(r"[，。；;,：:]|\d\s*[年月日]")


_UNIT_THEN_STOP = re.compile(r"^(?:件|个|项|条|次|人次|万元|元)\s*[，。,；;、]")
# A figure with its unit, or a date, earlier on a line: the line is a sentence ("…申请 245 件，上年结转 14").
_FIGURE_IN_LINE = re.compile(r"\d\s*(?:[年月日件个项条次]|人次|万元)")


def in_sentence(text: str, start: int, end: int) -> bool:
    """Whether the number at ``text[start:end]`` is a figure in prose, not a cell or a cell's piece:
    its unit goes on as a sentence after it, on its line or the next ("14\n件；办结" as a layout
    converter wraps a paragraph), or its line already gave a figure with its unit or a date."""
    after = text[end:end + 40].lstrip(" \t")
    if after.startswith("\n"):
        # On the next line only the unit and the sentence's punctuation: a label wrapped there
        # ("项加第四项之和）" of the 依申请 header) starts with a unit word as well.
        if _UNIT_THEN_STOP.match(after[1:].lstrip(" \t")):
            return True
    elif _goes_on(text[start:end], after):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return _FIGURE_IN_LINE.search(text, line_start, start) is not None


def _glued_row(text: str, singles: frozenset[str] = frozenset(),
               inner: frozenset[str] = frozenset()) -> re.Match[str] | None:
    """A label with the row's digits run into its end ("举报投1000001", "明确00—0——0" where the
    document prints "—" alone, ``singles``): the match, or None."""
    if not text or not (text[-1].isdigit() or text[-1] in _RUN_MARK_SET):
        return None  # the patterns end in a digit or a mark: most lines are passed at once
    marked, any_marked = (_LABEL_THEN_MARKED_NO_WU, _LABEL_THEN_ANY_MARKED_NO_WU) if "无" in inner else \
        (_LABEL_THEN_MARKED, _LABEL_THEN_ANY_MARKED)
    m = marked.search(text) or any_marked.search(text)
    if m is None or _SENTENCE_LABEL.search(text, 0, m.start(2)):
        return None
    return m if m.group(2).isdigit() or _marked_run(m.group(2), singles) else None
_GLUED_LABEL = re.compile(r"(?:.* )?(\S*\d[\d,.]*) ?([\u4e00-\u9fff、\ufffd][\u4e00-\u9fff、，,）)”\ufffd]{0,9})$")
# The first characters of words that go with a number ("2020年", "3人次", "5万元"): no label's
# character run into it.
_NUMBER_WORDS = frozenset("万元亿件个项条次人年月日号天份家起宗批例页届期")
# Page furniture that text converters leave between table rows: "- 3 -", "第 3 页 共 9 页", "3/9".
# "- 3" alone (a Markdown converter took the footer "- 3 -" for a list item) is one too; a signed
# count is printed without the space ("-3"). A page is never numbered 0: "— 0" is a blank mark and a 0.
_PAGE_NOISE = re.compile(r"^\s*(?:[-—–]\s*[1-9]\d{0,2}\s*[-—–]|[-—–]\s+[1-9]\d{0,2}|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?"
                         r"|(\d{1,3})\s*/\s*(\d{1,3}))\s*$")


# "第 3 页 共 9 页" with one or two of its characters misread (OCR): "第 4 页 共 5 湭".
_MISREAD_FOLIO = re.compile(r"^\s*([\u4e00-\u9fff])\s*(\d+)\s*([\u4e00-\u9fff])\s*[,，]?\s*([\u4e00-\u9fff])\s*(\d+)"
                            r"\s*([\u4e00-\u9fff])\s*$")


def page_noise(line: str) -> bool:
    """Page furniture. A folio "n/m" counts pages from 1 and never past its total: "0 / 0" is two
    cells and a blank mark between them (a row printed by a browser with its blanks as nothing),
    not a page number."""
    m = _PAGE_NOISE.match(line)
    if m is None:
        folio = _MISREAD_FOLIO.match(line)
        if folio is None or not 1 <= int(folio.group(2)) <= int(folio.group(5)):
            return False
        pairs = list(zip(folio.group(1, 3, 4, 6), "第页共页", strict=True))
        same = sum(a == b for a, b in pairs)
        # Two misread: only where both are characters the template never prints (no label's words).
        return same >= 3 or (same == 2 and all(a == b or misread.unknown_char(a) for a, b in pairs))
    if m.group(1) is None:
        return True
    page, total = m.group(1), m.group(2)
    return 1 <= int(page) <= int(total) and not page.startswith("0") and not total.startswith("0")


def _spaced_values(line: str, valued: bool) -> int:
    """Values among the line's chunks; ``valued``: the whole line is one."""
    if _INNER_SPACE.search(line) is None:
        return int(valued)  # one chunk
    return sum(1 for m in _CHUNK.finditer(line) if is_value_token(m.group()))


def _double_spaced(lines: list[str], valued: list[bool]) -> bool:
    """One cell per line with an empty line after each: an empty line separates, it is no blank cell."""
    after_value = [lines[i + 1] == "" for i in range(len(lines) - 1) if valued[i]]
    if len(after_value) >= 5:
        return sum(after_value) >= 0.8 * len(after_value)
    return sum(1 for ln in lines if ln == "") >= 0.4 * len(lines)


def layout_of(text: str) -> str:
    """'tab', 'pipe', 'space' (columns aligned with spaces, as ``pdftotext -layout`` prints),
    'lines2' (cells separated by empty lines) or 'lines' (one cell per line)."""
    lines = text.split("\n")
    nonempty = [ln for ln in lines if ln.strip()]
    if not nonempty:
        return "lines"
    tabbed = sum(1 for ln in nonempty if "\t" in ln)
    piped = sum(1 for ln in nonempty if ln.strip().startswith("|") and ln.count("|") >= 3)
    if piped >= 3 and piped >= tabbed:
        return "pipe"
    if piped < 3 and any(_BARE_RULE.match(ln) for ln in nonempty) \
            and sum(1 for ln in nonempty if "|" in ln) >= 3 and sum(1 for ln in nonempty if "|" in ln) >= tabbed:
        # Pipe rows with no outer pipes ("规章 |  0 |  5", html2text's Markdown), under a rule
        # row of dashes and pipes ("---|---").
        return "pipe"
    if tabbed >= max(3, 0.3 * len(nonempty)):
        return "tab"
    valued = [is_value_token(ln) for ln in lines]  # the whole line is one value (never an empty line)
    counts = [_spaced_values(ln, v) for ln, v in zip(lines, valued, strict=True) if ln.strip()]
    spaced = sum(1 for n in counts if n >= 3)
    # A one-line table (复议诉讼) has a single value line: space-aligned too when far more values
    # stand on it than alone on lines (a number wrapped in its cell leaves a piece or two alone).
    alone = sum(valued)
    if spaced >= 3 or (spaced and 4 * alone <= sum(n for n in counts if n >= 3)):
        return "space"
    if _widely_spaced(lines, valued):
        return "lines"  # cells parted by runs of empty lines: what each run says is spacing's
    return "lines2" if _double_spaced(lines, valued) else "lines"


def _value_gaps(lines: list[str], valued: list[bool]) -> list[int]:
    """The empty lines between each number alone on its line and a number on the next line that
    is not empty."""
    gaps: list[int] = []
    for i, v in enumerate(valued):
        if not v:
            continue
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and valued[j]:
            gaps.append(j - i - 1)
    return gaps


def _widely_spaced(lines: list[str], valued: list[bool]) -> bool:
    """One cell a line, two numbers mostly two or more empty lines apart (a page's text taken
    whole, its tags' line breaks as empty lines): the runs are no lines2 halves."""
    gaps = _value_gaps(lines, valued)
    # One empty line between two numbers anywhere: a text spaced a line a cell (lines2), its
    # longer runs blank cells.
    return len(gaps) >= 5 and 2 * sum(g >= 2 for g in gaps) > len(gaps) and 1 not in gaps


class _Pass(threading.local):
    text: str | None = None
    memo: dict[tuple[object, ...], object] | None = None


_PASS = _Pass()
_T = TypeVar("_T")


@contextlib.contextmanager
def one_pass(text: str) -> Iterator[None]:
    """Within the block each region of ``text`` is cut into tokens once: the table reader and the
    column-dump checks read the same regions. Nothing is kept after the block."""
    saved = _PASS.text, _PASS.memo
    _PASS.text, _PASS.memo = text, {}
    try:
        with parse_once():
            yield
    finally:
        _PASS.text, _PASS.memo = saved


def pass_memo() -> dict[tuple[object, ...], object] | None:
    """Inside ``one_pass``, a dict for other steps to keep what they work out once a pass; else None."""
    return _PASS.memo


def region_layout(text: str, start: int, end: int) -> str:
    """``layout_of(text[start:end])``, worked out once a region inside ``one_pass(text)``."""
    return _per_pass(text, ("layout", start, end), lambda: _region_layout(text[start:end]))


def _region_layout(region: str) -> str:
    """A region's layout; a table of few numbers in a text whose table of most (read first) was
    widely spaced is widely spaced too where no two of its numbers stand one empty line apart."""
    layout = layout_of(region)
    memo = pass_memo()
    if memo is None or layout not in ("lines", "lines2"):
        return layout
    lines = region.split("\n")
    valued = [is_value_token(ln) for ln in lines]
    if layout == "lines" and _widely_spaced(lines, valued):
        memo[("widely spaced",)] = True
    elif layout == "lines2" and memo.get(("widely spaced",)):
        gaps = _value_gaps(lines, valued)
        if gaps and min(gaps) >= 2:
            return "lines"
    return layout


def _per_pass(text: str, key: tuple[object, ...], work: Callable[[], _T]) -> _T:
    """``work()``, done once a pass inside ``one_pass(text)`` (kept under ``key``); every time outside."""
    memo = _PASS.memo if _PASS.text is text else None
    if memo is None:
        return work()
    if key not in memo:
        memo[key] = work()
    return cast(_T, memo[key])


def tokenise(text: str, start: int, end: int, loose_rows: bool = False,
             layout: str | None = None) -> tuple[list[Tok], str]:
    """Tokens of ``text[start:end]``; ``text`` must already be normalised (offsets are shared).

    ``loose_rows``: in a grid, a line outside it that ends in numbers ("行政许可 97") is a label
    and its values, not one text. Off for judging whether the table's order survived: a column
    dump also prints label fragments with numbers ("掌握 20 9 0 1"), and its labels count there.
    ``layout``: read the region in this layout instead of the one its lines suggest.
    """
    layout = layout or region_layout(text, start, end)
    grid = layout in ("tab", "pipe")
    memo = _PASS.memo if _PASS.text is text else None
    if memo is None:
        if grid:
            return _from_plan(_grid_plan(text, start, end, layout), loose_rows), layout
        return _tokenise(text, start, end, layout), layout
    # ``loose_rows`` changes only grid layouts' tokens, and there only the lines outside the grid.
    key = ("toks", start, end, layout, loose_rows and grid)
    toks = memo.get(key)
    if toks is None:
        if grid:
            plan = memo.get(("plan", start, end, layout))
            if plan is None:
                plan = memo[("plan", start, end, layout)] = _grid_plan(text, start, end, layout)
            assert isinstance(plan, list)
            toks = memo[key] = _from_plan(plan, loose_rows)
        else:
            toks = memo[key] = _tokenise(text, start, end, layout)
    assert isinstance(toks, list)
    return list(toks), layout


class _Outside(NamedTuple):
    """A line of a grid region that is not a grid row: its text and offset, for ``_loose_line``."""

    text: str
    base: int


def _grid_plan(text: str, start: int, end: int, layout: str) -> list[tuple[int, list[Tok] | _Outside]]:
    """Each line of a grid region (tab or pipe): its cells' tokens, or what ``_loose_line`` reads."""
    sep = "\t" if layout == "tab" else "|"
    plan: list[tuple[int, list[Tok] | _Outside]] = []
    lines = split_lines(text[start:end])
    bare = sep == "|" and any(_BARE_RULE.match(line.text) for line in lines)
    wrapped = _wrapped_pipe_rows(lines) if sep == "|" and not bare else frozenset()
    joined: list[tuple[int, Line]] = []
    for n, line in enumerate(lines):
        if n in wrapped or (bare and joined and line.text.lstrip().startswith("|") and (
                joined[-1][1].text.rstrip().endswith("|") or (joined[-1][1].text and not joined[-1][1].text.strip()))):
            # A cell broken over lines (html2text prints a <br> in an empty cell as a line end,
            # a row's first cell so left empty as a line of spaces): the row goes on where the
            # open cell closes. A space stands for the line end, so every offset is the text's own.
            m, before = joined[-1]
            joined[-1] = (m, Line(before.start, line.end, before.text + " " + line.text))
            continue
        joined.append((n, line))
    for n, line in joined:
        if sep not in line.text and page_noise(line.text):
            continue  # a page number between the rows of a grid
        plan.append((n, _grid_cells(line.text, start + line.start, n, sep, bare)))
    return _without_remarks(plan)


_WRAP_LINES = 4  # lines a pipe row wrapped at a converter's line width runs over, at most


def _wrapped_pipe_rows(lines: list[Line]) -> frozenset[int]:
    """The lines that go on a pipe row wrapped at a converter's line width (antiword breaks a
    long row's line, its cells' bars kept): a line opened by a bar and left open (no closing bar)
    is followed by lines opened by a bar, the last of them closed. Rows of a table that closes
    none of its rows (no outer bar at the end) are never joined."""
    def opened(k: int) -> bool:
        return lines[k].text.lstrip().startswith("|")

    def closed(k: int) -> bool:
        return lines[k].text.rstrip().endswith("|")

    out: set[int] = set()
    for n in range(len(lines) - 1):
        if n in out or not opened(n) or closed(n) or len(lines[n].text.strip()) < 2:
            continue
        for end in range(n + 1, min(n + 1 + _WRAP_LINES, len(lines))):
            if not opened(end):
                break
            if closed(end):
                out.update(range(n + 1, end + 1))
                break
    return frozenset(out)


# Headings of a column of remarks some reports add at the right of a table: never a template column.
_REMARK_HEADS = frozenset({"备注", "说明", "备考", "附注"})
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)  # a line break in a Markdown cell ("备<br>注")


def _without_remarks(plan: list[tuple[int, list[Tok] | _Outside]]) -> list[tuple[int, list[Tok] | _Outside]]:
    """The plan without the cells under a 备注 heading (its "无", "—" or words are no table values).

    A heading that ends its line ends every row: a row narrower than it (a converter that leaves
    out the covered parts of merged label cells, markitdown) has its remark last as well, and a
    row of a wider grid (the table's body set apart from its header, pymupdf4llm) too when no row
    of the grid prints a digit in that last column; either is dropped when it holds no digit. A
    heading's first line may stand on the text line above the grid ("… 备" / "| … | 注 |")."""
    out: list[tuple[int, list[Tok] | _Outside]] = []
    cols: set[int] = set()
    last = -1  # the heading's column when it ends its line
    wider: list[int] = []  # rows (indexes into out) of a grid wider than the heading's line
    above = ""  # the last word of the text line before the grid (a header's first line set outside it)
    for n, got in plan:
        if isinstance(got, _Outside) and got.text.strip():
            above = got.text.split()[-1]
        if isinstance(got, list):
            # A number under the heading's grid column: this line's grid is not the heading's (a
            # page of the table set on a grid of its own, a label column more): nothing of it is
            # dropped, and the remarks that end its row are told by their marks (tables._fit).
            end = max((t.col for t in got), default=-1)
            valued = any(t.kind is TokKind.VALUE for t in got)
            if last >= 0 and end < last and valued:
                if not any(ch.isdigit() for t in got if t.col == end for ch in t.text):
                    got = [t for t in got if t.col != end]
            elif last >= 0 and end > last and valued:
                wider.append(len(out))
            elif cols and not any(t.col in cols and t.kind is TokKind.VALUE and any(ch.isdigit() for ch in t.text)
                                  for t in got):
                got = [t for t in got if t.col not in cols]
            heads = {t.col for t in got if t.kind is TokKind.TEXT and t.col > 0
                     and (compact(_BR.sub("", t.text)) in _REMARK_HEADS
                          or (t.col == max(u.col for u in got) and compact(above + _BR.sub("", t.text)) in _REMARK_HEADS))}
            above = ""
            if heads and not any(t.kind is TokKind.VALUE for t in got):
                cols |= heads
                last = max(heads) if max(heads) == max(t.col for t in got) else -1
                got = [t for t in got if t.col not in heads]
        out.append((n, got))
    digits = {t.col for k in wider for t in out[k][1] if isinstance(t, Tok) and any(ch.isdigit() for ch in t.text)}
    for k in wider:
        n, got = out[k]
        assert isinstance(got, list)
        end = max(t.col for t in got)
        if end not in digits:
            out[k] = (n, [t for t in got if t.col != end])
    return out


def _from_plan(plan: list[tuple[int, list[Tok] | _Outside]], loose_rows: bool) -> list[Tok]:
    toks: list[Tok] = []
    for n, got in plan:
        toks.extend(_loose_line(got.text, got.base, n, loose_rows) if isinstance(got, _Outside) else got)
    return toks


def _tokenise(text: str, start: int, end: int, layout: str) -> list[Tok]:
    """Tokens of a region that is not a grid."""
    region = text[start:end]
    toks: list[Tok] = []
    singles = single_marks(text)
    inner = _marks_among_digits(text)
    empties = 0  # empty lines in a row so far (lines2: every second one is an empty cell)
    for n, line in enumerate(split_lines(region)):
        base = start + line.start
        empties = empties + 1 if line.text == "" else 0
        if layout == "lines2" and empties and empties % 2 == 0:
            # Cells one a line with an empty line after each (docx2txt, a paragraph a cell): an
            # empty cell is an empty line between two of those, three in a row.
            toks.append(Tok(TokKind.EMPTY, "", base, base, n, -1))
            continue
        if page_noise(line.text):
            continue
        elif layout == "space":
            toks.extend(_sentence_numbers(_space_line(line.text, base, n, singles, inner, units_apart=True)))
        else:
            # A label and its numbers on one line (aligned with spaces, or a short label and the
            # numbers after it, as borderless PDF tables print) are still separate cells.
            if _INNER_SPACE.search(line.text) is None and _glued_row(line.text, singles, inner) is None \
                    and not _marked_run(line.text.strip(), singles):
                toks.extend(_cell_line(line.text, base, n, layout))  # one cell: nothing to split
                continue
            cells = _space_line(line.text, base, n, singles, inner)
            if _split_line(line.text, cells):
                toks.extend(Tok(t.kind, t.text, t.start, t.end, n, -1) for t in cells)
            else:
                toks.extend(_cell_line(line.text, base, n, layout))
    if layout != "space":
        # A figure of a sentence cut a piece a line ("被申请行政复议" / "5" / "件，被提起…", a page's
        # text taken a node a line) goes on with its unit: no cell.
        return _label_blank_marks(_misread_lines(_sentence_numbers(_units_dropped(_signs_joined(toks)))))
    # A unit opening the line after a number ("102" / "个 28件 3 …", the first cell's unit wrapped
    # and the row's other cells set on the unit's line) is that number's too, in text that lists a
    # line's numbers one space apart (pypdf). Set in columns (pdftotext -layout), a unit opening a
    # line is the wrapped unit of a cell over it, and the numbers after it another line's: dropped,
    # the two lines' numbers ran into one row ("1 件1" / "件 0件 0件" on an A5 page).
    toks = _label_marks_in_column(toks if _set_in_columns(toks) else _units_dropped(toks), text)
    # Numbers one space apart on every line (pypdf, pdfium) are listed, not set in columns: where
    # a mark stands says nothing, and the lines' own order is all there is, as in a cell a line.
    return toks if _set_in_columns(toks) else _label_blank_marks(toks, alone=True)


def _signs_joined(toks: list[Tok]) -> list[Tok]:
    """A sign word alone on its line, the number on the next line that is not empty ("减" / "13",
    a page's text taken a node a line): one cell, the signed number. No label is a sign word."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        j = i + 1
        while j < len(toks) and toks[j].kind is TokKind.EMPTY:
            j += 1
        nxt = toks[j] if j < len(toks) else None
        if nxt is not None and tok.kind is TokKind.TEXT and _SIGN_WORD.fullmatch(tok.text.strip()) \
                and nxt.kind is TokKind.VALUE and nxt.line > tok.line and nxt.text.strip()[:1].isdigit():
            out.append(Tok(TokKind.VALUE, tok.text.strip() + nxt.text.strip(), tok.start, nxt.end, tok.line, tok.col,
                           ((tok.start, tok.end), (nxt.start, nxt.end))))
            i = j + 1
            continue
        out.append(tok)
        i += 1
    return out


def _units_dropped(toks: list[Tok]) -> list[Tok]:
    """A unit alone on the line right after a number ("150" / "件", the unit wrapped in a narrow
    cell, a cell a line), or opening that line, is that number's: dropped, not a label ending the
    row. No label is a unit."""
    return [tok for prev, tok in zip([None, *toks], toks, strict=False)
            if not (prev is not None and prev.kind is TokKind.VALUE and tok.kind is TokKind.TEXT
                    and tok.line == prev.line + 1 and UNIT_WORD.match(tok.text.strip()))]


def _set_in_columns(toks: list[Tok]) -> bool:
    """True when two numbers of a line stand two or more spaces apart."""
    return any(a.line == b.line and a.kind is TokKind.VALUE and b.kind is TokKind.VALUE and b.start - a.end >= 2
               for a, b in itertools.pairwise(toks))


def _misread_lines(toks: list[Tok]) -> list[Tok]:
    """One cell a line: a line of one CJK character the template never prints is a value cell
    misread (a "无" read as some rare character), of unknown value; not a label starting another
    row (a label's words are the template's, or the line holds more than one character)."""
    return [_misread_value(t) for t in toks]


def _misread_value(tok: Tok) -> Tok:
    """A text token of one CJK character the template never prints, as a value of unknown value."""
    if tok.kind is TokKind.TEXT and misread.unknown_char(tok.text.strip()):
        return tok._replace(kind=TokKind.VALUE)
    return tok


_LABEL_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,3}$")


def _label_blank_marks(toks: list[Tok], alone: bool = False) -> list[Tok]:
    """A "无" on a line of its own followed by a line of one to three characters is the first
    character of a label printed down a narrow column (（四）无 / 法 / 提 / 供), not a blank cell.
    ``alone``: lines may hold several cells; only a "无" with nothing else on its line is one."""
    out = list(toks)
    lines = Counter(t.line for t in toks if t.kind is not TokKind.EMPTY) if alone else Counter()
    for i, tok in enumerate(toks):
        if tok.kind is not TokKind.VALUE or compact(tok.text) != "无" or (alone and lines[tok.line] > 1):
            continue
        j = i + 1
        while j < len(toks) and toks[j].kind is TokKind.EMPTY and toks[j].line <= tok.line + 1:
            j += 1
        after = toks[j] if j < len(toks) else None
        if after is not None and after.kind is TokKind.TEXT and after.line == tok.line + 1 \
                and _LABEL_PIECE.match(after.text.strip()):
            out[i] = Tok(TokKind.TEXT, tok.text, tok.start, tok.end, tok.line, tok.col)
    return out


_ITEM_GLUED = re.compile(r"([1-9][.．])(\d+)")


def items_apart(toks: list[Tok]) -> list[Tok]:
    """Tokens of a table whose every cell is a count, a decimal parted into the item number of a
    label and the digits after it ("2.000000" of pdfium: "2." of 2.重复申请, then its cells run
    together): a count is never printed with a point, and an item's number is one digit."""
    out: list[Tok] = []
    for tok in toks:
        text = tok.text.strip()
        m = _ITEM_GLUED.fullmatch(text) if tok.kind is TokKind.VALUE else None
        if m is None:
            out.append(tok)
            continue
        a = tok.start + len(tok.text) - len(tok.text.lstrip())
        b = a + len(m.group(1))
        out.append(Tok(TokKind.TEXT, m.group(1), a, b, tok.line, -1))
        out.append(Tok(TokKind.VALUE, m.group(2), b, b + len(m.group(2)), tok.line,
                       tok.col + (len(m.group(1)) + 1) // 2 if tok.col >= 0 else tok.col))
    return out


_LABEL_CHAR = re.compile(r"^[\u4e00-\u9fff（）()]$")


def _label_marks_in_column(toks: list[Tok], text: str) -> list[Tok]:
    """A "无" alone on its line of space-aligned text, left of every number of the region, with a
    character alone on a line one or two above or below it in its column, is a character of a
    label printed down a narrow column (（ / 四 / ） / 无 / 法 / 提 / 供, another label's lines
    between), not a blank cell: values stand right of the labels, and a cell's column holds
    cells, never a label's characters. (Text a cell a line has every token in one column.)"""
    def col(tok: Tok) -> int:
        return tok.start - text.rfind("\n", 0, tok.start) - 1

    by_line: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.kind is not TokKind.EMPTY:
            by_line.setdefault(tok.line, []).append(tok)
    alone = {n: got[0] for n, got in by_line.items() if len(got) == 1}
    numbers = [col(t) for t in toks if t.kind is TokKind.VALUE and is_number_token(t.text)]
    out = list(toks)
    for i, tok in enumerate(toks):
        if tok.kind is not TokKind.VALUE or compact(tok.text) != "无" or alone.get(tok.line) is not tok \
                or not numbers or col(tok) >= min(numbers):
            continue
        for n in (tok.line - 2, tok.line - 1, tok.line + 1, tok.line + 2):
            near = alone.get(n)
            if near is not None and near.kind is TokKind.TEXT and _LABEL_CHAR.match(near.text.strip()) \
                    and col(near) == col(tok):
                out[i] = Tok(TokKind.TEXT, tok.text, tok.start, tok.end, tok.line, -1)
                break
    return out


def _grid_cells(line: str, base: int, n: int, sep: str, bare: bool = False) -> list[Tok] | _Outside:
    """``bare``: the grid's rows may have no outer pipes ("规章 |  0 |  5")."""
    if sep == "|":
        if _PIPE_RULE.match(line):
            return []
        stripped = line.strip()
        if bare and "|" in stripped:
            # No outer pipes: a pipe starting the row closes its first cell, and one ending it
            # opens its last, left empty (a <br> in it).
            line, base = stripped, base + len(line) - len(line.lstrip())
        elif not stripped.startswith("|"):
            return _Outside(line, base)
        else:
            lead = line.index("|") + 1
            body = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
            line, base = body, base + lead
    if sep not in line:
        return _Outside(line, base)
    out = []
    pos = 0
    for col, cell in enumerate(line.split(sep)):
        if "<" in cell or _INNER_SPACE.search(cell) is not None:
            out.extend(_grid_cell(cell, base + pos, n, col))
        else:
            out.append(_tok(cell, base + pos, n, col))  # what _grid_cell gives a cell of one chunk
        pos += len(cell) + 1
    return _sentence_numbers(_misread_marks([_item_label(t) for t in out]))


_ITEM = re.compile(r"\d{1,2}\s*[.．、]")


def _item_label(tok: Tok) -> Tok:
    """A grid cell that holds only an item's number ("3.", a label printed as its number alone) is a
    label, not a value: no cell prints a number with a full stop after it."""
    return tok._replace(kind=TokKind.TEXT) if tok.kind is TokKind.VALUE and _ITEM.fullmatch(tok.text.strip()) else tok


def _misread_marks(cells: list[Tok]) -> list[Tok]:
    """A cell of one CJK character the template never prints, after the row's label in a row of
    numbers (or first in a line of numbers with no label): a value cell misread (OCR reads a "无"
    as some rare character), of unknown value, not a label that starts another row."""
    if not any(t.kind is TokKind.TEXT and len(t.text) == 1 for t in cells) \
            or not any(t.kind is TokKind.VALUE for t in cells):
        return cells  # no cell of one character, or no number: nothing to read as a mark
    printed = [i for i, t in enumerate(cells) if t.kind is not TokKind.EMPTY]
    out = list(cells)
    # A line of numbers with no label (the one-line 复议/诉讼 table): its first cell is one too.
    first = 0 if all(cells[i].kind is TokKind.VALUE for i in printed[1:]) else 1
    for i in printed[first:]:
        out[i] = _misread_value(cells[i])
    return out


def _sentence_numbers(cells: list[Tok]) -> list[Tok]:
    """A number whose next cell goes on with its unit and more words ("7 | 件，被提起") is a figure
    in a sentence a converter cut into cells, not a table cell."""
    printed = [t for t in cells if t.kind is not TokKind.EMPTY]
    out = list(cells)
    for tok, nxt in itertools.pairwise(printed):
        if tok.kind is TokKind.VALUE and nxt.kind is TokKind.TEXT and _goes_on(tok.text, nxt.text):
            out[out.index(tok)] = Tok(TokKind.TEXT, tok.text, tok.start, tok.end, tok.line, tok.col)
    return out


_BARE_ROW = 3


def _loose_line(line: str, base: int, n: int, split: bool) -> list[Tok]:
    """A line outside the grid; with ``split``, a row a converter printed there ("行政许可 97" above
    a pipe table) is still a label and its numbers."""
    cells = _space_line(line, base, n) if split else []
    # A line of numbers alone ("3 1 0 0 1 0 5" between the pieces of a label wrapped a character
    # or two a line) is a row's numbers as well.
    bare = len(cells) >= _BARE_ROW and all(t.kind is TokKind.VALUE for t in cells)
    if len(cells) >= 2 and (cells[0].kind is TokKind.TEXT or bare) and _split_line(line, cells):
        return [Tok(t.kind, t.text, t.start, t.end, n, -1) for t in cells]
    return [_tok(line, base, n, -1)] if line.strip() else []


def _grid_cell(cell: str, base: int, n: int, col: int) -> list[Tok]:
    """One grid cell's token; several when a converter put neighbouring cells' numbers in one ("87 24")."""
    pieces = _WRAPPED.fullmatch(cell.strip()) if "<" in cell else None
    if pieces is not None:
        # A number wrapped in its cell, its lines joined by <br> ("２９<br>７１"): one number.
        lead = len(cell) - len(cell.lstrip())
        spans = tuple((base + lead + m.start(), base + lead + m.end()) for m in re.finditer(r"\d+", cell.strip()))
        return [Tok(TokKind.VALUE, re.sub(r"\D", "", cell), spans[0][0], spans[-1][1], n, col, spans)]
    unit = _UNIT_WRAPPED.fullmatch(cell.strip()) if "<" in cell else None
    if unit is not None:
        at = base + len(cell) - len(cell.lstrip())
        spans = ((at + unit.start(1), at + unit.end(1)), (at + unit.start(2), at + unit.end(2)))
        return [Tok(TokKind.VALUE, unit.group(1) + unit.group(2), spans[0][0], spans[1][1], n, col, spans)]
    chunks = list(_CHUNK.finditer(cell)) if _INNER_SPACE.search(cell) is not None else []
    if len(chunks) >= 2 and all(is_value_token(m.group()) for m in chunks):
        return [Tok(TokKind.VALUE, m.group(), base + m.start(), base + m.end(), n, col) for m in chunks]
    return [_tok(cell, base, n, col)]


def _space_line(line: str, base: int, n: int, singles: frozenset[str] = frozenset(),
                inner: frozenset[str] = frozenset(), units_apart: bool = False) -> list[Tok]:
    """Cells of a space-aligned line: segments split at runs of two or more spaces (a label keeps its
    single spaces, "51800.99 万" keeps its unit); numbers at the end of a segment split off it
    ("规章 0 0 110" as borderless PDF tables print a row).

    ``col`` is a value's middle character position, which the matcher uses to align short rows.
    ``units_apart``: the text is set in columns throughout (``pdftotext -layout``), where a cell's
    unit wrapped apart from its number stands among the row's numbers.
    """
    out: list[Tok] = []
    for seg in _SEGMENT.finditer(line):
        text = seg.group()
        parts = [(seg.start(), seg.end())] if is_value_token(text) else _trailing_values(text, seg.start(), singles,
                                                                                          inner)
        glued = _GLUED_LABEL.match(line, *parts[-1])
        if glued is not None and is_value_token(glued.group(1)) and glued.group(2)[0] not in _NUMBER_WORDS \
                and not (glued.group(2) in inner and glued.group(1).isdigit()):
            # A character of a label printed down a narrow column, run into the row's last number
            # by a converter that writes both on one line ("8结", "０ 结" of 三、本年度办理结果; "13情形)"
            # of a label wrapped beside its number).
            # The character is dropped: kept, it would part the row's numbers into two runs, or make
            # a blank mark before it look like a label's character. A blank mark the document runs
            # into digits elsewhere ("000无0０无") that ends a run of digits ("000000无") is no
            # label's character but the row's last cell: kept, the run is cut at it below.
            a = parts[-1][0]
            parts[-1:] = _trailing_values(line[a:glued.end(1)], a, singles, inner)
        elif len(parts) == 1 and not is_value_token(text) and any(t.kind is TokKind.VALUE for t in out):
            parts = _leading_values(text, seg.start())
        for a, b in _marks_apart(line, parts, singles):
            part = line[a:b]
            kind = TokKind.VALUE if is_value_token(part) else TokKind.TEXT
            out.append(Tok(kind, part, base + a, base + b, n, (a + b) // 2 if kind is TokKind.VALUE else -1))
    # Units alone after a cell on its line ("0  件", "—  个", "0  件  个": a cell's "0件" wrapped in
    # its narrow column, the pieces set among the row's others by ``pdftotext -layout``) are the
    # cells': dropped, not a label that would end the row there and start another (no label is a unit).
    out = [t for i, t in enumerate(out) if not (units_apart and t.kind is TokKind.TEXT and UNIT_WORD.match(t.text) and any(
        u.kind is TokKind.VALUE for u in itertools.takewhile(lambda u: u.kind is TokKind.VALUE or UNIT_WORD.match(u.text),
                                                             reversed(out[:i]))))]
    # A blank mark with label text after it on its line is a character of a label wrapped in a
    # narrow cell ("无  政府信" of （四）无法提供), not a blank cell: values stand right of the labels.
    # Numbers between the mark and the text make it a cell among them; the text after a row's
    # numbers is a fragment of a label printed on their line ("0  0  无  0  0果   稳定”").
    return [Tok(TokKind.TEXT, t.text, t.start, t.end, t.line) if t.kind is TokKind.VALUE and not is_number_token(t.text)
            and _text_next(out[i + 1:]) else t for i, t in enumerate(out)]


def _text_next(after: list[Tok]) -> bool:
    """True when label text follows on the line before any number (blank marks between)."""
    for u in after:
        if u.kind is TokKind.TEXT:
            return True
        if is_number_token(u.text):
            return False
    return False


_AMONG_DIGITS = re.compile(rf"\d([{RUN_MARKS}])\d")


def _marks_among_digits(text: str) -> frozenset[str]:
    """The blank marks the document prints between two digits ("000无0０无" of pdfium): cells run
    together, not a label's characters. Worked out once a pass."""
    return _per_pass(text, ("among_digits",), lambda: frozenset(m.group(1) for m in _AMONG_DIGITS.finditer(text)))


def single_marks(text: str) -> frozenset[str]:
    """The blank marks ``text`` prints alone as a cell ("0 — 0") and never doubled ("0 —— 0"): in
    its run-together rows ("——00000") each of them is a cell. Worked out once a pass."""
    return _per_pass(text, ("single_marks",), lambda: frozenset(
        m for m in RUN_MARKS if _ALONE[m].search(text) and not _ALONE_DOUBLED[m].search(text)))


def _marked_run(text: str, singles: frozenset[str] = frozenset()) -> bool:
    """Digits with blank marks among them ("00—0000", "1/无0"): cells run together. A doubled mark
    only of ``singles``."""
    if _RUN_MARK.search(text) is None or _ANY_MARKED_RUN.fullmatch(text) is None:
        return False
    return not any(_DOUBLED[m] in text for m in RUN_MARKS if m not in singles)


def _marks_apart(line: str, parts: list[tuple[int, int]], singles: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The parts, a run of digits with blank marks among them ("00—0000") cut at its marks: each
    mark is a cell, each run of digits a number or numbers run together (split later)."""
    out: list[tuple[int, int]] = []
    for a, b in parts:
        if _marked_run(line[a:b], singles):
            out.extend((a + m.start(), a + m.end()) for m in _MARK_OR_DIGITS.finditer(line[a:b]))
        else:
            out.append((a, b))
    return out


def _split_line(line: str, cells: list[Tok]) -> bool:
    values = [t for t in cells if t.kind is TokKind.VALUE]
    if len(cells) < 2 or not values:
        return False
    if "  " in line.strip() or len(values) == len(cells):
        return True
    label = "".join(t.text for t in cells if t.kind is TokKind.TEXT)
    return len(label) <= 20 and not label.endswith(("。", "，", ","))


_LABEL_START = re.compile(r"[\u4e00-\u9fff（(“]")


def _vertical_year(number: str, word: str) -> bool:
    """True when "年" standing alone after a number shorter than a year is a character of a label
    printed down its column (三、本年度办理结果), not the number's unit."""
    return word == "年" and len(number) < 4


def _leading_values(text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each number opening a segment that stands after a row's numbers, then of
    the label text after them ("2 果 （五 开出版物": the row's last cell, then fragments of labels
    that a converter printed on the value line, one space after it); the whole segment if it does
    not open so. Values stand right of the labels, so text after a line's numbers is no label of
    these; a word that goes with a number ("12 件", "3 万元") keeps it."""
    chunks = [(offset + m.start(), offset + m.end(), m.group()) for m in _CHUNK.finditer(text)]
    k = 0
    while k < len(chunks) and is_number_token(chunks[k][2]):
        k += 1
    if k == 0 or k == len(chunks) or not _LABEL_START.match(chunks[k][2]) or UNIT_WORD.match(chunks[k][2]) \
            or (chunks[k][2][0] in _NUMBER_WORDS and not _vertical_year(chunks[k - 1][2], chunks[k][2])):
        return [(offset, offset + len(text))]
    return [(a, b) for a, b, _ in chunks[:k]] + [(chunks[k][0], offset + len(text))]


def _trailing_values(text: str, offset: int, singles: frozenset[str] = frozenset(),
                     inner: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) of a segment's label and of each number after it; the whole segment if none."""
    chunks: list[tuple[int, int]] = []
    for m in _CHUNK.finditer(text):
        a, b = offset + m.start(), offset + m.end()
        # A unit word after a number belongs to it ("51800.99 万").
        if chunks and UNIT_WORD.match(m.group()) and is_value_token(text[chunks[-1][0] - offset : m.start()].strip()):
            chunks[-1] = (chunks[-1][0], b)
            continue
        # A sign word printed apart from its number, after a number ("16 减 8" of 本年增/减): -8.
        if len(chunks) >= 2 and m.group().isdigit() and _SIGN_WORD.fullmatch(text[chunks[-1][0] - offset:
                                                                                    chunks[-1][1] - offset]) \
                and is_number_token(text[chunks[-2][0] - offset:chunks[-2][1] - offset]):
            chunks[-1] = (chunks[-1][0], b)
            continue
        chunks.append((a, b))
    k = len(chunks)
    while k > 0 and (is_value_token(chunk := text[chunks[k - 1][0] - offset : chunks[k - 1][1] - offset])
                     or (len(chunks) > 1 and _marked_run(chunk, singles))):
        # A blank mark run into the next cell's number ("无1": two cells a converter wrote as one
        # word) is cells too (cut at its mark later), when other cells stand beside it.
        k -= 1
    if k == 0 and len(chunks) == 1:
        return [(offset, offset + len(text))]
    if k == len(chunks):
        # A row whose cells all ran together into the end of its label ("举报投1000001" from
        # pdfium, the label wrapped and its run of digits on the label's last line): the digits
        # are the row's cells; no label of the template ends in a digit.
        glued = _glued_row(text, singles, inner)
        if glued is None:
            return [(offset, offset + len(text))]
        return [(offset, offset + glued.end(1)), (offset + glued.start(2), offset + len(text))]
    head = [(chunks[0][0], chunks[k - 1][1])] if k else []
    if head:
        # A row's first cells run into the end of its label ("6.属于四类过程性信息1 0 0 …" from
        # pypdf, "询事项2741003 35" from pdfium, where the first column stands close to the label):
        # the digits are a value (run-together ones are split later); no label of the template
        # ends in a digit.
        glued = _LABEL_THEN_NUMBER.search(text, head[0][0] - offset, head[0][1] - offset)
        if glued is not None:
            head = [(head[0][0], offset + glued.end(1)), (offset + glued.start(2), head[0][1])]
    return head + chunks[k:]


def _cell_line(line: str, base: int, n: int, layout: str) -> list[Tok]:
    if line == "" and layout == "lines2":
        return []  # a separator between cells
    return [_tok(line, base, n, -1)]


_new_tuple = tuple.__new__  # Tok's own __new__ is a Python function in between: made directly, all fields given


def _tok(cell: str, base: int, n: int, col: int) -> Tok:
    stripped = cell.strip()
    if not stripped:
        return _new_tuple(Tok, (TokKind.EMPTY, cell, base, base + len(cell), n, col, ()))
    lead = 0 if stripped is cell else len(cell) - len(cell.lstrip())  # strip gives the cell itself when it has no spaces
    kind = TokKind.VALUE if is_value_token(stripped) else TokKind.TEXT
    start = base + lead
    return _new_tuple(Tok, (kind, stripped, start, start + len(stripped), n, col, ()))


def runs_of(toks: list[Tok], layout: str) -> list[Run]:
    """Group tokens into runs of values; in grid layouts a run never crosses a line end.

    A label followed only by empty cells (a row printed blank) gives a run without values whose
    ``post`` holds those empty cells; the table matcher decides whether the label names a row.
    """
    runs: list[Run] = []
    label: list[str] = []
    label_start = toks[0].start if toks else 0
    current: Run | None = None
    pending: list[Tok] = []  # empties seen since the last value (or since the last text)
    last_text: Tok | None = None  # the latest label cell with no value after it yet
    after_text: list[Tok] = []  # empty cells after ``last_text``
    grid = layout in ("tab", "pipe")
    prev_line = -1
    header: dict[int, str] = {}
    header_at = -1
    line_cells: list[Tok] = []

    def close() -> None:
        nonlocal current, pending
        if current is not None:
            current.post = pending
            runs.append(current)
            current = None
            pending = []

    def blank_row() -> None:
        nonlocal last_text, after_text
        if last_text is not None and after_text:
            runs.append(Run(compact(last_text.text), last_text.start, post=after_text))
        last_text, after_text = None, []

    # ``close`` and ``blank_row`` are called only when they have something to do: with nothing
    # open they change nothing (an empty ``after_text`` has no owner), and they run for every token.
    for tok in toks:
        if grid and tok.line != prev_line:
            if current is not None:
                close()
            if last_text is not None:
                blank_row()
            pending = []
            if (found := _header_of(line_cells)):
                header, header_at = found, line_cells[0].start
            line_cells = []
        prev_line = tok.line
        line_cells.append(tok)
        if tok.kind is TokKind.TEXT:
            if current is not None:
                close()
            if last_text is not None:
                blank_row()
            pending = []
            text = tok.text
            if "。" in text:
                # A sentence (the narrative before a table, a note) is no row's label: "本年新收…98件。"
                # above a table whose headings a converter lost would name the first row.
                cut = text.rindex("。") + 1
                label, text = [], text[cut:].lstrip()
                if not text:
                    last_text = None
                    continue
                tok = tok._replace(text=text, start=tok.end - len(text))
            if not label:
                label_start = tok.start
            label.append(text)
            last_text = tok
        elif tok.kind is TokKind.EMPTY:
            pending.append(tok)
            if current is None and last_text is not None:
                after_text.append(tok)
        else:
            last_text, after_text = None, []
            if current is None:
                tail = compact(label[-1]) if label else ""
                own = compact("".join(t.text for t in line_cells if t.kind is TokKind.TEXT)) if grid else None
                current = Run(compact("".join(label)), label_start, pre=pending, header=header, tail=tail, own=own,
                              header_at=header_at)
                label = []
                pending = []
            else:
                current.cells.extend(pending)
                pending = []
            current.cells.append(tok)
    close()
    blank_row()
    return runs


def _header_of(cells: list[Tok]) -> dict[int, str]:
    """Column texts of a grid line of column headings (two or more texts, no values), else {}."""
    texts = [t for t in cells if t.kind is TokKind.TEXT and t.col >= 0]
    if len(texts) < 2 or any(t.kind is TokKind.VALUE for t in cells):
        return {}
    return {t.col: compact(t.text) for t in texts}
