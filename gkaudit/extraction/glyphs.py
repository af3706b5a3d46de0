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
from collections.abc import Mapping
from dataclasses import dataclass

from gkaudit.extraction.values import is_value_token
from gkaudit.model import Cell, Finding, Table
from gkaudit.reading.normalise import distinct_traditional, normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.templates import TEMPLATES

_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_MIN_PHRASE = 4  # characters of a phrase: 规章 alone could align with anything
_MIN_KNOWN = 3  # characters of the phrase printed as they are
_MAX_UNKNOWN_SHARE = 0.4
_ROUNDS = 4
# Distinct traditional characters of a page printed in them; a garbled text shows one or two by chance.
TRADITIONAL_TEXT = 10
# Section titles the template prints besides its tables' own wording.
SECTION_PHRASES = ("总体情况", "存在的主要问题及改进情况", "其他需要报告的事项", "政府信息公开行政复议、行政诉讼情况",
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
    words: set[str] = set(SECTION_PHRASES)
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
def _phrase_chars() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each of ``_phrases()`` with its characters."""
    return tuple((p, frozenset(p)) for p in _phrases())


@functools.cache
def _template_chars() -> frozenset[str]:
    return frozenset("".join(_phrases()))


def learn(text: str) -> GlyphRepair:
    """The consistent replacements of template characters that ``text`` shows (none for a clean text)."""
    if distinct_traditional(text) >= TRADITIONAL_TEXT:
        # A traditional-character page lacks the template's simplified characters by design;
        # its other traditional characters (問 for 问) are no wrong glyphs.
        return GlyphRepair(())
    norm = normalise(text)
    stream = _NOT_CJK.sub("", norm)
    present = set(stream)
    absent = _template_chars() - present
    if not absent:
        return GlyphRepair(())
    learnt: dict[str, str] = {}  # printed → meant
    for _round in range(_ROUNDS):
        known = present | set(learnt.values())
        seen: dict[str, set[str]] = defaultdict(set)  # meant → printed characters aligned with it
        # Where each pair was seen: a hole inside a phrase is held on both sides; one at its
        # edge ("政府集中采" + any character) must be seen at two places.
        support: dict[tuple[str, str], set[int]] = defaultdict(set)
        shown = stream.translate({ord(g): t for g, t in learnt.items()}) if learnt else stream
        for phrase, phrase_chars in _phrase_chars():
            if known.issuperset(phrase_chars):
                continue  # no hole
            holes = [i for i, ch in enumerate(phrase) if ch not in known]
            if not holes or len(phrase) - len(holes) < _MIN_KNOWN or len(holes) > len(phrase) * _MAX_UNKNOWN_SHARE:
                continue
            if _ambiguous(phrase, tuple(holes)):
                continue
            for m in _holed(phrase, tuple(holes)).finditer(shown):
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


@functools.lru_cache(maxsize=4096)
def _holed(phrase: str, holes: tuple[int, ...]) -> re.Pattern[str]:
    """``phrase`` with a group for a character no phrase holds at each of ``holes``."""
    hole = _hole(_template_chars())
    return re.compile("".join(hole if i in holes else re.escape(ch) for i, ch in enumerate(phrase)))


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


# Words a table row prints beside its numbers besides the template's own: units, signs.
_ROW_WORDS = frozenset("万元亿件个项条次人年月日号天份家起宗批例页届期增加减少")
_CHUNK = re.compile(r"\S+")
_CJK_PIECE = re.compile(r"[\u4e00-\u9fff]+")


@functools.cache
def _row_vocabulary() -> frozenset[str]:
    """Every character the templates print in or around a table, and the words rows carry."""
    chars: set[str] = set(_ROW_WORDS) | set("".join(SECTION_PHRASES))
    for spec in TEMPLATES.values():
        for table in spec.tables:
            chars.update(table.title, *table.heading_keys, *table.signature_keys, table.form.label_head,
                         table.form.corner, *(g.text for g in table.form.column_groups),
                         *(s.text for s in table.form.sections))
            for col in table.columns:
                chars.update(col.label)
            for row in table.rows:
                chars.update(row.label, row.group, row.note, row.short, *row.keys)
    return frozenset(normalise("".join(chars)))


def _vocabulary_class(vocabulary: frozenset[str]) -> str:
    return "".join(sorted(ch for ch in vocabulary if "\u4e00" <= ch <= "\u9fff"))


@functools.cache
def _stray_char(vocabulary: frozenset[str]) -> re.Pattern[str]:
    """A Chinese character outside ``vocabulary``."""
    return re.compile(rf"(?![{_vocabulary_class(vocabulary)}])[\u4e00-\u9fff]")


@functools.cache
def _stray_opening(vocabulary: frozenset[str]) -> re.Pattern[str]:
    """A word (between spaces or bars) opening with a Chinese character outside ``vocabulary``."""
    return re.compile(rf"(?<![^\s|])(?![{_vocabulary_class(vocabulary)}])[\u4e00-\u9fff]")


def stray_glyph(span: str) -> bool:
    """Whether the stretch of a row's line from its first number to its last prints, among or
    glued to the numbers, a character that no table prints (a sign 减, a blank mark 无 or a unit
    printed as some other character): what it stood for, and so which cell each number is, the
    text no longer says."""
    vocabulary = _row_vocabulary()
    if _stray_char(vocabulary).search(span) is None:
        return False  # every Chinese character of the stretch is one rows print
    for chunk in _CHUNK.findall(span):
        pieces = _CJK_PIECE.findall(chunk)
        if any(len(p) <= 2 and any(ch not in vocabulary for ch in p) for p in pieces):
            return True
    return False


def doubt_stray_glyphs(text: str, tables: Mapping[str, Table]) -> list[Finding]:
    """Rows whose numbers stand on a line with a stray character (``stray_glyph``) are uncertain."""
    norm = normalise(text)
    doubted: list[str] = []
    stray = _stray_char(_row_vocabulary())
    for table in tables.values():
        placed = [c.source for c in table.cells.values() if c.source is not None and c.source.end <= len(norm)]
        if not placed:
            continue
        # Every row's stretch lies between two characters before the table's first number and the
        # end of its last number's line: with no stray character there, no row has one.
        lo = max(0, min(s.start for s in placed) - 2)
        end = norm.find("\n", max(s.end for s in placed))
        if stray.search(norm, lo, len(norm) if end < 0 else end) is None:
            continue
        rows: dict[str, list[Cell]] = defaultdict(list)
        for cell in table.cells.values():
            rows[cell.row].append(cell)
        for cells in rows.values():
            spans: dict[int, tuple[int, int]] = {}  # line start → the row's numbers on it
            for c in cells:
                if c.source is None or c.source.end > len(norm):
                    continue
                line = norm.rfind("\n", 0, c.source.start) + 1
                lo, hi = spans.get(line, (c.source.start, c.source.end))
                spans[line] = (min(lo, c.source.start), max(hi, c.source.end))
            if any(stray_glyph(_chunks_around(norm, lo, hi)) for lo, hi in spans.values()):
                doubted += table.doubt(cells)
    if not doubted:
        return []
    return [catalogued(
        "extract.uncertain",
        message="这些格所在的行有无法辨认的字（文字编码有误：增/减号、空白标记或单位印成了别的字），"
                "各数字属于哪一格无法确定，请打开原始文件核对",
        cells=tuple(doubted),
    )]


_LABEL_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
_GLUED_BEFORE = re.compile(r"[^\s\d]{1,2}$")


def _chunks_around(text: str, lo: int, hi: int) -> str:
    """The row's stretch of its line: from what is glued to its first number (two characters at
    most: a longer run is its label) to the end of the line or the next label, past its last
    number (a cell read as blank where a stray character stood has no place in the text)."""
    before = _GLUED_BEFORE.search(text[max(0, lo - 2):lo])
    end = text.find("\n", hi)
    rest = text[hi:] if end < 0 else text[hi:end]
    label = _LABEL_RUN.search(rest)
    return (before.group() if before else "") + text[lo:hi] + (rest[:label.start()] if label else rest)


_LINE_CHUNK = re.compile(r"[^\s|]+")
_GLUED_STRAY = re.compile(r"^([\u4e00-\u9fff])[+\-]?\d")


def _glued_value(word: str) -> bool:
    """One CJK character glued to a number ("减4", its sign printed as another character)."""
    return _GLUED_STRAY.match(word) is not None and is_value_token(word[1:])


def mask_stray_glyphs(text: str) -> str:
    """``text`` (same length) with each stray character among a row's numbers (see ``stray_glyph``)
    taken away, standing alone or glued to a number.

    Left as text, a lone stray character reads as a label between two runs of numbers and
    splits one row in two. Taken away, the row keeps its numbers; whether it stood for a sign or
    a blank the text no longer says, so the row is doubted (``doubt_stray_glyphs``).
    """
    vocabulary = _row_vocabulary()
    out: list[str] | None = None
    # Only a line with a word opening with a character no row prints can change: the others
    # are passed by at once (most of a report: its prose and its clean rows).
    stray = _stray_opening(vocabulary)
    norm = normalise(text)
    pos = 0
    for line in text.split("\n"):
        if stray.search(norm, pos, pos + len(line)) is None:
            pos += len(line) + 1
            continue
        chunks = list(_LINE_CHUNK.finditer(line))
        words = [normalise(m.group()) for m in chunks]
        valued = [is_value_token(w) or _glued_value(w) for w in words]
        first = valued.index(True) if True in valued else len(valued)
        # A row prints its label before its numbers; a sentence goes on after them (日至 12 月).
        if sum(valued) >= 3 and not any(_LABEL_RUN.search(m.group()) for m in chunks[first:]):
            last = len(valued) - 1 - valued[::-1].index(True)
            for k, (m, word) in enumerate(zip(chunks, words, strict=True)):
                # Never a word with a character rows print ("日至" between two dates).
                if first < k < last and _CJK_PIECE.fullmatch(word) and len(word) <= 2 \
                        and not vocabulary.intersection(word):
                    out = out if out is not None else list(text)
                    out[pos + m.start():pos + m.end()] = " " * len(word)
                elif first <= k and _glued_value(word) and word[0] not in vocabulary:
                    out = out if out is not None else list(text)
                    out[pos + m.start()] = " "
        pos += len(line) + 1
    return text if out is None else "".join(out)
