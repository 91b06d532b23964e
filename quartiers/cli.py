"""The `quartiers` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from quartiers import inputs
from quartiers import messages as M
from quartiers.cli_errors import OneLineUsage, base_option, checked, endpoint_option, guarded
from quartiers.errors import QuartiersError
from quartiers.iris import DEFAULT_BASE, Minter

app = typer.Typer(
    help="quartiers-kg: contrats de ville 'Engagements Quartiers 2030' as linked data.",
    no_args_is_help=True,
    add_completion=False,
    cls=OneLineUsage,  # usage errors in one line (quartiers/cli_errors.py)
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
TTL = ROOT / "data" / "ttl"
SHAPES = ROOT / "shapes"
REFERENCE = ROOT / "data" / "reference"
MAX_BODY = 8 << 20  # bytes, as server/settings.py
# every command's --base: checked before the command runs
Base = Annotated[str | None, typer.Option(help="Base IRI of the data.", callback=base_option)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _convert(
    sources: list[Path], out_dir: Path, base: str | None, strict: bool = False
) -> list[Any]:
    from quartiers.convert import convert as do_convert

    with _progress() as prog:
        # each document is read, then converted
        task = prog.add_task("converting", total=2 * len(sources))
        results = do_convert(
            sources,
            out_dir,
            base,
            progress=lambda msg: prog.update(task, description=msg, advance=1),
            strict=strict,
        )
    for r in results:
        c = r.counts
        err.print(
            f"{r.source.name} → {r.ttl.name}: {_plural(len(r.convention.quartiers), 'quartier')}, "
            f"{r.triples} triples; lines: {c.get('represented', 0)} represented, "
            f"{c.get('kept_as_text', 0)} kept as text, {c.get('ignored', 0)} ignored, "
            f"[bold]{c.get('not_understood', 0)} not understood[/] (see {r.report.name})",
            highlight=False,
        )
    return results


@app.command()
@guarded
def convert(
    sources: Annotated[list[Path], typer.Argument(help="Convention documents (text).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = TTL,
    base: Base = None,
    strict: Annotated[
        bool,
        typer.Option(help="Fail (exit 1, nothing written) when anything expected was not found."),
    ] = False,
    shapes: Annotated[Path, typer.Option(help="SHACL shapes directory.")] = SHAPES,
) -> None:
    """Convert convention documents to Turtle, with a conversion report per document; exit 1
    when the output breaks the integrity shapes (or, with --strict, when anything was lost)."""
    from quartiers.publish import check_integrity

    sources = inputs.documents(sources)
    inputs.output_directory(out_dir)
    inputs.shapes(shapes)
    results = _convert(sources, out_dir, base, strict)
    written = [r.ttl for r in results] + [out_dir / "framework.ttl", out_dir / "reference.ttl"]
    report = check_integrity(written, shapes, Minter(base).base if base else DEFAULT_BASE)
    if not report.conforms:
        err.print(report.text(), highlight=False)
        raise typer.Exit(1)


framework_app = typer.Typer(help="The agglomeration's strategy, kept as reviewed reference data.")
app.add_typer(framework_app, name="framework")


@framework_app.command("induce")
@guarded
def framework_induce(
    sources: Annotated[
        list[Path] | None, typer.Argument(help="Convention documents (default: data/sources).")
    ] = None,
    out_file: Annotated[
        Path, typer.Option("--out", help="The framework file to write or complete.")
    ] = REFERENCE / "framework.ttl",
    version: Annotated[str, typer.Option(help="Version recorded in the file.")] = "",
) -> None:
    """Induce the strategy (enjeux, orientations, objectifs) from conventions, for review.

    Concepts already in the file keep their IRIs and labels; new ones are added as proposed."""
    from quartiers.framework import Framework
    from quartiers.induce import induce, merge, write
    from quartiers.iris import DEFAULT_BASE
    from quartiers.reference import Reference

    files = inputs.documents(sources) if sources else inputs.document_directory(SOURCES)
    inputs.output_file(out_file)
    previous = Framework.load(out_file, DEFAULT_BASE) if out_file.exists() else None
    new = induce(files, Reference.load())
    fw, added = merge(new, previous)
    old_version = previous.version if previous else ""
    write(fw, added, out_file, version or _next_version(old_version))
    err.print(
        f"{out_file}: {len(fw.orientations)} orientations, {len(fw.objectives)} objectives; "
        f"{len(added)} new, proposed for review",
        highlight=False,
    )


def _next_version(v: str) -> str:
    parts = v.split(".") if v else ["0", "0"]
    try:
        return f"{parts[0]}.{int(parts[1]) + 1}"
    except (IndexError, ValueError):
        return "1.0"


@app.command()
@guarded
def build(
    sources: Annotated[Path, typer.Option(help="Directory of convention documents.")] = SOURCES,
    out_dir: Annotated[Path, typer.Option("--out", help="Output directory.")] = TTL,
    base: Base = None,
    shapes: Annotated[Path, typer.Option(help="SHACL shapes directory.")] = SHAPES,
    jobs: Annotated[
        int,
        typer.Option(help="Worker processes (0: one per core, as memory allows).", min=0),
    ] = 0,
    full: Annotated[
        bool, typer.Option(help="Convert every document, even those unchanged since last build.")
    ] = False,
    store_dir: Annotated[
        Path | None,
        typer.Option("--store", help="Then update this on-disk store (one graph per change)."),
    ] = None,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Then update this remote SPARQL store (query URL; see README).",
            callback=endpoint_option,
        ),
    ] = None,
) -> None:
    """Convert the documents of data/sources that changed since the last build, in parallel,
    and validate, in a new directory that replaces data/ttl in one atomic rename only if
    there is no violation."""
    from quartiers import build as b
    from quartiers.publish import publish, staging

    files = inputs.document_directory(sources)
    inputs.output_directory(out_dir)
    inputs.shapes(shapes)
    if store_dir is not None:
        inputs.store_directory(store_dir)
    if endpoint is not None:  # reached, and writable, before data/ttl is replaced
        from quartiers.remote import check

        check(endpoint, write=True)
    base_iri = Minter(base).base if base else DEFAULT_BASE
    fp = b.fingerprint(REFERENCE, shapes, base_iri)
    with staging(out_dir) as stage:
        plan = b.plan(files, out_dir, "" if full else fp, stage)
        b.carry(plan.kept, out_dir.absolute(), stage)
        with _rate_progress() as prog:
            task = prog.add_task("converting", total=len(plan.todo))
            converted = b.convert_all(
                plan.todo,
                stage,
                base=base,
                reference_dir=REFERENCE,
                shapes_dir=shapes,
                jobs=jobs or None,
                progress=lambda c: prog.update(task, advance=1, description=c.source),
            )
        entries = [*plan.kept.values(), *converted]
        b.write_shared(stage, base)
        err.print(
            f"{_plural(len(converted), 'document')} converted, {len(plan.kept)} unchanged; "
            f"{sum(e.quartiers for e in entries)} quartiers, "
            f"{sum(e.triples for e in entries)} triples",
            highlight=False,
        )
        with _progress() as prog:
            prog.add_task("validating", total=None)
            report = b.validate_stage(stage, entries, shapes, base, REFERENCE)
        err.print(report.summary(), highlight=False)
        if not report.conforms:
            err.print(report.text(), highlight=False)
            err.print(f"{out_dir} left unchanged", highlight=False)
            raise typer.Exit(1)
        b.write_manifest(stage, fp, entries)
        b.remove_work(stage)
        publish(stage, out_dir)
    for target in (t for t in (store_dir, endpoint) if t is not None):
        n = b.sync_store(target, out_dir, entries, plan.removed)
        err.print(f"{target}: {_plural(n, 'graph')} replaced", highlight=False)


class _Rate(ProgressColumn):
    """Documents per second, over the last seconds."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "… docs/s", style="progress.data.speed")


