"""Map runs of values onto the template's rows and columns, cell by cell, keeping every source.

The template's fixed row order is the strongest signal: a run goes to the row, at or after the
current one, whose label key appears in the text before it (longest key first, nearer rows
preferred); a run with no recognisable label goes to the next expected row.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from gkaudit.extraction import (
    alignment,
    columndump,
    flatgrid,
    headedline,
    headrepeat,
    looserows,
    misread,
    plausible,
    positions,
    rowalign,
    runtogether,
    shortrows,
    spacing,
    splitrows,
    wrapped,
)
from gkaudit.extraction.regions import Region, find_regions, foreign_table, placeholder_region
from gkaudit.extraction.tokens import (
    UNIT_WORD,
    Run,
    Tok,
    TokKind,
    items_apart,
    one_pass,
    page_noise,
    pass_memo,
    runs_of,
    tokenise,
)
from gkaudit.extraction.values import parse_value
from gkaudit.model import Cell, Document, Finding, Number, PageBox, Severity, Source, Table, cell_id
from gkaudit.reading.normalise import compact, key_text, normalise
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import holds, relations_for
from gkaudit.templates import Kind, RowSpec, TableSpec, TemplateSpec

_KEY_WEIGHT = 10
_SKIP_PENALTY = 3
_MAX_SLOT_READINGS = 64


@dataclass(frozen=True, slots=True)
class Extraction:
    tables: dict[str, Table]
    findings: list[Finding]
    layouts: dict[str, str]


_FOLIO_LINE = re.compile(r"^[^\n]{1,24}$", re.M)


def extract_tables(doc: Document, template: TemplateSpec) -> Extraction:
    norm = normalise(doc.text)
    with one_pass(norm):
        return _extract_tables(doc, norm, template)


def _extract_tables(doc: Document, norm: str, template: TemplateSpec) -> Extraction:
    marked = runtogether.spaced_units(runtogether.blank_words(norm, template))
    if runtogether.is_run_together(marked, template):
        decoded = runtogether.extract(doc, marked, template)
        if decoded is not None:
            return Extraction(decoded[0], decoded[1], {t: "runtogether" for t in decoded[0]})
    regions = find_regions(norm, template, normalised=True)
    read: dict[str, Table] = {}
    per_table: dict[str, list[Finding]] = {}
    read_layouts: dict[str, str] = {}
    # The tables of most rows first: what one says of the text (whether its characters are columns,
    # whether its empty lines are cells) is said best by the most rows, and holds for the others,
    # which the same converter printed. Tables and findings stay in the template's order.
    for spec in sorted(template.tables, key=lambda t: (t.flat, -len(t.rows))):
        found: list[Finding] = per_table.setdefault(spec.id, [])
        region = regions.get(spec.id)
        if region is None:
            read[spec.id] = Table(spec.id, found=False)
            unrendered = placeholder_region(norm, spec, _PLACEHOLDER)
            found.append(
                _placeholder_finding(spec, *unrendered) if unrendered is not None else
                Finding(
                    rule="table.missing",
                    severity=Severity.ERROR,
                    message=f"未找到表格“{spec.title}”",
                )
            )
            continue
        foreign = foreign_table(norm, spec, region.start, region.end, template)
        if foreign is not None:
            read[spec.id] = foreign[0]
            found.append(foreign[1])
            continue
        table, table_findings, layout = _extract_table(doc, norm, spec, region, template)
        read[spec.id] = table
        found.extend(table_findings)
        read_layouts[spec.id] = layout
    tables = {spec.id: read[spec.id] for spec in template.tables}
    layouts = {spec.id: read_layouts[spec.id] for spec in template.tables if spec.id in read_layouts}
    findings = [f for spec in template.tables for f in per_table[spec.id]]
    findings = shortrows.place_short_rows(tables, findings, template, doc.text)
    findings = plausible.mark_implausible(tables, findings, template, layouts, doc.kind)
    findings = plausible.mark_misplaced_blanks(tables, findings, template, layouts, doc.kind)
    findings = plausible.mark_implausible_line(tables, findings, template, layouts, doc.kind)
    findings = plausible.mark_stray_numbers(norm, regions, tables, findings, template, doc.kind)
    findings = plausible.mark_lost_rows(norm, regions, tables, findings, template)
    findings = plausible.mark_stray_line_numbers(norm, regions, tables, findings, template)
    findings = plausible.mark_numbers_past_rows(norm, regions, tables, findings, template)
    findings = plausible.mark_numbers_before_labels(norm, regions, tables, findings, template, doc.kind)
    findings = plausible.mark_shifted_amounts(tables, findings, template)
    findings = columndump.mark_unreadable(norm, regions, template, tables, findings)
    return Extraction(tables, findings, layouts)


def _extract_table(
    doc: Document, norm: str, spec: TableSpec, region: Region, template: TemplateSpec
) -> tuple[Table, list[Finding], str]:
    toks, layout = tokenise(norm, region.start, region.end, loose_rows=True)
    if layout in ("lines", "lines2"):
        toks = _heading_marks(toks, spec)
    if layout == "space":
        toks = wrapped.cut_at_separator(toks)
    # Readers give every PDF cell a span of exactly its text: look those up directly.
    boxes = {(s.start, s.end): PageBox(s.page, s.bbox) for s in doc.spans if region.start <= s.start <= region.end}
    positional = layout == "space"
    placed_by_x = False
    if layout != "tab" and layout != "pipe" and boxes:
        # A PDF table without rules: numbers line up under their columns on the page, which also
        # tells where a blank cell (printed as nothing) sits.
        toks, placed_by_x = _columns_from_page(toks, boxes)
        positional = positional or placed_by_x
    if layout not in ("tab", "pipe") and all(c.kind is Kind.COUNT for c in spec.columns):
        toks = items_apart(toks)
    if layout not in ("tab", "pipe") and not spec.flat:
        toks = headrepeat.drop_repeats(toks, spec)
    checks = wrapped.line_checks(spec, template)
    runs = runs_of(toks, layout)
    if layout == "lines" and spacing.widely_spaced(runs):
        # A page's text taken whole: its cells parted by runs of empty lines (spacing).
        widths = {len(spec.row_columns(r)) for r in spec.rows}
        runs = spacing.respace(runs, len(spec.columns) * len(spec.rows) if spec.flat else max(widths),
                               uniform=spec.flat or len(widths) == 1)
    split_apart: set[int] = set()  # offsets of numbers on lines that may be one row's, left apart
    # Numbers one space apart on every line (pdfium, pypdf) are listed: their characters are no columns.
    if layout == "space" and not placed_by_x and not spec.flat and any(positions.aligned(r) for r in runs) \
            and _characters_columns(doc.text, norm, spec, runs):
        runs, split_apart = splitrows.join(runs, doc.text, max(len(spec.row_columns(r)) for r in spec.rows),
                              [alignment.row_keys(r) for r in spec.rows])
    if placed_by_x and not spec.flat:
        runs = wrapped.stacked(runs, checks, doc.text)
    if layout == "tab" and not spec.flat and len({len(spec.row_columns(r)) for r in spec.rows}) == 1:
        runs = _without_spare_columns(runs, len(spec.columns))
    runs = wrapped.rejoin(runs, checks, layout, doc.text, placed_by_x)
    reordered: set[int] = set()  # offsets of numbers of runs read in their columns' order, not the text's
    if placed_by_x and not spec.flat:
        if len({len(spec.row_columns(r)) for r in spec.rows}) == 1 and (check := checks.get(len(spec.columns))):
            runs = _pieces_joined(spec, runs, check, _PAGE_DRIFT)
        runs, reordered = _in_column_order(runs, _PAGE_DRIFT)
    if layout == "lines" and (_empties_part_blocks(spec, runs) or _rows_end_parted(spec, runs)):
        # Empty lines between blocks of text (MuPDF's text, mutool's), not blank cells: a row's
        # printed numbers are all it has, and where its blanks stood the arithmetic says, or
        # nothing does.
        runs = [_numbers_only(r, keep_others=True) for r in runs]
    table = Table(spec.id, source=Source(region.start, region.end, doc.page_box(region.start, region.end)))
    findings: list[Finding] = []
    if layout in ("pipe", "tab"):
        # Equal neighbours under one header are a merged cell only where the template merges
        # value cells (rows of unequal widths) or the row has more numbers than any row: in a
        # table of equal rows, "0|0" under a header merged above them is two cells.
        # A one-line table (复议诉讼, 15 numbers) folds only beyond its full count: its header
        # split over lines repeats words ("结果 | 结果") over cells that are not merged.
        widths = {len(spec.row_columns(r)) for r in spec.rows}
        full = len(spec.columns) * len(spec.rows) if spec.flat else max(widths)
        runs = [_fold_merged(r) if len(widths) > 1 or len(r.cells) > full else r for r in runs]
    doubt: dict[str, list[Run | None]] = {}
    slot_doubt: dict[str, list[list[Tok]]] = {}
    flat_doubt = False
    flat_line: list[Tok] = []
    apart: frozenset[str] = frozenset()  # rows whose missing cells were printed apart from them
    if spec.flat:
        valued = [r for r in runs if r.cells] or _blank_value_line(toks, len(spec.columns) * len(spec.rows))
        if layout in ("tab", "pipe"):
            valued = _grid_lines_as_cells(runs, len(spec.columns) * len(spec.rows)) or valued
        if layout == "lines2":
            valued = _blank_lines_as_cells(spec, norm, region, valued)
        if layout == "pipe" and flatgrid.columns_merged([t for r in valued for t in (*r.pre, *r.cells, *r.post)],
                                                        len(spec.columns) * len(spec.rows)):
            # The grid's columns are not the table's: its empty cells say nothing of where the
            # blanks stand. The printed numbers in their order are the line; the arithmetic
            # (shortrows) places the blanks, or says it cannot.
            # (Other readings of a run were of its grid cells: they go with them.)
            valued = [_numbers_only(r) for r in valued]
        valued, flat_doubt = wrapped.join_extra(valued, len(spec.columns) * len(spec.rows),
                                                layout == "space" and any(positions.aligned(r) for r in valued))
        # A wrapped number joined in more than one place that holds: the line's placement says
        # nothing of which (the pieces stood apart from it), and the rows cut from it keep no rivals.
        flat_doubt = flat_doubt or any(r.others for r in valued)
        placed = _place_flat(spec, valued)
        # Every number of the value lines, those the placement cut off too (pieces of wrapped numbers).
        flat_line = [t for r in valued for t in r.cells]
        for other in flatgrid.rivals(spec, valued):
            # Merged-cell cover or a blank: readings that add up alike put 0 and blank elsewhere.
            for row, run in _place_flat(spec, valued, other):
                doubt.setdefault(row.id, []).append(run)
    elif layout == "pipe" and len({len(spec.row_columns(r)) for r in spec.rows}) == 1:
        placement = _align_rows(spec, runs, template, layout)
        placed, doubt = placement.placed, placement.doubt
    else:
        loose = looserows.place(spec, runs, runtogether.quoted_numbers(norm, spec.rows))
        if loose is not None:
            placed, slot_doubt = loose.placed, loose.doubt
        else:
            placed, doubt, apart = _place_rows(spec, runs, template, layout, headless=region.heading is None, text=norm)
            _named_elsewhere(spec, placed, doubt, layout)
            for row, run in placed:
                if (line_only := _without_loose_tail(run)) is not None:
                    doubt.setdefault(row.id, []).append(line_only)
    typical_last = _typical_last_col(placed, spec)
    parts = [norm.count("\n\n", region.start, run.cells[0].start) if run.cells else -1 for _, run in placed]
    narrow = _narrow_grids(spec, placed, parts) if layout in ("tab", "pipe") else set()
    pages_before = _pages_before(norm)
    pages = [pages_before(run.cells[0].start) if run.cells else -1 for _, run in placed]
    # Where the header a pipe row is read under stood apart from the row by a page break: no say.
    header_apart: set[int] = set()
    if layout == "pipe":
        # Markdown has no page breaks: a page's folio left between rows ("— 2 —") is one, and a
        # converter that guesses each page's grid from its words may set the next page on another.
        folios = [m.start() for m in _FOLIO_LINE.finditer(norm, region.start, region.end) if page_noise(m.group())]
        pages = [p + bisect.bisect_left(folios, run.cells[0].start) if p >= 0 else p
                 for p, (_row, run) in zip(pages, placed, strict=True)]
        header_apart = {k for k, (_row, run) in enumerate(placed) if run.cells and run.header_at >= 0 and (
            bisect.bisect_left(folios, run.header_at) != bisect.bisect_left(folios, run.cells[0].start)
            or "\f" in norm[run.header_at:run.cells[0].start])}
    numbered = _numbered_columns(placed, parts) if layout == "tab" else {}
    if placed_by_x:
        # Our PDF reader's columns are the numbers' middles on the page: a mark standing clear of
        # every column in which some row prints a digit is in a column of remarks (备注).
        digits = {t.col for _r, run in placed for t in run.cells
                  if t.kind is TokKind.VALUE and t.col >= 0 and any(ch.isdigit() for ch in t.text)}
        numbered = {part: digits for part in parts}
    if layout == "pipe" and not spec.flat and len({len(spec.row_columns(r)) for r in spec.rows}) == 1:
        pages = _grid_pages(spec, toks, placed, pages)
    elif layout == "pipe" and not spec.flat:
        # Rows of several widths (主动公开): each item is a small table of its own under its own
        # header; a row of another item's table, as wide, says nothing of this one's columns.
        keys: dict[tuple[int, tuple[tuple[int, str], ...]], int] = {}
        pages = [keys.setdefault((page, tuple(sorted(run.header.items()))), len(keys)) if page >= 0 else page
                 for (_row, run), page in zip(placed, pages, strict=True)]
    grid = layout in ("tab", "pipe")
    remarked = {len(spec.row_columns(r)) for r, run in placed if _remarks(run, len(spec.row_columns(r)))}
    # Where the numbers stand is read without the 备注 marks: a row of the table's width whose last
    # cell is a remark is no full row (its columns would be the remark's), and a short row placed
    # by the numbers' columns leaves the mark's column, 总计's or the remark's, blank either way.
    # Rows whose label stands where the full rows print numbers are set on a grid of their own:
    # they place no row and are placed by none (a full one reads in order all the same).
    label_in_values = _labels_in_values(norm, doc.text, toks, spec, placed) if layout == "space" and not placed_by_x else set()
    by_position = positions.place([len(spec.row_columns(r)) for r, _ in placed],
                                  [dataclasses.replace(run, cells=[]) if k in label_in_values else
                                   _without_remarks(run, len(spec.row_columns(r)), remarked)
                                   for k, (r, run) in enumerate(placed)],
                                  pages, on_page=placed_by_x, grid=grid, text=doc.text)
    # A row whose missing cells were printed apart from it (left out as no row's): the columns
    # its printed numbers stand in say nothing of where its blanks are.
    by_position = [None if row.id in apart else p for (row, _run), p in zip(placed, by_position, strict=True)]
    if layout == "space" and not placed_by_x and (shifted := _off_grid(spec, placed, toks)):
        # Some row prints a number left of every full row's first column (under the labels): its
        # cells are set one grid cell left (no merged group label beside it, inscriptis), and the
        # rows with as many label cells as it stand on that grid; where their blanks are is not
        # known from the full rows' positions.
        by_position = [None if k in shifted else p for k, p in enumerate(by_position)]
    # A grid whose rows end at different columns (a converter dropped merged cells in some rows):
    # where a short row's cells stand in it says nothing.
    ragged = len({(run.post or run.cells)[-1].col for _, run in placed if run.cells}) > 1
    if layout == "pipe" and not spec.flat and len({len(spec.row_columns(r)) for r in spec.rows}) == 1:
        # One grid for the whole table (依申请); the 主动公开 items are small tables of their own.
        by_grid = positions.grid_columns([len(spec.row_columns(r)) for r, _ in placed], [run for _, run in placed], pages)
        by_position = [g or p for g, p in zip(by_grid, by_position, strict=True)]
        finer = _finer_grids(placed, pages, len(spec.columns))
    else:
        finer = {}
    folded = _folded_grids(placed, pages) if layout == "pipe" and not spec.flat and \
        len({len(spec.row_columns(r)) for r in spec.rows}) == 1 else set()
    joinings: list[tuple[RowSpec, list[list[Tok]]]] = []  # rows with a wrapped number joined more than one way
    for k, ((row, run), aligned) in enumerate(zip(placed, by_position if positional or grid else [None] * len(placed),
                                                  strict=True)):
        columns = spec.row_columns(row)
        if layout == "pipe" and not spec.flat and aligned is None and k not in header_apart:
            aligned = positions.under_headers(run, [c.label for c in columns])
        merged = _merged_slots(run, len(columns)) if layout == "tab" else []
        grid_readings: list[list[Tok]] = []
        group = (pages[k], positions.extent(run)[1]) if run.cells else None
        if aligned is None and group in finer and sum(t.kind is TokKind.VALUE for t in run.cells) < len(columns):
            # A grid whose columns are not the table's (a page's column split in two, two columns
            # in one cell) and no row of it printed whole to tell which are: the row's empty cells
            # say nothing of where its blanks stand. Each way of leaving out the grid's extra empty
            # cells is a reading, besides the one read below; where two columns share a cell, its
            # numbers in their order are the row and the arithmetic (shortrows) places the blanks.
            if group in folded:
                run = _numbers_only(run)
            elif group is not None:
                grid_readings = _grid_drops(run, len(columns), finer[group])
        if aligned is not None and k in label_in_values:
            # The row's own label stands where the table's full rows print numbers: a converter
            # that sets a row carrying a merged label cell (（四）无法提供 beside its first item) one
            # grid cell further right (inscriptis). Its numbers fit the grid one column off.
            aligned = None
        if aligned is not None and any(shortrows.run_together(t.text) for t in run.cells if t.kind is TokKind.VALUE):
            # A number no report prints ("000０": a leading zero, widths mixed) is cells run
            # together: where the row's numbers stand says nothing of its blanks, and how the run
            # parts is a reading the arithmetic chooses (shortrows).
            aligned = None
        if aligned is not None and not merged:  # a row wider than its columns is read by its merges
            for column, maybe in zip(columns, aligned, strict=True):
                if maybe is None:
                    # Nothing printed in this column of a space-aligned row: a blank cell.
                    table.cells[(row.id, column.id)] = Cell(spec.id, row.id, column.id, None, "", None, blank=True)
                else:
                    table.cells[(row.id, column.id)] = _cell(doc, spec.id, row.id, column.id, maybe, column.kind, boxes)
            if layout == "space" and not placed_by_x and _pieces_over_blanks(doc.text, toks, spec, table, row, aligned):
                findings.append(_doubt_finding(spec, [row.id]))
            if row.id in doubt:
                # Where the numbers stand fixes the blanks, not which row they are.
                _mark_doubt(spec, table, row, doubt[row.id], layout)
            continue
        if aligned is None and k in header_apart and not merged and not grid_readings and group not in finer \
                and len(run.pre) + len(run.cells) + len(run.post) > len(columns):
            # A row on a page of its own grid (a header over other columns, a page break between),
            # with more grid cells than the table has columns and no row of its page printed whole:
            # its empty cells say nothing of where its blanks stand. Its numbers in their order are
            # the row; the arithmetic (shortrows) places the blanks, or says it cannot.
            run = _numbers_only(run)
        unsure = False
        if merged:
            cells, missing = merged[0], 0
            slot_doubt[row.id] = merged[1:]
        else:
            cells, missing = _fit(run, len(columns), typical_last.get(len(columns)), layout,
                                   numbered.get(parts[k]), _PAGE_DRIFT if placed_by_x else 0)
            cells, unsure = _remarks_or_cells(run, cells, checks.get(len(columns)))
            # A row read whole with two cells run together ("００") before a last mark with no digit:
            # the mark may be a remark (备注) and the run two cells, or the mark the last cell: the
            # layout says neither. (A short row's run-together cells are split by shortrows.)
            unsure = unsure or (len(cells) == len(columns) and _glued_before_mark(cells))
        for column, tok in zip(columns[len(columns) - len(cells) :], cells, strict=True):
            table.cells[(row.id, column.id)] = _cell(doc, spec.id, row.id, column.id, tok, column.kind, boxes)
        if not merged and layout == "space" and _pieces_in_doubt(spec, run, norm, len(columns), placed,
                                                                 checks.get(len(columns))):
            for column in columns[len(columns) - len(cells):]:
                key = (row.id, column.id)
                table.cells[key] = dataclasses.replace(table.cells[key], reading="uncertain")
        if unsure and table.doubt(table.cells.get((row.id, c.id)) for c in columns):
            findings.append(_doubt_finding(spec, [row.id]))
        # The table prints numbers in fewer grid columns than it has (a column blank in every row,
        # or a table printed too wide for its page, its 总计 outside it): the empty cell that
        # widened this row may be a label's merged slot, not a blank.
        if ((len(columns), None) in narrow or (len(columns), parts[k]) in narrow) and len(run.cells) < len(columns) \
                and not merged \
                and table.doubt(table.cells.get((row.id, c.id)) for c in columns):
            findings.append(_doubt_finding(spec, [row.id]))
        if grid_readings:
            before = [c.reading for c in table.cells.values()]
            _mark_doubt(spec, table, row, [Run("", 0, r) for r in grid_readings], layout)
            if before != [c.reading for c in table.cells.values()]:
                findings.append(_doubt_finding(spec, [row.id], merged=True))
        if slot_doubt.get(row.id) and _mark_slot_doubt(doc, spec, table, row, slot_doubt[row.id], boxes):
            findings.append(_doubt_finding(spec, [row.id], merged=bool(merged)))
        if row.id in doubt:
            _mark_doubt(spec, table, row, doubt[row.id], layout)
        if layout == "pipe":
            # A grid row with more printed cells than columns, its extra first one no numbering
            # ("1."): a merged cell's repeat left unfolded (its caption misread in one column).
            extra = aligned is None and _printed(run.cells) > len(columns) \
                and not run.cells[0].text.strip().endswith((".", "、"))
        else:
            extra = layout in ("space", "lines", "lines2", "tab") and len(run.cells) > len(columns) \
                and not _label_fragments(run.cells[: len(run.cells) - len(columns)])
        if not merged and extra:
            # More numbers after the label than the row has cells, the first ones no "1" of a
            # "1." split off: a number wrapped in its narrow cell (156 / 6 for 1566) or another
            # row's numbers. Which of them are the row's is not known.
            _mark_doubt(spec, table, row, _windows(run, len(columns)), layout)
            findings.append(_doubt_finding(spec, [row.id]))
            if layout != "pipe" and len(run.cells) == len(columns) + 1 and row.id not in doubt \
                    and not grid_readings and not slot_doubt.get(row.id) and not run.others:
                _open_row(doc, spec, table, row, _one_too_many(run.cells, cells), boxes)
        if len(columns) in remarked and not merged and _remark_or_blank(run, len(columns)) \
                and table.doubt(table.cells.get((row.id, c.id)) for c in columns):
            # The table has a 备注 column: a mark with no digit ending a row no longer than the
            # row's cells may be a remark (a blank among the numbers) or the last cell's blank.
            # Where the blanks of a short one add up says nothing of which (shortrows).
            if len(run.cells) < len(columns):
                table.layout_doubt.add(row.id)
            findings.append(_doubt_finding(spec, [row.id]))
        if run.others:
            # A row in doubt for another reason too is not settled by its joinings alone.
            doubted = row.id in doubt or any(c.reading == "uncertain" for c in table.cells.values() if c.row == row.id)
            _mark_doubt(spec, table, row, [Run("", 0, cells) for cells in run.others], layout)
            joinings.append((row, [] if doubted else [run.cells, *run.others]))
        if layout == "pipe" and not merged and not spec.flat and aligned is None \
                and (ragged or len(run.cells) > len(columns)):
            pads = _paddings(run, len(columns))
            if len(pads) > 1:
                before = [c.reading for c in table.cells.values()]
                _mark_doubt(spec, table, row, [Run("", 0, p) for p in pads], layout)
                if before != [c.reading for c in table.cells.values()]:
                    findings.append(_doubt_finding(spec, [row.id]))
        if aligned is None and not merged and not grid_readings and group in finer \
                and any(table.cells[(row.id, c.id)].blank for c in columns[len(columns) - len(cells):]):
            # Two columns' numbers share a cell elsewhere on this grid, or its rows stand over more
            # cells than the table has columns and this row's cells cannot be read each way: its
            # columns are not the table's, so where this row's blanks stand is not known.
            for c in columns:
                if (row.id, c.id) in table.cells:
                    table.cells[(row.id, c.id)] = dataclasses.replace(table.cells[(row.id, c.id)], reading="uncertain")
            findings.append(_doubt_finding(spec, [row.id], merged=True))
        if missing:
            lost = [cell_id(spec.id, row.id, c.id) for c in columns[:missing]]
            findings.append(
                Finding(
                    rule="cell.missing",
                    severity=Severity.WARNING,
                    cells=tuple(cell_id(spec.id, row.id, c.id) for c in columns),
                    message=(
                        f"{row.title}：只找到 {len(columns) - missing} 个数（应有 {len(columns)} 个），"
                        f"缺少的格无法确定位置，暂按右对齐处理，{('、'.join(c.title for c in columns[:missing]))} 栏未取到值"
                    ),
                    source=Source(run.cells[0].start, run.cells[-1].end),
                )
            )
            del lost
    spaced_lines = _lines_not_cells([run for _, run in placed], layout)
    spans = [(t.start, t.end) for t in toks if t.kind is TokKind.VALUE]
    drift = _PAGE_DRIFT if placed_by_x else _STACK_CHARS
    # Where numbers stand on their lines says where pieces and digits are only on the page or where
    # the rows say the characters are columns (pdftotext -layout), not where numbers are listed.
    in_columns = placed_by_x or (layout == "space" and positions.characters_are_columns(
        doc.text, [(pages_before(r.cells[0].start), r) for r in runs
                   if r.cells and len(r.cells) in checks and positions.aligned(r)]))
    following = {id(a): b for a, b in itertools.pairwise(runs)}
    for row, run in placed:
        if (split_apart and any(t.start in split_apart for t in run.cells)) \
                or (spaced_lines and sum(t.kind is TokKind.VALUE for t in run.cells) < len(spec.row_columns(row))):
            # Its numbers may be the next or the last row's too (a row split over two lines), or
            # text read a cell a line has rows of two numbers a line (its empty lines no blanks):
            # where each number stands is not known.
            _row_in_doubt(table, spec, row)
            findings.append(_doubt_finding(spec, [row.id]))
        elif in_columns and not spec.flat and (
                (((layout == "space" and not placed_by_x and _digits_left_out(run, norm, spans))
                  or _stacked(run, drift, placed_by_x) or any(t.start in reordered for t in run.cells))
                 and not _row_holds(table, spec, row, checks.get(len(spec.row_columns(row)))))
                or _piece_below(run, following.get(id(run)), drift)):
            # A digit printed among the row's numbers on their lines that no number read holds (a
            # piece of a wrapped number set beside a wrapped unit, "个 2件", taken for label text),
            # or numbers of the row on two lines, one above another in a column (the pieces of a
            # number wrapped in its narrow cell) or read out of their columns' order: read so, the
            # row lost a printed digit or misplaced one, and it breaks its own relations as read.
            # Which number each piece is, the layout does not say: the row is in doubt, never an
            # error, and the arithmetic (shortrows) does not settle it again.
            table.layout_doubt.add(row.id)
            _row_in_doubt(table, spec, row)
            findings.append(_doubt_finding(spec, [row.id]))
        elif layout == "space" and not placed_by_x and _digits_after(run, norm, spans) \
                and sum(t.kind is TokKind.VALUE for t in run.cells) < len(spec.row_columns(row)):
            # A short row whose line prints digits after its last number that no number read holds
            # (a number wrapped apart, "154742 .711639万元", taken for text): its cells as placed
            # may have lost one, and a blank may be that number.
            table.layout_doubt.add(row.id)
            _row_in_doubt(table, spec, row)
            findings.append(_doubt_finding(spec, [row.id]))
    for row, readings in joinings:
        # Which column a wrapped number joined back belongs to: the relations across rows may say.
        chosen = _by_other_rows(spec, table, row, readings, template, layout) if readings else None
        if chosen is not None:
            for column, tok in zip(spec.row_columns(row), chosen, strict=True):
                cell = _cell(doc, spec.id, row.id, column.id, tok, column.kind, boxes)
                table.cells[(row.id, column.id)] = dataclasses.replace(cell, reading="decoded")
        else:
            findings.append(wrapped.doubt_finding(spec, row.title, [cell_id(spec.id, row.id, c.id)
                                                                     for c in spec.row_columns(row)]))
            _open_row(doc, spec, table, row, readings, boxes)
    line = [t for _, run in placed for t in run.cells]
    whole = checks.get(len(line)) if spec.flat and layout not in ("tab", "pipe") else None
    headed = headedline.place(norm, region.start, flat_line, spec, doc.text,
                              positions.columns_evidence(doc.text, [])) \
        if spec.flat and layout == "space" and not doubt else []
    if headed:
        # The headings say where each number (and each joined piece) stands, blanks included.
        findings = [f for f in findings if f.rule != "cell.missing"]
        findings.extend(_place_headed(doc, spec, table, headed, boxes))
    # Fewer cells than the table has (blanks not printed): shortrows reads where the blanks stood.
    # Where numbers stand on their lines says where pieces are only when they are set in columns (a
    # line's numbers one space apart are listed: pdfium, pypdf), as ``join_extra`` is told too.
    elif spec.flat and (flat_doubt or wrapped.pieces_inside(line, layout == "space" and any(
            positions.aligned(r) for _row, r in placed))
                      or (layout == "pipe" and wrapped.pieces_inside(flat_line, False))
                      or (whole is not None and wrapped.joined_reading_holds(line, whole, checks.get(len(spec.columns)),
                                                                               len(spec.columns)))):
        for key, cell in table.cells.items():
            table.cells[key] = dataclasses.replace(cell, reading="uncertain")
        findings.append(wrapped.pieces_finding(spec, [c.id for c in table.cells.values()]))
    placed_ids = {row.id for row, _ in placed}
    for row_id, others in doubt.items():
        if row_id not in placed_ids:
            _mark_doubt(spec, table, spec.row(row_id), others, layout)
    if doubt:
        rows = sorted(doubt, key=[r.id for r in spec.rows].index)
        findings.append(flatgrid.doubt_finding(spec, table) if spec.flat else _doubt_finding(spec, rows))
    findings.extend(_missing_rows(spec, table))
    if not table.cells and (placeholder := _PLACEHOLDER.search(norm, region.start, region.end)) is not None:
        table.found = False
        findings.append(_placeholder_finding(spec, region, placeholder.group(1)))
    elif not table.cells and _header_alone(norm, spec, region):
        table.found = False
        findings.append(catalogued(
            "extract.unreadable",
            message=f"{spec.title}：此文本中只有该表的表头，没有它的行和数字（转换工具可能丢失了表格内容），请打开原始文件核对",
            cells=tuple(cell_id(spec.id, r.id, c.id) for r in spec.rows for c in spec.row_columns(r)),
            source=Source(region.start, region.end),
            anchor=spec.id,
        ))
    elif not table.cells:
        table.found = False
        findings.append(
            Finding(rule="table.missing", severity=Severity.ERROR, message=f"表格“{spec.title}”中没有找到任何数值")
        )
    return table, findings, layout


def _header_alone(norm: str, spec: TableSpec, region: Region) -> bool:
    """The region prints a table header (a line of cells parted by bars or tabs, two of the table's
    column headings among them) and the label of no more than one of the table's rows: a converter
    that lost the table's body (antiword drops a table with merged cells it cannot draw, its header
    kept). A table printed with its rows and no number in them is the report's own blank table, and
    stays 表格缺失; so does a section with no table, whatever its sentences say."""
    lines = norm[region.start:region.end].splitlines()
    heads = {compact(c.label) for c in spec.columns} - {""}
    if not any(len(re.split(r"[|\t]", line.strip(" |\t"))) >= 2 and sum(h in compact(line) for h in heads) >= 2
               for line in lines):
        return False
    # A row's label is a cell of the grid or a line of its own, not a sentence of the narrative
    # ("本机关共新收政府信息公开申请163件，上年结转106件；…"); a row's key that is a column's heading
    # too (其他, 总计) names no row in a header.
    if spec.flat:
        return True  # a one-line table's rows are captions of its header (行政复议, 复议后起诉)
    text = compact("\n".join(line for line in lines
                              if "|" in line or "\t" in line or not any(p in line for p in "，。；,;")))
    return sum(1 for r in spec.rows if any(k in text and k not in heads for k in alignment.row_keys(r))) <= 1


# A line a converter leaves where it could not render a table, or the table was a picture.
_PLACEHOLDER = re.compile(r"^[ \t]*([\[【](?:TABLE|Table|table|表格|IMAGE|Image|image|图片)[\]】])[ \t]*$", re.MULTILINE)


def _placeholder_finding(spec: TableSpec, region: Region, marker: str) -> Finding:
    """The converter left ``marker`` where it could not render the table ("[TABLE]", pandoc's plain
    text of a table with merged cells), or the table is a picture ("[图片]": a page's <img>, a
    Word picture): the report has the table, this text does not."""
    picture = any(word in marker.lower() for word in ("图片", "image"))
    return catalogued(
        "extract.unreadable",
        message=f"{spec.title}：该表以图片形式插入（“{marker}”），文本中没有它的数字，请查看图片或原始文件核对" if picture
        else f"{spec.title}：此文本中该表没有转换出来（转换工具以“{marker}”代替了表格），请打开原始文件（PDF、Word 或网页）核对",
        cells=tuple(cell_id(spec.id, r.id, c.id) for r in spec.rows for c in spec.row_columns(r)),
        source=Source(region.start, region.end),
        anchor=spec.id,
    )


def _place_headed(doc: Document, spec: TableSpec, table: Table,
                  readings: list[tuple[float, dict[tuple[str, str], Tok | None]]],
                  boxes: dict[tuple[int, int], PageBox]) -> list[Finding]:
    """A one-line table's cells as its headings place them. Among the placements about as near as
    the nearest, the rows' totals choose; a farther one that fits them better is a doubt. Cells on
    which the chosen and the doubted placements disagree are uncertain, with the others' values."""
    kinds = {c.id: c.kind for c in spec.columns}
    made: dict[tuple[tuple[str, str], Tok | None], Cell] = {}

    def cell(slot: tuple[str, str], tok: Tok | None) -> Cell:
        if (slot, tok) not in made:
            made[slot, tok] = Cell(spec.id, slot[0], slot[1], None, "", None, blank=True) if tok is None \
                else _cell(doc, spec.id, slot[0], slot[1], tok, kinds[slot[1]], boxes)
        return made[slot, tok]

    # A reading's slots are the table's cells row by row, as the rows' totals are scored.
    scores = [flatgrid.totals_holding(list(r.values()), spec) for _far, r in readings]
    near = [i for i, (far, _r) in enumerate(readings) if far < headedline.MARGIN]
    top = max(scores[i] for i in near)
    kept = [r for i, (_far, r) in enumerate(readings) if scores[i] == top and i in near]
    fits_better = [r for i, (_far, r) in enumerate(readings) if scores[i] > top]
    # Where some row's total breaks with a blank placed, digits run together may be two cells.
    parted = flatgrid.parted_readings(spec, [t for t in kept[0].values() if t is not None]) \
        if top < len(spec.rows) else []
    table.cells.clear()
    unsure = []
    for k, (slot, tok) in enumerate(kept[0].items()):
        table.cells[slot] = cell(slot, tok)
        others = {cell(slot, r[slot]).value for r in [*kept[1:], *fits_better] if r[slot] != tok}
        others |= {values[k] for values in parted} - {table.cells[slot].value}
        if others:
            table.cells[slot] = dataclasses.replace(table.cells[slot], reading="uncertain",
                                                    alternatives=tuple(sorted(others, key=lambda v: -1 if v is None else v)))
            unsure.append(cell_id(spec.id, *slot))
    if not unsure:
        return []
    return [catalogued("extract.uncertain", cells=tuple(unsure),
                       message=f"{spec.title}：有的数不能确定在哪一栏标题之下，几种读法都说得通，"
                               f"这些格的值不能确定，请核对原文")]


