"""SPARQL 1.1 Protocol: /sparql (query), /update (SPARQL Update, token-gated), and the
service description returned by GET /sparql without a query."""

from __future__ import annotations

import hmac
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from server.conneg import RESULT_TYPES, choose, error_media, wants_html
from server.engine import QueryRequest, QueryResponse, WriteRequest

router = APIRouter()

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _param(name: str, description: str, many: bool = False) -> dict[str, object]:
    schema: dict[str, object] = {"type": "string"}
    if many:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _body(*media: str, field: str) -> dict[str, object]:
    content: dict[str, object] = {m: {"schema": {"type": "string"}} for m in media}
    content["application/x-www-form-urlencoded"] = {
        "schema": {"type": "object", "properties": {field: {"type": "string"}}}
    }
    return {"required": False, "content": content}


# the protocol's parameters, for the OpenAPI description (the routes read them themselves)
QUERY_OPENAPI = {
    "parameters": [
        _param("query", "SPARQL 1.1 query text"),
        _param("default-graph-uri", "graph IRIs making the default graph", many=True),
        _param("named-graph-uri", "graph IRIs usable in GRAPH", many=True),
        _param("format", "json, xml, csv, tsv; turtle, ntriples, jsonld, rdfxml"),
    ],
    "requestBody": _body("application/sparql-query", field="query"),
}
UPDATE_OPENAPI = {
    "parameters": [
        _param("using-graph-uri", "graph IRIs for USING", many=True),
        _param("using-named-graph-uri", "graph IRIs for USING NAMED", many=True),
    ],
    "requestBody": _body("application/sparql-update", field="update"),
}


def error(
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    *,
    request: Request | None = None,
    details: dict[str, Any] | None = None,
) -> Response:
    """An error as text, or, for a client whose Accept names JSON (and a request given), as
    RFC 9457 problem details carrying the same fields (a syntax error's line, column, query
    line and caret)."""
    media = error_media(request.headers.get("accept")) if request is not None else None
    if media is None:
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)
    first = message.split("\n", 1)[0]
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": first,
        "message": first,
        **(details or {}),
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type=media)


def failed(
    resp: QueryResponse, default: str = "query failed", request: Request | None = None
) -> Response:
    """The engine's refusal or failure as an answer (Retry-After kept)."""
    return error(
        resp.status, resp.error or default, resp.headers, request=request, details=resp.details
    )


def graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """Graph IRIs of a protocol parameter, each checked to be an absolute IRI."""
    values = params.get(name)
    if values is None:
        return None
    for v in values:
        try:
            ox.NamedNode(v)
        except ValueError:
            raise ProtocolError(400, f"{name}: not a valid absolute IRI: {v[:200]!r}") from None
    return values


def check_length(request: Request, text: str, what: str) -> None:
    limit = request.app.state.qk.settings.max_query_length
    if len(text) > limit:
        raise ProtocolError(
            413, f"the {what} is {len(text)} characters long; this endpoint accepts {limit}"
        )


def _media(request: Request) -> tuple[str | None, dict[str, str]]:
    raw = request.headers.get("content-type")
    if not raw:
        return None, {}
    parts = [p.strip() for p in raw.split(";")]
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"').lower()
    return parts[0].lower(), params


def _decode(body: bytes, params: dict[str, str]) -> str:
    charset = params.get("charset", "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset '{charset}': send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not valid UTF-8") from None


