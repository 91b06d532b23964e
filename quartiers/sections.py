"""The document's parts, recognised by meaning: blocks → sections.

A heading marked by its layout (numbered, `#`, `<hN>`) is a section whatever it says; its kind
comes from the vocabulary (`vocab/sections.toml`, matched on the folded title), else it is an
`unknown` section, kept and reported, never merged into the one before it. A plain line is a
heading only when its words name a section kind ("Portrait statistique", "LES SIGNATAIRES").
Sections may come in any order (Divion puts "Modalités d'animation citoyenne" after the
signatures).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from quartiers.blocks.headings import NUMBER_TAB, closes_quote, cut_at_hyphen, split_numbering
from quartiers.blocks.paragraphs import paragraph
from quartiers.document import Block, Document, Heading, Line, ListBlock, Paragraph, Table
from quartiers.framework import Strategy
from quartiers.span import Span
from quartiers.textnorm import clean, fold, place_key, starts_lower
from quartiers.wording import cut_mid_phrase

VOCABULARY = Path(__file__).resolve().parent / "vocab" / "sections.toml"
MAX_PLAIN_TITLE = 120
_TOC_TAIL = re.compile(r"(\.{3,})?\s*\t\s*\d*\s*$")
_SIGNED = re.compile(r"^(fait|signe)e?s? a [a-z]")
_FIELD = re.compile(
    r"^\W*(statut|code( du| de)?( quartier| qpv)?|communes? concernees?)\b\W*(?::|\.{3,})"
)


# "Orientation 1.1 – …", "Objectif opérationnel 2.2.3 : …": a strategy's title named with its
# level's word (folded)
_LEVEL_WORD = re.compile(
    r"^(?:orientation|objectif(?: strategique| operationnel)?)\s*(?:n\s*°\s*)?\d"
)


@dataclass(frozen=True)
class Kind:
    name: str
    scope: str  # document | quartier | opens_quartier | inline
    titles: tuple[re.Pattern[str], ...]
    keywords: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=4)
def vocabulary(path: Path = VOCABULARY) -> tuple[Kind, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        Kind(
            k["name"],
            k["scope"],
            tuple(re.compile(p) for p in k["titles"]),
            tuple(re.compile(p) for p in k["keywords"]),
        )
        for k in data["kind"]
    )


def kind_named(name: str) -> Kind:
    return next(k for k in vocabulary() if k.name == name)


def title_key(text: str) -> str:
    """A title folded for matching: markup, numbering, TOC tail and final punctuation removed."""
    t = _TOC_TAIL.sub("", text)
    t = clean(t).strip("*# ")
    found = split_numbering(t)
    if found:
        t = found[1]
    t = fold(t).replace("«", '"').replace("»", '"')
    return re.sub(r"\s+", " ", t).strip().rstrip(" .:").strip("*_ ")


# "Annexe 2 – Tableau de programmation": an annex that holds a part of the convention proper
_ANNEX = re.compile(r"^annexes?(?: n ?°)? ?(?:\d{1,2}|[ivx]{1,4}|[a-h])\b ?[-–—:.]? ?(?=\w)")
_ANNEX_TITLED = re.compile(r"^annexes? ?[-–—:.] ?(?=\w)")  # "Annexe : composition du …"


def classify(title: str, *, marked: bool) -> Kind | None:
    key = title_key(title)
    if not key:
        return None
    numbered = _ANNEX.match(key)
    m = numbered or _ANNEX_TITLED.match(key)
    inner = _kind(key[m.end() :], marked) if m else None
    # the quartiers' objectives tables, set at the end of the document (a numbered annex);
    # the comité de pilotage's composition, whose members are partners
    if inner is not None and (inner.name == "pilotage" or (inner.name == "objectifs" and numbered)):
        return inner
    # "Annexe 2 – Fiche du quartier Rimbert": a quartier presented in an annex, by its whole
    # title (a keyword, "Annexe 3 – Quartiers et équipements", names none)
    if m and (whole := _kind(key[m.end() :], marked=False)) and whole.name == "quartier":
        return whole
    return _kind(key, marked)


def _kind(key: str, marked: bool) -> Kind | None:
    """The kind whose titles the key reads as; a marked heading (numbered, styled) may also be
    named by a kind's keywords, but a whole title known to one kind ("Le quartier en quelques
    chiffres": a portrait) wins over another's keyword ("quartier")."""
    for kind in vocabulary():
        if any(p.search(key) for p in kind.titles):
            return kind
    if marked:
        for kind in vocabulary():
            if any(p.search(key) for p in kind.keywords):
                return kind
    return None


