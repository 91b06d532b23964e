"""The table "Objectifs poursuivis sur le quartier": enjeu → orientation → objectif → actions.

Physical lines are tab-separated cells; the column of a cell is its position. PDF extraction
wraps cells over several lines, leaves "same as above" cells empty, cuts rows at page breaks,
shifts cells by a column, and sometimes interleaves garbage. The parser works in two phases:

- `read_table` cuts the section into enjeu segments of positioned cells (no interpretation);
  objectives written as an outline, fiches or prose are turned into the same cells (`outline`);
- `candidates` reads the clean rows (all three columns present) to feed the framework;
- `resolve` interprets every cell against the framework: a lower-case cell continues the
  orientation, the objective or the actions (whichever it completes), an upper-case cell
  that names a known objective is an objective whatever its column, damaged text is flagged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from quartiers.blocks.layout import layout_segments
from quartiers.blocks.lists import GLYPHS, SUB_GLYPH, SUB_GLYPHS
from quartiers.blocks.paragraphs import paragraph
from quartiers.document import Block, Heading, ListBlock, Paragraph, Row, Table
from quartiers.document import Cell as DocCell
from quartiers.framework import (
    SAME_CONCEPT,
    Candidate,
    Framework,
    Match,
    Strategy,
    infinitive_split,
)
from quartiers.ledger import Ledger
from quartiers.model import Action, LineUse, ObjectiveRow, QualityNote, Span, TextItem
from quartiers.nlp import are_items
from quartiers.parsers import centred
from quartiers.parsers.bullets import has_markers, last_number, split_inline
from quartiers.parsers.columns import (
    ACTIONS,
    EXTRA,
    OBJECTIVE,
    ORIENTATION,
    QUARTIER,
    RETAINED,
    TWO_IN_ONE,
    Cell,
    Segment,
    column_mapping,
    content_like,
    enjeu_header,
    header_rest,
    header_roles,
    labelled_orientation,
    looks_like_list,
    path_row,
    strategy_path,
    title_pieces,
)
from quartiers.parsers.outline import (
    Outline,
    field_units,
    flush_fiche,
    prose_or_outline,
    read_outline,
    says_no_action,
)
from quartiers.parsers.timing import split_tags
from quartiers.parsers.units import units
from quartiers.quality import damage, words
from quartiers.sections import FICHE_TITLE
from quartiers.textnorm import clean, continues, fold, match_key, starts_lower
from quartiers.wording import cut_mid_phrase, join_wrapped, opens_with_infinitive

P = TypeVar("P")  # a part of a block: a line or a list item
# an outline's letter or number before an objective's title: "a) ", "b. ", "3) "
# where an HTML cell's paragraphs meet in its text
_PARAGRAPH_MARK = re.compile(r"\s*<(?:br|p)>\s*")
_OUTLINE_ITEM = re.compile(r"^\s*(?:[a-h]|\d{1,2})[.)]\s+")
# "1.1.a Faciliter l'accès …", "OS 2.1.3 – Renforcer …": the strategy's code of an objective
_OBJECTIVE_CODE = re.compile(
    r"^\s*(?:OS|O|obj\.?)?\s?\d{1,2}\.\d{1,2}\.(?:[a-h]|\d{1,2})\b[.)]?\s*(?:[:–—-]\s*)?(?=[A-ZÀ-Ý])"
)


@dataclass
class _TableState:
    mapping: dict[int, int] | None = None
    header_open: bool = False  # the row before was a header row
    names: dict[int, str] = field(default_factory=dict)  # extra column -> header text
    # the header's wrapped second line, as first read; whether the last header repeated the
    # first (the table's titles again on a new page)
    rest: str | None = None
    repeated: bool = False
    columns: int = 0  # the table's


def read_table(
    blocks: list[Block], ledger: Ledger, strategy: Strategy | None = None
) -> tuple[list[Segment], list[Block]]:
    """Cut the section into enjeu segments of cells in logical columns (no interpretation yet).
    Returns the segments and the blocks before the first enjeu or table (prose). `strategy`:
    the agglomeration's, whose titles as headings announce its enjeux and orientations."""
    strategy = strategy or Strategy()
    segments: list[Segment] = []
    before: list[Block] = []
    outline = Outline()
    titled: _TableState | None = None  # the last table whose column titles were read
    under_titles = False  # the last block read was a row of column titles

    def segment() -> Segment:
        if not segments:
            segments.append(Segment(0, ""))
        return segments[-1]

    for k, b in enumerate(blocks):
        if (
            under_titles
            and isinstance(b, ListBlock)
            and isinstance(blocks[k + 1] if k + 1 < len(blocks) else None, Table)
        ):
            # a list between the column titles (an enjeu's title aside) and the table holds
            # the first row's actions, set above its objective (cells centred vertically)
            outline.last = OBJECTIVE
        under_titles = under_titles and isinstance(b, Heading)
        if isinstance(b, Paragraph) and _TOTAL.match(clean(b.text)):
            # "Total enjeu 1 : 18 000 €" alone under its table: the sum of its rows' amounts
            ledger.mark(b.span, LineUse.IGNORED, "table total")
            continue
        if (
            isinstance(b, Heading)
            and FICHE_TITLE.match(fold(b.title))
            and isinstance(after := blocks[k + 1] if k + 1 < len(blocks) else None, Table)
            and any(u.text.startswith("Action : ") for u in field_units(after) or [])
        ):
            # "Fiche action n° 1 – Le bus des droits" over its fields: a name, the action is
            # the fields' (its title, else its description)
            ledger.mark(b.span, LineUse.REPRESENTED, "fiche action title")
            continue
        if isinstance(b, Table):
            fields = field_units(b)
            if fields is not None:  # fiches actions, a section of their own or not
                read_outline(b, segment(), outline, ledger, fields)
                continue
            st = _table_rows(b, segments, segment, ledger, titled)
            titled = st if st.mapping is not None else titled  # its columns are b's
            continue
        if isinstance(b, Heading) and (e := strategy.enjeu(b.title)) is not None:
            # "I. DES QUARTIERS ATTENTIFS …": an enjeu named by its title alone
            _announce(segments, Segment(e[0], e[1], line=b.span.first))
            ledger.mark(b.span, LineUse.REPRESENTED, "enjeu header")
            continue
        if (
            isinstance(b, Heading)
            and strategy_path(b.title) is None  # "Accompagner … / 2.2.3 Lever …": a row
            and (title := strategy.orientation(b.title)) is not None
        ):
            # "A. Faciliter l'accès aux droits …" over the table of its objectives
            segment().rows.append([Cell(ORIENTATION, title, b.span.first)])
            ledger.mark(b.span, LineUse.REPRESENTED, "orientation")
            continue
        if isinstance(b, Heading) and (title := strategy.objective(b.title)) is not None:
            # "1.1.2 Faciliter l'accès aux soins aux ressources …" over its actions, a list or
            # a paragraph: the outline's objective, a heading of its own
            segment().rows.append([Cell(OBJECTIVE, title, b.span.first)])
            outline.last = OBJECTIVE
            ledger.mark(b.span, LineUse.REPRESENTED, "objective")
            continue
        parts = _at_enjeux(b)
        for part in parts:
            if not isinstance(part, Segment) and (head := _titles_alone(part)) is not None:
                # the column titles, set apart from their table (a page above, an enjeu's
                # title between), or in one paragraph with that title
                titled, after = head
                ledger.mark(
                    part.span if after is None else Span(part.span.first, after.span.first - 1),
                    LineUse.IGNORED,
                    "table column header",
                )
                under_titles = after is None
                if after is not None:  # "Orientation : …" under the titles
                    prose_or_outline(after, segments, before, outline, ledger)
            elif isinstance(part, Segment):
                _announce(segments, part)
                if part.rows:  # "Enjeu 1 > orientation > objective": its actions follow
                    outline.last = OBJECTIVE
                # a title alone in its block is all of it (an HTML heading over two lines)
                span = b.span if parts == [part] else Span.of(part.line)
                ledger.mark(span, LineUse.REPRESENTED, "enjeu header")
            else:
                prose_or_outline(part, segments, before, outline, ledger)
    if outline.fiche is not None:
        flush_fiche(segment(), outline)
    absent = frozenset(
        m.group("mark")
        for b in blocks
        if isinstance(b, Paragraph)
        for m in _ABSENT_LEGEND.finditer(fold(clean(b.text)))
    )
    for seg in segments:
        seg.absent = absent
    return segments, before


