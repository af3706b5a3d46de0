"""Fill the Windows version resource template from ``gkaudit.__version__`` (the one place it is set)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import gkaudit

TEMPLATE = Path(__file__).resolve().parent / "version_info.txt.in"
COMPANY = "gkaudit"


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """``"1.2.3"`` → ``(1, 2, 3, 0)``; ``"1.2.3rc1"`` → ``(1, 2, 3, 1)`` (Windows wants four numbers)."""
    numbers = [int(m) for m in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not numbers or not re.match(r"\d", version):
        raise ValueError(f"not a version: {version!r}")
    padded = [*numbers, 0, 0, 0, 0][:4]
    return padded[0], padded[1], padded[2], padded[3]


def render(version: str = gkaudit.__version__) -> str:
    body = TEMPLATE.read_text(encoding="utf-8")
    values = {
        "version": version,
        "version_tuple": repr(version_tuple(version)),
        "name": gkaudit.APP_NAME,
        "title": gkaudit.APP_TITLE,
        "company": COMPANY,
        "copyright": f"© {date.today().year} {COMPANY}",
    }
    # Only {name} placeholders are ours; the template's Python syntax has no other braces.
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], body)


def write_version_file(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    return target
