"""Column layouts (`pdftotext -layout`): a table whose rules are gone, its cells laid out on
character columns, a cell wrapping over several lines in its column.

pdftotext places each line's text from its x position, so a column's start drifts by a few
characters from line to line (narrow and wide letters), more from page to page, and a cell
that runs long is written one space before the next one. The reader therefore works per
*band* (the lines of one page between two spanning rows): the columns are found in the band,
a run that crosses a column start is cut at the space nearest to it, and each band's columns
are mapped onto the table's by position, so that a page without one column's text keeps the
others where they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from quartiers.blocks.headings import is_heading, split_numbering
from quartiers.blocks.lists import GLYPHS, item_start
from quartiers.blocks.state import BlockState
from quartiers.document import Cell, Furniture, Heading, Table
from quartiers.span import Span
from quartiers.wording import ENJEU_WORDS, opens_with_infinitive

_GAP = re.compile(r"\S(?P<gap> {3,})(?=\S)")
# "1.", "1)", "(1)", and an action's code "A8 –"
# "1. ", "(2) ", "A3 – ", and "a. ", "b) " before a capital: an item's number or letter
_ITEM_NUMBER = re.compile(
    r"(?:\d{1,2}[.)]|\(\d{1,2}\)|[A-Z]{1,2}\d{1,2} [–—-]|[a-h][.)](?= [A-ZÀ-Ý])) (?=\S)"
)
_MARKER = re.compile(
    rf"(?:[{re.escape(GLYPHS)}]|\d{{1,2}}[.)]|\(\d{{1,2}}\))\s+(?=\S)"
)  # to its text
TOLERANCE = 2  # characters a column start may drift by between neighbouring lines
DRIFT = 4  # ... and by how much a run may start off its column in a band
HANGING_INDENT = 4  # how far a bullet's wrapped lines start after it
MAX_GAP = 3  # blank or furniture lines a table may span
GLYPH_GAP = 10  # a bullet and its text, a tab stop apart ("•     Tenir une permanence")

Run = tuple[int, str]  # (start column, text)
Piece = tuple[int, int, str]  # (column index, start, text)
Collect = Callable[
    [BlockState, Callable[[int], bool]], tuple[list[int], list[tuple[int, Furniture]]]
]


def layout_segments(text: str) -> list[Run]:
    """(start column, text) of the runs of a line separated by 3 spaces or more."""
    out: list[Run] = []
    start = len(text) - len(text.lstrip(" "))
    for m in _GAP.finditer(text):
        out.append((start, text[start : m.start("gap")].strip()))
        start = m.end("gap")
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


def _bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of a line's runs, a bullet glyph set a tab stop before its text joined to
    it: the glyph and the text are one cell's item, not two columns."""
    out: list[tuple[int, int]] = []
    for start, piece in layout_segments(text):
        end = text.index(piece, start) + len(piece)
        if out:
            at, prev_end = out[-1]
            if prev_end - at == 1 and text[at] in GLYPHS and start - at <= GLYPH_GAP:
                out[-1] = (at, end)
                continue
            # "… santé mentale et –      Participer": a bullet one space after the cell on
            # its left, its text a tab stop on, opens the item
            if (
                prev_end - at > 2
                and text[prev_end - 1] in GLYPHS
                and text[prev_end - 2] == " "
                and text[prev_end - 3].islower()  # not "Enjeu 1 –", a title's dash
                and start - prev_end < GLYPH_GAP
            ):
                out[-1] = (at, len(text[: prev_end - 1].rstrip()))
                out.append((prev_end - 1, end))
                continue
        out.append((start, end))
    return out


def _text(raw: str) -> str:
    return " ".join(raw.split())


def runs(text: str) -> list[Run]:
    """(start column, text) of a line's runs, a bullet and its text one run."""
    return [(a, _text(text[a:b])) for a, b in _bounds(text)]


def aligned(starts: list[int], cols: list[int], slack: int = TOLERANCE) -> int:
    return sum(1 for s in starts if any(abs(s - c) <= slack for c in cols))


def columns(rows: list[list[Run]], head: int = 0) -> list[int]:
    """Column starts: positions where runs start on at least two multi-run lines, or on one
    line cut into three runs or more (a column that holds one line only). The first `head`
    lines may be a header of centred titles: a start seen only there is no column when the
    body shows its own."""
    body = [segs for segs in rows[head:] if len(segs) >= 2]
    top = rows[:head] if len(body) >= 3 else []
    rows = rows[len(top) :]
    starts = sorted(s for segs in rows if len(segs) >= 2 for s, _ in segs)
    strong = {s for segs in rows if len(segs) >= 3 for s, _ in segs}
    clusters: list[list[int]] = []
    for s in starts:
        if clusters and s - clusters[-1][-1] <= TOLERANCE + 1:
            clusters[-1].append(s)
        else:
            clusters.append([s])
    # a column's left edge is crossed by few runs: a centred header cell's start is crossed by
    # the body's ("Objectifs stratégiques" at 44 over cells from 34 to 67)
    kept = _drifted([c for c in clusters if _crossing(rows, min(c)) < max(2, 3 * len(c))], rows)
    cols = [min(c) for c in kept if len(c) >= 2]
    # a column that holds one line only, when a line has more cells than the others show
    # columns (a line pushed off its columns by pdftotext has as many, not more)
    if max((len(segs) for segs in rows), default=0) > len(cols):
        cols = sorted(cols + [min(c) for c in kept if len(c) == 1 and set(c) & strong])
    # a bullet's hanging indent is no column: "• Ouvrir la maison de santé" at 64, its wrapped
    # lines at 67, when most runs at 64 (the column's title aside) open with a bullet
    bulleted = set()
    for c in cols:
        at = [t for segs in rows for st, t in segs if abs(st - c) <= TOLERANCE]
        if 2 * sum(1 for t in at if t[:1] in GLYPHS) > len(at):
            bulleted.add(c)
    cols = [c for c in cols if not any(0 < c - b <= GLYPH_GAP for b in bulleted)]
    first = min((segs[0][0] for segs in rows + top if segs), default=0)
    if cols and cols[0] - first > TOLERANCE:
        cols.insert(0, first)
    return cols


