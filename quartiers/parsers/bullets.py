"""Bullet glyphs and HTML list fragments, as PDF extraction leaves them."""

from __future__ import annotations

import re

# "-", "•", "·", "→", "*", "–", "▪", "◦", "➢", private-use glyphs of Symbol/Wingdings fonts
GLYPHS = "-•·→*–▪◦➢►✓\uf0a7\uf0b7\uf0d8\uf076\uf0fc\u25cf\u25aa"
_LEADING = re.compile(rf"^\s*(?:<li[^>]*>\s*|[{re.escape(GLYPHS)}]\s*)")
_HTML_LIST = re.compile(r"</?(ul|ol|li|p)\b[^>]*>", re.I)
# a bullet inside a cell: glyph surrounded by spaces (a hyphen needs spaces both sides)
_INLINE = re.compile(
    rf"(?:^|\s)[{re.escape(GLYPHS.replace('-', '').replace('–', ''))}](?=\s)|<li[^>]*>"
)


def bullet_text(line: str) -> str | None:
    """The item text if the line starts with a bullet, else None."""
    m = _LEADING.match(line)
    if not m:
        return None
    if line.lstrip().startswith("-") and not re.match(r"^\s*-\s", line):
        return None  # "-25 ans" is not a bullet
    return line[m.end() :].strip()


def has_html_list(text: str) -> bool:
    return bool(_HTML_LIST.search(text))


def split_inline(text: str) -> list[str]:
    """Split a table cell into its bullets. Returns the pieces with the HTML removed."""
    text = re.sub(r"</?(ul|ol)\b[^>]*>", " ", text, flags=re.I)
    text = re.sub(r"</?p\b[^>]*>", " ", text, flags=re.I)
    parts = _INLINE.split(text)
    return [p for p in (re.sub(r"</li>", " ", x) for x in parts)]
