"""Labels for the pages, in the page's language: from the data (rdfs:label, skos:prefLabel…,
fetched by the caller), else from server/labels.ttl for the terms of other vocabularies, so a
page never shows a raw local name such as "broader" or "prefLabel"."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

FILE = Path(__file__).resolve().parent / "labels.ttl"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """term IRI -> {language: label}"""
    out: dict[str, dict[str, str]] = {}
    for t in ox.parse(path=str(FILE), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS_LABEL and isinstance(t.object, ox.Literal):
            out.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value
    return out


def language_rank(tag: str | None, lang: str) -> int:
    """Preference of a literal's language on a page in `lang`: that language, then untagged,
    then French (the documents' language), then anything else."""
    tag = (tag or "").lower()
    if tag == lang:
        return 0
    return {"": 1, "fr": 2}.get(tag, 3)


def vocabulary_label(iri: str, lang: str) -> str | None:
    labels = vocabulary().get(iri)
    if not labels:
        return None
    return min(labels.items(), key=lambda kv: language_rank(kv[0], lang))[1]


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
