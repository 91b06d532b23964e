"""The state the block rules share, after markdown-it-py's `StateBlock`: the source lines, a
cursor, the blocks found so far, and the page furniture found by the pre-pass."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quartiers.document import Block, Furniture, Line

# Emacs org-mode: its in-buffer settings ("#+TITLE: …"), or headings two stars deep at the margin
_ORG_KEYWORD = re.compile(r"^#\+(?:title|author|date|options|startup|language|setupfile)\s*:", re.I)
_ORG_SUBHEADING = re.compile(r"^\*{2,} \S")


@dataclass
class BlockState:
    lines: list[Line]
    page_breaks: set[int] = field(default_factory=set)
    furniture: dict[int, Furniture] = field(default_factory=dict)  # line no -> what
    pos: int = 0  # index into `lines`
    blocks: list[Block] = field(default_factory=list)
    # the HTML reader, for raw HTML tables inside a text (given by the format reader)
    html_reader: Callable[[list[Line]], list[Block]] | None = None
    # the glyphs this document sets before its headings (found once by the heading rule)
    heading_glyphs: frozenset[str] | None = None
    # the lines that were titles in letter-spaced capitals ("P R É A M B U L E"; blocks/spaced)
    spaced: set[int] = field(default_factory=set)

    @functools.cached_property
    def hard_wrapped(self) -> bool:
        """Whether the text was wrapped at a page's width (copied from a PDF viewer, extracted
        by pdftotext) rather than written one paragraph per line (a word processor's text
        export): then hardly any line runs past 130 characters."""
        sizes = [len(ln.text.rstrip()) for ln in self.lines if not ln.blank]
        return sum(n > 130 for n in sizes) <= 0.05 * len(sizes)

    @functools.cached_property
    def org(self) -> bool:
        """Whether the text is an Emacs org-mode file, where "* Title" at the margin is a heading
        (its list items are "- " and "+ "), not a Markdown bullet."""
        texts = [ln.text for ln in self.lines]
        return any(_ORG_KEYWORD.match(t) for t in texts) or (
            sum(bool(_ORG_SUBHEADING.match(t)) for t in texts) >= 2
        )

    def __len__(self) -> int:
        return len(self.lines)

    def text(self, i: int) -> str:
        return self.lines[i].text

    def blank(self, i: int) -> bool:
        return self.lines[i].blank

    def is_furniture(self, i: int) -> bool:
        return self.lines[i].no in self.furniture

    def next_content(self, i: int) -> int:
        """Index of the first line at or after `i` that is neither blank nor furniture."""
        while i < len(self.lines) and (self.blank(i) or self.is_furniture(i)):
            i += 1
        return i

    def furniture_between(self, i: int, j: int) -> list[int]:
        """Line numbers of the furniture lines in [i, j)."""
        return [self.lines[k].no for k in range(i, j) if self.is_furniture(k)]
