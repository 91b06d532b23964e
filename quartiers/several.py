"""Parts and tables about several quartiers at once: a table listing them before their own
parts, a portrait with a column per quartier (its titles in the table or set apart above it),
objectives tables each under a line naming its quartier or one actions column per quartier;
and how a text names the convention's quartiers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from quartiers.document import Block, FurnitureBlock, Heading, Paragraph, Row, Table
from quartiers.ledger import Ledger
from quartiers.model import Convention, LineUse, Quartier
from quartiers.parsed import Parsed, known_figure
from quartiers.parsers import header, portrait
from quartiers.parsers.units import Unit
from quartiers.sections import Section as DocSection
from quartiers.textnorm import clean, fold, place_key

# the title of a table's column of quartiers' names
_NAME_COLUMN = re.compile(r"^(quartiers?|nom( du quartier)?|denomination)$")


def _runs(line: str) -> list[str]:
    """The column titles pdftotext set on one line: its runs, two spaces or a tab apart."""
    return [r for r in re.split(r"\s{2,}|\t", line.strip()) if r.strip()]


def quartiers_named(conv: Convention, text: str) -> list[Quartier]:
    """The convention's quartiers whose name the text holds, articles and generic words aside
    ("Terre-Noeve et Bois des Dames", "Quartier Terre-Noeve : diagnostic partagé")."""
    key = f" {place_key(text)} "
    return [q for q in conv.quartiers if (k := place_key(q.name)) and f" {k} " in key]


def shared_portrait(parsed: Parsed, b: Block, strict: bool = False, named: bool = False) -> bool:
    """A portrait table with a column per quartier ("Indicateur | Terre-Noeve | Bois des Dames
    | Agglomération"): each quartier gets its column's values. `strict` (a table in a part
    that is no portrait): only if the portrait's vocabulary knows two of its indicators.
    `named`: only if its titles name every quartier they give values to (after a quartier's
    own part, a table naming that quartier alone is its own portrait)."""
    if not isinstance(b, Table):
        return False
    conv = parsed.convention
    columns: dict[int, Quartier] = {}
    heads = portrait.header_cells(b)
    for col, text in heads.items():
        hits = quartiers_named(conv, text)
        if len(hits) == 1:
            columns[col] = hits[0]
    others = [q for q in conv.quartiers if q not in columns.values()]
    unnamed = [
        c
        for c in range(1, b.columns)
        if c not in columns and not parsed.context.agglo.search(fold(heads.get(c, "")))
    ]
    if (
        not named
        and len(columns) == len(conv.quartiers) - 1 >= 1
        and len(others) == len(unnamed) == 1
    ):
        # every quartier's column named but one, whose title pdftotext cut off ("Cité 5 –
        # Marles – Rond-" went with the part's title): the one quartier left
        columns[unnamed[0]] = others[0]
    agglo = None
    if len(columns) < 2:
        columns, agglo = _titled_above(parsed, b)
    if len(columns) < 2:
        return False
    # a field's value wrapped in its cell ("Quartier d'intérêt" / "communautaire – …"): the
    # rows with no label go on with the row above
    rows: list[Row] = []
    for r in b.rows:
        if rows and 0 not in r.by_col():
            rows[-1] = Row(rows[-1].cells + r.cells, rows[-1].span.union(r.span))
        else:
            rows.append(r)

    def field(r: Row, col: int) -> Unit | None:
        texts = {c.col: "" for c in r.cells}
        for c in r.cells:
            texts[c.col] = clean(f"{texts[c.col]} {c.text}")
        if not texts.get(0) or not texts.get(col):
            return None
        return Unit(f"{texts[0]} : {texts[col]}", r.span, "line")

    def fields(test: Callable[[Unit], bool]) -> list[Row]:
        return [r for r in rows if any((u := field(r, c)) and test(u) for c in columns)]

    read = {col: portrait.table_indicators(b, parsed.context, col, agglo) for col in columns}
    if (
        strict
        and not fields(header.is_identity_field)
        and any(sum(i.known for i in found) < 2 for found, _ in read.values())
    ):
        return False
    for r in fields(header.is_header_field):
        # "Code national | QN06208M (ex-QP 06 20 08) | QN06209M …": each quartier its field
        for col, q in columns.items():
            if (u := field(r, col)) is not None:
                _complete_header(q, u, parsed.ledger)
    for col, q in columns.items():
        found, used = read[col]
        q.portrait.indicators += found
        for no in used:
            parsed.ledger.mark(no, LineUse.REPRESENTED, "indicator")
        span = b.span
        q.portrait.span = span.union(q.portrait.span)
    return True


def _quartier_of_cell(conv: Convention, text: str) -> Quartier | None:
    """The quartier a table's first cell names, its name maybe wrapped onto the row below
    ("Coteau du Stade Parc –" / "Cité 34"): the one whose name it holds, or the one alone
    whose name it opens."""
    hits = quartiers_named(conv, text)
    if len(hits) == 1:
        return hits[0]
    key = place_key(text)
    if len(key.split()) < 2:
        return None
    opened = [q for q in conv.quartiers if place_key(q.name).startswith(key)]
    return opened[0] if len(opened) == 1 else None


def lists_quartiers(parsed: Parsed, sec: DocSection) -> bool:
    """A part whose table lists quartiers a row each ("Quartier | Statut | Code QPV 2024 |
    Communes", two rows or more), before any is presented; a table of one quartier's fields
    ("Nom du quartier | Provinces – Longues Trinques") names no column."""
    for b in sec.blocks:
        if not isinstance(b, Table) or len(b.rows) < 2 or b.columns < 3:
            continue
        rows = [[clean(c.text) for c in b.rows[0].cells]]
        above = _line_above(parsed, b)
        if above:
            rows.append(_runs(above))
        for titles in rows:
            named = _NAME_COLUMN.match(fold(titles[0]))
            if named and any(header.field_slot(t) in {"status", "code"} for t in titles[1:]):
                return True
    return False


def quartiers_listed(parsed: Parsed, b: Block) -> bool:
    """A table of the convention's quartiers before they are presented ("Quartier | Statut |
    Code 2024 | Communes"), a row each: each quartier gets the fields its own part did not
    give."""
    if not isinstance(b, Table) or len(b.rows) < 2:
        return False
    titles = {c.col: clean(c.text) for c in b.rows[0].cells}
    body = b.rows[1:]

    def named(titles: dict[int, str]) -> int | None:
        """The column of the quartiers' names: the first, or the one so titled after a code's
        ("Code | Nom | Commune(s) | Population")."""
        return next(
            (
                col
                for col in sorted(titles)[:2]
                if _NAME_COLUMN.match(fold(titles[col]).strip(" :"))
            ),
            None,
        )

    if named(titles) is None:
        # the column titles pdftotext set apart, on the line above the table
        above = _line_above(parsed, b)
        runs = _runs(above) if above else []
        titles, body = dict(enumerate(runs)), b.rows
        if len(runs) != b.columns or named(titles) is None:
            return False
    key = named(titles) or 0
    slots = {col: t for col, t in titles.items() if col != key and header.field_slot(t) is not None}
    if not slots:
        return False
    conv, ledger = parsed.convention, parsed.ledger
    rows = 0
    for r in body:
        cells = r.by_col()
        q = _quartier_of_cell(conv, cells[key].text) if key in cells else None
        if q is None:
            continue
        rows += 1
        for col, title in titles.items():
            if col == key or col not in cells or not cells[col].text.strip(" –—-"):
                continue
            field = f"{title} : {clean(cells[col].text)}"
            if col in slots:
                _complete_header(q, Unit(field, r.span, "line"), ledger)
            elif (ind := known_figure(field, r.span, parsed)) is not None and not any(
                i.code == ind.code for i in q.portrait.indicators
            ):
                q.portrait.indicators.append(ind)  # "Population | 3 480": a figure of its own
        ledger.mark(r.span, LineUse.REPRESENTED, "quartier header")
    if rows and body is not b.rows:
        ledger.mark(b.rows[0].span, LineUse.IGNORED, "table column header")
    return rows > 0


def _line_above(parsed: Parsed, t: Table) -> str | None:
    """The one line of a paragraph right above a table (its column titles, set apart)."""
    blocks = [b for b in parsed.doc.blocks if not isinstance(b, FurnitureBlock)]
    at = next((i for i, b in enumerate(blocks) if b is t), 0)
    above = blocks[at - 1] if at else None
    if not isinstance(above, Paragraph) or len(above.lines) != 1:
        return None
    return above.lines[0].text


def _complete_header(q: Quartier, u: Unit, ledger: Ledger) -> bool:
    """A field read for a quartier from a table of several: what the quartier's own parts
    said stays (a status its title gave is not undone by a value the table wrapped)."""
    mine = Quartier(q.name, q.span)
    if not header.parse_header_field(u, mine, ledger):
        return False
    if q.status is None and mine.status is not None:
        q.status, q.status_text = mine.status, mine.status_text
    if q.code is None and mine.code is not None:
        q.code, q.code_as_written = mine.code, mine.code_as_written
    q.communes = q.communes or mine.communes
    q.header_span = q.header_span or mine.header_span
    return True


def _titled_above(parsed: Parsed, t: Table) -> tuple[dict[int, Quartier], int | None]:
    """The quartiers a line right above a table names, a run each ("Mont-Liébaut      Les 3
    Îlots", pdftotext's column titles set apart from their table): the table's last columns,
    in that order; and the agglomeration's column, when the last run names it (a first run
    naming none is the labels' column's title)."""
    above = _line_above(parsed, t)
    if above is None:
        return {}, None
    runs = _runs(above)
    # (a last run naming the agglomeration is its column: "Renaissance   Cité du Quesnoy
    # CABBALR")
    agglo = parsed.context.agglo
    if (
        len(runs) > 2
        and agglo.search(fold(runs[-1]))
        and not quartiers_named(parsed.convention, runs[-1])
    ):
        runs, skipped = runs[:-1], 1
    else:
        skipped = 0
    if (
        len(runs) > 2
        and len(runs[0].split()) <= 3
        and not quartiers_named(parsed.convention, runs[0])
    ):
        runs = runs[1:]  # "Indicateur   Le Centre   Le Haut d'Houdain": the labels' title
    named = [hits[0] for r in runs if len(hits := quartiers_named(parsed.convention, r)) == 1]
    if len(named) < 2 or len(named) != len(runs) or len(set(map(id, named))) < len(named):
        return {}, None
    if t.columns < len(named) + skipped + 1:
        return {}, None
    first = t.columns - len(named) - skipped
    return {first + i: q for i, q in enumerate(named)}, t.columns - 1 if skipped else None


def tables_per_quartier(
    parsed: Parsed, sec: DocSection, current: Quartier | None
) -> list[tuple[Quartier, list[Block]]]:
    """An objectives part whose tables each stand under a line naming their quartier: the
    blocks of each quartier, when the part names no quartier in its title and either no
    quartier is open (an annex after the signatures) or lines name two quartiers or more.
    What stands before the first such line goes to the open quartier, if any."""
    conv = parsed.convention
    if named_in_title(conv, sec) is not None:
        return []
    head: list[Block] = []
    groups: list[tuple[Quartier, list[Block]]] = []
    for b in sec.blocks:
        line = parsed.doc.line(b.span.first).text
        named = quartiers_named(conv, line) if _title_line(b, line) else []
        if len({q.name for q in named}) == 1:
            groups.append((named[0], [b]))
        elif groups:
            groups[-1][1].append(b)
        else:
            head.append(b)
    if not groups or (current is not None and len({q.name for q, _ in groups}) < 2):
        return []
    if head and current is not None:
        return [(current, head), *groups]
    if head:
        groups[0] = (groups[0][0], head + groups[0][1])
    return groups


_ACTIONS_OF = re.compile(r"\bactions?\b", re.I)


def _quartiers_titled(conv: Convention, b: Block) -> list[Quartier]:
    """The quartiers a block's column titles give an actions column each, in their order
    ("Orientation   Actions – Mont-Liébaut   Actions – Les 3 Îlots"): two at least."""
    if isinstance(b, Paragraph):
        texts = [b.text]
    elif isinstance(b, Table):
        texts = [r.text() for r in b.rows[:3]]
    else:
        return []
    out: list[Quartier] = []
    for text in texts:
        for part in _ACTIONS_OF.split(text)[1:]:
            hits = quartiers_named(conv, part[:60])
            if len(hits) == 1 and hits[0] not in out:
                out.append(hits[0])
    return out if len(out) >= 2 else []


def _project(t: Table, keep: int, theirs: range) -> Table:
    """The table as one quartier reads it: the common columns and its own actions column."""
    rows = []
    for r in t.rows:
        cells = [
            replace(c, col=theirs.start) if c.col == keep else c
            for c in r.cells
            if c.col not in theirs or c.col == keep
        ]
        if cells:
            rows.append(Row(cells, r.span))
    return Table(t.span, rows, theirs.start + 1, t.style, t.furniture)


def columns_per_quartier(conv: Convention, sec: DocSection) -> list[tuple[Quartier, list[Block]]]:
    """One objectives table for several quartiers side by side, an actions column each, titled
    "Actions – <quartier>" in the order of the columns (Béthune-144): each quartier reads the
    table with its own column (a "Non concerné" there is its answer)."""
    titled: list[Quartier] = []
    parts: dict[int, list[Block]] = {id(q): [] for q in conv.quartiers}
    split = False
    for b in sec.blocks:
        titled = _quartiers_titled(conv, b) or titled
        n = len(titled)
        if isinstance(b, Table) and n and b.columns >= n + 2:
            theirs = range(b.columns - n, b.columns)
            for i, q in enumerate(titled):
                parts[id(q)].append(_project(b, theirs.start + i, theirs))
            split = True
        else:
            for q in titled or conv.quartiers:
                parts[id(q)].append(b)
    return [(q, parts[id(q)]) for q in titled] if split else []


def _title_line(b: Block, line: str) -> bool:
    """A heading, or a paragraph opening with a short line that ends no sentence."""
    text = clean(line)
    return isinstance(b, Heading) or (
        isinstance(b, Paragraph) and 0 < len(text) <= 100 and not text.endswith((".", ";", ":"))
    )


def named_in_title(conv: Convention, sec: DocSection) -> Quartier | None:
    """The quartier a part's title names ("Quartier Terre-Noeve : diagnostic partagé"), when
    a convention presents its quartiers first, then each one's diagnosis."""
    named = quartiers_named(conv, sec.title)
    return max(named, key=lambda q: len(place_key(q.name))) if named else None
