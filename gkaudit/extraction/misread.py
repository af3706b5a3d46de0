"""Template phrases with a character or two misread (OCR of a scan, some PDF fonts), read back.

OCR replaces characters one by one, each occurrence on its own (规范性文件 as 规范性陊件 in one
row, intact elsewhere), so ``glyphs``' consistent mappings learn nothing from it, and a heading
or a row label with one wrong character names nothing: the table is looked for by its other
phrases and its region takes in the prose above, a row is placed by order alone. Here a stretch
of CJK characters standing on its own (spaces, digits or punctuation around it) that is as long
as one of the template's fixed phrases and differs from it in a character or two is read as
that phrase, only where

- every differing character is one the template never prints (a misread character is mostly
  rare; a report's own wording differs from the template by common ones: 行政处理 is no
  misread 行政处罚);
- no other phrase agrees with the characters the template prints (第二十条第（X）项 could be （五）
  or （六）: the misread character would decide between them, and cannot).

A label wrapped in its cell keeps the space where it broke ("本X 新收…"): the stretch is read
whole, spaces left out.

A clean report prints no such stretch, so nothing is read back from it. Digits, punctuation and
the text's length are never changed (offsets stay valid); a note names what was read back.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from gkaudit.extraction.glyphs import SECTION_PHRASES, TRADITIONAL_TEXT
from gkaudit.reading.normalise import distinct_traditional, normalise
from gkaudit.templates import TEMPLATES

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# CJK characters and brackets, pieces joined by single spaces: what a label or heading prints.
_STRETCH = re.compile(r"[\u4e00-\u9fff()]+(?: [\u4e00-\u9fff()]+)*")
_CJK_ONLY = re.compile(r"[^\u4e00-\u9fff]")
_NOT_CJK_IN_STRETCH = re.compile(r"[ ()]")
_MIN_PHRASE = 4  # 规章, 自然人: too short to tell a misread from another word


@dataclass(frozen=True, slots=True)
class Misreads:
    """The phrases read back: (offset, printed, meant) for each, in text order."""

    found: tuple[tuple[int, str, str], ...]

    def note(self) -> str:
        shown = "、".join(f"{p}→{m}" for _at, p, m in self.found[:6])
        more = f"等 {len(self.found)} 处" if len(self.found) > 6 else ""
        return (f"文中有个别汉字疑似识别错误（扫描件识别或 PDF 字体常见），已按模板的固定用语读作 {shown}{more}，"
                f"只用于识别标题和行名，数字未改动；请以原始文件为准")


@functools.cache
def _template_words() -> frozenset[str]:
    """Every wording the templates print: section phrases, markers, titles, headings, labels."""
    words: set[str] = set(SECTION_PHRASES)
    for spec in TEMPLATES.values():
        words.update(spec.markers)
        for table in spec.tables:
            words.update((table.title, *table.heading_keys, *table.signature_keys, table.form.label_head,
                          *(g.text for g in table.form.column_groups), *(s.text for s in table.form.sections)))
            words.update(c.label for c in table.columns)
            for row in table.rows:
                words.update((row.label, row.group, row.note, row.short, *row.keys))
    return frozenset(words)


@functools.cache
def _phrases() -> dict[int, tuple[str, ...]]:
    """The template's fixed wording as runs of CJK characters (split where it prints anything
    else), by length."""
    words = _template_words()
    runs = {r for w in words for r in (*_STRETCH.findall(normalise(w)), *_CJK_RUN.findall(normalise(w)))
            if len(_CJK_ONLY.sub("", r)) >= _MIN_PHRASE}
    out: dict[int, list[str]] = defaultdict(list)
    for r in sorted(runs):
        out[len(r)].append(r)
    return {n: tuple(rs) for n, rs in out.items()}


@functools.cache
def _template_chars() -> frozenset[str]:
    return frozenset("".join(r for rs in _phrases().values() for r in rs))


def _allowed(length: int) -> int:
    """Characters that may be misread in a phrase of ``length``: one in four."""
    return length // 4


def find(text: str) -> Misreads:
    """The stretches of ``text`` that are a template phrase with a character or two misread."""
    if distinct_traditional(text) >= TRADITIONAL_TEXT:
        # A page in traditional characters prints the ones ``normalise`` does not map (問題) as
        # they are: no misreads.
        return Misreads(())
    phrases = _phrases()
    chars = _template_chars()
    norm = normalise(text)
    found: list[tuple[int, str, str]] = []
    for m in _STRETCH.finditer(norm):
        # A label wrapped in its cell is printed with a space where it broke ("本年 新收…"): the
        # whole stretch first, then each run of CJK characters in it.
        whole = m.group()
        pieces = [(m.start(), whole)]
        # A stretch prints CJK characters, brackets and spaces: anything but CJK is one of those.
        parted = _NOT_CJK_IN_STRETCH.search(whole) is not None
        if parted:
            pieces += [(m.start() + p.start(), p.group()) for p in _CJK_RUN.finditer(whole)]
        for at, stretch in pieces:
            bare = stretch.replace(" ", "") if parted else stretch
            same = phrases.get(len(bare))
            # Only a stretch holding a character the template never prints can be a misread phrase.
            if same is None or chars.issuperset(_CJK_ONLY.sub("", bare) if parted else bare):
                continue
            meant = _only_fit(bare, same, chars)
            if meant is not None:
                found.append((at, text[at:at + len(stretch)], _spaced(meant, stretch)))
                break
    return Misreads(tuple(found))


def _spaced(meant: str, stretch: str) -> str:
    """``meant`` with the spaces ``stretch`` prints where they stand in it."""
    it = iter(meant)
    return "".join(" " if ch == " " else next(it) for ch in stretch)


def _only_fit(run: str, phrases: tuple[str, ...], chars: frozenset[str]) -> str | None:
    """The one phrase ``run`` is a misreading of, or None: the phrase that agrees with every
    character of ``run`` the template prints (a misread character is one it never prints), with
    one in four of its characters misread at most, when no other phrase does.

    A character the template never prints differs from every phrase's: such characters are the
    misreads, as many for every phrase; the phrases agreeing on all the others are found at once
    from an index of which phrases print which character where (a bit per phrase)."""
    limit = _allowed(len(_CJK_ONLY.sub("", run)))
    where = _where(phrases)
    fits = (1 << len(phrases)) - 1
    misread = 0
    for i, a in enumerate(run):
        if a in chars:
            fits &= where.get((i, a), 0)
            if not fits:
                return None
        elif not "\u4e00" <= a <= "\u9fff":
            return None  # only a Chinese character is taken for a misread one
        else:
            misread += 1
            if misread > limit:
                return None
    if fits & (fits - 1):
        return None  # two phrases fit: the misread characters would decide, and cannot
    return phrases[fits.bit_length() - 1] if fits else None


@functools.cache
def _where(phrases: tuple[str, ...]) -> dict[tuple[int, str], int]:
    """For phrases of one length: (position, character) -> the phrases printing it there, one bit each."""
    out: dict[tuple[int, str], int] = defaultdict(int)
    for k, p in enumerate(phrases):
        for i, ch in enumerate(p):
            out[i, ch] |= 1 << k
    return dict(out)


def read_back(text: str, misreads: Misreads) -> str:
    """``text`` with each misread phrase printed as the template's (same length)."""
    if not misreads.found:
        return text
    out = list(text)
    for at, printed, meant in misreads.found:
        for k, (a, b) in enumerate(zip(printed, meant, strict=True)):
            if a != b and normalise(a) != b:
                out[at + k] = b
    return "".join(out)


def alike(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one text printed twice with a character misread in one of them
    (a merged cell's caption repeated in each column it spans, "本年增/减" and "本年太/减"): as
    long, and where they differ one side is a CJK character the template never prints, in one
    character of four at most."""
    if len(a) != len(b) or a == b:
        return a == b
    chars = _template_chars()
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differ) <= _allowed(len(_CJK_ONLY.sub("", a))) and all(
        any("\u4e00" <= c <= "\u9fff" and c not in chars for c in pair) for pair in differ)


@functools.cache
def _all_template_chars() -> frozenset[str]:
    """Every CJK character of the template's wording, short words too (危及 of 3.危及“三安全一稳定”)."""
    words = _template_words()
    return frozenset(c for w in words for c in normalise(w) if "\u4e00" <= c <= "\u9fff") | _template_chars()


def unknown_char(text: str) -> bool:
    """Whether ``text`` is one CJK character the template never prints: where a table prints a
    number or a blank mark, a misread one (its value unknown)."""
    return len(text) == 1 and "\u4e00" <= text <= "\u9fff" and text not in _all_template_chars() \
        and text not in "无空"