def _grid_pages(spec: TableSpec, toks: list[Tok], placed: list[tuple[RowSpec, Run]], pages: list[int]) -> list[int]:
    """Each row's page, told apart also by the column headings printed above it.

    A converter that guesses a page's grid from where its words stand prints each page of a table
    on a grid of its own, and Markdown has no page breaks: where the header is printed again with
    its headings over other grid columns, the rows under it are on another grid, and the rows of
    the page before say nothing of where their blanks stand.
    """
    lines: dict[int, list[Tok]] = {}
    for tok in toks:
        lines.setdefault(tok.line, []).append(tok)
    heads = [compact(c.label)[:2] for c in spec.columns]
    starts: list[tuple[int, tuple[int, ...]]] = []  # (first line of a heading block, each heading's grid column)
    block: list[Tok] = []
    first = -1
    for line in [*sorted(lines), None]:
        cells = lines.get(line, []) if line is not None else []
        if line is not None and not any(t.kind is TokKind.VALUE for t in cells):
            if not block:
                first = line
            block.extend(t for t in cells if t.kind is TokKind.TEXT and t.col >= 0)
            continue
        if block:
            where = tuple(next((t.col for t in block if h in compact(t.text)), -1) for h in heads)
            # Most headings found: the table's header, not a label's wrapped pieces.
            if sum(c >= 0 for c in where) >= len(heads) - 1:
                starts.append((first, where))
        block = []
    keys: dict[tuple[int, tuple[int, ...]], int] = {}
    out = []
    for (_row, run), page in zip(placed, pages, strict=True):
        line = run.cells[0].line if run.cells else -1
        where = next((w for start, w in reversed(starts) if start < line), ())
        out.append(keys.setdefault((page, where), len(keys)) if page >= 0 else page)
    return out


