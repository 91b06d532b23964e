"""Split a document into its parts by headings.

Headings are plain lines recognised by what they say, not by position, so sections may come in
any order (Divion puts "Modalités d'animation citoyenne" after the signatures). Table-of-contents
entries are the same headings followed by a tab and a page number; they are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quartiers.reader import Line
from quartiers.textnorm import clean, fold

# kind -> pattern on the folded, markup-free heading text
HEADINGS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern))
    for kind, pattern in [
        ("toc", r"^(table des matieres|sommaire)$"),
        ("preambule", r"^preambule$"),
        ("edito", r"^edito\b"),
        ("quartier", r"^projet (du |de |de la )?quartier\b"),
        ("cartographie", r"^cartographie$"),
        ("portrait", r"^portrait statistique$"),
        ("irritants", r"^les? \W{0,2}\s?irritants\b"),
        ("opportunites", r"^les? \W{0,2}\s?opportunites\b"),
        ("priorites", r"^les enjeux prioritaires\b"),
        ("objectifs", r"^objectifs poursuivis\b"),
        ("organisation", r"^organisation et pilotage\b"),
        ("pilotage", r"^modalites de pilotage\b"),
        ("partenariat", r"^modalites d'animation du partenariat\b"),
        ("citoyenne", r"^modalites d'animation citoyenne\b"),
        ("signataires", r"^les signataires$"),
    ]
]

QUARTIER_PARTS = {"cartographie", "portrait", "irritants", "opportunites", "priorites", "objectifs"}
GOVERNANCE_PARTS = {"organisation", "pilotage", "partenariat", "citoyenne"}

_TOC_TAIL = re.compile(r"(\.{3,})?\s*\t\s*\d*\s*$")


def heading_kind(text: str) -> str | None:
    """The kind of heading this line is, or None. Table rows and long prose are never headings."""
    body = _TOC_TAIL.sub("", text)
    if "\t" in body.strip():
        return None
    t = fold(clean(body)).strip().rstrip(" .:")
    if not t or len(t) > 140:
        return None
    for kind, pattern in HEADINGS:
        if pattern.search(t):
            return kind
    return None


def is_toc_entry(text: str) -> bool:
    return bool(_TOC_TAIL.search(text)) and heading_kind(text) is not None


@dataclass
class Block:
    kind: str  # a heading kind, or "title" for the lines before the first heading
    heading: Line | None
    body: list[Line] = field(default_factory=list)

    @property
    def title(self) -> str:
        return clean(self.heading.text) if self.heading else ""


@dataclass
class Split:
    blocks: list[Block]
    toc: list[Line]


def split(lines: list[Line]) -> Split:
    blocks: list[Block] = [Block("title", None)]
    toc: list[Line] = []
    in_toc = False
    for line in lines:
        if line.blank:
            blocks[-1].body.append(line)
            continue
        if is_toc_entry(line.text) and (in_toc or blocks[-1].kind in {"title", "toc"}):
            toc.append(line)
            in_toc = True
            continue
        kind = heading_kind(line.text)
        if kind is not None:
            in_toc = kind == "toc"
            blocks.append(Block(kind, line))
            continue
        in_toc = False
        blocks[-1].body.append(line)
    return Split(blocks, toc)
