#!/usr/bin/env bash
# Build the offline bundle: dist/gkaudit/ (gkaudit-gui + gkaudit sharing one _internal/) and an
# archive of it, then print the sizes. One command on Linux; on Windows run it from Git Bash, or
# follow the steps in docs/packaging.md.
#
#   bash scripts/build_dist.sh [--clean] [--no-archive] [--smoke]
#
# --clean       empty PyInstaller's cache first (slower; use after changing dependencies)
# --no-archive  skip the .tar.xz/.zip (the slowest step after PyInstaller)
# --smoke       run scripts/smoke_dist.sh on the result
set -euo pipefail
cd "$(dirname "$0")/.."

CLEAN=() ARCHIVE=1 SMOKE=0
for arg in "$@"; do
  case "$arg" in
    --clean) CLEAN=(--clean) ;;
    --no-archive) ARCHIVE=0 ;;
    --smoke) SMOKE=1 ;;
    *) echo "build_dist: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ -x .venv/Scripts/python.exe ]; then PY=.venv/Scripts/python.exe; else PY=.venv/bin/python; fi
if [ ! -x "$PY" ]; then
  if command -v dpkg >/dev/null 2>&1; then bash scripts/bootstrap.sh; else
    echo "build_dist: no .venv; create it first (docs/packaging.md)" >&2; exit 1
  fi
fi

echo "build_dist: installing the gui and build extras"
"$PY" -m pip install -q --disable-pip-version-check -e ".[gui,build]"
"$PY" packaging/make_font_subset.py
"$PY" packaging/make_icon.py

echo "build_dist: running PyInstaller (a few minutes)"
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm "${CLEAN[@]}" --log-level WARN build.spec
echo "build_dist: PyInstaller took $(( $(date +%s) - start )) s"

"$PY" - "$ARCHIVE" <<'EOF'
"""Archive dist/gkaudit and print the sizes."""
import os
import platform
import shutil
import sys
from pathlib import Path

import gkaudit

bundle = Path("dist") / gkaudit.APP_NAME
files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
size = sum(p.stat().st_size for p in files)
print(f"bundle   {bundle}/  {size / 1e6:.1f} MB in {len(files)} files")
if sys.argv[1] == "1":
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = Path("dist") / f"{gkaudit.APP_NAME}-{gkaudit.__version__}-{system}-{platform.machine().lower()}"
    fmt = "zip" if sys.platform == "win32" else "xztar"
    for old in Path("dist").glob(base.name + ".*"):
        old.unlink()
    archive = Path(shutil.make_archive(str(base), fmt, root_dir="dist", base_dir=gkaudit.APP_NAME))
    print(f"archive  {archive}  {archive.stat().st_size / 1e6:.1f} MB")
for exe in ("gkaudit", "gkaudit-gui"):
    path = bundle / (exe + (".exe" if os.name == "nt" else ""))
    print(f"program  {path}  {'ok' if path.is_file() else 'MISSING'}")
EOF

if [ "$SMOKE" = 1 ]; then bash scripts/smoke_dist.sh; fi
