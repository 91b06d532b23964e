"""Items inside one table cell, as extraction leaves them on a line: bullet glyphs, HTML list
fragments and `<br>`, numbered items ("1. … 2. …", "1) … 2) …", "a) … b) …") and dash items.

A cell's items are split only on markers a cell really uses: a number counts as a marker when
the numbers run in sequence from 1 (so "article 3." or "47 logements" never split a cell), and a
dash when the cell opens with one.
"""

from __future__ import annotations

import itertools
import re

from quartiers.blocks.lists import BALLOT, GLYPHS, LABEL, ROMAN_ITEM, SUB_GLYPHS, item_start
from quartiers.textnorm import continues, unescape

# a glyph inside a cell needs spaces around it (a hyphen or a dash never counts here)
_BULLETS = re.escape("".join(g for g in GLYPHS if g not in "-–—" + SUB_GLYPHS))
# "• Ouvrir un point numérique … ◦ deux demi-journées par semaine": a second-level item, kept
# with its glyph (it details the item above it, when there is one)
_SUB = re.compile(rf"\s+(?=[{SUB_GLYPHS}]\s)")
# a bullet glyph between spaces, or glued to the text before it and followed by the wide gap
# Word leaves after a bullet ("…du Centre·        Organiser …", html2text of Word's HTML)
# (a ballot box, only before text on its line: "☐ Aménager …"; alone, it is a tick)
_INLINE_GLYPH = re.compile(
    rf"(?:^|\s)[{_BULLETS}](?=\s)|(?:^|\s){BALLOT}(?=\s+\S)|[{_BULLETS}](?=\s{{2,}}|\t)"
)
_HTML_ITEM = re.compile(r"<li[^>]*>|<br\s*/?>", re.I)
_HTML_LIST = re.compile(r"</?(ul|ol|li|p|br)\b[^>]*>", re.I)
# "1.", "1)", "a)" and "(1)", "(a)"
_NUMBERED = re.compile(
    r"(?:^|(?<=\s))(?:(?P<open>\()(?P<pn>\d{1,2}|[a-h])\)|(?P<n>\d{1,2}|[a-h])(?P<close>[.)]))"
    r"\s+(?=\S)"
)


def _dashes(part: str) -> list[str]:
    """A cell's items cut at the dash it opens with, that dash only ("- Rencontres habitants
    – Maisons & Cités …": the en dash inside is the item's punctuation)."""
    dash = part.lstrip()[0]
    return re.split(rf"(?:^|\s){re.escape(dash)}\s+(?=[A-ZÉÈÀÂÎÔ])", part)


def bullet_text(line: str) -> str | None:
    """The item text if the line starts with a list marker, else None."""
    opened = item_start(line)
    return opened[2].strip() if opened else None


def has_html_list(text: str) -> bool:
    return bool(_HTML_LIST.search(text))


def _rank(n: str) -> int:
    return int(n) if n.isdigit() else ord(n) - ord("a") + 1


def _mark(m: re.Match[str]) -> tuple[str, str]:
    """(number or letter, style): "(1)" is of style "()", "1." of ".", "1)" of ")"."""
    return (m.group("pn"), "()") if m.group("open") else (m.group("n"), m.group("close"))


def _numbered(text: str, expect: int = 1) -> list[tuple[str, bool]] | None:
    """Items of "1. A 2. B 3. C" (or "1) …", "a) …"), only when the markers run 1, 2, 3…
    (from `expect` when the cell goes on from a line above); text before the first marker
    comes first, unmarked."""
    marks = list(_NUMBERED.finditer(text))
    for start in range(len(marks)):
        first, close = _mark(marks[start])
        if _rank(first) not in {1, expect}:
            continue
        seq, want = [marks[start]], _rank(first)
        letters = not first.isdigit()
        for m in marks[start + 1 :]:
            n, style = _mark(m)
            if n.isdigit() != (not letters) or style != close:
                continue
            if _rank(n) == want + 1:
                seq.append(m)
                want += 1
        goes_on = expect > 1 and _rank(first) == expect  # "… de l'association X 2) Tenir …"
        if len(seq) < 2 and text[: seq[0].start()].strip() and not goes_on:
            continue
        pieces = [(text[: seq[0].start()], False)] if text[: seq[0].start()].strip() else []
        for a, b in zip(seq, [*seq[1:], None], strict=True):
            pieces.append((text[a.end() : b.start() if b else len(text)], True))
        return pieces
    return None


# "1.2.a Organiser …", "2.10.b) …": an action numbered under its objective's number, a letter
# last (an objective's own "1.2.1" is no item's)
_OUTLINE_MARK = re.compile(r"(?:^|(?<=\s))\d{1,2}(?:\.\d{1,2}){1,2}\.?[a-h][.)]?\s+(?=\S)")


def _cut_at(text: str, marks: list[re.Match[str]]) -> list[tuple[str, bool]] | None:
    """The items the marks open, the text before the first one first, unmarked; none unless
    the text opens with a mark or holds two."""
    if not marks or (marks[0].start() > 0 and len(marks) < 2):
        return None
    head = text[: marks[0].start()]
    pieces = [(head, False)] if head.strip() else []
    for a, b in zip(marks, [*marks[1:], None], strict=True):
        pieces.append((text[a.end() : b.start() if b else len(text)], True))
    return pieces


