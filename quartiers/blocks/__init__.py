"""Block rules: source lines → blocks, after markdown-it-py's block parser — a chain of small
rules tried in order at each line over a shared state; the first that matches consumes its
lines and emits a block. Each rule lives in its own module and is tested alone."""

from __future__ import annotations

import re
from collections.abc import Callable

from quartiers.blocks import (
    furniture,
    headings,
    html_blocks,
    lists,
    paragraphs,
    quotes,
    spaced,
    tables,
    toc,
    wikitables,
)
from quartiers.blocks.state import BlockState
from quartiers.document import Block, Furniture, FurnitureBlock, Line
from quartiers.span import Span
from quartiers.textnorm import strip_markup

_RULE_LINE = re.compile(r"^\s*([-*_=~])(?:\s*\1){2,}\s*$")
# AsciiDoc's markup lines: attributes (":toc: left", lower case: reStructuredText's field
# lists, ":Statut: …", are content), block attributes, table fences, images, conditionals
_ASCIIDOC = re.compile(
    r"^(?::!?[a-z][a-z0-9_-]*!?:(?:\s.*)?|\[[\w#.%, =\"'-]*\]|\|={3,}|image::\S+\[.*\]|(?:ifn?def|endif)::.*)\s*$"
)

# org-mode's settings and block fences ("#+OPTIONS: toc:nil", "#+BEGIN_QUOTE"), drawers' fences
_ORG_MARKUP = re.compile(
    r"^\s*(?:#\+(?!title\s*:)\w+(?:\[.*\])?:?.*|:(?:PROPERTIES|END):)\s*$", re.I
)


def furniture_rule(state: BlockState) -> bool:
    line = state.lines[state.pos]
    what = state.furniture.get(line.no)
    if what is None:
        return False
    state.blocks.append(FurnitureBlock(Span.of(line.no), what, line.text.strip()))
    state.pos += 1
    return True


def separator_rule(state: BlockState) -> bool:
    line = state.lines[state.pos]
    if tables.starts_ruled(state, state.pos):
        return False  # the rule of a pandoc table: the table rule reads it
    if _RULE_LINE.match(line.text):
        what = Furniture.SEPARATOR
    elif (
        not strip_markup(line.text).strip("* ")
        or _ASCIIDOC.match(line.text)
        or (state.org and _ORG_MARKUP.match(line.text))
    ):
        what = Furniture.MARKUP  # "<ul>", "** ** **", "<p></p>", AsciiDoc's "|===", ":toc:"
    else:
        return False
    state.blocks.append(FurnitureBlock(Span.of(line.no), what, line.text.strip()))
    state.pos += 1
    return True


def interrupts(state: BlockState, i: int) -> bool:
    """Whether line i opens a block of its own, ending a paragraph or a list item."""
    text = state.text(i)
    return (
        state.is_furniture(i)
        or state.lines[i].no in state.spaced
        or toc.is_title(text)
        or bool(_RULE_LINE.match(text))
        or bool(_ASCIIDOC.match(text))
        or html_blocks.starts(text)
        or wikitables.starts(state, i)
        or tables.starts_table(state, i)
        or headings.is_heading(text)
        or headings.org(state, i) is not None
        or headings.has_first_child(state, i)
        or lists.item_start(text) is not None
        or lists.lone_marker(state, i) is not None
        or headings.number_then_title(state, i) is not None
    )


RULES: list[Callable[[BlockState], bool]] = [
    furniture_rule,
    toc.rule,
    spaced.rule,
    html_blocks.rule,
    wikitables.rule,
    separator_rule,
    tables.rule,
    headings.rule,
    lambda s: lists.rule(s, interrupts),
    lambda s: paragraphs.rule(s, interrupts),
]


def parse(
    lines: list[Line],
    page_breaks: set[int] | None = None,
    html_reader: Callable[[list[Line]], list[Block]] | None = None,
) -> list[Block]:
    breaks = page_breaks or set()
    lines, titles = spaced.unspace(lines)
    lines, marks_only = quotes.unquote(lines)
    found = furniture.detect(lines, breaks)
    found.update({no: Furniture.MARKUP for no in marks_only})
    state = BlockState(lines, breaks, found, html_reader=html_reader, spaced=titles)
    while state.pos < len(state):
        if state.blank(state.pos):
            state.pos += 1
            continue
        before = state.pos
        if not any(rule(state) for rule in RULES) or state.pos == before:
            raise AssertionError(f"no block rule consumed line {state.lines[before].no}")
    return state.blocks
