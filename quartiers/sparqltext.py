"""What a SPARQL request would do, decided on its parse, never on its text: the query form,
every SERVICE target (variables included) and every LOAD, read from rdflib's parse tree after
prefixes and BASE are resolved. A lexical pass remains only for what needs positions or must
run before a parser can be trusted with the text: nesting depth, and where the protocol's
using-graph-uri clauses go."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from quartiers import messages as M
from quartiers.messages import Message

FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
# pyparsing recurses a few dozen Python frames per nesting level and per triple pattern:
# the parse runs on a thread with a large stack, so the limits below come from settings,
# not from the interpreter's default recursion limit
PARSE_STACK = 512 * 1024 * 1024
PARSE_RECURSION = 400_000
T = TypeVar("T")


class SparqlError(Exception):
    """The text is not SPARQL we accept; the message is safe to show the client. A syntax
    error also carries where it is: line and column (1-based), the query's line there and a
    caret under the column, for a terminal, a text body and a JSON body alike."""

    def __init__(
        self,
        message: str,
        status: int = 400,
        *,
        reason: Message | None = None,
        line: int | None = None,
        column: int | None = None,
        query_line: str | None = None,
    ):
        super().__init__(message)
        self.message, self.status = message, status
        self.reason = reason  # the message without its position, for the CLI's own wording
        self.line, self.column, self.query_line = line, column, query_line

    @property
    def caret(self) -> str | None:
        """Spaces (tabs kept, so it lines up) up to the column, then ^."""
        if self.query_line is None or self.column is None:
            return None
        lead = self.query_line[: self.column - 1]
        return "".join("\t" if c == "\t" else " " for c in lead) + "^"

    def context(self) -> tuple[str, ...]:
        caret = self.caret
        return (self.query_line or "", caret) if caret is not None else ()

    def text(self) -> str:
        """The message, then the query's line and the caret under the position."""
        return "\n".join((self.message, *self.context()))

    def fields(self) -> dict[str, object]:
        """The same, as the members of a JSON error body."""
        out: dict[str, object] = {"message": self.message}
        if self.line is not None:
            out.update(line=self.line, column=self.column)
            out.update(query_line=self.query_line, caret=self.caret)
        return out