def _outlined(text: str) -> list[tuple[str, bool]] | None:
    """Items of "1.1.a A 1.1.b B"."""
    return _cut_at(text, list(_OUTLINE_MARK.finditer(text)))


# "A1 – Accompagner …", "FA 3 : Ouvrir …": actions named by a letter code and a number (the
# numbering may run on from cell to cell, through the tables of a quartier)
_CODE_MARK = re.compile(r"(?:^|(?<=\s))(?P<code>[A-Z]{1,2}) ?(?P<n>\d{1,2}) ?[–—:-]\s+(?=\S)")


def without_code(text: str) -> str:
    """The text after the action's code that opens it ("A1 – Ouvrir …" -> "Ouvrir …")."""
    m = _CODE_MARK.match(text)
    return text[m.end() :] if m else text


def _coded(text: str) -> list[tuple[str, bool]] | None:
    """Items of "A1 – … A2 – …", one code, the numbers rising."""
    marks = list(_CODE_MARK.finditer(text))
    ns = [int(m["n"]) for m in marks]
    if len({m["code"] for m in marks}) > 1 or any(b <= a for a, b in itertools.pairwise(ns)):
        return None
    return _cut_at(text, marks)


# "Action n° 19 : Organiser … Action n° 20 : Soutenir …": a word processor's labelled
# numbering, run on through the table
_LABEL_MARK = re.compile(rf"(?:^|(?<=\s))(?P<label>{LABEL})\s+(?=\S)")


def _labelled(text: str) -> list[tuple[str, bool]] | None:
    """Items of "Action n° 1 : … Action n° 2 : …", one word, the numbers rising."""
    marks = list(_LABEL_MARK.finditer(text))
    words = {m["label"].split()[0] for m in marks}
    ns = [int(re.sub(r"\D", "", m["label"])) for m in marks]
    if len(words) > 1 or any(b <= a for a, b in itertools.pairwise(ns)):
        return None
    return _cut_at(text, marks)


_LEADING_MARK = re.compile(
    rf"^\s*(?:\d{{1,2}}[.)]|[a-h][.)]|{ROMAN_ITEM}|\((?:\d{{1,2}}|[a-h])\))\s+(?=\S)"
)
# "i. Ouvrir … <br> ii. Former …": a cell's items numbered in lower-case Roman numerals
_ROMAN_LIST = re.compile(r"^\s*i[.)]\s.*<br>\s*ii[.)]\s", re.S)


def split_inline(text: str, expect: int = 1) -> list[tuple[str, bool]]:
    """Split a table cell into its items: (text with the HTML removed, whether a marker opened
    it: a bullet, a list tag, `<br>`, a number, a dash). Text before a cell's first marker is
    unmarked (the end of an item cut by a page break, or a lead-in)."""
    text = re.sub(r"</?(ul|ol)\b[^>]*>", " ", unescape(text), flags=re.I)
    text = re.sub(r"</?p\b[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"</li>", " ", text, flags=re.I)
    if _ROMAN_LIST.match(text):
        text = "<br> " + text  # its first item is marked as the others are
    pieces: list[tuple[str, bool]] = [(text, False)]
    if _HTML_ITEM.search(text):
        tags = _HTML_ITEM.findall(text)
        parts = _HTML_ITEM.split(text)
        listed = bool(re.search(r"<li", text, re.I))
        # "A<br>B": every piece is an item; "… <li>A<li>B": the text before the first tag is
        # not; in a list, "<br>" breaks a line of the item above, or sets the paragraph after
        # the list apart ("<li>Ouvrir …<br>Partenaires : …"): no item of its own
        br = bool(re.search(r"<br\s*/?>", text, re.I)) and not listed
        pieces = [
            (p, i > 0 and tags[i - 1].lower().startswith("<li"))
            if listed
            else (p, i > 0 or (br and not continues(p)))
            for i, p in enumerate(parts)
        ]
    out: list[tuple[str, bool]] = []
    for piece, marked in pieces:
        glyphs = [
            (sub, j == 0 and k == 0)
            for j, part in enumerate(_INLINE_GLYPH.split(piece))
            for k, sub in enumerate(_SUB.split(part))
        ]
        for part, first in glyphs:
            opened = marked if first else True
            numbered = (
                _outlined(part.strip())
                or _coded(part.strip())
                or _labelled(part.strip())
                or _numbered(part.strip(), expect)
            )
            if numbered is not None:
                out += [(p, m or opened) for p, m in numbered]
            elif opened and _LEADING_MARK.match(part):
                out.append((_LEADING_MARK.sub("", part), True))  # "<br>2) Informer …"
            elif part.lstrip().startswith(("– ", "— ", "- ")) and len(_dashes(part)) > 1:
                dashed = _dashes(part)
                out += [(p, opened or k > 0) for k, p in enumerate(dashed)]
            else:
                out.append((part, opened))
    return out


def last_number(text: str) -> int | None:
    """The rank of the last numbered marker a cell uses ("… 2) Tenir …" → 2)."""
    marks = list(_NUMBERED.finditer(text))
    return _rank(_mark(marks[-1])[0]) if marks else None


def has_markers(items: list[tuple[str, bool]]) -> bool:
    return any(marked for _, marked in items)
