"""Document → model: runs the section parsers in order over one document.

Parsing happens in two steps because the objectives tables are read against the framework,
which is induced from all the documents converted together: `parse` reads everything it can
on its own, `finish` resolves the tables once the framework is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quartiers.errors import InputError
from quartiers.framework import SAME_CONCEPT, Candidate, Framework, infinitive_split
from quartiers.ledger import Ledger
from quartiers.model import (
    Convention,
    GovernanceBody,
    LineUse,
    QualityNote,
    Quartier,
    RetainedObjective,
    Section,
    Span,
    TextItem,
)
from quartiers.parsers import header, lists, objectives, portrait
from quartiers.parsers.bullets import bullet_text
from quartiers.parsers.governance import parse_governance
from quartiers.parsers.signatures import parse_signatures
from quartiers.reader import Document, Line
from quartiers.sections import GOVERNANCE_PARTS, QUARTIER_PARTS, Block, split
from quartiers.textnorm import clean, fold

_COMMUNE = re.compile(r"^(commune|ville) (de |d'|du )\s*(?P<name>.+)$", re.I)


@dataclass
class Parsed:
    doc: Document
    convention: Convention
    ledger: Ledger
    tables: list[tuple[Quartier, list[objectives.Segment]]] = field(default_factory=list)

    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        for q, segs in self.tables:
            out.extend(objectives.candidates(segs, f"{self.doc.path.name}#{q.name}"))
        return out


def _passages(lines: list[Line], section: str, ledger: Ledger, start: int = 0) -> list[TextItem]:
    out: list[TextItem] = []
    for ln in lines:
        if ln.blank:
            continue
        b = bullet_text(ln.text)
        text = clean(b if b is not None else ln.text.replace("\t", " "))
        if not text:
            ledger.mark(ln.no, LineUse.IGNORED, "markup only")
            continue
        out.append(TextItem(text, Span(ln.no, ln.no), start + len(out) + 1, section))
        ledger.mark(ln.no, LineUse.TEXT, section)
    return out


def _title(block: Block, doc: Document, ledger: Ledger) -> tuple[str, str | None, Span]:
    commune: str | None = None
    contract: str | None = None
    lines = [ln for ln in block.body if not ln.blank]
    for ln in lines:
        text = clean(ln.text).rstrip(" :")
        m = _COMMUNE.match(text)
        if m and commune is None:
            commune = m.group("name").strip()
        elif "contrat de ville" in fold(text) and contract is None:
            contract = text
        elif "convention" not in fold(text):
            continue
        ledger.mark(ln.no, LineUse.REPRESENTED, "title")
    if commune is None:
        raise InputError(
            "not a convention d'application communale: no 'Commune de …' title line",
            doc.path,
            lines[0].no if lines else 1,
        )
    span = Span(lines[0].no, lines[-1].no) if lines else Span(1, 1)
    return commune, contract, span


def parse(doc: Document) -> Parsed:
    ledger = Ledger(doc)
    sp = split(doc.lines)
    for ln in sp.toc:
        ledger.mark(ln.no, LineUse.IGNORED, "table of contents")
    blocks = sp.blocks
    if not any(b.kind == "quartier" for b in blocks):
        first = next((ln.no for ln in doc.lines if not ln.blank), 1)
        raise InputError(
            "not a convention d'application communale: no 'Projet de quartier' section",
            doc.path,
            first,
        )
    commune, contract, title_span = _title(blocks[0], doc, ledger)
    conv = Convention(
        doc.path.name, doc.sha256, doc.encoding, len(doc.lines), commune, contract, title_span
    )
    parsed = Parsed(doc, conv, ledger)
    bodies: dict[str, GovernanceBody] = {}
    quartier: Quartier | None = None
    for block in blocks[1:]:
        assert block.heading is not None
        hspan = Span(block.heading.no, block.heading.no)
        conv.sections.append(Section(block.kind, block.title, hspan))
        ledger.mark(hspan, LineUse.REPRESENTED, "heading")
        if block.kind == "quartier":
            quartier = Quartier(header.quartier_name(block.heading.text), hspan)
            conv.quartiers.append(quartier)
            rest = [
                ln
                for ln in block.body
                if not ln.blank and not header.parse_header_field(ln, quartier, ledger)
            ]
            quartier.passages += _passages(rest, "quartier", ledger, len(quartier.passages))
        elif block.kind in QUARTIER_PARTS and quartier is not None:
            _quartier_part(parsed, quartier, block)
        elif block.kind in GOVERNANCE_PARTS:
            quartier = None
            conv.passages += parse_governance(block.body, block.kind, ledger, bodies)
        elif block.kind == "signataires":
            quartier = None
            conv.signature, passages = parse_signatures(block.body, ledger)
            conv.passages += passages
        else:
            quartier = None if block.kind in {"preambule", "edito"} else quartier
            conv.passages += _passages(block.body, block.kind, ledger, len(conv.passages))
    conv.governance = sorted(bodies.values(), key=lambda b: b.span.first)
    for q in conv.quartiers:
        q.span = Span(
            q.span.first,
            max(
                [q.span.last]
                + [
                    s.span.last
                    for s in conv.sections
                    if s.span.first >= q.span.first
                    and s.kind in QUARTIER_PARTS
                    and not any(
                        o.span.first > q.span.first and o.span.first < s.span.first
                        for o in conv.quartiers
                    )
                ]
            ),
        )
    return parsed


def _quartier_part(parsed: Parsed, q: Quartier, block: Block) -> None:
    ledger = parsed.ledger
    if block.kind in {"portrait", "cartographie"}:
        strict = block.kind == "portrait"
        found, leftovers = portrait.parse_portrait(block.body, ledger, strict=strict)
        q.portrait.indicators += found.indicators
        if found.source:
            q.portrait.source, q.portrait.year = found.source, found.year
        if found.span:
            q.portrait.span = (
                found.span if q.portrait.span is None else q.portrait.span.union(found.span)
            )
        for text, span in leftovers:
            q.passages.append(TextItem(text, span, len(q.passages) + 1, block.kind))
            ledger.mark(span, LineUse.TEXT, block.kind)
    elif block.kind == "irritants":
        q.irritants += lists.parse_list(block.body, ledger, "irritant")
    elif block.kind == "opportunites":
        q.opportunities += lists.parse_list(block.body, ledger, "opportunite")
    elif block.kind == "priorites":
        q.priorities += lists.parse_list(block.body, ledger, "priorite")
    elif block.kind == "objectifs":
        segs = objectives.read_table(block.body, ledger)
        parsed.tables.append((q, segs))
        before = []
        for ln in block.body:
            if objectives.is_enjeu_header(ln.text):
                break
            before.append(ln)
        q.passages += _passages(before, "objectifs", ledger, len(q.passages))


def finish(parsed: Parsed, fw: Framework) -> Convention:
    """Resolve the objectives tables against the framework and close the line accounting."""
    ledger = parsed.ledger
    for q, segs in parsed.tables:
        q.rows = objectives.resolve(segs, fw, ledger)
        q.retained = _retain(q, fw, ledger)
    conv = parsed.convention
    conv.line_use = ledger.close()
    conv.notes = ledger.notes
    return conv


def _retain(q: Quartier, fw: Framework, ledger: Ledger) -> list[RetainedObjective]:
    """One retained objective per framework objective; a merged cell retains each objective."""
    retained: dict[str, RetainedObjective] = {}
    for row in q.rows:
        parts = infinitive_split(row.objective_text)
        if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts):
            ledger.note(
                QualityNote(
                    "merged_cell",
                    f"one cell holds {len(parts)} objectives: split; the actions go to the first",
                    row.span,
                    row.objective_text,
                )
            )
        else:
            parts = [row.objective_text]
        for i, text in enumerate(parts):
            m = fw.match_objective(text)
            if m.key is None or m.score < SAME_CONCEPT:
                ledger.note(
                    QualityNote(
                        "unmatched_objective",
                        "objective not found in the framework",
                        row.span,
                        text,
                    )
                )
                continue
            if m.score < 100:
                ledger.note(
                    QualityNote(
                        "fuzzy_match",
                        f"objective matched at {m.score:.0f}% to '{fw.objectives[m.key].label}'",
                        row.span,
                        text,
                        "info",
                    )
                )
            actions = row.actions if i == 0 else []
            if m.key in retained:
                r = retained[m.key]
                offset = len(r.actions)
                for a in actions:
                    a.position += offset
                r.actions += actions
                r.span = r.span.union(row.span)
            else:
                retained[m.key] = RetainedObjective(m.key, text, list(actions), row.span, m.score)
    for r in retained.values():
        if not r.actions:
            ledger.note(
                QualityNote(
                    "empty_actions",
                    "objective retained with no action",
                    r.span,
                    r.objective_text,
                    "info",
                )
            )
    return list(retained.values())
