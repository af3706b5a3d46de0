"""Seeded generator of synthetic 政府信息公开工作年度报告 for the test suite.

Pure Python, no I/O: everything comes from one ``random.Random``. The tables are built from the
template data in ``gkaudit.templates`` (rows, columns, labels, keys), so a change there shows up
here. What this module makes:

* ``make_tables(template, rng)`` — values for the three tables (``active``, ``apply``, ``review``)
  that satisfy every relation of the spec (row totals, （七）总计, 一+二 = 三(七)+四, review totals);
  some reports print blank cells ("", " ", "/", "—", "无"), whose true value is ``None`` and which
  count as 0 in the arithmetic.
* ``inject_error(tables, rng, kind=None)`` — one count cell of ``apply`` or ``review`` changed, with
  the cell id and its correct value.
* ``render(tables, style, rng, ...)`` — a whole report in one of the ``STYLES``:
  ``tab`` (PDF text, tab-separated rows with broken labels, displaced group labels, page noise),
  ``lines`` (one cell per line, blank line between cells, blank cell printed as a space),
  ``lines1`` (one cell per line, single newlines, blank cell as an empty line),
  ``markdown`` (pipe tables as PDF converters print them), ``html`` (a saved government web page
  with rowspan/colspan grids).
* ``make_report(seed, template, style, ...)`` — all of it from one seed.
"""

from __future__ import annotations

import copy
import html as _html
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from gkaudit.templates import APPLICANT_COLUMNS, TEMPLATES, Kind, RowSpec, TableSpec

Number = int | float

STYLES = ("tab", "lines", "lines1", "markdown", "html")
TEMPLATE_IDS = ("2019", "2021")
YEARS = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024, 2025)}
BLANK_TOKENS = ("", " ", "/", "—", "无")
INJECT_KINDS = ("leaf", "leaf_total", "processed_total", "row_total", "head", "review_total", "review_part")

# Printed words of the template that are not row or column labels in ``gkaudit.templates``.
G0 = "三、本年度办理结果"
APPLY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS_HEAD = "申请人情况"
ORGS_HEAD = "法人或其他组织"
PARTIAL_SUFFIX = "（区分处理的，只计这一情形，不计其他情形）"
INFO_CONTENT = "信息内容"

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_TO_HALF_BRACKETS = str.maketrans("（）", "()")


# ------------------------------------------------------------------------------------------ tables


@dataclass
class Tables:
    """The true values of one report's three tables and the text each cell is printed as.

    ``values`` maps cell ids ("apply/3.7/social") to the true value (``None`` for a blank cell);
    ``raw`` maps the same ids to the printed token. ``one_row_other``: （六）其他处理 printed as the
    single row ``3.6`` (always for 2019; sometimes for 2021, as real reports do).
    """

    template: str
    one_row_other: bool
    values: dict[str, Number | None] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    def spec(self, table_id: str) -> TableSpec:
        return TEMPLATES[self.template].table(table_id)

    def rows(self, table_id: str) -> list[RowSpec]:
        """The rows this report prints, in order."""
        rows = list(self.spec(table_id).rows)
        if table_id != "apply" or self.template == "2019":
            return rows
        if self.one_row_other:
            return [r for r in rows if r.id not in ("3.6.1", "3.6.2", "3.6.3")]
        return [r for r in rows if r.id != "3.6"]

    def columns(self, table_id: str, row: RowSpec) -> list[str]:
        return [c.id for c in self.spec(table_id).row_columns(row)]

    def cell_ids(self, table_id: str | None = None) -> list[str]:
        tables = [table_id] if table_id else ["active", "apply", "review"]
        return [f"{t}/{r.id}/{c}" for t in tables for r in self.rows(t) for c in self.columns(t, r)]

    def kind(self, cid: str) -> Kind:
        table, _row, col = cid.split("/")
        return self.spec(table).column(col).kind

    def v(self, cid: str) -> Number:
        """The value the arithmetic uses: a blank cell counts as 0."""
        value = self.values[cid]
        return 0 if value is None else value

    def is_blank(self, cid: str) -> bool:
        return self.values[cid] is None

    def copy(self) -> Tables:
        return copy.deepcopy(self)


def make_tables(
    template: str,
    rng: random.Random,
    *,
    one_row_other: bool | None = None,
    blanks: bool | None = None,
    fullwidth: bool | None = None,
) -> Tables:
    """Consistent values for all three tables of ``template`` ("2019" or "2021")."""
    if template not in TEMPLATES:
        raise ValueError(template)
    if template == "2019":
        one_row_other = True
    elif one_row_other is None:
        one_row_other = rng.random() < 0.35
    t = Tables(template, one_row_other)
    _make_active(t, rng)
    _make_apply(t, rng)
    _make_review(t, rng)
    for cid, value in t.values.items():
        t.raw.setdefault(cid, _plain(value))
    if blanks is None:
        blanks = rng.random() < 0.4
    if blanks:
        _blank_some(t, rng)
    if fullwidth is None:
        fullwidth = rng.random() < 0.3
    if fullwidth:
        for cid in t.cell_ids():
            if t.kind(cid) is Kind.COUNT and not t.is_blank(cid) and rng.random() < 0.12:
                t.raw[cid] = t.raw[cid].translate(_FULLWIDTH)
    return t


def _plain(value: Number | None) -> str:
    return "" if value is None else str(value)


def _make_active(t: Tables, rng: random.Random) -> None:
    big = rng.random() < 0.5
    for row in t.rows("active"):
        for col in t.columns("active", row):
            cid = f"active/{row.id}/{col}"
            kind = t.kind(cid)
            if kind is Kind.SIGNED:
                prev = t.values.get(f"active/{row.id}/prev_items") or 0
                value = _signed_change(rng, prev)
                t.values[cid] = value
                t.raw[cid] = _signed_text(rng, value)
            elif kind is Kind.AMOUNT:
                value, text = _amount(rng, template=t.template, big=big)
                t.values[cid] = value
                t.raw[cid] = text
            else:
                t.values[cid] = _active_count(rng, row.id, col, t.values, big)


def _active_count(rng: random.Random, row: str, col: str, values: dict[str, Number | None], big: bool) -> int:
    scale = 10 if big else 1
    if row == "rules":
        if col in ("made", "issued"):
            return rng.choice((0, 0, 0, 1, 2))
        if col == "published":
            return int(values[f"active/{row}/made"] or 0)
        if col == "repealed":
            return rng.choice((0, 0, 1))
        return _stock(rng, row, values, 12 * scale)
    if row == "normative":
        if col in ("made", "issued"):
            return rng.randint(0, 8 * scale)
        if col == "published":
            made = int(values[f"active/{row}/made"] or 0)
            return made - rng.randint(0, min(made, 2))
        if col == "repealed":
            return rng.randint(0, 5 * scale)
        return _stock(rng, row, values, 60 * scale)
    if col == "prev_items":
        return rng.choice((0, rng.randint(0, 30), rng.randint(10, 1500 * scale)))
    if col == "projects":
        return rng.choice((0, rng.randint(1, 40), rng.randint(40, 300 * scale)))
    # decisions
    return rng.choice((0, rng.randint(0, 50), rng.randint(50, 8000 * scale), rng.randint(1000, 170000)))


def _stock(rng: random.Random, row: str, values: dict[str, Number | None], most: int) -> int:
    """对外公开总数 / 现行有效: the year's documents and those of earlier years. Real reports keep it
    within about forty times the year's count, or the count repealed (13/524, 3/74, 60/368, 89/89,
    6/32; 77 issued, 132 repealed, 470 in force)."""
    made = int(values.get(f"active/{row}/made") or values.get(f"active/{row}/issued") or 0)
    repealed = int(values.get(f"active/{row}/repealed") or 0)
    year = int(values.get(f"active/{row}/published") or values.get(f"active/{row}/issued") or 0)
    return year + min(rng.randint(0, most), 40 * max(made, repealed, 1))


def _signed_change(rng: random.Random, prev: Number) -> int:
    roll = rng.random()
    if roll < 0.3:
        return 0
    if roll < 0.65:
        return rng.randint(1, 400)
    return -rng.randint(1, max(1, min(int(prev), 400))) if prev else -rng.randint(1, 40)


def _signed_text(rng: random.Random, value: int) -> str:
    if value > 0:
        return rng.choice((f"+{value}", f"+{value}", str(value)))
    if value < 0:
        return rng.choice((f"-{-value}", f"-{-value}", f"减{-value}"))
    return "0"


def _amount(rng: random.Random, *, template: str, big: bool) -> tuple[float, str]:
    if rng.random() < 0.15:
        return 0.0, rng.choice(("0", "0.00"))
    whole = rng.randint(0, 200000 if big else 3000)
    decimals = rng.choice((1, 2, 2, 4, 6))
    frac = rng.randint(0, 10**decimals - 1)
    text = f"{whole}.{frac:0{decimals}d}"
    value = float(text)
    if template == "2019":
        text += rng.choice(("", "", " 万", "万", " 万元", "万元"))
    return value, text


def _apply_weights(rows: list[RowSpec]) -> list[float]:
    table = {
        "3.1": 10.0, "3.2": 2.0, "3.3.4": 0.6, "3.3.6": 0.5, "3.4.1": 5.0, "3.4.2": 1.0, "3.4.3": 0.5,
        "3.5.1": 0.8, "3.5.2": 0.8, "3.6": 1.5, "3.6.1": 0.5, "3.6.2": 0.2, "3.6.3": 1.0,
    }
    return [table.get(r.id, 0.25) for r in rows]


_COLUMN_WEIGHTS = {"natural": 1.0, "commercial": 0.3, "research": 0.03, "social": 0.05, "legal": 0.1, "other": 0.08}


