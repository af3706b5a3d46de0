"""Score every converter suite (tests/data/converters): cells exact, injected errors found, false errors.

Usage: ``.venv/bin/python scripts/score_converters.py [CONVERTER...] [-v] [--suite DIR]`` (``-v``
lists each file's wrong cells and false errors; ``--suite`` scores a fresh set made with
``make_converter_suite.py --out DIR --seed-base N``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from converters.runners import CONVERTERS  # noqa: E402
from converters.scoring import SUITE, detail_lines, score_converter, summarise  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("converters", nargs="*")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--suite", type=Path, default=SUITE, help="a suite folder (default: the stored one)")
    args = ap.parse_args()
    names = args.converters or [c.name for c in CONVERTERS]
    print(f"{'converter':18s} files  cells exact%  unsure wrong  errors found  false misread? unreadable")
    for name in names:
        scores = score_converter(name, args.suite)
        s = summarise(name, scores)
        print(f"{name:18s} {s.files:5d} {s.cells:6d} {s.exact_pct:6.2f} {s.unsure:6d} {s.wrong:5d} "
              f"{s.violations:7d} {s.found:5d} {s.false_errors:6d} {s.misread:8d} {s.unreadable:10d}")
        if args.verbose:
            for sc in scores:
                if sc.wrong or sc.false_errors or sc.found < sc.violations or sc.unreadable:
                    print(f"   {sc.name}: exact {sc.exact}/{sc.cells} unsure {sc.unsure} found {sc.found}/{sc.violations}"
                          f" unreadable {sc.unreadable}")
                    for line in detail_lines(sc):
                        print(f"      {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