def _drifted(clusters: list[list[int]], rows: list[list[Run]]) -> list[list[int]]:
    """Two clusters of starts a few characters apart that never open runs on the same line are
    one column that pdftotext set a little further from one row to the next (a row whose first
    cell is long pushes the others right). Up to twice the drift apart (objectives at 25 on
    some rows, at 32 on others), only when the other columns of their lines stand at the same
    places: a page whose columns all stand further right is the bands' to map. Up to three
    times (objectives at 39 on one row, at 49 on the others), only off the margin (a "Réf."
    column at 0 beside orientations at 12 is no drift) and when a column right of both is
    common to their lines: a label's value set after labels of other lengths ("Pilote :
    service des sports    Calendrier : …", "Partenaires :   AS Marles") has none. The last
    column (partners at 102, at 93 on the rows whose actions run long), up to three times, may
    show another column of its lines once only: nothing right of it is a centred title's."""
    out: list[list[int]] = []
    right = max((s for segs in rows if len(segs) >= 2 for s, _ in segs), default=0)
    for c in clusters:
        gap = min(c) - max(out[-1]) if out else 0
        if out and len(c) >= 2 and len(out[-1]) >= 2 and gap <= 3 * DRIFT:
            a, b, both = _lines_at(rows, out[-1]), _lines_at(rows, c), out[-1] + c
            if not a & b and (
                gap <= DRIFT + 2
                or (gap <= 2 * DRIFT and _same_others(rows, a, b, both))
                or (max(c) == right and _same_others(rows, a, b, both, once=True))
                or (min(both) > TOLERANCE and _same_others(rows, a, b, both, right=True))
            ):
                out[-1] = sorted(out[-1] + c)
                continue
        out.append(c)
    return out


def _lines_at(rows: list[list[Run]], cluster: list[int]) -> set[int]:
    """The multi-run lines with a run starting in the cluster."""
    lo, hi = min(cluster), max(cluster)
    return {
        i for i, segs in enumerate(rows) if len(segs) >= 2 and any(lo <= s <= hi for s, _ in segs)
    }


def _same_others(
    rows: list[list[Run]],
    a: set[int],
    b: set[int],
    both: list[int],
    right: bool = False,
    once: bool = False,
) -> bool:
    """Whether the lines of two clusters have a further column in common (the margin aside;
    `right`: right of both clusters), seen on two lines of each at least: one repeated header
    on a page set further right proves nothing (`once`: one line will do)."""

    def others(lines: set[int]) -> set[int]:
        seen = Counter(
            s
            for i in lines
            for s in {s for s, _ in rows[i] if s > (max(both) if right else TOLERANCE)}
            if not min(both) <= s <= max(both)
        )
        return {s for s, n in seen.items() if n >= 2 or once or seen[s - 1] or seen[s + 1]}

    there = others(b)
    return any(abs(s - t) <= TOLERANCE for s in others(a) for t in there)


def _crossing(rows: list[list[Run]], c: int) -> int:
    """Runs of multi-run lines that cross position c (a spanning row crosses every column)."""
    return sum(
        1 for segs in rows if len(segs) >= 2 for s, t in segs if s + DRIFT < c < s + len(t) - DRIFT
    )


def _lone_glyph_before(text: str, p: int) -> bool:
    before = text[:p].rstrip()
    return before[-1:] in GLYPHS and (len(before) < 2 or before[-2] == " ")


def _unit_at(text: str, p: int) -> bool:
    """ "31,4 %": a figure's unit after its space; a figure and its unit are one cell."""
    return text[p] in "%€" and text[p - 2 : p - 1].isdigit()


def _cut(text: str, at: int, end: int, col: int) -> int | None:
    """Where a run crossing column start `col` ends its first cell: the space nearest to the
    column, a bullet's glyph preferred."""
    best: tuple[int, int] | None = None
    for p in range(max(at + 1, col - 1 - 3 * DRIFT), min(end - 1, col + DRIFT)):
        if text[p] != " " or text[p + 1] == " " or _lone_glyph_before(text, p):
            continue
        if _unit_at(text, p + 1):
            continue
        # a bullet, or an item's number ("1. Poursuivre"), opens an item: the cell's start;
        # so does a capitalised infinitive in mid-line ("… l'accompagnement à Animer des
        # ateliers …": pdftotext squeezed an action one space after its objective)
        glyph = text[p + 1] in GLYPHS or bool(_ITEM_NUMBER.match(text, p + 1))
        # (after a word: after "1." or "•" the item's mark is the cut)
        verb = (
            text[p - 1].isalpha()
            and text[p + 1].isupper()
            and opens_with_infinitive(text[p + 1 : end])
        )
        if not (glyph or verb or -DRIFT <= p + 1 - col <= DRIFT):
            continue
        # a cell's first line opens with a capital or a bullet (which drifts further), its
        # wrapped lines seldom do; an action's verb wins over any word nearer the column
        score = abs(p + 1 - col) - (2 * DRIFT if glyph else 3 * DRIFT if verb else 0)
        score -= 1 if text[p + 1].isupper() else 0
        if best is None or score < best[0]:
            best = (score, p + 1)
    return None if best is None else best[1]


