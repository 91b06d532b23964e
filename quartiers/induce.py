"""Induce the agglomeration's strategy (enjeux → orientations → objectifs) from its conventions,
for review: the result is written to `data/reference/framework.ttl`, which every conversion
then reads. Run once per agglomeration, and again when new conventions bring objectives the
framework lacks; concepts already published keep their IRIs and labels (a reviewer's edits
survive), new ones are added with `qk:reviewStatus qk:proposed`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from quartiers import parse
from quartiers.convert import context
from quartiers.files import write_atomic
from quartiers.framework import SAME_CONCEPT, Framework, mint_slug
from quartiers.iris import DEFAULT_BASE, Minter
from quartiers.reader import read
from quartiers.reference import Reference
from quartiers.to_rdf import QK, framework_graph


def induce(sources: list[Path], ref: Reference) -> Framework:
    ctx, communes = context(ref)
    parsed = [parse.parse(read(s), ctx, communes) for s in sources]
    return Framework.build([c for p in parsed for c in p.candidates()])


def merge(new: Framework, previous: Framework | None) -> tuple[Framework, list[str]]:
    """Keep what was published: a concept of `previous` stays as it is (IRI, label); concepts
    only `new` has are added. Returns the merged framework and the keys of the added concepts."""
    added: list[str] = []
    if previous is None:
        added = list(new.orientations) + list(new.objectives)
        _unique_slugs(new)
        return new, added
    for pool_name in ("orientations", "objectives"):
        old_pool = getattr(previous, pool_name)
        for key, c in getattr(new, pool_name).items():
            m = (
                previous.match_orientation(c.label)
                if pool_name == "orientations"
                else previous.match_objective(c.label)
            )
            if m.key is not None and m.score >= SAME_CONCEPT:
                old = old_pool[m.key]  # a spelling seen again helps matching, as a hidden label
                for v in c.variants:
                    old.variants[v] += 0
                old.keys.update({k: 0 for k in c.keys if k not in old.keys})
                continue
            old_pool[key] = c
            added.append(key)
    for n, titles in new.enjeux.items():
        if n not in previous.enjeux:
            previous.enjeux[n] = titles
    _unique_slugs(previous)
    return previous, added


def _unique_slugs(fw: Framework) -> None:
    for pool in (fw.orientations, fw.objectives):
        seen: set[str] = set()
        for c in sorted(pool.values(), key=lambda c: (c.iri_slug is None, c.key)):
            s = c.iri_slug or mint_slug(c.label)
            base, i = s, 2
            while s in seen:
                s, i = f"{base}-{i}", i + 1
            c.iri_slug = s
            seen.add(s)


def write(fw: Framework, added: list[str], path: Path, version: str) -> None:
    """Turtle with IRIs relative to the data base (`@base`), so one file serves any base."""
    m = Minter(DEFAULT_BASE)
    fw.version = version
    g = framework_graph(fw, m)
    scheme = URIRef(m.scheme())
    g.add((scheme, DCTERMS.modified, Literal(date.today())))
    g.add((scheme, OWL.versionInfo, Literal(version)))
    for pool, mint in ((fw.orientations, m.orientation), (fw.objectives, m.objective)):
        for key, c in pool.items():
            status = QK.proposed if key in added else QK.reviewed
            g.add((URIRef(mint(c.slug)), QK.reviewStatus, status))
    g.remove((None, RDF.type, URIRef("http://rdfs.org/ns/void#Dataset")))
    header = (
        "# The strategy of the agglomeration's contrat de ville (enjeux -> orientations ->\n"
        "# objectifs), induced from its conventions by `quartiers framework induce`, then\n"
        "# reviewed. Every conversion reads this file. IRIs are relative to the data base and\n"
        "# published for ever: edit labels freely, never an IRI (see README, Minting IRIs).\n"
    )
    body = g.serialize(format="turtle", base=DEFAULT_BASE)
    write_atomic(path, header + body)


__all__ = ["SKOS", "induce", "merge", "write"]
