"""Score an audit against a realdev truth file: exact cells, violations found, false arithmetic errors."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gkaudit.model import AuditReport, Severity

REALDEV = Path(__file__).resolve().parents[2].parent / "shared" / "realdev"
ARITH_PREFIXES = ("apply.", "review.")


@dataclass
class Score:
    name: str
    total: int = 0
    exact: int = 0
    uncertain_ok: int = 0
    wrong: list[str] = field(default_factory=list)  # a value other than the truth, not flagged
    flagged: list[str] = field(default_factory=list)  # marked uncertain (honest, but not exact)
    missed: list[str] = field(default_factory=list)  # truth violations not found
    false_errors: list[str] = field(default_factory=list)  # error-severity arithmetic not in truth

    @property
    def ratio(self) -> float:
        return (self.exact + self.uncertain_ok) / self.total if self.total else 1.0


def truth_files(root: Path = REALDEV) -> list[tuple[Path, Path]]:
    """(report, truth) pairs; ``x.txt.truth.json`` belongs to ``x.txt``, ``x.truth.json`` to the other file."""
    pairs = []
    for truth in sorted(root.glob("*.truth.json")):
        stem = truth.name[: -len(".truth.json")]
        if Path(stem).suffix in (".txt", ".html"):
            pairs.append((root / stem, truth))
            continue
        for ext in (".html", ".txt", ".htm"):
            cand = root / (stem + ext)
            if cand.exists() and not (root / (stem + ext + ".truth.json")).exists():
                pairs.append((cand, truth))
                break
    return pairs


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), abs_tol=1e-6)


def score(report: AuditReport, truth: dict[str, Any], name: str = "") -> Score:
    s = Score(name or truth.get("file", ""))
    uncertain = set(truth.get("uncertain_cells", []))
    for table_id, rows in truth["tables"].items():
        table = report.tables.get(table_id)
        for row, cols in rows.items():
            for col, want in cols.items():
                s.total += 1
                cid = f"{table_id}/{row}/{col}"
                cell = table.get(row, col) if table is not None else None
                got = None if cell is None else cell.value
                reading = getattr(cell, "reading", "printed") if cell is not None else None
                if cell is not None and _same(got, want) and reading != "uncertain":
                    s.exact += 1
                elif cell is not None and reading == "uncertain" and cid in uncertain:
                    s.uncertain_ok += 1
                elif cell is not None and reading == "uncertain":
                    s.flagged.append(f"{cid}: got {got!r} (uncertain) want {want!r}")
                else:
                    s.wrong.append(f"{cid}: got {got!r} ({reading}) want {want!r}")
    found = {(f.rule, frozenset(f.cells)) for f in report.findings}
    found_rules = {(f.rule, c) for f in report.findings for c in f.cells}
    for v in truth.get("violations", []):
        key = (v["rule"], frozenset(v["cells"]))
        if key not in found and not all((v["rule"], c) in found_rules for c in v["cells"]):
            s.missed.append(f"{v['rule']} {v.get('note', '')}")
    truth_keys = {(v["rule"], frozenset(v["cells"])) for v in truth.get("violations", [])}
    for f in report.findings:
        is_arith = f.severity is Severity.ERROR and f.rule.startswith(ARITH_PREFIXES)
        if is_arith and (f.rule, frozenset(f.cells)) not in truth_keys:
            s.false_errors.append(f"{f.rule}: {f.message}")
    return s


def load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
