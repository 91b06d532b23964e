"""Content negotiation: Accept header with q-values, or an explicit `format` parameter."""

from __future__ import annotations

import functools
from dataclasses import dataclass

# result kinds: "solutions" (SELECT), "boolean" (ASK), "graph" (CONSTRUCT/DESCRIBE, RDF)
RESULT_TYPES: dict[str, list[tuple[str, str]]] = {
    # (format key, media type) in server preference order
    "solutions": [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
    "boolean": [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        # not standardised for ASK; written as Oxigraph does: the boolean alone
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
    "graph": [
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
    ],
}
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "application/json+ld": "application/ld+json",
    "application/rdf+json": "",
}
FORMAT_PARAM = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
}


@dataclass(frozen=True)
class Range:
    type: str
    subtype: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def media_ranges(header: str | None) -> list[tuple[str, float]]:
    """(media range as written, lower-cased; its q) for each part of an Accept header."""
    out = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        out.append((fields[0].lower(), q))
    return out


def parse_accept(header: str | None) -> list[Range]:
    if not header:
        return [Range("*", "*", 1.0, 0)]
    out = []
    for i, (mt, q) in enumerate(media_ranges(header)):
        if not mt:
            continue
        mt = ALIASES.get(mt, mt) or mt
        t, _, s = mt.partition("/")
        out.append(Range(t, s or "*", q, i))
    return out


def _quality(ranges: list[Range], media: str) -> float:
    t, _, s = media.partition("/")
    best: Range | None = None
    for r in ranges:
        if (
            (r.type in (t, "*"))
            and (r.subtype in (s, "*"))
            and (best is None or r.specificity > best.specificity)
        ):
            best = r
    return best.q if best else 0.0


# what a `format` value means for an RDF result (clients such as SPARQLWrapper send
# format=xml for RDF/XML and format=n3 for Turtle-compatible output)
GRAPH_FORMAT_PARAM = {"xml": "rdfxml", "n3": "turtle", "json": "jsonld", "rdf+xml": "rdfxml"}


def choose(kind: str, accept: str | None, fmt: str | None = None) -> tuple[str, str] | None:
    """(format key, media type) for a result kind, or None when nothing acceptable exists.
    A `format` value that names a format of this kind wins over Accept; one that does not is
    ignored, and Accept decides. Clients send a few Accept values over and over: the answers
    to short ones are kept (a bounded cache: a long header is worked out each time)."""
    if len(accept or "") + len(fmt or "") <= CACHED_HEADER:
        return _choose_cached(kind, accept, fmt)
    return _choose(kind, accept, fmt)


CACHED_HEADER = 512


@functools.lru_cache(maxsize=512)
def _choose_cached(kind: str, accept: str | None, fmt: str | None) -> tuple[str, str] | None:
    return _choose(kind, accept, fmt)


def _choose(kind: str, accept: str | None, fmt: str | None) -> tuple[str, str] | None:
    options = RESULT_TYPES[kind]
    if fmt:
        f = fmt.lower()
        key = (GRAPH_FORMAT_PARAM.get(f) if kind == "graph" else None) or FORMAT_PARAM.get(f)
        if key is None and "/" in f:
            mt = ALIASES.get(f, f)
            key = next((k for k, m in options if m == mt), None)
        hit = next(((k, m) for k, m in options if k == key), None)
        if hit:
            return hit
    ranges = parse_accept(accept)
    scored = [(_quality(ranges, m), -i, k, m) for i, (k, m) in enumerate(options)]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    _, _, k, m = max(scored)
    return k, m


def wants_html(accept: str | None) -> bool:
    """A browser: text/html preferred over every RDF and results type."""
    if not accept:
        return False
    ranges = parse_accept(accept)
    html_q = _quality([r for r in ranges if r.type != "*"], "text/html")
    if html_q <= 0:
        return False
    others = [m for opts in RESULT_TYPES.values() for _, m in opts]
    return all(html_q >= _quality([r for r in ranges if r.type != "*"], m) for m in others)


PROBLEM_TYPES = ("application/problem+json", "application/json")


def error_media(accept: str | None) -> str | None:
    """The JSON media type of an error body, for a client that names one in Accept (RFC 9457
    problem details, or plain JSON); None means text. Wildcards do not count: a browser or
    curl gets the readable text."""
    named = dict(media_ranges(accept))
    return next((m for m in PROBLEM_TYPES if named.get(m, 0) > 0), None)
