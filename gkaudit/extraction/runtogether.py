"""Tables whose cells run together with no separators (web-archive ``textContent``, copied pages).

``一、本年新收政府信息公开申请数量200 000121`` holds seven cells, but where one ends and the next
begins is not printed. Each row's digits are split every way the number grammar allows (no leading
zeros, a sign only where the column is signed, a decimal point only in amounts; a space is always a
boundary); the template's relations inside the row keep the readings that add up, and the relations
between rows choose among what is left. Where no relation can tell two readings apart, structural
priors may rank them, but the cells then say so (``reading="uncertain"`` with the alternatives).
The printed digits are never changed: every reading uses every digit in its printed order.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from gkaudit.extraction import jointrows
from gkaudit.extraction.regions import foreign_table
from gkaudit.extraction.values import FULL_WIDTH_DIGITS, parse_value
from gkaudit.model import Cell, Document, Finding, Number, Source, Table, cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import Relation, evaluate, holds, relations_for
from gkaudit.templates import Kind, RowSpec, TableSpec, TemplateSpec

# A sign may be printed as a word ("17减16": 17 and -16).
# A blank cell may print a mark ("7 3 01—112": 7 3 0 1 blank 1 12); a run of marks is one cell
# or one cell a mark.
_MARKS = "—/\\"
_MC = re.escape(_MARKS)
_NUMRUN = re.compile(
    rf"(?:(?:[+\-]|增加?|减少?)?\d|[{_MC}])(?:[\d .,+\-{_MC}]|增加?|减少?)*(?:\.\d+)?(?:万元|亿元|元|万)?"
)
# A unit printed after a space ("2604.62 万元") belongs to the number before it.
_TOKEN = re.compile(rf"[{_MC}]+|[^\s{_MC}]+(?: (?:万元|亿元|元|万)(?![^\s{_MC}]))?")
_SIGN = re.compile(r"[+\-]|增加|减少|增|减")
_ENUM = re.compile(r"^(\d{1,2})[.．、]")
_CJK = re.compile(r"[\u4e00-\u9fff(]")
_NOT_THIS_ROW = re.compile(r"[。；;]|[一二三四五六七八九十]、|第[一二三四五六七八九十]+条")
# Lines holding a whole table run together: long, and several row labels followed at once by digits.
_MIN_LINE = 120
_AFTER_LABEL = re.compile(r"[^\d\n—/]{0,40}?([\d—/][\d —/]*)")
_MAX_NAMED = 8  # places a label is named in one line, at most, looked at for the row's digits
_MAX_DIGITS = 48  # a row with more digits than this is not decoded (bounded enumeration)
_MAX_READINGS = 400
_MAX_SPLITS = 60000  # splits of one row tried; a row with more is never read with certainty
_MAX_BLANK_READINGS = 5000  # the same for readings with cells printed as nothing
_ROW_GAP = 400  # a table's rows follow each other closely; a label further on is not the next row
_MOST_BROKEN = 2  # relations a report's own slips break, at most, for the rows chosen together to rule readings out (as jointrows)


@dataclass(frozen=True, slots=True)
class Piece:
    """One number of a reading: its text and offsets in the document."""

    text: str
    start: int
    end: int


Reading = tuple[Piece, ...]


@dataclass(slots=True)
class RowChunk:
    row: RowSpec
    start: int  # offsets of the printed digits (with their spaces) in the document
    end: int
    text: str
    label_end: int = 0
    # More digits follow the run closely, past a word the run stops at ("85012无16"): the run may
    # not hold all of the row's cells.
    cut: bool = False


# A blank cell printed as the word 无 among a row's digits ("数量无10无001"): a mark like "—".
_BLANK_WORD_RUN = re.compile(r"无+")
_NEXT_TO_RUN = re.compile(rf"[\d{_MC}]")


@functools.cache
def _wu_words(template: TemplateSpec) -> tuple[str, ...]:
    """The template's row labels and keys that start with 无, longest first."""
    words = {w for spec in template.tables for row in spec.rows
             for w in (_ENUM.sub("", row.label), *row.keys, row.group.split("）")[-1]) if w.startswith("无")}
    return tuple(sorted(words, key=len, reverse=True))


def blank_words(norm: str, template: TemplateSpec) -> str:
    """``norm`` with each 无 that prints a blank cell among run-together digits written as "—"
    (one character for one: offsets are kept). A 无 is a blank cell where it stands next to a
    digit or a blank mark, or two or more follow each other; never where a row's label starts
    with it ("4.无正当理由…", "（四）无法提供")."""
    if "无" not in norm:
        return norm
    words = _wu_words(template)
    out = list(norm)
    for m in _BLANK_WORD_RUN.finditer(norm):
        s, e = m.start(), m.end()
        if any(norm.startswith(w, e - 1) for w in words):
            e -= 1  # the last 无 starts a label
            if e == s:
                continue
        # The characters next to the run past any spaces ("" at the text's ends), found without
        # copying the text before and after it.
        i = s
        while i > 0 and norm[i - 1] == " ":
            i -= 1
        before = norm[i - 1:i] if i > 0 else ""
        j = e
        while j < len(norm) and norm[j] == " ":
            j += 1
        after = norm[j:j + 1]
        if e - s >= 2 or _NEXT_TO_RUN.match(before) or _NEXT_TO_RUN.match(after):
            out[s:e] = "—" * (e - s)
    return "".join(out)


# A count's unit printed in a table cell ("57个14件1件5个"): it ends the cell as a space would,
# where a cell follows it (a digit or a blank mark, past spaces); not at the end of a sentence's
# figure ("申请85件，"), whose unit the narrative's figures need.
_CELL_UNIT = re.compile(rf"(?<=[0-9])[件个项](?= *[0-9{_MC}])")


def spaced_units(norm: str) -> str:
    """``norm`` with each count unit that ends a table cell among run-together cells written as a
    space (one character for one: offsets are kept)."""
    return _CELL_UNIT.sub(" ", norm) if ("件" in norm or "个" in norm or "项" in norm) else norm


def is_run_together(norm: str, template: TemplateSpec) -> bool:
    """True when the 依申请 table's rows print their labels and digits with nothing between them:
    five rows of a line whose cells ran together, or two such rows in a line holding five rows
    or more (the others' cells apart: counts with their units, "57个14件"), which only the
    run-together reading takes row by row. A line of rows whose every cell stands apart is not."""
    apply = template.table("apply")
    width = len(apply.columns)
    for line in norm.split("\n"):
        if len(line) < _MIN_LINE:
            continue
        together = apart = 0
        for row in apply.rows:
            for key in row.keys:
                if key not in line:
                    continue
                # The label may be named first in a sentence ("上年结转2件"): any place it is
                # followed by the row's digits counts.
                for i in itertools.islice(_find_all(line, key, 0), _MAX_NAMED):
                    m = _AFTER_LABEL.match(line, i + len(key))
                    if m is None:
                        continue
                    digits = sum(ch.isdigit() or ch in _MARKS for ch in m.group(1))
                    parts = len(m.group(1).split())
                    # Fewer parts than cells, and than digits: cells ran together, even where a
                    # blank printed nothing and left fewer digits than cells ("21 10 0 4").
                    if parts < width and (digits >= width or parts < digits):
                        together += 1
                        break
                    if parts == width:
                        apart += 1
                        break
                break
        if together >= 5 or (together >= 2 and together + apart >= 5):
            return True
    return False


def extract(doc: Document, norm: str, template: TemplateSpec) -> tuple[dict[str, Table], list[Finding]] | None:
    """All three tables of a run-together report, or None when the layout is not recognised."""
    tables: dict[str, Table] = {}
    findings: list[Finding] = []
    floor = 0
    switches = width_switches(doc.text)
    first = _apply_rows(norm, template, switches)
    vanishing = first is not None and first[1][3]
    for k, spec in enumerate(template.tables):
        start = _table_start(norm, spec, floor)
        if start is None:
            tables[spec.id] = Table(spec.id, found=False)
            findings.append(catalogued("table.missing", message=f"未找到表格“{spec.title}”"))
            continue
        # The table in the other template's layout (up to where the next table starts): its digits
        # split by this template's columns would be misread, so it is left unread, as by the lines.
        later = (_table_start(norm, t, start + 1) for t in template.tables[k + 1 :])
        foreign = foreign_table(norm, spec, start, min((i for i in later if i is not None), default=len(norm)), template)
        if foreign is not None:
            tables[spec.id] = foreign[0]
            findings.append(foreign[1])
            floor = start + 1
            continue
        if spec.flat:
            table, table_findings, end = _flat_table(doc, norm, spec, start, template, vanishing, switches)
        else:
            # The 依申请 rows read for the blank-cell check serve again when nothing changed since.
            known = first[1] if first is not None and not vanishing and (spec.id, start) == first[0] else None
            table, table_findings, end = _row_table(doc, norm, spec, start, template, vanishing, known, switches)
        tables[spec.id] = table
        findings.extend(table_findings)
        floor = max(end, start + 1)
    return tables, findings


def _table_start(norm: str, spec: TableSpec, floor: int) -> int | None:
    """Where the table starts: of the places its heading or header words occur, the one from which
    the most rows follow closely, each with digits after its label (the latest such place on a tie)."""
    candidates = sorted(
        {i for key in spec.heading_keys for i in _find_all(norm, key, floor)}
        | {i for key in spec.signature_keys for i in _find_all(norm, key, floor)}
    )
    best: tuple[int, int] | None = None
    for i in candidates:
        if spec.flat:
            score = sum(1 for key in spec.signature_keys if key in norm[i : i + 400])
        else:
            score = sum(1 for c in _row_chunks(norm, spec, i)[0] if c.start - c.label_end <= 60)
        if score and (best is None or score >= best[0]):
            best = (score, i)
    return None if best is None else best[1]


def _find_all(norm: str, key: str, floor: int) -> Iterator[int]:
    i = norm.find(key, floor)
    while i >= 0:
        yield i
        i = norm.find(key, i + 1)


# ---------------------------------------------------------------- locating rows


def _row_chunks(norm: str, spec: TableSpec, start: int) -> tuple[list[RowChunk], int]:
    """Each row's label found in template order, and the digits printed after it."""
    found = _labels(norm, spec, start)
    # A column the template lacks at the end of the header ("备注"): a mark or 无 after a row's
    # digits is that column's (the remark "无"), not a blank cell of the row.
    remark = bool(found) and _REMARK in _header(norm, start, found[0][1])
    chunks: list[RowChunk] = []
    for i, (row, _ks, ke) in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        seg_end = nxt[1] if nxt else min(len(norm), ke + 400)
        # Rows between this one and the next found (their labels not matched) may print their
        # own numbers ("5." of a label the page broke) after this row's digits.
        skipped = spec.rows[spec.rows.index(row) + 1 : spec.rows.index(nxt[0]) if nxt else len(spec.rows)]
        chunk = _digits_after(norm, ke, seg_end, nxt[0] if nxt else None, skipped)
        if chunk is not None and remark:
            text = norm[chunk[0] : chunk[1]].rstrip(_MARKS + " ")
            chunk = (chunk[0], chunk[0] + len(text)) if any(c.isdigit() for c in text) else None
        if chunk is not None:
            cut = _continues(norm, chunk[1], seg_end, nxt[0] if nxt else None) or _blank_word_follows(norm, chunk[1], seg_end)
            chunks.append(RowChunk(row, chunk[0], chunk[1], norm[chunk[0] : chunk[1]], ke, cut))
    end = chunks[-1].end if chunks else start
    return chunks, end


_REMARK = "备注"
_HEADER_BACK = 200  # how far before the first row's label the column header is looked for


def _header(norm: str, start: int, first: int) -> str:
    """The words before the table's first row since the last digit (its column header, where the
    table starts at its first row)."""
    window = norm[max(0, start - _HEADER_BACK) : first]
    # A footnote mark ("②" of 法律服务机构②) is no figure: isdecimal, not isdigit.
    last = max((i for i, c in enumerate(window) if c.isdecimal() or c in _MARKS), default=-1)
    return window[last + 1 :]


# What may stand between a row that prints nothing and what follows it: the next block's heading.
_NEXT_BLOCK = re.compile(r"\s*(?:第[一二三四五六七八九十]+条[^\d\n]{0,40}?)?$")
# A group's label between two rows ("（四）无法提供"): no cell of either.
_GROUP_LABEL = re.compile(r"\s*[（(][一二三四五六七八九十]+[）)][^\d\n（(]{0,12}?\s*$")
_NEXT_TABLE = re.compile(r"\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+条)")


