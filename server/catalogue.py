"""The one catalogue (DCAT-AP 3.0 + VoID), made from what the server holds and its public URL,
served at /catalog, /.well-known/void and at its own IRIs (/id/catalogue, /id/dataset…), each
of which dereferences: RDF by Accept, an HTML page for a person. Also the dumps it lists."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF

from quartiers.catalog import (
    ADMS,
    DCAT,
    LABELS,
    SPDX,
    VOID,
    Catalogue,
    Dump,
    Part,
    media_type_of,
)
from quartiers.files import sha256
from quartiers.iris import ONTOLOGY
from server.conneg import choose, wants_html
from server.i18n import page_lang
from server.sparql import error

router = APIRouter()
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
# a convention's label names it ("Convention d'application communale de Divion"); its
# dcterms:title may also be the contract's title: the label wins where there is one
PARTS_QUERY = f"""
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?title ?doc ?commune WHERE {{
  GRAPH ?g {{
    ?g a void:Dataset .
    {{ ?g rdfs:label ?title }} UNION {{ ?g dcterms:title ?title MINUS {{ ?g rdfs:label [] }} }}
    OPTIONAL {{ ?g <{ONTOLOGY}sourceDocument> ?doc }}
    OPTIONAL {{ ?g <{ONTOLOGY}commune> ?commune }}
  }}
}} ORDER BY ?g"""


async def dump_list(state: Any) -> list[Dump]:
    """The dump files (regenerated off the event loop after a write), with size and SHA-256."""
    loop = asyncio.get_running_loop()
    files: dict[str, Path] = await state.dump_files()
    key = ("dumps", state.dumps_generation)
    if state.cache.get("dumps", (None,))[0] != key:
        sums = await loop.run_in_executor(None, lambda: {n: sha256(p) for n, p in files.items()})
        dumps = [
            Dump(n, p.stat().st_size, sums[n], state.dump_graphs.get(n)) for n, p in files.items()
        ]
        state.cache["dumps"] = (key, dumps)
    result: list[Dump] = state.cache["dumps"][1]
    return result


async def parts(state: Any) -> list[Part]:
    rows = await state.select(PARTS_QUERY)
    base = state.minter.base
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = r["g"]["value"]
        if not g.startswith(base):
            continue
        p = found.setdefault(g, {"fr": "", "en": "", "about": set(), "doc": None})
        lang = r["title"].get("xml:lang", "fr")
        p[lang if lang in ("fr", "en") else "fr"] = r["title"]["value"]
        if "commune" in r:
            p["about"].add(r["commune"]["value"])
        if "doc" in r:
            p["doc"] = r["doc"]["value"]
    counts = state.stats.get("graphs", {})
    return [
        Part(
            g,
            p["fr"] or p["en"],
            p["en"] or p["fr"],
            counts.get(g, 0),
            tuple(sorted(p["about"])),
            p["doc"],
        )
        for g, p in found.items()
    ]


async def catalogue(request: Request) -> Catalogue:
    state = request.app.state.qk
    public = state.settings.public_url or str(request.base_url)
    dumps = await dump_list(state)
    key = ("catalogue", state.engine.generation, public)
    cached = state.cache.get("catalogue")
    if cached is None or cached[0] != key:
        cat = Catalogue(
            state.minter,
            public,
            dumps,
            await parts(state),
            state.stats.get("triples", 0),
            datetime.fromtimestamp(state.modified, UTC),
        )
        state.cache["catalogue"] = (key, cat)
        return cat
    result: Catalogue = cached[1]
    return result


def graph_response(request: Request, g: Graph, iri: str | None = None) -> Response:
    accept = request.headers.get("accept")
    chosen = choose("graph", accept, request.query_params.get("format"))
    if chosen is None:
        offered = "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
        return error(406, "available: " + offered + ", text/html")
    fmt, media = chosen
    headers = {"Vary": "Accept"}
    if iri:
        headers["Link"] = f'<{iri}>; rel="canonical"'
    body = g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")
    return Response(body, media_type=media, headers=headers)


def describe(cat: Catalogue, iri: str) -> Graph:
    """The resource, what it owns (its distributions and checksums: IRIs below its own), and
    the titles and labels of what it links to."""
    full = cat.g
    g = Graph(namespace_manager=full.namespace_manager)
    owned = [s for s in cat.subjects() if s == iri or s.startswith((iri + "/", iri + "#"))]
    for s in owned:
        for p, o in full.predicate_objects(URIRef(s)):
            g.add((URIRef(s), p, o))
            for lp in (
                DCTERMS.title,
                FOAF.name,
                URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            ):
                for label in full.objects(o, lp):
                    g.add((o, lp, label))
    return g


def wants_page(request: Request) -> bool:
    fmt = request.query_params.get("format")
    return fmt == "html" or (fmt is None and wants_html(request.headers.get("accept")))


async def serve(request: Request, iri: str | None = None) -> Response:
    """The whole catalogue (iri None), or one of its resources."""
    cat = await catalogue(request)
    if iri is not None and iri not in cat.subjects():
        return error(404, f"unknown resource <{iri}>")
    if wants_page(request):
        return HTMLResponse(render(request, cat, iri))
    return graph_response(request, cat.g if iri is None else describe(cat, iri), iri)


@router.get("/catalog", name="catalog", summary="DCAT-AP 3.0 catalogue (RDF, or HTML)")
async def catalog(request: Request) -> Response:
    return await serve(request)


@router.get("/.well-known/void", name="void", summary="VoID description (the catalogue)")
async def void(request: Request) -> Response:
    return await serve(request)


@router.get("/id/catalogue", include_in_schema=False)
@router.get("/id/dataset", include_in_schema=False)
async def catalogue_iri(request: Request) -> Response:
    return await serve(request)


@router.get("/id/catalogue/{rest:path}", include_in_schema=False)
@router.get("/id/dataset/{rest:path}", include_in_schema=False)
@router.get("/id/organisation/quartiers-kg", include_in_schema=False)
@router.get("/id/organisation/quartiers-kg/{rest:path}", include_in_schema=False)
async def catalogue_resource(request: Request) -> Response:
    base = request.app.state.qk.minter.base
    return await serve(request, base + request.url.path[len("/id/") :])


@router.get("/dumps", name="dumps_index", summary="List of the dumps (JSON)")
async def dumps_index(request: Request) -> Response:
    items = [
        {
            "name": d.name,
            "url": str(request.url_for("dump", name=d.name)),
            "bytes": d.size,
            "sha256": d.sha256,
            "media_type": media_type_of(d.name),
            "graph": d.graph,
        }
        for d in await dump_list(request.app.state.qk)
    ]
    return Response(json.dumps(items, indent=1), media_type="application/json")


@router.get(
    "/dumps/{name}",
    name="dump",
    summary="A dump: the whole graph (Turtle, N-Triples, JSON-LD; gzip) or one named graph",
)
async def dump(request: Request, name: str) -> Response:
    state = request.app.state.qk
    by_name = {d.name: d for d in await dump_list(state)}
    d = by_name.get(name)
    if d is None:
        return error(404, f"no dump '{name}' (available: {', '.join(by_name)})")
    path = state.dumps_dir / name
    etag = '"' + d.sha256[:32] + '"'
    return FileResponse(path, media_type=media_type_of(name), headers={"ETag": etag}, filename=name)


# ------------------------------------------------------------------------------------- page
def _text(g: Graph, s: Any, p: Any) -> str:
    lang = page_lang()
    values = list(g.objects(s, p))
    for v in values:
        if isinstance(v, Literal) and v.language == lang:
            return str(v)
    for v in values:
        if isinstance(v, Literal) and v.language in (None, "fr"):
            return str(v)
    return str(values[0]) if values else ""


def _label(g: Graph, o: Any) -> str:
    pair = LABELS.get(o)
    if pair:
        return pair[0] if page_lang() == "fr" else pair[1]
    return str(o).rsplit("/", 1)[-1]


def _href(cat: Catalogue, iri: Any) -> str:
    s = str(iri)
    return "/id/" + s[len(cat.m.base) :] if s.startswith(cat.m.base) else s


def _anchor(cat: Catalogue, iri: Any) -> str:
    return str(iri)[len(cat.m.base) :].replace("/", "-").replace("#", "-")


def _distribution(cat: Catalogue, d: Any) -> dict[str, Any]:
    g = cat.g
    checksum = g.value(d, SPDX.checksum)
    size = g.value(d, DCAT.byteSize)
    return {
        "iri": str(d),
        "href": _href(cat, d),
        "anchor": _anchor(cat, d),
        "title": _text(g, d, DCTERMS.title),
        "url": str(g.value(d, DCAT.downloadURL) or g.value(d, DCAT.accessURL)),
        "format": _label(g, g.value(d, DCTERMS.format)) if g.value(d, DCTERMS.format) else "",
        "media": str(g.value(d, DCAT.mediaType) or "").rsplit("media-types/", 1)[-1],
        "compress": "gzip" if g.value(d, DCAT.compressFormat) else "",
        "size": int(size) if size is not None else None,
        "sha256": str(g.value(checksum, SPDX.checksumValue)) if checksum else "",
        "service": g.value(d, DCAT.accessService) is not None,
    }


def _dataset(cat: Catalogue, ds: Any) -> dict[str, Any]:
    g = cat.g
    dists = sorted(g.objects(ds, DCAT.distribution), key=str)
    return {
        "iri": str(ds),
        "href": _href(cat, ds),
        "anchor": _anchor(cat, ds),
        "title": _text(g, ds, DCTERMS.title),
        "description": _text(g, ds, DCTERMS.description),
        "modified": str(g.value(ds, DCTERMS.modified) or ""),
        "keywords": sorted(str(k) for k in g.objects(ds, DCAT.keyword)),
        "themes": sorted(_label(g, t) for t in g.objects(ds, DCAT.theme)),
        "spatial": [
            {"label": _label(g, s), "href": _href(cat, s)}
            for s in sorted(g.objects(ds, DCTERMS.spatial), key=str)
        ],
        "triples": int(g.value(ds, VOID.triples) or 0),
        "landing": str(g.value(ds, DCAT.landingPage) or ""),
        "distributions": [_distribution(cat, d) for d in dists],
    }


def render(request: Request, cat: Catalogue, focus: str | None) -> str:
    g = cat.g
    whole = cat.whole
    datasets = [_dataset(cat, whole)] + [
        _dataset(cat, ds) for ds in sorted(g.objects(whole, DCTERMS.hasPart), key=str)
    ]
    svc = cat.service
    focus_anchor = _anchor(cat, focus) if focus else None
    return str(
        request.app.state.templates.get_template("catalog.html").render(
            request=request,
            title=_text(g, cat.iri, DCTERMS.title),
            description=_text(g, cat.iri, DCTERMS.description),
            iri=str(cat.iri),
            modified=str(g.value(cat.iri, DCTERMS.modified) or ""),
            licence={
                "href": str(g.value(cat.iri, DCTERMS.license)),
                "label": _label(g, g.value(cat.iri, DCTERMS.license)),
            },
            publisher=str(g.value(g.value(cat.iri, DCTERMS.publisher), FOAF.name) or ""),
            service={
                "iri": str(svc),
                "anchor": _anchor(cat, svc),
                "title": _text(g, svc, DCTERMS.title),
                "description": _text(g, svc, DCTERMS.description),
                "endpoint": str(g.value(svc, DCAT.endpointURL)),
                "standard": str(g.value(svc, DCTERMS.conformsTo)),
            },
            datasets=datasets,
            focus=focus,
            focus_anchor=focus_anchor,
            status=_label(g, next(iter(g.objects(None, ADMS.status)), None)),
            formats=[
                (f, f"{request.url.path}?format={f}")
                for f in ("turtle", "jsonld", "ntriples", "rdfxml")
            ],
            types=sorted({str(t) for t in g.objects(URIRef(focus), RDF.type)}) if focus else [],
        )
    )
