"""National scale in one table, every figure from one run, each beside its reference and the
ratio the issue sets a goal on: build and validation against pyoxigraph's bulk load of their
output, validation per engine, named queries (p50/p95) on the embedded store, on Oxigraph's
server and on rdflib's engine, HTTP requests/s and p50/p95 at concurrency 1, 8 and 32 through
our server, Oxigraph's server and rdflib-endpoint on the same data, and what each server holds
in memory, takes to start and keeps on disk.

    python bench/run.py [--quick] [--quartiers N] [--seconds S] [--limit S]
                        [--only build|serve] [--ttl DIR] [--no-rdflib]

--quick (20 quartiers, short runs) takes under 5 minutes; the default is the national corpus
(`quartiers synth` default, about 1,600 quartiers in 1,000 documents). Every program runs in
its own process, its memory read as the peak resident size of its process tree.

--only build stops after the build and its bulk-load reference (the rows issue 14's first goal
is about), for corpora where the servers' rows would take hours. --only serve keeps the
servers' rows (start-up, store size, HTTP, CPU per request, memory), without the build, the
validation and the named queries: at 200 quartiers and more those take most of the time. --ttl
DIR serves a corpus built before (its Turtle) instead of building one; --no-rdflib leaves
rdflib-endpoint out (it does not start within minutes on 500k triples).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_load import wrk  # noqa: E402
from tests.conftest import free_port  # noqa: E402

BIN = Path(sys.executable).parent
QUICK_QUERIES = ["quartiers", "indicators", "coverage", "empty-objectives", "search-actions"]
LOOKUP = "lookup (one resource)"  # SELECT ?p ?o WHERE { <quartier> ?p ?o }
HTTP_QUERIES = [LOOKUP, "coverage", "empty-objectives"]
ROWS: list[tuple[str, str, str, str, str, str]] = []


def row(*cells: str) -> None:
    """measure, ours, Oxigraph, rdflib, ratio, goal (trailing ones may be left out)."""
    what, ours, oxigraph, rdflib, ratio, goal = (*cells, "", "", "", "", "")[:6]
    ROWS.append((what, ours, oxigraph, rdflib, ratio, goal))
    print(f"  {what}: {ours} | {oxigraph} | {rdflib} | {ratio}", file=sys.stderr, flush=True)


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with suppress(psutil.Error):
            total += p.memory_info().rss
    return total


@contextmanager
def peak(pid: int) -> Iterator[dict[str, float]]:
    """The peak resident memory (MB) of a process and its children while the block runs."""
    out = {"mb": 0.0}
    stop = threading.Event()
    proc = psutil.Process(pid)

    def poll() -> None:
        while not stop.is_set():
            try:
                out["mb"] = max(out["mb"], tree_rss(proc) / 2**20)
            except psutil.Error:
                return
            stop.wait(0.1)

    t = threading.Thread(target=poll, daemon=True)
    t.start()
    try:
        yield out
    finally:
        stop.set()
        t.join()


def timed(args: list[str], timeout: float | None = None, **kw: object) -> tuple[float, float, str]:
    """(seconds, peak MB, stdout) of a command; seconds is inf past the timeout."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)  # type: ignore[call-overload]
    with peak(proc.pid) as mem:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            for p in psutil.Process(proc.pid).children(recursive=True):
                p.kill()
            proc.kill()
            proc.communicate()
            return float("inf"), mem["mb"], ""
    if proc.returncode not in (0, 1):  # 1: violations found, still a finished run
        raise RuntimeError(f"{args[:3]} failed: {err[-2000:]}")
    return time.perf_counter() - start, mem["mb"], out


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def secs(s: float, limit: float | None = None) -> str:
    return f"> {limit:.0f} s" if s == float("inf") else f"{s:.1f} s"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b and a != float("inf") and b != float("inf") else "-"


# -- the data ------------------------------------------------------------------------------

BULK_LOAD = """
import sys, pyoxigraph as ox
from pathlib import Path
from quartiers.store import graph_of, data_files
store = ox.Store(sys.argv[2])
for f in data_files([Path(sys.argv[1])]):
    store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=graph_of(f))
store.optimize()
print(sum(1 for _ in store.quads_for_pattern(None, None, None, None)))
"""


