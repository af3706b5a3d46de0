"""The six sections of a report (一、总体情况 … 六、其他需要报告的事项): where each starts and ends.

Headings are found at line starts by their numeral and their words, then the best chain in
template order is kept, so a table row printed as "一、本年新收…" or a numbered point inside a
section is never taken for a heading. Two weaker kinds of heading fill a gap the chain would
otherwise leave: the full title run into a line ("…com。一、总体情况2019年", page text copied
with its line breaks lost), and a numbered point that names the section ("（一）主要问题") where a
converter dropped the heading line above it. Real reports vary: 乌海 2020 splits 五 into 五、存在的主要问题
and 六、下一步工作计划 and numbers 其他需要报告的事项 as 七; such a continuation heading is kept as
part of section 五 (``Section.extra``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gkaudit.reading.normalise import normalise

SECTION_TITLES: dict[int, str] = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
NUMERALS = "一二三四五六七八九"

# Words that identify a heading, strongest first; matched in the heading with spaces removed.
_KEYS: dict[int, tuple[tuple[str, int], ...]] = {
    1: (("总体情况", 3), ("总体公开情况", 3), ("基本情况", 2), ("总体", 2), ("概述", 2)),
    2: (("主动公开政府信息情况", 3), ("主动公开", 2)),
    3: (("收到和处理政府信息公开申请", 3), ("政府信息公开申请情况", 3), ("依申请公开", 2), ("收到和处理", 2)),
    4: (("行政复议、行政诉讼", 3), ("行政复议", 2), ("行政诉讼", 2), ("复议", 1)),
    5: (
        ("存在的主要问题", 3),
        ("主要问题", 2),
        ("存在问题", 2),
        ("存在的问题", 2),
        ("问题及改进", 3),
        ("改进情况", 2),
    ),
    6: (
        ("其他需要报告的事项", 3),
        ("其他应报告的事项", 3),
        ("其他需要报告", 3),
        ("其他事项", 2),
        ("其他需报告", 3),
    ),
}
# A heading that carries on section 五 (the improvement plan printed as its own part).
_CONTINUES_5 = (
    "下一步",
    "工作计划",
    "改进",
    "整改",
    "工作打算",
    "工作安排",
    "努力方向",
    "工作措施",
    "工作重点",
)

_HEADING = re.compile(
    r"^[ \t>#*]*(?:第([一二三四五六七八九])部分|([一二三四五六七八九])\s*[、.,:：，]|([一二三四五六七八九])\s(?=\S))"
    r"[ *]*([^\n\t]{1,40}?)[ *]*$",
    re.M,
)
# The numeral and the section's full title anywhere in a line (run-together page text).
_INLINE_HEADING = re.compile(r"([一二三四五六七八九])\s*、\s*")
# A numbered point opening a line; it stands for a section whose heading line is lost.
_INLINE_LEAD = 10
_TITLE_WORDS = re.compile(r"[\u4e00-\u9fff]*")
_POINT_HEADING = re.compile(r"^[ \t>#*]*[(（][一二三四五六七八九十\d]{1,2}[)）][ *]*([^\n\t]{2,24}?)[ *]*$", re.M)
_POINT_SECTIONS = (5, 6)  # sections without a table to anchor them, where such a point is their opening


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six sections: ``start`` is where its heading begins, ``body_start`` where its text does."""

    number: int  # 1 … 6, the template's numbering
    heading: str  # as printed (normalised)
    start: int
    body_start: int
    end: int
    extra: tuple[tuple[int, int], ...] = ()  # continuation headings inside it, as (start, end)

    @property
    def title(self) -> str:
        return f"{NUMERALS[self.number - 1]}、{SECTION_TITLES[self.number]}"


@dataclass(frozen=True, slots=True)
class Sections:
    """The sections found in one text, in order; ``preamble_end`` is where the first one starts."""

    found: tuple[Section, ...]
    preamble_end: int
    text_length: int

    def get(self, number: int) -> Section | None:
        for s in self.found:
            if s.number == number:
                return s
        return None

    def numbers(self) -> list[int]:
        return [s.number for s in self.found]


@dataclass(frozen=True, slots=True)
class _Candidate:
    number: int  # the section it names
    printed: int  # the numeral printed before it (0 for none)
    score: int
    start: int
    end: int  # end of the heading line
    heading: str
    continues_5: bool = False


