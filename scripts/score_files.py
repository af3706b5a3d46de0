"""Score single files against their truth: wrong cells, unsure cells, errors found, false errors.

Usage: ``.venv/bin/python scripts/score_files.py FILE...``. The truth of ``DIR/STEM.ext`` is
``DIR/STEM.truth.json`` or ``DIR/../truth/STEM.truth.json`` (the converter suites' layout), with
the stem cut at its first dot when no exact match exists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from converters.scoring import detail_lines, score  # noqa: E402

from gkaudit.audit import audit_path  # noqa: E402


def truth_for(path: Path) -> Path | None:
    stems = [path.name.rsplit(".", 1)[0], path.name.split(".", 1)[0]]
    for stem in stems:
        for d in (path.parent, path.parent.parent / "truth"):
            t = d / f"{stem}.truth.json"
            if t.exists():
                return t
    return None


def main(argv: list[str]) -> int:
    for arg in argv:
        p = Path(arg)
        t = truth_for(p)
        if t is None:
            print(f"{p}: no truth")
            continue
        sc = score(audit_path(p), json.loads(t.read_text(encoding="utf-8")), p.name)
        print(f"{p.name}: exact {sc.exact}/{sc.cells} unsure {sc.unsure} wrong {len(sc.wrong)} "
              f"found {sc.found}/{sc.violations} false {len(sc.false_errors)} unreadable {len(sc.unreadable)}")
        for line in detail_lines(sc, wrong=12, false=6):
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