def build(tmp: Path, quartiers: int, limit: float) -> tuple[Path, int]:
    """The corpus, our build of it, and pyoxigraph's bulk load of what the build wrote."""
    src, out = tmp / "sources", tmp / "ttl"
    q = str(BIN / "quartiers")
    subprocess.run(
        [q, "synth", "--quartiers", str(quartiers), "--out", str(src), "--no-expected"],
        check=True,
        capture_output=True,
    )
    docs = len(list(src.glob("*.txt")))
    b_s, b_mb, _ = timed([q, "build", "--sources", str(src), "--out", str(out), "--full"])
    l_s, l_mb, l_out = timed([sys.executable, "-c", BULK_LOAD, str(out), str(tmp / "oxbulk")])
    triples = int(l_out.strip())
    row(f"corpus: {quartiers} quartiers, {docs} documents", f"{triples:,} triples")
    row(
        "build + validate: s (bulk load: s)",
        secs(b_s),
        secs(l_s),
        "",
        ratio(b_s, l_s),
        "<= 10x",
    )
    row("build: documents/s", f"{docs / b_s:.2f}")
    row("build: triples/s (bulk load)", f"{triples / b_s:,.0f}", f"{triples / l_s:,.0f}")
    row("build: peak MB (bulk load)", f"{b_mb:.0f}", f"{l_mb:.0f}", "", ratio(b_mb, l_mb))
    return out, triples


def validation(ttl: Path, limit: float) -> None:
    """Validation alone, per engine, on the build's output."""
    q = str(BIN / "quartiers")
    s_s, s_mb, _ = timed([q, "validate", str(ttl), "--engine", "store"], limit)
    t_s, t_mb, _ = timed([q, "validate", str(ttl), "--engine", "turbo"], limit)
    p_s, p_mb, _ = timed([q, "validate", str(ttl), "--engine", "pyshacl"], limit)
    row("validate: in parts (store), s / peak MB", f"{secs(s_s, limit)} / {s_mb:.0f}")
    row("validate: pyshacl-turbo, whole graph", f"{secs(t_s, limit)} / {t_mb:.0f}")
    row("validate: pyshacl, whole graph", f"{secs(p_s, limit)} / {p_mb:.0f}")


# -- servers -------------------------------------------------------------------------------


class Served:
    def __init__(self, name: str, proc: subprocess.Popen[bytes], url: str, started: float):
        self.name, self.proc, self.url, self.started = name, proc, url, started

    def stop(self) -> None:
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            p.terminate()
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()

    def mb(self) -> float:
        return tree_rss(psutil.Process(self.proc.pid)) / 2**20


def serve(name: str, args: list[str], url: str, limit: float, log: Path) -> Served | None:
    """Start a server and wait (up to `limit`) until it answers a query; None if it did not."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
        try:
            r = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"}, timeout=5)
            if r.status_code == 200:
                return Served(name, proc, url, time.perf_counter() - start)
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    Served(name, proc, url, 0).stop()
    return None


def our_server(root: Path, data: Path | None, limit: float, log: Path) -> Served | None:
    port = free_port()
    args = [str(BIN / "quartiers"), "serve", "--port", str(port), "--store", str(root)]
    args += ["--data", str(data), "--allow-empty"] if data else []
    args += ["--max-results", "10000000", "--query-timeout", str(limit)]
    return serve("ours", args, f"http://127.0.0.1:{port}/sparql", limit, log)


# -- named queries ---------------------------------------------------------------------------

ENGINE = """
import json, sys, time, pyoxigraph as ox
from pathlib import Path
from quartiers.query import named_queries
kind, where, names, repeat = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
lookup, budget = ox.NamedNode(sys.argv[5]), float(sys.argv[6])
queries = named_queries()
if kind == "embedded":
    store = ox.Store.read_only(where)
    run = lambda text, b: list(store.query(text, substitutions={ox.Variable(k): v for k, v in b.items()} or None))
