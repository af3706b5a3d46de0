"""Figures the report's text states about applications, and whether the tables bear them out.

``extract_claims`` finds sentences such as "全年共收到依申请公开72件" or "行政复议、行政诉讼零发生"
with their offsets; ``check_claims`` compares each with the table cell (or sum of cells) it speaks
of. A figure that matches another reading of the tables ("收到 72 件" = 新收 68 + 上年结转 4) is an
``info`` about the scope, not a mismatch; a sentence that may speak of a narrower subject
(one office, online applications only, "其中…") gets an ``info`` too. Sentences about other years,
petitions (信访), hotlines (12345) or 主动公开 are skipped: a false alarm costs the auditor's trust.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from gkaudit.compliance import body_kind
from gkaudit.model import AuditReport, Cell, Document, Finding, Number, Source, Table, split_cell_id
from gkaudit.reading.normalise import normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.engine import UNCERTAIN_NOTE
from gkaudit.sections import split_sections
from gkaudit.templates import column_label, newest_first, row_label

# ------------------------------------------------------------------------------------ what to compare

_APPLY_LABELS = {
    "1": "本年新收",
    "2": "上年结转",
    "3.1": "予以公开",
    "3.2": "部分公开",
    "3.6": "其他处理",
    "3.7": "办理结果总计",
    "4": "结转下年度",
}
_REVIEW_COLUMNS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


@dataclass(frozen=True, slots=True)
class Combo:
    """One reading of the tables a figure may speak of: a label and the cells summed."""

    label: str
    cells: tuple[str, ...]
    parts: tuple[str, ...] = ()  # a short label per cell, to explain a sum ("新收 68 + 结转 4")


def _apply(*rows: str) -> Combo:
    cells = tuple(f"apply/{r}/total" for r in rows)
    parts = tuple(_APPLY_LABELS[r] for r in rows)
    return Combo(" + ".join(parts), cells, parts)


def _apply_group(group: str, label: str, leaves: int) -> Combo:
    return Combo(label, tuple(f"apply/{group}.{i}/total" for i in range(1, leaves + 1)))


def _review(col: str) -> Combo:
    return Combo(f"行政复议·{_REVIEW_COLUMNS[col]}", (f"review/review/{col}",))


def _suit(col: str) -> Combo:
    name = _REVIEW_COLUMNS[col]
    return Combo(
        f"行政诉讼·{name}（未经复议直接起诉 + 复议后起诉）",
        (f"review/suit_direct/{col}", f"review/suit_after_review/{col}"),
        (f"未经复议直接起诉{name}", f"复议后起诉{name}"),
    )


# kind → (the obvious readings, other readings that mean a different scope)
READINGS: dict[str, tuple[tuple[Combo, ...], tuple[Combo, ...]]] = {
    "received": ((_apply("1"),), (_apply("1", "2"), _apply("3.7"))),
    "handled": ((_apply("1", "2"),), (_apply("1"), _apply("3.7"))),
    "completed": ((_apply("3.7"),), (_apply("1"), _apply("1", "2"))),
    "carry_next": ((_apply("4"),), ()),
    "carry_prev": ((_apply("2"),), ()),
    "carry": ((_apply("4"),), (_apply("2"),)),
    "disclosed": ((_apply("3.1"),), (_apply("3.1", "3.2"),)),
    "disclosed_partial": ((_apply("3.1", "3.2"),), ()),
    "partial": ((_apply("3.2"),), ()),
    "refused": ((_apply_group("3.3", "不予公开（三）各项之和", 8),), ()),
    "unable": ((_apply_group("3.4", "无法提供（四）各项之和", 3),), ()),
    "not_processed": ((_apply_group("3.5", "不予处理（五）各项之和", 5),), ()),
    "other_processed": ((_apply("3.6"), _apply_group("3.6", "其他处理（六）各项之和", 3)), ()),
    "review": ((_review("total"),), ()),
    "suit": ((_suit("total"),), (Combo("行政诉讼·未经复议直接起诉总计", ("review/suit_direct/total",)),)),
}
for _col in ("upheld", "corrected", "other", "pending"):
    READINGS[f"review.{_col}"] = ((_review(_col),), ())
    READINGS[f"suit.{_col}"] = ((_suit(_col),), ())

KIND_WORDS = {
    "received": "收到申请",
    "handled": "办理申请",
    "completed": "办结（答复）申请",
    "carry_next": "结转下年度",
    "carry_prev": "上年结转",
    "carry": "结转",
    "disclosed": "予以公开",
    "partial": "部分公开",
    "disclosed_partial": "予以公开及部分公开",
    "refused": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
    "other_processed": "其他处理",
    "review": "行政复议",
    "suit": "行政诉讼",
}


# ------------------------------------------------------------------------------------------ claims


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure the text states: its kind (a ``READINGS`` key), value and where it is printed."""

    kind: str
    value: int
    start: int  # offsets of the phrase in the document text
    end: int
    phrase: str  # the phrase, without line breaks ("收到依申请公开72件")
    sentence: tuple[int, int]
    quote: str  # the sentence (shortened around the phrase when long)
    narrow: str | None = None  # a word suggesting a narrower subject than the tables'
    subject: str = ""  # the clause's words before the figure


