"""How each named query grows with the data: its time on the real conventions (1x) and on
synthetic corpora 10x and 100x their size (bench/corpus.py), side by side in one run, with the
ratios. A query whose time grows faster than the data (a ratio well above 10, then 100) has a
pattern to fix. Each scale is queried, as the server's engine processes query it, from an
in-memory copy of an on-disk store, in a child process killed at the time limit, so one
pathological query cannot stall the table.

python bench/queries.py [--scales 1,10,100] [--limit 120] [--repeat 3] [--cache DIR]
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


def child(store_dir: str, names: list[str], repeat: int, conn: Connection) -> None:
    import pyoxigraph as ox

    from quartiers.store import Store

    # an in-memory copy, as the server's engine processes query (QUARTIERS_WORKER_STORE=memory)
    store = Store()
    store.ox.bulk_extend(ox.Store.read_only(store_dir).quads_for_pattern(None, None, None, None))
    conn.send(("triples", len(store.ox)))
    queries = named_queries()
    for name in names:
        text, bindings = (
            (SCAN, {}) if name == SCAN_NAME else (queries[name].text, queries[name].bindings())
        )
        best, rows = float("inf"), 0
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(list(store.query(text, bindings=bindings)))  # type: ignore[call-overload]
            best = min(best, time.perf_counter() - t)
        conn.send((name, best, rows))
    conn.send(("done", 0))


def measure(store_dir: Path, names: list[str], repeat: int, limit: float) -> tuple[int, dict]:
    """{query: (seconds or None past the limit, rows)} for one scale."""
    out: dict[str, tuple[float | None, int]] = {}
    triples = 0
    todo = list(names)
    ctx = mp.get_context("spawn")
    while todo:
        parent, kid = ctx.Pipe()
        proc = ctx.Process(target=child, args=(str(store_dir), todo, repeat, kid), daemon=True)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--limit", type=float, default=120.0, help="seconds per query run")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    ap.add_argument("--cache", type=Path, help="keep the corpora and stores here")
    ap.add_argument("--only", help="comma-separated query names")
    args = ap.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    names = [SCAN_NAME] + (args.only.split(",") if args.only else sorted(named_queries()))
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-queries-"))
    cache.mkdir(parents=True, exist_ok=True)
    results = {}
    sizes = {}
    for s in scales:
        sizes[s], results[s] = measure(build_store(s, cache), names, args.repeat, args.limit)
    head = "".join(f"  {s:>4}x ms" for s in scales)
    ratios = "".join(f" {s:>4}x/1x" for s in scales[1:])
    print("triples: " + ", ".join(f"{s}x {sizes[s]:,}" for s in scales))
    print(f"{'query':<24} {'rows 1x':>8}{head}{ratios}")
    for n in names:
        cells, base = [], results[scales[0]].get(n, (None, 0))
        for s in scales:
            t = results[s].get(n, (None, 0))[0]
            cells.append(
                f"{t * 1000:>10.1f}" if t is not None else f"{'>' + str(int(args.limit)) + 's':>10}"
            )
        rs = []
        for s in scales[1:]:
            t = results[s].get(n, (None, 0))[0]
            rs.append(f"{t / base[0]:>8.1f}" if t is not None and base[0] else f"{'-':>8}")
        print(f"{n:<24} {base[1]:>8}" + "".join(f"  {c}" for c in cells) + " " + " ".join(rs))
    if not args.cache:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
