"""Rule: tables, in the three shapes text extraction gives them.

- tab-separated rows (the real conventions): a cell per tab stop, leading tabs for empty cells;
- `|` rows, Markdown pipe tables included (their `|---|` row marks the header);
- column layouts (`pdftotext -layout`): cells aligned on character columns found from the
  whitespace shared by the rows, a cell wrapping over several lines in its column;
- delimited rows pasted from a spreadsheet's CSV export (`;`, as French Excel and LibreOffice
  write it) or copied from a spreadsheet as tab-separated text (Google Sheets, Excel: a cell
  holding line breaks is quoted), read by the standard `csv` module: quoted fields, `""` and
  line breaks.

A table runs across blank lines and page furniture as long as rows of the same shape follow,
so a row cut by a page break stays in its table. Rows are physical; what continues what is for
the section parser to decide from the meaning of the columns.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from quartiers.blocks import layout
from quartiers.blocks.headings import NUMBER_TAB, is_heading
from quartiers.blocks.layout import MAX_GAP, layout_segments
from quartiers.blocks.lists import GLYPHS, LABEL, LONE_MARKER, ROMAN_ITEM, item_start
from quartiers.blocks.state import BlockState
from quartiers.document import Cell, Furniture, Row, Table
from quartiers.span import Span
from quartiers.wording import ENJEU_WORDS, join_wrapped

MAX_ROW_GAP = 5  # ... before a whole row of cells (the room left to sign above the names)
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$|^\s*$")
_RULE_LINE = re.compile(r"^[\s\-|:=_+]+$")


# ---------------------------------------------------------------- tab-separated


# "•<TAB>item" is a list; "2.1<TAB>Portrait statistique" a numbered heading (Word's text export)
_MARKER_TAB = re.compile(
    r"^\s*(?:[^\w\s]|\d{1,2}[.)]|[a-zA-H][.)]|(?:\d{1,2}\.){0,3}\d{1,2}\.?|[IVX]{1,4}[.)]?"
    rf"|{ROMAN_ITEM}|[IVX]{{1,4}}\.[A-H]\.?|{LABEL})\t+[^\t]+\t*$"
)


# Word's second-level bullet, its Courier New "o" kept as the letter, then a tab
_SECOND_LEVEL = re.compile(r"^\s*o\t+[^\t]+$")


def is_tab_row(text: str) -> bool:
    return "\t" in text and bool(text.strip()) and not _MARKER_TAB.match(text)


# a bullet glyph, or an item's number ("1.", "2)", "ii."), alone in a cell before the item's
# text
_LONE_GLYPH = re.compile(rf"^\s*(?:[{re.escape(GLYPHS)}Ø§]|\d{{1,2}}[.)]|{ROMAN_ITEM}|{LABEL})\s*$")


def tab_cells(text: str, no: int) -> list[Cell]:
    """A cell per tab stop; a bullet glyph alone before a tab opens the next cell's text ("•<TAB>
    Tenir …": Word writes a bulleted paragraph inside a cell so)."""
    raw = text.split("\t")
    out: list[Cell] = []
    glyph: tuple[int, str] | None = None
    merged = 0  # the tabs after bullets so far: no cell boundaries, the later cells move left
    for i, t in enumerate(raw):
        if _LONE_GLYPH.match(t) and i + 1 < len(raw) and raw[i + 1].strip():
            glyph = (i - merged, t.strip())
            merged += 1
            continue
        if t.strip():
            col, text_ = (glyph[0], f"{glyph[1]} {t.strip()}") if glyph else (i - merged, t.strip())
            out.append(Cell(col, text_, Span.of(no)))
        glyph = None
    return out


def separators(text: str) -> int:
    """The cell boundaries on a tab-separated line: its tabs, less a bullet's own ("•<TAB>…")."""
    raw = text.split("\t")
    own = sum(1 for t, after in itertools.pairwise(raw) if _LONE_GLYPH.match(t) and after.strip())
    return len(raw) - 1 - own


# a caption or a numbered title, never a cell's paragraph
_TITLE_LINE = re.compile(
    r"^\s*(?:(?:tableau|figure|annexe|source|sources)\b|(?:\d{1,2}\.)+\d{0,2}\s|[IVX]{1,4}\.\s)",
    re.I,
)


def _in_table(state: BlockState, k: int) -> bool:
    """Line k may be a line of the table around it: not blank, no numbered title ("3.2.<TAB>
    Le quartier en quelques chiffres"), no caption, no sentence alone (the text after a table,
    which Word's export sets on the next line)."""
    text = state.text(k)
    if state.blank(k) or NUMBER_TAB.match(text) or _TITLE_LINE.match(text):
        return False
    return "\t" in text or not text.rstrip().endswith((".", ":"))


def _cell_line(state: BlockState, k: int) -> bool:
    """A line alone that may be a cell's paragraph: no title, no page number, no sentence."""
    text = state.text(k)
    return (
        _in_table(state, k)
        and not state.is_furniture(k)
        and not is_heading(text)
        and not re.fullmatch(r"\s*\d{1,3}\s*", text)
    )


