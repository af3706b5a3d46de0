"""A template's table laid out as the official form prints it: header captions with spans, row groups, row labels.

The workbook and the window's table model both draw from ``form_layout``; neither knows a
template's captions, groups or merged cells on its own, so a template added as data is drawn by
both without a code change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from gkaudit.templates import RowSpec, TableSpec


@dataclass(frozen=True, slots=True)
class Caption:
    """One caption of the header: header rows ``row``..``last_row``, value columns ``first``..``last`` (0-based)."""

    text: str
    row: int
    last_row: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class FormRow:
    """One printed line of values: its row's label, and the cell id under each value column (None: nothing there)."""

    row: str  # the template row id; "" for the single line of a table printed as one line
    label: str
    note: str  # printed after the label on the form
    title: str  # the label with its group, to name the row out of context
    cells: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class RowGroup:
    """A caption beside the rows ``first``..``last`` (indexes into ``FormLayout.rows``).

    Depth 0 is a section (三、本年度办理结果), depth 1 a group within it (（三）不予公开). A group with
    ``captions`` prints its own column captions above its rows (主动公开's blocks).
    """

    text: str
    first: int
    last: int
    depth: int
    captions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutlineLine:
    """A line of the form for a list-like view: a row of cells, or a heading (a group's caption)."""

    label: str
    cells: tuple[str | None, ...] = ()
    captions: tuple[str, ...] = ()
    heading: bool = False
    tooltip: str = ""
    indent: bool = False  # a row inside a group that has no captions of its own


@dataclass(frozen=True, slots=True)
class FormLayout:
    """The printed form of one table: a header over ``width`` value columns, then rows, grouped."""

    table: str
    label_head: str  # the caption of the row labels
    corner: str  # printed in the corner over the row labels
    header_rows: int
    header: tuple[Caption, ...]
    column_titles: tuple[str, ...]  # the innermost caption of each value column
    column_labels: tuple[str, ...]  # its full label (the caption may be a short form)
    rows: tuple[FormRow, ...]
    groups: tuple[RowGroup, ...]

    @property
    def width(self) -> int:
        return len(self.column_titles)

    def groups_of(self, index: int) -> list[RowGroup]:
        """The groups row ``index`` is in, outermost first."""
        return sorted((g for g in self.groups if g.first <= index <= g.last), key=lambda g: g.depth)

    def outline(self) -> list[OutlineLine]:
        """The rows with a heading line before each group's first row, for a view that has no merged cells."""
        lines: list[OutlineLine] = []
        for i, row in enumerate(self.rows):
            groups = self.groups_of(i)
            for g in groups:
                if g.first == i:
                    captions = g.captions + ("",) * (self.width - len(g.captions)) if g.captions else ()
                    lines.append(OutlineLine(g.text, captions=captions, heading=True))
            indent = any(g.depth > 0 and not g.captions for g in groups)
            lines.append(OutlineLine(row.label, row.cells, tooltip=row.title, indent=indent))
        return lines


def shown_rows(spec: TableSpec, present: Collection[str]) -> list[RowSpec]:
    """The template's rows as a report has them: an optional row only when printed, and a row printed
    instead of others (（六）其他处理 as one row) replacing them."""
    replaced = {alt for r in spec.rows if r.id in present for alt in r.alternative_to}
    return [r for r in spec.rows if r.id not in replaced and not (r.optional and r.id not in present)]


def form_layout(spec: TableSpec, present: Collection[str] = (), *, flat: bool | None = None) -> FormLayout:
    """``spec`` laid out as printed, with the rows a report whose table has rows ``present`` shows.

    ``flat`` (default: as the form prints it) lays the rows side by side on one line, their
    captions over their columns; a window may ask for the rows one under another instead.
    """
    rows = shown_rows(spec, present)
    if spec.flat if flat is None else flat:
        return _flat(spec, rows)
    form = spec.form
    width = max(len(spec.row_columns(r)) for r in spec.rows)
    form_rows = tuple(
        FormRow(r.id, r.label, r.note, _title(r), _padded(tuple(f"{spec.id}/{r.id}/{c.id}" for c in spec.row_columns(r)), width))
        for r in rows
    )
    # A table printed as one line, shown a row per line: its labels already say the section (行政诉讼·…).
    groups = [*([] if spec.flat else _sections(spec, rows)), *_groups(spec, rows)]
    if form.block_captions:
        return FormLayout(spec.id, form.label_head, form.corner, 0, (), ("",) * width, ("",) * width, form_rows,
                          tuple(groups))
    header, depth = _column_header(spec)
    return FormLayout(spec.id, form.label_head, form.corner, depth, header, tuple(c.title for c in spec.columns),
                      tuple(c.label for c in spec.columns), form_rows, tuple(groups))


