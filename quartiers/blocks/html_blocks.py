"""Rule: a raw HTML table inside a text document (pandoc's GitHub Markdown writes a table whose
cells hold lists or span rows as `<table>…</table>`, as markdown-it-py's `html_block` rule
reads it): the lines from `<table>` to its closing tag are read by the HTML reader the format
reader hands to the block rules (blocks never import a reader), with their own line numbers."""

from __future__ import annotations

import re

from quartiers.blocks.state import BlockState

_OPEN = re.compile(r"<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>", re.I)
MAX_LINES = 5000  # a table left open must not swallow the document


def starts(text: str) -> bool:
    return bool(re.match(r"^\s*<table\b", text, re.I))


def rule(state: BlockState) -> bool:
    i = state.pos
    if state.html_reader is None or not starts(state.text(i)):
        return False
    depth = 0
    for j in range(i, min(len(state), i + MAX_LINES)):
        text = state.text(j)
        depth += len(_OPEN.findall(text)) - len(_CLOSE.findall(text))
        if depth <= 0:
            state.blocks.extend(state.html_reader(state.lines[i : j + 1]))
            state.pos = j + 1
            return True
    return False
