"""Detect text that extraction damaged: OCR noise (often English-looking words), multi-column
text interleaved into a cell (truncated words), stray markup. Scores, not guesses: a cell is
flagged, never repaired."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import lru_cache

from quartiers.textnorm import clean, fold

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿœŒ]+(?:'[A-Za-zÀ-ÖØ-öø-ÿœŒ]+)?")
_ENGLISH = {
    "the",
    "and",
    "on",
    "when",
    "to",
    "of",
    "is",
    "an",
    "with",
    "for",
    "same",
    "that",
    "this",
    "are",
    "be",
    "it",
    "as",
    "at",
    "by",
    "or",
    "from",
}
_FRENCH_FUNCTION = {
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "à",
    "au",
    "aux",
    "en",
    "un",
    "une",
    "pour",
    "sur",
    "dans",
    "par",
    "avec",
    "vers",
    "chez",
    "sans",
    "sous",
    "entre",
    "ses",
    "ces",
    "cette",
    "leur",
    "leurs",
    "d",
    "l",
    "qui",
    "que",
    "est",
}
_FRENCH_SHORT = {"a", "à", "y", "l", "d", "j", "n", "s", "c", "m", "t", "qu", "ou", "où"}


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    from spellchecker import SpellChecker

    words = SpellChecker(language="fr").word_frequency.dictionary.keys()
    return frozenset(fold(w) for w in words)


def is_french_word(word: str) -> bool:
    return fold(word) in _lexicon()


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(clean(text))]


def unknown_ratio(text: str, *, capitalised: bool = False) -> float:
    """Share of words absent from a French lexicon (capitalised names excluded unless asked)."""
    return unknown_words(text, capitalised=capitalised) / max(1, len(_checked(text, capitalised)))


def _checked(text: str, capitalised: bool) -> list[str]:
    return [w for w in words(text) if capitalised or not w[:1].isupper()]


@lru_cache(maxsize=200_000)
def _known(w: str) -> bool:
    if "'" not in w and len(w) == 1:
        return w.lower() in {"a", "à", "y", "ô"}  # a lone "l" or "e" is a truncated word
    lex = _lexicon()
    parts = [p for p in fold(w).split("'") if p]
    return all(p in lex or p in _FRENCH_SHORT for p in parts)


def unknown_words(text: str, *, capitalised: bool = False) -> int:
    lex = _lexicon()
    ws = _checked(text, capitalised)
    if not ws:
        return 0
    known = _known
    unknown = 0
    skip = False
    for i, w in enumerate(ws):
        if skip:
            skip = False
            continue
        if known(w):
            continue
        # a word split by extraction ("environnemen tales") is one known word
        if i + 1 < len(ws) and fold(w + ws[i + 1]) in lex:
            skip = True
            continue
        unknown += 1
    return unknown


def english_ratio(text: str) -> float:
    ws = [w.lower() for w in words(text)]
    return sum(w in _ENGLISH for w in ws) / len(ws) if ws else 0.0


def repetition(text: str) -> float:
    """Share of the text taken by its most repeated word pair ("the same the same ...")."""
    ws = [w.lower() for w in words(text)]
    bigrams = Counter(itertools.pairwise(ws))
    # "de la" three times is French ("… de la CABBALR … de la salle de la Fosse"), not a stutter
    top = max((n for pair, n in bigrams.items() if not set(pair) <= _FRENCH_FUNCTION), default=0)
    return top / len(bigrams) if top >= 3 else 0.0


@lru_cache(maxsize=100_000)
def damage(text: str) -> str | None:
    """'ocr_noise', 'garbled' or None for text that reads as French prose."""
    ws = words(text)
    if not ws:
        return "ocr_noise" if clean(text).strip("*• ") else None
    if english_ratio(text) >= 0.2 or repetition(text) >= 0.2:
        return "ocr_noise"
    if len(ws) <= 4 and all(len(w) <= 2 for w in ws):
        return "ocr_noise"
    lowered = {p for w in ws for p in w.lower().split("'")}
    if not lowered & _FRENCH_FUNCTION and (
        len(ws) >= 5 or (len(ws) >= 3 and any(w[:1].isupper() for w in ws[1:]))
    ):
        # "Digital Registrate assistant"; but a wrapped cell's piece in lower case reads on:
        # "familles, établissements scolaires"
        return "ocr_noise"
    ratio = unknown_ratio(text)
    if len(ws) >= 8 and ratio >= 0.12 and unknown_words(text) >= 5:
        return "garbled"
    if 3 <= len(ws) < 8 and ratio >= 0.5 and unknown_words(text) >= 2:
        return "ocr_noise"  # one rare word ("Ateliers cuisine intergénérationnels") is French
    if len(ws) < 3 and unknown_ratio(text, capitalised=True) == 1.0:
        return "ocr_noise"
    return None
