"""The shape every pure ASGI layer of the server shares (pure ASGI: BaseHTTPMiddleware costs
~0.3 ms a request, measured with bench/http_load.py): HTTP requests go to `handle`, anything
else (lifespan, websockets) straight through."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send


class HttpMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError
