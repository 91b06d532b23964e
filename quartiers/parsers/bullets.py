"""Items inside one table cell, as extraction leaves them on a line: bullet glyphs, HTML list
fragments and `<br>`, numbered items ("1. … 2. …", "1) … 2) …", "a) … b) …") and dash items.

A cell's items are split only on markers a cell really uses: a number counts as a marker when
the numbers run in sequence from 1 (so "article 3." or "47 logements" never split a cell), and a
dash when the cell opens with one.
"""

from __future__ import annotations

import re

from quartiers.blocks.lists import GLYPHS, item_start

# a glyph inside a cell needs spaces around it (a hyphen or a dash never counts here)
_INLINE_GLYPH = re.compile(
    rf"(?:^|\s)[{re.escape(GLYPHS.replace('-', '').replace('–', '').replace('—', ''))}](?=\s)"
)
_HTML_ITEM = re.compile(r"<li[^>]*>|<br\s*/?>", re.I)
_HTML_LIST = re.compile(r"</?(ul|ol|li|p|br)\b[^>]*>", re.I)
_NUMBERED = re.compile(r"(?:^|(?<=\s))(?P<n>\d{1,2}|[a-h])(?P<close>[.)])\s+(?=\S)")
_DASH = re.compile(r"(?:^|\s)[–—-]\s+(?=[A-ZÉÈÀÂÎÔ])")


def bullet_text(line: str) -> str | None:
    """The item text if the line starts with a list marker, else None."""
    opened = item_start(line)
    return opened[2].strip() if opened else None


def has_html_list(text: str) -> bool:
    return bool(_HTML_LIST.search(text))


def _numbered(text: str) -> list[str] | None:
    """Pieces of "1. A 2. B 3. C" (or "1) …", "a) …"), only when the markers run 1, 2, 3…"""
    marks = list(_NUMBERED.finditer(text))
    for start in range(len(marks)):
        first = marks[start].group("n")
        if first not in {"1", "a"}:
            continue
        seq, want = [marks[start]], 1
        close = marks[start].group("close")
        for m in marks[start + 1 :]:
            n = m.group("n")
            expected = str(want + 1) if first == "1" else chr(ord("a") + want)
            if n == expected and m.group("close") == close:
                seq.append(m)
                want += 1
        if len(seq) < 2 and text[: seq[0].start()].strip():
            continue
        pieces = [text[: seq[0].start()]] if text[: seq[0].start()].strip() else []
        for a, b in zip(seq, [*seq[1:], None], strict=True):
            pieces.append(text[a.end() : b.start() if b else len(text)])
        return pieces
    return None


def split_inline(text: str) -> tuple[list[str], bool]:
    """Split a table cell into its items. Returns the pieces (HTML removed) and whether the
    cell marks its items (bullets, list tags, numbers, dashes)."""
    text = re.sub(r"</?(ul|ol)\b[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"</?p\b[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"</li>", " ", text, flags=re.I)
    marked = False
    pieces = [text]
    if _HTML_ITEM.search(text):
        pieces, marked = _HTML_ITEM.split(text), True
    out: list[str] = []
    for piece in pieces:
        parts = _INLINE_GLYPH.split(piece)
        if len(parts) > 1:
            marked = True
        for part in parts:
            numbered = _numbered(part.strip())
            if numbered is not None:
                marked = True
                out += numbered
            elif part.lstrip().startswith(("– ", "— ", "- ")) and len(_DASH.split(part)) > 1:
                marked = True
                out += _DASH.split(part)
            else:
                out.append(part)
    return out, marked
