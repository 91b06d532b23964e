"""Named queries as a REST API: each queries/*.rq at /api/<name>, JSON or CSV. Its parameters
(`# param:` header) come from the query string and are bound to the query's variables as typed
terms, never pasted into its text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from quartiers.errors import QuartiersError
from quartiers.query import NamedQuery, Param
from server.conneg import parse_accept
from server.engine import QueryRequest
from server.sparql import error, failed

MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
}
SCHEMA_TYPES = {"string": "string", "iri": "string", "integer": "integer", "decimal": "number"}


def _handler(q: NamedQuery) -> Any:
    async def run(request: Request) -> Response:
        state = request.app.state.qk
        fmt = request.query_params.get("format")
        if fmt is None:
            ranges = parse_accept(request.headers.get("accept"))
            fmt = "csv" if any(r.type == "text" and r.subtype == "csv" for r in ranges) else "json"
        if fmt not in MEDIA:
            return error(406, f"format must be one of {', '.join(MEDIA)}")
        given = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
        values = dict(given)
        if len(values) != len(given):
            return error(400, "each parameter may be given once")
        try:
            bindings = q.bindings(values, state.minter.base)
        except QuartiersError as exc:
            return error(400, str(exc))
        resp = await state.run(
            QueryRequest(
                q.text,
                {"solutions": (fmt, MEDIA[fmt]), "boolean": ("json", MEDIA["json"])},
                max_results=state.settings.max_results,
                bindings=bindings,
                internal=True,  # a known query: served ahead of clients' own queries
            )
        )
        if resp.status != 200:
            return failed(resp)
        headers = {}
        if fmt == "csv":
            headers["Content-Disposition"] = f'inline; filename="{q.name}.csv"'
        return Response(resp.body, media_type=resp.media_type, headers=headers)

    return run


def _openapi_param(p: Param) -> dict[str, object]:
    schema: dict[str, object] = {"type": SCHEMA_TYPES[p.type]}
    if p.type == "iri":
        schema["format"] = "iri-reference"
    if p.default:
        schema["default"] = p.default
    kind = "an IRI, or a path under the data's base" if p.type == "iri" else p.type
    return {
        "name": p.name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": f"{p.description} ({kind})",
    }


def register(app: FastAPI, queries: dict[str, NamedQuery]) -> None:
    router = APIRouter(prefix="/api", tags=["named queries"])
    for q in queries.values():
        fmt = {
            "name": "format",
            "in": "query",
            "required": False,
            "schema": {"type": "string", "enum": list(MEDIA)},
            "description": "json (SPARQL JSON results, default), csv, tsv or xml",
        }
        router.add_api_route(
            f"/{q.name}",
            _handler(q),
            methods=["GET"],
            name=f"api_{q.name}",
            summary=q.title or q.name,
            description=(q.description or "") + f"\n\nSPARQL: `queries/{q.path.name}`.",
            responses={
                200: {"content": {"application/sparql-results+json": {}, "text/csv": {}}},
                400: {"description": "an unknown parameter, or a value of the wrong type"},
            },
            openapi_extra={"parameters": [_openapi_param(p) for p in q.params] + [fmt]},
        )
    app.include_router(router)
