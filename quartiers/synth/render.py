"""A synthetic convention: what it says (`Spec`), written out as text in the seeds' own layout
(title, table of contents, one "Projet de quartier" per quartier with its portrait, lists and
objectives table, governance, signatures), and what a careful reader takes from it (the
`.expected.json` format of tests/data/conventions), so a conversion can be scored against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_TEXT = {
    "QPV": "Quartier prioritaire de la politique de la ville",
    "QIC": "Quartier d'intérêt communautaire",
}
LIST_TITLES = (
    ("irritants", "Les « irritants » : principales problématiques à traiter sur le quartier"),
    (
        "opportunities",
        "Les « opportunités » : atouts et ressources sur lesquelles on pourra s'appuyer",
    ),
    ("priorities", "Les enjeux prioritaires pour la commune sur le quartier"),
)
OBJECTIVES_TITLE = "Objectifs poursuivis sur le quartier"
HEADER_ROW = (
    "Objectifs de la stratégie intercommunale du Contrat de ville\t\t"
    "Objectifs opérationnels pour le quartier"
)
UL = '<ul style="list-style-type: none"> '
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


@dataclass
class Indicator:
    label: str  # as the seeds write it before the colon
    value: float | int
    unit: str  # inhabitants | hectare | percent | index
    qualifier: str = "exact"  # exact | approx
    agglomeration_value: float | int | None = None


@dataclass
class Row:
    enjeu: int
    orientation: str
    objective: str
    actions: list[str]


@dataclass
class QuartierSpec:
    name: str
    status: str  # QPV | QIC
    code: str | None  # 2024 code (QN…M) of a QPV
    communes: list[str]
    indicators: list[Indicator]
    source: str
    irritants: list[str]
    opportunities: list[str]
    priorities: list[str]
    rows: list[Row]


@dataclass
class Signatory:
    name: str
    role: str


@dataclass
class Spec:
    commune: str
    agglomeration: str
    enjeux: dict[int, str]
    quartiers: list[QuartierSpec]
    place: str
    date: tuple[int, int, int]  # y, m, d
    signatories: list[Signatory]
    governance: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)


def _number(v: float | int) -> str:
    if isinstance(v, int) or float(v).is_integer():
        n = int(v)
        return f"{n:,}".replace(",", " ") if n >= 1000 else str(n)
    return f"{v:.1f}".replace(".", ",")


def _indicator(i: Indicator, agglo: str) -> str:
    if i.unit == "inhabitants":
        approx = "environ " if i.qualifier == "approx" else ""
        return f"Population : {approx}**{_number(i.value)} habitants**."
    if i.unit == "hectare":
        return f"Surface : **{_number(i.value)} hectares**."
    if i.unit == "index":
        return (
            f"{i.label} : **{_number(i.value)}** ({_number(i.agglomeration_value or 0)} sur "
            "l'ensemble des établissements de l'agglomération)."
        )
    tail = (
        f" ({_number(i.agglomeration_value)}% sur l'ensemble de l'agglomération)"
        if i.agglomeration_value is not None
        else ""
    )
    return f"{i.label} : {_number(i.value)} %{tail}."


def _table(q: QuartierSpec, enjeux: dict[int, str]) -> list[str]:
    out: list[str] = [OBJECTIVES_TITLE, ""]
    for n in sorted({r.enjeu for r in q.rows}):
        out += [f"ENJEU {n} : {enjeux[n].upper()}\t\t", HEADER_ROW]
        previous = None
        for r in (r for r in q.rows if r.enjeu == n):
            first = r.orientation if r.orientation != previous else ""
            previous = r.orientation
            cell = (UL + " ".join(f"• {a}" for a in r.actions)) if r.actions else ""
            out.append(f"{first}\t{r.objective}\t{cell}")
        out.append("")
    return out


def _quartier(q: QuartierSpec, spec: Spec) -> list[str]:
    out = [f"Projet de quartier « {q.name} »", "", f"Statut : {STATUS_TEXT[q.status]}", ""]
    if q.code:
        out += [f"Code quartier : {q.code}", ""]
    label = "Communes concernées" if len(q.communes) > 1 else "Commune concernée"
    out += [f"{label} : {', '.join(q.communes)}", "", "Cartographie", "", "(périmètre 2024-2030)"]
    out += ["", "Portrait statistique", "", f"({q.source})", ""]
    for i in q.indicators:
        out += [_indicator(i, spec.agglomeration), ""]
    for key, title in LIST_TITLES:
        out += [title, ""] + [f"- {t}" for t in getattr(q, key)] + [""]
    return out + _table(q, spec.enjeux)


def _toc(spec: Spec) -> list[str]:
    out = ["Sommaire", "", "Préambule\t3"]
    page = 4
    for q in spec.quartiers:
        out += [f"Projet de quartier « {q.name} »\t{page}", f"Cartographie\t{page}"]
        out += [f"Portrait statistique\t{page + 1}"]
        out += [f"{title}\t{page + 1}" for _, title in LIST_TITLES]
        out += [f"{OBJECTIVES_TITLE}\t{page + 2}"]
        page += 6
    out += [
        f"Organisation et pilotage local\t{page}",
        f"Modalités de pilotage communal\t{page}",
        f"Modalités d'animation du partenariat\t{page}",
        f"Les signataires\t{page + 1}",
    ]
    return out


def render(spec: Spec) -> str:
    """The document in the seeds' layout: tab tables, `<ul>` action cells, `**` emphasis."""
    lines = [
        "",
        'Contrat de ville "Engagements Quartiers 2030" :',
        "",
        "Convention d'application communale",
        "",
        f"Commune de {spec.commune}",
        "",
        *_toc(spec),
        "",
        "Préambule",
        "",
        f"Sur le territoire de {spec.agglomeration}, plusieurs quartiers présentent des "
        "fragilités socio-économiques plus élevées que le reste du territoire.",
        "",
        "La présente **Convention d'application communale** du contrat de ville s'applique "
        "uniquement à la commune et vise à présenter de manière précise et spécifique :",
        "",
        "- Les quartiers concernés par la politique de la ville sur la commune",
        "- Les objectifs spécifiques que souhaitent se fixer la commune et ses partenaires",
        "",
    ]
    for q in spec.quartiers:
        lines += _quartier(q, spec)
    lines += ["Organisation et pilotage local", "", "Modalités de pilotage communal", ""]
    for para in spec.governance:
        lines += [para, ""]
    lines += ["Modalités d'animation du partenariat", ""]
    lines += [
        "Les partenaires se réunissent en comité technique pour suivre les actions.",
        "",
        "Les signataires",
        "",
        "Les signataires conviennent de poursuivre et de renforcer leur partenariat "
        "conformément aux principes définis dans la présente convention d'application communale.",
        "",
        f"Fait à {spec.place}",
        "",
        f"Le {spec.date[2]:02d} {MONTHS[spec.date[1] - 1]} {spec.date[0]}",
        "",
        "\t\t",
        " \t".join(f"<p>{s.name}, {s.role}</p>" for s in spec.signatories) + " ",
        "",
    ]
    return "\n".join(lines) + "\n"


