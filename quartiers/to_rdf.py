"""Model → RDF (rdflib). The renderer never reads document text: it only maps typed objects to
ontology terms, with provenance on every resource."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV

from quartiers.framework import Concept, Framework
from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI, Minter
from quartiers.model import (
    Convention,
    GovernanceBody,
    Indicator,
    Partner,
    QualityNote,
    Quartier,
    Span,
    TextItem,
)
from quartiers.reference import Reference
from quartiers.textnorm import slug
from quartiers.vocab import INDICATORS

QK = Namespace(ONTOLOGY)
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
DQV = Namespace("http://www.w3.org/ns/dqv#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
ORG = Namespace("http://www.w3.org/ns/org#")
CPOV = Namespace("http://data.europa.eu/m8g/")
ETALAB = URIRef("https://www.etalab.gouv.fr/licence-ouverte-open-licence")
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")

PREFIXES = {
    "qk": QK,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "prov": PROV,
    "oa": OA,
    "qb": QB,
    "dqv": DQV,
    "void": VOID,
    "dcat": DCAT,
    "org": ORG,
    "cpov": CPOV,
    "igeo": IGEO,
    "owl": OWL,
}


def new_graph(m: Minter) -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
    g.bind("id", Namespace(m.base))
    return g


def fr(text: str) -> Literal:
    return Literal(text, lang="fr")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def _dataset(g: Graph, iri: URIRef, title_fr: str, title_en: str) -> None:
    """Each file describes its own named graph (the store loads it under that IRI)."""
    g.add((iri, RDF.type, VOID.Dataset))
    g.add((iri, DCTERMS.title, fr(title_fr)))
    g.add((iri, DCTERMS.title, en(title_en)))
    g.add((iri, DCTERMS.license, ETALAB))


class _Builder:
    def __init__(self, conv: Convention, fw: Framework, ref: Reference, m: Minter):
        self.conv, self.fw, self.ref, self.m = conv, fw, ref, m
        self.g = new_graph(m)
        insee, _ = ref.commune(conv.commune)
        self.commune_insee = insee
        self.iri = URIRef(m.convention(insee, conv.commune))
        self.doc = URIRef(m.source(conv.source.rsplit(".", 1)[0]))

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is None:
            return
        self.g.add((s, p, o if isinstance(o, (URIRef, Literal)) else Literal(o)))

    def prov(self, s: URIRef, span: Span | None) -> None:
        if span is None:
            return
        # a resource other documents may describe too (a quartier, a partner, a commune) has
        # one provenance per document: its lines in each differ
        own = str(s) == str(self.iri) or str(s).startswith(f"{self.iri}/")
        tail = "" if own else f"-{self.doc.rsplit('/', 1)[-1]}"
        sel_res, sel = URIRef(f"{s}#source{tail}"), URIRef(f"{s}#lines{tail}")
        g = self.g
        g.add((s, QK.source, sel_res))
        g.add((sel_res, RDF.type, QK.SourceSelection))
        g.add((sel_res, OA.hasSource, self.doc))
        g.add((sel_res, OA.hasSelector, sel))
        g.add((sel, RDF.type, QK.LineSelector))
        g.add((sel, RDF.value, Literal(f"line={span.first - 1},{span.last}")))
        g.add((sel, DCTERMS.conformsTo, RFC5147))
        g.add((sel, QK.firstLine, Literal(span.first, datatype=XSD.positiveInteger)))
        g.add((sel, QK.lastLine, Literal(span.last, datatype=XSD.positiveInteger)))

    # -- the convention --------------------------------------------------------------------
    def build(self) -> Graph:
        c, g, m = self.conv, self.g, self.m
        _dataset(
            g,
            self.iri,
            f"Convention d'application communale de {c.commune}",
            f"Communal application agreement of {c.commune}",
        )
        g.add((self.iri, RDF.type, QK.ConventionApplication))
        g.add((self.iri, RDFS.label, fr(f"Convention d'application communale de {c.commune}")))
        g.add((self.iri, RDFS.label, en(f"Communal application agreement of {c.commune}")))
        if c.contract_title:
            g.add((self.iri, DCTERMS.title, fr(c.contract_title)))
        commune = URIRef(m.commune(self.commune_insee, c.commune))
        g.add((self.iri, QK.commune, commune))
        self._commune(commune, c.commune)
        if c.epci:
            g.add((self.iri, QK.partOfContract, URIRef(m.contract(c.epci))))
            g.add((commune, QK.memberOfEPCI, URIRef(m.epci(c.epci))))
        g.add((self.iri, DCTERMS.temporal, URIRef(f"{self.iri}/periode")))
        period = URIRef(f"{self.iri}/periode")
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(date(2024, 1, 1))))
        g.add((period, DCAT.endDate, Literal(date(2030, 12, 31))))
        g.add((self.iri, QK.sourceDocument, self.doc))
        self.prov(self.iri, c.title_span)
        g.add((self.doc, RDF.type, QK.SourceDocument))
        g.add((self.doc, RDFS.label, Literal(c.source)))
        g.add((self.doc, QK.sha256, Literal(c.sha256)))
        g.add((self.doc, QK.encoding, Literal(c.encoding)))
        g.add((self.doc, QK.lineCount, Literal(c.line_count)))
        for i, s in enumerate(c.sections, 1):
            si = URIRef(f"{self.iri}/section/{i}")
            g.add((self.iri, QK.section, si))
            g.add((si, RDF.type, QK.Section))
            g.add((si, DCTERMS.title, fr(s.title)))
            g.add((si, QK.sectionKind, Literal(s.kind)))
            g.add((si, QK.position, Literal(i)))
            self.prov(si, s.span)
        self._passages(self.iri, f"{self.iri}/passage", c.passages)
        for q in c.quartiers:
            self._quartier(q)
        for body in c.governance:
            self._governance(body)
        for partner in c.partners:
            self._partner(partner)
        self._signature()
        for i, n in enumerate(c.notes, 1):
            self._note(i, n)
        return g

    def _commune(self, iri: URIRef, name: str) -> None:
        insee, official = self.ref.commune(name)
        self.g.add((iri, RDF.type, QK.Commune))
        self.g.add((iri, QK.name, fr(official)))
        self.g.add((iri, RDFS.label, fr(official)))
        if insee:
            self.g.add((iri, QK.inseeCode, Literal(insee)))

    def _passages(self, owner: URIRef, prefix: str, items: Iterable[TextItem]) -> None:
        for i, p in enumerate(items, 1):
            pi = URIRef(f"{prefix}/{i}")
            self.g.add((owner, QK.passage, pi))
            self.g.add((pi, RDF.type, QK.Passage))
            self.g.add((pi, QK.text, fr(p.text)))
            self.g.add((pi, QK.sectionKind, Literal(p.section)))
            self.g.add((pi, QK.position, Literal(i)))
            self.g.add((pi, QK.statedIn, self.iri))
            self.prov(pi, p.span)

    def quartier_iri(self, q: Quartier) -> URIRef:
        if q.status == "QPV" and q.code:
            official = self.ref.qpv_2024(q.code)
            return URIRef(self.m.qpv(official.code if official else q.code))
        return URIRef(self.m.qic(self.conv.commune, q.name))

    # -- a quartier ------------------------------------------------------------------------
    def _quartier(self, q: Quartier) -> None:
        g, m = self.g, self.m
        qi = self.quartier_iri(q)
        local = URIRef(f"{self.iri}/{qi.rsplit('/', 1)[-1]}")
        g.add((self.iri, QK.covers, qi))
        g.add(
            (
                qi,
                RDF.type,
                QK.QPV if q.status == "QPV" else QK.QIC if q.status == "QIC" else QK.Quartier,
            )
        )
        g.add((qi, QK.name, fr(q.name)))
        g.add((qi, RDFS.label, fr(q.name)))
        if q.status_text:
            g.add((qi, QK.statusLabel, fr(q.status_text)))
        if q.code_as_written:
            g.add((qi, QK.codeAsWritten, Literal(q.code_as_written)))
        if q.code:  # recorded as written, even on a QIC: the shapes flag the contradiction
            g.add((qi, QK.qpvCode, Literal(q.code)))
        if q.status == "QPV" and q.code:
            official = self.ref.qpv_2024(q.code)
            if official:
                g.add((qi, QK.qpvCode2024, Literal(official.code)))
        for name in q.communes:
            insee, _ = self.ref.commune(name)
            ci = URIRef(m.commune(insee, name))
            g.add((qi, QK.spansCommune, ci))
            self._commune(ci, name)
        self.prov(qi, q.header_span or q.span)
        self._passages(qi, f"{local}/passage", q.passages)
        for kind, cls, prop, items in (
            ("irritant", QK.Irritant, QK.irritant, q.irritants),
            ("opportunite", QK.Opportunity, QK.opportunity, q.opportunities),
            ("priorite", QK.LocalPriority, QK.localPriority, q.priorities),
        ):
            for it in items:
                ii = URIRef(f"{local}/{kind}/{it.position}")
                g.add((qi, prop, ii))
                g.add((ii, RDF.type, cls))
                g.add((ii, RDFS.label, fr(it.text)))
                g.add((ii, QK.position, Literal(it.position)))
                g.add((ii, QK.statedIn, self.iri))
                self.prov(ii, it.span)
        self._portrait(q, qi, local)
        self._objectives(q, qi, local)

    def _portrait(self, q: Quartier, qi: URIRef, local: URIRef) -> None:
        if not q.portrait.indicators:
            return
        g = self.g
        pi = URIRef(f"{local}/portrait")
        g.add((self.iri, QK.portrait, pi))
        g.add((pi, RDF.type, QK.Portrait))
        g.add((pi, QK.forQuartier, qi))
        g.add((pi, QB.structure, URIRef(ONTOLOGY + "portraitStructure")))
        g.add((pi, RDFS.label, fr(f"Portrait statistique : {q.name}")))
        if q.portrait.source:
            g.add((pi, QK.dataSource, fr(q.portrait.source)))
        if q.portrait.year:
            g.add((pi, QK.referenceYear, Literal(q.portrait.year)))
        self.prov(pi, q.portrait.span)
        seen: dict[str, int] = {}
        for ind in q.portrait.indicators:
            seen[ind.code] = seen.get(ind.code, 0) + 1
            suffix = ind.code if seen[ind.code] == 1 else f"{ind.code}-{seen[ind.code]}"
            self._observation(URIRef(f"{pi}/{suffix}"), pi, qi, ind)

    def _observation(self, oi: URIRef, pi: URIRef, qi: URIRef, ind: Indicator) -> None:
        g = self.g
        g.add((oi, RDF.type, QK.Observation))
        g.add((oi, QB.dataSet, pi))
        g.add((oi, QK.refArea, qi))
        g.add((oi, QK.indicator, URIRef(self.m.indicator(ind.code))))
        g.add((oi, QK.value, Literal(ind.value, datatype=XSD.decimal)))
        g.add((oi, QK.qualifier, QK[ind.qualifier]))
        g.add((oi, QK.unit, QK[ind.unit]))
        g.add((oi, RDFS.label, fr(f"{ind.label} : {ind.value_text or ind.value}")))
        if ind.agglomeration_value is not None:
            g.add(
                (oi, QK.agglomerationValue, Literal(ind.agglomeration_value, datatype=XSD.decimal))
            )
        if ind.note:
            g.add((oi, QK.note, fr(ind.note)))
        g.add((oi, QK.statedIn, self.iri))
        self.prov(oi, ind.span)
        if not ind.known:
            ii = URIRef(self.m.indicator(ind.code))
            g.add((ii, RDF.type, QK.Indicator))
            g.add((ii, SKOS.prefLabel, fr(ind.label)))
            g.add((ii, SKOS.notation, Literal(ind.code)))
            g.add((ii, SKOS.inScheme, URIRef(self.m.indicator_scheme())))
            g.add(
                (
                    ii,
                    SKOS.definition,
                    fr(f"Indicateur lu dans {self.conv.source}, absent de la liste connue."),
                )
            )

    def _objectives(self, q: Quartier, qi: URIRef, local: URIRef) -> None:
        g = self.g
        for r in q.retained:
            concept = self.fw.objectives[r.objective_key]
            oi = URIRef(self.m.objective(concept.slug))
            if concept.local:
                self._local_concept(oi, concept)
            ri = URIRef(f"{local}/objectif/{concept.slug}")
            g.add((self.iri, QK.retains, ri))
            g.add((ri, RDF.type, QK.RetainedObjective))
            g.add((ri, QK.forQuartier, qi))
            g.add((ri, QK.objective, oi))
            g.add((ri, RDFS.label, fr(f"{concept.label} ({q.name})")))
            g.add((ri, QK.objectiveAsWritten, fr(r.objective_text)))
            g.add((ri, QK.matchScore, Literal(f"{r.score:.1f}", datatype=XSD.decimal)))
            self.prov(ri, r.span)
            for a in r.actions:
                ai = URIRef(f"{ri}/action/{a.position}")
                g.add((ri, QK.hasAction, ai))
                g.add((ai, RDF.type, QK.Action))
                g.add((ai, QK.actionOf, ri))
                g.add((ai, QK.contributesTo, oi))
                g.add((ai, QK.inQuartier, qi))
                g.add((ai, RDFS.label, fr(a.text)))
                g.add((ai, QK.position, Literal(a.position)))
                if a.schedule:
                    g.add((ai, QK.schedule, fr(a.schedule)))
                if a.priority is not None:
                    g.add((ai, QK.priority, Literal(a.priority)))
                if a.progress:
                    g.add((ai, QK.progress, fr(a.progress)))
                for pid in a.partners:
                    g.add((ai, QK.involves, URIRef(self.m.partner(pid))))
                self.prov(ai, a.span)

    def _local_concept(self, oi: URIRef, concept: Concept) -> None:
        """An objective this convention retains that the reference framework lacks: described
        here, in the convention's graph, and marked for review."""
        g, m = self.g, self.m
        broader = (
            URIRef(m.orientation(self.fw.orientations[concept.parent].slug))
            if concept.parent
            else URIRef(m.enjeu(concept.enjeu))
            if concept.enjeu
            else URIRef(m.scheme())
        )
        g.add((oi, RDF.type, QK.Objectif))
        g.add((oi, SKOS.inScheme, URIRef(m.scheme())))
        g.add((oi, SKOS.prefLabel, fr(concept.label)))
        if broader != URIRef(m.scheme()):
            g.add((oi, SKOS.broader, broader))
        enjeu = self.fw.orientations[concept.parent].enjeu if concept.parent else concept.enjeu
        if 1 <= enjeu <= 3:
            g.add((oi, QK.enjeuNumber, Literal(enjeu)))
        g.add((oi, QK.reviewStatus, QK.proposed))
        g.add((oi, QK.statedIn, self.iri))
        g.add(
            (
                oi,
                SKOS.definition,
                fr(f"Objectif lu dans {self.conv.source}, absent du référentiel : à examiner."),
            )
        )

    def _partner(self, p: Partner) -> None:
        """A commune's own body (its CCAS), or an organisation the gazetteer lacks (kept for
        review); the gazetteer's other partners live in the reference graph."""
        if p.resolved and p.scope != "commune":
            return
        g = self.g
        pi = URIRef(self.m.partner(p.id))
        g.add((pi, RDF.type, QK.Partner))
        g.add((pi, QK.name, fr(p.name)))
        g.add((pi, RDFS.label, fr(p.name)))
        g.add((pi, QK.partnerScope, Literal(p.scope)))
        g.add((pi, QK.statedIn, self.iri))
        if p.acronym:
            g.add((pi, QK.acronym, Literal(p.acronym)))
        if p.definition:  # a gazetteer entry, or the kind of a body named in the text
            g.add((pi, QK.partnerKind, URIRef(self.m.partner(p.definition))))
        if p.commune and p.commune[0]:  # the commune whose own body it is, by its INSEE code
            g.add((pi, QK.ofCommune, URIRef(self.m.commune(*p.commune))))
        if p.resolved:
            g.add((pi, QK.reviewStatus, QK.reviewed))
        if not p.resolved or p.definition is None:  # named in the text: how it was written
            for form in sorted(p.forms - {p.name}):
                g.add((pi, SKOS.altLabel, fr(form)))
        if not p.resolved:
            g.add((pi, QK.reviewStatus, QK.proposed))
        self.prov(pi, p.span)

    def _governance(self, body: GovernanceBody) -> None:
        g = self.g
        cls = {
            "comite_pilotage": QK.SteeringCommittee,
            "comite_technique": QK.TechnicalCommittee,
            "comite_suivi": QK.MonitoringCommittee,
            "groupe_travail": QK.WorkingGroup,
        }[body.kind]
        bi = URIRef(f"{self.iri}/gouvernance/{body.kind.replace('_', '-')}")
        g.add((self.iri, QK.governanceBody, bi))
        g.add((bi, RDF.type, cls))
        g.add((bi, RDFS.label, fr(f"{body.label} ({self.conv.commune})")))
        if body.frequency:
            g.add((bi, QK.frequency, fr(body.frequency)))
        for mbr in body.members:
            g.add((bi, QK.memberDescription, fr(mbr.text)))
        for pid in body.partners:
            g.add((bi, QK.involves, URIRef(self.m.partner(pid))))
            g.add((bi, ORG.hasMember, URIRef(self.m.partner(pid))))
        self.prov(bi, body.span)

    def _signature(self) -> None:
        g, s = self.g, self.conv.signature
        if s is None or (not s.signatories and s.date is None and s.place is None):
            g.add((self.iri, QK.signatureStatus, QK.unsigned))
            if s is None:
                return
        elif s.date is None:
            g.add((self.iri, QK.signatureStatus, QK.undated))
        else:
            g.add((self.iri, QK.signatureStatus, QK.signed))
        si = URIRef(f"{self.iri}/signature")
        g.add((self.iri, QK.signature, si))
        g.add((si, RDF.type, QK.Signature))
        g.add((si, RDFS.label, fr(f"Signature de la convention de {self.conv.commune}")))
        if s.place:
            g.add((si, QK.signaturePlace, Literal(s.place)))
        if s.date:
            g.add((si, QK.signatureDate, Literal(s.date)))
        self.prov(si, s.span)
        for i, sig in enumerate(s.signatories, 1):
            person = URIRef(self.m.person(sig.name))
            assoc = URIRef(f"{si}/signataire/{i}")
            g.add((si, PROV.qualifiedAssociation, assoc))
            g.add((assoc, RDF.type, PROV.Association))
            g.add((assoc, PROV.agent, person))
            g.add((assoc, PROV.hadRole, QK[sig.role_kind]))
            g.add((assoc, QK.roleLabel, fr(sig.role)))
            g.add((assoc, QK.position, Literal(i)))
            g.add((person, RDF.type, QK.Signatory))
            g.add((person, FOAF.name, Literal(sig.name)))
            g.add((person, RDFS.label, Literal(sig.name)))
            self.prov(assoc, sig.span)

    def _note(self, i: int, n: QualityNote) -> None:
        g = self.g
        ni = URIRef(f"{self.iri}/note/{i}")
        g.add((ni, RDF.type, QK.QualityNote))
        g.add((ni, QK.noteKind, QK[n.kind]))
        g.add((ni, RDFS.comment, en(n.message)))
        if n.text:
            g.add((ni, QK.text, fr(n.text)))
        g.add((ni, OA.hasTarget, self.iri))
        g.add((ni, QK.statedIn, self.iri))
        g.add((self.iri, QK.qualityNote, ni))
        self.prov(ni, n.span)


