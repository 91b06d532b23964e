"""SPARQL results serialisation with a row cap: JSON, XML, CSV, TSV for solutions and
booleans; Turtle, N-Triples, JSON-LD, RDF/XML for graphs. Solutions are streamed from the
engine and counted, so memory stays bounded by the cap."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class TooManyResults(Exception):
    def __init__(self, cap: int):
        super().__init__(f"the result has more than {cap} rows or triples: add a LIMIT")
        self.cap = cap


def _json_term(t: object) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {
            "type": "triple",
            "value": {  # type: ignore[dict-item]
                "subject": _json_term(t.subject),
                "predicate": _json_term(t.predicate),
                "object": _json_term(t.object),
            },
        }
    raise TypeError(type(t))


def _xml_term(t: object) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(t.subject)}</subject><predicate>"
            f"{_xml_term(t.predicate)}</predicate><object>{_xml_term(t.object)}</object></triple>"
        )
    raise TypeError(type(t))


def _csv_term(t: object) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.NamedNode | ox.Literal):
        return t.value
    return str(t)


def _tsv_term(t: object) -> str:
    if t is None:
        return ""
    s = str(t)  # pyoxigraph prints terms in N-Triples/Turtle syntax
    return s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _collect(solutions: ox.QuerySolutions, cap: int) -> tuple[list[str], list[list[object]]]:
    names = [v.value for v in solutions.variables]
    rows: list[list[object]] = []
    for sol in solutions:
        if len(rows) >= cap:
            raise TooManyResults(cap)
        rows.append([sol[n] for n in names])
    return names, rows


def serialise_solutions(solutions: ox.QuerySolutions, fmt: str, cap: int) -> tuple[bytes, int]:
    names, rows = _collect(solutions, cap)
    if fmt == "json":
        bindings = [
            {n: _json_term(v) for n, v in zip(names, r, strict=True) if v is not None} for r in rows
        ]
        body = json.dumps(
            {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
        )
        return body.encode(), len(rows)
    if fmt == "xml":
        out = [
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
            "<head>",
            *[f"<variable name={quoteattr(n)}/>" for n in names],
            "</head><results>",
        ]
        for r in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                for n, v in zip(names, r, strict=True)
                if v is not None
            ]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "\n".join(out).encode(), len(rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for r in rows:
            w.writerow([_csv_term(v) for v in r])
        return buf.getvalue().encode(), len(rows)
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(v) for v in r) for r in rows]
        return ("\n".join(lines) + "\n").encode(), len(rows)
    raise ValueError(fmt)


def serialise_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return (f"{'true' if value else 'false'}\n").encode()
    raise ValueError(fmt)


def serialise_triples(
    triples: Iterable[ox.Triple], fmt: str, cap: int, prefixes: dict[str, str] | None = None
) -> tuple[bytes, int]:
    collected: list[ox.Triple] = []
    for t in triples:
        if len(collected) >= cap:
            raise TooManyResults(cap)
        collected.append(t)
    return serialise_graph(collected, fmt, prefixes), len(collected)


def serialise_graph(
    triples: list[ox.Triple], fmt: str, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples sorted by subject, so Turtle groups each resource's description."""
    triples = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    use = prefixes if prefixes and fmt == "turtle" else None
    return ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=use) or b""
