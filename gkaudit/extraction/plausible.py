"""A 依申请 table read from converter text that breaks more relations than a report's own slips do.

One wrong figure in a report breaks at most three relations of the 依申请 table (its row, its
column's 总计, its column's balance); two slips, six. A reading of text without a grid (converter
output, copied text) that breaks more, between printed numbers, is far likelier a misread (a row
taken for another, a blank cell that vanished, a number split over two lines) than a report that
wrong. Its cells in the broken relations are then marked uncertain and ``extract.uncertain`` says
so: the arithmetic findings stay, as warnings that say a misread is possible. No value is changed.
Tables read from a real grid (an HTML or Word table, a PDF's ruled cells) are not second-guessed; a
web page or Word document whose table came as one paragraph a cell (a converter's text boxes turned
into paragraphs), or a PDF table placed by its words' positions with no ruling, is gridless like
any other.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence

from gkaudit.extraction.regions import Region
from gkaudit.extraction.rowalign import named_row
from gkaudit.extraction.tokens import Tok, TokKind, in_sentence, tokenise
from gkaudit.extraction.values import printed_sign
from gkaudit.model import Cell, Finding, Table, cell_id, split_cell_id
from gkaudit.reading.normalise import compact
from gkaudit.rules.catalogue import catalogued
from gkaudit.rules.relations import Relation, evaluate, holds, relations_for
from gkaudit.templates import Kind, TableSpec, TemplateSpec

# More broken relations than two independent slips can explain.
_MAX_SLIP_BREAKS = 6
_GRIDLESS = ("space", "lines", "lines2", "pipe")
# Documents whose gridless table text is only text: a PDF's lines carry page boxes that place
# each number in its column.
_TEXT_KINDS = ("text", "html", "docx")
# The 依申请 table as a whole is second-guessed in a PDF too where it was read from page positions
# without ruling lines (a layout of its own, "space"): a ruled grid is read cell by cell.
_SECOND_GUESSED = (*_TEXT_KINDS, "pdf")


def mark_implausible(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec,
                     layouts: Mapping[str, str], kind: str) -> list[Finding]:
    table = tables.get("apply")
    if table is None or not table.cells or kind not in _SECOND_GUESSED or layouts.get("apply") not in _GRIDLESS:
        return findings
    present = {row for (row, _c) in table.cells}
    cells = {c.id: c for c in table.cells.values()}
    broken: set[str] = set()
    unsettled: set[str] = set()  # cells of relations a lost cell keeps from being checked
    rows_broken: set[str] = set()
    n = 0
    for rel in relations_for(template, present):
        ids = (*rel.parts, *rel.totals)
        if not all(i.startswith("apply/") for i in ids):
            continue
        got = [cells.get(i) for i in ids]
        totals_read = [cells.get(i) for i in rel.totals]
        if any(c is None or (c.value is None and not c.blank) for c in got):
            unsettled.update(i for i, c in zip(ids, got, strict=True) if c is not None)
            continue
        # Only relations whose totals are printed numbers: a blank total is printed, not misread.
        if any(c is None or not isinstance(c.value, int | float) for c in totals_read):
            # A blank total where nothing at all was printed (an empty line, a gap) is a reading
            # of the layout: in a table whose sums say it was misread, it is no surer than they.
            unsettled.update(c.id for c in totals_read if c is not None and c.blank and not c.raw.strip())
            continue
        parts = sum(cells[i].value or 0 for i in rel.parts)
        totals = sum(cells[i].value or 0 for i in rel.totals)
        if not math.isclose(parts, totals, abs_tol=1e-6):
            n += 1
            broken.update(ids)
            if rel.rule == "apply.row_total":
                rows_broken.add(split_cell_id(rel.totals[0])[1])
    # A row not found at all: its numbers are somewhere else in the table, or nowhere, so no sum
    # over its column can be trusted either.
    lost_rows = {split_cell_id(f.cells[0])[1] for f in findings
                 if f.rule == "row.missing" and f.cells and f.cells[0].startswith("apply/")}
    lost = bool(lost_rows)
    # Cells already in doubt, and rows that do not add up in more than one place: one slip breaks
    # one row's total, a reading that took a number for its neighbour's breaks several. A row in
    # doubt is already reported as such; what makes the rest suspect is a second row, read with
    # certainty, that breaks too, or one that breaks beside a row in doubt (the number it lost).
    shaky = _shaky(table, template, rows_broken)
    # With a row lost, the rows were placed without it: only sums that hold vouch for the placement.
    if n <= _MAX_SLIP_BREAKS and not (lost and (n or unsettled)) and not shaky:
        return findings
    # Rows misplaced in the broken columns are misplaced in a column whose sum could not be checked
    # (a cell of it not found) as well: those cells are no surer than the broken ones.
    # The rows printed next to a lost row: the numbers they took may be its (a label not found, its
    # line given to the row above or below), and where they stand in columns says nothing of that.
    near_lost = _neighbours([r.id for r in template.table("apply").rows], lost_rows)
    beside = {c.id for c in table.cells.values() if c.row in near_lost}
    # Cells whose place the relations chose (shortrows: where a short row's blanks stand) are no
    # surer than the relations, which this reading breaks.
    beside |= {c.id for c in table.cells.values() if c.reading == "decoded"}
    # A row whose total is a blank read where nothing was printed, in a table this reading doubts:
    # its other blanks read so are where its numbers happened to stand, no surer than its total.
    blank_totals = {split_cell_id(cid)[1] for cid in unsettled
                    if cid.endswith("/total") and (c := cells.get(cid)) is not None and c.blank and not c.raw.strip()}
    beside |= {c.id for c in table.cells.values() if c.row in blank_totals and c.blank and not c.raw.strip()}
    table.doubt(table.cells[split_cell_id(cid)[1:]] for cid in sorted(broken | unsettled | beside))
    return [*findings, catalogued(
        "extract.uncertain",
        message=((f"依申请表按此文本读出后有 {n} 处勾稽关系不成立，" if n else "依申请表按此文本读出后各栏合计无法核对，") +
                 ("且有整行未找到，" if lost else "且表中已有识别存疑的格，" if shaky and n <= _MAX_SLIP_BREAKS
                  else "多于报告本身笔误所能造成的，") +
                 "很可能是文本转换打乱了行列，相关单元格的识别不确定，请打开原始文件核对"),
        cells=tuple(sorted(broken | unsettled | beside)),
        anchor=cell_id("apply", "*", "*"),
    )]


def mark_misplaced_blanks(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec,
                          layouts: Mapping[str, str], kind: str) -> list[Finding]:
    """A 依申请 row read from gridless text that breaks its own total, where its printed numbers in
    their order, with its blanks elsewhere, keep it (the last number is the sum of the others):
    uncertain, every cell of the row. Where a row's blanks stand is a reading of the layout (the
    characters' columns); a page set anew (pdftotext's columns shifted after a page break), a label
    indented more than its neighbours', shifts every number of a row one cell off, and its last
    number, the total, lands in 其他 with the total read blank. The printed numbers are the same in
    either reading; only the arithmetic tells them apart, and it never rewrites a cell: the row is in
    doubt. A report's own slip breaks the total in every placement of its numbers (the last is not
    the sum of the others) and stays an error."""
    table = tables.get("apply")
    if table is None or not table.cells or kind not in _TEXT_KINDS or layouts.get("apply") not in _GRIDLESS:
        return findings
    spec = template.table("apply")
    doubted: list[str] = []
    relations = relations_for(template, {row for (row, _c) in table.cells})
    for rel in relations:
        if rel.rule != "apply.row_total" or rel.unread or len(rel.totals) != 1:
            continue
        row = split_cell_id(rel.totals[0])[1]
        got = _row_cells(table, spec, row)
        if any(c is None for c in got):
            continue
        cells = [c for c in got if c is not None]
        # Numbers and cells where nothing was printed only: a printed mark ('无', '-') has a place.
        if any(not (isinstance(c.value, int | float) or (c.blank and not c.raw.strip())) for c in cells):
            continue
        printed = [c.value for c in cells if isinstance(c.value, int | float)]
        if len(printed) < 2 or len(printed) == len(cells):
            continue  # no blank whose place could be another
        values = {c.id: (c.value if isinstance(c.value, int | float) else 0) for c in cells}
        if holds(rel, values):
            continue
        total = cells[-1]
        if total.id != rel.totals[0]:
            continue
        if not math.isclose(printed[-1], sum(printed[:-1]), abs_tol=1e-6):
            continue
        doubted.extend(table.doubt(cells))
    shifted = _shifted_blanks(table, spec, relations)
    return [*findings, *_in_doubt(
        doubted, "依申请表有的行按此文本读出的位置合计不成立，而把该行最后一个数字读作总计、空白格另放时合计成立："
                 "文本的列位置不足以确定空白格在哪一栏，该行的识别不确定，请打开原始文件核对",
        anchor=cell_id("apply", "*", "*")), *_in_doubt(
        shifted, "依申请表有的行按此文本读出的位置，该行所在的栏合计不成立，而该行的数字按原顺序、空白格另放时各栏合计都成立："
                 "文本的列位置不足以确定空白格在哪一栏，该行的识别不确定，请打开原始文件核对",
        anchor=cell_id("apply", "*", "*"))]


def _shifted_blanks(table: Table, spec: TableSpec, relations: Sequence[Relation]) -> list[str]:
    """The cells put in doubt of rows with blanks (cells where nothing was printed) whose reading
    breaks relations it takes part in (its columns' sums; its own total holds), where its printed
    numbers in their order with the blanks elsewhere keep every one of them. ``pdftotext -layout``
    may set a row's first number a few characters off its column (a long label before it), under
    the next column's heading: the row's own total holds either way and only the columns' sums tell.
    A report's own slip is not so explained: the columns' sums pin each of the row's cells, and the
    printed numbers would have to be the true ones in another order."""
    cells = {c.id: c for c in table.cells.values()}
    values = {i: (c.value if isinstance(c.value, int | float) else 0) for i, c in cells.items()}
    checked = [rel for rel in relations if all(i in cells for i in (*rel.parts, *rel.totals))]
    doubted: list[str] = []
    for row in spec.rows:
        got = _row_cells(table, spec, row.id)
        if any(c is None or c.reading == "uncertain" for c in got):
            continue
        row_cells = [c for c in got if c is not None]
        if any(not (isinstance(c.value, int | float) or (c.blank and not c.raw.strip())) for c in row_cells):
            continue  # a printed mark ('无', '-') has a place of its own
        printed = [c.value for c in row_cells if isinstance(c.value, int | float)]
        if not printed or len(printed) == len(row_cells):
            continue
        ids = [c.id for c in row_cells]
        touching = [rel for rel in checked if not set(ids).isdisjoint((*rel.parts, *rel.totals))]
        if all(holds(rel, values) for rel in touching):
            continue
        for gaps in itertools.combinations(range(len(ids)), len(ids) - len(printed)):
            it = iter(printed)
            other = {**values, **{cid: (0 if j in gaps else next(it)) for j, cid in enumerate(ids)}}
            if all(holds(rel, other) for rel in touching):
                doubted.extend(table.doubt(row_cells))
                break
    return doubted


def mark_implausible_line(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec,
                          layouts: Mapping[str, str], kind: str) -> list[Finding]:
    """A one-line table (复议/诉讼) read from gridless text whose groups break their totals in two
    places or more, where the line's numbers read another way keep every total: uncertain, every
    cell. A number wrapped a digit a line ("１" / "２" for １２) in a text that prints blanks as
    nothing reads as two cells, and every number after it one cell off; two adjacent numbers
    joined, the blanks anywhere, is that other reading. A report that left its totals at 0 breaks
    them too, and no other reading of its numbers holds: its totals stay errors."""
    out = list(findings)
    for spec in template.tables:
        table = tables.get(spec.id)
        if not spec.flat or table is None or not table.cells or kind not in _TEXT_KINDS \
                or layouts.get(spec.id) not in _GRIDLESS:
            continue
        rels = [rel for rel in relations_for(template, {row for (row, _c) in table.cells})
                if all(i.startswith(f"{spec.id}/") for i in (*rel.parts, *rel.totals))]
        order = [cell_id(spec.id, r.id, c.id) for r in spec.rows for c in spec.row_columns(r)]
        cells = {c.id: c for c in table.cells.values()}
        values = {i: (c.value if isinstance(c.value, int | float) else 0) for i, c in cells.items()}
        if any(i not in cells for i in order) or sum(not holds(rel, values) for rel in rels) < 2:
            continue
        printed = [c for c in sorted(cells.values(), key=lambda c: c.source.start if c.source else -1)
                   if not c.blank and c.source is not None]
        if len(printed) < 2 or not _joined_reading_holds([c.raw for c in printed], order, rels):
            continue
        out += _in_doubt(table.doubt(list(table.cells.values())),
                         f"{spec.title}：按此文本读出后有几组合计不成立，而把相邻两个数字读作一个折行的数字"
                         "（空白格另计）时各组合计都成立，本表的识别不确定，请核对原文")
    return out


def _joined_reading_holds(raws: list[str], order: list[str], rels: list[Relation]) -> bool:
    """Whether two adjacent numbers of ``raws`` read as one, and the rest in their order with
    blanks among them to fill ``order``, keep every relation in ``rels``."""
    digits = [unicodedata.normalize("NFKC", r).strip() for r in raws]
    if not all(d.isdigit() for d in digits):
        return False
    for k in range(len(digits) - 1):
        if digits[k].startswith("0"):
            continue  # no count is printed with a leading zero
        line = [*digits[:k], digits[k] + digits[k + 1], *digits[k + 2:]]
        blanks = len(order) - len(line)
        if not 0 <= blanks <= 2:
            continue
        for gaps in itertools.combinations(range(len(order)), blanks):
            it = iter(line)
            values = {cid: (0 if j in gaps else int(next(it))) for j, cid in enumerate(order)}
            if all(holds(rel, values) for rel in rels):
                return True
    return False


def mark_shifted_amounts(tables: Mapping[str, Table], findings: list[Finding], template: TemplateSpec) -> list[Finding]:
    """A row with a value printed in a form only another of its columns takes, while that column
    was read blank or not at all: uncertain, every cell. Counts are whole and unsigned: a number
    with a fraction in a count cell beside an empty amount cell (金额), or a signed one ("减22",
    "+301") in a row whose change cell (本年增/减) is empty or unsigned, is a value read one cell off (a mark
    before it the reading did not take for a cell, "\\/"; a short row's blank put on the wrong
    side), and "件数不是整数" or "为负数" would accuse the report of what the reading did."""
    out = list(findings)
    for spec in template.tables:
        table = tables.get(spec.id)
        if table is None or not table.cells:
            continue
        doubted: list[str] = []
        for row in spec.rows:
            columns = spec.row_columns(row)
            cells = [table.cells.get((row.id, c.id)) for c in columns]
            # The kinds whose column holds no value of its own form: empty, or a change printed unsigned.
            free = {col.kind for c, col in zip(cells, columns, strict=True)
                    if c is None or c.blank or (col.kind is Kind.SIGNED and not _signed(c))}
            misfit = any(c is not None and col.kind is Kind.COUNT and _fits_only(c, free)
                         for c, col in zip(cells, columns, strict=True))
            # A row already in doubt keeps the readings its doubt recorded (the alternatives).
            if misfit and not any(c is not None and c.reading == "uncertain" for c in cells):
                doubted += table.doubt([c for c in cells if c is not None])
        out += _in_doubt(doubted, f"{spec.title}：有的行件数栏读到带小数或带正负号的数，而本该印这种数的栏为空："
                                  "很可能是数字错开了一栏，该行的识别不确定，请核对原文")
    return out


def _signed(cell: Cell) -> bool:
    return isinstance(cell.value, int | float) and printed_sign(cell.raw)


def _fits_only(cell: Cell, free: set[Kind]) -> bool:
    """Whether a count cell's value is printed as only a column of ``free`` kinds (holding no value
    of that form) prints one: a fraction (an amount) or a sign (a change)."""
    if Kind.AMOUNT in free and isinstance(cell.value, float) and not cell.value.is_integer():
        return True
    return Kind.SIGNED in free and _signed(cell)


def _in_doubt(doubted: Sequence[str], message: str, anchor: str | None = None) -> list[Finding]:
    """``extract.uncertain`` for the cells just put in doubt, with ``message``; none for none."""
    if not doubted:
        return []
    return [catalogued("extract.uncertain", message=message, cells=tuple(doubted), anchor=anchor)]


def _neighbours(order: list[str], rows: set[str]) -> set[str]:
    """The rows just before and after each of ``rows`` in ``order``."""
    return {order[j] for i, r in enumerate(order) if r in rows for j in (i - 1, i + 1) if 0 <= j < len(order)}


def _shaky(table: Table, template: TemplateSpec, rows_broken: set[str]) -> bool:
    doubted = {row for (row, _c), cell in table.cells.items() if cell.reading == "uncertain"}
    if not doubted or len(rows_broken) < 2:
        return False
    sure = rows_broken - doubted
    if len(sure) >= 2:
        return True
    order = [r.id for r in template.table("apply").rows if r.id in {row for (row, _c) in table.cells}]
    return bool(sure & _neighbours(order, doubted))


def mark_stray_numbers(norm: str, regions: Mapping[str, Region], tables: Mapping[str, Table],
                       findings: list[Finding], template: TemplateSpec, kind: str) -> list[Finding]:
    """A 依申请 row that does not add up, with a number beside it that no cell took: uncertain.

    A number too wide for its cell is printed in pieces on the lines above and below the row ("２０"
    over the row, "４" under it); a reading that took one piece for the cell and left the other, or
    took a piece for a neighbour's cell, breaks the row's total with no slip in the report. Where the
    left-over number stands next to that row (before or after it), the row's cells are in doubt.
    """
    table = tables.get("apply")
    region = regions.get("apply")
    if table is None or region is None or not table.cells or kind != "text":
        return findings
    spec = template.table("apply")
    present = {row for row, _c in table.cells}
    values = {c.id: (0 if c.blank else c.value) for c in table.cells.values()}
    unequal = {split_cell_id(r.totals[0])[1] for r in relations_for(template, present)
               if r.rule == "apply.row_total" and evaluate(r, values) is not None and not holds(r, values)}
    if not unequal:
        return findings
    taken = _taken(table)
    toks, _layout = tokenise(norm, region.start, region.end, loose_rows=True)
    # A figure in the sentence over the table ("共新收…申请 245 件，上年结转 14", its unit wrapped
    # to the next line) is no piece of a cell.
    left = [t for t in toks if t.kind is TokKind.VALUE and any(ch.isdigit() for ch in t.text)
            and not any(a <= t.start < b for a, b in taken) and not in_sentence(norm, t.start, t.end)]
    # A labelled line of a whole row's numbers that no cell took is a row the template has not
    # (a 合计 row under the table), not the pieces of a wrapped number.
    per_line = Counter(t.line for t in left)
    labelled = {t.line for t in toks if t.kind is TokKind.TEXT and t.text.strip()}
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    stray = [t.start for t in left if per_line[t.line] < width or t.line not in labelled]
    firsts: list[tuple[int, str]] = []  # where each row's cells start, in the text's order
    for row in spec.rows:
        own = [c.source.start for c in _row_cells(table, spec, row.id) if c is not None and c.source is not None]
        if own:
            firsts.append((min(own), row.id))
    firsts.sort()
    starts = [at for at, _r in firsts]
    # Each left-over number goes with the rows on both sides of it: the piece of a wrapped number
    # is usually nearest its own row, but a piece carried over a page break lands after the page's
    # furniture (a running header, a converter's table header) nearer the next row than its own.
    beside: set[str] = set()
    for s in stray:
        k = bisect.bisect_right(starts, s)
        beside.update(r for _at, r in firsts[max(k - 1, 0):k + 1])
    doubted = [cid for row_id in sorted(beside & unequal) for cid in table.doubt(_row_cells(table, spec, row_id))]
    return [*findings, *_in_doubt(
        doubted, "依申请表有的行合计不符，而行旁有未归入任何格的数字（可能是窄格中折成两行的数字），这些行的识别不确定，请核对原文")]


def mark_lost_rows(norm: str, regions: Mapping[str, Region], tables: Mapping[str, Table],
                   findings: list[Finding], template: TemplateSpec) -> list[Finding]:
    """依申请 rows beside a row that got no number, when the table holds digits no cell took: uncertain.

    A row's digits run together with a character a label may start with ("000000无") read as
    label text leave their row with nothing, and the next line of numbers may then be taken by
    the row before it: the neighbours of a row with no number read are in doubt wherever digits
    of the table stand unaccounted for. (A row left out of the table, with every printed digit a
    cell's, says nothing against its neighbours.)
    """
    table = tables.get("apply")
    region = regions.get("apply")
    if table is None or region is None or not table.cells:
        return findings
    spec = template.table("apply")
    present = {row for row, _c in table.cells}
    order = [r.id for r in spec.rows]
    missing = {r.id for r in spec.missing_rows(present)}
    lost = [i for i, r in enumerate(order) if r in missing]
    if not lost:
        return findings
    taken = _taken(table)
    toks, _layout = tokenise(norm, region.start, region.end, loose_rows=True)
    loose = [t for t in toks if (digits := sum(ch.isdigit() for ch in t.text)) >= _LOOSE_DIGITS
             and 2 * digits > len(t.text.strip())
             and not any(a <= t.start < b or t.start <= a < t.end for a, b in taken)
             and not in_sentence(norm, t.start, t.end)]
    if not loose:
        return findings
    beside = {order[j] for i in lost for j in (i - 1, i + 1) if 0 <= j < len(order) and order[j] in present}
    doubted = [cid for row_id in order if row_id in beside for cid in table.doubt(_row_cells(table, spec, row_id))]
    return [*findings, *_in_doubt(
        doubted, "依申请表有的行没有读到数字，而表中有未归入任何格的数字，相邻行的识别不确定，请核对原文")]


_LOOSE_DIGITS = 3  # digits in a piece of text no cell took that may be a row's run together


def mark_stray_line_numbers(norm: str, regions: Mapping[str, Region], tables: Mapping[str, Table],
                            findings: list[Finding], template: TemplateSpec) -> list[Finding]:
    """A one-line table (复议/诉讼) with a number in its region that no cell took and no sentence
    holds: uncertain, every cell. A number wrapped over a page break ("13" / page / "8" for 138)
    leaves a piece the line's reading never saw, and the line is then read with a cell too few."""
    out = list(findings)
    for spec in template.tables:
        table, region = tables.get(spec.id), regions.get(spec.id)
        if not spec.flat or table is None or region is None or not table.cells:
            continue
        taken = _taken(table)
        if not taken:
            continue
        toks, _layout = tokenise(norm, region.start, region.end, loose_rows=True)
        # Numbers among the line's own (two columns' numbers in one grid cell) are its reading's
        # business; only a number outside the stretch the line's cells were read from counts.
        lo, hi = min(a for a, _b in taken), max(b for _a, b in taken)
        left = [t for t in toks if t.kind is TokKind.VALUE and any(ch.isdigit() for ch in t.text)
                and not lo <= t.start < hi and not in_sentence(norm, t.start, t.end)]
        if not left:
            continue
        out += _in_doubt(table.doubt(list(table.cells.values())),
                         f"{spec.title}：表中有未归入任何格的数字（可能是跨页折行的数字），本表的识别不确定，请核对原文")
    return out


def mark_numbers_past_rows(norm: str, regions: Mapping[str, Region], tables: Mapping[str, Table],
                           findings: list[Finding], template: TemplateSpec) -> list[Finding]:
    """Rows of a table, read by their labels, with a line of numbers no cell took standing after
    the last of them: the rows after the last one in doubt (or the last row) are uncertain.

    A converter that parts a row's label from its numbers (a label wrapped a few characters a
    line, its numbers printed between the pieces) can leave each line of numbers to be taken by
    the row before its own; the table's last lines are then left over, after its last row, and
    the last rows read hold their neighbours' numbers. A note under a table prints its figures
    in sentences, not as a line of numbers."""
    out = list(findings)
    for spec in template.tables:
        table, region = tables.get(spec.id), regions.get(spec.id)
        if spec.flat or table is None or region is None or not table.cells:
            continue
        taken = _taken(table)
        if not taken:
            continue
        last = max(b for _a, b in taken)
        toks, _layout = tokenise(norm, region.start, region.end, loose_rows=True)
        later = [k for t in template.tables[template.tables.index(spec) + 1:] for k in t.heading_keys]
        lines: dict[int, list[Tok]] = {}
        for t in toks:
            if t.start < last or t.kind is TokKind.EMPTY:
                continue
            if t.kind is TokKind.TEXT and any(k in compact(t.text) for k in later):
                break  # the next table's heading: a region read too far
            lines.setdefault(t.line, []).append(t)
        # A line of numbers alone (its label, if any, on the lines around it; a total row a report
        # adds under the table prints its own label on its line).
        if not any(len(line) >= _ROW_OF_NUMBERS and all(t.kind is TokKind.VALUE for t in line)
                   and any(ch.isdigit() for t in line for ch in t.text)
                   and not in_sentence(norm, line[0].start, line[-1].end) for line in lines.values()):
            continue
        placed = [r.id for r in spec.rows if any((r.id, c.id) in table.cells for c in spec.row_columns(r))]
        in_doubt = [i for i, row in enumerate(placed) if any(c is not None and c.reading == "uncertain"
                                                             for c in _row_cells(table, spec, row))]
        # The rows read as sure after the last one in doubt took the numbers of the rows before
        # theirs (none in doubt: the last row at least holds another's).
        first = in_doubt[-1] + 1 if in_doubt and in_doubt[-1] + 1 < len(placed) else len(placed) - 1
        out += _in_doubt([cid for row in placed[first:] for cid in table.doubt(_row_cells(table, spec, row))],
                         f"{spec.title}：表的最后一行之后还有一行未归入任何格的数字，各行的数字可能错开了一行，"
                         "这些行的识别不确定，请核对原文")
    return out


_ROW_OF_NUMBERS = 3  # numbers on one line no cell took: a row's, not a stray figure


def mark_numbers_before_labels(norm: str, regions: Mapping[str, Region], tables: Mapping[str, Table],
                               findings: list[Finding], template: TemplateSpec, kind: str) -> list[Finding]:
    """主动公开 rows whose numbers were printed before their labels, the labels run together: uncertain.

    A converter that lays the page out in drawing order (pdfminer.six, ``pdftotext`` default mode)
    may print a block's numbers first and its row labels after them, one under the other with no
    number between ("0 8 0 0 … 18 规章 规范性文件"). Read in text order, the numbers went to whichever
    row came before them, or to the first row of the block: a table with no arithmetic, so nothing
    would ever show the misreading. A row whose every cell stands before its own label, where that
    label is next to another row's label with no number between them, is in doubt.
    """
    spec = template.table("active") if any(t.id == "active" for t in template.tables) else None
    table = tables.get("active")
    region = regions.get("active")
    if spec is None or table is None or region is None or not table.cells or kind != "text":
        return findings
    toks, _layout = tokenise(norm, region.start, region.end)
    # Each token that names a row, and whether the next text token (no number between) names another.
    labels: dict[str, int] = {}
    named: list[tuple[int, str | None]] = []  # (index in toks, row id or None) of text tokens
    for i, t in enumerate(toks):
        if t.kind is TokKind.TEXT:
            row = named_row(spec.rows, t.text)
            named.append((i, row.id if row is not None else None))
            if row is not None and row.id not in labels:
                labels[row.id] = i
    together: set[str] = set()
    for (i, a), (j, b) in itertools.pairwise(named):
        if a and b and a != b and not any(t.kind is TokKind.VALUE for t in toks[i + 1:j]):
            together.update((a, b))
    doubted: list[str] = []
    for row in spec.rows:
        if row.id not in together:
            continue
        at = toks[labels[row.id]].start
        cells = [c for c in _row_cells(table, spec, row.id) if c is not None]
        if cells and all(c.source is not None and c.source.start <= at for c in cells):
            doubted += table.doubt(cells)
    if not doubted:
        return findings
    return [*findings, catalogued(
        "extract.uncertain",
        message=f"{spec.title}：此文本中有的行的数字印在行名之前、行名连排（按绘制顺序导出），这些数字属于哪一行不确定，请核对原文",
        cells=tuple(doubted),
    )]


def _taken(table: Table) -> list[tuple[int, int]]:
    """Where in the text each cell of ``table`` was read from (cells with a source)."""
    return [(c.source.start, c.source.end) for c in table.cells.values() if c.source is not None]


def _row_cells(table: Table, spec: TableSpec, row_id: str) -> list[Cell | None]:
    """The cells of one row read from the table, in the template's column order (None: not read)."""
    return [table.cells.get((row_id, col.id)) for col in spec.row_columns(spec.row(row_id))]
