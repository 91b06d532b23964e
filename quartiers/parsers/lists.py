"""Bulleted lists (irritants, opportunités, priorities, committee members)."""

from __future__ import annotations

from quartiers.ledger import Ledger
from quartiers.model import LineUse, Span, TextItem
from quartiers.parsers.bullets import bullet_text
from quartiers.reader import Line
from quartiers.textnorm import clean


def parse_list(lines: list[Line], ledger: Ledger, section: str) -> list[TextItem]:
    """One item per bullet; a line without a bullet continues the item above it.

    When no line has a bullet, each line is an item (some extractions lose the glyphs).
    """
    content = [ln for ln in lines if not ln.blank]
    has_bullets = any(bullet_text(ln.text) is not None for ln in content)
    items: list[TextItem] = []
    for ln in content:
        text = bullet_text(ln.text)
        if text is None and has_bullets and items:
            prev = items[-1]
            items[-1] = TextItem(
                clean(prev.text + " " + ln.text),
                prev.span.union(Span(ln.no, ln.no)),
                prev.position,
                section,
            )
            continue
        body = clean(text if text is not None else ln.text)
        if not body:
            ledger.mark(ln.no, LineUse.IGNORED, "empty bullet")
            continue
        items.append(TextItem(body, Span(ln.no, ln.no), len(items) + 1, section))
    for item in items:
        ledger.mark(item.span, LineUse.REPRESENTED, section)
    return items
