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

from rdflib import Graph, Literal, URIRef

from quartiers import link, parse
from quartiers import messages as M
from quartiers.entailment import with_superclasses
from quartiers.errors import InputError
from quartiers.files import write_atomic
from quartiers.framework import Framework, Strategy
from quartiers.iris import Minter
from quartiers.losses import LOSS_KINDS
from quartiers.model import Convention
from quartiers.parsers.portrait import Context
from quartiers.reader import read
from quartiers.reference import DEFAULT_DIR, Reference
from quartiers.report import report
from quartiers.textnorm import fold
from quartiers.to_rdf import PREFIXES, convention_graph, framework_graph, reference_graph

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


def context(ref: Reference, fw: Framework | None = None) -> tuple[Context, dict[str, str]]:
    """What the parsers may know beyond the text: the agglomeration's names (to read its
    values in the portrait), its strategy's titles (to tell its outline from the convention's
    parts) and the communes of the reference data (to name the commune)."""
    terms = [t for e in ref.epcis for t in (e.acronym, e.name, *e.aliases) if t]
    communes = {re.sub(r"[^a-z0-9]+", "", fold(name)): name for _, name in ref.communes.values()}
    strategy = fw.strategy() if fw is not None else Strategy()
    return Context(tuple(terms), strategy), communes


class LossError(InputError):
    """`--strict`: the document was read with losses (exit code 1, as for violations)."""

    exit_code = 1


def check_strict(conv: Convention, src: Path) -> None:
    losses = [n for n in conv.notes if n.kind in LOSS_KINDS and n.severity == "warning"]
    if not losses:
        return
    kinds = Counter(n.kind for n in losses)
    listed = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(kinds.items()))
    raise LossError(
        M.STRICT_LOSSES(count=len(losses), kinds=listed),
        src,
        min(n.span.first for n in losses),
    )


class Converter:
    """What every conversion reads once (reference data, framework, the parsers' context),
    then one document at a time: alone or in a batch, in any process, a document gives the
    same graph, since the framework is reviewed reference data, never induced from the batch."""

    def __init__(
        self,
        base: str | None = None,
        reference_dir: Path | None = None,
        framework: Path | None = None,
    ):
        self.minter = Minter(base) if base else Minter()
        self.ref = Reference.load(reference_dir) if reference_dir else Reference.load()
        fw_path = framework or (reference_dir or DEFAULT_DIR) / FRAMEWORK_FILE
        self.framework = Framework.load(fw_path, self.minter.base)
        self.ctx, self.communes = context(self.ref, self.framework)

    def one(
        self,
        src: Path,
        out: Path,
        progress: Callable[[str], None] | None = None,
        strict: bool = False,
    ) -> tuple[Result, Graph, list[tuple[Path, str]]]:
        """Read and convert one document: its result, its graph (with the rdf:type closure)
        and the files to write (Turtle, report), not yet written."""
        if progress:
            progress(f"reading {src.name}")
        p = parse.parse(read(src), self.ctx, self.communes)
        if progress:
            progress(f"converting {src.name}")
        conv, fw = self._linked(p, src, strict)
        iri, g = convention_graph(conv, fw, self.ref, self.minter)
        ttl = out / f"{p.doc.stem}.ttl"
        rep = out / f"{p.doc.stem}.report.json"
        turtle = serialise(g)  # adds the rdf:type closure to g
        body = json.dumps(report(conv, g, fw, p.doc.path), ensure_ascii=False, indent=1)
        counts = Counter(u.value for u, _ in conv.line_use.values())
        result = Result(p.doc.path, ttl, rep, conv, iri, len(g), counts)
        return result, g, [(ttl, turtle), (rep, body + "\n")]

    def _linked(self, p: parse.Parsed, src: Path, strict: bool) -> tuple[Convention, Framework]:
        """The model, its objectives matched against a copy of the framework (a local concept
        one document adds stays its own) and its partners linked to the reference data."""
        fw = copy.deepcopy(self.framework)
        conv = parse.finish(p, fw)
        if strict:
            check_strict(conv, src)
        link.link(conv, self.ref)
        return conv, fw

    def model_of(self, src: Path) -> Convention:
        """The document's model, linked, without its graph or report: what measuring the
        reading needs (a third less work than `one`)."""
        return self._linked(parse.parse(read(src), self.ctx, self.communes), src, False)[0]

    def shared_outputs(self, out: Path) -> list[tuple[Path, str]]:
        """The framework and the reference data, written beside the conventions."""
        return [
            (out / FRAMEWORK_FILE, serialise(framework_graph(self.framework, self.minter))),
            (out / REFERENCE_FILE, serialise(reference_graph(self.ref, self.minter))),
        ]


def convert(
    sources: list[Path],
    out: Path,
    base: str | None = None,
    reference_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    framework: Path | None = None,
    strict: bool = False,
) -> list[Result]:
    """Each document is converted on its own against the reference framework (so alone or in
    a batch, it gives the same graph); nothing is written until every document has been read.
    With `strict`, a document that lost anything (see `losses`) stops the run, nothing written."""
    conv = Converter(base, reference_dir, framework)
    results: list[Result] = []
    outputs: list[tuple[Path, str]] = []
    for src in sources:
        result, _, files = conv.one(src, out, progress, strict)
        results.append(result)
        outputs += files
    outputs += conv.shared_outputs(out)
    for path, data in outputs:
        write_atomic(path, data)
    return results