def _line_col(text: str, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _offset(text: str, line: int, column: int) -> int:
    start = 0
    for _ in range(line - 1):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    end = text.find("\n", start)
    return min(start + column - 1, len(text) if end < 0 else end + 1)


def _token_at(text: str, offset: int) -> tuple[int, str | None]:
    """The token at offset, or the first one after it (whitespace and comments skipped), and
    where it starts: a parser may point into the middle of a word."""
    for m in _TOKEN.finditer(text, text.rfind("\n", 0, offset) + 1):
        if m.end() > offset and m.lastgroup not in ("ws", "comment"):
            return m.start(), m.group()
    return len(text), None


def positioned(text: str, offset: int, reason: Message, status: int = 400) -> SparqlError:
    """A syntax error at a place in the text: on the token found there (whitespace skipped)."""
    offset = _token_at(text, offset)[0]
    line, column = _line_col(text, offset)
    lines = text.split("\n")
    query_line = lines[line - 1].rstrip("\r") if line <= len(lines) else ""
    message = M.SPARQL_AT(line=line, column=column, reason=reason).render("en")
    return SparqlError(
        message, status, reason=reason, line=line, column=column, query_line=query_line
    )


def _shown(token: str) -> str:
    return repr(token if len(token) <= 30 else token[:29] + "…")


def _near(text: str, offset: int, *, ended: bool = False) -> Message:
    """In plain words: what was found where the parser gave up."""
    _, token = _token_at(text, offset)
    if token is None:
        return M.SPARQL_UNEXPECTED_END(expected="")
    if ended:  # the text should have ended before this token
        return M.SPARQL_UNEXPECTED(found=_shown(token), expected="")
    return M.SPARQL_NEAR(found=_shown(token))


def _prefix_error(text: str, prefix: str, before: int | None = None) -> SparqlError | None:
    """An undeclared prefix, at its first use (the last one before `before`, when given)."""
    uses = [t for t in tokens(text) if t.kind == "pname" and t.text.split(":", 1)[0] == prefix]
    if before is not None:
        uses = [t for t in uses if t.start < before] or uses
        uses = uses[-1:]
    if not uses:
        return None
    return positioned(text, uses[0].start, M.SPARQL_PREFIX(prefix=prefix))


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def engine_error(exc: SyntaxError, text: str) -> SparqlError:
    """pyoxigraph's syntax error ("error at 3:17: expected one of …") in plain words, with its
    position: the engine's keyword lists are left out, punctuation it expected is kept."""
    raw = str(exc.msg or exc)
    m = re.match(r"error at (\d+):(\d+): (.*)", raw, re.S)
    if not m:
        first = raw.splitlines()[0][:300] if raw else type(exc).__name__
        error = M.SPARQL_ERROR(reason=first)
        return SparqlError(error.render("en"), reason=error)
    line, column, rest = int(m.group(1)), int(m.group(2)), m.group(3)
    offset = _offset(text, line, column)
    if "Prefix not found" in rest:
        pname = re.search(r"([A-Za-z][\w.\-]*)?:\S*$", text[:offset].rstrip())
        prefix = (pname.group(1) or "") if pname else ""
        found = _prefix_error(text, prefix, before=offset)
        if found:
            return found
    if "IRI parsing failed" in rest:  # the engine points inside the IRI: show its start
        start = text.rfind("<", 0, offset)
        return positioned(text, start if start >= 0 else offset, M.SPARQL_BAD_IRI())
    punct = sorted(
        {t for t in _QUOTED.findall(rest) if t and re.fullmatch(r"[^\w\s\\]+", t)},
        key=lambda t: (len(t), t),
    )
    expected: Message | str = ""
    if punct:
        expected = M.SPARQL_EXPECTED(tokens=" ".join(repr(t) for t in punct))
    _, token = _token_at(text, offset)
    reason = (
        M.SPARQL_UNEXPECTED(found=_shown(token), expected=expected)
        if token
        else M.SPARQL_UNEXPECTED_END(expected=expected)
    )
    return positioned(text, offset, reason)


@dataclass(frozen=True)
class Analysis:
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    services: tuple[str | None, ...] = ()  # None: a variable endpoint
    loads: tuple[str, ...] = ()
    dataset_clause: bool = False  # an update with USING or WITH
    size: int = field(default=0, compare=False)  # bytes, for caches


_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:
               (?:[\w\-:\u00B7-\uFFFF]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%]
                 |\.(?=[\w\-:%\\\u00B7-\uFFFF]))*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
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


def tokens(text: str) -> Iterator[Token]:
    """Tokens with their bracket depth (comments and whitespace dropped)."""
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "close":
            depth -= 1
        yield Token(kind, m.group(), m.start(), depth)
        if kind == "open":
            depth += 1


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting, checked before parsing: an engine's parser recurses on
    it, and 10,000 nested parentheses overflow a native stack."""
    deepest = depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth -= 1
    return deepest


def on_big_stack(fn: Callable[[], T]) -> T:
    """Run fn on a thread with a large stack and recursion limit (pyparsing is recursive)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    old_stack = threading.stack_size(PARSE_STACK)
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, PARSE_RECURSION))  # per interpreter: restored below
    try:
        t = threading.Thread(target=run, name="sparql-parse")
        t.start()
        t.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if "error" in box:
        raise box["error"]
    return box["value"]


