"""Word reports: .docx read from word/document.xml in body order; .doc/.wps converted by LibreOffice.

Paragraphs become lines (with their automatic list numbers, since 一、/（一） headings are often
numbered by Word rather than typed); tables become grids with gridSpan and vMerge expanded. A table
that holds a data table, or has a single column, is page layout: its cells are read as paragraphs
(and the inner tables as grids); a trivial nested table is flattened into its cell's text.

A PDF converted to Word by a layout-keeping converter (LibreOffice's PDF import, some online
tools) holds no paragraphs or tables, only text boxes anchored at absolute positions, written in
whatever order the PDF drew them: those boxes are laid out again by their positions, page by page
and line by line, each word with its box, as the PDF reader does (``_Frames``).

Bounded by design: a part is unpacked in chunks and refused past ``MAX_PART_BYTES`` (the sizes a
zip's headers state are not trusted), spans are clamped to the table's real width, a table larger
than ``MAX_GRID_CELLS`` or nested deeper than ``MAX_TABLE_DEPTH`` is read as paragraphs, and each
table's grid is built once.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from functools import partial
from pathlib import Path
from typing import Any

from lxml import etree

from gkaudit.model import Document, PageBox, ReadError
from gkaudit.reading.grid import (
    PICTURE,
    Grid,
    Slot,
    TextBuilder,
    clean_cell,
    clean_line,
    is_layout_grid,
    tidy_grid,
)
from gkaudit.reading.pdf_text import Glyph, line_words
from gkaudit.reading.pictures import Frame, Picture, frame_of_file, read_pictures
from gkaudit.reading.scan import OcrOptions
from gkaudit.reading.word_numbering import Numbering

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict Open XML" documents
)
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_EMU_PER_PT = 12700
# A paragraph anchoring this many positioned text boxes is a converted PDF page (or pages), not a
# paragraph with a callout: its boxes are read by position, not in the order they were written.
MIN_FRAMES = 12
# Two boxes whose middles lie closer than this share of a box height stand on one line.
_SAME_LINE = 1 / 3
_REL_OFFICE_DOC = re.compile(r'Type="[^"]*/officeDocument"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Type="[^"]*/officeDocument"')
# word/document.xml of a 300-page report is a few MB; lxml's tree takes ~10× the XML in memory.
MAX_PART_BYTES = 24 * 1024 * 1024
MAX_TABLE_DEPTH = 8
MAX_GRID_CELLS = 200_000
_CHUNK = 1024 * 1024
SOFFICE_TIMEOUT = 60.0

# Subtrees of a paragraph whose text is not shown: deleted revisions, moved-away text, the
# fallback copy of a drawing, and text boxes (read separately, after their paragraph).
_SKIP_IN_PARAGRAPH = frozenset({"del", "moveFrom", "pPr", "rPr", "instrText", "delText"})
_TRANSPARENT = frozenset({"sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo", "fldSimple", "hyperlink"})


def _is_picture(el: Any) -> bool:
    """A drawing that shows an image (a:blip, VML's imagedata) and holds no text box."""
    return el.find(".//{*}txbxContent") is None and (
        el.find(".//{*}blip") is not None or el.find(".//{*}imagedata") is not None)


def docx_document(
    path: str, data: bytes, sha256: str, notes: tuple[str, ...] = (), ocr: OcrOptions | None = None
) -> Document:
    """Read a .docx; ReadError (one line, Chinese) when it is not a readable Word document. Pictures
    holding a table are read by OCR (``pictures``) as ``ocr`` says."""
    zf = _open_zip(data)
    main = _main_part(zf)
    root = _parse_xml(_read_part(zf, main))
    ns = etree.QName(root).namespace
    if ns not in _W_NAMESPACES:
        raise ReadError("不是 Word 文档（word/document.xml 的内容不是 Word 正文）")
    body = root.find(f"{{{ns}}}body")
    if body is None:
        raise ReadError("Word 文档没有正文部分（word/document.xml 不完整）")
    numbering = Numbering.from_package(
        _optional_part(zf, "word/numbering.xml"), _optional_part(zf, "word/styles.xml"), ns
    )
    out = TextBuilder()
    walker = _BodyWalker(ns, numbering, out, _page_height(body, ns))
    walker.blocks(body)
    text = out.text
    if not text.strip():
        raise ReadError("Word 文档中没有文字（可能只有图片，需要先做文字识别（OCR））")
    doc = Document(path=path, kind="docx", text=text, sha256=sha256, encoding=None, notes=notes, spans=out.spans)
    targets = _picture_targets(zf, main)
    pictures = [Picture(partial(_picture_frame, zf, targets, el)) for el in walker.pictures]
    return read_pictures(doc, pictures, ocr)


def _picture_targets(zf: zipfile.ZipFile, main: str) -> dict[str, str]:
    """The main part's relationships to parts of the package: id → part name (external links left out)."""
    folder, _, name = main.rpartition("/")
    rels = _optional_part(zf, f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
    if rels is None:
        return {}
    try:
        root = _parse_xml(rels)
    except ReadError:
        return {}
    out: dict[str, str] = {}
    for rel in root:
        target, rid = rel.get("Target") or "", rel.get("Id")
        if rid is None or rel.get("TargetMode") == "External":
            continue
        out[rid] = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
    return out


def _picture_frame(zf: zipfile.ZipFile, targets: dict[str, str], el: Any) -> Frame | None:
    """The image a picture element shows (a:blip's r:embed, VML's r:id), from the package; None
    when it is linked from outside the file or missing."""
    if el is None:
        return None
    for img in (*el.iter("{*}blip"), *el.iter("{*}imagedata")):
        rid = next((v for k, v in img.attrib.items() if k.endswith(("}embed", "}id"))), None)
        if rid is not None and rid in targets:
            return frame_of_file(_optional_part(zf, targets[rid]))
    return None


def old_word_document(path: str, data: bytes, sha256: str, ocr: OcrOptions | None = None) -> Document:
    """Read a .doc/.wps by converting it to .docx with LibreOffice, when LibreOffice is installed."""
    if data.startswith(b"PK\x03\x04"):
        return docx_document(path, data, sha256, ocr=ocr)  # a .docx saved under an old name
    head = data[:4096].lower()
    if b"<html" in head or b"<!doctype html" in head or b"xmlns:w=" in head:
        from gkaudit.reading.html import html_document  # Word "web page" saved as .doc

        return html_document(path, data, sha256, ocr)
    if data.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in data:
        raise ReadError("Word 文档已加密（需要密码才能打开），请在 Word/WPS 中取消密码后另存为 .docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ReadError("无法直接读取旧版 Word/WPS 文件（.doc/.wps），请在 Word 或 WPS 中另存为 .docx 后再审核")
    converted = convert_with_soffice(soffice, data, Path(path).suffix.lower() or ".doc", "docx")
    return docx_document(path, converted, sha256, notes=("本文件是旧版 Word/WPS 格式，已用 LibreOffice 转换为 .docx 后读取",), ocr=ocr)


# The private profile's settings: never fetch linked content (pictures, OLE links, fields), no
# macros, no update check. A report is converted offline, whatever it links to.
_OFFLINE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableActiveContent" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.WriterWeb/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments"><prop oor:name="AutoCheckEnabled" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


def offline_profile(folder: Path) -> str:
    """A LibreOffice user profile in ``folder`` with the offline settings; its URL for -env:UserInstallation."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(_OFFLINE_SETTINGS, encoding="utf-8")
    return folder.as_uri()


def without_network(cmd: list[str]) -> list[str]:
    """``cmd`` run in a namespace without network where the OS allows it (Linux ``unshare``);
    elsewhere unchanged, and the profile's settings alone keep it from fetching."""
    if _can_unshare():
        return ["unshare", "--user", "--map-root-user", "--net", "--", *cmd]
    return cmd


_unshare_works: bool | None = None


def _can_unshare() -> bool:
    global _unshare_works
    if _unshare_works is None:
        tool = shutil.which("unshare")
        _unshare_works = False
        if tool is not None:
            try:
                probe = subprocess.run([tool, "--user", "--map-root-user", "--net", "--", "true"],
                                       capture_output=True, timeout=10)
                _unshare_works = probe.returncode == 0
            except (OSError, subprocess.SubprocessError):
                _unshare_works = False
    return _unshare_works


def convert_with_soffice(soffice: str, data: bytes, suffix: str, target: str) -> bytes:
    """Convert ``data`` with headless LibreOffice, offline, in a private temporary profile, within
    ``SOFFICE_TIMEOUT``; the converted bytes."""
    if suffix not in (".doc", ".wps", ".rtf", ".docx"):
        suffix = ".doc"
    with tempfile.TemporaryDirectory(prefix="gkaudit-soffice-") as tmp:
        src = Path(tmp, "report" + suffix)
        src.write_bytes(data)
        outdir = Path(tmp, "out")
        # A private profile: a LibreOffice the user has open would otherwise swallow the request.
        profile = offline_profile(Path(tmp, "profile"))
        cmd = without_network([
            soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
            "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(outdir), str(src),
        ])
        try:
            proc = subprocess.Popen(
                cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
            )
        except OSError as exc:
            from gkaudit.reading.oserror import os_reason

            raise ReadError(f"无法启动 LibreOffice：{os_reason(exc)}") from exc
        try:
            proc.communicate(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)
            raise ReadError(
                f"LibreOffice 转换超时（{SOFFICE_TIMEOUT:.0f} 秒），请在 Word 或 WPS 中另存为 .docx"
            ) from exc
        result = outdir / f"report.{target}"
        if not result.is_file():
            # LibreOffice's own words (stderr) are English and name its internals: not shown.
            raise ReadError("LibreOffice 无法转换此文件（文件可能已损坏或不是 Word/WPS 文档），请在 Word 或 WPS 中另存为 .docx")
        return result.read_bytes()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
    proc.wait()


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise ReadError("这是旧版 Word 格式（.doc）或已加密的文档，不是 .docx；请在 Word/WPS 中另存为 .docx")
        raise ReadError("不是有效的 .docx 文件（不是 Word 2007 及以后的格式，文件可能已损坏）")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as exc:
        raise ReadError("不是有效的 .docx 文件（压缩包已损坏或不完整）") from exc


def _main_part(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    rels = _optional_part(zf, "_rels/.rels")
    if rels:
        m = _REL_OFFICE_DOC.search(rels.decode("utf-8", "replace"))
        if m:
            target = (m.group(1) or m.group(2)).lstrip("/")
            if target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    if "xl/workbook.xml" in names:
        raise ReadError("这是 Excel 表格文件，不是 Word 文档")
    if "ppt/presentation.xml" in names:
        raise ReadError("这是 PowerPoint 演示文稿，不是 Word 文档")
    raise ReadError("不是 Word 文档（压缩包中没有 word/document.xml）")


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """A part unpacked in chunks, counted as it comes: a zip bomb or a header that understates the
    size is refused at ``MAX_PART_BYTES`` instead of after gigabytes."""
    too_big = ReadError(
        f"Word 文档正文解压后超过 {MAX_PART_BYTES // 1024 // 1024} MB，不像是年度报告（可能是压缩炸弹），未读取"
    )
    try:
        if zf.getinfo(name).file_size > MAX_PART_BYTES:
            raise too_big
        chunks: list[bytes] = []
        total = 0
        with zf.open(name) as fh:
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > MAX_PART_BYTES:
                    raise too_big
                chunks.append(chunk)
        return b"".join(chunks)
    except ReadError:
        raise
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
        # RuntimeError: zipfile's "encrypted, password required"
        raise ReadError("Word 文档已损坏（正文部分无法解压）") from exc


def _optional_part(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return _read_part(zf, name)
    except ReadError:
        return None


def _parse_xml(xml: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)
    try:
        return etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as exc:
        if "depth" in str(exc).lower():  # libxml2's own limit: thousands of nested elements
            raise ReadError("Word 文档结构嵌套过深（上千层），不像是年度报告（可能是恶意构造的），未读取") from exc
        raise ReadError("Word 文档已损坏（正文 XML 不完整或格式错误）") from exc


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _BodyWalker:
    """Sends a body's paragraphs and tables, in order, to a TextBuilder."""

    def __init__(self, ns: str, numbering: Numbering, out: TextBuilder, page_height: float = 842.0) -> None:
        self.w = f"{{{ns}}}"
        self.numbering = numbering
        self.out = out
        self.page_height = page_height
        self.pages = 0  # pages laid out from positioned text boxes so far
        self.depth = 0  # tables being walked, one inside the other
        self.grids: dict[Any, Grid | None] = {}  # each table's grid, built once (None: too big)
        # The picture elements of the PICTURE lines written, in order (None: a line whose picture
        # is not told apart, so that the others keep their places).
        self.pictures: list[Any] = []

    def blocks(self, parent: Any) -> None:
        for el in parent:
            name = _local(el)
            if name == "p":
                self.paragraph(el)
            elif name == "tbl":
                self.table(el)
            elif name in _TRANSPARENT:
                self.blocks(el)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = self.numbering.prefix(p) + self.paragraph_text(p, boxes)
        lines = text.split("\n")
        self._pictures_of(p, sum(clean_line(line) == PICTURE for line in lines))
        for line in lines:
            self.out.line(line)
        frames = self._frames(boxes) if len(boxes) >= MIN_FRAMES else None
        if frames is not None:
            self.pages = frames.write(self.out, self.pages)
            return
        for box in boxes:
            self.blocks(box)

    def _pictures_of(self, p: Any, lines: int) -> None:
        """Record the pictures of a paragraph that writes ``lines`` PICTURE lines (those not in its text boxes)."""
        if not lines:
            return
        found = [el for el in p.iter("{*}drawing", "{*}pict") if _is_picture(el)
                 and not any(_local(a) in ("txbxContent", "Fallback") for a in el.iterancestors())]
        self.pictures.extend(found if len(found) == lines else [None] * lines)

    def _frames(self, boxes: list[Any]) -> _Frames | None:
        """The boxes as positioned frames, when every one is a plain text box at an absolute position."""
        frames = _Frames(self.page_height)
        for box in boxes:
            if box.find(f".//{self.w}tbl") is not None:
                return None
            anchor = next((a for a in box.iterancestors(f"{_WP}anchor")), None)
            place = _anchor_box(anchor)
            if place is None:
                return None
            text = " ".join(self.paragraph_text(p).replace("\n", " ") for p in box.iter(f"{self.w}p"))
            frames.add(place, text)
        return frames

    def paragraph_text(self, p: Any, boxes: list[Any] | None = None) -> str:
        parts: list[str] = []
        self._collect(p, parts, boxes)
        return "".join(parts)

    def _collect(self, el: Any, parts: list[str], boxes: list[Any] | None) -> None:
        for child in el:
            if child.tag == _MC_FALLBACK:
                continue
            name = _local(child)
            if name == "txbxContent":
                if boxes is not None:
                    boxes.append(child)
                continue
            if name in _SKIP_IN_PARAGRAPH or (name == "r" and self._hidden(child)):
                continue
            if name == "t":
                parts.append(child.text or "")
            elif name == "tab":
                parts.append(" ")  # tabs mark table cells in Document.text
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name in ("drawing", "pict") and _is_picture(child):
                parts.append(f"\n{PICTURE}\n")
            else:
                self._collect(child, parts, boxes)

    def _hidden(self, run: Any) -> bool:
        vanish = run.find(f"{self.w}rPr/{self.w}vanish")
        return vanish is not None and vanish.get(f"{self.w}val", "true") not in ("false", "0", "off")

    def table(self, tbl: Any) -> None:
        if self.depth >= MAX_TABLE_DEPTH:
            self.paragraphs_of(tbl)
            return
        grid = self.grid(tbl)
        if grid is not None and not is_layout_grid(grid) and not self._holds_data_table(tbl):
            self.out.table(grid)  # a trivial nested table's text is flattened into its cell
            return
        self.depth += 1
        try:
            for tr in self._rows(tbl):
                for tc in self._cells(tr):
                    self.blocks(tc)
        finally:
            self.depth -= 1

    def paragraphs_of(self, el: Any) -> None:
        """Every paragraph under ``el`` as a line, in order, without recursion (deep nesting)."""
        for p in el.iter(f"{self.w}p"):
            self.out.line(self.paragraph_text(p).replace("\n", " "))

    def grid(self, tbl: Any, depth: int = 0) -> Grid | None:
        if tbl not in self.grids:
            self.grids[tbl] = None
            self.grids[tbl] = self._grid(tbl, depth)
        return self.grids[tbl]

    def _holds_data_table(self, tbl: Any) -> bool:
        """Whether a table inside ``tbl`` is a grid of its own (2+ rows and columns): then ``tbl``
        is page layout around it."""
        for inner in tbl.iterdescendants(f"{self.w}tbl"):
            grid = self.grid(inner, MAX_TABLE_DEPTH - 1)
            if grid is not None and len(grid) >= 2 and len(grid[0]) >= 2:
                return True
        return False

    def _rows(self, tbl: Any) -> list[Any]:
        return [el for el in _flatten(tbl) if _local(el) == "tr"]

    def _cells(self, tr: Any) -> list[Any]:
        return [el for el in _flatten(tr) if _local(el) == "tc"]

    def _grid(self, tbl: Any, depth: int) -> Grid | None:
        """The table's grid, tidied; None when it would exceed ``MAX_GRID_CELLS``.

        ``gridSpan`` and ``gridBefore`` are clamped to the table's real width (its grid columns,
        or the most cells a row has): a span widens a cell, never the table.
        """
        w = self.w
        rows = [(tr, self._cells(tr)) for tr in self._rows(tbl)]
        width = max(len(tbl.findall(f"{w}tblGrid/{w}gridCol")), max((len(c) for _, c in rows), default=0), 1)
        if len(rows) * width > MAX_GRID_CELLS:
            return None
        grid: Grid = []
        for tr, cells in rows:
            row: list[Slot] = [Slot()] * min(max(0, _int_val(tr.find(f"{w}trPr/{w}gridBefore"), 0)), width)
            for tc in cells:
                span = min(max(1, _int_val(tc.find(f"{w}tcPr/{w}gridSpan"), 1)), width)
                if len(row) + span > 2 * width:
                    return None  # cells spanning the whole width, again and again: a bomb, not a table
                vmerge = tc.find(f"{w}tcPr/{w}vMerge")
                hmerge = tc.find(f"{w}tcPr/{w}hMerge")
                continued = (vmerge is not None and vmerge.get(f"{w}val", "continue") != "restart") or (
                    hmerge is not None and hmerge.get(f"{w}val", "continue") != "restart"
                )
                text = "" if continued else self._cell_text(tc, depth)
                row.append(Slot(text))
                row.extend([Slot()] * (span - 1))
            grid.append(row)
        return tidy_grid(grid)

    def _cell_text(self, tc: Any, depth: int) -> str:
        lines: list[str] = []
        for el in _flatten(tc):
            name = _local(el)
            if name == "p":
                lines.append(self.numbering.prefix(el) + self.paragraph_text(el))
            elif name == "tbl":
                inner = self.grid(el, depth + 1) if depth + 1 < MAX_TABLE_DEPTH else None
                if inner is None:
                    lines.extend(self.paragraph_text(p) for p in el.iter(f"{self.w}p"))
                else:
                    lines.extend(" ".join(s.text for s in row if s.text) for row in inner)
        return clean_cell("\n".join(lines))


def _page_height(body: Any, ns: str) -> float:
    """The page height in points from the last section's w:pgSz (twips), A4 when not stated."""
    size = body.find(f"{{{ns}}}sectPr/{{{ns}}}pgSz")
    try:
        height = int(size.get(f"{{{ns}}}h", "0")) if size is not None else 0
    except ValueError:
        height = 0
    return height / 20 if height > 0 else 842.0


def _anchor_box(anchor: Any) -> tuple[float, float, float, float] | None:
    """An anchored drawing's box in points (x0, top, x1, bottom) from its offsets and extent."""
    if anchor is None:
        return None
    try:
        x = int(anchor.findtext(f"{_WP}positionH/{_WP}posOffset"))
        y = int(anchor.findtext(f"{_WP}positionV/{_WP}posOffset"))
        extent = anchor.find(f"{_WP}extent")
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
    except (TypeError, ValueError, AttributeError):
        return None
    x0, top = x / _EMU_PER_PT, y / _EMU_PER_PT
    return (x0, top, x0 + max(cx, 0) / _EMU_PER_PT, top + max(cy, 0) / _EMU_PER_PT)


class _Frames:
    """Text boxes at absolute positions, laid out again as pages of lines.

    The boxes come in the order the PDF drew them, which is not the reading order (a row's numbers
    before its label, a wrapped label's second line between them). A page ends where the next box
    sits more than half a page above the last one; on a page the boxes are put in lines
    (``_frame_lines``), each read left to right.
    """

    def __init__(self, page_height: float) -> None:
        self.page_height = page_height
        self.pages: list[list[tuple[tuple[float, float, float, float], str]]] = [[]]

    def add(self, box: tuple[float, float, float, float], text: str) -> None:
        text = clean_line(text)
        if not text:
            return
        page = self.pages[-1]
        if page and box[1] < page[-1][0][1] - self.page_height / 2:
            self.pages.append(page := [])
        page.append((box, text))

    def write(self, out: TextBuilder, pages_before: int) -> int:
        """Send the lines to ``out``; returns the number of pages laid out in all."""
        number = pages_before
        for page in self.pages:
            if not page:
                continue
            number += 1
            for line in _frame_lines(page):
                words = [(w, PageBox(number, b)) for w, b in line_words(_glyphs(line))]
                x0 = min(b[0] for b, _ in line)
                bbox = (x0, min(b[1] for b, _ in line), max(b[2] for b, _ in line), max(b[3] for b, _ in line))
                out.line(" ".join(w for w, _ in words), PageBox(number, bbox), words)
        return number


def _frame_lines(page: list[tuple[tuple[float, float, float, float], str]]) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """The page's boxes in lines: sorted by their middles, a line ends where the next middle lies
    more than a third of a box height lower. Boxes of one baseline differ by a point or two
    (a full-width ０ is taller than a 0); a label wrapped in its cell has its lines a line height
    apart, with the row's numbers, centred in their cells, on a line of their own between them."""
    lines: list[list[tuple[tuple[float, float, float, float], str]]] = []
    prev_mid, prev_height = 0.0, 0.0
    for box, text in sorted(page, key=lambda f: (f[0][1] + f[0][3]) / 2):
        mid, height = (box[1] + box[3]) / 2, max(box[3] - box[1], 1.0)
        if lines and mid - prev_mid <= _SAME_LINE * min(height, prev_height):
            lines[-1].append((box, text))
        else:
            lines.append([(box, text)])
        prev_mid, prev_height = mid, height
    return [sorted(line, key=lambda f: f[0][0]) for line in lines]


def _glyphs(line: list[tuple[tuple[float, float, float, float], str]]) -> list[Glyph]:
    """A line's boxes as characters, each box's width shared evenly by its characters, so that
    the PDF reader's word breaks apply: 减 and 8 of one cell drawn as two boxes make one word."""
    out: list[Glyph] = []
    for (x0, top, x1, bottom), text in line:
        width = (x1 - x0) / max(len(text), 1)
        out.extend(Glyph(ch, x0 + i * width, top, x0 + (i + 1) * width, bottom) for i, ch in enumerate(text))
    return out


def _flatten(parent: Any) -> list[Any]:
    """Children, looking through content controls and custom XML wrappers."""
    out: list[Any] = []
    for el in parent:
        if _local(el) in ("sdt", "sdtContent", "customXml"):
            out.extend(_flatten(el))
        else:
            out.append(el)
    return out


def _int_val(el: Any, default: int) -> int:
    if el is None:
        return default
    for key, value in el.attrib.items():
        if key.endswith("}val"):
            try:
                return int(value)
            except ValueError:
                return default
    return default
