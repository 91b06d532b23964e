"""HTTP semantics every resource owes its clients, in one pure ASGI layer rather than in each
route: HEAD wherever GET is served (same headers, no body), OPTIONS with the allowed methods,
and validators (ETag, Last-Modified) with conditional requests (304, 412) on every GET.

Link checkers and harvesters (ckanext-dcat, udata) send HEAD before GET; caches and crawlers
revalidate with If-None-Match / If-Modified-Since."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

from starlette.routing import Match, Mount
from starlette.types import Message, Receive, Scope, Send

from server.middleware import HttpMiddleware

PROBED = ("GET", "POST", "PUT", "DELETE", "PATCH")
# headers a 304 repeats from the 200 it stands for (RFC 9110 15.4.5)
KEPT_ON_304 = {
    b"etag",
    b"last-modified",
    b"vary",
    b"cache-control",
    b"content-location",
    b"expires",
}


def allowed_methods(app: Any, scope: Scope) -> set[str]:
    """Methods some route accepts at this path (empty when no route has the path). Each method
    is probed through the router's own matching, which also sees into included routers."""
    methods: set[str] = set()
    for route in getattr(app, "routes", []):
        if route.matches(scope)[0] == Match.NONE:
            continue
        if isinstance(route, Mount):  # static files
            methods.add("GET")
            continue
        methods |= {m for m in PROBED if route.matches({**scope, "method": m})[0] == Match.FULL}
    if "GET" in methods:
        methods.add("HEAD")
    return methods | {"OPTIONS"} if methods else methods


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _tags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def _date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


CONDITIONAL = {"if-match", "if-none-match", "if-modified-since", "if-unmodified-since"}


def precondition(request_headers: dict[str, str], etag: str | None, modified: str | None) -> int:
    """200, 304 (not modified) or 412 (precondition failed), in RFC 9110 13.2.2 order."""
    if CONDITIONAL.isdisjoint(request_headers):
        return 200
    strong = etag.removeprefix("W/") if etag and not etag.startswith("W/") else None
    if_match = request_headers.get("if-match")
    last = _date(modified)
    if if_match is not None:
        if if_match.strip() != "*" and (strong is None or strong not in _tags(if_match)):
            return 412
    else:
        ius = _date(request_headers.get("if-unmodified-since"))
        if ius is not None and last is not None and int(last) > int(ius):
            return 412
    if_none = request_headers.get("if-none-match")
    if if_none is not None:
        tag = etag.removeprefix("W/") if etag else None
        if if_none.strip() == "*" or (tag is not None and tag in _tags(if_none)):
            return 304
        return 200
    ims = _date(request_headers.get("if-modified-since"))
    if ims is not None and last is not None and int(last) <= int(ims):
        return 304
    return 200


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str | None:
    for k, v in headers:
        if k.lower() == name:
            return v.decode("latin-1")
    return None


def _last_modified(scope: Scope) -> str | None:
    app = scope.get("app")
    state = getattr(getattr(app, "state", None), "qk", None)
    modified = getattr(state, "modified", None)
    return _http_date(modified) if modified else None


@functools.lru_cache(maxsize=4)
def _http_date(when: float) -> str:
    """The data changes at a write, not at every request: its date is formatted once."""
    return formatdate(when, usegmt=True)


class HttpSemantics(HttpMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "OPTIONS":
            await self._options(scope, receive, send)
        elif method in ("GET", "HEAD"):
            await self._get(scope, receive, send, head=method == "HEAD")
        else:
            await self.app(scope, receive, send)

    async def _options(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["path"] == "*":
            allowed = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"}
        else:
            allowed = allowed_methods(scope.get("app"), scope)
        if not allowed:  # no such resource: the application's own 404
            await self.app(scope, receive, send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": 204,
                "headers": [(b"allow", ", ".join(sorted(allowed)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    async def _get(self, scope: Scope, receive: Receive, send: Send, *, head: bool) -> None:
        inner = {**scope, "method": "GET"} if head else scope
        asked = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        start: Message | None = None
        chunks: list[bytes] = []
        mode = "forward"  # forward | buffer | swallow

        async def wrapped(message: Message) -> None:
            nonlocal start, mode
            if message["type"] == "http.response.start":
                start = message
                headers = list(message.get("headers", []))
                if message["status"] != 200:
                    await send(message)
                    return
                etag = _header(headers, b"etag")
                if etag is None:
                    mode = "buffer"  # the tag is the body's hash: wait for the body
                    return
                status = precondition(asked, etag, _header(headers, b"last-modified"))
                if status != 200:
                    mode = "swallow"
                    await send(_start(status, headers))
                    await send({"type": "http.response.body", "body": b""})
                    return
                await send(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            if mode == "swallow":
                return
            if mode == "forward":
                if head:
                    if not message.get("more_body", False):
                        await send({"type": "http.response.body", "body": b""})
                    return
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            assert start is not None
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"]
            headers.append((b"etag", entity_tag(body).encode()))
            modified = _last_modified(scope)
            if modified and _header(headers, b"last-modified") is None:
                headers.append((b"last-modified", modified.encode()))
            status = precondition(
                asked, _header(headers, b"etag"), _header(headers, b"last-modified")
            )
            if status != 200:
                await send(_start(status, headers))
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": b"" if head else body})

        await self.app(inner, receive, wrapped)


def _start(status: int, headers: list[tuple[bytes, bytes]]) -> Message:
    kept = [(k, v) for k, v in headers if k.lower() in KEPT_ON_304] if status == 304 else []
    return {"type": "http.response.start", "status": status, "headers": kept}
