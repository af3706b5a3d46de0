"""Per-report audit time on fresh documents: the seeds, realdev and a generated set.

Each file is read from disk and audited anew in every round, with the caches keyed by a text
(normalisation, sections) cleared, so no round reuses an object or a cached result of another.
Prints median and min–max per set.
Run with the installed bytecode (``python -m compileall gkaudit`` first, as an installed user has it).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gkaudit.audit import audit_path
from gkaudit.reading import normalise as norm_mod
from gkaudit.sections import split_sections

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _generated(n: int, out: Path) -> list[Path]:
    from tests.generator import make_report

    paths = []
    styles = ("tab", "lines", "markdown", "html")
    for seed in range(n):
        report = make_report(seed, ("2019", "2021")[seed % 2], styles[seed % len(styles)], inject=seed % 3 == 0)
        p = out / f"gen-{seed}-{report.filename}"
        p.write_bytes(report.data)
        paths.append(p)
    return paths


def _time(paths: list[Path], rounds: int = 5) -> list[float]:
    times = []
    for _ in range(rounds):
        for p in paths:
            norm_mod._normalise_document.cache_clear()
            split_sections.cache_clear()  # keyed by the text, as the normalisation is
            t0 = time.perf_counter()
            audit_path(p)
            times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> int:
    sets = {
        "seeds": sorted((SHARED / "seeds").glob("*.txt")),
        "realdev": sorted(p for p in (SHARED / "realdev").iterdir() if p.suffix in (".txt", ".html")),
    }
    with tempfile.TemporaryDirectory() as tmp:
        sets["generated"] = _generated(50, Path(tmp))
        for name, paths in sets.items():
            if not paths:
                continue
            t = _time(paths)
            print(f"{name:10s} n={len(paths):3d}  median {statistics.median(t):6.1f} ms  min {min(t):6.1f}  max {max(t):6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
