"""The common converters a user runs on a report (PDF or Word) before auditing its text: one function each.

Test-only: installed by ``scripts/install_converters.sh``; ``make_converter_suite.py`` stores their
outputs so the suites run without them. Each runner takes a source file and returns the text the
converter prints, and the suffix the output is saved under (``.txt``, ``.md`` or ``.html``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 180.0


@dataclass(frozen=True)
class Converter:
    """One converter: its name, what it reads ("pdf" or "docx"), the saved suffix, whether it keeps rows in order."""

    name: str
    source: str
    suffix: str
    rows_in_order: bool
    run: Callable[[Path], str]


def _command(cmd: list[str], timeout: float = TIMEOUT) -> str:
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=True)
    return proc.stdout.decode("utf-8")


def pdftotext_raw(path: Path) -> str:
    return _command(["pdftotext", "-enc", "UTF-8", str(path), "-"])


def pdftotext_layout(path: Path) -> str:
    return _command(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"])


def pypdf_text(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages)


def pdfminer_text(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(str(path)))


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def markitdown_text(path: Path) -> str:
    from markitdown import MarkItDown
    from markitdown.converters import _docx_converter

    # Its math pre-pass re-serialises document.xml through BeautifulSoup, which with lxml 6 drops
    # the w: namespace, and mammoth then finds no body: skip the pass (no report has equations).
    _docx_converter.pre_process_docx = lambda stream: stream
    return str(MarkItDown(enable_plugins=False).convert(str(path)).text_content)


def pymupdf4llm_text(path: Path) -> str:
    import pymupdf4llm

    return str(pymupdf4llm.to_markdown(str(path), show_progress=False))


def _soffice(path: Path, target: str, suffix: str, timeout: float = TIMEOUT,
             read: Callable[[Path], str] | None = None) -> str:
    """LibreOffice's own export, headless, with a private profile (a running instance would swallow it);
    ``read`` turns the exported file into the text (default: the file's own UTF-8 text)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    work = Path(tempfile.mkdtemp(prefix="gkaudit-conv-"))
    env = dict(os.environ, LC_ALL="C.UTF-8")
    cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(work / "out"), str(path)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
        try:
            proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        out = work / "out" / (path.stem + suffix)
        return read(out) if read is not None else out.read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def libreoffice_text(path: Path) -> str:
    return _soffice(path, "txt:Text (encoded):UTF8", ".txt")


def libreoffice_html(path: Path) -> str:
    return _libreoffice_html(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _libreoffice_html(path: str, _mtime: int) -> str:
    # Several converters start from the same page (a Word report saved as a web page).
    return _soffice(Path(path), "html:HTML (StarWriter)", ".html")


CONVERTERS = (
    Converter("pdftotext-layout", "pdf", ".txt", True, pdftotext_layout),
    Converter("pypdf", "pdf", ".txt", True, pypdf_text),
    Converter("pdfplumber", "pdf", ".txt", True, pdfplumber_text),
    Converter("pymupdf4llm", "pdf", ".md", True, pymupdf4llm_text),
    Converter("libreoffice-text", "docx", ".txt", True, libreoffice_text),
    Converter("libreoffice-html", "docx", ".html", True, libreoffice_html),
    Converter("markitdown-docx", "docx", ".md", True, markitdown_text),
    Converter("pdftotext-raw", "pdf", ".txt", False, pdftotext_raw),
    Converter("pdfminer", "pdf", ".txt", False, pdfminer_text),
    Converter("markitdown-pdf", "pdf", ".md", False, markitdown_text),
)


def pdfium_text(path: Path) -> str:
    """What Chrome's and Edge's PDF viewers copy (PDFium's text page, page by page)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in pdf)
    finally:
        pdf.close()


def pdfplumber_layout_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text(layout=True) or "" for page in pdf.pages)


def pymupdf_text(path: Path) -> str:
    """PyMuPDF's plain text in reading order (``sort=True``), as its own scripts print it."""
    import pymupdf

    with pymupdf.open(str(path)) as doc:
        return "\n".join(page.get_text("text", sort=True) for page in doc)


def _pandoc(path: Path, target: str) -> str:
    exe = shutil.which("pandoc")
    if exe is None:
        raise RuntimeError("pandoc is not installed")
    return _command([exe, "--from", "docx", "--to", target, "--wrap=none", str(path)])


def pandoc_gfm(path: Path) -> str:
    return _pandoc(path, "gfm")


def pandoc_markdown(path: Path) -> str:
    return _pandoc(path, "markdown")


_INNER_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
    "pre", "section", "summary", "table", "ul",
})
_INNER_SKIP = frozenset({"head", "script", "style", "noscript", "template", "title"})