@functools.lru_cache(maxsize=4)
def split_sections(text: str) -> Sections:
    """Find the six sections of ``text`` (offsets into ``text``; the text is normalised internally)."""
    # Cached as ``normalise`` is: the section, fee and narrative checks of one audit each split
    # the same text, and ``Sections`` cannot be changed.
    norm = normalise(text)
    candidates = _candidates(norm)
    chain = _best_chain(candidates)
    found: list[Section] = []
    extras: list[tuple[int, int]] = []
    for i, cand in enumerate(chain):
        if cand.continues_5:
            extras.append((cand.start, cand.end))
            continue
        nxt = next((c for c in chain[i + 1 :] if not c.continues_5), None)
        end = nxt.start if nxt is not None else len(text)
        body_start = min(cand.end + 1, end)
        found.append(Section(cand.number, cand.heading, cand.start, body_start, end))
    # Attach continuation headings to the section 五 that contains them.
    out = []
    for s in found:
        inside = tuple(e for e in extras if s.start < e[0] < s.end)
        out.append(Section(s.number, s.heading, s.start, s.body_start, s.end, inside) if inside else s)
    preamble_end = out[0].start if out else len(text)
    return Sections(tuple(out), preamble_end, len(text))


def _candidates(norm: str) -> list[_Candidate]:
    out: list[_Candidate] = []
    for m in _HEADING.finditer(norm):
        numeral = m.group(1) or m.group(2) or m.group(3)
        printed = NUMERALS.index(numeral) + 1
        title = m.group(4)
        compact = re.sub(r"\s+", "", title)
        if compact.endswith(("。", "；", ";")) or len(compact) > 32:
            continue
        best_number, best_score = 0, 0
        for number, keys in _KEYS.items():
            for key, weight in keys:
                if key in compact and weight > best_score:
                    best_number, best_score = number, weight
        start = _text_start(m)
        heading = norm[start : m.end()].strip(" *#")
        if best_number:
            bonus = 1 if printed == best_number else 0
            out.append(_Candidate(best_number, printed, best_score + bonus, start, m.end(), heading))
        elif any(k in compact for k in _CONTINUES_5):
            out.append(_Candidate(5, printed, 1, start, m.end(), heading, continues_5=True))
    out.extend(_inline_candidates(norm, {c.start for c in out}))
    out.extend(_point_candidates(norm))
    out.sort(key=lambda c: c.start)
    return out


def _text_start(m: re.Match[str]) -> int:
    """Where a heading line's words begin, after its indent and Markdown marks."""
    return m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t>#*")))


def _inline_candidates(norm: str, taken: set[int]) -> list[_Candidate]:
    """Headings run into a line: the printed numeral followed by its section's full title."""
    out: list[_Candidate] = []
    for m in _INLINE_HEADING.finditer(norm):
        if m.start() in taken:
            continue
        printed = NUMERALS.index(m.group(1)) + 1
        rest = norm[m.end() : m.end() + 40]
        for key, weight in _KEYS.get(printed, ()):
            at = rest.find(key) if weight >= 2 else -1
            # The title may open with a few words of its own ("政府信息公开行政复议、行政诉讼情况").
            if 0 <= at <= _INLINE_LEAD and _TITLE_WORDS.fullmatch(rest[:at]):
                end = m.end() + at + len(key)
                out.append(_Candidate(printed, printed, weight, m.start(), end, norm[m.start() : end]))
                break
    return out


def _point_candidates(norm: str) -> list[_Candidate]:
    """Numbered points ("（一）主要问题") naming a section whose own heading may be lost."""
    out: list[_Candidate] = []
    for m in _POINT_HEADING.finditer(norm):
        compact = re.sub(r"\s+", "", m.group(1))
        if compact.endswith(("。", "；", ";", "：", ":")):
            continue
        for number in _POINT_SECTIONS:
            if any(key in compact and weight >= 2 for key, weight in _KEYS[number]):
                start = _text_start(m)
                out.append(_Candidate(number, 0, 1, start, m.end(), norm[start : m.end()].strip(" *#")))
                break
    return out


def _best_chain(cands: list[_Candidate]) -> list[_Candidate]:
    """The highest-scoring chain of headings whose section numbers never decrease.

    A number may repeat only as a continuation of 五; otherwise numbers strictly increase.
    """
    n = len(cands)
    best: list[int] = [c.score for c in cands]
    prev: list[int] = [-1] * n
    for i in range(n):
        for j in range(i):
            if _may_follow(cands[j], cands[i]) and best[j] + cands[i].score > best[i]:
                best[i] = best[j] + cands[i].score
                prev[i] = j
    if not n:
        return []
    i = max(range(n), key=lambda k: (best[k], -k))
    chain: list[_Candidate] = []
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    chain.reverse()
    # A continuation needs a section 五 before it.
    kept: list[_Candidate] = []
    for c in chain:
        if c.continues_5 and not any(k.number == 5 and not k.continues_5 for k in kept):
            continue
        kept.append(c)
    return kept


def _may_follow(a: _Candidate, b: _Candidate) -> bool:
    if b.continues_5:
        return a.number == 5
    if a.continues_5:
        return b.number > 5
    return b.number > a.number
