"""SPARQL 1.1 Graph Store HTTP Protocol at /store, with indirect graph identification
(`?graph=IRI` or `?default`). Reads are public; writes need the bearer token."""

from __future__ import annotations

import json
import uuid

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from quartiers.store import EXPLICIT_DEFAULT
from server.conneg import choose
from server.engine import QueryRequest, WriteRequest
from server.linked_data import rdf_not_acceptable
from server.sparql import ProtocolError, _check_token, _param, error, failed
from server.state import JSON_ONLY

router = APIRouter()

PARSE_FORMATS = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "text/plain": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD",
}
GRAPH_EXISTS = "ASK { GRAPH ?g { } }"
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _target(request: Request) -> ox.NamedNode | None:
    """The graph addressed: a named graph, or None for the (explicit) default graph."""
    q = request.query_params
    graphs = q.getlist("graph")
    if "default" in q and not graphs:
        return None
    if len(graphs) == 1 and "default" not in q:
        try:
            return ox.NamedNode(graphs[0])
        except ValueError:
            raise ProtocolError(400, "graph: not a valid absolute IRI") from None
    raise ProtocolError(400, "give exactly one of ?graph=IRI or ?default")


@router.api_route(
    "/store",
    methods=["GET", "HEAD", "PUT", "POST", "DELETE"],
    name="graph_store",
    summary="SPARQL 1.1 Graph Store HTTP Protocol",
    description="`?graph=IRI` or `?default`. GET/HEAD are public; PUT, POST and DELETE "
    "need `Authorization: Bearer` with QUARTIERS_UPDATE_TOKEN.",
    openapi_extra={
        "parameters": [
            _param("graph", "IRI of the graph"),
            _param("default", "the default graph (no value)"),
            _param("format", "turtle, ntriples, jsonld, rdfxml"),
        ],
        "requestBody": {
            "required": False,
            "content": {m: {"schema": {"type": "string"}} for m in PARSE_FORMATS},
        },
    },
)
async def graph_store(request: Request) -> Response:
    state = request.app.state.qk
    try:
        if request.method in ("GET", "HEAD"):
            return await _read(request)
        _check_token(request)
        if request.method == "POST" and not request.query_params:
            graph: ox.NamedNode | None = ox.NamedNode(f"{state.minter.base}graphe/{uuid.uuid4()}")
            created = True
        else:
            graph, created = _target(request), False
        req = WriteRequest(method=request.method, graph=graph.value if graph else None)
        if request.method != "DELETE":
            media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
            req.rdf_format = PARSE_FORMATS.get(media)
            if req.rdf_format is None:
                raise ProtocolError(
                    415,
                    f"unsupported Content-Type '{media[:100]}' for RDF: use text/turtle, "
                    "application/n-triples, application/rdf+xml or application/ld+json",
                )
            req.body = await request.body()
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers)
    # parsed and applied in the writer process, off the network, with a timeout
    resp = await state.write(req)
    if not resp.changed:
        if resp.status == 404 and graph is not None:
            return error(404, f"no graph <{graph.value}>")
        return failed(resp, "write failed")
    if request.method == "DELETE":
        return Response(status_code=204)
    headers = {"Location": graph.value} if created and graph is not None else {}
    return Response(status_code=204 if resp.existed or graph is None else 201, headers=headers)


async def _read(request: Request) -> Response:
    state = request.app.state.qk
    graph = _target(request)
    chosen = choose("graph", request.headers.get("accept"), request.query_params.get("format"))
    if chosen is None:
        return rdf_not_acceptable()
    fmt, media = chosen
    target = graph or ox.NamedNode(EXPLICIT_DEFAULT)
    exists = await state.run(
        QueryRequest(GRAPH_EXISTS, JSON_ONLY, bindings={"g": target}, internal=True)
    )
    if exists.status != 200:
        return failed(exists)
    if graph is not None and not json.loads(exists.body)["boolean"]:
        return error(404, f"no graph <{target.value}>")
    resp = await state.run(
        QueryRequest(
            GRAPH_TRIPLES, {"graph": (fmt, media)}, max_results=10**9, bindings={"g": target}
        )
    )
    if resp.status != 200:
        return failed(resp, "read failed")
    if request.method == "HEAD":
        return Response(
            status_code=200,
            media_type=resp.media_type,
            headers={"Content-Length": str(len(resp.body))},
        )
    return Response(resp.body, media_type=resp.media_type)