def plain_heading(line: Line) -> Kind | None:
    """The section kind a plain line names, if it reads as a title and not as a sentence or a
    `label : value` field."""
    raw = NUMBER_TAB.sub(r"\1 ", line.text)  # Word's "2.<TAB>Le quartier …": a numbering
    text = clean(_TOC_TAIL.sub("", raw))
    if not text or len(text) > MAX_PLAIN_TITLE or "\t" in raw.strip():
        return None
    if text.endswith(".") and not text.endswith("..."):
        return None
    if text[:1].islower():
        return None  # "ressources de première nécessité": the end of a wrapped line, no title
    if _is_field(text):
        return None  # "Statut : Quartier prioritaire…": a field of the quartier, no title
    if cut_mid_phrase(text):
        return None  # "Le quartier du Regain regroupe les cités situées de part et": wrapped
    if len(line.text) - len(line.text.lstrip(" ")) > 40:
        return None  # far right of the page (pdftotext -layout): a table's cell, no title
    if re.search(r"\S {3,}\S", _TOC_TAIL.sub("", line.text).strip()):
        return None  # "Quartier      Code      Communes": a row of columns, no title
    # "Chiffres clés (source : sigville 2022, ancien périmètre)": the title before its aside
    bare = re.sub(r"\s*\([^()]*\)$", "", text) or text
    return classify(text, marked=False) or classify(bare, marked=False) or _part_of_a_quartier(text)


def _part_of_a_quartier(text: str) -> Kind | None:
    """A part's title qualified by its quartier ("Quartier Terre-Noeve : diagnostic partagé",
    "Portrait statistique – Cité des Alouettes"): the part's kind; the title keeps the name."""
    parts = re.split(r"\s+[–—-]\s+|\s*:\s+", text, maxsplit=1)
    if len(parts) != 2:
        return None
    for part, other in ((parts[1], parts[0]), (parts[0], parts[1])):
        kind = classify(part, marked=False)
        if kind is not None and kind.scope == "quartier" and _PLACE_WORDS.match(fold(other)):
            return kind
    return None


@dataclass
class Section:
    kind: str  # a vocabulary kind, "title" (before the first heading) or "unknown"
    scope: str
    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""

    @property
    def span(self) -> Span | None:
        spans = [b.span for b in self.blocks] + ([self.heading.span] if self.heading else [])
        if not spans:
            return None
        return Span(min(s.first for s in spans), max(s.last for s in spans))


# "Fiche action n° 3 – Le bus des droits", "FICHE-ACTION A2", "Fiche n°12 : …" (folded)
FICHE_TITLE = re.compile(
    r"^\W*fiches?(?:[ -]actions?)?\s*(?:n\s*[°o]\s*|numero\s*)?[a-z]?\d{1,3}\b"
)


def _numbers(numbering: str | None) -> list[int] | None:
    if not numbering:
        return None
    parts = [p for p in numbering.rstrip(".)").split(".") if p]
    out: list[int] = []
    for p in parts:
        if p.isdigit():
            out.append(int(p))
        elif len(p) == 1 and "a" <= p <= "h" and out:  # "2.a", "2.b": a part's sub-parts
            out.append(ord(p) - ord("a") + 1)
        elif p and all(c in _ROMAN_VALUES for c in p):
            total = 0
            for a, b in zip(p, p[1:] + " ", strict=True):
                v = _ROMAN_VALUES[a]
                total += -v if b in _ROMAN_VALUES and _ROMAN_VALUES[b] > v else v
            out.append(total)
        else:
            return None
    return out or None


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _continues(path: list[int], last: list[int] | None) -> bool:
    """Whether a numbering follows the document's last one: a next sibling at some level or a
    first child."""
    if last is None:
        return path in ([1], [2], [1, 1])
    if len(path) > len(last) and path[: len(last)] == last and set(path[len(last) :]) == {1}:
        return True  # a first child ("2.1" after "2", "2.1.1" after "2")
    # a next sibling at some level, or its first child when its own heading was missed ("2.1"
    # after "1." when "2. Présentation des quartiers" read as text)
    return any(
        len(path) > k
        and path[:k] == last[:k]
        and path[k] == last[k] + 1
        and set(path[k + 1 :]) <= {1}
        for k in range(len(last))
    )


