"""Rule (the last one): a paragraph — consecutive non-blank lines that open no other block.
Lines are kept (a parser reading `label : value` fields wants them) and joined into `text`,
mending words hyphenated across a line break."""

from __future__ import annotations

from collections.abc import Callable

from quartiers.blocks.state import BlockState
from quartiers.document import Line, Paragraph
from quartiers.span import Span
from quartiers.textnorm import clean
from quartiers.wording import join_wrapped


def join(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        piece = clean(ln.text)
        text = join_wrapped(text, piece) if text else piece
    return text


def paragraph(lines: list[Line]) -> Paragraph:
    """A paragraph of these lines (a part of one a parser set apart), joined as this rule
    joins them."""
    return Paragraph(Span(lines[0].no, lines[-1].no), lines, join(lines))


def rule(state: BlockState, interrupts: Callable[[BlockState, int], bool]) -> bool:
    i = state.pos
    lines: list[Line] = []
    while i < len(state) and not state.blank(i) and not state.is_furniture(i):
        if lines and interrupts(state, i):
            break
        lines.append(state.lines[i])
        i += 1
    if not lines:
        return False
    state.blocks.append(paragraph(lines))
    state.pos = i
    return True
