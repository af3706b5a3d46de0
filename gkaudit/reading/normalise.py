"""Length-preserving normalisation of report text, and the compact form labels are matched in.

``normalise`` maps character for character (full-width → half-width, traditional → simplified, odd
spaces → space), so an offset into the normalised text is an offset into the original text too.
"""

from __future__ import annotations

import functools
import re

# Traditional characters that mirror sites print in the template's labels and headings,
# paired position by position with their simplified forms.
_TRAD = "開請處計數結轉資訊規範許強費購複議訴訟維糾審總稱門類與為於這個來時後說對經關當發現會還過進實體區縣鄉鎮務機級報網頁條項況內無產業權險應據確辦準備舉製編號統記錄難題點動態國護屬穩執詢補訪復獲認繳納餘纍從織學構組職責檢單細標儘盡員幹廢徵決罰採額萬較並誤歸檔頒佈錯譯遲續減繼覆舊際監導衛環醫療證術農財稅價貿藝廣電視營養層鄰彙匯滙詳選擇優勢積極參聽徑張戶諮熱線們聯繫絡傳遞領專綜協調貫徹圍誌頭欄紐諾懷則輕讓邊遷濟衝廳"
_SIMP = "开请处计数结转资讯规范许强费购复议诉讼维纠审总称门类与为于这个来时后说对经关当发现会还过进实体区县乡镇务机级报网页条项况内无产业权险应据确办准备举制编号统记录难题点动态国护属稳执询补访复获认缴纳余累从织学构组职责检单细标尽尽员干废征决罚采额万较并误归档颁布错译迟续减继复旧际监导卫环医疗证术农财税价贸艺广电视营养层邻汇汇汇详选择优势积极参听径张户咨热线们联系络传递领专综协调贯彻围志头栏纽诺怀则轻让边迁济冲厅"

_MAP: dict[int, str] = {}
for _code in range(0xFF01, 0xFF5F):  # full-width ASCII block
    _MAP[_code] = chr(_code - 0xFEE0)
_MAP.update({
    0x3000: " ",  # ideographic space
    0x00A0: " ",  # no-break space (&nbsp;)
    0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " ", 0xFEFF: " ",
    0x3001: "、",
    0x2014: "—", 0x2015: "—", 0x2212: "-", 0xFE63: "-", 0x2013: "-",
    0x3014: "〔", 0x3015: "〕",
})
# Full-width brackets become half-width; 〔〕 (document numbers) stay as they are.
for _t, _s in zip(_TRAD, _SIMP, strict=True):
    _MAP[ord(_t)] = _s
_TABLE = str.maketrans(_MAP)
# ``str.translate`` looks every character up in the table, and a character it does not map (most
# of a Chinese text) costs a failed lookup: a long text is mapped faster by finding which of the
# mapped characters it prints (one regex pass) and replacing each of those. No character maps to
# another that is mapped again, so replacing one after another is translating all at once.
_MAPPED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_MAP)) + "]")
_SINGLE: dict[str, str] = {chr(c): v for c, v in _MAP.items()}
assert all(len(v) == 1 and (v not in _SINGLE or _SINGLE[v] == v) for v in _SINGLE.values())
_SHORT = 64  # below this, one translate is quicker than the regex pass


_TRADITIONAL = frozenset(_TRAD)
# One regex pass finds them (a set's intersection with a text makes an object of every character).
_TRADITIONAL_CHAR = re.compile("[" + "".join(sorted(_TRADITIONAL)) + "]")


def distinct_traditional(text: str) -> int:
    """How many of the traditional characters ``normalise`` maps the text prints (a mirror site's page)."""
    return len(set(_TRADITIONAL_CHAR.findall(text)))


def normalise(text: str) -> str:
    """Half-width digits and brackets, simplified characters, plain spaces; same length as ``text``."""
    if text.isascii():
        return text  # every character the table maps is outside ASCII (a cell's "12": the common case)
    if len(text) > 2000:
        return _normalise_document(text)
    return text.translate(_TABLE) if len(text) < _SHORT else _translate(text)


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``, by replacing the mapped characters the text prints."""
    for ch in set(_MAPPED.findall(text)):
        text = text.replace(ch, _SINGLE[ch])
    return text


@functools.lru_cache(maxsize=4)
def _normalise_document(text: str) -> str:
    # Several steps (metadata, tables, sections, narrative) normalise the same whole document.
    return _translate(text)


_KEY_DROP = re.compile(r"[\s\"'“”‘’「」『』、，,。:：;；·•_~`\-—\u2026|*#/\\]+")


def key_text(text: str) -> str:
    """The compact form labels are matched in: normalised, without spaces and most punctuation."""
    return _KEY_DROP.sub("", normalise(text))


def compact(normalised_text: str) -> str:
    """``key_text`` for text that is already normalised (saves translating it twice)."""
    if len(normalised_text) > 2000:
        return _compact_document(normalised_text)
    if len(normalised_text) <= _SHORT:
        return _compact_short(normalised_text)
    return _KEY_DROP.sub("", normalised_text)


@functools.lru_cache(maxsize=8192)
def _compact_short(normalised_text: str) -> str:
    # A cell's or a label's text: the same ones are compacted again and again (kept, bounded).
    return _KEY_DROP.sub("", normalised_text)


@functools.lru_cache(maxsize=4)
def _compact_document(normalised_text: str) -> str:
    # The template's detection and each table's layout check compact the same whole document.
    return _KEY_DROP.sub("", normalised_text)


def compact_lines(normalised_text: str) -> list[str]:
    """``compact`` of each line of the text (split at "\n"). Line by line: ``_KEY_DROP`` is one
    character class, quicker to run than a pattern over the whole text that spares the line breaks
    (spaces other than the break, or the marks), and what it drops it drops character by character."""
    return [_KEY_DROP.sub("", line) for line in normalised_text.split("\n")]
