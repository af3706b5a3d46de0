"""Plain-text reports: detect the encoding (UTF-8, UTF-16, GBK/GB18030), refuse junk with a reason."""

from __future__ import annotations

import codecs
import re

from gkaudit.model import Document, ReadError
from gkaudit.reading.inline_pipes import unfold

MAX_TEXT_BYTES = 20 * 1024 * 1024


# A UTF-8 file with this few invalid bytes (per byte of file, at least 8) is UTF-8 damaged in
# places (a stray byte from a bad copy or a truncated edit), read with the bytes replaced.
STRAY_BYTES_RATIO = 1 / 2000


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding) or raises ReadError with a one-line reason."""
    text, encoding, _notes = decode_with_notes(data, declared)
    return text, encoding


def decode_with_notes(data: bytes, declared: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode report bytes; (text, encoding, notes for the auditor) or ReadError with a one-line reason.

    Order: BOM, then ``declared`` (an HTML meta charset), strict UTF-8, UTF-16 without BOM, GB18030,
    UTF-8 with a few stray bytes (replaced, and a note says how many), then charset-normalizer.
    Whatever decodes must also look like Chinese text, so a wrong guess is an error rather than junk
    passed on.
    """
    if not data.strip():
        raise ReadError("文件为空")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data, enc, strict=True), enc, ()
    candidates: list[str] = []
    if declared:
        candidates.append(_canonical(declared))
    candidates.append("utf-8")
    if _looks_utf16(data):
        candidates.insert(0, f"utf-16-{utf16_parity(data[:8000])}")
    candidates.append("gb18030")
    if b"\x00" in data and not any(c.startswith("utf-16") for c in candidates):
        raise ReadError("不是文本文件（含二进制内容）")
    reasons: list[str] = []
    for enc in dict.fromkeys(candidates):
        try:
            return _checked(data, enc, strict=True), enc, ()
        except ReadError as exc:
            if str(exc) == UNMAPPED:  # valid UTF-8 of private-use characters is no wrong guess
                raise
            reasons.append(str(exc))
    damaged = _nearly_utf8(data)
    if damaged is not None:
        text, bad = damaged
        return text, "utf-8", (f"文件是 UTF-8 编码，但有 {bad} 处无效字节（已替换为 �），相应位置的文字可能缺失",)
    guess = _charset_normalizer_guess(data)
    if guess:
        try:
            return _checked(data, guess, strict=True), guess, ()
        except ReadError:
            pass
    raise ReadError("无法识别文件编码：按 UTF-8、UTF-16、GBK/GB18030 解码均不是可读的中文文本")


def _nearly_utf8(data: bytes) -> tuple[str, int] | None:
    """The text and the number of invalid byte runs, when ``data`` is UTF-8 but for a few bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= 0 or bad > max(8, len(data) * STRAY_BYTES_RATIO):
        return None
    if not looks_like_text(text.replace("\ufffd", "")):
        return None
    return text, bad


def _canonical(name: str) -> str:
    name = name.strip().lower()
    if name in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936"):
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: the NUL bytes of ASCII characters all fall at one parity."""
    return utf16_parity(data[:8000]) is not None


def utf16_parity(sample: bytes) -> str | None:
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd < max(4, len(sample) * 0.02):
        return None
    if odd >= 0.8 * (even + odd):
        return "le"
    if even >= 0.8 * (even + odd):
        return "be"
    return None


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is declared
        return None
    best = from_bytes(data[:200_000]).best()
    return None if best is None else str(best.encoding)


def _checked(data: bytes, encoding: str, strict: bool) -> str:
    try:
        text = data.decode(encoding, errors="strict" if strict else "replace")
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(f"不是有效的 {encoding} 编码") from exc
    if not looks_like_text(text, strict_charset=not encoding.startswith("utf")):
        raise ReadError(UNMAPPED if encoding.startswith("utf") and unmapped_text(text) else
                        f"按 {encoding} 解码后不是可读的中文文本")
    return text


# Text copied or converted from a PDF whose font has no character map: the code points of the
# glyphs are the font's own, in the Private Use Area, where the Chinese characters should be.
UNMAPPED = "文字无法辨认：文中的汉字都是无法对应的私用区字符（常见于字体缺少字符映射的 PDF 复制或转换出的文本），请打开原始文件核对"
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_MIN_PRIVATE = 20


def unmapped_text(text: str) -> bool:
    """Whether the text's Chinese is mostly Private Use Area characters (an unmapped PDF font)."""
    sample = text[:50_000]
    private = len(_PRIVATE.findall(sample))
    return private >= _MIN_PRIVATE and private > len(_CJK.findall(sample))


_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_CJK = re.compile("[\u4e00-\u9fff]")
_RARE = re.compile("[\u3400-\u4dbf\U00020000-\U0003ffff]")


def looks_like_text(text: str, strict_charset: bool = False) -> bool:
    """True when ``text`` reads as a (Chinese or plain) document rather than mis-decoded junk.

    ``strict_charset``: the decoding itself proves little (GB18030 accepts almost any bytes), so
    the Chinese characters must also be mostly common ones.
    """
    sample = text[:50_000]
    if not sample.strip():
        return False
    if len(_BAD.findall(sample)) > max(3, len(sample) * 0.01):
        return False
    if not strict_charset:
        return True
    cjk = _CJK.findall(sample)
    rare = len(_RARE.findall(sample))
    if len(cjk) + rare < 20:
        return True
    common = sum(1 for ch in cjk if _is_common_hanzi(ch))
    return common >= (len(cjk) + rare) * 0.7


def _is_common_hanzi(ch: str) -> bool:
    """A frequently used hanzi: GB2312 (simplified) or Big5 level 1 (traditional, as mirror sites print)."""
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= b[0] <= 0xC6


def text_document(path: str, data: bytes, sha256: str) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise ReadError(
            f"文件过大（{len(data) / 1024 / 1024:.1f} MB），文本报告上限为 {MAX_TEXT_BYTES // 1024 // 1024} MB"
        )
    text, encoding, notes = decode_with_notes(data)
    return Document(path=path, kind="text", text=unfold(clean_newlines(text)), sha256=sha256,
                    encoding=encoding, notes=notes)


def clean_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
