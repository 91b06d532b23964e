"""Link the model to reference data: partners named in actions and governance, the EPCI the
document belongs to. Text scanning lives here, not in the RDF builder."""

from __future__ import annotations

import re

from quartiers.model import Convention, QualityNote
from quartiers.reference import Reference

_ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{1,7}(?![\w-])")
# acronyms of programmes, places and documents, not of organisations
NOT_PARTNERS = {
    "PRE",
    "CLAS",
    "PSC1",
    "ENT",
    "C2S",
    "EHPAD",
    "QPV",
    "QIC",
    "IPS",
    "CV",
    "ALSH",
    "PEDT",
    "CTG",
    "TFPB",
    "NPNRU",
    "ANRU",
    "ONU",
    "II",
    "IJ",
    "ET",
    "LE",
    "LA",
    "CP",
    "CE1",
    "CE2",
    "CM1",
    "CM2",
}


def link(conv: Convention, ref: Reference) -> None:
    known = {p.acronym for p in ref.partners if p.acronym} | {
        a for p in ref.partners for a in p.aliases if a.isupper()
    }
    reported: set[str] = set()
    for q in conv.quartiers:
        for r in q.retained:
            for a in r.actions:
                a.partners = ref.partners_in(a.text)
                for acr in _ACRONYM.findall(a.text):
                    if acr not in known and acr not in NOT_PARTNERS and acr not in reported:
                        reported.add(acr)
                        conv.notes.append(
                            QualityNote(
                                "unknown_acronym",
                                f"'{acr}' may name a partner missing from "
                                "data/reference/partners.csv",
                                a.span,
                                a.text[:200],
                                "info",
                            )
                        )
    for body in conv.governance:
        texts = [m.text for m in body.members]
        texts += [
            p.text
            for p in conv.passages
            if p.section in {"pilotage", "partenariat", "citoyenne", "organisation"}
            and body.span.first <= p.span.first <= body.span.last
        ]
        seen: list[str] = []
        for t in texts:
            seen += [pid for pid in ref.partners_in(t) if pid not in seen]
        body.partners = seen
    text = " ".join(p.text for p in conv.passages if p.section in {"preambule", "edito", "title"})
    if conv.contract_title:
        text = conv.contract_title + " " + text
    epci = ref.epci_in(text)
    conv.epci = epci.siren if epci else None
