"""Blocks flattened into the units most parsers read: one per physical paragraph line, list
item, table row or inline heading, each with its span. A parser that wants whole paragraphs or
table cells reads the blocks themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quartiers.document import Block, Cell, Heading, ListBlock, Paragraph, Table
from quartiers.span import Span
from quartiers.textnorm import clean


@dataclass
class Unit:
    text: str  # cleaned; table cells joined by " | "
    span: Span
    kind: str  # line | item | row | heading
    marker: str | None = None  # a list item's marker
    cells: list[Cell] | None = None  # a table row's cells
    raw: str = ""  # the text before clean-up (HTML fragments, tabs)
    indent: int = 0  # a list item's indentation


def units(blocks: Iterable[Block]) -> list[Unit]:
    out: list[Unit] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            if not b.lines:  # a demoted heading
                out.append(Unit(clean(b.text), b.span, "line", raw=b.text))
            for ln in b.lines:
                out.append(Unit(clean(ln.text), Span.of(ln.no), "line", raw=ln.text))
        elif isinstance(b, ListBlock):
            for it in b.items:
                out.append(
                    Unit(clean(it.text), it.span, "item", it.marker, raw=it.text, indent=it.indent)
                )
        elif isinstance(b, Table):
            for row in b.rows:
                text = " | ".join(clean(c.text) for c in row.cells)
                raw = "\t".join(c.text for c in row.cells)
                out.append(Unit(text, row.span, "row", cells=row.cells, raw=raw))
        elif isinstance(b, Heading):
            title = f"{b.numbering} {b.title}" if b.numbering else b.title
            out.append(Unit(clean(title), b.span, "heading", raw=title))
    return out


def join_units(us: list[Unit]) -> list[Unit]:
    """Join a unit that starts in lower case to the one before it when that one does not end a
    sentence ("… les enfants du" / "quartier: 79 (…)"), or any unit to one that leaves a
    parenthesis open ("13 480 euros (19" / "870 euros sur l'agglomération)"), as extraction
    wraps lines."""
    out: list[Unit] = []
    for u in us:
        prev = out[-1] if out else None
        if (
            prev is not None
            and u.kind == prev.kind == "line"
            and (
                (u.text[:1].islower() and not prev.text.rstrip().endswith((".", ")", ";")))
                or prev.text.count("(") > prev.text.count(")")
            )
        ):
            out[-1] = Unit(
                prev.text + " " + u.text,
                prev.span.union(u.span),
                "line",
                raw=prev.raw + " " + u.raw,
            )
        else:
            out.append(u)
    return out
