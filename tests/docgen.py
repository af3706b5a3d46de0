"""Generated reports as Word documents (python-docx) and, through LibreOffice, as PDF files.

Builds on ``tests/generator.py``: the same tables (``make_tables``), injected errors
(``inject_error``), narrative and section headings, laid out the way the official template prints
them in Word:

* 二、主动公开: one sub-table per 第二十条 group — a group row merged across the table (gridSpan), a
  header row (信息内容 …), value rows; a group with fewer value columns merges its last header and
  value cells across the rest of the table.
* 三、依申请: the three header rows (the 勾稽关系 note merged over 3×3 cells, 申请人情况 over seven
  columns, 自然人/总计 merged down two rows, 法人或其他组织 over five columns); 三、本年度办理结果 and
  the groups （三）不予公开 … merged down their rows (vMerge); rows outside a group merged across
  the label columns. Both templates, and the 2021 template's one-row （六）其他处理 variant.
* 四、复议诉讼: the two-level header (行政复议 / 行政诉讼, 未经复议直接起诉 / 复议后起诉, the five
  result columns of 行政复议 merged down two rows) and one row of fifteen values.

Label columns are narrow, so labels wrap onto several lines; some labels are broken by hand inside
the cell (Enter or Shift+Enter) and some cell texts are split over several runs, as Word saves
them. Blank cells print the generator's token ("", " ", "/", "—", "无"). The header rows of the
apply table may repeat on every page, the footer may print page numbers.

``to_pdf`` converts one or several .docx in ONE headless LibreOffice call (start-up dominates the
time), with a private profile and a timeout.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import random
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from generator import (
    APPLICANTS_HEAD,
    APPLY_NOTE,
    G0,
    INFO_CONTENT,
    ORGS_HEAD,
    YEARS,
    DocInfo,
    Look,
    Report,
    Tables,
    _active_groups,
    _active_headers,
    _apply_column_titles,
    _apply_rows,
    _group_sizes,
    _narrative,
    _review_heads,
    _section_titles,
    _table_intro,
    _values,
    inject_error,
    make_body,
    make_tables,
    make_title,
)

from gkaudit.templates import APPLICANT_COLUMNS

SOFFICE_TIMEOUT = 300.0
A4_WIDTH_CM = 21.0


# ------------------------------------------------------------------------------------ the layout


@dataclass
class Placed:
    """One (possibly merged) cell of a table layout: its text and the grid rectangle it covers."""

    row: int
    col: int
    text: str
    rows: int = 1
    cols: int = 1
    label: bool = False  # a label cell (may be broken by hand, left-aligned)
    vertical: bool = False  # text written top to bottom (Word's 文字方向: 竖排)


@dataclass
class Layout:
    """A table as placed cells on a grid of ``len(widths)`` columns (widths in cm)."""

    widths: list[float]
    cells: list[Placed] = field(default_factory=list)
    n_rows: int = 0
    header_rows: int = 0  # rows repeated on every page when ``repeat_header``

    def add(self, col: int, text: str, rows: int = 1, cols: int = 1, *, label: bool = False,
            vertical: bool = False) -> None:
        self.cells.append(Placed(self.n_rows, col, text, rows, cols, label, vertical))

    def next_row(self) -> None:
        self.n_rows += 1

    def grid(self) -> list[list[str]]:
        """The text grid as a reader expands it: text top-left, covered positions empty."""
        out = [[""] * len(self.widths) for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return out


@dataclass
class WordLook:
    """Per-document Word habits."""

    font: str
    size: float  # table font size (pt)
    label_cm: tuple[float, float, float]  # apply table: 三、 column, group column, leaf label column
    hand_breaks: float  # share of long labels broken by hand inside their cell
    split_runs: float  # share of cell texts saved as several runs
    repeat_header: bool
    vertical_g0: bool  # 三、本年度办理结果 written top to bottom
    page_numbers: bool
    body_size: float  # running text (pt)


def _word_look(rng: random.Random) -> WordLook:
    return WordLook(
        font=rng.choice(("仿宋_GB2312", "宋体", "仿宋")),
        size=rng.choice((9.0, 10.5, 10.5)),
        label_cm=rng.choice(((0.9, 1.6, 3.0), (1.1, 2.0, 3.6), (0.8, 1.4, 2.6))),
        hand_breaks=rng.choice((0.0, 0.0, 0.3)),
        split_runs=rng.choice((0.0, 0.2)),
        repeat_header=rng.random() < 0.5,
        vertical_g0=rng.random() < 0.3,
        page_numbers=rng.random() < 0.7,
        body_size=rng.choice((16.0, 14.0, 12.0)),
    )


def active_layout(t: Tables, rng: random.Random, look: Look, label_cm: float) -> Layout:
    rest = (15.4 - label_cm) / 3
    lay = Layout([label_cm, rest, rest, rest])
    for group, grows in _active_groups(t):
        heads = _active_headers(t, grows, rng, look)
        lay.add(0, look.bracket(group), cols=4)
        lay.next_row()
        lay.add(0, INFO_CONTENT)
        for i, h in enumerate(heads):
            lay.add(1 + i, h, cols=4 - len(heads) if i == len(heads) - 1 else 1)
        lay.next_row()
        for r in grows:
            vals = _values(t, "active", r.id)
            lay.add(0, r.label, label=True)
            for i, v in enumerate(vals):
                lay.add(1 + i, v, cols=4 - len(vals) if i == len(vals) - 1 else 1)
            lay.next_row()
    return lay


def apply_layout(t: Tables, rng: random.Random, look: Look, wl: WordLook) -> Layout:
    label_cm = wl.label_cm
    value_cm = (15.6 - sum(label_cm)) / 7
    lay = Layout([*label_cm, *[value_cm] * 7], header_rows=3)
    titles = _apply_column_titles(rng)
    lay.add(0, look.bracket(APPLY_NOTE), rows=3, cols=3)
    lay.add(3, APPLICANTS_HEAD, cols=7)
    lay.next_row()
    lay.add(3, titles["natural"], rows=2)
    lay.add(4, ORGS_HEAD, cols=5)
    lay.add(9, "总计", rows=2)
    lay.next_row()
    for i, c in enumerate(APPLICANT_COLUMNS[1:]):
        lay.add(4 + i, titles[c])
    lay.next_row()
    arows = _apply_rows(t, look)
    n_g0 = sum(1 for r in arows if r.in_g0)
    sizes = _group_sizes(arows)
    first_g0 = True
    seen: set[str] = set()
    for r in arows:
        if not r.in_g0:
            lay.add(0, r.top, cols=3, label=True)
        else:
            if first_g0:
                lay.add(0, G0, rows=n_g0, vertical=wl.vertical_g0)
                first_g0 = False
            if r.group:
                if r.group not in seen:
                    lay.add(1, r.group, rows=sizes[r.group], label=True)
                    seen.add(r.group)
                lay.add(2, r.label, label=True)
            else:
                lay.add(1, r.label, cols=2, label=True)
        for i, c in enumerate((*APPLICANT_COLUMNS, "total")):
            lay.add(3 + i, t.raw[f"apply/{r.id}/{c}"])
        lay.next_row()
    return lay


def review_layout(t: Tables) -> Layout:
    lay = Layout([15.6 / 15] * 15)
    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    lay.add(0, review, cols=5)
    lay.add(5, suit, cols=10)
    lay.next_row()
    for i, h in enumerate(heads):
        lay.add(i, h, rows=2)
    lay.add(5, direct, cols=5)
    lay.add(10, after, cols=5)
    lay.next_row()
    for i, h in enumerate(heads * 2):
        lay.add(5 + i, h)
    lay.next_row()
    i = 0
    for r in t.rows("review"):
        for c in t.spec("review").columns:
            lay.add(i, t.raw[f"review/{r.id}/{c.id}"])
            i += 1
    lay.next_row()
    return lay


# ------------------------------------------------------------------------------------ Word output


def _set_font(run: docx.text.run.Run, font: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.name = font
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _write_runs(paragraph: docx.text.paragraph.Paragraph, text: str, rng: random.Random, wl: WordLook,
                size: float, bold: bool = False) -> None:
    """``text`` as one run, or (Word's habit) as several runs cut at random places."""
    pieces = [text]
    if len(text) > 1 and rng.random() < wl.split_runs:
        cut = rng.randint(1, len(text) - 1)
        pieces = [text[:cut], text[cut:]]
    for piece in pieces:
        _set_font(paragraph.add_run(piece), wl.font, size, bold)


def _hand_break(text: str, rng: random.Random) -> int | None:
    """Where to break a long label by hand: between two CJK characters past its enumerator."""
    spots = [i for i in range(4, len(text) - 2)
             if "\u4e00" <= text[i - 1] <= "\u9fff" and "\u4e00" <= text[i] <= "\u9fff"]
    return rng.choice(spots) if spots else None


def _fill_cell(cell: docx.table._Cell, placed: Placed, rng: random.Random, wl: WordLook) -> None:
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if placed.label and rng.random() < 0.5 else WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if placed.vertical:
        direction = OxmlElement("w:textDirection")
        direction.set(qn("w:val"), "tbRlV")
        tcpr = cell._tc.get_or_add_tcPr()
        valign = tcpr.find(qn("w:vAlign"))
        if valign is not None:  # the schema's order: textDirection before vAlign
            valign.addprevious(direction)
        else:
            tcpr.append(direction)
    text = placed.text
    if text == "":
        return
    cut = _hand_break(text, rng) if placed.label and len(text) >= 10 and rng.random() < wl.hand_breaks else None
    if cut is None:
        _write_runs(p, text, rng, wl, wl.size)
        return
    _write_runs(p, text[:cut], rng, wl, wl.size)
    if rng.random() < 0.5:  # Shift+Enter: a line break inside the paragraph
        p.runs[-1].add_break(WD_BREAK.LINE)
        _write_runs(p, text[cut:], rng, wl, wl.size)
    else:  # Enter: a second paragraph in the cell
        q = cell.add_paragraph()
        q.alignment = p.alignment
        q.paragraph_format.space_before = q.paragraph_format.space_after = Pt(0)
        _write_runs(q, text[cut:], rng, wl, wl.size)


def add_table(doc: docx.document.Document, lay: Layout, rng: random.Random, wl: WordLook) -> DocxTable:
    """``lay`` as a Word table: fixed narrow columns, merged cells as gridSpan and vMerge."""
    table = doc.add_table(rows=lay.n_rows, cols=len(lay.widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # The grid's cells, looked up once (``table.cell`` walks the whole table each time); merged
    # rectangles do not overlap, so each one's corners are still in place when it is merged.
    n = len(lay.widths)
    grid = table._cells
    for i, w in enumerate(lay.widths):
        table.columns[i].width = Cm(w)
        for cell in grid[i::n]:
            cell.width = Cm(w)
    for placed in lay.cells:
        cell = grid[placed.row * n + placed.col]
        if placed.rows > 1 or placed.cols > 1:
            cell = cell.merge(grid[(placed.row + placed.rows - 1) * n + placed.col + placed.cols - 1])
        _fill_cell(cell, placed, rng, wl)
    if wl.repeat_header:
        for r in range(lay.header_rows):
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _paragraph(doc: docx.document.Document, text: str, rng: random.Random, wl: WordLook, *, heading: bool = False,
               title: bool = False) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if title:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(text), "方正小标宋简体", 22)
        return
    fmt.first_line_indent = Pt(2 * wl.body_size)
    if heading:
        _set_font(p.add_run(text), "黑体", wl.body_size)
    else:
        _write_runs(p, text, rng, wl, wl.body_size)


def _page_number_footer(section: docx.section.Section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    field_ = OxmlElement("w:fldSimple")
    field_.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    field_.append(run)
    p._p.append(field_)
    p.add_run(" —")


# ------------------------------------------------------------------------------------- the report


def make_doc_report(
    seed: int,
    template: str,
    *,
    kind: str = "docx",
    inject: str | bool | None = None,
    one_row_other: bool | None = None,
    blanks: bool | None = None,
    fullwidth: bool | None = None,
    word: dict[str, object] | None = None,
    year: int | None = None,
    printed_tables: Tables | None = None,
    layouts_maker: Callable[[Tables, random.Random, Look, WordLook], dict[str, list[Layout]]] | None = None,
) -> Report:
    """One report from one seed, as a Word document (``data`` holds the .docx bytes).

    ``word``: ``WordLook`` fields to force (e.g. narrow ``label_cm``), applied after the seeded draw
    so the rest of the document stays the same.

    ``kind``: "docx" or "pdf" — only the report's ``style`` and ``filename`` differ; a "pdf" report
    is written with ``write_docx`` and converted with ``to_pdf``.

    ``year``: print this year (``tests/variants.py``: a template under the other template's year);
    ``printed_tables``: print these tables (the caller made them and any injected error);
    ``layouts_maker``: lays out the tables instead of the official layout (each table may be
    several Word tables), as ``tests/variants.py`` does. Both leave the rest of the document as is.
    """
    rng = random.Random(f"gkaudit-word-{seed}-{template}")
    injection = None
    if printed_tables is not None:
        printed = printed_tables
    elif inject:
        tables = make_tables(template, rng, one_row_other=one_row_other, blanks=blanks, fullwidth=fullwidth)
        injection = inject_error(tables, rng, None if inject is True else str(inject))
        printed = injection.tables
    else:
        printed = make_tables(template, rng, one_row_other=one_row_other, blanks=blanks, fullwidth=fullwidth)
    year = year or rng.choice(YEARS[template])
    body = make_body(rng)
    title = make_title(rng, body, year)
    info = DocInfo(body, year, title, template, f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}")
    look = Look(half_brackets=rng.random() < 0.3, spaced_enum=rng.random() < 0.4,
                total_row_label=rng.choice(("（七）总计", "（七）总计", "（七） 总计")))
    wl = dataclasses.replace(_word_look(rng), **(word or {}))  # type: ignore[arg-type]
    heads = _section_titles(rng)
    narrative = _narrative(rng, info, printed)
    layouts = layouts_maker(printed, rng, look, wl) if layouts_maker else {
        "active": [active_layout(printed, rng, look, rng.choice((2.2, 2.8, 3.4)))],
        "apply": [apply_layout(printed, rng, look, wl)],
        "review": [review_layout(printed)],
    }
    sections: list[tuple[str, list[str]]] = [
        ("", narrative["preamble"]),
        (heads["1"], narrative["1"]),
        (heads["2"], ["\x00table:active"]),
        (heads["3"], [*_table_intro(rng, info, printed, "apply"), "\x00table:apply"]),
        (heads["4"], [*_table_intro(rng, info, printed, "review"), "\x00table:review"]),
        (heads["5"], narrative["5"]),
        (heads["6"], narrative["6"]),
    ]

    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(A4_WIDTH_CM), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    if wl.page_numbers:
        _page_number_footer(section)
    lines: list[str] = []  # the report as text, for failure messages
    _paragraph(doc, title, rng, wl, title=True)
    lines.append(title)
    for heading, paras in sections:
        if heading:
            _paragraph(doc, heading, rng, wl, heading=True)
            lines.append(heading)
        for para in paras:
            if para.startswith("\x00table:"):
                for lay in layouts[para.split(":", 1)[1]]:
                    add_table(doc, lay, rng, wl)
                    doc.add_paragraph()  # Word keeps a paragraph between a table and what follows
                    lines += ["", *("\t".join(r) for r in lay.grid()), ""]
            else:
                _paragraph(doc, para, rng, wl)
                lines.append(para)
    if rng.random() < 0.7:  # signature and date, right-aligned
        for text in (body, f"{info.publish_date[:4]}年{int(info.publish_date[5:7])}月{int(info.publish_date[8:])}日"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(p.add_run(text), wl.font, wl.body_size)
            lines.append(text)
    buf = io.BytesIO()
    doc.save(buf)
    options: dict[str, object] = {"look": look, "word": wl, "one_row_other": printed.one_row_other}
    report = Report(template, year, body, title, kind, printed, "\n".join(lines) + "\n", buf.getvalue(),
                    f"{body}{year}年政府信息公开工作年度报告.{kind}", "utf-8", options)
    report.injection = injection
    report.seed = seed
    return report


def write_docx(report: Report, directory: Path, name: str | None = None) -> Path:
    """Write the report's .docx into ``directory`` (under ``name``, default its own Chinese name)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (name or Path(report.filename).with_suffix(".docx").name)
    path.write_bytes(report.data)
    return path


# ------------------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path | Sequence[Path], out_dir: Path, timeout: float = SOFFICE_TIMEOUT) -> list[Path]:
    """Convert one or several .docx to PDF in ``out_dir`` with one headless LibreOffice call.

    A private profile keeps a running LibreOffice (or a parallel test) from swallowing the request.
    Raises RuntimeError when LibreOffice is missing, times out, or leaves a file unconverted.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    paths = [Path(docx_path)] if isinstance(docx_path, str | Path) else [Path(p) for p in docx_path]
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="gkaudit-docgen-soffice-"))
    env = dict(os.environ)
    if "UTF-8" not in (env.get("LC_ALL") or env.get("LANG") or "").upper().replace("UTF8", "UTF-8"):
        env["LC_ALL"] = "C.UTF-8"  # file names in Chinese
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--nodefault", "--nologo", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, paths)]
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(f"LibreOffice timed out after {timeout:.0f} s") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out_dir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        detail = (out + err).decode("utf-8", "replace").strip()[-500:]
        raise RuntimeError(f"LibreOffice did not convert {missing}: {detail}")
    return pdfs
