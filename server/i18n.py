"""Pages in French, or in English for a browser that prefers it (Accept-Language, or `?lang=`).

The language is chosen once per request by a pure ASGI layer and kept in a context variable
that the templates read (`_()` translates, `page_lang()` names the language), so no route has
to pass it around. Messages are keyed by their French text, as gettext keys by the source
language; the English catalogue is server/messages_en.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from starlette.types import Message, Receive, Scope, Send

from server.middleware import HttpMiddleware

LANGS = ("fr", "en")
DEFAULT = "fr"
CATALOGUE = Path(__file__).resolve().parent / "messages_en.json"
_current: ContextVar[str] = ContextVar("page_lang", default=DEFAULT)
_english: dict[str, str] = json.loads(CATALOGUE.read_text(encoding="utf-8"))


def page_lang() -> str:
    return _current.get()


def rendered_in(lang: str, render: Callable[[], str]) -> str:
    """Render a page in a given language outside a request (pages built once at start)."""
    token = _current.set(lang)
    try:
        return render()
    finally:
        _current.reset(token)


def gettext(text: str) -> str:
    return text if _current.get() == "fr" else _english.get(text, text)


def negotiate(query_lang: str | None, accept_language: str | None) -> str:
    """`?lang=` wins; otherwise the best-rated of our languages in Accept-Language."""
    if query_lang in LANGS:
        return query_lang
    best, best_q = DEFAULT, 0.0
    for i, part in enumerate((accept_language or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        tag = fields[0].lower().split("-", 1)[0]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        q -= i * 1e-6  # equal ratings: the first listed wins
        if tag in LANGS and q > best_q:
            best, best_q = tag, q
    return best


class Language(HttpMiddleware):
    """Sets the page language for the request; HTML responses say which one (Content-Language)
    and that it depends on Accept-Language (Vary)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = {k.lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = scope.get("query_string", b"").decode("latin-1")
        asked = next((p[5:] for p in query.split("&") if p.startswith("lang=")), None)
        lang = negotiate(asked, headers.get(b"accept-language"))
        token = _current.set(lang)

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                hs = list(message.get("headers", []))
                ctype = next((v for k, v in hs if k.lower() == b"content-type"), b"")
                if ctype.startswith(b"text/html"):
                    vary = [v for k, v in hs if k.lower() == b"vary"]
                    hs = [(k, v) for k, v in hs if k.lower() != b"vary"]
                    hs.append((b"vary", b", ".join([*vary, b"Accept-Language"])))
                    hs.append((b"content-language", lang.encode()))
                    message = {**message, "headers": hs}
            await send(message)

        try:
            await self.app(scope, receive, wrapped)
        finally:
            _current.reset(token)
