"""Named queries as a REST API: each queries/*.rq at /api/<name>, JSON or CSV."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from quartiers.query import NamedQuery
from server.conneg import parse_accept
from server.engine import QueryRequest
from server.sparql import error, failed


def _handler(q: NamedQuery) -> Any:
    async def run(request: Request, format: str | None = None) -> Response:
        state = request.app.state.qk
        fmt = format
        if fmt is None:
            ranges = parse_accept(request.headers.get("accept"))
            fmt = "csv" if any(r.type == "text" and r.subtype == "csv" for r in ranges) else "json"
        media = {
            "json": "application/sparql-results+json",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
            "xml": "application/sparql-results+xml",
        }
        if fmt not in media:
            return error(406, f"format must be one of {', '.join(media)}")
        resp = await state.run(
            QueryRequest(
                q.text,
                {"solutions": (fmt, media[fmt]), "boolean": ("json", media["json"])},
                max_results=state.settings.max_results,
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


def register(app: FastAPI, queries: dict[str, NamedQuery]) -> None:
    router = APIRouter(prefix="/api", tags=["named queries"])
    for q in queries.values():
        router.add_api_route(
            f"/{q.name}",
            _handler(q),
            methods=["GET"],
            name=f"api_{q.name}",
            summary=q.title or q.name,
            description=(q.description or "") + f"\n\nSPARQL: `queries/{q.path.name}`. "
            "`format=json` (SPARQL JSON results, default) or `format=csv`.",
            responses={200: {"content": {"application/sparql-results+json": {}, "text/csv": {}}}},
        )
    app.include_router(router)
