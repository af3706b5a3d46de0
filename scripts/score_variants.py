"""Score the harder generated variants (tests/variants.py): cells exact, unsure, wrong, injected relations found, false errors.

    python scripts/score_variants.py --seeds 7500 7502 [--variants V...] [--formats F...] [-v]

Formats: those of ``tests.variants.FORMATS``, and ``pdf`` (the ``docx`` files converted by
LibreOffice in one call per variant; slow, not in the default set).

Each seed gives both templates in every format and variant, once consistent and once with an
injected error (the kinds in turn); prints one line per variant and, with ``-v``, every report
with a wrong cell, a false error or a missed relation.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from gkaudit.audit import audit_path  # noqa: E402
from tests.converters.scoring import score, tally  # noqa: E402
from tests.docgen import to_pdf  # noqa: E402
from tests.generator import INJECT_KINDS  # noqa: E402
from tests.variants import FORMATS, VARIANTS, make_variant_report, truth  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", nargs=2, type=int, default=(7500, 7502), metavar=("FIRST", "END"))
    ap.add_argument("--variants", nargs="*", default=[*VARIANTS, "mix"], help="names of VARIANTS, or mix")
    ap.add_argument("--formats", nargs="*", default=list(FORMATS))
    ap.add_argument("-v", action="store_true", help="list the reports with a wrong cell, a false error or a miss")
    args = ap.parse_args()
    print(f"{'variant':18s} files  cells  exact%  unsure wrong  found/relations  false  template.year")
    grand: collections.Counter[str] = collections.Counter()
    bad = []
    tmp = tempfile.mkdtemp(prefix="gkaudit-variants-")
    for variant in args.variants:
        tot: collections.Counter[str] = collections.Counter()
        made = []
        for seed in range(*args.seeds):
            for template in ("2019", "2021"):
                for fmt in args.formats:
                    for k, inject in enumerate((None, INJECT_KINDS[seed % len(INJECT_KINDS)])):
                        report = make_variant_report(seed, template, "docx" if fmt == "pdf" else fmt, variant,
                                                     inject=inject)
                        name = f"{seed}-{template}-{fmt}-{report.options['variant']}{'-inj' if k else ''}"
                        suffix = "docx" if fmt in ("docx", "pdf") else report.filename.rsplit(".", 1)[1]
                        path = Path(tmp) / f"{seed}-{template}-{fmt}-{variant}-{k}.{suffix}"
                        path.write_bytes(report.data)
                        made.append((name, fmt, path, report))
        pdfs = [p for _, fmt, p, _ in made if fmt == "pdf"]
        if pdfs:
            to_pdf(pdfs, Path(tmp))
        for name, fmt, path, report in made:
            audited = audit_path(path.with_suffix(".pdf") if fmt == "pdf" else path)
            s = score(audited, truth(report), name)
            tot["files"] += 1
            tally(tot, s)
            flagged = any(f.rule == "template.year" for f in audited.findings)
            tot["year_flag"] += flagged
            # Both at once print the 主动公开 table in the year's own template, and the other tables
            # are alike in both: nothing is out of place.
            expected = ("year_mismatch" in name) != ("active_other" in name)
            if s.wrong or s.false_errors or s.misread or s.found < s.violations or expected != flagged:
                bad.append(f"{name}: {s.exact}/{s.cells} unsure {s.unsure} wrong {s.wrong[:4]} "
                           f"false {(s.false_errors + s.misread)[:3]} found {s.found}/{s.violations}"
                           f" year-flag {flagged}")
        grand.update(tot)
        print(f"{variant:18s} {tot['files']:5d} {tot['cells']:6d} {100 * tot['exact'] / max(1, tot['cells']):7.2f} "
              f"{tot['unsure']:6d} {tot['wrong']:5d} {tot['found']:7d}/{tot['relations']:<7d} {tot['false'] + tot['misread']:5d} "
              f"{tot['year_flag']:6d}")
    print(f"{'all':18s} {grand['files']:5d} {grand['cells']:6d} {100 * grand['exact'] / max(1, grand['cells']):7.2f} "
          f"{grand['unsure']:6d} {grand['wrong']:5d} {grand['found']:7d}/{grand['relations']:<7d} {grand['false'] + grand['misread']:5d}")
    if args.v:
        print("\n".join(bad))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