def _rows_going_on(state: BlockState, i: int) -> set[int]:
    """The lines that go on with a row, in Word's text export: it writes a row's cells joined
    by tabs and a cell's further paragraphs on lines of their own, so "Tenir une permanence …"
    then "Organiser des maraudes …<TAB>CCAS d'Auchel" are one row whose third cell holds two
    paragraphs, and "Secours catholique d'Auchel" alone under that row, before the next one,
    its last cell's next paragraph. A row's lines are taken only when their tabs add up to the
    table's exactly (a shorter row written without its empty last cells, followed by a whole
    row, stays a row), lines alone only between two rows (or a row and a merged one, "ENJEU 2
    – …"), under a row that filled its last column. The table's width: its widest row in the
    lines around it (its column titles may stand above a merged row that ended a table)."""
    start = i
    while start > 0 and _in_table(state, start - 1):
        start -= 1
    width = 0
    for k in range(start, len(state)):
        if k > i and not _in_table(state, k):
            break
        if is_tab_row(state.text(k)):
            width = max(width, separators(state.text(k)))
    out: set[int] = set()
    owed, pending = 0, []
    filled = False  # the row above has a cell in the last column
    # the rows seen: a line alone over one of them again is the title of a table that starts
    # again ("Tableau 2.2 – …" over its column titles)
    seen = {state.text(t).strip() for t in range(start, i) if is_tab_row(state.text(t))}
    for k in range(i, len(state)):
        text = state.text(k)
        if state.blank(k):
            break
        if is_tab_row(text):
            seen.add(text.strip())
        if _SECOND_LEVEL.match(text) or (_MARKER_TAB.match(text) and not is_tab_row(text)):
            continue  # "•<TAB>item", "o<TAB>item": the cell's next paragraph, read as such
        seps = separators(text) if "\t" in text else 0
        if owed > 0 and not (seps > owed or text.startswith("\t")):
            pending.append(k)
            owed -= seps
            if owed == 0:
                out.update(pending)
                pending = []
                filled = bool(text.split("\t")[-1].strip())
            continue
        if is_tab_row(text):
            if seps > width:
                break
            owed, pending = width - seps, []
            filled = owed == 0 and bool(text.split("\t")[-1].strip())
        elif filled and not _merged_row(text):
            owed, pending = 0, []
            j = _alone_down_to(state, k)
            between = (
                j < len(state)
                and not state.blank(j)
                and state.text(j).strip() not in seen
                and all(_cell_line(state, t) for t in range(k, j))
                # "Accompagner l'accès à l'autonomie" over "des habitants des quartiers<TAB>…":
                # the next row's first cell, broken on two lines
                and not state.text(j)[:1].islower()
            )
            if between or _last_cell_goes_on(state, k, j):
                out.update(range(k, j))  # a row, or a merged one, follows: the cell's lines
            filled = False
        else:
            owed, pending, filled = 0, [], False
    return out


# "Porteur : Ville – Partenaires : CAF": a field about an action, no title nor sentence; "Total
# enjeu 1 : 18 000 €" is the table's sum, no field
_FIELD_LINE = re.compile(r"^\s*(?!(?i:(?:sous-)?total)\b)[A-ZÀ-Ý][\w'’ ]{1,30}?\s:\s*\S")


def _last_cell_goes_on(state: BlockState, k: int, j: int) -> bool:
    """Lines alone under the table's last row, down to a blank line, are its last cell's next
    paragraphs when one of them is an action's field ("Porteur : … – Partenaires : …"), or
    when that cell opens with one ("Pilote : CIDFF 62" over "Gendarmerie nationale"): text
    after a table, which Word sets right under it, is a title or a sentence, no such field."""
    last = state.text(k - 1).split("\t")[-1] if k > 0 else ""
    return (
        (j >= len(state) or state.blank(j))
        and all(_cell_line(state, t) for t in range(k, j))
        and (
            bool(_FIELD_LINE.match(last))
            or any(_FIELD_LINE.match(state.text(t)) for t in range(k, j))
            or (_names_column(state, k) and all(_a_name(state.text(t)) for t in range(k - 1, j)))
        )
    )


# the column titles of a last column of names, one a paragraph in Word's export
_NAMES_TITLE = re.compile(
    r"(?:partenaires?|porteurs?|pilotes?|acteurs|financeurs|structures?)(?:\s+\w+){0,3}\s*$", re.I
)


def _names_column(state: BlockState, k: int) -> bool:
    """Whether the table above line k ends with a column of partners or pilots, by its titles
    (its first row)."""
    start = k
    while start > 0 and _in_table(state, start - 1):
        start -= 1
    titles = next((state.text(t) for t in range(start, k) if is_tab_row(state.text(t))), "")
    return bool(_NAMES_TITLE.search(titles.rstrip("\t").split("\t")[-1]))


