"""Score run-together pages made from generated reports (tests/textcontent.py) against the generator.

    python scripts/score_runtogether.py --seeds 400 412 [-v]

Each seed gives both templates (odd seeds carry an injected error) in each joining of
``tests.textcontent.MODES``; prints cells exact, wrong cells, false arithmetic errors and injected
relations found, and with ``-v`` every page that has a wrong cell, a false error or a miss.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkaudit.audit import audit_text  # noqa: E402
from scripts.make_converter_suite import truth_of  # noqa: E402
from tests.converters.scoring import score, tally  # noqa: E402
from tests.generator import INJECT_KINDS, make_report  # noqa: E402
from tests.textcontent import MODES, flatten  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs=2, type=int, default=(400, 412), metavar=("FIRST", "END"))
    ap.add_argument("-v", action="store_true", help="list the pages with a wrong cell, a false error or a miss")
    args = ap.parse_args()
    tot: collections.Counter[str] = collections.Counter()
    bad = []
    for seed in range(*args.seeds):
        for template in ("2019", "2021"):
            inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
            report = make_report(seed, template, "html", inject=inject, traditional=False, encoding="utf-8")
            truth = truth_of(report.tables)
            for mode in MODES:
                text = flatten(report.text, random.Random(f"{seed}-{template}-{mode}"), mode)
                s = score(audit_text(text, f"page{seed}.txt"), truth, f"{seed}-{template}-{mode}")
                tot["pages"] += 1
                tally(tot, s)
                if s.wrong or s.false_errors or s.found < s.violations:
                    bad.append(f"{s.name}: {s.exact}/{s.cells} wrong {s.wrong[:3]} false {s.false_errors[:2]} "
                               f"found {s.found}/{s.violations}")
    print(f"{tot['pages']} pages: {100 * tot['exact'] / tot['cells']:.2f}% of {tot['cells']} cells exact, "
          f"{tot['wrong']} wrong, {tot['false']} false errors, {tot['found']}/{tot['relations']} broken relations found")
    if args.v:
        print("\n".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
