"""Old IRIs keep working: a published IRI whose path changed answers 301 to its new path.

The table is `data/reference/iri-redirects.csv` (columns `old,new`, paths relative to the data
base, e.g. `cadre/objectif/old-slug,cadre/objectif/new-slug`). Chains are followed to their end
when the table is read, so a client is redirected once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

from quartiers import messages as M
from quartiers.errors import InputError
from quartiers.inputs import text_file

PREFIX = "/id/"


def read_redirects(path: Path) -> dict[str, str]:
    """old path -> final new path; a missing file is an empty table, one that cannot be read
    as UTF-8 CSV (a directory, bad bytes) is bad input."""
    if not path.exists() and not path.is_symlink():
        return {}
    table: dict[str, str] = {}
    reader = csv.DictReader(io.StringIO(text_file(path, "CSV"), newline=""))
    if reader.fieldnames is None or not {"old", "new"} <= set(reader.fieldnames):
        raise InputError(M.REDIRECTS_HEADER(), path)
    for line, row in enumerate(reader, 2):
        old, new = (row.get("old") or "").strip().strip("/"), (row.get("new") or "").strip()
        if not old or not new.strip("/"):
            raise InputError(M.REDIRECTS_EMPTY(), path, line)
        if old in table:
            raise InputError(M.REDIRECTS_TWICE(path=old), path, line)
        table[old] = new.strip("/")
    final: dict[str, str] = {}
    for old in table:
        seen, target = {old}, table[old]
        while target in table:
            if target in seen:
                raise InputError(M.REDIRECTS_LOOP(path=target), path)
            seen.add(target)
            target = table[target]
        final[old] = target
    return final


class IriRedirects:
    """301 for the old paths of the table under /id/, before any lookup in the store."""

    def __init__(self, app: ASGIApp, table: dict[str, str]):
        self.app, self.table = app, table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(PREFIX) and self.table:
            new = self.table.get(path[len(PREFIX) :].strip("/"))
            if new is not None:
                query = scope.get("query_string", b"")
                location = PREFIX + new + ("?" + query.decode("latin-1") if query else "")
                await send(
                    {
                        "type": "http.response.start",
                        "status": 301,
                        "headers": [
                            (b"location", location.encode()),
                            (b"content-length", b"0"),
                            (b"cache-control", b"public, max-age=86400"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
