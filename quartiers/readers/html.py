"""HTML (an export from a CMS or a word processor, or text copied from one) → blocks.

The standard library's parser gives each tag's source line, which is all our provenance needs:
`<hN>` become headings, `<p>`/`<div>` paragraphs, `<ul>`/`<ol>` lists, `<table>` tables whose
cells keep their grid column through `colspan` and `rowspan`, a definition list's `<dt>`/`<dd>`
pairs "label : value" paragraphs, as a field is written in a text. Inside a cell, `<li>` and `<br>`
stay as item marks for the cell parsers. Figures, images, navigation and scripts are furniture.
Every non-blank source line ends in a block: a line that held only tags is markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from quartiers.blocks.lists import SUB_GLYPH, item_start
from quartiers.document import (
    Block,
    Cell,
    Furniture,
    FurnitureBlock,
    Heading,
    Line,
    ListBlock,
    ListItem,
    Paragraph,
    Row,
    Table,
)
from quartiers.span import Span
from quartiers.textnorm import clean, clean_line, guillemet_bullets

_BLOCK_TAGS = re.compile(
    r"^\s*<(p|h[1-6]|ul|ol|li|dl|dt|dd|table|tr|td|th|div|section|article|figure)\b", re.I
)
_SKIP = {"script", "style", "nav", "figure", "head", "title", "noscript", "svg"}


def looks_like_html(lines: list[Line]) -> bool:
    """Text whose lines are mostly HTML blocks (copied from a web page), not the HTML fragments
    that PDF extraction leaves inside table cells."""
    content: list[Line] = []
    depth = 0  # raw HTML tables in a Markdown text (pandoc's GitHub Markdown) do not count
    for ln in lines:
        opened = len(re.findall(r"<table\b", ln.text, re.I))
        closed = len(re.findall(r"</table\s*>", ln.text, re.I))
        if not ln.blank and depth == 0 and not opened:
            content.append(ln)
        depth = max(0, depth + opened - closed)
    if not content:
        return any(not ln.blank for ln in lines)  # nothing but tables: HTML
    tagged = sum(1 for ln in content if _BLOCK_TAGS.match(ln.text))
    return tagged >= 0.3 * len(content)


@dataclass
class _Open:
    tag: str
    line: int
    text: list[str] = field(default_factory=list)
    level: int = 1  # an item's: 2 and more for a list inside an item
    dd_line: int = 0  # a definition's term given its value: where the value opens


@dataclass
class _TableBuild:
    line: int
    rows: list[Row] = field(default_factory=list)
    row: list[Cell] | None = None
    row_line: int = 0
    col: int = 0
    pending: dict[int, int] = field(default_factory=dict)  # column -> rows it still spans
    cell: _Open | None = None
    cell_col: int = 0
    lists: int = 0  # the lists open inside the cell
    colspan: int = 1
    inner: int = 0  # the tables open inside the cell, their rows lines of its text


# the value of a definition list's term opening with an action's field: the term is an item
_DETAILS_AFTER_TERM = re.compile(
    r"\s:\s(?=(?:partenaires?|pilotes?|porteurs?|[ée]ch[ée]ances?|calendrier|public)\b[^:]{0,30}:)",
    re.I,
)
# a table that lays out the page (a map beside a portrait's table): its cells are the body's
_LAYOUT = "layout"


class _TableShapes(HTMLParser):
    """A first pass: which tables, by their order in the file, lay out the page, their cells'
    paragraphs and tables read as the body's: a table of one or two rows holding another table
    in a cell (a word processor's way of putting a map's caption beside a portrait), a table of
    one cell (a framed box: LibreOffice exports a text frame so)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[int] = []
        self.rows: dict[int, int] = {}
        self.cells: dict[int, int] = {}
        self.nesting: set[int] = set()
        self.count = 0
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "table":
            if self.open:
                self.nesting.add(self.open[-1])
            self.open.append(self.count)
            self.rows[self.count] = self.cells[self.count] = 0
            self.count += 1
        elif tag == "tr" and self.open:
            self.rows[self.open[-1]] += 1
        elif tag in {"td", "th"} and self.open:
            self.cells[self.open[-1]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.open and not self.skip:
            self.open.pop()

    @property
    def layouts(self) -> set[int]:
        boxes = {n for n, cells in self.cells.items() if cells == 1 and self.rows[n] <= 1}
        return {n for n in self.nesting if self.rows[n] <= 2} | boxes


class _Builder(HTMLParser):
    def __init__(self, layouts: set[int] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.layouts = layouts or set()
        self.tables: list[_TableBuild | str] = []  # open, innermost last
        self.table_no = 0
        self.blocks: list[Block] = []
        self.block: _Open | None = None  # an open paragraph or heading
        self.list_items: list[ListItem] = []
        self.list_line = 0
        self.lists = 0  # the lists open (a list inside an item: 2)
        self.item: _Open | None = None
        self.skip = 0
        self.skip_line = 0

    @property
    def line(self) -> int:
        return self.getpos()[0]

    @property
    def table(self) -> _TableBuild | None:
        """The innermost table open, None outside tables and in a layout table's cells."""
        top = self.tables[-1] if self.tables else None
        return top if isinstance(top, _TableBuild) else None

    @property
    def in_layout(self) -> bool:
        return bool(self.tables) and self.tables[-1] == _LAYOUT

    # -- text sinks --------------------------------------------------------------------------
    def _sink(self) -> list[str] | None:
        if self.table and self.table.cell:
            return self.table.cell.text
        if self.item:
            return self.item.text
        if self.block:
            return self.block.text
        return None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        sink = self._sink()
        if sink is not None:
            sink.append(data)
        elif data.strip():  # text outside any block: a paragraph of its own
            self.blocks.append(Paragraph(Span.of(self.line), [], clean(data)))

    # -- tags --------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if not self.skip:
                self.skip_line = self.line
            self.skip += 1
            return
        if self.skip:
            return
        t = self.table
        if tag == "table":
            no, self.table_no = self.table_no, self.table_no + 1
            if no in self.layouts:
                self._close_block()
                self.tables.append(_LAYOUT)
                return
        if self.in_layout and tag in {"tr", "td", "th"}:
            self._close_block()  # a layout cell's text is paragraphs of its own
            return
        if t is not None and t.cell is not None:
            if tag == "table":
                t.inner += 1  # a table in a data cell: its rows are lines of the cell
            elif tag == "tr" and t.inner:
                t.cell.text.append(" <br> ")
            elif tag in {"td", "th"} and t.inner:
                t.cell.text.append(" ")
            elif tag in {"ul", "ol"}:
                t.lists += 1
            elif tag == "li":  # an item of a list inside an item details it, as "◦" does
                t.cell.text.append(" <li>" if t.lists < 2 else f" {SUB_GLYPH} ")
            elif tag == "br" or (tag == "p" and _opens_a_line("".join(t.cell.text))):
                t.cell.text.append(" <br> ")
            return
        if tag == "table":
            self._close_block()
            self.tables.append(_TableBuild(self.line))
        elif tag == "tr" and t is not None:
            t.row, t.row_line, t.col = [], self.line, 0
        elif tag in {"td", "th"} and t is not None:
            if t.row is None:
                t.row, t.row_line, t.col = [], self.line, 0
            while t.pending.get(t.col, 0) > 0:  # a cell of a row above spans this column
                t.col += 1
            span = dict(attrs)
            t.colspan = _int(span.get("colspan"))
            rowspan = _int(span.get("rowspan"))
            for c in range(t.col, t.col + t.colspan):
                if rowspan > 1:
                    t.pending[c] = rowspan
            t.cell, t.cell_col = _Open(tag, self.line), t.col
        elif re.fullmatch(r"h[1-6]", tag):
            self._close_block()
            self.block = _Open(tag, self.line)
        elif tag in {"ul", "ol"}:
            self._close_block()
            self.lists += 1
            if not self.list_items:
                self.list_line = self.line
        elif tag == "li":
            self._close_item()
            self.item = _Open(tag, self.line, level=self.lists)
        elif tag == "dl":
            self._close_block()
        elif tag == "dt" or (tag == "dd" and not self._defining()):
            self._close_block()
            self.block = _Open(tag, self.line)
        elif tag == "dd":  # the value of the term just given: one "label : value" field
            assert self.block is not None
            self.block.tag = "dd"
            self.block.dd_line = self.line
            self.block.text.append(" : ")
        elif tag in {"p", "div", "blockquote"}:
            if self.block is not None and self.block.tag in {"dt", "dd"}:
                return  # a term's or a value's own paragraph: the field goes on
            if self.item is None:
                self._close_block()
                self.block = _Open(tag, self.line)
        elif tag == "br":
            sink = self._sink()
            if sink is not None:
                sink.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            if not self.skip:
                self.blocks.append(
                    FurnitureBlock(
                        Span(self.skip_line, max(self.skip_line, self.line)), Furniture.MARKUP, tag
                    )
                )
            return
        if self.skip:
            return
        if self.in_layout and tag in {"tr", "td", "th", "table"}:
            self._close_block()
            if tag == "table":
                self.tables.pop()
            return
        t = self.table
        if t is not None and t.inner and tag in {"tr", "td", "th", "table"}:
            if tag == "table":
                t.inner -= 1
            return
        if t is not None:
            if tag in {"ul", "ol"} and t.cell is not None:
                t.lists = max(0, t.lists - 1)
            elif tag in {"td", "th"} and t.cell is not None:
                # a newline in the source is a space, as a browser shows it: only <br>, <p>
                # and <li> break a cell into lines
                text = _squeeze("".join(t.cell.text).replace("\n", " "))
                text = re.sub(r"^(\s*<br>\s*)+|(\s*<br>\s*)+$", "", text)
                if t.row is not None:
                    t.row.append(Cell(t.cell_col, text, Span(t.cell.line, self.line), t.colspan))
                t.col += t.colspan
                t.cell, t.lists = None, 0
            elif tag == "tr" and t.row is not None:
                t.rows.append(Row(t.row, Span(t.row_line, self.line)))
                t.row = None
                t.pending = {c: n - 1 for c, n in t.pending.items() if n > 1}
            elif tag == "table":
                rows = [Row([c for c in r.cells if c.text], r.span) for r in t.rows]
                rows = [r for r in rows if r.cells]
                columns = max((c.col + c.col_span for r in rows for c in r.cells), default=0)
                span = Span(t.line, self.line)
                in_rows = {no for r in rows for no in r.span.lines()}
                markup = [(no, Furniture.MARKUP) for no in span.lines() if no not in in_rows]
                self.blocks.append(Table(span, rows, columns, "html", markup))
                self.tables.pop()
            return
        if tag == "dt" and self.block is not None and self.block.tag == "dt":
            return  # the term waits for its value
        if tag == "dl":
            self._close_block()
        if self.block is not None and tag == self.block.tag:
            self._close_block()
        elif tag == "li":
            self._close_item()
        elif tag in {"ul", "ol"}:
            self._close_item()
            self.lists = max(0, self.lists - 1)
            if self.list_items:
                items = self.list_items
                self.blocks.append(ListBlock(Span(items[0].span.first, self.line), items))
                self.list_items = []

    def _defining(self) -> bool:
        """Whether a term is open, waiting for its `<dd>`."""
        return (
            self.block is not None
            and self.block.tag == "dt"
            and bool("".join(self.block.text).strip())
        )

    # -- closing -----------------------------------------------------------------------------
    def _close_block(self) -> None:
        b, self.block = self.block, None
        if b is None:
            return
        text = clean(" ".join("".join(b.text).split("\n")))
        if not text:
            return
        span = Span(b.line, max(b.line, self.line))
        if b.tag.startswith("h") and b.tag[1:].isdigit():
            from quartiers.blocks.headings import numbered

            n = numbered(text)
            numbering, title = (n[0], n[1]) if n else (None, text)
            self.blocks.append(Heading(span, title, int(b.tag[1]), numbering, "html"))
        elif b.tag == "dd" and (details := _DETAILS_AFTER_TERM.search(text)):
            # "<dt>Organiser une permanence …</dt><dd>Partenaires : … · Échéance : …</dd>": an
            # action, its details: an item, then the fields under it, as a text writes them
            item = text[: details.start()].strip()
            opened = min(max(b.dd_line, span.first), span.last)
            term = Span(span.first, max(span.first, opened - 1))
            value = Span(opened if opened > term.last else term.last, span.last)
            self.blocks.append(ListBlock(term, [ListItem(item, term, "dt", "html")]))
            rest = text[details.end() :].strip()
            self.blocks.append(Paragraph(value, [Line(value.first, rest)], rest))
        else:
            lines = [Line(span.first, text)]
            self.blocks.append(Paragraph(span, lines, text))

    def _close_item(self) -> None:
        it, self.item = self.item, None
        if it is None:
            return
        text = clean(" ".join("".join(it.text).split("\n")))
        if text:
            # an item of a list inside an item: marked as a word processor's second level
            marker = "li" if it.level <= 1 else SUB_GLYPH
            self.list_items.append(
                ListItem(text, Span(it.line, max(it.line, self.line)), marker, "html")
            )


def _opens_a_line(cell: str) -> bool:
    """Whether a `<p>` inside a cell starts a new line: not the cell's first, nor an item's own
    paragraph ("<li><p>…")."""
    text = cell.strip()
    return bool(text) and not text.endswith("<li>")


def _squeeze(text: str) -> str:
    """Spaces collapsed, item marks (`<li>`, `<br>`) kept for the cell parsers."""
    return re.sub(r"\s+", " ", clean_line(text)).strip()


def _int(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def read_blocks(lines: list[Line]) -> list[Block]:
    """Blocks of consecutive source lines (a whole file, or a region of one: the parser's line
    numbers are made the source's by the newlines before the region)."""
    text = "\n" * (lines[0].no - 1 if lines else 0) + "\n".join(ln.text for ln in lines)
    shapes = _TableShapes()
    shapes.feed(text)
    shapes.close()
    b = _Builder(shapes.layouts)
    b.feed(text)
    b.close()
    b._close_block()
    blocks = _contents(_paragraph_lists(sorted(b.blocks, key=lambda x: x.span.first)))
    covered = {no for x in blocks for no in x.span.lines()}
    for ln in lines:
        if not ln.blank and ln.no not in covered:
            blocks.append(FurnitureBlock(Span.of(ln.no), Furniture.MARKUP, ln.text.strip()))
    return sorted(blocks, key=lambda x: x.span.first)


def _paragraph_lists(blocks: list[Block]) -> list[Block]:
    """Paragraphs opened by a bullet glyph are list items, consecutive ones one list: an author
    who typed "• " (or "» ") before each line, Word's HTML export of a list ("<p
    class=MsoListParagraph>·&nbsp;&nbsp; …")."""
    out: list[Block] = []
    for blk in blocks:
        opened = None
        if isinstance(blk, Paragraph):
            opened = item_start(guillemet_bullets([blk.text])[0])
        if opened is None or opened[1] != "bullet":
            out.append(blk)
            continue
        item = ListItem(opened[2], blk.span, opened[0], "bullet")
        last = out[-1] if out else None
        if isinstance(last, ListBlock) and last.items[-1].marker_kind == "bullet":
            out[-1] = ListBlock(Span(last.span.first, blk.span.last), [*last.items, item])
        else:
            out.append(ListBlock(blk.span, [item]))
    return out


def _contents(blocks: list[Block]) -> list[Block]:
    """The entries under a "Sommaire" heading, written as paragraphs "Titre<TAB>4" (the tab
    shown as a space), are a table of contents, as in a text: furniture, not headings."""
    from quartiers.blocks import toc

    out: list[Block] = []
    listing = False
    for blk in blocks:
        if isinstance(blk, Heading):
            listing = toc.is_title(blk.title)
        elif listing and isinstance(blk, Paragraph) and toc.is_entry(blk.text):
            out.append(FurnitureBlock(blk.span, Furniture.TOC, blk.text))
            continue
        elif not isinstance(blk, FurnitureBlock):
            listing = False
        out.append(blk)
    return out
