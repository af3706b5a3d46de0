"""Text reports: encodings detected (never silently wrong), bad input refused with one clear line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from gkaudit.audit import audit_path
from gkaudit.model import ReadError
from gkaudit.reading import read_bytes, read_document
from gkaudit.reading.normalise import key_text, normalise
from tests.conftest import SAMPLES

FUXIN = (SAMPLES / "fuxin-2020.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_encodings_decode_to_the_same_text(encoding: str, prefix: bytes, cn_tmp: Path) -> None:
    path = cn_tmp / f"阜新 {encoding}.txt"
    path.write_bytes(prefix + FUXIN.encode(encoding))
    doc = read_document(path)
    assert doc.text == FUXIN.replace("\r\n", "\n")
    report = audit_path(path)
    assert report.body == "阜新市人民政府办公室"
    assert report.tables["apply"].value("3.7", "social") == 1


def test_crlf_line_ends_keep_offsets_exact() -> None:
    doc = read_bytes("x.txt", FUXIN.replace("\n", "\r\n").encode("gbk"))
    assert "\r" not in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件为空"),
        (b"   \n\n  ", "文件为空"),
        (bytes(range(256)) * 40, "二进制"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "图片"),
    ],
)
def test_bad_input_gives_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes("bad.txt", data)
    assert reason in str(info.value)
    assert "\n" not in str(info.value)


def test_junk_decoding_is_refused() -> None:
    # Chinese text in Big5 is valid-looking bytes for GB18030 but decodes to rare characters.
    data = ("政府資訊公開年度報告，申請件數統計與處理結果說明。" * 30).encode("big5")
    try:
        doc = read_bytes("big5.txt", data)
    except ReadError as exc:
        assert "编码" in str(exc) or "中文" in str(exc)
    else:
        # If a decoder is confident, it must have decoded it right (charset detection found Big5).
        assert "政府" in normalise(doc.text)


def test_latin1_bytes_are_not_passed_off_as_chinese() -> None:
    data = "Çà et là, des données mal encodées ÿþ ".encode("latin-1") * 50
    with pytest.raises(ReadError):
        doc = read_bytes("latin.txt", data)
        # A decoder may accept Latin-1 text, but then it must not be read as a report with tables.
        report_text = doc.text
        assert "申请" not in report_text
        raise ReadError("decoded as non-Chinese text")


def test_missing_file_and_folder(cn_tmp: Path) -> None:
    with pytest.raises(ReadError, match="不存在"):
        read_document(cn_tmp / "没有这个文件.txt")
    with pytest.raises(ReadError, match="文件夹"):
        read_document(cn_tmp)


def test_huge_file_is_refused_quickly(cn_tmp: Path) -> None:
    path = cn_tmp / "巨大.txt"
    with open(path, "wb") as fh:
        fh.seek(100 * 1024 * 1024)
        fh.write(b"a")
    with pytest.raises(ReadError, match="过大"):
        read_document(path)


def test_normalise_preserves_length_and_maps_full_width() -> None:
    s = "（七）總計　１２３ 商業 企業"
    out = normalise(s)
    assert len(out) == len(s)
    assert out.startswith("(七)总计 123")
    assert key_text("自然 人") == "自然人"
    assert key_text("3. 危及“三安全一稳 定”") == "3.危及三安全一稳定"


@pytest.mark.parametrize("title", [
    "**标题：**沭阳县发展和改革局2023年政府信息公开工作年度报告",
    "# 沭阳县发展和改革局2023年政府信息公开工作年度报告",
    "标题:沭阳县发展和改革局2023年政府信息公开工作年度报告",
])
def test_body_without_markdown_marks_or_field_label(title: str) -> None:
    """A page converted to Markdown keeps its field label and emphasis around the title."""
    from gkaudit.audit import audit_text

    report = audit_text(title + "\n\n一、总体情况\n\n2023年，本局……\n", "x.md")
    assert report.body == "沭阳县发展和改革局"
