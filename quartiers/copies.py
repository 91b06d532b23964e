"""Copy-paste analysis: action texts found, identical or nearly, in several quartiers.

A commitment written the same way for every quartier of a commune (or of the agglomeration)
is generic; one found in a single quartier is specific to it. Texts are compared folded
(case, accents, punctuation and spacing ignored) with rapidfuzz's `ratio`, all against all in
blocks through `process.cdist` (C++, every core), and linked into clusters (single linkage).
bench/copies.py measures it: all-pairs stays within seconds for the few thousand distinct texts
of an agglomeration, so MinHash (datasketch) is not needed at that scale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from quartiers.textnorm import fold

NEAR = 90  # two folded texts this similar (0-100) are one commitment reworded
BLOCK = 2000  # rows of the similarity matrix computed at once (memory: BLOCK x texts bytes)


def text_key(text: str) -> str:
    """The text with case, accents, punctuation and spacing folded away."""
    return " ".join(re.sub(r"[^\w']+", " ", fold(text)).split())


@dataclass
class Cluster:
    """Actions whose texts are the same commitment, in several places (a quartier as a
    convention describes it)."""

    actions: list[Mapping[str, Any]]
    similarity: int  # the weakest link that joins the cluster (100: identical texts)
    texts: list[str] = field(default_factory=list)

    @property
    def places(self) -> set[tuple[str, str]]:
        return {(str(a["commune"]), str(a["quartier"])) for a in self.actions}

    @property
    def quartiers(self) -> set[str]:
        return {str(a["quartier"]) for a in self.actions}

    @property
    def communes(self) -> set[str]:
        return {str(a["commune"]) for a in self.actions}

    @property
    def scope(self) -> str:
        """generic across communes, or repeated within one commune"""
        return "communes" if len(self.communes) > 1 else "commune"


def _pairs(keys: Sequence[str], threshold: int) -> list[tuple[int, int, int]]:
    """(i, j, score) for i < j whose folded texts score at least `threshold`."""
    out: list[tuple[int, int, int]] = []
    for start in range(0, len(keys), BLOCK):
        block = keys[start : start + BLOCK]
        scores = process.cdist(
            block, keys, scorer=fuzz.ratio, score_cutoff=threshold, dtype="uint8", workers=-1
        )
        rows, cols = scores.nonzero()
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i = start + r
            if i < c:
                out.append((i, c, int(scores[r, c])))
    return out


def clusters(rows: Sequence[Mapping[str, Any]], threshold: int = NEAR) -> list[Cluster]:
    """Clusters of actions (rows of the `actions` named query: action, actionLabel, quartier,
    commune…) that occur in more than one place, most widespread first."""
    by_key: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        by_key.setdefault(text_key(str(r["actionLabel"])), []).append(r)
    keys = list(by_key)
    parent = list(range(len(keys)))
    weakest = [100] * len(keys)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, score in _pairs(keys, threshold):
        a, b = find(i), find(j)
        if a != b:
            parent[b] = a
            weakest[a] = min(weakest[a], weakest[b], score)
    members: dict[int, list[int]] = {}
    for i in range(len(keys)):
        members.setdefault(find(i), []).append(i)
    out = []
    for root, idx in members.items():
        actions = [a for i in idx for a in by_key[keys[i]]]
        texts = sorted({str(a["actionLabel"]) for a in actions})
        c = Cluster(actions, weakest[root], texts)
        if len(c.places) > 1:
            out.append(c)
    out.sort(key=lambda c: (-len(c.places), -len(c.actions), c.texts[0]))
    return out


def specificity(
    rows: Sequence[Mapping[str, Any]], found: Sequence[Cluster]
) -> list[dict[str, Any]]:
    """Per place (commune, quartier): its actions, how many are its own, repeated in other
    quartiers of its commune, or repeated in other communes."""
    scope = {}
    for c in found:
        for a in c.actions:
            scope[str(a["action"])] = c.scope
    places: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (str(r["commune"]), str(r["quartier"]))
        p = places.setdefault(
            key,
            {
                "commune": r["commune"],
                "communeName": r.get("communeName"),
                "quartier": r["quartier"],
                "quartierName": r.get("quartierName"),
                "actions": 0,
                "specific": 0,
                "repeatedInCommune": 0,
                "repeatedAcrossCommunes": 0,
            },
        )
        p["actions"] += 1
        s = scope.get(str(r["action"]))
        p[
            "specific"
            if s is None
            else "repeatedInCommune"
            if s == "commune"
            else "repeatedAcrossCommunes"
        ] += 1
    out = list(places.values())
    for p in out:
        p["specificShare"] = round(100 * p["specific"] / p["actions"]) if p["actions"] else 0
    out.sort(key=lambda p: (str(p["communeName"]), str(p["quartierName"])))
    return out