# Checked in this order against the words before the figure in its clause, then after it.
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(p))
    for k, p in (
        (
            "carry_next",
            r"结?转(?:至|到|入)?下一?年|顺延(?:至|到)?下一?年|下一?年度?继续办理|结转下期",
        ),
        ("carry_prev", r"上一?年度?结转|结转上一?年|上一?年度?遗留|去年结转|上一?年度?转入"),
        ("review", r"行政复议|复议"),
        ("suit", r"行政诉讼|诉讼|起诉"),
        ("disclosed_partial", r"(?:予以|全部|同意)公开(?:及|和|与|、|或|以及)部分公开"),
        ("partial", r"部分公开"),
        ("refused", r"不予公开"),
        ("unable", r"无法提供"),
        ("not_processed", r"不予处理"),
        ("other_processed", r"其他处理"),
        ("disclosed", r"予以公开|同意公开|全部公开"),
        ("completed", r"办结|办理完成|完成办理|办理完毕|答复|回复"),
        ("carry", r"结转"),
        ("received", r"收到|新收|受理|接收|接到|共收|收悉"),
        ("handled", r"办理|处理"),
    )
)
_RESULT_WORDS = (
    ("upheld", r"结果维持|维持"),
    ("corrected", r"结果纠正|纠正"),
    ("other", r"其他结果"),
    ("pending", r"尚未审结|未审结"),
)
_RESULT_PATTERNS = tuple((c, re.compile(p)) for c, p in _RESULT_WORDS)
_APPLY_KINDS = {
    "received",
    "handled",
    "completed",
    "carry_next",
    "carry_prev",
    "carry",
    "disclosed",
    "disclosed_partial",
    "partial",
    "refused",
    "unable",
    "not_processed",
    "other_processed",
}

_RESULT_KINDS = {
    "disclosed",
    "disclosed_partial",
    "partial",
    "refused",
    "unable",
    "not_processed",
    "other_processed",
}
_SUBJECT_KINDS = {"received", "handled", "completed"}
_NUMBER = re.compile(r"(\d[\d,]*|[零〇一二两三四五六七八九十百千]+)(余|多)?(件|次|起|宗|份|例)")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_MARK = re.compile(r"[，,:：()（）“”\"]")
_YEAR = re.compile(r"((?:19|20)\d{2})年")

