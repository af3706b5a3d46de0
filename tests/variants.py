"""Harder variants of generated reports: what real reports vary that ``tests/generator.py`` does not.

The generator prints each table the way the extractor was first built to read it. This module
prints the same tables (``make_tables``, ``inject_error``) as grids of merged cells and varies
what real reports vary, one variant at a time (``VARIANTS``):

* printed numbers: thousands separators (``1,234``, ``1，234``), full-width digits, a unit
  (``12件``), a Unicode minus or 减少 in 本年增/减;
* extra columns in the apply table: a 备注 column, an empty column at the end;
* the review table as two tables (行政复议 | 行政诉讼) or transposed (fifteen labelled rows);
* labels: 三、本年度办理结果 on a row of its own, group sub-rows labelled only ``1.`` … ``8.``,
  labels without their ``1.``, ``<br>`` inside label cells, footnote marks (``①``, ``*``);
* header rows flattened to one row, or repeated after a page break in the middle of a group;
  merged cells' text on the middle row of their span, as PDF text prints vertically centred cells;
* Word-made HTML (``<p class=MsoNormal>`` in every cell, ``<o:p>``, ``&nbsp;``, the sizing row);
* a trailing 合计 row; 合计 for 总计 (column and （七） row); the apply table split in two at a
  page break without its header; （二）部分公开's note on a row of its own with empty cells;
* the template of one year printed under a year of the other template; the 主动公开 table alone
  in the other template's layout (``active_other``: its cells are not the report's, the tool must
  say so and read none of them).

``FORMATS``: ``html`` (a saved web page), ``tab`` (PDF text with tab-separated cells),
``markdown`` (pipe tables), ``docx`` (Word tables through ``tests/docgen.py``; ``docgen.to_pdf``
makes PDF files of them). ``make_variant_report(seed, template, fmt, variant, inject=...)``
gives a ``generator.Report`` whose ``tables`` are the printed truth.
"""

from __future__ import annotations

import html as _html
import random
import re
from dataclasses import dataclass

from docgen import Layout, Placed, WordLook, make_doc_report
from generator import (
    APPLICANTS_HEAD,
    APPLY_NOTE,
    G0,
    INFO_CONTENT,
    ORGS_HEAD,
    PARTIAL_SUFFIX,
    YEARS,
    Injection,
    Look,
    Report,
    Tables,
    _active_groups,
    _active_headers,
    _apply_column_titles,
    _apply_rows,
    _group_sizes,
    _Html,
    _review_heads,
    _values,
    inject_error,
    make_tables,
    render,
)

from gkaudit.templates import APPLICANT_COLUMNS, Kind

FORMATS = ("html", "tab", "markdown", "docx")
VARIANTS = (
    "thousands", "units", "fullwidth", "minus",
    "remark", "blank_col",
    "review_split", "review_transposed",
    "g0_row", "num_only", "abbrev", "br_labels", "footnotes",
    "header_flat", "header_repeat", "merged_middle", "table_split", "note_row", "heji",
    "word_html", "total_row", "year_mismatch", "active_other",
)
_MARKS = ("①", "②", "*", "※")
# The other template's tables printed as the 主动公开 table (``active_other``), by the printed tables' id.
_SHOWN: dict[int, Tables] = {}


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[Cell]]


# ------------------------------------------------------------------------------- printed numbers


def vary_tokens(t: Tables, variant: str, rng: random.Random) -> None:
    """Reprint the numbers of ``t`` (its ``raw``) in ``variant``; the values stay true."""
    for cid in t.cell_ids():
        raw = t.raw[cid]
        if t.is_blank(cid) or not raw.strip():
            continue
        kind = t.kind(cid)
        value = t.values[cid]
        if variant == "thousands" and kind is Kind.COUNT and isinstance(value, int) and value >= 1000:
            t.raw[cid] = f"{value:,}".replace(",", rng.choice((",", ",", "，")))
        elif variant == "thousands" and kind is Kind.AMOUNT and isinstance(value, float) and value >= 1000:
            whole, _, frac = raw.partition(".")
            digits = re.match(r"\d+", whole)
            if digits:
                t.raw[cid] = f"{int(digits.group()):,}" + whole[digits.end():] + ("." + frac if frac else "")
        elif variant == "units" and kind is Kind.COUNT and cid.split("/")[0] in ("apply", "review") and rng.random() < 0.7:
            t.raw[cid] = raw + rng.choice(("件", "件", "个"))
        elif variant == "fullwidth" and kind is not Kind.AMOUNT:
            t.raw[cid] = raw.translate(str.maketrans("0123456789+-", "０１２３４５６７８９＋－"))
        elif variant == "minus" and kind is Kind.SIGNED and isinstance(value, int) and value < 0:
            t.raw[cid] = rng.choice((f"\u2212{-value}", f"－{-value}", f"减少{-value}", f"减少 {-value}"))
        elif variant == "minus" and kind is Kind.SIGNED and isinstance(value, int) and value > 0:
            t.raw[cid] = rng.choice((f"增加{value}", f"+{value}", f"＋{value}"))


