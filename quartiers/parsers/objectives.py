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
from dataclasses import dataclass, field

from quartiers.framework import SAME_CONCEPT, Candidate, Framework, infinitive_split
from quartiers.ledger import Ledger
from quartiers.model import Action, LineUse, ObjectiveRow, QualityNote, Span
from quartiers.parsers.bullets import split_inline
from quartiers.quality import damage
from quartiers.reader import Line
from quartiers.textnorm import clean, continues, fold, match_key, starts_lower

_ENJEU = re.compile(r"^\s*enjeu\s*(?P<n>\d)\s*:?\s*(?P<title>.*)$")
_SEPARATOR = re.compile(r"^[\s\-|:=_]+$")


@dataclass
class Cell:
    col: int
    text: str
    line: int


@dataclass
class Segment:
    enjeu: int
    title: str
    rows: list[list[Cell]] = field(default_factory=list)


def is_enjeu_header(text: str) -> bool:
    return bool(_ENJEU.match(fold(clean(text.replace("\t", " ")))))


def _cells(line: Line) -> list[Cell]:
    raw = line.text.split("\t")
    while raw and not raw[-1].strip():
        raw.pop()
    return [Cell(i, t.strip(), line.no) for i, t in enumerate(raw) if t.strip()]


def read_table(lines: list[Line], ledger: Ledger) -> list[Segment]:
    segments: list[Segment] = []
    for line in lines:
        if line.blank:
            continue
        text = clean(line.text.replace("\t", " "))
        f = fold(text)
        m = _ENJEU.match(f)
        if m:
            title = re.sub(r"^\s*enjeu\s*\d\s*:?\s*", "", text, flags=re.I).strip()
            segments.append(Segment(int(m.group("n")), title))
            ledger.mark(line.no, LineUse.REPRESENTED, "enjeu header")
        elif "objectifs operationnels" in f or "objectifs de la strategie" in f:
            ledger.mark(line.no, LineUse.IGNORED, "table column header")
        elif _SEPARATOR.match(line.text):
            ledger.mark(line.no, LineUse.IGNORED, "table separator")
        elif not segments:
            continue  # prose before the first enjeu: left to the caller
        else:
            cells = _cells(line)
            if cells:
                segments[-1].rows.append(cells)
    return segments


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
    fragments: list[tuple[str, int]] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)

    def touch(self, line: int, *, objective: bool = True) -> None:
        """Extend the row to this line; `objective` lines carry the objective's own text (action
        lines are accounted for by the actions they yield)."""
        self.first, self.last = min(self.first, line), max(self.last, line)
        if objective:
            self.lines.add(line)


def _looks_like_list(text: str) -> bool:
    return bool(re.search(r"<(ul|li|p)\b|[•·→]", text))


@dataclass
class _LineState:
    """What the cells already read on one physical line have established."""

    cells: list[Cell]
    opened_orientation: bool = False
    had_objective: bool = False
    objective_col: int | None = None


class _Resolver:
    def __init__(self, fw: Framework, ledger: Ledger):
        self.fw = fw
        self.ledger = ledger
        self.rows: list[_Row] = []
        self.seg = Segment(0, "")
        self.orientation = ""
        self.row: _Row | None = None

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
        if row is None:
            return False
        before = self._obj_score(row.objective)
        after = self._obj_score(row.objective + " " + text)
        return after >= SAME_CONCEPT and after > before

    def _new_row(self, seg: Segment, orientation: str, objective: str, line: int) -> _Row:
        row = _Row(seg.enjeu, seg.title, orientation, objective, line, line)
        row.lines.add(line)
        self.rows.append(row)
        return row

    def segment(self, seg: Segment) -> None:
        """Each cell goes to the rule of its column; a cell found to be an objective in the
        first column makes the cells after it actions (the row was shifted left)."""
        self.seg, self.orientation, self.row = seg, "", None
        for cells in seg.rows:
            line = _LineState(cells)
            for cell in cells:
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

    def _first_column(self, cell: Cell, line: _LineState) -> None:
        """An orientation, its wrapped continuation, or an objective shifted left."""
        text = cell.text
        if self._noise(cell):
            return
        if starts_lower(text) and (self.orientation or self.row):
            if self._extends_objective(self.row, text):
                self._extend(self.row, text, cell.line)
            else:
                self.orientation = clean(self.orientation + " " + text)
                self.ledger.mark(cell.line, LineUse.REPRESENTED, "orientation")
            return
        sb, so = self._obj_score(text), self._or_score(text)
        if sb >= SAME_CONCEPT and sb > so:
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
        self.orientation = clean(text)
        line.opened_orientation = True
        self.ledger.mark(cell.line, LineUse.REPRESENTED, "orientation")

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
        row.objective = clean(row.objective + " " + text)
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
        row.fragments.append((cell.text, cell.line))
        row.touch(cell.line, objective=False)


@dataclass
class _Item:
    text: str
    span: Span
    bulleted: bool
    damage: str | None = None


def _proto_actions(fragments: list[tuple[str, int]]) -> list[_Item]:
    """Join cell fragments into items. A fragment starting in lower case continues the item
    above (a row cut by a page break); damage found in any piece taints the whole item, since a
    continuation of damaged text has lost its beginning."""
    items: list[_Item] = []
    for text, line in fragments:
        for i, piece in enumerate(split_inline(text)):
            body = clean(piece)
            if not body:
                continue
            hurt = damage(body)
            if i == 0 and items and continues(body):
                prev = items[-1]
                prev.text = clean(prev.text + " " + body)
                prev.span = prev.span.union(Span(line, line))
                prev.damage = prev.damage or hurt
            else:
                items.append(_Item(body, Span(line, line), i > 0, hurt))
    return items


def build_actions(fragments: list[tuple[str, int]], ledger: Ledger) -> list[Action]:
    actions: list[Action] = []
    for item in _proto_actions(fragments):
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
        parts = [text] if item.bulleted else infinitive_split(text)
        if len(parts) > 1:
            ledger.note(
                QualityNote(
                    "inferred_split",
                    f"no bullets: split into {len(parts)} "
                    "actions where a sentence starts with an infinitive",
                    span,
                    text,
                    "info",
                )
            )
        for p in parts:
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
                " ".join(t for t, _ in raw.fragments),
            )
        )
        for a in actions:
            ledger.mark(a.span, LineUse.REPRESENTED, "action")
        for no in sorted(raw.lines):
            ledger.mark(no, LineUse.REPRESENTED, "objective row")
    return rows
