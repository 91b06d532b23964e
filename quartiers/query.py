"""Named SPARQL queries (`queries/*.rq`) and result formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from quartiers import messages as M
from quartiers.errors import QuartiersError

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"

FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> NamedQuery:
        text = path.read_text(encoding="utf-8")
        q = cls(path.stem, path, text)
        for line in text.splitlines():
            m = re.match(r"^#\s*(title|description|param)\s*:\s*(.*)$", line)
            if m:
                key, value = m.groups()
                if key == "param":
                    q.params.append(value.strip())
                else:
                    setattr(q, key, value.strip())
        return q


def named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {p.stem: NamedQuery.load(p) for p in sorted(directory.glob("*.rq"))}


def resolve_query(arg: str) -> str:
    """A path to a .rq file, a named query ("objectives"), or the query text itself."""
    named = named_queries()
    if arg in named:
        return named[arg].text
    p = Path(arg)
    if p.suffix == ".rq" or looks_like_file(p):
        from quartiers.inputs import text_file

        return text_file(p)
    if re.search(r"\b(select|construct|ask|describe)\b", arg, re.I):
        return arg
    raise QuartiersError(M.UNKNOWN_QUERY(name=arg[:80], names=", ".join(named)))


def looks_like_file(p: Path) -> bool:
    """An existing path (query text can be too long to be a file name)."""
    try:
        return p.exists()
    except OSError:
        return False


def run(store: object, sparql: str, path: Path | None = None) -> object:
    from quartiers.inputs import sparql_error
    from quartiers.sparqltext import engine_error
    from quartiers.store import Store

    assert isinstance(store, Store)
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise sparql_error(engine_error(exc, sparql), path) from None


def serialise_results(result: object, fmt: str) -> bytes:
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        if fmt not in FORMATS:
            raise QuartiersError(
                f"format '{fmt}' is not for SELECT/ASK results (use {', '.join(FORMATS)})"
            )
        return result.serialize(format=FORMATS[fmt]) or b""
    rdf = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }
    if fmt not in rdf:
        fmt = "turtle"
    assert isinstance(result, ox.QueryTriples)
    return ox.serialize(result, format=rdf[fmt]) or b""


def table_rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    names = [v.value for v in result.variables]
    rows = []
    for sol in result:
        rows.append(["" if sol[n] is None else sol[n].value for n in names])
    return names, rows
