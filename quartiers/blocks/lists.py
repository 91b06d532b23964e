"""Rule: lists — items opened by a bullet glyph (any of those PDF extraction leaves, private-use
font glyphs included), an HTML `<li>`, a number (`1.`, `1)`, `(1)`) or a letter (`a)`, `b.`,
`a –`, `(a)`).
A non-blank line after an item that opens nothing else, indented or in lower case, continues it
(a wrapped item)."""

from __future__ import annotations

import re

from quartiers.blocks.state import BlockState
from quartiers.document import ListBlock, ListItem
from quartiers.span import Span
from quartiers.textnorm import clean
from quartiers.wording import cut_mid_phrase, join_wrapped, opens_with_infinitive

# "-", "•", "·", "*", "–", "▪", "◦", the arrows, pointers, ticks and diamonds a word processor's
# bullet menu offers ("→", "➔", "➜", "➤", "⇒", "▶", "✔", "◆"), private-use glyphs of Symbol and
# Wingdings fonts; "○", a second level's white circle
GLYPHS = (
    "-•·*–—▪◦○■□❖◆◇"
    "→⇒➔➙➛➜➝➞➡➢➣➤►▶▸▹✓✔"
    "\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf0e0\u25cf\u25aa\u2022\u2023\u2043"
)
# a ballot box opens an item when text follows it on its line ("☐ Mettre en place …"); alone,
# or last on its line, it is an unticked "Retenu" mark, never a bullet
BALLOT = "☐"
SUB_GLYPH = "◦"  # a word processor's second-level bullet (its first is "•")
SUB_GLYPHS = SUB_GLYPH + "○"  # ... and the white circle some set there instead
_BULLET = re.compile(rf"^\s*(?P<m>[{re.escape(GLYPHS)}{BALLOT}])\s+(?P<text>\S.*)$")
# Word's second-level bullet is an "o" in Courier New, which text extraction keeps as the letter;
# no French sentence opens with a lone "o"
_LETTER_O = re.compile(r"^\s*(?P<m>o)[ \t]+(?P<text>[^\W\d_].*)$")
# Markdown's and org-mode's "+ item"; "+ de 25 %" is a figure ("plus de")
_PLUS = re.compile(r"^\s*(?P<m>\+)\s+(?P<text>(?!de\b|d['’])[^\W\d_].*)$", re.I)
_HTML_ITEM = re.compile(
    r"^\s*(?:<(?:ul|ol)\b[^>]*>\s*)*<li\b[^>]*>(?P<text>.*?)(?:</li>.*)?$", re.I
)
# a word processor's labelled numbering: "Action n°4 :", "Fiche n° 2 –" (the "n°" says it);
# in running text only "Action n°4 : …" opens an item ("Action n°4 – Navette …" is a fiche's
# title, its fields under it)
LABEL = r"[A-ZÉÈ][a-zéèêà]+\s+[nN]°\s*\d{1,3}\s*[:.)–-]"
# an item numbered in lower-case Roman numerals ("i.", "ii.", "iv)"), as cells number actions
ROMAN_ITEM = r"[ivx]{1,4}[.)]"
_NUMBER_LABEL = re.compile(r"^\s*(?P<m>[A-ZÉÈ][a-zéèêà]+\s+[nN]°\s*\d{1,3}\s*:)\s+(?P<text>\S.*)$")
# "1.", "1)", "a)", "a –", "ii)", and "(1)", "(a)" (a parenthesised number numbers items, never a
# heading, so it counts as a letter)
_NUMBER = re.compile(
    r"^\s*(?P<m>\d{1,2}[.)]|\((?:\d{1,2}|[a-z]|[ivx]{2,4})\)|[a-z][.)]|[ivx]{2,4}[.)]|[a-z]\s[–-])"
    r"\s+(?P<text>\S.*)$"
)