def _a_name(text: str) -> bool:
    """A cell's paragraph that names one organisation ("Police nationale", "PLIE de l'Artois"):
    a few words, no sentence, no number opening it."""
    cell = text.split("\t")[-1].strip()
    return (
        0 < len(cell.split()) <= 6
        and not cell.endswith((".", ":", "?", "!", ";"))
        and not cell[:1].isdigit()
    )


_ITEM_NO = re.compile(r"^\s*(\d{1,2})[.)]\s")  # "2. Organiser …": an item's number


def _last_item_number(state: BlockState, k: int) -> int | None:
    """The number of the item that line k (a row, or a cell paragraph under one) ends with."""
    cells = state.text(k).split("\t")
    for i in range(len(cells) - 1, -1, -1):
        if m := re.match(r"^\s*(\d{1,2})[.)]\s*$", cells[i]):
            return int(m.group(1))
        # a row's first cell opens with an item's number, or its last ("…<TAB>1. Mettre en
        # place …")
        if i in (0, len(cells) - 1) and (m := _ITEM_NO.match(cells[i])):
            return int(m.group(1))
    return None


def _cell_paragraph(state: BlockState, k: int) -> bool:
    """ "•<TAB>Organiser …" right under a tab-separated row: the next paragraph of the row's
    last cell (Word's text export breaks a row where a cell holds several paragraphs); or
    "·   Organiser …" under a row whose last cell opens with that bullet (Outlook's)."""
    if k == 0 or state.blank(k - 1):
        return False
    text = state.text(k)
    if not (is_tab_row(state.text(k - 1)) or _cell_paragraph(state, k - 1)):
        return False
    if _SECOND_LEVEL.match(text) and re.search(
        rf"(?:^|\t)\s*[{re.escape(GLYPHS)}o]\t[^\t]+$", state.text(k - 1)
    ):
        # "o<TAB>permanences mensuelles …" under "•<TAB>Poursuivre … :": Word's second-level
        # bullet, inside the cell whose item it details
        return True
    if _MARKER_TAB.match(text):
        if (n := re.match(r"^\s*(\d{1,2})[.)]\t", text)) is not None:
            # "2.<TAB>…" under a row whose last cell is item "1.": its next item, no heading
            return _last_item_number(state, k - 1) == int(n.group(1)) - 1
        return not re.match(r"^\s*[\dIVX]", text)
    opened = item_start(text)
    if "\t" not in text and opened is None:
        # "Nombre de permanences tenues" under "•<TAB>Organiser …<TAB>Nombre de ménages …" (a row
        # Word broke inside a bulleted cell), the table going on right below it: the next
        # paragraph of the last cell above. Under a whole row, a line alone is a row of one
        # merged cell ("ENJEU 1 – …").
        nxt = state.text(k + 1) if k + 1 < len(state) else ""
        above = state.text(k - 1)
        broken = bool(re.match(rf"^\s*(?:[{re.escape(GLYPHS)}]|{ROMAN_ITEM})\t[^\t]+\t", above))
        return (broken and bool(nxt.strip()) and is_tab_row(nxt)) or _before_a_row_going_on(
            state, k
        )
    if "\t" in text or opened is None:
        return False
    if (n := _ITEM_NO.match(text)) is not None:
        # "2. Organiser …" under a row whose last cell is item "1. …": its next item
        return _last_item_number(state, k - 1) == int(n.group(1)) - 1
    if opened[1] != "bullet":
        return False
    last = state.text(k - 1).split("\t")[-1].strip()
    return last[:1] == opened[0]


_MERGED_ROW = re.compile(rf"^\W*(?:{ENJEU_WORDS}|orientation|objectif|th[eé]matique)\b", re.I)


def _merged_row(text: str) -> bool:
    """A row of one merged cell: "ENJEU 2 – …", "Orientation : …", a phrase in capitals; an
    acronym or a name alone ("CCAS", "PLIE ARTOIS") is a cell's paragraph."""
    return bool(_MERGED_ROW.match(text)) or (text.strip().isupper() and len(text.split()) >= 3)


def _alone_down_to(state: BlockState, k: int) -> int:
    """The first line from k on that is no line of text alone: a blank line, a line with a
    tab, a merged row."""
    j = k
    while (
        j < len(state)
        and not state.blank(j)
        and "\t" not in state.text(j)
        and not _merged_row(state.text(j))
    ):
        j += 1
    return j


def _before_a_row_going_on(state: BlockState, k: int) -> bool:
    """ "Maison France services de Beuvry" alone under a row whose last cell said "CCAS de
    Labourse", then "<TAB>Accompagner …": the lines alone down to the next row are the next
    paragraphs of the last cell above, since that row goes on in the same first cell (it
    opens with an empty one); a row of one merged cell ("ENJEU 2 – …", "Orientation : …")
    opens what follows, which then starts a first cell of its own."""
    j = _alone_down_to(state, k)  # (a merged row there is no tab row)
    if j >= len(state) or not is_tab_row(state.text(j)):
        return False
    return state.text(j).startswith("\t") and len(state.text(j).strip("\t").split("\t")) >= 2


