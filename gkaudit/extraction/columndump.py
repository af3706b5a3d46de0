"""Text whose tables were dumped column by column (pdftotext's default mode, pdfminer), or whose
columns a Markdown converter merged (markitdown on PDF: "| 4 5 |").

A dump prints a table's label column first, then the numbers in another order, so the labels of
many rows follow each other with no number between them. Which number belongs to which row is then
not in the rows read; guessing fills 依申请 rows with 主动公开 figures. The 依申请 numbers are read
back where the template's arithmetic leaves one reading (``dumpdecode``); otherwise, and for the
tables no arithmetic confirms, the table is reported unreadable with the advice to open the
original file, and its cells are left out rather than filled with guesses. In a grid of merged
columns the rows that printed every cell are kept, the others uncertain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from gkaudit.extraction import dumpdecode, reviewlabels, rowalign
from gkaudit.extraction.regions import Region
from gkaudit.extraction.tokens import Run, TokKind, region_layout, runs_of, tokenise
from gkaudit.extraction.values import parse_value
from gkaudit.model import Cell, Finding, Source, Table, cell_id, split_cell_id
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import holds, relations_for
from gkaudit.templates import TableSpec, TemplateSpec

# A row label that names a row by a key this long is a clear sighting of that row.
_CLEAR_KEY = 4
# This many rows named in one stretch of text with no number between them: the order is gone
# (a wrapped label names two or three rows at most, a header the first one or two).
_ROWS_TOGETHER = 6
# Words of the review table's column headings that no row label holds.
_REVIEW_HEADS = ("维持", "纠正", "审结")
# A one-line table read again whole from its value line (no finding of its own).
_SETTLED: list[Finding] = []
_CLEARED_RULES = ("cell.missing", "cell.blank", "cell.invalid", "row.missing", "extract.uncertain")


def rows_named_together(norm: str, region: Region, template: TemplateSpec) -> int:
    """The most 依申请 rows whose labels one stretch of the region's text names before any number."""
    toks, layout = tokenise(norm, region.start, region.end)
    rows = template.table("apply").rows
    best = 0
    for run in runs_of(toks, layout):
        named = sum(1 for r in rows if rowalign.key_score(r, run.label) >= rowalign.KEY_WEIGHT * _CLEAR_KEY)
        best = max(best, named)
    return best


def headers_among_values(norm: str, region: Region) -> bool:
    """True when column headings of a one-line table (行政复议 …) are printed between its numbers."""
    if region_layout(norm, region.start, region.end) in ("pipe", "tab"):
        return False  # a grid prints each block's headings above its own row (three small tables)
    toks, layout = tokenise(norm, region.start, region.end)
    runs = runs_of(toks, layout)
    valued = [run for run in runs if run.cells]
    if valued and all(len(run.cells) == 1 and any(w in run.tail for w in (*_REVIEW_HEADS, "结果", "总计"))
                      for run in valued):
        # One number a line, each after its own heading: the table printed downwards (项目 | 数量),
        # not a dump (which prints a column's numbers together, several to a stretch of text).
        return False
    seen_value = False
    for run in runs:
        if seen_value and run.cells and any(word in run.label for word in _REVIEW_HEADS) \
                and _headings(run.header) != len(run.cells) and not _headed_line(run):
            # A grid line of values under a header line of as many headings is a block printed as
            # its own small table (行政复议 | 直接起诉 | 复议后起诉 each headed), not a dump.
            return True
        seen_value = seen_value or bool(run.cells)
    return False


# The words that name one column of the review table, each once (结果维持 … 尚未审结, 总计).
_HEAD_WORDS = ("维持", "纠正", "其他结果", "审结", "总计")


def _headed_line(run: Run) -> bool:
    """True when a run's numbers stand on one line after as many column headings as they are: a
    block printed as its own small table whose headings wrapped in their cells ("结果维 / 持"), so
    no header line holds them whole. A dump prints a heading between numbers, not all before them."""
    return len(run.cells) > 1 and len({t.line for t in run.cells}) == 1 \
        and sum(run.label.count(w) for w in _HEAD_WORDS) == len(run.cells)


