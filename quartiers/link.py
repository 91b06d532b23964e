"""Link the model to reference data: the partners named in actions, governance and partner
columns, and the EPCI the document belongs to. Text scanning lives here, not in the RDF
builder."""

from __future__ import annotations

import re

from quartiers.merge import one_per_code
from quartiers.model import GOVERNANCE_PARTS, Convention, QualityNote, Span
from quartiers.partners import Finder
from quartiers.reference import Reference

_PARTNER_COLUMN = re.compile(
    r"^(?:partenaires?|porteurs?|pilotes?|acteurs?|structures?)[^:|]{0,40}[:|]\s*(?P<items>.+)$",
    re.I,
)
# the items of a partners field: "CAF, CCAS ; Ville", "• ARS Hauts-de-France • CPAM de l'Artois",
# a cell's paragraphs ("Wimoov <br> Garage solidaire de l'Artois")
_ITEM_SEPARATORS = re.compile(r"\s*[;,]\s+|\s*<br\s*/?>\s*|\s*(?:^|\s)[•·▪◦]\s*")
# "Pilote : CCAS — Échéance : 2025": the next field, after a dash, ends the partners
_NEXT_FIELD = re.compile(r"\s+[—–-]\s+(?=[^\s:—–][^:—–]{0,30}:)")
# the parts whose text names partners: governance, and the means the bodies commit
GOVERNANCE_SECTIONS = GOVERNANCE_PARTS | {"moyens"}


def identify_qpvs(conv: Convention, ref: Reference) -> None:
    """A QPV whose code is missing, or is not a 2024 QPV (a typo: "QP 06 20 70" for 07), is
    identified by its name among its commune's QPVs, and the note says so; so is a quartier
    whose status was not read, when the name is a 2024 QPV's (a QIC is never one)."""
    insee, _ = ref.commune(conv.commune)
    for q in conv.quartiers:
        if q.status not in {None, "QPV"} or (q.code and ref.qpv_2024(q.code)):
            continue
        insees = [ref.commune(c)[0] for c in q.communes] or [insee]
        hit = next((h for i in insees if (h := ref.qpv_named(q.name, i))), None)
        if hit is None:
            continue
        written = q.code_as_written or q.code
        conv.notes.append(
            QualityNote(
                "qpv_identified_by_name",
                (f"code '{written}' is not a 2024 QPV code: " if written else "no QPV code: ")
                + f"identified by its name and commune as {hit.code} ({hit.name})",
                q.header_span or q.span,
                written or q.name,
            )
        )
        q.code = hit.code
        q.status = "QPV"


def _listed(finder: Finder, text: str, span: Span) -> list[str] | None:
    """The partners of "Partenaires : …" fields (a column of the objectives table, a fiche's
    field, "Pilote : CCAS – Partenaires : CAF, MDS – Échéance : 2025" under an action): each
    item an organisation, named or not; None if the text opens with no such field."""
    fields = _NEXT_FIELD.split(text)
    if (m := _PARTNER_COLUMN.match(fields[0])) is None or "|" in m.group("items"):
        return None  # "Pilote | Calendrier | Budget": a row of column titles
    out: list[str] = []
    for field in fields:
        if (m := _PARTNER_COLUMN.match(field)) is None or "|" in m.group("items"):
            continue
        for item in _ITEM_SEPARATORS.split(m.group("items")):
            out += [i for i in finder.named(item, span) if item.strip() and i not in out]
    return out


def link(conv: Convention, ref: Reference) -> None:
    identify_qpvs(conv, ref)
    one_per_code(conv, ref)
    insee, _ = ref.commune(conv.commune)
    finder = Finder(ref, conv.commune, insee, quartiers=[q.name for q in conv.quartiers])
    finder.prepare(
        [a.text for q in conv.quartiers for r in q.retained for a in r.actions]
        + [p.text for q in conv.quartiers for p in q.passages if p.section == "objectifs"]
        + [m.text for body in conv.governance for m in body.members]
        + [p.text for p in conv.passages if p.section in GOVERNANCE_SECTIONS]
    )
    for q in conv.quartiers:
        for r in q.retained:
            for a in r.actions:
                a.partners = finder.find(a.text, a.span)
        # a "Partenaires" column of the objectives table: its partners join the row's actions
        for p in q.passages:
            if p.section != "objectifs":
                continue
            ids = _listed(finder, p.text, p.span)
            if ids is None:
                ids = finder.find(p.text, p.span)
            for r in q.retained:
                if r.span.first <= p.span.first <= r.span.last:
                    for a in r.actions:
                        a.partners += [i for i in ids if i not in a.partners]
    for body in conv.governance:
        texts = [(m.text, m.span) for m in body.members]
        texts += [
            (p.text, p.span)
            for p in conv.passages
            if p.section in GOVERNANCE_SECTIONS
            and body.span.first <= p.span.first <= body.span.last
        ]
        seen: list[str] = []
        for t, span in texts:
            seen += [pid for pid in finder.find(t, span) if pid not in seen]
        body.partners = seen
    for p in conv.passages:
        if p.section in GOVERNANCE_SECTIONS:
            finder.find(p.text, p.span)
        elif p.section == "annexe":  # "Partenaires | • ARS … • CPAM …" in an annex's fiches
            _listed(finder, p.text, p.span)
    # the bodies a préambule, a presentation or a portrait's note names ("l'État, la Région et
    # le Département, signataires du contrat"): those the gazetteer knows, no other prose name
    prose = [p for p in conv.passages if p.section not in GOVERNANCE_SECTIONS | {"annexe"}]
    for p in prose + [
        p for q in conv.quartiers for p in q.passages + q.irritants + q.opportunities
    ]:
        finder.find_known(p.text, p.span)
    conv.partners = sorted(finder.partners.values(), key=lambda p: p.span.first)
    for partner in conv.partners:
        partner.actions = sum(
            partner.id in a.partners for q in conv.quartiers for r in q.retained for a in r.actions
        )
        if not partner.resolved:
            conv.notes.append(
                QualityNote(
                    "unresolved_partner",
                    f"'{partner.name}' is not in data/reference/partners.csv: "
                    "kept as a partner for review",
                    partner.span,
                    partner.name,
                    "info",
                )
            )
    text = " ".join(p.text for p in conv.passages if p.section in {"preambule", "edito", "title"})
    if conv.contract_title:
        text = conv.contract_title + " " + text
    epci = ref.epci_in(text)
    conv.epci = epci.siren if epci else None
