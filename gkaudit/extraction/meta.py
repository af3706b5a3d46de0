"""Report metadata: which template the tables follow, the report year, the reporting body."""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from gkaudit.reading.normalise import compact, key_text, normalise
from gkaudit.templates import TEMPLATES, TemplateSpec, template_for_year


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
    template = _apply_reader(_choose_template(scores, year), norm)
    return Meta(body=body, year=year, template=template, template_scores=scores, publish_date=_publish_date(norm))


def template_scores(norm_text: str) -> dict[str, int]:
    text = compact(norm_text)  # ``key_text`` less a second normalisation, which changes nothing here
    return {tid: sum(1 for key in _marker_keys(spec) if key in text) for tid, spec in TEMPLATES.items()}


@functools.cache
def _marker_keys(template: TemplateSpec) -> tuple[str, ...]:
    """The compact form of each of the template's markers (a template's markers never change)."""
    return tuple(key_text(m) for m in template.markers)


def _choose_template(scores: dict[str, int], year: int | None) -> str | None:
    """The template with the most markers; a tie goes to the one for the report's year."""
    best = max(scores.values(), default=0)
    leaders = [tid for tid, n in scores.items() if n == best]
    if len(leaders) == 1:
        return leaders[0]
    by_year = template_for_year(year)
    return by_year if best == 0 or by_year in leaders else None


_CLEAR_KEY = 3  # a key this long names its row; 其他 is in every 依申请 table


@functools.cache
def _own_apply_rows(template: TemplateSpec) -> tuple[tuple[str, ...], ...]:
    """The compact keys of each 依申请 row that only ``template`` prints (2021: （六）1. and 2.)."""
    others = {r.id for t in TEMPLATES.values() if t is not template for r in t.table("apply").rows}
    rows = [tuple(k for k in map(key_text, r.keys) if len(k) >= _CLEAR_KEY)
            for r in template.table("apply").rows if r.id not in others]
    return tuple(keys for keys in rows if keys)  # 3.其他 has no key of its own that a text could not hold


def _apply_reader(chosen: str | None, norm: str) -> str | None:
    """The template whose 依申请 table the text prints, when the markers chose one that cannot read it.

    A report may print its 主动公开 table in one template and the rest in the other (the old
    主动公开 table kept under a new year): the markers of the 主动公开 columns then outweigh the
    依申请 rows only the other template has. When two or more of those rows are named, the
    template that has them is taken if it also reads every 依申请 row of the chosen one; the
    主动公开 table is then found to follow the other template (``tables``), not misread.
    """
    if chosen is None:
        return None
    mine = {r.id for r in TEMPLATES[chosen].table("apply").rows}
    text = compact(norm)
    for tid, spec in TEMPLATES.items():
        if tid == chosen or not mine <= {r.id for r in spec.table("apply").rows}:
            continue
        named = sum(1 for keys in _own_apply_rows(spec) if any(k in text for k in keys))
        if named >= 2 or _numbered_items(spec, mine, norm):
            return tid
    return chosen


_WINDOW = 1500  # characters from a group's label to the row after its items


def _numbered_items(spec: TemplateSpec, mine: set[str], norm: str) -> bool:
    """Whether the text prints the group of rows only ``spec`` has with its items' numbers
    ("(六)其他处理 1. … 2. … 3. … (七)总计"), as reports that label those rows by number alone do."""
    rows = spec.table("apply").rows
    own = [i for i, r in enumerate(rows) if r.id not in mine]
    groups = {rows[i].group for i in own}
    if not own or len(groups) != 1 or not rows[own[0]].group or own[-1] + 1 >= len(rows):
        return False
    numbers = [m.group() for i in own if (m := re.match(r"\d{1,2}\.", rows[i].label))]
    if len(numbers) != len(own):
        return False
    ends = [_spaced(k) for k in map(key_text, rows[own[-1] + 1].keys) if len(k) >= _CLEAR_KEY]
    items = [re.compile(r"(?<![\d.])" + re.escape(n) + r"(?!\d)") for n in numbers]
    for head in _spaced(key_text(groups.pop())).finditer(norm):
        window = norm[head.end():head.end() + _WINDOW]
        end = min((m.start() for k in ends if (m := k.search(window))), default=-1)
        pos = 0
        for item in items:
            hit = item.search(window, pos, max(end, 0))
            if hit is None:
                break
            pos = hit.end()
        else:
            return True
    return False


@functools.cache
def _spaced(key: str) -> re.Pattern[str]:
    """``key`` (compact) as printed, with spaces or quotes between its characters."""
    return re.compile(r"[\s\"'“”]*".join(map(re.escape, key)))


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


_FIELD_LABEL = re.compile(r"^(?:文章)?(?:标题|题目|名称)[:：]")


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
    # Markdown's emphasis and a page's field label ("**标题：**沭阳县发展和改革局…") are no part of it.
    name = _FIELD_LABEL.sub("", re.sub(r"[*_#>`]+", "", name))
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