def _rate_progress() -> Progress:
    """A progress bar with the rate and the time left."""
    from rich.progress import TaskProgressColumn, TimeRemainingColumn

    return Progress(
        SpinnerColumn(),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        _Rate(),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _quartiers_count(value: int) -> int:
    from quartiers.synth.corpus import MAX_QUARTIERS

    if not 1 <= value <= MAX_QUARTIERS:
        raise QuartiersError(M.QUARTIERS_RANGE(value=value, most=MAX_QUARTIERS))
    return value


@app.command()
@guarded
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the documents to.")],
    quartiers: Annotated[
        int,
        typer.Option(
            help="Distinct quartiers to describe (default: the national corpus).",
            callback=checked(_quartiers_count),
        ),
    ] = 1600,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same corpus.")] = 2030,
    expected: Annotated[
        bool, typer.Option(help="Write beside each document what it must read (.expected.json).")
    ] = True,
) -> None:
    """Write synthetic conventions of the same family as the real ones, in the layouts the
    converter reads: the national corpus is about 1,600 quartiers in about 1,000 documents."""
    from quartiers.synth.corpus import Generator, write
    from quartiers.synth.material import load

    inputs.output_directory(out_dir)
    gen = Generator(load(), seed)
    paths = write(gen.documents(quartiers), out_dir, expected)
    err.print(
        f"{out_dir}: {_plural(len(paths), 'document')}, {quartiers} quartiers", highlight=False
    )