class _Splitter:
    def __init__(self, strategy: Strategy) -> None:
        self.sections: list[Section] = [Section("title", "document", None)]
        self.last_numbers: list[int] | None = None
        self.strategy = strategy

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def open(self, kind: str, scope: str, heading: Heading) -> None:
        self.sections.append(Section(kind, scope, heading))
        numbers = _numbers(heading.numbering)
        if numbers and heading.marker in {"numbered", "markdown", "html", "plain"}:
            self.last_numbers = numbers

    def heading(self, h: Heading) -> None:
        kind = classify(h.title, marked=True)
        if (kind is not None or _LEVEL_WORD.match(fold(h.title))) and self._outline(h):
            # "1.1.2 Faciliter l'accès aux soins aux ressources …", "2.2.4 Lever les freins à
            # la mobilité", "Orientation 1.1 – Faciliter l'accès aux droits …": the strategy's
            # own titles, whatever word of a part's they hold or none
            self.current.blocks.append(h)
            return
        if (
            self.current.kind in {"partenariat", "unknown"}
            and self.current.heading is not None
            and under(self.current.heading, h)
            and ((kind is not None and kind.name == "enjeu") or self.strategy.enjeu(h.title))
        ):
            # "Article 4 – Engagements des partenaires" over "4.1 Enjeu 1 : Des quartiers
            # attentifs …": the part holds the strategy taken up, the objectives
            self.current.kind, self.current.scope = "objectifs", "quartier"
            self.current.blocks.append(h)
            return
        if kind is not None and kind.scope == "inline":
            self.current.blocks.append(h)
            return
        if kind is not None:
            self.open(kind.name, kind.scope, h)
            return
        numbers = _numbers(h.numbering)
        if (
            h.marker == "numbered"
            and numbers is not None
            and not _continues(numbers, self.last_numbers)
        ):
            # "3. Organiser un forum" or "2.2 Accompagner l'accès à l'emploi" out of the heading
            # sequence, naming no kind of section: an item or the strategy's own numbering
            # quoted in the text, not a section
            self.current.blocks.append(Paragraph(h.span, [], f"{h.numbering} {h.title}"))
            return
        if self.current.kind == "objectifs" and FICHE_TITLE.match(fold(h.title)):
            # "Fiche action n° 1 – Le bus des droits" under the objectives part: its fiches
            # are its actions, each with the objective it serves
            self.current.blocks.append(h)
            return
        if self._outline(h):
            # "I. DES QUARTIERS ATTENTIFS …", "A. Faciliter l'accès aux droits …": the
            # strategy's own outline, over the objectives under it
            self.current.blocks.append(h)
            return
        self.open("unknown", "unknown", h)

    def _outline(self, h: Heading) -> bool:
        """Whether the heading, in the objectives part, is a title of the strategy's."""
        return self.current.kind == "objectifs" and self.strategy.names(h.title)

    def _names_current(self, line: Line) -> bool:
        """Whether the line names the quartier being presented, among its parts."""
        opened = [i for i, sec in enumerate(self.sections) if sec.kind == "quartier"]
        if not opened or opened[-1] == len(self.sections) - 1:
            return False
        return _core(self.sections[opened[-1]].title) == _core(clean(line.text))

    def paragraph(self, p: Paragraph) -> None:
        """Split a paragraph at the plain lines that name a section kind."""
        pending: list[Line] = []

        def flush() -> None:
            if pending:
                self.current.blocks.append(paragraph(list(pending)))
                pending.clear()

        lines = list(p.lines)
        skip = False
        for i, line in enumerate(lines):
            if skip:
                skip = False
                continue
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            kind = None
            # a title wrapped at its hyphen ("LE QUARTIER … CITÉ SAINTE-" / "BARBE") or inside
            # its quotes ("Quartier d'intérêt communautaire « Cité des" / "Cheminots »"):
            # read whole, on the first line's number
            joins = []
            if nxt is not None and cut_at_hyphen(clean(line.text), nxt.text):
                joins.append(f"{line.text.rstrip()}{nxt.text.strip()}")
            if nxt is not None and _quote_opened(line.text, nxt.text):
                joins.append(f"{line.text.strip()} {nxt.text.strip()}")
            for joined in joins:
                whole = Line(line.no, joined)
                if (kind := plain_heading(whole)) is not None:
                    line, skip = whole, True
                    break
            kind = kind or plain_heading(line)
            if kind is not None and kind.name == "quartier" and self._names_current(line):
                kind = None  # a flattened table's column title "Quartier du Regain": no section
            if kind is not None and kind.name == "quartier" and _sentence(line, nxt, skip):
                kind = None  # "Le quartier … s'est construit autour de l'ancienne" / "fosse …"
            if (
                kind is None
                and _SIGNED.match(fold(clean(line.text)))
                and self.current.kind
                not in {
                    "signataires",
                    "title",
                }
            ):
                # "Fait à Lillers, le 17 mars 2025": the signatures begin, whatever the heading
                flush()
                self.open(
                    "signataires", "document", Heading(Span.of(line.no), "", 1, None, "implicit")
                )
                pending.append(line)
                continue
            if kind is None:
                pending.append(line)
                continue
            flush()
            n = split_numbering(clean(line.text))  # "1. Introduction": the outline's numbering
            h = Heading(
                Span(line.no, lines[i + 1].no if skip else line.no),
                clean(_TOC_TAIL.sub("", line.text)),
                1,
                n[0] if n else None,
                "plain",
            )
            if kind.scope == "inline":
                self.current.blocks.append(h)
            else:
                self.open(kind.name, kind.scope, h)
        flush()


