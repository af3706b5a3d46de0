"""Where the bundled resources are: the repository's ``resources/`` from source, the bundle's when frozen.

Every icon, stylesheet, translation, font and sample report is found through ``resource_path`` so
that the same code runs from a checkout and from the PyInstaller one-folder build (``build.spec``
copies ``resources/`` to ``<bundle>/_internal/resources``, which is ``sys._MEIPASS``). Nothing here
imports Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_RESOURCES_DIR = "GKAUDIT_RESOURCES_DIR"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def is_frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path:
    """The folder holding the bundle's libraries and data when frozen; the repository root from source."""
    if is_frozen():
        # PyInstaller sets _MEIPASS for one-folder builds too (the _internal folder).
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
    return _SOURCE_ROOT


def resources_dir() -> Path:
    """The folder of resources; ``GKAUDIT_RESOURCES_DIR`` overrides it (tests, a site's own templates)."""
    override = os.environ.get(ENV_RESOURCES_DIR)
    if override:
        return Path(override).expanduser()
    return bundle_dir() / "resources"


def resource_path(*parts: str) -> Path:
    """The path of one resource, e.g. ``resource_path("icons", "gkaudit.png")`` (not checked to exist)."""
    for part in parts:
        # A resource name is relative and stays inside the resources folder.
        if Path(part).is_absolute() or ".." in Path(part).parts:
            raise ValueError(f"not a resource name: {part!r}")
    return resources_dir().joinpath(*parts)
