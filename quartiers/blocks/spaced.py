"""Letter-spaced titles: a word processor's spaced capitals or small caps come out of pdftotext
one letter at a time ("P R É A M B U L E", "O B J E C T I F S      P O U R S U I V I S"), the
words set apart by wider gaps that look like a column layout's. Such a line is read as the
words it spells before any block rule sees it."""

from __future__ import annotations

import re

from quartiers.blocks.headings import numbered
from quartiers.blocks.state import BlockState
from quartiers.document import Heading, Line
from quartiers.span import Span


def _spelled(text: str) -> str | None:
    """The words a letter-spaced line spells, or None: the groups of characters between gaps
    of two spaces or more are letters one space apart (a kerned pair, "AT", "TA", may stick
    together), one word at least of four letters (a row of ticks or of one-letter cells is no
    title), none longer than a French word gets (the gaps between words lost too)."""
    body = text.strip(" \t\f")
    groups = [g.split(" ") for g in re.split(r" {2,}", body)] if body else []
    tokens = [t for g in groups for t in g]
    if not tokens or any(not t or len(t) > 3 for t in tokens):
        return None
    if max(len(g) for g in groups) < 4 or sum(len(t) == 1 for t in tokens) < 0.75 * len(tokens):
        return None
    if sum(c.isalpha() for t in tokens for c in t) < 0.8 * sum(len(t) for t in tokens):
        return None
    words = ["".join(g) for g in groups]
    if max(len(w) for w in words) > 18:
        return None  # the word gaps lost too ("CONTRATDEVILLE…"): no words to read
    return " ".join(words)


def unspace(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """The lines, each letter-spaced one replaced by the words it spells (its lead kept: a
    form feed still opens the page), and the numbers of those lines."""
    out = list(lines)
    found: set[int] = set()
    for k, line in enumerate(lines):
        words = _spelled(line.text)
        if words is not None:
            lead = line.text[: len(line.text) - len(line.text.lstrip(" \t\f"))]
            out[k] = Line(line.no, lead + words)
            found.add(line.no)
    return out, found


def rule(state: BlockState) -> bool:
    """A letter-spaced line is a title (a word processor's heading style); the letter-spaced
    lines right under it are the rest of it ("OBJECTIFS POURSUIVIS SUR LE" / "QUARTIER")."""
    i = state.pos
    if state.lines[i].no not in state.spaced:
        return False
    j = i + 1
    while j < len(state) and state.lines[j].no in state.spaced:
        j += 1
    title = " ".join(state.text(k).strip(" \t\f") for k in range(i, j))
    n = numbered(title)
    numbering, title = (n[0], n[1]) if n else (None, title)
    span = Span(state.lines[i].no, state.lines[j - 1].no)
    state.blocks.append(Heading(span, title, 1, numbering, "spaced"))
    state.pos = j
    return True
