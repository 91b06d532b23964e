"""Objectives written otherwise than as a table: an outline ("Orientation : …", an objective
and its actions as nested items), fiches actions ("Action n°4 – …" and their "Pilote :" fields),
the boxes of a table laid out one cell per block, and prose that quotes the strategy's names.
Each is turned into the same positioned cells as a table row, for the resolver to read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from quartiers import sections
from quartiers.blocks.lists import GLYPHS, LABEL
from quartiers.blocks.paragraphs import join
from quartiers.document import Block, Paragraph, Table
from quartiers.ledger import Ledger
from quartiers.model import LineUse, QualityNote
from quartiers.parsers.bullets import bullet_text, without_code
from quartiers.parsers.columns import (
    ACTIONS,
    EXTRA,
    HEADER_ROLES,
    OBJECTIVE,
    ORIENTATION,
    Cell,
    Segment,
    content_like,
    path_row,
    strategy_path,
)
from quartiers.parsers.units import Unit, units
from quartiers.span import Span
from quartiers.textnorm import clean, fold, starts_lower
from quartiers.wording import cut_mid_phrase, join_wrapped, opens_with_infinitive


def prose_or_outline(
    b: Block, segments: list[Segment], before: list[Block], outline: Outline, ledger: Ledger
) -> None:
    """A block that is not a table: an outline of objectives, prose before the first enjeu
    (kept as passages), or text among the objectives that is neither (kept and reported)."""
    if _prose(b, segments, outline, ledger):
        return
    if not segments:
        trial = Segment(0, "", line=b.span.first)
        if _reads_as_objectives(b) and read_outline(b, trial, outline, ledger) and trial.rows:
            segments.append(trial)
        else:
            before.append(b)
    elif not read_outline(b, segments[-1], outline, ledger):
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
# "la commune retient : …", "nous retenons l'objectif : …": the objective(s) retained, named
_RETAINS = re.compile(
    r"\b(?:la commune|la ville|nous)\s+(?:retient|retenons)(?:\s+l.objectif)?\s*:\s*(?P<what>[^:]{12,300})$",
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


def _prose(b: Block, segments: list[Segment], st: Outline, ledger: Ledger) -> bool:
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
    retained = _RETAINS.search(text) if not quotes else None
    if retained and ";" not in retained.group("what"):
        # "Pour cette orientation, la commune retient : promouvoir l'activité physique …." over
        # the list of its actions: one objective, named without quotes (several, set apart by
        # semicolons, are each named again over their own list)
        if not segments:
            segments.append(Segment(0, "", line=b.span.first))
        what = retained.group("what").strip(" .")
        segments[-1].rows.append([Cell(ORIENTATION, what[:1].upper() + what[1:], b.span.first)])
        st.last = OBJECTIVE
        ledger.mark(b.span, LineUse.REPRESENTED, "objectives prose")
        return True
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
        if m and any(p.search(label) for r, p in HEADER_ROLES if r != "partners"):
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
# word and its number, then a dash or a colon (an outline written as fiches), or a capital
# ("Orientation 1.1 Faciliter …")
_NUMBERED_ROLE = re.compile(
    r"^[\W_]*(?P<label>(?:orientation|objectif|action|fiche)s?\b[^:–—\d]{0,30}?"
    r"(?:n\s*°\s*|no\.?\s*)?\d{1,2}(?:\.\d{1,2})*\.?)(?:\s*[–—:-]\s*|\s+(?=[A-ZÀ-Ý]))"
    r"(?P<value>\S.*)$",
    re.I,
)
_NO_ACTION = re.compile(
    r"^\W*((pas|aucune?) (de |d.)?(fiches?([ -]actions?)?|actions?)\b|neant|sans objet|a definir"
    r"|(fiches?[ -])?actions? a (venir|construire|definir|preciser)|fiches? a (construire|venir))"
)


def says_no_action(text: str) -> bool:
    """ "Pas d'action identifiée à ce stade", "Aucune action", "Néant": no action, said."""
    return bool(_NO_ACTION.match(fold(text)))


# the label cell of a table of fields ("Pilote :", "Partenaires :", "Calendrier :")
_FIELD_LABEL = re.compile(r"^[^:\d]{2,40}:$")
# a fiche action's fields, labelled without a colon in a column of their own ("Intitulé |
# Permanences …", "Objectif du contrat de ville | …", "Porteur | CCAS")
_FICHE_FIELD = re.compile(
    r"^(intitule|libelle|titre|actions?|objectifs?|porteurs?|pilotes?|partenaires?|calendrier"
    r"|echeances?|delais?|indicateurs?|budget|financement|cout|public|lieu|description"
    r"|modalites|contenu|descriptif)\b[^:]{0,30}$"
)
_ACTION_TITLE = re.compile(r"^(intitule|libelle|titre|action)\b")
# a fiche with no title field: its description is its action ("Description | Mettre en …")
_DESCRIPTION = re.compile(r"^(description|descriptif|contenu|objet)\b")
# "Fiche action n°3", "FICHE ACTION N° 12" alone on its line: the title over a fiche's fields
FICHE_TITLE = re.compile(sections.FICHE_TITLE.pattern + r"\W*$")


def _label(text: str) -> str | None:
    """The field a label cell names, folded, or None."""
    f = fold(clean(text)).strip("*_ ")
    if _FIELD_LABEL.match(clean(text)):
        return f.rstrip(" :")
    return f if _FICHE_FIELD.match(f) else None


# the strategy's place a fiche states ("Enjeu | Enjeu 1 – …", "Orientation | Faciliter …"):
# fields of a table already found to be a fiche's (an objectives table's first column names
# enjeux and orientations too)
_STRATEGY_FIELD = re.compile(r"^(enjeux?|orientations?|axes?)\b[^:]{0,30}$")


def field_units(t: Table) -> list[Unit] | None:
    """A table of "Label : value" fields (an action's fiche: intitulé, objectif, pilote,
    partenaires, calendrier…), as labelled lines; a row with text in the value column only
    continues the field above (indent 1), a label cell alone continues the label ("Objectif du
    contrat de" / "ville"), another row is a line of its own ("Action n°2 – …"). A fiche's
    title is its action (marked "fiche": the objective it serves may come after it)."""
    labelled = [r for r in t.rows if len(r.cells) >= 2 and _label(r.cells[0].text) is not None]
    # (a row with text in the value column only goes on with the field above)
    opening = [r for r in t.rows if r.cells and r.cells[0].col == 0]
    if len(labelled) < max(2, (len(opening) + 1) // 2):
        return None
    bare = [r for r in labelled if not _FIELD_LABEL.match(clean(r.cells[0].text))]
    kinds = {(_label(r.cells[0].text) or "").split(" ")[0] for r in bare}
    if bare and len(kinds) < 3:
        return None  # labels without a colon: a fiche's several fields, not a title column
    labelled += [
        r
        for r in t.rows
        if r not in labelled
        and len(r.cells) >= 2
        and _STRATEGY_FIELD.match(fold(clean(r.cells[0].text)).strip("*_ "))
    ]
    value_col = min(r.cells[1].col for r in labelled)
    fields: list[tuple[str | None, Unit]] = []  # (the field's label, its line)
    for r in t.rows:
        first = r.cells[0]
        if r in labelled:
            label = _label(first.text) or fold(clean(first.text)).strip("*_ ")
            value = " ".join(c.text for c in r.cells[1:])
            text = f"{clean(first.text).rstrip(' :')} : {value}"
            fields.append((label, Unit(clean(text), r.span, "line", raw=text)))
        elif FICHE_TITLE.match(fold(clean(r.text()))):
            fields.append((None, Unit(clean(r.text()), r.span, "line", raw=r.text())))
        elif (
            len(r.cells) == 1
            and first.col < value_col
            and fields
            and fields[-1][0] is not None
            and starts_lower(first.text)
        ):
            name, u = fields[-1]
            head, _, value = u.text.partition(" : ")
            text = f"{head} {clean(first.text)} : {value}"
            fields[-1] = (name, Unit(text, Span(u.span.first, r.span.last), "line", raw=text))
        elif (
            first.col >= value_col
            and fields
            and fields[-1][0] is not None
            and bullet_text(first.text) is not None
            and bullet_text(fields[-1][1].text.partition(" : ")[2]) is not None
        ):
            # "Actions à conduire | – Mettre en place …" then "| – Organiser …": the next
            # item of the field's list, a field of its own under the same label
            name, u = fields[-1]
            text = f"{u.text.partition(' : ')[0]} : {clean(first.text)}"
            fields.append((name, Unit(text, r.span, "line", raw=text)))
        elif (
            first.col >= value_col
            and fields
            and fields[-1][0] is not None
            and bullet_text(first.text) is None
        ):
            # the field's value wrapped onto the row below
            name, u = fields[-1]
            text = join_wrapped(u.text, clean(r.text()))
            fields[-1] = (name, Unit(text, Span(u.span.first, r.span.last), "line", raw=text))
        else:
            indent = 1 if first.col >= value_col else 0
            fields.append(
                (None, Unit(clean(r.text()), r.span, "line", raw=r.text(), indent=indent))
            )
    titled = _ACTION_TITLE if any(f and _ACTION_TITLE.match(f) for f, _ in fields) else None
    pattern = titled or _DESCRIPTION
    out, served = [], False  # an objective field read: the action is that objective's
    for f, u in fields:
        if f and pattern.match(f):  # the fiche's title, else its description: its action
            # (before the objective it serves, it waits for it: marked "fiche")
            u = replace(u, text="Action : " + u.text.partition(" : ")[2])
            u = u if served else replace(u, marker="fiche")
        served = served or bool(f and f.startswith("objectif"))
        served = served and not (f is None and FICHE_TITLE.match(fold(u.text)))  # the next fiche
        out.append(u)
    return out


@dataclass
class Outline:
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
    # the indentations of a list nested three levels deep or more (orientation, objective,
    # actions), from the top
    levels: tuple[int, ...] = ()
    fiche: Cell | None = None  # a fiche's action, waiting for the objective it serves
    # the glyph each level's items opened with, as first read ("•" objectives, "o" actions):
    # a Word text keeps no indentation, a field ("Financement : …") between two actions
    # breaks the list, an objective with no action comes right before the next
    markers: dict[str, int] = field(default_factory=dict)
    # the last objective was given on its own labelled line ("Objectif : Lever …"): plain lines
    # under it opening with an infinitive are its actions, not a flattened table's cells
    labelled: bool = False

    @property
    def after_actions(self) -> list[str] | None:
        """The titles of the partner and other columns after the actions, in order; None when
        no actions column was announced."""
        roles = [r for r, _ in self.columns]
        if "actions" not in roles:
            return None
        return [t for r, t in self.columns[roles.index("actions") + 1 :] if r in _AFTER]


_AFTER = {"partners", "extra"}


# the words of the objectives table's column titles, which a wrapped title's end holds
_TITLE_WORDS = re.compile(
    r"\b(intercommunale?s?|contrat de ville|convention[- ]cadre|strategi\w*|operationnel\w*"
    r"|pour le quartier)\b"
)


def _column_title(text: str) -> str | None:
    """The role a short line names when it is a column title of a table laid out as boxes
    ("Objectif stratégique", "Actions programmées sur le quartier", "Pilote / partenaires",
    "Calendrier"), never a cell: no digit, no verb opening it, short."""
    f = fold(clean(text)).strip("*_ ")
    if not f or len(f) > 45 or re.search(r"\d", f) or f.endswith("."):
        return None
    if len(f.split()) > 1 and content_like(text):  # "Calendrier" alone is no verb
        return None
    if not clean(text).strip("*_ ")[:1].isupper():
        return None  # "res et acteurs de proximité": the end of a wrapped cell
    role = next((r for r, p in HEADER_ROLES if p.search(f)), None)
    return role if role not in {None, "enjeu"} else None


def _box_cell(b: Block, seg: Segment, st: Outline, ledger: Ledger) -> bool:
    """A block of a box-laid table in a column after the actions ("Pilote / partenaires",
    "Calendrier"): kept as that column's cell of the row. An objective followed directly by
    such a block had no action (an empty cell)."""
    after = st.after_actions
    if after is None or not isinstance(b, Paragraph) or not b.lines:
        return False
    if _column_title(b.lines[0].text) is not None:
        return False  # the column titles, repeated after a page break
    if st.last == OBJECTIVE and after and not content_like(b.lines[0].text):
        st.to_come = list(after)  # the actions' cell is empty
    if content_like(b.lines[0].text) or _LABELLED.match(clean(b.lines[0].text)):
        st.to_come = []  # a new objective, or a labelled part: the row is over
        return False
    if not st.to_come:
        return False
    seg.extras.append((st.to_come.pop(0), join(b.lines), b.span.first))
    ledger.mark(b.span, LineUse.REPRESENTED, "objectives table cell")
    st.last, st.gathering = EXTRA, False
    return True


def _runs_on(text: str, previous: str) -> bool:
    """A line of the paragraph a field opened, its list of names going on: the line above ends
    no sentence ("… école Jules Ferry, France" / "Travail, Mission locale …"), both list
    names, and this one opens no action, no numbered title, no item."""
    return (
        not previous.rstrip().endswith((".", ";", ":", "!", "?"))
        and ", " in previous
        and ", " in text
        and text[:1].isalpha()
        and not opens_with_infinitive(text)
    )


def _goes_on(text: str, previous: str) -> bool:
    """A line that continues the item above: in lower case, a few words of a name, or after a
    line cut mid-phrase."""
    if text[:1].islower() or cut_mid_phrase(previous):
        return True
    words = text.split()
    return 0 < len(words) <= 3 and not re.search(r"(er|ir|re)$", words[0].lower())


def _cut_by_the_next_line(ledger: Ledger, no: int) -> bool:
    """The line after a block's last is not blank: the block was cut there (by a table's
    columns, pdftotext's layout), and what it holds may go on in the next."""
    lines = ledger.doc.lines
    return no < len(lines) and not ledger.doc.line(no + 1).blank


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


def flush_fiche(seg: Segment, st: Outline) -> None:
    """The waiting fiche's action, as an action of the row read last."""
    if st.fiche is not None:
        seg.rows.append([st.fiche])
        st.fiche = None


def read_outline(
    b: Block, seg: Segment, st: Outline, ledger: Ledger, fields: list[Unit] | None = None
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
        if len(set(items)) >= 3:
            st.levels = tuple(sorted(set(items)))
    flat = False  # the unit before was a line of a flattened table
    for u in us:
        if u.kind == "item" and u.marker and re.match(LABEL, u.marker):
            # "Action n°4 – Navette solidaire": a fiche's title, whatever list it stands in
            u = replace(u, text=f"{u.marker} {u.text}", kind="line", marker=None)
        was_flat, flat = flat, False
        text = u.text
        if u.span.last > u.span.first:  # a wrapped item: its cell carries its first line
            seg.spans.append((u.span.first, u.span.last))
        m = _NUMBERED_ROLE.match(text) or _LABELLED.match(text)
        role = None
        if m:
            label = fold(m.group("label")).strip("*_ ")
            role = next((r for r, p in HEADER_ROLES if p.search(label)), None)
        none = says_no_action(text) or bool(
            m and role == "objective" and says_no_action(m["value"])
        )
        if m and none:
            # "Pas de fiche action à ce stade : …", "Objectif retenu : aucune action …"
            m, role = None, None
        if u.kind == "line" and FICHE_TITLE.match(fold(text)):
            flush_fiche(seg, st)
            ledger.mark(u.span, LineUse.IGNORED, "fiche action title")
            st.previous = text
            read = True
            continue
        if st.skipping and u.kind == "line" and not m and _goes_on(text, st.previous):
            ledger.mark(u.span, LineUse.IGNORED, "no action stated")
            st.previous = text
            continue
        st.skipping = False
        # "2.2 Accompagner … / 2.2.3 Lever …", "Accompagner … > Lever …": an orientation and
        # its objective on one line
        path = strategy_path(text) if u.kind != "item" else None
        if path:
            seg.rows.append(path_row(path, u.span.first))
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
            and (
                u.indent
                or _goes_on(text, st.previous)
                or (isinstance(b, Paragraph) and fields is None and _runs_on(text, st.previous))
            )
        ):
            column, value, first = seg.extras[-1]
            seg.extras[-1] = (column, join_wrapped(value, text), first)
            ledger.mark(u.span, LineUse.TEXT, "objectifs")
            read = True
        elif role in {"orientation", "objective", "strategy", "actions"} and m:
            value = m.group("value").strip("*_ ")
            col = {"orientation": ORIENTATION, "actions": ACTIONS}.get(role or "", OBJECTIVE)
            if u.marker == "fiche" and value:
                # a fiche's title, the objective it serves in a field below (a page further
                # on, maybe): the action waits for it
                flush_fiche(seg, st)
                st.fiche = Cell(ACTIONS, "• " + value, u.span.first)
            elif col == ACTIONS and _NO_ACTION.match(fold(value)):
                pass  # "Actions : aucune action à ce stade"
            elif value and col == ACTIONS:
                # "Actions : atelier numérique ; permanence CAF ; …": one line of several,
                # cut at its semicolons as a cell is (no bullet to say it is one action)
                listed = bool(re.search(r"\S\s*;\s+\S", value))
                seg.rows.append([Cell(ACTIONS, value if listed else "• " + value, u.span.first)])
            elif value:
                seg.rows.append([Cell(col, value, u.span.first)])
                if col == OBJECTIVE:
                    flush_fiche(seg, st)  # the fiche's action, under its objective
            st.labelled = bool(value) and col == OBJECTIVE and u.kind == "line"
            st.last = ACTIONS if u.marker == "fiche" else col
            ledger.mark(u.span, LineUse.REPRESENTED, "objectives outline")
            read = True
        elif none:
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
            and (
                text.startswith("(")
                or (
                    starts_lower(text)
                    and (cut_mid_phrase(st.previous) or bool(_TITLE_WORDS.search(fold(text))))
                )
            )
        ):
            # "(convention-cadre)", or the end of a wrapped title ("Objectifs stratégiques de
            # la" / "convention-cadre", "Objectifs de la stratégie" / "intercommunale du
            # contrat de ville"); "avec France Travail" after the titles repeated on a new page
            # ends the action the page break cut
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
        elif (
            u.kind == "line"
            and st.labelled
            and st.last in {OBJECTIVE, ACTIONS}
            and text[:1].isupper()
            and not cut_mid_phrase(st.previous)
            and not cut_mid_phrase(text)
            and not (u is us[-1] and _cut_by_the_next_line(ledger, u.span.last))
            and opens_with_infinitive(without_code(text))
        ):
            # "Objectif : Lever …" / "Organiser une permanence … [CCAS]" (or "A1 – Organiser
            # … A2 – …"): an action written as a paragraph under its objective (whole on its
            # line: a line cut mid-phrase goes on in a block this one does not see)
            seg.rows.append([Cell(ACTIONS, "• " + text, u.span.first)])
            st.last, read = ACTIONS, True
        elif (
            u.kind == "line"
            and st.labelled
            and not none
            and st.last in {OBJECTIVE, ACTIONS}
            and text[:1].isupper()
            and text.rstrip(" »)").endswith(".")
            and len(text.split()) >= 6
            and not cut_mid_phrase(st.previous)
            and not (u is us[-1] and _cut_by_the_next_line(ledger, u.span.last))
        ):
            # "Objectif 1.1.1 : Renforcer …" / "Le CCAS organisera … . Les agents … iront …":
            # a paragraph of sentences under its objective (a Word or HTML paragraph, whole on
            # its line), each sentence an action
            for sentence in _SENTENCE_END.split(text):
                seg.rows.append([Cell(ACTIONS, "• " + sentence, u.span.first)])
            st.last, read = ACTIONS, True
        elif u.kind == "line" and len(text) <= 200 and not text.rstrip().endswith("."):
            # a table flattened by copy-paste: an orientation or an objective, one cell after
            # the other; the framework tells which (the resolver reads it as a first column).
            # A line in lower case after one cut mid-phrase is the same cell, wrapped.
            last = seg.rows[-1] if seg.rows else []
            if (
                was_flat
                and len(last) == 1
                and last[0].col == ORIENTATION
                and starts_lower(text)
                and (cut_mid_phrase(last[0].text) or re.search(r"\w-$", last[0].text))
            ):  # "… phy-" / "sique et les activités": a word cut at the line's end too
                last[0].text = join_wrapped(last[0].text, text)
                seg.spans.append((last[0].line, u.span.last))
            else:
                seg.rows.append([Cell(ORIENTATION, text, u.span.first)])
            flat, st.last, st.previous, st.gathering, read = True, OBJECTIVE, text, False, True
            continue
            st.last = OBJECTIVE
            read = True
        elif u.kind == "item" and u.indent in st.levels:
            # the deepest level holds the actions, the one above the objectives, any above
            # them the orientations
            depth = len(st.levels) - 1 - st.levels.index(u.indent)
            col = (ACTIONS, OBJECTIVE)[depth] if depth < 2 else ORIENTATION
            seg.rows.append([Cell(col, "• " + text if col == ACTIONS else text, u.span.first)])
            st.last, read = col, True
        elif u.kind == "item":
            nested = st.base is not None and u.indent > st.base
            # in a list with nesting the top items are objectives; in a flat list after an
            # objective, the items are its actions; once objectives and actions have shown
            # glyphs of their own, the glyph says which
            if len(set(st.markers.values())) == 2 and u.marker in st.markers:
                col = st.markers[u.marker]
            elif st.last == EXTRA and u.marker in st.markers:
                # "• Organiser …" / "Modalités : …" / "Public : …" / "• Animer …": fields
                # between two items of one glyph leave the next at the same level
                col = st.markers[u.marker]
            elif nested or (not nesting and st.last in {OBJECTIVE, ACTIONS}):
                col = ACTIONS
            else:
                col = OBJECTIVE
            seg.rows.append([Cell(col, "• " + text if col == ACTIONS else text, u.span.first)])
            st.last, read = col, True
            if u.marker:
                st.markers.setdefault(u.marker, col)
        st.previous = text
        st.gathering = False
    if st.last == ACTIONS and b.kind == "listblock" and st.after_actions is not None:
        st.to_come = st.after_actions  # the row's next boxes are the columns after the actions
    return read


# where a sentence ends and the next opens: not after an initial ("M. Dupont", "J.-P.")
_SENTENCE_END = re.compile(r"(?<![\s.][A-Z]\.)(?<!\betc\.)(?<=[.!?])\s+(?=[«\"]?\s*[A-ZÀ-Ý])")


def _text(b: Block) -> str:
    return " ".join(u.text for u in units([b]))
