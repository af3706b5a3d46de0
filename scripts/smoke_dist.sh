#!/usr/bin/env bash
# Smoke-test the built bundle (dist/gkaudit/, or the folder given): the frozen CLI audits the
# samples with the same findings as the source and writes the same workbook; the frozen GUI opens
# a report offscreen and saves a screenshot. The checks are tests/packaging/test_frozen.py.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .venv/Scripts/python.exe ]; then PY=.venv/Scripts/python.exe; else PY=.venv/bin/python; fi
DIST=${1:-dist/gkaudit}
[ -d "$DIST" ] || { echo "smoke_dist: no bundle at $DIST (run scripts/build_dist.sh)" >&2; exit 1; }
export GKAUDIT_DIST_DIR="$DIST" QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
# An own base folder: pytest deletes old numbered folders under /tmp/pytest-of-<user>, also those of
# another pytest run by the same user meanwhile (the scans this test writes vanished that way).
exec "$PY" -m pytest tests/packaging/test_frozen.py -q -p no:cacheprovider --basetemp "$(mktemp -d)"
