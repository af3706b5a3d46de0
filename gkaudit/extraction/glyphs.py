"""Characters a PDF font printed under the wrong code points, mapped back by the template's fixed wording.

A PDF whose font has no (or a wrong) Unicode map gives text in which one glyph always comes out as
the same wrong character: 信 as 綪 everywhere, digits usually intact. The template prints the same
headings, row labels and column captions in every report, so where such a phrase appears with a
few characters that occur *nowhere* else in the text replaced, each consistently by one character
that is no character of the template's wording, the replacement is that character. Only a mapping
every aligned occurrence agrees on is kept, learnt again as each round's mappings let longer
phrases match. A clean report prints the template's characters, so nothing is learnt from it;
digits and punctuation are never touched, and the text keeps its length (offsets stay valid).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from gkaudit.reading.normalise import normalise
from gkaudit.templates import TEMPLATES

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_MIN_PHRASE = 4  # characters of a phrase: 规章 alone could align with anything
_MIN_KNOWN = 3  # characters of the phrase printed as they are
_MAX_UNKNOWN_SHARE = 0.4
_ROUNDS = 4
# Section titles the template prints besides its tables' own wording.
_SECTION_TITLES = ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项", "政府信息公开行政复议、行政诉讼情况",
                   "政府信息公开工作年度报告", "本年度办理结果", "申请人情况", "法人或其他组织")


@dataclass(frozen=True, slots=True)
class GlyphRepair:
    """The characters mapped back: printed → meant, each learnt from the template's wording."""

    mapping: tuple[tuple[str, str], ...]

    def note(self) -> str:
        pairs = "、".join(f"{g}→{t}" for g, t in self.mapping[:8])
        more = f"等 {len(self.mapping)} 个" if len(self.mapping) > 8 else ""
        return (f"文中部分汉字的编码有误（PDF 字体缺少正确的 Unicode 映射时常见，同一字形总是变成同一个错字），"
                f"已按模板的固定用语还原 {pairs}{more}，用于识别标题和行名，数字未改动；其余错字无法还原，请以原始文件为准")


@functools.cache
def _phrases() -> tuple[str, ...]:
    """The template's fixed wording, as runs of CJK characters long enough to align."""
    words: set[str] = set(_SECTION_TITLES)
    for spec in TEMPLATES.values():
        words.update(spec.markers)
        for table in spec.tables:
            words.update((table.title, *table.heading_keys, *table.signature_keys))
            words.update(c.label for c in table.columns)
            for row in table.rows:
                words.update((row.label, row.group, row.note, *row.keys))
    # Read as the text is: its CJK characters alone ("第二十条第(五)项" as 第二十条第五项).
    runs = {_NOT_CJK.sub("", normalise(w)) for w in words}
    return tuple(sorted((r for r in runs if len(r) >= _MIN_PHRASE), key=len, reverse=True))


@functools.cache
def _template_chars() -> frozenset[str]:
    return frozenset("".join(_phrases()))


def learn(text: str) -> GlyphRepair:
    """The consistent replacements of template characters that ``text`` shows (none for a clean text)."""
    norm = normalise(text)
    stream = "".join(_CJK.findall(norm))
    present = set(stream)
    absent = _template_chars() - present
    if not absent:
        return GlyphRepair(())
    template = _template_chars()
    learnt: dict[str, str] = {}  # printed → meant
    for _round in range(_ROUNDS):
        known = present | set(learnt.values())
        seen: dict[str, set[str]] = defaultdict(set)  # meant → printed characters aligned with it
        # Where each pair was seen: a hole inside a phrase is held on both sides; one at its
        # edge ("政府集中采" + any character) must be seen at two places.
        support: dict[tuple[str, str], set[int]] = defaultdict(set)
        shown = stream.translate({ord(g): t for g, t in learnt.items()}) if learnt else stream
        for phrase in _phrases():
            holes = [i for i, ch in enumerate(phrase) if ch not in known]
            if not holes or len(phrase) - len(holes) < _MIN_KNOWN or len(holes) > len(phrase) * _MAX_UNKNOWN_SHARE:
                continue
            if _ambiguous(phrase, tuple(holes)):
                continue
            pattern = "".join(_hole(template) if ch not in known else re.escape(ch) for ch in phrase)
            for m in re.finditer(pattern, shown):
                for k, i in enumerate(holes):
                    g = m.group(k + 1)
                    seen[phrase[i]].add(g)
                    inside = 0 < i < len(phrase) - 1
                    support[(g, phrase[i])].update((-1, m.start(k + 1)) if inside else (m.start(k + 1),))
        # An alignment seen once at a phrase's edge is no evidence either way (the phrase may
        # simply end there); the rest must agree: one printed character for each meant one.
        held = {t: {g for g in gs if len(support[(g, t)]) >= 2} for t, gs in seen.items()}
        by_printed: dict[str, int] = defaultdict(int)
        for gs in held.values():
            for g in gs:
                by_printed[g] += 1
        new = {next(iter(gs)): t for t, gs in held.items()
               if len(gs) == 1 and by_printed[next(iter(gs))] == 1 and next(iter(gs)) not in learnt}
        if not new:
            break
        learnt.update(new)
    return GlyphRepair(tuple(sorted(learnt.items(), key=lambda gt: gt[1])))


@functools.lru_cache(maxsize=4096)
def _ambiguous(phrase: str, holes: tuple[int, ...]) -> bool:
    """Whether another phrase of the template reads the same but at the holes (第二十条第一项 and
    第二十条第六项): what the holes hold then says which phrase it is, not which character."""
    pattern = re.compile("".join("." if i in holes else re.escape(ch) for i, ch in enumerate(phrase)))
    return any(other != phrase and pattern.fullmatch(other) for other in _phrases())


@functools.cache
def _hole(template: frozenset[str]) -> str:
    """A character no phrase of the template holds (a glyph printed as something else)."""
    return f"([^{''.join(sorted(template))}])"


def repaired(text: str, repair: GlyphRepair) -> str:
    """``text`` with the learnt characters mapped back (same length)."""
    if not repair.mapping:
        return text
    table = dict(repair.mapping)
    return "".join(table.get(n, c) for c, n in zip(text, normalise(text), strict=True))
