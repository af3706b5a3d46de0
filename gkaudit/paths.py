"""Where gkaudit keeps its own files: the per-user data folder and the audit workspaces in it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "gkaudit"
ENV_DATA_DIR = "GKAUDIT_DATA_DIR"


def data_dir() -> Path:
    """The per-user data folder (not created here).

    ``GKAUDIT_DATA_DIR`` wins (tests point it at a temporary folder); otherwise
    ``%APPDATA%\\gkaudit`` on Windows, ``~/Library/Application Support/gkaudit`` on macOS and
    ``$XDG_DATA_HOME/gkaudit`` (default ``~/.local/share/gkaudit``) elsewhere.
    """
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP_DIR_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_DIR_NAME
    xdg = os.environ.get("XDG_DATA_HOME")
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base_dir / APP_DIR_NAME


def workspaces_dir() -> Path:
    """The folder holding one audit-workspace database per report."""
    return data_dir() / "workspaces"
