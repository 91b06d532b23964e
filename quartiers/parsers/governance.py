"""Governance: comité de pilotage, comité technique, comité de suivi, working groups, their
frequency and members, from free prose and member lists."""

from __future__ import annotations

import re

from quartiers.document import Block
from quartiers.ledger import Ledger
from quartiers.model import GovernanceBody, LineUse, TextItem
from quartiers.parsers.units import join_units, units
from quartiers.textnorm import clean, fold

BODIES: list[tuple[str, str, str]] = [
    ("comite_pilotage", r"comites? de pilotage", "Comité de pilotage"),
    ("comite_technique", r"comites? techniques?", "Comité technique"),
    ("comite_suivi", r"comites? de suivi", "Comité de suivi"),
    ("groupe_travail", r"groupes? de travail", "Groupe de travail"),
]
_FREQUENCY = re.compile(
    r"(une fois par (an|mois|semaine|trimestre)|chaque (annee|mois de \w+|mois|trimestre|semaine|"
    r"action que [^.,;]+)|(environ )?tous les \d+( a \d+)? (mois|semaines|ans)|"
    r"pour chaque action que [^.,;]+|(deux|trois|\d+) fois par an|annuel(le)?ment|"
    r"semestriel(le)?|trimestriel(le)?)"
)


def _frequency(sentence: str) -> str | None:
    f = fold(sentence)
    m = _FREQUENCY.search(f)
    if not m:
        return None
    # quote the original characters (accents) at the folded match position
    return clean(sentence)[m.start() : m.end()]


def parse_governance(
    blocks: list[Block], section: str, ledger: Ledger, bodies: dict[str, GovernanceBody]
) -> list[TextItem]:
    """Paragraphs are kept as passages; bodies named in them are created or completed; a list
    after a line announcing a composition ("sera composé :") gives that body's members."""
    passages: list[TextItem] = []
    current_members_of: GovernanceBody | None = None
    for u in join_units(units(blocks)):
        span = u.span
        if u.kind == "item" and current_members_of is not None:
            current_members_of.members.append(
                TextItem(u.text, span, len(current_members_of.members) + 1, "member")
            )
            current_members_of.span = current_members_of.span.union(span)
            ledger.mark(span, LineUse.REPRESENTED, "governance member")
            continue
        text = u.text
        if not text:
            continue
        passages.append(TextItem(text, span, len(passages) + 1, section))
        ledger.mark(span, LineUse.REPRESENTED, "governance passage")
        f = fold(text)
        current_members_of = None
        for kind, pattern, label in BODIES:
            if re.search(pattern, f) and not re.search(r"leurs propres " + pattern, f):
                body = bodies.get(kind)
                if body is None:
                    body = bodies[kind] = GovernanceBody(kind, label, span)
                body.span = body.span.union(span)
                freq = _frequency(text)
                if freq and body.frequency is None:
                    body.frequency = freq
                if re.search(
                    r"compose|composition|reunira|membres|associe", f
                ) and text.rstrip().endswith(":"):
                    current_members_of = body
    return passages
