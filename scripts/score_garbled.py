"""Score reports whose Chinese characters are partly garbled (a PDF font without a Unicode map, OCR).

    python scripts/score_garbled.py [--fractions 0.05 0.1 0.2 0.3] [--converters pdftotext-layout pypdf ...]
        [--suite tests/data/converters] [--seeds 21500 21510] [--styles tab lines markdown] [--mode font|ocr] [-v]

``font`` (the default) replaces a fraction of the *distinct* CJK characters of a text, each always by
the same random CJK character, as a PDF font whose glyphs map to the wrong code points gives;
digits, Latin letters and punctuation survive. ``ocr`` replaces that fraction of the CJK
character *occurrences*, each by its own random character. Texts: the stored outputs of the named
converters (``--suite``, truths in ``<suite>/truth``) and fresh generated reports on ``--seeds``
(both templates in each style, odd seeds carry an injected error). Prints per fraction: cells
exact, wrong (not marked uncertain), uncertain, false arithmetic errors, broken relations found;
with ``-v`` every text with a wrong cell or a false error. ``--unmapped`` also checks that a text
whose every CJK character is in the Private Use Area is refused with its one-line reason.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from gkaudit.audit import audit_path, audit_text  # noqa: E402
from gkaudit.model import ReadError  # noqa: E402
from scripts.make_converter_suite import truth_of  # noqa: E402
from tests.converters.scoring import SUITE, outputs, score, tally  # noqa: E402
from tests.generator import INJECT_KINDS, make_report  # noqa: E402

DEFAULT_CONVERTERS = ("pdftotext-layout", "pypdf", "pymupdf4llm", "pdfplumber", "libreoffice-text", "markitdown-docx")
STYLES = ("tab", "lines", "markdown", "html")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def garble(text: str, frac: float, rng: random.Random, mode: str = "font") -> str:
    """``text`` with a fraction of its CJK characters replaced by random CJK characters."""
    if mode == "ocr":
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) if _is_cjk(c) and rng.random() < frac else c for c in text)
    chars = sorted({c for c in text if _is_cjk(c)})
    bad = rng.sample(chars, int(len(chars) * frac))
    table = {c: chr(rng.randint(0x4E00, 0x9FA5)) for c in bad}
    return "".join(table.get(c, c) for c in text)


def unmapped(text: str) -> str:
    """Every CJK character moved into the Private Use Area, one code point per character."""
    return "".join(chr(0xE000 + (ord(c) - 0x4E00) % 0x1900) if _is_cjk(c) else c for c in text)


def _texts(converters: list[str], suite: Path, seeds: range, styles: list[str]) -> list[tuple[str, str, str, dict]]:
    """(name, suffix, text, truth) for each stored output and each fresh generated report."""
    out = []
    for conv in converters:
        for path, truth in outputs(conv, suite):
            out.append((f"{conv}/{path.name}", path.suffix, path.read_text(encoding="utf-8"), truth))
    for seed in seeds:
        for template in ("2019", "2021"):
            for style in styles:
                inject = INJECT_KINDS[seed % len(INJECT_KINDS)] if seed % 2 else None
                report = make_report(seed, template, style, inject=inject, traditional=False, encoding="utf-8")
                suffix = ".html" if style == "html" else ".txt"
                out.append((f"gen{seed}-{template}-{style}", suffix, report.text, truth_of(report.tables)))
    return out


def _audit(text: str, suffix: str, name: str, tmp: Path, as_file: bool = False):
    if suffix == ".txt" and not as_file:
        return audit_text(text, f"{Path(name).stem}.txt")
    path = tmp / f"{Path(name).stem}{suffix}"
    path.write_text(text, encoding="utf-8")
    return audit_path(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fractions", nargs="*", type=float, default=[0.05, 0.1, 0.2, 0.3])
    ap.add_argument("--converters", nargs="*", default=list(DEFAULT_CONVERTERS))
    ap.add_argument("--suite", type=Path, default=SUITE)
    ap.add_argument("--seeds", nargs=2, type=int, default=(21500, 21506), metavar=("FIRST", "END"))
    ap.add_argument("--styles", nargs="*", default=list(STYLES), choices=STYLES)
    ap.add_argument("--mode", choices=("font", "ocr"), default="font")
    ap.add_argument("--unmapped", action="store_true", help="also check the fully unmapped (Private Use Area) case")
    ap.add_argument("-v", action="store_true", help="list the texts with a wrong cell or a false error")
    args = ap.parse_args()
    texts = _texts(args.converters, args.suite, range(*args.seeds), args.styles)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for frac in args.fractions:
            tot: collections.Counter[str] = collections.Counter()
            bad = []
            for name, suffix, text, truth in texts:
                garbled = garble(text, frac, random.Random(f"garble-{name}-{frac}-{args.mode}"), args.mode)
                try:
                    report = _audit(garbled, suffix, name, tmp)
                except ReadError as exc:
                    tot["refused"] += 1
                    bad.append(f"  {name}: refused: {exc}")
                    continue
                s = score(report, truth, name)
                tot["texts"] += 1
                tally(tot, s)
                tot["unreadable"] += bool(s.unreadable)
                if s.wrong or s.false_errors:
                    bad.append(f"  {name}: {s.exact}/{s.cells} wrong {len(s.wrong)} {s.wrong[:3]} false {s.false_errors[:2]}")
            print(f"{args.mode} {frac:.2f}: {tot['texts']} texts ({tot['refused']} refused), "
                  f"{100 * tot['exact'] / max(tot['cells'], 1):.2f}% of {tot['cells']} cells exact, "
                  f"{tot['wrong']} wrong, {tot['unsure']} uncertain, {tot['unreadable']} with a table unreadable, "
                  f"{tot['false']} false errors, {tot['found']}/{tot['relations']} broken relations found", flush=True)
            if args.v:
                print("\n".join(bad), flush=True)
        if args.unmapped:
            reasons: collections.Counter[str] = collections.Counter()
            for name, suffix, text, _truth in texts:
                try:
                    _audit(unmapped(text), suffix, name, tmp, as_file=True)
                    reasons["audited"] += 1
                except ReadError as exc:
                    reasons[str(exc)] += 1
            print("unmapped:", dict(reasons))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