# ------------------------------------------------------------------------------------- the grids


def active_grid(t: Tables, rng: random.Random, look: Look, v: frozenset[str]) -> Grid:
    rows: Grid = []
    for group, grows in _active_groups(t):
        heads = _active_headers(t, grows, rng, look)
        rows.append([Cell(look.bracket(group), colspan=4)])
        hs = [Cell(x) for x in heads]
        hs[-1].colspan = 4 - len(heads)
        rows.append([Cell(INFO_CONTENT), *hs])
        for r in grows:
            vals = [Cell(x) for x in _values(t, "active", r.id)]
            vals[-1].colspan = 4 - len(vals)
            label = r.label + (rng.choice(_MARKS) if "footnotes" in v and rng.random() < 0.3 else "")
            rows.append([Cell(label), *vals])
    return rows


def _short_label(label: str, number_only: bool) -> str:
    """``1.属于国家秘密`` as ``1.`` (num_only) or ``属于国家秘密`` (abbrev)."""
    m = re.match(r"^(\d+\.\s?)(.*)$", label)
    if not m:
        return label
    return m.group(1).strip() if number_only else m.group(2)


def _br(label: str, rng: random.Random) -> str:
    """A hand line break inside a label cell (marked ``\\n``; renderers print it their way)."""
    if len(label) < 6:
        return label
    cut = rng.randint(3, len(label) - 2)
    return label[:cut] + "\n" + label[cut:]


def apply_grid(t: Tables, rng: random.Random, look: Look, v: frozenset[str]) -> tuple[Grid, int]:
    """The apply table as a grid; also the number of header rows."""
    titles = _apply_column_titles(rng)
    extra = bool(v & {"remark", "blank_col"})
    mark = (lambda s: s + rng.choice(_MARKS) if rng.random() < 0.25 else s) if "footnotes" in v else (lambda s: s)
    total = "合计" if "heji" in v else "总计"
    if "header_flat" in v:
        head: Grid = [[Cell(look.bracket(APPLY_NOTE), colspan=3), *(Cell(titles[c]) for c in APPLICANT_COLUMNS),
                       Cell(total)]]
    else:
        head = [
            [Cell(look.bracket(APPLY_NOTE), rowspan=3, colspan=3), Cell(APPLICANTS_HEAD, colspan=7)],
            [Cell(mark(titles["natural"]), rowspan=2), Cell(ORGS_HEAD, colspan=5), Cell(mark(total), rowspan=2)],
            [Cell(mark(titles[c])) for c in APPLICANT_COLUMNS[1:]],
        ]
    if extra:
        head[0].append(Cell("备注" if "remark" in v else "", rowspan=len(head)))
    rows: Grid = [list(r) for r in head]
    arows = _apply_rows(t, look)
    n_g0 = sum(1 for r in arows if r.in_g0) + ("note_row" in v)
    sizes = _group_sizes(arows)
    seen: set[str] = set()
    first_g0 = True
    for r in arows:
        vals = [Cell(t.raw[f"apply/{r.id}/{c}"]) for c in (*APPLICANT_COLUMNS, "total")]
        if extra:
            note = rng.choice(("", "", "", "无", "—")) if "remark" in v else ""
            vals.append(Cell(note))
        label = r.label
        if r.id == "3.2" and "note_row" in v:
            label = re.sub(r"\s*[（(]区分处理.*$", "", label)
        if r.id == "3.7" and "heji" in v:
            label = label.replace("总计", "合计")
        if r.group and v & {"num_only", "abbrev"}:
            label = _short_label(label, "num_only" in v)
        if "br_labels" in v and rng.random() < 0.5:
            label = _br(label, rng)
        if "footnotes" in v and rng.random() < 0.2:
            label += rng.choice(_MARKS)
        if not r.in_g0:
            top = _br(r.top, rng) if "br_labels" in v and rng.random() < 0.5 else r.top
            rows.append([Cell(top, colspan=3), *vals])
            continue
        lead: list[Cell] = []
        if first_g0:
            first_g0 = False
            if "g0_row" in v:
                rows.append([Cell(G0, colspan=10 + extra)])
            else:
                lead.append(Cell(G0, rowspan=n_g0))
        width = 2 if "g0_row" in v else 1
        if r.group:
            if r.group not in seen:
                lead.append(Cell(r.group, rowspan=sizes[r.group]))
                seen.add(r.group)
            rows.append([*lead, Cell(label, colspan=width), *vals])
        else:
            rows.append([*lead, Cell(label, colspan=width + 1), *vals])
        if r.id == "3.2" and "note_row" in v:
            rows.append([Cell(PARTIAL_SUFFIX, colspan=width + 1), *(Cell("") for _ in range(7 + extra))])
    if "total_row" in v:
        sums = [sum(int(t.v(f"apply/{row}/{c}")) for row in ("1", "2")) for c in (*APPLICANT_COLUMNS, "total")]
        rows.append([Cell("合计", colspan=3), *(Cell(str(x)) for x in sums)])
    return rows, len(head)


