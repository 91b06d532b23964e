"""Convert convention documents to Turtle files, a conversion report per document, the framework
and the reference data. All inputs are read and parsed before anything is written, and every
file is written atomically, so bad input leaves no partial output."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef

from quartiers import link, parse
from quartiers.entailment import with_superclasses
from quartiers.files import write_atomic
from quartiers.framework import Framework
from quartiers.iris import Minter
from quartiers.model import Convention, LineUse
from quartiers.parsers.portrait import Context
from quartiers.reader import read
from quartiers.reference import DEFAULT_DIR, Reference
from quartiers.textnorm import fold
from quartiers.to_rdf import PREFIXES, QK, convention_graph, framework_graph, reference_graph

FRAMEWORK_FILE = "framework.ttl"  # in data/reference (reviewed) and in the output
REFERENCE_FILE = "reference.ttl"


@dataclass
class Result:
    source: Path
    ttl: Path
    report: Path
    convention: Convention
    iri: str
    triples: int
    counts: Counter[str] = field(default_factory=Counter)


def serialise(g: Graph) -> str:
    """Turtle sorted by subject, predicate, object: byte-identical for the same graph (no blank
    nodes are minted). rdflib builds the graph; pyoxigraph writes it, 20x faster than rdflib's
    Turtle serializer on our files (bench/convert.py)."""
    import pyoxigraph as ox

    g = with_superclasses(g)  # the rdf:type closure travels with the data (quartiers/entailment.py)

    def term(t: object) -> ox.NamedNode | ox.Literal:
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        assert isinstance(t, Literal)
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))

    triples = sorted(((str(s), str(p), o.n3()), s, p, o) for s, p, o in g)
    out = [ox.Triple(term(s), term(p), term(o)) for _, s, p, o in triples]  # type: ignore[arg-type]
    wanted = set(PREFIXES) | {"vcard", "sd"}  # data IRIs stay whole: "id:commune\\/1" reads badly
    prefixes = dict(sorted((str(k), str(v)) for k, v in g.namespaces() if str(k) in wanted))
    data = ox.serialize(out, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
    return data.decode("utf-8")


def line_resources(g: Graph) -> dict[int, list[str]]:
    """Which resources each source line went into, from the provenance selectors."""
    oa = Namespace("http://www.w3.org/ns/oa#")
    out: dict[int, list[str]] = {}
    for r, sel in g.subject_objects(QK.source):
        lines = g.value(sel, oa.hasSelector)
        first, last = g.value(lines, QK.firstLine), g.value(lines, QK.lastLine)
        if first is None or last is None:
            continue
        for no in range(int(str(first)), int(str(last)) + 1):
            out.setdefault(no, []).append(str(r))
    return {k: sorted(v) for k, v in sorted(out.items())}


def report(conv: Convention, g: Graph, fw: Framework, source: Path) -> dict[str, object]:
    uses = Counter(u.value for u, _ in conv.line_use.values())
    blank = conv.line_count - len(conv.line_use)
    where = line_resources(g)
    lines = {}
    for no, (use, what) in conv.line_use.items():
        lines[str(no)] = {"use": use.value, "what": what, "resources": where.get(no, [])}
    not_understood = [
        {"line": no, "kind": what}
        for no, (use, what) in conv.line_use.items()
        if use == LineUse.NOT_UNDERSTOOD
    ]
    return {
        "source": source.name,
        "sha256": conv.sha256,
        "encoding": conv.encoding,
        "commune": conv.commune,
        "lines": {
            "total": conv.line_count,
            "blank": blank,
            **{u.value: uses.get(u.value, 0) for u in LineUse},
        },
        "not_understood": not_understood,
        "notes": [
            {
                "kind": n.kind,
                "severity": n.severity,
                "first_line": n.span.first,
                "last_line": n.span.last,
                "message": n.message,
                "text": n.text[:500],
            }
            for n in conv.notes
        ],
        "framework_findings": [
            f for f in fw.findings if str(f.get("where", "")).startswith(source.name + "#")
        ],
        "quartiers": [
            {
                "name": q.name,
                "status": q.status,
                "code": q.code,
                "indicators": len(q.portrait.indicators),
                "irritants": len(q.irritants),
                "opportunities": len(q.opportunities),
                "priorities": len(q.priorities),
                "retained_objectives": len(q.retained),
                "actions": sum(len(r.actions) for r in q.retained),
                "objectives_without_action": sum(1 for r in q.retained if not r.actions),
            }
            for q in conv.quartiers
        ],
        "triples": len(g),
        "lines_detail": lines,
    }


def context(ref: Reference) -> tuple[Context, dict[str, str]]:
    """What the parsers may know beyond the text: the agglomeration's names (to read its
    values in the portrait) and the communes of the reference data (to name the commune)."""
    terms = [t for e in ref.epcis for t in (e.acronym, e.name, *e.aliases) if t]
    communes = {re.sub(r"[^a-z0-9]+", "", fold(name)): name for _, name in ref.communes.values()}
    return Context(tuple(terms)), communes


def convert(
    sources: list[Path],
    out: Path,
    base: str | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    framework: Path | None = None,
) -> list[Result]:
    """Each document is converted on its own against the reference framework (so alone or in
    a batch, it gives the same graph); nothing is written until every document has been read."""
    m = Minter(base) if base else Minter()
    ref = Reference.load(reference_dir) if reference_dir else Reference.load()
    fw_path = framework or (reference_dir or DEFAULT_DIR) / FRAMEWORK_FILE
    reference_fw = Framework.load(fw_path, m.base)
    ctx, communes = context(ref)
    results: list[Result] = []
    outputs: list[tuple[Path, str]] = []
    for src in sources:
        if progress:
            progress(f"reading {src.name}")
        p = parse.parse(read(src), ctx, communes)
        if progress:
            progress(f"converting {src.name}")
        fw = copy.deepcopy(reference_fw)
        conv = parse.finish(p, fw)
        link.link(conv, ref)
        iri, g = convention_graph(conv, fw, ref, m)
        ttl = out / f"{p.doc.stem}.ttl"
        rep = out / f"{p.doc.stem}.report.json"
        outputs.append((ttl, serialise(g)))
        body = json.dumps(report(conv, g, fw, p.doc.path), ensure_ascii=False, indent=1)
        outputs.append((rep, body + "\n"))
        counts = Counter(u.value for u, _ in conv.line_use.values())
        results.append(Result(p.doc.path, ttl, rep, conv, iri, len(g), counts))
    outputs.append((out / FRAMEWORK_FILE, serialise(framework_graph(reference_fw, m))))
    outputs.append((out / REFERENCE_FILE, serialise(reference_graph(ref, m))))
    for path, data in outputs:
        write_atomic(path, data)
    return results
