"""The agglomeration's strategy (enjeux → orientations → objectifs) as a reference framework,
induced from the objectives tables of all the conventions converted together.

Each convention re-types the strategy's labels, with small variations ("en particulier" /
"en particuliers", "psycho- sociales", wrapped cells). Labels are clustered on a normalised key
(`textnorm.match_key`) and, past that, by fuzzy similarity at `SAME_CONCEPT` (measured in
`bench/matching.py`); an objective's orientation is the one most conventions put it under.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from quartiers.nlp import split_infinitives
from quartiers.quality import damage
from quartiers.textnorm import clean, match_key, slug

QK = "https://w3id.org/quartiers-kg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"

SAME_CONCEPT = 88.0  # fuzz.ratio on match keys; see bench/matching.py for the measurement
PREFIX_MIN_CHARS = 25  # a wrapped fragment must be this long to be matched as a prefix
PREFIX_MIN_SHARE = 0.4  # ... and cover this share of the label

infinitive_split = split_infinitives
# an outline's number or letter and a label before a title, on its match key: "orientation 2 ",
# "1 2 ", "ii ", "b "
_LEADING_NUMBER = re.compile(r"^(?:orientation )?(?:(?:[0-9]+|[ivx]+|[a-h]) )*")


def similarity(a_key: str, b_key: str, *, partial: bool = True) -> float:
    """How well text (key a) names concept (key b), 0-100, tolerant of wrapped prefixes
    (and, with `partial`, of a fragment cut on both sides)."""
    if a_key == b_key:
        return 100.0
    score = fuzz.ratio(a_key, b_key)
    if len(a_key) >= PREFIX_MIN_CHARS and len(a_key) >= PREFIX_MIN_SHARE * len(b_key):
        if b_key.startswith(a_key) or b_key.endswith(a_key):
            score = max(score, 99.0)
        elif partial and len(a_key) < len(b_key):
            score = max(score, fuzz.partial_ratio(a_key, b_key) - 2)
    return float(score)


@dataclass
class Concept:
    kind: str  # enjeu | orientation | objective
    key: str
    enjeu: int
    variants: Counter[str] = field(default_factory=Counter)
    keys: Counter[str] = field(default_factory=Counter)
    parent_votes: Counter[str] = field(default_factory=Counter)
    parent: str | None = None  # orientation key of an objective
    support: set[str] = field(default_factory=set)  # quartiers where seen
    iri_slug: str | None = None  # as published in the reference framework: kept for ever
    local: bool = False  # read in one convention, not (yet) in the reference framework

    @property
    def label(self) -> str:
        # most frequent spelling; ties broken by the longest then alphabetically (stable)
        best = max(self.variants.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
        return best[0]

    @property
    def slug(self) -> str:
        """The IRI's last segment: the one the reference framework published, else minted from
        the label's words (accents folded, nothing stemmed; see README, "Minting IRIs")."""
        return self.iri_slug or mint_slug(self.label)


SLUG_MAX = 80


def mint_slug(label: str) -> str:
    """Readable IRI segment of a label: folded accents, original words, cut at a word boundary
    with a short hash of the whole label so that two long labels sharing a beginning differ."""
    full = slug(label, 10_000)
    if len(full) <= SLUG_MAX:
        return full
    return slug(label, SLUG_MAX - 7) + "-" + hashlib.sha1(full.encode()).hexdigest()[:6]


@dataclass
class Candidate:
    """An (orientation, objective) pair read from a clean table row, before clustering."""

    enjeu: int
    enjeu_title: str
    orientation: list[str]  # shared, mutable: a wrapped orientation cell grows as rows come
    orientation_prefix_len: int
    objective: str
    where: str  # "<source>#<quartier>"


