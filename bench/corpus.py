"""A synthetic corpus made by varying the two real conventions: other communes, quartier names
and codes, shuffled bullets, changed figures, some sections dropped. Deterministic (seeded)."""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"


def variant(text: str, i: int) -> str:
    rng = random.Random(i)
    text = re.sub(r"Commune de \w+", f"Commune de Synthville-{i}", text, count=1)
    text = re.sub(
        r"(Projet (?:du |de )quartier « )([^»]+)( »)",
        lambda m: f"{m.group(1)}{m.group(2).strip()} {i}{m.group(3)}",
        text,
    )
    text = re.sub(
        r"QP \d\d \d\d \d\d",
        lambda m: (
            f"QP {rng.randint(10, 95):02d} {rng.randint(10, 99):02d} {rng.randint(10, 99):02d}"
        ),
        text,
    )
    text = re.sub(r"(\d+),(\d)\s?%", lambda m: f"{rng.randint(5, 60)},{rng.randint(0, 9)}%", text)
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("- "):
            block.append(line)
            continue
        if block:
            rng.shuffle(block)
            out += block
            block = []
        out.append(line)
    text = "\n".join(out[:-1])
    if rng.random() < 0.2:  # drop the opportunities of the first quartier
        text = re.sub(
            r"Les « opportunités ».*?(?=Les enjeux prioritaires)", "", text, count=1, flags=re.S
        )
    return text


def make(directory: Path, n: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    bases = [p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("*.txt"))]
    paths = []
    for i in range(n):
        p = directory / f"convention-{i:04d}.txt"
        p.write_text(variant(bases[i % len(bases)], i), encoding="utf-8")
        paths.append(p)
    return paths
