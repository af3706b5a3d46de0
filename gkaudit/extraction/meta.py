"""Report metadata: which template the tables follow, the report year, the reporting body."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gkaudit.reading.normalise import compact, key_text, normalise
from gkaudit.templates import TEMPLATES, template_for_year


@dataclass(frozen=True, slots=True)
class Meta:
    body: str | None
    year: int | None
    template: str | None
    template_scores: dict[str, int]
    publish_date: str | None = None


_TITLE = re.compile(r"(20\d{2})\s*年\s*度?\s*(?:的)?\s*政\s*府\s*信\s*息\s*公\s*开")
_TITLE_LOOSE = re.compile(r"(20\d{2})\s*年\s*度?[^\n。]{0,30}?(?:工作)?\s*年\s*度\s*报\s*告")
_YEAR_ANY = re.compile(r"(20\d{2})\s*年")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|日期)\s*[:：]?\s*(20\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_BODY_TAIL = re.compile(r"(关于)?$")
_AFTER_YEAR = re.compile(r"20\d{2}年度?(.{2,40}?)(?:政府信息公开|信息公开)")
_GENERIC_NAMES = frozenset({"政府", "本级政府", "本单位", "本机关", "我单位", "我局", "我市", "我县", "我区"})
_BODY_OK = re.compile(r"[\u4e00-\u9fff]{2,}")


_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"二[〇零][一二三四五六七八九〇零]{2}(?=\s*年)")


def detect_meta(text: str) -> Meta:
    # "二〇二一年度…" is four characters for four digits: the offsets stay the same.
    norm = _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), normalise(text))
    year, title_at = _detect_year(norm)
    body = _detect_body(norm, title_at) if title_at is not None else None
    scores = template_scores(norm)
    template = _choose_template(scores, year)
    return Meta(body=body, year=year, template=template, template_scores=scores, publish_date=_publish_date(norm))


def template_scores(norm_text: str) -> dict[str, int]:
    text = compact(norm_text)  # ``key_text`` less a second normalisation, which changes nothing here
    return {tid: sum(1 for m in spec.markers if key_text(m) in text) for tid, spec in TEMPLATES.items()}


def _choose_template(scores: dict[str, int], year: int | None) -> str | None:
    """The template with the most markers; a tie goes to the one for the report's year."""
    best = max(scores.values(), default=0)
    leaders = [tid for tid, n in scores.items() if n == best]
    if len(leaders) == 1:
        return leaders[0]
    by_year = template_for_year(year)
    return by_year if best == 0 or by_year in leaders else None


def _detect_year(norm: str) -> tuple[int | None, int | None]:
    """The report year from the title (first match in the opening part), else the commonest year."""
    head = norm[:3000]
    # The earliest title-like phrase: a page's own title comes before links to other years' reports.
    found = [m for m in (_TITLE.search(head), _TITLE_LOOSE.search(head)) if m]
    if found:
        m = min(found, key=lambda m: m.start())
        return int(m.group(1)), m.start(1)
    years = Counter(int(y) for y in _YEAR_ANY.findall(norm[:20000]) if 2000 < int(y) < 2100)
    if years:
        return years.most_common(1)[0][0], None
    return None, None


def _detect_body(norm: str, year_at: int) -> str | None:
    """The reporting body: the title's words before the year, joining a name spread over lines."""
    line_start = norm.rfind("\n", 0, year_at) + 1
    before = norm[line_start:year_at]
    name = re.sub(r"\s+", "", before)
    if not _BODY_OK.search(name):
        # "2019年柳河市人民政府政府信息公开工作年度报告": the name follows the year.
        line_end = norm.find("\n", year_at)
        after = _AFTER_YEAR.match(re.sub(r"\s+", "", norm[year_at : line_end if line_end >= 0 else None]))
        if after and after.group(1) not in _GENERIC_NAMES:
            name = after.group(1)
    if not _BODY_OK.search(name):
        # The name sits on its own line(s) above the year ("青 铜 峡 市\n\n2021 年…").
        prev = norm[:line_start].rstrip()
        prev_line = prev[prev.rfind("\n") + 1 :]
        name = re.sub(r"\s+", "", prev_line)
    name = re.sub(r"^[《“\"]+", "", name)
    name = _BODY_TAIL.sub("", name)
    if not _BODY_OK.search(name) or len(name) > 40 or name in _GENERIC_NAMES:
        return None
    return name


def _publish_date(norm: str) -> str | None:
    m = _PUBLISHED.search(norm[:5000])
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}"
