"""The document model: what every format reader produces and every section parser reads.

Shaped after Docling's `DoclingDocument` (texts, section headers, list items, tables as a grid
of cells with spans, page furniture kept apart from the body, provenance on every item), with
one difference that made us write our own rather than use `docling-core`: our provenance is
source *lines* (what the graph's RFC 5147 selectors point to), where Docling's is page +
bounding box; and the model is a handful of frozen-ish dataclasses instead of pydantic models
with pandas behind them. A block never knows the format it came from beyond a `style` tag.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from quartiers.span import Span


@dataclass(frozen=True)
class Line:
    """A source line after decoding and typographic clean-up; `no` is 1-based."""

    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class Furniture(StrEnum):
    """Text that belongs to the page, not to the document's content."""

    PAGE_NUMBER = "page number"
    RUNNING_HEADER = "running header or footer"
    TOC = "table of contents"
    SEPARATOR = "separator"
    MARKUP = "markup only"
    WATERMARK = "watermark"
    COMMENT = "reviewer's comment"


@dataclass
class Block:
    span: Span

    @property
    def kind(self) -> str:
        return type(self).__name__.lower()


@dataclass
class Heading(Block):
    """A heading: `numbering` as written ("2.3.", "II.", "A)"), `level` from the numbering or the
    Markdown depth (1 when nothing says), `title` without numbering or markup."""

    title: str
    level: int = 1
    numbering: str | None = None
    marker: str = "plain"  # plain | numbered | markdown | html | glyph | …


@dataclass
class Paragraph(Block):
    """Consecutive non-blank lines. `lines` keeps each physical line (a parser reading
    `label : value` fields wants them); `text` joins them, repairing hyphenated line breaks."""

    lines: list[Line]
    text: str


@dataclass
class ListItem:
    text: str
    span: Span
    marker: str  # the glyph or number as written: "•", "-", "1.", "a)", "li"
    marker_kind: str  # bullet | number | letter | html
    indent: int = 0  # leading spaces: nested items are indented more


@dataclass
class ListBlock(Block):
    items: list[ListItem]


@dataclass
class Cell:
    """A table cell: its column in the table's grid, its text, the line(s) it came from.
    `col_span` > 1 when the cell covers several grid columns (a header over two columns)."""

    col: int
    text: str
    span: Span
    col_span: int = 1


@dataclass
class Row:
    """A physical table row: one source line for tab, pipe and Markdown tables, one line of a
    column layout. Rows that continue a cell (wrapped text, empty leading cells meaning "same as
    above", a row cut by a page break) are kept as rows: only the section parser knows, from the
    meaning of its columns, which cell a fragment completes."""

    cells: list[Cell]
    span: Span

    def text(self) -> str:
        return " ".join(c.text for c in self.cells)

    def by_col(self) -> dict[int, Cell]:
        return {c.col: c for c in self.cells}


@dataclass
class Table(Block):
    rows: list[Row]
    columns: int
    style: str  # tab | pipe | layout | ruled | grid | csv | html
    furniture: list[tuple[int, Furniture]] = field(default_factory=list)  # lines inside, not rows


@dataclass
class FurnitureBlock(Block):
    what: Furniture
    text: str


@dataclass
class Document:
    """A source document read into lines (for provenance and accounting) and blocks (for the
    parsers). Every non-blank line is in exactly one block, furniture included."""

    path: Path
    lines: list[Line]
    encoding: str
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    format: str = "text"

    @property
    def stem(self) -> str:
        return self.path.stem

    def line(self, no: int) -> Line:
        return self.lines[no - 1]

    def body(self) -> Iterator[Block]:
        """The blocks that carry content (furniture left out)."""
        return (b for b in self.blocks if not isinstance(b, FurnitureBlock))
