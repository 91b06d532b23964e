"""Scores a conversion against a careful human reading of the same document (its
`.expected.json`, written by someone who had not seen the converter).

Used by the tests (the goals of the generalisation issue) and by `bench/accuracy.py` (the
table). Matching is tolerant where a reader would be: case, accents, punctuation and spacing
never count; an action matches when its words agree at 90 % (rapidfuzz).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from quartiers.convert import Result
from quartiers.framework import SAME_CONCEPT, Framework
from quartiers.model import Convention, LineUse, Quartier
from quartiers.reference import Reference
from quartiers.source import split_lines
from quartiers.textnorm import fold

ACTION_MATCH = 90.0


def norm(text: str) -> str:
    t = fold(text).replace("&amp;", "&")
    t = re.sub(r"[^a-z0-9&]+", " ", t)
    return " ".join(t.split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.extras += other.extras

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match_lists(expected: list[str], got: list[str], threshold: float) -> Score:
    s = Score()
    left = [norm(g) for g in got]
    used: set[int] = set()
    for e in expected:
        ne = norm(e)
        best, idx = 0.0, -1
        for i, g in enumerate(left):
            if i in used:
                continue
            r = fuzz.ratio(ne, g)
            if r > best:
                best, idx = r, i
        if best >= threshold:
            used.add(idx)
            s.tp += 1
        else:
            s.fn += 1
            s.misses.append(e)
    s.fp = len(left) - len(used)
    s.extras = [got[i] for i in range(len(got)) if i not in used]
    return s


def _quartier(conv: Convention, name: str, code: str | None, ref: Reference) -> Quartier | None:
    """The quartier read for an expected one: by name, or by its official code (a QPV is its
    code: "Rimbert (cité Rimbert)" is "Quartier Rimbert" when both are QN06206M)."""
    best, hit = 0.0, None
    for q in conv.quartiers:
        r = fuzz.token_set_ratio(norm(q.name), norm(name))
        if r > best:
            best, hit = r, q
    if best >= 80 or code is None:
        return hit if best >= 80 else None
    for q in conv.quartiers:
        official = ref.qpv_2024(q.code) if q.code else None
        if official is not None and official.code == code:
            return q
    return None


@dataclass
class Report:
    name: str
    quartiers: Score = field(default_factory=Score)
    codes: Score = field(default_factory=Score)
    rows: Score = field(default_factory=Score)
    actions: Score = field(default_factory=Score)
    indicators: Score = field(default_factory=Score)
    signatories: Score = field(default_factory=Score)
    partners: Score = field(default_factory=Score)
    signature: Score = field(default_factory=Score)
    unreported: list[str] = field(default_factory=list)
    lost_lines: int = 0

    def add(self, other: Report) -> None:
        """Sum another document's scores into this one (a set's total)."""
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, Score):
                mine.add(getattr(other, f.name))
        self.unreported += other.unreported
        self.lost_lines += other.lost_lines


def _lines_of(source: list[str], text: str) -> set[int]:
    """Source lines where a text (or its first words) appears."""
    words = norm(text).split()[:6]
    probe = " ".join(words)
    out = set()
    for i, line in enumerate(source, 1):
        if probe and probe in norm(line):
            out.add(i)
    return out


@dataclass
class Reading:
    """A document and its model, as `Converter.model_of` reads it (a `Result` has both too)."""

    source: Path
    convention: Convention


def score(
    result: Result | Reading, expected: dict[str, Any], fw: Framework, ref: Reference
) -> Report:
    conv = result.convention
    rep = Report(result.source.name)
    # numbered as the converter numbers them: a form feed (pdftotext's page break, glued to
    # the next page's first line) is no line break there, as it is for str.splitlines
    text = result.source.read_bytes().decode(conv.encoding.replace("-sig", ""))
    source = [ln.text for ln in split_lines(text)[0]]
    reported = {no for n in conv.notes if n.severity == "warning" for no in n.span.lines()} | {
        no for no, (use, _) in conv.line_use.items() if use == LineUse.NOT_UNDERSTOOD
    }
    for eq in expected["quartiers"]:
        q = _quartier(conv, eq["name"], eq.get("code_2024"), ref)
        if q is None:
            rep.quartiers.fn += 1
            rep.quartiers.misses.append(eq["name"])
            rep.rows.fn += len(eq["objectives"])
            rep.actions.fn += sum(len(o["actions"]) for o in eq["objectives"])
            continue
        rep.quartiers.tp += 1
        want = eq.get("code_2024")
        official = ref.qpv_2024(q.code) if q.code else None
        got = official.code if official else q.code
        if want == got and (eq["status"] == q.status):
            rep.codes.tp += 1
        else:
            rep.codes.fn += 1
            rep.codes.misses.append(f"{eq['name']}: {eq['status']} {want} != {q.status} {got}")
        # objective rows, by framework concept
        by_key = {r.objective_key: r for r in q.retained}
        seen: set[str] = set()
        for eo in eq["objectives"]:
            m = fw.match_objective(eo["objective"])
            key = m.key if m.key is not None and m.score >= SAME_CONCEPT else None
            r = by_key.get(key) if key else None
            if r is None:  # a local concept: matched by text
                r = next(
                    (
                        x
                        for x in q.retained
                        if fuzz.ratio(norm(x.objective_text), norm(eo["objective"])) >= 90
                    ),
                    None,
                )
            if r is None:
                rep.rows.fn += 1
                rep.rows.misses.append(f"{q.name}: {eo['objective']}")
                rep.actions.fn += len(eo["actions"])
                rep.actions.misses += [f"{q.name}: {a}" for a in eo["actions"]]
                for a in eo["actions"][:1] or [eo["objective"]]:
                    if not (_lines_of(source, a) & reported):
                        rep.unreported.append(f"row {q.name}: {eo['objective'][:60]}")
                continue
            if r.objective_key in seen:
                continue
            seen.add(r.objective_key)
            rep.rows.tp += 1
            same = [o for o in eq["objectives"] if o is eo]
            acts = _match_lists(
                [a for o in same for a in o["actions"]], [a.text for a in r.actions], ACTION_MATCH
            )
            rep.actions.add(acts)
            for a in acts.misses:
                if not (_lines_of(source, a) & reported):
                    rep.unreported.append(f"action {q.name}: {a[:60]}")
        extra_rows = [r for r in q.retained if r.objective_key not in seen]
        rep.rows.fp += len(extra_rows)
        rep.rows.extras += [f"{q.name}: {r.objective_text}" for r in extra_rows]
        rep.actions.fp += sum(len(r.actions) for r in extra_rows)
        # indicators: by value, then by label or code
        got_ind = list(q.portrait.indicators)
        for ei in eq.get("indicators", []):
            hit = next(
                (
                    i
                    for i in got_ind
                    if i.value == Decimal(str(ei["value"]))
                    and (
                        ei.get("agglomeration_value") is None
                        or i.agglomeration_value == Decimal(str(ei["agglomeration_value"]))
                    )
                ),
                None,
            )
            if hit is None:
                rep.indicators.fn += 1
                rep.indicators.misses.append(
                    f"{q.name}: {ei['label']} {ei['value']} ({ei.get('agglomeration_value')})"
                )
            else:
                got_ind.remove(hit)
                rep.indicators.tp += 1
        rep.indicators.fp += len(got_ind)
        rep.indicators.extras += [f"{q.name}: {i.label} {i.value}" for i in got_ind]
    rep.quartiers.fp = max(0, len(conv.quartiers) - rep.quartiers.tp)
    es = expected.get("signature") or {}
    s = conv.signature
    names = [x.name for x in s.signatories] if s else []
    rep.signatories = _match_lists([x["name"] for x in es.get("signatories", [])], names, 90)
    for key, got_v in (
        ("place", s.place if s else None),
        ("date", s.date.isoformat() if s and s.date else None),
    ):
        if es.get(key) is None:
            continue
        if got_v is not None and norm(str(got_v)) == norm(str(es[key])):
            rep.signature.tp += 1
        else:
            rep.signature.fn += 1
            rep.signature.misses.append(f"{key}: {es[key]} != {got_v}")
    found = _partner_names(result, ref)
    for p in expected.get("partners", []):
        if any(_same_partner(p, f) for f in found):
            rep.partners.tp += 1
        else:
            rep.partners.fn += 1
            rep.partners.misses.append(p)
    return rep


def _partner_names(result: Result | Reading, ref: Reference) -> list[str]:
    conv = result.convention
    names: list[str] = []
    for p in conv.partners:
        names += [p.name, *p.forms] + ([p.acronym] if p.acronym else [])
    return names


def _same_partner(expected: str, found: str) -> bool:
    a, b = norm(expected), norm(found)
    if not a or not b:
        return False
    return a == b or fuzz.ratio(a, b) >= 88 or (len(b) >= 4 and (a in b or b in a))


def documents(directory: Path) -> list[Path]:
    """The conventions of a folder, text or HTML, each beside its `.expected.json`."""
    return sorted(p for p in directory.iterdir() if p.suffix in {".txt", ".html", ".htm"})


def load_expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def rejected(name: str, expected: dict[str, Any]) -> Report:
    """A document the converter refused: everything expected is missed (and the refusal,
    one line naming the file, is the report)."""
    rep = Report(name)
    qs = expected["quartiers"]
    rep.quartiers.fn = rep.codes.fn = len(qs)
    rep.rows.fn = sum(len(q["objectives"]) for q in qs)
    rep.actions.fn = sum(len(o["actions"]) for q in qs for o in q["objectives"])
    rep.indicators.fn = sum(len(q.get("indicators", [])) for q in qs)
    rep.signatories.fn = len((expected.get("signature") or {}).get("signatories", []))
    rep.signature.fn = 2
    rep.partners.fn = len(expected.get("partners", []))
    return rep