# "« — » : objectif non retenu pour le quartier", "NC : non concerné": a mark standing alone
# in an actions cell for an objective not retained
_ABSENT_LEGEND = re.compile(
    r"(?:^|[.;,(]\s*)[«\"“]?\s*(?P<mark>[^\s\w«»\"“”:]{1,3}|nc|n\.c\.|x|sans objet)\s*[»\"”]?\s*"
    r"[:=]\s*(?:objectif\s+)?non[ -](?:retenue?|concernee?|decline)"
)


def _announce(segments: list[Segment], seg: Segment) -> None:
    """A new enjeu segment; the enjeu announced again (its title repeated over the table at the
    top of the next page, a row cut by the break going on below it) continues its own."""
    if not (segments and seg.enjeu and segments[-1].enjeu == seg.enjeu):
        segments.append(seg)
    else:
        segments[-1].rows.extend(seg.rows)


def _at_enjeux(b: Block) -> list[Block | Segment]:
    """A block cut where an enjeu is announced: a paragraph of lines copied from a PDF viewer
    runs on from "ENJEU 1 : …" into the table's cells; a nested list holds the enjeux as items
    ("• Enjeu 1 – …", its orientations, objectives and actions nested under it)."""
    if isinstance(b, ListBlock) and len(b.items) > 1 and any(enjeu_header(i.text) for i in b.items):
        return _cut_at_enjeux(
            b.items,
            lambda it: it.text,
            lambda it: it.span,
            lambda items: ListBlock(Span(items[0].span.first, items[-1].span.last), items),
        )
    if isinstance(b, Paragraph) and len(b.lines) >= 2:
        return _cut_at_enjeux(
            b.lines,
            lambda ln: ln.text,
            lambda ln: Span.of(ln.no),
            lambda lines: Paragraph(Span(lines[0].no, lines[-1].no), lines, ""),
        )
    e = next((enjeu_header(u.raw if u.kind != "row" else u.text) for u in units([b])), None)
    return [_segment(e, b.span.first)] if e else [b]


def _segment(enjeu: tuple[int, str], line: int) -> Segment:
    """The segment an enjeu's title opens; a title that goes on to an orientation and an
    objective ("Enjeu 1 > Faciliter … > Renforcer …") opens it with that row."""
    path = strategy_path(enjeu[1])
    if path is None:
        return Segment(enjeu[0], enjeu[1], line=line)
    return Segment(enjeu[0], path[0], [path_row(path, line)], line=line)


def _cut_at_enjeux(
    parts: Sequence[P],
    text: Callable[[P], str],
    span: Callable[[P], Span],
    block: Callable[[list[P]], Block],
) -> list[Block | Segment]:
    """The parts of a block (lines, items) regrouped between the enjeux they announce."""
    out: list[Block | Segment] = []
    pending: list[P] = []
    for part in parts:
        e = enjeu_header(text(part))
        if e is None:
            pending.append(part)
            continue
        if pending:
            out.append(block(pending))
            pending = []
        out.append(_segment(e, span(part).first))
    if pending:
        out.append(block(pending))
    return out


def _in_columns(roles: list[tuple[int, str]], columns: int) -> list[tuple[int, str]]:
    """ "Objectifs de la stratégie intercommunale | Actions (| Pilotes)": with a title over each
    of the table's columns, the strategy's covers the objectives only (the orientations are
    bands across the table); with fewer titles than columns it covers two (orientation and
    objective under one merged title, as the real documents have it)."""
    if len(roles) < columns or "actions" not in {r for _, r in roles}:
        return roles
    return [(c, "objective" if r == "strategy" else r) for c, r in roles]


def _titled(
    roles: list[tuple[int, str]], cells: Sequence[DocCell], columns: int
) -> tuple[dict[int, int], dict[int, str]]:
    """The columns a row of titles names, and the title each is given. A column with no title
    on that row between the orientations' and the actions' is the objectives' (its title
    wrapped onto the lines around: "Objectif opérationnel de la" / "stratégie")."""
    mapping = column_mapping(_in_columns(roles, columns))
    at = {logical: col for col, logical in mapping.items()}
    if OBJECTIVE not in at and ORIENTATION in at and ACTIONS in at:
        between = [c for c in range(at[ORIENTATION] + 1, at[ACTIONS]) if c not in mapping]
        if len(between) == 1 and not any(c.col == between[0] and clean(c.text) for c in cells):
            mapping[between[0]] = OBJECTIVE
    return mapping, {mapping[c.col]: clean(c.text) for c in cells if c.col in mapping}


