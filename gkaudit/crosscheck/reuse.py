"""Text reuse (雷同) between a body's consecutive reports: how much of this year's text repeats last year's.

Both texts are compared outside the tables and headings, as runs of letters with punctuation and
spaces dropped and every digit read as 0 (a report copied with only the year and figures changed is
still copied). A run of at least ``MIN_PASSAGE`` characters made of shared ``SHINGLE``-character
pieces is a repeated passage; a section's share is the part of its characters in such passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gkaudit.crosscheck.carry import prev_name
from gkaudit.model import AuditReport, Finding, Source
from gkaudit.rules.catalogue import catalogued
from gkaudit.sections import NUMERALS, SECTION_TITLES, split_sections

SHINGLE = 13
MIN_PASSAGE = 20
SECTION_SHARE = 0.5  # a section this much repeated gets an info finding
COPIED_SHARE = 0.6  # a report this much repeated is a warning
MIN_SECTION_CHARS = 60

_WORD = re.compile(r"[\w]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Passage:
    """A repeated stretch: offsets in this year's text and where it was found in last year's."""

    start: int
    end: int
    prev_start: int
    prev_end: int
    section: int  # 0: text outside the six sections

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class SectionReuse:
    number: int
    chars: int  # compared characters (letters and digits)
    repeated: int
    passages: tuple[Passage, ...]

    @property
    def share(self) -> float:
        return self.repeated / self.chars if self.chars else 0.0


@dataclass(frozen=True, slots=True)
class Reuse:
    sections: tuple[SectionReuse, ...]

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sections)

    @property
    def repeated(self) -> int:
        return sum(s.repeated for s in self.sections)

    @property
    def share(self) -> float:
        return self.repeated / self.chars if self.chars else 0.0

    def passages(self) -> list[Passage]:
        return [p for s in self.sections for p in s.passages]


@dataclass(frozen=True, slots=True)
class _View:
    text: str  # letters and digits only, digits as "0"
    pos: tuple[int, ...]  # offset of each character in the document text


def _regions(report: AuditReport) -> list[tuple[int, int, int]]:
    """(section number, start, end) of the narrative: sections' bodies without tables and headings."""
    doc = report.document
    if doc is None:
        return []
    sections = split_sections(doc.text)
    spans = [(s.number, s.body_start, s.end) for s in sections.found]
    if not spans:
        spans = [(0, 0, len(doc.text))]
    tables = sorted(
        (t.source.start, t.source.end) for t in report.tables.values() if t.source is not None and t.found
    )
    skips = tables + [e for s in sections.found for e in s.extra]
    out: list[tuple[int, int, int]] = []
    for number, a, b in spans:
        cursor = a
        for ta, tb in sorted(skips):
            if tb <= cursor or ta >= b:
                continue
            if ta > cursor:
                out.append((number, cursor, ta))
            cursor = max(cursor, tb)
        if cursor < b:
            out.append((number, cursor, b))
    return out


def _view(text: str, a: int, b: int) -> _View:
    chars: list[str] = []
    pos: list[int] = []
    for i in range(a, b):
        ch = text[i]
        if ch.isdigit():
            chars.append("0")
            pos.append(i)
        elif _WORD.match(ch) and ch != "_":
            chars.append(ch.lower())
            pos.append(i)
    return _View("".join(chars), tuple(pos))


def reuse_detail(prev: AuditReport, curr: AuditReport) -> Reuse:
    """Per section of ``curr``: its compared characters, the repeated ones and the passages."""
    if prev.document is None or curr.document is None:
        return Reuse(())
    prev_text = prev.document.text
    shingles: dict[str, int] = {}
    for _, a, b in _regions(prev):
        view = _view(prev_text, a, b)
        for i in range(len(view.text) - SHINGLE + 1):
            shingles.setdefault(view.text[i : i + SHINGLE], view.pos[i])
    per_section: dict[int, tuple[int, int, list[Passage]]] = {}
    curr_text = curr.document.text
    for number, a, b in _regions(curr):
        view = _view(curr_text, a, b)
        n = len(view.text)
        covered = [False] * n
        origin: dict[int, int] = {}
        for i in range(n - SHINGLE + 1):
            at = shingles.get(view.text[i : i + SHINGLE])
            if at is not None:
                origin.setdefault(i, at)
                for k in range(i, i + SHINGLE):
                    covered[k] = True
        passages: list[Passage] = []
        repeated = 0
        i = 0
        while i < n:
            if not covered[i]:
                i += 1
                continue
            j = i
            while j < n and covered[j]:
                j += 1
            if j - i >= MIN_PASSAGE:
                repeated += j - i
                first = origin.get(i, 0)
                passages.append(Passage(view.pos[i], view.pos[j - 1] + 1, first, first + (j - i), number))
            i = j
        chars, rep, found = per_section.get(number, (0, 0, []))
        per_section[number] = (chars + n, rep + repeated, found + passages)
    return Reuse(tuple(SectionReuse(k, c, r, tuple(p)) for k, (c, r, p) in sorted(per_section.items())))


def _excerpt(text: str, width: int = 60) -> str:
    flat = re.sub(r"\s+", "", text)
    return flat if len(flat) <= width else flat[:width] + "…"


def text_reuse(prev: AuditReport, curr: AuditReport) -> list[Finding]:
    """Findings for ``curr``: sections mostly repeating ``prev`` (info) and a copied report (warning)."""
    detail = reuse_detail(prev, curr)
    if curr.document is None or not detail.chars:
        return []
    text = curr.document.text
    out: list[Finding] = []
    where = prev_name(prev)
    for section in detail.sections:
        if section.chars < MIN_SECTION_CHARS or section.share < SECTION_SHARE or not section.passages:
            continue
        longest = max(section.passages, key=lambda p: p.length)
        name = (
            f"第{NUMERALS[section.number - 1]}部分“{SECTION_TITLES[section.number]}”"
            if section.number
            else "报告开头部分"
        )
        out.append(
            catalogued(
                "reuse.section",
                message=(
                    f"{name}有 {section.share:.0%} 的文字（{section.chars} 字中的 {section.repeated} 字）"
                    f"与上年报告（{where}）相同，共 {len(section.passages)} 处雷同段落，"
                    f"最长一处 {longest.length} 字：“{_excerpt(text[longest.start : longest.end])}”"
                ),
                source=Source(longest.start, longest.end),
                quote=_excerpt(text[longest.start : longest.end], 120),
            )
        )
    if detail.share > COPIED_SHARE and detail.passages():
        longest = max(detail.passages(), key=lambda p: p.length)
        out.append(
            catalogued(
                "reuse.copied",
                message=(
                    f"报告正文（不含表格）有 {detail.share:.0%} 的文字（{detail.chars} 字中的 {detail.repeated} 字）"
                    f"与上年报告（{where}）相同，疑似照搬上年报告；共 {len(detail.passages())} 处雷同段落"
                ),
                source=Source(longest.start, longest.end),
                quote=_excerpt(text[longest.start : longest.end], 120),
            )
        )
    return out