elif kind == "remote":
    from quartiers.remote import RemoteStore
    store = RemoteStore.of(where)
    run = lambda text, b: list(store.query(text, substitutions={ox.Variable(k): v for k, v in b.items()} or None))
else:
    import rdflib
    from rdflib.plugins.sparql import prepareQuery
    ds = rdflib.Dataset(default_union=True)
    for f in sorted(Path(where).glob("*.ttl")):
        ds.graph(rdflib.URIRef(f.resolve().as_uri())).parse(f, format="turtle")
    def term(v):
        if isinstance(v, ox.NamedNode):
            return rdflib.URIRef(v.value)
        if v.language:
            return rdflib.Literal(v.value, lang=v.language)
        return rdflib.Literal(v.value, datatype=rdflib.URIRef(v.datatype.value))
    def run(text, b):
        return list(ds.query(text, initBindings={k: term(v) for k, v in b.items()}))
print(json.dumps(["ready"]), flush=True)
for name in names:
    if name == "LOOKUP":
        text, b = "SELECT ?p ?o WHERE { %s ?p ?o }" % lookup, {}
    else:
        text, b = queries[name].text, queries[name].bindings()
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        n = len(run(text, b))
        times.append(time.perf_counter() - t)
        print(json.dumps(["time", name, times[-1], n]), flush=True)
        if i >= 2 and sum(times) > budget:
            break  # three runs at least, then no more than the budget: a national run ends
