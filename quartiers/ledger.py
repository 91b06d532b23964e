"""Line accounting: every non-blank source line ends up represented, kept as text, ignored
with a reason, or reported as not understood. Nothing is dropped silently."""

from __future__ import annotations

from dataclasses import replace

from quartiers.document import Document, Paragraph
from quartiers.model import LineUse, QualityNote, Span

_RANK = {LineUse.NOT_UNDERSTOOD: 0, LineUse.IGNORED: 1, LineUse.TEXT: 2, LineUse.REPRESENTED: 3}


class Ledger:
    def __init__(self, doc: Document):
        self.doc = doc
        self.uses: dict[int, tuple[LineUse, str]] = {}
        self.notes: list[QualityNote] = []
        # a paragraph line that stands for several source lines (an HTML element written over
        # several lines): a use of its line is a use of them all
        self.extent = {
            b.span.first: b.span.last
            for b in doc.blocks
            if isinstance(b, Paragraph) and len(b.lines) == 1 and b.span.last > b.span.first
        }

    def _extended(self, where: Span | int) -> Span:
        span = Span(where, where) if isinstance(where, int) else where
        if span.first == span.last and span.first in self.extent:
            span = Span(span.first, self.extent[span.first])
        return span

    def mark(self, where: Span | int, use: LineUse, what: str) -> None:
        """Record a use; a line claimed twice keeps its most informative use."""
        span = self._extended(where)
        for no in span.lines():
            if self.doc.line(no).blank:
                continue
            old = self.uses.get(no)
            if old is None or _RANK[use] > _RANK[old[0]]:
                self.uses[no] = (use, what)

    def withdraw(self, span: Span, use: LineUse, what: str) -> None:
        """A representation taken back (a paraphrase of a figure given elsewhere): its lines
        are `use` now."""
        for no in self._extended(span).lines():
            if self.uses.get(no, (None,))[0] == LineUse.REPRESENTED:
                self.uses[no] = (use, what)

    def note(self, note: QualityNote, *, understood: bool = True) -> None:
        if not understood:  # the note names every line it leaves not understood
            note = replace(note, span=self._extended(note.span))
            self.mark(note.span, LineUse.NOT_UNDERSTOOD, note.kind)
        self.notes.append(note)

    def unaccounted(self) -> list[int]:
        return [ln.no for ln in self.doc.lines if not ln.blank and ln.no not in self.uses]

    def close(self) -> dict[int, tuple[LineUse, str]]:
        """Any line no parser claimed is reported as not understood."""
        for no in self.unaccounted():
            text = self.doc.line(no).text.strip()
            self.notes.append(
                QualityNote("unparsed", "line not understood by any parser", Span(no, no), text)
            )
            self.uses[no] = (LineUse.NOT_UNDERSTOOD, "unparsed")
        return dict(sorted(self.uses.items()))