def _titles_alone(b: Block) -> tuple[_TableState, Paragraph | None] | None:
    """A paragraph whose first line is a row of column titles laid out on the page ("Objectifs
    de la stratégie      Actions programmées sur le quartier" / "intercommunale"): pdftotext
    set it apart from its table by an enjeu's title. The columns it names, and what follows
    the titles in the paragraph (an orientation's title over the first rows), or None."""
    if not isinstance(b, Paragraph) or not b.lines:
        return None
    if len(b.lines) > 2:
        return _titles_stacked(b)
    if len(b.lines) == 2 and labelled_orientation(b.lines[1].text.strip()):
        # "Pour quel objectif ?   Quoi ?   Qui ?" over "Orientation 1.1 – Faciliter …": the
        # titles, then the first orientation's title, a paragraph of its own
        first, second = b.lines
        head = _titles_row(Paragraph(Span.of(first.no), [first], first.text))
        after = Paragraph(Span.of(second.no), [second], second.text.strip())
        return None if head is None else (head, after)
    head = _titles_row(b)
    return None if head is None else (head, None)


def _titles_row(b: Paragraph) -> _TableState | None:
    pieces = [p for p in re.split(r"\s{3,}", b.lines[0].text.strip()) if p]
    if len(pieces) < 2:
        return None
    cells = [DocCell(i, p, Span.of(b.lines[0].no)) for i, p in enumerate(pieces)]
    roles = header_roles(cells, placed=True)
    if roles is None or len(roles) != len(cells) or "actions" not in {r for _, r in roles}:
        return None
    rest = [DocCell(0, b.lines[1].text.strip(), cells[0].span)] if len(b.lines) == 2 else []
    if rest and not header_rest(rest):
        return None
    mapping, names = _titled(roles, cells, len(cells))
    return _TableState(
        mapping, names=names, rest=_folded(rest) if rest else None, columns=len(cells)
    )


def _titles_stacked(b: Paragraph) -> tuple[_TableState, Paragraph | None] | None:
    """Column titles centred over their columns on up to three lines, one wrapped around the
    others' line ("Actions opérationnelles sur le" / "Objectif stratégique    Indicateurs de
    résultat" / "quartier"): the pieces that stand over one another are one title. What
    follows them ("Orientation : Faciliter …") is given back as a paragraph."""
    groups: list[list[tuple[int, int, str]]] = []  # (start, end, text), top to bottom
    taken = 0
    for ln in b.lines[:3]:
        pieces = layout_segments(ln.text)
        if any(len(t) > 60 or content_like(t) or labelled_orientation(t) for _, t in pieces) or (
            taken and len(pieces) == 1 and pieces[0][1][:1].isupper() and len(groups) >= 2
        ):
            break
        for start, text in pieces:
            end = start + len(text)
            over = [g for g in groups if any(start <= b1 and a1 <= end for a1, b1, _ in g)]
            if len(over) > 1:
                return None
            if over:
                over[0].append((start, end, text))
            else:
                groups.append([(start, end, text)])
        taken += 1
    if not taken or len(groups) < 2:
        return None
    groups.sort(key=lambda g: min(a for a, _, _ in g))
    span = Span(b.lines[0].no, b.lines[taken - 1].no)
    cells = [DocCell(i, " ".join(t for _, _, t in g), span) for i, g in enumerate(groups)]
    roles = header_roles(cells, placed=True)
    if roles is None or len(roles) != len(cells) or "actions" not in {r for _, r in roles}:
        return None
    mapping, names = _titled(roles, cells, len(cells))
    rest = b.lines[taken:]
    return _TableState(mapping, names=names, columns=len(cells)), paragraph(rest) if rest else None


