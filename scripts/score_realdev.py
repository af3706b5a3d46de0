"""Audit every file of ../shared/realdev and score it against its truth (cells, violations, false errors)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gkaudit.audit import audit_path
from gkaudit.model import ReadError
from tests.realdev.scoring import load_truth, score, truth_files


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    total = exact = 0
    for report_path, truth_path in truth_files():
        try:
            report = audit_path(report_path)
        except ReadError as exc:
            print(f"{report_path.name}: 读取失败 {exc}")
            continue
        s = score(report, load_truth(truth_path), report_path.name)
        total += s.total
        exact += s.exact + s.uncertain_ok
        print(
            f"{report_path.name:45s} {s.ratio:7.1%} ({s.exact}+{s.uncertain_ok}/{s.total})"
            f"  wrong {len(s.wrong)}  unsure {len(s.flagged)}  missed {len(s.missed)}  false {len(s.false_errors)}"
        )
        if verbose:
            for line in s.wrong[:25] + s.flagged[:10] + s.missed + s.false_errors:
                print("    ", line)
    print(f"ALL {exact / max(total, 1):.1%} ({exact}/{total})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