def _finer_grids(placed: list[tuple[RowSpec, Run]], pages: list[int], width: int) -> dict[tuple[int, int], int]:
    """The pipe grids (page, last grid column) whose columns are not the table's: some row has two
    numbers in one cell ("0 0") or stands over more grid cells than the table has columns. Each
    with the first grid column any of its rows has a number in (where its value cells start)."""
    first: dict[tuple[int, int], int] = {}
    out = _folded_grids(placed, pages)
    for (_row, run), page in zip(placed, pages, strict=True):
        cols = [t.col for t in run.cells if t.kind is TokKind.VALUE and t.col >= 0]
        if not cols:
            continue
        key = (page, positions.extent(run)[1])
        first[key] = min(first.get(key, cols[0]), cols[0])
        if len(run.cells) > width:
            out.add(key)
    return {key: first[key] for key in out}


def _grid_drops(run: Run, width: int, start: int) -> list[list[Tok]]:
    """The readings of a row on a grid finer than the table: its grid cells from ``start`` (where
    the grid's value cells start) to the grid's end, with as many of the empty ones left out as the
    grid has cells too many. [] when the row's grid cells do not reach back to ``start`` (its line
    is cut into other cells), when they are not too many, or beyond a few readings."""
    cells = [t for t in (*run.pre, *run.cells, *run.post) if t.col >= start]
    if not cells or cells[0].col != start or len({t.col for t in cells}) < len(cells) or len(cells) <= width:
        return []
    return _drops(cells, width)


def _folded_grids(placed: list[tuple[RowSpec, Run]], pages: list[int]) -> set[tuple[int, int]]:
    """The pipe grids (page, last grid column) where some row has two numbers in one cell ("0 0")."""
    out = set()
    for (_row, run), page in zip(placed, pages, strict=True):
        cols = [t.col for t in run.cells if t.kind is TokKind.VALUE and t.col >= 0]
        if run.cells and len(set(cols)) < len(cols):
            out.add((page, positions.extent(run)[1]))
    return out


def _align_rows(spec: TableSpec, runs: list[Run], template: TemplateSpec, layout: str) -> alignment.Placement:
    width = len(spec.columns)
    runs = _join_wrapped(runs, width)
    runs = [piece for run in runs for piece in _split_long(run, width)]
    return _by_anchors(spec, runs, template, layout)


def _by_anchors(spec: TableSpec, runs: list[Run], template: TemplateSpec, layout: str) -> alignment.Placement:
    """The rows placed by their anchors (runs that name one row) and the counts between them."""
    present = {r.id for r in spec.rows}
    relations = [r for r in relations_for(template, present) if (r.parts + r.totals)[0].startswith(spec.id + "/")]

    def values_of(row: RowSpec, run: Run) -> dict[str, Number | None]:
        return _run_values(spec, row, run, layout)

    return alignment.place_rows(spec, runs, relations, values_of)


def _run_values(spec: TableSpec, row: RowSpec, run: Run, layout: str, blank: Number | None = 0) -> dict[str, Number | None]:
    """The values a run gives a row's cells, a blank cell as ``blank`` (0 for the arithmetic); a
    run shorter than the row (blanks not printed) gives its last cells only."""
    columns = spec.row_columns(row)
    cells, _ = _fit(run, len(columns), None, layout)
    out: dict[str, Number | None] = {}
    for column, tok in zip(columns[len(columns) - len(cells) :], cells, strict=True):
        parsed = parse_value(tok.text, column.kind)
        out[cell_id(spec.id, row.id, column.id)] = blank if parsed.blank else parsed.value
    return out


