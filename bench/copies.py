"""Is all-pairs rapidfuzz enough for the copy-paste analysis, or is MinHash (datasketch) needed?
Times `quartiers.copies.clusters` on N distinct action texts: the real ones, then texts made
by splicing halves of real ones (as distinct as real texts, as long), with a tenth of them
copied into other places, slightly reworded. One table, one run.

python bench/copies.py [--sizes 300,3000,10000,30000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quartiers import copies  # noqa: E402
from quartiers.store import open_store  # noqa: E402


def real_texts() -> list[str]:
    store = open_store([ROOT / "data" / "ttl"])
    q = """PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
        SELECT DISTINCT ?l WHERE { ?a a qk:Action ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"""
    return [s["l"].value for s in store.query(q)]  # type: ignore[attr-defined]


def corpus(base: list[str], n: int, rng: random.Random) -> list[dict[str, str]]:
    texts = list(base)
    while len(texts) < n:
        a, b = rng.sample(base, 2)
        wa, wb = a.split(), b.split()
        texts.append(" ".join(wa[: len(wa) // 2] + wb[len(wb) // 2 :]) + f" {len(texts)}")
    rows = [
        {"action": f"a{i}", "actionLabel": t, "quartier": f"q{i % 97}", "commune": f"c{i % 13}"}
        for i, t in enumerate(texts[:n])
    ]
    for i in range(n // 10):  # copies elsewhere, one word changed
        t = rows[i]["actionLabel"].split()
        t[rng.randrange(len(t))] = "nouveau"
        rows.append(
            {"action": f"b{i}", "actionLabel": " ".join(t), "quartier": "qx", "commune": "cx"}
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="300,3000,10000,30000")
    args = ap.parse_args()
    base = real_texts()
    rng = random.Random(7)
    print(f"{'distinct texts':>14} {'actions':>8} {'clusters':>9} {'seconds':>8} {'pairs/s':>12}")
    for n in (int(s) for s in args.sizes.split(",")):
        rows = corpus(base, n, rng)
        t = time.perf_counter()
        found = copies.clusters(rows)
        dt = time.perf_counter() - t
        print(f"{n:>14} {len(rows):>8} {len(found):>9} {dt:>8.2f} {n * n / dt:>12,.0f}")


if __name__ == "__main__":
    main()