def convention_graph(
    conv: Convention, fw: Framework, ref: Reference, m: Minter
) -> tuple[URIRef, Graph]:
    b = _Builder(conv, fw, ref, m)
    return b.iri, b.build()


def framework_graph(fw: Framework, m: Minter, used: set[str] | None = None) -> Graph:
    """The SKOS concept scheme of the strategy; with `used`, only those objectives and their
    ancestors (so a single convention's files stand alone)."""
    g = new_graph(m)
    gi = URIRef(m.framework_graph())
    _dataset(
        g,
        gi,
        "Référentiel stratégique des contrats de ville (enjeux, orientations, objectifs)",
        "Strategy framework of the city contracts (stakes, orientations, objectives)",
    )
    scheme = URIRef(m.scheme())
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, fr("Stratégie intercommunale des contrats de ville")))
    g.add((scheme, SKOS.prefLabel, en("Intercommunal strategy of the city contracts")))
    g.add(
        (
            scheme,
            SKOS.definition,
            fr(
                "Enjeux, orientations et objectifs de la convention-cadre, "
                "reconstitués à partir des conventions d'application."
            ),
        )
    )
    g.add(
        (
            scheme,
            SKOS.definition,
            en(
                "Stakes, orientations and objectives of the framework "
                "agreement, rebuilt from the application agreements."
            ),
        )
    )
    if fw.version:
        g.add((scheme, OWL.versionInfo, Literal(fw.version)))
    objectives = [
        o for o in fw.objectives.values() if (used is None or o.key in used) and not o.local
    ]
    orientations = {o.parent for o in objectives if o.parent}
    enjeux = {o.enjeu for o in objectives} | {fw.orientations[k].enjeu for k in orientations}
    for n in sorted(enjeux):
        ei = URIRef(m.enjeu(n))
        g.add((ei, RDF.type, QK.Enjeu))
        g.add((ei, SKOS.inScheme, scheme))
        g.add((scheme, SKOS.hasTopConcept, ei))
        g.add((ei, SKOS.topConceptOf, scheme))
        g.add((ei, SKOS.prefLabel, fr(fw.enjeu_label(n))))
        g.add((ei, SKOS.notation, Literal(str(n))))
        g.add((ei, QK.enjeuNumber, Literal(n)))
        g.add((ei, SKOS.definition, fr(f"Enjeu {n} de la convention-cadre : {fw.enjeu_label(n)}.")))
    for k in sorted(orientations):
        o = fw.orientations[k]
        _concept(
            g,
            m,
            URIRef(m.orientation(o.slug)),
            QK.Orientation,
            o.label,
            o.enjeu,
            scheme,
            URIRef(m.enjeu(o.enjeu)),
            o.variants,
        )
    for o in sorted(objectives, key=lambda c: c.key):
        parent = (
            URIRef(m.orientation(fw.orientations[o.parent].slug))
            if o.parent
            else URIRef(m.enjeu(o.enjeu))
        )
        _concept(
            g,
            m,
            URIRef(m.objective(o.slug)),
            QK.Objectif,
            o.label,
            o.enjeu,
            scheme,
            parent,
            o.variants,
        )
    return g


