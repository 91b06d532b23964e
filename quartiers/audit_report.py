"""The auditor's report: coverage matrix, portraits against the agglomeration, findings of the
audit shapes with their source lines, copy-paste analysis, partners. Every table comes from a
named query (or, for near-identical actions, from rapidfuzz over the rows of one), and says
which, so a researcher reproduces it on the endpoint.

The same report is written by `quartiers audit` (one self-contained HTML file, CSV and JSON of
every table) and served at /audit; both fetch the rows with `REPORT_QUERIES`, then `build`."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from quartiers import copies
from quartiers.errors import QuartiersError
from quartiers.query import named_queries

Rows = list[dict[str, Any]]


@dataclass
class Result:
    """A named query's answer: its projected variables and its rows as plain values."""

    columns: list[str]
    rows: Rows


ROOT = Path(__file__).resolve().parent.parent
AUDIT_SHAPES = ROOT / "shapes" / "audit.ttl"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMBERS = {XSD + t for t in ("decimal", "double", "float")}
INTEGERS = {
    XSD + t for t in ("integer", "int", "long", "positiveInteger", "nonNegativeInteger", "short")
}
# the named queries the report is made of, each run with its parameters' defaults
REPORT_QUERIES = (
    "coverage",
    "coverage-by-commune",
    "coverage-matrix",
    "objective-reach",
    "indicator-gaps",
    "quartier-diagnosis",
    "audit-findings",
    "actions",
    "copied-actions",
    "partner-quartiers",
    "shared-partners",
)
SOURCE_LINES_SHOWN = 12  # of a finding's source text; the rest is on the document's page


def plain(binding: Mapping[str, str] | None) -> Any:
    """A SPARQL JSON results term as a plain value: numbers as numbers, the rest as text."""
    if binding is None:
        return None
    value, dt = binding["value"], binding.get("datatype")
    if dt in INTEGERS:
        return int(value)
    if dt in NUMBERS:
        return float(value)
    if dt == XSD + "boolean":
        return value == "true"
    return value


def term_json(t: Any) -> dict[str, str] | None:
    """A pyoxigraph term as a SPARQL JSON results term (what the server's engine returns)."""
    if t is None:
        return None
    if isinstance(t, ox.Literal):
        return {"type": "literal", "value": t.value, "datatype": t.datatype.value}
    return {"type": "uri" if isinstance(t, ox.NamedNode) else "bnode", "value": t.value}


def fetch(store: Any) -> dict[str, Result]:
    """The report's rows from an embedded store (quartiers.store.Store)."""
    queries = named_queries()
    out: dict[str, Result] = {}
    for name in REPORT_QUERIES:
        q = queries[name]
        result = store.query(q.text, bindings=q.bindings())
        names = [v.value for v in result.variables]
        out[name] = Result(names, [{n: plain(term_json(s[n])) for n in names} for s in result])
    return out


@dataclass
class Table:
    """One table of the report, as shown, and as CSV and JSON."""

    name: str
    title: str
    source: str  # the named query it comes from (or how it was derived from one)
    columns: list[str]
    rows: Rows

    def csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in self.columns])
        return buf.getvalue()


@dataclass
class Shape:
    iri: str
    name: dict[str, str]
    message: dict[str, str]
    severity: str


def audit_shapes(path: Path = AUDIT_SHAPES) -> dict[str, Shape]:
    """Name, message and severity of each audit shape, by language: the findings' words are
    the shapes', not the report's."""
    from rdflib import Graph, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    g = Graph().parse(path, format="turtle")
    out = {}
    for s in set(g.subjects(sh.name, None)):
        names = {getattr(n, "language", "") or "": str(n) for n in g.objects(s, sh.name)}
        parts = [s, *g.objects(s, sh.property), *g.objects(s, sh.sparql)]
        messages: dict[str, str] = {}
        severity = ""
        for p in parts:
            for m in g.objects(p, sh.message):
                messages[getattr(m, "language", "") or ""] = str(m)
            sev = g.value(p, sh.severity)
            if sev is not None:
                severity = str(sev).rsplit("#", 1)[-1]
        out[str(s)] = Shape(str(s), names, messages, severity)
    return out


def fill(template: str, value: str) -> str:
    """A shape's message with its `{?var}` placeholders given the finding's value."""
    return re.sub(r"\{[?$]\w+\}", value, template)


