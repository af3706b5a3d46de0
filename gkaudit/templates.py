"""The two national templates as data: tables, rows, columns, and the label keys that find them.

Row and column ids are the public ids of ``shared/spec/report-model.md``. ``keys`` are phrases
(already normalised: no spaces, half-width brackets, simplified characters) whose presence in a
label identifies the row; the longest key found wins, and the template's fixed row order settles
the rest.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    COUNT = "count"  # non-negative integer
    SIGNED = "signed"  # signed integer change (本年增/减)
    AMOUNT = "amount"  # non-negative decimal (金额)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    id: str
    label: str
    kind: Kind = Kind.COUNT
    short: str = ""

    @property
    def title(self) -> str:
        return self.short or self.label


@dataclass(frozen=True, slots=True)
class RowSpec:
    id: str
    label: str
    keys: tuple[str, ...]
    columns: tuple[str, ...] = ()  # empty: the table's columns
    group: str = ""  # printed group label (（三）不予公开 …), for display
    optional: bool = False  # may be absent without a finding (a variant row)
    alternative_to: tuple[str, ...] = ()  # this row replaces those rows when printed instead of them
    result_leaf: bool = False  # a leaf of 三、本年度办理结果 (summed into （七）总计)
    # What is usual between the row's cells, for choosing among readings of digits printed with
    # no separators when no relation can: "a<=b", "|a|<=b", "a=b" (often equal), "a~b" (of a
    # similar size), "a:small" (a change, often 0); "@w" weighs a hint. Never used to judge a
    # printed value.
    priors: tuple[str, ...] = ()
    note: str = ""  # printed after the label on the form (a rule for filling the row)
    short: str = ""  # the row's caption over its columns, in a table printed as one line (review)

    @property
    def caption(self) -> str:
        return self.short or self.label

    @property
    def title(self) -> str:
        """The row's readable name, with its group for the numbered sub-rows (（三）不予公开1.属于国家秘密)."""
        return f"{self.group}{self.label}" if self.group else self.label


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    """A caption the form prints over several adjacent columns (申请人情况 over all, 法人或其他组织 over five)."""

    text: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RowSection:
    """A caption the form prints beside the rows ``first``..``last`` (over them, in a table printed as one line)."""

    text: str
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class FormSpec:
    """How the official form prints a table, besides its rows and columns: the captions around them.

    ``gkaudit.form.form_layout`` turns a table and this into the grid the workbook and the window draw.
    """

    label_head: str = "项目"  # the caption of the row labels
    corner: str = ""  # printed in the corner over the row labels (a note on how the table adds up)
    column_groups: tuple[ColumnGroup, ...] = ()
    sections: tuple[RowSection, ...] = ()
    block_captions: bool = False  # each group of rows prints its own column captions (主动公开)


@dataclass(frozen=True, slots=True)
class TableSpec:
    id: str
    title: str
    heading_keys: tuple[str, ...]  # phrases of the section heading that introduces the table
    signature_keys: tuple[str, ...]  # phrases that only occur inside the table
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    flat: bool = False  # printed as one line of values (review: 15 numbers for 3×5 cells)
    form: FormSpec = FormSpec()

    def row(self, row_id: str) -> RowSpec:
        for r in self.rows:
            if r.id == row_id:
                return r
        raise KeyError(row_id)

    def column(self, col_id: str) -> ColumnSpec:
        for c in self.columns:
            if c.id == col_id:
                return c
        raise KeyError(col_id)

    def row_columns(self, row: RowSpec) -> tuple[ColumnSpec, ...]:
        if not row.columns:
            return self.columns
        return tuple(self.column(c) for c in row.columns)

    def cell_ids(self) -> list[str]:
        return [f"{self.id}/{r.id}/{c.id}" for r in self.rows for c in self.row_columns(r)]

    def missing_rows(self, found: set[str]) -> list[RowSpec]:
        """The rows the form requires that are not among ``found`` (a variant row printed instead counts)."""
        return [
            row for row in self.rows
            if row.id not in found and not row.optional
            and not any(alt.id in found and row.id in alt.alternative_to for alt in self.rows)
        ]


@dataclass(frozen=True, slots=True)
class TemplateSpec:
    """One national template: its tables, how it is recognised, the years it applies to, what carries forward.

    Everything the pipeline knows about a template is here; adding a template is adding a spec to
    ``TEMPLATES`` (the modules that need a template fact read it from this class).
    """

    id: str  # "2019" or "2021"
    title: str
    issued_with: str
    markers: tuple[str, ...]  # phrases only this template prints
    tables: tuple[TableSpec, ...] = field(default=())
    first_year: int = 0  # the first report year it applies to (until the next template's first year)
    reports_fees: bool = False  # section 六 reports the 信息处理费 (国办公开办函〔2021〕30号)
    # Year-over-year relations in the active table, when both years use this template: the rows whose
    # 现行有效件数 follows from last year's + 制发 − 废止, and the rows whose 上一年项目数量 follows
    # from last year's 上一年项目数量 + 本年增/减.
    in_force_rows: tuple[str, ...] = ()
    item_rows: tuple[str, ...] = ()

    def table(self, table_id: str) -> TableSpec:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)