def _empty_rows(norm: str, spec: TableSpec, start: int) -> list[tuple[RowSpec, int]]:
    """The rows whose label is followed by nothing at all before the next row's label, the next
    block's heading ("第二十条第（六）项信息内容本年处理决定数量") or, after the last row, the next
    table's heading: every cell printed blank. With where each label ends."""
    found = _labels(norm, spec, start)
    out = []
    for i, (row, _ks, ke) in enumerate(found):
        if i + 1 < len(found):
            between = norm[ke : found[i + 1][1]]
            enum = _ENUM.match(found[i + 1][0].label)
            if enum is not None:  # the next row's own number ("4." of 4.保护第三方合法权益)
                between = re.sub(rf"{enum.group(1)}\s*[.．、]\s*$", "", between)
            between = _GROUP_LABEL.sub("", between)
            if _NEXT_BLOCK.match(between) and not any(c.isdigit() or c in _MARKS for c in between):
                out.append((row, ke))
        elif _NEXT_TABLE.match(norm, ke):
            out.append((row, ke))
    return out


def _labels(norm: str, spec: TableSpec, start: int) -> list[tuple[RowSpec, int, int]]:
    """Each row's label found in template order: the row, where its key starts and ends."""
    pos = start
    found: list[tuple[RowSpec, int, int]] = []  # row, key start, key end
    for k, row in enumerate(spec.rows):
        hit = _find_key(norm, row, pos, pos + (600 if not found else _ROW_GAP))
        if hit is None:
            continue
        # A row not printed (（六）'s three items under a one-line 其他处理) may still match a
        # common word further on ("其他" of the review header): a later row named first means
        # this one is absent, and it must not carry the search past the rows that follow.
        if any(_find_key(norm, later, pos, hit[0]) is not None for later in spec.rows[k + 1 : k + 4]):
            continue
        found.append((row, hit[0], hit[1]))
        pos = hit[1]
    return found


# A blank cell printed as a word right after the run ("规范性文件225无"): a cell of the row the
# run does not hold.
_BLANK_WORD = re.compile(r" *[无空]")


def _blank_word_follows(norm: str, end: int, limit: int) -> bool:
    return _BLANK_WORD.match(norm, end, limit) is not None


_GOES_ON = re.compile(r"[^\d。；;\n]{1,3}(\d+)([.．、]?)")


def _continues(norm: str, end: int, limit: int, nxt: RowSpec | None = None) -> bool:
    """Whether digits follow a run within a few characters (and before ``limit``), other than the
    next label's own number ("2." of 2.重复申请)."""
    m = _GOES_ON.match(norm[end : min(limit, end + 8)])
    if m is None:
        return False
    digits = m.group(1)
    enum = _ENUM.match(nxt.label) if nxt is not None else None
    if m.group(2) and enum is not None and digits.endswith(enum.group(1)):
        digits = digits[: -len(enum.group(1))]
    return bool(digits)


def _find_key(norm: str, row: RowSpec, pos: int, limit: int) -> tuple[int, int] | None:
    """Where the row's label is first named between ``pos`` and ``limit``: not inside a bracket
    ("（区分处理的，只计这一情形，不计其他情形）" names no row 其他)."""
    best: tuple[int, int] | None = None
    for key in sorted(row.keys, key=len, reverse=True):
        i = norm.find(key, pos, limit)
        while i >= 0 and _in_brackets(norm, i):
            i = norm.find(key, i + 1, limit)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, i + len(key))
    if best is None:
        # A line break inside the label cell ("<br>") left a space in the page's text
        # ("5.属于三类内部事 务信息"): the key with a space allowed between its characters.
        for key in row.keys:
            for m in _spaced_key(key).finditer(norm, pos, limit):
                if not _in_brackets(norm, m.start()):
                    if best is None or m.start() < best[0]:
                        best = (m.start(), m.end())
                    break
    return best


@functools.lru_cache(maxsize=512)
def _spaced_key(key: str) -> re.Pattern[str]:
    """``key`` with at most one space between any two of its characters."""
    return re.compile(" ?".join(map(re.escape, key)))


_BRACKET_BACK = 60  # how far back an open bracket is looked for


def _in_brackets(norm: str, i: int) -> bool:
    """Whether ``norm[i]`` stands inside an open bracket that closes after it (a note within a label)."""
    before = norm[max(0, i - _BRACKET_BACK) : i]
    opened = max(before.rfind("("), before.rfind("（"))
    if opened < 0 or max(before.rfind(")"), before.rfind("）")) > opened:
        return False
    after = norm[i : i + _BRACKET_BACK]
    close = min((j for j in (after.find(")"), after.find("）")) if j >= 0), default=-1)
    if close < 0:
        return False
    opens = min((j for j in (after.find("("), after.find("（")) if j >= 0), default=len(after))
    return close < opens and not any(c.isdigit() for c in after[:close])


def _digits_after(
    norm: str, at: int, seg_end: int, nxt: RowSpec | None, skipped: Sequence[RowSpec] = ()
) -> tuple[int, int] | None:
    """The first run of digits after a label, less the next label's own number ("2." of 2.重复申请),
    or the number of a row between them whose label was not found, where "." and a word follow it."""
    for m in _NUMRUN.finditer(norm, at, seg_end):
        s, e = m.start(), m.end()
        if _NOT_THIS_ROW.search(norm, at, s):
            return None  # a heading or a sentence first: the row printed nothing (a blank cell)
        text = norm[s:e].rstrip(" ,")
        e = s + len(text)
        enum = _ENUM.match(nxt.label) if nxt is not None else None
        after = e + len(norm[e : e + 3]) - len(norm[e : e + 3].lstrip(" "))  # "2. 其他…": a space may follow
        follows_cjk = after < len(norm) and _CJK.match(norm[after : after + 1]) is not None
        if text.endswith(".") and follows_cjk:
            numbers = [m.group(1) for m in (_ENUM.match(r.label) for r in (*([nxt] if nxt else []), *skipped)) if m]
            own = next((n for n in numbers if text.endswith(n + ".")), None)
            e -= len(own) + 1 if own else 1
        elif enum and follows_cjk is False and norm[e : e + 1] in ".．、" and text.endswith(enum.group(1)):
            e -= len(enum.group(1))
        text = norm[s:e].rstrip(" ")
        if not any(c.isdigit() or c in _MARKS for c in text):
            continue
        return s, s + len(text)
    return None


# ---------------------------------------------------------------- enumerating readings


def _tokens(text: str, base: int) -> list[tuple[str, int]]:
    """Space-separated parts (a space is a certain boundary), with their offsets."""
    return [(m.group(), base + m.start()) for m in _TOKEN.finditer(text)]


def _splits(part: str, kinds: Sequence[Kind]) -> Iterator[list[str]]:
    """Every way to cut ``part`` into numbers of the given kinds, in order, using every character.

    Depth first, in the order of ``_number_prefixes``; a cut is followed only where the rest of the
    part can still be cut into the remaining kinds (worked out once per place), so every step taken
    leads to a split and a row of fifteen columns costs what its splits cost, not what its dead ends do.
    """
    n = len(kinds)
    if not n:
        if not part:
            yield []
        return

    @functools.cache
    def onward(pos: int, i: int) -> tuple[str, ...]:
        """The numbers of kind ``i`` at ``pos`` after which the rest can be cut."""
        if len(part) - pos < n - i:
            return ()  # each number takes a character at least
        out = []
        for m in _number_prefixes(part[pos:], kinds[i]):
            end = pos + len(m)
            if (end == len(part)) if i + 1 == n else bool(onward(end, i + 1)):
                out.append(m)
        return tuple(out)

    path: list[str] = []
    ends = [0]
    stack = [iter(onward(0, 0))]
    while stack:
        m = next(stack[-1], None)
        if m is None:
            stack.pop()
            if path:
                path.pop()
                ends.pop()
            continue
        if len(path) + 1 == n:
            yield [*path, m]
            continue
        path.append(m)
        ends.append(ends[-1] + len(m))
        stack.append(iter(onward(ends[-1], len(path))))


_AMOUNT_TAIL = re.compile(r"(?P<frac>\.\d+)?(?P<unit> ?(?:万元|亿元|元|万))?")


def _number_prefixes(part: str, kind: Kind) -> Iterator[str]:
    """The texts one number of ``kind`` can take at the start of ``part``."""
    sign, body = "", part
    m = _SIGN.match(body)
    if m is not None:
        if kind is not Kind.SIGNED:
            return
        sign, body = m.group(), body[m.end() :]
    lead = len(body) - len(body.lstrip("0123456789"))
    if lead == 0:
        return
    ends = [1] if body[0] == "0" else list(range(1, lead + 1))
    for e in ends:
        if kind is Kind.AMOUNT and e == lead:
            yield from _amount_ends(sign, body, e)
        yield sign + body[:e]
    # A thousands separator ("1,923"): one to three digits before it, three after each.
    if 0 < lead <= 3 and body[0] != "0":
        k = lead
        while _THOUSANDS.match(body, k):
            k += 4
            if kind is Kind.AMOUNT:
                yield from _amount_ends(sign, body, k)
            yield sign + body[:k]


def _amount_ends(sign: str, body: str, at: int) -> Iterator[str]:
    """An amount whose digits end at ``at`` going on with its decimals and its unit: cut inside
    the decimals too, and after the unit."""
    m = _AMOUNT_TAIL.match(body, at)
    if m is not None and m.end() > at:
        frac = m.group("frac") or ""
        for k in range(2, len(frac) + 1):
            yield sign + body[: at + k]
        if m.group("unit"):
            yield sign + body[: m.end()]


_THOUSANDS = re.compile(r",\d{3}")


def _readings(chunk: RowChunk, kinds: Sequence[Kind], limit: int = _MAX_SPLITS) -> list[Reading]:
    return _listed(chunk, kinds, limit, _placed)


Texts = tuple[str, ...]  # a reading as its numbers' texts only: ``_pieces`` places them


def _reading_texts(chunk: RowChunk, kinds: Sequence[Kind], limit: int = _MAX_SPLITS) -> list[Texts]:
    """``_readings`` as texts: cheap to list where a one-line table has tens of thousands."""
    return _listed(chunk, kinds, limit, _unplaced)


def _placed(split: Sequence[str], off: int) -> Reading:
    pieces, pos = [], off
    for s in split:
        end = pos + len(s)
        pieces.append(Piece(s, pos, end))
        pos = end
    return tuple(pieces)


def _unplaced(split: Sequence[str], off: int) -> Texts:
    return tuple(split)


def _pieces(toks: Sequence[tuple[str, int]], texts: Texts) -> Reading:
    """The reading whose numbers are ``texts``: they cover the parts in order, each part whole."""
    pieces = []
    t = 0
    pos = toks[0][1] if toks else 0
    stop = pos + len(toks[0][0]) if toks else 0
    for s in texts:
        if pos == stop:
            t += 1
            pos = toks[t][1]
            stop = pos + len(toks[t][0])
        end = pos + len(s)
        pieces.append(Piece(s, pos, end))
        pos = end
    return tuple(pieces)


_P = TypeVar("_P")