def _go_on(row: Row, cells: list[Cell], at: int, no: int) -> None:
    """A line that goes on with the row: its first cell, the next paragraph of the cell at
    column `at`, its later ones the next cells."""
    for c in cells:
        col = at + c.col
        cell = next((x for x in row.cells if x.col == col), None)
        if cell is None:
            row.cells.append(replace(c, col=col))
        else:
            cell.text = f"{cell.text} <br> {c.text}"
            cell.span = cell.span.union(Span.of(no))
    row.cells.sort(key=lambda c: c.col)
    row.span = row.span.union(Span.of(no))


def _bullet_spill(text: str, above: Row, cells: list[Cell]) -> list[Cell]:
    """ "•<TAB>Organiser …<TAB>Nombre de ménages …" under a row whose last cell opens with that
    bullet: Word broke the row inside that cell, and its later cells follow on this line. The
    cells, placed from that cell's column on (the bullet's tab is no cell boundary)."""
    m = re.match(rf"^\s*([{re.escape(GLYPHS)}]|{ROMAN_ITEM})\t", text)
    last = above.cells[-1] if above.cells else None
    if m is None or last is None:
        return cells
    roman = re.fullmatch(ROMAN_ITEM, m.group(1))
    # "ii.<TAB>…" under a cell opening with "i. …": the same list, numbered on
    if not (
        re.match(ROMAN_ITEM, last.text.lstrip())
        if roman
        else last.text.lstrip().startswith(m.group(1))
    ):
        return cells
    if not cells or cells[0].col != 0 or len(cells) < 2:
        return cells
    return [replace(c, col=last.col + c.col) for c in cells]


# ---------------------------------------------------------------- pipes


def is_pipe_row(text: str) -> bool:
    t = text.strip()
    if t.startswith("|") and t.count("|") >= 2:
        return True
    return "\t" not in t and len(re.findall(r"(?<!\\)\s\|\s", t)) >= 2


def pipe_cells(text: str, no: int, open_left: bool = False) -> list[Cell]:
    """`open_left`: the table's other rows have no left border ("a | b | c"), so a row that
    starts with "|" ("| | c", OCR'd or typed) starts with an empty first cell."""
    t = text.strip()
    bordered = t.endswith("|") and not t.endswith("\\|")
    if t.startswith("|") and not (open_left and not bordered):
        t = t[1:]
    if bordered:
        t = t[:-1]
    raw = re.split(r"(?<!\\)\|", t)
    return [Cell(i, c.strip().replace("\\|", "|"), Span.of(no)) for i, c in enumerate(raw)]


_ONE_BAR = re.compile(r"\S\s+(?<!\\)\|(?:\s|$)")
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _starts_pipe(state: BlockState, i: int) -> bool:
    """A pipe row, or a row of two cells ("a | b") over Markdown's delimiter row ("---|---")."""
    text = state.text(i)
    if is_pipe_row(text):
        return True
    return (
        "\t" not in text
        and bool(_ONE_BAR.search(text))
        and i + 1 < len(state)
        and bool(_DELIMITER_ROW.match(state.text(i + 1)))
    )


def _right_align_short_rows(grid: list[list[Cell]]) -> None:
    """Rows without border bars ("a | b | c", as html2text writes an HTML table) that have
    fewer cells than the table lost their first ones to a cell spanning rows above: their
    cells are the table's last columns. A row of one cell (a title over the table) stays."""
    full = max((len(cells) for cells in grid), default=0)
    for cells in grid:
        if 2 <= len(cells) < full:
            for c in cells:
                c.col += full - len(cells)


def _is_separator(cells: list[Cell]) -> bool:
    return (
        bool(cells)
        and all(_SEPARATOR_CELL.match(c.text) for c in cells)
        and any("-" in c.text for c in cells)
    )


# ---------------------------------------------------------------- delimited (spreadsheet CSV)

CSV_DELIMITER = ";"  # a comma is French prose's and decimals' own: only ";" delimits
MAX_RECORD_LINES = 40  # an unclosed quote must not swallow the rest of the document
# a delimiter with a space beside it outside quotes is prose ("les jeunes ; les familles")
_SPACED_DELIMITER = re.compile(r"\s;|;[ \t]")
_QUOTED = re.compile(r'"(?:[^"]|"")*(?:"|$)')  # a field's quote may close on a later line


def _csv_like(text: str) -> bool:
    if "\t" in text or is_pipe_row(text):
        return False
    bare = _QUOTED.sub("", text)
    return bare.count(CSV_DELIMITER) >= 1 and not _SPACED_DELIMITER.search(bare)


def _record_start(text: str, delimiter: str) -> bool:
    return is_tab_row(text) if delimiter == "\t" else _csv_like(text)


def _opens_quote(text: str) -> bool:
    """A tab-separated line whose quoted cell goes on to the next line (a spreadsheet's cell
    holding line breaks, as Google Sheets and Excel copy it)."""
    return bool(re.search(r'(?:^|\t)"', text)) and text.replace('""', "").count('"') % 2 == 1