def pieces(text: str, cols: list[int], head: bool = False) -> list[Piece]:
    """(column, start, text) of the runs of a line of a column layout, a run that crosses a
    column start cut there."""
    out: list[Piece] = []
    bounds = _bounds(text)
    if len(bounds) == len(cols) > 1:
        placed = [_column_of(text, a, cols) for a, _ in bounds]
        if placed != list(range(len(cols))):
            # as many runs as columns, placed off them (pdftotext squeezed the line): in order
            return [(n, a, _text(text[a:b])) for n, (a, b) in enumerate(bounds)]
    for start, end in bounds:
        at = start
        col = _column_of(text, at, cols)
        for n, c in enumerate(cols):
            if at + DRIFT >= c or c >= end:
                continue
            # a run that ends just past a column is cut only right at its start ("des écoles
            # 86" over a column at "86"): otherwise it is a long cell's last word
            if c + DRIFT > end:
                cut = c if text[c - 1] == " " and text[c] != " " and not _unit_at(text, c) else None
            else:
                cut = _cut(text, at, end, c)
                if head and cut is not None and text[cut].islower():
                    # a header cell over two columns ("… du Contrat de ville"), unless the cut
                    # opens a lettered item ("a. Déployer …")
                    cut = cut if _ITEM_NUMBER.match(text, cut) else None
            if cut is not None:
                out.append((col, at, _text(text[at:cut])))
                at, col = cut, n  # what follows a cut at a column's start is that column's
        out.append((col, at, _text(text[at:end])))
    return [p for p in out if p[2]]


def _column_of(text: str, at: int, cols: list[int]) -> int:
    """The column of the run at `at`; a bullet or an item's number hanging left of its column
    ("•" at 83, the column's text at 91; "2. Animations" with "Animations" at the column)
    belongs to the column its text starts in."""
    if text[at] in GLYPHS:
        m = re.match(r"\S\s+(?=\S)", text[at:])
        after = at + m.end() if m else None
    else:
        m = _ITEM_NUMBER.match(text, at)
        after = m.end() if m else None
    if after is not None:
        inside = [i for i, c in enumerate(cols) if at < c <= after + DRIFT]
        if inside and abs(after - cols[inside[0]]) <= DRIFT:
            return inside[0]
    return _column(at, cols)


def _column(start: int, cols: list[int]) -> int:
    """The column a run starting there belongs to: the last that starts at or before it, give
    or take the drift; the nearer of two when it lies within the drift of both."""
    near = [i for i, c in enumerate(cols) if abs(start - c) <= DRIFT]
    if near:
        return min(near, key=lambda i: abs(start - cols[i]))
    return max((i for i, c in enumerate(cols) if c <= start), default=0)


def cells(line: list[Piece], no: int) -> list[Cell]:
    """A line's cells: its runs in one column joined."""
    by_col: dict[int, str] = {}
    for col, _, piece in line:
        by_col[col] = f"{by_col[col]} {piece}" if col in by_col else piece
    return [Cell(c, t, Span.of(no)) for c, t in sorted(by_col.items())]


def _mark_hanging_items(lines: list[list[Piece]], grid: list[list[Cell]]) -> None:
    """A list whose bullets the extraction dropped: in a column, items open at one position and
    their wrapped lines go on one or two characters to the right (the bullet's hanging indent).
    The lines that open an item get the bullet back, so that a wrapped line opening with a
    capital ("Solidarité de l'Artois …") is not taken for an action of its own."""
    starts: dict[int, list[tuple[int, int]]] = {}  # column -> (row, start) of one-piece cells
    for r, line in enumerate(lines):
        by_col: dict[int, list[int]] = {}
        for col, start, _ in line:
            by_col.setdefault(col, []).append(start)
        for col, at in by_col.items():
            if len(at) == 1:
                starts.setdefault(col, []).append((r, at[0]))
    for col, seen in starts.items():
        counts: dict[int, int] = {}
        for _, st in seen:
            counts[st] = counts.get(st, 0) + 1
        pairs = [
            (min(counts[st], counts[st + d]), st, st + d)
            for st in counts
            for d in (1, 2)
            if counts[st] >= 2 and counts.get(st + d, 0) >= 2
        ]
        if not pairs:
            continue
        _, opening, wrapped = max(pairs)
        heads = [
            c.text for r, st in seen if st == opening for c in grid[r] if c.col == col and c.text
        ]
        if any(t[:1] in GLYPHS for t in heads):
            continue  # the bullets are there: nothing was dropped
        if 3 * sum(1 for t in heads if t[:1].isupper()) < 2 * len(heads):
            continue  # items open with a capital: lines in lower case there are a drift
        follows = [r for r, st in seen if st == wrapped]
        under = {r for r, st in seen if st in (opening, wrapped)}
        if 5 * sum(1 for r in follows if r - 1 not in under) > len(follows):
            continue  # wrapped lines under nothing: not a hanging indent
        if not any(r - 1 in under for r, st in seen if st == opening):
            continue  # no item right under another: each opens a cell that drifted
        for r, st in seen:
            cell = next((c for c in grid[r] if c.col == col), None)
            if st == opening and cell is not None and cell.text[:1] not in GLYPHS:
                cell.text = "• " + cell.text