def _concept(
    g: Graph,
    m: Minter,
    iri: URIRef,
    cls: URIRef,
    label: str,
    enjeu: int,
    scheme: URIRef,
    broader: URIRef,
    variants: Iterable[str],
) -> None:
    g.add((iri, RDF.type, cls))
    g.add((iri, SKOS.inScheme, scheme))
    g.add((iri, SKOS.prefLabel, fr(label)))
    g.add((iri, SKOS.broader, broader))
    g.add((broader, SKOS.narrower, iri))
    g.add((iri, QK.enjeuNumber, Literal(enjeu)))
    g.add(
        (
            iri,
            SKOS.definition,
            fr(
                f"{'Orientation' if cls == QK.Orientation else 'Objectif'} "
                f"de l'enjeu {enjeu} : {label}"
            ),
        )
    )
    for v in variants:
        if v != label:
            g.add((iri, SKOS.hiddenLabel, fr(v)))


def reference_graph(ref: Reference, m: Minter) -> Graph:
    """EPCIs and their contracts, QPV 2024 codes, partners, indicator codes."""
    g = new_graph(m)
    _dataset(
        g,
        URIRef(m.reference_graph()),
        "Données de référence (EPCI, QPV 2024, partenaires, indicateurs)",
        "Reference data (intercommunalities, 2024 QPVs, partners, indicators)",
    )
    for e in ref.epcis:
        ei, ci = URIRef(m.epci(e.siren)), URIRef(m.contract(e.siren))
        g.add((ei, RDF.type, QK.EPCI))
        g.add((ei, QK.name, fr(e.name)))
        g.add((ei, RDFS.label, fr(e.name)))
        g.add((ei, SKOS.altLabel, fr(e.acronym)))
        g.add((ei, QK.sirenCode, Literal(e.siren)))
        g.add((ci, RDF.type, QK.ContratDeVille))
        g.add((ci, RDFS.label, fr(e.contract_title)))
        g.add((ci, QK.epci, ei))
        g.add((ci, DCTERMS.temporal, URIRef(f"{ci}/periode")))
        g.add((URIRef(f"{ci}/periode"), RDF.type, DCTERMS.PeriodOfTime))
        g.add((URIRef(f"{ci}/periode"), DCAT.startDate, Literal(date(2024, 1, 1))))
        g.add((URIRef(f"{ci}/periode"), DCAT.endDate, Literal(date(2030, 12, 31))))
    for q in ref.qpv.values():
        qi = URIRef(m.qpv(q.code))
        g.add((qi, RDF.type, QK.QPV))
        g.add((qi, QK.qpvCode2024, Literal(q.code)))
        g.add((qi, SKOS.prefLabel, fr(q.name)))  # the official name, also where no convention is
        for insee, name in q.communes:
            ci = URIRef(m.commune(insee, name))
            g.add((qi, QK.spansCommune, ci))
            g.add((ci, RDF.type, QK.Commune))
            g.add((ci, QK.inseeCode, Literal(insee)))
            g.add((ci, QK.name, fr(name)))
            g.add((ci, RDFS.label, fr(name)))
    for p in ref.partners:
        pi = URIRef(m.partner(p.id))
        if p.scope == "commune":  # a kind of body every commune has: its instances are partners
            g.add((pi, RDF.type, QK.PartnerKind))
            g.add((pi, SKOS.prefLabel, fr(p.name)))
            g.add(
                (
                    pi,
                    SKOS.definition,
                    fr(f"{p.name} : type d'organisme dont chaque commune a sa propre instance."),
                )
            )
        else:
            g.add((pi, RDF.type, QK.Partner))
            g.add((pi, QK.name, fr(p.name)))
            g.add((pi, QK.partnerScope, Literal(p.scope)))
            g.add((pi, QK.reviewStatus, QK.reviewed))
        g.add((pi, RDFS.label, fr(p.name)))
        if p.acronym:
            g.add((pi, QK.acronym, Literal(p.acronym)))
        for a in p.aliases:
            g.add((pi, SKOS.altLabel, fr(a)))
    scheme = URIRef(m.indicator_scheme())
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, fr("Indicateurs du portrait statistique")))
    g.add((scheme, SKOS.prefLabel, en("Statistical portrait indicators")))
    for d in INDICATORS:
        ii = URIRef(m.indicator(d.code))
        g.add((ii, RDF.type, QK.Indicator))
        g.add((ii, SKOS.inScheme, scheme))
        g.add((ii, SKOS.notation, Literal(d.code)))
        g.add((ii, SKOS.prefLabel, fr(d.fr)))
        g.add((ii, SKOS.prefLabel, en(d.en)))
        g.add((ii, QK.unit, QK[d.unit]))
        g.add((ii, SKOS.definition, fr(f"{d.fr} ({d.unit}).")))
        g.add((ii, SKOS.definition, en(f"{d.en} ({d.unit}).")))
    return g


def ontology_iri() -> URIRef:
    return URIRef(ONTOLOGY_IRI)


__all__ = ["convention_graph", "framework_graph", "new_graph", "reference_graph", "slug"]
