"""Text normalisation shared by the parsers and the matcher.

Two levels: `clean` keeps the text as a reader would quote it (typographic noise removed),
`match_key` folds it for comparison (accents, case, hyphenation, plural s).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
        "\f": "",
        "\v": "",
    }
)

_WS = re.compile(r"[ \t]+")
# a footnote's mark on a figure ("79²", "50,9 %¹"): no digit of it (NFKD would make "79²" 792);
# a unit's exponent ("m²") follows a letter and stays
_FOOTNOTE_MARK = re.compile(r"(?<=[\d%])[¹²³⁰⁴-⁹]+")
_BOLD = re.compile(r"\*\*")
_HYPHEN_BREAK = re.compile(r"(\w)- (\w)")
_HTML_TAG = re.compile(r"<[^>]{0,200}>")


_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st"}
)  # fmt: skip
# box-drawing tables (w3m, psql, tabulate's fancy_grid) read as grid tables: "+", "-", "|"
_BOX = str.maketrans(
    {**{c: "-" for c in "─━┄┅┈┉"}, **{c: "=" for c in "═"}, **{c: "|" for c in "│┃║┆┇┊┋"},
     **{c: "+" for c in "┌┐└┘├┤┬┴┼┍┑┕┙┝┥┯┷┿╒╓╔╕╖╗╘╙╚╛╜╝╞╟╠╡╢╣╤╥╦╧╨╩╪╫╬"}}
)  # fmt: skip
_LINE = _QUOTES | _LIGATURES | _BOX  # one pass over each source line
# pdfminer writes a glyph it cannot map as "(cid:N)": at the start of a line, a bullet
_CID_BULLET = re.compile(r"^(\s*)\(cid:\d+\)\s*")


# a closing guillemet some authors pick as their bullet ("» Tenir une permanence …"); inside a
# paragraph that left a « quotation » open, a line opening with one is that quotation's end
_GUILLEMET_ITEM = re.compile(r"^(\s*)»(?=\s+[^\W\d_])")


def guillemet_bullets(lines: list[str]) -> list[str]:
    """Lines opened by "» " read as bullet items ("• "), unless a line above in the same
    paragraph left a quotation open: "… des ateliers «" / "premiers pas" / "» aux seniors" is
    one phrase wrapped."""
    out, opened = [], 0  # quotations open since the last blank line
    for text in lines:
        if not opened:
            text = _GUILLEMET_ITEM.sub(r"\1•", text)
        opened = max(0, opened + text.count("«") - text.count("»")) if text.strip() else 0
        out.append(text)
    return out


def clean_line(text: str) -> str:
    """Normalise a raw line (quotes, exotic spaces, typographic ligatures, box-drawing
    borders, unmapped bullet glyphs) but keep tabs: they delimit table cells."""
    return _CID_BULLET.sub(r"\1• ", text.translate(_LINE)).rstrip("\r\n")


_PANDOC_SPAN = re.compile(r"\[([^\]]*)\]\{[^}]*\}")  # "[Article 1]{.underline}"
_HARD_BREAK = re.compile(r"(?<!\\)\\$")  # pandoc's line break: a backslash at the end
# Markdown's escapes of punctuation ("\\-", "1\\.", "\\*"), as Google Docs and pandoc write them
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    """Markdown's backslash escapes undone: "\\- Organiser" is "- Organiser"."""
    return _ESCAPE.sub(r"\1", text)


def strip_markup(text: str) -> str:
    """Remove Markdown bold, escapes, pandoc spans and line breaks, HTML tags; collapse spaces."""
    text = _PANDOC_SPAN.sub(r"\1", _HARD_BREAK.sub("", text.rstrip()))
    text = _BOLD.sub("", text)
    text = unescape(text)
    text = _HTML_TAG.sub(" ", text)
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=1 << 16)  # readers ask again of the same lines: a tenth of a conversion
def clean(text: str) -> str:
    """Text as it should be quoted in the graph: markup removed, spaces collapsed."""
    return strip_markup(_FOOTNOTE_MARK.sub("", text.translate(_QUOTES)))


def without_pictograms(text: str) -> str:
    """The text without the pictograms that open it ("👥 Population", "📉 Taux de chômage"):
    symbols, their joiners and variation selectors; a sign that says something ("+ de 60
    ans", "< 25 ans") stays."""
    i = 0
    while i < len(text) and (
        text[i].isspace() or unicodedata.category(text[i]) in {"So", "Sk", "Cf", "Mn"}
    ):
        i += 1
    return text[i:] if i < len(text) else text


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lowercase, accent-free, apostrophes unified: for heading and keyword detection."""
    text = unicodedata.normalize("NFKD", _FOOTNOTE_MARK.sub("", text.translate(_QUOTES)))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("œ", "oe").replace("æ", "ae")


def fold_same_length(text: str) -> str:
    """`fold` that keeps every character in place (œ → o), so positions found in the folded
    text are positions in the original."""
    out = []
    for c in text.translate(_QUOTES) if len(text.translate(_QUOTES)) == len(text) else text:
        base = unicodedata.normalize("NFKD", c)[:1] or c
        out.append(base.lower() if base.isalpha() else c.lower() if len(c.lower()) == 1 else c)
    return "".join(out)


def match_key(text: str) -> str:
    """Key used to decide that two labels are the same concept.

    Folds accents and case, joins words hyphenated across a line break ("psycho- sociales"),
    drops hyphens and punctuation, and strips a final plural s on every word ("en particuliers").
    """
    text = clean(text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = fold(text).replace("-", "")
    text = re.sub(r"[^a-z0-9' ]+", " ", text)
    text = text.replace("'", " ")
    words = [w[:-1] if len(w) > 3 and w.endswith(("s", "x")) else w for w in text.split()]
    return " ".join(words)


def slug(text: str, max_len: int = 60) -> str:
    """URL path segment from a label: stable, readable, ASCII."""
    text = fold(clean(text))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_len:
        text = text[:max_len].rsplit("-", 1)[0]
    return text or "x"


def continues(text: str) -> bool:
    """True when a fragment cannot start an item: it does not open with a capital letter
    ("(bus mobile…)", "de 2 mois…", "permanent d'activités…")."""
    t = clean(text).lstrip("•·→-–*\"' ")
    return bool(t) and not t[0].isupper()


def starts_lower(text: str) -> bool:
    """True when a cell starts in the middle of a sentence (a wrapped continuation)."""
    t = clean(text).lstrip("•·→-–*\"' ")
    return bool(t) and t[0].islower()


_GENERIC_PLACE = re.compile(
    r"\b(quartiers?|cites?|residences?|qpv|qic|le|la|les|l|du|de|des|d|et)\b|[^a-z0-9 ]"
)


def place_key(name: str) -> str:
    """A quartier's name without articles, generic words and punctuation ("Le Regain",
    "Quartier Du Regain" → "regain"): how a name is recognised however it is written."""
    return " ".join(_GENERIC_PLACE.sub(" ", fold(name).replace("'", " ")).split())