def _mark_doubt(spec: TableSpec, table: Table, row: RowSpec, others: list[Run | None], layout: str) -> None:
    """The row's cells where other readings of the layout give other values: uncertain, with those values.

    A reading whose run is shorter than the row (blanks not printed) may put any of its values, or
    a blank, in any cell: where its blanks stand is not known; one longer than the row, any
    window of it as many numbers as the row has cells."""
    ids = [cell_id(spec.id, row.id, c.id) for c in spec.row_columns(row)]
    possible: list[dict[str, set[Number | None]]] = []
    for run in others:
        values = _run_values(spec, row, run, layout, blank=None) if run is not None else {}
        if run is not None and len(run.cells) > len(ids):
            # A reading longer than the row: which of its numbers are the row's (the first a
            # label's item number split off, or the last a remark) is not known; any window is.
            windows = [values, *(_run_values(spec, row, w, layout, blank=None) for w in _windows(run, len(ids)) if w is not None)]
            possible.append({cid: {w.get(cid) for w in windows} for cid in ids})
        elif run is not None and len(values) < len(ids):
            anywhere = {None, *values.values()}
            possible.append({cid: anywhere for cid in ids})
        else:
            possible.append({cid: {v} for cid, v in values.items()})
    for column in spec.row_columns(row):
        cid = cell_id(spec.id, row.id, column.id)
        cell = table.cells.get((row.id, column.id))
        mine = cell.value if cell is not None else None
        # A reading that leaves the cell out does not know it: a blank mark ("无") read here is no
        # more sure than a number would be.
        unknown = cell is not None and cell.blank and any(cid not in p for p in possible)
        others_give = set().union(*(p.get(cid, {None}) for p in possible)) if possible else set()
        alts = tuple(sorted(others_give - {mine}, key=lambda v: (v is None, v or 0)))
        if not alts and not unknown:
            continue
        if cell is None:
            cell = Cell(spec.id, row.id, column.id, None, "", None)
        table.cells[(row.id, column.id)] = dataclasses.replace(cell, reading="uncertain", alternatives=alts)


def _by_other_rows(spec: TableSpec, table: Table, row: RowSpec, readings: list[list[Tok]], template: TemplateSpec,
                   layout: str) -> list[Tok] | None:
    """The one reading of a row (a wrapped number joined back in each place its own total allows)
    that keeps every relation it shares with other rows' cells read without doubt, when exactly one
    does and another breaks one; None otherwise (the cells stay uncertain). A relation with any
    other cell in doubt or not read says nothing."""
    ids = {cell_id(spec.id, row.id, c.id) for c in spec.row_columns(row)}
    known: dict[str, Number | None] = {c.id: (0 if c.blank else c.value) for c in table.cells.values()
                                       if c.id not in ids and c.reading != "uncertain"
                                       and (c.value is not None or c.blank)}
    present = {r for (r, _c) in table.cells} if spec.id == "apply" else set()
    across = [rel for rel in relations_for(template, present)
              if ids & {*rel.parts, *rel.totals} and not {*rel.parts, *rel.totals} <= ids
              and all(c in ids or c in known for c in (*rel.parts, *rel.totals))]
    if not across:
        return None
    keeping: dict[tuple[Number | None, ...], list[Tok]] = {}
    for toks in readings:
        if len(toks) != len(spec.row_columns(row)):
            return None
        values = dict(known)
        values.update(_run_values(spec, row, Run("", 0, toks), layout))
        if all(holds(rel, values) for rel in across):
            keeping.setdefault(tuple(values[i] for i in sorted(ids)), toks)
    if len(keeping) != 1 or len(readings) < 2:
        return None
    chosen = next(iter(keeping.values()))
    return chosen if len({tuple(t.text for t in r) for r in readings}) > 1 else None


def _mark_slot_doubt(
    doc: Document, spec: TableSpec, table: Table, row: RowSpec, others: list[list[Tok]], boxes: dict[tuple[int, int], PageBox]
) -> bool:
    """The row's cells that other readings of its merged slots give other values: uncertain."""
    columns = spec.row_columns(row)
    marked = False
    for j, column in enumerate(columns):
        cell = table.cells[(row.id, column.id)]
        alts = {_cell(doc, spec.id, row.id, column.id, r[j], column.kind, boxes).value for r in others} - {cell.value}
        if alts:
            ordered = tuple(sorted(alts, key=lambda v: (v is None, v or 0)))
            table.cells[(row.id, column.id)] = dataclasses.replace(cell, reading="uncertain", alternatives=ordered)
            marked = True
    return marked


def _doubt_finding(spec: TableSpec, row_ids: list[str], merged: bool = False) -> Finding:
    titles = "、".join(spec.row(r).title for r in row_ids)
    why = "合并单元格与空白格的位置有几种读法" if merged else shortrows.ROWS_IN_DOUBT
    return catalogued(
        "extract.uncertain",
        message=f"{spec.title}：{why}（{titles}），这些行按最可能的方式读取，请核对原文",
        cells=tuple(cell_id(spec.id, r, c.id) for r in row_ids for c in spec.row_columns(spec.row(r))),
    )


def _cell(doc: Document, table: str, row: str, col: str, tok: Tok, kind: Kind, boxes: dict[tuple[int, int], PageBox]) -> Cell:
    raw = "".join(doc.text[a:b] for a, b in tok.parts) if tok.parts else doc.text[tok.start : tok.end]
    parsed = parse_value(raw, kind)
    source = Source(tok.start, tok.end, boxes.get((tok.start, tok.end)) or doc.page_box(tok.start, tok.end) if doc.spans else None)
    reading = "decoded" if tok.parts else "printed"  # the pieces of a wrapped number, joined
    if parsed.invalid and misread.unknown_char(raw.strip()):
        reading = "uncertain"  # a number or blank mark misread as a character: its value is unknown
    return Cell(table, row, col, parsed.value, raw, source, blank=parsed.blank, invalid=parsed.invalid, reading=reading)


# ---------------------------------------------------------------- rows


def _place_rows(
    spec: TableSpec, runs: list[Run], template: TemplateSpec, layout: str, headless: bool = False, text: str = ""
) -> tuple[list[tuple[RowSpec, Run]], dict[str, list[Run | None]], frozenset[str]]:
    """The rows of numbers on the template's rows, for rows in doubt the runs of the other readings, and
    the rows whose missing cells were printed apart from them (``rowalign.align_doubt``).

    The best alignment of the whole table by its labels (``rowalign``) places every row; where the
    labels are damaged (characters lost by OCR or a converter) it may take a weak match for a row
    when another placement fits as well. The anchors and the count of rows of numbers between
    them (``alignment``) give the readings the order allows: a row no key of its own names that
    the two place differently (or that the anchors' readings leave open) is in doubt, the other
    reading's runs its rivals, never a confident guess. Rows of several widths (主动公开) are in
    doubt where the rows between two named ones outnumber the unnamed runs between them.
    """
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    runs = _join_wrapped(runs, width)
    # A run with several rows' values (labels lost between them) is shared out in order.
    # Not a run set in columns with two numbers one space apart: one number printed in two pieces
    # would take the next row's place.
    runs = [piece for run in runs
            for piece in ([run] if layout == "space" and _split_number(run, text, width) else _split_long(run, width))]
    own = _by_own_labels(spec, runs)
    if own:
        return own, {}, frozenset()
    placed, mixed, apart = rowalign.align_doubt(spec, runs, headless)
    if headless:
        doubt: dict[str, list[Run | None]] = {}
    elif len({len(spec.row_columns(r)) for r in spec.rows}) != 1:
        # Rows of several widths (主动公开): the anchors' counts are of full rows, not these.
        doubt = _open_between(spec, placed)
    else:
        doubt = _rivals(spec, placed, _by_anchors(spec, runs, template, layout))
        for row_id, rival in _unnamed_head(spec, placed):
            if rival not in doubt.get(row_id, []):
                doubt.setdefault(row_id, []).append(rival)
    for row_id in mixed | _named_before(spec, placed):
        # Cells of a run left out may be this row's: none of its cells is sure (nor is a blank).
        doubt.setdefault(row_id, []).append(None)
    for row_id, rival in _wrapped_on(spec, placed):
        doubt.setdefault(row_id, []).append(rival)
    return placed, doubt, apart


def _unnamed_head(spec: TableSpec, placed: list[tuple[RowSpec, Run]]) -> list[tuple[str, Run | None]]:
    """Rivals for lines of numbers before the first row a label names that carry no word of any
    row's label (a converter that garbled the header and lost the first rows' labels, catdoc),
    when the rows before that first named one outnumber them: which of those rows each line is,
    the order does not say. Its row may hold nothing of it; each other row there may hold it."""
    first = next((k for k, (row, run) in enumerate(placed) if _named_clearly(row, run)), len(placed))
    head = placed[:first]
    rows = list(spec.rows)
    room = rows[:rows.index(placed[first][0])] if first < len(placed) else []
    bare = [(row, run) for row, run in head if run.cells and not any(rowalign.key_score(r, run.label) for r in spec.rows)]
    if not bare or len(room) <= len(head):
        return []
    taken = {row.id for row, _run in head}
    out: list[tuple[str, Run | None]] = []
    for row, run in bare:
        out.append((row.id, None))
        out.extend((other.id, run) for other in room if other.id not in taken)
    return out


def _wrapped_on(spec: TableSpec, placed: list[tuple[RowSpec, Run]]) -> list[tuple[str, Run | None]]:
    """Rivals where a row printed short is followed by a line of numbers with no label, placed on
    the next row, the two together still no more than the row: the line may be the rest of the
    row, wrapped (a converter that breaks long lines, a cell lost at the break), or the next row's
    own. The first row has the two joined as a rival, the second nothing. ``_join_wrapped`` joins
    them only where together they make the row exactly."""
    out: list[tuple[str, Run | None]] = []
    for (row, run), (nxt, after) in itertools.pairwise(placed):
        width = len(spec.row_columns(row))
        if run.cells and after.cells and not after.label and not after.tail and nxt.id != row.id \
                and len(run.cells) + len(after.cells) < width and len(after.cells) < len(spec.row_columns(nxt)):
            out.append((row.id, Run(run.label, run.label_start, run.cells + after.cells, run.pre, after.post, run.header)))
            out.append((nxt.id, None))
    return out


_OVER = 2.0  # characters a number on the line above or below stands from a printed number of the row, at least


def _pieces_over_blanks(text: str, toks: list[Tok], spec: TableSpec, table: Table, row: RowSpec,
                        aligned: list[Tok | None]) -> bool:
    """Blank cells of a row placed by where its numbers stand, under or over a number printed on
    the line just above or below with no label on its line, standing in the gap the blank leaves:
    the cell's number wrapped in its narrow column ("107件" printed "107" over the row's line and
    "件" under it), not a blank. Those cells are uncertain, that number an alternative; True when
    some are. The characters of the text are its columns (pdftotext -layout)."""
    printed = [t for t in aligned if t is not None]
    if not printed or len(printed) == len(aligned) or len({t.line for t in printed}) != 1:
        return False
    line = printed[0].line
    blanks = len(aligned) - len(printed)
    near = []
    for other in (line - 1, line + 1):
        on = [t for t in toks if t.line == other]
        values = [t for t in on if t.kind is TokKind.VALUE]
        # A line of a few numbers alone (no more than the row's blanks; units aside, no text): not
        # another row's, whose label would stand on it or which would fill the row's columns.
        if values and len(values) <= blanks and all(t.kind is not TokKind.TEXT or UNIT_WORD.match(t.text.strip())
                                                    for t in on):
            near.extend(values)
    if not near:
        return False
    mids = [positions.line_middle(text, t.start, t.end) for t in printed]
    k = [i for i, t in enumerate(aligned) if t is not None]  # the printed numbers' columns
    columns = spec.row_columns(row)
    marked = False
    for piece in near:
        at = positions.line_middle(text, piece.start, piece.end)
        if any(abs(at - m) < _OVER for m in mids):
            continue  # over a number of the row: a piece of that number, or another row's
        before = sum(1 for m in mids if m < at)
        # The blanks between the printed numbers ``before - 1`` and ``before`` in column order.
        lo = k[before - 1] + 1 if before > 0 else 0
        hi = k[before] if before < len(k) else len(aligned)
        value = parse_value(piece.text, columns[0].kind).value
        for j in range(lo, hi):
            key = (row.id, columns[j].id)
            cell = table.cells.get(key)
            if cell is not None and cell.blank:
                alts = tuple(sorted({a for a in (*cell.alternatives, value) if a is not None})) if value is not None \
                    else cell.alternatives
                table.cells[key] = dataclasses.replace(cell, reading="uncertain", alternatives=alts)
                marked = True
    return marked


_OFF_GRID = 4  # characters left of the first value column a row's first number stands, at least, to be off it


def _off_grid(spec: TableSpec, placed: list[tuple[RowSpec, Run]], toks: list[Tok]) -> set[int]:
    """The short rows (by index) of a space-aligned table set on another grid than its full rows:
    where some row prints its first number left of the first number of every row printed whole (by
    more than ``_OFF_GRID`` characters), the short rows with as many label cells on their line as
    such a row has; none where a full row has as many (the label cells do not tell the grids apart)."""
    texts: dict[int, int] = {}
    for tok in toks:
        if tok.kind is TokKind.TEXT:
            texts[tok.line] = texts.get(tok.line, 0) + 1

    def labels(run: Run) -> int:
        return texts.get(run.cells[0].line, 0)

    full = [run for row, run in placed if run.cells and len(run.cells) == len(spec.row_columns(row)) and run.cells[0].col >= 0]
    if not full:
        return set()
    left = min(run.cells[0].col for run in full) - _OFF_GRID
    off = {labels(run) for _row, run in placed if run.cells and 0 <= run.cells[0].col < left}
    if not off:
        return set()
    if not off.isdisjoint({labels(run) for run in full}):
        return set()  # rows of one label structure on both grids: the positions say something else
    return {k for k, (row, run) in enumerate(placed)
            if run.cells and len(run.cells) < len(spec.row_columns(row)) and labels(run) in off}


def _without_loose_tail(run: Run) -> Run | None:
    """The run without the numbers it took from lines after its own that stand outside its grid
    (no column: a number alone on its line), or None when it took none.

    A table printed wider than its paper leaves its last column's numbers outside the drawn grid,
    one a line below it (our PDF reader on a web page printed to A5): the first of them runs on
    from the row above and reads as its last cell, though which row each stands beside is not
    known (and the cut numbers may be other rows'). The row as its own line prints it is a reading
    too; where the blank it leaves stands is not known."""
    gridded = [t for t in run.cells if t.col >= 0]
    if not gridded or len(gridded) == len(run.cells) or len({t.line for t in gridded}) != 1:
        return None
    line = gridded[0].line
    if any(t.col < 0 and t.line <= line for t in run.cells):
        return None
    return dataclasses.replace(run, cells=gridded, post=[])