def expected(spec: Spec) -> dict[str, Any]:
    """What a careful reader takes from the document (tests/data/conventions format)."""
    return {
        "commune": spec.commune,
        "style": "synthetic (quartiers synth)",
        "quartiers": [
            {
                "name": q.name,
                "status": q.status,
                "code_2024": q.code,
                "code_as_written": q.code,
                "communes": q.communes,
                "indicators": [
                    {
                        "label": i.label,
                        "value": i.value,
                        "unit": i.unit,
                        "agglomeration_value": i.agglomeration_value,
                        "qualifier": i.qualifier,
                    }
                    for i in q.indicators
                ],
                "indicator_source": q.source,
                "irritants": len(q.irritants),
                "opportunities": len(q.opportunities),
                "priorities": len(q.priorities),
                "objectives": [
                    {
                        "enjeu": r.enjeu,
                        "orientation": r.orientation,
                        "objective": r.objective,
                        "actions": r.actions,
                    }
                    for r in q.rows
                ],
            }
            for q in spec.quartiers
        ],
        "signature": {
            "place": spec.place,
            "date": "{:04d}-{:02d}-{:02d}".format(*spec.date),
            "signatories": [{"name": s.name, "role": s.role} for s in spec.signatories],
        },
        "partners": spec.partners,
    }