def starts(state: BlockState, i: int) -> bool:
    """A column layout starts with a multi-run line and another aligned one soon after, or
    takes up again the layout just above (`_resumes`)."""
    return (
        _aligned_below(state, i)
        or bool(_resumes(state, i))
        or bool(_leads_into(state, i))
        or bool(_touching(state, i))
        or bool(_titles_over(state, i))
        or bool(_numbered_over(state, i))
    )


def _numbered_over(state: BlockState, i: int) -> list[int]:
    """A numbered line alone ("2.1 Soutenir la réussite …"), its wrapped lines under it, over
    a row of a column layout whose first cell goes on with its numbering ("2.1.1 Assurer …
    •  Étendre …"): the table's first row, the orientation over its objectives. The starts of
    that row's runs, or none."""
    segs = runs(state.text(i))
    figures = _figures(segs[0][1]) if len(segs) == 1 and "\t" not in state.text(i) else []
    k = i + 1
    while figures and k < len(state) and k - i <= 3:
        below = runs(state.text(k))
        if len(below) == 1 and below[0][1][:1].islower() and abs(below[0][0] - segs[0][0]) <= DRIFT:
            k += 1  # the title's next words
            continue
        if (
            len(below) >= 2
            and _figures(below[0][1])[: len(figures)] == figures
            and len(_figures(below[0][1])) > len(figures)
            and _aligned_below(state, k)
        ):
            return [s for s, _ in below]
        break
    return []


def _titles_over(state: BlockState, i: int) -> list[int]:
    """Column titles centred over their columns, off their starts ("Enjeu" at 8 over a column
    at 0, "Orientation stratégique" at 27 over one at 23): a line of one run per column of the
    layout right below it, whose first row shows as many, each run inside its column, from its
    start to the next one's. That layout's columns, or none."""
    segs = _multi_run(state, i)
    if segs is None or len(segs) < 3 or is_heading(state.text(i)):
        return []
    k = state.next_content(i + 1)
    if k >= len(state) or k - i > 2 or not _aligned_below(state, k):
        return []
    if len(runs(state.text(k))) != len(segs):
        return []  # a first row whose cells touch: its columns are not to be seen from here
    below = _runs_below(state, i)
    cols = columns(below) if len(below) >= 3 else []
    if len(cols) != len(segs):
        return []
    ends = [*cols[1:], 10**6]
    inside = all(
        c - DRIFT <= s and s + len(text) <= end + DRIFT
        for (s, text), c, end in zip(segs, cols, ends, strict=True)
    )
    return cols if inside else []


def _multi_run(state: BlockState, i: int) -> list[Run] | None:
    segs = runs(state.text(i))
    # a lone glyph first is a list's bullet; a lone dash further on is an empty value ("–")
    if len(segs) < 2 or "\t" in state.text(i) or len(segs[0][1]) < 2:
        return None
    return segs


def _aligned_below(state: BlockState, i: int) -> bool:
    segs = _multi_run(state, i)
    if segs is None:
        return False
    text = state.text(i)
    at = [s for s, _ in segs[1:]]
    k, seen = i + 1, 0
    while k < len(state) and seen < 3:
        if state.blank(k) or state.is_furniture(k):
            k += 1
            continue
        other = runs(state.text(k))
        if len(other) >= 2 and (
            aligned([s for s, _ in other], at) or _hangs([s for s, _ in other[1:]], text)
        ):
            return True
        if len(other) == 1 and _hangs([other[0][0]], text):
            return True  # a cell of items, the other cells of its row one line long
        seen += 1
        k += 1
    return False


def _hangs(starts: list[int], above: str) -> bool:
    """Every one of these runs starts where the text of an item in a later cell of the line
    above does (an item's wrapped text: "•    Organiser des permanences" over "     la salle
    …", "2. Relayer" over "   de Beuvry"), or a bullet's indent after it."""
    bullets = [
        (start, start + m.end())
        for start, end in _bounds(above)[1:]
        if (m := _MARKER.match(above[start:end]))
    ]
    return bool(bullets) and all(
        any(0 < s - b <= HANGING_INDENT or abs(s - t) <= TOLERANCE for b, t in bullets)
        for s in starts
    )


def _leads_into(state: BlockState, i: int) -> list[int]:
    """An item alone (a bullet, a number), in a column of the layout that starts a few lines
    below it: a table whose first row's objective is centred lower down, its first actions
    printed above it. The starts of that layout's first multi-run line, or none."""
    segs = runs(state.text(i))
    if len(segs) != 1 or "\t" in state.text(i) or not _MARKER.match(segs[0][1]):
        return []
    k, seen = i + 1, 0
    while k < len(state) and seen < 4:
        if state.blank(k) or state.is_furniture(k):
            return _row_of_lone_lines(state, i)
        other = runs(state.text(k))
        if len(other) >= 2:
            later = [s for s, _ in other[1:]]
            if _aligned_below(state, k) and any(abs(segs[0][0] - c) <= DRIFT for c in later):
                return [s for s, _ in other]
            return _row_of_lone_lines(state, i)
        seen += 1
        k += 1
    return _row_of_lone_lines(state, i)


def _row_of_lone_lines(state: BlockState, i: int) -> list[int]:
    """A table's first row whose cells, centred vertically, never share a line (its actions
    above and below the objective, a blank line after it): every line down to the table's
    first line of several cells starts in one of the columns the lines below show. Those
    columns, or none."""
    below = _runs_below(state, i)
    if len(below) < 3:
        return []
    cols = columns(below)
    at = runs(state.text(i))[0][0]
    if len(cols) < 2 or at <= cols[0] + GLYPH_GAP or not any(abs(at - c) <= DRIFT for c in cols):
        return []  # a list at the margin, above a table, is no row of it
    k, blanks = i + 1, 0
    while k < len(state):
        if state.blank(k) or state.is_furniture(k):
            blanks += 1
            if blanks > MAX_GAP:
                return []
            k += 1
            continue
        blanks = 0
        segs = runs(state.text(k))
        if len(segs) >= 2:
            return cols
        if "\t" in state.text(k) or not any(
            -DRIFT <= segs[0][0] - c <= HANGING_INDENT for c in cols
        ):
            return []
        k += 1
    return []


