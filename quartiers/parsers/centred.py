"""Rows of a column layout whose cells are centred vertically in their table row.

A word processor centres a short objective in the middle of a tall row: `pdftotext -layout`
then writes the row's first actions *above* the objective, and the orientation (centred over
several rows) somewhere among them. Read top to bottom, the first actions have no objective
yet and the next ones fall to the objective above. When the table shows it (`_centred`: an
action opening before any objective, or above an objective whose own first line opens none),
each action item goes instead to the objective whose lines are nearest its own, and each
orientation before the objective nearest it; the cells are then handed on in that order, each
keeping its own line. Top-aligned tables are left as they are."""

from __future__ import annotations

from dataclasses import dataclass, field

from quartiers.blocks.lists import SUB_GLYPHS
from quartiers.parsers.bullets import bullet_text
from quartiers.parsers.columns import OBJECTIVE, ORIENTATION, Cell
from quartiers.textnorm import starts_lower
from quartiers.wording import cut_mid_phrase


@dataclass
class _Unit:
    """Lines of one column read as one thing: an item, an objective, an orientation."""

    lines: list[int] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return (self.lines[0] + self.lines[-1]) / 2


def _joined(by_line: dict[int, list[Cell]], last: int, no: int) -> bool:
    """Lines `last` and `no` of one cell: every line between them holds text (of other
    columns), none is blank (pdftotext interleaves a centred cell's lines with its row's)."""
    return all(m in by_line for m in range(last + 1, no))


def _paragraphs(by_line: dict[int, list[Cell]], col: int) -> list[_Unit]:
    """A column's cells: runs of lines that hold its text; a line in lower case goes on with
    the cell above over lines of other columns."""
    out: list[_Unit] = []
    last = ""
    for no in sorted(by_line):
        cell = next((c for c in by_line[no] if c.col == col), None)
        if cell is None:
            continue
        # a capital after a finished phrase opens the next cell ("…du territoire" then
        # "Susciter l'initiative citoyenne": two objectives on consecutive lines)
        fresh = not starts_lower(cell.text) and not cut_mid_phrase(last)
        if out and (
            (out[-1].lines[-1] == no - 1 and not fresh)
            or (starts_lower(cell.text) and _joined(by_line, out[-1].lines[-1], no))
        ):
            out[-1].lines.append(no)
        else:
            out.append(_Unit([no]))
        last = cell.text
    return out


def _items(by_line: dict[int, list[Cell]]) -> list[_Unit]:
    """The action column's items: a bulleted line opens one, the lines under it go on with it
    (over lines of other columns) until a blank line or the next bullet of its level."""
    out: list[_Unit] = []
    parent = False  # the last item opened with a first level's bullet
    for no in sorted(by_line):
        acts = [c for c in by_line[no] if c.col > OBJECTIVE]
        if not acts:
            continue
        # a second level's item ("○ ateliers de lecture …") goes on with its parent's
        sub = parent and acts[0].text.lstrip()[:1] in SUB_GLYPHS
        # a line in lower case goes on with the item above even past a page break
        if out and (
            sub
            or (
                not _opens_an_item(by_line, no)
                and (starts_lower(acts[0].text) or _joined(by_line, out[-1].lines[-1], no))
            )
        ):
            out[-1].lines.append(no)
        else:
            out.append(_Unit([no]))
            parent = _opens_an_item(by_line, no)
    return out


def _nearest(unit: _Unit, targets: list[_Unit], by_line: dict[int, list[Cell]]) -> int:
    """The target whose lines are nearest the unit's (a tall objective, its lines spread among
    its row's, is near all of them), the nearer middle if two are as near; first of all one
    in the same run of lines (pdftotext sets a blank line between a table's rows)."""

    def gap(t: _Unit) -> int:
        return max(0, t.lines[0] - unit.lines[-1], unit.lines[0] - t.lines[-1])

    def apart(t: _Unit) -> bool:
        first, last = sorted((min(t.lines[-1], unit.lines[-1]), max(t.lines[0], unit.lines[0])))
        return not _joined(by_line, first, last)

    return min(
        range(len(targets)),
        key=lambda k: (apart(targets[k]), gap(targets[k]), abs(targets[k].middle - unit.middle), k),
    )


def _opens_an_item(by_line: dict[int, list[Cell]], no: int) -> bool:
    acts = [c for c in by_line.get(no, []) if c.col > OBJECTIVE]
    return bool(acts) and bullet_text(acts[0].text) is not None


def _centred(by_line: dict[int, list[Cell]], objectives: list[_Unit], items: list[_Unit]) -> bool:
    """Whether the objectives sit in the middle of their rows. Top-aligned cells open each row
    on one line: the objective's first line opens an action item too (or the row has none).
    Centred, a row's first action opens above its objective, on a line without objective
    text, and more follow beside it; at the table's top, on a line of its own (the orientation
    of a top-aligned first row, with the objective's first words glued to it, fills that line)."""
    starts = {u.lines[0] for u in items}
    first = min(no for no, cs in by_line.items() if any(c.col <= OBJECTIVE for c in cs))
    if any(s < first and _opens_an_item(by_line, s) for s in starts):
        return True
    for prev, obj, nxt in zip(
        objectives[:-1], objectives[1:], [*objectives[2:], None], strict=True
    ):
        top, end = obj.lines[0], nxt.lines[0] if nxt else max(by_line) + 1
        above = [
            s
            for s in starts
            if prev.lines[-1] < s < top
            and _opens_an_item(by_line, s)
            and not any(c.col == OBJECTIVE for c in by_line[s])
        ]
        beside = [s for s in starts if top < s < end]
        if top not in starts and above and beside:
            return True
    return False


def regroup(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows in reading order: unchanged unless the layout's cells are centred."""
    cells = [c for r in rows for c in r]
    if not cells or 5 * sum(not c.wrapped for c in cells) > len(cells):
        return rows  # a column layout's (a line of it pdftotext set apart may come as text)
    by_line: dict[int, list[Cell]] = {}
    for c in cells:
        by_line.setdefault(c.line, []).append(c)
    objectives = _paragraphs(by_line, OBJECTIVE)
    items = _items(by_line)
    if len(objectives) < 2 or not items or not _centred(by_line, objectives, items):
        return rows
    before: dict[int, list[_Unit]] = {}
    for o in _paragraphs(by_line, ORIENTATION):
        before.setdefault(_nearest(o, objectives, by_line), []).append(o)
    after: dict[int, list[_Unit]] = {}
    for u in items:
        after.setdefault(_nearest(u, objectives, by_line), []).append(u)
    out: list[list[Cell]] = []
    for k, obj in enumerate(objectives):
        for o in before.get(k, []):
            out += [[c for c in by_line[no] if c.col == ORIENTATION] for no in o.lines]
        out += [[c for c in by_line[no] if c.col == OBJECTIVE] for no in obj.lines]
        for u in after.get(k, []):
            out += [[c for c in by_line[no] if c.col > OBJECTIVE] for no in u.lines]
    return [r for r in out if r]
