"""Markdown pipe tables printed on one line: their rows set on lines of their own again.

A converter that renders a page's layout table as Markdown (markitdown on a portal page that sets
the article in one cell of a table) prints everything inside that cell on one line, the article's
own tables too: "…情况**  |  |  | | --- | --- | | 规章 | 0 | | 行政规范性文件 | 5 |  **三、…".
Rows are joined by one space ("| |": one row's last pipe, the next one's first), as an empty cell
is printed, and a row may have fewer cells than the rule row (the parts of merged cells left out).
A row ends where it has as many cells as the rule row, or where a label (an item's number alone,
"3.", too) follows its numbers (a row's labels come before its numbers, and the label cells are
never left empty: a covered one is left out). Those joining spaces become line breaks (the text keeps its length, so every offset
stays the text's own); so do the spaces before the header row and after the last row. A rule row
that starts its line is a table printed as usual and is left alone.
"""

from __future__ import annotations

import itertools
import re

_RULE = re.compile(r"\|(?: *:?-{3,}:? *\|)+")
_CELLS = re.compile(r"-{3,}")
# What follows a table on its line: two spaces, then text (an empty cell is one space or two).
_AFTER = re.compile(r" {2,}[^ |]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A number (with its unit) or a blank mark: a value cell, not a label.
_VALUE = re.compile(r"[\d０-９\s.,，+\-−－＋%]*(?:件|个|项|条|次|万元|元)?|无|[—–\-－/／]+")


# An item's number alone ("3.", a label printed as its number): no value cell ends in a full stop.
_ITEM = re.compile(r"\d{1,2} *[.．、]")


def _label(cell: str) -> bool:
    text = cell.strip()
    return (bool(text) and bool(_CJK.search(text)) and _VALUE.fullmatch(text) is None) or _ITEM.fullmatch(text) is not None


def _header(text: str, rule: int, line_start: int, n: int) -> int:
    """Where the header row (its N + 1 pipes ending right before the rule) starts, or -1."""
    if rule < 2 or text[rule - 1] != " " or text[rule - 2] != "|" or not text[line_start:rule].strip():
        return -1
    head = rule - 2
    for _ in range(n):
        head = text.rfind("|", line_start, head)
        if head < 0:
            return -1
    return head


def unfold(text: str) -> str:
    """``text`` with the rows of Markdown tables printed on one line put on lines of their own."""
    if "---" not in text or "|" not in text:
        return text
    tables = []
    for m in _RULE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        n = len(_CELLS.findall(m.group()))
        head = _header(text, m.start(), line_start, n)
        if head > line_start or (head == line_start and text.find("\n", m.end()) != m.end()):
            tables.append((head, m.start(), m.end(), n))
    if not tables:
        return text
    chars = list(text)
    for k, (head, rule, end, n) in enumerate(tables):
        if head > 0 and text[head - 1] == " ":
            chars[head - 1] = "\n"
        chars[rule - 1] = "\n"
        line_end = text.find("\n", end)
        stop = len(text) if line_end < 0 else line_end
        if k + 1 < len(tables) and tables[k + 1][0] >= 0:
            stop = min(stop, tables[k + 1][0])
        if not text.startswith(" |", end):
            continue
        # The table ends at the first pipe that two spaces and text follow, or the last one: a cell
        # holds its text between single spaces, so text after it on the line is no cell.
        last = end - 1
        while (nxt := text.find("|", last + 1, stop)) >= 0:
            last = nxt
            if _AFTER.match(text, nxt + 1):
                break
        if last < end:
            continue
        if last + 1 < len(text) and text[last + 1] == " ":
            chars[last + 1] = "\n"
        pipes = [end - 1, *(i for i in range(end, last + 1) if text[i] == "|")]
        row: list[tuple[int, str]] = []  # the cells of the row so far, each with where it starts
        for a, b in itertools.pairwise(pipes):
            piece = text[a + 1:b]
            after = text[b + 1:text.find("|", b + 1, last + 1)] if b < last else ""
            if piece == " " and (not row or len(row) >= n or (
                    _label(after) and not _label(next((c for _, c in reversed(row) if c.strip()), "x")))):
                chars[a + 1] = "\n"  # the space joining two rows
                row = []
                continue
            row.append((a + 1, piece))
        if len(row) > n and row[-n - 1][1] == " " and not any(_label(c) for _, c in row[-n:]):
            # The last row is a value line as wide as the rule (a one-line table under header rows
            # narrower than it): the cells before it are the header row's.
            chars[row[-n - 1][0]] = "\n"
    return "".join(chars)
