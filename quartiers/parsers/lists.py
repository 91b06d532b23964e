"""Lists (irritants, opportunités, priorities): one item per list item; when the section has no
list at all (some extractions lose the glyphs), one item per line, a line starting in lower case
continuing the one before."""

from __future__ import annotations

from quartiers.document import Block, ListBlock
from quartiers.ledger import Ledger
from quartiers.model import LineUse, TextItem
from quartiers.parsers.units import Unit, join_units, units
from quartiers.textnorm import clean


def parse_list(blocks: list[Block], ledger: Ledger, section: str) -> list[TextItem]:
    us = units(blocks)
    if any(isinstance(b, ListBlock) for b in blocks):
        chosen: list[Unit] = []
        for u in us:
            # a line between items that opens no item continues the item above it
            if u.kind == "item" or not chosen:
                chosen.append(u)
            elif u.kind == "line" and chosen[-1].kind == "item" and u.text[:1].islower():
                last = chosen[-1]
                chosen[-1] = Unit(clean(last.text + " " + u.text), last.span.union(u.span), "item")
            else:
                chosen.append(u)
    else:
        chosen = join_units(us)
    items: list[TextItem] = []
    for u in chosen:
        body = clean(u.text)
        if not body:
            ledger.mark(u.span, LineUse.IGNORED, "empty item")
            continue
        if u.kind in {"item", "line"}:
            items.append(TextItem(body, u.span, len(items) + 1, section))
            ledger.mark(u.span, LineUse.REPRESENTED, section)
        else:  # a table row or heading inside a list section: kept as text
            items.append(TextItem(body, u.span, len(items) + 1, section))
            ledger.mark(u.span, LineUse.REPRESENTED, section)
    return items
