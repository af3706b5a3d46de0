"""Word's automatic paragraph numbering (一、 （一） 1.), rendered as the text Word would show.

Section headings of the reports are often list paragraphs whose "一、" exists only in
numbering.xml; without it the text would lose the section numbers the later steps look for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def chinese_number(n: int, digits: str = _DIGITS) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (the 一、二、 of Word's chineseCounting)."""
    if n <= 0:
        return "零"
    if n >= 10000:
        return str(n)
    units = ("", "十", "百", "千")
    out = ""
    zero = False
    for power in (3, 2, 1, 0):
        d = n // 10**power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += units[power] if d == 1 and power == 1 and not out else digits[d] + units[power]
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return ""
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographLegalTraditional"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":
        return chinese_number(n, _LEGAL)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalEnclosedFullstop"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    return str(n)


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False


@dataclass(slots=True)
class _Counter:
    values: dict[int, int] = field(default_factory=dict)


class Numbering:
    """Numbering definitions of one document and the running counters while it is read in order."""

    def __init__(self, ns: str) -> None:
        self._w = f"{{{ns}}}"
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, str] = {}  # numId → abstractNumId
        self._overrides: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str, int]] = {}
        self._counters: dict[str, _Counter] = {}
        self._applied_overrides: set[str] = set()
        self._seen: dict[Any, str] = {}  # paragraph element → its number (keeps the proxy alive)

    @classmethod
    def from_package(cls, numbering_xml: bytes | None, styles_xml: bytes | None, ns: str) -> Numbering:
        numbering = cls(ns)
        root = _parse(numbering_xml)
        if root is not None:
            numbering._load_numbering(root)
        styles = _parse(styles_xml)
        if styles is not None and numbering._nums:
            numbering._load_styles(styles)
        return numbering

    def _val(self, el: Any, path: str, default: str = "") -> str:
        found = el.find(path) if path else el
        if found is None:
            return default
        return str(found.get(f"{self._w}val", default))

    def _load_numbering(self, root: Any) -> None:
        w = self._w
        for absnum in root.iter(f"{w}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in absnum.iter(f"{w}lvl"):
                try:
                    ilvl = int(lvl.get(f"{w}ilvl", "0"))
                    start = int(self._val(lvl, f"{w}start", "1") or 1)
                except ValueError:
                    continue
                levels[ilvl] = _Level(
                    start=start,
                    fmt=self._val(lvl, f"{w}numFmt", "decimal"),
                    text=self._val(lvl, f"{w}lvlText", ""),
                    suffix=self._val(lvl, f"{w}suff", "tab"),
                    legal=lvl.find(f"{w}isLgl") is not None,
                )
            self._abstract[str(absnum.get(f"{w}abstractNumId"))] = levels
        for num in root.iter(f"{w}num"):
            num_id = str(num.get(f"{w}numId"))
            self._nums[num_id] = self._val(num, f"{w}abstractNumId")
            overrides: dict[int, int] = {}
            for ov in num.iter(f"{w}lvlOverride"):
                start = ov.find(f"{w}startOverride")
                if start is not None:
                    try:
                        overrides[int(ov.get(f"{w}ilvl", "0"))] = int(self._val(start, ""))
                    except ValueError:
                        continue
            if overrides:
                self._overrides[num_id] = overrides

    def _load_styles(self, root: Any) -> None:
        w = self._w
        direct: dict[str, tuple[str, int] | None] = {}
        based_on: dict[str, str] = {}
        for style in root.iter(f"{w}style"):
            sid = str(style.get(f"{w}styleId"))
            numpr = style.find(f"{w}pPr/{w}numPr")
            if numpr is not None:
                num_id = self._val(numpr, f"{w}numId")
                try:
                    ilvl = int(self._val(numpr, f"{w}ilvl", "0") or 0)
                except ValueError:
                    ilvl = 0
                direct[sid] = (num_id, ilvl) if num_id else None
            parent = self._val(style, f"{w}basedOn")
            if parent:
                based_on[sid] = parent
        for sid in set(direct) | set(based_on):
            seen: set[str] = set()
            cur: str | None = sid
            while cur is not None and cur not in seen:
                seen.add(cur)
                if cur in direct:
                    found = direct[cur]
                    if found is not None:
                        self._style_num[sid] = found
                    break
                cur = based_on.get(cur)

    def prefix(self, p: Any) -> str:
        """The number Word shows before paragraph ``p``, or "".

        The first call for a paragraph advances the counters; later calls (a table's cells are read
        once to decide whether it is a data table, again to render it) repeat the same answer.
        """
        if not self._nums:
            return ""
        if p not in self._seen:
            self._seen[p] = self._number(p)
        return self._seen[p]

    def _number(self, p: Any) -> str:
        w = self._w
        ppr = p.find(f"{w}pPr")
        numpr = None if ppr is None else ppr.find(f"{w}numPr")
        num_id = ""
        ilvl = 0
        if numpr is not None:
            num_id = self._val(numpr, f"{w}numId")
            try:
                ilvl = int(self._val(numpr, f"{w}ilvl", "0") or 0)
            except ValueError:
                ilvl = 0
        if not num_id and ppr is not None:
            style = self._val(ppr, f"{w}pStyle")
            if style in self._style_num:
                num_id, ilvl = self._style_num[style]
                if numpr is not None and numpr.find(f"{w}ilvl") is not None:
                    ilvl = int(self._val(numpr, f"{w}ilvl", "0") or 0)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        return self._advance(num_id, ilvl)

    def _advance(self, num_id: str, ilvl: int) -> str:
        abstract_id = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none") or not level.text:
            return ""
        counter = self._counters.setdefault(abstract_id, _Counter())
        if num_id in self._overrides and num_id not in self._applied_overrides:
            self._applied_overrides.add(num_id)
            for lvl, start in self._overrides[num_id].items():
                counter.values[lvl] = start - 1
        current = counter.values.get(ilvl)
        counter.values[ilvl] = level.start if current is None else current + 1
        for deeper in [k for k in counter.values if k > ilvl]:
            del counter.values[deeper]
        text = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                lv = levels.get(k, _Level())
                n = counter.values.get(k, lv.start)
                text = text.replace(token, format_number(n, "decimal" if level.legal and k != ilvl else lv.fmt))
        if level.suffix == "nothing" or not text or not text[-1].isascii():
            return text
        return text + " "


def _parse(xml: bytes | None) -> Any:
    if not xml:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError:
        return None