def _table_rows(
    t: Table,
    segments: list[Segment],
    segment: Callable[[], Segment],
    ledger: Ledger,
    titled: _TableState | None = None,
) -> _TableState:
    """`titled`: the section's last table whose titles were read; a table of as many columns
    with none of its own (the rest of the table after a row that ended it, a page further
    on) has its columns."""
    st = _TableState(columns=t.columns)
    # "1 | Faciliter l'accès … | Accompagner … | 1. Ateliers …": the enjeu's column
    st.mapping = _enjeu_number_column(t)
    if st.mapping is None and titled is not None and _fits(titled, t):
        st.mapping, st.names, st.rest = dict(titled.mapping or {}), dict(titled.names), titled.rest
    for i, row in enumerate(t.rows):
        cells = row.cells
        first = cells[0]
        # "ENJEU 1 : …" alone on its row, or repeated in every cell (a merged cell that the
        # exporting tool wrote once per column)
        texts = {clean(c.text).strip("* ") for c in cells} - {""}
        # a title in capitals that a column layout cut at its columns ("ENJEU" | "2 : DES
        # QUARTIERS D'ÉMANCIPATION" | "POUR TOUS"): read whole
        capitals = all(c.text == c.text.upper() for c in cells)
        if (e := enjeu_header(" ".join(c.text for c in cells) if capitals else first.text)) and (
            capitals
            or (len(cells) <= 2 and (len(cells) == 1 or not cells[1].text.strip("* ")))
            or len(texts) == 1
        ):
            _announce(segments, Segment(e[0], e[1], line=row.span.first))
            ledger.mark(row.span, LineUse.REPRESENTED, "enjeu header")
            continue
        if (
            st.mapping is not None
            and st.header_open
            and header_rest(cells)
            and (not st.repeated or _folded(cells) == st.rest)
        ):
            # a header wrapped over two lines ("stratégie" / "intercommunale"); repeated on a
            # new page, only as the first was ("physique et mentale" | "avec le club …" under
            # the repeated titles is the row the page break cut)
            st.header_open = False
            st.rest = st.rest if st.repeated else _folded(cells)
            ledger.mark(row.span, LineUse.IGNORED, "table column header")
            continue
        below_header, st.header_open = st.header_open, False
        alone = [c for c in cells if clean(c.text)]
        if len(alone) == 1 and (m := _OBJECTIVE_BAND.match(alone[0].text)):
            # "Objectif : Renforcer le repérage …" across the table (no column's title): the
            # objective of the rows of actions below it
            segment().rows.append(
                [Cell(OBJECTIVE, alone[0].text[m.end() :].strip(), row.span.first)]
            )
            ledger.mark(row.span, LineUse.REPRESENTED, "objective")
            continue
        roles = header_roles(cells, t.style == "layout")
        if roles is not None:
            roles = _strategy_of_one_column(roles, cells, t.rows[i + 1 : i + 20])
        if roles is None and title_pieces(cells):
            ledger.mark(row.span, LineUse.IGNORED, "table column header")
            continue  # "Orientations | intercommunale du Contrat de": a centred header's line
        if roles is not None:
            mapping, names = _titled(roles, cells, t.columns)
            if below_header and st.mapping is not None:
                # a header on two rows ("Enjeux | Stratégie… | Actions" over "Orientations |
                # Objectifs"): the lower row refines the columns it names
                named = set(mapping.values())
                mapping = {c: m for c, m in st.mapping.items() if m not in named} | mapping
                names = {m: n for m, n in st.names.items() if m not in named} | names
            st.repeated = st.mapping == mapping and st.names == names
            st.header_open = True
            st.mapping, st.names = mapping, names
            ledger.mark(row.span, LineUse.IGNORED, "table column header")
            continue
        current = st.mapping
        seg = segment()
        filled = [c for c in cells if clean(c.text)]
        if len(filled) == 1 and _CAPTION.match(filled[0].text):
            # whether it stands above its table or under it, the rows' objectives say their
            # orientation: a caption, no row
            ledger.mark(row.span, LineUse.IGNORED, "table caption")
            continue
        if filled and _TOTAL.match(" ".join(clean(c.text) for c in filled)):
            # "Total enjeu 1 : 44 000 €" under a table whose rows give each action's amount:
            # their sum, no row (the amounts are the rows' own)
            ledger.mark(row.span, LineUse.IGNORED, "table total")
            continue
        # a cell alone in its row: a label's, or a band's across a table of two columns or more
        label = (
            labelled_orientation(filled[0].text, band=t.columns >= 2) if len(filled) == 1 else None
        )
        if label:  # "Orientation : Rendre les habitants …" across the table, over its rows
            seg.rows.append([Cell(ORIENTATION, label, row.span.first, t.style == "layout")])
            ledger.mark(row.span, LineUse.REPRESENTED, "orientation")  # an HTML row's lines too
            continue
        out: list[Cell] = []
        for c in cells:
            col = current.get(c.col, c.col) if current else c.col
            if col == QUARTIER:
                seg.quartiers.append((row.span.first, row.span.last, clean(c.text)))
                ledger.mark(row.span, LineUse.REPRESENTED, "quartier column")
                continue
            if col in TWO_IN_ONE:  # two columns in one cell: "Objectif et actions", …
                split_cell, first_col, second_col = TWO_IN_ONE[col]
                parts = split_cell(c.text)
                for logical, text in zip((first_col, second_col), parts, strict=True):
                    if text:
                        out.append(
                            Cell(logical, text, row.span.first, t.style == "layout", c.span.first)
                        )
                continue
            if col == -1:  # an enjeu column
                e = enjeu_header(c.text if not c.text.strip().isdigit() else f"Enjeu {c.text}")
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
            untitled = t.span.first if current is None else None
            cell = Cell(col, c.text, row.span.first, t.style == "layout", c.span.first, untitled)
            if col == ACTIONS and current and current.get(c.col) == ACTIONS:
                # "Actions existantes | Actions nouvelles": each column's items in turn, not
                # line by line (an item's wrapped lines stay with it)
                cell.stream = sorted(k for k, v in current.items() if v == ACTIONS).index(c.col)
            out.append(cell)
        if out:
            # columns in another order ("Actions | Objectif | Orientation"): a row is read
            # from its orientation down to its actions all the same
            seg.rows.append(sorted(out, key=lambda c: c.col))
            if row.span.last > row.span.first:
                seg.spans.append((row.span.first, row.span.last))
    for no, what in t.furniture:
        ledger.mark(no, LineUse.IGNORED, what.value)
    return st


def _fits(titled: _TableState, t: Table) -> bool:
    """Whether a table with no titles of its own has the columns titled above it: as many, or
    (a column layout some later band of which pdftotext set apart, a page or an enjeu further
    on) its first rows use just those."""
    if titled.columns == t.columns:
        return True
    if t.style != "layout" or t.columns < titled.columns:
        return False
    used = {c.col for r in t.rows[:8] for c in r.cells}
    return used == set(range(titled.columns))


def _strategy_of_one_column(
    roles: list[tuple[int, str]], cells: Sequence[DocCell], rows: Sequence[Row]
) -> list[tuple[int, str]]:
    """ "Objectif de la stratégie | Actions | Partenaires | Échéance" over rows whose every
    column has a title: the strategy's covers one, its objectives'. (A title over a merged cell
    covers the orientations' and the objectives' columns, the rows having a column with no
    title: Divion's.)"""
    strategy = next((col for col, role in roles if role == "strategy"), None)
    if strategy is None or any(c.col == strategy and c.col_span > 1 for c in cells):
        return roles
    titled = {c.col for c in cells if clean(c.text)}
    used: set[int] = set()
    items = 0  # cells of the next column opening with an item's mark: actions, no objective
    shifted = False  # a cell of a column with no title opening with one: the actions' column
    for r in rows:  # down to the next row of titles (a table of its own, its own columns)
        if _column_titles(r):
            break
        used |= {c.col for c in r.cells} if len(r.cells) >= 2 else set()
        items += any(c.col == strategy + 1 and _FIRST_MARK.match(c.text) for c in r.cells)
        shifted = shifted or any(
            c.col > strategy + 1 and c.col not in titled and _FIRST_MARK.match(c.text)
            for c in r.cells
        )
    actions = any(col == strategy + 1 and role == "actions" for col, role in roles)
    if actions and used and (used <= titled or (items >= 2 and not shifted)):
        return [(col, "objective" if col == strategy else role) for col, role in roles]
    return roles


def _column_titles(r: Row) -> bool:
    """A row of column titles: short cells naming the actions' column and a strategy's."""
    named = {role for _, role in header_roles(r.cells) or []}
    return (
        "actions" in named
        and bool({"objective", "strategy", "orientation"} & named)
        and all(len(c.text.split()) <= 8 for c in r.cells)
    )


