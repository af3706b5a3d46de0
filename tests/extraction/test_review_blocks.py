"""The review table printed as three small headed tables (行政复议 · 直接起诉 · 复议后起诉), each
with its own header line of column headings, as OCR/LLM Markdown converters and some pages print it:
the headings between the numbers are no column dump."""

from __future__ import annotations

import random

import pytest
from generator import make_report

from gkaudit.audit import audit_text
from gkaudit.model import Severity

HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
TITLES = [("行政复议",), ("行政诉讼（未经复议直接起诉）", "未经复议直接起诉"), ("行政诉讼（复议后起诉）", "复议后起诉")]


def _blocks(values: list[list[str]], rng: random.Random, style: str) -> list[str]:
    lead = rng.random() < 0.4  # a label column before the five values
    out: list[str] = []
    for titles, row in zip(TITLES, values, strict=True):
        title = rng.choice(titles)
        out += [rng.choice((f"### {title}", f"**{title}**", title)), ""]
        head = (["项目"] if lead else []) + HEADS
        cells = ([title] if lead else []) + row
        if style == "pipe":
            out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), "| " + " | ".join(cells) + " |", ""]
        else:
            out += ["\t".join(head), "\t".join(cells), ""]
    return out


@pytest.mark.parametrize("style", ["pipe", "tab"])
@pytest.mark.parametrize("seed", range(8))
def test_headed_review_blocks(seed: int, style: str) -> None:
    inject = "review_total" if seed % 2 else None
    report = make_report(7300 + seed, "2021" if seed % 3 else "2019", "markdown", traditional=False,
                         encoding="utf-8", crlf=False, inject=inject)
    rng = random.Random(seed)
    t = report.tables
    values = [[t.raw[f"review/{r}/{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
              for r in ("review", "suit_direct", "suit_after_review")]
    lines = report.text.split("\n")
    head = next(i for i, ln in enumerate(lines) if ln.lstrip("# ").startswith("四") and "复议" in ln)
    end = next(i for i, ln in enumerate(lines) if i > head and ln.lstrip("# ").startswith("五"))
    text = "\n".join([*lines[: head + 1], "", *_blocks(values, rng, style), *lines[end:]])
    got = audit_text(text, "blocks.md")
    assert not any(f.rule == "extract.unreadable" for f in got.findings)
    truth = report.truth
    for cid, want in truth.values.items():
        if cid.startswith("review/"):
            _, row, col = cid.split("/")
            cell = got.tables["review"].cells[(row, col)]
            printed = t.values[cid]
            assert cell.value == printed and cell.reading != "uncertain", (cid, cell, printed, want)
    errors = {f.rule for f in got.findings if f.severity is Severity.ERROR and f.rule.startswith("review.")}
    assert errors == ({"review.total"} if report.injection else set())


def _split_header(rng: random.Random) -> list[str]:
    """The 15 headings cut in two over two lines ("结果" / "维持"), one half printed as the grid's
    header; a converter often drops the one-line 总计 cells from it."""
    half = rng.choice((0, 1))
    heads = [h[:2] if half == 0 else h[2:] or h for h in HEADS] * 3
    if rng.random() < 0.6:
        heads = [h for h in heads if h != "总计"]
    return heads


@pytest.mark.parametrize("seed", range(10))
def test_one_value_line_under_a_split_header(seed: int) -> None:
    inject = "review_part" if seed % 3 == 0 else None
    report = make_report(7500 + seed, "2021" if seed % 2 else "2019", "markdown", traditional=False,
                         encoding="utf-8", crlf=False, inject=inject)
    rng = random.Random(seed)
    t = report.tables
    values = [t.raw[f"review/{r}/{c}"].strip() or "—" for r in ("review", "suit_direct", "suit_after_review")
              for c in ("upheld", "corrected", "other", "pending", "total")]
    heads = _split_header(rng)
    block = ["行政复议行政诉讼", "未经复议直接起诉复议后起诉", "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads),
             "| " + " | ".join(values) + " |", "|" + "---|" * len(values), ""]
    lines = report.text.split("\n")
    head = next(i for i, ln in enumerate(lines) if ln.lstrip("# ").startswith("四") and "复议" in ln)
    end = next(i for i, ln in enumerate(lines) if i > head and ln.lstrip("# ").startswith("五"))
    got = audit_text("\n".join([*lines[: head + 1], *block, *lines[end:]]), "split.md")
    for cid, printed in t.values.items():
        if cid.startswith("review/"):
            _, row, col = cid.split("/")
            cell = got.tables["review"].cells[(row, col)]
            assert cell.value == printed and cell.reading != "uncertain", (cid, cell, printed, "\n".join(block))
    errors = {f.rule for f in got.findings if f.severity is Severity.ERROR and f.rule.startswith("review.")}
    assert bool(errors) == bool(report.injection)
