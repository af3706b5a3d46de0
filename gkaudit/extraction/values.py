"""Parse one printed cell into a typed value: counts, signed changes, amounts, and blanks."""

from __future__ import annotations

import contextlib
import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from gkaudit.model import Number
from gkaudit.reading.normalise import normalise
from gkaudit.templates import Kind

# "\/", "\-", "\\": a mark as the markup that escapes it prints it (pandoc's Haddock).
BLANK_MARKS = frozenset({"", "/", "\\", "—", "——", "-", "--", "---", "－", "无", "空", "—/—", "/ ", "×", "…",
                         "\\/", "\\-", "\\\\"})
_UNITS = r"(?:万元|万|元|亿元|亿|件|个|项|条|次)?"
_NUMBER = re.compile(
    rf"^(?P<sign>[+\-]|增|减|增加|减少)?\s*(?P<num>\d{{1,3}}(?: ?, ?\d{{3}})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>{_UNITS})$"
)
# A PDF prints a full-width comma with room around it: "1 ，004" is 1004.
# A one-digit count with its unit wrapped in a narrow cell ("0" over "件"), the two lines centred: a
# layout converter that puts both on one line orders them by their left edges, and the unit, wider
# than one digit, starts first ("件0" for 0件). Two digits are wider than the unit, so only one.
_UNIT_FIRST = re.compile(r"^[件个项条次]\d$")

_SIGN_STARTS = frozenset("+-增减")
FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")  # digits of a CJK font's width


@dataclass(frozen=True, slots=True)
class Parsed:
    value: Number | None
    blank: bool = False
    invalid: str | None = None


_BLANK = Parsed(None, blank=True)


@functools.lru_cache(maxsize=8192)
def is_value_token(text: str) -> bool:
    """True when a (normalised) table cell's text is a number, possibly signed or with a unit, or a blank mark.
    (Asked of every cell and line of a table region, the same few texts again and again: kept, bounded.)"""
    s = text.strip()
    if not s:
        return False
    if s in BLANK_MARKS:
        return True
    # Most cells are labels: a number opens with a digit (``\d``: any Unicode Nd, as isdecimal) or a sign.
    if s[0].isdecimal() or s[0] in _SIGN_STARTS:
        return _NUMBER.match(s) is not None
    return _UNIT_FIRST.match(s) is not None


def is_number_token(text: str) -> bool:
    s = normalise(text).strip()
    return bool(s) and (_NUMBER.match(s) is not None or _UNIT_FIRST.match(s) is not None)


def printed_sign(text: str) -> bool:
    """Whether a cell's text opens with a sign as a number is read with one ("+301", "－5", "减22")."""
    s = normalise(text).strip()
    return bool(s) and s[0] in _SIGN_STARTS


class _Once(threading.local):
    memo: dict[tuple[str, Kind], Parsed] | None = None


_ONCE = _Once()


@contextlib.contextmanager
def parse_once() -> Iterator[None]:
    """Within the block each printed text is parsed once: reading a table's layout weighs the same
    cells in many readings. Nothing is kept after the block."""
    saved = _ONCE.memo
    _ONCE.memo = {} if saved is None else saved
    try:
        yield
    finally:
        _ONCE.memo = saved


def parse_value(raw: str, kind: Kind = Kind.COUNT) -> Parsed:
    memo = _ONCE.memo
    if memo is None:
        return _parse(raw, kind)
    found = memo.get((raw, kind))
    if found is None:
        found = memo[(raw, kind)] = _parse(raw, kind)
    return found


def _parse(raw: str, kind: Kind) -> Parsed:
    s = normalise(raw).strip()
    if s in BLANK_MARKS:
        return _BLANK
    if _UNIT_FIRST.match(s):
        s = s[1:] + s[0]
    m = _NUMBER.match(s)
    if m is None:
        return Parsed(None, invalid=f"“{raw.strip()}”不是数字")
    sign, digits, frac, _unit = m.groups()
    if "," in digits:
        digits = digits.replace(",", "").replace(" ", "")
    value: Number = float(digits + frac) if frac else int(digits)
    if sign in ("-", "减", "减少"):
        value = -value
    if kind is Kind.COUNT:
        if frac:
            return Parsed(value, invalid=f"件数“{raw.strip()}”不是整数")
        if value < 0:
            return Parsed(value, invalid=f"件数“{raw.strip()}”为负数")
    elif kind is Kind.AMOUNT and value < 0:
        return Parsed(value, invalid=f"金额“{raw.strip()}”为负数")
    return Parsed(value)