LOOKAHEAD = 15  # lines below a line of touching cells in which its table shows its columns


def _touching(state: BlockState, i: int) -> list[int]:
    """A table's first line whose cells run into each other one space apart (pdftotext set
    each cell where it starts, and a long one reaches the next): runs from the first column
    of the layout just below it, one of which crosses later columns; in it a word opens with a
    capital or a bullet right where each column it crosses starts ("Faciliter l'accès aux
    Renforcer le repérage des publics – Mettre en place …", the objective reaching its
    actions). That layout's columns, or none."""
    text = state.text(i)
    bounds = _bounds(text)
    if "\t" in text or is_heading(text) or split_numbering(text.strip()):
        return []
    if len(bounds) > 1 and _aligned_below(state, i):
        return []  # its runs line up with the next line's: the layout shows there already
    # the row goes on right below, in its first column and a later one, or in a later one
    # only ("Développer l'offre de mobilité douce 1. Aménager une liaison …" over
    # "Renaissance et le centre-ville …" under the action)
    nxt = runs(state.text(i + 1)) if i + 1 < len(state) else []
    # (an item's wrapped line under its text, right of its bullet, is no later column)
    later_only = (
        len(bounds) == 1
        and len(nxt) == 1
        and nxt[0][0] > bounds[0][0] + DRIFT
        and item_start(text) is None
    )
    if not later_only and (len(nxt) < 2 or abs(nxt[0][0] - bounds[0][0]) > DRIFT):
        return []
    below = _runs_below(state, i)
    # a table of one row shows its columns on the row's next line only
    ahead = [bounds[0][0], nxt[0][0]] if later_only else [st for st, _ in nxt]
    cols = columns(below) if len(below) >= 3 else ahead
    if len(cols) < 2 or abs(bounds[0][0] - cols[0]) > DRIFT:
        return []
    # each run starts in a column (several runs: the cells set apart are the table's)
    if len(bounds) > 1 and not all(any(abs(s - c) <= DRIFT for c in cols) for s, _ in bounds):
        return []
    crossed = [c for start, end in bounds for c in cols[1:] if start + DRIFT < c < end]
    return cols if _opens_at(text, crossed) else []


def _runs_below(state: BlockState, i: int) -> list[list[Run]]:
    """The runs of the lines of several runs just below line i: where a table shows its
    columns."""
    return [
        segs
        for k in range(i + 1, min(len(state), i + 1 + LOOKAHEAD))
        if len(segs := runs(state.text(k))) >= 2 and "\t" not in state.text(k)
    ]


def _opens_at(text: str, crossed: list[int]) -> bool:
    """Whether a word opens with a capital or a bullet right at each of these column starts (a
    cell's first line), in a line that is not all capitals (a title over the table is)."""
    return (
        bool(crossed)
        and any(ch.islower() for ch in text)
        and all(
            any(
                text[p - 1] == " " and (text[p].isupper() or text[p] in GLYPHS)
                for p in range(c - TOLERANCE, min(c + TOLERANCE + 1, len(text)))
            )
            or _item_at(text, c)
            for c in crossed
        )
    )


_DASHES = "-–—"


def _item_at(text: str, c: int, dashes: bool = True) -> bool:
    """Whether a bullet or an item's number opens a word at column start c, or left of it as
    far as a bullet drifts ("… des habitants 1. Créer", "… aux soins aux  • Accompagner");
    without `dashes`, a dash is no bullet (titles and names use them: "ENJEU 2 – DES …")."""
    return any(
        text[p - 1] == " "
        and (
            (text[p] in GLYPHS and (dashes or text[p] not in _DASHES))
            or bool(_ITEM_NUMBER.match(text, p))
        )
        for p in range(max(1, c - 3 * DRIFT), min(c + TOLERANCE + 1, len(text)))
    )


RESUME = 16  # lines after a column layout within which a line may take it up again


def _above(state: BlockState, i: int) -> list[list[Run]]:
    """The runs of the lines of the column layouts just above line i: ended within `RESUME`
    lines, with no heading since (the title and header a table repeats on a new page)."""
    no = state.lines[i].no
    spans = []
    for b in reversed(state.blocks[-8:]):
        if isinstance(b, Heading) or no - b.span.last > RESUME:
            break
        if isinstance(b, Table) and b.style == "layout":
            spans.append(b.span)
    out: list[list[Run]] = []
    for k in range(i - 1, -1, -1):
        line = state.lines[k].no
        if spans and line < min(sp.first for sp in spans):
            break
        if any(sp.first <= line <= sp.last for sp in spans):
            out.insert(0, runs(state.text(k)))
    return out


