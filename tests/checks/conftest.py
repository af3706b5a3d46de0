"""The document checks registered for these tests only, whether or not ``audit.py`` imports them yet.

Importing ``gkaudit.checks`` registers them with the pipeline for the whole process; other test
folders count findings on the seeds, so the registry is put back as the pipeline left it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import gkaudit.audit as audit

_BASELINE = list(audit.DOCUMENT_CHECKS)  # what the pipeline registers by itself

import gkaudit.checks  # noqa: E402

audit.DOCUMENT_CHECKS[:] = _BASELINE


@pytest.fixture(autouse=True)
def document_checks() -> Iterator[None]:
    audit.DOCUMENT_CHECKS[:] = _BASELINE + [c for c in gkaudit.checks.CHECKS if c not in _BASELINE]
    yield
    audit.DOCUMENT_CHECKS[:] = _BASELINE
