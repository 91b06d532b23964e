"""HTML pages for people: home, favicon, health (the audit report is server/audit.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from quartiers.query import named_queries
from server.linked_data import local_path

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent / "static"


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    state = request.app.state.qk
    rows = await state.select(named_queries()["quartiers"].text)
    quartiers: dict[str, dict[str, object]] = {}
    for r in rows:
        q = quartiers.setdefault(
            r["quartier"]["value"],
            {
                "name": r["name"]["value"],
                "status": r["status"]["value"],
                "code": r.get("code", {}).get("value", ""),
                "communes": [],
                "href": local_path(state, r["quartier"]["value"]),
            },
        )
        if "commune" in r:
            q["communes"].append(r["commune"]["value"])  # type: ignore[attr-defined]
    return HTMLResponse(
        request.app.state.templates.get_template("home.html").render(
            request=request,
            stats=state.stats,
            quartiers=list(quartiers.values()),
            queries=state.queries.values(),
            update=bool(state.settings.update_token),
        )
    )


@router.get("/favicon.ico")
async def favicon() -> Response:
    """Browsers ask for it on every site: a 404 fills logs and link checkers' reports."""
    return FileResponse(
        STATIC / "favicon.ico",
        media_type="image/vnd.microsoft.icon",
        headers={"Cache-Control": "public, max-age=604800"},
    )


@router.get("/health")
async def health(request: Request) -> Response:
    state = request.app.state.qk
    import json

    ok = state.engine is not None and state.engine.started
    body = {
        "status": "ok" if ok else "starting",
        "triples": state.stats.get("triples", 0),
        "graphs": len(state.stats.get("graphs", {})),
        "workers": state.settings.workers,
        "waiting": state.engine.waiting if state.engine else 0,
    }
    return Response(json.dumps(body), media_type="application/json", status_code=200 if ok else 503)