# an outline's number or letter before a title: "I.", "A.", "b)", "2.1 –"; with the level's
# name: "Orientation 1.1 –", "Objectif opérationnel 2.2.3 :"
_OUTLINE_NUMBER = re.compile(
    r"^(?:(?:orientation|objectif(?:\s+(?:strat[ée]gique|op[ée]rationnel))?|enjeu|axe)\s*"
    r"(?:n\s*°\s*)?(?:[IVX]{1,4}|[A-H]|\d{1,2}(?:\.\d{1,2})*)\.?"
    r"|(?:[IVX]{1,4}|[A-Ha-h])[.)]|\d{1,2}(?:\.\d{1,2})*\.?)\s*[-–—:]?\s+(?=\w)",
    re.I,
)


@dataclass(frozen=True)
class Strategy:
    """The titles of the strategy's enjeux and orientations, as the parsers may know them
    before reading (from the reviewed framework): a heading that names one without saying
    "Enjeu" ("I. DES QUARTIERS ATTENTIFS …", "A. Faciliter l'accès aux droits …") is the
    strategy's own outline inside the objectives part, not a part of the convention."""

    enjeux: tuple[tuple[int, str], ...] = ()  # (number, title's match key)
    orientations: tuple[str, ...] = ()  # match keys
    objectives: tuple[str, ...] = ()  # match keys

    @staticmethod
    def _title(text: str) -> str:
        return _OUTLINE_NUMBER.sub("", clean(text)).strip(" *_:")

    def enjeu(self, text: str) -> tuple[int, str] | None:
        """(number, title) when the text names an enjeu of the strategy."""
        title = self._title(text)
        key = match_key(title)
        found = max(((fuzz.ratio(key, k), n) for n, k in self.enjeux), default=(0.0, 0))
        return (found[1], title) if key and found[0] >= SAME_CONCEPT else None

    def _named(self, text: str, keys: tuple[str, ...]) -> str | None:
        """The title, when the text names one of these titles (their match keys)."""
        title = self._title(text)
        key = match_key(title)
        named = key and any(fuzz.ratio(key, k) >= SAME_CONCEPT for k in keys)
        return title if named else None

    def orientation(self, text: str) -> str | None:
        """The title, when the text names an orientation of the strategy."""
        return self._named(text, self.orientations)

    def objective(self, text: str) -> str | None:
        """The title, when the text names an objective of the strategy ("1.1.2 Faciliter
        l'accès aux soins aux ressources de première nécessité")."""
        return self._named(text, self.objectives)

    def names(self, text: str) -> bool:
        return any(f(text) is not None for f in (self.enjeu, self.orientation, self.objective))


@dataclass
class Match:
    key: str | None
    score: float