def _make_apply(t: Tables, rng: random.Random) -> None:
    rows = t.rows("apply")
    leaves = [r for r in rows if r.result_leaf]
    scale = rng.choice(("zero", "tiny", "small", "small", "medium", "medium", "large"))
    n = {"zero": 0, "tiny": rng.randint(1, 5), "small": rng.randint(5, 40), "medium": rng.randint(40, 300),
         "large": rng.randint(300, 3000)}[scale]
    cells = [(r.id, c) for r in leaves for c in APPLICANT_COLUMNS]
    weights = [w * _COLUMN_WEIGHTS[c] for w, r in zip(_apply_weights(leaves), leaves, strict=True)
               for c in APPLICANT_COLUMNS]
    counts: dict[tuple[str, str], int] = dict.fromkeys(cells, 0)
    for cell in rng.choices(cells, weights=weights, k=n):
        counts[cell] += 1
    for (row, col), value in counts.items():
        t.values[f"apply/{row}/{col}"] = value
    for col in APPLICANT_COLUMNS:
        processed = sum(counts[(r.id, col)] for r in leaves)
        t.values[f"apply/3.7/{col}"] = processed
        carry_out = rng.randint(0, max(0, processed // 8)) if rng.random() < 0.5 else 0
        carry_in = min(rng.randint(0, max(0, processed // 6)), processed + carry_out) if rng.random() < 0.4 else 0
        t.values[f"apply/4/{col}"] = carry_out
        t.values[f"apply/2/{col}"] = carry_in
        t.values[f"apply/1/{col}"] = processed + carry_out - carry_in
    for r in rows:
        t.values[f"apply/{r.id}/total"] = sum(int(t.values[f"apply/{r.id}/{c}"] or 0) for c in APPLICANT_COLUMNS)


def _make_review(t: Tables, rng: random.Random) -> None:
    busy = rng.random()
    for r in t.rows("review"):
        parts = ("upheld", "corrected", "other", "pending")
        for c in parts:
            if busy < 0.4:
                value = 0
            else:
                value = rng.choice((0, 0, rng.randint(0, 5), rng.randint(0, 80 if busy > 0.85 else 12)))
            t.values[f"review/{r.id}/{c}"] = value
        t.values[f"review/{r.id}/total"] = sum(int(t.values[f"review/{r.id}/{c}"] or 0) for c in parts)


def _blank_some(t: Tables, rng: random.Random) -> None:
    """Print some zero cells (and some active cells) blank: true value None, counted as 0."""
    tokens = rng.sample(BLANK_TOKENS, rng.choice((1, 1, 2)))
    share = rng.choice((0.05, 0.15, 0.4))
    for cid in t.cell_ids():
        table = cid.split("/")[0]
        if table == "active":
            hit = rng.random() < share / 3 or (t.kind(cid) is Kind.AMOUNT and t.values[cid] == 0 and rng.random() < 0.7)
        else:
            hit = t.values[cid] == 0 and rng.random() < share
        if hit:
            t.values[cid] = None
            t.raw[cid] = rng.choice(tokens)


# ------------------------------------------------------------------------------------- relations


class Relation(NamedTuple):
    """``sum(coef * value) == 0`` over ``terms``; ``rule`` is the spec's rule id."""

    rule: str
    name: str
    terms: tuple[tuple[str, int], ...]


def relations(t: Tables) -> list[Relation]:
    """Every arithmetic relation of the spec over the cells this report prints."""
    out: list[Relation] = []
    rows = t.rows("apply")
    leaves = [r.id for r in rows if r.result_leaf]
    for r in rows:
        terms = ((f"apply/{r.id}/total", -1), *((f"apply/{r.id}/{c}", 1) for c in APPLICANT_COLUMNS))
        out.append(Relation("apply.row_total", f"apply row {r.id}", terms))
    for c in (*APPLICANT_COLUMNS, "total"):
        terms = ((f"apply/3.7/{c}", -1), *((f"apply/{leaf}/{c}", 1) for leaf in leaves))
        out.append(Relation("apply.processed_total", f"apply 3.7 column {c}", terms))
    for c in (*APPLICANT_COLUMNS, "total"):
        terms = ((f"apply/1/{c}", 1), (f"apply/2/{c}", 1), (f"apply/3.7/{c}", -1), (f"apply/4/{c}", -1))
        out.append(Relation("apply.balance", f"apply balance column {c}", terms))
    for r in t.rows("review"):
        terms = ((f"review/{r.id}/total", -1),
                 *((f"review/{r.id}/{c}", 1) for c in ("upheld", "corrected", "other", "pending")))
        out.append(Relation("review.total", f"review row {r.id}", terms))
    return out


def relation_value(t: Tables, rel: Relation) -> Number:
    return sum(coef * t.v(cid) for cid, coef in rel.terms)


def violations(t: Tables) -> list[Relation]:
    return [rel for rel in relations(t) if relation_value(t, rel) != 0]


# ---------------------------------------------------------------------------------------- errors


class Injection(NamedTuple):
    cell: str  # the changed cell, "apply/3.7/social"
    correct: int  # its true value
    wrong: int  # the value now printed
    kind: str  # one of INJECT_KINDS
    tables: Tables  # a copy of the tables with the wrong value printed


def inject_error(tables: Tables, rng: random.Random, kind: str | None = None) -> Injection:
    """Change exactly one printed (non-blank) count cell of ``apply`` or ``review``.

    ``kind``: ``leaf`` (a result row's applicant cell), ``leaf_total`` (a result row's 总计),
    ``processed_total`` (apply/3.7/x), ``row_total`` (apply/ROW/total of 一、二、（七）、四),
    ``head`` (an applicant cell of 一、二 or 四), ``review_total``, ``review_part``; None: any.
    """
    kind = kind or rng.choice(INJECT_KINDS)
    rows = tables.rows("apply")
    leaves = [r.id for r in rows if r.result_leaf]
    review_rows = [r.id for r in tables.rows("review")]
    parts = ("upheld", "corrected", "other", "pending")
    pools = {
        "leaf": [f"apply/{r}/{c}" for r in leaves for c in APPLICANT_COLUMNS],
        "leaf_total": [f"apply/{r}/total" for r in leaves],
        "processed_total": [f"apply/3.7/{c}" for c in (*APPLICANT_COLUMNS, "total")],
        "row_total": [f"apply/{r}/total" for r in ("1", "2", "3.7", "4")],
        "head": [f"apply/{r}/{c}" for r in ("1", "2", "4") for c in APPLICANT_COLUMNS],
        "review_total": [f"review/{r}/total" for r in review_rows],
        "review_part": [f"review/{r}/{c}" for r in review_rows for c in parts],
    }
    if kind not in pools:
        raise ValueError(kind)
    pool = [cid for cid in pools[kind] if not tables.is_blank(cid)]
    if not pool:  # every candidate printed blank: print one of them as a number instead
        pool = pools[kind]
    cid = rng.choice(pool)
    correct = int(tables.v(cid))
    deltas = [d for d in (1, 1, 1, 2, 3, 5, 10, 100, -1, -1, -2, -3, -10) if correct + d >= 0]
    wrong = correct + rng.choice(deltas)
    out = tables.copy()
    out.values[cid] = wrong
    out.raw[cid] = str(wrong)
    return Injection(cid, correct, wrong, kind, out)


# ------------------------------------------------------------------------------ traditional text

# Simplified → traditional for the characters of the template's labels and the headings, as a
# mirror site converting character by character prints them. Phrases first (复 has two forms).
_TRAD_PHRASES = (("重复", "重複"), ("反复", "反覆"), ("制发", "製發"), ("制作", "製作"))
_TRAD_S = "开请处计数结转规范许强费购复议诉讼维纠审总类与为于这时后对经关当发现会进实务机报条项况内无业权据确办举国护属稳执询补访获认缴纳织构组废决罚采额万减继续问题动体县区门网发布间览单负责"
_TRAD_T = "開請處計數結轉規範許強費購復議訴訟維糾審總類與為於這時後對經關當發現會進實務機報條項況內無業權據確辦舉國護屬穩執詢補訪獲認繳納織構組廢決罰採額萬減繼續問題動體縣區門網發佈間覽單負責"
_TRAD_TABLE = str.maketrans(_TRAD_S, _TRAD_T)


def to_traditional(text: str) -> str:
    for s, t in _TRAD_PHRASES:
        text = text.replace(s, t)
    return text.translate(_TRAD_TABLE)


# --------------------------------------------------------------------------------- document info

_PLACES = ("临江", "青山", "石桥", "东湖", "南屏", "北塘", "云溪", "白沙", "金川", "柳河", "平阳", "安宁", "长丰", "西岭",
           "桃源", "清水", "龙泉", "凤城", "梅山", "兴隆")
_AGENCIES = ("人民政府", "人民政府", "人民政府", "人民政府办公室", "发展和改革委员会", "教育局", "财政局", "卫生健康委员会",
             "市场监督管理局", "自然资源和规划局", "住房和城乡建设局", "政务服务中心", "交通运输局", "生态环境局")


def make_body(rng: random.Random) -> str:
    place = rng.choice(_PLACES)
    level = rng.choice(("市", "县", "区", "市", "县"))
    if rng.random() < 0.2:
        outer = rng.choice([p for p in _PLACES if p != place])
        return f"{outer}市{place}{level}{rng.choice(_AGENCIES)}"
    if rng.random() < 0.1:
        return f"{place}{rng.choice(('镇人民政府', '街道办事处', '乡人民政府'))}"
    return f"{place}{level}{rng.choice(_AGENCIES)}"


def make_title(rng: random.Random, body: str, year: int) -> str:
    return rng.choice((
        f"{body}{year}年政府信息公开工作年度报告",
        f"{body}{year}年政府信息公开工作年度报告",
        f"{body} {year} 年政府信息公开工作年度报告",
        f"{body}{year}年度政府信息公开工作年度报告",
        f"{year}年{body}政府信息公开工作年度报告",
    ))


@dataclass
class DocInfo:
    body: str
    year: int
    title: str
    template: str
    publish_date: str


def _section_titles(rng: random.Random) -> dict[str, str]:
    return {
        "1": "一、总体情况",
        "2": "二、主动公开政府信息情况",
        "3": "三、收到和处理政府信息公开申请情况",
        "4": rng.choice(("四、政府信息公开行政复议、行政诉讼情况", "四、申请行政复议、提起行政诉讼情况",
                         "四、政府信息公开行政复议、行政诉讼情况")),
        "5": rng.choice(("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")),
        "6": rng.choice(("六、其他需要报告的事项", "六、其他需要报告的事项", "六、其他应报告的事项")),
    }


def _narrative(rng: random.Random, info: DocInfo, t: Tables) -> dict[str, list[str]]:
    """Paragraphs for sections 一, 五, 六 and the preamble, consistent with the tables."""
    y, body = info.year, info.body
    circular = "国办公开办函〔2021〕30号" if info.template == "2021" else "国办公开办函〔2019〕60号"
    received = int(t.v("apply/1/total"))
    normative_key = "made" if info.template == "2019" else "issued"
    normative = int(t.v(f"active/normative/{normative_key}"))
    preamble = (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
                f"关于政府信息公开工作年度报告有关事项的通知》（{circular}）要求编制。本报告所列数据的统计期限自{y}年1月1日起"
                f"至{y}年12月31日止。如对本报告有疑问，请与{body}政务公开办公室联系（电话：0{rng.randint(100, 999)}-"
                f"{rng.randint(1000000, 9999999)}）。")
    general = [
        f"{y}年，{body}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》和上级政务公开工作部署，"
        f"以公开为常态、不公开为例外，持续深化政务公开，政府信息公开工作取得新进展。",
        f"（一）主动公开。全年通过门户网站主动公开各类政府信息{rng.randint(100, 9000)}条，"
        f"制发规范性文件{normative}件，均按规定在网站公开。",
        f"（二）依申请公开。全年共收到政府信息公开申请{received}件，均在法定期限内予以答复。",
        "（三）政府信息管理。严格落实信息发布保密审查制度，及时开展规范性文件清理，动态更新政府信息公开指南和目录。",
        f"（四）平台建设。优化门户网站“政府信息公开”专栏，全年网站访问量{rng.randint(10, 900)}万人次。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，组织开展业务培训2次。",
    ]
    problems = [
        "政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是政策解读形式较为单一；二是部分单位信息更新不够及时；"
        "三是工作人员业务能力有待提升。",
        f"{y + 1}年，我们将进一步加强政策解读，规范信息发布，加强业务培训，不断提升政务公开工作水平。",
    ]
    if info.template == "2021":
        fee = rng.choice(("本年度未收取信息处理费。", f"本年度共收取信息处理费{rng.randint(1, 9)}00元。",
                          "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"))
        other = [fee, "无其他需要报告的事项。"]
    else:
        other = ["无。"] if rng.random() < 0.5 else [f"本报告电子版可在{body}门户网站查阅或下载。"]
    return {"preamble": [preamble], "1": general, "5": problems, "6": other}


# ----------------------------------------------------------------------------- label variations


def _compact(text: str) -> str:
    return re.sub(r"[\s“”\"'（）()、，,。:：;；.·\-—/]+", "", text)


def _all_keys(t: Tables) -> list[tuple[str, str]]:
    return [(r.id, _compact(k)) for tab in ("apply", "review") for r in t.rows(tab) for k in r.keys]


@dataclass
class Look:
    """Per-report print habits shared by the renderers."""

    half_brackets: bool = False  # (一) instead of （一）
    spaced_enum: bool = False  # "1. 属于" instead of "1.属于"
    spaced_words: bool = False  # "自然 人", "社会 公益 组织", "不予公 开"
    lossy: bool = False  # characters lost as on seed 002 ("本年增/", quotes dropped)
    total_row_label: str = "（七）总计"

    def bracket(self, text: str) -> str:
        return text.translate(_TO_HALF_BRACKETS) if self.half_brackets else text

    def enum(self, text: str) -> str:
        text = self.bracket(text)
        if self.spaced_enum:
            text = re.sub(r"^(\d)\.", r"\1. ", text)
            text = re.sub(r"^(\([一二三四五六七]\))", r"\1 ", text)
        if self.lossy:
            text = text.replace("“", "").replace("”", "")
        return text


def _space_inside(rng: random.Random, text: str, n: int = 1) -> str:
    """Insert ``n`` spaces at random places after any leading enumerator."""
    m = re.match(r"^(\d\.\s?|[（(][一二三四五六七][）)]\s?|[一二三四]、)", text)
    start = m.end() if m else 0
    for _ in range(n):
        if len(text) - start < 3:
            break
        pos = rng.randint(start + 1, len(text) - 1)
        if text[pos - 1] == " " or text[pos] == " ":
            continue
        text = text[:pos] + " " + text[pos:]
    return text


def _spaced_header(word: str) -> str:
    """How PDF text wraps a narrow header cell: "社会 公益 组织", "法律服 务机构", "结果 维持"."""
    fixed = {"自然人": "自然 人", "商业企业": "商业 企业", "科研机构": "科研 机构", "社会公益组织": "社会 公益 组织",
             "社会组织": "社会 组织", "法律服务机构": "法律服 务机构", "结果维持": "结果 维持", "结果纠正": "结果 纠正",
             "其他结果": "其他 结果", "尚未审结": "尚未 审结"}
    return fixed.get(word, word)


def _apply_column_titles(rng: random.Random) -> dict[str, str]:
    from gkaudit.templates import APPLY_COLUMNS

    titles = {c.id: c.label for c in APPLY_COLUMNS}
    if rng.random() < 0.25:
        titles["social"] = "社会组织"  # some reports print this (seed 000)
    return titles


@dataclass
class _ApplyRow:
    id: str
    top: str  # 一、… / 二、… / 四、… (rows outside 三), else ""
    group: str  # （三）不予公开 … for numbered leaves, else ""
    label: str  # the row's own label
    in_g0: bool  # inside 三、本年度办理结果


def _group_sizes(rows: list[_ApplyRow]) -> dict[str, int]:
    """How many rows each printed group label (（三）不予公开 …) spans."""
    sizes: dict[str, int] = {}
    for r in rows:
        if r.group:
            sizes[r.group] = sizes.get(r.group, 0) + 1
    return sizes


def _apply_rows(t: Tables, look: Look) -> list[_ApplyRow]:
    out = []
    for r in t.rows("apply"):
        label = r.label
        if r.id == "3.2":
            label += PARTIAL_SUFFIX
        if r.id == "3.7":
            label = look.total_row_label
        in_g0 = r.id.startswith("3.")
        top = "" if in_g0 else r.label
        out.append(_ApplyRow(r.id, top, look.enum(r.group) if r.group else "", look.enum(label), in_g0))
    return out


def _values(t: Tables, table: str, row: str) -> list[str]:
    spec_row = t.spec(table).row(row)
    return [t.raw[f"{table}/{row}/{c}"] for c in t.columns(table, spec_row)]


def _active_groups(t: Tables) -> list[tuple[str, list[RowSpec]]]:
    groups: list[tuple[str, list[RowSpec]]] = []
    for r in t.rows("active"):
        if groups and groups[-1][0] == r.group:
            groups[-1][1].append(r)
        else:
            groups.append((r.group, [r]))
    return groups


def with_active_section(text: str, block: list[str]) -> str:
    """A generated report's text with the body of its 二、主动公开 section replaced by ``block``
    (the heading and the sections after it stay): for tests that print that table their own way."""
    lines = text.split("\n")
    head = next(i for i, ln in enumerate(lines) if "主动公开政府信息情况" in ln and ln.lstrip("# ").startswith("二"))
    end = next(i for i, ln in enumerate(lines) if i > head and ln.lstrip("# ").startswith("三"))
    return "\n".join([*lines[: head + 1], *block, *lines[end:]])


def _active_headers(t: Tables, rows: list[RowSpec], rng: random.Random, look: Look) -> list[str]:
    spec = t.spec("active")
    heads = []
    for c in t.columns("active", rows[0]):
        label = spec.column(c).label
        if c == "change" and look.lossy:
            label = "本年增/"
        if c == "amount" and t.template == "2021":
            label = rng.choice(("本年收费金额（万元）", "本年收费金额（单位：万元）", "本年收费金额(万元)"))
        elif c == "amount":
            label = rng.choice(("采购总金额", "采购总金额(万元)", "采购总金额（万元）"))
        heads.append(look.bracket(label))
    return heads


def _review_heads(t: Tables) -> tuple[str, str, str, list[str]]:
    spec = t.spec("review")
    direct = spec.row("suit_direct").label.split("·")
    after = spec.row("suit_after_review").label.split("·")
    return spec.row("review").label, direct[0], direct[1] + "|" + after[1], [c.label for c in spec.columns]


# ------------------------------------------------------------------------------------- renderers


@dataclass
class Report:
    """One generated report: what was printed and what is true."""

    template: str
    year: int
    body: str
    title: str
    style: str
    tables: Tables  # as printed (with the injected error, if any)
    text: str  # the report as text (HTML source for ``html``)
    data: bytes  # the bytes of the file
    filename: str
    encoding: str
    options: dict[str, object]
    injection: Injection | None = None
    seed: int | None = None

    @property
    def truth(self) -> Tables:
        """The true values: the printed tables with the injected error undone."""
        if self.injection is None:
            return self.tables
        t = self.tables.copy()
        t.values[self.injection.cell] = self.injection.correct
        return t


def _pagenum(rng: random.Random, page: int) -> str:
    return rng.choice((f"- {page} -", f"— {page} —", f"-{page}-", f"第 {page} 页 共 {page + rng.randint(1, 6)} 页"))


class _Noise:
    """Page-break noise between table lines: a blank line, a page-number line."""

    def __init__(self, rng: random.Random, rate: float) -> None:
        self.rng = rng
        self.rate = rate
        self.page = rng.randint(2, 4)

    def maybe(self) -> list[str]:
        if self.rng.random() >= self.rate:
            return []
        self.page += 1
        roll = self.rng.random()
        if roll < 0.35:
            return [""]
        if roll < 0.7:
            return ["", _pagenum(self.rng, self.page), ""]
        return [_pagenum(self.rng, self.page)]


# -- tab ----------------------------------------------------------------------------------------


def _render_tab_active(t: Tables, rng: random.Random, look: Look, noise: _Noise) -> list[str]:
    lines: list[str] = []
    pad = rng.random() < 0.8
    for group, rows in _active_groups(t):
        heads = _active_headers(t, rows, rng, look)
        lines.append(look.bracket(group) + ("\t\t\t" if pad else ""))
        lines += noise.maybe()
        lines.append("\t".join([INFO_CONTENT, *heads, *[""] * (3 - len(heads))]))
        for r in rows:
            vals = _values(t, "active", r.id)
            lines += noise.maybe()
            label = _space_inside(rng, r.label) if look.spaced_words and rng.random() < 0.3 else r.label
            lines.append("\t".join([label, *vals, *[""] * (3 - len(vals))]))
    return lines


def _render_tab_apply(t: Tables, rng: random.Random, look: Look, noise: _Noise) -> list[str]:
    titles = _apply_column_titles(rng)
    if look.spaced_words:
        titles = {k: _spaced_header(v) for k, v in titles.items()}
    note = look.bracket(APPLY_NOTE) if rng.random() < 0.7 else APPLY_NOTE.replace("，", ",")
    total_first = rng.random() < 0.3
    header = [
        note + "\t" + APPLICANTS_HEAD + "\t" * rng.choice((6, 7)) + ("\t总计" if total_first else ""),
        "\t" + titles["natural"] + "\t" + ORGS_HEAD + "\t\t\t\t" + ("\t" if total_first else "\t总计\t"),
        "\t\t" + "\t".join(titles[c] for c in APPLICANT_COLUMNS[1:]) + "\t\t",
    ]
    lines = list(header)
    # Word's "repeat header rows": after a page break the header is printed again
    repeat_header = noise.rate > 0 and rng.random() < 0.5
    trailing = rng.random() < 0.35 and not _has_space_blanks(t, "apply")
    rows = _apply_rows(t, look)
    g0_rows = [i for i, r in enumerate(rows) if r.in_g0]
    # where the rowspan labels land (PDF text puts a rowspan cell's text on one of its rows)
    g0_place = _place_label(rng, G0, [rows[i].id for i in g0_rows], vertical=True)
    groups: dict[str, list[str]] = {}
    for r in rows:
        if r.group:
            groups.setdefault(r.group, []).append(r.id)
    group_place: dict[str, str] = {}
    for g, ids in groups.items():
        group_place.update(_place_label(rng, g, ids, vertical=False, look=look))
    keys = _all_keys(t)
    for r in rows:
        vals = [t.raw[f"apply/{r.id}/{c}"] for c in (*APPLICANT_COLUMNS, "total")]
        if r.in_g0:
            fields = [g0_place.get(r.id, "")]
            if r.group:
                fields.append(group_place.get(r.id, ""))
            label = r.label
        else:
            fields = []
            label = r.top
        if look.spaced_words and rng.random() < 0.3:
            label = _space_inside(rng, label)
        # drop leading empty fields now and then (PDF extraction does), add an empty one after labels
        while fields and fields[0] == "" and rng.random() < 0.35:
            fields.pop(0)
        # an empty field after the label (merged label cell); never together with a blank last value,
        # or the line could be read as seven values either way
        after = [""] if (not r.in_g0 or r.id == "3.7") and vals[-1].strip() and rng.random() < 0.4 else []
        tail = [""] * rng.choice((1, 2)) if trailing else []
        parts = _break_label(rng, label, r.id, keys) if len(_compact(label)) >= 12 and rng.random() < 0.35 else None
        brk = noise.maybe()
        if brk and repeat_header and len(brk) > 1:
            brk += header[1:] if rng.random() < 0.5 else header
            repeat_header = False
        lines += brk
        if parts is None:
            lines.append("\t".join([*fields, label, *after, *vals, *tail]))
            continue
        first, rest, values_first = parts
        blank_fields = [""] * len(fields)
        if values_first:
            lines.append("\t".join([*fields, first, *after, *vals, *tail]))
            lines += noise.maybe()
            lines.append("\t".join([*blank_fields, rest, *[""] * rng.choice((0, 7))]))
        else:
            lines.append("\t".join([*fields, first]))
            lines.append("\t".join([*blank_fields, rest, *after, *vals, *tail]))
    return lines


def _has_space_blanks(t: Tables, table: str) -> bool:
    return any(t.raw[cid].strip() == "" for cid in t.cell_ids(table))


def _place_label(
    rng: random.Random, label: str, ids: list[str], *, vertical: bool, look: Look | None = None
) -> dict[str, str]:
    """Which row line carries a rowspan label's text: the first, the middle, or split over two."""
    if look is not None and look.spaced_words and rng.random() < 0.4:
        label = _space_inside(rng, label)
    n = len(ids)
    mode = rng.choice(("first", "first", "middle", "split")) if n > 1 else "first"
    if mode == "first":
        return {ids[0]: label}
    if mode == "middle":
        # never on the last row of （六）, whose label 3.其他 must stay apart from 其他处理
        return {ids[min((n - 1) // 2, n - 2)]: label}
    if vertical and rng.random() < 0.5:
        spread = label[:2] + " " + " ".join(label[2:])  # 三、 本 年 度 办 理 结 果
        return {ids[rng.randint(0, min(2, n - 2))]: spread}
    cut = rng.randint(max(2, len(label) - 4), len(label) - 2)
    at = rng.randint(0, max(0, min(n - 3, n // 2)))
    return {ids[at]: label[:cut], ids[at + 1]: label[cut:]}


def _break_label(rng: random.Random, label: str, row_id: str, keys: list[tuple[str, str]]) -> tuple[str, str, bool] | None:
    """Split a long label over two lines; returns (first, rest, values_on_first_line)."""
    own = [k for rid, k in keys if rid == row_id]
    # the end of the first own key in the label (so the values line identifies the row)
    best = None
    for k in own:
        pos = _compact_find(label, k)
        if pos is not None and (best is None or pos < best):
            best = pos
    if best is None or best >= len(label) - 2:
        return None
    values_first = rng.random() < 0.7
    for _ in range(6):
        cut = rng.randint(best, len(label) - 2)
        first, rest = label[:cut].rstrip(), label[cut:].lstrip()
        if not rest or not first:
            continue
        rest_key = _compact(rest)
        # the second fragment must not name another row (it would be a different label, not a trap)
        if any(k and k in rest_key for rid, k in keys if rid != row_id):
            continue
        return first, rest, values_first
    return None


def _compact_find(label: str, key: str) -> int | None:
    """Index in ``label`` just after the compact ``key`` occurs in it, or None."""
    chars = [(i, ch) for i, ch in enumerate(label) if _compact(ch)]
    compact = "".join(ch for _, ch in chars)
    at = compact.find(key)
    if at < 0:
        return None
    return chars[at + len(key) - 1][0] + 1


def _render_tab_review(t: Tables, rng: random.Random, look: Look) -> list[str]:
    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    if look.spaced_words:
        heads = [_spaced_header(h) for h in heads]
    lines = [
        review + "\t" * 5 + suit + "\t" * 9,
        "\t".join(heads) + "\t" + direct + "\t" * 5 + after + "\t" * 4,
    ]
    wrapped = look.spaced_words and rng.random() < 0.4
    if wrapped:  # seed 004: header words wrapped, the rest on a line of its own
        cut = [h[:-1] if len(h.replace(" ", "")) == 4 and rng.random() < 0.5 else h for h in heads]
        lines.append("\t" * 5 + "\t".join(cut * 2))
        lines.append("")
        lines.append("\t" * 5 + "\t".join((h[-1] if c != h else "") for h, c in zip(heads * 2, cut * 2, strict=True)))
    else:
        lines.append("\t" * 5 + "\t".join(heads * 2))
    vals = [t.raw[f"review/{r.id}/{c.id}"] for r in t.rows("review") for c in t.spec("review").columns]
    # Leading empty fields on this line mean cells lost by the PDF extraction (seed 000 prints five
    # of them before ten values), so a blank first cell is printed visibly here.
    for i, v in enumerate(vals):
        if v.strip():
            break
        vals[i] = "—"
    tail = "\t" if rng.random() < 0.3 and not _has_space_blanks(t, "review") else ""
    lines.append("\t".join(vals) + tail)
    return lines


# -- lines --------------------------------------------------------------------------------------


def _lines_cells(t: Tables, rng: random.Random, look: Look, blank: str) -> dict[str, list[str]]:
    def cell(token: str) -> str:
        return blank if token.strip() == "" else token

    active: list[str] = []
    for group, rows in _active_groups(t):
        active += [look.bracket(group), INFO_CONTENT, *_active_headers(t, rows, rng, look)]
        for r in rows:
            active += [r.label, *(cell(v) for v in _values(t, "active", r.id))]
    if rng.random() < 0.4:
        active += [blank] * rng.randint(1, 5)  # empty layout cells after the table (seed 002)

    titles = _apply_column_titles(rng)
    apply = [look.bracket(APPLY_NOTE), APPLICANTS_HEAD, titles["natural"], ORGS_HEAD, "总计",
             *(titles[c] for c in APPLICANT_COLUMNS[1:])]
    seen_groups: set[str] = set()
    g0_done = False
    keys = _all_keys(t)
    split = rng.choice((0.0, 0.0, 0.3))
    for r in _apply_rows(t, look):
        if r.in_g0 and not g0_done:
            apply.append(rng.choice((G0, "本年度办理结果")))
            g0_done = True
        if r.group and r.group not in seen_groups:
            apply.append(r.group)
            seen_groups.add(r.group)
        label = r.label if r.in_g0 else r.top
        parts = _break_label(rng, label, r.id, keys) if len(_compact(label)) >= 14 and rng.random() < split else None
        if parts is not None:  # a <br> inside the web page's cell: the label on two lines
            apply += [parts[0], parts[1]]
        else:
            apply.append(label)
        apply += [cell(t.raw[f"apply/{r.id}/{c}"]) for c in (*APPLICANT_COLUMNS, "total")]

    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    rv = [review, suit, *heads, direct, after, *heads, *heads]
    rv += [cell(t.raw[f"review/{r.id}/{c.id}"]) for r in t.rows("review") for c in t.spec("review").columns]
    return {"active": active, "apply": apply, "review": rv}


# -- markdown -----------------------------------------------------------------------------------


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def _md_table(rows: list[list[str]], rng: random.Random, noise_rate: float) -> list[str]:
    """Rows as a pipe table; a page break now and then splits it into two tables."""
    width = len(rows[0])
    sep = "|" + "|".join(["---"] * width) + "|"
    out = [_md_row(rows[0]), sep]
    for i, row in enumerate(rows[1:], 1):
        if i > 2 and i < len(rows) - 1 and rng.random() < noise_rate:
            out += ["", _pagenum(rng, rng.randint(2, 9)), "", _md_row(row), sep]
            continue
        out.append(_md_row(row))
    return out


def _render_md_tables(
    t: Tables, rng: random.Random, look: Look, noise_rate: float, repeat: bool
) -> dict[str, list[str]]:
    """``repeat``: merged cells repeated in every grid cell they cover (else printed once)."""

    def span(text: str, n: int) -> list[str]:
        return [text] * n if repeat else [text, *[""] * (n - 1)]

    def cell(token: str) -> str:
        return token.strip()

    active_rows: list[list[str]] = []
    for group, rows in _active_groups(t):
        active_rows.append(span(look.bracket(group), 4))
        heads = _active_headers(t, rows, rng, look)
        active_rows.append([INFO_CONTENT, *heads, *span(heads[-1], 4 - len(heads) - 1 + 1)[1:]])
        for r in rows:
            vals = [cell(v) for v in _values(t, "active", r.id)]
            active_rows.append([r.label, *vals, *([vals[-1]] if repeat else [""]) * (3 - len(vals))])

    titles = _apply_column_titles(rng)
    if rng.random() < 0.3:  # converters keep the wrapped header lines as <br>
        titles = {k: v if len(v) < 5 else v[:len(v) // 2] + "<br>" + v[len(v) // 2:] for k, v in titles.items()}
    apply_rows = [
        [*span(look.bracket(APPLY_NOTE), 3), *span(APPLICANTS_HEAD, 7)],
        [*(span(look.bracket(APPLY_NOTE), 3) if repeat else ["", "", ""]), titles["natural"], *span(ORGS_HEAD, 5), "总计"],
        [*(span(look.bracket(APPLY_NOTE), 3) if repeat else ["", "", ""]),
         titles["natural"] if repeat else "", *(titles[c] for c in APPLICANT_COLUMNS[1:]), "总计" if repeat else ""],
    ]
    rows = _apply_rows(t, look)
    g0_first = True
    seen: set[str] = set()
    for r in rows:
        vals = [cell(t.raw[f"apply/{r.id}/{c}"]) for c in (*APPLICANT_COLUMNS, "total")]
        if not r.in_g0:
            labels = span(r.top, 3)
        else:
            g0 = G0 if (repeat or g0_first) else ""
            g0_first = False
            if r.group:
                g = r.group if (repeat or r.group not in seen) else ""
                seen.add(r.group)
                labels = [g0, g, r.label]
            else:
                labels = [g0, *span(r.label, 2)]
        apply_rows.append([*labels, *vals])

    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    review_rows = [
        [*span(review, 5), *span(suit, 10)],
        [*heads, *span(direct, 5), *span(after, 5)],
        [*(heads if repeat else [""] * 5), *heads, *heads],
        [cell(t.raw[f"review/{r.id}/{c.id}"]) for r in t.rows("review") for c in t.spec("review").columns],
    ]
    return {
        "active": _md_table(active_rows, rng, noise_rate),
        "apply": _md_table(apply_rows, rng, noise_rate),
        "review": _md_table(review_rows, rng, 0.0),
    }


# -- html ---------------------------------------------------------------------------------------


class _Html:
    def __init__(self, rng: random.Random, look: Look, entities: bool = False) -> None:
        self.rng = rng
        self.look = look
        self.entities = entities
        self.word = rng.random() < 0.6  # Word-exported cell markup
        self.split_runs = self.word and rng.random() < 0.4

    def td(self, text: str, *, rowspan: int = 1, colspan: int = 1, vertical: bool = False) -> str:
        attrs = ""
        if rowspan > 1:
            attrs += f' rowspan="{rowspan}"'
        if colspan > 1:
            attrs += f' colspan="{colspan}"'
        if text.strip() == "":
            inner = self.rng.choice(("&nbsp;", "", "&nbsp;", " "))
        elif self.split_runs and len(text) > 1 and self.rng.random() < 0.3:
            # Word splits a cell's text into several runs: <span>12</span><span>3</span>
            cut = self.rng.randint(1, len(text) - 1)
            inner = (_html.escape(text[:cut], quote=False) + '</span><span lang="EN-US">'
                     + _html.escape(text[cut:], quote=False))
        else:
            inner = _html.escape(text, quote=False)
        if vertical:  # a narrow rowspan cell written one character a line
            inner = "<br/>".join(_html.escape(ch, quote=False) for ch in text)
        if self.entities:
            inner = _entities(inner)
        if self.rng.random() < 0.1:
            inner = f"\n    {inner}\n  "
        if self.word:
            style = 'style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"'
            inner = (f'<p class="MsoNormal" align="center" style="text-align:center">'
                     f'<span style="font-family:仿宋_GB2312;font-size:10.5pt"><span>{inner}</span></span></p>')
            return f'<td{attrs} valign="center" {style}>{inner}</td>'
        return f"<td{attrs}>{inner}</td>"

    def table(self, rows: list[str]) -> str:
        trs = "\n".join(f"<tr>{r}</tr>" for r in rows)
        border = self.rng.choice(('border="1" cellspacing="0" cellpadding="0"', 'class="MsoNormalTable"', ""))
        return f'<div align="center"><table {border} width="600">\n<tbody>\n{trs}\n</tbody>\n</table></div>'


def _render_html_tables(t: Tables, rng: random.Random, look: Look, entities: bool = False) -> dict[str, str]:
    h = _Html(rng, look, entities)
    td = h.td
    out: dict[str, str] = {}

    rows: list[str] = []
    for group, grows in _active_groups(t):
        heads = _active_headers(t, grows, rng, look)
        rows.append(td(look.bracket(group), colspan=4))
        hs = [td(x) for x in heads]
        if len(heads) < 3:
            hs[-1] = td(heads[-1], colspan=4 - len(heads))
        rows.append(td(INFO_CONTENT) + "".join(hs))
        for r in grows:
            vals = _values(t, "active", r.id)
            vs = [td(v) for v in vals]
            if len(vals) < 3:
                vs[-1] = td(vals[-1], colspan=4 - len(vals))
            rows.append(td(r.label) + "".join(vs))
    out["active"] = h.table(rows)

    titles = _apply_column_titles(rng)
    if rng.random() < 0.3:
        titles = {k: v if len(v) < 5 else v[:len(v) // 2] + "<br/>" + v[len(v) // 2:] for k, v in titles.items()}
    rows = [
        td(look.bracket(APPLY_NOTE), rowspan=3, colspan=3) + td(APPLICANTS_HEAD, colspan=7),
        td(titles["natural"], rowspan=2) + td(ORGS_HEAD, colspan=5) + td("总计", rowspan=2),
        "".join(td(titles[c]) for c in APPLICANT_COLUMNS[1:]),
    ]
    arows = _apply_rows(t, look)
    n_g0 = sum(1 for r in arows if r.in_g0)
    group_sizes = _group_sizes(arows)
    first_g0 = True
    vertical_g0 = rng.random() < 0.3
    seen: set[str] = set()
    for r in arows:
        vals = "".join(td(t.raw[f"apply/{r.id}/{c}"]) for c in (*APPLICANT_COLUMNS, "total"))
        if not r.in_g0:
            rows.append(td(r.top, colspan=3) + vals)
            continue
        lead = ""
        if first_g0:
            lead = td(G0, rowspan=n_g0, vertical=vertical_g0)
            first_g0 = False
        if r.group:
            if r.group not in seen:
                lead += td(r.group, rowspan=group_sizes[r.group])
                seen.add(r.group)
            rows.append(lead + td(r.label) + vals)
        else:
            rows.append(lead + td(r.label, colspan=2) + vals)
    out["apply"] = h.table(rows).replace("&lt;br/&gt;", "<br/>")

    review, suit, subs, heads = _review_heads(t)
    direct, after = subs.split("|")
    rows = [
        td(review, colspan=5) + td(suit, colspan=10),
        "".join(td(x, rowspan=2) for x in heads) + td(direct, colspan=5) + td(after, colspan=5),
        "".join(td(x) for x in heads * 2),
        "".join(td(t.raw[f"review/{r.id}/{c.id}"]) for r in t.rows("review") for c in t.spec("review").columns),
    ]
    out["review"] = h.table(rows)
    return out


def _entities(text: str) -> str:
    """How some CMS editors store punctuation: named and numeric character references."""
    return (text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("—", "&mdash;")
            .replace("（", "&#65288;").replace("）", "&#65289;"))


def _html_page(info: DocInfo, sections: list[tuple[str, list[str]]], tables: dict[str, str], rng: random.Random,
               charset: str, *, layout: bool = False, entities: bool = False) -> str:
    site = f"{info.body}门户网站" if rng.random() < 0.5 else "政府信息公开平台"
    nav = "".join(f'<li><a href="/{p}/">{n}</a></li>' for p, n in
                  (("index", "首页"), ("zwgk", "政务公开"), ("zwdt", "政务动态"), ("zmhd", "政民互动"), ("bsfw", "办事服务")))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        f'<meta charset="{charset}">' if rng.random() < 0.5 else
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{_html.escape(info.title)}_{_html.escape(site)}</title>",
        "<style>body{font-family:宋体;} .nav li{float:left;} table td{font-size:14px;}</style>",
        '<script type="text/javascript">var _hmt = _hmt || []; var siteName = "政府网站";</script>',
        "</head>",
        "<body>",
        f'<div class="header"><div class="logo">{_html.escape(site)}</div><ul class="nav">{nav}</ul></div>',
        '<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 政府信息公开年报</div>',
        '<div class="article">',
        f'<h1 class="title">{_html.escape(info.title)}</h1>',
        f'<div class="info">发布时间：{info.publish_date}&nbsp;&nbsp;来源：{_html.escape(info.body)}&nbsp;&nbsp;'
        f'浏览次数：<span id="views">{rng.randint(10, 9000)}</span>&nbsp;&nbsp;【字体：大 中 小】</div>',
        '<div class="TRS_Editor" id="zoom">',
    ]
    for heading, paras in sections:
        if heading:
            parts.append(f'<p style="text-indent:2em"><strong>{_html.escape(heading)}</strong></p>')
        for p in paras:
            if p.startswith("\x00table:"):
                parts.append(tables[p.split(":", 1)[1]])
            else:
                para = _html.escape(p, quote=False)
                parts.append(f'<p style="text-indent:2em">{_entities(para) if entities else para}</p>')
    parts += [
        "</div>",
        '<div class="share">分享到：微信 微博</div>',
        "</div>",
    ]
    if layout:  # an old site: the article sits in a layout table, related links in a side column
        at = next(i for i, x in enumerate(parts) if x.startswith('<div class="article">'))
        parts.insert(at, '<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>'
                         '<td width="760" valign="top" class="main">')
        related = "".join(f'<li><a href="/zwgk/{y}.html">{_html.escape(info.body)}{y}年政府信息公开工作年度报告</a></li>'
                          for y in (info.year - 1, info.year - 2))
        parts += ['</td><td width="240" valign="top" class="side"><div class="related"><h3>相关文章</h3>'
                  f"<ul>{related}</ul></div></td></tr></table>"]
    parts += [
        f'<div class="footer"><p>主办单位：{_html.escape(info.body)}&nbsp; 网站标识码：{rng.randint(10**9, 10**10 - 1)}</p>'
        f"<p>ICP备{rng.randint(10**7, 10**8 - 1)}号</p></div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


# -- whole document -------------------------------------------------------------------------------


def render(
    tables: Tables,
    style: str,
    rng: random.Random,
    *,
    year: int | None = None,
    body: str | None = None,
    traditional: bool = False,
    encoding: str = "utf-8",
    crlf: bool = False,
    tables_printer: Callable[[Tables, random.Random, Look], dict[str, str]] | None = None,
) -> Report:
    """The whole report text (and file bytes) of ``tables`` in ``style``.

    ``encoding``: of the file bytes — "utf-8", "utf-8-sig", "gbk" or "utf-16" (HTML pages declare
    it in a meta tag); ``crlf``: Windows line ends in the file bytes (``text`` keeps "\\n");
    ``tables_printer``: prints the three tables instead of the style's own renderer (HTML for
    ``html``, text otherwise), as ``tests/variants.py`` does.
    """
    if style not in STYLES:
        raise ValueError(style)
    template = tables.template
    year = year or rng.choice(YEARS[template])
    body = body or make_body(rng)
    title = make_title(rng, body, year)
    info = DocInfo(body, year, title, template, f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}")
    look = Look(
        half_brackets=rng.random() < 0.3,
        spaced_enum=rng.random() < 0.4,
        spaced_words=style == "tab" and rng.random() < 0.5,
        lossy=style in ("lines", "lines1") and rng.random() < 0.3,
        total_row_label=rng.choice(("（七）总计", "（七）总计", "（七） 总计")),
    )
    heads = _section_titles(rng)
    narrative = _narrative(rng, info, tables)
    noise_rate = rng.choice((0.0, 0.0, 0.04, 0.1)) if style in ("tab", "markdown") else 0.0
    options: dict[str, object] = {"look": look, "noise": noise_rate, "traditional": traditional,
                                  "one_row_other": tables.one_row_other}

    sections: list[tuple[str, list[str]]] = [("", narrative["preamble"])]
    sections.append((heads["1"], narrative["1"]))
    sections.append((heads["2"], ["\x00table:active"]))
    sections.append((heads["3"], [*_table_intro(rng, info, tables, "apply"), "\x00table:apply"]))
    sections.append((heads["4"], [*_table_intro(rng, info, tables, "review"), "\x00table:review"]))
    sections.append((heads["5"], narrative["5"]))
    sections.append((heads["6"], narrative["6"]))

    if style == "html":
        charset = {"gbk": "gb2312", "utf-16": "utf-16"}.get(encoding, "utf-8")
        options["layout_table"] = layout = rng.random() < 0.4
        entities = rng.random() < 0.3
        html_tables = (tables_printer(tables, rng, look) if tables_printer
                       else _render_html_tables(tables, rng, look, entities))
        text = _html_page(info, sections, html_tables, rng, charset, layout=layout, entities=entities)
        filename = f"t{info.publish_date.replace('-', '')}_{rng.randint(100000, 999999)}.html"
    else:
        blocks: list[str] = [title]
        if style in ("lines", "lines1") and rng.random() < 0.5:
            blocks.append(f"发布时间:{info.publish_date}\u00a0\u00a0 浏览次数:{rng.randint(10, 9999)}次\u00a0\u00a0 【字体:")
        if style in ("lines", "lines1") and rng.random() < 0.3:  # the page repeats the title wrapped (seed 002)
            cut = title.find("政府信息公开工作")
            blocks += [title[:cut + 2], title[cut + 2:]]
        noise = _Noise(rng, noise_rate)
        if tables_printer is not None:
            tabs = tables_printer(tables, rng, look)
        elif style == "tab":
            tabs = {"active": "\n".join(_render_tab_active(tables, rng, look, noise)),
                    "apply": "\n".join(_render_tab_apply(tables, rng, look, noise)),
                    "review": "\n".join(_render_tab_review(tables, rng, look))}
        elif style == "markdown":
            options["md_repeat"] = repeat = rng.random() < 0.5
            md = _render_md_tables(tables, rng, look, noise_rate, repeat)
            tabs = {k: "\n".join(v) for k, v in md.items()}
        else:
            sep = "\n\n" if style == "lines" else "\n"
            cells = _lines_cells(tables, rng, look, " " if style == "lines" else "")
            tabs = {k: sep.join(v) for k, v in cells.items()}
        md_heading = style == "markdown" and rng.random() < 0.5
        for heading, paras in sections:
            if heading:
                blocks.append(("## " if md_heading else "") + heading)
            for p in paras:
                blocks.append(tabs[p.split(":", 1)[1]] if p.startswith("\x00table:") else p)
        text = "\n".join(blocks) + "\n" if style == "lines1" else "\n\n".join(blocks) + "\n"
        filename = f"{body}{year}年政府信息公开工作年度报告.{'md' if style == 'markdown' else 'txt'}"
    if traditional:
        text = to_traditional(text)
    if encoding == "gbk":
        text = text.replace("\u00a0", " ")
    on_disk = text.replace("\n", "\r\n") if crlf else text
    try:
        data = on_disk.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8"
        data = on_disk.encode(encoding)
    options["encoding"] = encoding
    options["crlf"] = crlf
    return Report(template, year, body, title, style, tables, text, data, filename, encoding, options)


def _table_intro(rng: random.Random, info: DocInfo, t: Tables, table: str) -> list[str]:
    """What some reports print between a section heading and its table: a sentence, a unit line."""
    out = []
    if table == "apply" and rng.random() < 0.3:
        out.append(f"{info.year}年，本机关共新收政府信息公开申请{int(t.v('apply/1/total'))}件，"
                   f"上年结转{int(t.v('apply/2/total'))}件；办结{int(t.v('apply/3.7/total'))}件，"
                   f"结转下年度继续办理{int(t.v('apply/4/total'))}件。")
    if table == "review" and rng.random() < 0.3:
        out.append(f"本年度因政府信息公开工作被申请行政复议{int(t.v('review/review/total'))}件，被提起行政诉讼"
                   f"{int(t.v('review/suit_direct/total') + t.v('review/suit_after_review/total'))}件。")
    if rng.random() < 0.2:
        out.append(rng.choice(("单位：件", "（单位：件）")))
    return out


def render_tab(tables: Tables, rng: random.Random, **kw: object) -> Report:
    return render(tables, "tab", rng, **kw)  # type: ignore[arg-type]


def render_lines(tables: Tables, rng: random.Random, *, single: bool = False, **kw: object) -> Report:
    return render(tables, "lines1" if single else "lines", rng, **kw)  # type: ignore[arg-type]


def render_markdown(tables: Tables, rng: random.Random, **kw: object) -> Report:
    return render(tables, "markdown", rng, **kw)  # type: ignore[arg-type]


def render_html(tables: Tables, rng: random.Random, **kw: object) -> Report:
    return render(tables, "html", rng, **kw)  # type: ignore[arg-type]


ENCODINGS = ("utf-8", "gbk", "utf-8-sig", "utf-16")


def make_report(
    seed: int,
    template: str,
    style: str,
    *,
    inject: str | bool | None = None,
    traditional: bool | None = None,
    encoding: str | None = None,
    crlf: bool | None = None,
    one_row_other: bool | None = None,
) -> Report:
    """One report from one seed. ``inject``: True (any kind) or an ``INJECT_KINDS`` name.

    ``traditional``, ``encoding`` and ``crlf`` default to a seeded choice: about one report in
    eight is a traditional-character mirror; about one in four is not plain UTF-8 (GBK mostly,
    some UTF-8 with BOM, a few UTF-16); about one text file in five has Windows line ends.
    """
    rng = random.Random(f"gkaudit-{seed}-{template}-{style}")
    tables = make_tables(template, rng, one_row_other=one_row_other)
    injection = None
    if inject:
        injection = inject_error(tables, rng, None if inject is True else str(inject))
        printed = injection.tables
    else:
        printed = tables
    if traditional is None:
        traditional = rng.random() < 0.125
    if encoding is None:
        encoding = rng.choices(ENCODINGS, weights=(75, 15, 7, 3))[0]
    if crlf is None:
        crlf = style != "html" and rng.random() < 0.2
    report = render(printed, style, rng, traditional=traditional, encoding=encoding, crlf=crlf)
    report.injection = injection
    report.seed = seed
    return report


def snippet(report: Report, table: str, width: int = 1600) -> str:
    """The stretch of the report text around a table, for failure messages."""
    marks = {"active": ("主动公开政府信息情况", "主動公開政府信息情況"),
             "apply": ("收到和处理政府信息公开申请情况", "收到和處理政府信息公開申請情況"),
             "review": ("行政复议、", "復議、", "行政复议", "復議")}[table]
    text = report.text
    at = -1
    for m in marks:
        at = text.find(m, text.find("二、") if table != "active" else 0)
        if at >= 0:
            break
    at = max(0, at)
    return text[at:at + width]