def _named_before(spec: TableSpec, placed: list[tuple[RowSpec, Run]]) -> set[str]:
    """The rows from the one a run's own label names to the later one it was placed on, where the
    label names a row before it: the named row had been given another run (a line of numbers no
    label names, taken in order: a row's cells printed apart from it, two rows interleaved), and
    every row from there on may hold the numbers of the one before. The cells of each are the same
    in the readings the order allows more often than not (rows of zeros), and none is sure."""
    order = {r.id: k for k, r in enumerate(spec.rows)}
    taken = {r.id for r, _run in placed}  # (a row printed in place of others, （六）其他处理, names none of them)
    out: set[str] = set()
    for row, run in placed:
        named = rowalign.named_row(spec.rows, run.tail) if run.tail else None
        if named is not None and named.id in taken and order[named.id] < order[row.id]:
            out.update(r.id for r, _run in placed if order[named.id] <= order[r.id] <= order[row.id])
            # The numbers the named row was given may be those of the row before it, when that
            # row is short, printed apart from its label (a row set in a taller cell, part of it a
            # line up): that row is in doubt as well.
            k = next(k for k, (r, _run) in enumerate(placed) if r.id == named.id)
            before, short = placed[k - 1] if k else placed[k]
            if k and len(short.cells) < len(spec.row_columns(before)):
                out.add(before.id)
    return out


def _rivals(spec: TableSpec, placed: list[tuple[RowSpec, Run]], other: alignment.Placement) -> dict[str, list[Run | None]]:
    """The rows ``placed`` fills weakly (no key of the row in its label) or not at all, that ``other``
    fills with other numbers or holds in doubt: ``other``'s runs their rivals.

    A row its own label names clearly stays, and a run a label names clearly as another row (not
    one it stands for, as （六）其他处理 for its items) is no rival.
    """
    clear = {_numbers(run): row for row, run in placed if rowalign.key_score(row, run.label) >= _CLEAR_KEY}
    order = {row.id: k for k, row in enumerate(spec.rows)}
    # Where the runs its label names clearly stand: a run printed before one of them is no later
    # row's, and one printed after it no earlier row's (a table prints its rows in order).
    named = [(order[row.id], run.label_start) for row, run in placed
             if rowalign.key_score(row, run.label) >= _CLEAR_KEY]
    mine = {row.id: run for row, run in placed}
    theirs = {row.id: run for row, run in other.placed}
    doubt: dict[str, list[Run | None]] = {}
    for row in spec.rows:
        if row.id not in theirs and row.id not in other.doubt:
            continue
        have = mine.get(row.id)
        if have is None and any(_alternatives(row, r) for r, _ in placed):
            continue  # the rows it stands for (or that stand for it) are read: their doubt is theirs
        if have is not None and rowalign.key_score(row, have.label) >= _CLEAR_KEY:
            continue
        rivals: list[Run | None] = []
        for run in [theirs.get(row.id), *other.doubt.get(row.id, [])]:
            if run is None:
                continue  # "perhaps not printed" says nothing against numbers its label may name
            if any((k < order[row.id]) != (at < run.label_start) and at != run.label_start for k, at in named
                   if k != order[row.id]):
                continue  # out of order with a row its label names clearly
            named_as = clear.get(_numbers(run))
            if (have is None or _numbers(have) != _numbers(run)) and (named_as is None or _alternatives(row, named_as)):
                rivals.append(run)
        if rivals and have is not None and len(have.cells) < len(spec.row_columns(row)):
            # Where its blanks stood was guessed for this row: with another run in its place, none of it is sure.
            rivals.append(None)
        if rivals:
            doubt[row.id] = rivals
    # A row with no numbers of its own whose rival is taken from a row its label does not name
    # clearly leaves that row unknown too: two rows no label names, one line of numbers between
    # them, and if the numbers are the missing row's, the other's were not printed.
    weak = {_numbers(run): row for row, run in placed if rowalign.key_score(row, run.label) < _CLEAR_KEY}
    for row_id, rivals in list(doubt.items()):
        if row_id in mine:
            continue
        for run in rivals:
            taken = weak.get(_numbers(run)) if run is not None else None
            if taken is not None and taken.id != row_id and None not in doubt.get(taken.id, []):
                doubt.setdefault(taken.id, []).append(None)
    return doubt


def _open_between(spec: TableSpec, placed: list[tuple[RowSpec, Run]]) -> dict[str, list[Run | None]]:
    """Rows whose runs no label names, between two rows their labels name, when the rows between
    those two are more than the runs that could fill them: the order leaves the place open, so each
    of those rows has the other runs (and nothing) as rivals."""
    rows = list(spec.rows)
    clear = [k for k, (row, run) in enumerate(placed) if _named_clearly(row, run)]
    doubt: dict[str, list[Run | None]] = {}
    for lo, hi in zip([-1, *clear], [*clear, len(placed)], strict=True):
        weak = placed[lo + 1:hi]
        if not weak:
            continue
        first = rows.index(placed[lo][0]) + 1 if lo >= 0 else 0
        last = rows.index(placed[hi][0]) if hi < len(placed) else len(rows)
        room = rows[first:last]
        for row, run in weak:
            fits = [r for r in room if len(spec.row_columns(r)) >= len(run.cells)]
            if len(fits) <= len(weak):
                continue
            for other in fits:
                if other.id != row.id:
                    doubt.setdefault(other.id, []).append(run)
            doubt.setdefault(row.id, []).append(None)
    return doubt


def _named_elsewhere(spec: TableSpec, placed: list[tuple[RowSpec, Run]], doubt: dict[str, list[Run | None]],
                     layout: str) -> None:
    """A run placed on a row its label does not name clearly, whose own label clearly names another
    row (labels misread before it shifted the rows): neither row is known. The row it stands on is in doubt (its numbers may be
    none of its own), and the row it names has it as a rival."""
    order = {r.id: k for k, r in enumerate(spec.rows)}
    for row, run in placed:
        own = run.own if run.own is not None else run.tail
        if not own or not run.cells or rowalign.key_score(row, run.label) >= _CLEAR_KEY \
                or _bare(own) in {compact(c.label) for c in spec.columns}:
            continue  # a column's heading (总计, 其他) before the first row's numbers names no row
        scores = {r.id: rowalign.key_score(r, own) for r in spec.rows}
        best = max(scores.values())
        names = [r for r in spec.rows if scores[r.id] == best] if best >= _CLEAR_KEY else []
        if len(names) != 1:
            # The whole label of a row with a short key (规章), its numbering aside.
            names = [r for r in spec.rows if _bare(own) in {_bare(r.label), *(_bare(k) for k in r.keys)} - {""}]
        if len(names) != 1:
            # Its words misread, the label's numbering (一、, （二）) still names the one row numbered so.
            mark = _numbering(own)
            names = [r for r in spec.rows if mark and _numbering(r.label) == mark]
            if len(names) != 1 or _numbering(row.label) is None:
                continue
        named = names[0]
        if named.id == row.id or _alternatives(row, named):
            continue
        lo, hi = sorted((order[named.id], order[row.id]))
        apart = sum(not _alternatives(r, row) and not _alternatives(r, named) for r in spec.rows[lo + 1:hi])
        if run.own is None and layout == "space" and apart < _WRAP_OFF \
                and not len(spec.row_columns(row)) < len(run.cells) == len(spec.row_columns(named)):
            # Aligned by spaces, the label before a row's numbers may be another row's, wrapped around
            # them (a label centred on its rows' lines, one or two rows off): only a row further
            # off, or numbers too many for the row they stand on and as many as the named row has
            # cells, say the rows shifted.
            continue
        doubt.setdefault(row.id, []).append(None)
        doubt.setdefault(named.id, []).append(run)


_NUMBERING = re.compile(r"^(?:(?P<top>[一二三四五六七八九十]+)、?|[(（](?P<sub>[一二三四五六七八九十]+)[)）])")


_WRAP_OFF = 2  # rows printed between: a label wrapped around its numbers stands a row or two off


def _bare(label: str) -> str:
    """A label's compact text without its numbering (1., （二）, 一、)."""
    text = compact(label)
    m = _BARE.match(text)  # the one place it can stand (a sub would try every position of a long label)
    return text[m.end():] if m is not None else text


_BARE = re.compile(r"^[\d一二三四五六七八九十.、．()（）]+")


def _numbering(label: str) -> tuple[str, str] | None:
    """A label's numbering of the top level or the second (一、, （二）; compact text drops the 、), or None."""
    m = _NUMBERING.match(compact(label))
    if m is None:
        return None
    return ("top", m.group("top")) if m.group("top") else ("sub", m.group("sub"))


def _named_clearly(row: RowSpec, run: Run) -> bool:
    """The run's label holds a whole key of the row, or three characters of a longer one."""
    shortest = min((len(k) for k in alignment.row_keys(row)), default=3)
    return rowalign.key_score(row, run.label) >= rowalign.KEY_WEIGHT * min(3, shortest)


def _alternatives(a: RowSpec, b: RowSpec) -> bool:
    """One row is printed in place of the other (（六）其他处理 for its three items)."""
    return a.id in b.alternative_to or b.id in a.alternative_to


_CLEAR_KEY = rowalign.KEY_WEIGHT * 3  # a key of three characters names a row clearly


def _numbers(run: Run) -> tuple[int, ...]:
    return tuple(t.start for t in run.cells)


def _by_own_labels(spec: TableSpec, runs: list[Run]) -> list[tuple[RowSpec, Run]]:
    """Rows a converter printed out of the template's order (规章 and 规范性文件 as a table after
    the other items), when every row of numbers names its own row on its own line, with as many
    numbers as that row has cells: the labels place them, not the order. [] otherwise."""
    placed: dict[str, tuple[RowSpec, Run]] = {}
    valued = [r for r in runs if r.cells]
    for run in valued:
        own = run.own if run.own is not None else run.tail
        row = looserows.named_row(spec, own) if own else None
        if row is None or row.id in placed or len(run.cells) != len(spec.row_columns(row)):
            return []
        placed[row.id] = (row, run)
    order = [r.id for r in spec.rows]
    ids = [order.index(row.id) for row, _ in placed.values()]
    if ids == sorted(ids):
        return []  # in order: the ordinary alignment reads it (and knows the printed variants)
    return [placed[r.id] for r in spec.rows if r.id in placed]


def _join_wrapped(runs: list[Run], width: int) -> list[Run]:
    """A row's numbers wrapped onto the next line (no label between) are one row: join them.

    Only when neither part is a whole row and together they make exactly one.
    """
    out: list[Run] = []
    for run in runs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.cells
            and run.cells
            and not run.label
            and len(prev.cells) < width
            and len(prev.cells) + len(run.cells) == width
            and not prev.post
            and not run.pre
        ):
            out[-1] = Run(prev.label, prev.label_start, prev.cells + run.cells, prev.pre, run.post, prev.header)
            continue
        out.append(run)
    return out


def _choose_row(rows: tuple[RowSpec, ...], ptr: int, label: str, strict: bool = False) -> int:
    """The row a run belongs to; ``strict``: -1 unless a row's key is in the label."""
    best, best_score = (-1 if strict else ptr), 0
    for idx in range(ptr, len(rows)):
        keylen = max((len(k) for k in alignment.row_keys(rows[idx]) if k in label), default=0)
        if not keylen:
            continue
        score = _KEY_WEIGHT * keylen - _SKIP_PENALTY * (idx - ptr)
        if score > best_score:
            best, best_score = idx, score
    return best


def _after(rows: tuple[RowSpec, ...], idx: int) -> int:
    """The index after row ``idx``: past the rows it replaces, or past an alternative not printed."""
    row = rows[idx]
    nxt = idx + 1
    if row.alternative_to:
        while nxt < len(rows) and rows[nxt].id in row.alternative_to:
            nxt += 1
    while nxt < len(rows) and rows[nxt].optional and rows[nxt].alternative_to and nxt != idx:
        # An optional alternative row is only taken when its label is printed; skip it otherwise.
        break
    return nxt


def _split_long(run: Run, width: int) -> list[Run]:
    values = [t for t in run.cells if t.kind is TokKind.VALUE]
    if len(run.cells) <= width or width <= 0 or len(run.cells) % width or len(values) <= width:
        # Values that fit one row, with empty grid cells between them, are one row on a finer grid.
        return [run]
    out = []
    rows = _staircase(run, width)
    if rows is not None:
        # Rows printed as a staircase (pdftotext: each column's numbers of the rows one above the
        # other, the columns one after another down the lines): a row is a number of each column.
        return [Run(run.label if i == 0 else "", run.label_start, cells) for i, cells in enumerate(rows)]
    for i in range(0, len(run.cells), width):
        piece = Run(run.label if i == 0 else "", run.label_start, run.cells[i : i + width])
        out.append(piece)
    del values
    return out


def _without_spare_columns(runs: list[Run], width: int) -> list[Run]:
    """The runs without the grid's spare columns: under one header (a page's part of a table whose
    grid a page sets anew), where exactly ``width`` grid columns print a number in some row, an
    empty grid column between them in which no row prints anything is no column of the table (a
    merged heading's spare slot, no heading over it), and its empty cells are no blank cells."""
    groups: dict[int, list[int]] = {}
    for i, run in enumerate(runs):
        if run.header_at >= 0 and run.cells:
            groups.setdefault(run.header_at, []).append(i)
    out = list(runs)
    for members in groups.values():
        if len(members) < _PART_ROWS:
            continue
        toks = [t for i in members for t in (*runs[i].pre, *runs[i].cells, *runs[i].post)]
        printed = {t.col for t in toks if t.kind is not TokKind.EMPTY}
        if len(printed) != width or min(printed) < 0:
            continue  # (a number outside the grid: its columns are not all the table's)
        # A column its heading names is the table's, blank in every row or not.
        headed = {c for i in members for c, text in runs[i].header.items() if text.strip()}
        spare = {t.col for t in toks if min(printed) < t.col < max(printed)} - printed - headed
        if not spare:
            continue
        for i in members:
            run = runs[i]
            kept = [t for t in (*run.pre, *run.cells, *run.post) if t.col not in spare]
            filled = [k for k, t in enumerate(kept) if t.kind is not TokKind.EMPTY]
            if not filled:
                continue
            first, last = filled[0], filled[-1]
            out[i] = dataclasses.replace(run, pre=kept[:first], cells=kept[first:last + 1], post=kept[last + 1:])
    return out