def _walk(node: Any) -> Iterator[Any]:
    """Every CompValue of a parse tree, however deep (iterative: trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    seen: set[int] = set()
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if isinstance(x, CompValue):
            yield x
            stack.extend(x.values())
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list | tuple) or type(x).__name__ == "ParseResults":
            stack.extend(x)


def _parse(text: str, base: str | None, update: bool) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        if update:
            return translateUpdate(parseUpdate(text), base)
        return translateQuery(parseQuery(text), base)
    except ParseException as exc:
        # pyparsing gives up at the start of the construct it could not read
        ended = exc.msg.startswith("Expected end of text")
        raise positioned(text, exc.loc, _near(text, exc.loc, ended=ended)) from None
    except RecursionError:
        deep = M.SPARQL_TOO_DEEP()
        raise SparqlError(deep.render("en"), reason=deep) from None
    except SparqlError:
        raise
    except Exception as exc:  # rdflib reports unknown prefixes and the like as plain errors
        message = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        prefix = re.match(r"Unknown namespace prefix : (\S*)", message)
        found = _prefix_error(text, prefix.group(1)) if prefix else None
        if found:
            raise found from None
        reason = M.SPARQL_ERROR(reason=message)
        raise SparqlError(reason.render("en"), reason=reason) from None


def _term(node: Any) -> str | None:
    from rdflib import URIRef

    return str(node) if isinstance(node, URIRef) else None


def analyse(text: str, base: str | None = None, *, update: bool = False) -> Analysis:
    """Parse a query (or an update) and list what it would call out to. Raises SparqlError
    with a message for the client when the text cannot be parsed."""
    parsed = on_big_stack(lambda: _parse(text, base, update))
    services: list[str | None] = []
    loads: list[str] = []
    dataset = False
    form = "UPDATE"
    algebra = getattr(parsed, "algebra", parsed)  # an empty update translates to []
    roots: list[Any] = list(algebra) if update else [algebra]
    if not update:
        form = FORMS.get(parsed.algebra.name, parsed.algebra.name)
    for root in roots:
        for node in _walk(root):
            # dict.get: CompValue.get returns the key itself for a missing field
            if node.name == "ServiceGraphPattern":
                services.append(_term(dict.get(node, "term")))
            elif node.name == "Load":
                loads.append(_term(dict.get(node, "iri")) or "")
            elif node.name == "Modify" and (
                dict.get(node, "using") or dict.get(node, "withClause")
            ):
                dataset = True
    size = len(text.encode()) + sum(len(s or "") for s in services) + 200
    return Analysis(form, tuple(services), tuple(loads), dataset, size)


def analyse_query(text: str, base: str | None = None) -> Analysis:
    """A query's analysis; an update sent as a query is named as such."""
    try:
        return analyse(text, base)
    except SparqlError as exc:
        try:
            analyse(text, base, update=True)
        except SparqlError:
            raise exc from None
        raise SparqlError(
            "this is a SPARQL Update: the query endpoint refuses it; POST it to /update",
            reason=M.SPARQL_UPDATE(),
        ) from None


def host_allowed(target: str | None, allow: set[str]) -> bool:
    """An http(s) endpoint on an allowed host, named plainly (no user info)."""
    if target is None or "\\" in target:  # an escape left in: not the IRI the engine sees
        return False
    try:
        parts = urlsplit(target)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or "@" in parts.netloc or not host:
        return False
    return host.rstrip(".").lower() in allow


def refusal(analysis: Analysis, allow: set[str]) -> str | None:
    """Why the request would make the server call out, or None when it would not."""
    if analysis.loads:
        return "LOAD is not allowed: this endpoint does not fetch remote data"
    for target in analysis.services:
        if not host_allowed(target, allow):
            where = f"<{target}>" if target else "a variable endpoint"
            return (
                f"SERVICE {where} is not allowed: this endpoint does not call out "
                f"(allowed hosts: {', '.join(sorted(allow)) or 'none'})"
            )
    return None


def add_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Insert USING / USING NAMED before the WHERE of every INSERT/DELETE ... WHERE operation
    (SPARQL 1.1 Protocol §2.2.3). The graph IRIs must be validated by the caller; the result
    is parsed again before it runs, so a misplaced clause is a syntax error, not a risk."""
    if not using and not using_named:
        return update
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    toks = list(tokens(update))
    inserts: list[int] = []
    op_start = True
    op_is_modify = False
    braces = 0
    for i, t in enumerate(toks):
        if t.kind in ("open", "close"):
            braces += (1 if t.kind == "open" else -1) if t.text in "{}" else 0
            continue
        if t.kind == "semi" and braces == 0:
            op_start, op_is_modify = True, False
            continue
        if t.kind == "word" and braces == 0:
            w = t.text.upper()
            if op_start and w in ("INSERT", "DELETE"):
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                op_is_modify = not (nxt and nxt.kind == "word" and nxt.text.upper() == "DATA")
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
