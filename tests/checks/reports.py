"""Reports built for the cross-report tests: consecutive-year pairs from the test generator, and seeds."""

from __future__ import annotations

import random

from gkaudit.audit import audit_document, audit_text
from gkaudit.model import AuditReport
from gkaudit.reading import read_bytes
from gkaudit.templates import APPLICANT_COLUMNS
from tests.conftest import SAMPLES
from tests.generator import Tables, make_tables, render

FIRST_YEAR = {"2019": 2019, "2021": 2021}


def set_value(t: Tables, cid: str, value: int) -> None:
    t.values[cid] = value
    t.raw[cid] = str(value)


def _retotal(t: Tables, row: str) -> None:
    set_value(t, f"apply/{row}/total", sum(int(t.v(f"apply/{row}/{c}")) for c in APPLICANT_COLUMNS))


def set_carry_in(t: Tables, col: str, value: int) -> None:
    """Make ``apply/2/col`` equal ``value`` and keep 一+二 = 三(七)+四 (via 四 or 一)."""
    d = value - int(t.v(f"apply/2/{col}"))
    set_value(t, f"apply/2/{col}", value)
    if d >= 0:
        set_value(t, f"apply/4/{col}", int(t.v(f"apply/4/{col}")) + d)
    else:
        set_value(t, f"apply/1/{col}", int(t.v(f"apply/1/{col}")) - d)
    for row in ("1", "2", "4"):
        _retotal(t, row)


def consistent_tables(template: str, seed: int, prev_template: str | None = None) -> tuple[Tables, Tables]:
    """Last year's and this year's tables whose carry-forward relations all hold.

    ``prev_template``: last year's template when it differs (a 2020 report before a 2021 one).
    """
    rng = random.Random(f"pair-{template}-{seed}")
    prev = make_tables(prev_template or template, rng, blanks=False, fullwidth=False)
    curr = make_tables(template, rng, blanks=False, fullwidth=False)
    for col in APPLICANT_COLUMNS:
        set_carry_in(curr, col, int(prev.v(f"apply/4/{col}")))
    if prev.template != curr.template:
        return prev, curr
    if template == "2021":
        for row in ("rules", "normative"):
            issued, repealed = int(curr.v(f"active/{row}/issued")), int(curr.v(f"active/{row}/repealed"))
            in_force = int(prev.v(f"active/{row}/in_force")) + issued - repealed
            if in_force < 0:
                set_value(curr, f"active/{row}/repealed", repealed + in_force)
                in_force = 0
            set_value(curr, f"active/{row}/in_force", in_force)
    else:
        for row in ("license", "other_services", "penalty", "enforcement", "fees"):
            items = int(prev.v(f"active/{row}/prev_items")) + int(prev.v(f"active/{row}/change"))
            if items < 0:
                set_value(prev, f"active/{row}/change", -int(prev.v(f"active/{row}/prev_items")))
                items = 0
            set_value(curr, f"active/{row}/prev_items", items)
    return prev, curr


def audit_tables(t: Tables, year: int, body: str, seed: int, style: str = "tab") -> AuditReport:
    rng = random.Random(f"render-{seed}-{year}")
    rendered = render(t, style, rng, year=year, body=body)
    doc = read_bytes(f"{body}{year}.txt" if style != "html" else f"{body}{year}.html", rendered.data)
    return audit_document(doc)


def audit_pair(
    prev_t: Tables, curr_t: Tables, year: int, body: str = "测试市人民政府", style: str = "tab", seed: int = 0
) -> tuple[AuditReport, AuditReport]:
    """The two tables rendered as the reports of ``year`` and ``year + 1`` and audited."""
    return audit_tables(prev_t, year, body, seed, style), audit_tables(curr_t, year + 1, body, seed, style)


def seed_text(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def audit_seed_text(name: str, text: str | None = None, file: str | None = None) -> AuditReport:
    """A seed report audited from (possibly edited) text."""
    return audit_text(seed_text(name) if text is None else text, file or f"{name}.txt")