def _staircase(run: Run, width: int) -> list[list[Tok]] | None:
    """The rows of a run set in columns whose lines are not its rows: its numbers fall into
    ``width`` columns (by their characters' places), each with one number of each row on lines of its
    own, more lines than rows; the k-th row is each column's k-th number. None otherwise."""
    n = len(run.cells) // width
    if any(t.kind is not TokKind.VALUE or t.col < 0 for t in run.cells) or len({t.line for t in run.cells}) <= n:
        return None
    columns: list[list[Tok]] = []
    for tok in sorted(run.cells, key=lambda t: (t.col, t.line)):
        if columns and tok.col - columns[-1][-1].col <= _STAIR_DRIFT and tok.line > columns[-1][-1].line:
            columns[-1].append(tok)
        else:
            columns.append([tok])
    if len(columns) != width or any(len(c) != n for c in columns):
        return None
    return [[c[k] for c in columns] for k in range(n)]


_STAIR_DRIFT = 0  # characters: one column's numbers in a staircase stand at one place


def _place_flat(spec: TableSpec, runs: list[Run], reading: int = 0) -> list[tuple[RowSpec, Run]]:
    """The review table: one line of 15 values for 3 rows × 5 columns, or 3 labelled rows of 5."""
    width = len(spec.columns)
    n = len(spec.rows)
    if len(runs) >= n and all(len(r.cells) == width for r in runs[-n:]):
        # Three rows of five: labelled rows go where their own labels say, otherwise in order.
        own = [_choose_row(spec.rows, 0, r.tail, strict=True) for r in runs[-n:]]
        order = own if len(set(own)) == n and -1 not in own else list(range(n))
        return [(spec.rows[i], r) for i, r in zip(order, runs[-n:], strict=True)]
    cells: list[Tok] = [t for r in runs for t in r.cells]
    pre = list(runs[0].pre) if runs else []
    post = list(runs[-1].post) if runs else []
    need = width * len(spec.rows)
    printed = [t for t in cells if t.kind is not TokKind.EMPTY]
    if len(cells) > need and len(printed) == need:
        # The empty grid cells are what a merged cell (colspan="2" 总计) covers, not blank cells.
        cells = printed
    elif flatgrid.covered(cells, pre, post, need):
        # Some empty cells are covered by a merged cell, some are blanks: the rows' totals choose.
        cells, pre, post = flatgrid.readings(spec, [*pre, *cells, *post], need)[reading], [], []
    if len(cells) > need:
        cells = cells[-need:]
    # Blanks at either end of the value line (行政复议 printed empty, say) are its first or last
    # cells, when with them the line holds every cell; short even so, they are no cells of it (the
    # blank lines after a converter's last line), and where its blanks stand is not known.
    ends = len(pre) + len(post)
    if len(cells) < need <= len(cells) + ends:
        cells = [*pre[len(pre) - min(len(pre), need - len(cells)):], *cells]
        cells += post[:need - len(cells)]
    if len(cells) < need:
        if not cells:
            return []
        merged = Run(runs[0].label if runs else "", 0, cells)
        return [(spec.rows[0], merged)] if len(cells) <= width else _share_short(spec, merged)
    return [
        (row, Run("", 0, cells[i * width : (i + 1) * width])) for i, row in enumerate(spec.rows)
    ]


def _blank_lines_as_cells(spec: TableSpec, norm: str, region: Region, valued: list[Run]) -> list[Run]:
    """A one-line table whose numbers each stand on a line with an empty line after: the empty lines
    may separate cells or be blank cells (a converter printing every cell of a sparse table on a line
    of its own). Read as blank cells they give exactly the table's cells: then that is the reading."""
    need = len(spec.columns) * len(spec.rows)
    printed = [t for r in valued for t in r.cells if t.kind is TokKind.VALUE]
    if len(printed) >= need:
        return valued
    toks, _layout = tokenise(norm, region.start, region.end, loose_rows=True, layout="lines")
    lines = [r for r in runs_of(toks, "lines") if r.cells]
    if not lines:
        return valued
    cells = [*lines[0].pre, *(t for r in lines for t in r.cells)]
    same = [t.text for t in cells if t.kind is TokKind.VALUE] == [t.text for t in printed]
    if same and len(cells) == need and len(lines) == 1:
        return [dataclasses.replace(lines[0], cells=cells, pre=[], post=[])]
    return valued


def _grid_lines_as_cells(runs: list[Run], need: int) -> list[Run]:
    """A one-line table printed as several grid lines — in two tables (行政复议 | 行政诉讼) or
    transposed, one labelled line per cell — with blank cells printed empty: each value line's
    empty cells at its ends, and a labelled line of one empty cell among one-cell lines, are blank
    cells when with them the lines hold exactly the table's cells. [] otherwise."""
    valued = [r for r in runs if r.cells]
    if len(valued) < 2 or sum(len(r.cells) for r in valued) >= need:
        return []
    # Transposed: every number in one grid column, a blank cell an empty cell of that column; or,
    # in a grid whose rows leave out the covered parts of merged cells (so the numbers stand in
    # several columns), every number ending its labelled line, a blank cell a line's one empty cell.
    cols = {r.cells[0].col for r in valued} if all(len(r.cells) == 1 for r in valued) else set()
    single = len(cols) == 1 and -1 not in cols
    ending = bool(cols) and -1 not in cols and all(not r.post for r in valued)
    first, last = runs.index(valued[0]), runs.index(valued[-1])
    cells: list[Tok] = []
    for run in runs if single else runs[first:last + 1]:
        if run.cells:
            cells += run.cells if single or ending else [*run.pre, *run.cells, *run.post]
        elif single:
            cells += [t for t in run.post if t.col in cols]
        elif ending and len(run.post) == 1 and run.post[0].kind is TokKind.EMPTY:
            cells += run.post
    if len(cells) != need:
        return []
    return [Run(valued[0].label, valued[0].label_start, cells, header=valued[0].header)]


def _blank_value_line(toks: list[Tok], need: int) -> list[Run]:
    """A flat table printed with every value blank: its last grid line of ``need`` empty cells."""
    lines: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.col >= 0:
            lines.setdefault(tok.line, []).append(tok)
    for line in sorted(lines, reverse=True):
        cells = lines[line]
        if len(cells) >= need and all(t.kind is TokKind.EMPTY for t in cells):
            return [Run("", cells[0].start, cells[-need:])]
    return []


def _share_short(spec: TableSpec, run: Run) -> list[tuple[RowSpec, Run]]:
    """Fewer than 15 values: fill from the right, so the missing cells are the first ones."""
    width = len(spec.columns)
    need = width * len(spec.rows)
    missing = need - len(run.cells)
    padded: list[Tok | None] = [None] * missing + list(run.cells)
    out = []
    for i, row in enumerate(spec.rows):
        chunk = [t for t in padded[i * width : (i + 1) * width] if t is not None]
        if chunk:
            out.append((row, Run("", 0, chunk)))
    return out


def _narrow_grids(spec: TableSpec, placed: list[tuple[RowSpec, Run]], parts: list[int]) -> set[tuple[int, int | None]]:
    """Row widths whose rows, all taken together, print their numbers (and the blanks between them)
    in fewer grid columns than the row has: (width, None) for the whole table, (width, part) for a
    grid part of several rows (a table broken over pages is a grid a part, and a part's label
    columns need not be the other's, so the parts' columns do not line up)."""
    spans: dict[tuple[int, int | None], list[int]] = {}
    rows: Counter[tuple[int, int | None]] = Counter()
    for (row, run), part in zip(placed, parts, strict=True):
        cols = [t.col for t in run.cells if t.col >= 0]
        if cols:
            width = len(spec.row_columns(row))
            for key in ((width, None), (width, part)):
                spans.setdefault(key, []).extend((min(cols), max(cols)))
                rows[key] += 1
    return {key for key, c in spans.items()
            if max(c) - min(c) + 1 < key[0] and (key[1] is None or rows[key] >= _PART_ROWS)}


def _typical_last_col(placed: list[tuple[RowSpec, Run]], spec: TableSpec) -> dict[int, int]:
    """Per row width, how many grid columns before its line's end a full row's last value stands.

    Counted from the line's end, not its start: a table broken over pages is a grid a part, and
    one part may have a label column the other lacks (a row-spanning label left on the first page).
    """
    by_width: dict[int, Counter[int]] = {}
    for row, run in placed:
        width = len(spec.row_columns(row))
        if len(run.cells) == width and run.last_col >= 0:
            by_width.setdefault(width, Counter())[_line_end(run) - run.last_col] += 1
    return {w: c.most_common(1)[0][0] for w, c in by_width.items()}


def _labels_in_values(norm: str, doc_text: str, toks: list[Tok], spec: TableSpec,
                      placed: list[tuple[RowSpec, Run]]) -> set[int]:
    """The placed rows (by index) of a space-aligned table whose label text on their numbers' line
    reaches the column where a full row of their page prints its first number, the leftmost such
    column: rows set one grid cell right (a merged label cell beside them) print their first
    number further right, and as many of them as of the others may be printed whole (inscriptis
    seeds: the rows of one table half on each grid, a median of the first columns theirs)."""
    full = [k for k, (row, run) in enumerate(placed)
            if len(run.cells) == len(spec.row_columns(row)) and all(t.kind is TokKind.VALUE for t in run.cells)]
    if not full:
        return set()
    pages_before = _pages_before(norm)
    page_of = [pages_before(run.cells[0].start) if run.cells else -1 for _row, run in placed]
    starts: dict[int, int] = {}
    for k in full:
        # A label one character short of the first column is in it.
        col = placed[k][1].cells[0].col - 1
        starts[page_of[k]] = min(starts.get(page_of[k], col), col)
    texts: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.kind is TokKind.TEXT:
            texts.setdefault(tok.line, []).append(tok)
    out = set()
    for k, (_row, run) in enumerate(placed):
        if not run.cells or page_of[k] not in starts:
            continue
        start = starts[page_of[k]]
        line_start = norm.rfind("\n", 0, run.cells[0].start) + 1
        if any(t.start < run.cells[0].start and t.start - line_start >= start
               for t in texts.get(run.cells[0].line, ())):
            out.add(k)
    # Only where the other full rows show the characters are the table's columns: in text that
    # spaces each line by its own estimate (PyMuPDF) a label may reach any column.
    rest = [(pages_before(placed[k][1].cells[0].start), placed[k][1]) for k in full if k not in out]
    return out if out and positions.columns_evidence(doc_text, rest) is True else set()


def _numbers_only(run: Run, keep_others: bool = False) -> Run:
    """The run as its printed numbers in their order, no empty cell in or beside them: where its
    blanks stood is left to the arithmetic (shortrows). Other readings of its grid cells go with
    them unless ``keep_others`` (they were read without empty cells)."""
    return dataclasses.replace(run, cells=[t for t in run.cells if t.kind is not TokKind.EMPTY], pre=[], post=[],
                               others=run.others if keep_others else [])


_FORM_FEED = re.compile("\f")


def _pages_before(norm: str) -> Callable[[int], int]:
    """``norm.count("\f", 0, at)`` for any offset ``at``: the page breaks' offsets are found once,
    not counted again from the text's start for every row."""
    breaks = [m.start() for m in _FORM_FEED.finditer(norm)]
    return lambda at: bisect.bisect_left(breaks, at)


def _line_end(run: Run) -> int:
    """The last grid column of a run's line (a grid run never crosses a line end)."""
    return (run.post or run.cells)[-1].col


def _columns_from_page(toks: list[Tok], boxes: dict[tuple[int, int], PageBox]) -> tuple[list[Tok], bool]:
    """Values whose word has a page box get the box's middle (in tenths of a point) as their column."""
    out: list[Tok] = []
    found = False
    for t in toks:
        box = boxes.get((t.start, t.end)) if t.kind is TokKind.VALUE else None
        if box is not None:
            t = t._replace(col=round((box.bbox[0] + box.bbox[2]) * 5))
            found = True
        out.append(t)
    return out, found


def _numbered_columns(placed: list[tuple[RowSpec, Run]], parts: list[int]) -> dict[int, set[int]]:
    """Per grid part (a table broken over pages or by a page's layout is a grid a part, blank lines
    between), the grid columns where some row prints a digit; only parts of several rows, since
    one row alone says nothing of its neighbours' columns."""
    cols: dict[int, set[int]] = {}
    rows: Counter[int] = Counter()
    for (_row, run), part in zip(placed, parts, strict=True):
        if part >= 0:
            rows[part] += 1
            cols.setdefault(part, set()).update(t.col for t in run.cells
                                                if t.kind is TokKind.VALUE and any(ch.isdigit() for ch in t.text))
    return {part: c for part, c in cols.items() if rows[part] >= _PART_ROWS}


_PART_ROWS = 3
_PIECE_LINES = 2  # lines apart, at most, of the two pieces of a row set at different heights
_PAGE_DRIFT = 60  # tenths of a point: the middles of a column's numbers (one to three full-width digits, left-aligned)


def _fit(run: Run, width: int, typical_end: int | None, layout: str,
         numbered: set[int] | None = None, drift: int = 0) -> tuple[list[Tok], int]:
    """Cells for a row of ``width`` columns: the run, widened by its edge blanks when it is short.
    ``numbered``: the columns in which some row prints a digit (``drift``: how far a number of
    such a column may stand from another's, as page positions).

    Returns the cells (right-aligned when still short) and how many leading cells are missing.
    """
    cells = list(run.cells)
    if not cells:
        return list(run.post[:width]), 0
    if len(cells) > width:
        printed = [t for t in cells if t.kind is not TokKind.EMPTY]
        extra = cells[width:]
        if numbered is not None and not any(ch.isdigit() for t in extra for ch in t.text) \
                and not any(abs(t.col - c) <= drift for t in extra for c in numbered):
            # A column after the table's own in which no row prints a number (a 备注 column of
            # "无" and "—"): its marks are remarks, not the row's cells.
            return cells[:width], 0
        if _remarks(run, width):
            # Marks with no digit after the row's cells ("—", "无": a 备注 column), and before them
            # numbers no label is numbered by (a 0, two digits): the numbers are the row's cells.
            return cells[:width], 0
        if layout == "tab" and len(printed) == width:
            # A merged value cell (colspan="2") leaves empty grid slots beside it, and the header's
            # merges need not be the row's: with exactly one printed value a column, the empties
            # are what the merges cover, not blank cells.
            return printed, 0
        if layout == "pipe" and (drops := _drops(cells, width)):
            # A finer grid than the table's (a page's columns split): some empty cells are no cells.
            return drops[0], 0
        # Extra leading numbers are label fragments (a "1" of "1." split off); the row's cells end the run.
        return cells[-width:], 0
    pre, post = list(run.pre), list(run.post)
    # A line with more slots from its first number on than the row has cells (a row of empty
    # cells run onto it: a page's spacer row, copied) ends where no full row's does: its end says
    # nothing of the row's cells. (Empty slots before the numbers may be a merged label's.)
    spare = len(cells) + len(post) > width + (typical_end or 0)
    if len(cells) < width and typical_end is not None and run.last_col >= 0 and not spare:
        typical_last = _line_end(run) - typical_end
        while len(cells) < width and post and cells[-1].col < typical_last:
            cells.append(post.pop(0))
    while len(cells) < width and pre:
        cells.insert(0, pre.pop())
    while len(cells) < width and post:
        cells.append(post.pop(0))
    return cells, width - len(cells)