"""


QUERY_BUDGET = 10.0  # seconds of repeats per named query and engine, after three runs


def query_times(
    kind: str, where: str, names: list[str], repeat: int, lookup: str, limit: float
) -> dict[str, list[float]]:
    """{query: [seconds…]} from a child process; a query past `limit` (or the data load past
    `limit`) ends the child, and what remains is left out."""
    args = [json.dumps(names), str(repeat), lookup, str(QUERY_BUDGET)]
    proc = subprocess.Popen(
        [sys.executable, "-c", ENGINE, kind, where, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: dict[str, list[float]] = {}
    assert proc.stdout is not None
    lines: list[str] = []

    def reader() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.append(line)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    seen, last = 0, time.perf_counter()
    while proc.poll() is None or seen < len(lines):
        if seen < len(lines):
            msg = json.loads(lines[seen])
            seen += 1
            last = time.perf_counter()
            if msg[0] == "time":
                out.setdefault(msg[1], []).append(msg[2])
            continue
        if time.perf_counter() - last > limit:
            proc.kill()
            break
        time.sleep(0.05)
    proc.wait()
    if proc.returncode and proc.stderr:
        print(f"  {kind}: {proc.stderr.read().strip()[-300:]}", file=sys.stderr)
    return out


def pct(times: list[float] | None) -> tuple[float, float] | None:
    if not times:
        return None
    s = sorted(times)
    return statistics.median(s) * 1000, s[max(0, round(0.95 * len(s)) - 1)] * 1000


def fmt_pct(p: tuple[float, float] | None, limit: float) -> str:
    return f"{p[0]:.1f} / {p[1]:.1f}" if p else f"> {limit:.0f} s"


def named_queries_row(
    gen: Path, ox_url: str, ttl: Path, names: list[str], repeat: int, lookup: str, limit: float
) -> None:
    shown = ["LOOKUP" if n == LOOKUP else n for n in names]
    embedded = query_times("embedded", str(gen), shown, repeat, lookup, limit)
    remote = query_times("remote", ox_url, shown, repeat, lookup, limit)
    rdf = query_times("rdflib", str(ttl), shown, max(1, repeat // 3), lookup, limit)
    for n, key in zip(names, shown, strict=True):
        e, r, d = pct(embedded.get(key)), pct(remote.get(key)), pct(rdf.get(key))
        row(
            f"query {n}: p50 / p95 ms",
            fmt_pct(e, limit),
            fmt_pct(r, limit),
            fmt_pct(d, limit),
            f"{r[0] / e[0]:.2f}x" if e and r else "-",
            "speed vs Oxigraph",
        )


# -- HTTP ----------------------------------------------------------------------------------


def http_text(name: str, lookup: str) -> str:
    if name == LOOKUP:
        return f"SELECT ?p ?o WHERE {{ <{lookup}> ?p ?o }}"
    from quartiers.query import named_queries

    q = named_queries()[name]
    assert not q.bindings() or name != "coverage"
    return q.text


def shown(x: tuple[float, float, float] | None, seconds: float) -> str:
    if x is None:
        return "-"
    if x[0] == 0:
        return f"none in {seconds:.0f} s"
    return f"{x[0]:.0f} ({x[1]:.1f} / {x[2]:.1f})"


def cpu_rows(servers: list[Served | None], lookup: str, seconds: float) -> None:
    """CPU time the server's process tree spends on one request, under wrk at concurrency 8:
    the machine is shared, so requests/s moves with the load of others; the CPU a request
    costs moves much less, and bounds the throughput of a dedicated machine."""
    text = http_text(LOOKUP, lookup)
    cells = []
    for s in servers:
        if s is None:
            cells.append(None)
            continue
        settle(s, 60)
        before = tree_cpu(psutil.Process(s.proc.pid))
        measured = wrk(s.url, text, 8, seconds)
        after = tree_cpu(psutil.Process(s.proc.pid))
        n = measured[0] * max(1, round(seconds)) if measured else 0
        cells.append((after - before) * 1000 / n if n else None)
    ours, ox_ = cells[0], cells[1]
    row(
        "HTTP lookup, concurrency 8: server CPU ms per request (process tree)",
        *(f"{c:.3f}" if c else "-" for c in cells),
        ratio(ox_, ours) if ours and ox_ else "-",
        ">= 0.7x",
    )


def tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds (user + system) of a process and its children so far."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        with suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def tree_pss(s: Served) -> float:
    """Proportional set size of a server's processes (MB): a page shared by n of them (the
    Python interpreter, pyoxigraph's library, the store's cached files) counts 1/n in each,
    where the resident sizes count it n times."""
    proc = psutil.Process(s.proc.pid)
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        with suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total / 2**20


def processes_mb(s: Served) -> str:
    """The resident memory of each process of a server, largest first."""
    proc = psutil.Process(s.proc.pid)
    sizes = []
    for p in [proc, *proc.children(recursive=True)]:
        with suppress(psutil.Error):
            sizes.append(p.memory_info().rss / 2**20)
    return " + ".join(f"{m:.0f}" for m in sorted(sizes, reverse=True))


def settle(s: Served, limit: float) -> None:
    """Wait until the server is idle (its processes use under a tenth of a core) and answers a
    trivial query at once: queries that wrk left queued or running (heavy ones at 200 quartiers
    run for seconds) must not count against the next measurement."""
    deadline = time.perf_counter() + limit
    proc = psutil.Process(s.proc.pid)
    while time.perf_counter() < deadline:
        before = tree_cpu(proc)
        time.sleep(0.5)
        if tree_cpu(proc) - before > 0.05:
            continue
        t = time.perf_counter()
        with suppress(httpx.HTTPError):
            r = httpx.get(s.url, params={"query": "ASK {}"}, timeout=limit)
            if r.status_code == 200 and time.perf_counter() - t < 0.5:
                return


FLOORS = {
    "bare uvicorn ASGI app (httptools, uvloop)": """
