"""The build at scale: documents converted and checked in parallel worker processes, only
those whose content changed since the last build.

Each worker process loads what every conversion reads once (reference data, framework, the
French spaCy model: about 5 s and 300 MB), then converts one document at a time, writes its
Turtle and report into the staging directory, and checks its graph with the per-document
shapes (quartiers/checks.py) while it is still in memory. A document converts alone exactly
as in a batch (the framework is reference data), so an unchanged document (same bytes, same
converter, same reference data and shapes: `fingerprint`) keeps its files and its findings
from the last build, recorded in `.build.json` beside them.

Memory stays flat whatever the corpus: the main process keeps one small record per document;
what a document's check found (its findings, the resources it shares with others) is in a
file of the staging directory's scratch space (`WORK`), read back one document at a time, and
the documents are validated together from an on-disk store there (quartiers/checks.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from quartiers import pool
from quartiers.checks import DocumentChecks, Shapes, check_document, document_context
from quartiers.files import sha256, write_atomic
from quartiers.validate import Finding

MANIFEST = ".build.json"
WORK = ".work"  # scratch space in the staging directory, removed before it is published
PACKAGE = Path(__file__).resolve().parent
WORKER_MB = 600  # resident memory of a worker once the spaCy model is loaded, with margin


def fingerprint(reference_dir: Path, shapes_dir: Path, base: str) -> str:
    """What a document's output depends on besides its bytes: the converter's code and
    vocabularies, the reference data, the shapes and the base IRI."""
    h = hashlib.sha256(base.encode())
    files = sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.toml"))
    files += sorted(p for p in reference_dir.iterdir() if p.is_file())
    files += sorted(shapes_dir.glob("*.ttl")) if shapes_dir.is_dir() else [shapes_dir]
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@dataclass
class Converted:
    """One document's entry in the manifest, without what its check found: that part (its
    findings, the resources it describes outside its IRI space) is in its record file
    (`record_path`), the manifest's entry as JSON, read when needed."""

    source: str
    sha256: str
    ttl: str
    report: str
    graph: str
    triples: int
    quartiers: int
    counts: dict[str, int]
    reused: bool = False

    def checks(self, stage: Path) -> DocumentChecks:
        d = json.loads(record_path(stage, self.source).read_text(encoding="utf-8"))
        findings = [Finding(**f) for f in d["findings"]]
        return DocumentChecks(
            self.graph, findings, d["outside"], d["outside_triples"], stage / self.ttl
        )


SLIM = [f for f in Converted.__dataclass_fields__ if f != "reused"]


def record_path(stage: Path, source: str) -> Path:
    return stage / WORK / "documents" / f"{source}.json"


def write_record(stage: Path, entry: dict[str, Any]) -> Converted:
    """A document's whole manifest entry to its record file; its small part kept."""
    write_atomic(record_path(stage, entry["source"]), json.dumps(entry, ensure_ascii=False))
    return Converted(**{f: entry[f] for f in SLIM})


@dataclass
class Plan:
    todo: list[Path]
    kept: dict[str, Converted]
    removed: list[str] = field(default_factory=list)  # graphs of sources no longer there


def read_manifest(out: Path, fp: str, stage: Path) -> dict[str, Converted]:
    """The last build's entries, if made with the same fingerprint; each one's record
    written into `stage`. The manifest is read one document at a time (ijson): at national
    scale it is some 170 MB of JSON, several GB once loaded whole."""
    import ijson

    entries: dict[str, Converted] = {}
    try:
        with (out / MANIFEST).open("rb") as f:
            if next(ijson.items(f, "fingerprint"), None) != fp:
                return {}
            f.seek(0)
            for name, d in ijson.kvitems(f, "documents"):
                entries[name] = write_record(stage, d)
    except (OSError, ValueError, ijson.JSONError, KeyError, TypeError):
        return {}
    return entries


def plan(sources: list[Path], out: Path, fp: str, stage: Path) -> Plan:
    """Which sources must be converted: new ones and those whose bytes changed, or all of
    them when the fingerprint changed. Unchanged ones keep their output files."""
    previous = read_manifest(out, fp, stage)
    todo: list[Path] = []
    kept: dict[str, Converted] = {}
    for src in sources:
        entry = previous.get(src.name)
        if (
            entry is not None
            and entry.sha256 == sha256(src)
            and (out / entry.ttl).is_file()
            and (out / entry.report).is_file()
        ):
            kept[src.name] = entry
        else:
            todo.append(src)
    names = {s.name for s in sources}
    still = {e.graph for k, e in previous.items() if k in names}
    removed = sorted({e.graph for k, e in previous.items() if k not in names} - still)
    return Plan(todo, kept, removed)


