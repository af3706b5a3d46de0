"""Fingerprint what the tool reads and finds in every report under some folders, to show a change
behaviour-identical (or list the files it changed).

Usage:
  ``.venv/bin/python scripts/fingerprint.py OUT.json DIR...``   hash each file's cells and findings
  ``.venv/bin/python scripts/fingerprint.py --diff A.json B.json``  list the files whose hash differs

Run it before and after a change (a second worktree with ``PYTHONPATH``) and diff the two.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".mhtml", ".doc", ".rtf"}


def _fingerprint(path: str) -> tuple[str, str]:
    from gkaudit.audit import audit_path
    from gkaudit.jsonio import report_to_dict

    try:
        payload = report_to_dict(audit_path(path))
    except Exception as exc:  # a crash is a fingerprint too
        return path, f"crash:{type(exc).__name__}"
    payload.pop("file", None)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return path, hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _files(dirs: list[str]) -> list[str]:
    out: list[str] = []
    for d in dirs:
        p = Path(d)
        items = [p] if p.is_file() else sorted(p.rglob("*"))
        out += [str(x) for x in items if x.is_file() and x.suffix.lower() in SUFFIXES
                and ".truth" not in x.name]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--diff", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("out")
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    if args.diff:
        a = json.loads(Path(args.out).read_text(encoding="utf-8"))
        b = json.loads(Path(args.dirs[0]).read_text(encoding="utf-8"))
        changed = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
        for k in changed:
            print(k)
        print(f"{len(changed)} of {len(a.keys() & b.keys())} files differ; "
              f"{len(a.keys() ^ b.keys())} in one only", file=sys.stderr)
        return 1 if changed else 0
    files = _files(args.dirs)
    with ProcessPoolExecutor(args.jobs) as pool:
        result = dict(pool.map(_fingerprint, files, chunksize=8))
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{len(result)} files", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