def _listed(
    chunk: RowChunk, kinds: Sequence[Kind], limit: int, place: Callable[[Sequence[str], int], tuple[_P, ...]]
) -> list[tuple[_P, ...]]:
    """The row's readings, each number made by ``place`` from its part's split and the part's offset."""
    toks = _tokens(chunk.text, chunk.start)
    digits = sum(ch.isdigit() for ch in chunk.text)
    if digits > _MAX_DIGITS or not toks:
        return []
    out: list[tuple[_P, ...]] = []
    if len(toks) == 1 and toks[0][0][0] not in _MARKS:
        # One run: its splits are the readings, taken as they come (no more than ``limit``).
        text, off = toks[0]
        for split in _splits(text, kinds):
            out.append(place(split, off))
            if len(out) > limit:
                break
        return out
    # Distribute the columns over the space-separated parts, then split each part. A part's splits
    # are the same whenever it gets the same columns (worked out once), and no more than ``limit`` + 1
    # of them can appear among the first ``limit`` + 1 combinations (kept no more).
    n = len(kinds)
    split_memo: dict[tuple[int, int, int], list[tuple[_P, ...]]] = {}
    for counts in _compositions(n, len(toks), [len(t[0]) for t in toks]):
        per_part: list[list[tuple[_P, ...]]] = []
        k = 0
        ok = True
        for t, ((text, off), c) in enumerate(zip(toks, counts, strict=True)):
            options: list[tuple[_P, ...]] = []
            if text[0] in _MARKS:
                # Marks are blank cells: the run is one cell, or one cell a mark.
                if c == 1:
                    options.append(place([text], off))
                elif c == len(text):
                    options.append(place(list(text), off))
                if not options:
                    ok = False
                    break
                per_part.append(options)
                k += c
                continue
            if (t, k, c) not in split_memo:
                splits = itertools.islice(_splits(text, kinds[k : k + c]), limit + 1)
                split_memo[t, k, c] = [place(split, off) for split in splits]
            options = split_memo[t, k, c]
            if not options:
                ok = False
                break
            per_part.append(options)
            k += c
        if not ok:
            continue
        for combo in itertools.product(*per_part):
            out.append(tuple(itertools.chain.from_iterable(combo)))
            if len(out) > limit:
                return out  # cut short: the caller counts it as not every split tried
    return out


def _blank_readings(
    chunk: RowChunk, kinds: Sequence[Kind], most: int = 2, limit: int = _MAX_BLANK_READINGS
) -> list[Reading]:
    """Readings of the row with one or two of its cells printed as nothing (an empty piece)."""
    n = len(kinds)
    out: list[Reading] = []
    for k in range(1, min(most, n - 1) + 1):
        for blanks in itertools.combinations(range(n), k):
            rest = [kind for j, kind in enumerate(kinds) if j not in blanks]
            for reading in _readings(chunk, rest, limit):
                out.append(_with_blanks(reading, blanks, chunk.start))
                if len(out) > limit:
                    return out  # cut short: the caller treats the row as unsettled
    return out


def _with_blanks(reading: Reading, blanks: Sequence[int], start: int) -> Reading:
    pieces = list(reading)
    for j in blanks:
        at = pieces[j - 1].end if j else start
        pieces.insert(j, Piece("", at, at))
    return tuple(pieces)


def _with_blank_texts(texts: Texts, blanks: Sequence[int]) -> Texts:
    """``_with_blanks`` for a reading given as texts."""
    out = list(texts)
    for j in blanks:
        out.insert(j, "")
    return tuple(out)


def _summed_row(
    chunk: RowChunk, kinds: Sequence[Kind], own: Sequence[Relation], order: Sequence[str]
) -> Callable[[int], list[Reading]] | None:
    """For a row printed as runs of count digits whose only relation is "the cells before the
    last add up to it": the readings that add up with ``k`` cells printed as nothing, found by
    cutting the digits with the running sum as a bound (no split that overshoots is followed).
    A space between runs is a boundary no cell crosses ("1602 5124077 1541632548")."""
    toks = _tokens(chunk.text, chunk.start)
    if not toks or any(k is not Kind.COUNT for k in kinds) or len(own) != 1:
        return None
    if not all(t.isdigit() for t, _ in toks):
        return None
    rel = own[0]
    if list(rel.totals) != [order[-1]] or sorted(rel.parts) != sorted(order[:-1]):
        return None
    runs = [t for t, _ in toks]
    head, last = runs[:-1], runs[-1]
    n = len(kinds)

    def readings(k: int) -> list[Reading]:
        out: list[Reading] = []
        for blanks in itertools.combinations(range(n), k) if k else [()]:
            parts = sum(1 for j in range(n - 1) if j not in blanks)
            if n - 1 in blanks:  # the total printed as nothing: every part a 0
                if "".join(runs) == "0" * parts:
                    out.append(_with_blanks(_pieces(toks, ("0",) * parts), blanks, chunk.start))
                continue
            for cut in range(len(last)):
                total = last[cut:]
                if total[0] == "0" and len(total) > 1:
                    continue
                before = [*head, last[:cut]] if cut else head
                for split in _sum_splits(before, parts, int(total)):
                    out.append(_with_blanks(_pieces(toks, (*split, total)), blanks, chunk.start))
                    if len(out) > _MAX_READINGS:
                        return out
        return out

    return readings


def _sum_splits(runs: Sequence[str], k: int, target: int) -> Iterator[list[str]]:
    """Every cut of the ``runs`` of digits into ``k`` counts (no leading zeros, none crossing from
    one run into the next) adding up to ``target``."""
    if not runs:
        if k == 0 and target == 0:
            yield []
        return
    if k < len(runs) or sum(len(r) for r in runs) < k:
        return
    first = runs[0]
    longest = 1 if first[0] == "0" else len(first)
    for e in range(1, longest + 1):
        value = int(first[:e])
        if value > target:
            break
        rest = [first[e:], *runs[1:]] if e < len(first) else runs[1:]
        for more in _sum_splits(rest, k - 1, target - value):
            yield [first[:e], *more]


def _compositions(n: int, parts: int, lengths: list[int]) -> Iterator[tuple[int, ...]]:
    """Ways to give ``n`` columns to ``parts`` space-separated parts, each at least one, at most its length."""
    if parts == 0:
        if n == 0:
            yield ()
        return
    for c in range(1, min(lengths[0], n - parts + 1) + 1):
        for rest in _compositions(n - c, parts - 1, lengths[1:]):
            yield (c, *rest)


def _value(piece: Piece, kind: Kind) -> Number | None:
    return parse_value(piece.text, kind).value


# ---------------------------------------------------------------- choosing readings


def _row_relations(relations: list[Relation], row_cells: set[str]) -> list[Relation]:
    return [r for r in relations if set(r.parts + r.totals) <= row_cells]


@dataclass(slots=True)
class RowOptions:
    chunk: RowChunk
    cols: tuple[str, ...]
    kinds: tuple[Kind, ...]
    readings: list[Reading]
    fits: bool  # the readings satisfy the row's own relations (False: none did, all are kept)
    prior: list[float]
    complete: bool = True  # every reading was tried (False: a cell without rival is still unsure)
    misprint: bool = False  # no split of the row adds up: a reading, if right, shows a misprinted cell
    every: bool = False  # the readings hold every one that adds up, however many cells print nothing


def _row_table(
    doc: Document,
    norm: str,
    spec: TableSpec,
    start: int,
    template: TemplateSpec,
    vanishing: bool = False,
    known: _Rows | None = None,
    switches: frozenset[int] = frozenset(),
) -> tuple[Table, list[Finding], int]:
    """``vanishing``: the page is known to print a blank cell as nothing (see ``_rows``);
    ``known``: the table's rows already read that way; ``switches``: see ``width_switches``."""
    table = Table(spec.id, source=Source(start, start))
    findings: list[Finding] = []
    rows, relations, end, vanishing = known or _rows(norm, spec, start, template, vanishing, switches)
    # A relation some of whose cells were not printed (rows not found) is no sum of what was read:
    # taken as one, it would count the missing rows as 0 and choose a split by it.
    # Cells of rows whose label stands with nothing after it are printed blank (see below).
    empty = {row.id for row, _ in _empty_rows(norm, spec, start)}
    relations = [r for r in relations if all(c.split("/")[1] in empty for c in r.unread)]
    table.source = Source(start, max(end, start))
    options: list[RowOptions] = []
    quoted = quoted_numbers(norm, spec.rows)
    for r in rows:
        if r.kept is None:
            findings.append(_unreadable(spec, r.chunk, len(r.cols)))
            continue
        kept, fits = r.kept, r.fits
        blanks = r.blanks if r.own else _blank_readings(r.chunk, r.kinds, limit=_MAX_READINGS) if vanishing else []
        complete = r.complete and len(blanks) <= (_MAX_BLANK_READINGS if r.own else _MAX_READINGS)
        if vanishing and r.fitting and r.blank_fitting:
            # A split that adds up, and another that adds up with a cell printed as nothing.
            kept = kept + r.blank_fitting[:_MAX_READINGS]
            fits = False
        elif vanishing and blanks and (not r.fitting or not r.own):
            # No split adds up (or no relation can tell): with blanks printed as nothing, a reading
            # that leaves a cell blank is as good as any, so the row stays uncertain.
            kept = kept + (r.blank_fitting or blanks)[:_MAX_READINGS]
            fits = False
        priors = [prior(r.chunk.row, r.cols, r.kinds, x, quoted) for x in kept]
        misprint = r.misprint[0] and (r.misprint[1] or not vanishing)
        options.append(RowOptions(r.chunk, r.cols, r.kinds, kept, fits and complete, priors, complete, misprint, r.every))
    survivors = _Survivors()
    choice = _choose(spec, options, relations, survivors)
    choice = _one_misprint(spec, options, relations, choice, vanishing, quoted)
    choice = _stated(norm, spec, options, relations, choice, (start, max(end, start)))
    agreed = _agreed(spec, options, relations, choice, survivors, vanishing)
    choice = _slip_rivals(spec, options, relations, choice, agreed, vanishing, quoted)
    for opt, (idx, certain) in zip(options, choice, strict=True):
        reading = opt.readings[idx]
        alts_by_col: list[set[Number | None]] = [set() for _ in opt.cols]
        alive = agreed.get(id(opt))
        if alive is not None:
            idx = idx if idx in alive else min(alive)
            reading = opt.readings[idx]
        if not certain:
            for k, other in enumerate(opt.readings):
                if alive is not None and k not in alive:
                    continue
                for j, p in enumerate(other):
                    alts_by_col[j].add(_value(p, opt.kinds[j]))
        spaced = len(_tokens(opt.chunk.text, opt.chunk.start)) == len(opt.cols)
        for j, (col, kind, piece) in enumerate(zip(opt.cols, opt.kinds, reading, strict=True)):
            parsed = parse_value(piece.text, kind)
            mine = parsed.value
            alts = tuple(sorted((a for a in alts_by_col[j] if a != mine), key=lambda v: (v is None, v or 0)))
            status = "printed" if spaced and certain else ("decoded" if certain or not alts else "uncertain")
            if not opt.complete:
                status = "uncertain"
            table.cells[(opt.chunk.row.id, col)] = Cell(
                spec.id,
                opt.chunk.row.id,
                col,
                mine,
                doc.text[piece.start : piece.end],
                Source(piece.start, piece.end),
                blank=parsed.blank,
                invalid=parsed.invalid,
                reading=status,
                alternatives=alts if status == "uncertain" else (),
            )
        if not certain and any(alts_by_col[j] - {_value(reading[j], opt.kinds[j])} for j in range(len(opt.cols))):
            findings.append(_uncertain(spec, opt, reading))
        elif not opt.complete and opt.chunk.cut:
            findings.append(_cut_short(spec, opt))
    for row, at in _empty_rows(norm, spec, start):
        cols = [c.id for c in spec.row_columns(row)]
        if any((row.id, c) in table.cells for c in cols):
            continue  # read otherwise
        for col in cols:
            table.cells[(row.id, col)] = Cell(spec.id, row.id, col, None, "", Source(at, at), blank=True, reading="decoded")
    return table, findings, end


@dataclass(slots=True)
class _Row:
    """One row's readings: all splits, those its own relations accept, and with cells printed as nothing."""

    chunk: RowChunk
    cols: tuple[str, ...]
    kinds: tuple[Kind, ...]
    own: list[Relation]
    kept: list[Reading] | None  # None: no split at all
    fits: bool
    fitting: list[Reading]
    blanks: list[Reading]
    blank_fitting: list[Reading]
    complete: bool = True  # every split was tried
    # No split at all adds up in the row (every split was tried); with cells printed as nothing
    # too (every such reading was tried).
    misprint: tuple[bool, bool] = (False, False)
    every: bool = False  # the readings hold every one that adds up, however many cells print nothing


# A table's rows, its relations, where it ends, and whether blank cells print as nothing.
_Rows = tuple[list[_Row], list[Relation], int, bool]


