"""A synthetic corpus of conventions d'application, seeded and deterministic: invented communes,
quartiers (QPV with 2024 codes, QIC; a few QPV shared by two communes, as Saint-Elie - Fosse 13
is), portraits with varied figures and some indicators missing, subsets of the framework's
objectives with actions recombined from real conventions and partners from the gazetteer,
signatories; each document in one of the layouts of quartiers/synth/layouts.py, some in
Windows-1252. Beside each document, its `.expected.json`: what the converter must read.

Default: the national corpus, about 1,600 quartiers in about 1,000 documents."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quartiers.files import write_atomic
from quartiers.synth import layouts
from quartiers.synth.material import Material, Objective
from quartiers.synth.render import (
    Indicator,
    QuartierSpec,
    Row,
    Signatory,
    Spec,
    expected,
    render,
)
from quartiers.textnorm import slug

NATIONAL_QUARTIERS = 1600
QUARTIERS_PER_DOCUMENT = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3)  # ~1.6 on average, as in France
SHARED_SHARE = 0.05  # QPV that a neighbouring commune's convention describes too
CP1252_SHARE = 0.1
# every layout of quartiers/synth/layouts.py but the column layout: where a long objective
# wraps inside its column the converter still misreads the row, silently (the lead knows);
# a synthetic corpus must read exactly as generated, to measure scale and not accuracy
LAYOUTS = ("plain", *(v for v in layouts.VARIANTS if v != "column layout"))

_ROOTS = [
    "Aubrac",
    "Belcourt",
    "Bervillers",
    "Boisvert",
    "Brémont",
    "Castelnau",
    "Chaumes",
    "Clairval",
    "Courbet",
    "Daubigny",
    "Doriac",
    "Escaut",
    "Fontenay",
    "Framboisier",
    "Gerval",
    "Hautmont",
    "Jarville",
    "Lancry",
    "Lavergne",
    "Malbosc",
    "Marcilly",
    "Mérignac",
    "Montval",
    "Morlanne",
    "Noirval",
    "Orgeval",
    "Pradelles",
    "Quincy",
    "Raucourt",
    "Rochebrune",
    "Saulnier",
    "Tréville",
    "Valmont",
    "Varennes",
    "Vauclair",
    "Verneuil",
    "Villerupt",
    "Vouvray",
    "Wattignies",
    "Ytrac",
]
_BEFORE = ("", "", "", "Saint-", "Sainte-", "Le ", "La ", "Bourg-", "Mont-")
_AFTER = (
    "",
    "",
    "",
    "-sur-Marne",
    "-les-Mines",
    "-en-Bray",
    "-le-Grand",
    "-sur-Lys",
    "-la-Forêt",
    "-lès-Dames",
)
_QUARTIER_FORMS = (
    "Cité {a}",
    "Résidence {a}",
    "{a} - {b}",
    "Quartier {a}",
    "Les {p}",
    "Cité du {n}",
    "{a} Centre",
)
_PLACES = [
    "Acacias",
    "Alouettes",
    "Bleuets",
    "Cerisiers",
    "Chênes",
    "Coquelicots",
    "Écrivains",
    "Fleurs",
    "Glycines",
    "Hirondelles",
    "Lilas",
    "Marronniers",
    "Mimosas",
    "Musiciens",
    "Peupliers",
    "Platanes",
    "Roses",
    "Tilleuls",
]
_NOUNS = [
    "Moulin",
    "Stade",
    "Parc",
    "Château",
    "Canal",
    "Plateau",
    "Coteau",
    "Marais",
    "Bosquet",
    "Vallon",
    "Terril",
]
_GIVEN = [
    "Anne",
    "Bernard",
    "Camille",
    "Claire",
    "Daniel",
    "Émilie",
    "François",
    "Hélène",
    "Jacques",
    "Julien",
    "Karima",
    "Laurent",
    "Louise",
    "Marc",
    "Nadia",
    "Olivier",
    "Pascale",
    "Philippe",
    "Sophie",
    "Thierry",
    "Valérie",
    "Yves",
]
_FAMILY = [
    "LEFEBVRE",
    "MARTIN",
    "DUBOIS",
    "LEROY",
    "MOREAU",
    "GIRARD",
    "ROUSSEL",
    "FONTAINE",
    "MERCIER",
    "BLANCHARD",
    "DELATTRE",
    "CARON",
    "LEMAIRE",
    "DUPONT",
    "HENRY",
    "GARNIER",
    "FAURE",
    "ROBIN",
    "CLÉMENT",
    "BRUNET",
]
_DEPARTMENTS = (
    ("001", "de l'Ain"),
    ("002", "de l'Aisne"),
    ("006", "des Alpes-Maritimes"),
    ("013", "des Bouches-du-Rhône"),
    ("014", "du Calvados"),
    ("021", "de la Côte-d'Or"),
    ("025", "du Doubs"),
    ("030", "du Gard"),
    ("031", "de la Haute-Garonne"),
    ("033", "de la Gironde"),
    ("034", "de l'Hérault"),
    ("035", "d'Ille-et-Vilaine"),
    ("038", "de l'Isère"),
    ("042", "de la Loire"),
    ("044", "de la Loire-Atlantique"),
    ("045", "du Loiret"),
    ("054", "de Meurthe-et-Moselle"),
    ("057", "de la Moselle"),
    ("059", "du Nord"),
    ("060", "de l'Oise"),
    ("062", "du Pas-de-Calais"),
    ("063", "du Puy-de-Dôme"),
    ("067", "du Bas-Rhin"),
    ("068", "du Haut-Rhin"),
    ("069", "du Rhône"),
    ("076", "de la Seine-Maritime"),
    ("080", "de la Somme"),
    ("083", "du Var"),
    ("091", "de l'Essonne"),
    ("093", "de la Seine-Saint-Denis"),
    ("095", "du Val-d'Oise"),
)
_SOURCES = (
    "données sigville 2022 basées sur l'ancien périmètre",
    "données 2024 de la Préfecture, nouveau périmètre",
    "source : INSEE, Filosofi 2021",
)
_FREQUENCY = ("une fois par an", "deux fois par an", "chaque trimestre", "chaque semestre")
PERCENT_INDICATORS = (
    ("Taux de pauvreté", 18.0, 25, 55),
    ("Part des - de 25 ans", 31.0, 28, 45),
    ("Taux d'emploi des 15-64 ans", 58.8, 35, 60),
    ("Part des 16-25 ans non scolarisés et sans emploi", 23.5, 20, 45),
    ("Part du parc social", 25.6, 40, 95),
)
IPS = (
    "Indice de positionnement social (IPS) des établissements scolaires où sont scolarisés "
    "les enfants du quartier"
)


@dataclass
class Document:
    name: str  # file name, convention-<slug>.txt
    spec: Spec
    layout: str
    cp1252: bool

    def text(self) -> str:
        t = render(self.spec)
        return layouts.VARIANTS[self.layout](t) if self.layout != "plain" else t

    def data(self) -> bytes:
        t = self.text()
        return layouts.windows(t) if self.cp1252 else t.encode("utf-8")


class Names:
    """Unique invented names, drawn from the seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng, self.seen = rng, set[str]()

    def unique(self, make: Callable[[], str]) -> str:
        for _ in range(50):
            name = make()
            if name not in self.seen:
                self.seen.add(name)
                return name
        name = f"{make()} {len(self.seen)}"
        self.seen.add(name)
        return name

    def commune(self) -> str:
        r = self.rng
        return self.unique(lambda: r.choice(_BEFORE) + r.choice(_ROOTS) + r.choice(_AFTER))

    def quartier(self) -> str:
        r = self.rng
        return self.unique(
            lambda: r.choice(_QUARTIER_FORMS).format(
                a=r.choice(_PLACES + _NOUNS),
                b=r.choice(_NOUNS),
                p=r.choice(_PLACES),
                n=r.choice(_NOUNS),
            )
        )

    def person(self) -> str:
        return f"{self.rng.choice(_GIVEN)} {self.rng.choice(_FAMILY)}"