def _resumes(state: BlockState, i: int) -> list[list[Run]]:
    """A table going on after a page break, below its repeated title and header: the row cut
    by the break may show one line of several cells only, but its cells after the first start
    where the column layout just above had cells. The runs of that layout's lines, or none."""
    if is_heading(state.text(i)):
        return []  # "## 4.4.    Ce qui pose problème": a heading, whatever its gap
    segs = _multi_run(state, i)
    alone = runs(state.text(i))
    # or the end of a cell alone, in lower case, in a later column ("plateforme mobilité
    # Wimoov" under the repeated title, the rest of the action the break cut), or an action's
    # bullet or number there (a row centred vertically: its objective lower down, alone on
    # its line; "3. Aménager …", the last item of a numbered cell)
    lone = alone[0][1] if len(alone) == 1 else ""
    if (
        segs is None
        and lone
        and (lone[:1].islower() or lone[0] in GLYPHS or _ITEM_NUMBER.match(lone))
    ):
        segs = [(-1, ""), *alone]
    above = _above(state, i) if segs is not None else []
    if segs is None or not above:
        return []
    known = {s for line in above for s, _ in line}
    later = {c for c in known if c > min(known) + GLYPH_GAP}
    return above if all(any(abs(s - c) <= DRIFT for c in later) for s, _ in segs[1:]) else []


def _accept(
    state: BlockState, i: int, touching: list[int], above: list[int]
) -> Callable[[int], bool]:
    """Whether line k goes on with the column layout that starts at line i; `touching`, the
    columns of a first row whose cells touch, `above`, those of the table it takes up again."""
    known = {s for s, _ in runs(state.text(i))} | set(_leads_into(state, i))
    known.update(_numbered_over(state, i))
    width = len(touching) or len(known)  # the first row's cells
    nxt = state.next_content(i + 1)
    if not touching and nxt < len(state) and 2 <= len(first := runs(state.text(nxt))) < width:
        # column titles over a first row whose cells touch ("Renforcer le repérage des publics
        # • Tenir une permanence …"): the row's cells, not the titles', are the table's width
        width = len(first)
    known.update(touching, above)
    numbers: set[int] = set()  # the first figures of the rows numbered "1.1.2" so far

    def accept(k: int) -> bool:
        segs = runs(state.text(k))
        if not segs or "\t" in state.text(k):
            return False
        numbered = _row_number(state, k, known, numbers) if k != i else None
        if numbered is not None:
            numbers.add(numbered)
        elif k != i and is_heading(state.text(k)):
            return False  # "3.2 La Cité des Aubépines (QIC)" above the next table
        elif (
            k != i
            and len(segs) == 1
            and state.blank(k - 1)
            and split_numbering(state.text(k).strip())
        ):
            return False  # "5. Gouvernance locale" at the margin after a blank line: a heading
        if k == i and (first_number := _figures(segs[0][1])):
            numbers.add(first_number[0])
        at = [s for s, _ in segs]
        if k == i:  # the line the layout starts with (a cell's end, taking it up again)
            known.update(s for s, _ in layout_segments(state.text(k)))  # a bullet's text too
            return True
        if len(segs) >= 2:
            hanging = all(any(0 <= st - c <= HANGING_INDENT for c in known) for st in at[1:])
            # as many cells as the first row, from the first column: a row pdftotext squeezed
            squeezed = len(segs) == width and abs(at[0] - min(known)) <= DRIFT
            if (
                k != i
                and not aligned(at[1:], sorted(known), DRIFT)
                and not hanging
                and not squeezed
            ):
                return False
            known.update(s for s, _ in layout_segments(state.text(k)))  # a bullet's text too
            return True
        # a single run: the continuation of a later column, or a line inside the table's width
        # when aligned rows come again soon after it (a wrapped cell, a centred header's end)
        first = min(known)
        if any(abs(at[0] - c) <= DRIFT for c in known if c > first + GLYPH_GAP):
            return True
        if not state.blank(k - 1) and segs[0][1][:1].islower() and abs(at[0] - first) <= DRIFT:
            return True  # the first column's cell wrapped onto the table's last line
        if at[0] + TOLERANCE < first and not numbers:
            # left of every column so far, between two lines of the table: the orientation
            # column's text, centred in its row where no other cell has a line
            return _between_rows(state, i, k, known)
        nxt = state.next_content(k + 1)
        for _ in range(2 * (MAX_GAP + 1)):  # past lines that go on in a later column alone
            if nxt >= len(state) or nxt - k > 2 * (MAX_GAP + 1):
                return False
            later = runs(state.text(nxt))
            if len(later) >= 2:
                return bool(aligned([s for s, _ in later][1:], sorted(known), DRIFT))
            if later and _touches(state.text(nxt), later[0], known):
                return True  # a row whose cells touch ("… et promouvoir 1) Monter …")
            if not later or not any(abs(later[0][0] - c) <= DRIFT for c in known):
                return False
            nxt = state.next_content(nxt + 1)
        return False

    return accept


_EMPTY_VALUES = {"-", "–", "—"}
_FIGURES = re.compile(r"(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\.?(?=\s|$)")


def _figures(text: str) -> list[int]:
    """The figures of a line's numbering of two levels or three ("1.1", "2.3.1"), or none."""
    m = _FIGURES.match(text)
    return [int(g) for g in m.groups() if g] if m else []