def _rows(
    norm: str, spec: TableSpec, start: int, template: TemplateSpec, vanishing: bool, switches: frozenset[int] = frozenset()
) -> _Rows:
    """The table's rows with their readings, and whether the page prints blank cells as nothing:
    a row that adds up only with a cell left out (or has too few digits for its cells) says so.
    Of the readings that add up, those that end a cell at every change of digit width
    (``switches``) are kept where there are any."""
    chunks, end = _row_chunks(norm, spec, start)
    present = {c.row.id for c in chunks}
    relations = [r for r in relations_for(template, present) if (r.parts + r.totals)[0].startswith(spec.id + "/")]
    out: list[_Row] = []
    for chunk in chunks:
        columns = spec.row_columns(chunk.row)
        cols = tuple(c.id for c in columns)
        kinds = tuple(c.kind for c in columns)
        ids = {cell_id(spec.id, chunk.row.id, c) for c in cols}
        own = _row_relations(relations, ids)

        order = [cell_id(spec.id, chunk.row.id, c) for c in cols]
        fit = _fitter(own, order, kinds)
        summed = _summed_row(chunk, kinds, own, order)
        if summed is not None:
            # One run of digits whose row adds up to its last cell: only the splits that add up
            # are worked out; the others are needed only as rivals when none does.
            fitting = summed(0)
            readings = fitting or _readings(chunk, kinds, _MAX_READINGS)
            truncated = len(readings) > _MAX_READINGS
        else:
            readings = _readings(chunk, kinds)
            truncated = len(readings) > _MAX_SPLITS
            fitting = [r for r in readings if fit(r)]
        # Every split that adds up was found (the summed cut is bounded, not cut short).
        exhaustive = len(fitting) <= _MAX_READINGS if summed is not None else not truncated
        whole = True  # the same for the readings with cells printed as nothing
        every = False  # the readings hold every one that adds up, with any number of cells printed as nothing
        blanks: list[Reading] = []
        blank_fitting: list[Reading] = []
        if not fitting or (vanishing and own):
            if summed is not None:
                once, twice = summed(1), summed(2)
                blank_fitting = once + twice
                whole = whole and max(len(once), len(twice)) <= _MAX_READINGS
                blanks = blank_fitting or _blank_readings(chunk, kinds, limit=_MAX_READINGS)
            else:
                blanks = _blank_readings(chunk, kinds)
                blank_fitting = [r for r in blanks if fit(r)] if own else []
                whole = len(blanks) <= _MAX_BLANK_READINGS
            if summed is not None and not readings and not blanks and not chunk.cut:
                # Too few digits for all but two cells ("22" for seven): more cells printed as
                # nothing. Every reading that adds up, with however many, is listed where few do.
                more = [x for k in range(3, len(kinds)) for x in summed(k)]
                if 0 < len(more) <= _MAX_READINGS:
                    blanks = blank_fitting = more
                    every = True
            if blank_fitting or (not readings and blanks):
                vanishing = True
        if own:  # the widths choose only among readings the arithmetic leaves, never alone
            fitting, blank_fitting = _cut_at(fitting, blank_fitting, switches, chunk)
        kept = (fitting or readings)[:_MAX_READINGS] or None
        if kept is None and blanks:
            kept = (blank_fitting or blanks)[:_MAX_READINGS]
        # Not every split was tried: the ones that add up may not be the only ones.
        fits = (bool(fitting) or not own) and not truncated
        # A page that prints blanks as nothing needs the readings with blanks tried as well.
        misprint = (bool(own) and not fitting and not blank_fitting and exhaustive and not chunk.cut, whole)
        out.append(
            _Row(
                chunk, cols, kinds, own, kept, fits if readings else False, fitting, blanks, blank_fitting,
                not truncated and not chunk.cut, misprint, every,
            )
        )
    return out, relations, end, vanishing


def _apply_rows(
    norm: str, template: TemplateSpec, switches: frozenset[int] = frozenset()
) -> tuple[tuple[str, int], _Rows] | None:
    """The 依申请 table's rows (with where it starts): whether they show that a blank cell prints
    nothing once the cells run together is the last item."""
    spec = template.table("apply")
    start = _table_start(norm, spec, 0)
    return None if start is None else ((spec.id, start), _rows(norm, spec, start, template, False, switches))


def width_switches(text: str) -> frozenset[int]:
    """Offsets where a run of digits changes from full-width to half-width digits or back
    ("１６４２4714472162１４２": "１６４２ | 4714472162 | １４２"): a cell prints its number in one
    width, so a cell of the row ends there."""
    out: set[int] = set()
    for m in _DIGIT_RUN.finditer(text):
        run, base = m.group(), m.start()
        for i in range(1, len(run)):
            if (run[i - 1] in FULL_WIDTH_DIGITS) != (run[i] in FULL_WIDTH_DIGITS):
                out.add(base + i)
    return frozenset(out)


_DIGIT_RUN = re.compile(r"[0-9０-９]{2,}")


def _cut_at(
    fitting: list[Reading], blank_fitting: list[Reading], switches: frozenset[int], chunk: RowChunk
) -> tuple[list[Reading], list[Reading]]:
    """Of the readings that add up (without and with cells printed as nothing), those that end a
    cell at each of ``switches`` in the row's digits, where any does; the widths tell nothing
    where none does. A reading with blanks is set aside as well where one without them cuts there."""
    inside = [i for i in switches if chunk.start < i < chunk.end]
    if not inside:
        return fitting, blank_fitting

    def cuts(reading: Reading) -> bool:
        return all(any(p.start == i and p.text for p in reading) for i in inside)

    plain = [r for r in fitting if cuts(r)]
    blank = [r for r in blank_fitting if cuts(r)]
    if plain:
        return plain, blank
    return fitting, blank or blank_fitting


def _values(table: str, row: str, cols: Sequence[str], kinds: Sequence[Kind], reading: Reading) -> dict[str, Number | None]:
    """The reading's values for the relations, a cell printed as nothing counting as 0 (as a blank does)."""
    return {cell_id(table, row, c): _text_value(p.text, k) for c, k, p in zip(cols, kinds, reading, strict=True)}


@functools.lru_cache(maxsize=4096)
def _text_value(text: str, kind: Kind) -> Number | None:
    parsed = parse_value(text, kind)
    return 0 if parsed.blank else parsed.value


def _texts(reading: Reading, kinds: Sequence[Kind]) -> list[Number | None]:
    return [_text_value(p.text, k) for p, k in zip(reading, kinds, strict=True)]


def _fitter(relations: Sequence[Relation], ids: Sequence[str], kinds: Sequence[Kind]) -> Callable[[Reading], bool]:
    """Whether a reading of these cells satisfies every one of ``relations`` (all within the cells)."""
    holds_all = _values_fitter(relations, ids)
    return lambda reading: holds_all(_texts(reading, kinds))


def _text_fitter(relations: Sequence[Relation], ids: Sequence[str], kinds: Sequence[Kind]) -> Callable[[Texts], bool]:
    """``_fitter`` for a reading given as texts."""
    holds_all = _values_fitter(relations, ids)
    return lambda texts: holds_all([_text_value(t, k) for t, k in zip(texts, kinds, strict=True)])


def _values_fitter(relations: Sequence[Relation], ids: Sequence[str]) -> Callable[[Sequence[Number | None]], bool]:
    at = {cid: i for i, cid in enumerate(ids)}
    sides = [([at[c] for c in rel.parts], [at[c] for c in rel.totals]) for rel in relations]

    def fit(values: Sequence[Number | None]) -> bool:
        for parts, totals in sides:
            a: Number = 0
            b: Number = 0
            for i in parts:
                v = values[i]
                if v is None:
                    return False
                a += v
            for i in totals:
                v = values[i]
                if v is None:
                    return False
                b += v
            if abs(a - b) >= 1e-6:
                return False
        return True

    return fit


def _choose(
    spec: TableSpec, options: list[RowOptions], relations: list[Relation], survivors: _Survivors | None = None
) -> list[tuple[int, bool]]:
    """For each row, the reading chosen and whether it is certain.

    Rows with one reading are settled. Rows that relations link are chosen together so that as
    many relations hold as possible; a tie the relations cannot break leaves them uncertain.
    Rows no relation reads are ranked by the priors alone and are never certain: the size and
    order priors pick the reading shown, but they rank wrong splits first often enough ("109193"
    read 10 / 91 / 93 for 10 / 9 / 193, "647+2700" read 647 / +2 / 700 for 647 / +270 / 0), and
    the narrative's figures are no better a witness (they count other things, or disagree with
    the table), so the cells say they are unsure.
    """
    related = {c for r in relations for c in r.parts + r.totals}
    settled: dict[str, Number | None] = {}
    result: list[tuple[int, bool]] = [(0, o.fits) for o in options]
    linked: list[int] = []
    for i, o in enumerate(options):
        if len(o.readings) == 1:
            settled.update(_values(spec.id, o.chunk.row.id, o.cols, o.kinds, o.readings[0]))
        elif _ids(spec, o) & related:
            linked.append(i)
        else:
            result[i] = (max(range(len(o.readings)), key=lambda j: o.prior[j]), False)
    if not linked:
        return result
    sizes = [len(options[i].readings) for i in linked]
    if math.prod(sizes) > 2000:
        # More than a few thousand to list: the rows are chosen together by a bounded search over
        # partial sums (as many read, in a fraction of the time: 0.84 s -> 0.57 s on the worst page).
        joint = _joint(spec, options, linked, settled, relations)
        for i in linked:
            o = options[i]
            alive = joint[i] if joint is not None and i in joint else range(len(o.readings))
            best = max(alive, key=lambda j: o.prior[j])
            result[i] = (best, o.fits and joint is not None and len(joint.get(i, ())) == 1)
            if survivors is not None and joint is not None and i in joint:
                survivors.alive[i] = set(joint[i])
        return result
    scored: list[tuple[int, float, tuple[int, ...]]] = []
    for combo in itertools.product(*(range(s) for s in sizes)):
        values = dict(settled)
        for i, k in zip(linked, combo, strict=True):
            o = options[i]
            values.update(_values(spec.id, o.chunk.row.id, o.cols, o.kinds, o.readings[k]))
        held = sum(1 for r in relations if holds(r, values))
        prior = sum(options[i].prior[k] for i, k in zip(linked, combo, strict=True))
        scored.append((held, prior, combo))
    scored.sort(key=lambda t: (-t[0], -t[1]))
    top = scored[0]
    rivals = [t for t in scored[1:] if t[0] == top[0]]
    # The relations the best choices break, of those every cell of which is read.
    values = dict(settled)
    for i, k in zip(linked, top[2], strict=True):
        o = options[i]
        values.update(_values(spec.id, o.chunk.row.id, o.cols, o.kinds, o.readings[k]))
    broken = sum(1 for r in relations if all(c in values for c in r.parts + r.totals) and not holds(r, values))
    for pos, i in enumerate(linked):
        k = top[2][pos]
        result[i] = (k, options[i].fits and all(t[2][pos] == k for t in rivals))
        if survivors is not None and broken <= _MOST_BROKEN:
            survivors.alive[i] = {k} | {t[2][pos] for t in rivals}
    return result


@dataclass(slots=True)
class _Survivors:
    """What choosing the rows together left: each row's readings (by row index)."""

    alive: dict[int, set[int]] = field(default_factory=dict)


def _agreed(
    spec: TableSpec,
    options: list[RowOptions],
    relations: list[Relation],
    choice: list[tuple[int, bool]],
    survivors: _Survivors,
    vanishing: bool,
) -> dict[int, set[int]]:
    """The readings the relations across rows leave of each row chosen together (by ``id`` of its
    options), where they may rule the others out: every row of the search holds every reading its
    digits allow (all splits tried; where the page prints blank cells as nothing, no reading with
    more cells printed as nothing than were tried adds up) and some reading of it adds up. A cell
    on which the readings left agree is then read; the others keep those readings' values as
    alternatives. Where a row of the search may lack its true reading, none is narrowed; so too
    where a row's readings add up only in part (with cells printed as nothing, "117004121" adds up
    as 空 / 空 / 117 / 0 / 0 / 4 / 121): the search keeps a row's readings that add up, and the
    row's true reading may be one that does not, the report's slip (seen on a generated page with a
    slip in that row: other rows' readings made up for it in every column)."""
    out: dict[int, set[int]] = {}
    for i, alive in survivors.alive.items():
        o = options[i]
        if not alive or not o.complete or len(o.readings) >= _MAX_READINGS:
            return {}
        if not _all_fit(spec, o, relations):
            return {}
        if vanishing and not o.every and _more_blanks_fit(spec, o, relations) is not False:
            return {}
        if not choice[i][1] and len(alive) < len(o.readings):
            out[id(o)] = alive
    return out


