"""Linked data: every minted IRI dereferences here (RDF by Accept, HTML for browsers), plus
the ontology, full dumps, the DCAT catalogue and the VoID description."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from quartiers.catalog import MEDIA, Dump, catalog_graph
from quartiers.iris import ONTOLOGY, ONTOLOGY_IRI
from quartiers.results import RDF_FORMATS, serialise_graph
from quartiers.store import ONTOLOGY_FILE
from server.conneg import choose, wants_html
from server.engine import QueryRequest
from server.sparql import error, failed
from server.state import etag_of

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
# ?r is bound to the resource (pyoxigraph substitutions), never written into the text
DESCRIBE = f"""
    CONSTRUCT {{ ?r ?p ?o . ?o ?lp ?l . ?h ?hp ?ho . }}
    WHERE {{
      {{ ?r ?p ?o . OPTIONAL {{ VALUES ?lp {{ {LABEL_VALUES} }} ?o ?lp ?l }} }}
      UNION
      {{ ?h ?hp ?ho . FILTER(STRSTARTS(STR(?h), CONCAT(STR(?r), "#"))) }}
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
    if not iris:
        return {}
    rows = await state.select(f"""
        SELECT ?s ?p ?l WHERE {{ VALUES ?s {{ {iri_values(iris)} }}
          VALUES ?p {{ {LABEL_VALUES} }} ?s ?p ?l . FILTER(LANG(?l) IN ("fr", "")) }}""")
    rank = {p: i for i, p in enumerate(LABELS)}
    best: dict[str, tuple[int, str]] = {}
    for r in rows:
        s, p, label = r["s"]["value"], r["p"]["value"], r["l"]["value"]
        key = (rank[p], label)
        if s not in best or key < best[s]:
            best[s] = key
    return {s: (v[1] if len(v[1]) <= 160 else v[1][:157] + "…") for s, v in best.items()}


def _source_lines(state: Any, name: str, first: int, last: int) -> list[tuple[int, str]]:
    if Path(name).name != name:  # a label from the data, not a path to follow
        return []
    path = state.settings.sources / name
    if not path.is_file():
        return []
    from quartiers.reader import read

    doc = read(path)
    return [(ln.no, ln.text) for ln in doc.lines[first - 1 : last]][:60]


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
            "label": labels.get(p) or p.rsplit("#", 1)[-1],
            "href": local_path(state, p) or p,
            "links": items,
        }
        for p, items in groups.items()
    ]


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
    sel = by_subject.get(iri + "#lines")
    src = by_subject.get(iri + "#source")
    if sel and src:
        first, last = int(sel[ONTOLOGY + "firstLine"]), int(sel[ONTOLOGY + "lastLine"])
        doc = src.get("http://www.w3.org/ns/oa#hasSource", "")
        doc_label = (await _labels(state, {doc})).get(doc, doc)
        prov = {
            "doc": doc,
            "doc_href": local_path(state, doc) or doc,
            "doc_label": doc_label,
            "first": first,
            "last": last,
            "lines": _source_lines(state, doc_label, first, last),
        }
    incoming = await _incoming(state, iri)
    rows = [
        {
            "predicate": p,
            "href": local_path(state, p) or p,
            "label": labels.get(p) or p.rsplit("#", 1)[-1].rsplit("/", 1)[-1],
            "vals": vs,
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
        return HTMLResponse(request.app.state.ontology_html)
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


async def _dumps(state: Any) -> dict[str, Path]:
    """The dump files, regenerated off the event loop after a write."""
    files: dict[str, Path] = await state.dump_files()
    return files


async def _dump_list(state: Any) -> list[Dump]:
    out = []
    for name, path in (await _dumps(state)).items():
        ext = Path(name).suffix
        inner = Path(name[:-3]).suffix if ext == ".gz" else ext
        out.append(
            Dump(
                name,
                MEDIA[".gz"] if ext == ".gz" else MEDIA[inner if inner != ".jsonld" else ".jsonld"],
                path.stat().st_size,
                ext == ".gz",
            )
        )
    return out


async def _catalog(request: Request) -> Any:
    state = request.app.state.qk
    public = state.settings.public_url or str(request.base_url)
    from datetime import UTC, datetime

    return catalog_graph(
        state.minter,
        public,
        await _dump_list(state),
        state.stats.get("triples", 0),
        datetime.now(UTC).date(),
    )


def _graph_response(request: Request, g: Any) -> Response:
    accept = request.headers.get("accept")
    chosen = choose("graph", accept, request.query_params.get("format"))
    if chosen is None:
        return rdf_not_acceptable()
    fmt, media = chosen
    rdflib_fmt = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    return Response(g.serialize(format=rdflib_fmt), media_type=media)


@router.get("/catalog", name="catalog", summary="DCAT catalogue (DCAT-AP 3.0)")
async def catalog(request: Request) -> Response:
    return _graph_response(request, await _catalog(request))


@router.get("/.well-known/void", name="void", summary="VoID description")
async def void(request: Request) -> Response:
    return _graph_response(request, await _catalog(request))


@router.get("/dumps", name="dumps_index", summary="List of full dumps (JSON)")
async def dumps_index(request: Request) -> Response:
    state = request.app.state.qk
    items = [
        {
            "name": d.name,
            "url": str(request.url_for("dump", name=d.name)),
            "bytes": d.size,
            "media_type": d.media_type,
        }
        for d in await _dump_list(state)
    ]
    return Response(json.dumps(items, indent=1), media_type="application/json")


@router.api_route(
    "/dumps/{name}",
    methods=["GET", "HEAD"],
    name="dump",
    summary="A full dump of the graph (Turtle, N-Triples, JSON-LD; gzip)",
)
async def dump(request: Request, name: str) -> Response:
    state = request.app.state.qk
    files = await _dumps(state)
    path = files.get(name)
    if path is None:
        return error(404, f"no dump '{name}' (available: {', '.join(files)})")
    etag = etag_of(path)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    ext = path.suffix
    media = "application/gzip" if ext == ".gz" else MEDIA.get(ext, "application/octet-stream")
    return FileResponse(path, media_type=media, headers={"ETag": etag}, filename=name)


@router.get("/files/{name}", include_in_schema=False)
async def data_file(request: Request, name: str) -> Response:
    """The Turtle files of data/ttl (the distributions listed in the build's catalogue)."""
    for d in request.app.state.qk.settings.data:
        p = d / name if d.is_dir() else d
        if p.name == name and p.is_file() and p.suffix == ".ttl":
            return FileResponse(p, media_type="text/turtle")
    return error(404, f"no file '{name}'")


@router.get("/cadre", include_in_schema=False)
async def framework_alias(request: Request) -> Response:
    return RedirectResponse(str(request.url_for("resource", path="cadre")), status_code=303)
