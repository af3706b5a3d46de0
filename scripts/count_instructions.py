"""Instructions per in-process audit, counted by valgrind (cachegrind): a deterministic measure of
the work an audit does, whatever else the machine is doing (wall time on a shared machine is not).

Usage: ``.venv/bin/python scripts/count_instructions.py [--reports 60] [--seed 930000]``

Fresh reports are generated (tests.generator, three styles, both templates) and read into documents
in memory; the script then runs itself twice under ``valgrind --tool=cachegrind``: once auditing
each document once, once only generating and reading them. The difference over the number of
reports is the instructions of one audit. ``PYTHONHASHSEED=0`` keeps the two runs alike.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLES = ("tab", "lines", "markdown")


def _inner(reports: int, seed: int, audit: bool) -> None:
    sys.path[:0] = [str(ROOT)]
    from gkaudit.audit import audit_document
    from gkaudit.reading import read_bytes
    from tests.generator import make_report

    def doc(s: int):  # a Document
        made = make_report(s, "2021" if s % 2 else "2019", STYLES[s % 3])
        return read_bytes(f"{s:06d}-{made.filename}", made.data)

    audit_document(doc(seed - 1))  # warm-up in both runs: imports and compiled patterns
    docs = [doc(s) for s in range(seed, seed + reports)]
    if audit:
        for d in docs:
            audit_document(d)


def _count(reports: int, seed: int, audit: bool) -> int:
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--inner", "--reports", str(reports), "--seed", str(seed),
         *(["--audit"] if audit else [])],
        capture_output=True, text=True, encoding="utf-8", env=env, check=True)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if m is None:
        raise RuntimeError("valgrind printed no instruction count")
    return int(m.group(1).replace(",", ""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=60)
    ap.add_argument("--seed", type=int, default=930000)
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--audit", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        _inner(args.reports, args.seed, args.audit)
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 1
    audited = _count(args.reports, args.seed, True)
    generated = _count(args.reports, args.seed, False)
    print(f"{(audited - generated) / args.reports / 1e6:.1f} M instructions per audit "
          f"({args.reports} fresh reports from seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