def _csv_records(
    state: BlockState, i: int, delimiter: str = CSV_DELIMITER
) -> list[tuple[int, int, list[str]]]:
    """(first index, last index, fields) of the delimited records from line i on, while they
    keep the first one's number of fields (trailing empty fields aside), across short gaps of
    blank lines and page furniture as the other tables."""
    out: list[tuple[int, int, list[str]]] = []
    width = 0
    k = i
    while k < len(state):
        if out and not _record_start(state.text(k), delimiter):
            j = state.next_content(k)
            if j >= len(state) or j - k > MAX_GAP or not _record_start(state.text(j), delimiter):
                break
            k = j
        elif not _record_start(state.text(k), delimiter):
            break
        window = [state.text(x) + "\n" for x in range(k, min(k + MAX_RECORD_LINES, len(state)))]
        reader = csv.reader(window, delimiter=delimiter, strict=True)
        try:
            fields = next(reader)  # strict: a quote left open within the window raises
        except (csv.Error, StopIteration):
            break
        last = k + reader.line_num - 1
        written = len(fields)
        while fields and not fields[-1].strip():
            fields.pop()
        if not out:
            # "ENJEU 3 : …;;": one value, but the spreadsheet wrote the row's other fields
            width = written
            if width < 2 or not fields:
                break
        elif len(fields) > width or (len(fields) < 2 and any(f.strip() for f in fields)):
            break  # ";;;" (an empty row) stays in the table
        out.append((k, last, fields))
        k = last + 1
    if len(out) < 2 or not any(sum(1 for f in r[2] if f.strip()) >= 2 for r in out):
        return []  # one record, or no record with two values: lines of text
    return out


def starts_csv(state: BlockState, i: int) -> bool:
    return _csv_like(state.text(i)) and bool(_csv_records(state, i))


def _csv(state: BlockState, delimiter: str = CSV_DELIMITER) -> bool:
    records = _csv_records(state, state.pos, delimiter)
    if not records:
        return False
    rows: list[Row] = []
    extra: list[tuple[int, Furniture]] = []
    previous = state.pos
    for first, last, fields in records:
        extra += [(no, state.furniture[no]) for no in state.furniture_between(previous, first)]
        previous = last + 1
        span = Span(state.lines[first].no, state.lines[last].no)
        cells = []
        for col, text in enumerate(fields):
            # a line break inside a field is the author's: kept as an item mark, as in HTML
            parts = [p.strip() for p in text.splitlines() if p.strip()]
            if parts:
                cells.append(Cell(col, " <br> ".join(parts), span))
        if cells:
            rows.append(Row(cells, span))
        else:
            extra += [(state.lines[x].no, Furniture.MARKUP) for x in range(first, last + 1)]
    width = max(len(f) for _, _, f in records)
    end = records[-1][1]
    state.blocks.append(
        Table(Span(state.lines[state.pos].no, state.lines[end].no), rows, width, "csv", extra)
    )
    state.pos = end + 1
    return True


# ---------------------------------------------------------------- rows ended by a tab (unrtf)


def _ended_records(state: BlockState, i: int) -> list[tuple[int, int, list[str]]]:
    """(first index, last index, cells) of rows that open and end with a tab, as unrtf writes
    a table: a cell's paragraphs after its first go on the next lines, up to the line that
    ends the row. Empty unless at least two rows read so."""
    out: list[tuple[int, int, list[str]]] = []
    k = i
    while k < len(state) and state.text(k).startswith("\t"):
        j = k
        while j < len(state) and j - k < MAX_RECORD_LINES and not state.blank(j):
            if state.text(j).rstrip(" ").endswith("\t") and (
                j > k or state.text(j).count("\t") > 1
            ):
                break
            j += 1
        else:
            break
        if j >= len(state) or state.blank(j) or j - k >= MAX_RECORD_LINES:
            break
        record = "\n".join(state.text(x) for x in range(k, j + 1))
        out.append((k, j, record.rstrip(" ").split("\t")[1:-1]))
        k = j + 1
    return out if len(out) >= 2 else []


def _cell_text(field: str) -> str:
    """A cell's paragraphs joined as items; a bullet alone on its line marks the next one."""
    parts: list[str] = []
    bullet = False
    for p in (x.strip() for x in field.splitlines()):
        if not p:
            continue
        if LONE_MARKER.match(p):
            bullet = True
            continue
        parts.append(("• " if bullet else "") + p)
        bullet = False
    return " <br> ".join(parts)


def _ended(state: BlockState) -> bool:
    records = _ended_records(state, state.pos)
    if not records:
        return False
    rows = []
    for first, last, fields in records:
        span = Span(state.lines[first].no, state.lines[last].no)
        cells = [Cell(c, _cell_text(t), span) for c, t in enumerate(fields) if _cell_text(t)]
        if cells:
            rows.append(Row(cells, span))
    end = records[-1][1]
    width = max(len(f) for _, _, f in records)
    span = Span(state.lines[state.pos].no, state.lines[end].no)
    state.blocks.append(Table(span, rows, width, "tab"))
    state.pos = end + 1
    return True