def _sentence(line: Line, nxt: Line | None, joined: bool) -> bool:
    """A line opening with "Le quartier …" that is a sentence, not a title: it goes on in
    lower case on the next line, or announces a list ("Le quartier peut s'appuyer sur des
    ressources réelles :")."""
    t = clean(line.text)
    if t.endswith(":") and len(t.split()) >= 5:
        return True
    return not joined and nxt is not None and starts_lower(clean(nxt.text))


def _quote_opened(text: str, below: str) -> bool:
    """A line that opens a « quotation » the line below closes, short enough for a title."""
    return closes_quote(text, below) and len(text.strip()) + len(below.strip()) <= MAX_PLAIN_TITLE


def split(doc: Document, strategy: Strategy | None = None) -> list[Section]:
    """`strategy`: the agglomeration's, whose titles in the objectives part open no part."""
    s = _Splitter(strategy or Strategy())
    for block in doc.body():
        if isinstance(block, Heading):
            s.heading(block)
        elif isinstance(block, Paragraph) and block.lines:
            s.paragraph(block)
        elif isinstance(block, ListBlock) and (cut := _title_in_last_item(doc, block)):
            # "- Associer les habitants …" then "Objectifs poursuivis sur le quartier" at the
            # margin, read as the item's wrapped end: the list, then the title's paragraph
            listed, title = cut
            s.current.blocks.append(listed)
            s.paragraph(Paragraph(Span.of(title.no), [title], title.text))
        elif isinstance(block, ListBlock) and _numbered_title(block):
            # "1) Projet de quartier « … »" right above its text: a numbered heading
            item = block.items[0]
            s.heading(Heading(item.span, item.text, 1, item.marker, "numbered"))
            rest = block.items[1:]
            if rest:
                s.current.blocks.append(ListBlock(Span(rest[0].span.first, block.span.last), rest))
        else:
            s.current.blocks.append(block)
    _promote_name_lines(s.sections)
    _promote_field_headed(s.sections)
    _demote_subject_lines(s.sections)
    for i, sec in enumerate(s.sections):
        nxt = s.sections[i + 1] if i + 1 < len(s.sections) else None
        if sec.kind == "unknown" and i and _first_part_of(s.sections[i - 1], sec):
            # "3. Le territoire vulnérable …" then "3.1 Fiche signalétique" and its fields: the
            # quartier's presentation, whatever its title says
            sec.kind, sec.scope = "presentation", "quartier"
        elif sec.kind == "unknown" and (
            (_opens_with_fields(sec) and not _QUARTIERS.match(title_key(sec.title)))
            or _has_quartier_parts(sec, nxt)
        ):
            # ("Les quartiers prioritaires de Béthune" over a table of both and "Statut :
            # quartiers prioritaires …" presents none of them alone)
            sec.kind, sec.scope = "quartier", "opens_quartier"
    _named_again(s.sections)
    return s.sections