def source_text(sources: Path | None) -> Callable[[str, int, int], list[tuple[int, str]]]:
    """Lines `first..last` of a source document by file name, read as the converter read it
    (so the numbers are the converter's), each document decoded once."""
    cache: dict[str, list[tuple[int, str]]] = {}

    def lines(name: str, first: int, last: int) -> list[tuple[int, str]]:
        if sources is None or not name or Path(name).name != name:
            return []
        if name not in cache:
            from quartiers.source import load

            path = sources / name
            try:
                cache[name] = [(ln.no, ln.text) for ln in load(path).lines]
            except (OSError, QuartiersError):  # gone or unreadable: the link still says where
                cache[name] = []
        return cache[name][first - 1 : last]

    return lines


@dataclass
class Place:
    """A quartier as one convention describes it (a row of the matrix)."""

    commune: str
    commune_name: str
    quartier: str
    quartier_name: str
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)  # objective -> matrix row
    gaps: Rows = field(default_factory=list)
    diagnosis: dict[str, Rows] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.commune}|{self.quartier}"

    def count(self, status: str) -> int:
        return sum(1 for c in self.cells.values() if c["status"] == status)

    @property
    def actions(self) -> int:
        return sum(int(c["actions"]) for c in self.cells.values())


@dataclass
class Objective:
    iri: str
    label: str
    enjeu: int
    orientation: str
    orientation_label: str
    code: str = ""  # "2.3.b": enjeu, orientation within it, objective within that


