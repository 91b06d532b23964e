"""The table "Objectifs poursuivis sur le quartier": enjeu → orientation → objectif → actions.

Physical lines are tab-separated cells; the column of a cell is its position. PDF extraction
wraps cells over several lines, leaves "same as above" cells empty, cuts rows at page breaks,
shifts cells by a column, and sometimes interleaves garbage. The parser works in two phases:

- `read_table` cuts the section into enjeu segments of positioned cells (no interpretation);
- `candidates` reads the clean rows (all three columns present) to feed the framework;
- `resolve` interprets every cell against the framework: a lower-case cell continues the
  orientation, the objective or the actions (whichever it completes), an upper-case cell
  that names a known objective is an objective whatever its column, damaged text is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from quartiers.blocks.lists import GLYPHS
from quartiers.blocks.paragraphs import join
from quartiers.document import Block, Line, Paragraph, Table
from quartiers.document import Cell as DocCell
from quartiers.framework import SAME_CONCEPT, Candidate, Framework, Match, infinitive_split
from quartiers.ledger import Ledger
from quartiers.model import Action, LineUse, ObjectiveRow, QualityNote, Span
from quartiers.nlp import are_items
from quartiers.parsers.bullets import has_markers, last_number, split_inline
from quartiers.parsers.units import Unit, units
from quartiers.quality import damage, is_french_word, words
from quartiers.textnorm import clean, continues, fold, match_key, starts_lower
from quartiers.wording import cut_mid_phrase, join_wrapped

_ENJEU = re.compile(
    # a roman number needs a space: "enjeux de nutrition" is not "enjeu X"
    r"^\W*(?:enjeu|axe)(?:\s*(?:n\s*°|n°|no\.?|numero)\s*|\s*(?=\d)|\s+)(?P<n>\d{1,2}|[ivx]{1,4})\b"
    r"\s*[:–—.-]?\s*(?P<title>.*)$"
)
_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}

# column roles, by what a header cell says (first match wins)
ORIENTATION, OBJECTIVE, ACTIONS, EXTRA = 0, 1, 2, 3
QUARTIER = -2  # a "Quartier" column: one table for several quartiers
_HEADER_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("enjeu", re.compile(r"^\W*enjeux?\b")),
    ("quartier", re.compile(r"^(quartiers?|qpv|territoires?)( concernes?)?$")),
    (
        "actions",
        re.compile(
            r"objectifs? operationnel|\bactions?\b|plan d.action|declinaison|mise en oeuvre"
        ),
    ),
    (
        "strategy",
        re.compile(r"objectifs? de la strategie|strategie intercommunale|objectifs? du contrat"),
    ),
    ("orientation", re.compile(r"orientations?\b|axes? strategique|grandes? orientation")),
    ("objective", re.compile(r"objectifs?\b")),
    ("partners", re.compile(r"partenaires?|porteurs?|pilotes?|acteurs?|structures? associee")),
    (
        "extra",
        re.compile(
            r"calendrier|echeance|indicateurs?|financement|moyens|budget|public|observations?"
        ),
    ),
]


@dataclass
class Cell:
    col: int  # logical column: 0 orientation, 1 objective, 2 actions, 3+ other
    text: str
    line: int
    wrapped: bool = False  # from a column layout, where cells wrap over physical lines


@dataclass
class Segment:
    enjeu: int
    title: str
    rows: list[list[Cell]] = field(default_factory=list)
    extras: list[tuple[str, str, int]] = field(default_factory=list)  # (column, text, line)
    line: int = 0  # where the enjeu is announced
    # the cells of a "Quartier" column: (first line, last line, text) of their row
    quartiers: list[tuple[int, int, str]] = field(default_factory=list)


def enjeu_header(text: str) -> tuple[int, str] | None:
    """(number, title) when the text announces an enjeu ("ENJEU 1 :", "Enjeu n°2", "ENJEU N°1 –",
    "ENJEU I", "Axe 3")."""
    t = clean(text.replace("\t", " ")).strip("*#_ ")
    m = _ENJEU.match(fold(t))
    if not m:
        return None
    n = m.group("n")
    number = int(n) if n.isdigit() else _ROMAN.get(n)
    if number is None:
        return None
    title = t[len(t) - len(m.group("title")) :].strip(" *_:–—-") if m.group("title") else ""
    return number, title


def is_enjeu_header(text: str) -> bool:
    return enjeu_header(text) is not None


def header_roles(cells: list[DocCell]) -> list[tuple[int, str]] | None:
    """The role of each physical column, when the row is a header row ("Orientations
    stratégiques | Objectifs | Actions opérationnelles")."""
    if not cells or any(len(c.text) > 90 for c in cells):
        return None
    roles: list[tuple[int, str]] = []
    seen: set[str] = set()
    unknown = 0
    for c in cells:
        f = fold(clean(c.text)).strip("*_ ")
        if len(f.split()) > 1 and _content_like(c.text):  # "Quartier", "Calendrier": no verbs
            return None
        role = next((r for r, p in _HEADER_ROLES if p.search(f)), None)
        if role == "quartier" and not clean(c.text).strip("*_ ")[:1].isupper():
            role = None  # "quartier": the end of a wrapped title ("… pour le" / "quartier")
        if role is None:
            # a header cell garbled by extraction ("inte", "s de la stratégie rcommunale")
            unknown += 1
            if len(f) > 60 or unknown * 2 > len(cells) + 1:
                return None
            continue
        if role == "strategy":
            role = "objective" if "orientation" in seen else "strategy"
        if role == "objective" and "objective" in seen:
            role = "extra"
        roles.append((c.col, role))
        seen.add(role)
    if not ({"actions", "objective", "strategy"} & seen):
        return None
    return roles


def _header_rest(cells: list[DocCell]) -> bool:
    """The second line of a wrapped header row: short lower-case pieces of column titles."""
    return all(
        len(c.text) <= 40
        and (len(c.text.split()) == 1 or not _content_like(c.text))
        and c.text[:1].islower()
        for c in cells
    )


def _content_like(text: str) -> bool:
    """A cell of content, not a column title: a list, or a text opening with a verb in the
    infinitive ("Favoriser l'accès…"), as objectives and actions do."""
    if _looks_like_list(text):
        return True
    first = clean(text).split(" ", 1)[0].strip("*_«\"'")
    return len(first) > 3 and bool(re.search(r"(er|ir|re|oir)$", first)) and is_french_word(first)


def _mapping(roles: list[tuple[int, str]]) -> dict[int, int]:
    """Physical column → logical column. A "stratégie" header covers the orientation and the
    objective columns (the real documents merge the two header cells, and the cell after it
    may sit one tab early): the columns then keep their positions."""
    logical = {
        "orientation": ORIENTATION,
        "objective": OBJECTIVE,
        "actions": ACTIONS,
        "enjeu": -1,
        "quartier": QUARTIER,
    }
    strategy = next((col for col, role in roles if role == "strategy"), None)
    if strategy is not None:
        mapping = {strategy + i: i for i in (ORIENTATION, OBJECTIVE, ACTIONS)}
        mapping |= {col: -1 for col, role in roles if role == "enjeu" and col < strategy}
        mapping |= {col: QUARTIER for col, role in roles if role == "quartier"}
        extras = [
            col for col, role in roles if role in {"partners", "extra"} and col > strategy + ACTIONS
        ]
    else:
        mapping = {col: logical[role] for col, role in roles if role in logical}
        extras = [col for col, role in roles if role in {"partners", "extra"}]
    for i, col in enumerate(sorted(extras)):
        mapping[col] = EXTRA + i
    return mapping


@dataclass
class _TableState:
    mapping: dict[int, int] | None = None
    header_open: bool = False  # the row before was a header row
    names: dict[int, str] = field(default_factory=dict)  # extra column -> header text


def read_table(blocks: list[Block], ledger: Ledger) -> tuple[list[Segment], list[Block]]:
    """Cut the section into enjeu segments of cells in logical columns (no interpretation yet).
    Returns the segments and the blocks before the first enjeu or table (prose)."""
    segments: list[Segment] = []
    before: list[Block] = []
    outline = _Outline()

    def segment() -> Segment:
        if not segments:
            segments.append(Segment(0, ""))
        return segments[-1]

    for b in blocks:
        if isinstance(b, Table):
            fields = _field_units(b)
            if fields is not None and segments:
                _outline(b, segments[-1], outline, ledger, fields)
                continue
            _table_rows(b, segments, segment, ledger)
            continue
        for part in _at_enjeux(b):
            if isinstance(part, Segment):
                segments.append(part)
                ledger.mark(Span.of(part.line), LineUse.REPRESENTED, "enjeu header")
            else:
                _prose_or_outline(part, segments, before, outline, ledger)
    return segments, before


def _at_enjeux(b: Block) -> list[Block | Segment]:
    """A block cut where an enjeu is announced: a paragraph of lines copied from a PDF viewer
    runs on from "ENJEU 1 : …" into the table's cells."""
    if not isinstance(b, Paragraph) or len(b.lines) < 2:
        e = next((enjeu_header(u.raw if u.kind != "row" else u.text) for u in units([b])), None)
        return (
            [Segment(e[0], e[1], line=b.span.first)]
            if e and len(units([b])) == 1
            else ([Segment(e[0], e[1], line=b.span.first)] if e else [b])
        )
    out: list[Block | Segment] = []
    pending: list[Line] = []
    for ln in b.lines:
        e = enjeu_header(ln.text)
        if e is None:
            pending.append(ln)
            continue
        if pending:
            out.append(Paragraph(Span(pending[0].no, pending[-1].no), list(pending), ""))
            pending.clear()
        out.append(Segment(e[0], e[1], line=ln.no))
    if pending:
        out.append(Paragraph(Span(pending[0].no, pending[-1].no), list(pending), ""))
    return out


def _prose_or_outline(
    b: Block, segments: list[Segment], before: list[Block], outline: _Outline, ledger: Ledger
) -> None:
    """A block that is not a table: an outline of objectives, prose before the first enjeu
    (kept as passages), or text among the objectives that is neither (kept and reported)."""
    if _prose(b, segments, outline, ledger):
        return
    if not segments:
        trial = Segment(0, "", line=b.span.first)
        if _reads_as_objectives(b) and _outline(b, trial, outline, ledger) and trial.rows:
            segments.append(trial)
        else:
            before.append(b)
    elif not _outline(b, segments[-1], outline, ledger):
        segments[-1].extras.append(("texte", _text(b), b.span.first))
        ledger.mark(b.span, LineUse.TEXT, "objectifs")
        ledger.note(
            QualityNote(
                "unread_objectives_text",
                "text among the objectives read neither as a row nor as actions: kept as text",
                b.span,
                _text(b)[:300],
            )
        )


# objectives written as prose: « Au titre de l'orientation "…", la commune retient l'objectif
# "…" ; elle y engage : A, B et C. » The quoted names go to the resolver as first-column cells
# (the strategy tells an orientation from an objective); what a verb of commitment introduces
# is the objective's actions.
_PROSE_QUOTE = re.compile(r"[«“\"]\s*(?P<q>[^«»“”\"]{12,300}?)\s*[»”\"]")
_PROSE_LEAD = re.compile(
    r"\b(?:engage(?:ra)?|pr[ée]voit|pr[ée]voira|mobilise(?:ra)?|soutien(?:t|dra)|d[ée]ploie(?:ra)?"
    r"|conduit|conduira|met(?:tra)? en (?:place|œuvre|oeuvre)|propose(?:ra)?|organise(?:ra)?)"
    r"\s*(?::\s*)?",
    re.I,
)
_PROSE_ENJEU = re.compile(r"\benjeu\s+(?:n\s*°\s*)?(?P<n>\d)\b", re.I)
_DETERMINER = r"(?:le|la|les|l['’]|un|une|des|du|d['’])"
# a new action opens after a comma or "et" with a determiner and a word in lower case ("…, le
# passage du bus santé", "… et la participation"), not before a name ("et l'EPF Hauts-de-France")
_PROSE_SPLIT = re.compile(
    rf"\s*,\s+(?:et\s+)?(?={_DETERMINER}\s*[a-zà-ÿœ])|\s+et\s+(?={_DETERMINER}\s*[a-zà-ÿœ])"
)


def _prose_items(text: str) -> list[str]:
    text = re.split(r"(?<=[.;])\s+|\s*;\s*$", text.strip())[0].strip(" .;")
    return [t.strip(" .;,") for t in _PROSE_SPLIT.split(text) if len(t.strip(" .;,")) > 3]


def _prose(b: Block, segments: list[Segment], st: _Outline, ledger: Ledger) -> bool:
    """Objectives written as sentences that quote the strategy's names, their actions after a
    verb of commitment, or in the lines that follow one ("la Ville mobilisera :")."""
    if not isinstance(b, Paragraph) or not b.lines:
        return False
    starts: list[int] = []
    text = ""
    for ln in b.lines:
        starts.append(len(text) + (1 if text else 0))
        text = join_wrapped(text, clean(ln.text)) if text else clean(ln.text)

    def line_at(pos: int) -> int:
        return b.lines[max(0, sum(1 for s0 in starts if s0 <= pos) - 1)].no

    quotes = list(_PROSE_QUOTE.finditer(text))
    if not quotes:
        if st.prose_list and segments:  # the actions announced by the paragraph before
            for item in re.split(r"(?<=[;.])\s+", text):
                if item.strip(" .;"):
                    segments[-1].rows.append(
                        [Cell(ACTIONS, "• " + item.strip(" .;"), b.span.first)]
                    )
            st.prose_list = not text.rstrip().endswith(".")
            ledger.mark(b.span, LineUse.REPRESENTED, "objectives prose")
            return True
        return False
    if not re.search(r"\b(objectifs?|orientations?)\b", fold(text)):
        return False
    for ln in b.lines:  # "Objectif : …", "Actions :": an outline, not sentences
        m = _NUMBERED_ROLE.match(clean(ln.text)) or _LABELLED.match(clean(ln.text))
        label = fold(m.group("label")).strip("*_ ") if m else ""
        if m and any(p.search(label) for r, p in _HEADER_ROLES if r != "partners"):
            return False
    st.prose_list = False
    cut = 0
    for i, q in enumerate(quotes):
        before = text[quotes[i - 1].end() if i else 0 : q.start()]
        e = _PROSE_ENJEU.search(before)
        if e and (not segments or segments[-1].enjeu != int(e.group("n"))):
            segments.append(Segment(int(e.group("n")), "", line=line_at(q.start())))
        elif not segments:
            segments.append(Segment(0, "", line=line_at(q.start())))
        seg = segments[-1]
        seg.rows.append([Cell(ORIENTATION, clean(q.group("q")), line_at(q.start()))])
        tail = text[q.end() : quotes[i + 1].start() if i + 1 < len(quotes) else len(text)]
        lead = _PROSE_LEAD.search(tail)
        if lead is None:
            continue
        rest = tail[lead.end() :]
        if not rest.strip(" :" + GLYPHS):
            st.prose_list = True  # "la Ville mobilisera :", the actions on the lines below
            continue
        for item in _prose_items(rest):
            at = q.end() + lead.end() + max(0, rest.find(item[:20]))
            seg.rows.append([Cell(ACTIONS, "• " + item, line_at(at))])
            cut += 1
    ledger.mark(b.span, LineUse.REPRESENTED, "objectives prose")
    if cut:
        # a sentence's list of actions is cut at its commas and "et": where one action ends
        # is inferred, and a reader should check it
        ledger.note(
            QualityNote(
                "prose_actions",
                f"{cut} actions read from sentences, cut at commas and 'et': check where each ends",
                b.span,
                text[:300],
            )
        )
    return True


_LABELLED = re.compile(r"^[\W_]*(?P<label>[^:]{3,45}?)[*_\s]*:[*_\s]*(?P<value>.*)$")
# "Orientation 1.1 – …", "Objectif 1.1.2 : …", "Action n°4 – …", "Fiche action 3 : …": a role
# word and its number, then a dash or a colon (an outline written as fiches)
_NUMBERED_ROLE = re.compile(
    r"^[\W_]*(?P<label>(?:orientation|objectif|action|fiche)s?\b[^:–—\d]{0,30}?"
    r"(?:n\s*°\s*|no\.?\s*)?\d{1,2}(?:\.\d{1,2})*\.?)\s*[–—:-]\s*(?P<value>\S.*)$",
    re.I,
)
# "2.2 Accompagner l'accès à l'emploi / 2.2.3 Lever les freins à la mobilité": an orientation
# and its objective on one line, each with the strategy's number
_NUMBERED_PAIR = re.compile(
    r"^\d{1,2}(?:\.\d{1,2})+\.?\s+(?P<orientation>\S.{8,}?)\s+/\s+"
    r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?P<objective>\S.*)$"
)
_NO_ACTION = re.compile(
    r"^\W*(pas (de |d.)(fiche[ -])?actions?|aucune (fiche[ -])?action|neant|sans objet|a definir"
    r"|actions? a venir)"
)
# the label cell of a table of fields ("Pilote :", "Partenaires :", "Calendrier :")
_FIELD_LABEL = re.compile(r"^[^:\d]{2,40}:$")


