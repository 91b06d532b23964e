"""Typed model of a convention d'application communale: what the parsers produce and
`to_rdf` renders. No text parsing and no RDF here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from quartiers.span import Span


class LineUse(StrEnum):
    """What became of a source line; every non-blank line gets one."""

    REPRESENTED = "represented"
    TEXT = "kept_as_text"
    IGNORED = "ignored"
    NOT_UNDERSTOOD = "not_understood"


@dataclass
class QualityNote:
    """A data-quality finding: kept in the report and, as dqv:QualityAnnotation, in the graph."""

    kind: str  # garbled, ocr_noise, merged_cell, misaligned_row, inferred_split, fuzzy_match, ...
    message: str
    span: Span
    text: str = ""
    severity: str = "warning"  # warning | info


# the section kinds of the convention's governance (its bodies, their members, how the
# partners and the inhabitants take part): read by the governance parser, and whose passages
# name partners
GOVERNANCE_PARTS = frozenset({"organisation", "pilotage", "partenariat", "citoyenne", "evaluation"})


@dataclass
class TextItem:
    """A bullet or paragraph kept as text: irritant, opportunity, priority, passage."""

    text: str
    span: Span
    position: int
    section: str = ""


@dataclass
class Indicator:
    code: str
    label: str
    value: Decimal
    unit: str  # inhabitants | hectare | percent | per_mille | euro | index | number
    qualifier: str  # exact | approx | more_than | less_than
    span: Span
    agglomeration_value: Decimal | None = None
    note: str | None = None
    known: bool = True
    value_text: str = ""


@dataclass
class Portrait:
    indicators: list[Indicator] = field(default_factory=list)
    source: str | None = None
    year: int | None = None
    span: Span | None = None


@dataclass
class Action:
    text: str
    span: Span
    position: int
    inferred_boundary: bool = False
    partners: list[str] = field(default_factory=list)
    schedule: str | None = None  # "2025", "2024-2026", "chaque année", as written after it
    priority: int | None = None  # "(priorité 1)"
    progress: str | None = None  # "en cours", "réalisé", as written after it


@dataclass
class ObjectiveRow:
    """A row of the table "Objectifs poursuivis sur le quartier" as laid out in the document."""

    enjeu: int
    enjeu_title: str
    orientation_text: str
    objective_text: str
    actions: list[Action]
    span: Span
    actions_text: str = ""
    details: list[TextItem] = field(default_factory=list)  # "Pilote : …" under its actions


@dataclass
class RetainedObjective:
    """A framework objective the convention retains for a quartier, with its actions."""

    objective_key: str
    objective_text: str  # as written in this document
    actions: list[Action]
    span: Span
    score: float = 100.0


@dataclass
class Quartier:
    name: str
    span: Span
    status: str | None = None  # QPV | QIC
    status_text: str | None = None
    code_as_written: str | None = None
    code: str | None = None  # normalised 2015-format, e.g. QP062016
    communes: list[str] = field(default_factory=list)
    portrait: Portrait = field(default_factory=Portrait)
    irritants: list[TextItem] = field(default_factory=list)
    opportunities: list[TextItem] = field(default_factory=list)
    priorities: list[TextItem] = field(default_factory=list)
    passages: list[TextItem] = field(default_factory=list)
    rows: list[ObjectiveRow] = field(default_factory=list)
    retained: list[RetainedObjective] = field(default_factory=list)
    header_span: Span | None = None


@dataclass
class GovernanceBody:
    kind: str  # comite_pilotage | comite_technique | comite_suivi | groupe_travail
    label: str
    span: Span
    frequency: str | None = None
    members: list[TextItem] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)


@dataclass
class Partner:
    """An organisation the convention names: resolved to the gazetteer, or read in the text
    and kept for review."""

    id: str
    name: str
    acronym: str
    kind: str
    scope: str  # national | region | departement | agglomeration | commune | local
    resolved: bool
    span: Span  # first mention
    forms: set[str] = field(default_factory=set)  # as written
    definition: str | None = None  # the gazetteer entry (a kind, for a commune's own body)
    actions: int = 0
    # the commune whose own body this is (its municipality, its CCAS): (INSEE code, name)
    commune: tuple[str | None, str] | None = None


@dataclass
class Signatory:
    name: str
    role: str
    role_kind: str  # maire | president_epci | prefet | autre
    span: Span


@dataclass
class Signature:
    place: str | None
    date: date | None
    date_text: str | None
    signatories: list[Signatory]
    span: Span


@dataclass
class Section:
    kind: str
    title: str
    span: Span


@dataclass
class Convention:
    source: str  # file name
    sha256: str
    encoding: str
    line_count: int
    commune: str
    contract_title: str | None
    title_span: Span
    sections: list[Section] = field(default_factory=list)
    passages: list[TextItem] = field(default_factory=list)
    quartiers: list[Quartier] = field(default_factory=list)
    governance: list[GovernanceBody] = field(default_factory=list)
    signature: Signature | None = None
    epci: str | None = None  # SIREN of the EPCI the document names
    partners: list[Partner] = field(default_factory=list)
    notes: list[QualityNote] = field(default_factory=list)
    line_use: dict[int, tuple[LineUse, str]] = field(default_factory=dict)