# A sentence speaking of these is not about applications under the 条例.
_OFF_TOPIC = re.compile(
    r"12345|热线|留言|信箱|来信|来电|咨询|诉求|建议提案|人大代表|政协|主动公开|网站访问|市长|"
    r"信访(?!举报投诉类)|(?<!举报)投诉(?!类)|督查|督办|审批|行政许可|政务服务"
)
_COMPARATIVE = re.compile(r"同比|环比|较上年|比上年|较去年|比去年|上年同期|与上年相比|与去年相比|较\d{4}年")
_DELTA_BEFORE = re.compile(r"(?:增加|减少|增长|下降|提高|降低|上升|多|少|近|约|超过|逾|达到?约)$")
_APPROX_AFTER = re.compile(r"^(?:左右|以上|上下)")
_NARROW = re.compile(
    r"网上|网络|在线|线上|信函|邮寄|当面|现场|传真|电子邮件|邮件|本级|代表|政府办|办公室|本机关(?!不掌握)|本部门(?!不掌握)|部门|"
    r"乡镇|街道|所属|下属|其中|自然人|法人|企业|组织|窗口|平台"
)
_ZERO_REVIEW = (
    re.compile(
        r"(行政复议|行政诉讼)(?:[、和及与或](行政复议|行政诉讼))?(?:案件|事项|情况)?(?:均|都|全部)?(?:为|是|实现)?"
        r"(?:零发生|零|0件|0起|0)(?![\d.%件起])"
    ),
    re.compile(
        r"(?:未|没有|未曾)(?:发生|出现|收到|接到|产生|有)[^，,。；;]{0,20}?(行政复议|行政诉讼)(?:[、和及与或](行政复议|行政诉讼))?"
        # "未发生被行政复议纠错或行政诉讼败诉" says no case was lost, not that there was none.
        r"(?![^，,。；;]{0,4}?(?:纠错|纠正|败诉|撤销|确认违法|改变))"
    ),
)
# Every zero claim names 行政复议/行政诉讼 or opens with 未/没有 (未曾 too).
_ZERO_WORDS = ("行政", "未", "没有")
_ZERO_RECEIVED = (
    re.compile(r"(?:未|没有|未曾)(?:收到|接到|受理|接收)[^，,。；;复议诉讼]{0,12}?申请(?!人)"),
    re.compile(r"(?:未|没有|未曾)(?:收到|接到|受理|接收)[^，,。；;复议诉讼]{0,12}?依申请公开"),
)
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral up to 9999 ("二十三" → 23, "两百零五" → 205); None if not one."""
    if not text:
        return None
    if text.isdigit() or "," in text:
        digits = text.replace(",", "")
        return int(digits) if digits.isdigit() else None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True, slots=True)
class _Compact:
    """The text without whitespace (so "行政复\\n\\n议" reads as one word), mapped back to offsets."""

    text: str
    pos: tuple[int, ...]

    def span(self, i: int, j: int) -> tuple[int, int]:
        return self.pos[i], self.pos[j - 1] + 1


# A line that opens with an enumerator starts a new sentence even when the one before lost its
# full stop (web pages copied as text do).
_PARAGRAPH_OPENER = re.compile(
    r"\n[ \t]*(?=[一二三四五六七八九十]是|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]、|\d{1,2}[.、](?!\d))"
)


_KEEP = re.compile(r"[^\s*]+")


def _compact(norm: str, exclude: Sequence[tuple[int, int]]) -> _Compact:
    """The text without spaces (and Markdown stars), a full stop where a paragraph opens or a table sits."""
    chars: list[str] = []
    pos: list[int] = []

    def keep(a: int, b: int) -> None:
        for m in _KEEP.finditer(norm, a, b):
            chars.append(m.group())
            pos.extend(range(m.start(), m.end()))

    marks = sorted([(a, b) for a, b in exclude] + [(m.start(), m.start() + 1) for m in _PARAGRAPH_OPENER.finditer(norm)])
    cursor = 0
    for a, b in marks:
        if a < cursor:
            cursor = max(cursor, b)
            continue
        keep(cursor, a)
        chars.append("。")  # a table, or a new numbered paragraph, ends the sentence before it
        pos.append(a)
        cursor = b
    keep(cursor, len(norm))
    return _Compact("".join(chars), tuple(pos))


def extract_claims(
    text: str,
    year: int | None = None,
    exclude: Sequence[tuple[int, int]] = (),
    in_sections: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """The figures ``text`` states about applications, reviews and suits, with their offsets.

    ``exclude``: regions to skip (the tables). ``in_sections``: regions where review and suit figures
    need no 公开/申请 in their sentence (sections 三 and 四).
    """
    norm = normalise(text)
    compact = _compact(norm, exclude)
    claims: list[Claim] = []
    start = 0
    context = ""  # the full sentence so far: "收到申请 120 件；办结 118 件" speaks of applications throughout
    follows = False  # the sentence before spoke of applications
    for m in [*_SENTENCE_END.finditer(compact.text), None]:
        end = m.end() if m is not None else len(compact.text)
        if end > start:
            context += compact.text[start:end]
            claims.extend(_sentence_claims(text, compact, start, end, year, in_sections, context, follows))
        if m is None or m.group(0) not in "；;":
            follows = "申请" in context
            context = ""
        start = end
    return claims


def _sentence_claims(
    text: str,
    compact: _Compact,
    s0: int,
    s1: int,
    year: int | None,
    in_sections: Sequence[tuple[int, int]],
    context: str,
    follows: bool = False,
) -> list[Claim]:
    sentence = compact.text[s0:s1]
    if _NUMBER.search(sentence) is None and not any(w in sentence for w in _ZERO_WORDS):
        return []  # no figure, and none of the words a zero claim needs: most sentences
    if _OFF_TOPIC.search(sentence) or _COMPARATIVE.search(sentence):
        return []
    years = {int(y) for y in _YEAR.findall(sentence)}
    if year is not None and years - {year}:
        return []
    about_applications = "申请" in context
    span = compact.span(s0, s1)
    in_section_34 = any(a <= span[0] < b for a, b in in_sections)
    about_disclosure = about_applications or "公开" in sentence or "政府信息" in sentence or in_section_34

    found: list[tuple[int, int, str, int, str | None, str]] = []  # (i, j, kind, value, narrow, subject)
    subjects: list[tuple[int, str]] = []  # (position, "review"|"suit") for 其中结果维持 … figures
    ends = [m.end() for m in _NUMBER.finditer(sentence)]
    for m in _NUMBER.finditer(sentence):
        value = chinese_number(m.group(1))
        if value is None or m.group(2):
            continue
        if not m.group(1)[0].isdigit():
            nxt = sentence[m.end() : m.end() + 1]
            if nxt and not _SENTENCE_END.match(nxt) and not _CLAUSE_MARK.match(nxt) and nxt != "、":
                continue  # "一件一档", "三件事"
        c0 = _clause_start(sentence, m.start())
        # "行政复议案件2件、行政诉讼案件7件": the words naming a figure follow the figure before it.
        c0 = max([c0, *(e for e in ends if c0 <= e <= m.start())])
        c1 = _clause_end(sentence, m.end())
        before, after = sentence[c0 : m.start()], sentence[m.end() : c1]
        if _DELTA_BEFORE.search(before) or _APPROX_AFTER.search(after):
            continue
        kind, at = _kind(before, after)
        if kind is None:
            continue
        if kind in ("review", "suit"):
            result = _result_column(before)
            subjects.append((m.start(), kind))
            if result is not None:
                kind = f"{kind}.{result}"
        # The results of the 条例 (不予公开, 无法提供…) may follow the sentence that named the applications.
        if kind in _APPLY_KINDS and not about_applications and not (follows and kind in _RESULT_KINDS):
            continue
        if kind.split(".")[0] in ("review", "suit") and not about_disclosure:
            continue
        p0, p1 = (c0 + at, m.end()) if at is not None else (m.start(), c1)
        if kind not in _SUBJECT_KINDS:
            before = before.replace("其中", "")  # "其中予以公开 60 件" is a result, not a narrower subject
        narrow_m = _NARROW.search(before)
        found.append((p0, p1, kind, value, narrow_m.group(0) if narrow_m else None, before))

    # "其中结果维持 72 件，结果纠正 64 件…" after a review or suit figure.
    for m in _NUMBER.finditer(sentence):
        if any(f[0] <= m.start() < f[1] for f in found):
            continue
        value = chinese_number(m.group(1))
        if value is None or m.group(2):
            continue
        before = sentence[_clause_start(sentence, m.start()) : m.start()]
        col = _result_column(before)
        owner = [k for p, k in subjects if p < m.start()]
        if col is None or not owner or not about_disclosure:
            continue
        c0 = _clause_start(sentence, m.start())
        found.append((c0, m.end(), f"{owner[-1]}.{col}", value, None, before))

    if about_disclosure:
        for zero in _zero_claims(sentence):
            # "行政复议 0 件" is read as a figure already.
            if not any(f[2] == zero[2] and f[0] < zero[1] and zero[0] < f[1] for f in found):
                found.append(zero)

    claims: list[Claim] = []
    quote_full = _clean(text[span[0] : span[1]]) if found else ""  # most sentences state no figure
    for i, j, kind, value, narrow, subject in sorted(found):
        a, b = compact.span(s0 + i, s0 + j)
        phrase = _clean(text[a:b])
        claims.append(Claim(kind, value, a, b, phrase, span, _shorten(quote_full, phrase), narrow, subject))
    return claims


def _zero_claims(sentence: str) -> list[tuple[int, int, str, int, str | None, str]]:
    out: list[tuple[int, int, str, int, str | None, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _ZERO_REVIEW:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            for word in {m.group(1), m.group(2)} - {None}:
                out.append(
                    (m.start(), m.end(), "review" if word == "行政复议" else "suit", 0, None, m.group(0))
                )
    for pattern in _ZERO_RECEIVED:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append((m.start(), m.end(), "received", 0, None, m.group(0)))
    return out


def _kind(before: str, after: str) -> tuple[str | None, int | None]:
    """The kind a figure speaks of, from the words before it in its clause, else after it."""
    for kind, pattern in _KIND_PATTERNS:
        hits = list(pattern.finditer(before))
        if hits:
            return kind, hits[-1].start()
    for kind, pattern in _KIND_PATTERNS:
        if kind in ("carry_next", "carry_prev", "completed", "disclosed") and pattern.search(after):
            return kind, None
    return None, None


def _result_column(before: str) -> str | None:
    tail = before[-8:]
    for col, pattern in _RESULT_PATTERNS:
        if pattern.search(tail):
            return col
    return None


def _clause_start(sentence: str, i: int) -> int:
    j = i
    while j > 0 and not _CLAUSE_MARK.match(sentence[j - 1]):
        j -= 1
    return j


def _clause_end(sentence: str, i: int) -> int:
    j = i
    while j < len(sentence) and not _CLAUSE_MARK.match(sentence[j]) and not _SENTENCE_END.match(sentence[j]):
        j += 1
    return j


def _clean(text: str) -> str:
    out = re.sub(r"\s*\n\s*", "", text)
    out = re.sub(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])", "", out)
    return re.sub(r"\*+", "", out).strip()


def _shorten(sentence: str, phrase: str, width: int = 150) -> str:
    if len(sentence) <= width:
        return sentence
    at = sentence.find(phrase)
    if at < 0:
        return sentence[:width] + "…"
    left = max(0, at - (width - len(phrase)) // 2)
    right = min(len(sentence), left + width)
    left = max(0, right - width)
    return ("…" if left else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


# ---------------------------------------------------------------------------------------- matching


def combo_value(combo: Combo, tables: Mapping[str, Table]) -> Number | None:
    """The sum of the combo's cells; None when a cell is absent or unreadable. A blank counts as 0,
    except a blank total in a row that has figures, which counts as the sum of that row."""
    total: Number = 0
    for cid in combo.cells:
        table, cell = _lookup(cid, tables)
        if table is None or cell is None or cell.invalid:
            return None
        if cell.value is None and not cell.blank:
            return None
        if _blank_total(table, cell):
            # A total left out of a row with figures is not a 0: the row's own columns say it.
            row_sum = _row_sum(table, cell.row)
            if row_sum is None:
                return None
            total += row_sum
            continue
        total += cell.value or 0
    return total


def _lookup(cid: str, tables: Mapping[str, Table]) -> tuple[Table | None, Cell | None]:
    table_id, row, col = split_cell_id(cid)
    table = tables.get(table_id)
    return table, table.get(row, col) if table is not None else None


def _blank_total(table: Table, cell: Cell) -> bool:
    """A 总计 printed blank in a row that has figures: summed from the row, not read as 0."""
    return cell.blank and cell.col == "total" and _row_has_figures(table, cell.row)


def _row_sum(table: Table, row: str) -> Number | None:
    cells = [c for (r, col), c in table.cells.items() if r == row and col != "total"]
    if any(c.invalid or c.reading == "uncertain" or (c.value is None and not c.blank) for c in cells):
        return None
    return sum(c.value or 0 for c in cells)


def _blank_totals(combo: Combo, tables: Mapping[str, Table]) -> list[str]:
    """The combo's total cells printed blank in a row with figures (summed from the row instead)."""
    out = []
    for cid in combo.cells:
        table, cell = _lookup(cid, tables)
        if table is not None and cell is not None and _blank_total(table, cell):
            out.append(cid)
    return out


