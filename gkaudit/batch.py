"""Many reports at once: the files of a folder, and (``audit_batch``) their audit with the cross-report checks."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path


def iter_report_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named, and the report files found under named folders (sorted, hidden and ~$ files skipped)."""
    from gkaudit.reading import SUPPORTED_SUFFIXES

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith(("~$", ".")):
                        yield f
        else:
            yield p