def inner_text(html: str) -> str:
    """What a browser copies from a page (``innerText``, as the HTML standard defines it): a tab after
    each cell but a row's last, a line break after each row, two around a paragraph, and runs of
    such breaks merged to the largest. Word and LibreOffice pages put a <p> in every cell, so a
    copied table comes out with its cells on lines of their own between tabs."""
    import re as _re

    import lxml.html

    root = lxml.html.document_fromstring(html)

    def text(s: str | None) -> list[str | int]:
        return [_re.sub(r"\s+", " ", s)] if s else []

    def walk(el: object) -> list[str | int]:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        tag = tag.lower()
        if tag in _INNER_SKIP or not tag:
            return []
        if tag == "br":
            return ["\n"]
        items: list[str | int] = text(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            items += walk(child)
            items += text(child.tail)
        if tag in ("td", "th") and el.getnext() is not None:  # type: ignore[attr-defined]
            items.append("\t")
        if tag == "tr":
            table = next((a for a in el.iterancestors("table")), None)  # type: ignore[attr-defined]
            rows = list(table.iter("tr")) if table is not None else []
            if rows and rows[-1] is not el:
                items.append("\n")
        if tag == "p":
            items = [2, *items, 2]
        elif tag in _INNER_BLOCK:
            items = [1, *items, 1]
        return items

    raw = [i for i in walk(root) if i != ""]

    def breaking(i: int) -> bool:
        return not 0 <= i < len(raw) or isinstance(raw[i], int) or raw[i] in ("\t", "\n")

    # White space next to a block's edge, a cell's or a line break is not rendered.
    items = [item for k, item in enumerate(raw)
             if not (isinstance(item, str) and item == " " and (breaking(k - 1) or breaking(k + 1)))]
    while items and isinstance(items[0], int):
        items.pop(0)
    while items and isinstance(items[-1], int):
        items.pop()
    out: list[str] = []
    breaks = 0
    for item in items:
        if isinstance(item, int):
            breaks = max(breaks, item)
            continue
        if breaks:
            out.append("\n" * breaks)
            breaks = 0
        out.append(item)
    # Spaces at the ends of a line or a cell are not rendered.
    return _re.sub(r" *([\n\t]) *", r"\1", "".join(out)).strip() + "\n"


def browser_copy(path: Path) -> str:
    """A Word report saved as a web page (LibreOffice's HTML export), then selected and copied in a browser."""
    return inner_text(libreoffice_html(path))


def browser_copy_plain(path: Path) -> str:
    """A page whose cells hold bare text (pandoc's HTML), selected and copied in a browser: rows as
    lines of tab-separated cells, a merged cell once, in the first row it covers."""
    return inner_text(_pandoc(path, "html"))


def pdftohtml_page(path: Path) -> str:
    """poppler's pdftohtml: one HTML page, each text run a paragraph placed absolutely on the page."""
    return _command(["pdftohtml", "-s", "-i", "-noframes", "-stdout", "-enc", "UTF-8", str(path)])


def _page_through(cmd: list[str], path: Path) -> str:
    """A Word report saved as a web page, then turned into text by ``cmd`` (reading the page on stdin)."""
    proc = subprocess.run(cmd, input=libreoffice_html(path).encode("utf-8"), capture_output=True,
                          timeout=TIMEOUT, check=True)
    return proc.stdout.decode("utf-8")


def w3m_dump(path: Path) -> str:
    """The text browser w3m's dump of the page (tables laid out in columns, with box rules when bordered)."""
    return _page_through(["w3m", "-dump", "-cols", "200", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"], path)


def pandoc_html_markdown(path: Path) -> str:
    """pandoc's Markdown of the saved page (dash-ruled and raw HTML tables, hard breaks as lone backslashes)."""
    return _page_through(["pandoc", "--from", "html", "--to", "markdown", "--wrap=none"], path)


def markitdown_html(path: Path) -> str:
    import io

    from markitdown import MarkItDown

    data = io.BytesIO(libreoffice_html(path).encode("utf-8"))
    return str(MarkItDown(enable_plugins=False).convert_stream(data, file_extension=".html").text_content)


PDFJS = Path(__file__).resolve().parent / ".pdfjs"  # npm install --prefix (scripts/install_converters.sh)


def pdfjs_text(path: Path) -> str:
    """What Firefox's PDF viewer (pdf.js) gives: each page's text items, a line break where one ends a line."""
    node = shutil.which("node")
    if node is None or not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        raise RuntimeError("node or pdfjs-dist is not installed (scripts/install_converters.sh)")
    script = PDFJS / "pdfjs_text.mjs"
    if not script.exists():
        shutil.copy(Path(__file__).resolve().parent / "pdfjs_text.mjs", script)
    return _command([node, str(script), str(path)])


# Converters the stored suite does not hold: for fresh measurements (make_converter_suite --only).
EXTRA = (
    Converter("pdfium", "pdf", ".txt", True, pdfium_text),
    Converter("pdfplumber-layout", "pdf", ".txt", True, pdfplumber_layout_text),
    Converter("pymupdf-text", "pdf", ".txt", True, pymupdf_text),
    Converter("pandoc-gfm", "docx", ".md", True, pandoc_gfm),
    Converter("pandoc-markdown", "docx", ".md", True, pandoc_markdown),
    Converter("browser-copy", "docx", ".txt", True, browser_copy),
    Converter("browser-copy-plain", "docx", ".txt", True, browser_copy_plain),
    Converter("pdftohtml", "pdf", ".html", False, pdftohtml_page),
    Converter("w3m", "docx", ".txt", True, w3m_dump),
    Converter("pandoc-html-markdown", "docx", ".md", True, pandoc_html_markdown),
    Converter("markitdown-html", "docx", ".md", True, markitdown_html),
    Converter("pdfjs", "pdf", ".txt", True, pdfjs_text),
)


# --- More renderings a user meets (session 14): text browsers on the saved page, document
# libraries on the Word file, and other PDF text tools. Test-only, like the rest.


def lynx_dump(path: Path) -> str:
    """The text browser lynx's dump of the saved page (tables as lines of cells, no column grid)."""
    return _page_through(["lynx", "-dump", "-stdin", "-nolist", "-width=200", "-assume_charset=utf-8",
                          "-display_charset=utf-8"], path)


def links_dump(path: Path) -> str:
    """links' dump of the saved page (tables laid out in columns)."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(libreoffice_html(path), encoding="utf-8")
        return _command(["links", "-dump", "-width", "200", "-codepage", "utf-8", str(page)])


def elinks_dump(path: Path) -> str:
    """elinks' dump of the saved page (tables in columns, box rules where bordered)."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(libreoffice_html(path), encoding="utf-8")
        return _command(["elinks", "-dump", "-dump-width", "200", "-dump-charset", "utf-8",
                         "-no-references", "-no-numbering", str(page)])


def inscriptis_text(path: Path) -> str:
    """inscriptis (a library for text from HTML that keeps table layout) on the saved page."""
    from inscriptis import get_text

    return str(get_text(libreoffice_html(path)))


def html2text_markdown(path: Path) -> str:
    """html2text (the Markdown many scrapers make of a page) on the saved page: pipe tables with no
    outer pipes, a <br> in a cell a line end."""
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    return str(h.handle(libreoffice_html(path)))


def bs4_text(path: Path) -> str:
    """BeautifulSoup's ``get_text()`` of the saved page (its ``textContent``): the page's own line
    breaks between tags come out as runs of empty lines."""
    from bs4 import BeautifulSoup

    return str(BeautifulSoup(libreoffice_html(path), "html.parser").get_text())


def bs4_lines(path: Path) -> str:
    """BeautifulSoup's ``get_text("\n")`` of the saved page: a text node a line, a span's pieces
    ("减" / "13") apart."""
    from bs4 import BeautifulSoup

    return str(BeautifulSoup(libreoffice_html(path), "html.parser").get_text("\n"))


def pandoc_html_plain(path: Path) -> str:
    """pandoc's plain text of the saved page (grid tables drawn with dashes, or cells listed)."""
    return _page_through(["pandoc", "--from", "html", "--to", "plain", "--wrap=none"], path)


def pandoc_plain(path: Path) -> str:
    """pandoc's plain text of the Word file."""
    return _pandoc(path, "plain")


def pandoc_asciidoc(path: Path) -> str:
    """pandoc's AsciiDoc of the Word file (tables between |=== lines, each cell after a "|")."""
    return _pandoc(path, "asciidoc")


def pandoc_rst(path: Path) -> str:
    """pandoc's reStructuredText of the Word file (grid tables: "+---+" between rows, "|" between
    cells, a cell's text wrapped over the lines of its row)."""
    return _pandoc(path, "rst")


def pandoc_haddock(path: Path) -> str:
    """pandoc's Haddock markup of the Word file (grid tables as in reStructuredText, spans dropped,
    markup characters escaped: "\\/" for "/")."""
    return _pandoc(path, "haddock")


def pandoc_mediawiki(path: Path) -> str:
    """pandoc's MediaWiki markup of the Word file (tables from {| to |}, a cell a line)."""
    return _pandoc(path, "mediawiki")


def docx2txt_text(path: Path) -> str:
    """docx2txt (a small library many scripts use): every paragraph, table cells on lines of their own."""
    import docx2txt

    return str(docx2txt.process(str(path)))


def mammoth_markdown(path: Path) -> str:
    """mammoth's Markdown of the Word file."""
    import mammoth

    with open(path, "rb") as fh:
        return str(mammoth.convert_to_markdown(fh).value)


def mammoth_html(path: Path) -> str:
    """mammoth's HTML of the Word file (bare cells, merged cells as colspan/rowspan)."""
    import mammoth

    with open(path, "rb") as fh:
        return "<html><body>" + str(mammoth.convert_to_html(fh).value) + "</body></html>"


def python_docx_text(path: Path) -> str:
    """What a script with python-docx prints, walking the body in order: each paragraph a line, each
    table a line per row with its cells' text joined by tabs (a merged cell repeated in every
    column it spans, as ``row.cells`` gives it)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(str(path))
    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend("\t".join(cell.text.replace("\n", " ") for cell in row.cells) for row in block.rows)
    return "\n".join(lines) + "\n"


def mutool_text(path: Path) -> str:
    """MuPDF's mutool: the text of each page, as its reading order gives it."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.txt"
        subprocess.run(["mutool", "draw", "-q", "-F", "txt", "-o", str(out), str(path)], capture_output=True,
                       timeout=TIMEOUT, check=True)
        return out.read_text(encoding="utf-8")


def pypdf_layout(path: Path) -> str:
    """pypdf's layout mode: the page's text placed in columns of spaces."""
    import pypdf

    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in pypdf.PdfReader(str(path)).pages)


def _old_word(path: Path, cmd: list[str]) -> str:
    """The Word file saved as an old .doc by LibreOffice, then turned into text by ``cmd`` (the .doc's
    path appended; output on stdout, or into the file given as "{out}")."""
    def read(doc: Path) -> str:
        if "{out}" not in cmd:
            return _command([*cmd, str(doc)])
        out = doc.with_suffix(".out.txt")
        subprocess.run([*(c for c in cmd if c != "{out}"), str(doc), str(out)], capture_output=True,
                       timeout=TIMEOUT, check=True)
        return out.read_text(encoding="utf-8", errors="replace")

    return _soffice(path, "doc:MS Word 97", ".doc", read=read)


def catdoc_text(path: Path) -> str:
    """catdoc, the common tool for old Word files: paragraphs wrapped, a table's cells tab-separated."""
    return _old_word(path, ["catdoc", "-d", "utf-8"])


def antiword_text(path: Path) -> str:
    """antiword: a table's cells between bars, long rows broken at its line width."""
    return _old_word(path, ["antiword", "-m", "UTF-8.txt"])


def wvtext_text(path: Path) -> str:
    """wv's wvText: the .doc as HTML, laid out by a text browser (box-drawn tables)."""
    return _old_word(path, ["wvText", "{out}"])


MORE = (
    Converter("lynx", "docx", ".txt", True, lynx_dump),
    Converter("links", "docx", ".txt", True, links_dump),
    Converter("elinks", "docx", ".txt", True, elinks_dump),
    Converter("inscriptis", "docx", ".txt", True, inscriptis_text),
    Converter("pandoc-html-plain", "docx", ".txt", True, pandoc_html_plain),
    Converter("pandoc-plain", "docx", ".txt", True, pandoc_plain),
    Converter("docx2txt", "docx", ".txt", True, docx2txt_text),
    Converter("mammoth-md", "docx", ".md", True, mammoth_markdown),
    Converter("mammoth-html", "docx", ".html", True, mammoth_html),
    Converter("python-docx", "docx", ".txt", True, python_docx_text),
    Converter("mutool", "pdf", ".txt", True, mutool_text),
    Converter("pypdf-layout", "pdf", ".txt", True, pypdf_layout),
    Converter("pandoc-asciidoc", "docx", ".txt", True, pandoc_asciidoc),
    Converter("pandoc-mediawiki", "docx", ".txt", True, pandoc_mediawiki),
    Converter("html2text", "docx", ".md", True, html2text_markdown),
    Converter("bs4-text", "docx", ".txt", True, bs4_text),
    Converter("bs4-lines", "docx", ".txt", True, bs4_lines),
    Converter("pandoc-rst", "docx", ".txt", True, pandoc_rst),
    Converter("pandoc-haddock", "docx", ".txt", True, pandoc_haddock),
    Converter("catdoc", "docx", ".txt", True, catdoc_text),
    Converter("antiword", "docx", ".txt", True, antiword_text),
    Converter("wvtext", "docx", ".txt", True, wvtext_text),
)


def by_name(name: str) -> Converter:
    return next(c for c in CONVERTERS + EXTRA + MORE if c.name == name)