def _uncertain(cid: str, tables: Mapping[str, Table]) -> bool:
    cell = _lookup(cid, tables)[1]
    return cell is not None and cell.reading == "uncertain"


def _row_has_figures(table: Table, row: str) -> bool:
    return any(c.value for (r, col), c in table.cells.items() if r == row and col != "total")


_TABLE_NAMES = {"apply": "依申请表", "review": "复议诉讼表", "active": "主动公开表"}


def cell_label(cid: str) -> str:
    """A cell as the auditor reads it: 依申请表“（七）总计”总计栏."""
    table, row, col = split_cell_id(cid)
    for template in (t.id for t in newest_first()):
        try:
            return f"{_TABLE_NAMES.get(table, table)}“{row_label(template, table, row)}”{column_label(template, table, col)}栏"
        except KeyError:
            continue
    return cid


def cells_label(cells: Sequence[str]) -> str:
    if len(cells) <= 2:
        return " + ".join(cell_label(c) for c in cells)
    return f"{cell_label(cells[0])}等 {len(cells)} 格之和"


def _explain(combo: Combo, tables: Mapping[str, Table]) -> str:
    if len(combo.cells) > 1 and combo.parts:
        values = [combo_value(Combo(p, (c,)), tables) for p, c in zip(combo.parts, combo.cells, strict=True)]
        return " + ".join(f"{p} {v}" for p, v in zip(combo.parts, values, strict=True))
    return f"{combo.label} {combo_value(combo, tables)}"