def _joint(
    spec: TableSpec, options: list[RowOptions], linked: list[int], settled: dict[str, Number | None], relations: list[Relation]
) -> dict[int, list[int]] | None:
    """The readings of each linked row that take part in some choice of one reading per row
    breaking the fewest relations (``jointrows.surviving``: bounded; None past the bounds, or
    where more than a report's own slips would be broken). A row none of whose splits adds up
    (a slip of the report's, or a cell cut off) takes no part: the relations through it could
    be made to hold by a wrong split of it and of the others, hiding the slip; it is left to
    ``_one_misprint``, and those relations choose nothing."""
    rows: list[jointrows.Row] = []
    index: list[dict[int, int]] = []
    linked = [i for i in linked if options[i].complete and _some_fit(spec, options[i], relations)]
    for i in linked:
        o = options[i]
        ids = tuple(_order(spec, o))
        opts = []
        for reading in o.readings:
            values = _values(spec.id, o.chunk.row.id, o.cols, o.kinds, reading)
            opts.append({cid: Cell(spec.id, o.chunk.row.id, col, values[cid], p.text)
                         for cid, col, p in zip(ids, o.cols, reading, strict=True)})
        rows.append(jointrows.Row(ids, tuple(opts)))
        index.append({id(opt): k for k, opt in enumerate(opts)})
    fixed = {cid: float(v) for cid, v in settled.items() if v is not None}
    if any(v is None for v in settled.values()):
        return None
    got = jointrows.surviving(fixed, rows, relations)
    if got is None:
        return None
    out: dict[int, list[int]] = {}
    for i, alive, at in zip(linked, got, index, strict=True):
        ks = sorted({at[id(opt)] for opt in alive})
        if not ks:
            return None
        out[i] = ks
    return out


def _all_fit(spec: TableSpec, o: RowOptions, relations: Sequence[Relation]) -> bool:
    """Whether every reading of the row satisfies the relations within it."""
    order = _order(spec, o)
    fit = _fitter(_row_relations(list(relations), set(order)), order, o.kinds)
    return all(fit(r) for r in o.readings)


def _some_fit(spec: TableSpec, o: RowOptions, relations: Sequence[Relation]) -> bool:
    """Whether some reading of the row satisfies the relations within it."""
    order = _order(spec, o)
    fit = _fitter(_row_relations(list(relations), set(order)), order, o.kinds)
    return any(fit(r) for r in o.readings)


def _one_misprint(
    spec: TableSpec,
    options: list[RowOptions],
    relations: list[Relation],
    choice: list[tuple[int, bool]],
    vanishing: bool,
    quoted: Quoted,
) -> list[tuple[int, bool]]:
    """The rows read with certainty although a relation breaks, when one misprinted cell explains it.

    A row none of whose splits adds up holds a misprint if any reading is right (or the page has
    several). Taking it to be one printed cell, every other row must add up, and every other cell
    of that row must agree with the relations through it: the row's splits are cut to the values
    the other rows imply, all but one cell. Where exactly one reading of the table (over every
    split of that row, with or without cells printed as nothing, and every split of the others that
    adds up) leaves broken only relations that changing one cell mends, it is the reading, and the
    broken relations are the report's. Two such readings, or more than one misprinted row, and
    nothing changes: the rows stay as ``_choose`` left them.
    """
    if all(certain for _, certain in choice):
        return choice
    misprinted = [i for i, o in enumerate(options) if o.misprint]
    if len(misprinted) != 1:
        return choice
    x = misprinted[0]
    if vanishing and any(_more_blanks_fit(spec, o, relations) is not False for o in options):
        return choice  # a reading with three cells or more printed as nothing may add up: not all were tried
    others: list[tuple[int, list[int]]] = []  # row, its readings that add up
    for i, o in enumerate(options):
        if i == x:
            continue
        if not o.complete or len(o.readings) >= _MAX_READINGS:
            return choice  # not every split of that row is known
        order = [cell_id(spec.id, o.chunk.row.id, c) for c in o.cols]
        fit = _fitter(_row_relations(relations, set(order)), order, o.kinds)
        fitting = [k for k, r in enumerate(o.readings) if fit(r)]
        if not fitting:
            return choice  # a second row that does not add up: more than one misprint
        others.append((i, fitting))
    xo = options[x]
    x_ids = [cell_id(spec.id, xo.chunk.row.id, c) for c in xo.cols]
    through = [[r for r in relations if cid in r.parts + r.totals and not set(r.parts + r.totals) & (set(x_ids) - {cid})]
               for cid in x_ids]
    if not all(through):
        return choice  # a cell no other row constrains: its splits cannot be narrowed
    rows = [[_values(spec.id, options[i].chunk.row.id, options[i].cols, options[i].kinds, options[i].readings[k])
             for k in f] for i, f in others]
    known = {cid for vals in rows for cid in vals[0]} | set(x_ids)
    if any(c not in known for r in relations for c in r.parts + r.totals):
        return choice  # a row of the relations was not read: nothing can be mended with certainty
    # The misprinted cell is one of that row's: every relation without it holds. The other rows'
    # readings that cannot take part in that (with the values the row's digits allow in each
    # column) are set aside, then the rest are chosen together.
    domains = _column_values(xo.chunk, xo.kinds, vanishing)
    keep: list[set[int]] = [set() for _ in rows]
    for cid in x_ids:
        alive = _prune(rows, dict(zip(x_ids, domains, strict=True)), [r for r in relations if cid not in r.parts + r.totals])
        for kept, more in zip(keep, alive, strict=True):
            kept |= more
    others = [(i, [f[k] for k in sorted(kept)]) for (i, f), kept in zip(others, keep, strict=True)]
    rows = [[vals[k] for k in sorted(kept)] for vals, kept in zip(rows, keep, strict=True)]
    if not all(rows):
        return choice
    apart = [r for r in relations if not set(r.parts + r.totals) & set(x_ids)]
    signed = {cid for o in options for cid, k in zip(_order(spec, o), o.kinds, strict=True) if k is not Kind.COUNT}
    combos = _holding(rows, apart, signed)
    if combos is None:
        return choice
    found: list[tuple[tuple[int, ...], Reading]] = []
    for combo in combos:
        combo = tuple(f[k] for (_, f), k in zip(others, combo, strict=True))
        values: dict[str, Number | None] = {}
        for (i, _), k in zip(others, combo, strict=True):
            o = options[i]
            values.update(_values(spec.id, o.chunk.row.id, o.cols, o.kinds, o.readings[k]))
        targets = [_implied(cid, rels, values) for cid, rels in zip(x_ids, through, strict=True)]
        for reading in _near(xo.chunk, xo.kinds, targets, vanishing):
            values.update(_values(spec.id, xo.chunk.row.id, xo.cols, xo.kinds, reading))
            if _one_cell_mends(relations, values):
                found.append((combo, reading))
                if len(found) > _MAX_READINGS:
                    return choice
    if not found:
        return choice
    # Each row whose reading is the same in every such reading of the table is read with certainty.
    out = list(choice)
    for pos, (i, _) in enumerate(others):
        ks = {combo[pos] for combo, _ in found}
        if len(ks) == 1:
            out[i] = (ks.pop(), True)
    readings = {reading for _, reading in found}
    if len(readings) == 1:
        reading = readings.pop()
        if reading not in xo.readings:
            xo.readings.append(reading)
            xo.prior.append(prior(xo.chunk.row, xo.cols, xo.kinds, reading, quoted))
        xo.complete = True  # every split of the row was tried against the others
        out[x] = (xo.readings.index(reading), True)
    return out


def _cell_texts(text: str, i: int, kind: Kind, vanishing: bool) -> list[str]:
    """What the cell starting at ``text[i]`` may print: a blank mark, a prefix of the digits that is
    a number of its kind, or (``vanishing``: the page prints blanks as nothing) nothing at all."""
    options: list[str] = [""] if vanishing else []
    if i < len(text):
        m = _TOKEN.match(text, i)
        token = m.group() if m is not None else ""
        if token[:1] in _MARKS:
            options += [token[0]] + ([token] if len(token) > 1 else [])
        else:
            options += list(_number_prefixes(token, kind))
    return options


def _column_values(chunk: RowChunk, kinds: Sequence[Kind], vanishing: bool) -> list[set[Number]]:
    """The values each cell of the row takes in some reading of its digits (a blank counts as 0)."""
    text, n = chunk.text, len(kinds)
    out: list[set[Number]] = [set() for _ in kinds]

    def pieces(i: int, j: int) -> list[str]:
        return _cell_texts(text, i, kinds[j], vanishing)

    @functools.cache
    def ends(i: int, j: int) -> bool:
        while i < len(text) and text[i] == " ":
            i += 1
        if j == n:
            return i == len(text)
        ok = False
        for p in pieces(i, j):
            if ends(i + len(p), j + 1):
                out[j].add(_text_value(p, kinds[j]) or 0)
                ok = True
        return ok

    ends(0, 0)
    return out


def _prune(
    rows: Sequence[Sequence[dict[str, Number | None]]], free: dict[str, set[Number]], relations: Sequence[Relation]
) -> list[set[int]]:
    """The readings of each row that can take part in a choice where every relation holds, each
    relation taken on its own (a cell of ``free`` may take any of its values). Repeated until
    nothing more is set aside."""
    alive = [set(range(len(vals))) for vals in rows]
    where = {cid: i for i, vals in enumerate(rows) if vals for cid in vals[0]}
    changed = True
    while changed:
        changed = False
        for rel in relations:
            coef: dict[str, int] = {}
            for c in rel.parts:
                coef[c] = coef.get(c, 0) + 1
            for c in rel.totals:
                coef[c] = coef.get(c, 0) - 1
            terms: list[tuple[int | None, dict[int, Number]]] = []  # row (None: a free cell), value by reading
            by_row: dict[int, list[str]] = {}
            for c in coef:
                if c in free:
                    terms.append((None, dict(enumerate(coef[c] * v for v in free[c]))))
                else:
                    by_row.setdefault(where[c], []).append(c)
            for i, cells in by_row.items():
                contrib: dict[int, Number] = {}
                for k in alive[i]:
                    total: Number = 0
                    for c in cells:
                        v = rows[i][k][c]
                        if v is None:
                            break  # a cell without a value: the relation cannot hold with this reading
                        total += coef[c] * v
                    else:
                        contrib[k] = total
                terms.append((i, contrib))
            sets = [set(t[1].values()) for t in terms]
            prefix: list[set[Number]] = [{0}]
            for vs in sets:
                prefix.append({a + b for a in prefix[-1] for b in vs})
                if len(prefix[-1]) > _MAX_SUMS:
                    break
            else:
                suffix: list[set[Number]] = [{0}]
                for vs in reversed(sets):
                    suffix.append({a + b for a in suffix[-1] for b in vs})
                suffix.reverse()
                for pos, (row, contrib) in enumerate(terms):
                    if row is None:
                        continue
                    before, after = prefix[pos], suffix[pos + 1]
                    good = {k for k, v in contrib.items() if any(-v - a in after for a in before)}
                    if good != alive[row]:
                        alive[row] = good
                        changed = True
    return alive


_MAX_SUMS = 4096  # sums of part of a relation followed when setting readings aside
_MAX_NODES = 20000  # partial readings of the other rows tried when a row holds a misprint


