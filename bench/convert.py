"""What the document model costs: conversion throughput of today's reader against the reader
it replaced (git ref `--baseline`, run from a temporary worktree, same interpreter, same
synthetic corpus), side by side in one run; and today's reader on the conventions of other
communes, which the old one rejects or half reads.

python bench/convert.py [N] [--baseline REF]
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

BASELINE = "2d1547f"  # the last commit before the document model (line-based reader)

CHILD = """
import json, sys, time
t0 = time.perf_counter()
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
from pathlib import Path
import quartiers
from quartiers.convert import convert
src = sorted(Path(sys.argv[1]).glob("*.txt"))
out = Path(sys.argv[2])
t = time.perf_counter()
first = convert(src[:1], out / "first")  # includes loading what loads once (NLP model, lexicon)
t1 = time.perf_counter()
results = convert(src, out / "all")
t2 = time.perf_counter()
print(json.dumps({"docs": len(results), "lines": sum(r.convention.line_count for r in results),
  "triples": sum(r.triples for r in results), "first_doc_s": t1 - t, "seconds": t2 - t1,
  "rss_mb": peak_mb(), "code": quartiers.__file__}))
"""


def run_child(src: Path, out: Path, code_root: Path) -> dict[str, float]:
    env = {"PYTHONPATH": str(code_root), "PATH": "/usr/bin:/bin"}
    res = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), str(out)],
        capture_output=True,
        text=True,
        cwd=code_root,
        env=env,
    )
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1]}  # type: ignore[dict-item]
    data: dict[str, float] = json.loads(res.stdout.strip().splitlines()[-1])
    return data


def worktree(ref: str, where: Path) -> Path:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), ref],
        check=True,
        capture_output=True,
    )
    return where


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100)
    ap.add_argument("--baseline", default=BASELINE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        corpus = tmp / "corpus"
        make(corpus, args.n)
        base_root = worktree(args.baseline, tmp / "baseline")
        try:
            rows = [
                (f"baseline {args.baseline}", run_child(corpus, tmp / "b", base_root)),
                ("document model", run_child(corpus, tmp / "n", ROOT)),
            ]
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_root)],
                capture_output=True,
            )
        print(f"\nsynthetic corpus: {args.n} variants of the two real conventions")
        print(
            f"{'reader':<22} {'first doc s':>11} {'docs/s':>8} {'lines/s':>8} {'triples':>8} "
            f"{'peak MB':>8} {'ratio':>6}"
        )
        base_rate = None
        for name, r in rows:
            if "error" in r:
                print(f"{name:<22} fails: {r['error']}")
                continue
            rate = r["docs"] / r["seconds"]
            base_rate = base_rate or rate
            print(
                f"{name:<22} {r['first_doc_s']:>11.1f} {rate:>8.2f} {r['lines'] / r['seconds']:>8.0f} "
                f"{int(r['triples']):>8} {r['rss_mb']:>8.0f} {rate / base_rate:>6.2f}"
            )
        others = tmp / "others"
        others.mkdir()
        for p in sorted((ROOT / "tests" / "data" / "conventions").glob("*.txt")):
            (others / p.name).write_bytes(p.read_bytes())
        print(f"\nconventions of other communes: {len(list(others.glob('*.txt')))} documents")
        base_root = worktree(args.baseline, tmp / "baseline2")
        try:
            for name, root in ((f"baseline {args.baseline}", base_root), ("document model", ROOT)):
                r = run_child(others, tmp / f"o-{name[:4]}", root)
                if "error" in r:
                    print(f"{name:<22} fails: {r['error'][:110]}")
                else:
                    print(
                        f"{name:<22} {r['docs'] / r['seconds']:>8.2f} docs/s, {int(r['triples'])} triples"
                    )
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_root)],
                capture_output=True,
            )


if __name__ == "__main__":
    main()