# ---------------------------------------------------------------- 二、主动公开 (active)

_ACTIVE_COLUMNS_2019 = (
    ColumnSpec("made", "本年新制作数量"),
    ColumnSpec("published", "本年新公开数量"),
    ColumnSpec("total", "对外公开总数量"),
    ColumnSpec("prev_items", "上一年项目数量"),
    ColumnSpec("change", "本年增/减", Kind.SIGNED),
    ColumnSpec("decisions", "处理决定数量"),
    ColumnSpec("projects", "采购项目数量"),
    ColumnSpec("amount", "采购总金额", Kind.AMOUNT),
)

_ACTIVE_COLUMNS_2021 = (
    ColumnSpec("issued", "本年制发件数"),
    ColumnSpec("repealed", "本年废止件数"),
    ColumnSpec("in_force", "现行有效件数"),
    ColumnSpec("decisions", "本年处理决定数量"),
    ColumnSpec("amount", "本年收费金额（万元）", Kind.AMOUNT),
)

_ACTIVE_HEADING = ("主动公开政府信息情况", "主动公开政府信息", "主动公开情况")
_ACTIVE_SIGNATURE = ("第二十条第", "信息内容")

_ITEMS = ("prev_items", "change", "decisions")
# ":quoted": a number the narrative states beside the row's name is the year's figure, this column.
_MADE = ("published<=total", "made<=total", "made=published", "made~total", "made:quoted")
# Real reports break these often (a change larger than last year's count): half weight.
_ITEM_PRIORS = ("change:small@0.5", "|change|<=prev_items@0.5", "prev_items~decisions@0.5")
_ISSUED = ("issued<=in_force", "repealed<=in_force", "issued~in_force", "issued:quoted")

_ACTIVE_FORM = FormSpec(label_head="信息内容", block_captions=True)

ACTIVE_2019 = TableSpec(
    id="active",
    title="二、主动公开政府信息情况",
    heading_keys=_ACTIVE_HEADING,
    signature_keys=_ACTIVE_SIGNATURE,
    columns=_ACTIVE_COLUMNS_2019,
    form=_ACTIVE_FORM,
    rows=(
        RowSpec("rules", "规章", ("规章",), ("made", "published", "total"), "第二十条第（一）项", priors=_MADE),
        RowSpec("normative", "规范性文件", ("规范性文件",), ("made", "published", "total"), "第二十条第（一）项", priors=_MADE),
        RowSpec("license", "行政许可", ("行政许可",), _ITEMS, "第二十条第（五）项", priors=_ITEM_PRIORS),
        RowSpec(
            "other_services",
            "其他对外管理服务事项",
            ("其他对外管理服务事项", "对外管理服务"),
            _ITEMS,
            "第二十条第（五）项",
            priors=_ITEM_PRIORS,
        ),
        RowSpec("penalty", "行政处罚", ("行政处罚",), _ITEMS, "第二十条第（六）项", priors=_ITEM_PRIORS),
        RowSpec("enforcement", "行政强制", ("行政强制",), _ITEMS, "第二十条第（六）项", priors=_ITEM_PRIORS),
        RowSpec(
            "fees", "行政事业性收费", ("行政事业性收费", "事业性收费"), ("prev_items", "change"), "第二十条第（八）项",
            priors=("change:small@0.5", "|change|<=prev_items@0.5"),
        ),
        RowSpec("procurement", "政府集中采购", ("政府集中采购", "集中采购"), ("projects", "amount"), "第二十条第（九）项"),
    ),
)

ACTIVE_2021 = TableSpec(
    id="active",
    title="二、主动公开政府信息情况",
    heading_keys=_ACTIVE_HEADING,
    signature_keys=_ACTIVE_SIGNATURE,
    columns=_ACTIVE_COLUMNS_2021,
    form=_ACTIVE_FORM,
    rows=(
        RowSpec("rules", "规章", ("规章",), ("issued", "repealed", "in_force"), "第二十条第（一）项", priors=_ISSUED),
        RowSpec(
            "normative",
            "行政规范性文件",
            ("行政规范性文件", "规范性文件"),
            ("issued", "repealed", "in_force"),
            "第二十条第（一）项",
            priors=_ISSUED,
        ),
        RowSpec("license", "行政许可", ("行政许可",), ("decisions",), "第二十条第（五）项"),
        RowSpec("penalty", "行政处罚", ("行政处罚",), ("decisions",), "第二十条第（六）项"),
        RowSpec("enforcement", "行政强制", ("行政强制",), ("decisions",), "第二十条第（六）项"),
        RowSpec("fees", "行政事业性收费", ("行政事业性收费", "事业性收费"), ("amount",), "第二十条第（八）项"),
    ),
)