def _holding(
    rows: Sequence[Sequence[dict[str, Number | None]]], relations: Sequence[Relation], signed: set[str]
) -> list[tuple[int, ...]] | None:
    """Every choice of one reading per row (each given by its cells' values) with which all
    ``relations`` hold; None when the search runs too long. A count is never negative, so a
    relation whose one side is known and already smaller than the known cells of the other is
    given up at once (not where a cell is ``signed``)."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    touched = [[r for r in relations if set(r.parts + r.totals) & set(vals[0])] if vals else [] for vals in rows]
    assigned: dict[str, Number | None] = {}
    picks = [0] * len(rows)
    out: list[tuple[int, ...]] = []
    nodes = 0

    def side(cells: Sequence[str]) -> tuple[Number, bool] | None:
        total: Number = 0
        known = True
        for cid in cells:
            if cid not in assigned:
                known = False
                continue
            v = assigned[cid]
            if v is None:
                return None
            total += v
        return total, known

    def alive(rel: Relation) -> bool:
        p, t = side(rel.parts), side(rel.totals)
        if p is None or t is None:
            return False
        if p[1] and t[1]:
            return abs(p[0] - t[0]) < 1e-6
        if (not p[1] and not t[1]) or signed & set(rel.parts + rel.totals):
            return True
        return p[0] <= t[0] + 1e-6 if t[1] else t[0] <= p[0] + 1e-6

    def go(depth: int) -> bool:
        nonlocal nodes
        if depth == len(order):
            out.append(tuple(picks))
            return True
        i = order[depth]
        for k, vals in enumerate(rows[i]):
            nodes += 1
            if nodes > _MAX_NODES:
                return False
            assigned.update(vals)
            if all(alive(r) for r in touched[i]):
                picks[i] = k
                if not go(depth + 1):
                    return False
            for cid in vals:
                del assigned[cid]
        return True

    return out if go(0) else None


def _more_blanks_fit(spec: TableSpec, o: RowOptions, relations: Sequence[Relation]) -> bool | None:
    """Whether the row adds up with three cells or more printed as nothing (the readings kept have
    two at most); None where that cannot be told (the row is not one run of counts summed in its
    last cell)."""
    order = _order(spec, o)
    summed = _summed_row(o.chunk, o.kinds, _row_relations(list(relations), set(order)), order)
    if summed is None:
        return None
    return any(summed(k) for k in range(3, len(order)))


def _implied(cid: str, rels: Sequence[Relation], values: dict[str, Number | None]) -> frozenset[Number]:
    """The value of ``cid`` with which every one of ``rels`` holds, given the other cells' values
    (empty when they disagree or a cell has no value)."""
    found: set[Number] = set()
    for rel in rels:
        parts = sum(values.get(c) or 0 for c in rel.parts if c != cid)
        totals = sum(values.get(c) or 0 for c in rel.totals if c != cid)
        if any(values.get(c) is None for c in rel.parts + rel.totals if c != cid):
            return frozenset()
        found.add(totals - parts if cid in rel.parts else parts - totals)
    return frozenset(found) if len(found) == 1 else frozenset()


def _near(chunk: RowChunk, kinds: Sequence[Kind], targets: Sequence[frozenset[Number]], vanishing: bool) -> list[Reading]:
    """Every reading of the row's digits in which all cells but at most one take their target
    value; with ``vanishing``, any cell may be printed as nothing (a blank counts as 0)."""
    text, base, n = chunk.text, chunk.start, len(kinds)
    out: list[Reading] = []
    pieces: list[Piece] = []

    def go(i: int, j: int, miss: int) -> None:
        while i < len(text) and text[i] == " ":
            i += 1
        if j == n:
            if i == len(text):
                out.append(tuple(pieces))
            return
        for p in _cell_texts(text, i, kinds[j], vanishing):
            hit = _text_value(p, kinds[j]) in targets[j]
            if miss and not hit:
                continue
            pieces.append(Piece(p, base + i, base + i + len(p)))
            go(i + len(p), j + 1, miss + (not hit))
            pieces.pop()

    go(0, 0, 0)
    return out


def _slip_rivals(
    spec: TableSpec,
    options: list[RowOptions],
    relations: list[Relation],
    choice: list[tuple[int, bool]],
    agreed: dict[int, set[int]],
    vanishing: bool,
    quoted: Quoted,
) -> list[tuple[int, bool]]:
    """Rows whose splits that add up may all be wrong: the row is in doubt, with a rival reading.

    A row is read from its splits that add up within it; if the report slipped in that row, its
    true split does not add up, and a wrong split that does ("47913818275635752": 4791 / 3 / 818 /
    2 / 75 / 63 / 5752 for 479 / 138 / 18 / 27 / 56 / 35 / 752, whose 总计 is one off) breaks the
    relations across rows instead, more of them than one changed cell mends. Where the table as
    read is so broken, the rows whose readings break two relations or more across rows whatever
    the other rows' readings (``_at_odds``), the most such first, each with another split whose
    every cell but one takes a value the other rows imply through some relation (a slip in that
    row), keep those splits as rivals (where rows on those relations are read in doubt, and imply
    no such split, every split of the row is one): their cells are uncertain, never read wrong
    with certainty. Choosing between them is left undone: the one-slip split breaks the row's own relation, so either way
    the report has an error the cells cannot yet place."""
    values: dict[str, Number | None] = {}
    picked: list[int] = []
    for opt, (idx, _certain) in zip(options, choice, strict=True):
        alive = agreed.get(id(opt))
        k = idx if alive is None or idx in alive else min(alive)
        picked.append(k)
        values.update(_values(spec.id, opt.chunk.row.id, opt.cols, opt.kinds, opt.readings[k]))
    if all(holds(r, values) for r in relations) or _one_cell_mends(relations, values):
        return choice
    out = list(choice)
    column_values: dict[str, set[Number]] = {}
    for opt in options:
        for reading in opt.readings:
            for cid, v in _values(spec.id, opt.chunk.row.id, opt.cols, opt.kinds, reading).items():
                column_values.setdefault(cid, set()).add(v or 0)
    # The rows most at odds first; their cells then count as unknown, for a wrong row puts every
    # row on its relations at odds too (each on fewer).
    rows = [i for i, opt in enumerate(options) if opt.fits]  # the others' readings were not cut to those that add up
    while rows:
        odds = {i: _at_odds(_order(spec, options[i]), relations, column_values) for i in rows}
        most = max(odds.values())
        if most < 2:
            break
        for i in [i for i in rows if odds[i] == most]:
            rows.remove(i)
            if _rival_splits(spec, options, relations, choice, values, i, vanishing, quoted, agreed):
                out[i] = (picked[i], False)
            for cid in _order(spec, options[i]):
                column_values.pop(cid, None)
    return out


def _rival_splits(
    spec: TableSpec,
    options: list[RowOptions],
    relations: list[Relation],
    choice: list[tuple[int, bool]],
    values: dict[str, Number | None],
    i: int,
    vanishing: bool,
    quoted: Quoted,
    agreed: dict[int, set[int]],
) -> bool:
    """Add to row ``i`` its splits that a slip in it would print (see ``_slip_rivals``); whether any."""
    opt = options[i]
    ids = _order(spec, opt)
    through = [[r for r in relations if cid in r.parts + r.totals and not set(r.parts + r.totals) & (set(ids) - {cid})]
               for cid in ids]
    # Each relation on its own: where another row is misread too, they disagree.
    targets = [frozenset().union(*(_implied(cid, [r], values) for r in rels)) for cid, rels in zip(ids, through, strict=True)]
    rivals = [r for r in _near(opt.chunk, opt.kinds, targets, vanishing) if r not in opt.readings]
    if not rivals and any(not choice[j][1] for j in _rows_on(spec, options, [r for rels in through for r in rels], i)):
        # Rows on its relations read in doubt leave no value to aim at: every split is a rival.
        rivals = [r for r in _readings(opt.chunk, opt.kinds, _MAX_READINGS) if r not in opt.readings]
    for reading in rivals[:_MAX_READINGS]:
        opt.readings.append(reading)
        opt.prior.append(prior(opt.chunk.row, opt.cols, opt.kinds, reading, quoted))
        if id(opt) in agreed:
            agreed[id(opt)].add(len(opt.readings) - 1)
    if rivals:
        opt.fits = False
    return bool(rivals)


_MAX_SUMS = 20000  # values a sum over rows may take, at most, for ``_at_odds`` to tell


def _at_odds(ids: Sequence[str], relations: Sequence[Relation], column_values: dict[str, set[Number]]) -> int:
    """How many relations through exactly one of the row's cells ``ids`` (the others' cells
    taking any value their rows' readings give, ``column_values``) hold with none of the values
    the row's readings give that cell. One is what a slip in another row does (the column through
    it broken for every row on it); two or more are not. Unknown (a cell unread, too many sums):
    not counted."""
    odd = 0
    for rel in relations:
        cells = rel.parts + rel.totals
        mine = [c for c in cells if c in ids]
        if len(mine) != 1 or any(c not in column_values for c in cells):
            continue
        cid = mine[0]
        # The value the cell must take: the other side's sum less its own side's other cells.
        sums: set[Number] = {0}
        for c in cells:
            if c == cid:
                continue
            sign = 1 if (c in rel.totals) == (cid in rel.parts) else -1
            sums = {round(a + sign * v, 6) for a in sums for v in column_values[c]}
            if len(sums) > _MAX_SUMS:
                break
        else:
            if not {round(v, 6) for v in column_values[cid]} & sums:
                odd += 1
    return odd


def _rows_on(spec: TableSpec, options: list[RowOptions], relations: Sequence[Relation], but: int) -> list[int]:
    """The rows (by index, ``but`` aside) with a cell in ``relations``."""
    cells = {c for r in relations for c in r.parts + r.totals}
    return [j for j, o in enumerate(options) if j != but and cells & set(_order(spec, o))]


def _one_cell_mends(relations: Sequence[Relation], values: dict[str, Number | None]) -> bool:
    """Whether changing one cell (to a value it can hold) makes every broken relation hold; none broken: True."""
    broken: list[tuple[Relation, Number, Number]] = []
    for rel in relations:
        ev = evaluate(rel, values)
        if ev is None:
            return False
        if abs(ev[0] - ev[1]) >= 1e-6:
            broken.append((rel, *ev))
    if not broken:
        return True
    for cid in broken[0][0].parts + broken[0][0].totals:
        if any(cid not in r.parts + r.totals for r, _, _ in broken):
            continue  # a broken relation without the cell: changing it cannot mend that one
        if any(cid in r.parts + r.totals for r in relations if holds(r, values)):
            continue  # changing it would break a relation that holds
        deltas = {round((t - p) if cid in r.parts else (p - t), 6) for r, p, t in broken}
        if len(deltas) == 1 and (values[cid] or 0) + deltas.pop() >= 0:
            return True
    return False


def _order(spec: TableSpec, o: RowOptions) -> list[str]:
    return [cell_id(spec.id, o.chunk.row.id, c) for c in o.cols]


def _ids(spec: TableSpec, o: RowOptions) -> set[str]:
    return {cell_id(spec.id, o.chunk.row.id, c) for c in o.cols}


# Priors are in log-odds-like units: a digit of size difference costs 1, a broken ordering 3.
PRIOR_MARGIN = 1.0  # looserows: readings this close to the best are kept as rivals
_ORDER_COST = 3.0
_ZERO_BONUS = 1.5
_EQUAL_BONUS = 1.0
_NARRATIVE_BONUS = 1.0
_PRIOR = re.compile(r"^(?P<abs>\|)?(?P<a>\w+)\|?(?P<op><=|=|~|:small|:quoted)(?P<b>\w*)(?:@(?P<w>[\d.]+))?$")


@dataclass(frozen=True, slots=True)
class Quoted:
    """Numbers the narrative states close after a row's name with a unit ("规范性文件 34 件")."""

    anywhere: frozenset[tuple[str, str]]  # (row key, number)
    # The same, with no word of a stock or a repeal (现行有效, 废止…) around: the year's figure.
    counts: frozenset[tuple[str, str]] = frozenset()


def prior(row: RowSpec, cols: Sequence[str], kinds: Sequence[Kind], reading: Reading, quoted: Quoted) -> float:
    """Structural plausibility of a reading; only used where no relation can choose."""
    vals = {c: _value(p, k) for c, p, k in zip(cols, reading, kinds, strict=True)}
    size = {c: sum(ch.isdigit() for ch in p.text.split(".")[0]) for c, p in zip(cols, reading, strict=True)}
    score = 0.0
    if any(v is None for v in vals.values()):
        return -100.0
    for hint in row.priors:
        m = _PRIOR.match(hint)
        if m is None or m.group("a") not in vals:
            continue
        a, op, b = m.group("a"), m.group("op"), m.group("b")
        w = float(m.group("w") or 1)
        va = abs(vals[a]) if m.group("abs") else vals[a]  # type: ignore[arg-type]
        vb = vals.get(b)
        if op == ":quoted":
            core = _unsigned(reading[cols.index(a)].text)
            score += w * _NARRATIVE_BONUS * any((key, core) in quoted.counts for key in row.keys)
        elif op == ":small":
            score += w * (_ZERO_BONUS if va == 0 else -0.5 * math.log10(1 + abs(va)))  # type: ignore[arg-type]
        elif vb is None:
            continue
        elif op == "<=" and va > vb:  # type: ignore[operator]
            score -= w * _ORDER_COST
        elif op == "=" and va == vb:
            score += w * _EQUAL_BONUS
        elif op == "~":
            score -= w * abs(size[a] - size[b])
    for p in reading:
        core = _unsigned(p.text).rstrip("万元亿")
        if len(core) >= 2 and any((key, core) in quoted.anywhere for key in row.keys):
            score += _NARRATIVE_BONUS
    return score