@app.command()
@guarded
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="RDF files (Turtle, JSON-LD…) or directories.")
    ] = None,
    shapes: Annotated[Path, typer.Option(help="SHACL shapes directory.")] = SHAPES,
    fmt: Annotated[
        Literal["text", "turtle", "json", "html"],
        typer.Option("--format", help="text, turtle, json or html."),
    ] = "text",
    engine: Annotated[
        Literal["pyshacl", "turbo", "store"],
        typer.Option(
            help="pyshacl (default), turbo (faster on large graphs) or store (in parts, "
            "per document then across documents: the national corpus)."
        ),
    ] = "pyshacl",
    base: Annotated[
        str | None,
        typer.Option(help="Base IRI the data was converted with.", callback=base_option),
    ] = None,
) -> None:
    """Validate the graph with the SHACL shapes: exit 0 without violation, 1 with, 2 on bad input."""
    from quartiers.validate import validate as do_validate

    inputs.shapes(shapes)
    files = inputs.rdf_files(paths or [TTL])
    report = do_validate(
        files, shapes, engine=engine, base=Minter(base).base if base else DEFAULT_BASE
    )
    rendered = {
        "text": report.text,
        "turtle": report.turtle,
        "json": report.json,
        "html": report.html,
    }[fmt]
    sys.stdout.write(rendered())
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
@guarded
def query(
    sparql: Annotated[str, typer.Argument(help="A .rq file, a named query, or SPARQL text.")],
    data: Annotated[
        list[Path] | None, typer.Option(help="RDF files (Turtle, JSON-LD…) or directories.")
    ] = None,
    fmt: Annotated[
        Literal["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"],
        typer.Option(
            "--format", help="table, csv, tsv, json, xml; turtle, ntriples, jsonld for CONSTRUCT."
        ),
    ] = "table",
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="name=value: a parameter of the query (its '# param:' header), repeatable.",
        ),
    ] = None,
    base: Annotated[
        str | None, typer.Option(help="Base IRI that relative IRI parameters resolve against.")
    ] = None,
) -> None:
    """Run a SPARQL query over the graph (embedded store); parameters are bound as terms."""
    import pyoxigraph as ox

    from quartiers.query import parse_params, resolve, run, serialise_results, table_rows
    from quartiers.store import open_store

    named = resolve(sparql)
    origin = None if named.path == Path("-") else named.path
    bindings = named.bindings(
        parse_params(param or []), Minter(base).base if base else DEFAULT_BASE
    )
    inputs.sparql_query(named.text, origin)  # before any data is loaded
    store = open_store(inputs.rdf_files(data or [TTL]))
    result = run(store, named.text, bindings, origin)
    if fmt == "table" and isinstance(result, ox.QuerySolutions):
        names, rows = table_rows(result)
        t = Table(*names, show_lines=False)
        for r in rows:
            t.add_row(*r)
        out.print(t)
        err.print(f"{len(rows)} rows")
        return
    sys.stdout.buffer.write(serialise_results(result, "csv" if fmt == "table" else fmt))