class Framework:
    def __init__(self) -> None:
        self.enjeux: dict[int, Counter[str]] = defaultdict(Counter)
        self.orientations: dict[str, Concept] = {}
        self.objectives: dict[str, Concept] = {}
        self.findings: list[dict[str, object]] = []
        self.version = ""

    # -- matching --------------------------------------------------------------------------
    @staticmethod
    def _best(text: str, concepts: dict[str, Concept]) -> Match:
        key = match_key(text)
        if not key:
            return Match(None, 0.0)
        if key in concepts:
            return Match(key, 100.0)
        best = Match(None, 0.0)
        for c in concepts.values():
            for k in c.keys:
                s = similarity(key, k)
                if s > best.score or (
                    s == best.score and best.key is not None and c.key < best.key
                ):
                    best = Match(c.key, s)
        return best

    def match_objective(self, text: str) -> Match:
        return self._best(text, self.objectives)

    def match_orientation(self, text: str) -> Match:
        return self._best(text, self.orientations)

    def within_orientation(self, text: str) -> bool:
        """Whether the text names an orientation of the strategy or is a run of one's words (a
        wrapped cell's first line, the part of a cell a table kept): an orientation column's
        text that is neither holds something else (an action, a header) the row would hide."""
        key = _LEADING_NUMBER.sub("", match_key(text))
        if not key or self.match_orientation(text).score >= SAME_CONCEPT:
            return True
        return any(f" {key} " in f" {k} " for c in self.orientations.values() for k in c.keys)

    def strategy(self) -> Strategy:
        """What the parsers may know of the strategy before reading a convention."""
        return Strategy(
            tuple((n, match_key(t)) for n, titles in self.enjeux.items() for t in titles),
            tuple(k for c in self.orientations.values() if not c.local for k in c.keys),
            tuple(k for c in self.objectives.values() if not c.local for k in c.keys),
        )

    def enjeu_label(self, n: int) -> str:
        title = self.enjeux[n].most_common(1)[0][0] if self.enjeux.get(n) else f"Enjeu {n}"
        return title[:1].upper() + title[1:].lower()

    # -- the reference framework ------------------------------------------------------------
    @classmethod
    def load(cls, path: Path, base: str) -> Framework:
        """Read the reviewed SKOS framework (`data/reference/framework.ttl`); its IRIs are
        relative to the data base, so the same file serves any `--base`."""
        import pyoxigraph as ox

        triples: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        try:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base):
                if isinstance(t.subject, ox.NamedNode):
                    triples[t.subject.value].append((t.predicate.value, t.object))
        except SyntaxError as exc:
            from quartiers.inputs import rdf_error

            raise rdf_error(exc, path, ox.RdfFormat.TURTLE) from None
        except OSError as exc:
            from quartiers.inputs import os_error

            raise os_error(exc, path) from None
        fw = cls()
        fw.version = ""

        def values(s: str, p: str) -> list[str]:
            return [o.value for pp, o in triples[s] if pp == p]

        kinds: dict[str, str] = {}
        for subj, pos in triples.items():
            for p, o in pos:
                if p == RDF_TYPE and o.value.startswith(QK):
                    kinds[subj] = o.value[len(QK) :]
                if p == OWL_VERSION:
                    fw.version = o.value
        by_iri: dict[str, Concept] = {}
        for subj, kind in sorted(kinds.items()):
            labels = values(subj, SKOS + "prefLabel")
            label = next(iter(labels), subj.rsplit("/", 1)[-1])
            number = values(subj, QK + "enjeuNumber")
            enjeu = int(number[0]) if number else 0
            if kind == "Enjeu":
                fw.enjeux[enjeu][label] += 1
                continue
            if kind not in {"Orientation", "Objectif"}:
                continue
            c = Concept(
                "orientation" if kind == "Orientation" else "objective", match_key(label), enjeu
            )
            c.iri_slug = subj.rsplit("/", 1)[-1]
            c.variants[label] += 1
            for v in [label, *values(subj, SKOS + "hiddenLabel"), *values(subj, SKOS + "altLabel")]:
                c.keys[match_key(v)] += 1
                c.variants[v] += 0
            pool = fw.orientations if c.kind == "orientation" else fw.objectives
            pool[c.key] = c
            by_iri[subj] = c
        for subj, c in by_iri.items():
            if c.kind == "objective":
                parent = next(iter(values(subj, SKOS + "broader")), None)
                if parent in by_iri:
                    c.parent = by_iri[parent].key
        return fw

    def add_local(self, text: str, enjeu: int, orientation: str | None) -> Concept:
        """An objective a convention retains that the reference framework lacks: kept as a
        concept of its own (reported), never dropped."""
        key = match_key(text)
        c = self.objectives.get(key)
        if c is None:
            c = Concept("objective", key, enjeu, local=True)
            c.variants[clean(text)] += 1
            c.keys[key] += 1
            om = self.match_orientation(orientation) if orientation else Match(None, 0.0)
            if om.key is not None and om.score >= SAME_CONCEPT:
                c.parent = om.key
                c.enjeu = self.orientations[om.key].enjeu
            self.objectives[key] = c
        return c

    # -- building --------------------------------------------------------------------------
    def _cluster(self, kind: str, text: str, enjeu: int, where: str) -> Concept:
        pool = self.orientations if kind == "orientation" else self.objectives
        key = match_key(text)
        target = pool.get(key)
        if target is None:
            scored = [
                (
                    max(
                        max(similarity(key, k, partial=False), similarity(k, key, partial=False))
                        for k in c.keys
                    ),
                    c.key,
                )
                for c in pool.values()
            ]
            scored = [s for s in scored if s[0] >= SAME_CONCEPT]
            if scored:
                score, ckey = max(scored, key=lambda s: (s[0], s[1]))
                target = pool[ckey]
                self.findings.append(
                    {
                        "kind": "fuzzy_match",
                        "concept": kind,
                        "text": clean(text),
                        "matched": target.label,
                        "score": round(score, 1),
                        "where": where,
                    }
                )
            else:
                target = pool[key] = Concept(kind, key, enjeu)
        target.variants[clean(text)] += 1
        target.keys[key] += 1
        target.support.add(where)
        return target

    @classmethod
    def build(cls, candidates: list[Candidate]) -> Framework:
        fw = cls()
        for c in candidates:
            fw.enjeux[c.enjeu][clean(c.enjeu_title)] += 1
        # orientations: whole (possibly wrapped) cell texts; composite texts that contain another
        # orientation are extraction damage and vote for the orientation they contain
        support: dict[str, set[str]] = defaultdict(set)
        for c in candidates:
            support[clean(" ".join(c.orientation))].add(c.where)
        support.pop("", None)
        keys = {t: match_key(t) for t in support}
        composite = {
            t
            for t in support
            if any(
                u != t
                and keys[u] != keys[t]
                and keys[u] in keys[t]
                and len(support[u]) >= len(support[t])
                for u in support
            )
        }
        for c in candidates:
            text = clean(" ".join(c.orientation))
            if text and text not in composite and damage(text) is None:
                fw._cluster("orientation", text, c.enjeu, c.where)
        for c in candidates:
            parts = infinitive_split(c.objective)
            if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts):
                fw.findings.append(
                    {
                        "kind": "merged_cell",
                        "text": clean(c.objective),
                        "parts": [clean(p) for p in parts],
                        "where": c.where,
                    }
                )
            else:
                parts = [c.objective]
            otext = clean(" ".join(c.orientation))
            okey = fw._orientation_for(otext, c.orientation_prefix_len, composite)
            for p in parts:
                if damage(p) is not None:
                    continue
                concept = fw._cluster("objective", p, c.enjeu, c.where)
                if okey:
                    concept.parent_votes[okey] += 1
        fw.orientations = _rekey(fw.orientations)
        fw.objectives = _rekey(fw.objectives)
        for concept in fw.objectives.values():
            concept.parent_votes = Counter(
                {fw._canonical_orientation(k): n for k, n in concept.parent_votes.items()}
            )
            if concept.parent_votes:
                concept.parent = max(concept.parent_votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
                concept.enjeu = fw.orientations[concept.parent].enjeu
        return fw

    def _canonical_orientation(self, key: str) -> str:
        for c in self.orientations.values():
            if key in c.keys:
                return c.key
        return key

    def _orientation_for(self, text: str, prefix_len: int, composite: set[str]) -> str | None:
        if not text:
            return None
        if text not in composite:
            m = self.match_orientation(text)
            return m.key if m.score >= SAME_CONCEPT else None
        # composite: the last contained orientation starting before the row's position
        key = match_key(text)
        best: tuple[int, str] | None = None
        for c in self.orientations.values():
            for k in c.keys:
                pos = key.find(k)
                if 0 <= pos <= prefix_len and (best is None or pos > best[0]):
                    best = (pos, c.key)
        return best[1] if best else None


def _rekey(pool: dict[str, Concept]) -> dict[str, Concept]:
    """Key each cluster by its most frequent spelling's key, so the IRI does not depend on
    which variant happened to be read first."""
    out: dict[str, Concept] = {}
    for c in pool.values():
        c.key = max(c.keys.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
        out[c.key] = c
    return out