_STACK_CHARS = 1  # characters: two numbers of a row on two lines this near stand in one column


def _stacked(run: Run, drift: int, on_page: bool) -> bool:
    """True when the run's numbers stand on two or more lines and two of them on different lines
    stand in one column (within ``drift``), or, on the page (``on_page``), a number read after
    another stands left of it on a later line (the row's cells are then not in their columns' order).
    In text (characters as columns), only a piece alone on its line, under or over a number of a
    line of the row's numbers, counts: two lines of a row's numbers meet in a column by chance."""
    values = [t for t in run.cells if t.kind is TokKind.VALUE and t.col >= 0]
    per_line = Counter(t.line for t in values)
    if len(per_line) < 2 or not (on_page or positions.aligned(run)):
        return False
    for a, b in itertools.combinations(values, 2):
        if on_page and a.line != b.line and abs(a.col - b.col) <= drift:
            return True
        if on_page and b.line > a.line and b.col < a.col - drift:
            return True
        # In text, a piece alone on its line (a few digits) under or over a number of a row's line.
        if not on_page and a.line != b.line and abs(a.col - b.col) <= drift and any(
                per_line[p.line] == 1 and len(p.text) <= _PIECE_DIGITS and p.text.isdigit()
                and per_line[q.line] >= _PIECE_ROW for p, q in ((a, b), (b, a))):
            return True
    return False


def _pieces_joined(spec: TableSpec, runs: list[Run], check: wrapped.Check, drift: int) -> list[Run]:
    """Runs on the page that are two pieces of one row, joined: a row whose cells are set at different
    heights (a cell's number and unit wrapped to two lines sits higher, centred in a taller row)
    prints some of its numbers on the line of a group's heading beside it ("三、本年度", "（三）不予")
    and the rest on its own label's line. The two runs are one row where one's label names a row
    and the other's names none, they stand on neighbouring lines, their numbers fill the table's
    columns exactly (each in a column of its own, as a full row's), and the row so read keeps its
    own total. Read apart, the piece is left out or taken for a row, and the row reads blanks where
    the piece's numbers stand."""
    width = len(spec.columns)
    full = [sorted(t.col for t in r.cells) for r in runs if len(r.cells) == width and _in_columns(r.cells, drift)]
    out: list[Run] = []
    k = 0
    while k < len(runs):
        a = runs[k]
        b = runs[k + 1] if k + 1 < len(runs) else None
        if b is not None and a.cells and b.cells and len(a.cells) + len(b.cells) == width \
                and not a.others and not b.others \
                and 0 < min(t.line for t in b.cells) - max(t.line for t in a.cells) <= _PIECE_LINES:
            named = [rowalign.named_row(spec.rows, r.tail or r.label) is not None for r in (a, b)]
            cells = sorted([*a.cells, *b.cells], key=lambda t: t.col)
            if named.count(True) == 1 and _in_columns(cells, drift) \
                    and any(all(abs(t.col - c) <= drift for t, c in zip(cells, f, strict=True)) for f in full) \
                    and check(cells):
                row = a if named[0] else b
                out.append(dataclasses.replace(row, label=a.label + b.label, label_start=a.label_start, cells=cells))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _in_columns(cells: list[Tok], drift: int) -> bool:
    """Every cell a number with a place on the page, each in a column of its own (farther than
    ``drift`` from the next)."""
    cols = sorted(t.col for t in cells)
    return all(t.kind is TokKind.VALUE and t.col >= 0 for t in cells) \
        and all(b - a > drift for a, b in itertools.pairwise(cols))


def _in_column_order(runs: list[Run], drift: int) -> tuple[list[Run], set[int]]:
    """Runs of numbers on the page, each one's cells in the order of their columns; and the offsets
    of the numbers of the runs whose order that changed.

    A row's cells printed at different heights (a cell's "0件" wrapped to two lines sits higher than
    its neighbours, centred in a taller row) are read a line at a time: the cell set higher comes
    first, though its column is to the right of the others. Where the row's numbers stand in
    columns of their own (no two within ``drift`` of each other), their places on the page are
    their order. A run with numbers in one column (pieces of a wrapped number) keeps its order, as
    does a run with a number off its main line that a piece outside the run stands over or under,
    near (the other piece of a number wrapped in its cell, "1" over "1" for 11: read whole, the row
    lost a digit). The row's own relations still judge it (``_stacked``): read out of the text's
    order and broken as read, it is in doubt."""
    out: list[Run] = []
    moved: set[int] = set()
    # Pieces: numbers of runs too short to be a row (a wrapped number's lower pieces alone on a line).
    placed = [t for run in runs if len(run.cells) < _PIECE_ROW for t in run.cells if t.kind is TokKind.VALUE and t.col >= 0]
    for run in runs:
        values = run.cells
        if run.others or len({t.line for t in values}) < 2 or any(t.kind is not TokKind.VALUE or t.col < 0 for t in values):
            out.append(run)
            continue
        ordered = sorted(values, key=lambda t: t.col)
        main = Counter(t.line for t in values).most_common(1)[0][0]
        if ordered == values or any(b.col - a.col <= drift for a, b in itertools.pairwise(ordered)) \
                or any(o not in values and 0 < abs(o.line - t.line) <= _PIECE_LINES and abs(o.col - t.col) <= drift
                       for t in values if t.line != main for o in placed):
            out.append(run)
            continue
        moved.update(t.start for t in values)
        out.append(dataclasses.replace(run, cells=ordered))
    return out, moved


def _digits_left_out(run: Run, norm: str, spans: list[tuple[int, int]]) -> bool:
    """True when a line holding the run's numbers (text set in columns) prints a digit, between the
    run's first number and its last (as characters of their lines), that no number read holds."""
    values = [t for t in run.cells if t.kind is TokKind.VALUE]
    if not values:
        return False
    starts = {t.line: norm.rfind("\n", 0, t.start) + 1 for t in values}
    lo = min(t.start - starts[t.line] for t in values)
    hi = max(t.end - starts[t.line] for t in values)
    for start in starts.values():
        end = norm.find("\n", start)
        end = len(norm) if end < 0 else end
        inside = [(a, b) for a, b in spans if start <= a < end]
        for k in range(start + lo, min(start + hi, end)):
            if norm[k].isdigit() and not any(a <= k < b for a, b in inside):
                return True
    return False


def _digits_after(run: Run, norm: str, spans: list[tuple[int, int]]) -> bool:
    """True when the line of the run's last number prints a digit after it that no number read holds."""
    values = [t for t in run.cells if t.kind is TokKind.VALUE]
    if not values:
        return False
    last = values[-1]
    end = norm.find("\n", last.end)
    end = len(norm) if end < 0 else end
    inside = [(a, b) for a, b in spans if a < end and b > last.end]
    return any(norm[k].isdigit() and not any(a <= k < b for a, b in inside) for k in range(last.end, end))


# A label with an item's number or bracket ("4.", "（六）", "一、") opens a row: its number is that row's.
_ROW_OPENING = re.compile(r"[\d０-９一二三四五六七八九十]\s*[.．、)）]|[(（]")
_PIECE_ROW = 5  # numbers a row prints at least for a lone number under one of them to be a piece (not 主动公开)
_PIECE_DIGITS = 3  # digits a piece of a number wrapped in its narrow cell holds at most


def _piece_below(run: Run, nxt: Run | None, drift: int) -> bool:
    """True when the next run is one or two numbers of bare digits alone on the line just below the
    run's last line (label text before them at most), each under a number of that line (within
    ``drift``): the lower pieces of numbers wrapped in their narrow cells, which the row read
    without them drops, whether or not it adds up so."""
    values = [t for t in run.cells if t.kind is TokKind.VALUE and t.col >= 0]
    # A row of one or two cells (主动公开) and the next row's number under it are rows, not pieces.
    if nxt is None or len(values) < _PIECE_ROW or not 1 <= len(nxt.cells) <= 2 or nxt.pre or nxt.post \
            or any(len(t.text) > _PIECE_DIGITS for t in nxt.cells) or _ROW_OPENING.search(nxt.label):
        return False
    last = max(t.line for t in values)
    return all(t.kind is TokKind.VALUE and t.text.isdigit() and t.line == last + 1 and t.col >= 0
               and any(v.line == last and abs(v.col - t.col) <= drift for v in values) for t in nxt.cells)


def _row_in_doubt(table: Table, spec: TableSpec, row: RowSpec) -> None:
    """Every cell read for the row is uncertain (what it holds stays as read)."""
    for c in spec.row_columns(row):
        if (row.id, c.id) in table.cells:
            table.cells[(row.id, c.id)] = dataclasses.replace(table.cells[(row.id, c.id)], reading="uncertain")


def _row_holds(table: Table, spec: TableSpec, row: RowSpec, own: wrapped.Check | None) -> bool:
    """True when the row's cells as read hold its own relations (or it has none); False when a cell
    is still missing (a short row whose blanks the arithmetic is left to place)."""
    if own is None:
        return True
    toks = []
    for c in spec.row_columns(row):
        cell = table.cells.get((row.id, c.id))
        if cell is None:
            return False
        toks.append(Tok(TokKind.EMPTY if cell.blank else TokKind.VALUE, "" if cell.blank else cell.raw, 0, 0, 0))
    return own(toks)


def _pieces_in_doubt(spec: TableSpec, run: Run, norm: str, width: int, placed: list[tuple[RowSpec, Run]],
                     own: wrapped.Check | None) -> bool:
    """Whether a row set in columns may print a number in two pieces one space apart ("7 3").

    More numbers than cells, two of them one space apart: which are one number printed in two
    pieces, and which a label's fragment, the positions do not say. As many as cells, two one
    space apart where no other row as long prints those two columns one space apart: a number in
    two pieces and a blank as much as two cells — not in the one-line table, whose pieces are read
    with the line's arithmetic, nor where the row's own relations (``own``) hold with every number
    a cell: the arithmetic reads it so."""
    if len(run.cells) > width:
        return _split_number(run, norm, width)
    return not spec.flat and len(run.cells) == width and _split_number(run, norm, width - 1) \
        and not _narrow_columns(run, [r for _row, r in placed if r is not run]) \
        and not (own is not None and own(run.cells))


def _narrow_columns(run: Run, others: list[Run]) -> bool:
    """True when another row with as many numbers prints two of them one space apart where the run
    has two one space apart (same places in the row): the columns are that narrow (pdftotext)."""
    def tight(r: Run) -> set[int]:
        return {k for k, (a, b) in enumerate(itertools.pairwise(r.cells))
                if a.line == b.line and b.start - a.end == 1}

    mine = tight(run)
    return any(mine & tight(other) for other in others if len(other.cells) == len(run.cells))


def _split_number(run: Run, norm: str, width: int) -> bool:
    """True when the run prints more numbers than ``width`` and as many more as it has pairs of
    numbers one space apart on a line, each set apart by more than one space from the number (or
    text) on its other side, the second bare digits: numbers printed in two pieces ("7 3", "-3 73":
    two runs of a Word page's text that inscriptis sets one space apart), each pair as much one
    number as two cells. Numbers one space apart in a run of three or more are a narrow page's
    columns (pdftotext), not pieces."""
    values = [t for t in run.cells if t.kind is TokKind.VALUE]
    pairs = 0
    for k, (a, b) in enumerate(itertools.pairwise(values)):
        if a.line != b.line or b.start - a.end != 1 or not a.text[-1:].isdigit() \
                or _BARE_NUMBER.fullmatch(b.text) is None:
            continue
        before = norm[max(0, a.start - 2):a.start] == "  " if k == 0 or values[k - 1].line != a.line \
            else a.start - values[k - 1].end >= 2
        after = k + 2 >= len(values) or values[k + 2].line != b.line or values[k + 2].start - b.end >= 2
        pairs += before and after
    return pairs > 0 and len(values) - pairs == width


_BARE_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _remarks(run: Run, width: int) -> bool:
    """True when a row longer than its cells ends in marks with no digit (a 备注 column's "无",
    "—") after numbers no label is numbered by: the marks are remarks (see ``_fit``)."""
    cells = run.cells
    return len(cells) > width and not any(ch.isdigit() for t in cells[width:] for ch in t.text) \
        and not all(_item_number(t) for t in cells[:len(cells) - width])


def _glued_before_mark(cells: list[Tok]) -> bool:
    """True when the row's last cell is a mark with no digit and a number before it is cells run
    together (a leading zero: "００", "０１")."""
    return len(cells) >= 2 and cells[-1].kind is TokKind.VALUE and not any(ch.isdigit() for ch in cells[-1].text) \
        and any(t.kind is TokKind.VALUE and shortrows.run_together(t.text) for t in cells[:-1])


def _remarks_or_cells(run: Run, cells: list[Tok], check: wrapped.Check | None) -> tuple[list[Tok], bool]:
    """The row's cells, and whether they are in doubt, when the run ends in marks with no digit
    after as many numbers as the row has cells and ``_fit`` read the marks as the row's last cells
    (its first number a label's item number split off): the marks are remarks (备注) or cells.
    Each is a reading of the layout; the row's own relations pick one, or neither is sure.
    A row whose leading numbers ``_fit`` gave to its label and that then breaks its relations is
    in doubt."""
    width = len(cells)
    if check is None or len(run.cells) <= width:
        return cells, False
    # Numbers before the row's last cells read as a label's (its item number split off) when the
    # row then does not hold: they may as well be the row's own, in a grid finer than the table's.
    dropped = cells == run.cells[-width:] and any(ch.isdigit() for t in run.cells[:-width] for ch in t.text)
    if any(ch.isdigit() for t in run.cells[width:] for ch in t.text) \
            or any(t.kind is not TokKind.VALUE for t in run.cells[:width]):
        return cells, dropped and not check(cells)
    marks = run.cells[:width]
    if marks == cells:
        return cells, False
    if check(marks) and not check(cells):
        return marks, False
    return cells, check(marks) == check(cells)


