"""Rule: MediaWiki tables, as a wiki page (an intranet, a wiki export) writes them.

"{|" opens the table and "|}" closes it; "|-" ends a row; "!" starts header cells and "|" data
cells, several on a line after "!!" or "||"; a cell's attributes come before a single "|"
("rowspan=2 | text"); a cell's text runs on over the next lines, where "*" and "#" are list
items. Cells keep their grid column through `colspan` and `rowspan` (a cell spanning rows
leaves the rows below empty in its column, as the HTML reader does), and a cell of several
paragraphs or items is joined with `<br>`, as the cell parsers expect."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quartiers.blocks.state import BlockState
from quartiers.document import Cell, Furniture, Row, Table
from quartiers.span import Span

_OPEN = re.compile(r"^\s*\{\|")
_CLOSE = re.compile(r"^\s*\|\}")
_ROW = re.compile(r"^\s*\|-+")
_CAPTION = re.compile(r"^\s*\|\+")
_CELL = re.compile(r"^\s*[|!](?![}+-])")
_ITEM = re.compile(r"^\s*[*#]+\s*")
# "rowspan=2 style="…" | text": the attributes before the cell's one single bar
_ATTRIBUTES = re.compile(r"^\s*((?:[a-z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s|]+)\s*)+)\|(?!\|)(.*)$")
_SPAN = re.compile(r"\b(row|col)span\s*=\s*[\"']?(\d+)")
_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_EMPHASIS = re.compile(r"'{2,5}")


def starts(state: BlockState, i: int) -> bool:
    """ "{|" opening a table that a "|}" closes further on (a "{|" alone is text)."""
    return bool(_OPEN.match(state.text(i))) and _close(state, i) is not None


def _close(state: BlockState, i: int) -> int | None:
    depth = 0
    for k in range(i, len(state)):
        if _OPEN.match(state.text(k)):
            depth += 1
        elif _CLOSE.match(state.text(k)):
            depth -= 1
            if depth == 0:
                return k
    return None


def _inline(text: str) -> str:
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text)).strip()


@dataclass
class _Open:
    """A cell being read: its attributes, its paragraphs and items, its lines."""

    parts: list[str]
    first: int
    last: int
    colspan: int = 1
    rowspan: int = 1
    item: bool = False  # the last part is a list item (a plain line after it starts a new part)


@dataclass
class _Grid:
    rows: list[Row] = field(default_factory=list)
    cells: list[_Open] = field(default_factory=list)
    pending: dict[int, int] = field(default_factory=dict)  # column -> rows it is still taken
    start: int | None = None

    def cell(self, raw: str, no: int) -> None:
        colspan = rowspan = 1
        if m := _ATTRIBUTES.match(raw):
            spans = {k: int(v) for k, v in _SPAN.findall(m.group(1))}
            colspan, rowspan = spans.get("col", 1), spans.get("row", 1)
            raw = m.group(2)
        text = _inline(raw)
        self.cells.append(_Open([text] if text else [], no, no, colspan, rowspan))
        self.start = no if self.start is None else self.start

    def more(self, text: str, no: int, blank_before: bool) -> None:
        """A line under a cell's first: a list item, a new paragraph, or the paragraph going on."""
        cell = self.cells[-1]
        if not cell.parts:
            cell.first = no  # "|" alone, its text below: the text's line is the cell's
        cell.last = no
        if m := _ITEM.match(text):
            cell.parts.append(_inline(text[m.end() :]))
            cell.item = True
        elif cell.parts and not cell.item and not blank_before:
            cell.parts[-1] = f"{cell.parts[-1]} {_inline(text)}"
        else:
            cell.parts.append(_inline(text))
            cell.item = False

    def end_row(self) -> None:
        if not self.cells:
            return
        out: list[Cell] = []
        below = {k: n - 1 for k, n in self.pending.items() if n > 1}  # rows still taken after
        col = 0
        for c in self.cells:
            while col in self.pending:
                col += 1
            text = " <br> ".join(p for p in c.parts if p)
            if text:
                out.append(Cell(col, text, Span(c.first, c.last), c.colspan))
            if c.rowspan > 1:
                below.update({k: c.rowspan - 1 for k in range(col, col + c.colspan)})
            col += c.colspan
        self.pending = below
        if out:
            first = self.start if self.start is not None else self.cells[0].first
            self.rows.append(Row(out, Span(first, max(c.last for c in self.cells))))
        self.cells, self.start = [], None


def rule(state: BlockState) -> bool:
    i = state.pos
    if not _OPEN.match(state.text(i)) or (j := _close(state, i)) is None:
        return False
    grid = _Grid()
    extra: list[tuple[int, Furniture]] = []
    across: list[int] = []  # rows that are a caption
    for k in range(i, j + 1):
        text, no = state.text(k), state.lines[k].no
        if state.blank(k):
            continue
        if state.is_furniture(k):
            extra.append((no, state.furniture[no]))
        elif k in (i, j) or _ROW.match(text):
            grid.end_row()
            extra.append((no, Furniture.MARKUP))
        elif _CELL.match(text):  # (not "|+", a caption: `_CELL` leaves it out)
            body = text.strip()[1:]
            for raw in re.split(r"\|\||!!" if text.strip()[0] == "!" else r"\|\|", body):
                grid.cell(raw, no)
        elif grid.cells and not _CAPTION.match(text):
            grid.more(text, no, state.blank(k - 1))
        else:
            # "|+ caption", or text before any cell: a row of its own across the table
            grid.end_row()
            before = len(grid.rows)
            grid.cell(re.sub(r"^\s*\|\+", "", text), no)
            grid.end_row()
            across.extend(range(before, len(grid.rows)))
    grid.end_row()
    columns = max((c.col + c.col_span for r in grid.rows for c in r.cells), default=0)
    for r in across:
        grid.rows[r].cells[0].col_span = max(columns, 1)
    span = Span(state.lines[i].no, state.lines[j].no)
    state.blocks.append(Table(span, grid.rows, columns, "wiki", sorted(extra)))
    state.pos = j + 1
    return True