BODY = b'{"head":{"vars":["p","o"]},"results":{"bindings":[]}}'
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    headers = [(b"content-type", b"application/sparql-results+json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})
""",
    "FastAPI, one route reading the query": """
from fastapi import FastAPI, Request, Response
BODY = b'{"head":{"vars":["p","o"]},"results":{"bindings":[]}}'
app = FastAPI()
@app.get("/sparql")
async def sparql(request: Request) -> Response:
    request.query_params.get("query")
    return Response(BODY, media_type="application/sparql-results+json")
""",
}


def floor_rows(tmp: Path, lookup: str, seconds: float, limit: float) -> None:
    """What a Python HTTP front costs before any work: an ASGI app and a FastAPI route that
    answer a fixed body, under the same load and on the same machine as the servers."""
    text = http_text(LOOKUP, lookup)
    for i, (name, code) in enumerate(FLOORS.items()):
        (tmp / f"floor{i}.py").write_text(code)
        port = free_port()
        args = [str(BIN / "uvicorn"), f"floor{i}:app", "--port", str(port), "--no-access-log"]
        url = f"http://127.0.0.1:{port}/sparql"
        s = serve(name, [*args, "--app-dir", str(tmp)], url, limit, tmp / f"floor{i}.log")
        if s is None:
            continue
        before = tree_cpu(psutil.Process(s.proc.pid))
        measured = wrk(url, text, 8, seconds)
        after = tree_cpu(psutil.Process(s.proc.pid))
        s.stop()
        if measured:
            cpu = (after - before) * 1000 / (measured[0] * max(1, round(seconds)))
            row(
                f"floor: {name}, concurrency 8: req/s, CPU ms per request",
                f"{measured[0]:.0f}, {cpu:.3f}",
            )


def http_rows(servers: list[Served | None], lookup: str, seconds: float, limit: float) -> None:
    for name in HTTP_QUERIES:
        text = http_text(name, lookup)
        for c in (1, 8, 32):
            cells = []
            for s in servers:
                if s:
                    settle(s, limit)
                cells.append(wrk(s.url, text, c, seconds) if s else None)
            ours, ox_, _ = cells
            goal = ">= 0.7x" if name == LOOKUP else ">= 1x"
            row(
                f"HTTP {name}, concurrency {c}: req/s (p50 / p95 ms)",
                *(shown(x, seconds) for x in cells),
                ratio(ours[0], ox_[0]) if ours and ox_ else "-",
                goal,
            )


# -- the run -------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="20 quartiers, short runs: < 5 min")
    ap.add_argument("--quartiers", type=int, help="corpus size (default: national, 1600)")
    ap.add_argument("--seconds", type=float, help="seconds per HTTP measurement")
    ap.add_argument("--limit", type=float, help="seconds before a run is given up")
    ap.add_argument(
        "--only", choices=["build", "serve"], help="only the build, or only the servers' rows"
    )
    ap.add_argument("--ttl", type=Path, help="serve this built Turtle instead of building a corpus")
    ap.add_argument("--no-rdflib", action="store_true", help="leave rdflib-endpoint out")
    args = ap.parse_args()
    quick = args.quick
    quartiers = args.quartiers or (20 if quick else 1600)
    seconds = args.seconds or (2.0 if quick else 5.0)
    limit = args.limit or (30.0 if quick else 600.0)
    repeat = 5 if quick else 20
    names = [LOOKUP, *QUICK_QUERIES] if quick else [LOOKUP, *sorted(_all_queries())]
    if args.only != "build" and not shutil.which("wrk"):
        sys.exit("bench/run.py needs wrk (Debian: apt-get install wrk), a C load generator")
    if args.only != "build" and not args.no_rdflib and not (BIN / "rdflib-endpoint").exists():
        # found out at the start, not after the national build
        sys.exit("bench/run.py needs rdflib-endpoint (`make bench` installs it) or --no-rdflib")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-run-") as d:
        tmp = Path(d)
        if args.ttl:
            ttl = args.ttl
            row(f"corpus: {args.ttl}", f"{sum(1 for _ in ttl.glob('*.ttl'))} files")
        else:
            ttl, _ = build(tmp, quartiers, limit)
        if args.only == "build":
            print_table(time.perf_counter() - t0, quartiers, quick)
            return
        if args.only != "serve":
            validation(ttl, limit)
        lookup = _a_quartier(ttl)
        # our server: loads the data into a new store, then is started again on that store
        root = tmp / "store"
        first = our_server(root, ttl, limit * 4, tmp / "ours-load.log")
        assert first is not None, (tmp / "ours-load.log").read_text()
        load_s = first.started
        first.stop()
        ours = our_server(root, None, limit, tmp / "ours.log")
        from quartiers.generations import Generations

        gen = Generations(root).current()
        assert gen is not None and ours is not None
        port = free_port()
        oxi = serve(
            "oxigraph",
            [
                str(BIN / "oxigraph"),
                "serve-read-only",
                "--location",
                str(gen),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            f"http://127.0.0.1:{port}/query",
            limit,
            tmp / "oxigraph.log",
        )
        rdf = None if args.no_rdflib else rdflib_endpoint(ttl, limit, tmp / "rdflib.log")
        servers = [ours, oxi, rdf]
        idle = [s.mb() if s else 0.0 for s in servers]
        row(
            "server start-up on an existing store (first start, loading the data)",
            f"{ours.started:.1f} s ({load_s:.1f} s)",
            f"{oxi.started:.1f} s" if oxi else "-",
            "-"
            if args.no_rdflib
            else f"{rdf.started:.1f} s (loads the data)"
            if rdf
            else f"> {limit:.0f} s",
            ratio(ours.started, oxi.started) if oxi else "-",
            "seconds",
        )
        ox_store = tmp / "oxbulk"
        if ox_store.exists():
            row(
                "on-disk store MB (Oxigraph: bulk load, named graphs only)",
                f"{du_mb(gen):.0f}",
                f"{du_mb(ox_store):.0f}",
                "",
                ratio(du_mb(gen), du_mb(ox_store)),
                "<= 2x",
            )
        assert oxi is not None
        if args.only != "serve":
            named_queries_row(gen, oxi.url, ttl, names, repeat, lookup, limit)
        http_rows(servers, lookup, seconds, limit)
        cpu_rows(servers, lookup, seconds)
        floor_rows(tmp, lookup, seconds, limit)
        mbs = [s.mb() if s else 0.0 for s in servers]
        row(
            "server memory once started, MB (process tree)",
            *(f"{m:.0f}" if m else "-" for m in idle),
            ratio(idle[0], idle[1]),
            "<= 3x",
        )
        row(
            "server memory after the load, MB (process tree)",
            *(f"{m:.0f}" if m else "-" for m in mbs),
            ratio(mbs[0], mbs[1]),
            "<= 3x",
        )
        pss = [tree_pss(s) if s else 0.0 for s in servers]
        row(
            "... the same, shared pages counted once (PSS), MB",
            *(f"{m:.0f}" if m else "-" for m in pss),
            ratio(pss[0], pss[1]),
            "<= 3x",
        )
        row("server memory after the load, MB per process (RSS)", processes_mb(ours))
        for s in servers:
            if s:
                s.stop()
    print_table(time.perf_counter() - t0, quartiers if not args.ttl else args.ttl.name, quick)


def rdflib_endpoint(ttl: Path, limit: float, log: Path) -> Served | None:
    port = free_port()
    files = [str(p) for p in sorted(ttl.glob("*.ttl"))]
    return serve(
        "rdflib-endpoint",
        [str(BIN / "rdflib-endpoint"), "serve", *files, "--host", "127.0.0.1", "--port", str(port)],
        f"http://127.0.0.1:{port}/",
        limit,
        log,
    )


def _all_queries() -> list[str]:
    from quartiers.query import named_queries

    return list(named_queries())


def _a_quartier(ttl: Path) -> str:
    import pyoxigraph as ox

    for t in ox.parse(
        path=str(next(iter(sorted(ttl.glob("convention-*.ttl"))))), format=ox.RdfFormat.TURTLE
    ):
        if "/id/quartier/" in t.subject.value:  # type: ignore[union-attr]
            return str(t.subject.value)  # type: ignore[union-attr]
    raise RuntimeError("no quartier in the corpus")


def print_table(elapsed: float, quartiers: int | str, quick: bool) -> None:
    head = ("measure", "ours", "Oxigraph", "rdflib", "ratio", "goal")
    widths = [max(len(r[i]) for r in [head, *ROWS]) for i in range(6)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    print(
        f"\nbench/run.py{' --quick' if quick else ''}: {quartiers} quartiers, "
        f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB, "
        f"one run of {elapsed / 60:.1f} min"
    )
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in ROWS:
        print(line(r))


if __name__ == "__main__":
    main()
