"""What synthetic conventions are made of: the reference framework (enjeux, orientations,
objectives), the partner gazetteer, and the texts of real conventions (actions, irritants,
opportunities, priorities), read once through the converter. Only clean text is kept: an
action the converter flagged (garbled, cut, split by guess) is left out, so a synthetic
document never carries a loss that the converter would then be blamed for."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from quartiers.framework import Framework
from quartiers.iris import DEFAULT_BASE
from quartiers.reference import DEFAULT_DIR, Reference

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "data" / "sources"
# a text item goes through every layout unchanged: no bullet glyph, tab, pipe or heading
# marker inside, one sentence-like run of words
_CLEAN = re.compile(r"^[A-ZÀ-Ýa-zà-ÿ][^•·→\t|<>*#\uf000-\uf8ff]{18,260}$")


@dataclass(frozen=True)
class Objective:
    enjeu: int
    orientation: str
    label: str


@dataclass
class Material:
    enjeux: dict[int, str]
    objectives: list[Objective]
    partners: list[str]  # names or acronyms the gazetteer recognises
    actions: list[str] = field(default_factory=list)
    irritants: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)


def _clean(text: str) -> str | None:
    t = " ".join(text.split()).rstrip(" ;")
    if not _CLEAN.match(t) or re.search(r"\b\d+[.)]\s", t) or t.count("«") != t.count("»"):
        return None
    if re.search(r"\s[-–—]\s|:\s*$|\.\.\.$|…", t):  # would read as a list or a cut cell
        return None
    return t


def _framework(reference_dir: Path) -> tuple[dict[int, str], list[Objective]]:
    fw = Framework.load(reference_dir / "framework.ttl", DEFAULT_BASE)
    enjeux = {n: fw.enjeu_label(n) for n in sorted(fw.enjeux)}
    out = []
    for o in sorted(fw.objectives.values(), key=lambda c: (c.enjeu, c.parent or "", c.label)):
        parent = fw.orientations.get(o.parent or "")
        if parent is not None and not o.local:
            out.append(Objective(o.enjeu, parent.label, o.label))
    return enjeux, out


def _partners(ref: Reference) -> list[str]:
    """Gazetteer entries written as documents write them: the acronym where there is one
    (CAF, CCAS), else a short name (France Travail)."""
    out = []
    for p in ref.partners:
        if p.scope in {"agglomeration", "commune"} or p.kind == "commune":
            continue  # the agglomeration and the town are named per document
        term = p.acronym or (p.name if len(p.name) <= 30 else "")
        if term and re.fullmatch(r"[\w' -]+", term):
            out.append(term)
    return sorted(set(out))


def load(seeds: list[Path] | None = None, reference_dir: Path = DEFAULT_DIR) -> Material:
    """Read the seed conventions through the converter and keep their clean texts."""
    from quartiers import parse
    from quartiers.convert import context
    from quartiers.reader import read

    ref = Reference.load(reference_dir)
    enjeux, objectives = _framework(reference_dir)
    m = Material(enjeux, objectives, _partners(ref))
    fw = Framework.load(reference_dir / "framework.ttl", DEFAULT_BASE)
    ctx, communes = context(ref)
    files = seeds if seeds is not None else sorted(SEEDS.glob("*.txt"))
    for src in files:
        conv = parse.finish(parse.parse(read(src), ctx, communes), copy.deepcopy(fw))
        flagged = {no for n in conv.notes for no in n.span.lines()}
        for q in conv.quartiers:
            for r in q.retained:
                for a in r.actions:
                    if a.inferred_boundary or set(a.span.lines()) & flagged:
                        continue
                    if (t := _clean(a.text)) is not None:
                        m.actions.append(t)
            for pool, items in (
                (m.irritants, q.irritants),
                (m.opportunities, q.opportunities),
                (m.priorities, q.priorities),
            ):
                pool += [t for i in items if (t := _clean(i.text)) is not None]
    for pool in (m.actions, m.irritants, m.opportunities, m.priorities):
        pool[:] = sorted(set(pool))
    return m
