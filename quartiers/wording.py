"""Mending text that extraction wrapped: words hyphenated across a line break."""

from __future__ import annotations

import re

from quartiers.quality import is_french_word

_HYPHENATED = re.compile(r"(?P<head>\w+)-$")
_FIRST_WORD = re.compile(r"^(?P<tail>[a-zà-ÿœ]+)")


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
