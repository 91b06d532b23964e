"""Format readers: a source file → one `Document` (lines for provenance, blocks for the
parsers), whatever its format. Text extracted from PDF or exported from Word (tabs, `|` and
Markdown tables, column layouts, HTML fragments) is read by the block rules of `blocks`."""

from __future__ import annotations

from pathlib import Path

from quartiers import blocks, source
from quartiers.document import Document, Line

__all__ = ["Document", "Line", "read"]


def read(path: Path) -> Document:
    src = source.load(path)
    return Document(
        path, src.lines, src.encoding, src.sha256, blocks.parse(src.lines, src.page_breaks)
    )
