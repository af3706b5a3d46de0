"""Typed values passed between the pipeline's steps: documents, cells, tables, findings, reports."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

_T = TypeVar("_T")


def _quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen dataclass an ``__init__`` that sets each field through one bound
    ``object.__setattr__``: the generated one looks it up again for every field, and cells and
    their sources are made by the hundred for each report. Same parameters, defaults and result."""
    params, body = [], []
    scope: dict[str, object] = {"_set": object.__setattr__}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]  # a dataclass, as the decorator order makes it
        if not f.init or f.default_factory is not dataclasses.MISSING or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields with plain defaults")
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    _set(self, {f.name!r}, {f.name})")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not called by the quick __init__")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body), scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    setattr(cls, "__init__", init)  # noqa: B010 (mypy refuses assigning a method)
    return cls


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class PageBox:
    """Where a piece of text sits on a PDF page (page numbers from 1, bbox in PDF points, top-left origin)."""

    page: int
    bbox: tuple[float, float, float, float]


@_quick_init
@dataclass(frozen=True, slots=True)
class Source:
    """Where a value came from: character offsets into ``Document.text`` and, for PDFs, the page box."""

    start: int
    end: int
    page: PageBox | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Document.text`` that a reader knows the page position of (PDF cells and lines)."""

    start: int
    end: int
    page: int
    bbox: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class OcrMark:
    """A digit (or a blank cell's mark) that OCR read: its page box and the model's probability for it."""

    page: int
    bbox: tuple[float, float, float, float]
    text: str
    conf: float
    alt: str = ""  # the cell's other reading, when the model gave one some weight ("/" for a "1")


@dataclass(frozen=True, slots=True)
class Document:
    """One report as text, whatever it was read from.

    ``text`` is what every later step works on and what offsets point into. Readers render tables
    as one line per row with tab-separated cells. ``spans`` map text ranges to PDF page boxes.
    """

    path: str
    kind: str  # "text", "html", "docx", "pdf"
    text: str
    sha256: str
    encoding: str | None = None
    spans: tuple[Span, ...] = ()
    pages: int = 0
    notes: tuple[str, ...] = ()  # reader remarks that become findings (e.g. "第 3 页无文字层")
    ocr_pages: tuple[int, ...] = ()  # pages whose text was read by OCR from an image
    ocr: tuple[OcrMark, ...] = ()  # the digits OCR read on those pages, with their probabilities
    # How far each of ``ocr_pages`` was turned (degrees) before it was read: its boxes are on the
    # levelled page, so a view of the page image turns it the same way.
    ocr_skew: tuple[float, ...] = ()
    # Table cells the reader placed or joined without being sure (a number cut by a page break, a
    # drawn rule through a number): the cells read there are marked uncertain.
    doubtful: tuple[PageBox, ...] = ()
    # Pictures read by OCR inside a report that is otherwise text (a table pasted as an image): the
    # picture's box on its PDF page, or for a page or Word file, the whole picture as a page of its own
    # numbered after the reader's pages. Cells read there are OCR readings, as on ``ocr_pages``.
    ocr_regions: tuple[PageBox, ...] = ()

    def skew_of(self, page: int) -> float:
        """The angle an OCR page was levelled by (0 for any other page)."""
        if page in self.ocr_pages and len(self.ocr_skew) == len(self.ocr_pages):
            return self.ocr_skew[self.ocr_pages.index(page)]
        return 0.0

    def read_by_ocr(self, box: PageBox | None) -> bool:
        if box is None:
            return False
        if box.page in self.ocr_pages:
            return True
        x, y = (box.bbox[0] + box.bbox[2]) / 2, (box.bbox[1] + box.bbox[3]) / 2
        return any(r.page == box.page and r.bbox[0] <= x <= r.bbox[2] and r.bbox[1] <= y <= r.bbox[3]
                   for r in self.ocr_regions)

    def ocr_confidence(self, box: PageBox | None) -> float | None:
        """The lowest probability among the digits OCR read inside ``box`` (None: not an OCR page or no digit)."""
        if box is None or not self.read_by_ocr(box):
            return None
        x0, top, x1, bottom = box.bbox
        confs = [
            m.conf for m in self.ocr
            if m.page == box.page
            and x0 <= (m.bbox[0] + m.bbox[2]) / 2 <= x1
            and top <= (m.bbox[1] + m.bbox[3]) / 2 <= bottom
        ]
        return min(confs) if confs else None

    def page_box(self, start: int, end: int) -> PageBox | None:
        """The page box of the tightest reader span that contains [start, end), if the reader recorded one."""
        best: Span | None = None
        for span in self.spans:
            if span.start <= start and end <= span.end and (best is None or span.end - span.start < best.end - best.start):
                best = span
        return None if best is None else PageBox(best.page, best.bbox)


Number = int | float


@_quick_init
@dataclass(frozen=True, slots=True)
class Cell:
    """One extracted table cell: its value (None when blank or unreadable), the printed text, its source."""

    table: str
    row: str
    col: str
    value: Number | None
    raw: str
    source: Source | None = None
    blank: bool = False  # printed blank ("", "/", "—", "无"), distinct from 0
    invalid: str | None = None  # why the printed text is not a valid value, if it is not
    # How the value was read: "printed" (the cell stood on its own), "decoded" (cell boundaries
    # inferred from the layout, one reading only) or "uncertain" (several readings, see ``alternatives``).
    reading: str = "printed"
    alternatives: tuple[Number | None, ...] = ()  # the other plausible values of an uncertain cell
    # Read by OCR ("reading" is then "ocr", or "uncertain" when this is low): the lowest
    # probability the recognition model gave any of its digits.
    confidence: float | None = None

    @property
    def id(self) -> str:
        return cell_id(self.table, self.row, self.col)


def cell_id(table: str, row: str, col: str) -> str:
    return f"{table}/{row}/{col}"


def split_cell_id(cid: str) -> tuple[str, str, str]:
    table, row, col = cid.split("/")
    return table, row, col


@dataclass(frozen=True, slots=True)
class Readings:
    """Every way a stretch of cells may be read where the layout does not fix it (a short row: which
    of its cells are the blank ones), each a complete assignment of values to ``cells``.

    The list is exhaustive: a relation over these cells that holds under none of ``options`` is
    broken whichever reading is the true one.
    """

    cells: tuple[str, ...]  # cell ids
    options: tuple[tuple[Number | None, ...], ...]  # one value per cell (None: blank), one tuple a reading

    def admits(self, values: Mapping[str, Number | None]) -> bool:
        """The cells as read now are one of the readings (nothing changed them since)."""
        current = tuple(values.get(c) for c in self.cells)
        return any(option == current for option in self.options)


@dataclass(slots=True)
class Table:
    """The cells of one template table that were found, keyed by (row, col)."""

    id: str
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    source: Source | None = None  # the table's region in the text
    found: bool = True
    # The alternative readings of cells whose places are uncertain, where every one is known.
    readings: list[Readings] = field(default_factory=list)
    # Rows printed with one number more than they have cells (a number wrapped in its cell, or
    # another row's number beside them): each way of reading them (cell id → cell), the arithmetic
    # to choose among them with the short rows (shortrows). Not known to be every way: no Readings.
    open_rows: dict[str, tuple[dict[str, Cell], ...]] = field(default_factory=dict)
    # Rows whose reading the layout itself doubts whole (a printed digit no number read holds, the
    # pieces of a wrapped number read as cells): where their blanks add up settles nothing.
    layout_doubt: set[str] = field(default_factory=set)

    def get(self, row: str, col: str) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: str, col: str) -> Number | None:
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def rows(self) -> list[str]:
        seen: dict[str, None] = {}
        for row, _ in self.cells:
            seen.setdefault(row, None)
        return list(seen)

    def doubt(self, cells: Iterable[Cell | None]) -> list[str]:
        """Mark these cells ``uncertain`` (their values unchanged); the ids of those not already so."""
        doubted: list[str] = []
        given = [c for c in cells if c is not None]
        # Doubted for another reason, the cells may hold what none of their recorded readings does
        # (nor their alternatives: blank or 0 in each is no longer "the sums alike either way").
        ids = {c.id for c in given}
        self.readings = [r for r in self.readings if ids.isdisjoint(r.cells)]
        for cell in given:
            if cell.reading != "uncertain" or cell.alternatives:
                self.cells[(cell.row, cell.col)] = dataclasses.replace(cell, reading="uncertain", alternatives=())
            if cell.reading != "uncertain":
                doubted.append(cell.id)
        return doubted


@dataclass(frozen=True, slots=True)
class Suspect:
    cell: str
    suggested: Number


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: Number | None = None
    actual: Number | None = None
    suspect: Suspect | None = None
    candidates: tuple[Suspect, ...] = ()  # several single-cell fixes, when no one is singled out
    source: Source | None = None  # for findings about text (narrative, sections) rather than cells
    quote: str | None = None
    anchor: str | None = None  # a stable identity when ``cells`` may change (a row's blank cells)
    uncertain: bool = False  # rests on a cell whose reading is uncertain: possibly a misread, not an error

    @property
    def difference(self) -> Number | None:
        """计算值 − 报告值 (the sum of the parts − the printed total): the one sign every view uses."""
        if self.expected is None or self.actual is None:
            return None
        return _tidy(self.expected - self.actual)


def _tidy(x: Number) -> Number:
    if isinstance(x, float):
        r = round(x, 6)
        return int(r) if r.is_integer() else r
    return x


def finding_key(finding: Finding) -> str:
    """A finding's identity across re-checks, workspaces and exports (never its message's numbers).

    The rule with its anchor, or with the cells of its relation (and, for text findings that also
    name cells, the position of the sentence, so two sentences about one cell stay apart); text
    findings without cells by their position; the rest by their message.
    """
    if finding.anchor:
        return f"{finding.rule}|{finding.anchor}"
    if finding.cells:
        key = f"{finding.rule}|{','.join(sorted(finding.cells))}"
        if finding.source is not None:
            key += f"@{finding.source.start}-{finding.source.end}"
        return key
    if finding.source is not None:
        return f"{finding.rule}@{finding.source.start}-{finding.source.end}"
    digest = hashlib.sha1(finding.message.encode("utf-8")).hexdigest()[:12]
    return f"{finding.rule}#{digest}"


@dataclass(slots=True)
class AuditReport:
    """Everything the tool learned about one report: what it is, its tables, and the findings."""

    file: str
    sha256: str
    kind: str
    body: str | None
    year: int | None
    template: str | None
    tables: dict[str, Table]
    findings: list[Finding]
    document: Document | None = None
    publish_date: str | None = None
    # What the cross-report checks read, kept so a recheck after a correction can run them again.
    previous: AuditReport | None = None  # last year's report of the same body, once paired
    parts: tuple[AuditReport, ...] = ()  # the departments' reports it consolidates (the auditor's choice)
    body_kind: str | None = None  # "government" or "department" when the auditor corrected the inferred kind

    def cell(self, cid: str) -> Cell | None:
        table, row, col = split_cell_id(cid)
        t = self.tables.get(table)
        return None if t is None else t.get(row, col)

    def counts(self) -> dict[Severity, int]:
        out = {s: 0 for s in Severity}
        for f in self.findings:
            out[f.severity] += 1
        return out


class ReadError(Exception):
    """A file could not be read at all; the message is one line saying why, in Chinese."""
