"""Soak test: the server under a steady mix of named queries (/sparql and /api), resource
lookups (/id, Turtle and HTML) and slow queries that run into the timeout, at concurrency 32,
for 10 minutes. Per minute: requests, answers, refusals (503 with Retry-After: the bounded
queue and the timeout at work), errors (anything else: 5xx, broken connections), p50/p95
latency of the named queries and lookups, and the memory of the server's whole process tree.

    python bench/soak.py [--minutes M] [--concurrency C] [--query-timeout S]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quartiers.query import named_queries  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# (kind, share): most traffic is what researchers and harvesters send; slow queries are the
# attack, one request in ten
MIX = [("named", 0.4), ("api", 0.15), ("lookup", 0.35), ("slow", 0.1)]


def tree(pid: int) -> tuple[float, int]:
    root = psutil.Process(pid)
    procs = [root, *root.children(recursive=True)]
    rss = 0
    for p in procs:
        try:
            rss += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return rss / 2**20, len(procs)


async def soak(url: str, pid: int, minutes: float, concurrency: int) -> list[dict[str, object]]:
    queries = [q.text for q in named_queries().values()]
    names = list(named_queries())
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    rng = random.Random(11)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        r = await client.get(url + "/api/objectives", params={"format": "json"})
        bindings = r.json()["results"]["bindings"]
        iris = sorted(
            {b[k]["value"] for b in bindings for k in ("quartier", "objective", "action") if k in b}
        )
        paths = [i.replace("https://w3id.org/quartiers-kg/id/", "/id/") for i in iris]
        start = time.monotonic()
        end = start + minutes * 60
        status: dict[int, Counter[str]] = defaultdict(Counter)
        latency: dict[int, list[float]] = defaultdict(list)

        async def one() -> None:
            kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
            t = time.monotonic()
            try:
                if kind == "named":
                    resp = await client.post(
                        url + "/sparql",
                        content=rng.choice(queries),
                        headers={"Content-Type": "application/sparql-query"},
                    )
                elif kind == "api":
                    resp = await client.get(url + "/api/" + rng.choice(names))
                elif kind == "lookup":
                    accept = rng.choice(["text/turtle", "text/html"])
                    resp = await client.get(url + rng.choice(paths), headers={"Accept": accept})
                else:
                    resp = await client.post(
                        url + "/sparql",
                        content=f"{SLOW} # {rng.random()}",
                        headers={"Content-Type": "application/sparql-query"},
                    )
                code = resp.status_code
            except httpx.HTTPError:
                code = 0
            minute = int((time.monotonic() - start) // 60)
            if code == 200:
                status[minute]["ok"] += 1
                if kind != "slow":
                    latency[minute].append(time.monotonic() - t)
            elif code == 503 and (kind == "slow" or "retry-after" in resp.headers):
                status[minute]["refused"] += 1
            else:
                status[minute]["error"] += 1

        async def worker() -> None:
            while time.monotonic() < end:
                await one()

        async def sample() -> list[tuple[float, int]]:
            samples = []
            while time.monotonic() < end:
                await asyncio.sleep(min(60, max(end - time.monotonic(), 0)))
                samples.append(tree(pid))
            return samples

        sampler = asyncio.create_task(sample())
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        memory = await sampler
    rows = []
    for minute in sorted(status):
        if minute >= len(memory):
            continue  # the last requests, finished after the end
        lat = sorted(latency[minute]) or [0.0]
        rows.append(
            {
                "minute": minute + 1,
                "requests": sum(status[minute].values()),
                "ok": status[minute]["ok"],
                "refused": status[minute]["refused"],
                "errors": status[minute]["error"],
                "p50": statistics.median(lat) * 1000,
                "p95": lat[int(0.95 * (len(lat) - 1))] * 1000,
                "rss": memory[minute][0],
                "procs": memory[minute][1],
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--query-timeout", type=float, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(
            Path(tmp), [ROOT / "data" / "ttl"], "--query-timeout", str(args.query_timeout)
        )
        try:
            before = tree(server.proc.pid)
            rows = asyncio.run(soak(server.url, server.proc.pid, args.minutes, args.concurrency))
        finally:
            stop_server(server)
    print(
        f"concurrency {args.concurrency}, --query-timeout {args.query_timeout:g} s; "
        f"mix: {', '.join(f'{k} {w:.0%}' for k, w in MIX)}; "
        f"process tree at start: {before[0]:.0f} MB in {before[1]} processes"
    )
    print(
        f"{'minute':>6} {'requests':>8} {'ok':>6} {'refused':>7} {'errors':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'tree MB':>7} {'procs':>5}"
    )
    for r in rows:
        print(
            f"{r['minute']:>6} {r['requests']:>8} {r['ok']:>6} {r['refused']:>7} "
            f"{r['errors']:>6} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['rss']:>7.0f} {r['procs']:>5}"
        )


if __name__ == "__main__":
    main()