# ---------------------------------------------------------------- the rule


def starts_table(state: BlockState, i: int) -> bool:
    text = state.text(i)
    return (
        is_tab_row(text)
        or _starts_pipe(state, i)
        or starts_grid(state, i)
        or starts_csv(state, i)
        or _column_rule(state, i) is not None
        or layout.starts(state, i)
    )


def _collect(
    state: BlockState, accept: Callable[[int], bool]
) -> tuple[list[int], list[tuple[int, Furniture]]]:
    """Indices of the table's lines from the cursor on, across short gaps of blank lines and
    furniture while accepted lines follow."""
    rows: list[int] = []
    extra: list[tuple[int, Furniture]] = []
    i = state.pos
    while i < len(state):
        # a running footer at a page's foot, inside the table the page break cuts, is furniture
        # whatever its columns look like ("Convention d'application … – page 5")
        if accept(i) and not state.is_furniture(i):
            rows.append(i)
            i += 1
            continue
        j = state.next_content(i)
        gap = [k for k in range(i, j) if not state.blank(k)]
        if j >= len(state) or not rows:
            break
        whole_row = len(layout_segments(state.text(j))) >= 2 or "\t" in state.text(j).strip()
        if j - i > (MAX_ROW_GAP if whole_row else MAX_GAP) + len(gap) or not accept(j):
            break
        extra += [(state.lines[k].no, state.furniture[state.lines[k].no]) for k in gap]
        i = j
    return rows, extra


# ---------------------------------------------------------------- ruled (pandoc simple/multiline)

_FULL_RULE = re.compile(r"^\s*-{10,}\s*$")
_COLUMN_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")


def _column_rule(state: BlockState, i: int) -> int | None:
    """Index of the dash line that gives the columns: this one, or one a few lines below a
    full-width rule (a multiline table's header sits between the two)."""
    if _COLUMN_RULE.match(state.text(i)):
        return i
    if _FULL_RULE.match(state.text(i)):
        for k in range(i + 1, min(i + 8, len(state))):
            if _COLUMN_RULE.match(state.text(k)):
                return k
    return None


def starts_ruled(state: BlockState, i: int) -> bool:
    return _column_rule(state, i) is not None or starts_grid(state, i)


def _slices(text: str, starts: list[int]) -> list[str]:
    bounds = [*starts[1:], max(len(text), starts[-1]) + 1]
    return [text[a:b].strip() for a, b in zip(starts, bounds, strict=True)]


def _ruled(state: BlockState) -> bool:
    """Pandoc's simple and multiline tables: the dash rule under the header gives the columns;
    in a multiline table a blank line ends a row, whose cells wrap over its lines."""
    i = state.pos
    k = _column_rule(state, i)
    if k is None:
        return False
    starts = [m.start() for m in re.finditer(r"-{3,}", state.text(k))]
    multiline = bool(_FULL_RULE.match(state.text(i)))
    extra: list[tuple[int, Furniture]] = [(state.lines[i].no, Furniture.SEPARATOR)]
    if k != i:
        extra.append((state.lines[k].no, Furniture.SEPARATOR))
    groups: list[list[int]] = [list(range(i + 1, k))] if k > i + 1 else []
    j = k + 1
    current: list[int] = []
    while j < len(state):
        t = state.text(j)
        if _FULL_RULE.match(t) or (not multiline and _COLUMN_RULE.match(t)):
            extra.append((state.lines[j].no, Furniture.SEPARATOR))
            j += 1
            break
        if state.blank(j):
            if current:
                groups.append(current)
                current = []
            if not multiline:
                break
        elif state.is_furniture(j):
            extra.append((state.lines[j].no, state.furniture[state.lines[j].no]))
        else:
            current.append(j)
        j += 1
    if current:
        groups.append(current)
    rows: list[Row] = []
    for g in groups:
        pieces = [_slices(state.text(x).replace("\t", " "), starts) for x in g]
        cells = []
        for c in range(len(starts)):
            text = ""
            for p in pieces:
                part = p[c].removesuffix("\\")
                text = join_wrapped(text, part) if text and part else text or part
                if p[c].endswith("\\"):
                    text += " <br>"  # pandoc's hard line break
            text = re.sub(r"(\s*<br>)+$", "", text.strip())
            if text:
                span = Span(state.lines[g[0]].no, state.lines[g[-1]].no)
                cells.append(Cell(c, text, span))
        if cells:
            rows.append(Row(cells, Span(state.lines[g[0]].no, state.lines[g[-1]].no)))
    last = max(j - 1, k)
    state.blocks.append(
        Table(Span(state.lines[i].no, state.lines[last].no), rows, len(starts), "ruled", extra)
    )
    state.pos = last + 1
    return True


# ---------------------------------------------------------------- grid (pandoc grid tables)

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_GRID_LINE = re.compile(r"^\s*[|+].*[|+]\s*$")


def starts_grid(state: BlockState, i: int) -> bool:
    return bool(_GRID_BORDER.match(state.text(i)))


