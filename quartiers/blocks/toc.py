"""Rule: a table of contents — a "Sommaire" / "Table des matières" title and the entries after
it (a title, then dotted leaders, tabs or spaces, then a page number; or rows of a Markdown
table), or a run of entries with dotted leaders anywhere. Kept as furniture: the headings it
lists are read where they are."""

from __future__ import annotations

import re

from quartiers.blocks.state import BlockState
from quartiers.document import Furniture, FurnitureBlock
from quartiers.span import Span
from quartiers.textnorm import clean, fold

_TITLE = re.compile(r"^[#\s*]*(sommaire|table des matieres|table of contents)\W*$")
_ENTRY = re.compile(r"^(?P<title>\S.*?)(?:\s*\.{3,}\s*|\t+\s*|\s{3,}|\s+)(?P<page>\d{1,3})\s*$")
_DOTTED = re.compile(r"\S.*?\.{4,}\s*\d{1,3}\s*$")
_TAB_ENDED = re.compile(r"^\S[^\t]*\t+\s*$")  # "Préambule<TAB>": a TOC entry without its page
_LINK = re.compile(r"^\s*[-*]?\s*\[[^\]]+\]\(#[^)]*\)\s*$")  # Markdown "[Titre](#ancre)"
# a contents list kept as a Markdown table: "| Préambule | 3 |", its rule, a "| | Page |" header
_ROW = re.compile(r"^\|(?:[^|]*\|)+\s*(?:\d{1,3}|pages?|p\.?)\s*\|\s*$", re.I)
_RULE = re.compile(r"^\|[\s:|-]*-[\s:|-]*\|$")


def is_title(text: str) -> bool:
    return bool(_TITLE.match(fold(clean(text))))


def is_entry(text: str) -> bool:
    t = text.strip(" ")  # " 2.1 Fiche d'identité ..... 3": a sub-entry indented
    return bool(
        _ENTRY.match(t.rstrip())
        or _TAB_ENDED.match(t)
        or _LINK.match(t)
        or _ROW.match(t.strip())
        or _RULE.match(t.strip())
    )


def _entry_key(text: str) -> str:
    m = _ENTRY.match(text.strip())
    title = m.group("title") if m else text.strip(" \t")
    return fold(clean(re.sub(r"\s+", " ", title))).strip(" .")


def lists(state: BlockState, text: str) -> bool:
    """Whether the table of contents read above lists this line ("3. Pilotage, partenariat et
    participation des habitants<TAB>9"): a heading, though its numbering could open an item."""
    key = _entry_key(text)
    spans = [
        b.span for b in state.blocks if isinstance(b, FurnitureBlock) and b.what == Furniture.TOC
    ]
    return bool(key) and any(
        s.first <= ln.no <= s.last and _entry_key(ln.text) == key
        for s in spans
        for ln in state.lines
    )


def _listed_again(state: BlockState, k: int) -> bool:
    """An entry without a page number ("Portrait du quartier", as a word processor's plain
    text export writes them): a short line that stands again, as a heading, further on (its
    code or an aside after it there: "2. Quartier Renaissance (QN06210M)")."""
    text = fold(clean(state.text(k)))
    if not text or len(text) > 120 or text.endswith("."):
        return False
    again = re.compile(rf"{re.escape(text)}(?:\s+[(–—-].*)?$")
    return any(
        again.match(fold(clean(state.text(m))))
        for m in range(k + 1, len(state))
        if not state.blank(m)
    )


def rule(state: BlockState) -> bool:
    i = state.pos
    text = state.text(i)
    if is_title(text):
        j = i + 1
        while True:
            k = state.next_content(j)
            if k >= len(state) or not (is_entry(state.text(k)) or _listed_again(state, k)):
                break
            j = k + 1
    elif _DOTTED.match(text.strip()):
        j = i
        while j < len(state) and not state.blank(j) and _DOTTED.match(state.text(j).strip()):
            j += 1
        if j - i < 3:
            return False
    else:
        return False
    last = max(k for k in range(i, j) if not state.blank(k))
    state.blocks.append(
        FurnitureBlock(Span(state.lines[i].no, state.lines[last].no), Furniture.TOC, text)
    )
    state.pos = j
    return True
