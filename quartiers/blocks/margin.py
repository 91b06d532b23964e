"""Line numbers in the left margin: a legal text's "5", "10", "15" … set before every fifth
line, which pdftotext keeps at the line's start ("10   Artois Lys Romane, approuvé …"). They
count the page's lines, not the text's words: each is taken out (spaces in its place, so that
the line's columns stay where they were) before any block rule reads the line."""

from __future__ import annotations

import re

from quartiers.document import Line

_NUMBERED = re.compile(r"^(?P<lead>[ \t]{0,3})(?P<n>\d{1,3})(?P<gap>[ \t]{2,})(?=\S)")
STEPS = (5, 10)
MIN_RUN = 4  # numbers in a row that make a margin's count, not a list's or a table's figures


def unnumber(lines: list[Line]) -> tuple[list[Line], set[int]]:
    """The lines, the margin's numbers taken out, and the numbers of the lines they were on."""
    matches = {k: m for k, ln in enumerate(lines) if (m := _NUMBERED.match(ln.text))}
    hits = [(k, int(m["n"])) for k, m in matches.items()]
    best = max((_counted(hits, step) for step in STEPS), key=len)
    out = list(lines)
    for k in best:
        m, text = matches[k], lines[k].text
        out[k] = Line(lines[k].no, m["lead"] + " " * len(m["n"]) + text[m.end("n") :])
    return out, {lines[k].no for k in best}


def _counted(hits: list[tuple[int, int]], step: int) -> set[int]:
    """The lines of the runs of numbers rising by `step` (one may start again, on a new page),
    of `MIN_RUN` numbers or more."""
    runs: list[list[int]] = []
    last: int | None = None
    for k, n in hits:
        if n % step:
            continue  # a figure opening a line of text between two of the margin's
        if last is not None and n == last + step:
            runs[-1].append(k)
        else:
            runs.append([k])
        last = n
    return {k for run in runs if len(run) >= MIN_RUN for k in run}