# "Objectif : …", "Objectif opérationnel 1.2 – …" alone on its row, across the table
_OBJECTIVE_BAND = re.compile(
    r"^\W*objectifs?(?:\s+(?:strat[ée]gique|op[ée]rationnel)s?)?"
    r"(?:\s+(?:n\s*°\s*)?\d{1,2}(?:\.\d{1,2}){0,2})?\s*[:–—]\s*(?=[A-ZÀ-Ý])",
    re.I,
)
_FIRST_MARK = re.compile(rf"^\s*(?:[{re.escape(GLYPHS)}-]\s|<li>|\d{{1,2}}[.)]\s)")
# "Total enjeu 1 : 44 000 €", "Sous-total", "TOTAL" opening a row of amounts
_TOTAL = re.compile(r"^\W*(?:sous[- ]?)?total\b(?:[^.;!?]|(?<=\d)\.(?=\d)){0,60}$", re.I)
# "Tableau 4 – Orientation 1.2 : …" alone on its row, above or below the rows it captions
_CAPTION = re.compile(r"^\s*(?:tableau|table|figure)\s+(?:n\s*°\s*)?\d{1,2}\s*[-–—:.]\s*\w", re.I)


def _enjeu_number_column(t: Table) -> dict[int, int] | None:
    """The columns of a table whose titles were not read, when its first column holds only
    the enjeux' numbers ("1", "2", "3": an "Enjeu" column) on several rows: that column the
    enjeu's (-1), each other one place left; else None."""
    if t.style != "layout":
        return None
    firsts = [r.cells[0].text.strip() for r in t.rows if r.cells and r.cells[0].col == 0]
    if len(firsts) < 2 or not all(re.fullmatch(r"[1-9]", f) for f in firsts):
        return None
    return {c: c - 1 for c in {c.col for r in t.rows for c in r.cells}}