def _first_part_of(quartier: Section, sec: Section) -> bool:
    """An untitled part with the quartier's fields, right under the quartier's heading, with
    nothing between them, numbered as its first child or set a level below."""
    if quartier.kind != "quartier" or quartier.blocks or not _opens_with_fields(sec):
        return False
    if quartier.heading is None or sec.heading is None:
        return False
    return under(quartier.heading, sec.heading)


def _core(title: str) -> str:
    """A quartier's name in a title, as `place_key` recognises it, its status and an aside
    in parentheses left out: "Quartier prioritaire des 3 Îlots (Béthune – Verquin)" → "3 ilots"."""
    return place_key(
        re.sub(r"\(.*?\)|\b(prioritaire|d.interet communautaire)\b", " ", title_key(title))
    )


def _demote_subject_lines(sections: list[Section]) -> None:
    """A quartier's name where no quartier is presented: a line naming several quartiers that
    later sections present one by one ("Quartier du Mont-Liébaut – Quartier des 3 Îlots" on a
    cover page), or a name with nothing under it before another quartier or a section of the
    whole document (the cover's list of quartiers), or on the title page the name of a quartier
    presented later ("Quartier Renaissance (Beuvry – Labourse)" under the document's title). It
    is the document's subject."""
    for i, sec in enumerate(sections):
        if sec.kind != "quartier" or sec.heading is None:
            continue
        nxt = sections[i + 1] if i + 1 < len(sections) else None
        core = _core(sec.title)
        later = [_core(t.title) for t in sections[i + 1 :] if t.kind == "quartier" and t.heading]
        named = [n for n in later if len(n) >= 3 and f" {n} " in f" {core} "]
        several = len(named) >= 2 and core not in later
        empty = not sec.blocks and nxt is not None and nxt.scope in {"opens_quartier", "document"}
        first = all(p.kind == "title" for p in sections[:i])
        # on the title page, the name of a quartier presented later, no field under it
        again = len(core) >= 3 and any(f" {core} " in f" {n} " for n in later)
        cover = first and again and not _opens_with_fields(sec)
        if several or (empty and later) or cover:
            sec.kind, sec.scope = ("title", "document") if first else ("unknown", "unknown")


_FIRST_PARTS = {"presentation", "cartographie", "portrait", "diagnostic"}
_PLACE_WORDS = re.compile(
    r"(l[ea]s? |l')?(quartier|cites?|residences?|qpv|qic|territoire vulnerable)\b"
)


def _name_line(text: str) -> bool:
    """A line that can name a quartier: short, not a sentence, in capitals or naming a place
    ("QUARTIER TERRE-NOEVE", "CITÉ DES TILLEULS", "Quartier du Rietz")."""
    t = clean(text)
    letters = [c for c in t if c.isalpha()]
    if not letters or len(t) > 80 or t.endswith((".", ":", ";", ",")) or "\t" in text.strip():
        return False
    if t.count(")") > t.count("("):
        return False  # "IGN, 2023)": the end of a parenthesis opened on the line above
    if re.search(r"\b(19|20)\d\d\b", t):
        return False  # "ANCT 12/2023": a map's credit, a date; no quartier is named by a year
    return all(c.isupper() for c in letters) or bool(_PLACE_WORDS.match(fold(t)))


def _runs_on(text: str) -> bool:
    """A line whose sentence goes on below it (";", ",", an open parenthesis, a cut phrase)."""
    t = clean(text)
    return t.endswith((";", ",", "(", "–", "-")) or t.count("(") > t.count(")") or cut_mid_phrase(t)


def _name_heading(p: Paragraph, beside: Heading | None) -> tuple[list[Block], Heading]:
    """A paragraph's last line, naming a quartier, as a heading at the level of the heading
    `beside` it; and what is left of the paragraph."""
    line, rest = p.lines[-1], p.lines[:-1]
    kept: list[Block] = [paragraph(rest)] if rest else []
    return kept, Heading(Span.of(line.no), clean(line.text), beside.level if beside else 1)


