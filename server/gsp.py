"""SPARQL 1.1 Graph Store HTTP Protocol at /store, with indirect graph identification
(`?graph=IRI` or `?default`). Reads are public; writes need the bearer token."""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from quartiers.store import EXPLICIT_DEFAULT, refresh_union
from server.conneg import choose
from server.linked_data import rdf_not_acceptable
from server.sparql import ProtocolError, _check_token, error

router = APIRouter()

PARSE_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def _target(request: Request) -> ox.NamedNode | None:
    """The graph addressed: a named graph, or None for the (explicit) default graph."""
    q = request.query_params
    graphs = q.getlist("graph")
    if "default" in q and not graphs:
        return None
    if len(graphs) == 1 and "default" not in q:
        return ox.NamedNode(graphs[0])
    raise ProtocolError(400, "give exactly one of ?graph=IRI or ?default")


@router.api_route(
    "/store",
    methods=["GET", "HEAD", "PUT", "POST", "DELETE"],
    name="graph_store",
    summary="SPARQL 1.1 Graph Store HTTP Protocol",
    description="`?graph=IRI` or `?default`. GET/HEAD are public; PUT, POST and DELETE "
    "need `Authorization: Bearer` with QUARTIERS_UPDATE_TOKEN.",
)
async def graph_store(request: Request) -> Response:
    state = request.app.state.qk
    try:
        if request.method in ("GET", "HEAD"):
            return await _read(request)
        _check_token(request)
        if request.method == "POST" and not request.query_params:
            new_graph = ox.NamedNode(f"{state.minter.base}graphe/{uuid.uuid4()}")
            graph: ox.NamedNode | None = new_graph
            created_location: str | None = new_graph.value
        else:
            graph = _target(request)
            created_location = None
        if request.method == "DELETE":
            return await _delete(request, graph)
        media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        fmt = PARSE_FORMATS.get(media)
        if fmt is None:
            raise ProtocolError(
                415,
                f"unsupported Content-Type '{media}' for RDF: use text/turtle, "
                "application/n-triples, application/rdf+xml or application/ld+json",
            )
        body = await request.body()
        try:
            base_iri = graph.value if graph is not None else None
            triples = list(ox.parse(body, format=fmt, base_iri=base_iri))
        except SyntaxError as exc:
            raise ProtocolError(400, f"invalid RDF: {exc}") from None
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers)
    target = graph or ox.NamedNode(EXPLICIT_DEFAULT)
    replace = request.method == "PUT"

    def write(store: ox.Store) -> bool:
        existed = store.contains_named_graph(target)
        if replace and existed:
            store.clear_graph(target)
        store.add_graph(target) if not existed else None
        store.extend([ox.Quad(t.subject, t.predicate, t.object, target) for t in triples])
        refresh_union(store)
        return existed

    existed = await state.engine.write(write)
    await state.refresh_stats()
    headers = {"Location": created_location} if created_location else {}
    return Response(status_code=204 if existed or graph is None else 201, headers=headers)


async def _read(request: Request) -> Response:
    state = request.app.state.qk
    graph = _target(request)
    chosen = choose("graph", request.headers.get("accept"), request.query_params.get("format"))
    if chosen is None:
        return rdf_not_acceptable()
    fmt, media = chosen
    target = graph.value if graph else EXPLICIT_DEFAULT
    exists = await state.select(f"SELECT (1 AS ?x) WHERE {{ GRAPH <{target}> {{}} }}")
    if not exists and graph is not None:
        return error(404, f"no graph <{target}>")
    from server.engine import QueryRequest

    resp = await state.run(
        QueryRequest(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}",
            {"graph": (fmt, media)},
            max_results=10**9,
        )
    )
    if resp.status != 200:
        return error(resp.status, resp.error or "read failed")
    if request.method == "HEAD":
        return Response(
            status_code=200,
            media_type=resp.media_type,
            headers={"Content-Length": str(len(resp.body))},
        )
    return Response(resp.body, media_type=resp.media_type)


async def _delete(request: Request, graph: ox.NamedNode | None) -> Response:
    state = request.app.state.qk
    target = graph or ox.NamedNode(EXPLICIT_DEFAULT)

    def drop(store: ox.Store) -> bool:
        if not store.contains_named_graph(target):
            return False
        store.remove_graph(target)
        refresh_union(store)
        return True

    existed = await state.engine.write(drop)
    if not existed and graph is not None:
        return error(404, f"no graph <{target.value}>")
    await state.refresh_stats()
    return Response(status_code=204)
