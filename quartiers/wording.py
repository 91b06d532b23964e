"""Mending text that extraction wrapped: words hyphenated across a line break, lines cut in the
middle of a phrase."""

from __future__ import annotations

import re

from quartiers.quality import is_french_word

# the words that name the strategy's first level: "Enjeu 2", "Axe 3", "Pilier 1" (the word of
# the 2015 contracts' three pillars, which some authors keep)
ENJEU_WORDS = r"enjeu|axe|pilier"
_HYPHENATED = re.compile(r"(?P<head>\w+)-$")
_FIRST_WORD = re.compile(r"^(?P<tail>[a-zà-ÿœ]+)")
# a line that ends on one of these words was cut in the middle of a phrase
_OPEN_END = re.compile(
    r"(?:^|\s)(?:de|du|des|la|le|les|l'|d'|à|au|aux|avec|pour|et|en|sur|dans|par|un|une|&)$", re.I
)


def opens_with_infinitive(text: str) -> bool:
    """ "Faciliter l'accès …", "Mettre en place …": the first word a French infinitive, as an
    action or an objective opens; a cheap test for layers that do not load the NLP model."""
    first = text.strip().split(" ", 1)[0].strip("«\"'(").lower()
    return bool(re.search(r"(er|ir|re|oir)$", first)) and is_french_word(first)


def cut_mid_phrase(text: str) -> bool:
    """ "… 210 logements de", "Associer les habitants aux": the text goes on on the next line."""
    return bool(_OPEN_END.search(text.rstrip()))


def join_wrapped(before: str, after: str) -> str:
    """Join two pieces of one text: "accompa-" + "gnement" gives "accompagnement" (the joined
    word is French), "psycho-" + "sociales" and "Saint-" + "Elie"
    keep their hyphen; otherwise a space."""
    before, after = before.rstrip(), after.lstrip()
    if not before:
        return after
    if not after:
        return before
    m, n = _HYPHENATED.search(before), _FIRST_WORD.match(after)
    if m and after[:1].isupper():
        return before + after  # "Saint-" + "Elie"
    if m and n and not before.endswith(" -"):
        word = m.group("head") + n.group("tail")
        if is_french_word(word):
            return before[:-1] + after
        return before + after
    return before + " " + after
