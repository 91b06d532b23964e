"""Link the model to reference data: partners named in actions and governance, the EPCI the
document belongs to. Text scanning lives here, not in the RDF builder."""

from __future__ import annotations

from quartiers.model import Convention
from quartiers.reference import Reference


def link(conv: Convention, ref: Reference) -> None:
    for q in conv.quartiers:
        for r in q.retained:
            for a in r.actions:
                a.partners = ref.partners_in(a.text)
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
