"""Pre-pass: page furniture — page numbers, running headers and footers — found by pattern and
by repetition next to page boundaries, before any block rule runs, so that a table or a
paragraph cut by a page break can be read across it."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable

from quartiers.document import Furniture, Line
from quartiers.textnorm import fold

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?$|^[-–—]\s*\d{1,3}\s*[-–—]$", re.I
)
_PAGE_MENTION = re.compile(r"\bpage\s*\d{1,3}(?:\s*(?:/|sur)\s*\d{1,3})?\b", re.I)
_PAGE_OF = re.compile(r"\bpage\s*\d{1,3}\s*(?:/|sur)\s*\d{1,3}\b", re.I)  # "page 3/9"
# what running headers of these documents say when no page boundary shows
# ("convention-cadre" is the agglomeration's framework, which column titles name)
_TITLE_WORDS = re.compile(r"convention(?!-cadre)|contrat de ville|engagements quartiers")
NEAR = 2  # non-blank lines between a running header/footer and its page boundary


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", fold(text.replace("\t", " ")))).strip()


def _candidate(text: str) -> bool:
    """A line that may be a running header or footer: short, not a table row — unless it
    names its page ("Convention … – Nœux-les-Mines<TAB>Page 10") or the document ("Ville de
    Douvrin | Convention d'application communale …", a bar between two titles)."""
    t = text.strip()
    if not re.search(r"[^\W\d_]{2}", t):
        return False  # "46,2 %" on two pages: a portrait's figures, not a running line
    # a landscape page's footer sets its page number a hundred spaces further: what it says
    # counts, not the spaces
    if not t or len(re.sub(r"\s{3,}", "  ", t)) > 160:
        return False
    if "|" in t and (t.count("|") > 1 or t[0] == "|" or not _TITLE_WORDS.search(fold(t))):
        return False
    if t.count(";") >= 2 and not re.search(r"\s;|;\s", t):
        return False  # a spreadsheet's CSV row ("Objectifs de la stratégie…;;Objectifs …")
    return "\t" not in t or bool(_PAGE_MENTION.search(t))


def _page_numbers(content: list[Line], page_breaks: set[int]) -> list[int]:
    """Lines that are a page number: a bare number ("12", "- 7 -", "Page 3/12") next to a page
    break when the text shows them, else one of a run of increasing numbers. A value alone on
    its line elsewhere ("86" under "IPS moyen …" in a portrait) is content."""
    bare = [
        (i, ln.no, int(re.search(r"\d+", ln.text).group(0)))  # type: ignore[union-attr]
        for i, ln in enumerate(content)
        if _PAGE_NUMBER.match(ln.text.strip())
    ]
    if page_breaks:
        out = []
        for i, no, _ in bare:
            lo = content[max(0, i - NEAR - 1)].no
            hi = content[min(len(content) - 1, i + NEAR + 1)].no
            if any(lo <= b <= hi for b in page_breaks):
                out.append(no)
        return out
    values = {v for _, _, v in bare}
    return [no for _, no, v in bare if v - 1 in values or v + 1 in values]


def detect(lines: list[Line], page_breaks: set[int]) -> dict[int, Furniture]:
    found: dict[int, Furniture] = {}
    content = [ln for ln in lines if not ln.blank]
    # a document whose running line numbers its pages ("… – page 3/9") has no other page
    # number: a figure alone near a page break ("83" over "IPS moyen …") is content
    numbered: dict[str, int] = defaultdict(int)
    for ln in content:
        t = ln.text.strip()
        if _candidate(t) and _PAGE_OF.search(t) and not _PAGE_NUMBER.match(t):
            numbered[_key(t)] += 1
    if max(numbered.values(), default=0) < 2:
        for no in _page_numbers(content, page_breaks):
            found[no] = Furniture.PAGE_NUMBER
    boundaries = sorted(page_breaks | set(found))
    pages = max(len(page_breaks), len(found)) + 1
    index = {ln.no: i for i, ln in enumerate(content)}

    def near_boundary(no: int) -> bool:
        i = index[no]
        window = content[max(0, i - NEAR) : i + NEAR + 1]
        return any(w.no in page_breaks or w.no in found for w in window) or no in page_breaks

    groups: dict[str, list[int]] = defaultdict(list)
    for ln in content:
        if ln.no not in found and _candidate(ln.text):
            groups[_key(ln.text)].append(ln.no)
    for key, nos in groups.items():
        if len(nos) < 2:
            continue
        if _PAGE_MENTION.search(key.replace("#", "1")):
            hits = nos
        elif boundaries:
            # a running header is on most pages; a heading that happens to open a page is not.
            # One that names the document may skip pages (left and right pages, a first page)
            hits = [no for no in nos if near_boundary(no)]
            need = pages // 3 if _TITLE_WORDS.search(key) else pages // 2
            hits = hits if len(hits) >= max(2, need) else []
        else:
            gaps = [b - a for a, b in itertools.pairwise(nos)]
            regular = len(nos) >= 3 and min(gaps) >= 15
            hits = nos if regular and _TITLE_WORDS.search(key) else []
        for no in hits:
            found[no] = Furniture.RUNNING_HEADER
    if boundaries:
        _changing(content, found, near_boundary, pages)
    # "PROJET", "DOCUMENT DE TRAVAIL" alone on a line, in capitals, again and again: a
    # watermark printed across the pages, which extraction sets among the lines wherever it falls
    marks = [
        ln.no
        for ln in content
        if ln.text.strip().isupper() and _WATERMARK.match(_key(ln.text).replace("#", ""))
    ]
    if len(marks) >= 2:
        found.update({no: Furniture.WATERMARK for no in marks if no not in found})
    # "[Commentaire JD1] : à vérifier avec le bailleur": a reviewer's note left in the text
    # (alone on its line: one ending a table's cell, the next cell after a tab, is that cell's)
    found.update(
        {
            ln.no: Furniture.COMMENT
            for ln in content
            if COMMENT.match(ln.text) and "\t" not in ln.text
        }
    )
    return found


# a reviewer's comment as a word processor writes it out, its author's initials numbered
COMMENT = re.compile(r"^\s*\[(?:commentaire|comment|remarque)\s+[A-Z]{1,4}\s?\d{1,3}\]\s*:", re.I)


_WATERMARK = re.compile(
    r"^(?:projet|brouillon|provisoire|confidentiel|draft|specimen|document de travail"
    r"|document provisoire|version provisoire|version de travail|ne pas diffuser)$"
)


def _changing(
    content: list[Line], found: dict[int, Furniture], near: Callable[[int], bool], pages: int
) -> None:
    """A running header whose last part changes with the part of the document it stands in
    ("Quartier Saint-Élie – Fosse 13 – Diagnostic", then "… – Projet de quartier"): lines by
    page boundaries sharing all but their last part, on half the pages at least."""
    groups: dict[str, list[int]] = defaultdict(list)
    for ln in content:
        if ln.no in found or not _candidate(ln.text) or not near(ln.no):
            continue
        head, sep, _ = ln.text.strip().rpartition(" – ")
        if not sep:
            head, sep, _ = ln.text.strip().rpartition(" | ")
        if sep and len(head) >= 15 and re.search(r"[^\W\d_]{3}", head):
            groups[_key(head)].append(ln.no)
    for nos in groups.values():
        if len(nos) >= max(3, pages // 2):
            for no in nos:
                found[no] = Furniture.RUNNING_HEADER
