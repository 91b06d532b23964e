"""Official identifiers from `data/reference/`: 2024 QPV codes, INSEE commune codes, EPCIs, and
the partner gazetteer. Read once per run; lookups are tolerant of case and accents."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from quartiers.textnorm import fold, place_key

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


@dataclass(frozen=True)
class QPV2024:
    code: str  # QN06216M
    name: str
    communes: tuple[tuple[str, str], ...]  # (insee, name)


@dataclass(frozen=True)
class EPCI:
    siren: str
    name: str
    acronym: str
    aliases: tuple[str, ...]
    contract_title: str


@dataclass(frozen=True)
class PartnerDef:
    id: str
    name: str
    acronym: str
    aliases: tuple[str, ...]
    kind: str
    scope: str = "national"  # national | region | departement | agglomeration | commune

    def patterns(self) -> list[re.Pattern[str]]:
        """Acronyms and one-word names match case-sensitively ("CAF", "Etat"); longer names
        case-insensitively."""
        out: list[re.Pattern[str]] = []
        for term in {self.name, self.acronym, *self.aliases} - {""}:
            flags = 0 if " " not in term else re.I
            out.append(re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", flags))
        return out


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(name))


@dataclass
class Reference:
    qpv: dict[str, QPV2024] = field(default_factory=dict)
    communes: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (insee, name)
    epcis: list[EPCI] = field(default_factory=list)
    partners: list[PartnerDef] = field(default_factory=list)
    _partner_patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    _alternations: list[tuple[re.Pattern[str], dict[str, str]]] | None = None
    _by_id: dict[str, PartnerDef] | None = None

    @classmethod
    def load(cls, directory: Path = DEFAULT_DIR) -> Reference:
        ref = cls()
        qpv_file = directory / "qpv-2024-cabbalr.csv"
        if qpv_file.exists():
            with qpv_file.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    inseee = row["communes_insee"].split("|")
                    names = row["communes"].split("|")
                    q = QPV2024(
                        row["code_qpv_2024"], row["nom"], tuple(zip(inseee, names, strict=True))
                    )
                    ref.qpv[q.code] = q
                    for insee, name in q.communes:
                        ref.communes[_key(name)] = (insee, name)
        epci_file = directory / "epci.csv"
        if epci_file.exists():
            with epci_file.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    ref.epcis.append(
                        EPCI(
                            row["siren"],
                            row["name"],
                            row["acronym"],
                            tuple(a for a in row["aliases"].split("|") if a),
                            row["contract_title"],
                        )
                    )
        partner_file = directory / "partners.csv"
        if partner_file.exists():
            with partner_file.open(encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    p = PartnerDef(
                        row["id"],
                        row["name"],
                        row["acronym"],
                        tuple(a for a in row["aliases"].split("|") if a),
                        row["kind"],
                        row.get("scope") or "national",
                    )
                    ref.partners.append(p)
                    ref._partner_patterns += [(p.id, pat) for pat in p.patterns()]
        return ref

    def commune(self, name: str) -> tuple[str | None, str]:
        """(INSEE code or None, official name) for a commune name as written."""
        hit = self.communes.get(_key(name))
        return (hit[0], hit[1]) if hit else (None, name)

    def qpv_2024(self, code_2015: str | None) -> QPV2024 | None:
        """'QP062016' -> the 2024 QPV with the same département and number (QN06216M)."""
        if not code_2015:
            return None
        if code_2015.startswith("QN") and code_2015 in self.qpv:
            return self.qpv[code_2015]
        m = re.fullmatch(r"QP(\d{3})(\d{3})", code_2015)
        if not m:
            return None
        dept, num = m.groups()
        prefix = f"QN{dept}{num[-2:]}"
        hits = [q for c, q in self.qpv.items() if c.startswith(prefix)]
        return hits[0] if len(hits) == 1 else None

    def qpv_named(self, name: str, insee: str | None) -> QPV2024 | None:
        """The one 2024 QPV of a commune whose name is the one written, articles and generic
        words aside ("Le Regain" / "Quartier Du Regain"): how a reader identifies a QPV whose
        code is missing or mistyped."""
        key = place_key(name)
        if not key or insee is None:
            return None
        hits = [
            q
            for q in self.qpv.values()
            if any(i == insee for i, _ in q.communes) and place_key(q.name) == key
        ]
        return hits[0] if len(hits) == 1 else None

    def epci_in(self, text: str) -> EPCI | None:
        for e in self.epcis:
            for term in (e.acronym, e.name, *e.aliases):
                if term and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
                    return e
        return None

    def _combined(self) -> list[tuple[re.Pattern[str], dict[str, str]]]:
        """Two alternations (names matched with and without case), longest names first: one
        scan of a text instead of one per name."""
        if self._alternations is None:
            groups: dict[bool, dict[str, str]] = {True: {}, False: {}}
            for p in self.partners:
                for term in {p.name, p.acronym, *p.aliases} - {""}:
                    groups[" " in term].setdefault(term, p.id)
                    if " " not in term and term[:1].islower():  # "préfecture", "Préfecture"
                        groups[False].setdefault(term[:1].upper() + term[1:], p.id)
                if re.fullmatch(r"[A-Z]{3,5}", p.acronym):  # "la Caf", as the CAF writes itself
                    groups[False].setdefault(p.acronym.title(), p.id)
            self._alternations = []
            for nocase, terms in groups.items():
                ordered = sorted(terms, key=len, reverse=True)
                body = "|".join(re.escape(t) for t in ordered)
                pat = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.I if nocase else 0)
                key = {t.lower(): pid for t, pid in terms.items()} if nocase else terms
                self._alternations.append((pat, key))
        return self._alternations

    def definition(self, pid: str) -> PartnerDef | None:
        """The gazetteer's entry of that id."""
        if self._by_id is None:
            self._by_id = {p.id: p for p in self.partners}
        return self._by_id.get(pid)

    def partner_mentions(self, text: str) -> list[tuple[str, int, int]]:
        """(id, start, end) of every gazetteer name in the text, the longest at each place."""
        hits: list[tuple[str, int, int]] = []
        for pat, key in self._combined():
            for m in pat.finditer(text):
                pid = key.get(m.group(0)) or key.get(m.group(0).lower())
                if pid:
                    hits.append((pid, m.start(), m.end()))
        hits.sort(key=lambda h: (h[1], -(h[2] - h[1])))
        out: list[tuple[str, int, int]] = []
        for h in hits:
            if not any(o[1] <= h[1] < o[2] or o[1] < h[2] <= o[2] for o in out):
                out.append(h)
        return out

    def partners_in(self, text: str) -> list[str]:
        """Ids of the partners named in the text, in order of first mention."""
        found: dict[str, int] = {}
        for pid, pat in self._partner_patterns:
            m = pat.search(text)
            if m and (pid not in found or m.start() < found[pid]):
                found[pid] = m.start()
        return [pid for pid, _ in sorted(found.items(), key=lambda kv: (kv[1], kv[0]))]