def _folded(cells: list[DocCell]) -> str:
    return " ".join(fold(clean(c.text)) for c in cells)


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
    # those of a second (third…) actions' column, read after the first's: (column, fragment)
    later: list[tuple[int, tuple[str, int, bool]]] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)
    # one of several objectives written in one cell: the row whose actions they all share
    shares: _Row | None = None
    absent: frozenset[str] = frozenset()  # the marks of an objective not retained (a legend's)

    def touch(self, line: int, *, objective: bool = True) -> None:
        """Extend the row to this line; `objective` lines carry the objective's own text (action
        lines are accounted for by the actions they yield)."""
        self.first, self.last = min(self.first, line), max(self.last, line)
        if objective:
            self.lines.add(line)


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
        # the action cells beside it, until it is known whether it is their objective
        self.waiting: list[tuple[Cell, _LineState]] = []
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
        row = _Row(seg.enjeu, seg.title, orientation, objective, line, line, absent=seg.absent)
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
        # words glued across two cells go back to their cell while the row is whole, before
        # a centred table's rows are regrouped cell by cell
        shifted = self._objectives_first(seg.rows)
        rows = [
            self._unglue(cells, shifted[i + 1] if i + 1 < len(shifted) else None)
            for i, cells in enumerate(shifted)
        ]
        for cells in centred.regroup(rows):
            cells = [self._unnumbered(c) for c in cells]
            line = _LineState(cells)
            for cell in cells:
                # (a bulleted title naming an orientation, "◆ Rendre les habitants …", over
                # its objectives, is no list)
                several = self._objectives_in(cell.text) if cell.col == OBJECTIVE else []
                listed = (
                    cell.col == 1
                    and not several
                    and looks_like_list(cell.text)
                    and max(self._obj_score(cell.text), self._or_score(cell.text)) < SAME_CONCEPT
                )
                # actions beside a first-column text still growing over lines wait for it to
                # be judged (their column, or the second when it holds lists, and their
                # wrapped lines there); any other cell judges it
                acting = cell.col >= ACTIONS or listed
                if self.growing is not None and self.waiting and cell.col == 1:
                    acting = acting or starts_lower(cell.text)
                if not (cell.col == 0 and starts_lower(cell.text)) and not acting:
                    self._settle()
                if self.growing is not None and acting:
                    self.waiting.append((cell, line))
                elif several:
                    group: list[_Row | None] = []
                    for text in several:
                        self._second_column(replace(cell, text=text), line)
                        group.append(self.row)
                    for row in group[:-1]:
                        if row is not None:
                            row.shares = group[-1]
                elif line.objective_col is not None and cell.col > line.objective_col:
                    self._actions(self.row, cell)
                elif cell.col == 0:
                    self._first_column(cell, line)
                elif cell.col == 1 and not listed:
                    self._second_column(cell, line)
                else:
                    self._action_column(cell, line)
        self._settle()
        self._account_orientations()

    def _objectives_in(self, text: str) -> list[str]:
        """Two objectives of the strategy written in one cell, a paragraph each, beside the
        actions of both: each paragraph names its own objective, which the cell as a whole
        does not."""
        parts = [p for p in _PARAGRAPH_MARK.split(text) if p.strip()]
        if len(parts) < 2 or self._obj_score(text) >= SAME_CONCEPT:
            return []
        found = [self.fw.match_objective(p) for p in parts]
        named = {m.key for m in found if m.key is not None and m.score >= SAME_CONCEPT}
        if len(named) != len(parts) or any(
            self._or_score(p) >= m.score for p, m in zip(parts, found, strict=True)
        ):
            return []
        return parts

    def _unnumbered(self, cell: Cell) -> Cell:
        """An objective numbered by the strategy's outline ("a) Renforcer le repérage des
        publics", its end wrapped below): its title, without the letter that would read as a
        list's or as a wrapped line's lower case."""
        if cell.col != OBJECTIVE:
            return cell
        if (m := _OBJECTIVE_CODE.match(cell.text)) and not _OBJECTIVE_CODE.search(
            cell.text, m.end()
        ):
            # "1.1.a Faciliter l'accès aux soins" (its end wrapped below): the code of one
            # objective, no list of items (one mark only)
            return replace(cell, text=cell.text[m.end() :])
        m = _OUTLINE_ITEM.match(cell.text)
        if m is None:
            return cell
        rest = cell.text[m.end() :]
        return replace(cell, text=rest) if self._opens_objective(rest) else cell

    def _objectives_first(self, rows: list[list[Cell]]) -> list[list[Cell]]:
        """A table of two columns whose titles were not read, objectives then their actions (one
        table per orientation, under its own title line): the first column's cells name
        objectives of the strategy, not orientations, and the second holds lists. Its cells
        are moved one column right, into the objective's and the actions' places."""
        tables: dict[int, list[Cell]] = {}
        for cells in rows:
            for c in cells:
                if c.table is not None:
                    tables.setdefault(c.table, []).append(c)
        shifted = {t for t, cells in tables.items() if self._objectives_then_actions(cells)}
        if not shifted:
            return rows
        return [[replace(c, col=c.col + 1) if c.table in shifted else c for c in r] for r in rows]

    def _objectives_then_actions(self, cells: list[Cell]) -> bool:
        if {c.col for c in cells} != {ORIENTATION, OBJECTIVE}:
            return False
        firsts: list[str] = []  # the first column's cells, wrapped lines joined
        for c in cells:
            if c.col != ORIENTATION:
                continue
            if firsts and starts_lower(c.text):
                firsts[-1] = join_wrapped(firsts[-1], c.text)
            else:
                firsts.append(c.text)
        seconds = [c.text for c in cells if c.col == OBJECTIVE and not starts_lower(c.text)]
        listed = sum(1 for t in seconds if looks_like_list(t))
        named = sum(
            1
            for t in firsts
            if (sb := self._obj_score(t)) >= SAME_CONCEPT and sb > self._or_score(t)
        )
        return 2 * listed >= len(seconds) and 2 * named > len(firsts)

    def orientation_rows(self) -> list[_Row]:
        """The rows, but for those that name an orientation of the strategy and carry no
        action: a title over the table's rows ("◆ Rendre les habitants acteurs de leur santé
        physique et mentale" in the objectives' column), the orientation of the rows below."""
        kept: list[_Row] = []
        above: tuple[int, str] | None = None  # (enjeu, orientation)
        for row in self.rows:
            text = row.objective.lstrip(GLYPHS + " ")
            if not row.fragments and self._or_score(text) >= max(
                SAME_CONCEPT, self._obj_score(text) + 1
            ):
                for no in sorted(row.lines):
                    self.ledger.mark(no, LineUse.REPRESENTED, "orientation")
                above = (row.enjeu, text)
                continue
            if above is not None and row.enjeu == above[0]:
                row.orientation = above[1]
            kept.append(row)
        return kept

    def _opens_objective(self, text: str) -> bool:
        """Whether the text is how one of the strategy's objectives begins."""
        key = match_key(text)
        return len(key) >= 8 and any(
            k.startswith(key) for c in self.fw.objectives.values() for k in c.keys
        )

    def _unglue(self, cells: list[Cell], below: list[Cell] | None = None) -> list[Cell]:
        """A column layout's orientation cell that ends with the first words of the objective
        beside it ("Promouvoir l'éducation Structurer" | "et accompagner les": pdftotext set
        the two cells one space apart), or below it when the objective's first line ran into
        the orientation's whole ("Promouvoir l'éducation Structurer et accompagner les" /
        "populaire, la" | "projets et la vie associative"): those words go back to the
        objective."""
        first = next((c for c in cells if c.col == 0 and c.wrapped), None)
        second = next((c for c in cells if c.col == OBJECTIVE), None)
        ahead = second is None and below is not None
        if ahead:
            second = next((c for c in below or [] if c.col == OBJECTIVE), None)
        if first is None or second is None or not starts_lower(second.text):
            return cells
        words = first.text.split()
        for k in range(1, min(6, len(words))):
            head, tail = " ".join(words[:-k]), " ".join(words[-k:])
            if not tail[:1].isupper() or not self._opens_objective(f"{tail} {second.text}"):
                continue
            if ahead:  # the objective's first words, on this line; the rest stays below
                fixed = [replace(first, text=head), replace(first, col=OBJECTIVE, text=tail)]
                return sorted([c for c in cells if c is not first] + fixed, key=lambda c: c.col)
            fixed = [replace(first, text=head), replace(second, text=f"{tail} {second.text}")]
            return sorted(
                [c for c in cells if c not in (first, second)] + fixed, key=lambda c: c.col
            )
        return cells

    def _account_orientations(self) -> None:
        """Lines read in the orientation column are represented when, together, they name an
        orientation of the strategy, or when a row under them carries them and they are words
        of one; others are reported (a footer, a header's second line, the end of a cell the
        table lost, an action whose bullet was not read as one)."""
        for o in self.opened:
            if self._or_score(o.text) >= SAME_CONCEPT:
                represented = len(o.lines)
            else:
                represented = o.used if self.fw.within_orientation(o.text) else 0
            for no in o.lines[:represented]:
                self.ledger.mark(no, LineUse.REPRESENTED, "orientation")
            rest = o.lines[represented:]
            if rest:
                self.ledger.note(
                    QualityNote(
                        "unknown_orientation",
                        "text in the orientation column that names no orientation of the "
                        "strategy and heads no objective"
                        if represented == o.used
                        else "text in the orientation column that is no orientation of the "
                        "strategy, over rows filed under their objectives' orientations",
                        Span(min(rest), max(rest)),
                        " ".join(self.ledger.doc.line(no).text.strip() for no in rest)[:200],
                    ),
                    understood=False,
                )

    def _settle(self) -> None:
        """A first-column text read whole (over one line or several) turns out to name an
        objective, not an orientation (a table flattened line by line, or shifted, or whose
        first column holds both): it becomes the row the actions beside it and below belong
        to, under the orientation before it."""
        g, self.growing = self.growing, None
        if g is None:
            return
        waiting, self.waiting = self.waiting, []
        text = self.orientation
        sb, so = self._obj_score(text), self._or_score(text)
        # one line cut mid-phrase ("Associer les habitants aux") is the start of a cell whose
        # end went elsewhere, not a whole objective
        cut = len(g[2]) == 1 and cut_mid_phrase(text)
        if sb < SAME_CONCEPT or sb <= so or cut:
            for cell, line in waiting:  # an orientation: the actions beside it are the row's
                self._action_column(cell, line)
            return
        if self.current is not None and self.current in self.opened:
            self.opened.remove(self.current)  # not an orientation: the row's objective
        self.current = next((o for o in reversed(self.opened) if o.text == g[0]), None)
        self.orientation = g[0]
        self.row = self._new_row(self.seg, self.orientation, text, g[1])
        for no in g[2]:
            self.row.touch(no)
        for cell, _ in waiting:
            self._actions(self.row, cell)
        self.ledger.note(
            QualityNote(
                "misaligned_row",
                "objective read whole in the first column: the actions beside it are its own",
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
        # with a cell in the objective column beside it, a cell cut mid-phrase is that row's
        # orientation, whatever objective its first words begin like
        beside = cut_mid_phrase(text) and any(
            c.col == OBJECTIVE and not looks_like_list(c.text) for c in line.cells
        )  # (a list there is the row's actions, shifted left with it)
        if sb >= SAME_CONCEPT and sb > so and not alone and not beside:
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
            and not looks_like_list(text)
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
                    # the whole row, when it is written over several lines (an HTML cell's
                    # paragraphs): every line of it is what the note says was lost
                    next(
                        (Span(a, b) for a, b in self.seg.spans if a <= cell.line <= b),
                        Span(cell.line, cell.line),
                    ),
                    clean(cell.text),
                ),
                understood=False,
            )
            return
        # an action's provenance (and a note on it) is its cell's line, not its row's
        fragment = (cell.text, cell.first or cell.line, cell.wrapped)
        if cell.stream:
            row.later.append((cell.stream, fragment))
        else:
            row.fragments.append(fragment)
        row.touch(cell.line, objective=False)


