#!/usr/bin/env bash
# Install everything gkaudit needs on a Debian machine: system packages (fonts, Qt's X11/offscreen
# libraries, xvfb, LibreOffice for .doc conversion and workbook recalculation, poppler for
# screenshots), a virtualenv in .venv, and the Python packages (editable install with dev extras).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-noto-cjk xvfb xauth poppler-utils
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxcb-randr0
  libxcb-shape0 libxcb-cursor0 libxcb-xinerama0
  libreoffice-writer-nogui libreoffice-calc-nogui
)

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PY=$candidate; break; fi
  done
fi
[ -n "$PY" ] || { echo "bootstrap: Python 3.11 not found" >&2; exit 1; }

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then missing+=(python3-venv); fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
      echo "bootstrap: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "bootstrap: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]"
# The OCR models: only the wheel's model files are used; --no-deps keeps opencv-python out.
if ! .venv/bin/python -m pip show -q rapidocr-onnxruntime >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "rapidocr-onnxruntime==1.4.4"
fi
echo "bootstrap: ready (.venv/bin/gkaudit, .venv/bin/gkaudit-gui)"