@dataclass
class AuditReport:
    tables: dict[str, Table]
    places: list[Place]
    objectives: list[Objective]
    shapes: dict[str, Shape]
    clusters: list[copies.Cluster]

    def json(self) -> str:
        return (
            json.dumps(
                {
                    n: {"title": t.title, "query": t.source, "columns": t.columns, "rows": t.rows}
                    for n, t in self.tables.items()
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )


def _objectives(matrix: Rows) -> list[Objective]:
    seen: dict[str, Objective] = {}
    for r in matrix:
        if r["objective"] not in seen:
            seen[r["objective"]] = Objective(
                r["objective"],
                r["objectiveLabel"],
                int(r["enjeu"]),
                r["orientation"],
                r["orientationLabel"],
            )
    objs = sorted(seen.values(), key=lambda o: (o.enjeu, o.orientation_label, o.label))
    orientations: dict[int, list[str]] = defaultdict(list)
    letters: dict[str, int] = defaultdict(int)
    for o in objs:
        if o.orientation not in orientations[o.enjeu]:
            orientations[o.enjeu].append(o.orientation)
        letters[o.orientation] += 1
        n = orientations[o.enjeu].index(o.orientation) + 1
        o.code = f"{o.enjeu}.{n}.{chr(ord('a') + letters[o.orientation] - 1)}"
    return objs


def _places(rows: dict[str, Rows]) -> list[Place]:
    """Each quartier as each convention describes it, with its cells, portrait, diagnosis."""
    places: dict[tuple[str, str], Place] = {}
    for r in rows["coverage-matrix"]:
        key = (r["commune"], r["quartier"])
        p = places.get(key)
        if p is None:
            p = places[key] = Place(
                r["commune"], r["communeName"], r["quartier"], r["quartierName"]
            )
        p.cells[r["objective"]] = r
    conventions = {r["convention"]: r["commune"] for r in rows["coverage-by-commune"]}
    for r in rows["indicator-gaps"]:
        key = (conventions.get(r["convention"], ""), r["quartier"])
        if key in places:
            places[key].gaps.append(r)
    for r in rows["quartier-diagnosis"]:
        key = (conventions.get(r["convention"], ""), r["quartier"])
        if key in places:
            places[key].diagnosis.setdefault(r["kind"], []).append(r)
    return sorted(places.values(), key=lambda p: (p.commune_name, p.quartier_name))


def _findings(
    rows: Rows, shapes: dict[str, Shape], lines: Callable[[str, int, int], list[tuple[int, str]]]
) -> Rows:
    out = []
    for r in rows:
        shape = shapes.get(r["shape"])
        first, last = r.get("firstLine"), r.get("lastLine")
        text = []
        if first and last:
            shown = lines(r.get("file") or "", int(first), int(last))[:SOURCE_LINES_SHOWN]
            text = [t for _, t in shown]
        out.append(
            {
                **r,
                "shapeName": shape.name.get("fr", "") if shape else r["shape"],
                "shapeNameEn": shape.name.get("en", "") if shape else r["shape"],
                "message": fill(shape.message.get("fr", ""), r["value"] or "") if shape else "",
                "messageEn": fill(shape.message.get("en", ""), r["value"] or "") if shape else "",
                "sourceText": "\n".join(text),
            }
        )
    return out


def build(
    results: dict[str, Result],
    sources: Path | None = None,
    shapes_file: Path = AUDIT_SHAPES,
    threshold: int = copies.NEAR,
) -> AuditReport:
    """The report from the answers to `REPORT_QUERIES` (as `fetch` or the server gives them)."""
    rows = {n: r.rows for n, r in results.items()}
    shapes = audit_shapes(shapes_file)
    objectives = _objectives(rows["coverage-matrix"])
    codes = {o.iri: o.code for o in objectives}
    places = _places(rows)
    clusters = copies.clusters(rows["actions"], threshold)
    tables: list[Table] = []

    def table(
        name: str,
        title: str,
        source: str,
        data: Iterable[Mapping[str, Any]],
        columns: list[str] | None = None,
    ) -> None:
        """A table from a named query's rows (its columns its variables), or derived rows."""
        listed = [dict(r) for r in data]
        cols = columns or (results[source].columns if source in results else [])
        extra = [c for c in (listed[0] if listed else {}) if c not in cols]
        tables.append(Table(name, title, source, cols + extra, listed))

    table(
        "coverage",
        "Couverture des objectifs par quartier",
        "coverage",
        rows["coverage"],
    )
    table(
        "communes",
        "Couverture des objectifs par commune",
        "coverage-by-commune",
        rows["coverage-by-commune"],
    )
    table(
        "matrix",
        "Matrice quartiers × objectifs",
        "coverage-matrix",
        ({**r, "code": codes.get(r["objective"], "")} for r in rows["coverage-matrix"]),
    )
    table(
        "reach", "Objectifs retenus nulle part, partout", "objective-reach", rows["objective-reach"]
    )
    table("portraits", "Portraits face à l'agglomération", "indicator-gaps", rows["indicator-gaps"])
    table(
        "diagnosis",
        "Irritants, opportunités, priorités",
        "quartier-diagnosis",
        rows["quartier-diagnosis"],
    )
    table(
        "findings",
        "Constats des formes d'audit",
        "audit-findings",
        _findings(rows["audit-findings"], shapes, source_text(sources)),
    )
    table(
        "copies",
        "Actions identiques ou presque, d'un quartier à l'autre",
        "actions + rapidfuzz",
        (
            {
                "cluster": i + 1,
                "similarity": c.similarity,
                "scope": c.scope,
                "quartiers": len(c.quartiers),
                "communes": len(c.communes),
                "actions": len(c.actions),
                "variants": len(c.texts),
                "text": c.texts[0],
            }
            for i, c in enumerate(clusters)
        ),
        ["cluster", "similarity", "scope", "quartiers", "communes", "actions", "variants", "text"],
    )
    table(
        "copyMembers",
        "Actions de chaque groupe de copies",
        "actions + rapidfuzz",
        (
            {
                "cluster": i + 1,
                "action": a["action"],
                "actionLabel": a["actionLabel"],
                "quartierName": a["quartierName"],
                "communeName": a["communeName"],
                "source": a["source"],
                "firstLine": a["firstLine"],
            }
            for i, c in enumerate(clusters)
            for a in c.actions
        ),
        ["cluster", "action", "actionLabel", "quartierName", "communeName", "source", "firstLine"],
    )
    table(
        "specificity",
        "Actions propres à chaque quartier, ou répétées",
        "actions + rapidfuzz",
        copies.specificity(rows["actions"], clusters),
        [
            "commune",
            "communeName",
            "quartier",
            "quartierName",
            "actions",
            "specific",
            "repeatedInCommune",
            "repeatedAcrossCommunes",
            "specificShare",
        ],
    )
    table(
        "exactCopies",
        "Textes d'action recopiés à l'identique",
        "copied-actions",
        rows["copied-actions"],
    )
    table("partners", "Partenaires × quartiers", "partner-quartiers", rows["partner-quartiers"])
    table(
        "sharedPartners",
        "Partenaires communs à plusieurs communes",
        "shared-partners",
        rows["shared-partners"],
    )
    return AuditReport({t.name: t for t in tables}, places, objectives, shapes, clusters)


def write(
    report: AuditReport, out: Path, formats: Iterable[str], html: Callable[[], str]
) -> list[Path]:
    """The report's files in `out`: audit.html, <table>.csv, audit.json (each written whole
    to a temporary name, then renamed)."""
    from quartiers.files import write_atomic

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        if fmt == "html":
            written.append(out / "audit.html")
            write_atomic(written[-1], html())
        elif fmt == "json":
            written.append(out / "audit.json")
            write_atomic(written[-1], report.json())
        elif fmt == "csv":
            for t in report.tables.values():
                written.append(out / f"{t.name}.csv")
                write_atomic(written[-1], t.csv())
    return written