@dataclass
class _Item:
    text: str
    span: Span
    marked: bool
    damage: str | None = None
    detail: bool = False  # "Pilote : … — Échéance : …" under an action: about it, not of it
    subs: bool = False  # second-level items were joined to it
    second: bool = False  # opened by a second-level glyph, no first-level item above it


# Word's second-level bullet, left in an item's text ("o permanences mensuelles …"), or the
# glyph a cell's second level keeps ("◦ deux demi-journées par semaine")
_SUB_ITEM = re.compile(rf"^(?:o|[{SUB_GLYPHS}])\s+(?=\S)")
# "<br> a) un accueil le mardi matin": a lettered item of a cell
_LETTER_ITEM = re.compile(r"<br>\s*[a-h]\)\s+(?=\S)")


def _main_item(items: list[_Item]) -> _Item | None:
    return next((it for it in reversed(items) if not it.detail), None)


def _lettered_under_bullets(text: str) -> str:
    """ "• Ouvrir un LAEP … : <br> a) un accueil … <br> b) …": lettered items after a bulleted
    one are its second level (details of that action), marked so; a cell of lettered items
    alone keeps them as its actions."""
    first = re.search(rf"[{re.escape(GLYPHS)}]\s", text)
    if first is None:
        return text
    head, tail = text[: first.end()], text[first.end() :]
    return head + _LETTER_ITEM.sub(f"<br> {SUB_GLYPH} ", tail)


# the fields an action's details are given under, in its cell ("Pilote : CCAS — Échéance : 2025")
_DETAIL = re.compile(
    r"^(?:pilotes?|porteurs?(?: de projet)?|partenaires?(?: \w+)?|echeances?|calendrier|delais?"
    r"|financements?|financeurs?|indicateurs?(?: de suivi)?|cout|budget|public(?: cible)?)"
    r"\s*(?:\(\w+\))?\s*:\s*\S"
)


_LEAD_IN = re.compile(r"^[^.;]{2,60}:\s*$")  # "Actions prévues :"


def _proto_actions(fragments: list[tuple[str, int, bool]], ledger: Ledger) -> list[_Item]:
    """Join cell fragments into items. When the row marks its items (bullets, list tags,
    numbers), a fragment without a marker continues the item above whatever its case (a cell
    wrapped in a column layout, a row cut by a page break); otherwise only a fragment starting
    in lower case does. Damage found in any piece taints the whole item, since a continuation
    of damaged text has lost its beginning."""
    split = []
    expect = 1
    lettered: set[int] = set()  # the lines whose second-level items are lettered
    for text, line, _ in fragments:
        # "• Ouvrir un LAEP … :" then "a) un accueil le mardi …", "b) …": lettered items under
        # a bulleted one are its second level, details of that action
        marked_text = _lettered_under_bullets(text)
        if marked_text != text:
            lettered.add(line)
        pieces = split_inline(marked_text, expect)
        split.append((pieces, line))
        n = last_number(text)
        expect = n + 1 if n is not None and has_markers(pieces) else expect
    row_marked = any(has_markers(pieces) for pieces, _ in split)
    # a cell of a column layout whose items, unmarked, are sentences (it ends with a full stop),
    # paragraphs set apart by blank lines or phrases set apart by semicolons: a line right
    # under one that ends no sentence goes on with its item, whatever its case ("… à la
    # Maison" / "France services de la rue …", "… de la cité des" / "Fleurs deux fois par
    # mois ; Orienter …")
    laid = [(text, line) for text, line, wrapped in fragments if wrapped]
    prose = (
        not row_marked
        and bool(laid)
        and (
            laid[-1][0].rstrip().endswith(".")
            or any(b[1] - a[1] >= 2 for a, b in itertools.pairwise(laid))
            or any(re.search(r"\S ;(?: \S|\s*$)", text) for text, _ in laid)
        )
    )
    items: list[_Item] = []
    for (pieces, line), (raw, _, wrapped) in zip(split, fragments, strict=True):
        # in a column layout a cell wraps over lines: an unmarked line goes on with its item
        goes_on = row_marked and wrapped and not re.match(r"\s*<(ul|ol|li)\b", raw, re.I)
        goes_on = goes_on or (
            (prose or (bool(items) and cut_mid_phrase(items[-1].text)))
            and wrapped
            and bool(items)
            and items[-1].span.last == line - 1
            and not items[-1].text.endswith((".", ";", "!"))
        )  # "… trimestrielle de la" / "BGE Hauts-de-France …": no action ends on "de la"
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
            if _DETAIL.match(fold(body)):  # marked too: a paragraph of its own in the cell
                items.append(_Item(body, Span.of(line), False, detail=True))
                continue
            sub = _SUB_ITEM.match(body)
            if sub and line in lettered and (main := _main_item(items)) is not None:
                # lettered details keep apart from their action, whose colon announced them
                main.text = main.text.rstrip(" :")
                items.append(_Item(body[sub.end() :], Span.of(line), False, detail=True))
                continue
            if sub and items and (items[-1].text.endswith(":") or items[-1].subs):
                # "• Poursuivre les rendez-vous des droits … :" then "o permanences …", "o
                # bilans …": Word's second-level items detail the action they follow
                prev = items[-1]
                glue = " " if prev.text.endswith((":", ";")) else " ; "
                prev.text = clean(prev.text + glue + body[sub.end() :])
                prev.span, prev.subs = prev.span.union(Span.of(line)), True
                continue
            main = next((it for it in reversed(items) if not it.detail), None)
            own = body[sub.end() :] if sub else ""
            if sub and main is not None and own[:1].isupper() and opens_with_infinitive(own):
                # "► Développer la médiation santé" then "○ Tenir une permanence …": a
                # sub-action, an action of its own
                items.append(_Item(own, Span.of(line), True))
                continue
            if sub and main is not None and not main.second:
                # "• Ouvrir un point numérique …" then "◦ deux demi-journées par semaine": a
                # detail of the action (how, when), no action of its own
                items.append(_Item(body[sub.end() :], Span.of(line), False, detail=True))
                continue
            if sub and body.startswith(tuple(SUB_GLYPHS)):  # a cell whose first level is "◦"
                items.append(_Item(body[sub.end() :], Span.of(line), True, second=True))
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