async def _operation(
    request: Request, name: str, direct_type: str
) -> tuple[str | None, dict[str, list[str]]]:
    """The operation text and all protocol parameters (URL and form), checked as the protocol
    requires: one operation, the right media type, UTF-8."""
    params: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        params.setdefault(k, []).append(v)
    if request.method in ("GET", "HEAD"):
        values = params.get(name, [])
    else:
        media, mparams = _media(request)
        body = await request.body()
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(_decode(body, mparams), keep_blank_values=True)
            for k, vs in form.items():
                params.setdefault(k, []).extend(vs)
            values = params.get(name, [])
        elif media == direct_type:
            if name in params:
                raise ProtocolError(400, f"'{name}' given both in the URL and as the body")
            values = [_decode(body, mparams)]
        elif media is None:
            raise ProtocolError(
                415, f"missing Content-Type: use {direct_type} or application/x-www-form-urlencoded"
            )
        else:
            raise ProtocolError(
                415,
                f"unsupported Content-Type '{media}': use {direct_type} or "
                "application/x-www-form-urlencoded",
            )
    if len(values) > 1:
        raise ProtocolError(400, f"more than one '{name}' parameter")
    return (values[0] if values else None), params


def _check_token(request: Request) -> None:
    token = request.app.state.qk.settings.update_token
    if not token:
        raise ProtocolError(403, "updates are disabled on this server (no QUARTIERS_UPDATE_TOKEN)")
    auth = request.headers.get("authorization", "")
    if not auth.lower().startswith("bearer "):
        raise ProtocolError(
            401,
            "a bearer token is required to write",
            {"WWW-Authenticate": 'Bearer realm="quartiers-kg"'},
        )
    if not hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
        raise ProtocolError(403, "invalid token")


ENDPOINT_URLS: dict[tuple[Any, ...], str] = {}  # by what the URL is made of; a few entries


def endpoint_url(request: Request) -> str:
    """The endpoint's own URL (the base IRI of queries): url_for walks every route, a sixth of
    a lookup's time in the server process, so each URL is worked out once per scheme, host and
    root path (a bounded table: Host is the client's to choose)."""
    public = request.app.state.qk.settings.public_url
    if public:
        return public.rstrip("/") + "/sparql"
    scope = request.scope
    key = (
        scope["scheme"],
        request.headers.get("host"),
        scope.get("root_path"),
        scope.get("server"),
    )
    url = ENDPOINT_URLS.get(key)
    if url is None:
        if len(ENDPOINT_URLS) >= 64:
            ENDPOINT_URLS.clear()
        url = ENDPOINT_URLS[key] = str(request.url_for("sparql_query"))
    return url


@router.api_route(
    "/sparql",
    methods=["GET", "POST", "HEAD"],
    name="sparql_query",
    summary="SPARQL 1.1 query endpoint",
    description="SPARQL 1.1 Protocol: `query` by GET, form POST or "
    "`application/sparql-query` POST; `default-graph-uri`, `named-graph-uri`; "
    "results by Accept or `format` (json, xml, csv, tsv; turtle, ntriples, jsonld, "
    "rdfxml).",
    openapi_extra=QUERY_OPENAPI,
)
async def sparql_query(request: Request) -> Response:
    state = request.app.state.qk
    try:
        query, params = await _operation(request, "query", "application/sparql-query")
        if query is None:
            if "update" in params:
                raise ProtocolError(
                    400, "updates are not accepted at /sparql: POST them to /update"
                )
            return await service_description(request)
        check_length(request, query, "query")
        default_graphs = graph_iris(params, "default-graph-uri")
        named_graphs = graph_iris(params, "named-graph-uri")
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers, request=request)
    fmt = params["format"][0] if params.get("format") else None
    accept = request.headers.get("accept")
    req = QueryRequest(
        query,
        {k: choose(k, accept, fmt) for k in RESULT_TYPES},
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        base_iri=endpoint_url(request),
        max_results=state.settings.max_results,
        prefixes={"qk": "https://w3id.org/quartiers-kg/ontology#"},
    )
    resp = await state.run(req)
    request.state.query_rows = resp.rows
    if resp.status == 406 and resp.kind:
        offered = ", ".join(m for _, m in RESULT_TYPES[resp.kind])
        return error(
            406,
            f"cannot produce {fmt or accept!r} for this query; available: {offered}",
            request=request,
        )
    if resp.status != 200:
        return failed(resp, request=request)
    return Response(
        resp.body,
        media_type=resp.media_type,
        headers={"Vary": "Accept", "Cache-Control": "public, max-age=60"},
    )