def review_grids(t: Tables, v: frozenset[str]) -> list[Grid]:
    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    vals = [t.raw[f"review/{r.id}/{c.id}"] for r in t.rows("review") for c in t.spec("review").columns]
    if "review_split" in v:
        return [
            [[Cell(review, colspan=5)], [Cell(h) for h in heads], [Cell(x) for x in vals[:5]]],
            [[Cell(suit, colspan=10)], [Cell(direct, colspan=5), Cell(after, colspan=5)],
             [Cell(h) for h in heads * 2], [Cell(x) for x in vals[5:]]],
        ]
    if "review_transposed" in v:
        rows: Grid = [[Cell("项目", colspan=3), Cell("数量")]]
        for i, h in enumerate(heads):
            lead = [Cell(review, rowspan=5, colspan=2)] if i == 0 else []
            rows.append([*lead, Cell(h), Cell(vals[i])])
        for b, sub in enumerate((direct, after)):
            for i, h in enumerate(heads):
                lead = [Cell(suit, rowspan=10)] if b == 0 and i == 0 else []
                if i == 0:
                    lead.append(Cell(sub, rowspan=5))
                rows.append([*lead, Cell(h), Cell(vals[5 + 5 * b + i])])
        return [rows]
    return [[
        [Cell(review, colspan=5), Cell(suit, colspan=10)],
        [*(Cell(h, rowspan=2) for h in heads), Cell(direct, colspan=5), Cell(after, colspan=5)],
        [Cell(h) for h in heads * 2],
        [Cell(x) for x in vals],
    ]]