def check_claims(
    claims: Sequence[Claim], tables: Mapping[str, Table], source_of: Document | None = None
) -> list[Finding]:
    """A finding for each claim the tables do not bear out as stated."""
    out: list[Finding] = []
    for claim in claims:
        finding = check_claim(claim, tables, source_of)
        if finding is not None:
            out.append(finding)
    return out


def check_claim(claim: Claim, tables: Mapping[str, Table], doc: Document | None = None) -> Finding | None:
    primary, others = READINGS[claim.kind]
    readings: list[tuple[Combo, Number]] = []
    for combo in primary:
        v = combo_value(combo, tables)
        if v is not None:
            readings.append((combo, v))
    if not readings:
        return None
    if any(v == claim.value for _, v in readings):
        return None
    first, first_value = readings[0]
    source = Source(
        claim.start, claim.end, doc.page_box(claim.start, claim.end) if doc and doc.spans else None
    )
    for combo in others:
        v = combo_value(combo, tables)
        if v is not None and v == claim.value:
            return catalogued(
                "narrative.scope",
                message=(
                    f"正文“{claim.phrase}”的 {claim.value} 件 = {_explain(combo, tables)}，"
                    f"与表中“{first.label}”{first_value} 口径不同，数字相符"
                ),
                cells=combo.cells,
                expected=v,
                actual=claim.value,
                source=source,
                quote=claim.quote,
            )
    tried = [f"{c.label}（{v}）" for c, v in ((c, combo_value(c, tables)) for c in others) if v is not None]
    also = f"；也不等于{'、'.join(tried)}" if tried else ""
    diff = claim.value - first_value
    unsure = [c for c in first.cells if _uncertain(c, tables)]
    # The table's figure may be the misread, or the sentence may speak of less: no mismatch then.
    if unsure:
        why = f"但{cells_label(unsure)}的识别不确定，{UNCERTAIN_NOTE}"
    elif claim.narrow is not None:
        why = f"句中“{claim.narrow}”表明所说范围可能与表格不同，请人工核对"
    else:
        why = ""
    if why:
        return catalogued(
            "narrative.unclear",
            message=f"正文“{claim.phrase}”为 {claim.value} 件，表中“{first.label}”为 {first_value}{also}；{why}",
            cells=first.cells,
            expected=first_value,
            actual=claim.value,
            source=source,
            quote=claim.quote,
        )
    blank = _blank_totals(first, tables)
    summed = f"；其中{cells_label(blank)}空白，按该行各栏之和计" if blank else ""
    return catalogued(
        "narrative.mismatch",
        message=(
            f"正文与表格不符：正文“{claim.phrase}”为 {claim.value} 件，"
            f"表中{first.label}（{cells_label(first.cells)}）为 {first_value}，相差 {abs(diff)}{also}{summed}"
        ),
        cells=first.cells,
        expected=first_value,
        actual=claim.value,
        source=source,
        quote=claim.quote,
    )


# A department's report speaking of the whole region ("全市共收到…") speaks of more than its tables.
_REGION_WIDE = re.compile(r"全[省市州盟县区旗]|各县|各区|各部门|各单位")


def report_claims(doc: Document, report: AuditReport) -> list[Claim]:
    """The claims of one audited report, outside its tables."""
    exclude = [
        (t.source.start, t.source.end) for t in report.tables.values() if t.source is not None and t.found
    ]
    sections = split_sections(doc.text)
    in_34 = [(s.start, s.end) for s in sections.found if s.number in (3, 4)]
    claims = extract_claims(doc.text, report.year, exclude, in_34)
    if body_kind(report.body) == "department":
        for i, claim in enumerate(claims):
            wide = _REGION_WIDE.search(claim.subject)
            if claim.narrow is None and wide is not None:
                claims[i] = replace(claim, narrow=wide.group(0))
    return claims


def narrative_findings(doc: Document, report: AuditReport) -> list[Finding]:
    """``DOCUMENT_CHECKS`` entry: narrative figures against the tables."""
    if report.template is None:
        return []
    return check_claims(report_claims(doc, report), report.tables, doc)
