#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, lint, type-check, then pytest
# (Qt offscreen, no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/install_converters.sh
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/ruff check gkaudit ui tests scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
