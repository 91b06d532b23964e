"""One quartier per code in a convention. Two parts of a document may present the same
quartier under two names (a heading naming the commune's quartiers over a table of both, then
the quartier's own part; a name written two ways): once their codes are known they are one
quartier, else the graph would give two resources one IRI, each triple twice over."""

from __future__ import annotations

import dataclasses

from quartiers.model import Convention, QualityNote, Quartier, RetainedObjective, Span, TextItem
from quartiers.reference import Reference


def one_per_code(conv: Convention, ref: Reference) -> None:
    """Fold every quartier into the first of the convention with its code, with a note."""
    insee, _ = ref.commune(conv.commune)
    kept: dict[str, Quartier] = {}
    for q in list(conv.quartiers):
        if not q.code:
            continue
        first = kept.setdefault(q.code, q)
        if first is q:
            continue
        conv.quartiers.remove(q)
        named = _named_by_reference(first, q, ref, insee)
        conv.notes.append(
            QualityNote(
                "quartier_merged",
                f"'{q.name}' and '{first.name}' have the same code {q.code}: one quartier, "
                f"named '{named}'",
                q.header_span or Span(q.span.first, q.span.first),
                q.name,
                "info",
            )
        )
        _fold(first, q)
        first.name = named


def _named_by_reference(a: Quartier, b: Quartier, ref: Reference, insee: str | None) -> str:
    """The name the reference knows for the code, of the two; else the first's."""
    for q in (a, b):
        hit = ref.qpv_named(q.name, insee)
        if hit is not None and hit.code == a.code:
            return q.name
    return a.name


def _fold(into: Quartier, other: Quartier) -> None:
    into.span = into.span.union(other.span)
    into.header_span = into.header_span or other.header_span
    into.status = into.status or other.status
    into.status_text = into.status_text or other.status_text
    into.code_as_written = into.code_as_written or other.code_as_written
    into.communes += [c for c in other.communes if c not in into.communes]
    p, o = into.portrait, other.portrait
    p.indicators += o.indicators
    p.source, p.year = p.source or o.source, p.year or o.year
    if o.span is not None:
        p.span = o.span if p.span is None else p.span.union(o.span)
    for name in ("irritants", "opportunities", "priorities", "passages"):
        items: list[TextItem] = getattr(into, name) + getattr(other, name)
        setattr(into, name, [dataclasses.replace(t, position=i) for i, t in enumerate(items, 1)])
    into.rows += other.rows
    by_key = {r.objective_key: r for r in into.retained}
    for r in other.retained:
        same: RetainedObjective | None = by_key.get(r.objective_key)
        if same is None:
            into.retained.append(r)
            by_key[r.objective_key] = r
            continue
        same.actions += r.actions
        same.actions = [dataclasses.replace(a, position=i) for i, a in enumerate(same.actions, 1)]
        same.span = same.span.union(r.span)
