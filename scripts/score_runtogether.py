"""Score run-together pages made from generated reports (tests/textcontent.py) against the generator.

    python scripts/score_runtogether.py --seeds 400 412 [-v]
    python scripts/score_runtogether.py --seeds 400 412 --variants [V ...] [-v]

Each seed gives both templates (odd seeds carry an injected error) in each joining of
``tests.textcontent.MODES``; prints cells exact, wrong cells, false arithmetic errors and injected
relations found, and with ``-v`` every page that has a wrong cell, a false error or a miss.

``--variants`` flattens the harder variants instead (``tests/variants.py``, printed as HTML):
each named variant (default ``mix``, several at once), every seed once consistent and once with an
injected error (the kinds in turn), in each mode; one line per variant. A false error resting on a
cell the tool marked uncertain (``misread``) counts as false here too.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from gkaudit.audit import audit_text  # noqa: E402
from scripts.make_converter_suite import truth_of  # noqa: E402
from tests.converters.scoring import score, tally  # noqa: E402
from tests.generator import INJECT_KINDS, make_report  # noqa: E402
from tests.textcontent import MODES, flatten  # noqa: E402
from tests.variants import VARIANTS, make_variant_report  # noqa: E402
from tests.variants import truth as variant_truth  # noqa: E402

Page = tuple[str, str, dict]  # name, flattened text, truth


def generated_pages(seeds: range) -> Iterator[Page]:
    """The generator's HTML pages flattened: both templates, an injected error on odd seeds."""
    for seed in seeds:
        for template in ("2019", "2021"):
            inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
            report = make_report(seed, template, "html", inject=inject, traditional=False, encoding="utf-8")
            truth = truth_of(report.tables)
            for mode in MODES:
                text = flatten(report.text, random.Random(f"{seed}-{template}-{mode}"), mode)
                yield f"{seed}-{template}-{mode}", text, truth


def variant_pages(seeds: range, variant: str) -> Iterator[Page]:
    """One variant's HTML pages flattened: both templates, each consistent and injected."""
    for seed in seeds:
        for template in ("2019", "2021"):
            for k, inject in enumerate((None, INJECT_KINDS[seed % len(INJECT_KINDS)])):
                report = make_variant_report(seed, template, "html", variant, inject=inject)
                truth = variant_truth(report)
                for mode in MODES:
                    text = flatten(report.text, random.Random(f"{seed}-{template}-{variant}-{k}-{mode}"), mode)
                    yield (f"{seed}-{template}-{report.options['variant']}{'-inj' if k else ''}-{mode}",
                           text, truth)


def run(pages: Iterator[Page], tot: collections.Counter[str], bad: list[str], misread_false: bool) -> None:
    """Audit and score ``pages`` into ``tot``; each page with a wrong cell, false error or miss into ``bad``."""
    for name, text, truth in pages:
        s = score(audit_text(text, "page.txt"), truth, name)
        tot["pages"] += 1
        tally(tot, s)
        false = s.false_errors + (s.misread if misread_false else [])
        if s.wrong or false or s.found < s.violations:
            bad.append(f"{s.name}: {s.exact}/{s.cells} wrong {s.wrong[:3]} false {false[:2]} "
                       f"found {s.found}/{s.violations}")


def line(label: str, tot: collections.Counter[str], misread_false: bool) -> str:
    false = tot["false"] + (tot["misread"] if misread_false else 0)
    return (f"{label}{tot['pages']} pages: {100 * tot['exact'] / max(1, tot['cells']):.2f}% of {tot['cells']} cells "
            f"exact, {tot['unsure']} unsure, {tot['wrong']} wrong, {false} false errors, "
            f"{tot['found']}/{tot['relations']} broken relations found")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs=2, type=int, default=(400, 412), metavar=("FIRST", "END"))
    ap.add_argument("--variants", nargs="*", default=None, metavar="V",
                    help="flatten these tests/variants.py variants (names of VARIANTS, or mix; none given: mix)")
    ap.add_argument("-v", action="store_true", help="list the pages with a wrong cell, a false error or a miss")
    args = ap.parse_args()
    seeds = range(*args.seeds)
    bad: list[str] = []
    if args.variants is None:
        tot: collections.Counter[str] = collections.Counter()
        run(generated_pages(seeds), tot, bad, False)
        print(line("", tot, False))
    else:
        grand: collections.Counter[str] = collections.Counter()
        for variant in args.variants or ["mix"]:
            if variant not in VARIANTS and variant != "mix":
                ap.error(f"unknown variant {variant!r}")
            tot = collections.Counter()
            run(variant_pages(seeds, variant), tot, bad, True)
            grand.update(tot)
            print(line(f"{variant:18s} ", tot, True))
        print(line(f"{'all':18s} ", grand, True))
    if args.v:
        print("\n".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