def _dumped_flat(norm: str, regions: Mapping[str, Region], spec: TableSpec) -> bool:
    return spec.flat and spec.id in regions and headers_among_values(norm, regions[spec.id])


def _headings(header: Mapping[int, str]) -> int:
    """How many of a header line's cells are review column headings (结果维持 … 总计)."""
    return sum(1 for text in header.values() if any(w in text for w in (*_REVIEW_HEADS, "结果", "总计")))


_MERGED_LINES = 3


def merged_columns(norm: str, region: Region) -> bool:
    """True when a Markdown grid holds two columns' numbers in one cell on several lines ("| 1 0 |"):
    the converter merged columns, and a blank printed as nothing leaves no trace of which one it was."""
    if region_layout(norm, region.start, region.end) != "pipe":
        return False  # asked of every report: the layout alone answers it for all but Markdown
    toks, _layout = tokenise(norm, region.start, region.end, layout="pipe")
    cells = Counter((t.line, t.col) for t in toks if t.kind is TokKind.VALUE)
    return len({line for (line, _col), n in cells.items() if n > 1}) >= _MERGED_LINES


def _apply_in_doubt(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> bool:
    """A dump never reads as a whole table: rows missing or short, or cells in doubt (cheap to ask first)."""
    table = tables.get("apply")
    if table is None or not table.cells:
        return True
    spec = template.table("apply")
    rows = {row for row, _c in table.cells}
    needed = sum(1 for r in spec.rows if not r.optional and not r.alternative_to)
    doubts = sum(1 for f in findings if f.rule in ("cell.missing", "row.missing", "extract.uncertain")
                 and f.cells and f.cells[0].startswith("apply/"))
    uncertain = any(c.reading == "uncertain" for c in table.cells.values())
    return len(rows) < needed or doubts > 0 or uncertain


def _confirmed(table_id: str, tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> bool:
    """Read whole, every cell as printed, and every relation of the table holds."""
    table = tables.get(table_id)
    spec = template.table(table_id)
    # Sums do not tell a blank from a 0, nor confirm a cell placed by inference.
    if table is None or not table.cells or any(c.reading != "printed" or c.blank for c in table.cells.values()):
        return False
    if any(f.cells and f.cells[0].startswith(table_id + "/") and f.rule in _CLEARED_RULES[:1] + _CLEARED_RULES[3:]
           for f in findings):
        return False
    present = {row for row, _c in table.cells}
    relations = [r for r in relations_for(template, present)
                 if (*r.parts, *r.totals) and all(c.startswith(table_id + "/") for c in (*r.parts, *r.totals))]
    values = {c.id: (0 if c.blank else c.value) for c in table.cells.values()}
    return bool(relations) and all(holds(r, values) for r in relations) and \
        all((r.id, c.id) in table.cells for r in spec.rows if r.id in present for c in spec.row_columns(r))


def _keep_whole_rows(norm: str, region: Region | None, spec: TableSpec, table: Table | None) -> list[Finding] | None:
    """A table of merged columns kept by its whole rows; the other rows' cells become uncertain.

    A row is whole when each of its cells holds a number or a blank mark of its own, and its place
    is sure when the text's value lines, taken in order, give the same rows as the labels did: as
    many value lines as rows, each whole row's numbers exactly that line's (a lone number no cell
    was read from is a label's fragment or a year). A one-line table (复议诉讼) whose value line holds
    as many numbers and marks as it has cells is read again from them in order (``_SETTLED``).
    None when not (the table is then unreadable).
    """
    if table is None or not table.cells or region is None:
        return None
    present = [r for r in spec.rows if any((r.id, c.id) in table.cells for c in spec.row_columns(r))]
    toks, layout = tokenise(norm, region.start, region.end, loose_rows=True)
    placed = {c.source.start for c in table.cells.values() if c.source is not None}
    every = [line for line in ([t for t in run.cells if t.kind is TokKind.VALUE] for run in runs_of(toks, layout))
             if line]
    numbers = [line for line in every if len(line) > 1 or placed.intersection(t.start for t in line)]
    lines = [[t.start for t in line] for line in numbers]
    groups = [present] if spec.flat else [[r] for r in present]
    if spec.flat:
        lines = [[start for line in lines for start in line]]
        slots = [(r, c) for r in spec.rows for c in spec.row_columns(r)]
        printed = every[0] if len(every) == 1 else []
        if len(printed) == len(slots):
            # A one-line table with as many numbers and marks as cells, and no other number about
            # it (a piece of a number wrapped in its cell): they are its cells in order, whatever
            # empty cells the merges left between them.
            for (row, col), tok in zip(slots, printed, strict=True):
                parsed = parse_value(tok.text, col.kind)
                table.cells[(row.id, col.id)] = Cell(spec.id, row.id, col.id, parsed.value, norm[tok.start:tok.end],
                                                     Source(tok.start, tok.end), blank=parsed.blank,
                                                     invalid=parsed.invalid)
            return _SETTLED
    if len(lines) != len(groups):
        return None
    doubted: list[str] = []
    whole = 0
    for line, rows in zip(lines, groups, strict=True):
        cells = [table.cells.get((r.id, c.id)) for r in rows for c in spec.row_columns(r)]
        if all(c is not None and c.reading == "printed" and c.raw.strip() for c in cells):
            if [c.source.start if c is not None and c.source is not None else -1 for c in cells] != line:
                return None
            whole += 1
            continue
        doubted += table.doubt(cells)
    if not whole:
        return None
    if not doubted:
        return []
    return [catalogued(
        "extract.uncertain",
        message=f"{spec.title}：此文本合并了相邻栏的数字，未印出的空白格位置无法确定，这些格的读法不确定，请核对原文",
        cells=tuple(doubted),
    )]


def mark_unreadable(norm: str, regions: Mapping[str, Region], template: TemplateSpec, tables: dict[str, Table],
                    findings: list[Finding]) -> list[Finding]:
    """When the 依申请 table was dumped by columns, every table of this rendering is reported unreadable.

    The other tables come from the same converter pass, so their order is no safer; an auditor is
    better served by one clear "open the original" than by figures that might be anyone's.
    """
    region = regions.get("apply")
    if region is not None and _apply_in_doubt(tables, findings, template) \
            and rows_named_together(norm, region, template) >= _ROWS_TOGETHER:
        decoded = dumpdecode.decode(norm, region, template)
        if decoded is None:
            unreadable = {spec.id for spec in template.tables}
        else:
            # The numbers read back in the converter's order, the arithmetic leaving one reading:
            # the other tables are kept only where their own arithmetic confirms them.
            tables["apply"] = decoded
            findings = [f for f in findings
                        if not (f.rule in _CLEARED_RULES and f.cells and f.cells[0].startswith("apply/"))]
            doubted = tuple(c.id for c in decoded.cells.values() if c.reading == "uncertain")
            if doubted:
                findings.append(catalogued(
                    "extract.uncertain",
                    message=f"{template.table('apply').title}：此文本中表格按列导出，按勾稽关系读回后，"
                            "有几格的数字可属于同一块中的另一栏，这些格不确定，请核对原文",
                    cells=doubted,
                ))
            # A one-line table with headings among its numbers was read in the template's order,
            # which the dump lost: its sums holding do not make that order right.
            unreadable = {spec.id for spec in template.tables
                          if spec.id != "apply" and (not _confirmed(spec.id, tables, findings, template)
                                                     or _dumped_flat(norm, regions, spec))}
    else:
        unreadable = {spec.id for spec in template.tables
                      if spec.flat and spec.id in regions and headers_among_values(norm, regions[spec.id])}
        if unreadable:
            # One table dumped by columns: the same converter pass printed the others, so each is
            # kept only where its own arithmetic confirms the reading whole (主动公开 has none).
            unreadable |= {spec.id for spec in template.tables if not _confirmed(spec.id, tables, findings, template)}
        elif region is not None and merged_columns(norm, region):
            # Columns merged, rows kept: a row that printed a number or a mark in each of its cells
            # is read whatever the merges were; a row with a blank printed as nothing is in doubt.
            for spec in template.tables:
                if _confirmed(spec.id, tables, findings, template):
                    continue
                kept = _keep_whole_rows(norm, regions.get(spec.id), spec, tables.get(spec.id))
                if kept is None:
                    unreadable.add(spec.id)
                    continue
                if kept is _SETTLED:
                    # Read whole after all: what the first reading doubted is settled.
                    findings = [f for f in findings if not (f.rule in _CLEARED_RULES and f.cells
                                                            and split_cell_id(f.cells[0])[0] == spec.id)]
                findings = [*findings, *kept]
            return _drop_unreadable(regions, template, tables, findings, unreadable)
    findings = _read_by_headings(norm, regions, template, tables, findings, unreadable)
    return _drop_unreadable(regions, template, tables, findings, unreadable)


def _read_by_headings(norm: str, regions: Mapping[str, Region], template: TemplateSpec, tables: dict[str, Table],
                      findings: list[Finding], unreadable: set[str]) -> list[Finding]:
    """A dumped one-line table (复议诉讼) read back by the heading before each number, where it can be.

    Taken out of ``unreadable`` when read; a block whose parts do not add up to its 总计 is kept
    with its cells uncertain (a figure given to the wrong block and the report's own slip look alike).
    """
    for spec in template.tables:
        region = regions.get(spec.id)
        if not spec.flat or spec.id not in unreadable or region is None:
            continue
        table = reviewlabels.read_by_headings(norm, region, spec)
        if table is None:
            continue
        unreadable.discard(spec.id)
        tables[spec.id] = table
        findings = [f for f in findings
                    if not (f.rule in _CLEARED_RULES and f.cells and split_cell_id(f.cells[0])[0] == spec.id)]
        values = {c.id: (0 if c.blank else c.value) for c in table.cells.values()}
        broken = [r for r in relations_for(template, {r.id for r in spec.rows})
                  if all(split_cell_id(c)[0] == spec.id for c in (*r.parts, *r.totals)) and not holds(r, values)]
        doubted = table.doubt(table.cells.get(split_cell_id(c)[1:]) for r in broken for c in (*r.parts, *r.totals))
        if doubted:
            findings.append(catalogued(
                "extract.uncertain",
                message=f"{spec.title}：此文本中表格按列导出，各数按其前面的栏目标题读回，"
                        "有几行相加不符，可能是数字归错了栏，这些格不确定，请核对原文",
                cells=tuple(doubted),
            ))
    return findings


def _drop_unreadable(regions: Mapping[str, Region], template: TemplateSpec, tables: dict[str, Table],
                     findings: list[Finding], unreadable: set[str]) -> list[Finding]:
    """The tables in ``unreadable`` emptied, each with one finding that says so."""
    if not unreadable:
        return findings
    dropped = set()
    out = []
    for spec in template.tables:
        table = tables.get(spec.id)
        if table is None or not table.found or spec.id not in unreadable:
            continue
        dropped.add(spec.id)
        table.cells.clear()
        where = regions.get(spec.id)
        out.append(catalogued(
            "extract.unreadable",
            message=f"{spec.title}：此文本中表格按列导出，行列对应关系已丢失，无法可靠读取，请打开原始文件（PDF 或 Word）核对",
            cells=tuple(cell_id(spec.id, r.id, c.id) for r in spec.rows for c in spec.row_columns(r)),
            source=Source(where.start, where.end) if where is not None else None,
            anchor=spec.id,
        ))
    kept = [f for f in findings
            if not (f.rule in _CLEARED_RULES and f.cells and split_cell_id(f.cells[0])[0] in dropped)]
    return kept + out