def _field_units(t: Table) -> list[Unit] | None:
    """A table of "Label : value" fields (an action's fiche: pilote, partenaires, calendrier…),
    as labelled lines; a row with text in the value column only continues the field above
    (indent 1), another row is a line of its own ("Action n°2 – …")."""
    labelled = [
        r for r in t.rows if len(r.cells) >= 2 and _FIELD_LABEL.match(clean(r.cells[0].text))
    ]
    if len(labelled) < max(2, (len(t.rows) + 1) // 2):
        return None
    value_col = min(r.cells[1].col for r in labelled)
    out: list[Unit] = []
    for r in t.rows:
        first = r.cells[0]
        if r in labelled:
            text = f"{clean(first.text).rstrip(' :')} : " + " ".join(c.text for c in r.cells[1:])
            out.append(Unit(clean(text), r.span, "line", raw=text))
        else:
            indent = 1 if first.col >= value_col else 0
            out.append(Unit(clean(r.text()), r.span, "line", raw=r.text(), indent=indent))
    return out


@dataclass
class _Outline:
    """Where an outline of objectives (lists, not a table) stands."""

    last: int = -1  # the logical column of the last thing read
    base: int | None = None  # indentation of the outline's top items
    previous: str = ""  # the text of the last unit read
    # a table laid out as boxes, one cell per block (pdfminer, InDesign): its column titles,
    # in order, as they were announced, and the titles of the columns still to come in a row
    columns: list[tuple[str, str]] = field(default_factory=list)  # (role, title)
    gathering: bool = False  # the last unit read was a column title
    to_come: list[str] = field(default_factory=list)
    skipping: bool = False  # the lines saying that an objective has no action yet
    prose_list: bool = False  # a sentence announced actions on the lines that follow

    @property
    def after_actions(self) -> list[str] | None:
        """The titles of the partner and other columns after the actions, in order; None when
        no actions column was announced."""
        roles = [r for r, _ in self.columns]
        if "actions" not in roles:
            return None
        return [t for r, t in self.columns[roles.index("actions") + 1 :] if r in _AFTER]


_AFTER = {"partners", "extra"}


def _column_title(text: str) -> str | None:
    """The role a short line names when it is a column title of a table laid out as boxes
    ("Objectif stratégique", "Actions programmées sur le quartier", "Pilote / partenaires",
    "Calendrier"), never a cell: no digit, no verb opening it, short."""
    f = fold(clean(text)).strip("*_ ")
    if not f or len(f) > 45 or re.search(r"\d", f) or f.endswith("."):
        return None
    if len(f.split()) > 1 and _content_like(text):  # "Calendrier" alone is no verb
        return None
    if not clean(text).strip("*_ ")[:1].isupper():
        return None  # "res et acteurs de proximité": the end of a wrapped cell
    role = next((r for r, p in _HEADER_ROLES if p.search(f)), None)
    return role if role not in {None, "enjeu"} else None


def _box_cell(b: Block, seg: Segment, st: _Outline, ledger: Ledger) -> bool:
    """A block of a box-laid table in a column after the actions ("Pilote / partenaires",
    "Calendrier"): kept as that column's cell of the row. An objective followed directly by
    such a block had no action (an empty cell)."""
    after = st.after_actions
    if after is None or not isinstance(b, Paragraph) or not b.lines:
        return False
    if _column_title(b.lines[0].text) is not None:
        return False  # the column titles, repeated after a page break
    if st.last == OBJECTIVE and after and not _content_like(b.lines[0].text):
        st.to_come = list(after)  # the actions' cell is empty
    if _content_like(b.lines[0].text) or _LABELLED.match(clean(b.lines[0].text)):
        st.to_come = []  # a new objective, or a labelled part: the row is over
        return False
    if not st.to_come:
        return False
    seg.extras.append((st.to_come.pop(0), join(b.lines), b.span.first))
    ledger.mark(b.span, LineUse.REPRESENTED, "objectives table cell")
    st.last, st.gathering = EXTRA, False
    return True


def _goes_on(text: str, previous: str) -> bool:
    """A line that continues the item above: in lower case, a few words of a name, or after a
    line cut mid-phrase."""
    if text[:1].islower() or cut_mid_phrase(previous):
        return True
    words = text.split()
    return len(words) <= 3 and not re.search(r"(er|ir|re)$", words[0].lower())


def _reads_as_objectives(b: Block) -> bool:
    """Lists, or short lines that are not sentences: what a flattened table leaves; a paragraph
    introducing the table is prose."""
    us = units([b])
    return bool(us) and all(u.kind == "item" or not u.text.rstrip().endswith(".") for u in us)


def _table_title_line(text: str) -> bool:
    """A column title of a flattened table ("Objectifs opérationnels pour le quartier")."""
    f = fold(clean(text)).strip("*_ ")
    return len(f) <= 60 and bool(
        re.match(
            r"(objectifs? (de la strategie|operationnels?)|orientations?( strategiques?)?$|"
            r"actions?( operationnelles?)?$|contrat de ville$|partenaires?$)",
            f,
        )
    )


def _outline(
    b: Block, seg: Segment, st: _Outline, ledger: Ledger, fields: list[Unit] | None = None
) -> bool:
    """Objectives written as an outline instead of a table: "Orientation : …" lines, an
    "Objectif : …" item (or a top-level item) with its actions as the items under it, or fiches
    ("Action n°4 – …" and its "Pilote :", "Partenaires :" fields). Turned into the same cells as
    a table row, for the same rules to read; the fields are kept with the row (`extras`)."""
    us = fields if fields is not None else units([b])
    if not us or any(u.kind == "row" for u in us):
        return False
    if fields is None and _box_cell(b, seg, st, ledger):
        return True
    read = False
    nesting = len({u.indent for u in us if u.kind == "item"}) > 1
    if st.base is None or b.kind == "listblock":
        items = [u.indent for u in us if u.kind == "item"]
        st.base = min(items) if items else st.base
    for u in us:
        text = u.text
        m = _NUMBERED_ROLE.match(text) or _LABELLED.match(text)
        role = None
        if m:
            label = fold(m.group("label")).strip("*_ ")
            role = next((r for r, p in _HEADER_ROLES if p.search(label)), None)
        if m and _NO_ACTION.match(fold(text)):
            m, role = None, None  # "Pas de fiche action à ce stade : …"
        if st.skipping and u.kind == "line" and not m and _goes_on(text, st.previous):
            ledger.mark(u.span, LineUse.IGNORED, "no action stated")
            st.previous = text
            continue
        st.skipping = False
        pair = _NUMBERED_PAIR.match(text) if u.kind != "item" else None
        if pair:
            seg.rows.append(
                [
                    Cell(ORIENTATION, pair.group("orientation"), u.span.first),
                    Cell(OBJECTIVE, pair.group("objective"), u.span.first),
                ]
            )
            ledger.mark(u.span, LineUse.REPRESENTED, "objectives outline")
            st.last, read = OBJECTIVE, True
        elif role in {"partners", "extra"} and m and seg.rows and st.last != ORIENTATION:
            # a field of the action's fiche or of the row: kept with the row
            seg.extras.append((clean(m.group("label")), m.group("value").strip(), u.span.first))
            ledger.mark(u.span, LineUse.TEXT, "objectifs")
            st.last, read = EXTRA, True
        elif (
            st.last == EXTRA
            and seg.extras
            and u.kind == "line"
            and role is None
            and (u.indent or _goes_on(text, st.previous))
        ):
            column, value, first = seg.extras[-1]
            seg.extras[-1] = (column, join_wrapped(value, text), first)
            ledger.mark(u.span, LineUse.TEXT, "objectifs")
            read = True
        elif role in {"orientation", "objective", "strategy", "actions"} and m:
            value = m.group("value").strip("*_ ")
            col = {"orientation": ORIENTATION, "actions": ACTIONS}.get(role or "", OBJECTIVE)
            if col == ACTIONS and _NO_ACTION.match(fold(value)):
                pass  # "Actions : aucune action à ce stade"
            elif value and col == ACTIONS:
                seg.rows.append([Cell(ACTIONS, "• " + value, u.span.first)])
            elif value:
                seg.rows.append([Cell(col, value, u.span.first)])
            st.last = col
            ledger.mark(u.span, LineUse.REPRESENTED, "objectives outline")
            read = True
        elif _NO_ACTION.match(fold(text)):
            ledger.mark(u.span, LineUse.IGNORED, "no action stated")
            st.skipping = read = True
        elif u.kind == "line" and (title := _column_title(text)) is not None:
            if not st.gathering:
                st.columns = []
            st.columns.append((title, clean(text)))
            st.gathering = True
            ledger.mark(u.span, LineUse.IGNORED, "table column header")
            st.previous = text
            read = True
            continue
        elif (
            u.kind == "line"
            and st.gathering
            and (text.startswith("(") or (starts_lower(text) and cut_mid_phrase(st.previous)))
        ):
            # "(convention-cadre)", or the end of a title cut mid-phrase ("Objectifs
            # stratégiques de la" / "convention-cadre")
            ledger.mark(u.span, LineUse.IGNORED, "table column header")
            st.previous = text
            read = True
            continue
        elif u.kind == "line" and _table_title_line(text):
            ledger.mark(u.span, LineUse.IGNORED, "table column header")
            read = True
        elif u.kind == "line" and st.last == ACTIONS and _goes_on(text, st.previous):
            # the end of an action cut at the viewer's line end ("… Le Panier" / "Beuvrygeois")
            seg.rows.append([Cell(ACTIONS, text, u.span.first, True)])
            read = True
        elif u.kind == "line" and len(text) <= 200 and not text.rstrip().endswith("."):
            # a table flattened by copy-paste: an orientation or an objective, one cell after
            # the other; the framework tells which (the resolver reads it as a first column)
            seg.rows.append([Cell(ORIENTATION, text, u.span.first)])
            st.last = OBJECTIVE
            read = True
        elif u.kind == "item":
            nested = st.base is not None and u.indent > st.base
            # in a list with nesting the top items are objectives; in a flat list after an
            # objective, the items are its actions
            if nested or (not nesting and st.last in {OBJECTIVE, ACTIONS}):
                seg.rows.append([Cell(ACTIONS, "• " + text, u.span.first)])
                st.last = ACTIONS
            else:
                seg.rows.append([Cell(OBJECTIVE, text, u.span.first)])
                st.last = OBJECTIVE
            read = True
        st.previous = text
        st.gathering = False
    if st.last == ACTIONS and b.kind == "listblock" and st.after_actions is not None:
        st.to_come = st.after_actions  # the row's next boxes are the columns after the actions
    return read


def _text(b: Block) -> str:
    return " ".join(u.text for u in units([b]))


def _table_rows(
    t: Table, segments: list[Segment], segment: Callable[[], Segment], ledger: Ledger
) -> None:
    st = _TableState()
    for row in t.rows:
        cells = row.cells
        first = cells[0]
        # "ENJEU 1 : …" alone on its row, or repeated in every cell (a merged cell that the
        # exporting tool wrote once per column)
        texts = {clean(c.text).strip("* ") for c in cells} - {""}
        if (e := enjeu_header(first.text)) is not None and (
            (len(cells) <= 2 and (len(cells) == 1 or not cells[1].text.strip("* ")))
            or len(texts) == 1
        ):
            segments.append(Segment(e[0], e[1], line=row.span.first))
            ledger.mark(row.span, LineUse.REPRESENTED, "enjeu header")
            continue
        if st.mapping is not None and st.header_open and _header_rest(cells):
            st.header_open = False
            ledger.mark(row.span, LineUse.IGNORED, "table column header")
            continue  # a header wrapped over two lines ("stratégie" / "intercommunale")
        below_header, st.header_open = st.header_open, False
        roles = header_roles(cells)
        if roles is not None:
            mapping = _mapping(roles)
            names = {mapping[c.col]: clean(c.text) for c in cells if c.col in mapping}
            if below_header and st.mapping is not None:
                # a header on two rows ("Enjeux | Stratégie… | Actions" over "Orientations |
                # Objectifs"): the lower row refines the columns it names
                named = set(mapping.values())
                mapping = {c: m for c, m in st.mapping.items() if m not in named} | mapping
                names = {m: n for m, n in st.names.items() if m not in named} | names
            st.header_open = True
            st.mapping, st.names = mapping, names
            ledger.mark(row.span, LineUse.IGNORED, "table column header")
            continue
        current = st.mapping
        seg = segment()
        out: list[Cell] = []
        for c in cells:
            col = current.get(c.col, c.col) if current else c.col
            if col == QUARTIER:
                seg.quartiers.append((row.span.first, row.span.last, clean(c.text)))
                ledger.mark(row.span, LineUse.REPRESENTED, "quartier column")
                continue
            if col == -1:  # an enjeu column
                e = enjeu_header(c.text)
                if e is not None and (seg.enjeu != e[0]):
                    seg = Segment(e[0], e[1], line=row.span.first)
                    segments.append(seg)
                ledger.mark(row.span, LineUse.REPRESENTED, "enjeu header")
                continue
            if col >= EXTRA:
                seg.extras.append(
                    (st.names.get(col, f"colonne {c.col + 1}"), c.text, row.span.first)
                )
                ledger.mark(row.span, LineUse.TEXT, "objectifs")
                continue
            out.append(Cell(col, c.text, row.span.first, t.style == "layout"))
        if out:
            seg.rows.append(out)
    for no, what in t.furniture:
        ledger.mark(no, LineUse.IGNORED, what.value)


def candidates(segments: list[Segment], where: str) -> list[Candidate]:
    """(orientation, objective) pairs from rows where all three columns are present."""
    out: list[Candidate] = []
    for seg in segments:
        orientation: list[str] = []
        last: Candidate | None = None
        for cells in seg.rows:
            by_col = {c.col: c.text for c in cells if damage(c.text) is None}
            cols = {c.col for c in cells}
            if 1 not in cols or cols == {0, 1}:
                # orientation alone, or two cells whose columns are ambiguous: not clean
                last = None
                continue
            c0, c1 = by_col.get(0, ""), by_col.get(1, "")
            if c0:
                if starts_lower(c0) and orientation:
                    orientation.append(c0)
                else:
                    orientation = [c0]
            if c1:
                if starts_lower(c1):
                    if last is not None and len(c1) < 80:
                        last.objective = clean(last.objective + " " + c1)
                else:
                    last = Candidate(
                        seg.enjeu,
                        seg.title,
                        orientation,
                        len(match_key(" ".join(orientation))),
                        c1,
                        where,
                    )
                    out.append(last)
    return out


@dataclass
class _Row:
    enjeu: int
    enjeu_title: str
    orientation: str
    objective: str
    first: int
    last: int
    fragments: list[tuple[str, int, bool]] = field(default_factory=list)  # text, line, wrapped
    lines: set[int] = field(default_factory=set)

    def touch(self, line: int, *, objective: bool = True) -> None:
        """Extend the row to this line; `objective` lines carry the objective's own text (action
        lines are accounted for by the actions they yield)."""
        self.first, self.last = min(self.first, line), max(self.last, line)
        if objective:
            self.lines.add(line)


def _looks_like_list(text: str) -> bool:
    return bool(re.search(r"<(ul|li|p|br)\b|[•·→]", text)) or has_markers(split_inline(text))


@dataclass
class _LineState:
    """What the cells already read on one physical line have established."""

    cells: list[Cell]
    opened_orientation: bool = False
    had_objective: bool = False
    objective_col: int | None = None


@dataclass
class _Orientation:
    """A first-column text read as an orientation, and its lines: represented once a row sits
    under it or it names one of the strategy's, reported otherwise (never claimed in silence)."""

    text: str
    lines: list[int]
    used: int = 0  # how many of its lines a row under it carries


class _Resolver:
    def __init__(self, fw: Framework, ledger: Ledger):
        self.fw = fw
        self.ledger = ledger
        self.rows: list[_Row] = []
        self.seg = Segment(0, "")
        self.orientation = ""
        self.row: _Row | None = None
        # an orientation being read over several lines: (the one before, first line, lines)
        self.growing: tuple[str, int, list[int]] | None = None
        self.opened: list[_Orientation] = []  # this segment's orientations
        self.current: _Orientation | None = None

    def _obj_score(self, text: str) -> float:
        return self.fw.match_objective(text).score if text else 0.0

    def _or_score(self, text: str) -> float:
        return self.fw.match_orientation(text).score if text else 0.0

    def _noise(self, cell: Cell) -> bool:
        kind = damage(cell.text)
        if kind is None:
            return False
        self.ledger.note(
            QualityNote(
                kind,
                f"{kind.replace('_', ' ')} in the objectives table, not turned into content",
                Span(cell.line, cell.line),
                clean(cell.text),
            ),
            understood=False,
        )
        return True

    def _extends_objective(self, row: _Row | None, text: str) -> bool:
        """Whether the text completes the row's objective: the two together name a framework
        objective better, or name the same one more completely without overflowing its label
        (a cell wrapped over lines, each a prefix of the label)."""
        if row is None:
            return False
        after = self.fw.match_objective(row.objective + " " + text)
        if after.key is None or after.score < SAME_CONCEPT:
            return False
        before = self.fw.match_objective(row.objective) if row.objective else Match(None, 0.0)
        if after.score > before.score:
            return True
        if after.key != before.key:
            return False
        longest = max(len(k) for k in self.fw.objectives[after.key].keys)
        return len(match_key(row.objective + " " + text)) <= longest * 1.05 + 3

    def _new_row(self, seg: Segment, orientation: str, objective: str, line: int) -> _Row:
        row = _Row(seg.enjeu, seg.title, orientation, objective, line, line)
        row.lines.add(line)
        if self.current is not None and orientation:
            self.current.used = len(self.current.lines)
        self.rows.append(row)
        return row

    def segment(self, seg: Segment) -> None:
        """Each cell goes to the rule of its column; a cell found to be an objective in the
        first column makes the cells after it actions (the row was shifted left)."""
        self.seg, self.orientation, self.row = seg, "", None
        self.growing = None
        self.opened, self.current = [], None
        for cells in seg.rows:
            line = _LineState(cells)
            for cell in cells:
                if not (cell.col == 0 and starts_lower(cell.text)):
                    self._settle()
                if line.objective_col is not None and cell.col > line.objective_col:
                    self._actions(self.row, cell)
                elif cell.col == 0:
                    self._first_column(cell, line)
                elif cell.col == 1 and not (
                    _looks_like_list(cell.text) and self._obj_score(cell.text) < SAME_CONCEPT
                ):
                    self._second_column(cell, line)
                else:
                    self._action_column(cell, line)
        self._settle()
        self._account_orientations()

    def _account_orientations(self) -> None:
        """Lines read in the orientation column are represented when a row under them carries
        them or when, together, they name an orientation of the strategy; others are reported
        (a footer, a header's second line, the end of a cell the table lost)."""
        for o in self.opened:
            represented = len(o.lines) if self._or_score(o.text) >= SAME_CONCEPT else o.used
            for no in o.lines[:represented]:
                self.ledger.mark(no, LineUse.REPRESENTED, "orientation")
            rest = o.lines[represented:]
            if rest:
                self.ledger.note(
                    QualityNote(
                        "unknown_orientation",
                        "text in the orientation column that names no orientation of the "
                        "strategy and heads no objective",
                        Span(min(rest), max(rest)),
                        " ".join(self.ledger.doc.line(no).text.strip() for no in rest)[:200],
                    ),
                    understood=False,
                )

    def _settle(self) -> None:
        """A first-column text that grew over several lines turns out to name an objective,
        not an orientation (a table flattened line by line, or shifted): it becomes the row
        the next actions belong to, under the orientation before it."""
        g, self.growing = self.growing, None
        if g is None or len(g[2]) < 2:
            return
        text = self.orientation
        sb, so = self._obj_score(text), self._or_score(text)
        if sb < SAME_CONCEPT or sb <= so:
            return
        if self.current is not None and self.current in self.opened:
            self.opened.remove(self.current)  # not an orientation: the row's objective
        self.current = next((o for o in reversed(self.opened) if o.text == g[0]), None)
        self.orientation = g[0]
        self.row = self._new_row(self.seg, self.orientation, text, g[1])
        for no in g[2]:
            self.row.touch(no)
        self.ledger.note(
            QualityNote(
                "misaligned_row",
                "objective read in the first column over several lines: its actions follow",
                Span(g[1], max(g[2])),
                clean(text),
                "info",
            )
        )

    def _first_column(self, cell: Cell, line: _LineState) -> None:
        """An orientation, its wrapped continuation, or an objective shifted left."""
        text = cell.text
        if self._noise(cell):
            return
        if starts_lower(text) and (self.orientation or self.row):
            # in a column layout the first column wraps in place: it goes on with the orientation
            grows = self.orientation and self._or_score(
                join_wrapped(self.orientation, text)
            ) >= max(SAME_CONCEPT, self._or_score(self.orientation))
            if not (cell.wrapped or grows) and self._extends_objective(self.row, text):
                self._extend(self.row, text, cell.line)
            else:
                self.orientation = clean(join_wrapped(self.orientation, text))
                if self.current is None:
                    self.current = _Orientation(self.orientation, [])
                    self.opened.append(self.current)
                self.current.text = self.orientation
                self.current.lines.append(cell.line)
                if self.growing is not None:
                    self.growing[2].append(cell.line)
            return
        sb, so = self._obj_score(text), self._or_score(text)
        # a cell alone on its line and cut mid-phrase ("Associer les habitants aux", a table
        # flattened one line per cell) is judged once it has grown
        alone = len(line.cells) == 1 and (cell.wrapped or cut_mid_phrase(text))
        if sb >= SAME_CONCEPT and sb > so and not alone:
            self.row = self._new_row(self.seg, self.orientation, text, cell.line)
            line.had_objective, line.objective_col = True, 0
            self.ledger.note(
                QualityNote(
                    "misaligned_row",
                    "objective found in the orientation column: the cells after it are its actions",
                    Span(cell.line, cell.line),
                    clean(text),
                    "info",
                )
            )
            return
        self.growing = (self.orientation, cell.line, [cell.line])
        self.orientation = clean(text)
        self.current = _Orientation(self.orientation, [cell.line])
        self.opened.append(self.current)
        line.opened_orientation = True

    def _second_column(self, cell: Cell, line: _LineState) -> None:
        """A new objective, the wrapped end of one, or (lower case that completes nothing) the
        continuation of the actions."""
        text, row = cell.text, self.row
        if not starts_lower(text):
            if not self._noise(cell):
                self.row = self._new_row(self.seg, self.orientation, text, cell.line)
                line.had_objective = True
            return
        incomplete = (
            row is not None
            and not line.had_objective
            and self._obj_score(row.objective) < SAME_CONCEPT
            and damage(text) is None
            and not _looks_like_list(text)
            and len(text) < 80
        )
        if self._extends_objective(row, text) or incomplete:
            self._extend(row, text, cell.line)
            line.had_objective = True
            return
        # Transvaal: the end of the objective above, on the line that opens a new orientation
        prev = self.rows[-1] if self.rows else None
        if line.opened_orientation and self._extends_objective(prev, text):
            self._extend(prev, text, cell.line)
            self.row = prev
            return
        self._actions(row, cell)

    def _action_column(self, cell: Cell, line: _LineState) -> None:
        self._actions(self.row, cell)
        if line.opened_orientation and not line.had_objective and self.row is not None:
            self.ledger.note(
                QualityNote(
                    "misaligned_row",
                    "actions beside an orientation with no objective: attached to the objective "
                    f"above ({clean(self.row.objective)[:80]})",
                    Span(cell.line, cell.line),
                    clean(cell.text)[:200],
                )
            )

    @staticmethod
    def _extend(row: _Row | None, text: str, line: int) -> None:
        assert row is not None
        row.objective = clean(join_wrapped(row.objective, text))
        row.touch(line)

    def _actions(self, row: _Row | None, cell: Cell) -> None:
        if row is None:
            self.ledger.note(
                QualityNote(
                    "orphan_actions",
                    "actions with no objective above them",
                    Span(cell.line, cell.line),
                    clean(cell.text),
                ),
                understood=False,
            )
            return
        row.fragments.append((cell.text, cell.line, cell.wrapped))
        row.touch(cell.line, objective=False)


@dataclass
class _Item:
    text: str
    span: Span
    marked: bool
    damage: str | None = None


_LEAD_IN = re.compile(r"^[^.;]{2,60}:\s*$")  # "Actions prévues :"


def _proto_actions(fragments: list[tuple[str, int, bool]], ledger: Ledger) -> list[_Item]:
    """Join cell fragments into items. When the row marks its items (bullets, list tags,
    numbers), a fragment without a marker continues the item above whatever its case (a cell
    wrapped in a column layout, a row cut by a page break); otherwise only a fragment starting
    in lower case does. Damage found in any piece taints the whole item, since a continuation
    of damaged text has lost its beginning."""
    split = []
    expect = 1
    for text, line, _ in fragments:
        pieces = split_inline(text, expect)
        split.append((pieces, line))
        n = last_number(text)
        expect = n + 1 if n is not None and has_markers(pieces) else expect
    row_marked = any(has_markers(pieces) for pieces, _ in split)
    items: list[_Item] = []
    for (pieces, line), (raw, _, wrapped) in zip(split, fragments, strict=True):
        # in a column layout a cell wraps over lines: an unmarked line goes on with its item
        goes_on = row_marked and wrapped and not re.match(r"\s*<(ul|ol|li)\b", raw, re.I)
        for i, (piece, marked) in enumerate(pieces):
            body = clean(piece)
            if not body:
                continue
            if _LEAD_IN.match(body) and len(pieces) > 1 and i == 0 and not marked:
                ledger.note(
                    QualityNote(
                        "lead_in", "text introducing the actions", Span.of(line), body, "info"
                    )
                )
                continue
            hurt = damage(body)
            # the text before a cell's first marker continues the item above
            if items and i == 0 and not marked and (continues(body) or goes_on):
                prev = items[-1]
                before = prev.text
                prev.text = clean(join_wrapped(prev.text, body))
                prev.span = prev.span.union(Span.of(line))
                # a short piece ("l'Artois", "Ouvrir deux créneaux hebdomadaires") may look like
                # noise alone and not in its sentence: judged again once joined; damage found in
                # a longer piece taints what continues it
                if prev.damage and len(words(before)) < 8:
                    prev.damage = None
                prev.damage = prev.damage or (damage(prev.text) if hurt else None)
            else:
                items.append(_Item(body, Span.of(line), marked, hurt))
    return items


def _semicolons(text: str) -> list[str]:
    """Actions listed in one cell with semicolons ("Permanences … en mairie ; diffusion d'un
    guide …"), each part a phrase of its own (three words or more)."""
    parts = [p.strip() for p in re.split(r"\s*;\s+", text) if p.strip(" .;")]
    if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts) and are_items(parts):
        return parts
    return [text]


