"""The FastAPI application: thin routes over the quartiers library and the query engine."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import Message, Receive, Scope, Send

from quartiers import __version__
from quartiers.ontodoc import ontology_diagram_svg, ontology_html
from server import api, audit, catalogue, gsp, linked_data, pages, sparql
from server.http_semantics import HttpSemantics
from server.i18n import LANGS, Language, gettext, page_lang, rendered_in
from server.middleware import HttpMiddleware
from server.redirects import IriRedirects, read_redirects
from server.settings import Settings
from server.sparql import failed
from server.state import AppState, EngineError

HERE = Path(__file__).resolve().parent
YASGUI_DIR = HERE.parent / "node_modules" / "@zazuko" / "yasgui" / "build"
SWAGGER_DIR = HERE.parent / "node_modules" / "swagger-ui-dist"
access = logging.getLogger("quartiers.access")


class AccessLog(HttpMiddleware):
    """One log line per request with its duration."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        start = time.perf_counter()
        status = 0

        async def wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                ms = (time.perf_counter() - start) * 1000
                headers = list(message.get("headers", []))
                headers.append((b"server-timing", f"total;dur={ms:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            client = scope.get("client")
            access.info(
                '%s "%s %s" %d %.1fms',
                client[0] if client else "-",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - start) * 1000,
            )


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

    local_swagger = (SWAGGER_DIR / "swagger-ui-bundle.js").exists()
    app = FastAPI(
        docs_url=None if local_swagger else "/docs",
        title="quartiers-kg",
        version=__version__,
        description="SPARQL 1.1 endpoint and linked data of the French city contracts "
        "'Engagements Quartiers 2030'. Data: Licence Ouverte / Etalab 2.0.",
        lifespan=lifespan,
        max_body_size=settings.max_body,  # 413 before a larger body is read
    )
    app.state.qk = state
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape())
    env.globals.update(_=gettext, page_lang=page_lang)
    app.state.templates = env
    app.state.ontology_html = {
        lang: rendered_in(lang, lambda: ontology_html(env)) for lang in LANGS
    }
    app.state.ontology_svg = ontology_diagram_svg()
    app.state.yasgui = (YASGUI_DIR / "yasgui.min.js").exists()
    app.add_middleware(IriRedirects, table=read_redirects(settings.iri_redirects))
    app.add_middleware(Language)  # inside HttpSemantics: a 304 repeats its Vary
    app.add_middleware(HttpSemantics)  # inside CORS, which answers preflight OPTIONS itself
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=["Content-Length"],
    )

    app.add_middleware(AccessLog)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    if app.state.yasgui:
        app.mount("/vendor/yasgui", StaticFiles(directory=YASGUI_DIR), name="yasgui")
    if local_swagger:
        app.mount("/vendor/swagger", StaticFiles(directory=SWAGGER_DIR), name="swagger")

        @app.get("/docs", include_in_schema=False)
        async def docs() -> HTMLResponse:
            """OpenAPI page with Swagger UI served from node_modules, not from a CDN."""
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="quartiers-kg API",
                swagger_js_url="/vendor/swagger/swagger-ui-bundle.js",
                swagger_css_url="/vendor/swagger/swagger-ui.css",
                swagger_favicon_url="/vendor/swagger/favicon-32x32.png",
            )

    # the catalogue's IRIs (/id/catalogue, /id/dataset…) before the store-backed /id/{path}
    routers = (sparql, gsp, catalogue, linked_data, pages, audit)
    for r in routers:
        app.include_router(r.router)

    @app.exception_handler(EngineError)
    async def engine_error(request: Request, exc: EngineError) -> Response:
        """A page's own query refused (busy, timed out): its status, not a 500."""
        return failed(exc.response)

    return app