# ---------------------------------------------------------------- 三、依申请 (apply)

APPLY_COLUMNS = (
    ColumnSpec("natural", "自然人"),
    ColumnSpec("commercial", "商业企业"),
    ColumnSpec("research", "科研机构"),
    ColumnSpec("social", "社会公益组织"),
    ColumnSpec("legal", "法律服务机构"),
    ColumnSpec("other", "其他"),
    ColumnSpec("total", "总计"),
)

APPLICANT_COLUMNS = tuple(c.id for c in APPLY_COLUMNS if c.id != "total")

_G3 = "（三）不予公开"
_G4 = "（四）无法提供"
_G5 = "（五）不予处理"
_G6 = "（六）其他处理"


def _leaf(row_id: str, label: str, keys: tuple[str, ...], group: str = "", **kw: object) -> RowSpec:
    return RowSpec(row_id, label, keys, group=group, result_leaf=True, **kw)  # type: ignore[arg-type]


_APPLY_HEAD = (
    RowSpec("1", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息公开申请", "本年新收政府信息公开申请数量")),
    RowSpec("2", "二、上年结转政府信息公开申请数量", ("上年结转", "上年结转政府信息公开申请数量")),
    _leaf("3.1", "（一）予以公开", ("予以公开",)),
    _leaf("3.2", "（二）部分公开", ("部分公开", "区分处理"), note="（区分处理的，只计这一情形，不计其他情形）"),
    _leaf("3.3.1", "1.属于国家秘密", ("国家秘密",), _G3),
    _leaf("3.3.2", "2.其他法律行政法规禁止公开", ("法律行政法规禁止公开", "禁止公开", "行政法规"), _G3),
    _leaf("3.3.3", "3.危及“三安全一稳定”", ("三安全一稳定", "三安全", "一稳定", "危及"), _G3),
    _leaf("3.3.4", "4.保护第三方合法权益", ("保护第三方合法权益", "第三方合法权益", "第三方"), _G3),
    _leaf("3.3.5", "5.属于三类内部事务信息", ("三类内部事务信息", "内部事务"), _G3),
    _leaf("3.3.6", "6.属于四类过程性信息", ("四类过程性信息", "过程性信息", "过程性"), _G3),
    _leaf("3.3.7", "7.属于行政执法案卷", ("行政执法案卷", "执法案卷"), _G3),
    _leaf("3.3.8", "8.属于行政查询事项", ("行政查询事项", "行政查询"), _G3),
    _leaf("3.4.1", "1.本机关不掌握相关政府信息", ("本机关不掌握", "不掌握相关政府信息", "不掌握"), _G4),
    _leaf("3.4.2", "2.没有现成信息需要另行制作", ("没有现成信息", "另行制作", "现成信息"), _G4),
    _leaf("3.4.3", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确", "补正后", "仍不明确"), _G4),
    _leaf("3.5.1", "1.信访举报投诉类申请", ("信访举报投诉", "信访", "举报投诉"), _G5),
    _leaf("3.5.2", "2.重复申请", ("重复申请",), _G5),
    _leaf("3.5.3", "3.要求提供公开出版物", ("要求提供公开出版物", "公开出版物", "出版物"), _G5),
    _leaf("3.5.4", "4.无正当理由大量反复申请", ("无正当理由大量反复申请", "大量反复申请", "大量反复"), _G5),
    _leaf(
        "3.5.5",
        "5.要求行政机关确认或重新出具已获取信息",
        ("确认或重新出具", "重新出具已获取信息", "已获取信息", "重新出具"),
        _G5,
    ),
)

_APPLY_TAIL = (
    RowSpec("3.7", "（七）总计", ("(七)总计", "七)总计", "总计")),
    RowSpec("4", "四、结转下年度继续办理", ("结转下年度继续办理", "结转下年度", "继续办理")),
)

_APPLY_HEADING = ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "政府信息公开申请情况")
_APPLY_SIGNATURE = ("本年新收", "上年结转", "予以公开", "结转下年度")
_APPLY_FORM = FormSpec(
    corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    column_groups=(
        ColumnGroup("申请人情况", tuple(c.id for c in APPLY_COLUMNS)),
        ColumnGroup("法人或其他组织", ("commercial", "research", "social", "legal", "other")),
    ),
    sections=(RowSection("三、本年度办理结果", "3.1", "3.7"),),
)

APPLY_2019 = TableSpec(
    id="apply",
    title="三、收到和处理政府信息公开申请情况",
    heading_keys=_APPLY_HEADING,
    signature_keys=_APPLY_SIGNATURE,
    columns=APPLY_COLUMNS,
    form=_APPLY_FORM,
    rows=(*_APPLY_HEAD, _leaf("3.6", "（六）其他处理", ("其他处理",)), *_APPLY_TAIL),
)

APPLY_2021 = TableSpec(
    id="apply",
    title="三、收到和处理政府信息公开申请情况",
    heading_keys=_APPLY_HEADING,
    signature_keys=_APPLY_SIGNATURE,
    columns=APPLY_COLUMNS,
    form=_APPLY_FORM,
    rows=(
        *_APPLY_HEAD,
        # Real 2021-template reports (洪泽区 2023, 2024) still print （六）其他处理 as one row.
        _leaf("3.6", "（六）其他处理", ("其他处理",), optional=True, alternative_to=("3.6.1", "3.6.2", "3.6.3")),
        _leaf(
            "3.6.1",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ("逾期不补正", "无正当理由逾期", "不补正"),
            _G6,
        ),
        _leaf(
            "3.6.2",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ("收费通知", "缴纳费用", "逾期未按"),
            _G6,
        ),
        _leaf("3.6.3", "3.其他", ("其他",), _G6),
        *_APPLY_TAIL,
    ),
)

# ---------------------------------------------------------------- 四、复议诉讼 (review)

REVIEW_COLUMNS = (
    ColumnSpec("upheld", "结果维持"),
    ColumnSpec("corrected", "结果纠正"),
    ColumnSpec("other", "其他结果"),
    ColumnSpec("pending", "尚未审结"),
    ColumnSpec("total", "总计"),
)

REVIEW = TableSpec(
    id="review",
    title="四、政府信息公开行政复议、行政诉讼情况",
    heading_keys=("行政复议、行政诉讼", "行政复议行政诉讼", "申请行政复议", "行政复议", "行政诉讼"),
    signature_keys=("结果维持", "结果纠正", "尚未审结", "复议后起诉"),
    columns=REVIEW_COLUMNS,
    rows=(
        RowSpec("review", "行政复议", ("行政复议",)),
        RowSpec("suit_direct", "行政诉讼·未经复议直接起诉", ("未经复议直接起诉", "直接起诉"), short="未经复议直接起诉"),
        RowSpec("suit_after_review", "行政诉讼·复议后起诉", ("复议后起诉",), short="复议后起诉"),
    ),
    flat=True,
    form=FormSpec(sections=(RowSection("行政诉讼", "suit_direct", "suit_after_review"),)),
)

TEMPLATE_2019 = TemplateSpec(
    id="2019",
    title="政府信息公开工作年度报告格式（试行）",
    issued_with="国办公开办函〔2019〕60号",
    markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第(九)项",
             "采购项目数量", "采购总金额", "其他对外管理服务事项"),
    tables=(ACTIVE_2019, APPLY_2019, REVIEW),
    first_year=2019,
    item_rows=("license", "other_services", "penalty", "enforcement", "fees"),
)

