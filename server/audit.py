"""/audit: the auditor's report (quartiers/audit_report.py) over what the server holds, built
from the named queries on the engine once per store generation; its tables as CSV and JSON at
/audit/<table>.csv and /audit/audit.json; the charting scripts it uses at /vendor/vega."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from quartiers import audit_html, audit_report
from quartiers.query import named_queries
from server.engine import QueryRequest
from server.i18n import gettext, page_lang
from server.linked_data import local_path
from server.sparql import error
from server.state import JSON_ONLY, EngineError

router = APIRouter(include_in_schema=False)
SCRIPTS = {name: audit_html.NODE_MODULES / rel for name, rel in audit_html.VEGA_SCRIPTS}


async def _result(state: Any, name: str) -> audit_report.Result:
    q = named_queries()[name]
    resp = await state.run(
        QueryRequest(
            q.text,
            JSON_ONLY,
            max_results=10**9,  # the server's own query: its size is the data's
            bindings=q.bindings(base=state.minter.base),
            internal=True,
        )
    )
    if resp.status != 200:
        raise EngineError(resp)
    data = json.loads(resp.body)
    names = data["head"]["vars"]
    rows = [{n: audit_report.plain(b.get(n)) for n in names} for b in data["results"]["bindings"]]
    return audit_report.Result(names, rows)


async def report(state: Any) -> audit_report.AuditReport:
    """The report of the current store generation (built again after a write). A remote store
    is written to without this server knowing (`quartiers build --endpoint`): there the queries
    run on each request, and the report is built again when their answers change."""
    generation = state.engine.generation if state.engine else -1
    remote = state.engine is not None and state.engine.current is None
    cached = state.cache.get("audit")
    if cached and cached[0] == generation and not remote:
        return cached[2]
    results = {n: await _result(state, n) for n in audit_report.REPORT_QUERIES}
    answers = hashlib.sha256(repr(sorted(results.items())).encode()).hexdigest()
    if cached and cached[1] == answers:
        return cached[2]
    loop = asyncio.get_running_loop()
    built = await loop.run_in_executor(None, audit_report.build, results, state.settings.sources)
    state.cache["audit"] = (generation, answers, built)
    return built


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request) -> Response:
    state = request.app.state.qk
    built = await report(state)
    links = audit_html.Links(local=lambda iri: local_path(state, iri), api=True, csv_dir="/audit/")
    return HTMLResponse(
        request.app.state.templates.get_template("audit.html").render(
            request=request,
            body=audit_html.body(built, links, gettext, page_lang()),
            scripts=audit_html.vega_scripts(inline=False),
        )
    )


@router.get("/audit/{name}.csv")
async def audit_csv(request: Request, name: str) -> Response:
    built = await report(request.app.state.qk)
    table = built.tables.get(name)
    if table is None:
        return error(404, f"no table '{name}' (tables: {', '.join(built.tables)})")
    return Response(
        table.csv(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{name}.csv"'},
    )


@router.get("/audit/audit.json")
async def audit_json(request: Request) -> Response:
    built = await report(request.app.state.qk)
    return Response(built.json(), media_type="application/json")


@router.get("/vendor/vega/{name}.js")
async def vega_script(name: str) -> Response:
    path = SCRIPTS.get(name)
    if path is None or not path.is_file():
        return error(404, "no such script")
    return FileResponse(
        path,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )
