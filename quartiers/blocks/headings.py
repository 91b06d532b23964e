"""Rule: headings marked by their layout — Markdown `#`, HTML `<hN>`, a line underlined with
`=`, `-` or `~` (Markdown's setext headings, reStructuredText, odt2txt), or a numbering (`2.`,
`2.3.`, `II.`, `A)`). Plain-line headings ("Portrait statistique") are recognised later, by
meaning, in `sections`: a reader does not know what the words say."""

from __future__ import annotations

import re

from quartiers.blocks import toc
from quartiers.blocks.lists import item_start
from quartiers.blocks.state import BlockState
from quartiers.document import Heading
from quartiers.span import Span
from quartiers.textnorm import clean
from quartiers.wording import cut_mid_phrase

_MARKDOWN = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
# AsciiDoc: "== Préambule" (the document title "= …" is level 1 too); MediaWiki and AsciiDoc's
# symmetric form close it with the same "==" ("== Préambule ==")
_ASCIIDOC = re.compile(r"^(?P<hashes>={1,6})\s+(?P<title>\S.*?)(?:\s+(?P=hashes))?\s*$")
_HTML = re.compile(r"^\s*<h(?P<level>[1-6])\b[^>]*>(?P<title>.*?)</h(?P=level)>\s*$", re.I)
_ROMAN = r"(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})"
NUMBERING = re.compile(
    rf"^\s*(?:\*\*)?\s*(?P<num>(?:\d{{1,2}}\.){{1,4}}\d{{0,2}}|\d{{1,2}}\)|{_ROMAN}(?:\.\d{{1,2}}){{1,3}}\.?"
    # "II.F.3) Enjeu 3 – …", "I.A.1 Le quartier": a part, a letter, a number
    rf"|{_ROMAN}\.[A-H]\.\d{{1,2}}\b[.)]?|{_ROMAN}\.[A-H]\b\.?|[A-H]\.\d{{1,2}}\b\.?"
    rf"|{_ROMAN}[.)]|{_ROMAN}(?=\s+[-–—:]\s)|[A-H][.)]|[A-H](?=\s+[-–—]\s)|§\s?\d{{1,2}}"
    # "1 – LE QUARTIER …", "1.1 – Identification": a number, a spaced dash, a capital
    rf"|\d{{1,2}}(?:\.\d{{1,2}})?(?=\s+[-–—]\s+[A-ZÀ-Ý«])|\d{{1,2}}/(?=\s+[A-ZÀ-Ý«])"
    # "2.a Identification", "3.e Objectifs et plan d'actions": a part's number, a letter
    rf"|\d{{1,2}}\.[a-h](?=[.)]?\s+[A-ZÀ-Ý«])[.)]?)"
    # "II.Le quartier", "1.Fiche d'identité": a word processor's numbering glued to its title
    r"(?:\s*[-–—:]?\s+|(?<=\.)(?=[A-ZÀ-Ý][a-zà-ÿ]))(?P<title>\S.*?)\s*(?:\*\*)?\s*$"
)
# "PARTIE 5 – LES SIGNATAIRES", "Chapitre II : …", "PARTIE A — LE QUARTIER"
PART = re.compile(
    rf"^\s*(?:\*\*)?\s*(?i:partie|chapitre|titre|section|article)\s+(?P<num>\d{{1,2}}|{_ROMAN}|[A-H]|(?i:premier|1er))\s*"
    r"(?:[-–—:.]|--)?\s+"
    r"(?P<title>\S.*?)\s*(?:\*\*)?\s*$"
)
MAX_TITLE = 120
# Word's plain text of a numbered title: the numbering, then a tab ("2.<TAB>Le quartier",
# "II.A.<TAB>…", "A.<TAB>Identification")
NUMBER_TAB = re.compile(
    r"^(\s*(?:\d{1,2}\.){1,4}\d{0,2}|\s*[IVX]{1,4}\.?(?:[A-H]\.?)?|\s*[A-H]\.)\t+(?=\S)"
)
_ORG = re.compile(r"^(?P<stars>\*+) +(?:(?:TODO|DONE) +)?(?P<title>\S.*?)(?:\s+:[\w@:]+:)?\s*$")
_ORG_TITLE = re.compile(r"^#\+title\s*:\s*(?P<title>\S.*?)\s*$", re.I)
_UNDERLINE = re.compile(r"^\s{0,3}(?P<c>[=\-~^])(?P=c){2,}\s*$")
_SETEXT_LEVEL = {"=": 1, "-": 2}


def split_numbering(text: str) -> tuple[str, str] | None:
    """(numbering, title) of a numbered line, whatever the numbering's form."""
    m = NUMBERING.match(text) or PART.match(text)
    return (m.group("num"), m.group("title")) if m else None


def parse_numbering(num: str) -> tuple[int, bool]:
    """(level, single-level arabic) of a numbering as written."""
    n = num.rstrip(".)")
    if n[:1].isdigit() or "." in n:
        parts = [p for p in n.split(".") if p]
        return len(parts), len(parts) == 1 and n[:1].isdigit()
    if len(n) == 1 and n in "ABCDEFGH":
        return 3, False
    return 1, False


def _title_like(title: str) -> bool:
    t = clean(title)
    return (
        0 < len(t) <= MAX_TITLE
        and (t[0].isupper() or t[0] in "«\"'(" or t[0].isdigit())
        and not t.endswith((";", ","))
    )


def numbered(text: str) -> tuple[str, str] | None:
    """(numbering, title) when the line reads as a numbered title; a tab may separate the two
    ("2.1<TAB>Portrait statistique", as Word exports its numbered headings)."""
    # LibreOffice's outline numbering: "2<TAB>Le quartier …" (its text export: two spaces), a
    # bare number and a tab
    text = re.sub(r"^(\s*\d{1,2})(?:\t+| {2,})(?=[^\t\s][^\t]*$)", r"\1. ", text)
    # Word's "2.1<TAB>…", "II.A<TAB>…", "A.<TAB>Identification"
    text = re.sub(r"^(\s*(?:[\dIVX.)]+(?:[A-H]\.?)?|[A-H][.)]))\t+(?=[^\t]+$)", r"\1 ", text)
    found = split_numbering(text)
    if found is None or "\t" in text or not _title_like(found[1]):
        return None
    if _LETTERED.match(found[0]) and text[:1].isspace():
        return None  # "      1.a Accueillir chaque mois une": a sub-item set in a table's cell
    return found[0], clean(found[1])


_LETTERED = re.compile(r"\d{1,2}\.[a-h]\b")


def setext(state: BlockState, i: int) -> bool:
    """A title alone on its line (after a blank line or the document's start), the next line
    underlining it with one character repeated over most of its length."""
    if i + 1 >= len(state) or state.blank(i) or (i and not state.blank(i - 1)):
        return False
    text, under = state.text(i).strip(), _UNDERLINE.match(state.text(i + 1))
    if under is None or "\t" in text or text.startswith(("|", "+", "-", "*", "•")):
        return False
    width = len(state.text(i + 1).strip())
    return _title_like(text) and 0.6 * len(text) <= width <= len(text) + 6


def org(state: BlockState, i: int) -> re.Match[str] | None:
    """An org-mode heading ("** Portrait statistique", level = stars), or the file's
    "#+TITLE:", in a file that reads as org-mode."""
    return (_ORG.match(state.text(i)) or _ORG_TITLE.match(state.text(i))) if state.org else None


# dashes and stars open list items, never headings
_NO_HEADING_GLYPH = set("-*–—+o")


def _glyph(text: str) -> tuple[str, str] | None:
    """(glyph, title) of a line opened by a bullet glyph."""
    found = item_start(text)
    if found is None or found[1] != "bullet" or found[0] in _NO_HEADING_GLYPH:
        return None
    return found[0], found[2]


def heading_glyphs(state: BlockState) -> frozenset[str]:
    """The glyphs this document sets before its headings rather than its list items ("■
    PRÉAMBULE", "■ QUARTIER : Les 3 Îlots"): every line the glyph opens stands alone, after a
    blank line (a heading's space above it) and before a line it does not open (a list, even
    of items wrapped or a paragraph each, has two running), and reads as a short title, not
    cut mid-phrase; at least two such lines."""
    if state.heading_glyphs is None:
        lines: dict[str, list[tuple[int, str]]] = {}
        for i in range(len(state)):
            found = None if state.blank(i) else _glyph(state.text(i))
            if found is not None:
                lines.setdefault(found[0], []).append((i, clean(found[1])))

        def alone(i: int, title: str, glyph: str) -> bool:
            if not _title_like(title) or title.endswith(".") or len(title) > 90:
                return False
            if cut_mid_phrase(title) or (i and not state.blank(i - 1)):
                return False
            after = state.next_content(i + 1)
            return after >= len(state) or (_glyph(state.text(after)) or ("",))[0] != glyph

        state.heading_glyphs = frozenset(
            g
            for g, found in lines.items()
            if len(found) >= 2 and all(alone(i, title, g) for i, title in found)
        )
    return state.heading_glyphs


def glyph_heading(state: BlockState, i: int) -> str | None:
    """The title of a heading opened by one of the document's heading glyphs."""
    found = _glyph(state.text(i))
    return clean(found[1]) if found and found[0] in heading_glyphs(state) else None


def rule(state: BlockState) -> bool:
    i = state.pos
    text = state.text(i)
    no = state.lines[i].no
    title = glyph_heading(state, i)
    if title is not None:
        n = numbered(title)
        numbering, title = (n[0], n[1]) if n else (None, title)
        state.blocks.append(Heading(Span.of(no), title, 1, numbering, "glyph"))
        state.pos = i + 1
        return True
    m = org(state, i)
    if m is not None:
        level = len(m.group("stars")) if "stars" in m.groupdict() else 1
        n = numbered(m.group("title"))
        # "*** Notre quartier ***": stars closing the title too are its decoration
        numbering, title = (n[0], n[1]) if n else (None, clean(m.group("title")).rstrip("* "))
        state.blocks.append(Heading(Span.of(no), title, level, numbering, "org"))
        state.pos = i + 1
        return True
    if setext(state, i):
        level = _SETEXT_LEVEL.get(state.text(i + 1).strip()[0], 3)
        title = clean(text).strip("* ")
        n = numbered(title)
        numbering, title = (n[0], n[1]) if n else (None, title)
        span = Span(no, state.lines[i + 1].no)
        state.blocks.append(Heading(span, title, level, numbering, "markdown"))
        state.pos = i + 2
        return True
    m = _MARKDOWN.match(text) or _HTML.match(text) or _ASCIIDOC.match(text)
    if m:
        level = len(m.group("hashes")) if "hashes" in m.groupdict() else int(m.group("level"))
        title = clean(m.group("title")).strip("* ")
        if not title:
            return False
        marker = "markdown" if "hashes" in m.groupdict() else "html"
        n = numbered(title)
        numbering, title = (n[0], n[1]) if n else (None, title)
        state.blocks.append(Heading(Span.of(no), title, level, numbering, marker))
        state.pos = i + 1
        return True
    n = numbered(text)
    if n is None:
        n = number_then_title(state, i)
        if n is not None:  # "2.1" alone, the title on the next line (unrtf, some PDFs)
            num, title = n
            span = Span(no, state.lines[i + 1].no)
            level = parse_numbering(num)[0]
            state.blocks.append(Heading(span, title, level, num, "numbered"))
            state.pos = i + 2
            return True
        return False
    num, title = n
    level, single = parse_numbering(num)
    if single and not PART.match(text):  # "Article 4 – …" says it is a heading
        # "1. Organiser …" in a run of items is a list; a numbered line standing alone, short and
        # not a sentence, is a heading (sections checks it against the document's numbering)
        before = i == 0 or state.blank(i - 1) or state.is_furniture(i - 1)
        after = i + 1 >= len(state) or state.blank(i + 1) or state.is_furniture(i + 1)
        # "3  Le quartier …" then "3.1  Identification": its first child says it is a heading,
        # wherever it stands (a text export without blank lines)
        # "4/ La cité des Alouettes" over "Identification": a numbering lists do not use, after
        # a blank line, the next line no item of the same kind
        below_n = numbered(state.text(i + 1)) if i + 1 < len(state) else None
        slash = num.endswith("/") and before and below_n is None
        if not (
            (before and after)
            or has_first_child(state, i)
            or (before and _child_below(state, i))
            or slash
            or toc.lists(state, text)  # the document's contents name it
        ):
            return False
        if title.endswith(".") or len(title) > 90:
            return False
    span = Span.of(no)
    below = state.text(i + 1) if i + 1 < len(state) else ""
    if closes_quote(title, below) and len(below.strip()) <= 40:
        # "Partie 2 – Le quartier … « Cité des" / "Marronniers »": a title wrapped in its quotes
        title = f"{title} {clean(state.text(i + 1))}"
        span, i = Span(no, state.lines[i + 1].no), i + 1
    elif cut_at_hyphen(title, below):
        title = f"{title}{clean(below)}"
        span, i = Span(no, state.lines[i + 1].no), i + 1
    state.blocks.append(Heading(span, title, level, num, "numbered"))
    state.pos = i + 1
    return True