def _title(r: RowSpec) -> str:
    return f"{r.group}{r.label}" if r.group else r.label


def _padded(cells: tuple[str | None, ...], width: int) -> tuple[str | None, ...]:
    return cells + (None,) * (width - len(cells))


def _sections(spec: TableSpec, rows: list[RowSpec]) -> list[RowGroup]:
    order = {r.id: i for i, r in enumerate(spec.rows)}
    out = []
    for s in spec.form.sections:
        inside = [i for i, r in enumerate(rows) if order[s.first] <= order[r.id] <= order[s.last]]
        if inside:
            out.append(RowGroup(s.text, inside[0], inside[-1], 0))
    return out


def _groups(spec: TableSpec, rows: list[RowSpec]) -> list[RowGroup]:
    """Runs of consecutive rows of the same printed group."""
    out: list[RowGroup] = []
    start = 0
    for i, r in enumerate(rows):
        if i + 1 < len(rows) and rows[i + 1].group == r.group:
            continue
        if r.group:
            captions = tuple(c.title for c in spec.row_columns(rows[start])) if spec.form.block_captions else ()
            out.append(RowGroup(r.group, start, i, 1, captions))
        start = i + 1
    return out


def _column_header(spec: TableSpec) -> tuple[tuple[Caption, ...], int]:
    """The column captions under the groups over them; a column under fewer groups reaches up (merged)."""
    ids = [c.id for c in spec.columns]
    groups = spec.form.column_groups
    # A group's level is how many other groups hold all of its columns.
    level = {g: sum(1 for o in groups if o is not g and set(g.columns) < set(o.columns)) for g in groups}
    depth = max(level.values(), default=-1) + 2
    header = [Caption(g.text, level[g], level[g], ids.index(g.columns[0]), ids.index(g.columns[-1])) for g in groups]
    for i, c in enumerate(spec.columns):
        top = max((level[g] + 1 for g in groups if c.id in g.columns), default=0)
        header.append(Caption(c.title, top, depth - 1, i, i))
    return tuple(sorted(header, key=lambda h: (h.row, h.first))), depth


def _flat(spec: TableSpec, rows: list[RowSpec]) -> FormLayout:
    """One line of values, row after row; over each row's columns its caption, under the section it is in."""
    n = len(spec.columns)
    shown = {r.id for r in rows}
    order = {r.id: i for i, r in enumerate(spec.rows)}
    header: list[Caption] = []
    for s in spec.form.sections:
        header.append(Caption(s.text, 0, 0, order[s.first] * n, order[s.last] * n + n - 1))
    in_section = {r.id for s in spec.form.sections for r in spec.rows if order[s.first] <= order[r.id] <= order[s.last]}
    top = 1 if spec.form.sections else 0
    for k, r in enumerate(spec.rows):
        header.append(Caption(r.caption, top if r.id in in_section else 0, top, k * n, k * n + n - 1))
        header.extend(Caption(c.title, top + 1, top + 1, k * n + i, k * n + i) for i, c in enumerate(spec.columns))
    cells = tuple(f"{spec.id}/{r.id}/{c.id}" if r.id in shown else None for r in spec.rows for c in spec.columns)
    line = FormRow("", "", "", spec.title, cells)
    return FormLayout(spec.id, spec.form.label_head, spec.form.corner, top + 2,
                      tuple(sorted(header, key=lambda h: (h.row, h.first))),
                      tuple(c.title for _ in spec.rows for c in spec.columns),
                      tuple(f"{r.label}·{c.label}" for r in spec.rows for c in spec.columns), (line,), ())