async def service_description(request: Request) -> Response:
    state = request.app.state.qk
    accept = request.headers.get("accept")
    if wants_html(accept):
        return HTMLResponse(
            request.app.state.templates.get_template("query.html").render(
                request=request,
                queries=state.queries.values(),
                endpoint=endpoint_url(request),
                yasgui=request.app.state.yasgui,
            )
        )
    chosen = choose("graph", accept, None)
    if chosen is None:
        return error(
            406,
            "the service description is RDF: ask for text/turtle, "
            "application/n-triples, application/ld+json or application/rdf+xml",
        )
    fmt, media = chosen
    ep = ox.NamedNode(endpoint_url(request))
    n = ox.NamedNode
    rdf_type = n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(ep, rdf_type, n(SD + "Service")),
        ox.Triple(ep, n(SD + "endpoint"), ep),
        ox.Triple(ep, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        ox.Triple(ep, n(SD + "feature"), n(SD + "UnionDefaultGraph")),
        ox.Triple(ep, n(SD + "feature"), n(SD + "BasicFederatedQuery"))
        if state.settings.service_allow
        else None,
    ]
    if state.settings.update_token:
        triples.append(ox.Triple(ep, n(SD + "supportedLanguage"), n(SD + "SPARQL11Update")))
    for f in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        triples.append(ox.Triple(ep, n(SD + "resultFormat"), n(FORMATS_NS + f)))
    ds = ox.NamedNode(state.minter.base + "dataset")
    triples.append(ox.Triple(ep, n(SD + "defaultDataset"), ds))
    triples.append(ox.Triple(ds, rdf_type, n(SD + "Dataset")))
    triples.append(
        ox.Triple(
            ds,
            n("http://rdfs.org/ns/void#triples"),
            ox.Literal(
                str(state.stats.get("triples", 0)),
                datatype=n("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        )
    )
    for i, (g, count) in enumerate(sorted(state.stats.get("graphs", {}).items())):
        ng = ox.NamedNode(f"{ep.value}#graph-{i}")
        triples += [
            ox.Triple(ds, n(SD + "namedGraph"), ng),
            ox.Triple(ng, n(SD + "name"), n(g)),
            ox.Triple(
                ng,
                n("http://rdfs.org/ns/void#triples"),
                ox.Literal(str(count), datatype=n("http://www.w3.org/2001/XMLSchema#integer")),
            ),
        ]
    from quartiers.results import serialise_graph

    body = serialise_graph([t for t in triples if t is not None], fmt, {"sd": SD})
    return Response(body, media_type=media)


@router.api_route(
    "/update",
    methods=["GET", "POST"],
    name="sparql_update",
    summary="SPARQL 1.1 Update endpoint (bearer token)",
    description="Off unless QUARTIERS_UPDATE_TOKEN is set; then POST "
    "`application/sparql-update` or form `update=` with `Authorization: Bearer`.",
    openapi_extra=UPDATE_OPENAPI,
)
async def sparql_update(request: Request) -> Response:
    state = request.app.state.qk
    if request.method == "GET":
        return error(405, "SPARQL Update must be sent with POST", {"Allow": "POST"})
    try:
        update, params = await _operation(request, "update", "application/sparql-update")
        if update is None:
            raise ProtocolError(400, "missing 'update'")
        if "query" in params:
            raise ProtocolError(400, "a query was sent to the update endpoint: use /sparql")
        _check_token(request)
        check_length(request, update, "update")
        using = graph_iris(params, "using-graph-uri") or []
        using_named = graph_iris(params, "using-named-graph-uri") or []
    except ProtocolError as exc:
        return error(exc.status, exc.message, exc.headers, request=request)
    # checked on its parse and applied in the writer process, off the network, with a timeout
    resp = await state.write(
        WriteRequest(update, using, using_named, base_iri=endpoint_url(request))
    )
    if not resp.changed:
        return failed(resp, "update failed", request)
    return Response(status_code=204)
