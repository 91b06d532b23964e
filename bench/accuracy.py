"""How well the converter reads conventions it was not written from: each document of
`tests/data/conventions/` (read while developing) and `tests/data/heldout/` (never read by the
converter's authors) converted alone, scored against its careful human reading.

python bench/accuracy.py [--detail] [--set conventions|heldout] [--only NAME …]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quartiers.convert import convert
from quartiers.errors import QuartiersError
from quartiers.framework import Framework
from quartiers.iris import DEFAULT_BASE
from quartiers.reference import DEFAULT_DIR, Reference
from tests.accuracy import Report, Score, documents, load_expected, rejected, score

ROOT = Path(__file__).resolve().parent.parent
SETS = {"conventions": ROOT / "tests/data/conventions", "heldout": ROOT / "tests/data/heldout"}
COLUMNS = [
    "quartiers",
    "codes",
    "rows",
    "actions",
    "indicators",
    "signatories",
    "signature",
    "partners",
]


def run(directory: Path, only: list[str] | None = None) -> list[Report]:
    ref = Reference.load()
    fw = Framework.load(DEFAULT_DIR / "framework.ttl", DEFAULT_BASE)
    out: list[Report] = []
    with tempfile.TemporaryDirectory() as d:
        for src in documents(directory):
            if only and not any(o in src.name for o in only):
                continue
            expected = load_expected(src.with_suffix(".expected.json"))
            try:
                result = convert([src], Path(d))[0]
            except QuartiersError as exc:  # rejected: nothing read, and said
                print(f"{src.name}: rejected: {exc.message}")
                out.append(rejected(src.name, expected))
                continue
            out.append(score(result, expected, fw, ref))
    return out


def _cell(s: Score) -> str:
    return f"{s.f1:5.2f} ({s.tp}/{s.tp + s.fn})"


def _row(r: Report) -> str:
    cells = "".join(f"{_cell(getattr(r, c)):>16}" for c in COLUMNS)
    return f"{r.name:<36}{cells}{len(r.unreported):>11}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    ap.add_argument("--detail", action="store_true", help="list what was missed")
    ap.add_argument("--only", nargs="+", help="documents whose name holds one of these")
    args = ap.parse_args()
    for name, directory in SETS.items():
        if args.set not in (name, "all"):
            continue
        reports = run(directory, args.only)
        print(f"\n{name}: F1 (found/expected)")
        print(f"{'document':<36}" + "".join(f"{c:>16}" for c in COLUMNS) + f"{'unreported':>11}")
        total = Report("all")
        for r in reports:
            print(_row(r))
            total.add(r)
            if args.detail:
                for c in COLUMNS:
                    s: Score = getattr(r, c)
                    for m in s.misses:
                        print(f"    - {c} missed: {m[:150]}")
                    for m in s.extras[:15]:
                        print(f"    + {c} extra: {m[:150]}")
                for u in r.unreported:
                    print(f"    ! unreported loss: {u}")
        print(_row(total))


if __name__ == "__main__":
    main()