def _promote_name_lines(sections: list[Section]) -> None:
    """A quartier introduced by a plain line just before its first part ("CITÉ DES TILLEULS"
    then "Présentation du quartier"): that line is the quartier's heading."""
    i = 1
    while i < len(sections):
        sec, prev = sections[i], sections[i - 1]
        last = prev.blocks[-1] if prev.blocks else None
        if (
            sec.kind in _FIRST_PARTS
            and prev.kind != "quartier"
            and isinstance(last, Paragraph)
            and last.lines
            and _name_line(last.lines[-1].text)
            and not (len(last.lines) > 1 and _runs_on(last.lines[-2].text))
        ):
            prev.blocks[-1:], heading = _name_heading(last, sec.heading)
            sections.insert(i, Section("quartier", "opens_quartier", heading))
            i += 1
        i += 1


def _first_text(block: Block) -> str | None:
    if isinstance(block, Paragraph) and block.lines:
        return block.lines[0].text
    if isinstance(block, ListBlock) and block.items:
        return block.items[0].text
    return None


def _named_again(sections: list[Section]) -> None:
    """ "2.1 Coteau du Stade Parc – Cité 34" heading a part of unknown kind, the name of a
    quartier a part opened before (a convention in two parts: the quartiers' diagnoses, then
    their programmes): that quartier, opened again."""
    opened: set[str] = set()
    for sec in sections:
        core = _core(sec.title) if sec.heading else ""
        if sec.kind == "quartier" and core:
            opened.add(core)
        elif sec.kind == "unknown" and core and core in opened:
            sec.kind, sec.scope = "quartier", "opens_quartier"


def _promote_field_headed(sections: list[Section]) -> None:
    """A quartier named by a plain line right above its identity fields ("Le quartier
    Renaissance" then "Statut : …", "Code quartier : …"), wherever it stands: that line opens
    the quartier, and what follows it belongs to the quartier."""
    i = 0
    while i < len(sections):
        sec = sections[i]
        for j in range(len(sec.blocks) - 1):
            first = _first_text(sec.blocks[j + 1])
            named = _naming(sec, j) if first is not None and _is_field(first) else None
            if named is not None:
                _open_quartier(sections, i, j, *named, sec.blocks[j + 1 :])
                break
        else:
            _split_at_named_fields(sections, i)
        i += 1


def _is_field(text: str) -> bool:
    """ "Statut : …", "Code quartier : …", "Communes concernées : …"."""
    return bool(_FIELD.match(fold(clean(text))))


def _naming(sec: Section, j: int) -> tuple[list[Block], Heading] | None:
    """Block j of the section as the name line of a quartier (the heading it makes, and what
    is left of the block), or None."""
    name = sec.blocks[j]
    if (
        isinstance(name, ListBlock)
        and len(name.items) == 1
        and name.items[0].marker_kind == "number"
        and _name_line(name.items[0].text)
    ):
        # "2. Cité du Moulin" (a numbered line alone) right above "Statut : …"
        item = name.items[0]
        return [], Heading(item.span, clean(item.text), 1, item.marker, "numbered")
    if (
        not isinstance(name, Paragraph)
        or not name.lines
        or not _name_line(name.lines[-1].text)
        or (sec.kind == "quartier" and j == 0 and len(name.lines) == 1)
    ):
        return None
    return _name_heading(name, sec.heading)


def _open_quartier(
    sections: list[Section],
    i: int,
    j: int,
    kept: list[Block],
    heading: Heading,
    blocks: list[Block],
) -> None:
    """Section i ends at its block j (keeping `kept` of it); a quartier opened by `heading`
    follows it with `blocks`."""
    sections.insert(i + 1, Section("quartier", "opens_quartier", heading, blocks))
    sections[i].blocks = sections[i].blocks[:j] + kept


def _split_at_named_fields(sections: list[Section], i: int) -> None:
    """The same inside one paragraph: a text written one paragraph per line (Word's text
    export) sets the name and its fields with no blank line between ("Le quartier du Haut
    d'Houdain" / "Statut : …" / "Code quartier : …")."""
    sec = sections[i]
    for j, b in enumerate(sec.blocks):
        if not isinstance(b, Paragraph):
            continue
        for k in range(len(b.lines) - 1):
            if (sec.kind == "quartier" and j == 0 and k == 0) or not _name_line(b.lines[k].text):
                continue
            if not _is_field(b.lines[k + 1].text):
                continue
            head, rest = b.lines[: k + 1], b.lines[k + 1 :]
            kept, heading = _name_heading(
                Paragraph(Span(head[0].no, head[-1].no), head, ""), sec.heading
            )
            fields = paragraph(rest)
            _open_quartier(sections, i, j, kept, heading, [fields, *sec.blocks[j + 1 :]])
            return


