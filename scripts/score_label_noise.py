"""Score generated reports whose row labels lost some of their characters (OCR, a converter).

    python scripts/score_label_noise.py --seeds 7600 7624 [--p 0.1 0.15 0.25] [--styles tab lines markdown] [-v]

Each seed gives both templates in each style (odd seeds carry an injected error). In the text of
each report a fraction ``p`` of the characters of every row label of the three tables is dropped:
never a value's digit; a label's enumerator (（三）, 1.) is kept for about half the labels and
loses characters like the rest of the label otherwise. Prints, per ``p``: cells exact, wrong
cells not marked uncertain, uncertain cells, false arithmetic errors and injected (broken)
relations found; with ``-v`` every report with a wrong cell, a false error or a miss.
"""

from __future__ import annotations

import argparse
import collections
import functools
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gkaudit.audit import audit_text  # noqa: E402
from gkaudit.reading.normalise import key_text  # noqa: E402
from gkaudit.templates import TEMPLATES  # noqa: E402
from scripts.make_converter_suite import truth_of  # noqa: E402
from tests.converters.scoring import score, tally  # noqa: E402
from tests.generator import INJECT_KINDS, make_report  # noqa: E402

STYLES = ("tab", "lines", "markdown")
_SEGMENT = re.compile(r"[^\s|]+")
_ENUM = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.．、])")
_MIN_SEGMENT = 2


@functools.cache
def _row_labels() -> tuple[str, ...]:
    """Every row label of every template, in the compact form labels are matched in."""
    out = set()
    for spec in TEMPLATES.values():
        for table in spec.tables:
            for row in table.rows:
                for text in (row.label, *row.keys):
                    if key_text(text):
                        out.add(key_text(text))
    return tuple(sorted(out))


def _is_label_piece(segment: str) -> bool:
    """A printed piece of a row label (a label wrapped or split over cells is printed in pieces)."""
    compact = key_text(segment)
    if len(compact) < _MIN_SEGMENT or compact.isdigit() or re.fullmatch(r"[\d.,]+", compact):
        return False
    return any(compact in label for label in _row_labels())


def drop_label_chars(text: str, p: float, rng: random.Random) -> str:
    """``text`` with a fraction ``p`` of the characters of its row-label pieces dropped."""

    def noisy(m: re.Match[str]) -> str:
        seg = m.group(0)
        if not _is_label_piece(seg):
            return seg
        keep = 0
        if (e := _ENUM.match(seg)) and rng.random() < 0.5:
            keep = e.end()
        out = seg[:keep] + "".join(ch for ch in seg[keep:] if rng.random() >= p)
        return out if out else seg[:1]

    return _SEGMENT.sub(noisy, text)


def run(seeds: range, ps: list[float], styles: tuple[str, ...], verbose: bool = False) -> dict[float, collections.Counter[str]]:
    results: dict[float, collections.Counter[str]] = {}
    for p in ps:
        tot: collections.Counter[str] = collections.Counter()
        bad = []
        for seed in seeds:
            for template in ("2019", "2021"):
                for style in styles:
                    inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
                    report = make_report(seed, template, style, inject=inject, traditional=False, encoding="utf-8")
                    text = drop_label_chars(report.text, p, random.Random(f"noise-{seed}-{template}-{style}-{p}"))
                    name = f"{seed}-{template}-{style}"
                    s = score(audit_text(text, f"{name}.txt"), truth_of(report.tables), name)
                    tot["reports"] += 1
                    tally(tot, s)
                    if s.wrong or s.false_errors or s.found < s.violations:
                        bad.append(f"  {name}: {s.exact}/{s.cells} wrong {len(s.wrong)} {s.wrong[:3]} "
                                   f"false {s.false_errors[:2]} found {s.found}/{s.violations}")
        results[p] = tot
        print(f"p={p:.2f}: {tot['reports']} reports, {100 * tot['exact'] / max(tot['cells'], 1):.2f}% of "
              f"{tot['cells']} cells exact, {tot['wrong']} wrong (not uncertain), {tot['unsure']} uncertain, "
              f"{tot['false']} false errors, {tot['found']}/{tot['relations']} broken relations found")
        if verbose:
            print("\n".join(bad))
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs=2, type=int, default=(7600, 7624), metavar=("FIRST", "END"))
    ap.add_argument("--p", nargs="+", type=float, default=[0.1, 0.15, 0.25])
    ap.add_argument("--styles", nargs="+", default=list(STYLES), choices=STYLES)
    ap.add_argument("-v", action="store_true", help="list the reports with a wrong cell, a false error or a miss")
    args = ap.parse_args()
    run(range(*args.seeds), args.p, tuple(args.styles), args.v)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