def _row_number(state: BlockState, k: int, known: set[int], numbers: set[int]) -> int | None:
    """The first figure of a numbered line that is a row of the table, not a heading over the
    next one ("1.1.2 Faciliter l'accès aux soins    •  Accueillir …", the strategy's own
    numbering): later runs where the table's columns are (or an item's wrapped text); alone at
    the first column, a numbering that goes on with the rows' ("1.2" under "1.1.3", "2.1" after
    them; "4.2 Objectifs poursuivis" after rows "1.x.y" is the next section's), or a line right
    under it that goes on with the table (its cell's next words beside another cell, an item
    in a later column)."""
    segs = runs(state.text(k))
    figures = _figures(segs[0][1])
    if not figures or abs(segs[0][0] - min(known)) > DRIFT:
        return None
    if len(segs) >= 2:
        starts = [s for s, _ in segs[1:]]
        inside = all(any(-DRIFT <= s - c <= HANGING_INDENT for c in known) for s in starts)
        return figures[0] if inside else None
    if numbers and figures[0] - max(numbers) in (0, 1):
        return figures[0]
    below = runs(state.text(k + 1)) if k + 1 < len(state) else []
    first = min(known)
    wraps = (
        len(below) >= 2
        and abs(below[0][0] - segs[0][0]) <= DRIFT
        and below[0][1][:1].islower()
        and aligned([s for s, _ in below[1:]], sorted(known), DRIFT) == len(below) - 1
    )
    later = len(below) == 1 and any(
        abs(below[0][0] - c) <= DRIFT for c in known if c > first + GLYPH_GAP
    )
    return figures[0] if wraps or later else None


def _touches(text: str, run: Run, known: set[int]) -> bool:
    """A run from the table's first column across its later columns, an item opening at each
    (a bullet, not a dash, which names use: "Cité 5 - Cité de Marles"; or an item's number):
    a row whose cells touch."""
    start, body = run
    first = min(known)
    crossed = [c for c in sorted(known) if c > first + GLYPH_GAP and start + DRIFT < c]
    crossed = [c for c in crossed if c < start + len(body)]
    return (
        abs(start - first) <= DRIFT
        and bool(crossed)
        and all(_item_at(text, c, dashes=False) for c in crossed)
    )


def _between_rows(state: BlockState, i: int, k: int, known: set[int]) -> bool:
    """Line k, left of the columns seen since line i, between two of the table's lines, once
    its body has begun (a bullet seen: above it, a header's centred title is the header's)."""
    if k == 0 or k + 1 >= len(state) or state.blank(k - 1) or state.blank(k + 1):
        return False
    # (a dash alone is a table's empty value, "—" where the agglomeration has none)
    if not any(
        run[:1] in GLYPHS and run.strip() not in _EMPTY_VALUES
        for m in range(i, k)
        for _, run in layout_segments(state.text(m))
    ):
        return False
    nxt = runs(state.text(k + 1))
    return any(abs(s - c) <= DRIFT for s, _ in nxt for c in known) and not is_heading(state.text(k))


def _bands(state: BlockState, idx: list[int], cols: list[int]) -> list[tuple[list[int], bool]]:
    """The table's lines cut at page breaks and at spanning rows (a run alone on its line that
    reaches past the second column: "ENJEU 2 – DES QUARTIERS …"), which stand alone: (lines,
    whether a spanning row)."""
    bands: list[tuple[list[int], bool]] = []
    current: list[int] = []
    for n, k in enumerate(idx):
        apart = (k > 0 and state.blank(k - 1)) or (k + 1 < len(state) and state.blank(k + 1))
        if (
            _spanning(state.text(k), cols, apart)
            and not _wraps_on(state, k, cols)
            and not _under_touching(state, k, cols)
        ):
            bands += [(current, False), ([k], True)] if current else [([k], True)]
            current = []
            continue
        prev = idx[n - 1] if n else k
        if current and (
            any(state.is_furniture(j) for j in range(prev + 1, k))
            or any(state.lines[j].no in state.page_breaks for j in range(prev + 1, k + 1))
        ):
            bands.append((current, False))
            current = []
        current.append(k)
    return [*bands, (current, False)] if current else bands


def _wraps_on(state: BlockState, k: int, cols: list[int]) -> bool:
    """Line k is a row's first line, its cells squeezed together, when the next line goes on
    with that row in its first column and a later one, in lower case ("Renforcer l'animation
    Dynamiser … – Organiser" over "de proximité et la présence    dans les quartiers    avec
    …"); a title over the table is in capitals, or followed by a new row."""
    if k + 1 >= len(state) or not any(ch.islower() for ch in state.text(k)):
        return False
    nxt = runs(state.text(k + 1))
    return len(nxt) >= 2 and abs(nxt[0][0] - cols[0]) <= DRIFT and nxt[0][1][:1].islower()


def _under_touching(state: BlockState, k: int, cols: list[int]) -> bool:
    """Line k, in lower case, goes on with the row just above whose cells touch ("… et 1.
    Organiser …" over "promouvoir l'égalité femme homme femmes du quartier …"): a word opens
    where the row's cell did, at each column it crosses; a title over the table would open
    with a capital."""
    text = state.text(k)
    if k == 0 or state.blank(k - 1) or not text.strip()[:1].islower():
        return False
    above = state.text(k - 1)
    (start, end), *_ = _bounds(text)
    crossed = [c for c in cols[1:] if start + DRIFT < c < end - DRIFT]

    def opens(line: str, c: int) -> list[int]:
        return [
            p
            for p in range(max(1, c - 3 * DRIFT), min(c + DRIFT + 1, len(line)))
            if line[p - 1] == " " and line[p] != " "
        ]

    return bool(crossed) and all(
        _opens_at(above, [c])
        and any(abs(a - b) <= 1 for a in opens(above, c) for b in opens(text, c))
        for c in crossed
    )


# an enjeu's title at the margin: a band across the table, whatever word stands at a column
_ENJEU_BAND = re.compile(
    r"^\s*(?:" + ENJEU_WORDS + r")\s+(?:n\s*°\s*)?(?:\d{1,2}|[IVX]{1,4})\s*[-–—:.]", re.I
)