def _link(src: Path, dst: Path) -> None:
    """Carry an unchanged output into the staging directory: a hard link, else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# -- the worker process ---------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _init(base: str | None, reference_dir: Path, shapes_dir: Path, engine: str) -> None:
    from rdflib import Graph

    from quartiers.convert import Converter
    from quartiers.store import ONTOLOGY_FILE

    conv = Converter(base, reference_dir)
    shared = [
        Graph().parse(data=text, format="turtle") for _, text in conv.shared_outputs(Path("."))
    ]
    shared.append(Graph().parse(ONTOLOGY_FILE, format="turtle"))
    _worker.update(
        conv=conv,
        context=document_context(shared),
        shapes=Shapes(shapes_dir, conv.minter.base, engine),
    )


def _one(src: Path, out: Path) -> Converted:
    result, g, files = _worker["conv"].one(src, out)
    for path, data in files:
        write_atomic(path, data)
    checks = check_document(_worker["shapes"], g, _worker["context"], str(result.iri))
    return write_record(
        out,
        {
            "source": src.name,
            "sha256": result.convention.sha256,
            "ttl": result.ttl.name,
            "report": result.report.name,
            "graph": str(result.iri),
            "triples": result.triples,
            "quartiers": len(result.convention.quartiers),
            "counts": dict(result.counts),
            # sorted: the manifest is published with the data, and a rebuild must not change it
            "findings": sorted(
                (asdict(f) for f in checks.findings),
                key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False),
            ),
            "outside": checks.outside,
            "outside_triples": checks.outside_triples,
        },
    )


# -- the build ------------------------------------------------------------------------------


def default_jobs(todo: int) -> int:
    """One process per core, as many as memory allows (each holds the spaCy model), and no
    more than there are documents to share out (a process costs ~5 s to start)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        import psutil

        mem = int(psutil.virtual_memory().available // (WORKER_MB << 20))
    except ImportError:
        mem = cores or 1
    return max(1, min(cores or 1, mem, (todo + 3) // 4))


def convert_all(
    todo: list[Path],
    out: Path,
    *,
    base: str | None,
    reference_dir: Path,
    shapes_dir: Path,
    engine: str = "turbo",
    jobs: int | None = None,
    progress: Callable[[Converted], None] | None = None,
) -> list[Converted]:
    """Convert and check each document in `todo` into `out`, in parallel."""
    if not todo:
        return []
    jobs = jobs or default_jobs(len(todo))
    done: list[Converted] = []
    init = (base, reference_dir, shapes_dir, engine)
    tasks = [(src, out) for src in todo]
    for converted in pool.run(
        _one, tasks, jobs=min(jobs, len(todo)), initializer=_init, initargs=init
    ):
        done.append(converted)
        if progress:
            progress(converted)
    return done


def write_shared(stage: Path, base: str | None) -> None:
    """The framework and the reference data, beside the conventions."""
    from quartiers.convert import Converter

    for path, data in Converter(base).shared_outputs(stage):
        write_atomic(path, data)


def carry(kept: dict[str, Converted], old: Path, stage: Path) -> None:
    for entry in kept.values():
        for name in (entry.ttl, entry.report):
            _link(old / name, stage / name)
        entry.reused = True


def write_manifest(stage: Path, fp: str, entries: list[Converted]) -> None:
    """`{"fingerprint": …, "documents": {source: entry, …}}` on one line, each entry its
    record's JSON: the same bytes as one json.dumps of it all, written one document at a time."""
    path = stage / MANIFEST
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(f'{{"fingerprint": {json.dumps(fp)}, "documents": {{')
        for i, e in enumerate(sorted(entries, key=lambda e: e.source)):
            name = json.dumps(e.source, ensure_ascii=False)
            record = record_path(stage, e.source).read_text(encoding="utf-8")
            f.write(f"{', ' if i else ''}{name}: {record}")
        f.write("}}\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def validate_stage(
    stage: Path,
    entries: list[Converted],
    shapes_dir: Path,
    base: str | None,
    reference_dir: Path,
    engine: str = "turbo",
) -> Any:
    """Load the staged graphs into an on-disk store in the scratch space (each Turtle file
    into its named graph) and put together the documents' findings, the shared resources' and the cross checks'."""
    import pyoxigraph as ox
    from rdflib import Graph

    from quartiers.checks import UnionView, assemble
    from quartiers.convert import FRAMEWORK_FILE, REFERENCE_FILE
    from quartiers.iris import DEFAULT_BASE, Minter
    from quartiers.store import ONTOLOGY_FILE

    base_iri = Minter(base).base if base else DEFAULT_BASE
    shapes = Shapes(shapes_dir, base_iri, engine)
    work = stage / WORK / "store"
    shutil.rmtree(work, ignore_errors=True)
    store = ox.Store(str(work))  # on disk: its memory does not grow with the corpus
    for path, name in _graph_files(stage, entries):
        # a bulk load per file: one stream over them all buffers a batch of a million
        # quads (1.1 GB at 1.9 M triples); a file at a time holds a document
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=name)
    shared = [
        Graph().parse(path, format="turtle")
        for path in (stage / FRAMEWORK_FILE, stage / REFERENCE_FILE, ONTOLOGY_FILE)
    ]
    try:
        return assemble(shapes, UnionView(store), Records(stage, entries), shared)
    finally:
        del store


class Records:
    """The documents' checks, read again from their records each time they are iterated."""

    def __init__(self, stage: Path, entries: list[Converted]):
        self.stage, self.entries = stage, entries

    def __iter__(self) -> Iterator[DocumentChecks]:
        return (e.checks(self.stage) for e in self.entries)


def _graph_files(stage: Path, entries: list[Converted]) -> Iterator[tuple[Path, Any]]:
    """Each document's Turtle and its graph's name, then the shared graphs'."""
    import pyoxigraph as ox

    from quartiers.convert import FRAMEWORK_FILE, REFERENCE_FILE
    from quartiers.iris import ONTOLOGY_IRI
    from quartiers.store import ONTOLOGY_FILE, graph_of

    for e in entries:
        yield stage / e.ttl, ox.NamedNode(e.graph)
    for path in (stage / FRAMEWORK_FILE, stage / REFERENCE_FILE):
        yield path, graph_of(path)
    yield ONTOLOGY_FILE, ox.NamedNode(ONTOLOGY_IRI)


def remove_work(stage: Path) -> None:
    """The scratch space, before the staging directory is published."""
    shutil.rmtree(stage / WORK, ignore_errors=True)


def sync_store(
    target: str | Path,
    out: Path,
    entries: list[Converted],
    removed: list[str],
) -> int:
    """Bring a served store up to date with a build, one named graph per document converted
    again (and the framework, reference data and ontology, which are small); into a new or
    empty store, everything. The target is an on-disk store directory (a new generation,
    published in one rename: quartiers/generations.py) or a remote engine's URL. Returns the
    number of graphs written or removed."""
    import pyoxigraph as ox

    from quartiers.convert import FRAMEWORK_FILE, REFERENCE_FILE
    from quartiers.iris import ONTOLOGY_IRI
    from quartiers.store import ONTOLOGY_FILE, graph_of

    def files(which: list[Converted]) -> list[tuple[Path, ox.NamedNode]]:
        out_files = [(out / c.ttl, ox.NamedNode(c.graph)) for c in which]
        out_files += [(out / n, graph_of(out / n)) for n in (FRAMEWORK_FILE, REFERENCE_FILE)]
        return [*out_files, (ONTOLOGY_FILE, ox.NamedNode(ONTOLOGY_IRI))]

    changed = [e for e in entries if not e.reused]
    gone = [ox.NamedNode(g) for g in removed]
    if isinstance(target, str):
        from quartiers.remote import RemoteStore

        remote = RemoteStore.of(target)
        try:
            todo = files(changed if remote.graphs() else entries)
            for g in gone:
                remote.replace_graph(g, [])
                remote.update(f"DROP SILENT GRAPH {g}")
            remote.load(todo)
        finally:
            remote.close()
        return len(todo) + len(gone)
    from quartiers.generations import Generations
    from quartiers.store import Store, remove_graph

    gens = Generations(Path(target))
    gens.check_layout()
    current, gen = gens.current(), gens.fresh()
    if current is not None:
        ox.Store.read_only(str(current)).backup(str(gen))  # a checkpoint: hard links
    store = Store(gen)
    todo = files(changed if current is not None else entries)
    for g in gone:
        remove_graph(store.ox, g)
    if current is None:
        store.load([f for f, _ in todo[:-1]])  # in one bulk stream, the ontology added
    else:
        for f, g in todo:
            store.load_file(f, g)
    store.ox.flush()
    del store
    gens.publish(gen)
    gens.collect(set())
    return len(todo) + len(gone)
