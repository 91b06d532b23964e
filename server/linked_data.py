"""Linked data: every minted IRI dereferences here (RDF by Accept, HTML for browsers), plus
the ontology. The catalogue's own IRIs and the dumps are served by server/catalogue.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI
from quartiers.results import RDF_FORMATS, serialise_graph
from quartiers.store import ONTOLOGY_FILE
from server.conneg import choose, wants_html
from server.engine import QueryRequest
from server.i18n import page_lang
from server.labels import language_rank, local_name, vocabulary_label
from server.sparql import error, failed

router = APIRouter()

# label properties, most preferred first
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    ONTOLOGY + "name",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    ONTOLOGY + "text",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)


def rdf_not_acceptable(*, html: bool = False) -> Response:
    """406 naming what this resource can be served as."""
    offered = "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
    return error(406, "available: " + offered + (", text/html" if html else ""))


def iri_values(iris: Iterable[str]) -> str:
    """IRIs for a VALUES block, each validated by pyoxigraph and written in its N-Triples form
    (so none can close the block or add a pattern); invalid ones are left out."""
    out = []
    for i in sorted(set(iris)):
        try:
            out.append(str(ox.NamedNode(i)))
        except ValueError:
            continue
    return " ".join(out)


LABEL_VALUES = iri_values(LABELS)
# ?r is bound to the resource (pyoxigraph substitutions), never written into the text. Its
# provenance (qk:source, then oa:hasSelector) is followed by its links, two index lookups: a
# filter on the IRIs' text would scan the whole store on every lookup
DESCRIBE = f"""
    CONSTRUCT {{ ?r ?p ?o . ?o ?lp ?l . ?h ?hp ?ho . }}
    WHERE {{
      {{ ?r ?p ?o . OPTIONAL {{ VALUES ?lp {{ {LABEL_VALUES} }} ?o ?lp ?l }} }}
      UNION
      {{ ?r <{ONTOLOGY}source> ?h . ?h ?hp ?ho }}
      UNION
      {{ ?r <{ONTOLOGY}source> ?sel . ?sel <http://www.w3.org/ns/oa#hasSelector> ?h . ?h ?hp ?ho }}
    }}"""
# a bound variable must be projected (pyoxigraph follows SEP-0007)
INCOMING = """
    SELECT ?s ?p ?r WHERE { ?s ?p ?r . FILTER(isIRI(?s)) } ORDER BY ?p ?s LIMIT 300"""


def local_path(state: Any, iri: str) -> str | None:
    """The path on this server where an IRI dereferences, if it is ours."""
    base = state.minter.base
    if iri.startswith(base):
        return "/id/" + iri[len(base) :]
    if iri.startswith(ONTOLOGY_IRI):
        return "/ontology" + ("#" + iri.split("#", 1)[1] if "#" in iri else "")
    return None


async def _rdf_or_html(request: Request, iri: str) -> Response:
    state = request.app.state.qk
    accept = request.headers.get("accept")
    fmt_param = request.query_params.get("format")
    html = (fmt_param in (None, "html") and wants_html(accept)) or fmt_param == "html"
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return error(404, "not a valid IRI")
    resp = await state.run(
        QueryRequest(
            DESCRIBE,
            {"graph": ("ntriples", "application/n-triples")},
            max_results=state.settings.max_results,
            bindings={"r": node},
            internal=True,
        )
    )
    if resp.status != 200:
        return failed(resp)
    triples = list(ox.parse(resp.body, format=ox.RdfFormat.N_TRIPLES))
    if not triples:
        return error(404, f"unknown resource <{iri}>")
    if html:
        return HTMLResponse(await render_resource(request, iri, triples))
    chosen = choose("graph", accept, fmt_param)
    if chosen is None:
        return rdf_not_acceptable(html=True)
    fmt, media = chosen
    body = serialise_graph(triples, fmt, _prefixes(state))
    return Response(
        body,
        media_type=media + ("" if fmt == "rdfxml" else "; charset=utf-8"),
        headers={"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'},
    )


def _prefixes(state: Any) -> dict[str, str]:
    return {
        "qk": ONTOLOGY,
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "oa": "http://www.w3.org/ns/oa#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "prov": "http://www.w3.org/ns/prov#",
        "dcterms": "http://purl.org/dc/terms/",
        "qb": "http://purl.org/linked-data/cube#",
    }


async def _labels(state: Any, iris: set[str]) -> dict[str, str]:
    """The best label of each IRI in the page's language (server/labels.py for other
    vocabularies' terms)."""
    if not iris:
        return {}
    lang = page_lang()
    rows = await state.select(f"""
        SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {iri_values(iris)} }}
          VALUES ?p {{ {LABEL_VALUES} }} ?s ?p ?l }}""")
    rank = {p: i for i, p in enumerate(LABELS)}
    best: dict[str, tuple[int, int, str]] = {}
    for r in rows:
        s, p, label = r["s"]["value"], r["p"]["value"], r["l"]["value"]
        key = (language_rank(r["l"].get("xml:lang"), lang), rank[p], label)
        if s not in best or key < best[s]:
            best[s] = key
    out = {s: (v[2] if len(v[2]) <= 160 else v[2][:157] + "…") for s, v in best.items()}
    for i in iris - out.keys():
        found = vocabulary_label(i, lang)
        if found:
            out[i] = found
    return out


def _source_lines(
    state: Any, name: str, first: int = 1, last: int | None = None
) -> list[tuple[int, str]]:
    """Lines of a source document as the converter numbered them (the reader decodes it)."""
    if Path(name).name != name:  # a label from the data, not a path to follow
        return []
    path = state.settings.sources / name
    if not name or "/" in name or not path.is_file():
        return []
    from quartiers.source import load

    lines = load(path).lines  # numbered as the converter numbered them, without parsing
    return [(ln.no, ln.text) for ln in lines[first - 1 : last]]


async def _positions(state: Any, iris: set[str]) -> dict[str, int]:
    if not iris:
        return {}
    rows = await state.select(
        f"SELECT ?s ?n WHERE {{ VALUES ?s {{ {iri_values(iris)} }} ?s <{ONTOLOGY}position> ?n }}"
    )
    return {r["s"]["value"]: int(r["n"]["value"]) for r in rows}


async def _incoming(state: Any, iri: str) -> list[dict[str, Any]]:
    """Resources that point to this one (a quartier's objectives and actions, a concept's uses),
    grouped by property, for the HTML page."""
    rows = await state.select(INCOMING, r=ox.NamedNode(iri))
    subjects = {r["s"]["value"] for r in rows} | {r["p"]["value"] for r in rows}
    labels = await _labels(state, subjects)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        s = r["s"]["value"]
        groups[r["p"]["value"]].append(
            {"href": local_path(state, s) or s, "label": labels.get(s) or s}
        )
    return [
        {
            "label": labels.get(p) or local_name(p),
            "href": local_path(state, p) or p,
            "links": items,
        }
        for p, items in groups.items()
    ]


async def _file_names(state: Any, docs: set[str]) -> dict[str, str]:
    """The file name a source document was read from (its rdfs:label as the converter wrote
    it, whatever the page's language)."""
    values = " ".join(f"<{d}>" for d in sorted(docs) if d and " " not in d)
    if not values:
        return {}
    rows = await state.select(
        f"SELECT ?d ?n WHERE {{ VALUES ?d {{ {values} }} ?d <{LABELS[0]}> ?n }}"
    )
    return {r["d"]["value"]: r["n"]["value"] for r in rows}


def in_language(values: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Literals in the page's language when the property has some, else all of them."""
    tagged = [v for v in values if v.get("lang")]
    if not any(v["lang"] == lang for v in tagged):
        return values
    return [v for v in values if not v.get("lang") or v["lang"] == lang]


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


async def render_resource(request: Request, iri: str, triples: list[ox.Triple]) -> str:
    state = request.app.state.qk
    main = [t for t in triples if str(t.subject) == f"<{iri}>"]
    linked = {t.object.value for t in main if isinstance(t.object, ox.NamedNode)}
    linked |= {t.predicate.value for t in main}
    labels = await _labels(state, linked | {iri})
    positions = await _positions(state, linked)
    props: dict[str, list[dict[str, Any]]] = defaultdict(list)
    types: list[dict[str, Any]] = []

    def order(t: ox.Triple) -> tuple[str, int, str]:
        # list items (irritants, actions, passages) in document order, the rest by label
        o = _value(t.object)
        return (t.predicate.value, positions.get(o, 0), labels.get(o, o))

    lang = page_lang()
    for t in sorted(main, key=order):
        o = t.object
        v: dict[str, Any]
        if isinstance(o, ox.NamedNode):
            v = {
                "iri": o.value,
                "href": local_path(state, o.value) or o.value,
                "label": labels.get(o.value) or o.value,
            }
        else:
            v = {
                "text": getattr(o, "value", str(o)),
                "lang": getattr(o, "language", None),
                "datatype": o.datatype.value.rsplit("#", 1)[-1]
                if isinstance(o, ox.Literal)
                and not o.language
                and not o.datatype.value.endswith("#string")
                else None,
            }
        if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            types.append(v)
        else:
            props[t.predicate.value].append(v)
    # provenance: the source document and lines
    prov = None
    by_subject: dict[str, dict[str, str]] = defaultdict(dict)
    for t in triples:
        by_subject[_value(t.subject)][t.predicate.value] = _value(t.object)
    # its provenance (one per document that describes it: the first in name order)
    sources = sorted(_value(t.object) for t in main if t.predicate.value == ONTOLOGY + "source")
    src = by_subject.get(sources[0]) if sources else None
    sel = by_subject.get(src.get("http://www.w3.org/ns/oa#hasSelector", "")) if src else None
    if sel and src:
        first, last = int(sel[ONTOLOGY + "firstLine"]), int(sel[ONTOLOGY + "lastLine"])
        doc = src.get("http://www.w3.org/ns/oa#hasSource", "")
        doc_name = (await _file_names(state, {doc})).get(doc, "")
        prov = {
            "doc": doc,
            "doc_href": local_path(state, doc) or doc,
            "doc_label": doc_name or labels.get(doc, doc),
            "first": first,
            "last": last,
            "lines": _source_lines(state, doc_name, first, last)[:60],
        }
    # a source document shows its text, each line an anchor provenance links point to
    document = None
    if any(t.get("iri") == ONTOLOGY + "SourceDocument" for t in types):
        name = (await _file_names(state, {iri})).get(iri, "")
        document = {"name": name, "lines": _source_lines(state, name)}
    incoming = await _incoming(state, iri)
    rows = [
        {
            "predicate": p,
            "href": local_path(state, p) or p,
            "label": labels.get(p) or local_name(p),
            "vals": in_language(vs, lang),
        }
        for p, vs in props.items()
    ]
    path = request.url.path
    return request.app.state.templates.get_template("resource.html").render(
        request=request,
        iri=iri,
        title=labels.get(iri) or iri,
        types=types,
        rows=rows,
        incoming=incoming,
        prov=prov,
        document=document,
        formats=[(f, f"{path}?format={f}") for f in ("turtle", "jsonld", "ntriples", "rdfxml")],
    )


@router.get(
    "/id/{path:path}",
    name="resource",
    summary="Dereference a data IRI",
    description="Content negotiation: Turtle, JSON-LD, N-Triples, RDF/XML, or HTML for a "
    "browser; `format=` overrides Accept. Unknown IRIs give 404.",
)
async def resource(request: Request, path: str) -> Response:
    state = request.app.state.qk
    return await _rdf_or_html(request, state.minter.base + path)


@router.get("/ontology", name="ontology", summary="The ontology (HTML documentation or RDF)")
async def ontology(request: Request) -> Response:
    accept = request.headers.get("accept")
    fmt_param = request.query_params.get("format")
    if fmt_param in (None, "html") and (wants_html(accept) or fmt_param == "html"):
        return HTMLResponse(request.app.state.ontology_html[page_lang()])
    chosen = choose("graph", accept, fmt_param)
    if chosen is None:
        return rdf_not_acceptable(html=True)
    fmt, media = chosen
    if fmt == "turtle":
        return Response(ONTOLOGY_FILE.read_bytes(), media_type="text/turtle; charset=utf-8")
    triples = list(ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE))
    return Response(ox.serialize(triples, format=RDF_FORMATS[fmt]), media_type=media)


@router.get("/ontology/diagram.svg", include_in_schema=False)
async def ontology_diagram(request: Request) -> Response:
    return Response(request.app.state.ontology_svg, media_type="image/svg+xml")


@router.get("/cadre", include_in_schema=False)
async def framework_alias(request: Request) -> Response:
    return RedirectResponse(str(request.url_for("resource", path="cadre")), status_code=303)
