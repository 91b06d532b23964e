"""SHACL validation time and peak memory: the real data, and synthetic graphs of about 100k and
1M triples, with pyshacl's options and with pyshacl-turbo (Rust), each in a child process.

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
import json, resource, sys, time
from pathlib import Path
from rdflib import Graph
from quartiers.validate import load_data, load_shapes
engine, inference, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
g = load_data([Path(data_dir)])
shapes = load_shapes(Path({shapes!r}))
ont = Graph().parse({onto!r}, format="turtle")
mod = __import__("pyshacl_turbo" if engine == "turbo" else "pyshacl")
t = time.perf_counter()
conforms, results, _ = mod.validate(g, shacl_graph=shapes, ont_graph=ont, inference=inference,
    advanced=True, allow_warnings=True, allow_infos=True)
dt = time.perf_counter() - t
n = sum(1 for _ in results.subjects(predicate=None, object=None)) if results is not None else 0
print(json.dumps({{"seconds": dt, "triples": len(g), "conforms": bool(conforms),
  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(engine: str, inference: str, data: Path, timeout: float) -> dict[str, object] | None:
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
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--max-docs", type=int, default=200, help="synthetic documents (200 ≈ 1M triples)"
    )
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    from quartiers.convert import convert

    configs = [("pyshacl", "none"), ("pyshacl", "rdfs"), ("turbo", "none")]
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
        for name, path in datasets:
            for engine, inference in configs:
                r = run(engine, inference, path, args.timeout)
                if r is None:
                    print(
                        f"{name:>9} {'':>9} {engine:>8} {inference:>9} {'>' + str(int(args.timeout)):>8}"
                    )
                    continue
                print(
                    f"{name:>9} {r['triples']:>9} {engine:>8} {inference:>9} {r['seconds']:>8.1f} "
                    f"{r['rss_mb']:>8.0f} {r['conforms']!s:>8}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