@app.command()
@guarded
def audit(
    data: Annotated[
        list[Path] | None, typer.Option(help="RDF files (Turtle, JSON-LD…) or directories.")
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            help="The source documents, to quote the lines behind each finding "
            "(default: data/sources, if there).",
        ),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory to write the report to.")
    ] = Path("audit-report"),
    fmt: Annotated[
        list[str] | None,
        typer.Option("--format", help="html, csv or json; repeatable (default: all three)."),
    ] = None,
) -> None:
    """The auditor's report: coverage matrix, portraits, findings with their source lines,
    copied actions, partners. One self-contained HTML file (works offline), a CSV per table
    and the JSON of all of them, each table from a named query."""
    from quartiers import audit_html, audit_report
    from quartiers.store import open_store

    formats = fmt or ["html", "csv", "json"]
    bad = [f for f in formats if f not in ("html", "csv", "json")]
    if bad:
        raise QuartiersError(M.UNKNOWN_FORMAT(value=bad[0], choices="html, csv, json"))
    if sources is not None:  # given, it must be there: a typo would silently quote nothing
        inputs.directory(sources)
    inputs.output_directory(out_dir)
    store = open_store(inputs.rdf_files(data or [TTL]))
    report = audit_report.build(audit_report.fetch(store), sources or SOURCES)
    written = audit_report.write(report, out_dir, formats, lambda: audit_html.standalone(report))
    findings = report.tables["findings"].rows
    warnings = sum(1 for f in findings if f["severity"] == "Warning")
    err.print(
        f"{_plural(len(report.places), 'quartier')} described by "
        f"{_plural(len(report.tables['communes'].rows), 'convention')}: "
        f"{sum(p.count('empty') for p in report.places)} objectives retained without action, "
        f"{warnings} warnings and {len(findings) - warnings} infos, "
        f"{_plural(len(report.clusters), 'action text')} repeated across quartiers",
        highlight=False,
    )
    for path in written:
        out.print(str(path), highlight=False, soft_wrap=True)


@app.command()
@guarded
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0: any free one).", min=0, max=65535)] = 8000,
    data: Annotated[
        list[Path] | None, typer.Option(help="RDF files (Turtle, JSON-LD…) or directories.")
    ] = None,
    store_dir: Annotated[
        Path | None, typer.Option("--store", help="On-disk store directory (default: in memory).")
    ] = None,
    query_timeout: Annotated[
        float,
        typer.Option(help="Seconds from a query's arrival to its answer, wait included.", min=0.01),
    ] = 30.0,
    max_results: Annotated[int, typer.Option(help="Maximum result rows.", min=1)] = 100_000,
    max_body: Annotated[
        int, typer.Option(help="Maximum request body, bytes (413).", min=1)
    ] = MAX_BODY,
    max_query_length: Annotated[
        int, typer.Option(help="Maximum query or update length, characters (413).", min=1)
    ] = 100_000,
    max_depth: Annotated[
        int, typer.Option(help="Maximum bracket nesting of a query (400).", min=1)
    ] = 64,
    max_waiting: Annotated[
        int, typer.Option(help="Queries waiting for an engine before 503 + Retry-After.", min=0)
    ] = 32,
    base: Base = None,
    allow_empty: Annotated[
        bool, typer.Option(help="Serve an empty data set without a warning.")
    ] = False,
    endpoint: Annotated[
        str | None,
        typer.Option(
            help="Serve the data of this remote SPARQL engine (query URL; read-only).",
            callback=endpoint_option,
        ),
    ] = None,
) -> None:
    """Serve the SPARQL endpoint and the linked data (FastAPI + uvicorn); "serving on …" once
    the store is loaded and the query engines are up."""
    from server.launch import serve as launch
    from server.settings import Settings

    if store_dir is not None:
        inputs.store_directory(store_dir)
    # an existing --store given without --data is served as it is, without reloading
    reuse = store_dir is not None and not data and store_dir.exists() and any(store_dir.iterdir())
    if not reuse and endpoint is None:
        inputs.rdf_files(data or [TTL], allow_empty=True)
    settings = Settings(
        data=[] if reuse or endpoint else (data or [TTL]),
        endpoint=endpoint,
        store_dir=store_dir,
        query_timeout=query_timeout,
        max_results=max_results,
        max_body=max_body,
        max_query_length=max_query_length,
        max_depth=max_depth,
        max_waiting=max_waiting,
        base=base,
    )
    launch(settings, host, port, allow_empty=allow_empty)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
