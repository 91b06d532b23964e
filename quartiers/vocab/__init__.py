"""Controlled vocabularies the converter knows, kept as data files beside this module:
section kinds (`sections.toml`) and indicators (`indicators.toml`). Shared by the parsers
(patterns) and the RDF builder (labels)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    unit: str
    fr: str
    en: str
    labels: tuple[re.Pattern[str], ...]  # on the folded label
    prose: tuple[re.Pattern[str], ...]  # inside a folded sentence
    direction: str | None = None  # higher_is_worse | lower_is_worse


def _load_indicators() -> list[IndicatorDef]:
    data = tomllib.loads((HERE / "indicators.toml").read_text(encoding="utf-8"))
    return [
        IndicatorDef(
            d["code"],
            d["unit"],
            d["fr"],
            d["en"],
            tuple(re.compile(p) for p in d["labels"]),
            tuple(re.compile(p) for p in d.get("prose", [])),
            d.get("direction"),
        )
        for d in data["indicator"]
    ]


INDICATORS: list[IndicatorDef] = _load_indicators()
HIGHER_IS_WORSE = {d.code for d in INDICATORS if d.direction == "higher_is_worse"}
LOWER_IS_WORSE = {d.code for d in INDICATORS if d.direction == "lower_is_worse"}