def _row_cells(lines: list[str], bounds: list[int], span: Span) -> list[Cell]:
    """The cells of a grid row over its lines; a cell spanning columns ("| ENJEU 1 : … |" over
    three) has no "|" at the inner bounds."""
    edges = [
        k
        for k, b in enumerate(bounds)
        if k in (0, len(bounds) - 1) or all(len(line) <= b or line[b] in "|+" for line in lines)
    ]
    cells = []
    for a, b in itertools.pairwise(edges):
        text, gap = "", False
        for line in lines:
            part = line[bounds[a] + 1 : bounds[b]].strip() if len(line) > bounds[a] else ""
            if not part:
                gap = bool(text)  # a blank line inside the cell: its paragraphs are items
            elif text and gap:
                text, gap = f"{text} <br> {part}", False
            else:
                text = join_wrapped(text, part) if text else part
        if text:
            cells.append(Cell(a, text, span, b - a))
    return cells


def _segment_is_border(line: str, a: int, b: int) -> bool:
    """Whether a column's stretch of the line is a border: rule characters across the cell's
    width, not a "-" standing for "no value" in it."""
    part = line[a + 1 : b] if len(line) > a else ""
    body = part.strip()
    return bool(body) and not body.strip("-=+: ") and len(body) >= max(3, len(part) - 2)


def _partial_border(line: str, bounds: list[int]) -> bool:
    """A line that closes the cells of some columns and goes on with text in others: the cells
    left open span rows (w3m and LibreOffice draw row-spanned cells so)."""
    pairs = list(itertools.pairwise(bounds))
    borders = [_segment_is_border(line, a, b) for a, b in pairs]
    return (
        any(borders)
        and not all(borders)
        and any(
            (line[a + 1 : b] if len(line) > a else "").strip()
            for (a, b), x in zip(pairs, borders, strict=True)
            if not x
        )
    )


def _spanned_rows(
    state: BlockState, i: int, j: int, bounds: list[int]
) -> tuple[list[Row], list[tuple[int, Furniture]]]:
    """A grid whose cells span rows: each column is read alone, a cell running from one border
    of its column to the next; the rows are the runs of lines between borders of any column,
    and a cell that spans rows is given to the first row it covers (below it, the cell is
    empty: "same as above")."""
    pairs = list(itertools.pairwise(bounds))
    border_at = [[_segment_is_border(state.text(k), a, b) for a, b in pairs] for k in range(i, j)]
    extra = [(state.lines[k].no, Furniture.SEPARATOR) for k in range(i, j) if all(border_at[k - i])]
    # the rows: runs of lines that are a border in no column
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for k in range(i, j):
        if any(border_at[k - i]):
            if start is not None:
                runs.append((start, k - 1))
            start = None
        elif start is None:
            start = k
    if start is not None:
        runs.append((start, j - 1))
    cells_of: dict[int, list[Cell]] = {r: [] for r in range(len(runs))}
    # a row without a bar at an inner bound spans columns ("| ENJEU 1 : … |"): read whole
    for r, (lo, hi) in enumerate(runs):
        lines = [state.text(k) for k in range(lo, hi + 1)]
        if any(all(len(ln) > b and ln[b] not in "|+" for ln in lines) for b in bounds[1:-1]):
            cells_of[r] = _row_cells(lines, bounds, Span(state.lines[lo].no, state.lines[hi].no))
            for k in range(lo, hi + 1):
                border_at[k - i] = [True] * len(pairs)  # the columns' cells stop above it
    for c, (a, b) in enumerate(pairs):
        top: int | None = None
        texts: list[tuple[int, str]] = []
        for k in range(i, j + 1):
            if k == j or border_at[k - i][c]:
                if top is not None and texts:
                    first_row = next(
                        (r for r, (lo, hi) in enumerate(runs) if hi >= top), len(runs) - 1
                    )
                    text = ""
                    for _, part in texts:
                        text = join_wrapped(text, part) if text else part
                    span = Span(state.lines[texts[0][0]].no, state.lines[texts[-1][0]].no)
                    cells_of[first_row].append(Cell(c, text, span))
                top, texts = (k + 1 if k < j else None), []
                continue
            line = state.text(k)
            part = line[a + 1 : b].strip() if len(line) > a else ""
            if top is None:
                top = k
            if part:
                texts.append((k, part))
    rows = []
    for r, (lo, hi) in enumerate(runs):
        if cells_of[r]:
            span = Span(state.lines[lo].no, state.lines[hi].no)
            for cell in cells_of[r]:
                span = span.union(cell.span)
            rows.append(Row(sorted(cells_of[r], key=lambda c: c.col), span))
    # a line that is a border in some columns and text in others is part of the table's text
    return rows, extra


