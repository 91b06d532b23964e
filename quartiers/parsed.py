"""What parsing one document has read so far, shared by the parse steps: the document, the
convention being built, its line ledger, the portrait's context and the objectives tables
waiting for the framework."""

from __future__ import annotations

from dataclasses import dataclass, field

from quartiers.document import Document
from quartiers.framework import Candidate
from quartiers.ledger import Ledger
from quartiers.model import Convention, Indicator, Quartier, Span
from quartiers.parsers import columns, objectives, portrait


@dataclass
class Parsed:
    doc: Document
    convention: Convention
    ledger: Ledger
    context: portrait.Context
    tables: list[tuple[Quartier, list[columns.Segment]]] = field(default_factory=list)

    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        for q, segs in self.tables:
            out.extend(objectives.candidates(segs, f"{self.doc.path.name}#{q.name}"))
        return out


def known_figure(text: str, span: Span, parsed: Parsed) -> Indicator | None:
    """An indicator the portrait's vocabulary knows, given as a field ("Surface : 62 ha", a
    table's row "Surface | 48 hectares")."""
    if text.count(" | ") == 1:
        text = text.replace(" | ", " : ")
    ind = portrait.parse_indicator(text, span, parsed.context)
    return ind if ind is not None and ind.known else None
