"""Lexical inspection of SPARQL text, without executing it: the query form, SERVICE targets,
LOAD operations, and the USING/WITH clauses of updates. A small tokenizer skips comments,
strings and IRIs so that a keyword inside them is never mistaken for one in the query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*:[\w.\-:%\u00B7-\uFFFF]*|:[\w.\-:%]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<semi>;)
  | (?P<ws>\s+)
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """Tokens with their brace depth; cached, since clients repeat the same queries."""
    out: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "close":
            depth -= 1
        out.append(Token(kind, m.group(), m.start(), depth))
        if kind == "open":
            depth += 1
    return tuple(out)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword at top level."""
    for t in tokens(text):
        if t.kind == "word" and t.depth == 0:
            w = t.text.upper()
            if w in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                return w
            if w in (
                "INSERT",
                "DELETE",
                "LOAD",
                "CLEAR",
                "DROP",
                "CREATE",
                "ADD",
                "MOVE",
                "COPY",
                "WITH",
            ):
                return "UPDATE"
    return None


def service_targets(text: str) -> list[str | None]:
    """IRIs after SERVICE (None for a variable or anything we cannot check)."""
    toks = tokens(text)
    out: list[str | None] = []
    for i, t in enumerate(toks):
        if t.kind == "word" and t.text.upper() == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "SILENT":
                j += 1
            nxt = toks[j] if j < len(toks) else None
            out.append(nxt.text[1:-1] if nxt and nxt.kind == "iri" else None)
    return out


def has_load(text: str) -> bool:
    return any(t.kind == "word" and t.text.upper() == "LOAD" for t in tokens(text))


def refused_service(text: str, allow: set[str]) -> str | None:
    """A message when the query would make the server call out, else None."""
    for target in service_targets(text):
        host = urlsplit(target).hostname if target else None
        if host is None or host.lower() not in allow:
            where = f"<{target}>" if target else "a variable endpoint"
            return (
                f"SERVICE {where} is not allowed: this endpoint does not call out "
                f"(allowed hosts: {', '.join(sorted(allow)) or 'none'})"
            )
    return None


def has_dataset_clause(update: str) -> bool:
    """True when an update uses USING or WITH (which conflicts with protocol using-graph-uri)."""
    return any(
        t.kind == "word" and t.depth == 0 and t.text.upper() in ("USING", "WITH")
        for t in tokens(update)
    )


def add_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Insert USING / USING NAMED before the WHERE of every INSERT/DELETE ... WHERE operation
    (SPARQL 1.1 Protocol §2.2.3: using-graph-uri and using-named-graph-uri)."""
    if not using and not using_named:
        return update
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    toks = tokens(update)
    inserts: list[int] = []
    op_start = True
    op_is_modify = False
    for i, t in enumerate(toks):
        if t.kind == "semi" and t.depth == 0:
            op_start, op_is_modify = True, False
            continue
        if t.kind == "word" and t.depth == 0:
            w = t.text.upper()
            if op_start and w in ("INSERT", "DELETE"):
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                op_is_modify = not (nxt and nxt.kind == "word" and nxt.text.upper() == "DATA")
                if nxt and nxt.kind == "word" and nxt.text.upper() == "WHERE":
                    op_is_modify = True  # DELETE WHERE: no USING allowed; handled below
            if w not in ("PREFIX", "BASE"):
                op_start = False if w not in ("INSERT", "DELETE") else op_start
            if w == "WHERE" and op_is_modify:
                prev = toks[i - 1] if i else None
                if not (prev and prev.kind == "word" and prev.text.upper() == "DELETE"):
                    inserts.append(t.start)
    out = update
    for pos in reversed(inserts):
        out = out[:pos] + clause + " " + out[pos:]
    return out