def _grid(state: BlockState) -> bool:
    """Pandoc's grid tables: the first border's "+" give the columns; a border (whole or
    partial, under a cell that spans rows) ends a row, whose cells wrap over its lines; "=" under
    the header."""
    i = state.pos
    border = state.text(i)
    bounds = [m.start() for m in re.finditer(r"\+", border)]
    extra: list[tuple[int, Furniture]] = []
    rows: list[Row] = []
    current: list[int] = []

    def close() -> None:
        if not current:
            return
        span = Span(state.lines[current[0]].no, state.lines[current[-1]].no)
        cells = _row_cells([state.text(x) for x in current], bounds, span)
        if cells:
            rows.append(Row(cells, span))
        current.clear()

    j = i
    while j < len(state) and _GRID_LINE.match(state.text(j)):
        j += 1
    if any(_partial_border(state.text(k), bounds) for k in range(i, j)):
        rows, extra = _spanned_rows(state, i, j, bounds)
    else:
        for k in range(i, j):
            t = state.text(k)
            if "+-" in t or "+=" in t or _GRID_BORDER.match(t):
                close()
                extra.append((state.lines[k].no, Furniture.SEPARATOR))
            else:
                current.append(k)
        close()
    state.blocks.append(
        Table(Span(state.lines[i].no, state.lines[j - 1].no), rows, len(bounds) - 1, "grid", extra)
    )
    state.pos = j
    return True


def rule(state: BlockState) -> bool:
    i = state.pos
    text = state.text(i)
    if starts_grid(state, i):
        return _grid(state)
    if _column_rule(state, i) is not None and _ruled(state):
        return True
    if _csv_like(text) and _csv(state):  # _csv reads the records once, or declines
        return True
    if _SECOND_LEVEL.match(text) and (i == 0 or not is_tab_row(state.text(i - 1))):
        return False  # "o<TAB>Relayer …" between two paragraphs: an item, not a row
    if is_tab_row(text) and not is_pipe_row(text) and _ended(state):
        return True  # rows ended by a tab, cells of several paragraphs (unrtf)
    going_on: set[int] = set()  # lines that go on with a tab-separated row above
    if is_tab_row(text) and not is_pipe_row(text):
        style = "tab"
        going_on = _rows_going_on(state, i)
        idx, extra = _collect(
            state,
            lambda k: is_tab_row(state.text(k)) or _cell_paragraph(state, k) or k in going_on,
        )
        if any(_opens_quote(state.text(k)) for k in idx) and _csv(state, "\t"):
            return True  # cells with line breaks, quoted: a spreadsheet's copy
        grid = [tab_cells(state.text(k), state.lines[k].no) for k in idx]
    elif _starts_pipe(state, i):
        style = "pipe"
        # inside the table, a row of two cells has one bar ("a | b", a row span took the rest)
        idx, extra = _collect(
            state,
            lambda k: (
                is_pipe_row(state.text(k))
                or bool(_DELIMITER_ROW.match(state.text(k)))
                or (bool(_ONE_BAR.search(state.text(k))) and "\t" not in state.text(k))
            ),
        )
        texts = [state.text(k).strip() for k in idx]
        open_left = any(not t.startswith("|") for t in texts) and any(
            t.startswith("|") and not t.endswith("|") for t in texts
        )
        grid = [pipe_cells(state.text(k), state.lines[k].no, open_left) for k in idx]
        if not any(t.startswith("|") for t in texts):
            _right_align_short_rows(grid)
    elif (found := layout.read(state, _collect)) is not None:
        style = "layout"
        idx, extra, grid = found
    else:
        return False
    rows: list[Row] = []
    at = 0  # the column a tab-separated row has reached, over its lines
    for k, cells in zip(idx, grid, strict=True):
        no = state.lines[k].no
        if style == "tab" and rows and k in going_on:
            _go_on(rows[-1], cells, at, no)
            at += separators(state.text(k))
            continue
        if (
            style == "tab"
            and rows
            and (
                not is_tab_row(state.text(k))
                or (_SECOND_LEVEL.match(state.text(k)) and _cell_paragraph(state, k))
            )
        ):
            tail = rows[-1].cells[-1]  # a paragraph of the row's last cell
            item = " ".join(state.text(k).split("\t", 1)).strip()
            tail.text = f"{tail.text} <br> {item}"
            tail.span = tail.span.union(Span.of(no))
            rows[-1].span = rows[-1].span.union(Span.of(no))
            continue
        if style == "tab":
            at = separators(state.text(k))
        if _is_separator(cells) or _RULE_LINE.match(state.text(k)):
            extra.append((no, Furniture.SEPARATOR))
            continue
        if style == "tab" and rows:
            cells = _bullet_spill(state.text(k), rows[-1], cells)
        cells = [c for c in cells if c.text]
        if cells:
            rows.append(Row(cells, Span.of(no)))
        else:
            extra.append((no, Furniture.MARKUP))
    if style == "tab" and len(idx) == 1 and len(rows) == 1 and len(rows[0].cells) == 1:
        return False  # one cell and a stray tab: a line of text, not a table
    last = state.lines[idx[-1]].no
    columns = max((c.col for r in rows for c in r.cells), default=-1) + 1
    table = Table(Span(state.lines[i].no, last), rows, columns, style, sorted(extra))
    state.blocks.append(table)
    state.pos = idx[-1] + 1
    return True