# "Les quartiers de Beuvry dans le contrat de ville": a part on all the commune's quartiers
_QUARTIERS = re.compile(r"^(les |nos |des )?quartiers\b")


def _has_quartier_parts(sec: Section, nxt: Section | None) -> bool:
    """An unnamed heading whose first sub-section presents a quartier ("3.1. Cité des
    Alouettes" then "3.1.1. Présentation") names that quartier; a title in the plural ("Les
    quartiers de Beuvry") names none."""
    if nxt is None or nxt.kind not in _FIRST_PARTS or sec.heading is None or nxt.heading is None:
        return False
    if _QUARTIERS.match(title_key(sec.heading.title)):
        return False
    return under(sec.heading, nxt.heading)


def under(parent: Heading, child: Heading) -> bool:
    """Whether a heading is set under another: numbered as its descendant ("3.1" under "3."),
    or, unnumbered, a level below."""
    a, b = _numbers(parent.numbering), _numbers(child.numbering)
    if a and b:
        return b[: len(a)] == a and len(b) > len(a)
    return child.level > parent.level


def _title_in_last_item(doc: Document, block: ListBlock) -> tuple[ListBlock, Line] | None:
    """A list whose last item's last line, at the margin, names a section kind and does not go
    on with the item's phrase: the list without that line, and the line."""
    item = block.items[-1]
    if item.span.last == item.span.first:
        return None
    line = doc.line(item.span.last)
    above = doc.line(item.span.last - 1).text
    if line.text[:1] in {" ", "\t"} or cut_mid_phrase(clean(above)) or above.rstrip().endswith("-"):
        return None
    kind = plain_heading(line)
    head = clean(item.text)
    tail = clean(line.text)
    if kind is None or kind.scope == "inline" or not head.endswith(tail):
        return None
    kept = replace(item, text=head[: -len(tail)].rstrip(), span=Span(item.span.first, line.no - 1))
    items = [*block.items[:-1], kept]
    return ListBlock(Span(block.span.first, line.no - 1), items), line


def _numbered_title(block: ListBlock) -> bool:
    """A list whose first item is numbered and names a section kind by its title, or a list
    of that one item, a numbered heading then ("1. Le quartier" over its fields' table)."""
    item = block.items[0]
    if item.marker_kind != "number" or len(item.text) > MAX_PLAIN_TITLE:
        return False
    # alone, a short title (an irritant numbered "5." is a sentence naming the conseil citoyen)
    # or a quartier's name ("3. Cité 5 – Cité de Marles – Cité du Rond-Point")
    alone = (
        len(block.items) == 1
        and (len(item.text) <= 40 or bool(_PLACE_WORDS.match(fold(item.text))))
        and not item.text.endswith((".", ";", ","))
    )
    kind = classify(item.text, marked=alone)
    return kind is not None and kind.scope != "inline"


def _opens_with_fields(sec: Section) -> bool:
    """An unnamed heading followed by "Statut : …" / "Code quartier : …" presents a quartier;
    so does one whose text opens by saying its status and code ("Quartier prioritaire de la
    politique de la ville – code QN 062 11 M – à cheval sur …")."""
    for b in sec.blocks[:3]:
        texts = [ln.text for ln in b.lines] if isinstance(b, Paragraph) else []
        if isinstance(b, Table):  # "Statut | Quartier prioritaire…": a table of fields
            texts = [f"{r.cells[0].text} : {r.cells[1].text}" for r in b.rows if len(r.cells) == 2]
        if any(_is_field(t) for t in texts):
            return True
    first = sec.blocks[0] if sec.blocks else None
    if isinstance(first, Paragraph) and first.lines:
        opening = " ".join(ln.text for ln in first.lines[:2])
        return bool(_STATUS_OPENING.match(fold(clean(opening))) and _CODE_SAID.search(opening))
    return False


# a quartier's text opening with its status, its code a few words on
_STATUS_OPENING = re.compile(
    r"^\W*(?:ce |le )?(?:quartier prioritaire|quartier d.interet communautaire|qpv\b|qic\b)"
)
_CODE_SAID = re.compile(r"\bQ[NP]\s?\d{2,3}\s?\d{2,4}\s?M?\b")
