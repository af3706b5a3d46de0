"""Generated HTML reports as web-archive text: the page's ``textContent``, cells run together.

Archived pages keep only the text of the page: a table's cells follow each other with nothing
between them, unless the page's source had white space between its tags. ``flatten`` does the
same to a generated page: ``none`` joins every text node, ``some`` puts a space between about one
pair of cells in four, ``lines`` breaks lines at paragraphs only. A blank cell prints nothing,
or its mark ("—", "/") where the page prints one.
"""

from __future__ import annotations

import random

import lxml.html

MODES = ("none", "some", "lines")
_BLOCK = {"p", "div", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "li", "br", "tbody", "thead"}
_PARAGRAPH = {"p", "div", "h1", "h2", "h3", "h4"}


def flatten(html: str, rng: random.Random, mode: str) -> str:
    """The text of ``html`` as an archive keeps it, in one of ``MODES``."""
    if mode not in MODES:
        raise ValueError(mode)
    root = lxml.html.fromstring(html)
    for drop in root.xpath("//script|//style|//head"):
        drop.getparent().remove(drop)
    out: list[str] = []

    def gap(tag: str) -> str:
        if mode == "some":
            return " " if rng.random() < 0.25 else ""
        if mode == "lines" and tag in _PARAGRAPH:
            return "\n"
        return ""

    def walk(el: lxml.html.HtmlElement) -> None:
        if el.text:
            out.append(el.text.strip())
        for child in el:
            walk(child)
            if isinstance(child.tag, str) and child.tag in _BLOCK:
                out.append(gap(child.tag))
            if child.tail:
                out.append(child.tail.strip())

    walk(root)
    return "".join(out)