def build_actions(fragments: list[tuple[str, int, bool]], ledger: Ledger) -> list[Action]:
    actions: list[Action] = []
    for item in _proto_actions(fragments, ledger):
        text, span = item.text, item.span
        if "\ufffd" in text:
            ledger.note(
                QualityNote("encoding_damage", "replacement character removed", span, text, "info")
            )
            text = clean(text.replace("\ufffd", ""))
        kind = item.damage or damage(text)
        if kind is not None:
            ledger.note(
                QualityNote(
                    kind,
                    f"{kind.replace('_', ' ')} in an action cell, not turned into an action",
                    span,
                    text,
                ),
                understood=False,
            )
            continue
        parts = [text] if item.marked else _semicolons(text)
        if len(parts) == 1 and not item.marked:
            parts = infinitive_split(text)
        if len(parts) > 1:
            ledger.note(
                QualityNote(
                    "inferred_split",
                    f"no bullets: split into {len(parts)} actions "
                    "(at semicolons, or where a sentence starts with an infinitive)",
                    span,
                    text,
                    "info",
                )
            )
        for p in parts:
            p = p.strip().rstrip(" ;,")
            if p.strip(" .;,"):
                actions.append(Action(p, span, len(actions) + 1, inferred_boundary=len(parts) > 1))
    return actions


def resolve(segments: list[Segment], fw: Framework, ledger: Ledger) -> list[ObjectiveRow]:
    r = _Resolver(fw, ledger)
    for seg in segments:
        r.segment(seg)
    rows: list[ObjectiveRow] = []
    for raw in r.rows:
        actions = build_actions(raw.fragments, ledger)
        span = Span(raw.first, raw.last)
        rows.append(
            ObjectiveRow(
                raw.enjeu,
                raw.enjeu_title,
                raw.orientation,
                raw.objective,
                actions,
                span,
                " ".join(t for t, _, _ in raw.fragments),
            )
        )
        for a in actions:
            ledger.mark(a.span, LineUse.REPRESENTED, "action")
        for no in sorted(raw.lines):
            ledger.mark(no, LineUse.REPRESENTED, "objective row")
    return rows