def item_start(text: str) -> tuple[str, str, str] | None:
    """(marker, marker kind, item text) if the line opens a list item."""
    m = _BULLET.match(text) or _LETTER_O.match(text) or _PLUS.match(text)
    if m and not text.lstrip().startswith("**"):
        return m.group("m"), "bullet", m.group("text")
    m = _HTML_ITEM.match(text)
    if m:
        return "li", "html", m.group("text")
    m = _NUMBER_LABEL.match(text)
    if m:
        return m.group("m"), "label", m.group("text")
    m = _NUMBER.match(text)
    if m and "\t" not in text:
        marker = m.group("m")
        return marker, "number" if marker[0].isdigit() else "letter", m.group("text")
    return None


# a bullet alone on its line, the item's text on the next (unrtf, some PDF extractions): a
# glyph, a straight quote or the letter a Symbol or Wingdings bullet becomes in a text font
LONE_MARKER = re.compile(rf'^\s*(?P<m>[{re.escape(GLYPHS)}"§Øocnlqv])\s*$')


def lone_marker(state: BlockState, i: int) -> str | None:
    """The marker of a bullet standing alone on line i, its item on the next line."""
    m = LONE_MARKER.match(state.text(i))
    if m is None or i + 1 >= len(state) or state.blank(i + 1) or state.is_furniture(i + 1):
        return None
    return m.group("m") if item_start(state.text(i + 1)) is None else None


MIN_WRAP_WIDTH = 40  # narrower runs are lists of short lines, not wrapped text
WIDTH_SLACK = 3


def _did_not_fit(text: str, previous: str, width: int) -> bool:
    """The reflow test: the line's first word would not have fitted at the end of the line
    before within the run's width, so the line before was wrapped there ("… mensuelle de
    France" / "Victimes 62 à la mairie annexe" in a narrow table cell)."""
    first = text.strip().split(" ", 1)[0]
    prev = previous.rstrip()
    if not first or prev.endswith((".", ";")) or opens_with_infinitive(text):
        return False  # "Faciliter l'accès aux soins": the next cell, an objective or an action
    if width < MIN_WRAP_WIDTH or len(prev) < 0.75 * width:
        return False  # short lines ("— signé —", a name): no column of text was wrapped here
    # characters stand for a proportional font's widths: within a few of the width is full
    return len(prev) + 1 + len(first) > width - WIDTH_SLACK


def _outdented(text: str, previous: str, marker_indent: int) -> bool:
    """A line left of the item's bullet after an indented line: what follows the list ("    •
    …" / "Rendre les habitants acteurs …", LibreOffice's text export of a table; "    → …" /
    "  Enjeu 2 > …", the next entry of an outline), or the item's end if it was cut mid-phrase
    (the callers decide)."""
    indent = len(text) - len(text.lstrip(" \t"))
    return len(previous) - len(previous.lstrip(" \t")) >= 2 and indent < max(marker_indent, 1)


def _continues_item(text: str, previous: str, marker_indent: int, wrapped: bool = True) -> bool:
    """A wrapped item goes on indented, in lower case, or after a long line cut mid-sentence
    (text copied from a PDF viewer breaks at the page's line ends); a flush-left capitalised
    line after a short, complete item starts something else ("– agglomération : 18,8 %" /
    "Part des moins de 25 ans : …")."""
    t = clean(text)
    outdented = _outdented(text, previous, marker_indent)
    if (text[:1] in {" ", "\t"} and not outdented) or (
        bool(t) and not t[0].isupper() and not t[0].isdigit()
    ):
        return True
    if _LABELLED.match(t):
        return False  # "Orientation 2.3 : …", "Actions : …": a label opens the next part
    prev = previous.rstrip()
    if outdented:
        return cut_mid_phrase(prev) and not prev.endswith((".", ";"))
    if cut_mid_phrase(prev):
        return True  # "… 210 logements de" / "Pas-de-Calais Habitat …": cut mid-phrase
    if re.search(r"\w-$", prev) or prev.count("(") > prev.count(")"):
        return True  # "… du CIDFF du Pas-de-" / "Calais", "(gendarmerie," / "CCAS …)"
    if previous.endswith(" ") and not previous.endswith("  ") and prev[-1:].isalnum():
        return True  # a soft line break (pdfminer, format=flowed mail): "… avec le club "
    # a long line of a text wrapped at a page's width was cut there
    return (
        wrapped and len(prev) >= 50 and not prev.endswith((".", ";", ":", "!", "?", "%", ")", "»"))
    )


