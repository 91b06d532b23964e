"""Format readers: a source file → one `Document` (lines for provenance, blocks for the
parsers), whatever its format. Text extracted from PDF or exported from Word (tabs, `|` and
Markdown tables, column layouts, HTML fragments in cells) is read by the block rules of
`blocks`; HTML (a `.html` file, or text that is mostly HTML blocks) by `readers.html`."""

from __future__ import annotations

from pathlib import Path

from quartiers import blocks, source
from quartiers.blocks import margin
from quartiers.document import Document, Line
from quartiers.readers import html

__all__ = ["Document", "Line", "read"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def read(path: Path) -> Document:
    src = source.load(path)
    if path.suffix.lower() in HTML_SUFFIXES or html.looks_like_html(src.lines):
        return Document(
            path, src.lines, src.encoding, src.sha256, html.read_blocks(src.lines), "html"
        )
    # a legal text's line numbers in the margin are no line's text: every reader of the
    # document's lines (the block rules, the signatures' and tables' layouts) reads without them
    lines, _ = margin.unnumber(src.lines)
    return Document(
        path,
        lines,
        src.encoding,
        src.sha256,
        blocks.parse(lines, src.page_breaks, html.read_blocks),
    )
