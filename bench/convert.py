"""Conversion throughput and peak memory on a synthetic corpus (default 500 documents).

python bench/convert.py [N]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import make


def run_child(src: Path, out: Path) -> dict[str, float]:
    code = f"""
import json, time
def peak_mb():
    # VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec and would report the parent's peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
from pathlib import Path
from quartiers.convert import convert
t = time.perf_counter()
results = convert(sorted(Path({str(src)!r}).glob('*.txt')), Path({str(out)!r}))
dt = time.perf_counter() - t
print(json.dumps({{"seconds": dt, "docs": len(results), "triples": sum(r.triples for r in results),
  "lines": sum(r.convention.line_count for r in results),
  "rss_mb": peak_mb()}}))
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as d:
        rows = []
        for size in sorted({2, min(50, n), n}):
            src = Path(d) / f"src{size}"
            if size == 2:
                src = Path(__file__).resolve().parent.parent / "data" / "sources"
            else:
                make(src, size)
            r = run_child(src, Path(d) / f"out{size}")
            rows.append((size, r))
        print(
            f"{'documents':>10} {'seconds':>8} {'docs/s':>8} {'lines/s':>9} {'triples':>9} "
            f"{'peak RSS MB':>12} {'MB/doc':>7}"
        )
        for _size, r in rows:
            print(
                f"{int(r['docs']):>10} {r['seconds']:>8.1f} {r['docs'] / r['seconds']:>8.1f} "
                f"{r['lines'] / r['seconds']:>9.0f} {int(r['triples']):>9} {r['rss_mb']:>12.0f} "
                f"{r['rss_mb'] / r['docs']:>7.2f}"
            )


if __name__ == "__main__":
    main()
