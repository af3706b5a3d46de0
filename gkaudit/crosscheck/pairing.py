"""Which reports are the same body's in consecutive years: pairing by normalised name and year."""

from __future__ import annotations

import re
from collections.abc import Sequence

from gkaudit.model import AuditReport
from gkaudit.reading.normalise import key_text

# What a place name may end in, when one year's title prints the parent place and the other not
# ("淮安市洪泽区人民政府" in 2024, "洪泽区人民政府" in 2023).
_PLACE_PREFIX = re.compile(r".+(?:省|市|州|盟|自治区|地区)$")


def body_key(name: str | None) -> str | None:
    """A body's name in the form used to pair reports: compact, 人民政府 → 政府, a bare government's 政府 dropped."""
    if not name:
        return None
    key = key_text(name).replace("人民政府", "政府")
    key = re.sub(r"[《》〈〉“”\"'()（）]", "", key)
    if key.endswith("政府") and len(key) > 2:
        key = key[: -len("政府")]
    return key or None


def same_body(a: str | None, b: str | None) -> bool:
    """Whether two body names (already keyed or not) name the same body."""
    ka, kb = body_key(a), body_key(b)
    if ka is None or kb is None:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 3 and long_.endswith(short):
        return bool(_PLACE_PREFIX.fullmatch(long_[: -len(short)]))
    return False


def _shorter_keys(key: str) -> list[str]:
    """The keys ``key`` also matches by ``same_body``: itself without a leading place name."""
    return [key[i:] for i in range(1, len(key) - 2) if _PLACE_PREFIX.fullmatch(key[:i])]


def pair_reports(reports: Sequence[AuditReport]) -> list[tuple[AuditReport, AuditReport]]:
    """(previous year, current year) pairs of the same body among ``reports``.

    A body with two reports for the same year is not paired for that year: which of them is the
    published one cannot be told from here (the GUI lets the auditor choose).
    """
    # Groups looked up by key: a name's own key, and the shorter names it also answers to (its key
    # without a leading place name), so a batch of thousands pairs in one pass. A report joins a
    # group only if it names the same body as every member: "甲市财政局" and "乙市财政局" both answer
    # to "财政局" but are two bodies.
    groups: list[list[AuditReport]] = []
    by_key: dict[str, list[list[AuditReport]]] = {}
    for report in reports:
        key = body_key(report.body)
        if report.year is None or key is None:
            continue
        reachable = [g for k in (key, *_shorter_keys(key)) for g in by_key.get(k, ())]
        group = next((g for g in reachable if all(same_body(key, m.body) for m in g)), None)
        if group is None:
            group = []
            groups.append(group)
        group.append(report)
        for k in (key, *_shorter_keys(key)):
            if not any(g is group for g in by_key.setdefault(k, [])):
                by_key[k].append(group)
    # A name without its place that several bodies answer to ("财政局" beside 甲市's and 乙市's) could
    # be any of them: it is paired with none.
    ambiguous = {k for k, gs in by_key.items() if len(gs) > 1}
    groups = [[r for r in g if body_key(r.body) not in ambiguous] for g in groups]
    pairs: list[tuple[AuditReport, AuditReport]] = []
    for group in groups:
        by_year: dict[int, list[AuditReport]] = {}
        for report in group:
            assert report.year is not None
            by_year.setdefault(report.year, []).append(report)
        for year in sorted(by_year):
            prev, curr = by_year.get(year - 1), by_year[year]
            if prev and len(prev) == 1 and len(curr) == 1:
                pairs.append((prev[0], curr[0]))
    return pairs
