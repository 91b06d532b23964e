"""Rows of a column layout whose cells are centred vertically in their table row.

A word processor centres a short objective in the middle of a tall row: `pdftotext -layout`
then writes the row's first actions *above* the objective, and the orientation (centred over
several rows) somewhere among them. Read top to bottom, the first actions have no objective
yet and the next ones fall to the objective above. When the table shows it (actions that open
before any objective), each action item goes instead to the objective paragraph whose middle is
nearest its own, and each orientation paragraph before the objective nearest it; the cells are
then handed on in that order, each keeping its own line."""

from __future__ import annotations

from dataclasses import dataclass, field

from quartiers.parsers.bullets import bullet_text
from quartiers.parsers.columns import OBJECTIVE, ORIENTATION, Cell


@dataclass
class _Unit:
    """Lines of one column read as one thing: an item, an objective, an orientation."""

    lines: list[int] = field(default_factory=list)

    @property
    def middle(self) -> float:
        return (self.lines[0] + self.lines[-1]) / 2


def _paragraphs(by_line: dict[int, list[Cell]], col: int) -> list[_Unit]:
    """Runs of consecutive lines that hold a cell of the column."""
    out: list[_Unit] = []
    for no in sorted(by_line):
        if not any(c.col == col for c in by_line[no]):
            continue
        if out and out[-1].lines[-1] == no - 1:
            out[-1].lines.append(no)
        else:
            out.append(_Unit([no]))
    return out


def _items(by_line: dict[int, list[Cell]]) -> list[_Unit]:
    """The action column's items: a bulleted line opens one, the lines under it go on with it
    until a blank line or the next bullet."""
    out: list[_Unit] = []
    for no in sorted(by_line):
        acts = [c for c in by_line[no] if c.col > OBJECTIVE]
        if not acts:
            continue
        opens = bullet_text(acts[0].text) is not None
        if out and not opens and out[-1].lines[-1] == no - 1:
            out[-1].lines.append(no)
        else:
            out.append(_Unit([no]))
    return out


def _nearest(unit: _Unit, targets: list[_Unit]) -> int:
    return min(range(len(targets)), key=lambda k: (abs(targets[k].middle - unit.middle), k))


def regroup(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows in reading order: unchanged unless the layout's cells are centred."""
    if not rows or not all(c.wrapped for r in rows for c in r):
        return rows
    by_line: dict[int, list[Cell]] = {}
    for r in rows:
        for c in r:
            by_line.setdefault(c.line, []).append(c)
    objectives = _paragraphs(by_line, OBJECTIVE)
    items = _items(by_line)
    if len(objectives) < 2 or not items:
        return rows
    first = min(no for no, cs in by_line.items() if any(c.col <= OBJECTIVE for c in cs))
    # an action item opening the table on a line of its own, before any orientation or
    # objective: a row whose objective sits lower down. Top-aligned cells open each row with
    # the objective (or its first words, glued to the orientation by pdftotext)
    if not any(
        u.lines[0] < first and bullet_text(by_line[u.lines[0]][0].text) is not None for u in items
    ):
        return rows
    before: dict[int, list[_Unit]] = {}
    after: dict[int, list[_Unit]] = {}
    for o in _paragraphs(by_line, ORIENTATION):
        before.setdefault(_nearest(o, objectives), []).append(o)
    for u in items:
        after.setdefault(_nearest(u, objectives), []).append(u)
    out: list[list[Cell]] = []
    for k, obj in enumerate(objectives):
        for o in before.get(k, []):
            out += [[c for c in by_line[no] if c.col == ORIENTATION] for no in o.lines]
        out += [[c for c in by_line[no] if c.col == OBJECTIVE] for no in obj.lines]
        for u in after.get(k, []):
            out += [[c for c in by_line[no] if c.col > OBJECTIVE] for no in u.lines]
    return [r for r in out if r]
