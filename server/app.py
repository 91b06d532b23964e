"""The FastAPI application: thin routes over the quartiers library and the query engine."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import Response

from quartiers import __version__
from quartiers.ontodoc import ontology_diagram_svg, ontology_html
from server import api, gsp, linked_data, pages, sparql
from server.settings import Settings
from server.state import AppState

HERE = Path(__file__).resolve().parent
YASGUI_DIR = HERE.parent / "node_modules" / "@zazuko" / "yasgui" / "build"
access = logging.getLogger("quartiers.access")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    state = AppState(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, state.prepare)
        await state.start()
        api.register(app, state.queries)
        app.openapi_schema = None  # rebuild with the named-query routes
        try:
            yield
        finally:
            await state.stop()

    app = FastAPI(
        title="quartiers-kg",
        version=__version__,
        description="SPARQL 1.1 endpoint and linked data of the French city contracts "
        "'Engagements Quartiers 2030'. Data: Licence Ouverte / Etalab 2.0.",
        lifespan=lifespan,
    )
    app.state.qk = state
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
    app.state.templates = env
    app.state.ontology_html = ontology_html(env)
    app.state.ontology_svg = ontology_diagram_svg()
    app.state.yasgui = (YASGUI_DIR / "yasgui.min.js").exists()
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Content-Length"],
    )

    @app.middleware("http")
    async def log_requests(request: Request, call_next):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        response: Response = await call_next(request)
        ms = (time.perf_counter() - start) * 1000
        access.info(
            '%s "%s %s" %d %.1fms',
            request.client.host if request.client else "-",
            request.method,
            request.url.path,
            response.status_code,
            ms,
        )
        response.headers["Server-Timing"] = f"total;dur={ms:.1f}"
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if app.state.yasgui:
        app.mount("/vendor/yasgui", StaticFiles(directory=YASGUI_DIR), name="yasgui")
    for r in (sparql.router, gsp.router, linked_data.router, pages.router):
        app.include_router(r)
    return app