def _unsigned(text: str) -> str:
    m = _SIGN.match(text)
    return text[m.end() :] if m else text


_STOCK = re.compile(r"现行有效|有效|废止|失效|累计|总数|共计")


@functools.lru_cache(maxsize=1024)
def _quoted(key: str) -> re.Pattern[str]:
    """The row's name, then within a few characters a number and its unit."""
    return re.compile(re.escape(key) + r"[^\d。；;]{0,12}?(\d+(?:\.\d+)?)\s*(?:件|项|个|条|万元|元)")


def quoted_numbers(text: str, rows: Sequence[RowSpec]) -> Quoted:
    """(row key, number) pairs the narrative states close after the row's name with a unit
    ("制发的规范性文件88件"): evidence for a reading of that row."""
    out: set[tuple[str, str]] = set()
    counts: set[tuple[str, str]] = set()
    for row in rows:
        for key in row.keys:
            if key not in text:
                continue  # most keys are not in the narrative: no need to run the pattern
            for m in _quoted(key).finditer(text):
                out.add((key, m.group(1)))
                if not _STOCK.search(text, max(0, m.start() - 6), m.start(1)):
                    counts.add((key, m.group(1)))
    return Quoted(frozenset(out), frozenset(counts))


# ---------------------------------------------------------------- figures the narrative states

# The words by which the narrative names a column of a row no relation reads, in the clause that
# gives its figure ("本年度制发的规范性文件88件", "现行有效行政规范性文件698件", "废止2件").
_COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "made": ("制发", "印发", "出台", "新制作", "新制定"),
    "issued": ("制发", "印发", "出台", "新制定"),
    "repealed": ("废止",),
    "in_force": ("现行有效",),
    "total": ("对外公开总数",),
}
# A sentence that speaks of more than the year's count of this row: a total over years, part of
# the count, a comparison, or another act on the documents (清理, 备案, 修订…).
_NOT_THE_YEARS = re.compile(
    r"累计|以来|历年|截至|截止|其中|同比|较上年|比上年|上年|去年|往年|增长|下降|上升|分别|部门|单位|"
    r"清理|备案|审查|审核|征求|解读|修订|修改|评估|合法性|起草|报送|转发|宣布失效|失效|继续有效|"
    r"约|近|余|多件|以上|左右"
)
_CLAUSE = re.compile(r"[，,、：:（）()“”\"]")
_SENTENCE = re.compile(r"[。；;！？!?\n]")
_FIGURE = re.compile(r"(\d+)\s*件")


def stated_figures(norm: str, spec: TableSpec, row: RowSpec, cols: Sequence[str], skip: tuple[int, int]) -> dict[str, set[str]]:
    """The figures the narrative states for the row's columns, by column: a clause of a sentence
    naming the row (and no other row of the table) that holds one number of 件 and the words of
    exactly one column ("本年度制发规范性文件5件，废止2件，现行有效30件"). Sentences that speak of
    other counts (over years, part of the count, other acts on the documents) give none; the
    table itself (``skip``) is no narrative."""
    out: dict[str, set[str]] = {}
    mine = [c for c in cols if c in _COLUMN_WORDS]
    if not mine:
        return out
    others = [k for r in spec.rows if r.id != row.id for k in r.keys if not any(k in own for own in row.keys)]
    pos = 0
    for m in _SENTENCE.finditer(norm + "\n"):
        s, e = pos, m.start()
        pos = m.end()
        if e <= s or (s < skip[1] and e > skip[0]):
            continue
        sentence = norm[s:e]
        first = min((i for i in (sentence.find(k) for k in row.keys) if i >= 0), default=-1)
        if first < 0 or _NOT_THE_YEARS.search(sentence):
            continue
        if any(k in sentence.replace(own, "") for k in others for own in row.keys):
            continue
        # The clauses from the one naming the row on.
        start = max((c.end() for c in _CLAUSE.finditer(sentence, 0, first)), default=0)
        for clause in _CLAUSE.split(sentence[start:]):
            figures = _FIGURE.findall(clause)
            if len(figures) != 1:
                continue
            named = [c for c in mine if any(w in clause for w in _COLUMN_WORDS[c])]
            if len(named) == 1:
                out.setdefault(named[0], set()).add(figures[0])
    return out


def _stated(
    norm: str,
    spec: TableSpec,
    options: list[RowOptions],
    relations: list[Relation],
    choice: list[tuple[int, bool]],
    span: tuple[int, int],
) -> list[tuple[int, bool]]:
    """Rows no relation reads, read where the narrative's figures leave one reading of the digits.

    The narrative must state figures for two of the row's columns at least ("现行有效行政规范性文件
    698件，…本年度制发的规范性文件88件"): one figure alone agrees with some split of a few digits
    by chance too often where the narrative disagrees with the table (a page whose narrative says
    5 件 and whose row prints 50…). Every figure must be the cell's text in some reading (one that
    none gives, or two for one column, and the narrative is no witness of the row: it counts
    something else or disagrees with the table, and the row stays as it was); the readings that
    agree with every figure are kept, and the row is read only where one is left."""
    related = {c for r in relations for c in r.parts + r.totals}
    out = list(choice)
    for i, (o, (_, certain)) in enumerate(zip(options, choice, strict=True)):
        if certain or not o.complete or len(o.readings) >= _MAX_READINGS or _ids(spec, o) & related:
            continue
        figures = stated_figures(norm, spec, o.chunk.row, o.cols, span)
        if len(figures) < 2 or any(len(v) != 1 for v in figures.values()):
            continue  # one figure agrees with some split of a few digits by chance too often
        alive = set(range(len(o.readings)))
        for col, (figure,) in figures.items():
            j = o.cols.index(col)
            agree = {k for k, r in enumerate(o.readings) if r[j].text == figure}
            if not agree:
                alive = set()
                break
            alive &= agree
        if len(alive) == 1:
            out[i] = (alive.pop(), True)
    return out


# ---------------------------------------------------------------- the flat review table


def _flat_table(
    doc: Document,
    norm: str,
    spec: TableSpec,
    start: int,
    template: TemplateSpec,
    vanishing: bool = False,
    switches: frozenset[int] = frozenset(),
) -> tuple[Table, list[Finding], int]:
    table = Table(spec.id, source=Source(start, start))
    findings: list[Finding] = []
    header_end = start
    for key in (*spec.signature_keys, *(c.label for c in spec.columns)):
        i = norm.rfind(key, start, start + 400)
        if i >= 0:
            header_end = max(header_end, i + len(key))
    m = _NUMRUN.search(norm, header_end, header_end + 200)
    if m is None:
        findings.append(catalogued("table.missing", message=f"表格“{spec.title}”中没有找到任何数值"))
        table.found = False
        return table, findings, header_end
    text = norm[m.start() : m.end()].rstrip(" ")
    first, text = _split_header_runs(norm, start, header_end, m.start(), text, spec.signature_keys)
    chunk = RowChunk(spec.rows[0], first, m.start() + len(text) - (m.start() - first), text,
                     cut=_continues(norm, first + len(text), len(norm)))
    kinds = tuple(c.kind for _ in spec.rows for c in spec.columns)
    # The splits stay texts (tens of thousands of them); only the one the cells are read from gets offsets.
    readings = _reading_texts(chunk, kinds)
    n_cols = len(spec.columns)
    ids = [cell_id(spec.id, row.id, col.id) for row in spec.rows for col in spec.columns]
    relations = [r for r in relations_for(template, set()) if (r.parts + r.totals)[0].startswith(spec.id + "/")]
    fit = _fitter(relations, ids, kinds)
    fit_texts = _text_fitter(relations, ids, kinds)

    fitting = [r for r in readings if fit_texts(r)]
    if len(readings) > _MAX_SPLITS and not vanishing:
        # Too many splits to list: the ones that add up are found row by row instead, as many as
        # where every split was tried.
        adding = _flat_fitting(chunk, spec, relations)
        if adding:
            readings = fitting = adding
    if len(fitting) > 1:
        # Of the splits that add up, those that end a cell at every change of digit width.
        toks = _tokens(text, chunk.start)
        placed = {_pieces(toks, r): r for r in fitting}
        fitting = [placed[r] for r in _cut_at(list(placed), [], switches, chunk)[0]]
    chosen = fitting or readings
    extra: list[Reading] = []  # readings with cells printed as nothing, after ``chosen``
    complete = True
    if vanishing and fitting:
        blanks = _blank_readings(chunk, kinds)
        complete = len(blanks) <= _MAX_BLANK_READINGS or _flat_blank_fit(chunk, spec, relations) is False
        rivals = [r for r in blanks if fit(r)]
        if rivals or not complete:
            chosen, extra = fitting, rivals[:_MAX_READINGS]
            fitting = []  # not certain: a reading with a cell printed as nothing adds up as well
    elif not fitting:
        # As in a row: a blank cell printed as nothing leaves fewer numbers than cells.
        blanks = _blank_readings(chunk, kinds)
        blank_fitting = [r for r in blanks if fit(r)]
        complete = len(blanks) <= _MAX_BLANK_READINGS or (
            not blank_fitting and _flat_blank_fit(chunk, spec, relations) is False
        )
        if blank_fitting or (vanishing and blanks):
            extra = (blank_fitting or blanks)[:_MAX_READINGS]
        elif complete and len(readings) <= _MAX_SPLITS and not chunk.cut:
            # Nothing adds up: the one reading (if only one) whose broken relations a single
            # misprinted cell explains is the table's, and the break is the report's.
            mended = [
                r for r in readings
                if _one_cell_mends(relations, {c: _text_value(t, k) for c, t, k in zip(ids, r, kinds, strict=True)})
            ]
            if len(mended) == 1:
                chosen = fitting = mended
    if not chosen and not extra:
        findings.append(_unreadable(spec, chunk, len(kinds)))
        return table, findings, chunk.end
    # Splits past the limit were never tried: a cell the tried ones agree on may differ in them
    # (the enumeration varies the last cells first), and another split may add up.
    complete = complete and len(readings) <= _MAX_SPLITS
    spread: list[set[Number | None]] | None = None
    if vanishing:
        # Readings with more cells printed as nothing than were tried may add up as well (where
        # none tried did, they may be the only ones: "…000" for … 空 / 0 / 0 / 0 / 空).
        spread = _flat_spread(chunk, spec, relations)
        complete = complete and spread is not None
        if spread is not None and chosen and not chunk.cut and len(readings) <= _MAX_SPLITS and fit_texts(chosen[0]):
            # The spread holds every value a cell takes in the readings that add up, with any number
            # of cells printed as nothing: the blanks past the limits above need no trying, and a
            # cell with one value there is read.
            complete = True
            values = [parse_value(t, k).value for t, k in zip(chosen[0], kinds, strict=True)]
            if all(spread[i] == {v} for i, v in enumerate(values)):
                fitting = chosen[:1]
                chosen, extra = chosen[:1], []
    certain = len(chosen) + len(extra) == 1 and bool(fitting) and complete
    toks = _tokens(text, chunk.start)
    spaced = len(toks) == len(kinds)
    reading = _pieces(toks, chosen[0]) if chosen else extra[0]
    for b, row in enumerate(spec.rows):
        for j, col in enumerate(spec.columns):
            i = b * n_cols + j
            piece = reading[i]
            parsed = parse_value(piece.text, col.kind)
            # Each text parsed once, in the order first met (as the readings would give the values).
            seen = {parse_value(t, col.kind).value for t in dict.fromkeys(r[i] for r in chosen)}
            seen.update(_value(r[i], col.kind) for r in extra)
            seen = seen | (spread[i] if spread else set())
            alts = tuple(sorted(seen - {parsed.value}, key=lambda v: v or 0))
            if alts:
                certain = False
            status = "printed" if spaced and certain else ("decoded" if certain or not alts else "uncertain")
            if not complete:
                status = "uncertain"
            table.cells[(row.id, col.id)] = Cell(
                spec.id, row.id, col.id, parsed.value, doc.text[piece.start : piece.end], Source(piece.start, piece.end),
                blank=parsed.blank, invalid=parsed.invalid, reading=status, alternatives=alts if status == "uncertain" else (),
            )
    if not certain:
        findings.append(
            catalogued(
                "extract.uncertain",
                message=f"{spec.title}：数字连排无分隔，有 {len(chosen) + len(extra)} 种拆分方式，无法确定，请核对原文",
                cells=tuple(cell_id(spec.id, r.id, c.id) for r in spec.rows for c in spec.columns),
                source=Source(chunk.start, chunk.end),
            )
        )
    table.source = Source(start, chunk.end)
    return table, findings, chunk.end