def expand(grid: Grid, middle: bool = False) -> list[list[str]]:
    """The grid as a full matrix: a merged cell's text in its top-left slot (``middle``: in the
    left slot of its middle row), the rest empty."""
    out: list[list[str]] = [[] for _ in grid]
    taken: dict[tuple[int, int], str] = {}
    for i, row in enumerate(grid):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            for di in range(cell.rowspan):
                for dj in range(cell.colspan):
                    taken[(i + di, j + dj)] = ""
            taken[(i + ((cell.rowspan - 1) // 2 if middle else 0), j)] = cell.text
            j += cell.colspan
    for (i, j), text in taken.items():
        if i < len(out):
            line = out[i]
            line += [""] * (j + 1 - len(line))
            line[j] = text
    return out


# --------------------------------------------------------------------------------------- printers


def _html_table(grid: Grid, h: _Html, word: bool) -> str:
    if not word:
        return h.table(["".join(h.td(c.text.replace("\n", "\x01"), rowspan=c.rowspan, colspan=c.colspan)
                                for c in row) for row in grid]).replace("\x01", "<br>")
    trs = []
    width = max(sum(c.colspan for c in row) for row in grid)
    for row in grid:
        tds = []
        for c in row:
            attrs = (f" rowspan={c.rowspan}" if c.rowspan > 1 else "") + (f" colspan={c.colspan}" if c.colspan > 1 else "")
            if c.text.strip():
                paras = "".join(
                    "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
                    f"style='font-size:10.0pt;font-family:仿宋_GB2312'>{_html.escape(part, quote=False)}<o:p></o:p></span></p>"
                    for part in c.text.split("\n"))
            else:
                paras = "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"
            tds.append(f"<td width=64 valign=top{attrs} style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'>\n  {paras}</td>")
        trs.append("<tr style='height:15.0pt'>\n " + "\n ".join(tds) + "\n</tr>")
    sizing = "<![if !supportMisalignedColumns]>\n<tr height=0>" + "<td width=64 style='border:none'></td>" * width + "</tr>\n<![endif]>"
    return ("<div class=WordSection1 align=center><table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
            "style='border-collapse:collapse;border:none'>\n" + "\n".join(trs) + "\n" + sizing + "\n</table></div>\n"
            "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>")


def _tab_lines(grid: Grid, middle: bool = False) -> list[str]:
    return ["\t".join(c.replace("\n", "") for c in row) for row in expand(grid, middle)]


def _md_lines(grid: Grid, middle: bool = False) -> list[str]:
    rows = expand(grid, middle)
    width = max(len(r) for r in rows)
    out = []
    for i, r in enumerate(rows):
        r = [c.replace("\n", "<br>").replace("|", "/") for c in r] + [""] * (width - len(r))
        out.append("| " + " | ".join(r) + " |")
        if i == 0:
            out.append("|" + "|".join(["---"] * width) + "|")
    return out


def _repeat_header(lines: list[str], n_head: int, rng: random.Random, again: bool = True) -> list[str]:
    """A page break inside a group (after the first ``n_head`` lines), with the header rows printed
    again after it (``again``) or not."""
    body = lines[n_head:]
    if len(body) < 8:
        return lines
    cut = n_head + rng.randint(5, min(12, len(body) - 2))
    return [*lines[:cut], "", f"- {rng.randint(2, 9)} -", "", *(lines[:n_head] if again else []), *lines[cut:]]


def _active_tables(t: Tables, rng: random.Random, v: frozenset[str]) -> Tables:
    """The tables whose 主动公开 table is printed: under ``active_other``, the other template's."""
    if "active_other" not in v:
        return t
    return make_tables("2019" if t.template == "2021" else "2021", random.Random(rng.random()), fullwidth=False)


def truth(report: Report) -> dict[str, object]:
    """What ``tests/converters/scoring.score`` takes: the printed cells by table, row and column.
    Under ``active_other`` the 主动公开 cells are the other template's table that was printed (read
    by the template the tool chose, its cells are those; left unread, they count as unsure)."""
    t = report.tables
    cells: dict[str, dict[str, dict[str, object]]] = {}
    active = report.options.get("active_tables")
    for cid in t.cell_ids() if active is None else [*t.cell_ids("apply"), *t.cell_ids("review")]:
        table, row, col = cid.split("/")
        cells.setdefault(table, {}).setdefault(row, {})[col] = t.values[cid]
    if isinstance(active, Tables):
        for cid in active.cell_ids("active"):
            _table, row, col = cid.split("/")
            cells.setdefault("active", {}).setdefault(row, {})[col] = active.values[cid]
    return {"template": t.template, "tables": cells}


def render_tables(t: Tables, rng: random.Random, look: Look, fmt: str, v: frozenset[str]) -> dict[str, str]:
    """The three tables of ``t`` printed in ``fmt`` with variant ``v``."""
    shown = _active_tables(t, rng, v)
    if shown is not t:
        _SHOWN[id(t)] = shown
    active = active_grid(shown, rng, look, v)
    apply, n_head = apply_grid(t, rng, look, v)
    reviews = review_grids(t, v)
    if fmt == "html":
        h = _Html(rng, look)
        word = "word_html" in v
        if v & {"header_repeat", "table_split"}:
            cut = n_head + rng.randint(5, min(12, len(apply) - n_head - 2))
            # the merged label cells end at the page break; the second table starts with the header again
            first, second = _split_rowspans(apply, cut)
            again = apply[:n_head] if "header_repeat" in v else []
            page = f"\n<p style='text-align:center'>- {rng.randint(2, 9)} -</p>\n" if "table_split" in v else "\n"
            apply_html = _html_table(first, h, word) + page + _html_table(again + second, h, word)
        else:
            apply_html = _html_table(apply, h, word)
        return {"active": _html_table(active, h, word), "apply": apply_html,
                "review": "\n".join(_html_table(g, h, word) for g in reviews)}
    printer = _md_lines if fmt == "markdown" else _tab_lines

    def lines(grid: Grid) -> list[str]:
        return printer(grid, "merged_middle" in v)

    apply_lines = lines(apply)
    if v & {"header_repeat", "table_split"}:
        n = n_head + (1 if fmt == "markdown" else 0)
        apply_lines = _repeat_header(apply_lines, n, rng, again="header_repeat" in v)
    if "footnotes" in v and fmt == "tab":
        apply_lines = [_stray(ln, rng) for ln in apply_lines]
    return {"active": "\n".join(lines(active)), "apply": "\n".join(apply_lines),
            "review": "\n\n".join("\n".join(lines(g)) for g in reviews)}


def _stray(line: str, rng: random.Random) -> str:
    """A footnote mark printed between the label and the values (its own text piece)."""
    fields = line.split("\t")
    if len(fields) < 8 or rng.random() > 0.2:
        return line
    at = next((i for i, f in enumerate(fields) if f and not f[0].isdigit() and i < len(fields) - 7), None)
    if at is None:
        return line
    fields[at] += " " + rng.choice(_MARKS)
    return "\t".join(fields)


def _split_rowspans(grid: Grid, cut: int) -> tuple[Grid, Grid]:
    """Rows before ``cut`` and after it, a merged cell crossing the cut split into two (its text kept
    in the first part, an empty merged cell in the second)."""
    first = [list(r) for r in grid[:cut]]
    second = [list(r) for r in grid[cut:]]
    carried: list[Cell] = []  # the continued (empty) parts, in column order: they lead their rows
    for i, row in enumerate(first):
        for k, c in enumerate(row):
            if i + c.rowspan > cut:
                keep = cut - i
                row[k] = Cell(c.text, rowspan=keep, colspan=c.colspan)
                carried.append(Cell("", rowspan=c.rowspan - keep, colspan=c.colspan))
    if second:
        second[0] = [*carried, *second[0]]
    return first, second


def grid_layout(grid: Grid, label_cm: tuple[float, ...], n_head: int = 0) -> Layout:
    """The grid as a ``docgen.Layout``: the first columns ``label_cm`` wide, the rest sharing 15.6 cm."""
    slots = expand(grid)
    width = max(len(r) for r in slots)
    labels = list(label_cm[:max(0, width - 1)])
    lay = Layout([*labels, *[(15.6 - sum(labels)) / (width - len(labels))] * (width - len(labels))], header_rows=n_head)
    taken: set[tuple[int, int]] = set()
    for i, row in enumerate(grid):
        j = 0
        for cell in row:
            while (i, j) in taken:
                j += 1
            lay.cells.append(Placed(i, j, cell.text, cell.rowspan, cell.colspan, label=not _is_number(cell.text)))
            taken |= {(i + a, j + b) for a in range(cell.rowspan) for b in range(cell.colspan)}
            j += cell.colspan
    lay.n_rows = len(grid)
    return lay


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[\d\s,，.+\-−－０-９]*", text))


def doc_layouts(t: Tables, rng: random.Random, look: Look, wl: WordLook, v: frozenset[str]) -> dict[str, list[Layout]]:
    """The three tables of ``t`` with variant ``v`` as Word table layouts."""
    shown = _active_tables(t, rng, v)
    if shown is not t:
        _SHOWN[id(t)] = shown
    active = grid_layout(active_grid(shown, rng, look, v), (rng.choice((2.2, 2.8, 3.4)),))
    apply, n_head = apply_grid(t, rng, look, v)
    if v & {"header_repeat", "table_split"}:
        cut = n_head + rng.randint(5, min(12, len(apply) - n_head - 2))
        first, second = _split_rowspans(apply, cut)
        again = apply[:n_head] if "header_repeat" in v else []
        applies = [grid_layout(first, wl.label_cm, n_head), grid_layout(again + second, wl.label_cm, len(again))]
    else:
        applies = [grid_layout(apply, wl.label_cm, n_head)]
    transposed = "review_transposed" in v
    reviews = [grid_layout(g, (1.2, 2.4, 2.4) if transposed else ()) for g in review_grids(t, v)]
    return {"active": [active], "apply": applies, "review": reviews}


# ------------------------------------------------------------------------------------ the report


# Variants that cannot be printed together (one of each set at most).
_EXCLUSIVE = ({"remark", "blank_col"}, {"review_split", "review_transposed"}, {"num_only", "abbrev"},
              {"thousands", "units", "fullwidth"}, {"header_flat", "header_repeat", "table_split"})
TOKEN_VARIANTS = ("thousands", "units", "fullwidth", "minus")


def mix(rng: random.Random, n: int = 4) -> frozenset[str]:
    """``n`` variants that can be printed together, as real reports combine them."""
    chosen: set[str] = set()
    for name in rng.sample(VARIANTS, len(VARIANTS)):
        if len(chosen) == n:
            break
        if any(name in ex and chosen & ex for ex in _EXCLUSIVE):
            continue
        chosen.add(name)
    return frozenset(chosen)


def make_variant_report(seed: int, template: str, fmt: str, variant: str, *, inject: str | bool | None = None) -> Report:
    """One report of ``template`` printed in ``fmt`` with ``variant`` (a ``VARIANTS`` name, or
    ``mix``: several at once, ``options["variant"]`` says which); ``inject`` as in ``make_report``."""
    if fmt not in FORMATS or (variant not in VARIANTS and variant != "mix"):
        raise ValueError((fmt, variant))
    rng = random.Random(f"gkaudit-variant-{seed}-{template}-{fmt}-{variant}")
    vs = mix(rng) if variant == "mix" else frozenset({variant})
    printed, injection, year = _variant_tables(template, vs, rng, inject)
    if fmt == "docx":
        def layouts(t: Tables, r: random.Random, look: Look, wl: WordLook) -> dict[str, list[Layout]]:
            return doc_layouts(t, r, look, wl, vs)

        report = make_doc_report(seed, template, year=year, printed_tables=printed, layouts_maker=layouts)
        report.injection = injection
        report.options["variant"] = "+".join(sorted(vs))
        if id(printed) in _SHOWN:
            report.options["active_tables"] = _SHOWN.pop(id(printed))
        return report

    def tables_printer(t: Tables, r: random.Random, look: Look) -> dict[str, str]:
        return render_tables(t, r, look, fmt, vs)

    report = render(printed, fmt, rng, year=year, traditional=False, encoding="utf-8", tables_printer=tables_printer)
    report.injection = injection
    report.seed = seed
    report.options["variant"] = "+".join(sorted(vs))
    if id(printed) in _SHOWN:
        report.options["active_tables"] = _SHOWN.pop(id(printed))
    return report


def _variant_tables(template: str, vs: frozenset[str], rng: random.Random,
                    inject: str | bool | None) -> tuple[Tables, Injection | None, int | None]:
    """The printed tables (numbers in the token variants, the injected error printed the same
    way), the injection, and the year to print (another template's under ``year_mismatch``)."""
    tables = make_tables(template, rng, fullwidth=False)
    for name in TOKEN_VARIANTS:
        if name in vs:
            vary_tokens(tables, name, rng)
    injection = None
    printed = tables
    if inject:
        injection = inject_error(tables, rng, None if inject is True else str(inject))
        printed = injection.tables
        for name in ("units", "fullwidth", "thousands"):
            if name in vs:
                t1 = printed.copy()
                vary_tokens(t1, name, random.Random(0))
                printed.raw[injection.cell] = t1.raw[injection.cell]
    year = rng.choice(YEARS["2021" if template == "2019" else "2019"]) if "year_mismatch" in vs else None
    return printed, injection, year
