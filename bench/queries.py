"""How each named query grows with the data: its time and its number of rows on the real
conventions (1x) and on synthetic corpora 10x and 100x their size (bench/corpus.py), side by
side in one run. The last columns read the criterion between the two largest scales: a query's
time should grow no faster than the scan of every triple (the data) or than its own result,
whichever grows more; "excess" is its time's growth over that bound (about 1 or less: it keeps
up; well above 1: its pattern, or the engine, does more work per row as the data grows). Each
scale is queried, as the server's engine processes query it, from an in-memory copy of an
on-disk store, in a child process killed at the time limit, so one pathological query cannot
stall the table.

python bench/queries.py [--scales 1,10,100] [--limit 120] [--repeat 3] [--min-time 0.5]
                        [--cache DIR] [--only a,b]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import SOURCES, make  # noqa: E402
from quartiers.query import named_queries  # noqa: E402

# the reference of linear growth, measured in the same conditions: one look at every triple
SCAN_NAME = "(every triple, counted)"
SCAN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# and the engine's floor for a small query: one look-up per row, whose rows grow as the data
JOIN_NAME = "(a two-pattern join)"
JOIN = (
    "PREFIX qk: <https://w3id.org/quartiers-kg/ontology#> "
    "SELECT ?q ?n WHERE { ?c qk:covers ?q . ?q qk:name ?n }"
)
REFERENCES = {SCAN_NAME: SCAN, JOIN_NAME: JOIN}


def build_store(scale: int, cache: Path) -> Path:
    """The converted corpus of `scale` times the real documents, loaded once into an on-disk
    store (kept in the cache directory between runs)."""
    from quartiers.convert import convert
    from quartiers.store import Store

    store_dir = cache / f"store-{scale}x"
    if (store_dir / "ready").exists():
        return store_dir
    shutil.rmtree(store_dir, ignore_errors=True)
    real = sorted(SOURCES.glob("*.txt"))
    sources = real if scale == 1 else make(cache / f"sources-{scale}x", scale * len(real))
    ttl = cache / f"ttl-{scale}x"
    shutil.rmtree(ttl, ignore_errors=True)
    convert(sources, ttl)
    store = Store(store_dir)
    store.load([ttl])
    store.ox.flush()
    del store
    (store_dir / "ready").touch()
    return store_dir


def child(store_dir: str, names: list[str], repeat: int, min_time: float, conn: Connection) -> None:
    import pyoxigraph as ox

    from quartiers.store import Store

    # an in-memory copy, as the server's engine processes query (QUARTIERS_WORKER_STORE=memory)
    store = Store()
    store.ox.bulk_extend(ox.Store.read_only(store_dir).quads_for_pattern(None, None, None, None))
    conn.send(("triples", len(store.ox)))
    queries = named_queries()
    for name in names:
        text, bindings = (
            (REFERENCES[name], {})
            if name in REFERENCES
            else (queries[name].text, queries[name].bindings())
        )
        best, rows, runs, spent = float("inf"), 0, 0, 0.0
        # best of `repeat` runs, more for a fast query (up to min_time in all): the machine is
        # shared, and a query of a few milliseconds is otherwise read off one noisy run
        while runs < repeat or (spent < min_time and runs < 50):
            t = time.perf_counter()
            rows = len(list(store.query(text, bindings=bindings)))  # type: ignore[call-overload]
            took = time.perf_counter() - t
            best, runs, spent = min(best, took), runs + 1, spent + took
        conn.send((name, best, rows))
    conn.send(("done", 0))


def measure(
    store_dir: Path, names: list[str], repeat: int, min_time: float, limit: float
) -> tuple[int, dict]:
    """{query: (seconds or None past the limit, rows)} for one scale."""
    out: dict[str, tuple[float | None, int]] = {}
    triples = 0
    todo = list(names)
    ctx = mp.get_context("spawn")
    while todo:
        parent, kid = ctx.Pipe()
        proc = ctx.Process(
            target=child, args=(str(store_dir), todo, repeat, min_time, kid), daemon=True
        )
        proc.start()
        kid.close()
        current = todo[0]
        deadline = time.monotonic() + limit * repeat + 60  # the first message waits for the load
        while True:
            if not parent.poll(max(0.0, deadline - time.monotonic())):
                proc.kill()
                proc.join()
                out[current] = (None, 0)
                todo = todo[todo.index(current) + 1 :]
                break
            msg = parent.recv()
            if msg[0] == "done":
                todo = []
                proc.join()
                break
            if msg[0] == "triples":
                triples = msg[1]
            else:
                out[msg[0]] = (msg[1], msg[2])
                todo = [n for n in todo if n != msg[0]]
            current = todo[0] if todo else current
            deadline = time.monotonic() + limit * repeat
    return triples, out


def growth(new: float | None, old: float | None) -> float | None:
    return new / old if new is not None and old else None


def cell(x: float | None, width: int, digits: int = 1) -> str:
    return f"{x:>{width}.{digits}f}" if x is not None else f"{'-':>{width}}"


def table(
    scales: list[int],
    sizes: dict[int, int],
    results: dict[int, dict],
    names: list[str],
    limit: float,
) -> list[str]:
    """Times and rows at each scale, then the growth between the two largest scales: time,
    rows, the scan's, and the excess (time's growth over the larger of the scan's and the
    rows'), so the criterion is read off one line."""
    a, b = scales[-2] if len(scales) > 1 else scales[-1], scales[-1]
    scan = growth(results[b].get(SCAN_NAME, (None, 0))[0], results[a].get(SCAN_NAME, (None, 0))[0])
    lines = [
        "triples: "
        + ", ".join(f"{s}x {sizes[s]:,}" for s in scales)
        + f" ({sizes[b] / sizes[a]:.1f}x from {a}x to {b}x)",
        f"{'query':<24}"
        + "".join(f" {f'rows {s}x':>10}" for s in scales)
        + "".join(f" {f'{s}x ms':>9}" for s in scales)
        + f" | {b}x/{a}x: {'time':>5} {'rows':>5} {'scan':>5} {'excess':>6}",
    ]
    for n in names:
        got = [results[s].get(n, (None, 0)) for s in scales]
        times = [
            f"{t * 1000:>9.1f}" if t is not None else f"{'>' + str(int(limit)) + 's':>9}"
            for t, _ in got
        ]
        t_growth = growth(got[-1][0], got[-2][0])
        r_growth = growth(got[-1][1], got[-2][1])
        bound = max(scan or 0.0, r_growth or 0.0) or None
        excess = growth(t_growth, bound)
        lines.append(
            f"{n:<24}"
            + "".join(f" {r:>10,}" for _, r in got)
            + "".join(f" {t}" for t in times)
            + f" | {'':>{len(f'{b}x/{a}x:')}} {cell(t_growth, 5)} {cell(r_growth, 5)}"
            + f" {cell(scan, 5)} {cell(excess, 6, 2)}"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per query run")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    ap.add_argument(
        "--min-time", type=float, default=0.5, help="run a fast query again up to this many seconds"
    )
    ap.add_argument("--cache", type=Path, help="keep the corpora and stores here")
    ap.add_argument("--only", help="comma-separated query names")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    names = [SCAN_NAME, JOIN_NAME] + (
        args.only.split(",") if args.only else sorted(named_queries())
    )
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-queries-"))
    cache.mkdir(parents=True, exist_ok=True)
    results = {}
    sizes = {}
    for s in scales:
        sizes[s], results[s] = measure(
            build_store(s, cache), names, args.repeat, args.min_time, args.limit
        )
    print("\n".join(table(scales, sizes, results, names, args.limit)))
    if not args.cache:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