def _without_remarks(run: Run, width: int, remarked: set[int]) -> Run:
    """The run without its trailing 备注 marks, in a table that has such a column."""
    if width not in remarked:
        return run
    if _remarks(run, width):
        return dataclasses.replace(run, cells=run.cells[:width], post=[])
    if _remark_or_blank(run, width):
        return dataclasses.replace(run, cells=run.cells[:-1], post=[])
    return run


def _remark_or_blank(run: Run, width: int) -> bool:
    """True when a row no longer than its cells ends in a mark with no digit."""
    return 0 < len(run.cells) <= width and not any(ch.isdigit() for ch in run.cells[-1].text)


def _printed(cells: list[Tok]) -> int:
    """How many of ``cells`` print something (a number or a mark), not empty grid cells."""
    return sum(t.kind is not TokKind.EMPTY for t in cells)


def _item_number(tok: Tok) -> bool:
    """True when a number can be a label's item number split off it (the 1 of "1."): one digit, not 0."""
    return tok.kind is TokKind.VALUE and tok.text.strip(".、") in set("123456789")


def _label_fragments(toks: list[Tok]) -> bool:
    """Numbers before a row's cells that can be pieces of its label: single digits (the 1 of 1.),
    never 0 (no label is numbered 0: a 0 there is a cell, the row one number too long)."""
    return all(_item_number(t) for t in toks)


def _windows(run: Run, width: int) -> list[Run | None]:
    """The other ways ``width`` consecutive numbers of a too-long run can be the row's cells."""
    cells = list(run.cells)
    return [Run("", 0, cells[i : i + width]) for i in range(len(cells) - width)]


def _open_row(doc: Document, spec: TableSpec, table: Table, row: RowSpec, readings: list[list[Tok]],
              boxes: dict[tuple[int, int], PageBox]) -> None:
    """The row's readings (each its cells' tokens, in column order) left for the arithmetic to
    choose among with the short rows (``Table.open_rows``)."""
    columns = spec.row_columns(row)
    if not readings or any(len(toks) != len(columns) for toks in readings):
        return
    table.open_rows[row.id] = tuple(
        {cell_id(spec.id, row.id, c.id): _cell(doc, spec.id, row.id, c.id, tok, c.kind, boxes)
         for c, tok in zip(columns, toks, strict=True)}
        for toks in readings)


def _one_too_many(cells: list[Tok], read: list[Tok]) -> list[list[Tok]]:
    """The readings of a row printed with one number more than its cells: either end's number
    another row's, or two neighbours the pieces of one number wrapped in its cell; and ``read``,
    the cells the row was read with when as many as its columns (a grid row's empty slot left out
    as a merge's, ``_fit``): left out of the options, a reading dropping a printed 0 that adds up
    as well would be the only one and be taken for sure."""
    out = [cells[1:], cells[:-1]]
    if len(read) == len(cells) - 1 and read not in out:
        out.append(read)
    for i in range(len(cells) - 1):
        if (joined := wrapped.join_pieces(cells[i], cells[i + 1])) is not None:
            out.append([*cells[:i], joined, *cells[i + 2:]])
    return out


def _paddings(run: Run, width: int) -> list[list[Tok]]:
    """The ways a short grid row fills its columns with the empty cells on either side of its numbers.

    A Markdown converter drops a merged label cell in some rows and not in others, so where the
    row's grid cells stand says nothing, and an empty cell before the numbers may be a blank under
    the first column or a piece of the label: each is a reading."""
    cells, pre, post = list(run.cells), list(run.pre), list(run.post)
    need = width - len(cells)
    if need < 0:
        return _drops(cells, width)
    if need == 0 or len(pre) + len(post) <= need:
        return []
    return [pre[len(pre) - k:] + cells + post[:need - k]
            for k in range(need + 1) if k <= len(pre) and need - k <= len(post)]


def _drops(cells: list[Tok], width: int) -> list[list[Tok]]:
    """The ways a grid row with more cells than columns, but no more numbers, leaves out its extra
    empty cells: a converter that split a column of the page prints an empty cell beside each
    number of it, and nothing says which of the empty cells are blanks. [] beyond a few readings."""
    empty = [i for i, t in enumerate(cells) if t.kind is TokKind.EMPTY]
    extra = len(cells) - width
    if extra <= 0 or len(empty) < extra or math.comb(len(empty), extra) > _MAX_SLOT_READINGS:
        return []
    return [[t for i, t in enumerate(cells) if i not in gone] for gone in map(set, itertools.combinations(empty, extra))]


def _merged_slots(run: Run, width: int) -> list[list[Tok]]:
    """Readings of a grid row with more slots than columns, as Word and CMS pages print merged
    value cells (colspan): each cell's text stands in its first slot and the slots it covers are
    empty, and the header's merges need not be the row's.

    A cell starts at the first value slot (under the first heading) and at every printed value;
    the other starts are some of the empty slots. Every choice of those is a reading; kept are
    those that put most cells at least partly under their own heading. [] when the row is not
    wider than its columns, or the header does not name ``width`` value columns.
    """
    heads = sorted(c for c in run.header if c >= 0)[-width:]
    full = [t for t in (*run.pre, *run.cells, *run.post) if t.col >= 0]
    if len(heads) < width or not run.cells or any(t.col < heads[0] and t.kind is not TokKind.EMPTY for t in full):
        return []
    slots = [t for t in full if t.col >= heads[0]]
    if len(slots) <= width or slots[0].col != heads[0]:
        return []
    forced = {0} | {i for i, t in enumerate(slots) if t.kind is not TokKind.EMPTY}
    free = [i for i in range(len(slots)) if i not in forced]
    if len(forced) > width or math.comb(len(free), width - len(forced)) > _MAX_SLOT_READINGS:
        return []

    end = max(slots[-1].col, heads[-1]) + 1
    head_spans = list(itertools.pairwise([*heads, end]))
    scored = []
    for extra in itertools.combinations(free, width - len(forced)):
        starts = sorted(forced | set(extra))
        spans = itertools.pairwise([*(slots[i].col for i in starts), end])
        # A printed table puts each cell at least partly under its own heading.
        agree = sum(1 for (a, b), (h, g) in zip(spans, head_spans, strict=True) if a < g and h < b)
        scored.append((-agree, [slots[i] for i in starts]))
    scored.sort(key=lambda x: x[0])
    best = scored[0][0]
    return [r for score, r in scored if score == best]


def _fold_merged(run: Run) -> Run:
    """Markdown converters repeat a merged cell's text in every column it spans: fold the repeats.

    Columns under the same heading text of the latest header line, holding the same text, are one
    printed cell; the heading repeated with a character misread in one column is the same.
    """
    if not run.header or not run.cells:
        return run
    row = [*run.pre, *run.cells, *run.post]
    kept: list[Tok] = []
    for tok in row:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and prev.text == tok.text
            and run.header.get(prev.col)
            and misread.alike(run.header[prev.col], run.header.get(tok.col, ""))
        ):
            continue
        kept.append(tok)
    first = next((i for i, t in enumerate(kept) if t.kind is TokKind.VALUE), None)
    if first is None:
        return run
    last = max(i for i, t in enumerate(kept) if t.kind is TokKind.VALUE)
    return dataclasses.replace(run, cells=kept[first : last + 1], pre=kept[:first], post=kept[last + 1 :])


def _characters_columns(text: str, norm: str, spec: TableSpec, runs: list[Run]) -> bool:
    """Whether the text's characters may be its columns (pdftotext -layout, not PyMuPDF), judged
    by the table's full rows (``positions.columns_evidence``): unless they say they are not. Rows
    split over two lines are joined only where their numbers stand in different columns, which
    rows that say too little (a printed page's blocks each on its own grid) do not gainsay."""
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    pages_before = _pages_before(norm)
    full = [(pages_before(run.cells[0].start), run) for run in runs
            if len(run.cells) == width and all(t.kind is TokKind.VALUE for t in run.cells)]
    return positions.columns_evidence(text, full) is not False


def _empty_lines_separate(spec: TableSpec, runs: list[Run]) -> bool:
    """Text read one cell a line, no row of it with an empty line between two of its numbers
    (``_empties_part_blocks`` has looked), whose empty lines part blocks of text (MuPDF's text),
    not cells: most rows with one beside their numbers would have more or fewer cells than any
    row of the table if each were a blank cell. A page or a Word file's text a cell a line prints
    an empty line for each blank, so blanks between numbers show, and its rows come out whole."""
    widths = {len(spec.row_columns(r)) for r in spec.rows}
    odd = spaced = 0
    for r in runs:
        values = sum(t.kind is TokKind.VALUE for t in r.cells)
        empties = len(r.pre) + len(r.post)
        if not values or not empties:
            continue
        spaced += 1
        odd += values + empties not in widths
    return odd >= 2 and 2 * odd >= spaced


def _empties_part_blocks(spec: TableSpec, runs: list[Run]) -> bool:
    """Whether a table read one cell a line has empty lines that part blocks of text, not blank
    cells. A table of rows says so itself (``_empty_lines_separate``), and what it says is kept for
    the one-line table after it in the same text: a row with an empty line between two numbers
    shows the text's empty lines are cells; where nothing has shown it, a one-line table's empty
    lines beside its numbers are not taken for cells (``_edge_empties_only``)."""
    memo = pass_memo()
    if not spec.flat:
        width = max(len(spec.row_columns(r)) for r in spec.rows)
        if any(_inner_blank(r, width) for r in runs):
            if memo is not None:
                memo.setdefault(("empty lines are cells",), True)
            return False
        return _empty_lines_separate(spec, runs)
    if memo is not None and memo.get(("empty lines are cells",)) is True:
        return False
    return _edge_empties_only(runs)


def _heading_marks(toks: list[Tok], spec: TableSpec) -> list[Tok]:
    """A mark on a line of its own between two pieces of a column heading ("本年增" / "/" / "减",
    a page's text taken a node a line) is the heading's, not a blank cell."""
    printed = [i for i, t in enumerate(toks) if t.kind is not TokKind.EMPTY]
    headings = {key_text(c.label) for c in spec.columns if "/" in c.label or "／" in c.label}
    out = list(toks)
    for a, i, b in zip(printed, printed[1:], printed[2:], strict=False):
        tok = toks[i]
        if tok.kind is not TokKind.VALUE or tok.text.strip() not in ("/", "／") \
                or toks[a].kind is not TokKind.TEXT or toks[b].kind is not TokKind.TEXT:
            continue
        joined = key_text(toks[a].text + "/" + toks[b].text)
        if any(joined.endswith(h) or h.startswith(joined) for h in headings):
            out[i] = tok._replace(kind=TokKind.TEXT)
    return out


def _rows_end_parted(spec: TableSpec, runs: list[Run]) -> bool:
    """Whether every row printed whole (as many numbers as the table's widest row) that another
    row follows ends with an empty line, two such rows at least, and no row of the text has an
    empty line between two numbers: text that parts each row's block from the next with an empty
    line (mutool's). So does a line of column headings followed by an empty line. The one after a
    short row, or between a label and its numbers, is then no blank cell either."""
    if spec.flat:
        return False
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    memo = pass_memo()
    if any(_inner_blank(r, width) for r in runs) or (memo is not None and memo.get(("empty lines are cells",))):
        # An empty line between two numbers of a row: the text's empty lines are cells, and one
        # between rows is the next row's cell under a merged label (LibreOffice's text).
        return False
    valued = [r for r in runs if r.cells]
    full = [r for r in valued[:-1] if sum(t.kind is TokKind.VALUE for t in r.cells) == width
            and not any(t.kind is TokKind.EMPTY for t in r.cells)]
    if len(full) >= 2 and all(r.post and r.post[0].kind is TokKind.EMPTY for r in full):
        return True
    # A line of column headings with an empty line after it: no heading is a blank cell.
    headings = {key_text(c.label) for c in spec.columns}
    return any(not r.cells and r.post and r.post[0].kind is TokKind.EMPTY
               and any(r.label.endswith(h) for h in headings) for r in runs)


def _inner_blank(run: Run, width: int) -> bool:
    """An empty line between two numbers of a row that leaves the row no wider than the table (a
    blank cell, not the break inside a number wrapped in its cell: "１００ / ７" in a full row)."""
    inner = sum(t.kind is TokKind.EMPTY for t in run.cells)
    return inner > 0 and len(run.cells) <= width


def _edge_empties_only(runs: list[Run]) -> bool:
    """A one-line table read one cell a line whose value line has empty lines only before or after
    its numbers, none between two of them: whether those are blank cells or the empty lines that
    part blocks of text (MuPDF's text) is not known, and reading them as cells would move every
    number of the line; the printed numbers in their order are the line (shortrows places the
    blanks, or says it cannot)."""
    valued = [r for r in runs if any(t.kind is TokKind.VALUE for t in r.cells)]
    return bool(valued) and not any(t.kind is TokKind.EMPTY for r in valued for t in r.cells) \
        and any(r.pre or r.post for r in valued)


def _lines_not_cells(runs: list[Run], layout: str) -> bool:
    """Text read one cell a line whose rows print two numbers on one line ("26      26", a narrow
    page's pdftotext -layout): its empty lines are no blank cells, so where a row's blanks stand,
    or whether it has any, is not known."""
    if layout not in ("lines", "lines2"):
        return False
    paired = 0
    for run in runs:
        lines = Counter(t.line for t in run.cells if t.kind is TokKind.VALUE)
        paired += any(n > 1 for n in lines.values())
    return paired >= 2


def _missing_rows(spec: TableSpec, table: Table) -> list[Finding]:
    found = {row for row, _ in table.cells}
    if not found:
        return []
    return [
        Finding(
            rule="row.missing",
            severity=Severity.WARNING,
            cells=tuple(cell_id(spec.id, row.id, c.id) for c in spec.row_columns(row)),
            message=f"{spec.title}：未找到“{row.title}”一行",
        )
        for row in spec.missing_rows(found)
    ]
