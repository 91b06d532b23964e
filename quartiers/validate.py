"""SHACL validation (pyshacl) of the graph with `shapes/`, and the report in text, Turtle,
JSON or HTML, each result with the focus node's label and its source lines."""

from __future__ import annotations

import html
import json as jsonlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from quartiers import messages as M
from quartiers.errors import InputError, QuartiersError
from quartiers.inputs import check_rdf, rdf_error, rdf_format
from quartiers.iris import DEFAULT_BASE
from quartiers.prepared import prepared_queries
from quartiers.store import ONTOLOGY_FILE, data_files

SH = Namespace("http://www.w3.org/ns/shacl#")
QK = Namespace("https://w3id.org/quartiers-kg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(slots=True)  # tens of thousands are kept for a national build's report
class Finding:
    severity: str
    shape: str
    shape_name: str
    focus: str
    label: str
    path: str
    value: str
    message: str
    source: str
    first_line: int | None
    last_line: int | None


@dataclass
class Report:
    conforms: bool
    findings: list[Finding]
    results: Graph

    def counts(self) -> dict[str, int]:
        out = {"Violation": 0, "Warning": 0, "Info": 0}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def summary(self) -> str:
        c = self.counts()
        verdict = "conforms" if self.conforms else "DOES NOT CONFORM"
        return (
            f"SHACL: {verdict}: {c['Violation']} violations, {c['Warning']} warnings, "
            f"{c['Info']} infos"
        )

    def grouped(self) -> dict[tuple[str, str], list[Finding]]:
        groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in sorted(
            self.findings,
            key=lambda f: (
                SEVERITY_ORDER.get(f.severity, 9),
                f.shape_name,
                f.source,
                f.first_line or 0,
            ),
        ):
            groups[(f.severity, f.shape_name)].append(f)
        return groups

    def text(self) -> str:
        lines = [self.summary(), ""]
        for (sev, name), items in self.grouped().items():
            lines.append(f"{sev.upper()} · {name} ({len(items)})")
            for f in items:
                where = f"{f.source}:{f.first_line}-{f.last_line}" if f.first_line else f.source
                lines.append(f"  - {f.label or f.focus}")
                lines.append(f"    {f.message}")
                if f.value:
                    lines.append(f"    value: {f.value}")
                lines.append(f"    at {where or f.focus}")
            lines.append("")
        return "\n".join(lines) + "\n"

    def turtle(self) -> str:
        return self.results.serialize(format="turtle")

    def json(self) -> str:
        return (
            jsonlib.dumps(
                {
                    "conforms": self.conforms,
                    "counts": self.counts(),
                    "results": [asdict(f) for f in self.findings],
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        )

    def html(self) -> str:
        from jinja2 import Environment, PackageLoader, select_autoescape

        env = Environment(
            loader=PackageLoader("quartiers", "templates"), autoescape=select_autoescape()
        )
        return env.get_template("validation.html").render(report=self, esc=html.escape)


def load_shapes(shapes_dir: Path, base: str = DEFAULT_BASE) -> Graph:
    files = sorted(shapes_dir.glob("*.ttl")) if shapes_dir.is_dir() else [shapes_dir]
    if not files or not files[0].exists():
        raise InputError(M.NO_SHAPES(), shapes_dir)
    g = Graph()
    for f in files:
        text = f.read_text(encoding="utf-8")
        if base != DEFAULT_BASE:
            text = text.replace(DEFAULT_BASE, base)
        try:
            g.parse(data=text, format="turtle")
        except Exception as exc:
            check_rdf(f)  # the file, line and column, when the syntax is at fault
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(M.INVALID_SHAPES(reason=reason), f) from None
    return g


def load_data(paths: list[Path]) -> Graph:
    """Parsed by pyoxigraph (exact error positions, any RDF syntax by extension, no remote
    JSON-LD contexts fetched), handed to rdflib as N-Triples."""
    import pyoxigraph as ox

    g = Graph()
    files = data_files(paths)
    if not files:
        raise InputError(M.NO_RDF_FILES(), paths[0] if paths else ".")
    for f in files:
        fmt = rdf_format(f)
        try:
            triples = [q.triple for q in ox.parse(path=str(f), format=fmt)]
        except SyntaxError as exc:
            raise rdf_error(exc, f, fmt) from None
        g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return g


def _label(g: Graph, node: URIRef) -> str:
    for p in (RDFS.label, SKOS.prefLabel, QK.name):
        values = list(g.objects(node, p))
        fr_values = [v for v in values if isinstance(v, Literal) and v.language == "fr"]
        if fr_values or values:
            return str((fr_values or values)[0])[:160]
    return ""


def _source(g: Graph, node: URIRef) -> tuple[str, int | None, int | None]:
    """The document and lines a resource was read from; the first in document-name order
    for a resource that several documents describe."""
    found = []
    for sel in g.objects(node, QK.source):
        for doc in g.objects(sel, OA.hasSource):
            name = min((str(n) for n in g.objects(doc, RDFS.label)), default=str(doc))
            for lines in g.objects(sel, OA.hasSelector):
                first = min((int(str(v)) for v in g.objects(lines, QK.firstLine)), default=0)
                last = min((int(str(v)) for v in g.objects(lines, QK.lastLine)), default=0)
                found.append((name, first, last))
    if not found:
        return "", None, None
    name, first_no, last_no = min(found)
    return name, first_no or None, last_no or None


def _pick_message(shapes: Graph, shape: Node, results: list[Node], lang: str = "fr") -> str:
    """The result message in `lang`. pyshacl drops language tags when it fills in {?var}, so
    the filled-in messages are matched against the shape's own templates."""
    templates = list(shapes.objects(shape, SH.message))
    for constraint in shapes.objects(shape, SH.sparql):
        templates += list(shapes.objects(constraint, SH.message))
    wanted = [str(t).split("{", 1)[0] for t in templates if getattr(t, "language", None) == lang]
    for r in results:
        if any(str(r).startswith(w) for w in wanted if w):
            return str(r)
    tagged = [t for t in templates if getattr(t, "language", None) == lang and "{" not in str(t)]
    return str(tagged[0]) if tagged else _message(results or templates)


def _path_str(g: Graph, path: Node | None) -> str:
    """A property path as text: an IRI, or a sequence "p1 / p2" (not a blank-node id)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return str(path)
    try:
        items = list(Collection(g, path))
    except Exception:
        items = []
    return " / ".join(str(i) for i in items) if items else "(complex path)"


def _message(msgs: list[Node]) -> str:
    en = [m for m in msgs if getattr(m, "language", None) == "en"]
    fr = [m for m in msgs if getattr(m, "language", None) == "fr"]
    chosen = fr or en or msgs
    return str(chosen[0]) if chosen else ""


def engine_module(engine: str) -> Any:
    """pyshacl (the reference implementation the shapes are tested with) or pyshacl-turbo
    (same API and results on our data, 5-9x faster: bench/validate.py)."""
    if engine == "turbo":
        import pyshacl_turbo

        return pyshacl_turbo
    if engine == "pyshacl":
        import pyshacl

        return pyshacl
    raise QuartiersError(f"unknown SHACL engine '{engine}' (pyshacl, turbo or store)")


def run_shapes(
    engine: Any,
    g: Graph,
    shapes: Graph,
    *,
    ont: Graph | None = None,
    use_shapes: list[str] | None = None,
) -> Graph:
    try:
        with prepared_queries():
            _, results, _ = engine.validate(
                g,
                shacl_graph=shapes,
                ont_graph=ont,
                inference="none",
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                abort_on_first=False,
                use_shapes=use_shapes,
            )
    except Exception as exc:  # pyshacl reports shape errors as generic exceptions
        raise QuartiersError(M.SHACL_FAILED(reason=exc)) from None
    assert isinstance(results, Graph)
    return results


def shape_name(shapes: Graph, node_shape: Node) -> str:
    names = [n for n in shapes.objects(node_shape, SH.name) if getattr(n, "language", "") == "fr"]
    return str(names[0]) if names else str(node_shape).rsplit("#", 1)[-1]


def findings_of(results: Graph, shapes: Graph, g: Graph) -> list[Finding]:
    """The report's results as findings, each with its focus node's label and source lines
    (read in `g`, the data validated), in a fixed order."""
    findings: list[Finding] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        sev = str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        shape = results.value(r, SH.sourceShape)
        focus = results.value(r, SH.focusNode)
        # the message given by pyshacl first, else the shape's own (in French)
        msgs = list(results.objects(r, SH.resultMessage))
        node_shape = shape
        for parent in shapes.subjects(SH.property, shape):
            node_shape = parent
        src, first, last = _source(g, focus) if isinstance(focus, URIRef) else ("", None, None)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        findings.append(
            Finding(
                severity=sev,
                shape=str(node_shape),
                shape_name=shape_name(shapes, node_shape) if node_shape is not None else "",
                focus=str(focus),
                label=_label(g, focus) if isinstance(focus, URIRef) else "",
                path=_path_str(results, path),
                value=str(value) if value is not None else "",
                message=_pick_message(shapes, shape, msgs) if shape is not None else _message(msgs),
                source=src,
                first_line=first,
                last_line=last,
            )
        )
    # in a fixed order, so that two validations of the same data give the same report
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER.get(f.severity, 9),
            f.source,
            f.first_line or 0,
            f.shape,
            f.focus,
            f.path,
            f.value,
            f.message,
        ),
    )


def validate(
    paths: list[Path],
    shapes_dir: Path,
    *,
    base: str = DEFAULT_BASE,
    data: Graph | None = None,
    use_shapes: list[str] | None = None,
    engine: str = "pyshacl",
) -> Report:
    """Validate the whole graph at once with pyshacl or pyshacl-turbo; `engine="store"`
    validates each convention alone and checks across conventions with store queries
    (quartiers/checks.py), the way that scales."""
    if engine == "store":
        from quartiers.checks import validate_files

        return validate_files(data_files(paths), shapes_dir, base=base)
    module = engine_module(engine)
    shapes = load_shapes(shapes_dir, base)
    g = data if data is not None else load_data(paths)
    ont = Graph().parse(ONTOLOGY_FILE, format="turtle") if ONTOLOGY_FILE.exists() else None
    results = run_shapes(module, g, shapes, ont=ont, use_shapes=use_shapes)
    findings = findings_of(results, shapes, g)
    violations = any(f.severity == "Violation" for f in findings)
    return Report(not violations, findings, results)