MAX_QUARTIERS = 99 * len(_DEPARTMENTS)  # QPV codes: QN + département + 2 digits + M


class Generator:
    def __init__(self, material: Material, seed: int = 2030):
        self.m, self.rng = material, random.Random(seed)
        self.names = Names(self.rng)
        self.codes: set[str] = set()
        self.by_orientation: dict[tuple[int, str], list[Objective]] = {}
        for o in material.objectives:
            self.by_orientation.setdefault((o.enjeu, o.orientation), []).append(o)

    def code(self, dept: str) -> str:
        """A free 2024 code in the département (QN + 3 digits + 2 digits + M), else in the
        next one: 99 quartiers at most per département."""
        depts = [d for d, _ in _DEPARTMENTS]
        start = depts.index(dept) if dept in depts else 0
        for d in depts[start:] + depts[:start]:
            free = [n for n in range(1, 100) if f"QN{d}{n:02d}M" not in self.codes]
            if free:
                c = f"QN{d}{self.rng.choice(free):02d}M"
                self.codes.add(c)
                return c
        raise ValueError("no free QPV code left")

    def indicators(self) -> list[Indicator]:
        r = self.rng
        out = [
            Indicator("Population", r.randrange(900, 12000, 100), "inhabitants", "approx"),
            Indicator("Surface", r.randint(15, 180), "hectare"),
        ]
        for label, agglo, lo, hi in PERCENT_INDICATORS:
            if r.random() < 0.9:
                out.append(Indicator(label, round(r.uniform(lo, hi), 1), "percent", "exact", agglo))
        if r.random() < 0.8:
            out.append(Indicator(IPS, r.randint(70, 100), "index", "exact", 104))
        return out

    def action(self) -> str:
        text = self.rng.choice(self.m.actions)
        if self.rng.random() < 0.25:
            text = f"{text.rstrip('.')} en partenariat avec {self.rng.choice(self.m.partners)}"
        return text

    def rows(self) -> list[Row]:
        r = self.rng
        out: list[Row] = []
        for (enjeu, orientation), objectives in sorted(self.by_orientation.items()):
            if r.random() < 0.25:
                continue  # an orientation the commune does not retain
            for o in objectives:
                if r.random() < 0.3:
                    continue
                n = 0 if r.random() < 0.04 else r.randint(1, 4)
                actions: list[str] = []
                while len(actions) < n:
                    a = self.action()
                    if a not in actions:
                        actions.append(a)
                out.append(Row(enjeu, orientation, o.label, actions))
        return out or [
            Row(o.enjeu, o.orientation, o.label, [self.action()]) for o in self.m.objectives[:1]
        ]

    def quartier(self, commune: str, dept: str) -> QuartierSpec:
        r = self.rng
        qpv = r.random() < 0.75
        pick = lambda pool, k: r.sample(pool, min(len(pool), k))  # noqa: E731
        return QuartierSpec(
            name=self.names.quartier(),
            status="QPV" if qpv else "QIC",
            code=self.code(dept) if qpv else None,
            communes=[commune],
            indicators=self.indicators(),
            source=r.choice(_SOURCES),
            irritants=pick(self.m.irritants, r.randint(3, 8)),
            opportunities=pick(self.m.opportunities, r.randint(2, 6)),
            priorities=pick(self.m.priorities, r.randint(2, 4)),
            rows=self.rows(),
        )

    def documents(self, quartiers: int) -> Iterator[Document]:
        """Documents until `quartiers` distinct quartiers are described."""
        r, made, shared = self.rng, 0, None
        agglo, dept = "", _DEPARTMENTS[0]
        while made < quartiers:
            if r.random() < 0.4 or not agglo:
                agglo = f"la Communauté d'agglomération de {r.choice(_ROOTS)}"
                dept = r.choice(_DEPARTMENTS)
            commune = self.names.commune()
            qs = [self.quartier(commune, dept[0]) for _ in range(r.choice(QUARTIERS_PER_DOCUMENT))]
            qs = qs[: max(1, quartiers - made)]
            made += len(qs)
            if shared is not None:  # the other side of a QPV shared with the last commune
                shared.communes.append(commune)
                qs.insert(0, QuartierSpec(**{**shared.__dict__, "rows": self.rows()}))
                shared = None
            elif qs[0].status == "QPV" and r.random() < SHARED_SHARE * 2:
                shared = qs[0]
            mentioned = {
                p
                for q in qs
                for row in q.rows
                for a in row.actions
                for p in self.m.partners
                if a.endswith(f"avec {p}")
            }
            y, mo, d = 2024, r.randint(3, 12), r.randint(1, 28)
            yield Document(
                f"convention-{slug(commune)}.txt",
                Spec(
                    commune=commune,
                    agglomeration=agglo,
                    enjeux=self.m.enjeux,
                    quartiers=qs,
                    place=commune,
                    date=(y, mo, d),
                    signatories=[
                        Signatory(self.names.person(), f"Maire de {commune}"),
                        Signatory(self.names.person(), f"Président de {agglo[3:]}"),
                        Signatory(self.names.person(), f"Préfet {dept[1]}"),
                    ],
                    governance=[
                        f"Un comité de pilotage se réunit {r.choice(_FREQUENCY)} avec les élus, "
                        "l'État et les partenaires.",
                        f"Un comité technique est organisé {r.choice(_FREQUENCY)}.",
                    ],
                    partners=sorted(mentioned),
                ),
                r.choice(LAYOUTS),
                r.random() < CP1252_SHARE,
            )


def write(docs: Iterator[Document], out: Path, expected_json: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        p = out / doc.name
        write_atomic(p, doc.data())
        if expected_json:
            body = json.dumps(
                {**expected(doc.spec), "layout": doc.layout, "cp1252": doc.cp1252},
                ensure_ascii=False,
                indent=1,
            )
            write_atomic(p.with_suffix(".expected.json"), body + "\n")
        paths.append(p)
    return paths