def build_actions(
    fragments: list[tuple[str, int, bool]], ledger: Ledger
) -> tuple[list[Action], list[TextItem]]:
    """The actions of a cell, and the details given under them (pilot, timetable: kept as
    the row's text, where the partners they name are found)."""
    actions: list[Action] = []
    details: list[TextItem] = []
    for item in _proto_actions(fragments, ledger):
        text, span = item.text, item.span
        if item.detail:
            details.append(TextItem(text, span, len(details) + 1, "objectifs"))
            continue
        if says_no_action(text):  # "Pas d'action identifiée à ce stade" in the actions' cell
            ledger.mark(span, LineUse.IGNORED, "no action stated")
            continue
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
            if c := _TRAILING_COMMENT.search(p):
                # "Distribuer des kits … [Commentaire JD1] : à vérifier …", or the note alone
                # closing the cell: the reviewer's note is the row's text, no action's
                details.append(TextItem(c.group().strip(), span, len(details) + 1, "objectifs"))
                p = p[: c.start()]
            p, schedule, priority, progress = split_tags(p.strip().rstrip(" ;,"))
            if p.strip(" .;,"):
                actions.append(
                    Action(
                        p,
                        span,
                        len(actions) + 1,
                        inferred_boundary=len(parts) > 1,
                        schedule=schedule,
                        priority=priority,
                        progress=progress,
                    )
                )
    return actions, details


_TRAILING_COMMENT = re.compile(
    r"\s*\[(?:commentaire|comment|remarque)\s+[A-Z]{1,4}\s?\d{1,3}\]\s*:.*$", re.I
)
_TICKED = re.compile(r"^[☒☑✓✔✗✘xX]$|^oui$")
_UNTICKED = re.compile(r"^[☐□–—-]$|^non$")


def _ticks(segments: list[Segment]) -> dict[int, bool]:
    """Line → whether the "Retenu" column of a grid of the whole strategy is ticked there."""
    out: dict[int, bool] = {}
    for seg in segments:
        for name, text, line in seg.extras:
            if RETAINED.match(fold(clean(name))):
                value = fold(clean(text)).strip(" *")
                if _TICKED.match(value) or _UNTICKED.match(value):
                    out[line] = bool(_TICKED.match(value))
    return out


# "Non retenu" in the actions' cell, "… (non retenu)" after the objective: a table of the whole
# strategy that says which objectives the commune leaves aside
_NOT_RETAINED_CELL = re.compile(
    r"^\W*(?:objectif\s+)?non[ -](?:retenue?s?|concernee?s?)(?:\s+(?:pour|sur|dans)\s+(?:le|ce)"
    r"\s+quartier)?\W*$"
)
_NOT_RETAINED_MARK = re.compile(r"\(\s*(?:objectif\s+)?non[ -]retenue?s?\s*\)\W*$")


def _not_retained(raw: _Row) -> bool:
    said = fold(clean(" ".join(t for t, _, _ in raw.fragments)))
    return bool(
        _NOT_RETAINED_CELL.match(said)
        or _NOT_RETAINED_MARK.search(fold(raw.objective))
        or (said.strip() and said.strip() in raw.absent)
    )


def resolve(segments: list[Segment], fw: Framework, ledger: Ledger) -> list[ObjectiveRow]:
    r = _Resolver(fw, ledger)
    for seg in segments:
        r.segment(seg)
    for raw in r.rows:  # a second actions' column after the first (a stable sort)
        raw.fragments += [f for _, f in sorted(raw.later, key=lambda x: x[0])]
    rows: list[ObjectiveRow] = []
    ticks = _ticks(segments)
    for raw in r.orientation_rows():
        marks = {ticks[no] for no in range(raw.first, raw.last + 1) if no in ticks}
        if marks == {False} or _not_retained(raw):
            # a grid of the whole strategy: this objective is not ticked, not retained
            ledger.mark(Span(raw.first, raw.last), LineUse.IGNORED, "objective not retained")
            continue
        shared = raw.shares.fragments if raw.shares is not None and not raw.fragments else []
        actions, details = build_actions(raw.fragments or shared, ledger)
        span = Span(raw.first, raw.last)
        rows.append(
            ObjectiveRow(
                raw.enjeu,
                raw.enjeu_title,
                raw.orientation,
                # a cell's paragraphs, one objective wrapped over them: one title
                _PARAGRAPH_MARK.sub(" ", raw.objective),
                actions,
                span,
                " ".join(t for t, _, _ in raw.fragments or shared),
                details,
            )
        )
        for a in actions:
            ledger.mark(a.span, LineUse.REPRESENTED, "action")
        for no in sorted(raw.lines):
            ledger.mark(no, LineUse.REPRESENTED, "objective row")
    for seg in segments:  # a row over several lines is represented where its first line is
        for first, last in seg.spans:
            use = ledger.uses.get(first)
            if use is not None and use[0] is LineUse.REPRESENTED:
                ledger.mark(Span(first + 1, last), LineUse.REPRESENTED, use[1])
    return rows
