"""Loss accounting: what each kind of section was expected to give, against what was found.

A line the parsers could not read is reported by the ledger; this catches the other silent
loss, a section that was read but gave nothing (an objectives section with no row, a QPV with
no code, a signature without a date, an enjeu announced with no objective under it). Each is a
warning with line numbers; `convert --strict` fails on any.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quartiers.ledger import Ledger
from quartiers.model import QualityNote, Span

if TYPE_CHECKING:
    from quartiers.parsed import Parsed

# the note kinds that say something expected was not found
LOSS_KINDS = {
    "missing_code",
    "missing_status",
    "unknown_qpv",
    "empty_portrait",
    "no_objectives",
    "objectives_without_rows",
    "empty_enjeu",
    "signature_without_date",
    "signature_without_place",
    "no_signatories",
    "no_signature",
    "unknown_section",
    "objective_not_in_framework",
    "unread_objectives_text",
}


def _note(ledger: Ledger, kind: str, message: str, span: Span, text: str = "") -> None:
    ledger.note(QualityNote(kind, message, span, text))


def check_losses(parsed: Parsed, ledger: Ledger) -> None:
    conv = parsed.convention
    sections = conv.sections
    tables = {id(q): segs for q, segs in parsed.tables}
    for i, q in enumerate(conv.quartiers):
        here = [
            s
            for s in sections
            if q.span.first <= s.span.first <= q.span.last
            and (i + 1 >= len(conv.quartiers) or s.span.first < conv.quartiers[i + 1].span.first)
        ]
        head = q.header_span or Span(q.span.first, q.span.first)
        if q.status is None:
            _note(ledger, "missing_status", f"quartier '{q.name}': no status (QPV or QIC)", head)
        if q.status == "QPV" and q.code is None:
            _note(ledger, "missing_code", f"QPV '{q.name}': no QPV code found", head)
        portraits = [s for s in here if s.kind == "portrait"]
        if portraits and not q.portrait.indicators:
            _note(
                ledger,
                "empty_portrait",
                f"quartier '{q.name}': a portrait section with no indicator read",
                portraits[0].span,
            )
        segs = tables.get(id(q))
        if segs is None:
            _note(ledger, "no_objectives", f"quartier '{q.name}': no objectives section", head)
            continue
        if not q.rows:
            span = next((s.span for s in here if s.kind == "objectifs"), head)
            _note(
                ledger,
                "objectives_without_rows",
                f"quartier '{q.name}': an objectives section with no objective read",
                span,
            )
            continue
        found = {r.enjeu for r in q.rows}
        for seg in segs:
            if seg.enjeu and seg.enjeu not in found:
                line = seg.rows[0][0].line if seg.rows else seg.line
                _note(
                    ledger,
                    "empty_enjeu",
                    f"quartier '{q.name}': enjeu {seg.enjeu} announced with no objective under it",
                    Span.of(line),
                    seg.title,
                )
    s = conv.signature
    sig_sections = [x for x in sections if x.kind == "signataires"]
    if not sig_sections:
        last = max(1, conv.line_count)
        _note(ledger, "no_signature", "no signature section", Span.of(last))
        return
    span = s.span if s is not None else sig_sections[0].span
    if s is None or s.date is None:
        _note(ledger, "signature_without_date", "signature section with no date", span)
    if s is None or s.place is None:
        _note(ledger, "signature_without_place", "signature section with no place", span)
    if s is None or not s.signatories:
        _note(ledger, "no_signatories", "signature section with no signatory", span)
