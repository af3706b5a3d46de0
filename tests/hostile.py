"""Hostile report files, generated small (tests/test_hostile.py and scripts/bench_hostile.py use them)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_ARTICLE = "<p>二、主动公开政府信息情况</p><p>本年度主动公开政府信息 120 条。</p>"


def nested_tables_html(depth: int) -> bytes:
    """Tables nested ``depth`` deep, each with a cell of text beside the next table."""
    opening = "<table><tr><td>甲</td><td>" * depth
    closing = "</td></tr></table>" * depth
    return f"<html><body><p>前言</p>{opening}乙{closing}{_ARTICLE}</body></html>".encode()


def span_bomb_html() -> bytes:
    """About 16 KB of cells with colspan and rowspan 1000."""
    row = "<tr>" + '<td colspan="1000" rowspan="1000">1</td>' * 20 + "</tr>"
    return f"<html><body><table>{row * 20}</table>{_ARTICLE}</body></html>".encode()


def embed_html() -> bytes:
    """An unclosed <embed> (and an <object> with a <param>) before the article."""
    return (
        '<html><body><embed src="banner.swf"><object data="x.swf"><param name="a" value="b">'
        f"{_ARTICLE}</body></html>"
    ).encode()


def _docx(document_xml: bytes | Callable[[zipfile.ZipFile], None]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        if isinstance(document_xml, bytes):
            z.writestr("word/document.xml", document_xml)
        else:
            document_xml(z)
    return buf.getvalue()


def _document(body: str) -> bytes:
    return f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def gridspan_bomb_docx() -> bytes:
    """A 3.5 KB .docx whose cells claim gridSpan 30,000,000 and gridBefore 30,000,000."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="30000000"/></w:tcPr>' + _para("1") + "</w:tc>"
    row = '<w:tr><w:trPr><w:gridBefore w:val="30000000"/></w:trPr>' + cell * 3 + "</w:tr>"
    table = "<w:tbl>" + row * 20 + "</w:tbl>"
    return _docx(_document(_para("二、主动公开政府信息情况") + table + _para("本年度主动公开政府信息 120 条。")))


def nested_tables_docx(depth: int) -> bytes:
    opening = ("<w:tbl><w:tr><w:tc>" + _para("甲") + "</w:tc><w:tc>") * depth
    closing = "</w:tc></w:tr></w:tbl>" * depth
    # A table cell must end with a paragraph.
    return _docx(_document(_para("前言") + opening + _para("乙") + closing.replace("</w:tc>", _para("") + "</w:tc>", 1)))


def big_document_docx(unpacked_mb: int = 190) -> bytes:
    """A .docx whose word/document.xml unpacks to ``unpacked_mb`` MB (well under 1 MB on disk)."""

    def write(z: zipfile.ZipFile) -> None:
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>'.encode())
            chunk = (_para("本年度主动公开政府信息。") * 4000).encode()
            for _ in range(unpacked_mb * 1024 * 1024 // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")

    return _docx(write)


def lying_zip_docx(unpacked_mb: int = 64) -> bytes:
    """A .docx whose headers claim word/document.xml is 2 KB while it unpacks to ``unpacked_mb`` MB."""
    data = bytearray(big_document_docx(unpacked_mb))
    name = b"word/document.xml"
    small = struct.pack("<I", 2048)
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # local headers: uncompressed size at +22
        if data[at + 30 : at + 30 + len(name)] == name:
            data[at + 22 : at + 26] = small
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:  # central directory: uncompressed size at +24
        if data[at + 46 : at + 46 + len(name)] == name:
            data[at + 24 : at + 28] = small
        at += 4
    return bytes(data)


def linked_picture_flat_odt(url: str) -> bytes:
    """A flat ODT (XML) with a picture linked from ``url``: LibreOffice fetches it unless told not to."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:body><office:text>
<text:p>二、主动公开政府信息情况</text:p>
<text:p><draw:frame draw:name="p1" svg:width="2cm" svg:height="2cm"><draw:image xlink:href="{url}/logo.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
<text:p>本年度主动公开政府信息 120 条。</text:p>
</office:text></office:body></office:document>
""".encode()


def linked_picture_rtf(url: str) -> bytes:
    """An RTF (Word opens it as .doc) with an INCLUDEPICTURE field pointing at ``url``."""
    field = r'{\field{\*\fldinst INCLUDEPICTURE "' + url + r'/pic.png" \\d}{\fldrslt }}'
    return ("{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Arial;}}\\f0 Annual report " + field + "\\par}").encode("ascii")


def stray_byte_utf8() -> bytes:
    """A UTF-8 report with one byte that is not UTF-8 in the middle."""
    text = "乌海市人民政府2020年政府信息公开工作年度报告\n" + "本年度主动公开政府信息 120 条。\n" * 40
    raw = text.encode("utf-8")
    return raw[:300] + b"\xff" + raw[300:]


def special_files(folder: Path) -> dict[str, Path]:
    """A FIFO named like a report and a symlink to /dev/zero (POSIX only)."""
    fifo = folder / "x.txt"
    os.mkfifo(fifo)
    zero = folder / "zero.txt"
    zero.symlink_to("/dev/zero")
    return {"fifo": fifo, "zero": zero}
