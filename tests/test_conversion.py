"""The two real conventions, converted and checked against what a careful reader finds in them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quartiers.model import LineUse, Quartier
from tests.conftest import ROOT, Built


def retained(q: Quartier, label_start: str):  # type: ignore[no-untyped-def]
    hits = [r for r in q.retained if r.objective_text.startswith(label_start)]
    assert len(hits) == 1, f"{label_start!r}: {[r.objective_text for r in q.retained]}"
    return hits[0]


def indicators(q: Quartier) -> dict[str, tuple[Decimal, str, Decimal | None]]:
    return {i.code: (i.value, i.qualifier, i.agglomeration_value) for i in q.portrait.indicators}


# ---------------------------------------------------------------- Haisnes


def test_haisnes_convention_and_quartier(built: Built) -> None:
    c = built.convention("Haisnes")
    assert c.contract_title == 'Contrat de ville "Engagements Quartiers 2030"'
    assert [q.name for q in c.quartiers] == ["Saint-Elie - Fosse 13"]
    q = c.quartiers[0]
    assert (q.status, q.code_as_written, q.code) == ("QPV", "QP 06 20 16", "QP062016")
    assert q.communes == ["Douvrin", "Haisnes", "Hulluch"]
    assert c.epci == "200072460"


def test_haisnes_portrait(built: Built) -> None:
    q = built.quartier("Saint-Elie - Fosse 13")
    assert indicators(q) == {
        "population": (Decimal("1600"), "approx", None),
        "surface_ha": (Decimal("41"), "exact", None),
        "taux_pauvrete": (Decimal("32.8"), "exact", Decimal("18.8")),
        "part_moins_25_ans": (Decimal("39.2"), "exact", Decimal("31")),
        "ips": (Decimal("79"), "exact", Decimal("104")),
        "taux_emploi_15_64": (Decimal("47.3"), "exact", Decimal("58.8")),
        "part_16_25_neet": (Decimal("32.6"), "exact", Decimal("23.5")),
        "part_parc_social": (Decimal("76.8"), "exact", Decimal("25.6")),
    }
    pop = next(i for i in q.portrait.indicators if i.code == "population")
    assert pop.note == "+100 par rapport à 2015"
    assert q.portrait.source == "données sigville 2022 basées sur l'ancien périmètre"
    assert q.portrait.year == 2022
    ips = next(i for i in q.portrait.indicators if i.code == "ips")
    assert (ips.span.first, ips.span.last) == (72, 74)  # wrapped over a blank line


def test_haisnes_lists(built: Built) -> None:
    q = built.quartier("Saint-Elie - Fosse 13")
    assert len(q.irritants) == 14
    assert (
        q.irritants[0].text
        == "Taux de chômage élevé, particulièrement chez les jeunes et les femmes"
    )
    assert len(q.opportunities) == 19  # two lists separated by a blank line
    assert len(q.priorities) == 5
    # a line without bullet continues the bullet above
    assert q.priorities[1].text.endswith("et en facilitant l'accès aux financements.")
    assert (q.priorities[1].span.first, q.priorities[1].span.last) == (125, 126)


def test_haisnes_objectives(built: Built) -> None:
    q = built.quartier("Saint-Elie - Fosse 13")
    assert len(q.retained) == 34
    assert sum(len(r.actions) for r in q.retained) == 66
    mob = retained(q, "Lever les freins à la mobilité")
    assert [a.text for a in mob.actions] == [
        "Accueillir un centre d'examen au code de la route au sein de la Maison France Services",
        "Déployer un dispositif de titre sécurisés, carte d'identité, passeports au domicile des "
        "personnes vulnérables, (EHPAD, personnes âgées, alitées et en situation de handicap.)",
    ]  # the second action continues across a page break and an OCR-noise cell ("On Andrews")
    assert (mob.actions[1].span.first, mob.actions[1].span.last) == (165, 167)
    ent = retained(q, "Favoriser l'entrepreneuriat")
    assert [a.text for a in ent.actions] == [
        "Accompagner les créateurs d'entreprise dans leurs démarches administratives"
    ]
    # unmarked bullets split where a sentence starts with an infinitive
    rep = retained(q, "Renforcer le repérage des publics éloignés du droit en particulier")
    assert [a.text for a in rep.actions] == [
        "Renforcer la médiation sociale et orienter vers les points d'info justice",
        "Orienter vers les structures faisant des permanences au sein de maison France services",
    ]
    # wrapped objective cell ("Valoriser les" / "compétences des" / "habitants"), only noise as actions
    val = retained(q, "Valoriser les compétences des habitants")
    assert val.actions == []


def test_haisnes_merged_cell_is_split(built: Built) -> None:
    q = built.quartier("Saint-Elie - Fosse 13")
    a = retained(
        q,
        "Favoriser la mixité sociale et accompagner les habitants dans leurs parcours résidentiels",
    )
    b = retained(q, "Associer les habitants à la fabrique des quartiers 2030")
    assert [x.text for x in a.actions] == [
        "Mettre en place la participation citoyenne avec les habitants du quartier et les "
        "partenaires de la commune"
    ]
    assert b.actions == []
    notes = [n for n in built.convention("Haisnes").notes if n.kind == "merged_cell"]
    assert [n.span.first for n in notes] == [188]


def test_haisnes_damage_is_flagged_never_turned_into_actions(built: Built) -> None:
    c = built.convention("Haisnes")
    texts = " ".join(a.text for q in c.quartiers for r in q.retained for a in r.actions)
    for junk in (
        "the same",
        "tagamam",
        "Registrate",
        "persorégulièrement",
        "Andrews",
        "j j a S",
        "Mary to the",
        "entireties",
        "infinternet",
    ):
        assert junk not in texts
    kinds = {(n.kind, n.span.first) for n in c.notes}
    assert ("ocr_noise", 163) in kinds  # "j j a S"
    assert ("ocr_noise", 167) in kinds  # "On Andrews"
    assert ("ocr_noise", 180) in kinds  # "Digital Registrate assistant"
    assert any(k == "garbled" and 157 <= line <= 160 for k, line in kinds)
    assert c.line_use[182][0] == LineUse.NOT_UNDERSTOOD  # "Mary to the / lash tagamam fisango"


def test_haisnes_unsigned_and_governance(built: Built) -> None:
    c = built.convention("Haisnes")
    assert c.signature is not None
    assert (c.signature.place, c.signature.date, c.signature.signatories) == (None, None, [])
    kinds = {b.kind: b for b in c.governance}
    assert set(kinds) == {"comite_pilotage", "comite_technique"}
    assert kinds["comite_pilotage"].frequency == "chaque année"
    assert kinds["comite_technique"].frequency == "pour chaque action que la commune met en place"


# ---------------------------------------------------------------- Divion


def test_divion_quartiers(built: Built) -> None:
    c = built.convention("Divion")
    got = [(q.name, q.status, q.code, q.communes) for q in c.quartiers]
    assert got == [
        ("Coteau Stade Parc - Cité 34", "QPV", "QP062013", ["Bruay-la-Buissière", "Divion"]),
        ("Cités 6 et 30", "QPV", "QP062014", ["Calonne-Ricouart", "Divion"]),
        ("Cité de la Clarence", "QIC", None, ["Divion"]),
        ("Cité du Transvaal", "QIC", None, ["Divion"]),
    ]
    assert c.quartiers[2].status_text == "Quartier d'intérêt communautaire – territoire vulnérable"


def test_divion_portraits(built: Built) -> None:
    d = Decimal
    assert indicators(built.quartier("Coteau Stade Parc - Cité 34")) == {
        "population": (d("1600"), "approx", None),
        "surface_ha": (d("44"), "exact", None),
        "taux_pauvrete": (d("38"), "exact", d("18.8")),
        "part_moins_25_ans": (d("33.9"), "exact", d("31")),
        "ips": (d("79"), "exact", d("104")),
        "taux_emploi_15_64": (d("43"), "exact", d("58.8")),
        "part_16_25_neet": (d("33.7"), "exact", d("23.5")),
        "part_parc_social": (d("86.9"), "exact", d("25.6")),
    }
    assert indicators(built.quartier("Cités 6 et 30")) == {
        "population": (d("1800"), "approx", None),
        "surface_ha": (d("36"), "exact", None),
        "taux_pauvrete": (d("50.9"), "exact", d("18.8")),
        "part_moins_25_ans": (d("40.1"), "exact", d("31")),
        "ips": (d("79"), "exact", d("104")),
        "taux_emploi_15_64": (d("38.1"), "exact", d("58.8")),
        "part_16_25_neet": (d("49.8"), "exact", d("23.5")),
        "part_parc_social": (d("95"), "more_than", d("25.6")),  # "+ de 95%"
    }
    # no "Portrait statistique" heading: the indicators sit under "Cartographie"
    assert indicators(built.quartier("Cité de la Clarence")) == {
        "ips": (d("76"), "exact", d("104")),
        "part_parc_social": (d("88"), "exact", d("25.6")),
    }
    t = built.quartier("Cité du Transvaal")
    assert indicators(t) == {
        "population": (d("940"), "approx", None),
        "taux_pauvrete": (d("30"), "more_than", d("18.8")),
        "part_familles_monoparentales": (d("16"), "exact", d("16.2")),
        "ips": (d("77"), "exact", d("104")),
        "part_parc_social": (d("77"), "exact", d("25.6")),
    }
    assert (t.portrait.source, t.portrait.year) == (
        "données 2024 de la Préfecture du Pas-de-Calais",
        2024,
    )
    pop = next(
        i
        for i in built.quartier("Coteau Stade Parc - Cité 34").portrait.indicators
        if i.code == "population"
    )
    assert pop.note == "stable depuis 2015"


@pytest.mark.parametrize(
    ("name", "irritants", "opportunities", "priorities"),
    [
        ("Coteau Stade Parc - Cité 34", 7, 5, 3),
        ("Cités 6 et 30", 5, 3, 4),
        ("Cité de la Clarence", 4, 3, 3),
        ("Cité du Transvaal", 5, 2, 3),
    ],
)
def test_divion_lists(
    built: Built, name: str, irritants: int, opportunities: int, priorities: int
) -> None:
    q = built.quartier(name)
    assert (len(q.irritants), len(q.opportunities), len(q.priorities)) == (
        irritants,
        opportunities,
        priorities,
    )


@pytest.mark.parametrize(
    ("name", "objectives", "actions"),
    [
        ("Coteau Stade Parc - Cité 34", 23, 51),
        ("Cités 6 et 30", 24, 52),
        ("Cité de la Clarence", 23, 51),
        ("Cité du Transvaal", 23, 51),
    ],
)
def test_divion_objective_counts(built: Built, name: str, objectives: int, actions: int) -> None:
    q = built.quartier(name)
    assert (len(q.retained), sum(len(r.actions) for r in q.retained)) == (objectives, actions)
    # "Mettre en lien les acteurs économiques..." is retained everywhere with no action
    assert retained(q, "Mettre en lien les acteurs économiques").actions == []


def test_divion_actions_exact_texts(built: Built) -> None:
    coteau = built.quartier("Coteau Stade Parc - Cité 34")
    assert [
        a.text for a in retained(coteau, "Faciliter l'accès aux soins aux ressources").actions
    ] == [
        "Accompagner les familles dans leurs primo-démarches (partenariat avec la médiatrice santé, "
        "prise de rendez-vous médicaux, ...)",
        "Rendre accessible les services (bus mobile dans les quartiers)",
        "Participer activement aux actions de la MIPPS",
        "Organiser des séances de PSC1 à l'attention du plus grand nombre",
    ]
    prev = retained(coteau, "Renforcer la prévention et l'accès aux soins").actions
    assert prev[2].text == (
        "Développer un programme auprès de nos professionnels en face à face "
        "public sur la formation des intervenants sur la santé mentale"
    )
    assert (prev[2].span.first, prev[2].span.last) == (164, 166)  # row cut by a page break
    clarence = built.quartier("Cité de la Clarence")
    assert (
        retained(clarence, "Faciliter l'accès aux soins aux ressources").actions[3].text
        == "Organiser des séances de PSC1 à l'attention du plus grand nombre"
    )
    transvaal = built.quartier("Cité du Transvaal")
    # objective in the first column, its end and a bullet's end on the next physical line
    reussite = retained(transvaal, "Assurer la réussite éducative")
    assert [a.text for a in reussite.actions][:2] == [
        "Réduire les difficultés scolaires, le décrochage scolaire par la mise en place d'ateliers "
        "de soutien (CLAS, PRE, ...)",
        "Rendre accessible des activités ludiques, culturelles dès le plus jeune âge",
    ]
    emploi = retained(transvaal, "Favoriser l'accès et le retour à l'emploi des habitants")
    assert emploi.actions[0].text == (
        "Développer un programme d'actions à l'EVS permettant de "
        "lever les freins à l'emploi (estime de soi, image, ...)"
    )
    six = built.quartier("Cités 6 et 30")
    # the orientation cell slid one row down: its actions belong to the objective above
    assert [a.text for a in retained(six, "Encourager la participation citoyenne").actions] == [
        "Améliorer le cadre de vie des habitants avec l'implication des citoyens à travers les "
        "conseils de quartier",
        "Eduquer nos jeunes aux notions d'engagement à travers le CMJ et la junior association",
        "Valoriser l'action de l'EVS à la cité 30 pour donner envie aux habitants des autres "
        "quartiers de se structurer",
    ]
    assert [a.text for a in retained(six, "Valoriser les compétences").actions] == [
        "Mettre en réseau les citoyens proposant leurs compétences",
        "Développer un projet de Repair café",
    ]
    assert [a.text for a in retained(six, "Dynamiser l'animation sociale").actions] == [
        "Accompagner à la création d'une épicerie solidaire ouverte à tous"
    ]


def test_divion_signature_and_governance(built: Built) -> None:
    c = built.convention("Divion")
    s = c.signature
    assert s is not None and s.place == "MARLES-les-MINES" and s.date is not None
    assert s.date.isoformat() == "2024-07-09"
    assert [(x.name, x.role_kind) for x in s.signatories] == [
        ("Jacky LEMOINE", "maire"),
        ("Olivier GACQUERRE", "president_epci"),
        ("Jacques BILLANT", "prefet"),
    ]
    bodies = {b.kind: b for b in c.governance}
    assert bodies["comite_pilotage"].frequency == "une fois par an"
    assert len(bodies["comite_pilotage"].members) == 8
    assert (
        bodies["comite_pilotage"].members[2].text
        == "d'associations locales (Citéo, Active life, ...)"
    )
    assert bodies["comite_suivi"].frequency == "environ tous les 2 à 3 mois"
    assert {"citeo", "active-life", "caf", "mds", "cabbalr"} <= set(
        bodies["comite_pilotage"].partners
    )


# ---------------------------------------------------------------- both


def test_every_line_is_accounted_for(built: Built) -> None:
    for r in built.results:
        c = r.convention
        lines = r.source.read_text(encoding="utf-8").splitlines()
        non_blank = {i + 1 for i, t in enumerate(lines) if t.strip()}
        assert set(c.line_use) == non_blank
        not_understood = {n for n, (u, _) in c.line_use.items() if u == LineUse.NOT_UNDERSTOOD}
        noted = {line for n in c.notes for line in n.span.lines()}
        assert not_understood <= noted  # each one is reported with a reason


def test_same_objective_spelled_differently_is_one_concept(built: Built) -> None:
    haisnes = built.quartier("Saint-Elie - Fosse 13")
    coteau = built.quartier("Coteau Stade Parc - Cité 34")
    clarence = built.quartier("Cité de la Clarence")
    a = retained(haisnes, "Renforcer le repérage des publics éloignés du droit en particulier")
    b = retained(coteau, "Renforcer le repérage des publics éloignés du droit en particuliers")
    assert a.objective_text != b.objective_text and a.objective_key == b.objective_key
    # "psycho- sociales" (Haisnes), "psychosociales" (Coteau), "psycho-sociales" (Clarence)
    keys = {
        retained(q, "Assurer la réussite éducative").objective_key
        for q in (haisnes, coteau, clarence)
    }
    assert len(keys) == 1


def test_the_published_graph_is_what_the_converter_makes_of_the_sources(built: Built) -> None:
    """data/ttl is committed: a change of the reading rules that alters what the two real
    conventions give must show in data/ttl (rebuild and review the diff), never silently."""
    published = ROOT / "data" / "ttl"
    fresh = {p.name for p in built.out.iterdir()}
    assert fresh == {  # but the build's own manifest, .build.json
        p.name
        for p in published.iterdir()
        if p.suffix in {".ttl", ".json"} and not p.name.startswith(".")
    }
    stale = [
        n for n in sorted(fresh) if (built.out / n).read_bytes() != (published / n).read_bytes()
    ]
    assert not stale, f"rebuild data/ttl (quartiers build) and review the diff: {stale}"


def test_a_commune_s_own_body_links_to_that_commune(built: Built) -> None:
    """Divion's CCAS is Divion's: the partner links to the commune resource (its INSEE code),
    which an auditor asking "which bodies of this commune carry actions" joins on."""
    from rdflib import Graph, Namespace, URIRef

    g = Graph().parse(built.out / "convention-divion.ttl")
    qk = Namespace("https://w3id.org/quartiers-kg/ontology#")
    base = "https://w3id.org/quartiers-kg/id/"
    ccas = URIRef(base + "partenaire/ccas-62270")
    assert g.value(ccas, qk.ofCommune) == URIRef(base + "commune/62270")
    assert (None, qk.commune, URIRef(base + "commune/62270")) in g  # the same resource