TEMPLATE_2021 = TemplateSpec(
    id="2021",
    title="政府信息公开工作年度报告格式",
    issued_with="国办公开办函〔2021〕30号",
    markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正",
             "收费通知", "行政规范性文件", "国办公开办函〔2021〕30号"),
    tables=(ACTIVE_2021, APPLY_2021, REVIEW),
    first_year=2021,
    reports_fees=True,
    in_force_rows=("rules", "normative"),
)

TEMPLATES: dict[str, TemplateSpec] = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}
TABLE_IDS = ("active", "apply", "review")
TABLE_TITLES = {"active": "主动公开", "apply": "依申请公开", "review": "复议诉讼"}


def template_for_year(year: int | None) -> str | None:
    """The template a report of ``year`` should use: the latest whose first year is not after it."""
    if year is None:
        return None
    ordered = sorted(TEMPLATES.values(), key=lambda t: t.first_year)
    chosen = [t for t in ordered if t.first_year <= year]
    return (chosen[-1] if chosen else ordered[0]).id


def newest_first() -> list[TemplateSpec]:
    """The templates, the most recent first (to read a cell id valid in several of them)."""
    return sorted(TEMPLATES.values(), key=lambda t: t.first_year, reverse=True)


def row_label(template: str, table: str, row: str) -> str:
    """A short readable label for a row, including its group for the numbered sub-rows."""
    spec = TEMPLATES[template].table(table).row(row)
    return spec.label if table == "review" else spec.title


def column_label(template: str, table: str, col: str) -> str:
    return TEMPLATES[template].table(table).column(col).title