def _spanning(text: str, cols: list[int], apart: bool = True) -> bool:
    """A run alone on its line across a column start, from the first column or centred (not
    at any column's start, set apart by a blank line), no two spaces near the columns it
    crosses (two cells so close are two cells): a row over the whole table."""
    segs = _bounds(text)
    if len(cols) < 2 or len(segs) != 1:
        return False
    start, end = segs[0]
    if _ENJEU_BAND.match(text) and start <= cols[0] + DRIFT and end > cols[1]:
        return True  # "Enjeu 3 – Des quartiers à l'épreuve …": a title over the table
    crossed = [c for c in cols[1:] if start + DRIFT < c and c + DRIFT < end]
    # centred: at no column's start, before the last column, over half the table's width
    centred = (
        apart
        and all(abs(start - c) > DRIFT for c in cols)
        and start < cols[-1]
        and 2 * (end - start) >= cols[-1] - cols[0]
    )
    placed = start <= cols[0] + DRIFT or centred
    return (
        bool(crossed)
        and placed
        and not any("  " in text[c - DRIFT : c + DRIFT] for c in crossed)
        # a row whose cells touch, from the first column
        and not (abs(start - cols[0]) <= DRIFT and _opens_at(text, crossed))
        # an item opening at a column it crosses: the cell there, whatever the row's start
        and not any(_item_at(text, c, dashes=False) for c in crossed)
        and not any(_dash_action_at(text, start, c) for c in crossed)
    )


def _dash_action_at(text: str, start: int, c: int) -> bool:
    """ "Faciliter l'accès aux soins – Accueillir le bus …": a dash item opening an action
    (a capitalised infinitive) near column start c, after a cell of words; a title's dash
    follows a number ("Orientation 1.1 – Faciliter …", "ENJEU 2 – DES …")."""
    for p in range(max(start + 1, c - 3 * DRIFT), min(c + TOLERANCE + 1, len(text) - 2)):
        if text[p] not in _DASHES or text[p - 1] != " " or text[p + 1] != " ":
            continue
        head = text[start:p]
        if len(head.split()) >= 3 and not re.search(r"\d", head):
            return text[p + 2 : p + 3].isupper() and opens_with_infinitive(text[p + 2 :])
    return False


def _onto(local: list[int], table: list[int]) -> list[int]:
    """A band's columns as the table's: each to the nearest table column, in order."""
    out: list[int] = []
    for c in local:
        i = min(range(len(table)), key=lambda j: abs(table[j] - c))
        out.append(max(i, out[-1] + 1) if out else i)
    return out


def read(
    state: BlockState, collect: Collect
) -> tuple[list[int], list[tuple[int, Furniture]], list[list[Cell]]] | None:
    """The lines of the column layout at the cursor, the furniture inside, and a row of cells
    per line."""
    i = state.pos
    if not starts(state, i):
        return None
    touching = _touching(state, i) or _titles_over(state, i)
    # a table taken up again: its columns are those of the layout above when its own lines do
    # not show the first (the row cut by a page break, without its orientation)
    above = columns(resumed) if (resumed := _resumes(state, i)) else []
    idx, extra = collect(state, _accept(state, i, touching, above))
    if not idx:
        return None
    lines = [runs(state.text(k)) for k in idx]
    whole = columns(lines, head=2) or touching or sorted(s for s, _ in runs(state.text(i)))
    bands = _bands(state, idx, whole)
    local = [columns([runs(state.text(k)) for k in band], head=2) for band, _ in bands]
    # the table's columns: those of its band of most multi-run lines (its body, not a page's
    # leftover lines)
    body = max(
        range(len(bands)),
        key=lambda b: (
            len(local[b]) >= 2,
            sum(len(_bounds(state.text(k))) >= 2 for k in bands[b][0]),
        ),
    )
    ref = local[body] if len(local[body]) >= 2 else whole
    firsts = [r[0][0] for r in lines if r]
    # none of its lines reaches the first column, or too few show its columns (the end of a
    # row cut by a page break): the columns are the layout above's
    few = sum(len(r) >= 2 for r in lines) < 3
    if len(above) > max(len(ref), len(whole)) and (
        few or all(f - above[0] > DRIFT for f in firsts)
    ):
        ref = above
    grid: list[list[Cell]] = []
    for (band, spanning), cols in zip(bands, local, strict=True):
        if spanning:  # one cell
            ((start, text),) = runs(state.text(band[0]))
            grid.append(cells([(0, start, text)], state.lines[band[0]].no))
            continue
        # a band that does not show all the table's columns, or too few lines to show its
        # own (a page's last row under a centred header): the table's, shifted by its drift
        few = sum(len(_bounds(state.text(k))) >= 2 for k in band) < 3
        if len(cols) < len(ref) or (len(cols) > len(ref) and few):
            cols = _like(state, band, ref)
        where = _onto(cols, ref)
        mine = [
            [(where[c], s, t) for c, s, t in pieces(state.text(k), cols, head=n == 0)]
            for n, k in enumerate(band)
        ]
        rows = [cells(line, state.lines[k].no) for line, k in zip(mine, band, strict=True)]
        _mark_hanging_items(mine, rows)  # indents are a page's: its own drift
        grid += rows
    return idx, extra, grid


def _like(state: BlockState, band: list[int], ref: list[int]) -> list[int]:
    """Columns for a band that does not show them all: the table's, shifted by the drift of the
    band's runs that sit near one of them."""
    shifts = [
        s - c for k in band for s, _ in runs(state.text(k)) for c in ref if abs(s - c) <= DRIFT
    ]
    shift = sorted(shifts)[len(shifts) // 2] if shifts else 0
    return [c + shift for c in ref]
