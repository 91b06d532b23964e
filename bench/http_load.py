"""HTTP throughput and latency of the server against the same queries run in-process on
pyoxigraph: requests per second and p50/p95 at concurrency 1, 8 and 32. The ratio is the cost
of the HTTP layer and the worker processes.

    python bench/http_load.py [--seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quartiers.query import named_queries  # noqa: E402
from quartiers.results import serialise_solutions  # noqa: E402
from quartiers.store import open_store  # noqa: E402
from tests.conftest import start_server, stop_server  # noqa: E402

QUERIES = ["quartiers", "indicators", "objectives"]


def in_process(name: str, seconds: float) -> float:
    store = open_store([ROOT / "data" / "ttl"])
    text = named_queries()[name].text
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        serialise_solutions(store.query(text), "json", 100_000)  # type: ignore[arg-type]
        n += 1
    return n / (time.perf_counter() - start)


async def load(url: str, query: str, concurrency: int, seconds: float) -> tuple[float, list[float]]:
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                r = await client.post(
                    url,
                    content=query,
                    headers={
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json",
                    },
                )
                r.raise_for_status()
                latencies.append(time.perf_counter() - t)

        start = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range(concurrency)])
        elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, latencies


def wrk(
    url: str, query: str, concurrency: int, seconds: float
) -> tuple[float, float, float] | None:
    """(req/s, p50 ms, p95 ms) measured by wrk (Debian package), a C load generator that does
    not steal the server's CPU the way a Python client does; None when wrk is not installed.
    Requests/s counts answers in 2xx only: an error is never counted as a fast answer."""
    import shutil
    import subprocess
    from urllib.parse import quote

    exe = shutil.which("wrk")
    if exe is None:
        return None
    script = Path(tempfile.mkdtemp()) / "latency.lua"
    script.write_text(
        "done = function(summary, latency, requests)\n"
        "  local ok = summary.requests - summary.errors.status - summary.errors.timeout\n"
        "  io.write(string.format('RESULT %f %f %f\\n', ok / (summary.duration / 1e6),"
        " latency:percentile(50) / 1000, latency:percentile(95) / 1000))\n"
        "end\n"
    )
    target = f"{url}?query={quote(query)}"
    out = subprocess.run(
        [
            exe,
            "-t",
            str(min(2, concurrency)),
            "-c",
            str(concurrency),
            "-d",
            f"{max(1, round(seconds))}s",
            "-H",
            "Accept: application/sparql-results+json",
            "-s",
            str(script),
            target,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    rps, p50, p95 = map(float, line.split()[1:])
    return rps, p50, p95


import tempfile  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    print(
        "load generator:",
        "wrk"
        if __import__("shutil").which("wrk")
        else "httpx (install wrk for numbers that do not include the Python client's cost)",
    )
    with tempfile.TemporaryDirectory() as d:
        server = start_server(Path(d), [ROOT / "data" / "ttl"])
        try:
            print(
                f"{'query':>11} {'in-process/s':>12} {'conc':>5} {'HTTP req/s':>11} {'p50 ms':>7} "
                f"{'p95 ms':>7} {'ratio':>6}"
            )
            for name in QUERIES:
                base = in_process(name, args.seconds)
                for c in (1, 8, 32):
                    measured = wrk(
                        server.url + "/sparql", named_queries()[name].text, c, args.seconds
                    )
                    if measured:
                        rps, p50, p95 = measured
                    else:
                        rps, lat = asyncio.run(
                            load(
                                server.url + "/sparql", named_queries()[name].text, c, args.seconds
                            )
                        )
                        lat.sort()
                        p50 = statistics.median(lat) * 1000
                        p95 = lat[int(len(lat) * 0.95) - 1] * 1000
                    print(
                        f"{name:>11} {base:>12.0f} {c:>5} {rps:>11.0f} {p50:>7.1f} {p95:>7.1f} "
                        f"{rps / base:>6.2f}",
                        flush=True,
                    )
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
