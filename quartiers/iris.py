"""IRI minting: readable paths under one configurable base, from official codes where they exist,
slugs of names otherwise. Re-converting an unchanged document gives the same IRIs."""

from __future__ import annotations

from dataclasses import dataclass

from quartiers.textnorm import slug

DEFAULT_BASE = "https://w3id.org/quartiers-kg/id/"
ONTOLOGY = "https://w3id.org/quartiers-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/quartiers-kg/ontology"


@dataclass(frozen=True)
class Minter:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def _(self, path: str) -> str:
        return self.base + path

    # reference resources
    def epci(self, siren: str) -> str:
        return self._(f"epci/{siren}")

    def contract(self, siren: str) -> str:
        return self._(f"contrat/{siren}-2024-2030")

    def commune(self, insee: str | None, name: str) -> str:
        return self._(f"commune/{insee}" if insee else f"commune/{slug(name)}")

    def qpv(self, code: str) -> str:
        return self._(f"quartier/{code}")

    def qic(self, commune: str, name: str) -> str:
        return self._(f"quartier/qic-{slug(commune)}-{slug(name)}")

    def partner(self, pid: str) -> str:
        return self._(f"partenaire/{pid}")

    def person(self, name: str) -> str:
        return self._(f"personne/{slug(name)}")

    def indicator(self, code: str) -> str:
        return self._(f"indicateur/{code}")

    def indicator_scheme(self) -> str:
        return self._("indicateurs")

    # framework
    def scheme(self) -> str:
        return self._("cadre")

    def enjeu(self, n: int) -> str:
        return self._(f"cadre/enjeu/{n}")

    def orientation(self, key_slug: str) -> str:
        return self._(f"cadre/orientation/{key_slug}")

    def objective(self, key_slug: str) -> str:
        return self._(f"cadre/objectif/{key_slug}")

    # graphs
    def framework_graph(self) -> str:
        return self._("graphe/cadre")

    def reference_graph(self) -> str:
        return self._("graphe/reference")

    def catalog(self) -> str:
        return self._("catalogue")

    # convention-scoped resources
    def convention(self, commune_insee: str | None, commune: str) -> str:
        return self._(f"convention/{commune_insee or slug(commune)}")

    def source(self, stem: str) -> str:
        return self._(f"source/{slug(stem)}")
