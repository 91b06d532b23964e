"""Named SPARQL queries (`queries/*.rq`) and result formatting."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from quartiers import messages as M
from quartiers.errors import QuartiersError
from quartiers.iris import DEFAULT_BASE

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"

FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}


XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = {
    "string": M.A_STRING,
    "iri": M.AN_IRI,
    "integer": M.AN_INTEGER,
    "decimal": M.A_DECIMAL,
}
# "# param: name (type, default value): what it means"
PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<type>\w+)\s*(?:,\s*default\s+(?P<default>.*?))?\s*\)"
    r"\s*:?\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: a variable the caller binds to a typed term (pyoxigraph
    substitutions), never text pasted into the query. The query reads it as
    `COALESCE(?name, default)`, so the text also runs unchanged on any SPARQL endpoint."""

    name: str
    type: str
    default: str
    description: str

    @classmethod
    def parse(cls, line: str, where: Path) -> Param:
        m = PARAM_LINE.match(line)
        if not m or m["type"] not in PARAM_TYPES:
            raise QuartiersError(M.PARAM_HEADER(line=line, types=", ".join(PARAM_TYPES)), where)
        default = (m["default"] or "").strip()
        if len(default) >= 2 and default[0] == default[-1] == '"':
            default = default[1:-1]
        return cls(m["name"], m["type"], default, m["doc"].strip())

    def term(self, value: str, base: str = DEFAULT_BASE) -> ox.NamedNode | ox.Literal:
        """The value as an RDF term of the declared type; a bad value is the caller's error."""
        try:
            if self.type == "iri":
                # a path under the data's base ("quartier/QN06216M") or a full IRI
                iri = value if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) else base + value
                return ox.NamedNode(iri)
            if self.type == "integer":
                return ox.Literal(str(int(value.strip())), datatype=ox.NamedNode(XSD + "integer"))
            if self.type == "decimal":
                d = Decimal(value.strip())
                if not d.is_finite():
                    raise InvalidOperation
                return ox.Literal(str(d), datatype=ox.NamedNode(XSD + "decimal"))
        except (ValueError, InvalidOperation):
            kind = PARAM_TYPES[self.type]()
            raise QuartiersError(M.PARAM_TYPE(name=self.name, type=kind, value=value)) from None
        return ox.Literal(value)


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> NamedQuery:
        return cls.parse(path, path.read_text(encoding="utf-8"))

    @classmethod
    def parse(cls, path: Path, text: str) -> NamedQuery:
        """The query and its header (title, description, parameters)."""
        q = cls(path.stem, path, text)
        for line in text.splitlines():
            m = re.match(r"^#\s*(title|description|param)\s*:\s*(.*)$", line)
            if m:
                key, value = m.groups()
                if key == "param":
                    q.params.append(Param.parse(value.strip(), path))
                else:
                    setattr(q, key, value.strip())
        return q

    def bindings(
        self, values: Mapping[str, str] | None = None, base: str = DEFAULT_BASE
    ) -> dict[str, ox.NamedNode | ox.Literal]:
        """Every parameter bound: to the value given, else to its default. Unknown names are
        refused (a misspelt parameter would silently give the default's answer)."""
        values = dict(values or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - known.keys())
        if unknown:
            accepted = ", ".join(known) or M.NO_PARAMS()
            names = ", ".join(unknown)
            raise QuartiersError(M.PARAM_UNKNOWN(query=self.name, names=names, accepted=accepted))
        out: dict[str, ox.NamedNode | ox.Literal] = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw == "":
                continue  # left unbound: the query's own default applies (often "all")
            out[p.name] = p.term(raw, base)
        return out


def named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {p.stem: NamedQuery.load(p) for p in sorted(directory.glob("*.rq"))}


def resolve(arg: str) -> NamedQuery:
    """A named query ("objectives"), a path to a .rq file (its header read like a named
    query's), or the query text itself (no parameters)."""
    named = named_queries()
    if arg in named:
        return named[arg]
    p = Path(arg)
    if p.suffix == ".rq" or looks_like_file(p):
        from quartiers.inputs import text_file

        return NamedQuery.parse(p, text_file(p))
    if re.search(r"\b(select|construct|ask|describe)\b", arg, re.I):
        return NamedQuery("query", Path("-"), arg)
    raise QuartiersError(M.UNKNOWN_QUERY(name=arg[:80], names=", ".join(named)))


def looks_like_file(p: Path) -> bool:
    """An existing path (query text can be too long to be a file name)."""
    try:
        return p.exists()
    except OSError:
        return False


def resolve_query(arg: str) -> str:
    return resolve(arg).text


def parse_params(pairs: list[str]) -> dict[str, str]:
    """`name=value` pairs, as given on the command line."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QuartiersError(M.PARAM_PAIR(pair=pair))
        if name.strip() in out:
            raise QuartiersError(M.PARAM_TWICE(name=name.strip()))
        out[name.strip()] = value
    return out


def run(
    store: object,
    sparql: str,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    path: Path | None = None,
) -> object:
    from quartiers.inputs import sparql_error
    from quartiers.sparqltext import engine_error
    from quartiers.store import Store

    assert isinstance(store, Store)
    try:
        return store.query(sparql, bindings=bindings)
    except SyntaxError as exc:
        raise sparql_error(engine_error(exc, sparql), path) from None
    except RuntimeError as exc:  # a bound variable the query does not project
        raise QuartiersError(M.QUERY_EVALUATION(reason=exc)) from None


def serialise_results(result: object, fmt: str) -> bytes:
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        if fmt not in FORMATS:
            raise QuartiersError(M.RESULT_FORMAT(format=fmt, formats=", ".join(FORMATS)))
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