def cut_at_hyphen(text: str, below: str) -> bool:
    """A title wrapped at a compound's hyphen ("… ET DU ROND-" / "POINT", "… CITÉ SAINTE-" /
    "BARBE"): the line below is the compound's end, a few words in the title's case."""
    rest = clean(below)
    if not re.search(r"\w-$", text.rstrip()) or not rest or len(rest.split()) > 3:
        return False
    if rest.endswith((".", ",", ";", ":")) or not rest[0].isupper():
        return False
    return rest == rest.upper() or text != text.upper()


def closes_quote(text: str, below: str) -> bool:
    """The line below closes the « quotation » the text opened: a title wrapped inside its
    quotes."""
    return text.count("«") > text.count("»") and below.count("»") > below.count("«")


def _first_child(num: str, text: str) -> bool:
    """Whether `text` is the first numbered subheading of heading `num` ("2." then "2.1 …")."""
    n = numbered(text)
    return n is not None and n[0].rstrip(".") == f"{num.rstrip('.)')}.1"


def has_first_child(state: BlockState, i: int) -> bool:
    """Whether line i is a single-level numbered title whose next line is its first child."""
    n = numbered(state.text(i))
    return (
        n is not None
        and parse_numbering(n[0])[1]
        and i + 1 < len(state)
        and _first_child(n[0], state.text(i + 1))
    )


_FIELD = re.compile(r"^\s*[A-ZÀ-Ý][\w'’ ()-]{1,40}?\s*:\s*\S")


def _child_below(state: BlockState, i: int) -> bool:
    """Line i, a single-level numbered title, and the next numbered line a few lines below it
    is its first child ("3. Le territoire vulnérable « … »", its fields, then "3.1 Quelques
    chiffres clés")."""
    n = numbered(state.text(i))
    # its next line is a field ("Statut : …"), not the title's end wrapped onto it
    if n is None or i + 1 >= len(state) or not _FIELD.match(state.text(i + 1)):
        return False
    for k in range(i + 1, min(len(state), i + 8)):
        if state.blank(k) or state.is_furniture(k):
            continue
        if numbered(state.text(k)) is not None:
            return _first_child(n[0], state.text(k))
    return False


_BARE_NUMBERING = re.compile(rf"^\s*(?P<num>(?:\d{{1,2}}\.){{1,4}}\d{{0,2}}|{_ROMAN}\.)\s*$")


def number_then_title(state: BlockState, i: int) -> tuple[str, str] | None:
    """(numbering, title) of a numbering alone on its line ("2.1", "3.", "II.": a page number
    has no dot) followed by a short title."""
    m = _BARE_NUMBERING.match(state.text(i))
    if m is None or not m.group("num").strip(".") or i + 1 >= len(state) or state.blank(i + 1):
        return None
    title = clean(state.text(i + 1))
    if not _title_like(title) or title.endswith(".") or len(title) > 90:
        return None
    return m.group("num"), title


def is_heading(text: str) -> bool:
    """Whether the line is a heading by its marks alone (a lone "1." line is decided by the
    rule, which sees the lines around it)."""
    if _MARKDOWN.match(text) or _HTML.match(text) or _ASCIIDOC.match(text):
        return True
    n = numbered(text)
    return n is not None and not parse_numbering(n[0])[1]
