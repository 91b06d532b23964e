"""SHACL validation time and peak memory: the real data, and synthetic graphs of about 100k and
1M triples, with pyshacl's options, with pyshacl as `quartiers validate` runs it ("prepared":
each SPARQL constraint translated once, quartiers/prepared.py) and with pyshacl-turbo (Rust),
each in a child process.

    python bench/validate.py [--max-docs N] [--timeout S]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import make  # noqa: E402

CHILD = """
import json, sys, time
def peak_mb():
    # VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec and would report the parent's peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
from pathlib import Path
from rdflib import Graph
from quartiers.validate import load_data, load_shapes
engine, inference, data = sys.argv[1], sys.argv[2], sys.argv[3]
shapes = load_shapes(Path({shapes!r}))
mod = __import__("pyshacl_turbo" if engine == "turbo" else "pyshacl")
# "prepared": pyshacl as `quartiers validate` runs it, each sh:sparql text translated once
from contextlib import nullcontext
from quartiers.prepared import prepared_queries
prepared = prepared_queries() if engine == "prepared" else nullcontext()
t = time.perf_counter()
if data.startswith("http"):  # SPARQL mode: pyshacl queries our endpoint instead of a local graph
    conforms, results, _ = mod.validate(data, shacl_graph=shapes, sparql_mode=True, advanced=True,
        allow_warnings=True, allow_infos=True)
    size = 0
else:
    g = load_data([Path(data)])
    ont = Graph().parse({onto!r}, format="turtle")
    t = time.perf_counter()
    with prepared:
        conforms, results, _ = mod.validate(g, shacl_graph=shapes, ont_graph=ont,
            inference=inference, advanced=True, allow_warnings=True, allow_infos=True)
    size = len(g)
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "triples": size, "conforms": bool(conforms),
  "rss_mb": peak_mb()}}))
"""


def run(engine: str, inference: str, data: Path | str, timeout: float) -> dict[str, object] | None:
    code = CHILD.format(shapes=str(ROOT / "shapes"), onto=str(ROOT / "ontology" / "quartiers.ttl"))
    try:
        r = subprocess.run(
            [sys.executable, "-c", code, engine, inference, str(data)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr or "").strip().splitlines()[-1][:90]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def row(name: str, engine: str, inference: str, r: dict[str, object] | None, timeout: float) -> str:
    head = f"{name:>9} {r.get('triples', '') if r else '':>9} {engine:>8} {inference:>9} "
    if r is None:
        return head + f"{'>' + str(int(timeout)):>8}"
    if "error" in r:
        return head + f"   fails: {r['error']}"
    return head + f"{r['seconds']:>8.1f} {r['rss_mb']:>8.0f} {r['conforms']!s:>8}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--max-docs", type=int, default=200, help="synthetic documents (200 ≈ 1M triples)"
    )
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    from quartiers.convert import convert

    configs = [("pyshacl", "none"), ("prepared", "none"), ("pyshacl", "rdfs"), ("turbo", "none")]
    with tempfile.TemporaryDirectory() as d:
        datasets = [("real", ROOT / "data" / "ttl")]
        for n in sorted({20, args.max_docs}):
            src, out = Path(d) / f"src{n}", Path(d) / f"ttl{n}"
            convert(make(src, n), out)
            datasets.append((f"{n} docs", out))
        print(
            f"{'data':>9} {'triples':>9} {'engine':>8} {'inference':>9} {'seconds':>8} {'peak MB':>8} "
            f"{'conforms':>8}"
        )
        from tests.conftest import start_server, stop_server

        server = start_server(Path(d), [ROOT / "data" / "ttl"], "--max-results", "10000000")
        try:
            r = run("pyshacl", "none", server.url + "/sparql", args.timeout)
        finally:
            stop_server(server)
        sparql_row = row("real", "pyshacl", "sparql", r, args.timeout)
        for name, path in datasets:
            if name != "real" and sparql_row:
                print(sparql_row, flush=True)
                sparql_row = ""
            for engine, inference in configs:
                r = run(engine, inference, path, args.timeout)
                print(row(name, engine, inference, r, args.timeout), flush=True)


if __name__ == "__main__":
    main()
