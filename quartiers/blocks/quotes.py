"""Quoted text: an e-mail's "> " lines, a Markdown blockquote. The quote marks are layout,
not content: the quoted lines are read as any others, and a line holding only the marks
separates paragraphs like a blank line (it is kept in the ledger as markup)."""

from __future__ import annotations

import re

from quartiers.document import Line

_MARKS = re.compile(r"^[ \t]{0,3}((?:>[ \t]?)+)")
MIN_RUN = 2  # one stray ">" line is not a quotation


def unquote(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """The lines with their quote marks removed, and the numbers of the lines that held only
    marks. Only runs of at least MIN_RUN quoted lines are read as a quotation."""
    out = list(lines)
    marks_only: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _MARKS.match(lines[j].text):
            j += 1
        if j - i >= MIN_RUN:
            for k in range(i, j):
                line = lines[k]
                rest = line.text[_MARKS.match(line.text).end() :]  # type: ignore[union-attr]
                if rest.strip():
                    out[k] = Line(line.no, rest)
                else:
                    marks_only.add(line.no)
        i = max(j, i + 1)
    return out, marks_only