# a flush-left line opened by a short label, numbered or not, and a colon or dash
_LABELLED = re.compile(
    r"^[A-ZÀ-Ý][\w'’]*(?:\s+[\w'’]+){0,3}?(?:\s+n°)?\s*(?:\d+(?:\.\d+)*\s*[:–—-]|:)\s"
)


# a line indented by tabs alone, no cell after it: under an item indented by tabs, the item goes
# on after a line break typed inside it (a word processor's text export), not a table row
_TABBED = re.compile(r"^\t+[^\t]+$")


_GAP = re.compile(r"\S(?: {3,}|\t)(?=\S)")


def _columns_under(text: str, previous: str) -> bool:
    """A line of three columns or more under a line of one ("6. Objectifs poursuivis sur le
    quartier" / "    Orientations de la      Objectifs      Actions …"): a table's column
    titles after a numbered heading, not the item's next line."""
    return len(_GAP.findall(text.strip())) >= 2 and not _GAP.search(previous.strip())


def rule(state: BlockState, interrupts: object) -> bool:
    """`interrupts(state, i)` says whether line i opens another kind of block."""
    i = state.pos
    if item_start(state.text(i)) is None and lone_marker(state, i) is None:
        return False
    items: list[ListItem] = []
    end = i
    while end < len(state) and not state.blank(end) and not state.is_furniture(end):
        end += 1
    # the run's wrap width: its items' when there are several (a flattened table's column is
    # narrower than its title lines)
    opening = [len(state.text(k).rstrip()) for k in range(i, end) if item_start(state.text(k))]
    width = (
        max(opening)
        if len(opening) >= 2
        else max(len(state.text(k).rstrip()) for k in range(i, end))
    )
    while i < len(state):
        line = state.lines[i]
        if line.blank or state.is_furniture(i):
            break
        opened = item_start(line.text)
        lone = lone_marker(state, i) if opened is None else None
        if lone is not None:
            nxt = state.lines[i + 1]
            indent = len(nxt.text) - len(nxt.text.lstrip(" \t"))
            items.append(ListItem(clean(nxt.text), Span(line.no, nxt.no), lone, "bullet", indent))
            i += 2
            continue
        if opened is not None:
            marker, kind, text = opened
            indent = len(line.text) - len(line.text.lstrip(" \t"))
            if kind != "bullet" and items and indent < min(it.indent for it in items):
                break  # "4. Objectifs poursuivis" at the margin after indented "1." to "4.": a heading
            if (
                kind == "number"
                and items
                and all(it.marker_kind == "bullet" and it.indent == indent for it in items)
            ):
                break  # "3. Objectifs poursuivis" after "•<TAB>" items at its level: a heading
            items.append(ListItem(clean(text), Span.of(line.no), marker, kind, indent))
        elif (items and _TABBED.match(line.text) and state.lines[i - 1].text.startswith("\t")) or (
            items
            and (
                _continues_item(
                    line.text, state.lines[i - 1].text, items[-1].indent, state.hard_wrapped
                )
                or (
                    state.hard_wrapped
                    and not _outdented(line.text, state.lines[i - 1].text, items[-1].indent)
                    and _did_not_fit(line.text, state.lines[i - 1].text, width)
                    and not _LABELLED.match(clean(line.text))
                )
            )
            and not interrupts(state, i)  # type: ignore[operator]
            and not _columns_under(line.text, state.lines[i - 1].text)
        ):
            prev = items[-1]
            prev.text = clean(join_wrapped(prev.text, clean(line.text)))
            prev.span = prev.span.union(Span.of(line.no))
        else:
            break
        i += 1
    state.blocks.append(ListBlock(Span(items[0].span.first, items[-1].span.last), items))
    state.pos = i
    return True