_SPREAD_CHARS = 6  # the longest run one cell of the flat table is taken to print, per cell of its row
_SPREAD_READINGS = 2000


def _split_header_runs(
    norm: str, start: int, header_end: int, at: int, text: str, signature: Sequence[str]
) -> tuple[int, str]:
    """The flat table's digits from where they start, where its header is printed in parts with
    digits after each ("行政复议结果维持…总计0010—10行政诉讼未经复议直接起诉…总计—31292411—51026": the
    review table split in two, 行政复议 | 行政诉讼): the runs after the table's heading, each after
    header words of the table (``signature``), and before its last header words come first, the words between written as spaces (one for one, offsets
    kept; a space is a boundary). Only where no sentence or heading stands between them. Where it
    starts and the text, ``at`` and ``text`` where no run comes earlier."""
    # The table's start is the latest place its header words begin: the first part's header and
    # digits may stand before it, after its heading ("四、…") or the sentence before.
    bounds = list(_NOT_THIS_ROW.finditer(norm, max(0, start - _HEADER_BACK * 2), start))
    if not bounds:
        return at, text
    lo = bounds[-1].end()
    # A blank's mark counts ("结果维持/结果纠正4": a table printed label by label); the flat table's
    # header words hold none.
    before = [b for b in _NUMRUN.finditer(norm, lo, header_end) if b.group().strip()]
    if not before or not any(k in norm[lo : before[0].start()] for k in signature) \
            or _NOT_THIS_ROW.search(norm, before[0].start(), at):
        return at, text
    first = before[0].start()
    out = [" "] * (at - first)
    for b in before:
        out[b.start() - first : b.end() - first] = norm[b.start() : b.end()]
    return first, "".join(out) + text


def _row_fitters(spec: TableSpec, relations: Sequence[Relation], kinds: tuple[Kind, ...]
                 ) -> tuple[list[Callable[[Texts], bool]], list[tuple[list[Relation], list[str]]]]:
    """For each row of a flat table: a test that a reading of its cells holds its own relations,
    and those relations with the row's cell ids in column order."""
    own: list[Callable[[Texts], bool]] = []
    rels: list[tuple[list[Relation], list[str]]] = []
    for row in spec.rows:
        order = [cell_id(spec.id, row.id, c.id) for c in spec.columns]
        mine = _row_relations(list(relations), set(order))
        own.append(_text_fitter(mine, order, kinds))
        rels.append((mine, order))
    return own, rels


def _flat_spread(chunk: RowChunk, spec: TableSpec, relations: Sequence[Relation]) -> list[set[Number | None]] | None:
    """Every value each cell of the flat table takes in the readings that add up everywhere, with
    any number of cells printed as nothing (a page that prints blank cells as nothing may print
    three or four in one line: "10001000—557522" is 1 0 0 0 1 | 0 0 0 — 空 | … and also
    10 0 0 空 10 | 0 空 0 空 — | …). Found row by row, each row's cells adding up to its last;
    None where that cannot be told so (a relation across rows, a line too long to try)."""
    text = chunk.text
    kinds = tuple(c.kind for c in spec.columns)
    n = len(kinds)
    own, rels = _row_fitters(spec, relations, kinds)
    if sum(len(_row_relations(list(relations), {cell_id(spec.id, r.id, c.id) for c in spec.columns}))
           for r in spec.rows) != len(relations) or len(text) > _SPREAD_CHARS * n * len(spec.rows):
        return None

    @functools.cache
    def options(b: int, s: int, e: int) -> tuple[tuple[Number | None, ...], ...] | None:
        part = text[s:e]
        lead = len(part) - len(part.lstrip(" "))
        core = part.strip(" ")
        if len(core) > _SPREAD_CHARS * n:
            return ()
        sub = RowChunk(spec.rows[b], chunk.start + s + lead, chunk.start + s + lead + len(core), core)
        out: set[tuple[Number | None, ...]] = set()
        summed = _summed_row(sub, kinds, *rels[b]) if core else None
        if summed is not None:
            # One run of digits adding up to its last cell: only the splits that add up are made.
            for k in range(n):
                adding = summed(k)
                if len(adding) > _MAX_READINGS:
                    return None
                out.update(tuple(_value(piece, kind) for piece, kind in zip(r, kinds, strict=True))
                           for r in adding if own[b](tuple(piece.text for piece in r)))
            zeros = core.replace(" ", "")
            if not zeros.strip("0") and len(zeros) < n:
                # Only zeros: the last cell (the sum) may be the one printed as nothing, a blank
                # adding up as 0 ("000" for 空 / 0 / 0 / 0 / 空), which the cut by sums never makes.
                for at in itertools.combinations(range(n - 1), len(zeros)):
                    out.add(tuple(0 if j in at else None for j in range(n)))
            return tuple(out)
        for k in range(n + 1):
            for blanks in itertools.combinations(range(n), k):
                rest = [kind for j, kind in enumerate(kinds) if j not in blanks]
                found: list[Texts]
                if not rest:
                    found = [()] if not core else []
                elif not core:
                    found = []
                else:
                    found = _reading_texts(sub, rest, _SPREAD_READINGS)
                    if len(found) > _SPREAD_READINGS:
                        return None
                for r in found:
                    full = _with_blank_texts(r, blanks)
                    if own[b](full):
                        out.add(tuple(parse_value(t, kind).value for t, kind in zip(full, kinds, strict=True)))
        return tuple(out)

    rows = len(spec.rows)
    # ends[b]: where row b may end, having started at a reachable place, with the rest readable.
    reach: list[set[int]] = [{0}] + [set() for _ in range(rows)]
    for b in range(rows):
        for s in sorted(reach[b]):
            for e in range(s, len(text) + 1):
                got = options(b, s, e)
                if got is None:
                    return None
                if got:
                    reach[b + 1].add(e)
    if len(text) not in reach[rows]:
        return None
    alive = {len(text)}
    spread: list[set[Number | None]] = [set() for _ in range(rows * n)]
    for b in range(rows - 1, -1, -1):
        starts: set[int] = set()
        for s in reach[b]:
            for e in alive:
                if e < s:
                    continue
                got = options(b, s, e)
                if got:
                    starts.add(s)
                    for values in got:
                        for j, v in enumerate(values):
                            spread[b * n + j].add(v)
        alive = starts
    return spread


def _flat_fitting(chunk: RowChunk, spec: TableSpec, relations: Sequence[Relation]) -> list[Texts] | None:
    """Every reading of the flat table with no cell printed as nothing that adds up everywhere,
    found row by row (each relation within a row); None where that cannot be told so (a relation
    across rows, a row with too many splits, more than a few hundred readings)."""
    text = chunk.text
    kinds = tuple(c.kind for c in spec.columns)
    n = len(kinds)
    own, rels = _row_fitters(spec, relations, kinds)
    if sum(len(mine) for mine, _ in rels) != len(relations):
        return None
    rows = len(spec.rows)

    class _TooMany(Exception):
        pass

    @functools.cache
    def options(b: int, s: int, e: int) -> tuple[Texts, ...]:
        core = text[s:e].strip(" ")
        if not core or len(core) > _SPREAD_CHARS * n:
            return ()
        lead = len(text[s:e]) - len(text[s:e].lstrip(" "))
        sub = RowChunk(spec.rows[b], chunk.start + s + lead, chunk.start + s + lead + len(core), core)
        summed = _summed_row(sub, kinds, *rels[b])
        if summed is not None:
            adding = summed(0)
            if len(adding) > _MAX_READINGS:
                raise _TooMany
            return tuple(t for t in (tuple(p.text for p in r) for r in adding) if own[b](t))
        found = _reading_texts(sub, kinds, _SPREAD_READINGS)
        if len(found) > _SPREAD_READINGS:
            raise _TooMany
        return tuple(r for r in found if own[b](r))

    @functools.cache
    def paths(b: int, s: int) -> tuple[Texts, ...]:
        """Readings of rows ``b`` on from ``text[s:]`` that add up."""
        if b == rows:
            return ((),) if not text[s:].strip(" ") else ()
        out: list[Texts] = []
        for e in range(s + 1, len(text) + 1):
            if text[e - 1] == " ":
                continue  # a row ends at a digit: each cut is taken once
            got = options(b, s, e)
            if got:
                for rest in paths(b + 1, e):
                    out.extend(r + rest for r in got)
                    if len(out) > _MAX_READINGS:
                        raise _TooMany
        return tuple(out)

    try:
        return list(paths(0, 0))
    except _TooMany:
        return None


def _flat_blank_fit(chunk: RowChunk, spec: TableSpec, relations: Sequence[Relation], most: int = 2) -> bool | None:
    """Whether some reading of the flat table with one to ``most`` cells printed as nothing adds up
    everywhere, found row by row (each row's cells before the last add up to it) instead of trying
    every reading; None where that cannot be told so (not one run of digits, other relations)."""
    text = chunk.text
    if not text.isdigit():
        return None
    kinds = tuple(c.kind for c in spec.columns)
    own: list[tuple[Relation, list[str]]] = []
    for row in spec.rows:
        order = [cell_id(spec.id, row.id, c.id) for c in spec.columns]
        mine = _row_relations(list(relations), set(order))
        if len(mine) != 1:
            return None
        own.append((mine[0], order))
    if len(relations) != len(own):
        return None  # a relation across rows: the rows cannot be told apart one by one

    @functools.cache
    def fits(b: int, s: int, e: int, k: int) -> bool:
        rel, order = own[b]
        summed = _summed_row(RowChunk(spec.rows[b], chunk.start + s, chunk.start + e, text[s:e]), kinds, [rel], order)
        if summed is None:
            raise ValueError(text[s:e])
        return bool(summed(k))

    @functools.cache
    def rest(b: int, s: int, left: int) -> bool:
        """Rows from ``b`` on read from ``text[s:]`` with at most ``left`` blanks, at least one blank in all."""
        if b == len(own):
            return s == len(text) and left < most
        n = len(spec.columns)
        for k in range(0, min(left, n - 1) + 1):
            for e in range(s + n - k, len(text) + 1):
                if fits(b, s, e, k) and rest(b + 1, e, left - k):
                    return True
        return False

    try:
        return rest(0, 0, most)
    except ValueError:
        return None


def _unreadable(spec: TableSpec, chunk: RowChunk, n: int) -> Finding:
    return catalogued(
        "extract.uncertain",
        message=f"{spec.title}·{chunk.row.title}：连排的数字“{chunk.text}”无法拆成 {n} 格，请核对原文",
        cells=tuple(cell_id(spec.id, chunk.row.id, c.id) for c in spec.row_columns(chunk.row)),
        source=Source(chunk.start, chunk.end),
    )


def _cut_short(spec: TableSpec, opt: RowOptions) -> Finding:
    row = opt.chunk.row
    return catalogued(
        "extract.uncertain",
        message=f"{row.title}：连排的数字“{opt.chunk.text}”之后还有本行的内容（空白格或数字），各格的位置无法确定，请核对原文",
        cells=tuple(cell_id(spec.id, row.id, c) for c in opt.cols),
        source=Source(opt.chunk.start, opt.chunk.end),
    )


def _uncertain(spec: TableSpec, opt: RowOptions, reading: Reading) -> Finding:
    row = opt.chunk.row
    shown = [" / ".join(p.text or "空" for p in r) for r in opt.readings[:4]]
    return catalogued(
        "extract.uncertain",
        message=(
            f"{row.title}：连排的数字“{opt.chunk.text}”有 {len(opt.readings)} 种拆分方式（{'；'.join(shown)}"
            f"{'…' if len(opt.readings) > 4 else ''}），暂取“{' / '.join(p.text or '空' for p in reading)}”，请核对原文"
        ),
        cells=tuple(cell_id(spec.id, row.id, c) for c in opt.cols),
        source=Source(opt.chunk.start, opt.chunk.end),
    )
