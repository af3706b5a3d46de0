"""A folder of page photos as one report: which folders are one, and their pages in natural name order.

Kept free of the readers' imports: the command line asks it about every folder of a batch.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# What a folder scan takes as report files (``gkaudit.scan``; the readers take more when a file is
# named on purpose). A folder holding one of these is a folder of reports, not the pages of one.
REPORT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".shtml", ".mht", ".mhtml", ".docx", ".doc", ".wps", ".pdf"})


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that orders runs of digits by their value: 第2页 before 第10页, p9.jpg before p10.jpg."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", name) if part)


def _visible_files(folder: str | Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return [e for e in entries if not e.name.startswith((".", "~$")) and e.is_file()]


def page_files(folder: str | Path) -> list[Path]:
    """The page images directly inside ``folder`` (hidden files and subfolders left out), in natural order."""
    found = [Path(e.path) for e in _visible_files(folder) if Path(e.name).suffix.lower() in IMAGE_SUFFIXES]
    return sorted(found, key=lambda p: natural_key(p.name))


def is_page_folder(folder: str | Path) -> bool:
    """Whether a folder is the pages of one scanned report: page images directly in it, and no report file.

    A folder that holds a report file beside images (a report and its figures) stays a folder of reports.
    """
    try:
        suffixes = {Path(e.name).suffix.lower() for e in _visible_files(folder)}
    except OSError:
        return False
    return bool(suffixes & IMAGE_SUFFIXES) and not suffixes & REPORT_SUFFIXES
