"""Cut a table region into tokens (label text, values, empty cells) and group values into runs.

Two layouts reach this point: grid lines (tab- or pipe-separated cells, one table row per line, as
PDF converters and our own HTML/DOCX/PDF readers print them) and one cell per line (web pages copied
as text), where an empty line either separates cells or is itself a blank cell.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from gkaudit.extraction.regions import split_lines
from gkaudit.extraction.values import is_value_token
from gkaudit.reading.normalise import compact


class TokKind(enum.Enum):
    TEXT = "text"
    VALUE = "value"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Tok:
    kind: TokKind
    text: str
    start: int
    end: int
    line: int
    col: int = -1  # grid column, -1 in one-cell-per-line text


@dataclass(slots=True)
class Run:
    """Consecutive value cells and the label text printed before them."""

    label: str  # compact label text (key_text) accumulated since the previous run
    label_start: int
    cells: list[Tok] = field(default_factory=list)  # values and the blanks between them
    pre: list[Tok] = field(default_factory=list)  # empty cells right before the first value
    post: list[Tok] = field(default_factory=list)  # empty cells right after the last value

    @property
    def last_col(self) -> int:
        return self.cells[-1].col if self.cells else -1


_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def layout_of(text: str) -> str:
    """'tab', 'pipe', 'lines2' (cells separated by empty lines) or 'lines' (one cell per line)."""
    lines = text.split("\n")
    nonempty = [ln for ln in lines if ln.strip()]
    if not nonempty:
        return "lines"
    tabbed = sum(1 for ln in nonempty if "\t" in ln)
    piped = sum(1 for ln in nonempty if ln.strip().startswith("|") and ln.count("|") >= 3)
    if piped >= 3 and piped >= tabbed:
        return "pipe"
    if tabbed >= max(3, 0.3 * len(nonempty)):
        return "tab"
    empty = sum(1 for ln in lines if ln == "")
    return "lines2" if empty >= 0.4 * len(lines) else "lines"


def tokenise(text: str, start: int, end: int) -> tuple[list[Tok], str]:
    """Tokens of ``text[start:end]``; ``text`` must already be normalised (offsets are shared)."""
    region = text[start:end]
    layout = layout_of(region)
    toks: list[Tok] = []
    for n, line in enumerate(split_lines(region)):
        base = start + line.start
        if layout in ("tab", "pipe"):
            toks.extend(_grid_line(line.text, base, n, "\t" if layout == "tab" else "|"))
        else:
            toks.extend(_cell_line(line.text, base, n, layout))
    return toks, layout


def _grid_line(line: str, base: int, n: int, sep: str) -> list[Tok]:
    if sep == "|":
        if _PIPE_RULE.match(line):
            return []
        stripped = line.strip()
        if not stripped.startswith("|"):
            return [_tok(line, base, n, -1)] if stripped else []
        lead = line.index("|") + 1
        body = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
        line, base = body, base + lead
    if sep not in line:
        return [_tok(line, base, n, -1)] if line.strip() else []
    out = []
    pos = 0
    for col, cell in enumerate(line.split(sep)):
        out.append(_tok(cell, base + pos, n, col))
        pos += len(cell) + 1
    return out


def _cell_line(line: str, base: int, n: int, layout: str) -> list[Tok]:
    if line == "" and layout == "lines2":
        return []  # a separator between cells
    return [_tok(line, base, n, -1)]


def _tok(cell: str, base: int, n: int, col: int) -> Tok:
    stripped = cell.strip()
    if not stripped:
        return Tok(TokKind.EMPTY, cell, base, base + len(cell), n, col)
    lead = len(cell) - len(cell.lstrip())
    kind = TokKind.VALUE if is_value_token(stripped) else TokKind.TEXT
    return Tok(kind, stripped, base + lead, base + lead + len(stripped), n, col)


def runs_of(toks: list[Tok], layout: str) -> list[Run]:
    """Group tokens into runs of values; in grid layouts a run never crosses a line end."""
    runs: list[Run] = []
    label: list[str] = []
    label_start = toks[0].start if toks else 0
    current: Run | None = None
    pending: list[Tok] = []  # empties seen since the last value (or since the last text)
    grid = layout in ("tab", "pipe")
    prev_line = -1

    def close() -> None:
        nonlocal current, pending
        if current is not None:
            current.post = pending
            runs.append(current)
            current = None
            pending = []

    for tok in toks:
        if grid and tok.line != prev_line:
            close()
            pending = []
        prev_line = tok.line
        if tok.kind is TokKind.TEXT:
            close()
            pending = []
            if not label:
                label_start = tok.start
            label.append(tok.text)
        elif tok.kind is TokKind.EMPTY:
            pending.append(tok)
        else:
            if current is None:
                current = Run(compact("".join(label)), label_start, pre=pending)
                label = []
                pending = []
            else:
                current.cells.extend(pending)
                pending = []
            current.cells.append(tok)
    close()
    return runs
