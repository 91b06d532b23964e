"""Controlled vocabularies the converter knows: indicator codes and their labels. Plain data,
shared by the portrait parser (patterns) and the RDF builder (labels)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    pattern: str  # on the folded label
    unit: str
    fr: str
    en: str


INDICATORS: list[IndicatorDef] = [
    IndicatorDef("population", r"^population\b", "inhabitants", "Population", "Population"),
    IndicatorDef("surface_ha", r"^(surface|superficie)\b", "hectare", "Surface", "Area"),
    IndicatorDef(
        "taux_pauvrete", r"^taux de pauvrete\b", "percent", "Taux de pauvreté", "Poverty rate"
    ),
    IndicatorDef(
        "part_moins_25_ans",
        r"^part des (- de|moins de) 25 ans\b",
        "percent",
        "Part des moins de 25 ans",
        "Share of under-25s",
    ),
    IndicatorDef(
        "ips",
        r"^indice de positionnement social\b",
        "index",
        "Indice de positionnement social (IPS) des établissements scolaires",
        "Social position index (IPS) of the schools",
    ),
    IndicatorDef(
        "taux_emploi_15_64",
        r"^taux d'emploi\b",
        "percent",
        "Taux d'emploi des 15-64 ans",
        "Employment rate of 15-64 year-olds",
    ),
    IndicatorDef(
        "part_16_25_neet",
        r"^part des 16.25 ans non scolarises\b",
        "percent",
        "Part des 16-25 ans non scolarisés et sans emploi",
        "Share of 16-25 year-olds neither in education nor employed",
    ),
    IndicatorDef(
        "part_parc_social",
        r"^part du parc social\b",
        "percent",
        "Part du parc social",
        "Share of social housing",
    ),
    IndicatorDef(
        "part_familles_monoparentales",
        r"^part des familles monoparentales\b",
        "percent",
        "Part des familles monoparentales",
        "Share of single-parent families",
    ),
]

# indicators for which a higher value than the agglomeration's is worse
HIGHER_IS_WORSE = {
    "taux_pauvrete",
    "part_16_25_neet",
    "part_familles_monoparentales",
    "part_parc_social",
}
LOWER_IS_WORSE = {"ips", "taux_emploi_15_64"}
