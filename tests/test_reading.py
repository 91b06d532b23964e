"""The reading rules above the blocks, each on the forms authors use: sections by meaning,
quartier headers and codes, portraits, enjeux and actions, signatures, partners."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from quartiers.convert import convert
from quartiers.document import Line
from quartiers.model import Convention, LineUse, Quartier
from quartiers.parsers.bullets import split_inline
from quartiers.parsers.columns import enjeu_header
from quartiers.parsers.header import normalise_code, quartier_name
from quartiers.parsers.portrait import Context, parse_indicator, prose_indicators
from quartiers.parsers.signatures import is_name, parse_date, role_kind
from quartiers.quality import damage
from quartiers.reader import read
from quartiers.sections import classify, plain_heading, split
from quartiers.span import Span
from quartiers.textnorm import clean

CTX = Context(("CABBALR",))
S = Span(1, 1)


def doc(tmp_path: Path, text: str, name: str = "convention-testville.txt") -> Convention:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return convert([p], tmp_path / "out")[0].convention


def saint_elie(actions: str = "• Ouvrir") -> str:
    """The minimal convention of one QPV (Saint-Elie) whose one objective has these actions."""
    return MINIMAL.format(
        quartier="Projet de quartier « Saint-Elie »", code="QN06216M", actions=actions
    )


def with_actions(tmp_path: Path, cell: str) -> Convention:
    """The minimal convention of one QPV whose one objective has this action cell."""
    text = saint_elie(cell)
    return doc(tmp_path, text)


def with_table(tmp_path: Path, table: str) -> Convention:
    """The minimal convention of one QPV whose objectives are this table (from its enjeu on)."""
    text = saint_elie()
    start, end = text.index("ENJEU 1"), text.index("Les signataires")
    return doc(tmp_path, text[:start] + table + text[end:])


def with_parts(tmp_path: Path, parts: str) -> Convention:
    """The minimal convention of one QPV with these lines between its fields and objectives."""
    text = saint_elie()
    return doc(tmp_path, text.replace("\nObjectifs poursuivis", parts + "Objectifs poursuivis"))


def actions_by_objective(c: Convention) -> dict[str, list[str]]:
    """The first quartier's retained objectives, each with its actions' texts."""
    return {r.objective_text: [a.text for a in r.actions] for r in c.quartiers[0].retained}


MINIMAL = """Convention d'application communale
Commune de Haisnes

{quartier}

Statut : Quartier prioritaire de la politique de la ville
Code quartier : {code}

Objectifs poursuivis sur le quartier

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la mobilité\t{actions}

Les signataires

Fait à Haisnes, le 3 juillet 2024
"""


# ---------------------------------------------------------------- sections


@pytest.mark.parametrize(
    ("title", "marked", "kind"),
    [
        ("Portrait statistique", False, "portrait"),
        ("PORTRAIT STATISTIQUE", False, "portrait"),
        ("2.2. Portrait statistique", True, "portrait"),
        ("Le quartier en chiffres", False, "portrait"),
        ("Ce qui freine le quartier", False, "irritants"),
        ("CE QUI NOUS FREINE", False, "irritants"),
        ("Ce qui bloque le quartier", True, "irritants"),
        ("Ce qui nous aide", True, "opportunites"),
        ("Le quartier en quelques chiffres", False, "portrait"),
        # numbered (Lillers-145): a whole portrait title, not the quartier's keyword
        ("3.2. Le quartier en quelques chiffres", True, "portrait"),
        ("Le territoire en quelques chiffres clés", True, "portrait"),
        # an annex of the comité de pilotage's members: governance, its members partners
        ("Annexe : composition du comité de pilotage communal", True, "pilotage"),
        ("Annexe 2 – Liste des sigles", True, "annexe"),
        ("En quelques chiffres", False, "portrait"),
        ("Les points d'appui", False, "opportunites"),
        ("Tableau de déclinaison opérationnelle", False, "objectifs"),
        # Annezin-151: the signatories' means, a table of amounts after the objectives
        ("Moyens mobilisés", False, "moyens"),
        # Auchel-156: a second quartier presented in an annex; an annex of maps names none
        ("Annexe 2 – Fiche du quartier Rimbert", True, "quartier"),
        ("Annexe 3 – Carte des quartiers", True, "annexe"),
        # Marles-les-Mines-162: parts titled by questions
        ("À quoi ressemble le quartier aujourd'hui ?", True, "portrait"),
        ("Sur quoi pouvons-nous nous appuyer ?", False, "opportunites"),
        ("Que voulons-nous faire ?", False, "priorites"),
        (
            "Comment la stratégie de l'agglomération se décline-t-elle sur le quartier ?",
            True,
            "objectifs",
        ),
        ("Qui pilote et comment les habitants sont-ils associés ?", False, "pilotage"),
        ("Qui s'engage ?", False, "signataires"),
        ("5.4 Moyens mobilisés par la commune", True, "moyens"),
        # Houdain-148: under no title of the vocabulary, the objectives were the priorities'
        ("Déclinaison des objectifs du contrat de ville", False, "objectifs"),
        ("Déclinaison locale de la stratégie", False, "objectifs"),
        ("IV. Les signataires", True, "signataires"),
        ("Signatures", False, "signataires"),
        ("Annexe 1 – Contacts", False, "annexe"),
        ("Présentation du quartier « Renaissance »", True, "quartier"),
        ("Présentation du quartier", False, "presentation"),
        ("Présentation du quartier des Cités de Berguette", False, "quartier"),
        ("Présentation du quartier Renaissance", False, "quartier"),
        ("Présentation du quartier et de ses enjeux", False, None),
        ("Objectifs et plan d'actions", False, "objectifs"),
        ("3. Les orientations retenues pour le quartier", True, "objectifs"),
        ("Les orientations retenues pour le quartier", False, "objectifs"),
        ("Les objectifs retenus pour le quartier", False, "objectifs"),
        ("Chiffres clés (source : sigville 2022, ancien périmètre)", False, "portrait"),
        ("Le pilotage de la convention", False, "pilotage"),
        ("Fiche quartier n°1 : Le Centre", True, "quartier"),
        ("La Cité Sainte-Barbe (quartier d'intérêt communautaire)", False, "quartier"),
        ("Localisation et statut", True, "presentation"),
        ("3.1. Identité du territoire", True, "presentation"),  # a QIC's parts
        ("Territoire vulnérable « Cité des Alouettes »", False, "quartier"),
        ("Notre quartier : le Regain", True, "quartier"),
        ("2.2 Ce qui pose problème", True, "irritants"),
        ("Ce qui ne va pas", True, "irritants"),
        ("Nos forces", True, "opportunites"),
        ("Ce qui va bien dans le quartier", True, "opportunites"),
        ("Nos difficultés", True, "irritants"),
        ("Nos engagements", True, "objectifs"),
        # the parts under other authors' words (a hand-written convention of stop 20)
        ("Ce qui fragilise le quartier", False, "irritants"),
        ("2.3 Ce qui fragilise le quartier", True, "irritants"),
        ("Engagements opérationnels", False, "objectifs"),
        ("4. Les engagements opérationnels", True, "objectifs"),
        ("Engagements Quartiers 2030", True, "titre"),
        # a convention in two parts (Lillers-179): each quartier's diagnosis names it
        ("Diagnostic du quartier prioritaire Ville Centre", True, "quartier"),
        ("Diagnostic du quartier d'intérêt communautaire Cité des Tilleuls", True, "quartier"),
        ("Diagnostic du quartier", True, "diagnostic"),
        ("Diagnostic du quartier prioritaire", True, "diagnostic"),
        # the status after a comma (Hersin-Coupigny-183)
        ("2. La Cité des Alouettes, quartier d'intérêt communautaire", True, "quartier"),
        ("La Cité des Alouettes, quartier d'intérêt communautaire", False, "quartier"),
        ("Chiffres du quartier", True, "portrait"),
        ("Statut : Quartier prioritaire de la politique de la ville", False, None),  # a field
        ("Le quartier d'intérêt communautaire de la Cité des Glycines", False, "quartier"),
        ("LE QUARTIER D'INTÉRÊT COMMUNAUTAIRE CITÉ SAINTE-BARBE", False, "quartier"),
        ("Le quartier d'intérêt communautaire prioritaire", False, None),
        ("Quartier prioritaire de la politique de la ville", False, None),  # a status
        ("II.Le quartier prioritaire « Ville Centre »", True, "quartier"),  # glued numbering
        ("2.\tLe quartier « Le Haut d'Houdain »", False, "quartier"),  # Word's "2.<TAB>"
        ("ENJEU N°1 – Des quartiers attentifs", False, "enjeu"),
        ("Partenaires : CAF, CCAS", False, None),  # a field, not a heading
        ("Le quartier compte 2 300 habitants.", False, None),  # a sentence
        # an annex holding the quartiers' objectives tables is their objectives part
        ("Annexe 2 – Tableau de programmation", False, "objectifs"),
        ("ANNEXE II : Programmation des actions", True, "objectifs"),
        ("Annexe 1 – Contacts", False, "annexe"),
        ("Annexe 3 – Les irritants", False, "annexe"),
    ],
)
def test_sections_by_meaning(title: str, marked: bool, kind: str | None) -> None:
    from quartiers.document import Line
    from quartiers.sections import plain_heading

    found = classify(title, marked=True) if marked else plain_heading(Line(1, title))
    assert (found.name if found else None) == kind


@pytest.mark.parametrize(
    "subject",
    [
        "Quartier prioritaire « Saint-Elie »\n\n",
        # a line under it on the title page: still the document's subject, no quartier
        "Quartier Saint-Elie (Douvrin – Haisnes – Hulluch)\n\nDocument soumis au conseil.\n\n",
    ],
)
def test_a_quartier_named_on_the_cover_is_the_quartier_presented_later(
    tmp_path: Path, subject: str
) -> None:
    cover = (
        "Convention d'application communale\nCommune de Haisnes\n\n"
        + subject
        + "Préambule\n\nLe contrat de ville.\n\n"
    )
    text = cover + MINIMAL.split("\n", 2)[2].format(
        quartier="Projet de quartier « Saint-Elie »",
        code="QN06216M",
        actions="• Ouvrir une plateforme",
    )
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [("Saint-Elie", "QN06216M")]
    assert len(c.quartiers[0].retained) == 1


@pytest.mark.parametrize(
    "under",
    [
        "Document approuvé par le conseil municipal.\n",
        # the convention's period: a span of years, no figure that would present the quartier
        "\nPériode 2024 – 2030\n",
    ],
)
def test_a_quartier_named_on_the_cover_then_presented_under_a_generic_title(
    tmp_path: Path, under: str
) -> None:
    """The cover names the quartier, the mayor's word follows, then "Présentation du
    quartier" gives its fields: the quartier the cover named, not one named "Présentation"."""
    cover = (
        "Convention d'application communale\nCommune de Haisnes\n\n"
        "Quartier prioritaire « Saint-Elie » (partie haisnoise)\n" + under + "\n"
        "Le mot du Maire\n\nDepuis 2015, la cité bénéficie de la politique de la ville.\n\n"
    )
    text = cover + MINIMAL.split("\n", 2)[2].format(
        quartier="Présentation du quartier", code="QN06216M", actions="• Ouvrir une plateforme"
    )
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [("Saint-Elie", "QN06216M")]
    assert len(c.quartiers[0].retained) == 1


def test_a_table_of_the_quartiers_before_they_are_presented(tmp_path: Path) -> None:
    """ "Quartier | Statut | Code 2024 | Communes", a row each, in a part before the
    quartiers' own (their parts give no code): each quartier gets its row's fields, a name
    wrapped onto the next row too; its column titles may stand apart, on the line above."""
    table = (
        "Les quartiers concernés\n\n{titles}"
        "Coteau du Stade Parc –      QPV      QN06213M        Bruay-la-Buissière, Divion\n"
        "Cité 34\n"
        "Cités 6 et 30               QPV      QN 062 14 M     Calonne-Ricouart, Divion\n\n"
    )
    body = (
        "Quartier Coteau du Stade Parc – Cité 34\n\nLe quartier est au nord de la ville.\n\n"
        "Quartier des Cités 6 et 30\n\nLe quartier est au sud de la ville.\n\n"
        "Les signataires\n\nFait à Divion, le 3 juillet 2024\n"
    )
    head = "Convention d'application communale\nCommune de Divion\n\n"
    for titles in (
        "Quartier                    Statut   Code 2024       Communes\n",
        "Quartier                    Statut   Code 2024       Communes\n\n",
    ):
        c = doc(tmp_path, head + table.format(titles=titles) + body, "convention-divion.txt")
        assert [(q.name, q.status, q.code, q.communes) for q in c.quartiers] == [
            (
                "Coteau du Stade Parc – Cité 34",
                "QPV",
                "QN06213M",
                ["Bruay-la-Buissière", "Divion"],
            ),
            ("Quartier des Cités 6 et 30", "QPV", "QN06214M", ["Calonne-Ricouart", "Divion"]),
        ]


def test_a_row_of_fields_each_in_its_cell(tmp_path: Path) -> None:
    """ "Quartier : Le Centre | Statut : QPV | Code : QN06211M | Population : 3 480 hab.": a
    row of a table whose every cell is a field gives each field, a figure among them an
    indicator of the portrait."""
    text = saint_elie().replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n",
        "Quartier : Saint-Elie | Statut : QPV | Code : QN06216M | Population : 3 480 hab.\n",
    )
    q = doc(tmp_path, text).quartiers[0]
    assert (q.status, q.code) == ("QPV", "QN06216M")
    assert [(i.code, i.value) for i in q.portrait.indicators] == [("population", Decimal("3480"))]


def test_portrait_titles_set_apart_between_a_last_titles_wrapped_lines(tmp_path: Path) -> None:
    """pdftotext sets the centred titles apart, the last one wrapped above and below the
    others ("Moyenne des" / "Indicateur  Terre-Noeve  Commune  CABBALR" / "QPV (France)"): the
    CABBALR's column is each figure's comparison, the commune's and France's none."""
    pad = " " * 121
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Portrait statistique\n\n"
        f"{pad}Moyenne des\n"
        "            Indicateur                     Saint-Elie                   Commune"
        "                     CABBALR\n"
        f"{pad}QPV (France)\n\n\n"
        "Population                          environ 1 480                 11 630"
        "                   277 430                  -\n\n\n"
        "Taux de pauvreté                    41,2 %                        22,5 %"
        "                   18,8 %                   43,3 %\n\n\n"
        "Part des moins de 25 ans            36,8 %                        33,1 %"
        "                   31 %                     39,2 %\n\n"
        "Objectifs poursuivis",
    )
    got = {
        i.code: (i.value, i.agglomeration_value)
        for i in doc(tmp_path, text).quartiers[0].portrait.indicators
    }
    assert got == {
        "population": (Decimal("1480"), Decimal("277430")),
        "taux_pauvrete": (Decimal("41.2"), Decimal("18.8")),
        "part_moins_25_ans": (Decimal("36.8"), Decimal("31")),
    }


def test_a_portrait_of_every_quartier_before_they_are_presented(tmp_path: Path) -> None:
    """ "Indicateur | Mont-Liébaut | 3 Îlots | CABBALR" in a part before either quartier's:
    read once the quartiers are known, each its column."""
    text = (
        "Convention d'application communale\nCommune de Béthune\n\n"
        "Portrait statistique comparé\n"
        "Indicateur\tMont-Liébaut\t3 Îlots\tCABBALR\n"
        "Taux de pauvreté\t47,2 %\t36,9 %\t18,8 %\n"
        "Population (habitants)\t4 900\t1 250\t–\n\n"
        "Quartier du Mont-Liébaut\n\nStatut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier : QN06208M\n\n"
        "Quartier des 3 Îlots\n\nStatut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier : QN06209M\n\n"
        "Les signataires\n\nFait à Béthune, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text, "convention-bethune.txt")
    got = {
        q.code: [(i.code, i.value, i.agglomeration_value) for i in q.portrait.indicators]
        for q in c.quartiers
    }
    assert got == {
        "QN06208M": [
            ("taux_pauvrete", Decimal("47.2"), Decimal("18.8")),
            ("population", 4900, None),
        ],
        "QN06209M": [
            ("taux_pauvrete", Decimal("36.9"), Decimal("18.8")),
            ("population", 1250, None),
        ],
    }


@pytest.mark.parametrize("gap", ["", "\n"])
def test_a_portrait_of_every_quartier_titled_above_with_the_agglomeration(
    tmp_path: Path, gap: str
) -> None:
    """Column titles naming the quartiers, then the agglomeration ("Renaissance   Cité du
    Quesnoy   CABBALR"), in the table or set apart above it: the agglomeration's column is each
    figure's comparison; a status wrapped over two lines in its cell is read whole, and never
    undoes the one a quartier's own title gave."""
    text = (
        "Convention d'application communale\nCommune de Beuvry\n\n"
        "1. Quartier prioritaire Renaissance\n\nLe quartier est au sud.\n\n"
        "2. Quartier d'intérêt communautaire Cité du Quesnoy\n\nLa cité est au nord.\n\n"
        "3. Préambule\n\nLe contrat de ville est signé pour 2024-2030.\n\n"
        "4. Identification et portrait statistique\n\n"
        "                            Renaissance          Cité du Quesnoy        CABBALR\n"
        + gap
        + "Statut                      Quartier prioritaire Quartier d'intérêt     —\n"
        "                            (QPV)                communautaire\n"
        "Code quartier               QN06210M             Sans objet             —\n"
        "Taux de pauvreté            41,2 %               + de 30 %              18,8 %\n"
        "Part du parc social         81,3 %               64 %                   25,6 %\n\n"
        "5. Les signataires\n\nFait à Beuvry, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text, "convention-beuvry.txt")
    got = {
        q.name: (
            q.status,
            q.code,
            [(i.code, i.value, i.agglomeration_value) for i in q.portrait.indicators],
        )
        for q in c.quartiers
    }
    assert got == {
        "Renaissance": (
            "QPV",
            "QN06210M",
            [
                ("taux_pauvrete", Decimal("41.2"), Decimal("18.8")),
                ("part_parc_social", Decimal("81.3"), Decimal("25.6")),
            ],
        ),
        "Cité du Quesnoy": (
            "QIC",
            None,
            [
                ("taux_pauvrete", Decimal("30"), Decimal("18.8")),
                ("part_parc_social", Decimal("64"), Decimal("25.6")),
            ],
        ),
    }


def test_objectives_under_no_quartier_are_reported_not_kept_in_silence(tmp_path: Path) -> None:
    """An objectives part after a part of the whole document (quartiers presented side by side,
    none open): no row can be given to a quartier; its lines are kept as text and reported."""
    text = (
        "Convention d'application communale\nCommune de Beuvry\n\n"
        "1. Quartier prioritaire Renaissance\n\nCode quartier : QN06210M\n\n"
        "2. Préambule\n\nLe contrat de ville est signé pour 2024-2030.\n\n"
        "3. Objectifs poursuivis sur les quartiers\n\n"
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir une plateforme\n\n"
        "4. Les signataires\n\nFait à Beuvry, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text, "convention-beuvry.txt")
    assert [len(q.rows) for q in c.quartiers] == [0]
    (note,) = [n for n in c.notes if n.kind == "unread_objectives_text"]
    assert (note.span.first, note.span.last) == (14, 16)
    assert note.severity == "warning"
    assert all(c.line_use[no][0] is LineUse.TEXT for no in (14, 15, 16))


def test_a_table_of_every_quartiers_fields_and_figures_in_a_part_before_them(
    tmp_path: Path,
) -> None:
    """A table of both quartiers side by side under a title no vocabulary has, before either
    is presented, the agglomeration's value given once in each label ("Taux de pauvreté
    (CABBALR : 18,8 %)"): each quartier its column's figures, with the agglomeration's; the
    other quartier's column is no agglomeration's."""
    text = (
        "Convention d'application communale\nCommune de Béthune\n\n"
        "1. Les quartiers de Béthune en politique de la ville\n"
        "\tQuartier « Mont-Liébaut »\tQuartier « 3 Îlots »\n"
        "Statut\tQPV\tQPV\n"
        "Population\tenviron 4 900 habitants\tenviron 1 250 habitants\n"
        "Taux de pauvreté (CABBALR : 18,8 %)\t47,2 %\t36,9 %\n"
        "Part des familles monoparentales (CABBALR : 16,2 %)\t22,4 %\tnon disponible\n\n"
        "2. Quartier du Mont-Liébaut\n\nStatut : Quartier prioritaire de la politique de la "
        "ville\nCode quartier : QN06208M\n\n"
        "3. Quartier des 3 Îlots\n\nStatut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier : QN06209M\n\n"
        "4. Synthèse des actions\n\n"  # after the quartiers: a summary, no portrait
        "Le tableau ci-dessous récapitule le nombre d'actions par enjeu.\n"
        "Enjeu\tMont-Liébaut\t3 Îlots\n"
        "Enjeu 1 – Des quartiers attentifs aux habitants les plus fragiles\t8\t4\n"
        "Total\t25\t12\n\n"
        "5. Les signataires\n\nFait à Béthune, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text, "convention-bethune.txt")
    got = {
        q.code: [(i.label, i.value, i.agglomeration_value) for i in q.portrait.indicators]
        for q in c.quartiers
    }
    assert got == {
        "QN06208M": [
            ("Population", 4900, None),
            ("Taux de pauvreté", Decimal("47.2"), Decimal("18.8")),
            ("Part des familles monoparentales", Decimal("22.4"), Decimal("16.2")),
        ],
        "QN06209M": [
            ("Population", 1250, None),
            ("Taux de pauvreté", Decimal("36.9"), Decimal("18.8")),
        ],
    }


def test_a_figure_among_the_quartiers_fields_is_an_indicator(tmp_path: Path) -> None:
    """ "Surface : environ 62 hectares" between "Code quartier" and the portrait: an indicator
    of the quartier, not text; the portrait saying it again adds none."""
    text = saint_elie().replace(
        "Code quartier : QN06216M\n", "Code quartier : QN06216M\nSurface : environ 62 hectares\n"
    )
    text = text.replace(
        "\nObjectifs poursuivis",
        "\nPortrait statistique\nTaux de pauvreté : 41 %\nSurface : 62 hectares\n\n"
        "Objectifs poursuivis",
    )
    (q,) = doc(tmp_path, text).quartiers
    got = [(i.code, i.value, i.qualifier) for i in q.portrait.indicators]
    assert got == [("surface_ha", 62, "approx"), ("taux_pauvrete", 41, "exact")]


def test_sentences_opening_with_le_quartier_open_no_quartier(tmp_path: Path) -> None:
    """ "Le quartier Saint-Elie s'est construit autour de l'ancienne" / "fosse n°13 …" (a
    sentence wrapped in lower case) and "Le quartier peut s'appuyer sur des ressources
    réelles :" under the quartier's fields name no other quartier."""
    text = saint_elie().replace(
        "Code quartier : QN06216M\n",
        "Code quartier : QN06216M\n"
        "Le quartier Saint-Elie s'est construit autour de l'ancienne\n"
        "fosse n°13 de la Compagnie des mines de Lens.\n\n"
        "Les atouts\nLe quartier peut s'appuyer sur des ressources réelles :\n"
        "• Un tissu associatif actif\n",
    )
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [("Saint-Elie", "QN06216M")]
    assert len(c.quartiers[0].retained) == 1


def test_a_table_of_the_quartiers_fields_and_its_portrait_in_one(tmp_path: Path) -> None:
    """ "Statut", "Code quartier", a wrapped "Périmètre", then "Indicateur | Quartier |
    Agglomération" and the figures, in one pdftotext table: the fields and the portrait."""
    part = (
        "Identification et portrait statistique\n"
        "Statut                           Quartier prioritaire de la politique de la ville\n"
        "Code quartier                    QN06216M\n"
        "                                 Cité Saint-Elie, rue de la Fosse et\n"
        "Périmètre                        résidence des Tilleuls\n"
        "   Indicateur                    Quartier                  Agglomération (CABBALR)\n"
        "Population                       environ 720 habitants     —\n"
        "Taux de pauvreté                 + de 28 %                 18,8 %\n\n"
    )
    text = saint_elie().replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n",
        part,
    )
    (q,) = doc(tmp_path, text).quartiers
    assert (q.code, q.status) == ("QN06216M", "QPV")
    got = [(i.code, i.value, i.qualifier, i.agglomeration_value) for i in q.portrait.indicators]
    assert got == [
        ("population", 720, "approx", None),
        ("taux_pauvrete", 28, "more_than", Decimal("18.8")),
    ]


def test_a_quartier_heading_with_its_status_after_a_comma() -> None:
    """ "La Cité des Alouettes, quartier d'intérêt communautaire" (Hersin-Coupigny-183): the
    name before the comma, the status after it; a comma inside a name stays."""
    assert quartier_name("La Cité des Alouettes, quartier d'intérêt communautaire") == (
        "La Cité des Alouettes"
    )
    assert quartier_name("Cité 5, Cité de Marles et Cité du Rond-Point") == (
        "Cité 5, Cité de Marles et Cité du Rond-Point"
    )


def test_a_quartier_sheet_numbered_and_a_map_credit_with_a_date(tmp_path: Path) -> None:
    """ "Fiche quartier n°1 : Le Centre" names its quartier; "ANCT 12/2023" under the map,
    in capitals right above the next part, names none (no quartier is named by a year)."""
    assert quartier_name("Fiche quartier n°1 : Le Centre") == "Le Centre"
    parts = (
        "Carte du périmètre\n                    ANCT 12/2023\n\n"
        "Portrait statistique\nTaux de pauvreté : 41,6 %\n\n"
    )
    (q,) = with_parts(tmp_path, parts).quartiers
    assert q.code == "QN06216M" and len(q.portrait.indicators) == 1


def test_a_portrait_with_a_column_per_year_reads_the_latest(tmp_path: Path) -> None:
    """ "Indicateur | 2015 | 2020 | Évolution | CABBALR": the latest year is the quartier's
    value; the earlier year and the change are kept beside it, in its note."""
    parts = (
        "Portrait statistique\n"
        "Indicateur\t2015\t2020\tÉvolution\tCABBALR\n"
        "Population (habitants)\t5 420\t5 180\t- 4,4 %\t—\n"
        "Taux de pauvreté\t44,1 %\t42,6 %\t- 1,5 pt\t18,8 %\n\n"
    )
    (q,) = with_parts(tmp_path, parts).quartiers
    got = [(i.code, i.value, i.agglomeration_value, i.note) for i in q.portrait.indicators]
    assert got == [
        ("population", 5180, None, "2015 : 5 420; Évolution : - 4,4 %"),
        ("taux_pauvrete", Decimal("42.6"), Decimal("18.8"), "2015 : 44,1 %; Évolution : - 1,5 pt"),
    ]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # "Indice … (IPS) des écoles 82      104": pdftotext set the index one space after its
        # label; the agglomeration's figure beside it says the row holds values
        (
            "Portrait statistique\n"
            "                      Indicateur                        Saint-Elie            CABBALR\n"
            "Taux de pauvreté                                        41,6 %                18,8 %\n"
            "Indice de positionnement social (IPS) des écoles 82                           104\n"
            "Population en 2020                                      2 150                 –\n\n",
            [
                ("taux_pauvrete", Decimal("41.6"), Decimal("18.8")),
                ("ips", 82, 104),
                ("population", 2150, None),
            ],
        ),
        # "… par unité de consommation 12 480 €": a column of the layout starts at the figure's
        # thousands' space (Cauchy-à-la-Tour-153), its first digits left with the label
        (
            "Portrait statistique\n"
            "        Indicateur                                            Quartier        CABBALR\n"
            "        Taux de pauvreté                                      41,6 %          18,8 %\n"
            "        Revenu médian disponible par unité de consommation 12 480 €           19 930 €\n"
            "        Part des moins de 25 ans                              35,2 %          31 %\n\n",
            [
                ("taux_pauvrete", Decimal("41.6"), Decimal("18.8")),
                ("revenu_median", 12480, 19930),
                ("part_moins_25_ans", Decimal("35.2"), 31),
            ],
        ),
        # cells centred vertically (Verquin-157): a value of two lines, the first above its
        # label, the second below, ending on "l'agglomération" (no column title: the
        # agglomeration's column stays the CABBALR's); values followed by their change
        (
            "Portrait statistique\n"
            "                        Indicateur                     "
            "Quartier 3 Îlots                             CABBALR\n"
            "Part des moins de 25 ans                               "
            "36,4 % (-1,1 point depuis 2015)              31 %\n"
            "                                                       "
            "41,6 % (+4,2 points), 2e quartier le plus\n"
            "Taux de pauvreté                                       "
            "                                             18,8 %\n"
            "                                                       "
            "pauvre de l'agglomération\n"
            "Part du parc social                                    "
            "71,3 % (stable depuis 2015)                  25,6 %\n\n",
            [
                ("part_moins_25_ans", Decimal("36.4"), 31),
                ("taux_pauvrete", Decimal("41.6"), Decimal("18.8")),
                ("part_parc_social", Decimal("71.3"), Decimal("25.6")),
            ],
        ),
        # "sous la forme : valeur du quartier / valeur de l'ensemble de l'agglomération", then
        # "Taux de pauvreté — 33,4 % / 18,8 %": the figure after the slash is the agglomeration's
        (
            "Portrait statistique\n"
            "Les valeurs sont présentées sous la forme : valeur du quartier / valeur de "
            "l'ensemble de l'agglomération.\n"
            "Population du quartier — environ 1 700 habitants\n"
            "Taux de pauvreté — 33,4 % / 18,8 %\n"
            "IPS des écoles du quartier — 81 / 104\n\n",
            [
                ("population", 1700, None),
                ("taux_pauvrete", Decimal("33.4"), Decimal("18.8")),
                ("ips", 81, 104),
            ],
        ),
    ],
)
def test_portrait_values_beside_the_agglomerations(
    tmp_path: Path, parts: str, expected: list[tuple[str, Decimal, Decimal | None]]
) -> None:
    (q,) = with_parts(tmp_path, parts).quartiers
    assert [(i.code, i.value, i.agglomeration_value) for i in q.portrait.indicators] == expected


def test_a_portrait_row_with_a_dash_for_the_agglomeration_and_a_label_left_alone(
    tmp_path: Path,
) -> None:
    """ "Population   environ 780 habitants   –" (a table's row pdftotext set apart, a dash
    in the agglomeration's cell) holds its value; a label alone whose value never comes
    ("Taux de pauvreté" over another part) is reported, not lost in silence."""
    parts = (
        "Portrait statistique\n\nPopulation          environ 780 habitants          –\n\n"
        "Taux de pauvreté\n\n"
    )
    c = with_parts(tmp_path, parts)
    (q,) = c.quartiers
    assert [(i.code, i.value) for i in q.portrait.indicators] == [("population", 780)]
    assert any(n.kind == "unparsed_indicator" and n.text == "Taux de pauvreté" for n in c.notes)
    assert [what for use, what in c.line_use.values() if use == LineUse.NOT_UNDERSTOOD] == [
        "unparsed_indicator"
    ]


def test_a_quartier_title_wrapped_inside_its_quotes_opens_it(tmp_path: Path) -> None:
    """pdftotext -raw writes a title wrapped over two lines with no blank line around it."""
    body = MINIMAL.split("\n", 2)[2]
    one = body.format(quartier="Quartier du Mont-Liébaut", code="QN06208M", actions="• Ouvrir")
    one = one[: one.index("Les signataires")] + "Fin du texte du quartier.\n"
    two = body.format(quartier="Quartier des 3 Îlots", code="QN06209M", actions="• Créer")
    two = two.replace("Quartier des 3 Îlots\n", "Quartier prioritaire « Les 3\nÎlots »\n", 1)
    text = "Convention d'application communale\nCommune de Béthune\n\n" + one + two
    c = doc(tmp_path, text.replace("Fin du texte du quartier.\n\n", "Fin du texte du quartier.\n"))
    assert [(q.name, q.code) for q in c.quartiers] == [
        ("Quartier du Mont-Liébaut", "QN06208M"),
        ("Les 3 Îlots", "QN06209M"),
    ]


def test_a_quartier_named_right_above_its_fields_in_one_paragraph(tmp_path: Path) -> None:
    """Word's text export writes one paragraph per line, no blank line between a quartier's
    name and its fields: the name still opens the quartier, after an edito on the cover's
    quartier."""
    text = (
        "Convention d'application communale\nVILLE DE HOUDAIN\n"
        "Quartier prioritaire « Le Haut d'Houdain »\n\nLe mot du Maire\n\n"
        "Le quartier a changé depuis 2015.\nMarc DUFLOS\nMaire de Houdain\n\n"
        "Le quartier du Haut d'Houdain\nStatut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier : QP062017\nCommunes concernées : Houdain et Haillicourt\n\n"
        "Portrait statistique\nTaux de pauvreté : 44,3 % (agglomération : 18,8 %)\n\n"
    ) + MINIMAL[MINIMAL.index("Objectifs poursuivis") :].format(actions="• Ouvrir")
    (q,) = doc(tmp_path, text).quartiers
    assert (q.code, q.status, len(q.portrait.indicators), len(q.retained)) == (
        "QP062017",
        "QPV",
        1,
        1,
    )


def test_a_numbered_name_line_right_above_its_fields_opens_the_quartier(tmp_path: Path) -> None:
    """ "2. Cité du Moulin" alone (a numbered line, no section word) then "Statut : …": the
    second quartier, not a list item in the first one's priorities."""
    body = MINIMAL.split("\n", 2)[2]
    one = body.format(quartier="1. Quartier du Regain", code="QN06207M", actions="• Ouvrir")
    one = one[: one.index("Objectifs poursuivis")]
    two = (
        "{name}\nStatut : quartier d'intérêt communautaire (territoire vulnérable)\n"
        "Code : sans objet\n\nPortrait statistique\nTaux de pauvreté : 29,4 %\n\n"
    )
    # "3. Territoire vulnérable « … »": the agglomeration's word for a QIC names it as well
    for n, name in enumerate(["2. Cité du Moulin", "2. Territoire vulnérable « Cité du Moulin »"]):
        text = "Convention d'application communale\nCommune de Hersin-Coupigny\n\n" + one
        text += two.format(name=name)
        text += body[body.index("Objectifs poursuivis") :].format(actions="• Ouvrir")
        (tmp_path / str(n)).mkdir()
        c = doc(tmp_path / str(n), text)
        assert [(q.name, q.status) for q in c.quartiers] == [
            ("Quartier du Regain", "QPV"),
            ("Cité du Moulin", "QIC"),
        ]
        assert len(c.quartiers[1].portrait.indicators) == 1


def test_quartier_fields_with_dotted_leaders(tmp_path: Path) -> None:
    text = saint_elie().replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n",
        "Statut ............. Quartier prioritaire de la politique de la ville\n"
        "Code du quartier ... QN06216M\nCommunes ........... Douvrin, Haisnes, Hulluch\n",
    )
    (q,) = doc(tmp_path, text).quartiers
    assert (q.status, q.code, q.communes) == ("QPV", "QN06216M", ["Douvrin", "Haisnes", "Hulluch"])


def test_the_wrapped_end_of_a_field_names_no_quartier(tmp_path: Path) -> None:
    """ "IGN, 2023)" in capitals at the end of the presentation, right above the portrait: the
    end of the line above (a parenthesis, a ";"), not a quartier's name."""
    parts = (
        "Cartographie : carte du périmètre (sources : ANCT, 2023 ;\nIGN, 2023)\n\n"
        "Portrait statistique\nTaux de pauvreté : 41,6 %\n\n"
    )
    (q,) = with_parts(tmp_path, parts).quartiers
    assert q.code == "QN06216M" and len(q.retained) == 1
    assert [i.value for i in q.portrait.indicators] == [Decimal("41.6")]


def test_an_enjeu_announced_again_over_its_table_continues_the_row_cut_by_the_page(
    tmp_path: Path,
) -> None:
    enjeu = "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
    text = saint_elie("• Tenir une permanence").replace(
        "\nLes signataires",
        f"\f{enjeu}Orientations\tObjectifs\tActions\n\t\t• Organiser un forum\n\nLes signataires",
    )
    c = doc(tmp_path, text)
    (row,) = c.quartiers[0].retained
    assert [a.text for a in row.actions] == ["Tenir une permanence", "Organiser un forum"]
    assert not [n for n in c.notes if n.kind == "orphan_actions"]


def test_a_row_centred_below_a_top_aligned_one_is_read_as_centred(tmp_path: Path) -> None:
    """LibreOffice's PDF of a table whose cells are centred vertically (pdftotext -layout): the
    first row's cells all start on its first line, the next rows' objectives sit below their
    first actions."""
    table = (Path(__file__).parent / "data" / "excerpts" / "layout-centred-rows.txt").read_text(
        encoding="utf-8"
    )
    (q,) = with_table(tmp_path, table).quartiers
    got = {r.objective_text[:30]: [a.text[:30] for a in r.actions] for r in q.retained}
    assert got == {
        "Favoriser le dialogue et les c": [
            "Mettre en place un espace pare",
            "Réunir deux fois par an les di",
        ],
        "Renforcer l'accompagnement édu": [
            "Assurer la présence des éducat",
            "Ouvrir l'accueil ados du Rond-",
        ],
        "Lever les freins à la mobilité": [
            "Financer des permis de conduir",
            "Proposer la location de scoote",
            "Informer les habitants sur les",
        ],
    }


def test_an_action_goes_to_the_objective_of_its_run_of_lines_not_the_nearer_one(
    tmp_path: Path,
) -> None:
    """pdftotext -layout (Houdain-137, its first enjeux): objectives at the top of their
    rows, an orientation centred in a cell over them, beside a row's third action; a blank
    line between rows. That action is nearer the next row's objective by lines, but of its
    own row."""
    (q,) = with_table(
        tmp_path, _excerpt("layout-centred-orientation-beside-a-rows-last-action.txt")
    ).quartiers
    got = {r.objective_text[:30]: [a.text[:30] for a in r.actions] for r in q.retained}
    assert {k: v for k, v in got.items() if k.startswith(("Assurer", "Dével", "Lever"))} == {
        "Assurer la réussite éducative ": [
            "Poursuivre le Programme de Réu",
            "Développer l'accompagnement à ",
            "Proposer des ateliers d'éveil ",
        ],
        "Développer l'accompagnement à ": [
            "Ouvrir un lieu d'accueil enfan",
            "Organiser des « cafés des pare",
        ],
        "Lever les freins à la mobilité": ["Proposer des ateliers d'appren"],
    }


def test_an_objectives_first_word_glued_to_the_orientation_goes_back_to_it(
    tmp_path: Path,
) -> None:
    """pdftotext -layout sets two cells one space apart: "Promouvoir l'éducation Structurer"
    | "et accompagner les": "Structurer" begins the objective the strategy names."""
    table = (
        "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Soutenir la réussite           Assurer la réussite éducative des   • Ouvrir un CLAS\n"
        "éducative                      enfants et des jeunes\n\n"
        "Promouvoir l'éducation Structurer et accompagner les               • Ouvrir un forum\n"
        "populaire, la citoyenneté      projets et la vie associative         des associations\n"
    )
    (q,) = with_table(tmp_path, table).quartiers
    assert [r.objective_key for r in q.retained][1:] == [
        next(r.objective_key for r in q.retained if "Structurer" in r.objective_text)
    ]
    assert q.retained[1].objective_text.startswith("Structurer et accompagner les")
    assert [a.text for a in q.retained[1].actions] == ["Ouvrir un forum des associations"]


def test_header_titles_over_two_columns_or_placed_right_of_the_first() -> None:
    from quartiers.document import Cell as DocCell
    from quartiers.parsers.columns import header_roles

    def cells(*texts: str, span: int = 1) -> list[DocCell]:
        return [
            DocCell(i + (span - 1 if i else 0), t, S, span if i == 0 else 1)
            for i, t in enumerate(texts)
        ]

    # "Objectifs stratégiques de la convention-cadre" over orientation and objective (HTML)
    assert header_roles(
        cells("Objectifs stratégiques de la convention-cadre", "Objectifs opérationnels", span=2)
    ) == [(0, "strategy"), (2, "actions")]
    # titles as questions (Labourse-179), an action's title beside its code (Bruay-180)
    assert header_roles(cells("Pour quel objectif ?", "Quoi ?", "Qui ?", "Quand ?")) == [
        (0, "objective"),
        (1, "actions"),
        (2, "partners"),
        (3, "extra"),
    ]
    assert header_roles(
        cells("Orientation", "Objectif", "Code", "Intitulé de l'action", "Pilote et partenaires")
    ) == [(0, "orientation"), (1, "objective"), (2, "extra"), (3, "actions"), (4, "partners")]
    # "Objectif et actions" holds both beside no objectives' column; beside one (and as
    # "Objectifs opérationnels et actions", the family's actions column) it is the actions'
    assert header_roles(cells("Orientation", "Objectif et actions", "Partenaires")) == [
        (0, "orientation"),
        (1, "both"),
        (2, "partners"),
    ]
    assert header_roles(cells("Orientation", "Objectif", "Objectif et actions")) == [
        (0, "orientation"),
        (1, "objective"),
        (2, "actions"),
    ]
    assert header_roles(
        cells("Orientations", "Objectifs", "Objectifs opérationnels et actions pour le quartier")
    ) == [(0, "orientation"), (1, "objective"), (2, "actions")]
    # a column layout: "Objectifs de la stratégie" stands over the second column only
    line = [DocCell(1, "Objectifs de la stratégie", S), DocCell(2, "Actions", S)]
    assert header_roles(line, placed=True) == [(1, "objective"), (2, "actions")]
    assert header_roles(line) == [(1, "strategy"), (2, "actions")]
    # a wrapped cell of content that names an action is no column title
    assert (
        header_roles(
            [
                DocCell(1, "aux femmes", S),
                DocCell(2, "action de sensibilisation avec France Victimes 62 et le", S),
            ]
        )
        is None
    )
    # nor is a row of wrapped cells, one naming an objective further on
    wrapped = [
        DocCell(0, "éducative en", S),
        DocCell(1, "enfants et des jeunes au travers", S),
        DocCell(2, "(PRE) avec un objectif de 40 enfants accompagnés", S),
    ]
    assert header_roles(wrapped, placed=True) is None
    # the quartiers' column, its plural in parentheses as forms write it
    for title in ("Quartier(s) concerné(s)", "Quartiers concernés", "QPV"):
        assert header_roles(cells("Objectifs", "Actions", title)) == [
            (0, "objective"),
            (1, "actions"),
            (2, "quartier"),
        ]


def test_an_enjeu_title_a_column_layout_cut_in_three_is_one_title(tmp_path: Path) -> None:
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Faciliter l'accès aux droits,     Lever les freins à la mobilité   • Ouvrir un garage\n"
        "aux soins et aux services                                            solidaire\n\n"
        "                           ENJEU  2 : DES QUARTIERS D'ÉMANCIPATION      POUR TOUS\n"
        "Accompagner l'accès à l'emploi    Favoriser l'accès et le retour   • Organiser un forum\n"
        "des habitants des quartiers       à l'emploi des habitants\n\n"
    )
    c = with_table(tmp_path, table)
    assert len(c.quartiers[0].retained) == 2
    assert not any("ENJEU" in n.text or "QUARTIERS" in n.text for n in c.notes)


def test_an_enjeu_title_a_column_layout_cut_in_two_is_one_title(tmp_path: Path) -> None:
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Faciliter l'accès aux droits,     Lever les freins à la mobilité   • Ouvrir un garage\n"
        "aux soins et aux services                                            solidaire\n\n"
        "                    ENJEU 2 – DES QUARTIERS D'ÉMANCIPATION        POUR TOUS\n"
        "Accompagner l'accès à l'emploi    Favoriser l'accès et le retour   • Organiser un forum\n"
        "des habitants des quartiers       à l'emploi des habitants\n\n"
    )
    c = with_table(tmp_path, table)
    (q,) = c.quartiers
    assert [r.objective_text for r in q.retained] == [
        "Lever les freins à la mobilité",
        "Favoriser l'accès et le retour à l'emploi des habitants",
    ]
    assert not any("ENJEU" in n.text for n in c.notes)  # the title, no objective


def test_objectives_centred_in_their_rows_take_the_actions_beside_them(tmp_path: Path) -> None:
    """Word centres a short objective in a tall row: pdftotext writes its first action above
    it, and the next row's first action before the next objective."""
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "     Orientation             Objectif                                Actions\n"
        "                                                                     • Tenir une permanence\n"
        "                             Renforcer le repérage des publics         du CCAS en mairie\n"
        "                             éloignés du droit en particulier        • Orienter vers France\n"
        "Faciliter l'accès aux                                                  services\n"
        "droits, aux soins et aux                                             • Ateliers numériques\n"
        "services                     Accompagner les habitants dans les      • Aide aux démarches\n"
        "                             démarches administratives et              avec le centre social\n"
        "                             numériques\n\n"
    )
    c = with_table(tmp_path, table)
    (q,) = c.quartiers
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Renforcer le repérage des publics éloignés du droit en particulier",
            ["Tenir une permanence du CCAS en mairie", "Orienter vers France services"],
        ),
        (
            "Accompagner les habitants dans les démarches administratives et numériques",
            ["Ateliers numériques", "Aide aux démarches avec le centre social"],
        ),
    ]


def test_a_cover_naming_every_quartier_or_listing_them_opens_none(tmp_path: Path) -> None:
    body = MINIMAL.split("\n", 2)[2]
    one = body.format(
        quartier="Quartier du Mont-Liébaut", code="QN06208M", actions="• Ouvrir un lieu"
    )
    two = body.format(quartier="Quartier des 3 Îlots", code="QN06209M", actions="• Créer un jardin")
    two = two[: two.index("Les signataires")]
    for cover in (
        "Quartier du Mont-Liébaut – Quartier des 3 Îlots\n\nDocument approuvé en conseil.\n\n",
        "Quartier du Mont-Liébaut\nQuartier des 3 Îlots\n\nPréambule\n\nLe contrat.\n\n",
    ):
        text = "Convention d'application communale\nCommune de Béthune\n\n" + cover + two + one
        c = doc(tmp_path, text)
        assert [q.code for q in c.quartiers] == ["QN06209M", "QN06208M"], cover


def test_a_quartier_listed_first_then_presented_under_its_heading(tmp_path: Path) -> None:
    # LibreOffice's text export: an overview table a cell per line, then the quartier's own
    # heading, its identification, and its figures' table whose column title names it again
    body = MINIMAL.split("\n", 2)[2].format(
        quartier="Quartier du Regain\n\nIdentification",
        code="QN06207M",
        actions="• Ouvrir un lieu",
    )
    body = body.replace(
        "Objectifs poursuivis",
        "Chiffres clés\nIndicateur\nQuartier du Regain\nCABBALR\nTaux de pauvreté\n41,5 %\n"
        "18,8 %\n\nObjectifs poursuivis",
    )
    text = (
        "Convention d'application communale\nCommune de Barlin\n\nLes quartiers\nQuartier\n"
        "Statut\nCode\nQuartier du Regain\nQPV\nQN06207M\n\n" + body
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.name, q.status, q.code) == ("Quartier du Regain", "QPV", "QN06207M")
    assert [i.value for i in q.portrait.indicators] == [Decimal("41.5")]


def test_objectives_under_a_second_heading_of_the_quartier_without_a_header_row(
    tmp_path: Path,
) -> None:
    # "III.1 Quartier « Ville Centre »" over its table, whose header pdftotext left as a
    # paragraph of centred titles: the enjeu announced over the table opens it
    text = saint_elie()
    table = (
        "Objectifs et actions par quartier\n\nQuartier « Saint-Elie »\n"
        "                 Objectifs                         Actions\n\n"
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Faciliter l'accès aux droits,      Renforcer le repérage des     - Tenir une permanence\n"
        "aux soins et aux services          publics éloignés du droit       du CCAS\n\n"
    )
    start = text.index("Objectifs poursuivis")
    end = text.index("Les signataires")
    c = doc(tmp_path, text[:start] + table + text[end:])
    (q,) = c.quartiers
    assert [r.objective_text for r in q.retained] == [
        "Renforcer le repérage des publics éloignés du droit"
    ]
    assert [a.text for a in q.retained[0].actions] == ["Tenir une permanence du CCAS"]


def test_an_action_in_an_html_cell_is_traced_to_its_cell(tmp_path: Path) -> None:
    table = (
        "<table>\n<tr><th>Orientations</th><th>Objectifs</th><th>Actions</th></tr>\n"
        "<tr>\n<td>Faciliter l'accès aux droits, aux soins et aux services</td>\n"
        "<td>Lever les freins à la mobilité</td>\n<td>\n<ul>\n"
        "<li>Permanence mensuelle du bus de la CABBALR sur le parking de la salle de la Fosse</li>\n"
        "<li>Ouvrir un garage solidaire</li>\n</ul>\n</td>\n</tr>\n</table>\n"
    )
    text = saint_elie("x")
    start = text.index("Orientations\t")
    end = text.index("\nLes signataires")
    text = text[:start] + table + text[end:]
    c = doc(tmp_path, text)
    (r,) = c.quartiers[0].retained
    lines = text.split("\n")
    # the cell's line, not its row's (a note on a lost action points into the cell)
    assert [(a.text, lines[a.span.first - 1]) for a in r.actions] == [
        (
            "Permanence mensuelle du bus de la CABBALR sur le parking de la salle de la Fosse",
            "<td>",
        ),
        ("Ouvrir un garage solidaire", "<td>"),
    ]


def test_an_html_enjeu_heading_over_two_source_lines_is_read_whole(tmp_path: Path) -> None:
    text = (
        "<html><body>\n<h1>Convention d'application communale – Commune de Haisnes</h1>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n"
        "<p>Statut : Quartier prioritaire de la politique de la ville</p>\n"
        "<p>Code quartier : QN06216M</p>\n<h2>Objectifs poursuivis sur le quartier</h2>\n"
        "<h3>ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS\nLES PLUS FRAGILES</h3>\n"
        "<table>\n<tr><th>Orientations</th><th>Objectifs</th><th>Actions</th></tr>\n"
        "<tr><td>Faciliter l'accès aux droits, aux soins et aux services</td>\n"
        "<td>Lever les freins à la mobilité</td><td>Ouvrir un garage solidaire</td></tr>\n"
        "</table>\n<h2>Les signataires</h2>\n<p>Fait à Haisnes, le 3 juillet 2024</p>\n"
        "</body></html>\n"
    )
    p = tmp_path / "convention-testville.html"
    p.write_text(text, encoding="utf-8")
    (res,) = convert([p], tmp_path / "out")
    assert len(res.convention.quartiers[0].retained) == 1
    assert res.counts["not_understood"] == 0  # "LES PLUS FRAGILES</h3>" is the title's end


def test_an_html_orientation_band_row_and_signatories_named_before_their_role(
    tmp_path: Path,
) -> None:
    """LibreOffice HTML (Divion-83): an "Orientation : …" row over two columns, its cell over
    several source lines, is read whole; a signatory's name in bold, then, after a line
    break, the role."""
    text = (
        "<html><body>\n<h1>Convention d'application communale – Commune de Haisnes</h1>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n"
        "<p>Statut : Quartier prioritaire de la politique de la ville</p>\n"
        "<p>Code quartier : QN06216M</p>\n<h2>Objectifs poursuivis sur le quartier</h2>\n"
        "<h3>ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS</h3>\n"
        "<table>\n<tr><th>Objectifs</th><th>Actions</th></tr>\n"
        "<tr><td colspan=\"2\"><p>\n<b>Orientation : Accompagner l'accès à l'autonomie et à\n"
        "l'emploi des habitants</b></p>\n</td></tr>\n"
        "<tr><td>Lever les freins à la mobilité</td><td>Ouvrir un garage solidaire</td></tr>\n"
        "</table>\n<h2>Les signataires</h2>\n<p>Fait à Haisnes, le 3 juillet 2024</p>\n"
        "<p>\n<b>Jean-Pierre FLAMENT</b><br/>\nMaire de Haisnes</p>\n"
        "<p>\n<b>Hervé MARCHAND</b><br/>\nPréfet du Pas-de-Calais</p>\n"
        "</body></html>\n"
    )
    p = tmp_path / "convention-testville.html"
    p.write_text(text, encoding="utf-8")
    (res,) = convert([p], tmp_path / "out")
    (row,) = res.convention.quartiers[0].rows
    assert row.orientation_text.startswith("Accompagner l'accès à l'autonomie")
    assert [a.text for a in row.actions] == ["Ouvrir un garage solidaire"]
    assert res.counts["not_understood"] == 0  # the band's lines, all of them
    sig = res.convention.signature
    assert sig is not None
    assert [(s.name, s.role, s.role_kind) for s in sig.signatories] == [
        ("Jean-Pierre FLAMENT", "Maire de Haisnes", "maire"),
        ("Hervé MARCHAND", "Préfet du Pas-de-Calais", "prefet"),
    ]


def test_a_quartiers_fields_in_a_table_with_other_rows(tmp_path: Path) -> None:
    text = MINIMAL.format(
        quartier="Quartier du Mont-Liébaut\n\nIdentité et portrait statistique\n"
        "Statut                 Quartier prioritaire de la politique de la ville (QPV)\n"
        "Code quartier          QN06208M\n"
        "Périmètre              Périmètre 2024-2030 (plan en annexe)\n",
        code="QN06208M",
        actions="• Ouvrir un lieu",
    )
    text = text.replace("Statut : Quartier prioritaire de la politique de la ville\n", "")
    text = text.replace("Code quartier : QN06208M\n", "")
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.status, q.code) == ("QPV", "QN06208M")
    assert [p.text for p in q.passages if "Périmètre" in p.text]


def test_an_unknown_section_is_kept_and_reported(tmp_path: Path) -> None:
    text = saint_elie("• Organiser un forum")
    text = text.replace(
        "Les signataires", "## Focus jeunesse\n\nUn texte à garder.\n\nLes signataires"
    )
    c = doc(tmp_path, text)
    notes = [n for n in c.notes if n.kind == "unknown_section"]
    assert [n.text for n in notes] == ["Focus jeunesse"]
    kept = c.passages + c.quartiers[0].passages  # inside the quartier's part of the document
    assert [p.section for p in kept if p.text == "Un texte à garder."] == ["unknown"]


def test_numbered_headings_out_of_sequence_are_items(tmp_path: Path) -> None:
    p = tmp_path / "n.txt"
    p.write_text(
        "1. Préambule\n\nTexte.\n\n2. Projet de quartier « X »\n\n7. Organiser un forum\n\n3. Les signataires\n",
        encoding="utf-8",
    )
    kinds = [s.kind for s in split(read(p))]
    assert kinds == ["title", "preambule", "quartier", "signataires"]


def test_a_part_on_the_communes_quartiers_in_the_plural_names_no_quartier(
    tmp_path: Path,
) -> None:
    """ "3. Les quartiers de Beuvry dans le contrat de ville" over "3.1 Identification et
    portrait statistique": a part on every quartier of the commune, not one named so."""
    p = tmp_path / "n.txt"
    p.write_text(
        "1. Préambule\n\nTexte.\n\n2. Les quartiers de Beuvry dans le contrat de ville\n\n"
        "Beuvry compte deux quartiers.\n\n2.1 Identification et portrait statistique\n\n"
        "Statut : quartier prioritaire\n\n3. Signatures\n",
        encoding="utf-8",
    )
    assert "quartier" not in [s.kind for s in split(read(p))]


def test_the_strategys_numbers_quoted_in_a_section_open_no_section(tmp_path: Path) -> None:
    """ "1.3 Prévenir les violences" under "2.1 Actions": the strategy's own numbering, out of
    the document's sequence and naming no kind of section, stays in the section."""
    p = tmp_path / "n.txt"
    p.write_text(
        "1. Préambule\n\nTexte.\n\n2. Projet de quartier « X »\n\n2.1 Plan d'actions\n\n"
        "1.3 Prévenir les violences, accompagner les victimes\n\n- Une action\n\n"
        "2.2 Gouvernance\n\n3. Les signataires\n",
        encoding="utf-8",
    )
    sections = split(read(p))
    assert [s.kind for s in sections] == [
        "title", "preambule", "quartier", "objectifs", "organisation", "signataires"
    ]  # fmt: skip
    assert any("1.3 Prévenir" in getattr(b, "text", "") for b in sections[3].blocks)


def test_a_missed_parent_heading_and_a_quartier_named_over_its_actions(tmp_path: Path) -> None:
    """ "2.1 Le Parc" after "1. Introduction" when "2. Les quartiers" read as text; "3.1 Le
    Parc (QPV)" over a table of objectives under a document-wide "Plan d'actions": that
    quartier's objectives."""
    text = (
        "Convention d'application communale\nCommune de Haisnes\n\n1. Introduction\nTexte.\n\n"
        "2. Les quartiers\n2.1 Le Parc\nStatut : quartier prioritaire de la politique de la ville\n"
        "Code : QN06216M\n\n3. Plan d'actions par quartier\n\n3.1 Le Parc (QPV)\n"
        "Orientation\tObjectif\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la mobilité"
        "\tOuvrir une plateforme\n\n4. Les signataires\n\nFait à Haisnes, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.name, q.code) == ("Le Parc", "QN06216M")
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        ("Lever les freins à la mobilité", ["Ouvrir une plateforme"])
    ]


def test_a_row_of_columns_names_no_section() -> None:
    assert plain_heading(Line(3, "Quartier            Code          Communes concernées")) is None
    # a wrapped sentence's first line, a table cell far right on the page: no titles
    wrapped = "Le quartier du Regain regroupe les cités minières situées de part et"
    assert plain_heading(Line(3, wrapped)) is None
    assert plain_heading(Line(3, " " * 55 + "Quartier Saint-Elie – Fosse Agglomération")) is None
    assert plain_heading(Line(3, "Le quartier du Regain")) is not None
    assert plain_heading(Line(3, "Fiche d'identité et carte")).name == "presentation"  # type: ignore[union-attr]
    assert plain_heading(Line(3, "Pilotage et suivi de la convention")).name == "pilotage"  # type: ignore[union-attr]


FICHES = """Convention d'application communale
Commune de Haisnes

Projet de quartier « Saint-Elie »

### Identification et portrait

Statut : Quartier prioritaire de la politique de la ville, code QN06216M
Communes concernées : Haisnes

Population : 2 500 habitants

Les fiches-actions

Enjeu n°2 : Émancipation

Orientation 2.2 : Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers
Objectif 2.2.3 – Lever les freins à la mobilité

Fiche action n°1 : Ouvrir une plateforme de mobilité
Porteur : Association Wimoov
Partenaires associés : France Travail, club de cyclisme de Haisnes,
entreprises locales
Échéance : 2025

Fiche action n°2 : Financer des permis de conduire
Porteur : CCAS

2.2 Accompagner l'accès à l'autonomie et à l'emploi / 2.2.6 Favoriser l'accès et le retour à l'emploi des habitants

Aucune fiche action à ce stade : elle sera écrite
avec les partenaires en 2025.

Les signataires

Fait à Haisnes, le 3 juillet 2024
"""


def test_a_partners_item_opening_with_an_accented_organisation_word(tmp_path: Path) -> None:
    """ "auto-école associative Mobil'Emploi", "école Jean-Macé" in a list of partners
    (Bruay-la-Buissière-173): the organisation word that opens them is matched accents
    folded, as in prose; the item is a partner."""
    text = FICHES.replace(
        "Partenaires associés : France Travail, club de cyclisme de Haisnes,\nentreprises locales",
        "Partenaires associés : France Travail, auto-école associative Mobil'Emploi,\n"
        "école élémentaire du centre",
    )
    names = {p.name for p in doc(tmp_path, text).partners}
    assert {"auto-école associative Mobil'Emploi", "école élémentaire du centre"} <= names


def test_a_strategy_column_titled_over_one_column_and_a_caption_under_its_table(
    tmp_path: Path,
) -> None:
    """ "Objectif de la stratégie | Actions opérationnelles | Partenaires | Échéance" over rows
    whose second column holds bulleted actions (Béthune-172, pdftotext -layout, one table per
    orientation): the strategy's title covers one column, its objectives', not the
    orientations' and the objectives' (the partners were read as actions, the actions as
    objectives); the caption under each table ("Tableau 3 – Orientation 1.1 : …") is no row.
    """
    table = (
        (Path(__file__).parent / "data" / "excerpts")
        .joinpath("layout-strategy-title-over-one-column-caption-below.txt")
        .read_text(encoding="utf-8")
    )
    c = with_table(tmp_path, table)
    read = actions_by_objective(c)
    assert not [k for k in read if k.startswith("Tableau")]
    assert {k: read[k] for k in list(read)[:4]} == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Tenir une permanence hebdomadaire d'accès aux droits au centre social du Mont-Liébaut",
            "Organiser deux fois par an un « forum des droits » au pied des immeubles",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Installer un conseiller numérique de France Services au centre social deux"
            " demi-journées par semaine",
            "Proposer des ateliers « premiers pas numériques » aux seniors",
        ],
        "Renforcer la prévention et l'accès aux soins, en particulier en matière de santé"
        " mentale et de conduites addictives": [
            "Ouvrir une permanence mensuelle du Point Accueil Écoute Jeunes dans le quartier",
            "Former les professionnels de proximité aux premiers secours en santé mentale",
        ],
        "Promouvoir l'activité physique et les activités favorables au bien-être": [
            "Créer un créneau sport-santé hebdomadaire au complexe sportif du Mont-Liébaut"
        ],
    }
    names = {p.name for p in c.partners}
    assert {
        "EPSM Val de Lys-Artois",
        "Union française des œuvres laïques d'éducation physique",
    } <= names
    assert not [n for n in names if n[:1].isdigit()]  # "2024-2026", a date drifted into the column


UNPLACED_OBJECTIVES = """Convention d'application communale
Commune de Beuvry

Préambule

Le contrat de ville « Engagements Quartiers 2030 » de la CABBALR fixe trois enjeux.

Objectifs poursuivis sur les quartiers

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations	Objectifs	Actions – Renaissance	Actions – Cité du Quesnoy
Faciliter l'accès aux droits, aux soins et aux services	Lever les freins à la mobilité	\
• Ouvrir un atelier vélo	• Tenir une permanence mobilité
Faciliter l'accès aux droits, aux soins et aux services	\
Accompagner les habitants dans les démarches administratives et numériques	\
• Former des aidants numériques	• Ouvrir un point numérique

Les signataires

Fait à Beuvry, le 3 juillet 2024

Annexe 1 – Fiche du quartier Renaissance

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06210M

Annexe 2 – Fiche du quartier Cité du Quesnoy

Statut : Quartier d'intérêt communautaire
"""


def test_an_objectives_part_before_its_quartiers_are_known_is_read_once_they_are(
    tmp_path: Path,
) -> None:
    """An objectives table for two quartiers side by side ("Actions – Renaissance", "Actions –
    Cité du Quesnoy") under no quartier, the quartiers presented later (in annexed fiches;
    Beuvry-93 named one on the cover only): read once every quartier is known, each quartier
    its own actions column, no longer kept as text and reported unread."""
    c = doc(tmp_path, UNPLACED_OBJECTIVES)
    read = {
        q.name: {r.objective_text: [a.text for a in r.actions] for r in q.retained}
        for q in c.quartiers
    }
    assert read == {
        "Renaissance": {
            "Lever les freins à la mobilité": ["Ouvrir un atelier vélo"],
            "Accompagner les habitants dans les démarches administratives et numériques": [
                "Former des aidants numériques"
            ],
        },
        "Cité du Quesnoy": {
            "Lever les freins à la mobilité": ["Tenir une permanence mobilité"],
            "Accompagner les habitants dans les démarches administratives et numériques": [
                "Ouvrir un point numérique"
            ],
        },
    }
    assert not [n for n in c.notes if n.kind == "unread_objectives_text"]
    # with one quartier only, no column names it: kept as text, and said to be unread
    alone = UNPLACED_OBJECTIVES.split("Annexe 2")[0].replace("Actions – Renaissance\t", "")
    c = doc(tmp_path, alone.replace("Actions – Cité du Quesnoy", "Actions"))
    assert [n.kind for n in c.notes if n.kind == "unread_objectives_text"] == [
        "unread_objectives_text"
    ]


def test_a_legend_says_which_mark_leaves_an_objective_aside(tmp_path: Path) -> None:
    """ "« — » : objectif non retenu pour le quartier" over the table (Beuvry-93): a row whose
    actions cell says "—" alone is an objective not retained, not one retained with an
    action "—"; with no such legend the row stays retained (a dash may say "no action yet")."""
    legend = "« — » : objectif non retenu pour le quartier.\n\n"
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir un atelier vélo\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tAccompagner les habitants "
        "dans les démarches administratives et numériques\t—\n\n"
    )
    c = with_table(tmp_path, legend + table)
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}
    c = with_table(tmp_path, table)
    assert "Accompagner les habitants dans les démarches administratives et numériques" in (
        actions_by_objective(c)
    )


TWO_PARTS = """Convention d'application communale
Commune de Divion

Partie I – Diagnostic

1.1 Coteau du Stade Parc – Cité 34

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06213M

1.2 Cités 6 et 30

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06214M

Partie II – Programme d'actions

2.1 Coteau du Stade Parc – Cité 34

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la mobilité\t\
• Ouvrir un atelier vélo

2.2 Cités 6 et 30

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\t\
Accompagner les habitants dans les démarches administratives et numériques\t\
• Ouvrir un point numérique

Les signataires

Fait à Divion, le 3 juillet 2024
"""


def test_a_convention_in_two_parts_names_each_quartier_again(tmp_path: Path) -> None:
    """ "Partie I – Diagnostic" then "Partie II – Programme d'actions", each quartier a
    heading in both (Divion-179): the second heading, a name alone, opens the quartier the
    first opened (by its fields), not a part of unknown kind whose table is lost."""
    c = doc(tmp_path, TWO_PARTS)
    read = {q.name: [r.objective_text for r in q.retained] for q in c.quartiers}
    assert read == {
        "Coteau du Stade Parc – Cité 34": ["Lever les freins à la mobilité"],
        "Cités 6 et 30": [
            "Accompagner les habitants dans les démarches administratives et numériques"
        ],
    }


def test_the_objective_a_sentence_retains_over_its_actions(tmp_path: Path) -> None:
    """ "Pour cette orientation, la commune retient : promouvoir l'activité physique …." over
    the list of its actions (Hersin-Coupigny-181): that objective, its actions the list's, not
    each item an objective."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        "Orientation « Rendre les habitants acteurs de leur santé physique et mentale »\n\n"
        "Pour cette orientation, la commune retient : promouvoir l'activité physique et les "
        "activités favorables au bien-être.\n\n"
        "• Aménager un parcours sportif\n• Proposer du sport sur ordonnance\n\n",
    )
    assert list(actions_by_objective(c).values()) == [
        ["Aménager un parcours sportif", "Proposer du sport sur ordonnance"]
    ]


def test_question_titles_over_an_orientation_line(tmp_path: Path) -> None:
    """pdftotext -layout (Labourse-179): "Pour quel objectif ?  Quoi ?  Qui ?  Quand ?" as the
    column titles, the first orientation's title on the next line in the same paragraph: the
    titles read as such, the orientation as the rows' (actions 2 of 26 before)."""
    table = (
        (Path(__file__).parent / "data" / "excerpts")
        .joinpath("layout-question-titles-over-an-orientation.txt")
        .read_text(encoding="utf-8")
    )
    read = actions_by_objective(with_table(tmp_path, table))
    assert read["Renforcer le repérage des publics éloignés du droit"][:1] == [
        "Tenir une permanence « accès aux droits » à la mairie annexe un mardi sur deux"
    ]


def test_an_orientation_and_objective_column_opens_a_quartier_s_objectives(
    tmp_path: Path,
) -> None:
    """ "Réf. | Orientation / objectif | Actions | Partenaires" under a quartier's heading
    (Lillers-179, HTML): a table of the objectives, its first column both levels, not the
    quartier's presentation."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Quartier prioritaire « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<table>\n<tr><th>Réf.</th><th>Orientation / objectif</th><th>Actions</th>"
        "<th>Partenaires</th></tr>\n"
        "<tr><td colspan=4>Enjeu 2 – Des quartiers d'émancipation pour tous</td></tr>\n"
        "<tr><td>2.2</td><td><p>Accompagner l'accès à l'autonomie et à l'emploi des habitants"
        " des quartiers</p><p>Lever les freins à la mobilité</p></td>"
        "<td><p>- Ouvrir une plateforme</p></td><td>Wimoov</td></tr>\n</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir une plateforme"]}


def test_a_partners_cell_wrapped_over_lines_is_joined_again() -> None:
    """pdftotext -layout (Labourse-179): a partners cell wrapped over lines, a blank line or
    another column's cell between ("Partenaires : PLIE de" / "l'Artois, Mission locale"): one
    text, where the phrase runs on; a line after a whole phrase, or further down, another."""
    from quartiers.parse import _wrapped_extras

    extras = [
        ("Qui ?", "Partenaires : PLIE de", 10),
        ("Quand ?", "2025", 10),
        ("Qui ?", "l'Artois, Mission locale", 12),
        ("Qui ?", "Pilote : CCAS", 20),
        ("Qui ?", "France Travail", 21),
    ]
    assert [(c, t) for c, t, _ in _wrapped_extras(extras)] == [
        ("Qui ?", "Partenaires : PLIE de l'Artois, Mission locale"),
        ("Quand ?", "2025"),
        ("Qui ?", "Pilote : CCAS"),
        ("Qui ?", "France Travail"),
    ]


def test_actions_numbered_in_lower_case_roman_numerals(tmp_path: Path) -> None:
    """Word's text of cells whose actions are "i.", "ii." paragraphs (Houdain-185): the later
    items on lines of their own (under a row, or with the row's next cells after them), the
    first after the row's objective; each an action, no "i." of its own."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\ti.\tOuvrir un atelier vélo\n"
        "ii.\tFinancer des permis de conduire\tWimoov\n"
        "\tAccompagner les habitants dans les démarches administratives et numériques\t"
        "i.\tOuvrir un point numérique\n"
        "ii.\tFormer des aidants numériques\n\n",
    )
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Ouvrir un atelier vélo",
            "Financer des permis de conduire",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ouvrir un point numérique",
            "Former des aidants numériques",
        ],
    }


def test_an_html_definition_list_of_actions_and_their_fields(tmp_path: Path) -> None:
    """ "<dt>Organiser une permanence …</dt><dd>Partenaires : CCAS · Échéance : 2025</dd>"
    under an objective (Haisnes-185): each term an action, its value the action's fields, not
    one "label : value" field named by the action."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h2>Objectifs et actions</h2>\n"
        "<h3>Enjeu 2 – Des quartiers d'émancipation pour tous</h3>\n"
        "<p>Objectif : Lever les freins à la mobilité</p>\n<dl>\n"
        "<dt>Ouvrir une plateforme de mobilité</dt>\n"
        "<dd>Partenaires : Wimoov · Échéance : 2025</dd>\n"
        "<dt>Financer des permis de conduire</dt>\n<dd>Partenaires : CCAS</dd>\n</dl>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Ouvrir une plateforme de mobilité",
            "Financer des permis de conduire",
        ]
    }
    assert "Wimoov" in {p.name for p in c.partners}


def test_objectives_written_as_fiches_actions(tmp_path: Path) -> None:
    """One fiche per action ("Fiche action n°1 : …" and its fields), numbered orientations and
    objectives, an orientation and its objective on one line, an objective without a fiche;
    the quartier's status and code given in the portrait's first lines."""
    c = doc(tmp_path, FICHES)
    (q,) = c.quartiers
    assert (q.status, q.code, q.communes) == ("QPV", "QN06216M", ["Haisnes"])
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Lever les freins à la mobilité",
            ["Ouvrir une plateforme de mobilité", "Financer des permis de conduire"],
        ),
        ("Favoriser l'accès et le retour à l'emploi des habitants", []),
    ]
    fields = [p.text for p in q.passages if p.section == "objectifs"]
    assert (
        "Partenaires associés : France Travail, club de cyclisme de Haisnes, entreprises locales"
        in fields
    )
    names = {p.name for p in c.partners}
    # every item of a partners field is an organisation when it says what kind it is
    assert {"Wimoov", "club de cyclisme de Haisnes"} <= names
    assert not any("entreprises" in n for n in names)
    lost = [n for n in c.notes if n.kind in {"unread_objectives_text", "unknown_section"}]
    assert lost == []


# ---------------------------------------------------------------- quartier header


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("QP 06 20 16", "QP062016"),
        ("QP062016", "QP062016"),
        ("QP 062 016", "QP062016"),
        ("QN06216M", "QN06216M"),
        ("Code QPV : QN 062 16 M", "QN06216M"),
        ("sans objet", None),
    ],
)
def test_qpv_codes_2015_and_2024(written: str, code: str | None) -> None:
    assert normalise_code(written) == code


def test_2024_code_is_matched_to_the_reference(tmp_path: Path) -> None:
    c = doc(
        tmp_path,
        saint_elie("• Organiser un forum"),
    )
    q = c.quartiers[0]
    assert (q.status, q.code) == ("QPV", "QN06216M")
    assert not [n for n in c.notes if n.kind == "missing_code"]


def test_a_qpv_without_code_is_a_warning(tmp_path: Path) -> None:
    c = doc(
        tmp_path,
        MINIMAL.format(
            quartier="Projet de quartier « Saint-Elie »",
            code="à venir",
            actions="• Organiser un forum",
        ),
    )
    assert [n.severity for n in c.notes if n.kind == "missing_code"] == ["warning"]


def test_a_description_after_the_name_in_its_field_is_the_quartier_s_text(tmp_path: Path) -> None:
    """ "Nom du quartier : Saint-Elie – Fosse 13 (partie hullochoise : cité de la Fosse 13, rue
    de Lens)" (Hulluch-139): the name is what comes before the parenthesis; what it says of the
    quartier is kept as its text."""
    field = "Nom du quartier : Saint-Elie – Fosse 13 (partie hullochoise : cité de la Fosse 13, rue de Lens)"
    text = MINIMAL.format(quartier="Projet de quartier", code="QN06216M", actions="• Ouvrir")
    text = text.replace("Statut :", field + "\nStatut :")
    (q,) = doc(tmp_path, text).quartiers
    assert q.name == "Saint-Elie – Fosse 13"
    assert field in [p.text for p in q.passages]


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("Projet de quartier « Cités 6 et 30 »", "Cités 6 et 30"),
        ("QUARTIER TERRE-NOEVE", "Terre-Noeve"),
        ("CITÉ DES TILLEULS", "Cité des Tilleuls"),
        ("## Quartier du Regain (QPV)", "Quartier du Regain"),
        ("La cité des Genêts (quartier d'intérêt communautaire)", "La cité des Genêts"),
        ("Quartier Rimbert (Auchel)", "Rimbert (Auchel)"),
        ("II. Projet de quartier : Le Mont-Liébaut", "Le Mont-Liébaut"),
        ("2. LE QUARTIER PRIORITAIRE DU REGAIN", "Quartier du Regain"),
        ("III.1 Le quartier prioritaire du Mont-Liébaut", "Quartier du Mont-Liébaut"),
        ("Le QPV des 3 Îlots (QN06209M)", "Quartier des 3 Îlots"),
        ("Quartier des 3 Îlots (Béthune – Verquin)", "Quartier des 3 Îlots (Béthune – Verquin)"),
        (
            "Saint-Elie – Fosse 13 (partie hullochoise : cité de la Fosse 13, rue)",
            "Saint-Elie – Fosse 13",
        ),
    ],
)
def test_quartier_names(heading: str, name: str) -> None:
    from quartiers.parsers.header import title_case

    assert title_case("QUARTIER DU HAUT D'HOUDAIN") == "Quartier du Haut d'Houdain"
    got = quartier_name(heading.lstrip("# ").split(". ", 1)[-1] if heading[0] == "I" else heading)
    assert got == name


# ---------------------------------------------------------------- portrait


@pytest.mark.parametrize(
    ("line", "code", "value", "qualifier", "agglo"),
    [
        (
            "Taux de pauvreté : 32,8% (18,8% sur l'ensemble de l'agglomération).",
            "taux_pauvrete",
            "32.8",
            "exact",
            "18.8",
        ),
        (
            "Taux de pauvreté ........ 41,3 % (CABBALR : 18,8 %)",
            "taux_pauvrete",
            "41.3",
            "exact",
            "18.8",
        ),
        (
            "Taux de pauvreté : 38,6 % – agglomération : 18,8 %",
            "taux_pauvrete",
            "38.6",
            "exact",
            "18.8",
        ),
        (
            "Part des – de 25 ans : 32,8 % (CABBALR : 31 %)",
            "part_moins_25_ans",
            "32.8",
            "exact",
            "31",
        ),
        (
            "Population : environ 1 600 habitants (stable depuis 2015).",
            "population",
            "1600",
            "approx",
            None,
        ),
        ("Part du parc social : + de 95%", "part_parc_social", "95", "more_than", None),
        ("Part des logements sociaux : près de 79,4 %", "part_parc_social", "79.4", "approx", None),
        (
            "Revenu médian : 12 480 € (CABBALR : 19 870 €)",
            "revenu_median",
            "12480",
            "exact",
            "19870",
        ),
    ],
)
def test_indicator_lines(
    line: str, code: str, value: str, qualifier: str, agglo: str | None
) -> None:
    ind = parse_indicator(line, S, CTX)
    assert ind is not None
    assert (ind.code, ind.value, ind.qualifier) == (code, Decimal(value), qualifier)
    assert ind.agglomeration_value == (Decimal(agglo) if agglo else None)


@pytest.mark.parametrize(
    ("lines", "values"),
    [
        # a comparison said once with the agglomeration holds for the next lines
        (
            "- Taux de pauvreté : 32,8 % (contre 18,8 % pour la CABBALR)\n"
            "- Part des moins de 25 ans : 39,2 % (contre 31 %)\n",
            [("32.8", "18.8"), ("39.2", "31")],
        ),
        # a value run into its label (pdftotext -layout, one space apart) is split off
        (
            "Indicateur                                  Quartier           Agglomération\n"
            "Taux de pauvreté                            32,8 %             18,8 %\n"
            "Part des 16-25 ans ni en emploi, ni 32,6 %                     23,5 %\n"
            "scolarisés\n",
            [("32.8", "18.8"), ("32.6", "23.5")],
        ),
    ],
)
def test_portrait_values_with_the_agglomerations(
    tmp_path: Path, lines: str, values: list[tuple[str, str]]
) -> None:
    (q,) = with_parts(tmp_path, f"Portrait statistique\n{lines}\n").quartiers
    assert [(i.value, i.agglomeration_value) for i in q.portrait.indicators] == [
        (Decimal(v), Decimal(a)) for v, a in values
    ]


def test_an_unknown_indicator_with_a_qualifier_in_a_table_is_kept() -> None:
    """ "Part des ménages locataires du parc privé | près de 55 %": a label the vocabulary does
    not know, its value qualified, is a row (kept and coded), not a header row."""
    from quartiers import blocks
    from quartiers.document import Table
    from quartiers.parsers.portrait import table_indicators
    from quartiers.source import split_lines

    text = (
        "Indicateur\tQuartier\tAgglomération\nPart des moins de 25 ans\t29,5 %\t31 %\n"
        "Part des ménages locataires du parc privé\tprès de 55 %\t\n"
    )
    (t,) = [b for b in blocks.parse(*split_lines(text)) if isinstance(b, Table)]
    found, _ = table_indicators(t, CTX)
    assert [(i.known, i.value, i.qualifier) for i in found] == [
        (True, Decimal("29.5"), "exact"),
        (False, Decimal("55"), "approx"),
    ]


def test_indicators_in_sentences() -> None:
    found = prose_indicators(
        "Le quartier compte environ 2 300 habitants pour une superficie de 35 hectares. Le taux de "
        "pauvreté atteint 41 %, contre 18,8 % pour l'agglomération. Les moins de 25 ans représentent "
        "36,2 % de la population (31 % pour l'agglomération).",
        S,
        CTX,
    )
    assert [(i.code, i.value, i.agglomeration_value) for i in found] == [
        ("population", Decimal("2300"), None),
        ("surface_ha", Decimal("35"), None),
        ("taux_pauvrete", Decimal("41"), Decimal("18.8")),
        ("part_moins_25_ans", Decimal("36.2"), Decimal("31")),
    ]


def test_over_60s_and_recipients_living_on_benefits_in_sentences() -> None:
    """Two indicators of the portraits with a concept of their own (Marles-les-Mines-153 wrote
    them in sentences, where a figure needs a concept to be read at all); a gap in points to
    the agglomeration's rate is no value."""
    found = prose_indicators(
        "Les moins de 25 ans y représentent 36,8 % de la population, tandis que les personnes de "
        "60 ans et plus en représentent 22,5 %. Le revenu médian s'établit à 12 150 €, et 31,4 % "
        "des allocataires de la CAF dépendent à 100 % des prestations sociales. Pour une "
        "population jeune, le taux d'emploi est inférieur de près de 14 points à celui de "
        "l'agglomération.",
        S,
        CTX,
    )
    assert [(i.code, i.value) for i in found] == [
        ("part_moins_25_ans", Decimal("36.8")),
        ("part_60_ans_plus", Decimal("22.5")),
        ("revenu_median", Decimal("12150")),
        ("part_allocataires_dependants", Decimal("31.4")),
    ]
    line = parse_indicator("Allocataires CAF dont les revenus dépendent à 100 % : 29,1 %", S, CTX)
    assert line is not None and line.code == "part_allocataires_dependants"


def test_the_agglomerations_value_after_pour_or_quand() -> None:
    """ "…, pour 58,8 % à l'échelle de la CABBALR", "…, quand celui de l'ensemble des
    établissements de l'agglomération est de 104": the agglomeration's value, as after
    "contre"."""
    found = prose_indicators(
        "Le taux d'emploi des 15-64 ans n'est que de 46,8 %, pour 58,8 % à l'échelle de la "
        "CABBALR. L'indice de positionnement social (IPS) des écoles du quartier est de 84, quand "
        "celui de l'ensemble des établissements de l'agglomération est de 104.",
        S,
        CTX,
    )
    assert [(i.code, i.value, i.agglomeration_value) for i in found] == [
        ("taux_emploi_15_64", Decimal("46.8"), Decimal("58.8")),
        ("ips", Decimal("84"), Decimal("104")),
    ]
    line = parse_indicator("Taux de pauvreté : 39,7 %, pour 18,8 % dans l'agglomération", S, CTX)
    assert line is not None and line.agglomeration_value == Decimal("18.8")


def test_a_population_counted_in_persons() -> None:
    found = prose_indicators("Environ 2 300 personnes vivent dans le quartier.", S, CTX)
    assert [(i.code, i.value, i.qualifier) for i in found] == [
        ("population", Decimal("2300"), "approx")
    ]


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [("environ 2 870 habitants", "population", "2870"), ("38 hectares", "surface_ha", "38")],
)
def test_a_figure_whose_unit_ends_the_text_names_its_indicator(
    text: str, code: str, value: str
) -> None:
    """ "• environ 2 870 habitants": the unit, last of the line, names the indicator (nothing
    after it is no age's dash)."""
    found = prose_indicators(text, S, CTX)
    assert [(i.code, i.value) for i in found] == [(code, Decimal(value))]


def test_a_footnote_mark_on_a_figure_is_no_digit_of_it() -> None:
    """ "79²": the figure 79 and a footnote's mark (NFKD would read 792); "m²" stays."""
    found = prose_indicators("IPS des écoles : 79² (CABBALR : 104)", S, CTX)
    assert [(i.code, i.value, i.agglomeration_value) for i in found] == [
        ("ips", Decimal("79"), Decimal("104"))
    ]
    assert clean("une salle de 120 m²") == "une salle de 120 m²"


def test_a_quartiers_fields_on_one_line_are_each_read(tmp_path: Path) -> None:
    """ "Nom : … Statut : … Code : … Commune concernée : …": an HTML paragraph whose fields
    were broken by <br> (read as spaces), or fields typed on one line; a label inside a value
    ("… la ville Code …" needs its colon) does not cut it."""
    text = saint_elie().replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M",
        "Nom : Saint-Elie Statut : Quartier prioritaire de la politique de la ville "
        "Code : QN06216M Communes concernées : Haisnes, Douvrin",
    )
    (q,) = doc(tmp_path, text).quartiers
    assert (q.status, q.code, q.communes) == ("QPV", "QN06216M", ["Haisnes", "Douvrin"])


@pytest.mark.parametrize(
    ("text", "agglo"),
    [
        ("Le taux d'emploi des 15-64 ans n'est que de 44,8 %, contre 58,8 %.", "58.8"),
        ("Le taux d'emploi des 15-64 ans est de 44,8 %, contre 41 % en 2015.", None),
        ("Le taux d'emploi des 15-64 ans est de 44,8 %, contre 52 % pour la commune.", None),
        (
            "Le taux d'emploi des 15-64 ans est de 44,8 % ; il est de 58,8 % sur l'agglomération.",
            "58.8",
        ),
    ],
)
def test_the_agglomerations_value_compared_bare_or_placed(text: str, agglo: str | None) -> None:
    """ "…, contre 58,8 %.": a comparison naming no territory and no year is with the
    agglomeration; "… de 58,8 % sur l'agglomération": a value, then where it is measured."""
    (found,) = prose_indicators(text, S, CTX)
    assert found.value == Decimal("44.8")
    assert found.agglomeration_value == (Decimal(agglo) if agglo else None)


def test_the_agglomerations_value_in_a_clause_after_the_evolution() -> None:
    line = parse_indicator(
        "Part des moins de 25 ans : 38,6 %, en baisse de 2 points depuis 2015 ; elle est de "
        "31 % sur l'agglomération, stable.",
        S,
        CTX,
    )
    assert line is not None and (line.value, line.agglomeration_value) == (
        Decimal("38.6"),
        Decimal("31"),
    )


def test_numbers_of_names_and_changes_are_no_values() -> None:
    text = (
        "Le quartier Saint-Élie – Fosse 13 s'étend sur trois communes dont les habitants sont "
        "proches. La population est en hausse (+100 habitants par rapport à 2015)."
    )
    assert prose_indicators(text, S, CTX) == []


def test_indicators_compared_in_a_clause_and_abbreviated_qualifiers() -> None:
    found = prose_indicators(
        "La cité compte env. 1 350 habitants. Le taux d'emploi des 15-64 ans n'est que de "
        "44,9 %, alors qu'il s'élève à 58,8 % à l'échelle de la CABBALR.",
        S,
        CTX,
    )
    assert [(i.code, i.value, i.qualifier, i.agglomeration_value) for i in found] == [
        ("population", Decimal("1350"), "approx", None),
        ("taux_emploi_15_64", Decimal("44.9"), "exact", Decimal("58.8")),
    ]


def test_portrait_table_and_agglomeration_on_the_next_line(tmp_path: Path) -> None:
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Portrait statistique\n\n| Indicateur | Quartier | Agglomération |\n|---|---|---|\n"
        "| Taux de pauvreté | **39,4 %** | 18,8 % |\n\nTaux d'emploi des 15-64 ans : 44 %\n"
        "– agglomération : 58,8 %\n\nUn indicateur inconnu : 12 %\n\nObjectifs poursuivis",
    )
    q = doc(tmp_path, text).quartiers[0]
    got = {i.code: (i.value, i.agglomeration_value, i.known) for i in q.portrait.indicators}
    assert got["taux_pauvrete"] == (Decimal("39.4"), Decimal("18.8"), True)
    assert got["taux_emploi_15_64"] == (Decimal("44"), Decimal("58.8"), True)
    assert got["un_indicateur_inconnu"] == (Decimal("12"), None, False)


def test_a_portrait_in_sentences_with_figures_in_words(tmp_path: Path) -> None:
    """Figures written in words where they count what an indicator counts ("près de trois
    mille cinq cents habitants", "une quarantaine d'hectares"), a comparison said "loin des
    104 … de l'agglomération"; "les deux écoles" is no figure."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Portrait du quartier\n\n"
        "• Le quartier compte près de trois mille cinq cents habitants, répartis sur une "
        "quarantaine d'hectares.\n"
        "• L'indice de position sociale (IPS) des deux écoles est de 81, loin des 104 relevés "
        "en moyenne dans l'agglomération.\n"
        "• Environ la moitié des demandeurs d'emploi le sont depuis plus d'un an (50 %).\n\n"
        "Objectifs poursuivis",
    )
    got = {
        i.code: (i.value, i.agglomeration_value, i.qualifier)
        for i in doc(tmp_path, text).quartiers[0].portrait.indicators
    }
    assert got == {
        "population": (Decimal("3500"), None, "approx"),
        "surface_ha": (Decimal("40"), None, "approx"),
        "ips": (Decimal("81"), Decimal("104"), "exact"),
        "part_demandeurs_emploi_longue_duree": (Decimal("50"), None, "exact"),
    }


@pytest.mark.parametrize(
    "written",
    [
        "Part des ménages d'une seule personne : 35,6 % (CABBALR : 30,4 %)",
        "Le quartier compte près de 35,6 % de ménages composés d'une seule personne.",
    ],
)
def test_one_person_households_are_a_concept_of_the_portrait(tmp_path: Path, written: str) -> None:
    """Thirty-four development readings name the share of one-person households: a concept
    of the vocabulary, in a "label : value" line or in a sentence."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis", f"Portrait statistique\n\n{written}\n\nObjectifs poursuivis"
    )
    (ind,) = doc(tmp_path, text).quartiers[0].portrait.indicators
    assert (ind.code, ind.value, ind.known) == ("part_menages_une_personne", Decimal("35.6"), True)


@pytest.mark.parametrize(
    ("written", "value", "qualifier"),
    [
        ("Part des ménages allocataires de la CAF : 61,2 % (CABBALR : 48 %)", "61.2", "exact"),
        ("Plus de six ménages sur dix sont allocataires de la CAF.", "60", "more_than"),
        ("Près de 3 foyers sur 5 sont allocataires de la CAF.", "60", "approx"),
    ],
)
def test_households_receiving_caf_benefits_are_a_concept_of_the_portrait(
    tmp_path: Path, written: str, value: str, qualifier: str
) -> None:
    """The share of households receiving CAF benefits (Beuvry-166), in a "label : value" line
    or in a sentence whose only figure is a share in words: read as the percentage it says."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis", f"Portrait statistique\n\n{written}\n\nObjectifs poursuivis"
    )
    (ind,) = doc(tmp_path, text).quartiers[0].portrait.indicators
    assert (ind.code, ind.value, ind.qualifier) == (
        "part_menages_allocataires_caf",
        Decimal(value),
        qualifier,
    )


@pytest.mark.parametrize(
    "written",
    [
        "Foyers allocataires de la CAF : 420",
        "Part des allocataires CAF dont les revenus dépendent à 100 % des prestations : 31 %",
    ],
)
def test_a_count_of_caf_households_or_those_on_benefits_alone_are_other_figures(
    tmp_path: Path, written: str
) -> None:
    """A count of recipient households is no share; recipients living on benefits alone are
    the concept before it."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis", f"Portrait statistique\n\n{written}\n\nObjectifs poursuivis"
    )
    codes = [i.code for i in doc(tmp_path, text).quartiers[0].portrait.indicators]
    assert "part_menages_allocataires_caf" not in codes


def test_a_share_in_words_beside_its_percentage_reads_the_percentage(tmp_path: Path) -> None:
    """ "Un habitant sur trois … (33,6 %)": the figure written, not the rounded share."""
    written = "Un habitant sur trois vit sous le seuil de pauvreté (33,6 %)."
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis", f"Portrait statistique\n\n{written}\n\nObjectifs poursuivis"
    )
    (ind,) = doc(tmp_path, text).quartiers[0].portrait.indicators
    assert (ind.code, ind.value) == ("taux_pauvrete", Decimal("33.6"))


def test_a_share_in_words_saying_again_a_figure_of_the_portrait_is_text(tmp_path: Path) -> None:
    """ "Plus de quatre habitants sur dix ont moins de 25 ans" in the presentation, "Part des
    moins de 25 ans : 41,2 %" in the portrait (Béthune-62): one value, the figure; the sentence
    is the quartier's text, its line kept as text, not taken for a second value."""
    sentence = "La population est jeune : plus de quatre habitants sur dix ont moins de 25 ans."
    c = with_parts(
        tmp_path,
        f"\nPrésentation du quartier\n\n{sentence}\n\nPortrait statistique\n\n"
        "Part des moins de 25 ans : 41,2 % (CABBALR : 31 %)\n\n",
    )
    q = c.quartiers[0]
    assert [(i.code, i.value) for i in q.portrait.indicators] == [
        ("part_moins_25_ans", Decimal("41.2"))
    ]
    (kept,) = [p for p in q.passages if "quatre habitants" in p.text]
    assert kept.text == sentence
    assert c.line_use[kept.span.first][0] == LineUse.TEXT


def test_a_portrait_s_labels_opened_by_pictograms_are_the_vocabulary_s(tmp_path: Path) -> None:
    """ "👥 Population : 2 340", "👩‍👧 Familles monoparentales : 24,8 %" (an identity card,
    Marles-les-Mines-173): the pictogram is decoration, the label a concept of the
    vocabulary, not a new indicator named by its emoji."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Portrait statistique\n\n👥 Population : 2 340 habitants\n"
        "👩\u200d👧 Familles monoparentales : 24,8 %\n📉 Taux de chômage : 21 %\n\n"
        "Objectifs poursuivis",
    )
    inds = doc(tmp_path, text).quartiers[0].portrait.indicators
    assert [(i.code, i.label, i.known) for i in inds] == [
        ("population", "Population", True),
        ("part_familles_monoparentales", "Familles monoparentales", True),
        ("taux_chomage", "Taux de chômage", True),
    ]


def test_a_portrait_of_key_figures_each_over_its_label(tmp_path: Path) -> None:
    """'Chiffres clés': a figure in large type on its line, its label under it with the
    agglomeration's value; a label the vocabulary does not know is read once the portrait is
    known to be written so, a per-mille rate in per mille, a figure with no label reported."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Chiffres clés\n\n~ 1 950\nhabitants\n\n37,9 %\ntaux de pauvreté — agglomération : 18,8 %"
        "\n\n83\nIPS moyen des écoles du quartier — agglomération : 104\n\n12,7 ‰\n"
        "faits de délinquance pour 1 000 habitants — agglomération : 9,1 ‰\n\n"
        "46,2 %\n\nObjectifs poursuivis",
    )
    c = doc(tmp_path, text)
    got = {
        i.code: (i.value, i.unit, i.agglomeration_value, i.qualifier)
        for i in c.quartiers[0].portrait.indicators
    }
    assert got == {
        "population": (Decimal("1950"), "inhabitants", None, "approx"),
        "taux_pauvrete": (Decimal("37.9"), "percent", Decimal("18.8"), "exact"),
        "ips": (Decimal("83"), "index", Decimal("104"), "exact"),
        "faits_de_delinquance_pour_1_000": (
            Decimal("12.7"),
            "per_mille",
            Decimal("9.1"),
            "exact",
        ),
    }
    lost = [n for n in c.notes if n.kind == "unparsed_indicator"]
    assert [n.text for n in lost] == ["46,2 %"]


def test_key_figures_need_a_known_label_before_any_label_is_read(tmp_path: Path) -> None:
    """A figure then words the vocabulary does not name is a sentence, not an indicator, until
    a key figure with a known label has shown the portrait is written so."""
    ctx = Context(("CABBALR",))
    from quartiers.parsers.portrait import figure_first

    assert figure_first("12 élèves par classe en moyenne", S, ctx) is None
    got = figure_first("12 élèves par classe en moyenne", S, ctx, any_label=True)
    assert got is not None and (got.value, got.unit) == (Decimal("12"), "number")
    assert figure_first("36,5 % part des moins de 25 ans", S, ctx) is not None


def test_a_portrait_grid_whose_header_names_a_quartier_opening_with_a_number(
    tmp_path: Path,
) -> None:
    grid = (
        "+----------------------------+--------------+--------------+\n"
        "| Indicateur                 | 3 Îlots      | CABBALR      |\n"
        "+============================+==============+==============+\n"
        "| Surface                    | 33 hectares  | -            |\n"
        "+----------------------------+--------------+--------------+\n"
        "| Indice de position sociale | 81           | 104          |\n"
        "| des écoles du secteur      |              |              |\n"
        "+----------------------------+--------------+--------------+\n"
    )
    text = saint_elie("• Organiser").replace(
        "Objectifs poursuivis",
        f"Portrait statistique\n\n{grid}\nPopulation ........ environ 1 100 habitants\n\n"
        "Objectifs poursuivis",
    )
    q = doc(tmp_path, text).quartiers[0]
    got = {i.code: (i.label, i.value, i.agglomeration_value) for i in q.portrait.indicators}
    assert got == {
        "surface_ha": ("Surface", Decimal("33"), None),  # "-" is no value, not a border
        "ips": ("Indice de position sociale des écoles du secteur", Decimal("81"), Decimal("104")),
        "population": ("Population", Decimal("1100"), None),
    }


def test_a_lower_case_piece_of_a_wrapped_cell_is_not_noise() -> None:
    assert damage("familles, établissements scolaires") is None
    assert damage("Digital Registrate assistant") == "ocr_noise"
    # "de la" three times is French, a repeated pair of content words a stutter
    assert damage("Permanence du bus de la CABBALR sur le parking de la salle de la Fosse") is None
    assert damage("le bus le bus le bus le bus") == "ocr_noise"
    # a preposition is French enough for a short action naming a body in capitals
    assert damage("Orienter vers France Services") is None
    assert damage("Ateliers cuisine intergénérationnels") is None  # one word the lexicon lacks


# ---------------------------------------------------------------- objectives and actions


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("ENJEU 1 : DES QUARTIERS", 1),
        ("Enjeu n°2 : Des quartiers", 2),
        ("ENJEU N°1 – X", 1),
        ("ENJEU III : X", 3),
        ("Axe 3 : X", 3),
        ("#### Enjeu n°2 : X", 2),
        ("**ENJEU 2**", 2),
        ("b)\tEnjeu 2 : des quartiers d'émancipation pour tous", 2),
        ("II. Enjeu 3 – X", 3),
        # a table's caption (Burbure-148: read as an orientation no strategy has)
        ("Tableau 2 – Enjeu 2 : Des quartiers d'émancipation pour tous", 2),
    ],
)
def test_enjeu_forms(text: str, n: int) -> None:
    found = enjeu_header(text)
    assert found is not None and found[0] == n


@pytest.mark.parametrize(
    "text", ["enjeux de nutrition", "Enjeux du quartier", "Axes stratégiques", "Enjeux : x"]
)
def test_words_that_only_begin_like_an_enjeu_announce_none(text: str) -> None:
    """ "enjeux de nutrition", wrapped onto its own line in a table cell, is not "enjeu X"."""
    assert enjeu_header(text) is None


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        (
            "1. Organiser un forum 2. Ouvrir un lieu 3. Former",
            ["Organiser un forum", "Ouvrir un lieu", "Former"],
        ),
        (
            "1) Accueillir le bus<br>2) Former les animateurs",
            ["Accueillir le bus", "Former les animateurs"],
        ),
        (
            "<ul><li>Sensibiliser</li><li>Rendre accessible</li></ul>",
            ["Sensibiliser", "Rendre accessible"],
        ),
        ("– Ouvrir un lieu – Organiser un forum", ["Ouvrir un lieu", "Organiser un forum"]),
        # the dash a cell opens with marks its items; another one inside is punctuation
        (
            "- Rencontres habitants – Maisons & Cités avant les travaux - Fête de la cité",
            ["Rencontres habitants – Maisons & Cités avant les travaux", "Fête de la cité"],
        ),
        # a bullet glued to the item before it, the wide gap Word leaves after it (html2text)
        ("·        Tenir un lieu·        Ouvrir un forum", ["Tenir un lieu", "Ouvrir un forum"]),
        # Google Docs' Markdown escapes its dashes and numbers
        (r"\- Ouvrir un lieu \- Organiser un forum", ["Ouvrir un lieu", "Organiser un forum"]),
        (r"1\. Ouvrir un lieu 2\. Former", ["Ouvrir un lieu", "Former"]),
        (
            "Construire 47 logements. Faire 2 fois par an",
            ["Construire 47 logements. Faire 2 fois par an"],
        ),
        # actions numbered under their objective's number, a letter last
        (
            "2.3.a Ouvrir un lieu (CCAS) 2.3.b) Former les bénévoles",
            ["Ouvrir un lieu (CCAS)", "Former les bénévoles"],
        ),
        ("1.10.c Tenir une permanence", ["Tenir une permanence"]),
        # an objective's own number, a reference in the text: no item
        ("1.2.1 Renforcer le repérage", ["1.2.1 Renforcer le repérage"]),
        ("selon l'article 2.3.a du règlement", ["selon l'article 2.3.a du règlement"]),
        # numbers and letters in parentheses, in sequence; one style per cell
        ("(1) Ouvrir un lieu (2) Former les bénévoles", ["Ouvrir un lieu", "Former les bénévoles"]),
        ("(a) Ouvrir un lieu ; (b) Former", ["Ouvrir un lieu ;", "Former"]),
        ("1) Ouvrir un lieu (2) Former", ["Ouvrir un lieu (2) Former"]),
        # actions named by a code, numbered on from an earlier cell; one code, rising
        (
            "A4 – Ouvrir un lieu A5 – Former les bénévoles",
            ["Ouvrir un lieu", "Former les bénévoles"],
        ),
        ("FA 3 : Ouvrir un lieu", ["Ouvrir un lieu"]),
        ("Ouvrir un lieu A5 – B6 – C7", ["Ouvrir un lieu A5 – B6 – C7"]),
        ("le bus ligne B5 – Bruay", ["le bus ligne B5 – Bruay"]),
    ],
)
def test_items_inside_a_cell(cell: str, items: list[str]) -> None:
    got = [p.strip() for p, _ in split_inline(cell) if p.strip()]
    assert got == items


@pytest.mark.parametrize(
    ("cell", "actions"),
    [
        (
            "1. Organiser un forum de l'emploi 2. Ouvrir un lieu d'accueil",
            ["Organiser un forum de l'emploi", "Ouvrir un lieu d'accueil"],
        ),
        (
            "Renforcer la médiation sociale Orienter vers les points d'info justice",
            ["Renforcer la médiation sociale", "Orienter vers les points d'info justice"],
        ),
        (
            "Permanences mensuelles de l'ADIL en mairie ; diffusion d'un guide des droits aux habitants",
            [
                "Permanences mensuelles de l'ADIL en mairie",
                "diffusion d'un guide des droits aux habitants",
            ],
        ),
        (
            "Accompagner les familles ; le dossier est traité par le CCAS",
            ["Accompagner les familles ; le dossier est traité par le CCAS"],
        ),
        (
            "Développer un projet de Repair café avec la CAF",
            ["Développer un projet de Repair café avec la CAF"],
        ),
        (  # after an action opened by a verb, a phrase without one is its detail
            "Ouvrir une section sport-santé au club omnisports ; créneaux réservés aux femmes",
            ["Ouvrir une section sport-santé au club omnisports ; créneaux réservés aux femmes"],
        ),
        (
            "Ouvrir une section sport-santé au club ; Organiser un tournoi de quartier annuel",
            ["Ouvrir une section sport-santé au club", "Organiser un tournoi de quartier annuel"],
        ),
    ],
)
def test_actions_of_a_cell(tmp_path: Path, cell: str, actions: list[str]) -> None:
    c = with_actions(tmp_path, cell)
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == actions


def test_first_column_text_that_is_no_orientation_is_reported(tmp_path: Path) -> None:
    """A footer or a stray cell caught in the orientation column, with no objective under it
    and naming no orientation of the strategy, is reported, never claimed in silence."""
    text = saint_elie("• Organiser").replace(
        "\tLever les freins à la mobilité\t• Organiser\n",
        "\tLever les freins à la mobilité\t• Organiser\n"
        "Document de travail de la commune, version 3\t\t\n",
    )
    c = doc(tmp_path, text)
    (note,) = [n for n in c.notes if n.kind == "unknown_orientation"]
    assert note.span == Span(14, 14) and note.text.startswith("Document de travail")
    assert [len(r.actions) for r in c.quartiers[0].retained] == [1]


LABELLED_OUTLINE = """Convention d'application communale
Commune de Cauchy-à-la-Tour

Le quartier Provinces – Longues Trinques
Code quartier : QN06215M

Objectifs poursuivis sur le quartier

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientation : Faciliter l'accès aux droits, aux soins et aux services
Objectif : Renforcer le repérage des publics éloignés du droit en particulier
   {glyph} Organiser une permanence mensuelle du CCAS à la salle des fêtes
   {glyph} Former les bénévoles de la Croix-Rouge au repérage du non-recours
Objectif : Lever les freins à la mobilité
   {glyph} Ouvrir un garage solidaire avec l'association Mobilité Artois

Signatures
Fait à Cauchy-à-la-Tour, le 12 septembre 2024
Le Maire, Jean DUPONT
"""


@pytest.mark.parametrize("glyph", ["➔", "➜", "➤", "⇒", "▶", "✔"])
def test_arrows_and_pointers_open_actions(tmp_path: Path, glyph: str) -> None:
    """The arrows, pointers and ticks of a word processor's bullet menu open items as "•"
    does."""
    c = doc(tmp_path, LABELLED_OUTLINE.format(glyph=glyph))
    assert list(actions_by_objective(c).values()) == [
        [
            "Organiser une permanence mensuelle du CCAS à la salle des fêtes",
            "Former les bénévoles de la Croix-Rouge au repérage du non-recours",
        ],
        ["Ouvrir un garage solidaire avec l'association Mobilité Artois"],
    ]


STRATEGY_AS_HEADINGS = """Objectifs poursuivis sur le quartier

I. DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES

A. Faciliter l'accès aux droits, aux soins et aux services
Objectif de la stratégie\tActions retenues
a) Renforcer le repérage des publics éloignés du droit en particulier\t• Former les bénévoles
b) Accompagner les habitants dans les démarches administratives et numériques\t• Ouvrir un point numérique

II. DES QUARTIERS D'ÉMANCIPATION POUR TOUS

A. Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers
Objectif de la stratégie\tActions retenues
a) Lever les freins à la mobilité\t• Créer un garage solidaire

"""


def test_the_strategys_outline_as_headings_without_the_word_enjeu(tmp_path: Path) -> None:
    """ "I. DES QUARTIERS ATTENTIFS …" and "A. Faciliter l'accès …" as headings of their own
    outline over tables of objectives "a)", "b)": the strategy's titles (reference data) tell
    them from the convention's parts; the letters are the objectives' numbers, no list."""
    text = saint_elie()
    start, end = text.index("Objectifs poursuivis"), text.index("Les signataires")
    c = doc(tmp_path, text[:start] + STRATEGY_AS_HEADINGS + text[end:])
    assert "unknown_section" not in {n.kind for n in c.notes}
    q = c.quartiers[0]
    assert [(r.enjeu, r.orientation_text[:20], [a.text for a in r.actions]) for r in q.rows] == [
        (1, "Faciliter l'accès au", ["Former les bénévoles"]),
        (1, "Faciliter l'accès au", ["Ouvrir un point numérique"]),
        (2, "Accompagner l'accès ", ["Créer un garage solidaire"]),
    ]
    assert all(r.score >= 88 for r in q.retained) and len(q.retained) == 3


def test_a_reference_column_and_an_untitled_objectives_column(tmp_path: Path) -> None:
    """ "Réf. | Orientation stratégique | (title wrapped elsewhere) | Déclinaison": the first
    column, a reference's, is a column of its own kept as text, not the orientations'; the
    untitled one between the orientations' and the actions' is the objectives'."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Réf.\tOrientation stratégique\t\tDéclinaison sur le quartier\n"
        "OO 1.1.1\tFaciliter l'accès aux droits, aux soins et aux services\t"
        "Renforcer le repérage des publics éloignés du droit en particulier\t"
        "• Ouvrir une permanence du CCAS\n\n",
    )
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Ouvrir une permanence du CCAS"
        ]
    }
    (row,) = c.quartiers[0].rows
    assert row.orientation_text == "Faciliter l'accès aux droits, aux soins et aux services"
    assert "Réf. : OO 1.1.1" in [p.text for p in c.quartiers[0].passages]  # kept, as text
    assert not [p.name for p in c.partners if p.name.startswith("OO")]  # no organisation


def test_actions_set_apart_by_semicolons_wrap_at_a_names_capital(tmp_path: Path) -> None:
    """A column layout's cell of phrases set apart by " ; ": a line under one that ends no
    phrase goes on with it, whatever its case ("… de la cité des" / "Fleurs deux fois …")."""
    pad = " " * 17
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        f"Objectif de la stratégie{pad}         Actions retenues\n"
        f"Renforcer le repérage des publics{pad}Accueillir le bus France services sur le "
        "parking de la cité des\n"
        f"éloignés du droit en particulier {pad}Fleurs deux fois par mois ; Orienter les "
        "familles vers l'épicerie\n"
        f"{' ' * 50}sociale intercommunale d'Auchel\n\n",
    )
    assert list(actions_by_objective(c).values()) == [
        [
            "Accueillir le bus France services sur le parking de la cité des Fleurs deux fois "
            "par mois",
            "Orienter les familles vers l'épicerie sociale intercommunale d'Auchel",
        ]
    ]


def test_a_bulleted_orientation_title_in_the_objectives_column_is_no_list(
    tmp_path: Path,
) -> None:
    """ "▸ Rendre les habitants …" over the objectives under it, in the objectives' column of
    a table of two: the title of their orientation, not a list of actions of the row above."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Objectifs\tActions\n"
        "▸ Faciliter l'accès aux droits, aux soins et aux services\t\n"
        "Lever les freins à la mobilité\t• Ouvrir un garage solidaire\n"
        "▸ Rendre les habitants acteurs de leur santé physique et mentale\t\n"
        "Promouvoir l'activité physique et les activités favorables au bien-être\t"
        "• Proposer des créneaux sport-santé\n\n",
    )
    assert list(actions_by_objective(c).values()) == [
        ["Ouvrir un garage solidaire"],
        ["Proposer des créneaux sport-santé"],
    ]
    assert [r.orientation_text for r in c.quartiers[0].rows][1].startswith("Rendre les habitants")


def test_a_ballot_box_before_text_opens_an_action(tmp_path: Path) -> None:
    """ "☐ Organiser …": a ballot box with text after it on its line is a bullet, on a line
    of its own or inside a cell; alone it stays an unticked "Retenu" mark (tested below)."""
    c = doc(tmp_path, LABELLED_OUTLINE.format(glyph="☐"))
    assert [len(a) for a in actions_by_objective(c).values()] == [2, 1]
    c = with_actions(tmp_path, "☐ Organiser un forum des droits ☐ Tenir une permanence du CCAS")
    assert list(actions_by_objective(c).values()) == [
        ["Organiser un forum des droits", "Tenir une permanence du CCAS"]
    ]


def test_column_titles_stacked_over_three_lines_name_a_column_of_result_indicators(
    tmp_path: Path,
) -> None:
    """A title wrapped around the others' line ("Actions opérationnelles sur le" / "Objectif
    stratégique   Indicateurs de résultat" / "quartier"), then an orientation's title, over
    a column layout: the pieces standing over one another are one title, and the result
    indicators' column is no action's text."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "\n"
        "                                        Actions opérationnelles sur le\n"
        "      Objectif stratégique                                                       Indicateurs de résultat\n"
        "                                                  quartier\n"
        "Orientation : Faciliter l'accès aux droits, aux soins et aux services\n"
        "Renforcer le repérage des           • Tenir une permanence du CCAS          120 ménages reçus par an\n"
        "publics éloignés du droit en        chaque mardi à la salle Pasteur\n"
        "particulier                         • Former les gardiens au repérage       +15 % d'ouverture de droits\n"
        "\n"
        "Accompagner les habitants dans      • Ouvrir un point numérique             300 accompagnements par an\n"
        "les démarches administratives et    avec l'association Déclic\n"
        "numériques\n"
        "\n",
    )
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Tenir une permanence du CCAS chaque mardi à la salle Pasteur",
            "Former les gardiens au repérage",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ouvrir un point numérique avec l'association Déclic"
        ],
    }
    assert c.quartiers[0].rows[0].orientation_text.startswith("Faciliter l'accès aux droits")


def test_in_a_flat_outline_the_glyph_says_objective_or_action(tmp_path: Path) -> None:
    """Word's text keeps no indentation: "•<TAB>" objectives, "o<TAB>" actions, a
    "Financement : …" line after each action. Once both glyphs are seen, the glyph says which
    (an action after a field, an objective with no action before the next)."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation : Faciliter l'accès aux droits, aux soins et aux services\n"
        "•\tRenforcer le repérage des publics éloignés du droit en particulier\n"
        "o\tTenir une permanence du CCAS chaque mardi.\n"
        "Financement : État 2 500 €\n"
        "o\tFormer les gardiens au repérage du non-recours.\n"
        "Financement : droit commun\n"
        "•\tFaciliter l'accès aux soins aux ressources de première nécessité\n"
        "•\tAccompagner les habitants dans les démarches administratives et numériques\n"
        "o\tOuvrir un point numérique en mairie.\n"
        "\n",
    )
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Tenir une permanence du CCAS chaque mardi.",
            "Former les gardiens au repérage du non-recours.",
        ],
        "Faciliter l'accès aux soins aux ressources de première nécessité": [],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ouvrir un point numérique en mairie."
        ],
    }


@pytest.mark.parametrize(
    "said",
    ["Pas d'action identifiée à ce stade", "Pas d'action spécifique engagée à ce stade", "Néant"],
)
def test_an_actions_cell_that_says_there_is_none_gives_no_action(tmp_path: Path, said: str) -> None:
    c = with_actions(tmp_path, said)
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": []}


def test_a_list_between_stacked_titles_and_their_table_holds_the_first_row_actions(
    tmp_path: Path,
) -> None:
    """Cells centred vertically (Lillers-96): the first row's first action stands between the
    titles (stacked over three lines) and the table, above its objective; it is that row's
    action, not an objective of its own."""
    c = with_table(tmp_path, _excerpt("layout-titles-stacked-first-actions-above-the-table.txt"))
    first = c.quartiers[0].rows[0]
    assert (
        first.objective_text == "Renforcer le repérage des publics éloignés du droit en particulier"
    )
    assert first.actions[0].text.startswith("Mettre en place des permanences « aller")


def test_a_closing_guillemet_opens_an_action(tmp_path: Path) -> None:
    """ "» Tenir …": an author's closing guillemet as a bullet, at the line's start."""
    c = doc(tmp_path, LABELLED_OUTLINE.format(glyph="»"))
    assert [len(a) for a in actions_by_objective(c).values()] == [2, 1]


def test_items_numbered_or_lettered_in_parentheses(tmp_path: Path) -> None:
    """ "(1) Organiser …", "(a) des logements …": an author's numbering in parentheses opens
    items as "1." does, actions under their objective and irritants under their title."""
    text = LABELLED_OUTLINE.format(glyph="•")
    for n, action in (("(1)", "Organiser"), ("(2)", "Former"), ("(1)", "Ouvrir")):
        text = text.replace(f"• {action}", f"{n} {action}", 1)
    text = text.replace(
        "\nObjectifs poursuivis",
        "\nCe qui nous freine\n(a) des logements anciens et dégradés\n"
        "(b) une offre de soins fragile\n\nCe qui nous aide\ni) un tissu associatif dense\n"
        "ii) la gare et ses liaisons\n\nObjectifs poursuivis",
    )
    c = doc(tmp_path, text)
    assert [len(a) for a in actions_by_objective(c).values()] == [2, 1]
    assert list(actions_by_objective(c).values())[1] == [
        "Ouvrir un garage solidaire avec l'association Mobilité Artois"
    ]
    assert [i.text for i in c.quartiers[0].irritants] == [
        "des logements anciens et dégradés",
        "une offre de soins fragile",
    ]
    assert [i.text for i in c.quartiers[0].opportunities] == [
        "un tissu associatif dense",
        "la gare et ses liaisons",
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Organiser une permanence trimestrielle de la", "BGE Hauts-de-France en mairie"),
        ("Poursuivre la rénovation des logements avec Maisons &", "Cités dans le cadre de l'ERBM"),
    ],
)
def test_an_unmarked_action_wrapped_after_a_line_cut_mid_phrase(
    tmp_path: Path, first: str, second: str
) -> None:
    """In a column layout, an action cell without markers: "… trimestrielle de la" /
    "BGE Hauts-de-France …" is one action, whatever the case of the next line."""
    table = (
        "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Orientation                   Objectif                      Actions\n"
        f"Accompagner l'accès à         Lever les freins à la         {first}\n"
        f"l'autonomie et à l'emploi     mobilité                      {second}\n"
        "                                                            Ouvrir un garage solidaire\n\n"
    )
    c = with_table(tmp_path, table)
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [f"{first} {second}", "Ouvrir un garage solidaire"]
    }


def test_actions_written_as_paragraphs_under_a_labelled_objective(tmp_path: Path) -> None:
    """ "Objectif : …" on its own line, then its actions as plain paragraphs ending with their
    pilot ("… à la mairie. [CCAS]"); an orientation numbered without a colon ("Orientation 1.1
    Faciliter …"); "Objectif retenu : aucune action …" says the objective has none."""
    outline = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation 1.1 Faciliter l'accès aux droits, aux soins et aux services\n"
        "Objectif : Renforcer le repérage des publics éloignés du droit en particulier\n"
        "Organiser une permanence mensuelle de l'assistante sociale à la mairie. [CCAS]\n"
        "Croiser chaque année les listes du CCAS et de la CAF pour repérer les ménages isolés "
        "du quartier et leur proposer une visite à domicile. [CCAS]\n"
        "Objectif : Accompagner les habitants dans les démarches administratives et numériques\n"
        "Objectif retenu : aucune action n'est programmée à ce jour.\n\n"
        "Objectif : Lever les freins à la mobilité\n"
        "A1 – Ouvrir un garage solidaire A2 – Financer des permis de conduire\n\n"
    )
    c = with_table(tmp_path, outline)
    assert LineUse.NOT_UNDERSTOOD not in {use for use, _ in c.line_use.values()}
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Organiser une permanence mensuelle de l'assistante sociale à la mairie. [CCAS]",
            "Croiser chaque année les listes du CCAS et de la CAF pour repérer les ménages isolés "
            "du quartier et leur proposer une visite à domicile. [CCAS]",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [],
        # actions coded on their line ("A1 – …"), the code no part of them
        "Lever les freins à la mobilité": [
            "Ouvrir un garage solidaire",
            "Financer des permis de conduire",
        ],
    }
    assert not [n for n in c.notes if n.kind in {"unknown_orientation", "unknown_objective"}]


def test_a_paragraph_of_sentences_under_a_labelled_objective_gives_an_action_each(
    tmp_path: Path,
) -> None:
    """ "Objectif 1.1.1 : …" then a paragraph whose sentences each say who will do what, in the
    future tense ("Le CCAS organisera … . Les agents … iront …"): each sentence is an action;
    a paragraph saying no action is decided yet gives none."""
    outline = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation 1.1 – Faciliter l'accès aux droits, aux soins et aux services\n"
        "Objectif 1.1.1 : Renforcer le repérage des publics éloignés du droit en particulier\n"
        "Le CCAS organisera chaque mois une permanence d'accès aux droits avec M. Durand, rue "
        "du Marché. Les agents de la Maison France services iront à la rencontre des habitants "
        "au marché.\n"
        "Objectif 1.1.3 : Accompagner les habitants dans les démarches administratives et "
        "numériques\n"
        "Aucune action spécifique n'est arrêtée à ce jour : elle sera définie avec les "
        "partenaires en 2025.\n\n"
    )
    c = with_table(tmp_path, outline)
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Le CCAS organisera chaque mois une permanence d'accès aux droits avec M. Durand, "
            "rue du Marché.",
            "Les agents de la Maison France services iront à la rencontre des habitants au marché.",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [],
    }
    assert not [n for n in c.notes if n.kind == "unparsed"]


def test_an_orientation_that_names_none_is_reported_though_a_row_sits_under_it(
    tmp_path: Path,
) -> None:
    """An action whose bullet is not read as one ("☼ Former …") falls in the orientation's
    place, and the row under it would carry it in silence: text there that is no words of any
    of the strategy's orientations is reported. A wrapped orientation's first line is not."""
    c = doc(tmp_path, LABELLED_OUTLINE.format(glyph="☼"))
    reported = [n for n in c.notes if n.kind == "unknown_orientation"]
    assert [n.span.first for n in reported] == [12, 13, 15]
    assert reported[1].text == "☼ Former les bénévoles de la Croix-Rouge au repérage du non-recours"
    assert len(c.quartiers[0].retained) == 2
    wrapped = LABELLED_OUTLINE.replace(
        "Orientation : Faciliter l'accès aux droits, aux soins et aux services",
        "Orientation : Faciliter l'accès aux",
    )
    c = doc(tmp_path, wrapped.format(glyph="•"))
    assert not [n for n in c.notes if n.kind == "unknown_orientation"]
    assert c.line_use[10][0] is LineUse.REPRESENTED


def test_a_flattened_tables_column_title_cut_mid_phrase_is_one_header(tmp_path: Path) -> None:
    """Text copied from a PDF viewer: one cell per line, a column title over two lines."""
    text = (
        "Convention d'application communale\nCommune de Haisnes\n\n"
        "Projet de quartier « Saint-Elie »\n\nCode quartier : QN06216M\n\n"
        "Objectifs poursuivis sur le quartier\n"
        "Orientations\nObjectifs stratégiques de la\nconvention-cadre\n"
        "Déclinaison opérationnelle sur le quartier\n"
        "ENJEU 2 : DES QUARTIERS D'EMANCIPATION POUR TOUS\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\n"
        "Lever les freins à la mobilité\n"
        "\uf0b7 Ouvrir une plateforme de mobilité\n\n"
        "Les signataires\n\nFait à Haisnes, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text)
    assert [len(r.actions) for r in c.quartiers[0].retained] == [1]
    assert not [n for n in c.notes if n.text.startswith("convention-cadre")]


def test_an_objective_the_framework_lacks_is_kept_and_reported(tmp_path: Path) -> None:
    text = saint_elie("• Organiser un forum").replace(
        "Lever les freins à la mobilité", "Développer les jardins partagés au pied des immeubles"
    )
    c = doc(tmp_path, text)
    (r,) = c.quartiers[0].retained
    assert r.objective_text.startswith("Développer les jardins") and r.actions
    assert [n.kind for n in c.notes if n.kind == "objective_not_in_framework"] == [
        "objective_not_in_framework"
    ]
    # kept in the graph under its orientation and enjeu, for review: the graph conforms
    from quartiers.validate import validate

    report = validate(sorted((tmp_path / "out").glob("*.ttl")), Path("shapes"))
    assert report.conforms, report.text()
    # without its enjeu or orientation said, it is still kept, and still conforms
    bare = text.replace("ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n", "")
    bare = bare.replace(
        "Faciliter l'accès aux droits, aux soins et aux services\t", "Nos actions\t"
    )
    (tmp_path / "alone").mkdir()
    (tmp_path / "alone" / "convention-haisnes.txt").write_text(bare, encoding="utf-8")
    (res,) = convert([tmp_path / "alone" / "convention-haisnes.txt"], tmp_path / "out2")
    assert res.convention.quartiers[0].retained
    report = validate(sorted((tmp_path / "out2").glob("*.ttl")), Path("shapes"))
    assert report.conforms, report.text()


# ---------------------------------------------------------------- signatures


def test_signature_forms() -> None:
    assert parse_date("Le 09 JUIL. 2024").isoformat() == "2024-07-09"  # type: ignore[union-attr]
    assert parse_date("le 1er juillet 2024").isoformat() == "2024-07-01"  # type: ignore[union-attr]
    assert role_kind("Le Maire de Beuvry") == "maire"
    assert role_kind("Président de la Communauté d'Agglomération") == "president_epci"
    assert role_kind("Sous-Préfet de Béthune") == "autre"
    assert is_name("Karim BENSAÏD") and is_name("Zoë LEFÈVRE") and is_name("ÉLODIE Mercier")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        (
            "Fait à Haillicourt, le vingt-huit juin deux mille vingt-quatre, en cinq exemplaires.",
            "2024-06-28",
        ),
        ("le premier juillet deux mille vingt-quatre", "2024-07-01"),
        ("le trente et un mai deux mille vingt-quatre", "2024-05-31"),
        ("L'an deux mille vingt-quatre, le douze mars", "2024-03-12"),
        # in figures, as other authors write them: ISO, or with dots
        ("Fait à Nœux-les-Mines, le 2024-07-02", "2024-07-02"),
        ("Fait à Hersin-Coupigny, le 28.06.2024", "2024-06-28"),
    ],
)
def test_a_signature_date_written_in_words(written: str, day: str) -> None:
    """Deeds write their date in words (Haillicourt-76): read, not recorded as missing."""
    got = parse_date(written)
    assert got is not None and got.isoformat() == day
    assert parse_date("Fait en cinq exemplaires originaux") is None


def test_a_signature_date_in_words_in_a_document(tmp_path: Path) -> None:
    text = saint_elie()
    words = text.replace("le 3 juillet 2024", "le trois juillet deux mille vingt-quatre")
    assert words != text
    sig = doc(tmp_path, words).signature
    assert sig is not None and sig.place == "Haisnes"
    assert sig.date is not None and sig.date.isoformat() == "2024-07-03"


def test_a_signature_place_after_the_number_of_copies(tmp_path: Path) -> None:
    text = saint_elie()
    copies = text.replace(
        "Fait à Haisnes, le 3 juillet 2024",
        "Fait en quatre exemplaires originaux, à Haisnes, le 4 juillet 2024.",
    )
    assert copies != text
    sig = doc(tmp_path, copies).signature
    assert sig is not None and sig.place == "Haisnes"
    assert sig.date is not None and sig.date.isoformat() == "2024-07-04"


def test_a_sentence_line_opening_with_le_is_no_signature_date(tmp_path: Path) -> None:
    """ "… chacun pour ce qui" / "le concerne, jusqu'au 31 décembre 2030." then "Fait à Haisnes,
    le 3 juillet 2024": the line that opens with "le" is the sentence's end, not the date."""
    text = saint_elie().replace(
        "Fait à Haisnes, le 3 juillet 2024",
        "Les signataires s'engagent à mettre en œuvre la convention, chacun pour ce qui\n"
        "le concerne, jusqu'au 31 décembre 2030.\nFait à Haisnes, le 3 juillet 2024",
    )
    sig = doc(tmp_path, text).signature
    assert sig is not None and sig.place == "Haisnes"
    assert sig.date is not None and sig.date.isoformat() == "2024-07-03"


def test_signature_blocks_side_by_side_each_ending_with_its_role_and_name(
    tmp_path: Path,
) -> None:
    """ "Pour la Commune d'Hulluch" / "Monsieur le Maire, Philippe DELCOURT", two such blocks a
    column, two columns side by side: each role-then-name line ends its block."""
    text = saint_elie().replace(
        "Fait à Haisnes, le 3 juillet 2024",
        "Fait à Haisnes, le 3 juillet 2024\n\n\n"
        "Pour la Commune de Haisnes                         Pour l'État\n"
        "Monsieur le Maire, Philippe DELCOURT               Madame la Sous-Préfète de Lens, "
        "Anne MOREAU\n\n\n\n"
        "Pour la Caisse d'Allocations Familiales            Pour Maisons & Cités\n"
        "Madame la Directrice, Valérie HENNEBELLE           Monsieur le Directeur, Marc PLATEAU\n",
    )
    sig = doc(tmp_path, text).signature
    assert sig is not None
    assert sorted((s.name, s.role_kind) for s in sig.signatories) == [
        ("Anne MOREAU", "autre"),
        ("Marc PLATEAU", "autre"),
        ("Philippe DELCOURT", "maire"),
        ("Valérie HENNEBELLE", "autre"),
    ]


def test_a_signature_date_left_blank_keeps_its_place(tmp_path: Path) -> None:
    """ "Fait à Haisnes, le ……………": no date; the place is still Haisnes (folding the
    ellipses into dots once shifted where the place was read)."""
    text = saint_elie().replace(
        "Fait à Haisnes, le 3 juillet 2024", "Fait à Haisnes, le " + "…" * 12
    )
    sig = doc(tmp_path, text).signature
    assert sig is not None and (sig.place, sig.date) == ("Haisnes", None)


def test_a_president_of_the_agglomeration_named_by_its_acronym() -> None:
    agglo = Context(("CABBALR",)).agglo
    assert role_kind("Pour la CABBALR, le Président", agglo) == "president_epci"
    assert role_kind("Pour le Département, le Président", agglo) == "autre"
    assert role_kind("Pour la CABBALR, le Président") == "autre"  # without its names: unknown


@pytest.mark.parametrize(
    "block",
    [
        "Fait à Haisnes, le 3 juillet 2024\n\nPour la Ville de Haisnes\nLe Maire\nJean DUPONT\n\n"
        "Pour l'État\nLe Préfet du Pas-de-Calais\nJacques BILLANT\n",
        "Fait à Haisnes\n\nLe 3 juillet 2024\n\nLe Maire de Haisnes, Jean DUPONT\n"
        "Le Préfet du Pas-de-Calais, Jacques BILLANT\n",
        # a name wrapped after its given name, the surname alone on the next line
        "Fait à Haisnes, le 3 juillet 2024\n\nPour la Ville de Haisnes, le Maire, Jean\nDUPONT\n"
        "Pour l'État, le Préfet du Pas-de-Calais, Jacques BILLANT\n",
        "Fait à Haisnes, le 3 juillet 2024\n\n| Qualité | Nom |\n|---|---|\n| Maire de Haisnes | Jean DUPONT |\n"
        "| Préfet du Pas-de-Calais | Jacques BILLANT |\n",
        # side by side (pdftotext -layout): the roles, the room to sign, then the names alone
        # on lines of their own, after the page's furniture
        "Fait à Haisnes, le 3 juillet 2024\n\n"
        "          Pour la Ville de Haisnes,                    Pour l'État,\n"
        "                  Le Maire,                     Le Préfet du Pas-de-Calais,\n\n\n"
        "                                  12\n\f"
        "                Jean DUPONT                          Jacques BILLANT\n",
        # the role then the name on one line, right under the place, no blank line; a role
        # "of" a body that looks like a name is no signatory
        "Fait à Haisnes, le 3 juillet 2024\nLe Maire de Haisnes         Jean DUPONT\n"
        "Le Préfet du Pas-de-Calais Jacques BILLANT\nLe Directeur général de SIA Habitat\n",
        # the body signed for, then the name and its role on one line (an HTML paragraph's
        # line breaks lost); a comma in the body is not the name's
        "Fait à Haisnes, le 3 juillet 2024\n\nPour la Ville de Haisnes Jean DUPONT, Maire\n\n"
        "Pour l'État, en Pas-de-Calais Jacques BILLANT, Préfet du Pas-de-Calais\n",
        # a numbered list in Word's text export, the number then a tab ("1.<TAB>Pour …"):
        # no columns side by side
        "Fait à Haisnes, le 3 juillet 2024\n1.\tPour la Ville de Haisnes, le Maire, Jean DUPONT\n"
        "2.\tPour l'État, le Préfet du Pas-de-Calais, Jacques BILLANT\n",
        # the place alone, "À X,", its date on the next line (Burbure-153)
        "À Haisnes,\nLe 03/07/2024\n\nLe Maire de Haisnes, Jean DUPONT\n"
        "Le Préfet du Pas-de-Calais, Jacques BILLANT\n",
        # named in a sentence (Marles-les-Mines-153), each after its civility
        "Fait à Haisnes, le 3 juillet 2024.\nLa présente convention est signée par M. Jean "
        "DUPONT, Maire de Haisnes, et M. Jacques BILLANT, Préfet du Pas-de-Calais.\n",
    ],
)
def test_signatories_in_blocks_lines_and_tables(tmp_path: Path, block: str) -> None:
    text = saint_elie("• Organiser un forum").replace(
        "Fait à Haisnes, le 3 juillet 2024\n",
        block + "\nAnnexe : contacts\n\nNom\tFonction\nMarie CURIE\tChargée de mission\n",
    )
    s = doc(tmp_path, text).signature
    assert s is not None and s.place == "Haisnes" and s.date is not None
    assert [(x.name, x.role_kind) for x in s.signatories] == [
        ("Jean DUPONT", "maire"),
        ("Jacques BILLANT", "prefet"),
    ]


@pytest.mark.parametrize(
    "block",
    [
        # stacked blocks; a body's name wrapped after a comma ("Artois Lys Romane") is no name
        "Pour la Ville de Haisnes\nLe Maire\n\nJean Dupont\n\n"
        "Pour l'Agglomération,\nLe Président,\nArtois Lys Romane\n\n"
        "Pour l'État\nLe Préfet du Pas-de-Calais\n\nJacques Billant\n",
        # Word's table of signature blocks, a paragraph a line: a name shares its line with
        # the next block's first paragraph
        "Pour la Ville de Haisnes\nLe Maire\n\n\nJean Dupont\tPour l'État\n"
        "Le Préfet du Pas-de-Calais\n\n\nJacques Billant\t\n",
        # a table, the cells' paragraphs broken by <br>
        "| Pour la Ville de Haisnes,<br>Le Maire<br>Jean Dupont | Pour l'État,<br>"
        "Le Préfet du Pas-de-Calais<br>Jacques Billant |\n|---|---|\n",
    ],
)
def test_signatories_named_in_title_case_under_their_role(tmp_path: Path, block: str) -> None:
    """ "Jean Dupont" is a name where one is expected: right under a role that ends."""
    text = saint_elie("• Organiser un forum").replace(
        "Fait à Haisnes, le 3 juillet 2024\n", "Fait à Haisnes, le 3 juillet 2024\n\n" + block
    )
    s = doc(tmp_path, text).signature
    assert s is not None
    assert [(x.name, x.role_kind) for x in s.signatories] == [
        ("Jean Dupont", "maire"),
        ("Jacques Billant", "prefet"),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "II. QUARTIER DES CITÉS 5, DE MARLES ET DU ROND-\nPOINT",  # numbered
        "LE QUARTIER D'INTÉRÊT COMMUNAUTAIRE CITÉ SAINTE-\nBARBE",  # plain
    ],
)
def test_a_quartiers_title_wrapped_at_a_compounds_hyphen(tmp_path: Path, title: str) -> None:
    """The compound's end alone on the next line, in the title's case: one title, one name."""
    text = MINIMAL.format(quartier=title, code="QN06205M", actions="• Ouvrir un garage")
    (q,) = doc(tmp_path, text).quartiers
    assert q.name.upper().endswith(("ROND-POINT", "SAINTE-BARBE"))
    assert q.code is not None


def test_a_quartiers_fields_run_into_its_presentation_under_a_portrait_title(
    tmp_path: Path,
) -> None:
    """ "Identification et portrait statistique", then the fields and the presentation's prose
    with no blank line between: the fields are read, the prose kept as text."""
    text = saint_elie().replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n",
        "\nA. Identification et portrait statistique\n"
        "Statut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier 2024 : QN06216M\n"
        "Ancien ensemble de cités minières, le quartier s'étend de part et d'autre de la\n"
        "limite communale entre Douvrin, Haisnes et Hulluch, autour de la fosse 13 et de\n"
        "ses cités.\n",
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.code_as_written, q.status) == ("QN06216M", "QPV")
    assert [p.text[:33] for p in q.passages] == ["Ancien ensemble de cités minières"]


SHARED_TABLE = (
    "Convention d'application communale\nCommune de Marles-les-Mines\n\n"
    "Quartier prioritaire « Cités 5, de Marles et du Rond-Point »\n"
    "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06205M\n\n"
    "Quartier d'intérêt communautaire « Cité des Alouettes »\n"
    "Statut : Quartier d'intérêt communautaire\n\n"
    "Objectifs poursuivis sur les quartiers\n\n"
    "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
    "Orientation\tObjectif\tActions\tQuartier(s) concerné(s)\n"
    "Faciliter l'accès aux droits, aux soins et aux services\t"
    "Renforcer le repérage des publics éloignés du droit en particulier\t•\t"
    "Organiser des permanences du CCAS\n"
    "•\tMettre en place un réseau de voisins relais\tLes deux quartiers\n"
    "\tFaciliter l'accès aux soins aux ressources de première nécessité\t•\t"
    "Faire venir le bus santé sur la place\tQPV Rond-Point\n"
    "\tAccompagner les habitants dans les démarches administratives et numériques\t•\t"
    "Ouvrir une permanence numérique\tQIC Alouettes\n\n"
    "Les signataires\nFait à Marles-les-Mines, le 3 juillet 2024\nLe Maire, Jean DUPONT\n"
)


def test_one_table_for_two_quartiers_with_a_column_naming_them(tmp_path: Path) -> None:
    """ "Quartier(s) concerné(s)": each row's actions go to the quartiers its cell names, by
    the part of a name locals use ("QPV Rond-Point") or all of them ("Les deux quartiers");
    a row whose actions' cell held several paragraphs (a Word text) has its quartier cell on
    its last line, below its first action."""
    c = doc(tmp_path, SHARED_TABLE)
    got = {q.name: {r.objective_text[:25]: len(r.actions) for r in q.retained} for q in c.quartiers}
    assert got == {
        "Cités 5, de Marles et du Rond-Point": {
            "Renforcer le repérage des": 2,
            "Faciliter l'accès aux soi": 1,
        },
        "Cité des Alouettes": {"Renforcer le repérage des": 2, "Accompagner les habitants": 1},
    }
    assert "unknown_quartier" not in {n.kind for n in c.notes}


def test_word_second_level_items_detail_the_action_they_follow(tmp_path: Path) -> None:
    """Word's "Texte brut": "•<TAB>Poursuivre … :" in the actions cell, then its second-level
    items "o<TAB>…" a line each (no row of their own): one action, the items joined."""
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation\tObjectif\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\t"
        "Lever les freins à la mobilité\t•\tOuvrir un garage solidaire\n"
        "•\tPoursuivre les rendez-vous des droits avec la CAF :\n"
        "o\tpermanences mensuelles à la Maison France services\n"
        "o\tbilans d'accès aux droits\n\n"
    )
    c = with_table(tmp_path, table)
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Ouvrir un garage solidaire",
            "Poursuivre les rendez-vous des droits avec la CAF : permanences mensuelles à la "
            "Maison France services ; bilans d'accès aux droits",
        ]
    }


def test_a_quartier_cell_naming_two_quartiers_on_stacked_lines(tmp_path: Path) -> None:
    """pdftotext of a "Quartier(s)" column whose cell names two quartiers a line each
    ("QPV Rond-Point" / "QIC Alouettes") beside a row's wrapped first action: the row's
    actions are both quartiers', not the first action the first's and the next the second's."""
    head = SHARED_TABLE[: SHARED_TABLE.index("ENJEU 1")]
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        "Orientation                 Objectif                      Quartier(s)        Actions\n\n"
        "Faciliter l'accès aux       Renforcer le repérage des     QPV Rond-Point     • Organiser des permanences\n"
        "droits, aux soins et aux    publics éloignés du droit     QIC Alouettes        du CCAS au centre social\n"
        "services                    en particulier                                     de la cité\n\n"
        "                                                                             • Mettre en place un réseau\n"
        "                                                                               de voisins relais\n\n"
        "                            Faciliter l'accès aux soins   QPV Rond-Point     • Faire venir le bus santé\n"
        "                            aux ressources de première                         sur la place\n"
        "                            nécessité\n\n"
    )
    tail = SHARED_TABLE[SHARED_TABLE.index("Les signataires") :]
    c = doc(tmp_path, head + table + tail)
    got = {q.name: {r.objective_text[:25]: len(r.actions) for r in q.retained} for q in c.quartiers}
    assert got == {
        "Cités 5, de Marles et du Rond-Point": {
            "Renforcer le repérage des": 2,
            "Faciliter l'accès aux soi": 1,
        },
        "Cité des Alouettes": {"Renforcer le repérage des": 2},
    }


def test_a_wrapped_line_in_lower_case_names_no_section() -> None:
    assert plain_heading(Line(7, "ressources de première nécessité")) is None
    kind = plain_heading(Line(7, "Ressources du quartier"))
    assert kind is not None and kind.name == "opportunites"


# ---------------------------------------------------------------- partners


LAYOUT_DETAILS = """\
Orientation              Objectif                         Déclinaison opérationnelle (pilote, échéance)
Accompagner l'accès à    Lever les freins à la            → Créer un garage solidaire au centre du
l'autonomie et à         mobilité                           quartier
l'emploi des habitants                                      Pilote : CCAS, Wimoov — Échéance :
                                                            hiver 2024-2025
                                                          → Ouvrir une auto-école sociale
                                                            Pilote : Roulez Solidaire — Échéance : 2026

"""


def test_an_actions_pilot_and_timetable_are_no_part_of_it(tmp_path: Path) -> None:
    """ "Pilote : … — Échéance : …" under each action (Lillers-81): the row's text, where its
    partners are found, not the end of the action."""
    c = with_table(
        tmp_path, "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n\n" + LAYOUT_DETAILS
    )
    (q,) = c.quartiers
    ((_, acts),) = [(r.objective_text, [a.text for a in r.actions]) for r in q.retained]
    assert acts == [
        "Créer un garage solidaire au centre du quartier",
        "Ouvrir une auto-école sociale",
    ]
    details = [p.text for p in q.passages if p.text.startswith("Pilote")]
    assert details == [
        "Pilote : CCAS, Wimoov — Échéance : hiver 2024-2025",
        "Pilote : Roulez Solidaire — Échéance : 2026",
    ]
    names = {p.name for p in c.partners}
    assert {"Roulez Solidaire", "Wimoov"} <= names  # named by the details, the row's partners
    assert not any("Échéance" in n for n in names)


def test_partners_named_in_actions(tmp_path: Path) -> None:
    cell = (
        "• Organiser avec l'association Artois Solidarités et la CAF du Pas-de-Calais des "
        "permanences au centre social Jacques Brel • Accueillir le CCAS et l'UDAF 62"
    )
    c = with_actions(tmp_path, cell)
    names = {p.name: p.resolved for p in c.partners}
    assert names["Artois Solidarités"] is False  # kept, flagged for review
    assert names["centre social Jacques Brel"] is False
    assert names["Union départementale des associations familiales"] is True  # "l'UDAF 62"
    assert names["Caisse d'allocations familiales du Pas-de-Calais"] is True
    ccas = next(p for p in c.partners if p.definition == "ccas")
    assert ccas.id == "ccas-62401"  # this commune's own CCAS, a partner of kind CCAS
    assert any(n.kind == "unresolved_partner" and n.text == "Artois Solidarités" for n in c.notes)


def test_status_and_code_said_on_a_line_beside_the_quartier_s_fields(tmp_path: Path) -> None:
    text = MINIMAL.format(quartier="Quartier « Saint-Elie »", code="", actions="• Un forum")
    text = text.replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : \n",
        "Quartier prioritaire de la politique de la ville – code QP062016\n"
        "Communes concernées : Douvrin, Haisnes, Hulluch\n",
    )
    (q,) = doc(tmp_path, text).quartiers
    assert (q.status, q.code, q.code_as_written) == ("QPV", "QP062016", "QP062016")
    assert q.communes == ["Douvrin", "Haisnes", "Hulluch"]


def test_neighbouring_communes_named_together_are_partners_each(tmp_path: Path) -> None:
    cell = "• Organiser la fête du quartier avec les villes d'Auchel et de Calonne-Ricouart"
    c = with_actions(tmp_path, cell)
    communes = {p.name: p.forms for p in c.partners if p.name.startswith("commune")}
    assert set(communes) == {"commune d'Auchel", "commune de Calonne-Ricouart"}
    assert "Auchel" in communes["commune d'Auchel"]  # the name as the text wrote it


def test_partners_named_after_what_they_are_and_quartiers_that_are_places(
    tmp_path: Path,
) -> None:
    cell = (
        "• Parrainer vers l'emploi avec le club d'entreprises Artois Entreprendre "
        "• Soutenir l'association des commerçants Lillers Cœur de Ville "
        "• Animer l'association de quartier Cité des Tilleuls"
    )
    c = doc(
        tmp_path,
        MINIMAL.format(quartier="Projet de quartier « Cité des Tilleuls »", code="", actions=cell),
    )
    names = {p.name for p in c.partners}
    assert {"Artois Entreprendre", "Lillers Cœur de Ville"} <= names
    assert "Cité des Tilleuls" not in names  # the quartier, a place


def test_partners_in_title_case_quoted_or_named_after_their_kind(tmp_path: Path) -> None:
    cell = (
        "• Accueillir une permanence du Point Accueil Écoute Jeunes de l'Artois au local jeunes "
        "• Tenir des cafés emploi à l'EVS Les Pâquerettes avec la Préfecture "
        '• Associer l\'union commerciale "Tilleuls Commerces" au marché '
        "• Accompagner l'association de quartier Vivre au Centre "
        "• Visiter la ferme pédagogique du Bois Joli avec le foyer rural "
        "• Mettre en place un réseau de « veilleurs » avec les écoles Jules Ferry et Paul Bert"
    )
    c = with_actions(tmp_path, cell)
    by_name = {p.name: p for p in c.partners}
    assert {
        "Point Accueil Écoute Jeunes de l'Artois",
        "union commerciale Tilleuls Commerces",
        "Vivre au Centre",
        "ferme pédagogique du Bois Joli",
    } <= set(by_name)
    evs = by_name["EVS Les Pâquerettes"]  # a body of a kind every commune has, with its name
    assert evs.definition == "evs" and not evs.resolved
    assert {p.definition for p in c.partners} >= {"etat", "foyer-rural"}  # "Préfecture"
    assert not any("veilleurs" in n or "Jules Ferry" in n for n in by_name)


def test_local_services_named_in_lower_case_are_partners(tmp_path: Path) -> None:
    """Services and teams every town has, named by what they are, in lower case."""
    cell = (
        "• Traiter les logements indignes avec le service hygiène de la ville "
        "• Étendre les horaires de l'équipe de médiation sociale en soirée "
        "• Sensibiliser les collégiens avec la brigade de prévention de la délinquance juvénile "
        "• Aller vers les jeunes avec la prévention spécialisée et les clubs sportifs"
    )
    kinds = {p.definition for p in with_actions(tmp_path, cell).partners}
    assert {
        "schs",
        "mediation-sociale",
        "bpdj",
        "prevention-specialisee",
        "clubs-sportifs",
    } <= kinds


def test_a_communes_service_or_a_residents_body_named_in_lower_case(tmp_path: Path) -> None:
    """A service named by what it does ("le service démocratie participative", "la direction
    de la cohésion sociale"), a body by what it is then the place it belongs to ("le comité
    d'habitants de la cité Rimbert", "l'association des locataires des Ormes"): partners. A
    scheme is none ("un service civique")."""
    cell = (
        "• Réunir le comité d'habitants de la cité Rimbert chaque trimestre "
        "• Soutenir l'association des locataires des Ormes "
        "• Former les agents avec le service démocratie participative "
        "• Coordonner avec la direction de la cohésion sociale "
        "• Ouvrir un accueil du soir [Ville – service vie associative] "
        "• Accueillir un jeune en service civique"
    )
    names = {p.name for p in with_actions(tmp_path, cell).partners}
    assert {
        "comité d'habitants de la cité Rimbert",
        "association des locataires des Ormes",
        "service démocratie participative",
        "direction de la cohésion sociale",
        "service vie associative",  # "Ville – service …": the commune's, named after a dash
    } <= names
    assert not any("civique" in n for n in names)


def test_bodies_named_in_a_preambule_are_partners_when_the_gazetteer_knows_them(
    tmp_path: Path,
) -> None:
    """ "l'État, la Région et le Département" in a préambule (Annezin-84: 4 of its partners
    named there only) are the convention's partners; another name in prose, with no
    organisation word before it, is not taken for one."""
    text = saint_elie()
    preambule = (
        "Préambule\n\nLe contrat de ville est signé par l'État, la Région Hauts-de-France et le "
        "Département du Pas-de-Calais, avec le soutien de la déléguée du préfet. Il s'inspire de "
        "la Fabrique Des Possibles Communs.\n\n"
    )
    c = doc(tmp_path, text.replace("Projet de quartier", preambule + "Projet de quartier", 1))
    kinds = {p.definition for p in c.partners}
    assert {"etat", "region", "departement", "delegue-du-prefet"} <= kinds
    assert not any("Fabrique" in p.name for p in c.partners)


def test_partners_listed_in_an_annexs_fiches_are_the_conventions(tmp_path: Path) -> None:
    """ "Partenaires<TAB>•<TAB>ARS Hauts-de-France" and its bullets, in a fiche of an annex
    after the signatures: each item is a partner, named or not."""
    annex = (
        "\nANNEXE – FICHES ACTIONS\n\n"
        "FA 1 – Centre de santé municipal\n"
        "Pilote\tCCAS de Haisnes\n"
        "Partenaires\t•\tARS Hauts-de-France\n"
        "•\tOrdre des médecins du Pas-de-Calais\n"
        "•\tAssociation Les Amis du Marais\n"
        "Calendrier\tOuverture en 2026\n"
    )
    c = doc(tmp_path, saint_elie() + annex)
    names = {p.name for p in c.partners}
    assert "Ordre des médecins du Pas-de-Calais" in names
    assert any("Les Amis du Marais" in n for n in names)
    assert {"ars", "ccas"} <= {p.definition for p in c.partners}
    assert not any("Ouverture" in n or "Calendrier" in n for n in names)


def test_partners_in_the_fields_under_an_action_and_in_its_closing_parentheses(
    tmp_path: Path,
) -> None:
    """ "Pilote : CCAS – Partenaires : Siel Bleu, association Le Coin Familial – Échéance :
    2025" under an action: the partners field after the pilot's is read too; "… (CitésLab,
    Maison des associations)" closing an action lists who takes part."""
    text = LABELLED_OUTLINE.format(glyph="•").replace(
        "salle des fêtes\n",
        "salle des fêtes\nPilote : CCAS de Cauchy – Partenaires : Siel Bleu, association Le "
        "Coin Familial – Échéance : 2025\n",
        1,
    )
    text = text.replace(
        "Ouvrir un garage solidaire avec l'association Mobilité Artois\n",
        "Tenir des permanences d'aide à la création d'entreprise dans une cellule commerciale "
        "vacante (BGE Hauts-de-France, CitésLab, Maison des associations)\n",
    )
    c = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt")
    names = {p.name for p in c.partners}
    assert {"Siel Bleu", "Le Coin Familial", "CitésLab", "Maison des associations"} <= names
    assert not any("2025" in n or "Échéance" in n for n in names)


def test_partners_of_the_kinds_every_commune_has(tmp_path: Path) -> None:
    cell = (
        "• Organiser des soirées jeux avec la ludothèque municipale et le centre socioculturel "
        "• Soutenir l'épicerie sociale « La Courte Échelle » "
        "• Orienter les jeunes vers l'École de la deuxième chance de l'Artois"
    )
    c = with_actions(tmp_path, cell)
    kinds = {p.definition: p.name for p in c.partners}
    assert {"ludotheque", "centre-social", "e2c"} <= set(kinds)
    assert "Courte Échelle" in kinds["epicerie-sociale"]  # a body of that kind, by its name
    c = with_actions(
        tmp_path,
        "• Organiser le Parcours du Cœur avec la Fédération française de cardiologie et les "
        "écoles • Prendre la licence des enfants à l'Union sportive de Hulluch (football)",
    )
    names = {p.name for p in c.partners}
    assert {"Fédération française de cardiologie", "Union sportive de Hulluch"} <= names
    c = with_actions(
        tmp_path, "• Réunir les communes de Douvrin, Hulluch et Labourse pour le quartier partagé"
    )
    names = {p.name for p in c.partners}
    assert {"commune de Hulluch", "commune de Labourse"} <= names  # bodies, here, not places
    assert not any("Haisnes" in n for n in names)  # the convention's own commune
    c = doc(
        tmp_path,
        saint_elie("Organiser la fête de la cité\tVille").replace(
            "Orientations\tObjectifs\tActions", "Orientations\tObjectifs\tActions\tPilote"
        ),
    )
    # "Ville" as pilote: the commune itself, a partner named as its neighbours are
    (own,) = [p for p in c.partners if "Ville" in p.forms]
    assert (own.name, own.scope) == ("commune de Haisnes", "commune")
    c = with_actions(
        tmp_path,
        "• Orienter vers l'épicerie solidaire de Violaines • Accompagner la création d'une "
        "ludothèque • Réunir le centre social de Haisnes",
    )
    by_def = {p.definition: p for p in c.partners}
    # another commune's body of that kind is a partner of its own; one to be made is none
    assert by_def["epicerie-sociale"].name == "épicerie solidaire de Violaines"
    assert "ludotheque" not in by_def
    assert by_def["centre-social"].id == "centre-social-62401"  # this commune's own


def test_a_commune_named_as_a_body_is_one_partner_whatever_it_is_called(tmp_path: Path) -> None:
    """ "la Ville de Haisnes", "la mairie de Haisnes", "la commune de Haisnes": the
    convention's own commune, one partner; "la Ville de Béthune" is Béthune's, named as the
    communes listed together are; a commune's name alone is a place."""
    c = with_actions(
        tmp_path,
        "• Organiser la fête du quartier avec la Ville de Haisnes et la Ville de Béthune "
        "• Tenir une permanence à la mairie de Haisnes • Fleurir les rues avec la commune de "
        "Haisnes • Visiter le musée de Douvrin",
    )
    communes = {p.name: p for p in c.partners if p.scope == "commune" and p.definition is None}
    assert set(communes) == {"commune de Haisnes", "commune de Béthune"}
    assert {"Ville de Haisnes", "mairie de Haisnes"} <= communes["commune de Haisnes"].forms
    assert not any(p.name == "Douvrin" for p in c.partners)
    # each the body of a commune the reference knows, by its INSEE code: identified, no review
    assert communes["commune de Haisnes"].commune == ("62401", "Haisnes")
    assert communes["commune de Béthune"].commune == ("62119", "Béthune")
    assert all(p.resolved for p in communes.values())
    assert not any(n.kind == "unresolved_partner" and "commune" in n.text for n in c.notes)


def test_a_word_in_capitals_after_an_article_is_an_acronym_even_if_french_has_it(
    tmp_path: Path,
) -> None:
    """ "le PLIE du Béthunois" (plie is a French word): a body; so is "PLIE de l'Artois" first
    in a cell or an item, with a place after it and no article; a word stressed in capitals
    ("à TOUS les habitants") or a heading in capitals has no article of its own."""
    c = with_actions(
        tmp_path,
        "• Mobiliser le PLIE du Béthunois pour les demandeurs d'emploi "
        "• PLIE de l'Artois : accompagnement renforcé des allocataires du RSA "
        "• Ouvrir la salle à TOUS les habitants le samedi",
    )
    names = {p.name for p in c.partners}
    assert {"PLIE du Béthunois", "PLIE de l'Artois"} <= names
    assert not any("TOUS" in n for n in names)


def test_a_body_named_by_what_it_gathers_is_a_partner(tmp_path: Path) -> None:
    """ "l'association des commerçants", "le comité des habitants", "le club de boxe
    nœuxois", "l'association des parents d'élèves" (Bruay-140, Haisnes-141): a body the text
    points at, named by what it gathers, in lower case; "un club de football" is one to
    make, "le comité de pilotage" the convention's own governance. "Le conciliateur de
    justice" holds his office from the Justice."""
    c = with_actions(
        tmp_path,
        "• Soutenir les animations portées par l'association des commerçants "
        "• Créer un fonds géré par le comité des habitants "
        "• Ouvrir la salle au club de boxe nœuxois et à l'association des parents d'élèves "
        "• Créer un club de football • Réunir le comité de pilotage deux fois par an "
        "• Accueillir les permanences du conciliateur de justice",
    )
    names = {p.name for p in c.partners}
    assert {
        "association des commerçants",
        "comité des habitants",
        "club de boxe nœuxois",
        "association des parents d'élèves",
        "Ministère de la Justice",
    } <= names
    assert not any("football" in n or "pilotage" in n for n in names)


def test_a_name_written_in_camel_case_and_a_collective_of_residents_are_partners(
    tmp_path: Path,
) -> None:
    """ "… de BGE Hauts-de-France et de CitésLab": a capital inside a word marks a name (no
    organisation word, no trigger before it); "le collectif d'habitants de la Renaissance",
    "le collectif Les Voisins Solidaires": a collective is a body, its kind word aside when a
    name follows; a word glued to the next ("deTous") is no name."""
    c = with_actions(
        tmp_path,
        "• Accueillir des permanences de BGE Hauts-de-France et de CitésLab pour les porteurs "
        "de projets • Soutenir le collectif d'habitants de la Renaissance dans sa structuration "
        "• Réunir le collectif Les Voisins Solidaires • Informer deTous les habitants",
    )
    names = {p.name for p in c.partners}
    assert {"CitésLab", "collectif d'habitants de la Renaissance", "Les Voisins Solidaires"} <= (
        names
    )
    assert not any("deTous" in n for n in names)


def test_teams_and_bodies_of_the_politique_de_la_ville_are_partners(tmp_path: Path) -> None:
    """The réussite éducative team (PRE), the conseil local de santé mentale, the atelier
    santé ville, the SIAE, the conseiller numérique, the collège de secteur: actors an action
    names by what they are, known to the gazetteer."""
    c = with_actions(
        tmp_path,
        "• Orienter les enfants repérés vers le Programme de Réussite Éducative (PRE) "
        "• Réunir le conseil local de santé mentale deux fois par an "
        "• Mobiliser la médiatrice de l'Atelier Santé Ville "
        "• Informer les structures d'insertion par l'activité économique des offres "
        "• Déployer un conseiller numérique au centre social "
        "• Accompagner le collège de secteur contre le harcèlement "
        "• Former un orchestre avec l'école municipale de musique",
    )
    kinds = {p.definition for p in c.partners}
    assert {
        "pre",
        "clsm",
        "asv",
        "siae",
        "conseiller-numerique",
        "college-de-secteur",
        "conservatoire",
    } <= kinds


def test_an_acronym_written_in_title_case_and_a_name_that_would_take_a_gazetteer_iri(
    tmp_path: Path,
) -> None:
    from quartiers.partners import Finder, Mention
    from quartiers.reference import Reference

    c = with_actions(tmp_path, "• Ouvrir un espace parents avec la Caf et la Cpam")
    assert {"caf", "cpam-artois"} <= {p.definition for p in c.partners}  # as the CAF writes it
    finder = Finder(Reference.load(Path("data/reference")), "Haisnes", "62401")
    pid = finder._partner(Mention("La Poste", 0, 8), S)  # a name the gazetteer did not resolve
    assert pid != "la-poste"  # never the IRI of the gazetteer's La Poste


def test_a_word_html_table_with_a_header_on_two_rows(tmp_path: Path) -> None:
    """Word's "Page Web filtrée": an enjeu column, a header cell over two columns with their
    titles below it, cells whose source lines wrap inside a paragraph."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        "<tr><td rowspan=2>Enjeux</td><td colspan=2>Objectifs de la stratégie intercommunale"
        "</td><td rowspan=2>Objectifs opérationnels pour le quartier</td></tr>\n"
        "<tr><td>Orientations</td><td>Objectifs</td></tr>\n"
        "<tr><td>ENJEU 2 : Émancipation</td><td>Accompagner l'accès à l'autonomie et à "
        "l'emploi des habitants des quartiers</td><td>Lever les freins\nà la mobilité</td>"
        "<td><p><span style='font-family:Symbol'>·</span>&nbsp;Ouvrir une\nplateforme</p>"
        "<p><span style='font-family:Symbol'>·</span>&nbsp;Financer des permis</p></td></tr>\n"
        "</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    (r,) = c.quartiers[0].retained
    assert r.objective_text == "Lever les freins à la mobilité"
    assert [a.text for a in r.actions] == ["Ouvrir une plateforme", "Financer des permis"]


def test_orientation_headings_inside_the_objectives_part_stay_in_it(tmp_path: Path) -> None:
    """ "<h3>Orientation 1.1 – Faciliter l'accès aux droits …</h3>" over each table
    (Hersin-Coupigny-176): the strategy's own title, named with its level's word, opened a part
    of unknown kind, which ended the objectives part: every row was lost."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h2>Objectifs et programme d'actions</h2>\n"
        "<h3>Enjeu 1 : Des quartiers attentifs aux habitants les plus fragiles</h3>\n"
        "<h4>Orientation 1.1 – Faciliter l'accès aux droits, aux soins et aux services</h4>\n"
        "<table>\n<tr><th>Objectif de la stratégie intercommunale</th>"
        "<th>Déclinaison opérationnelle</th><th>Pilote et partenaires</th></tr>\n"
        "<tr><td>Lever les freins à la mobilité</td><td><ul><li>Ouvrir une plateforme</li>"
        "</ul></td><td>CCAS</td></tr>\n</table>\n"
        "<h4>Orientation 1.2 – Rendre les habitants acteurs de leur santé physique et mentale"
        "</h4>\n<table>\n<tr><th>Objectif de la stratégie intercommunale</th>"
        "<th>Déclinaison opérationnelle</th><th>Pilote et partenaires</th></tr>\n"
        "<tr><td>Promouvoir l'activité physique et les activités favorables au bien-être</td>"
        "<td><ul><li>Créer un parcours sportif</li></ul></td><td>UFOLEP</td></tr>\n</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": ["Ouvrir une plateforme"],
        "Promouvoir l'activité physique et les activités favorables au bien-être": [
            "Créer un parcours sportif"
        ],
    }
    assert not [n for n in c.notes if n.kind == "unknown_section"]


def test_a_portrait_with_two_perimeters_reads_the_latest(tmp_path: Path) -> None:
    """ "Indicateur | Périmètre 2015 | Périmètre 2024 | CABBALR" (Hersin-Coupigny-176): the
    2024 perimeter's column is the quartier's value, as a column per year gives the latest."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis",
        "Portrait statistique\n\nIndicateur\tPérimètre 2015\tPérimètre 2024\tCABBALR\n"
        "Taux de pauvreté\t39,4 %\t37,9 %\t18,8 %\n"
        "Part des moins de 25 ans\t35,2 %\t34,1 %\t31 %\n\nObjectifs poursuivis",
    )
    inds = doc(tmp_path, text).quartiers[0].portrait.indicators
    assert [(i.code, i.value, i.agglomeration_value) for i in inds] == [
        ("taux_pauvrete", Decimal("37.9"), Decimal("18.8")),
        ("part_moins_25_ans", Decimal("34.1"), Decimal("31")),
    ]


def test_a_table_s_total_row_is_no_objective_nor_action(tmp_path: Path) -> None:
    """ "Total enjeu 1 : 44 000 €" under a table whose rows give each action's amount
    (Houdain-175), split by the layout over two columns or not: their sum, no row."""
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\tMoyens\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir un atelier vélo\t12 000 €\n"
        "Total\tenjeu 1 : 12 000 €\n\n"
    )
    c = with_table(tmp_path, table)
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}
    # alone under the table's last row (Word's text), its colon no field of the last cell
    alone = table.replace("Total\tenjeu 1 : 12 000 €", "Total enjeu 1 : 12 000 €")
    alone = alone.replace("\tMoyens\n", "\tPorteur\n").replace("\t12 000 €\n", "\tCCAS\n")
    c = with_table(tmp_path, alone)
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}
    assert not [p.name for p in c.partners if "Total" in p.name]
    assert not [u for u, _ in c.line_use.values() if u == LineUse.NOT_UNDERSTOOD]


def test_lettered_items_under_a_bulleted_action_are_its_details(tmp_path: Path) -> None:
    """ "• Ouvrir un LAEP à l'école Pasteur :" then "a) un accueil le mardi matin ;", "b) …"
    (Haillicourt-177): the lettered items detail that action (kept as the row's text), which
    ends at its colon; a cell of lettered items alone keeps them as its actions."""
    c = with_actions(
        tmp_path,
        "• Ouvrir un LAEP à l'école Pasteur : <br> a) un accueil le mardi matin ; <br> b) deux "
        "accueillantes formées. <br> • Proposer des cafés des parents",
    )
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == [
        "Ouvrir un LAEP à l'école Pasteur",
        "Proposer des cafés des parents",
    ]
    assert "un accueil le mardi matin ;" in [p.text for p in c.quartiers[0].passages]
    c = with_actions(tmp_path, "a) Ouvrir un atelier <br> b) Tenir une permanence")
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": ["Ouvrir un atelier", "Tenir une permanence"]
    }


def test_an_outline_whose_actions_are_one_line_cut_at_semicolons(tmp_path: Path) -> None:
    """ "Actions : atelier numérique … ; permanence CAF … ; formation …." under a labelled
    objective: three actions (nouns in lower case, "atelier" no verb), not one."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        "Orientation : Faciliter l'accès aux droits, aux soins et aux services\n\n"
        "Objectif : Accompagner les habitants dans les démarches administratives et numériques"
        "\n\nActions : atelier numérique hebdomadaire au centre social ; permanence CAF le "
        "mardi matin ; formation de deux médiateurs numériques recrutés dans le quartier.\n\n",
    )
    assert list(actions_by_objective(c).values()) == [
        [
            "atelier numérique hebdomadaire au centre social",
            "permanence CAF le mardi matin",
            "formation de deux médiateurs numériques recrutés dans le quartier.",
        ]
    ]


@pytest.mark.parametrize(
    ("written", "text", "schedule", "priority", "progress"),
    [
        ("Organiser un forum – chaque année", "Organiser un forum", "chaque année", None, None),
        (
            "Créer un jardin partagé – 2024-2026.",
            "Créer un jardin partagé",
            "2024-2026",
            None,
            None,
        ),
        (
            "Animer des groupes de parole (priorité 3)",
            "Animer des groupes de parole",
            None,
            3,
            None,
        ),
        ("Ouvrir une permanence – 2025 (priorité 1)", "Ouvrir une permanence", "2025", 1, None),
        # a year inside the action, a partner after a dash: the action's own words
        (
            "Mettre en œuvre le plan 2024-2030",
            "Mettre en œuvre le plan 2024-2030",
            None,
            None,
            None,
        ),
        ("Former les agents – CCAS", "Former les agents – CCAS", None, None, None),
        # its state, set apart by a pictogram, brackets or a dash (Nœux-les-Mines-175,
        # Barlin-175); "en cours" in the action's own words stays there
        (
            "Organiser un repair café 🔄 en cours",
            "Organiser un repair café",
            None,
            None,
            "en cours",
        ),
        ("Ouvrir un atelier vélo [réalisé]", "Ouvrir un atelier vélo", None, None, "réalisé"),
        ("Créer un jardin – 2025 ⏳ à venir", "Créer un jardin", "2025", None, "à venir"),
        ("Poursuivre l'étude en cours", "Poursuivre l'étude en cours", None, None, None),
    ],
)
def test_an_actions_schedule_priority_and_progress_written_after_it(
    written: str, text: str, schedule: str | None, priority: int | None, progress: str | None
) -> None:
    from quartiers.parsers.timing import split_tags

    assert split_tags(written) == (text, schedule, priority, progress)


def test_tagged_actions_keep_their_schedule_and_priority_in_the_graph(tmp_path: Path) -> None:
    from rdflib import Graph, Literal, Namespace

    p = tmp_path / "convention-testville.txt"
    p.write_text(
        saint_elie("• Ouvrir une permanence – 2025 (priorité 1) ✅ réalisé"), encoding="utf-8"
    )
    (result,) = convert([p], tmp_path / "out")
    (a,) = result.convention.quartiers[0].retained[0].actions
    assert (a.text, a.schedule, a.priority, a.progress) == (
        "Ouvrir une permanence",
        "2025",
        1,
        "réalisé",
    )
    qk = Namespace("https://w3id.org/quartiers-kg/ontology#")
    g = Graph().parse(result.ttl)
    (action,) = g.subjects(qk.priority, Literal(1))
    assert g.value(action, qk.schedule) == Literal("2025", lang="fr")
    assert g.value(action, qk.progress) == Literal("réalisé", lang="fr")


def test_fields_between_two_actions_leave_the_next_item_an_action(tmp_path: Path) -> None:
    """ "• Organiser …" / "Modalités : …" / "Public : …" / "• Animer …" under a labelled
    objective: the fields detail the action above; the next item is an action, no objective."""
    c = with_table(
        tmp_path,
        "Enjeu 1 – Des quartiers attentifs aux habitants les plus fragiles\n"
        "Orientation 1.1 – Faciliter l'accès aux droits, aux soins et aux services\n"
        "Objectif 1.1.1 – Renforcer le repérage des publics éloignés du droit\n"
        "•\tMettre en place une permanence d'accès aux droits\n"
        "Modalités : une demi-journée par mois, avec un agent du CCAS\n"
        "Public : habitants qui ne recourent pas à leurs droits\n"
        "•\tOrganiser des maraudes sociales de repérage\n"
        "Modalités : deux sorties par mois\n"
        "Partenaires : CCAS, CAF du Pas-de-Calais\n\n",
    )
    assert list(actions_by_objective(c).values()) == [
        [
            "Mettre en place une permanence d'accès aux droits",
            "Organiser des maraudes sociales de repérage",
        ]
    ]


def test_a_project_heading_naming_no_quartier_over_its_objectives(tmp_path: Path) -> None:
    """ "Projet de quartier" with no name, over the objectives' table: the open quartier's
    objectives, not a quartier named "Projet"."""
    text = saint_elie("• Organiser un forum").replace(
        "Objectifs poursuivis sur le quartier", "Projet de quartier"
    )
    c = doc(tmp_path, text)
    assert [q.name for q in c.quartiers] == ["Saint-Elie"]
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Organiser un forum"]}


def test_two_objectives_in_one_cell_share_the_actions_beside_them(tmp_path: Path) -> None:
    """A cell of two paragraphs, each an objective of the strategy, beside one list of actions:
    two rows, each with those actions; a cell of two paragraphs of one objective stays one."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        '<tr><td colspan="3">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><th>Objectif</th><th>Actions</th><th>Partenaires</th></tr>\n"
        "<tr><td><p>Développer l'accompagnement à la parentalité et conforter les parents dans "
        "leur rôle éducatif</p><p>Favoriser le dialogue et les continuités éducatives entre "
        "familles, établissements scolaires et acteurs de proximité</p></td>"
        "<td><ul><li><p>Créer un lieu d'accueil enfants-parents</p></li>"
        "<li><p>Organiser un café des parents</p></li></ul></td><td>CAF</td></tr>\n"
        "<tr><td><p>Lever les freins</p><p>à la mobilité</p></td>"
        "<td><ul><li><p>Financer des permis</p></li></ul></td><td>Wimoov</td></tr>\n"
        "</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    both = ["Créer un lieu d'accueil enfants-parents", "Organiser un café des parents"]
    assert actions_by_objective(c) == {
        "Développer l'accompagnement à la parentalité et conforter les parents dans leur rôle "
        "éducatif": both,
        "Favoriser le dialogue et les continuités éducatives entre familles, établissements "
        "scolaires et acteurs de proximité": both,
        "Lever les freins à la mobilité": ["Financer des permis"],
    }


def test_an_html_cell_whose_actions_are_each_a_list_then_a_paragraph_of_partners(
    tmp_path: Path,
) -> None:
    """LibreOffice HTML: each action a one-item list, then its own "Partenaires : …"
    paragraph: the paragraph details the action (its partners found), it is no action."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        '<tr><td colspan="2">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><td>Lever les freins à la mobilité</td><td>"
        "<ul><li><p>Ouvrir une plateforme de mobilité solidaire.</p></li></ul>\n"
        "<p class='part'>Partenaires : Wimoov, CCAS de Haisnes.</p>\n"
        "<ul><li><p>Financer des permis de conduire.</p></li></ul>\n"
        "<p class='part'>Partenaires : Mission locale.</p></td></tr>\n"
        "</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == [
        "Ouvrir une plateforme de mobilité solidaire.",
        "Financer des permis de conduire.",
    ]
    assert {"Wimoov", "Mission locale"} <= {p.name for p in c.partners}


def test_html_and_outline_documents(tmp_path: Path) -> None:
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        '<tr><td colspan="3">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        '<tr><td rowspan="2">Accompagner l&#39;accès à l&#39;autonomie et à l&#39;emploi '
        "des habitants des quartiers</td>"
        "<td>Lever les freins à la mobilité</td><td><ul><li>Ouvrir une plateforme</li>"
        "<li>Financer des permis</li></ul></td></tr>\n"
        "<tr><td>Renforcer l'orientation scolaire et professionnelle</td>"
        "<td>Visiter des entreprises<br>Organiser un forum</td></tr>\n"
        "</table>\n"
    )
    c = doc(tmp_path, html, "convention-haisnes.html")
    assert [(r.objective_text, len(r.actions)) for r in c.quartiers[0].retained] == [
        ("Lever les freins à la mobilité", 2),
        ("Renforcer l'orientation scolaire et professionnelle", 2),
    ]
    outline = (
        "# Convention d'application communale – Haisnes\n\n# Quartier Saint-Elie\n\n"
        "**Code QPV** : QN06216M\n\n## Objectifs et actions\n\n### Enjeu 2 – Émancipation\n\n"
        "**Orientation :** Accompagner l'accès à l'autonomie\n\n"
        "- Objectif : Lever les freins à la mobilité\n  - Ouvrir une plateforme\n  - Financer des permis\n"
        "- Objectif : Renforcer l'orientation scolaire et professionnelle\n  - (pas d'action à ce stade)\n"
    )
    c = doc(tmp_path, outline, "convention-haisnes.md")
    assert [(r.objective_text, len(r.actions)) for r in c.quartiers[0].retained] == [
        ("Lever les freins à la mobilité", 2),
        ("Renforcer l'orientation scolaire et professionnelle", 0),
    ]


# ---------------------------------------------------------------- layouts of set 6


BARE = """Convention d'application communale – Ville de Barlin

Préambule

La commune compte un quartier prioritaire.

{quartier}

Statut : Quartier prioritaire de la politique de la ville
Code quartier : {code}
Communes concernées : Barlin

Portrait statistique

Revenu médian disponible par unité de consommation : 13 480 euros (19
870 euros sur l'ensemble de l'agglomération).

Les signataires

Fait à Barlin, le 4 juillet 2024

Le Maire de Barlin, Francis LEFEBVRE

Le 03/06/2024 à 10:12, le service a écrit :
"""


def test_a_plain_line_above_identity_fields_opens_the_quartier(tmp_path: Path) -> None:
    """No "Projet de quartier" heading: "Le quartier du Regain" then "Statut : …", "Code
    quartier : …" (a designer's PDF, a web page) names the quartier."""
    c = doc(tmp_path, BARE.format(quartier="Le quartier du Regain", code="QN06207M"))
    assert [(q.name.lower(), q.status, q.code) for q in c.quartiers] == [
        ("quartier du regain", "QPV", "QN06207M")
    ]
    # the value and the agglomeration's, wrapped inside the parenthesis
    (ind,) = c.quartiers[0].portrait.indicators
    assert (ind.value, ind.agglomeration_value) == (Decimal(13480), Decimal(19870))
    # the signature's date, not the one of the mail quoted after it
    assert c.signature is not None and c.signature.date.isoformat() == "2024-07-04"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "code", "identified"),
    [
        ("Le quartier du Regain", "QP 06 20 70", "QN06207M"),  # a typo: the name says which
        ("Quartier du Regain", "à venir", "QN06207M"),  # no code: the name says which
        ("Le quartier des Tilleuls", "QP 06 20 70", None),  # no QPV of Barlin of that name
    ],
)
def test_a_qpv_whose_code_is_wrong_or_missing_is_identified_by_name(
    tmp_path: Path, name: str, code: str, identified: str | None
) -> None:
    c = doc(tmp_path, BARE.format(quartier=name, code=code))
    (q,) = c.quartiers
    notes = [n for n in c.notes if n.kind == "qpv_identified_by_name"]
    if identified:
        assert q.code == identified and len(notes) == 1 and identified in notes[0].message
    else:
        assert q.code != "QN06207M" and not notes


def test_a_quartier_whose_status_was_not_read_is_identified_by_its_name(tmp_path: Path) -> None:
    """No status, no code read (its fields lost to the layout): a name that is one 2024 QPV's
    of the commune makes it that QPV, said in a note; a QIC's name is no QPV's."""
    text = BARE.replace(
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : {code}\n", ""
    ).format(quartier="Quartier du Regain")
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.status, q.code) == ("QPV", "QN06207M")
    assert [n.kind for n in c.notes if n.kind == "qpv_identified_by_name"] == [
        "qpv_identified_by_name"
    ]
    qic = doc(
        tmp_path,
        text.replace("Quartier du Regain", "Quartier d'intérêt communautaire « Le Regain »"),
    )
    assert [(q.status, q.code) for q in qic.quartiers] == [("QIC", None)]


def test_a_table_of_one_quartiers_fields_is_no_list_of_quartiers(tmp_path: Path) -> None:
    """ "Nom du quartier | Provinces – Longues Trinques" over "Statut | …", "Code national |
    …": the fields of the quartier "Présentation du quartier" presents (Cauchy-132), not a
    table listing quartiers to read once they are known."""
    text = saint_elie().replace(
        "Projet de quartier « Saint-Elie »\n\nStatut : Quartier prioritaire de la politique "
        "de la ville\nCode quartier : QN06216M\n",
        "1. Présentation du quartier\n"
        "Nom du quartier\tSaint-Elie\n"
        "Statut\tQuartier prioritaire de la politique de la ville (QPV)\n"
        "Code national\tQN06216M (anciennement QP 06 20 16)\n",
    )
    assert text != saint_elie()
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [("Saint-Elie", "QN06216M")]
    assert len(c.quartiers[0].retained) == 1


def test_quartiers_listed_and_portrayed_before_their_numbered_parts(tmp_path: Path) -> None:
    """ "1. Identification" over a table of both quartiers, "2. Portrait statistique comparé"
    whose first quartier's title pdftotext cut off, then "3. Cité 5 – Cité de Marles – Cité du
    Rond-Point" and "4. Cités 6 et 30" (numbered lists of one long name, a plural "Cités"):
    two quartiers, not one named "Identification"; each gets its row and its column."""
    text = (
        "Convention d'application communale\nCommune de Calonne-Ricouart\n\n"
        "I. Les quartiers prioritaires de Calonne-Ricouart\n"
        "1. Identification\n"
        "Quartier\tStatut\tCode QPV 2024\tCommunes concernées\n"
        "Cité 5 – Cité de Marles – Cité du Rond-Point\tQPV\tQN06205M\tAuchel, Calonne-Ricouart\n"
        "Cités 6 et 30\tQPV\tQN06214M\tCalonne-Ricouart, Divion\n\n"
        "2. Portrait statistique comparé\n"
        "Indicateur\t\tCités 6 et 30\tCABBALR\n"
        "Taux de pauvreté\t45,2 %\t50,9 %\t18,8 %\n\n"
        "3. Cité 5 – Cité de Marles – Cité du Rond-Point\n\n"
        "Un ensemble de cités minières sur trois communes.\n\n"
        "4. Cités 6 et 30\n\n"
        "Le quartier réunit la Cité 6 et la Cité 30.\n\n"
        "Les signataires\n\nFait à Calonne-Ricouart, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text, "convention-calonne-ricouart.txt")
    got = [
        (q.name, q.code, [(i.value, i.agglomeration_value) for i in q.portrait.indicators])
        for q in c.quartiers
    ]
    assert got == [
        (
            "Cité 5 – Cité de Marles – Cité du Rond-Point",
            "QN06205M",
            [(Decimal("45.2"), Decimal("18.8"))],
        ),
        ("Cités 6 et 30", "QN06214M", [(Decimal("50.9"), Decimal("18.8"))]),
    ]


BOXES = """Convention d'application communale – Ville de Haisnes

Projet de quartier « Saint-Elie »

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06216M

Objectifs poursuivis sur le quartier

ENJEU 1 – DES QUARTIERS ATTENTIFS AUX HABITANTS DES PLUS FRAGILES

Objectif stratégique
(convention-cadre)

Actions programmées sur le quartier

Pilote / partenaires

Calendrier

Orientation 1.1 – Faciliter l'accès aux droits, aux soins et aux services

Lever les freins à la mobilité

(cid:127) Mettre en place un service de location de vélos à
assistance électrique
(cid:127) Financer des heures de conduite

CCAS, Mission locale de
l'Artois

2024-2030

Accompagner les habitants dans
les démarches administratives et
numériques

Espace France services

dès 2024

Les signataires

Fait à Haisnes, le 3 juillet 2024
"""


def test_a_table_laid_out_as_boxes_one_cell_per_block(tmp_path: Path) -> None:
    """pdfminer's output of a designer's table: column titles then each cell as its own
    block; the blocks after the actions are the partners' and the calendar's cells, and an
    objective followed by them directly has no action (an empty cell)."""
    c = doc(tmp_path, BOXES)
    (q,) = c.quartiers
    got = {r.objective_text: [a.text for a in r.actions] for r in q.retained}
    assert got == {
        "Lever les freins à la mobilité": [
            "Mettre en place un service de location de vélos à assistance électrique",
            "Financer des heures de conduite",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [],
    }
    cells = [p.text for p in q.passages if p.section == "objectifs"]
    assert "Pilote / partenaires : CCAS, Mission locale de l'Artois" in cells
    # the empty row: its partners and its calendar, never glued to the objective
    assert {"Pilote / partenaires : Espace France services", "Calendrier : dès 2024"} <= set(cells)


SHARED = """Convention d'application communale – Ville de Nœux-les-Mines

Quartier Terre-Noeve

- Statut : quartier prioritaire de la politique de la ville
- Code quartier : QN06218M

Quartier du Bois des Dames

- Statut : quartier d'intérêt communautaire (QIC)

Portrait statistique

+------------------+-------------+----------------+-----------------+
| Indicateur       | Terre-Noeve | Bois des Dames | Agglomération   |
+==================+=============+================+=================+
| Taux de pauvreté | 44,2 %      | 31 %           | 18,8 %          |
+------------------+-------------+----------------+-----------------+

Quartier Terre-Noeve : diagnostic partagé

Les irritants

- Des logements dégradés

Quartier du Bois des Dames : diagnostic partagé

Les irritants

- Un quartier enclavé
- Peu de commerces

Objectifs poursuivis sur les quartiers

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS DES PLUS FRAGILES

+---------------------+-------------------------+----------------+------------------------+
| Orientation         | Objectif                | Quartier       | Actions                |
+=====================+=========================+================+========================+
| Faciliter l'accès   | Lever les freins à la   | Terre-Noeve    | • Ouvrir un garage     |
| aux droits, aux     | mobilité                |                |   solidaire            |
| soins et aux        |                         +----------------+------------------------+
| services            |                         | Bois des Dames |                        |
|                     +-------------------------+----------------+------------------------+
|                     | Accompagner les         | Terre-Noeve et | • Tenir une permanence |
|                     | habitants dans les      | Bois des Dames |   numérique            |
|                     | démarches               |                |                        |
|                     | administratives et      |                |                        |
|                     | numériques              |                |                        |
+---------------------+-------------------------+----------------+------------------------+

Les signataires

Fait à Nœux-les-Mines, le 3 juillet 2024
"""


def test_one_document_several_quartiers_in_shared_tables(tmp_path: Path) -> None:
    """Quartiers presented first, then each one's diagnosis under a title naming it, one
    portrait table with a column per quartier, one objectives table with a "Quartier" column
    (a row for both, a quartier with an empty action cell)."""
    c = doc(tmp_path, SHARED, "convention-noeux-les-mines.txt")
    tn, bd = c.quartiers
    assert (tn.name, bd.name) == ("Terre-Noeve", "Quartier du Bois des Dames")
    assert [len(tn.irritants), len(bd.irritants)] == [1, 2]
    pauvrete = [(i.value, i.agglomeration_value) for q in (tn, bd) for i in q.portrait.indicators]
    assert pauvrete == [(Decimal("44.2"), Decimal("18.8")), (Decimal(31), Decimal("18.8"))]
    got = {
        q.name: {r.objective_text[:10]: [a.text for a in r.actions] for r in q.retained}
        for q in (tn, bd)
    }
    assert got == {
        "Terre-Noeve": {
            "Lever les ": ["Ouvrir un garage solidaire"],
            "Accompagne": ["Tenir une permanence numérique"],
        },
        "Quartier du Bois des Dames": {
            "Lever les ": [],  # retained, its action cell empty
            "Accompagne": ["Tenir une permanence numérique"],
        },
    }


PLAIN = """Convention d'application communale
Commune de Cauchy-à-la-Tour

Quartier du Regain

Le quartier Provinces – Longues Trinques
Le quartier est un quartier prioritaire de la politique de la ville (QPV n° QN06215M). Il s'étend sur deux communes.

Portrait du quartier
Le quartier compte environ 2 900 habitants sur 61 hectares.
Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.

Ce qui pose problème dans le quartier (les « irritants »)
* Peu de commerces

Nos objectifs et nos actions
Enjeu n°1 : des quartiers attentifs aux habitants les plus fragiles
Dans le cadre de l'orientation « Faciliter l'accès aux droits, aux soins et aux services », la commune retient :
Objectif : Accompagner les habitants dans les démarches administratives et numériques
Nos actions :
1. Ouvrir une permanence numérique en mairie

Les signataires
Fait à Cauchy-à-la-Tour, le 3 juillet 2024
"""


def test_a_plain_text_export_with_the_code_in_a_sentence(tmp_path: Path) -> None:
    """Google Docs' plain text: "Le quartier X" alone names the quartier, its code is said in
    a sentence, a line with a value of its own is an indicator (not the agglomeration's value
    of the line above), titles in a commune's own words."""
    c = doc(tmp_path, PLAIN, "convention-cauchy-a-la-tour.txt")
    (q,) = [q for q in c.quartiers if q.rows or q.portrait.indicators]
    assert (q.name, q.status, q.code) == ("Provinces – Longues Trinques", "QPV", "QN06215M")
    got = {i.code: (i.value, i.agglomeration_value) for i in q.portrait.indicators}
    assert got["surface_ha"] == (Decimal(61), None)
    assert got["taux_pauvrete"] == (Decimal("40.2"), Decimal("18.8"))
    assert [i.text for i in q.irritants] == ["Peu de commerces"]
    assert [a.text for r in q.retained for a in r.actions] == [
        "Ouvrir une permanence numérique en mairie"
    ]


def test_a_quartier_named_on_the_cover_with_other_words(tmp_path: Path) -> None:
    """ "Quartier du Regain" on the cover, « DU REGAIN » in the heading: one quartier."""
    text = MINIMAL.format(
        quartier="PROJET DU QUARTIER « DU REGAIN »", code="QN06207M", actions="• Un forum"
    ).replace("Commune de Haisnes\n", "Commune de Barlin\n\nQuartier du Regain\n")
    c = doc(tmp_path, text, "convention-barlin.txt")
    assert [q.code for q in c.quartiers] == ["QN06207M"]


def test_sentences_of_a_portrait_each_with_its_numbers(tmp_path: Path) -> None:
    """A sentence naming an indicator with its number is no flattened label; words on both
    sides of the number name it ("un jeune de 16 à 25 ans sur trois (31,8 %) n'est ni
    scolarisé ni en emploi")."""
    text = PLAIN.replace(
        "Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.\n",
        "L'indice de positionnement social (IPS) des écoles du quartier est de 80, contre 104 "
        "pour l'agglomération.\nPrès d'un jeune de 16 à 25 ans sur trois (31,8 %) n'est ni "
        "scolarisé ni en emploi, contre 23,5 % pour l'agglomération.\n",
    )
    c = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt")
    got = {
        i.code: (i.value, i.agglomeration_value) for q in c.quartiers for i in q.portrait.indicators
    }
    assert got["ips"] == (Decimal(80), Decimal(104))
    assert got["part_16_25_neet"] == (Decimal("31.8"), Decimal("23.5"))


def test_a_value_set_between_commas_in_the_sentence_naming_it(tmp_path: Path) -> None:
    """ "Près d'un jeune de 16 à 25 ans sur trois, soit 31,4 %, n'est ni scolarisé ni en
    emploi (23,5 %)" (Hulluch-139): the words after the second comma name the value; the
    value in parentheses is the agglomeration's, not the quartier's."""
    text = PLAIN.replace(
        "Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.\n",
        "Entre parenthèses, la valeur pour l'ensemble de l'agglomération.\nPrès d'un jeune de "
        "16 à 25 ans sur trois, soit 31,4 %, n'est ni scolarisé ni en emploi (23,5 %).\n",
    )
    c = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt")
    got = {
        i.code: (i.value, i.agglomeration_value) for q in c.quartiers for i in q.portrait.indicators
    }
    assert got["part_16_25_neet"] == (Decimal("31.4"), Decimal("23.5"))


def test_a_reading_note_under_a_portrait_is_no_indicator(tmp_path: Path) -> None:
    """ "Lecture : 36,4 % des habitants du quartier vivent sous le seuil de pauvreté, contre
    18,8 % …" (Lillers-142), under the portrait's table: how to read a figure, kept as the
    quartier's text, not an indicator named "Lecture"; its figure is read when nothing else
    gave it."""
    note = (
        "Lecture : 40,2 % des habitants du quartier vivent sous le seuil de pauvreté, contre "
        "18,8 % sur l'ensemble de l'agglomération."
    )
    text = PLAIN.replace(
        "Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.\n",
        "Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.\n" + note + "\n",
    )
    c = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt")
    (q,) = c.quartiers
    assert [i.label for i in q.portrait.indicators if "ecture" in i.label] == []
    assert [i.code for i in q.portrait.indicators].count("taux_pauvrete") == 1
    assert note in [p.text for p in q.passages]
    # the only place the figure is given (Burbure-99, its table unread): read there
    text = PLAIN.replace(
        "Le taux de pauvreté y atteint 40,2 % contre 18,8 % pour l'agglomération.\n", note + "\n"
    )
    (q,) = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt").quartiers
    by = {i.code: (i.value, i.agglomeration_value) for i in q.portrait.indicators}
    assert by["taux_pauvrete"] == (Decimal("40.2"), Decimal("18.8"))


def test_an_amendment_after_the_signatures_signs_nothing_of_the_convention(
    tmp_path: Path,
) -> None:
    text = (
        PLAIN
        + "\nAvenant N°1\n\nL'action « X » est remplacée.\n\nFait à Cauchy-à-la-Tour, le 16 décembre 2024\n"
    )
    c = doc(tmp_path, text, "convention-cauchy-a-la-tour.txt")
    assert c.signature is not None and c.signature.date.isoformat() == "2024-07-03"  # type: ignore[union-attr]


def test_lettered_parts_and_a_part_over_the_quartiers(tmp_path: Path) -> None:
    """ "PARTIE A — LE QUARTIER" is a heading over the quartier, naming none: no quartier of
    its own; "PARTIE B — PORTRAIT STATISTIQUE" a part like "PARTIE 2"."""
    text = (
        "Convention d'application communale – Ville de Haisnes\n\n"
        "PARTIE A — LE QUARTIER\n\nProjet de quartier « Saint-Elie »\n"
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n\n"
        "PARTIE B — PORTRAIT STATISTIQUE\n\nTaux de pauvreté : 39,5 % (18,8 % sur l'agglomération)\n"
    )
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [("Saint-Elie", "QN06216M")]
    assert [i.code for i in c.quartiers[0].portrait.indicators] == ["taux_pauvrete"]


PROSE = """Convention d'application communale
Commune de Haisnes

Article 2 – Le quartier Saint-Elie
Statut : quartier prioritaire de la politique de la ville (QN06216M)

Portrait

Chiffres de l'INSEE (entre parenthèses, la valeur de l'agglomération) :
Taux de pauvreté : 30 % (18,8 %)

Objectifs et actions

Au titre de l'enjeu 2 et de l'orientation « Accompagner l'accès à l'autonomie et à l'emploi
des habitants des quartiers », la Ville retient l'objectif « Lever les freins à la mobilité »
et y déploiera : une plateforme de mobilité, des aides au permis et un garage solidaire. Pour
l'objectif « Favoriser l'accès et le retour à l'emploi des habitants », elle proposera :

un forum de l'emploi avec France Travail ;
un job dating au centre social.

Article 3 – Les signataires

Fait à Haisnes, le 3 juillet 2024
"""


def test_objectives_and_actions_written_as_sentences(tmp_path: Path) -> None:
    c = doc(tmp_path, PROSE)
    (q,) = c.quartiers
    assert (q.name, q.status, q.code) == ("Saint-Elie", "QPV", "QN06216M")
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Lever les freins à la mobilité",
            ["une plateforme de mobilité", "des aides au permis", "un garage solidaire"],
        ),
        (
            "Favoriser l'accès et le retour à l'emploi des habitants",
            ["un forum de l'emploi avec France Travail", "un job dating au centre social"],
        ),
    ]
    # where a sentence's actions end is inferred: a warning says so, for review
    assert any(n.kind == "prose_actions" and n.severity == "warning" for n in c.notes)
    # the portrait's legend says what a bare value in parentheses is
    (ind,) = q.portrait.indicators
    assert (ind.value, ind.agglomeration_value) == (Decimal("30"), Decimal("18.8"))


ORG = """#+TITLE: Convention d'application communale - Commune de Testville
#+OPTIONS: toc:nil

* Le quartier Renaissance
- Statut :: quartier prioritaire de la politique de la ville
- Code quartier :: QN06210M

** Portrait statistique
| Indicateur        | Quartier | Agglomération |
|-------------------+----------+---------------|
| Taux de pauvreté  | 36 %     | 18,8 %        |

** Objectifs poursuivis sur le quartier
*** ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS
| Orientation                                   | Objectif                       | Actions         |
|-----------------------------------------------+--------------------------------+-----------------|
| Accompagner l'accès à l'autonomie et à l'emploi des habitants | Lever les freins à la mobilité | Un garage solidaire |

* Les signataires
Fait à Testville, le 4 juillet 2024
"""


def test_a_cover_title_naming_the_quartiers_is_no_quartier(tmp_path: Path) -> None:
    """Hersin-79's cover: "Quartier du Regain – Cité du 10" over the date, then the préambule;
    the quartiers are presented further on. The title got nothing: it stays the document's
    text, and the quartier presented below is the only one."""
    text = saint_elie()
    cover = (
        "\n              Quartier Saint-Elie – Cité des Aubépines\n\n                Juillet 2024\n"
    )
    covered = text.replace("Commune de Haisnes\n", "Commune de Haisnes\n" + cover, 1)
    assert covered != text
    c = doc(tmp_path, covered)
    assert [q.name for q in c.quartiers] == ["Saint-Elie"]
    assert any("Cité des Aubépines" in p.text for p in c.passages)


@pytest.mark.parametrize(
    ("field", "status", "inferred"),
    [
        ("Type : QPV", "QPV", False),
        ("Nature : quartier d'intérêt communautaire", "QIC", False),
        # no status, and no field: the quartier is a QPV only by its code (9b4a796)
        ("Type : collectif", "QPV", True),
    ],
)
def test_a_status_under_a_label_that_names_no_field(
    tmp_path: Path, field: str, status: str, inferred: bool
) -> None:
    """'Type : QPV' gives the status; 'Type : collectif' is no status, and no field."""
    text = saint_elie()
    typed = text.replace("Statut : Quartier prioritaire de la politique de la ville", field)
    assert typed != text
    c = doc(tmp_path, typed)
    (q,) = c.quartiers
    assert q.status == status
    assert any(n.kind == "status_from_code" for n in c.notes) == inferred
    assert q.status_text != "collectif"


NESTED = """Convention d'application communale
Commune de Haisnes

1\tLe quartier « Saint-Elie »
1.1\tIdentification du quartier
Statut : quartier prioritaire de la politique de la ville
Code du quartier : QN06216M

1.2\tLes objectifs poursuivis
•\tEnjeu 2 – Des quartiers d'émancipation pour tous
\t◦\tAccompagner l'accès à l'autonomie et à l'emploi des habitants
\t\t▪\tLever les freins à la mobilité
\t\t\t–\tOuvrir un garage solidaire avec l'association
\t\t\tRoulez Solidaire, au centre du quartier
\t\t▪\tFavoriser l'accès et le retour à l'emploi des habitants
\t◦\tFavoriser la réussite éducative
\t\t▪\tLutter contre le décrochage scolaire
\t\t\t–\tUn atelier relais au collège
•\tEnjeu 3 – Des quartiers à l'épreuve des transitions
\t◦\tRenforcer le pouvoir d'agir des habitants
\t\t▪\tSoutenir les initiatives des habitants
\t\t\t–\tUn budget participatif
"""


def test_numbered_outline_with_tabs_and_objectives_as_a_nested_list(tmp_path: Path) -> None:
    """LibreOffice's outline numbering ("1<TAB>Title", the first child "1.1" below), and the
    strategy as a list nested four deep: enjeu, orientation, objective, actions."""
    c = doc(tmp_path, NESTED)
    (q,) = c.quartiers
    assert (q.name, q.code) == ("Saint-Elie", "QN06216M")
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Lever les freins à la mobilité",
            [
                "Ouvrir un garage solidaire avec l'association Roulez Solidaire, au centre du quartier"
            ],
        ),
        ("Favoriser l'accès et le retour à l'emploi des habitants", []),
        ("Lutter contre le décrochage scolaire", ["Un atelier relais au collège"]),
        ("Soutenir les initiatives des habitants", ["Un budget participatif"]),
    ]


def test_an_org_mode_convention(tmp_path: Path) -> None:
    c = doc(tmp_path, ORG)
    (q,) = c.quartiers
    assert (q.name, q.status, q.code_as_written) == ("Renaissance", "QPV", "QN06210M")
    (ind,) = q.portrait.indicators
    assert (ind.code, ind.value, ind.agglomeration_value) == (
        "taux_pauvrete",
        Decimal("36"),
        Decimal("18.8"),
    )
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        ("Lever les freins à la mobilité", ["Un garage solidaire"])
    ]
    assert c.signature is not None and c.signature.place == "Testville"


FLAT = """Convention d'application communale
Commune de Haisnes

Projet de quartier « Saint-Elie »

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06216M

Objectifs poursuivis sur le quartier
ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS
Objectifs de la stratégie intercommunale du Contrat de ville
Objectifs opérationnels pour le quartier
Soutenir la réussite éducative en
coopération avec les familles
Développer l'accompagnement à
la parentalité et conforter
les parents dans leur rôle
éducatif
• Animer un lieu d'accueil parents-enfants en
lien avec la PMI
Favoriser le dialogue et les
continuités éducatives entre
familles, établissements
scolaires et acteurs de
proximité
Accompagner l'accès à
l'autonomie et à
l'emploi des habitants
des quartiers
Lever les freins à la
mobilité
• Aider au financement du permis de conduire
par une bourse au permis

Les signataires
Fait à Haisnes, le 3 juillet 2024
"""


def test_a_flattened_table_whose_cells_wrap_mid_phrase(tmp_path: Path) -> None:
    """Acrobat's "save as text": each cell's lines one after the other; a line in lower case
    after one cut mid-phrase ("Lever les freins à la" / "mobilité") is the same cell."""
    c = doc(tmp_path, FLAT)
    (q,) = c.quartiers
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Développer l'accompagnement à la parentalité et conforter les parents dans leur "
            "rôle éducatif",
            ["Animer un lieu d'accueil parents-enfants en lien avec la PMI"],
        ),
        (
            "Favoriser le dialogue et les continuités éducatives entre familles, "
            "établissements scolaires et acteurs de proximité",
            [],
        ),
        (
            "Lever les freins à la mobilité",
            ["Aider au financement du permis de conduire par une bourse au permis"],
        ),
    ]


def test_a_flattened_cell_wrapped_mid_phrase_is_one_cell(tmp_path: Path) -> None:
    from quartiers.ledger import Ledger
    from quartiers.parsers.columns import Segment
    from quartiers.parsers.outline import Outline, read_outline

    p = tmp_path / "cells.txt"
    p.write_text(
        "Accompagner l'accès à\nl'autonomie\nLever les freins à la\nmobilité\n"
        "Promouvoir l'activité phy-\nsique et les activités\n"
    )
    d = read(p)
    (b,) = d.blocks
    seg = Segment(2, "")
    assert read_outline(b, seg, Outline(), Ledger(d))
    assert [[c.text for c in row] for row in seg.rows] == [
        ["Accompagner l'accès à l'autonomie"],
        ["Lever les freins à la mobilité"],
        ["Promouvoir l'activité physique et les activités"],  # a word cut at the line's end
    ]


def test_a_column_titles_aside_in_parentheses_continues_the_header(tmp_path: Path) -> None:
    from quartiers.document import Cell as DocCell
    from quartiers.parsers.columns import header_rest

    def cells(*texts: str) -> list[DocCell]:
        return [DocCell(i, t, S) for i, t in enumerate(texts)]

    assert header_rest(cells("(convention-cadre)", "convention-cadre", "(et partenaires)"))
    assert not header_rest(cells("(2025-2027)", "Organiser un forum"))


def test_every_line_of_a_row_written_over_several_lines_is_represented(tmp_path: Path) -> None:
    """A spreadsheet's cell holding line breaks (quoted CSV), and Word's cell paragraphs under
    their row: the row's later lines are in the graph with it, not reported as lost."""
    csv_table = (
        "Orientation;Objectif;Actions\n"
        "Faciliter l'accès aux droits, aux soins et aux services;Lever les freins à la "
        'mobilité;"• Ouvrir un garage solidaire\n• Aider au permis\n• Créer une plateforme"\n'
    )
    tab_table = (
        "Orientation\tObjectif\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t•\tOuvrir un garage solidaire\n•\tAider au permis\n•\tCréer une plateforme\n"
    )
    for table in (csv_table, tab_table):
        text = MINIMAL.replace(
            "Orientations\tObjectifs\tActions\nFaciliter l'accès aux droits, aux soins et aux "
            "services\tLever les freins à la mobilité\t{actions}\n",
            table,
        ).format(quartier="Projet de quartier « Saint-Elie »", code="QN06216M")
        (tmp_path / "c.txt").write_text(text, encoding="utf-8")
        res = convert([tmp_path / "c.txt"], tmp_path / "out")
        (q,) = res[0].convention.quartiers
        assert [a.text for r in q.retained for a in r.actions] == [
            "Ouvrir un garage solidaire",
            "Aider au permis",
            "Créer une plateforme",
        ]
        assert res[0].counts["not_understood"] == 0


def test_wrapped_items_and_html_elements_over_several_lines_are_accounted(
    tmp_path: Path,
) -> None:
    """A false alarm is a loss report that is wrong: an action wrapped over two lines, an
    HTML paragraph whose tag spans lines, are in the graph on every line."""
    (tmp_path / "flat.txt").write_text(FLAT, encoding="utf-8")
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de\nHaisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n"
        "<p>Statut : Quartier prioritaire de la politique de la ville</p>\n"
        "<p>Code quartier : QN06216M</p>\n<h2>Les signataires</h2>\n"
        "<p style='font-size:12pt'>Fait à Haisnes, le 3\njuillet 2024</p>\n"
    )
    (tmp_path / "web.html").write_text(html, encoding="utf-8")
    for name in ("flat.txt", "web.html"):
        (res,) = convert([tmp_path / name], tmp_path / "out")
        assert res.counts["not_understood"] == 0, name


def test_a_section_whose_lines_are_indicators_is_the_portrait(tmp_path: Path) -> None:
    text = saint_elie("• Un forum").replace(
        "Objectifs poursuivis sur le quartier\n",
        "## Repères\n\nPopulation : 2 300 habitants\nTaux de pauvreté : 41 %\n"
        "Part des moins de 25 ans : 36 %\n\nObjectifs poursuivis sur le quartier\n",
    )
    c = doc(tmp_path, text)
    codes = [i.code for i in c.quartiers[0].portrait.indicators]
    assert codes == ["population", "taux_pauvrete", "part_moins_25_ans"]
    assert any(n.kind == "portrait_by_content" for n in c.notes)


def test_an_e_mail_after_the_signatures_signs_nothing(tmp_path: Path) -> None:
    text = saint_elie("• Un forum") + (
        "\nPour la Ville de Haisnes,\nLe Maire,\n\nJean DUPONT\n\nCordialement,\n\n"
        "Céline DUHAMEL\nCheffe de projet Politique de la Ville\n\n"
        "De : Mathieu CARON <m.caron@example.fr>\nEnvoyé : vendredi 28 juin 2024 09:15\n\n"
        "Mathieu CARON\nChargé de mission Contrat de ville\n"
    )
    c = doc(tmp_path, text)
    assert c.signature is not None
    assert [s.name for s in c.signature.signatories] == ["Jean DUPONT"]


def test_a_wrapped_column_title_repeated_after_a_page_break_is_no_action(tmp_path: Path) -> None:
    from quartiers.ledger import Ledger
    from quartiers.parsers.columns import Segment
    from quartiers.parsers.outline import Outline, read_outline

    p = tmp_path / "cells.txt"
    p.write_text(
        "Lever les freins à la mobilité\n\n• Ouvrir un garage solidaire au centre social\n\n"
        "Objectifs de la stratégie\nintercommunale du contrat de ville\n\n"
        "Objectifs opérationnels pour le quartier\n\navec France Travail\n",
        encoding="utf-8",
    )
    d = read(p)
    seg, st, ledger = Segment(2, ""), Outline(), Ledger(d)
    for b in d.blocks:
        read_outline(b, seg, st, ledger)
    texts = [c.text for row in seg.rows for c in row]
    assert "intercommunale du contrat de ville" not in " ".join(texts)  # the title's end
    assert texts[-1] == "avec France Travail"  # an action cut by the page break goes on


def test_signature_blocks_centred_side_by_side(tmp_path: Path) -> None:
    """pdftotext -layout of signature blocks laid out in columns, each centred: the lines of a
    column do not start at one place, they overlap."""
    text = saint_elie("• Un forum") + (
        "\n                                          Le Président de la Communauté\n"
        "           La Maire de Haisnes             d'Agglomération Béthune-Bruay,      "
        "Le Préfet du Pas-de-Calais\n"
        "              Martine CARON                       Olivier GACQUERRE"
        "                        Jacques BILLANT\n"
    )
    c = doc(tmp_path, text)
    assert c.signature is not None
    assert [s.name for s in c.signature.signatories] == [
        "Martine CARON",
        "Olivier GACQUERRE",
        "Jacques BILLANT",
    ]


def test_signatures_under_a_place_set_right_and_a_title_between_the_columns(
    tmp_path: Path,
) -> None:
    """pdftotext -layout: "Fait à …" set right of the page above two columns of signatures
    ("Pour l'État" | "Pour la Commune"), then "Les partenaires" centred between the columns,
    starting where a role of the left column ends: the place is no column's line, the title
    no signatory's, and each column's roles go with the names under them."""
    one = saint_elie("• Un forum")
    left = "La Présidente de la Communauté d'Agglomération de"  # the title starts at its end
    signatures = (
        f"{'Fait à Haisnes, le 4 juillet 2024':>90}\n"
        "\n"
        f"{'Pour l’État':>30}{'Pour la Commune':>50}\n"
        "\n"
        f"{'Le Préfet du Pas-de-Calais':<60}La Maire de Haisnes\n"
        "\n\n\n"
        f"{'Jacques BILLANT':<60}Martine CARON\n"
        "\n"
        f"{'':<{len(left)}}Les partenaires\n"
        "\n"
        f"{left:<60}Le Directeur de la Caisse d'Allocations Familiales\n"
        f"{'Béthune-Bruay, Artois Lys Romane':<60}du Pas-de-Calais\n"
        "\n\n"
        f"{'Sophie LEROY':<60}Thierry MOREAU\n"
    )
    text = one.split("Fait à Haisnes", 1)[0] + signatures
    c = doc(tmp_path, text)
    assert c.signature is not None
    got = {s.name: s.role for s in c.signature.signatories}
    assert set(got) == {"Jacques BILLANT", "Martine CARON", "Sophie LEROY", "Thierry MOREAU"}
    assert "Préfet" in got["Jacques BILLANT"] and "Allocations" in got["Thierry MOREAU"]
    assert (c.signature.place, str(c.signature.date)) == ("Haisnes", "2024-07-04")


def test_roles_right_under_the_place_names_staggered_and_a_line_across(tmp_path: Path) -> None:
    """pdftotext -layout: the first roles run on from "Fait à …" with no blank line, the names
    below them on staggered lines, a second row of roles and names, and the page's footer
    across both columns."""
    one = saint_elie("• Un forum")
    signatures = (
        "Les signataires conviennent de poursuivre leur partenariat.\n"
        "Fait à Béthune, le 27 juin 2024, en quatre exemplaires.\n"
        "                Le Maire de Haisnes                          Le Président de la Communauté\n"
        "                                                             d'Agglomération Béthune-Bruay\n"
        "\n\n"
        "                 Alain PRUVOST\n"
        "                                                               Olivier GACQUERRE\n"
        "\n"
        "              Le Préfet du Pas-de-Calais                 La Directrice de SIA Habitat\n"
        "\n\n\n\n"
        "                Jacques BILLANT                               Véronique MARTEL\n"
        "\n\n"
        "              Commune de Haisnes – Convention d'application communale du Contrat de ville   8/8\n"
    )
    text = one.split("Fait à Haisnes", 1)[0] + signatures
    c = doc(tmp_path, text)
    assert c.signature is not None
    got = {s.name: s.role_kind for s in c.signature.signatories}
    assert set(got) == {"Alain PRUVOST", "Olivier GACQUERRE", "Jacques BILLANT", "Véronique MARTEL"}
    assert got["Alain PRUVOST"] == "maire" and got["Jacques BILLANT"] == "prefet"


def test_a_portrait_legend_holds_for_the_portraits_after_it(tmp_path: Path) -> None:
    one = saint_elie("• Un forum")
    head, tail = one.split("Objectifs poursuivis sur le quartier", 1)
    text = (
        head
        + "Portrait statistique\nEntre parenthèses, la valeur de l'agglomération.\n"
        + "Taux de pauvreté : 36,9 % (18,8 %)\nRevenu médian : 12 480 € (19 870 €)\n\n"
        + "Objectifs poursuivis sur le quartier"
        + tail.replace(
            "Les signataires",
            "Projet de quartier « Cité des Tilleuls »\n\nStatut : Quartier d'intérêt "
            "communautaire\n\nPortrait statistique\nTaux de pauvreté : 27 % (18,8 %)\n\n"
            "Les signataires",
        )
    )
    c = doc(tmp_path, text)
    agglo = [[i.agglomeration_value for i in q.portrait.indicators] for q in c.quartiers]
    assert agglo == [[Decimal("18.8"), Decimal("19870")], [Decimal("18.8")]]
    before = text.replace(
        "Entre parenthèses, la valeur de l'agglomération.",
        "(comparaison avec l'ensemble de l'agglomération entre parenthèses)",
    )
    (tmp_path / "out").mkdir(exist_ok=True)
    c = doc(tmp_path, before, "convention-autre.txt")
    assert c.quartiers[0].portrait.indicators[0].agglomeration_value == Decimal("18.8")


def test_portrait_column_titles_set_apart_name_the_value_in_parentheses(tmp_path: Path) -> None:
    """A column layout's titles above the table, a blank line between: "Quartier (rappel
    agglomération)" says whose a bare value in parentheses is, and is no indicator."""
    one = saint_elie("• Un forum")
    head, tail = one.split("Objectifs poursuivis sur le quartier", 1)
    portrait = (
        "Portrait statistique\n\n"
        "            Indicateur                                  Quartier (rappel agglomération)\n\n"
        "Taux de pauvreté                                41,3 % (18,8 %)\n"
        "Part des moins de 25 ans                        35 % (31 %)\n"
        "Population                                      environ 2 900 habitants\n\n"
    )
    c = doc(tmp_path, head + portrait + "Objectifs poursuivis sur le quartier" + tail)
    (q,) = c.quartiers
    got = [(i.value, i.agglomeration_value) for i in q.portrait.indicators]
    assert got == [
        (Decimal("41.3"), Decimal("18.8")),
        (Decimal("35"), Decimal("31")),
        (Decimal("2900"), None),
    ]
    assert not [n for n in c.notes if n.kind == "unparsed_indicator"]


def test_two_column_tables_under_their_orientation_s_title_line(tmp_path: Path) -> None:
    """One table per orientation, objectives then actions, its titles centred over it and not
    read as a header: the first column names objectives, so the second holds their actions
    (a wrapped action line opening with a capital stays in its action)."""
    rows = [
        ("Renforcer le repérage des publics éloignés du", "• Organiser un aller-vers du CCAS avec"),
        ("droit en particulier", "  la Maison Départementale des Solidarités"),
        ("", "• Tenir une permanence de la CAF"),
        ("Accompagner les habitants dans les", "• Ouvrir un espace numérique avec Emmaüs"),
        ("démarches administratives et numériques", "  Connect"),
    ]
    table = "\n".join(f"{a:<48}  {b}".rstrip() for a, b in rows) + "\n"
    text = saint_elie("x").replace(
        "Orientations\tObjectifs\tActions\nFaciliter l'accès aux droits, aux soins et aux "
        "services\tLever les freins à la mobilité\tx\n",
        "\nOrientation : Faciliter l'accès aux droits, aux soins et aux services\n"
        "      Objectifs de la stratégie                          Actions sur le quartier\n\n"
        + table,
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Renforcer le repérage des publics éloignés du droit en particulier",
            [
                "Organiser un aller-vers du CCAS avec la Maison Départementale des Solidarités",
                "Tenir une permanence de la CAF",
            ],
        ),
        (
            "Accompagner les habitants dans les démarches administratives et numériques",
            ["Ouvrir un espace numérique avec Emmaüs Connect"],
        ),
    ]


def test_an_orientation_cut_mid_phrase_beside_its_objective(tmp_path: Path) -> None:
    """ "Associer les habitants aux" begins like the objective "Associer les habitants à la
    fabrique…", but an objective stands beside it on its line: it is the row's orientation."""
    rows = [
        ("Associer les habitants aux", "Sensibiliser les habitants à", "• Organiser des ateliers"),
        ("transitions urbaines et", "l'écocitoyenneté, la maîtrise", "éco-gestes avec le bailleur"),
        ("environnementales", "budgétaire et la gestion de", "• Créer des jardins partagés"),
        ("", "l'énergie", ""),
    ]
    table = "\n".join(f"{a:<30}  {b:<32}  {c}".rstrip() for a, b, c in rows) + "\n"
    text = saint_elie("x").replace(
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\nOrientations\t"
        "Objectifs\tActions\nFaciliter l'accès aux droits, aux soins et aux services\tLever "
        "les freins à la mobilité\tx\n",
        "ENJEU 3 : DES QUARTIERS À L'ÉPREUVE DES TRANSITIONS\n\n" + table,
    )
    c = doc(tmp_path, text)
    assert [(r.objective_text, len(r.actions)) for r in c.quartiers[0].retained] == [
        (
            "Sensibiliser les habitants à l'écocitoyenneté, la maîtrise budgétaire et la "
            "gestion de l'énergie",
            2,
        )
    ]


# ---------------------------------------------------------------- glyph headings, breadcrumbs


BREADCRUMBS = """CONTRAT DE VILLE « ENGAGEMENTS QUARTIERS 2030 »
Convention d'application – Commune de Verquin

■ PRÉAMBULE
La commune de Verquin partage avec Béthune le quartier prioritaire des 3 Îlots.

■ QUARTIER : Les 3 Îlots (QPV – QN06209M)
Communes : Béthune, Verquin

Objectifs et actions
  Enjeu 1 > Faciliter l'accès aux droits, aux soins et aux services > Renforcer le repérage des publics éloignés du droit en particulier
    → Permanence mensuelle du CCAS à la salle Jean Moulin
    → Visites à domicile avec l'association Verquin Solidarité
  Enjeu 1 > Faciliter l'accès aux droits, aux soins et aux services > Faciliter l'accès aux soins aux ressources de première nécessité
    → Bus santé de la CPAM
  Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers › Lever les freins à la mobilité
    → Location de vélos électriques avec la plateforme Wimoov

■ SIGNATURES
Fait à Verquin, le 2 juillet 2024
Le Maire de Verquin, Thierry TASSEZ
"""  # noqa: E501  (a breadcrumb line is as long as the strategy's names)


def test_glyph_headings_and_objectives_written_as_breadcrumbs(tmp_path: Path) -> None:
    """Sections under "■ …" headings, and each objective named by its path in the strategy
    ("Enjeu 1 > orientation > objectif", or "orientation › objectif"), its actions below it:
    every row with its own actions, nothing glued to an action, nothing left unread."""
    p = tmp_path / "convention-verquin.txt"
    p.write_text(BREADCRUMBS, encoding="utf-8")
    (res,) = convert([p], tmp_path / "out")
    (q,) = res.convention.quartiers
    assert (q.name, q.code) == ("Les 3 Îlots", "QN06209M")
    assert [(r.objective_text, [a.text for a in r.actions]) for r in q.retained] == [
        (
            "Renforcer le repérage des publics éloignés du droit en particulier",
            [
                "Permanence mensuelle du CCAS à la salle Jean Moulin",
                "Visites à domicile avec l'association Verquin Solidarité",
            ],
        ),
        (
            "Faciliter l'accès aux soins aux ressources de première nécessité",
            ["Bus santé de la CPAM"],
        ),
        (
            "Lever les freins à la mobilité",
            ["Location de vélos électriques avec la plateforme Wimoov"],
        ),
    ]
    assert res.counts["not_understood"] == 0


def _excerpt(name: str) -> str:
    return (Path(__file__).parent / "data" / "excerpts" / name).read_text(encoding="utf-8")


ANNEXED_TABLES = """Convention d'application communale
Commune de Bruay-la-Buissière

Quartier prioritaire « Terrasses Basly »

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06212M

Objectifs poursuivis sur le quartier

Les objectifs et leurs actions sont détaillés dans le tableau 2.1 de l'annexe 2.

Quartier prioritaire « Le Centre »

Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06211M

Les signataires

Fait à Bruay-la-Buissière, le 3 juillet 2024

Annexe 2 – Tableau de programmation

Tableau 2.1 – Quartier « Terrasses Basly » (QN06212M)
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la mobilité\t• Ouvrir un garage solidaire
Tableau 2.2 – Quartier « Le Centre » (QN06211M)
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\tFavoriser l'entrepreneuriat\t• Accueillir une couveuse
"""


def test_objectives_tables_in_an_annex_each_under_its_quartier(tmp_path: Path) -> None:
    """The tables set in an annex after the signatures, each under a line naming its quartier:
    each quartier gets its own rows."""
    c = doc(tmp_path, ANNEXED_TABLES)
    got = {
        q.name: [(r.objective_text, [a.text for a in r.actions]) for r in q.rows]
        for q in c.quartiers
    }
    assert got == {
        "Terrasses Basly": [("Lever les freins à la mobilité", ["Ouvrir un garage solidaire"])],
        "Le Centre": [("Favoriser l'entrepreneuriat", ["Accueillir une couveuse"])],
    }


def test_numbered_actions_and_orientations_labelled_across_the_table(tmp_path: Path) -> None:
    """pdftotext -layout of a two-column table (objective | actions numbered "1.", "2." in the
    cell), its orientations in rows across it ("Orientation : …"): "2. Ateliers …" on the
    objective's last line is the cell's next item, not a new objective; a labelled row is an
    orientation, never a retained objective."""
    q = with_table(tmp_path, _excerpt("layout-numbered-actions-labelled-orientations.txt"))
    got = {r.objective_text[:30]: [a.text[:30] for a in r.actions] for r in q.quartiers[0].retained}
    assert got == {
        "Accompagner les habitants dans": [
            "Permanence hebdomadaire d'un c",
            "Ateliers « Mon téléphone, mes ",
        ],
        "Faciliter l'accès aux soins au": [
            "Passage mensuel du bus santé d",
            "Soutien à la banque alimentair",
        ],
        "Promouvoir l'activité physique": [
            "Marche nordique et gym douce p",
            "Parcours santé au complexe Léo",
        ],
        "Lutter contre toutes les forme": [
            "Permanence mensuelle du CIDFF ",
            "Sensibilisation des agents mun",
        ],
    }


def test_orientations_numbered_as_the_strategy_in_bands_across_the_table(tmp_path: Path) -> None:
    """A band across an objective | actions table carrying an orientation's two-figure number
    ("1.2 – …") is that orientation, over the rows below it; a band that names an objective,
    numbered so as well, stays an objective (the strategy judges the text, not the number)."""
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        "| Objectif | Actions |\n|---|---|\n"
        "| 1.2 – Rendre les habitants acteurs de leur santé physique et mentale | |\n"
        "| Promouvoir l'activité physique et les activités favorables au bien-être "
        "| • Ouvrir le stade le samedi |\n"
        "| 1.3 – Lutter contre le harcèlement scolaire | |\n\n"
    )
    c = with_table(tmp_path, table)
    rows = c.quartiers[0].rows
    assert [(r.objective_text, [a.text for a in r.actions]) for r in rows] == [
        (
            "Promouvoir l'activité physique et les activités favorables au bien-être",
            ["Ouvrir le stade le samedi"],
        ),
        ("Lutter contre le harcèlement scolaire", []),
    ]
    assert (
        rows[0].orientation_text == "Rendre les habitants acteurs de leur santé physique et mentale"
    )


def test_objectives_under_labelled_orientations_in_one_first_column(tmp_path: Path) -> None:
    """pdftotext -layout of a table whose first column, "Orientation et objectif", holds the
    objectives under "Orientation : …" rows: an objective is judged once read whole (its first
    line alone names none well), and the actions beside its lines are its own; an objective
    alone on its line with no action is retained too."""
    c = with_table(tmp_path, _excerpt("layout-objectives-in-the-orientation-column.txt"))
    got = {r.objective_text[:30]: [a.text[:30] for a in r.actions] for r in c.quartiers[0].retained}
    assert got == {
        "Renforcer la prévention et l'a": [
            "Organiser avec le CMP de Béthu",
            "Former les animateurs et les a",
        ],
        "Promouvoir l'activité physique": [
            "Proposer des séances de sport-",
            "Créer un parcours de marche da",
        ],
        "Lutter contre toutes les forme": [
            "Mettre en place une permanence",
            "Sensibiliser les professionnel",
        ],
        "Lutter contre le harcèlement s": [],
        "Assurer la réussite éducative ": [
            "Poursuivre l'accompagnement in",
            "Développer l'accompagnement à ",
            "Proposer des sorties culturell",
        ],
        "Développer l'accompagnement à ": ["Organiser des cafés des parent"],
    }


def test_an_objectives_first_words_run_into_the_orientation_cell_go_back(tmp_path: Path) -> None:
    """pdftotext -layout set an objective's first words one space after the orientation's
    ("Accompagner l'accès à Lever" | "les freins…"), in a table read as centred; or ran its
    whole first line into the orientation's ("Promouvoir l'éducation Structurer et accompagner
    les", the objective going on below: "projets et la vie associative")."""
    c = with_table(tmp_path, _excerpt("layout-objective-glued-to-the-orientation.txt"))
    got = {r.objective_text: len(r.actions) for r in c.quartiers[0].retained}
    assert got == {
        "Lever les freins à la mobilité": 2,
        "Repérer et mobiliser les habitants sans emploi et sans formation": 2,
        "Favoriser l'accès et le retour à l'emploi des habitants": 2,
        "Structurer et accompagner les projets et la vie associative": 2,
    }


def test_an_orientation_over_its_rows_in_the_objectives_column_is_no_objective(
    tmp_path: Path,
) -> None:
    """pdftotext -layout of one table per orientation, each under "◆ <orientation>": the
    title, read into the objectives' column with no action beside it, names an orientation
    of the strategy, not a retained objective."""
    c = with_table(tmp_path, _excerpt("layout-orientations-marked-over-their-rows.txt"))
    got = {r.objective_text[:30]: len(r.actions) for r in c.quartiers[0].retained}
    assert got == {
        "Renforcer le repérage des publ": 2,
        "Faciliter l'accès aux soins au": 3,
        "Accompagner les habitants dans": 1,
        "Renforcer la prévention et l'a": 3,
        "Promouvoir l'activité physique": 1,
    }


def test_a_row_cut_by_a_page_break_under_the_repeated_titles_is_no_header(tmp_path: Path) -> None:
    """The titles repeated on a new page, then the row the break cut ("physique et mentale" |
    "favorables au bien-être" | "avec le club Hersin Athlétisme"): short lower-case pieces,
    but the first header had no second line, so they are the row's ends."""
    c = with_table(tmp_path, _excerpt("layout-four-columns-repeated-header.txt"))
    actions = [a.text for r in c.quartiers[0].retained for a in r.actions]
    assert (
        "Mettre en place des séances de marche nordique et de gym douce avec le club Hersin "
        "Athlétisme" in actions
    )


def test_a_bare_value_in_parentheses_after_a_label_and_its_value(tmp_path: Path) -> None:
    """ "• Taux de pauvreté 39,7 % (18,8 %)", no colon: the value in parentheses is kept with
    the indicator, and is the agglomeration's when the portrait's legend says so."""
    items = "• Taux de pauvreté 39,7 % (18,8 %)\n• Logements sociaux 68,2 % (25,6 %)\n\n"
    legend = "Source : Insee 2022 ; entre parenthèses, la valeur de la CABBALR.\n"
    for lead, agglo in ((legend, [Decimal("18.8"), Decimal("25.6")]), ("", [None, None])):
        where = tmp_path / ("legend" if lead else "none")
        where.mkdir()
        c = with_parts(where, f"Portrait statistique\n{lead}{items}")
        inds = c.quartiers[0].portrait.indicators
        assert [(i.value, i.agglomeration_value) for i in inds] == [
            (Decimal("39.7"), agglo[0]),
            (Decimal("68.2"), agglo[1]),
        ]
        if not lead:
            assert [i.note for i in inds] == ["18,8 %", "25,6 %"]


def test_an_untitled_first_part_with_the_fields_presents_the_quartier_above(
    tmp_path: Path,
) -> None:
    """ "3. Le territoire vulnérable de la Cité des Aubépines" then "3.1. Fiche signalétique"
    and its fields: the part presents that quartier, it opens no quartier of its own."""
    text = MINIMAL.format(
        quartier="3. Le territoire vulnérable de la Cité des Aubépines\n\n3.1. Fiche signalétique",
        code="(aucun)",
        actions="• Ouvrir",
    ).replace("Statut : Quartier prioritaire de la politique de la ville", "Statut : QIC")
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert q.name.endswith("Cité des Aubépines") and len(q.retained) == 1


def test_a_title_at_the_margin_after_a_list_is_no_wrapped_end_of_its_last_item(
    tmp_path: Path,
) -> None:
    """pdftotext -layout, no blank line: "- Associer les habitants aux travaux de rénovation
    des cités" then "Objectifs poursuivis sur le quartier": the title opens the objectives."""
    text = saint_elie().replace(
        "\nObjectifs poursuivis sur le quartier\n",
        "\nEnjeux prioritaires de la commune pour le quartier\n"
        "- Remobiliser les jeunes sortis du système scolaire\n"
        "- Associer les habitants aux travaux de rénovation des cités\n"
        "Objectifs poursuivis sur le quartier\n",
    )
    (q,) = doc(tmp_path, text).quartiers
    assert q.priorities[-1].text == "Associer les habitants aux travaux de rénovation des cités"
    assert len(q.retained) == 1


def test_a_portrait_legend_in_its_title(tmp_path: Path) -> None:
    """ "1. Portrait du quartier" and, below it in the same item, "(Données … ; entre
    parenthèses, la valeur pour l'agglomération)": the legend, in the title, holds for the
    values in parentheses."""
    parts = (
        "1. Portrait du quartier\n"
        "(Données Sig ville 2022 ; entre parenthèses, la valeur pour l'agglomération)\n"
        " – Taux de pauvreté : 41,7 % (18,8 %)\n – Part du parc social : plus de 80 % (25,6 %)\n\n"
    )
    (q,) = with_parts(tmp_path, parts).quartiers
    assert [(i.value, i.agglomeration_value) for i in q.portrait.indicators] == [
        (Decimal("41.7"), Decimal("18.8")),
        (Decimal("80"), Decimal("25.6")),
    ]


def test_rows_whose_cells_touch_after_an_orientation_line_stay_in_the_table(
    tmp_path: Path,
) -> None:
    """pdftotext -layout: "Orientation : Prévenir les violences …" across the table, then rows
    whose objective and numbered action touch ("… et promouvoir 1) Monter …"): the table goes
    on, each row with its actions."""
    c = with_table(tmp_path, _excerpt("layout-touching-rows-after-an-orientation.txt"))
    got = {r.objective_text[:30]: len(r.actions) for r in c.quartiers[0].retained}
    assert got["Lutter contre les discriminati"] == 1


def test_the_resolver_keeps_second_column_actions_for_the_objective_growing_beside_them(
    tmp_path: Path,
) -> None:
    """Cells of a two-column table read without its titles (objectives | dashed actions, the
    actions left in the second column): "Lutter contre toutes les formes de" names its
    objective only once read over three lines; the actions beside those lines, and their
    wrapped ends, are its own, not the row's above."""
    from quartiers.convert import Converter
    from quartiers.ledger import Ledger
    from quartiers.parsers.columns import Cell, Segment
    from quartiers.parsers.objectives import resolve

    lines = [
        ("Lutter contre le harcèlement scolaire", "– Intervenir dans les classes de CM1-CM2"),
        ("", "– Former les animateurs périscolaires au repérage du harcèlement"),
        ("Lutter contre toutes les formes de", "– Informer les habitants avec le"),
        ("violences, en particulier les violences", "CIDFF62"),
        ("intrafamiliales et faites aux femmes", "– Former les agents d'accueil de la mairie"),
    ]
    p = tmp_path / "cells.txt"
    p.write_text("\n".join(f"{a}    {b}" for a, b in lines) + "\n", encoding="utf-8")
    seg = Segment(1, "")
    for no, (a, b) in enumerate(lines, 1):
        cells = [Cell(0, a, no, True)] if a else []
        seg.rows.append([*cells, Cell(1, b, no, True)])
    rows = resolve([seg], Converter().framework, Ledger(read(p)))
    assert [(r.objective_text[:30], len(r.actions)) for r in rows] == [
        ("Lutter contre le harcèlement s", 2),
        ("Lutter contre toutes les forme", 2),
    ]


def test_a_first_column_of_enjeu_numbers_is_the_enjeu_column(tmp_path: Path) -> None:
    """pdftotext -layout of four columns, "Enjeu | Orientation | Objectif | Actions", the
    titles not read and the first column holding only "1": that column says the enjeu, the
    others are orientation, objective and actions."""
    c = with_table(tmp_path, _excerpt("layout-enjeu-number-column.txt"))
    got = {r.objective_text[:30]: len(r.actions) for r in c.quartiers[0].retained}
    assert got == {
        "Accompagner les habitants dans": 1,
        "Renforcer la prévention et l'a": 2,
        "Lutter contre toutes les forme": 1,
    }


def test_two_columns_titled_apart_with_actions_written_as_sentences(tmp_path: Path) -> None:
    """Marles-80: the column titles ("Objectifs de la stratégie intercommunale | Actions …")
    stand above the enjeu's title, apart from the table, and hold for the tables after it (a
    row of one objective without action ends the first); in two columns the strategy's title
    is the objectives'; actions are unmarked sentences, one wrapped line under another going
    on with it even when it opens with a capital ("… à la Maison" / "France services …")."""
    c = with_table(
        tmp_path, _excerpt("layout-two-columns-titles-apart-paragraph-actions.txt") + "\n"
    )
    rows = actions_by_objective(c)
    assert rows["Renforcer le repérage des publics éloignés du droit en particulier"] == [
        "Organiser une permanence mensuelle d'accès aux droits à la Maison France services de "
        "la rue Jean Jaurès, avec le CIDFF62, la CAF du Pas-de-Calais et la CPAM de l'Artois, "
        "et y orienter systématiquement les habitants repérés par le CCAS lors des visites à "
        "domicile et des distributions alimentaires.",
        "Former les agents d'accueil de la mairie et du CCAS au repérage des situations de "
        "non-recours aux droits.",
    ]
    laep = next(v for k, v in rows.items() if k.startswith("Développer l'accompagnement"))
    assert len(laep) == 1 and laep[0].endswith("(MDS) de l'Artois.")
    assert rows["Lutter contre le harcèlement scolaire"] == []
    assert len(rows) >= 8  # every objective, none of the actions read as one


def test_a_portrait_whose_agglomeration_title_wraps_over_three_lines(tmp_path: Path) -> None:
    """Bruay-86: "Agglomération" / "Indicateur   Quartier" / "(CABBALR)", centred: the last
    piece falls under the quartier's column, yet each row's number beside the quartier's
    value, with none in parentheses, is the agglomeration's."""
    c = with_parts(tmp_path, "\n" + _excerpt("layout-portrait-title-wrapped-over-three-lines.txt"))
    by = {i.code: (i.value, i.agglomeration_value) for i in c.quartiers[0].portrait.indicators}
    assert by["taux_pauvrete"] == (Decimal("41.2"), Decimal("18.8"))
    assert by["taux_emploi_15_64"] == (Decimal("44.6"), Decimal("58.8"))
    assert by["population"][1] is None  # "—"


def test_titles_under_the_enjeu_over_objectives_actions_and_pilots(tmp_path: Path) -> None:
    """Haisnes-84: the enjeu's title and the column titles in one paragraph ("Objectif de la
    stratégie intercommunale | Actions … | Pilotes et partenaires"), the orientations as bands:
    with a title over each column, the strategy's is the objectives' only, and the pilots'
    column is no part of the actions."""
    c = with_table(
        tmp_path, _excerpt("layout-titles-in-the-enjeu-paragraph-pilots-column.txt") + "\n"
    )
    rows = actions_by_objective(c)
    assert rows["Renforcer le repérage des publics éloignés du droit en particulier"] == [
        "Organiser des permanences « aller vers » du CCAS dans la salle des fêtes de la cité, "
        "un mardi par mois.",
        "Former les agents de la Maison France services au repérage du non-recours aux droits. "
        "Les situations repérées seront orientées vers le CCAS ou la CAF.",
    ]
    assert len(rows) == 3


@pytest.mark.parametrize(
    "heading",
    [
        "Le quartier d'intérêt communautaire « Cité des Tilleuls »",
        "III. Le quartier d'intérêt communautaire Cité des Tilleuls",
        "III. LE QUARTIER D'INTÉRÊT COMMUNAUTAIRE CITÉ DES TILLEULS",
        "III. Le quartier d'intérêt communautaire des Tilleuls",
        "2. LE QUARTIER D'INTÉRÊT COMMUNAUTAIRE DES TILLEULS",
    ],
)
def test_a_status_said_in_the_heading_before_the_name(tmp_path: Path, heading: str) -> None:
    """ "4. Le quartier d'intérêt communautaire « Cité des Tilleuls »" (Lillers-85), the name
    quoted or not (Barlin-135), no "Statut :" field under it (a field whose value wraps
    around its label, in pdftotext): the heading says it is a QIC. Named with an article
    ("… du Regain", a heading of a convention written for a test), the quartier is "Quartier
    du Regain", the status said, not part of its name."""
    text = MINIMAL.format(quartier=heading, code="", actions="• Ouvrir")
    text = text.replace("Statut : Quartier prioritaire de la politique de la ville\n", "")
    text = text.replace("Code quartier : \n", "")
    (q,) = doc(tmp_path, text).quartiers
    name = "Cité des Tilleuls" if "cit" in heading.lower() else "Quartier des Tilleuls"
    assert (q.name, q.status, q.code) == (name, "QIC", None)


def test_a_portrait_whose_qualifiers_have_their_own_column(tmp_path: Path) -> None:
    """Cauchy-83: "Population | environ | 2 300 habitants | –": a column of qualifiers only,
    the values in the next, the agglomeration's after them."""
    c = with_parts(tmp_path, "\n" + _excerpt("layout-portrait-qualifiers-in-their-own-column.txt"))
    by = {i.code: i for i in c.quartiers[0].portrait.indicators}
    assert (by["population"].value, by["population"].qualifier) == (Decimal("2300"), "approx")
    assert (by["taux_pauvrete"].value, by["taux_pauvrete"].agglomeration_value) == (
        Decimal("41.2"),
        Decimal("18.8"),
    )
    assert (by["part_parc_social"].value, by["part_parc_social"].qualifier) == (
        Decimal("80"),
        "more_than",
    )


FICHE_BLOCKS = """ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations\tObjectifs\tFiche(s)
Faciliter l'accès aux droits, aux soins et aux services\tRenforcer le repérage des publics \
éloignés du droit en particulier\tFA 1
\tAccompagner les habitants dans les démarches administratives et numériques\tFA 2

Fiche action n°1
Intitulé              Permanence d'accès aux droits au centre social
                      de la cité des Fleurs
Objectif poursuivi    Renforcer le repérage des publics éloignés du droit
                      en particulier
Porteur               CCAS
Partenaires           CAF du Pas-de-Calais, CPAM de l'Artois

Fiche action n°2
Intitulé              Ateliers numériques pour les seniors



\f
Objectif du contrat de   Accompagner les habitants dans les démarches
ville                    administratives et numériques
Porteur                  Médiathèque municipale
Calendrier               2025-2027

"""


def test_fiches_actions_give_each_objective_its_actions(tmp_path: Path) -> None:
    """A summary table pointing to fiches ("FA 1"), then one fiche per action: its title
    (Intitulé) is the action, its "Objectif …" field the row it serves, the other fields the
    row's details; labels in a column of their own, without a colon, a label and a value
    wrapped, and a fiche cut by a page break between its title and its objective."""
    c = with_table(tmp_path, FICHE_BLOCKS)
    rows = actions_by_objective(c)
    assert rows == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Permanence d'accès aux droits au centre social de la cité des Fleurs"
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ateliers numériques pour les seniors"
        ],
    }
    # the fiche's partners are the convention's (not yet each its action's: see issue 10's note)
    assert {"caf", "cpam"} <= {p.id.split("-")[0] for p in c.partners}
    assert not [n for n in c.notes if n.kind == "unread_objectives_text"]


def _fiche(no: int, title: str, objective: str, description: str) -> str:
    return (
        f"<h3>Fiche action n° {no} – {title}</h3>\n<table>\n"
        "<tr><td>Enjeu</td><td>Enjeu 1 – Des quartiers attentifs aux habitants</td></tr>\n"
        "<tr><td>Orientation</td><td>Faciliter l'accès aux droits, aux soins et aux services"
        "</td></tr>\n"
        f"<tr><td>Objectif de rattachement</td><td>{objective}</td></tr>\n"
        f"<tr><td>Description</td><td>{description}</td></tr>\n"
        "<tr><td>Porteur</td><td>CCAS</td></tr>\n"
        "<tr><td>Partenaires</td><td>CAF du Pas-de-Calais, CPAM de l'Artois</td></tr>\n"
        "</table>\n"
    )


def test_fiches_under_their_own_headings_give_their_description_as_the_action(
    tmp_path: Path,
) -> None:
    """A summary (objective | fiche numbers, or "Pas de fiche à ce stade"), then a heading per
    fiche over a table of its fields whose objective comes first: a fiche with no title field
    has its description as its action, under the objective it names; the heading names it."""
    repere = "Renforcer le repérage des publics éloignés du droit en particulier"
    demarches = "Accompagner les habitants dans les démarches administratives et numériques"
    text = (
        "<html><body>\n<h1>Convention d'application communale – Commune de Haisnes</h1>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n"
        "<p>Statut : Quartier prioritaire de la politique de la ville</p>\n"
        "<p>Code quartier : QN06216M</p>\n<h2>Objectifs retenus et fiches action</h2>\n"
        "<table>\n<tr><th>Orientation</th><th>Objectif retenu</th><th>Fiche(s) action</th>"
        "</tr>\n<tr><td>Faciliter l'accès aux droits, aux soins et aux services</td>"
        f"<td>{repere}</td><td>n° 1</td></tr>\n"
        "<tr><td>Faciliter l'accès aux droits, aux soins et aux services</td>"
        f"<td>{demarches}</td><td>n° 2</td></tr>\n"
        "<tr><td>Faciliter l'accès aux droits, aux soins et aux services</td>"
        "<td>Lever les freins à la mobilité</td><td>Pas de fiche à ce stade</td></tr>\n"
        "</table>\n"
        + _fiche(1, "Le bus des droits", repere, "Mettre en place un bus des droits.")
        + _fiche(2, "Ateliers", demarches, "Proposer des ateliers numériques aux seniors.")
        + "<h2>Les signataires</h2>\n<p>Fait à Haisnes, le 3 juillet 2024</p>\n</body></html>\n"
    )
    c = doc(tmp_path, text, "convention-testville.html")
    assert actions_by_objective(c) == {
        repere: ["Mettre en place un bus des droits."],
        demarches: ["Proposer des ateliers numériques aux seniors."],
        "Lever les freins à la mobilité": [],
    }
    assert not [n for n in c.notes if n.kind in {"unknown_section", "unread_objectives_text"}]
    assert {"caf", "cpam"} <= {p.id.split("-")[0] for p in c.partners}


def test_a_grid_of_the_whole_strategy_retains_the_ticked_objectives_only(tmp_path: Path) -> None:
    """A "Retenu" column ticked ☒ or ☐ (or oui / non): an objective not ticked is not
    retained, its lines accounted for as such, whatever the column's place."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tRetenu\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tRenforcer le repérage des "
        "publics éloignés du droit en particulier\t☒\t• Tenir une permanence du CCAS\n"
        "\tFaciliter l'accès aux soins aux ressources de première nécessité\t☐\t\n"
        "\tAccompagner les habitants dans les démarches administratives et numériques\toui\t"
        "• Ouvrir un atelier numérique\n\n",
    )
    rows = actions_by_objective(c)
    assert rows == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Tenir une permanence du CCAS"
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ouvrir un atelier numérique"
        ],
    }
    text = (tmp_path / "convention-testville.txt").read_text(encoding="utf-8").split("\n")
    (no,) = [i + 1 for i, t in enumerate(text) if "\tFaciliter l'accès aux soins" in t]
    assert c.line_use[no][0] in {LineUse.IGNORED, LineUse.TEXT}  # accounted, not a row


def test_a_small_table_of_fields_per_objective_its_actions_a_list_in_one_field(
    tmp_path: Path,
) -> None:
    """One two-column table per objective, labels without colons ("Objectif stratégique |
    …", "Actions à conduire | – …" then "| – …", "Porteur | …", "Calendrier | …"): the
    objective and each item of its actions field; the pilot and timetable are no action."""
    fiche = (
        "Objectif stratégique\t{objective}\n"
        "Actions à conduire\t– {first}\n"
        "\t– {second}\n"
        "Porteur\tCCAS de Haisnes\n"
        "Calendrier\t2024 – 2030\n\n"
    )
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n\n"
        "Orientation : Faciliter l'accès aux droits, aux soins et aux services\n\n"
        + fiche.format(
            objective="Renforcer le repérage des publics éloignés du droit en particulier",
            first="Mettre en place des permanences du CCAS à la maison de quartier",
            second="Organiser chaque année un forum des droits avec la CAF",
        )
        + fiche.format(
            objective="Accompagner les habitants dans les démarches administratives et numériques",
            first="Ouvrir un point numérique à la médiathèque",
            second="Former des habitants relais au numérique",
        ),
    )
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Mettre en place des permanences du CCAS à la maison de quartier",
            "Organiser chaque année un forum des droits avec la CAF",
        ],
        "Accompagner les habitants dans les démarches administratives et numériques": [
            "Ouvrir un point numérique à la médiathèque",
            "Former des habitants relais au numérique",
        ],
    }


def test_a_table_of_the_whole_strategy_says_non_retenu_where_the_actions_would_be(
    tmp_path: Path,
) -> None:
    """ "Non retenu" (or "Objectif non retenu pour le quartier", "Non concerné") alone in the
    actions' cell: the commune leaves that objective aside; not a row with an action of
    that text, nor a retained objective without action."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tRenforcer le repérage des "
        "publics éloignés du droit en particulier\t• Tenir une permanence du CCAS\n"
        "\tFaciliter l'accès aux soins aux ressources de première nécessité\tNon retenu\n"
        "\tAccompagner les habitants dans les démarches administratives et numériques\t"
        "Objectif non retenu pour le quartier.\n"
        "Prévenir les violences, accompagner les victimes\tLutter contre le harcèlement "
        "scolaire\tNon concerné\n\n",
    )
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit en particulier": [
            "Tenir une permanence du CCAS"
        ]
    }


def test_a_portrait_whose_column_titles_stand_apart_names_the_agglomerations_column(
    tmp_path: Path,
) -> None:
    """pdftotext set the titles of a five-column portrait (quartier, commune, CABBALR,
    source), one of them wrapped, a blank line above its rows: the agglomeration's value is
    the CABBALR column's, not the commune's next to the quartier's."""
    table = _excerpt("layout-portrait-titles-apart-commune-column.txt")
    text = saint_elie("• Organiser").replace(
        "Objectifs poursuivis", f"Portrait statistique\n{table}\nObjectifs poursuivis"
    )
    q = doc(tmp_path, text).quartiers[0]
    got = {i.code: (i.value, i.agglomeration_value) for i in q.portrait.indicators}
    assert got["taux_pauvrete"] == (Decimal("39.2"), Decimal("18.8"))
    assert got["part_moins_25_ans"] == (Decimal("33.8"), Decimal("31"))
    assert got["population"] == (Decimal("3100"), Decimal("277000"))


@pytest.mark.parametrize(
    ("line", "value", "qualifier", "agglo"),
    [
        ("Familles monoparentales : 1 ménage sur 4 (CABBALR : 16,2 %)", "25", "exact", "16.2"),
        ("Part des moins de 25 ans : un tiers des habitants", "33.3", "exact", None),
        ("Familles monoparentales : près d'un ménage sur quatre", "25", "approx", None),
        ("Part des locataires : la moitié des ménages", "50", "exact", None),
        # the figure given after the words is the value
        (
            "Part des 16-25 ans sans emploi : près d'un tiers, 32,6 % (CABBALR : 23,5 %)",
            "32.6",
            "exact",
            "23.5",
        ),
        ("Part des moins de 25 ans : de l'ordre de 39 %", "39", "approx", None),
        ("Taux de pauvreté : un peu plus de 40 %", "40", "more_than", None),
    ],
)
def test_a_share_said_in_words_is_its_percentage(
    line: str, value: str, qualifier: str, agglo: str | None
) -> None:
    ind = parse_indicator(line, Span.of(1), CTX)
    assert ind is not None
    assert (ind.value, ind.qualifier) == (Decimal(value), qualifier)
    assert ind.agglomeration_value == (Decimal(agglo) if agglo else None)


OUTLINE_OF_HEADINGS = """Convention d'application communale
Commune de Nœux-les-Mines

1.\tLe quartier Terre-Noeve
Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06218M

2.\tObjectifs poursuivis sur le quartier
Enjeu 1 – Des quartiers attentifs aux habitants les plus fragiles
Orientation 1.1 – Faciliter l'accès aux droits, aux soins et aux services
1.1.2 Faciliter l'accès aux soins aux ressources de première nécessité
•\tRelayer le bus santé du Département dans le quartier deux fois par an
•\tDévelopper l'épicerie solidaire du CCAS
Enjeu 2 – Des quartiers d'émancipation pour tous
Orientation 2.2 – Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers
2.2.4 Lever les freins à la mobilité
•\tFinancer le permis de conduire de jeunes du quartier
Enjeu 3 – Des quartiers à l'épreuve des transitions
Orientation 3.2 – Promouvoir l'éducation populaire, la citoyenneté et la vie associative à tous les âges de la vie
3.2.1 Susciter l'initiative citoyenne et l'envie de faire société
•\tCréer un fonds de participation des habitants

3.\tLes signataires
Fait à Nœux-les-Mines, le 3 juillet 2024
"""


def test_objectives_as_numbered_headings_of_the_strategy_with_their_actions_under_them(
    tmp_path: Path,
) -> None:
    """ "1.1.2 Faciliter l'accès aux soins aux ressources …", "2.2.4 Lever les freins à la
    mobilité" (Nœux-les-Mines-143, a Word text, no table): headings the strategy names as
    objectives, whatever a part's word they hold ("ressources", "freins", "initiative
    citoyenne"), are the objectives part's outline, not parts of their own; each opens its
    row, the list under it its actions."""
    c = doc(tmp_path, OUTLINE_OF_HEADINGS, "convention-noeux-les-mines.txt")
    rows = actions_by_objective(c)
    assert rows == {
        "Faciliter l'accès aux soins aux ressources de première nécessité": [
            "Relayer le bus santé du Département dans le quartier deux fois par an",
            "Développer l'épicerie solidaire du CCAS",
        ],
        "Lever les freins à la mobilité": ["Financer le permis de conduire de jeunes du quartier"],
        "Susciter l'initiative citoyenne et l'envie de faire société": [
            "Créer un fonds de participation des habitants"
        ],
    }
    assert not [n for n in c.notes if n.kind == "unknown_section"]


INTRODUCED = """Ville de Haisnes
Contrat de ville « Engagements Quartiers 2030 »
Convention d'application communale 2024-2030

Introduction

Le quartier prioritaire « Saint-Elie – Fosse 13 » (QN06216M), qui compte environ 1 650
habitants, s'étend sur les communes de Douvrin, Haisnes et Hulluch. C'est le seul quartier
de la politique de la ville présent sur le territoire communal.

Le quartier en quelques chiffres

Taux de pauvreté : 33,5 % (agglomération : 18,8 %)

Les priorités de la commune

1. Ramener l'emploi au plus près des habitants.

Plan d'actions 2024-2030

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientations\tObjectifs\tActions
Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la mobilité\t• Ouvrir

Signatures

Fait à Haisnes, le 3 juillet 2024
"""


def test_a_quartier_named_only_in_a_sentence_of_the_introduction(tmp_path: Path) -> None:
    """Haisnes-150: no section presents the quartier, a sentence of the introduction names it
    with its code and population, and its parts follow under their own titles: rejected before
    ("no quartier section"). The sentence's quartier is the parts' quartier, said in a note."""
    c = doc(tmp_path, INTRODUCED, "convention-haisnes.txt")
    (q,) = c.quartiers
    assert (q.name, q.code, q.status) == ("Saint-Elie – Fosse 13", "QN06216M", "QPV")
    assert {(i.label, i.value) for i in q.portrait.indicators} >= {
        ("Taux de pauvreté", Decimal("33.5"))
    }
    assert any(i.value == 1650 for i in q.portrait.indicators)
    assert len(q.priorities) == 1
    assert [a.text for r in q.rows for a in r.actions] == ["Ouvrir"]
    assert any(n.kind == "quartier_from_prose" for n in c.notes)
    # with nothing naming a quartier, a document is still no convention
    with pytest.raises(Exception, match="no quartier section"):
        doc(tmp_path, INTRODUCED.replace("Le quartier prioritaire « Saint-Elie – Fosse 13 »", "Le"))


def test_actions_labelled_by_a_word_and_a_number_in_one_cell() -> None:
    """ "Action n° 19 : … Action n° 20 : …" in one cell (Verquin-147: a word processor's
    labelled numbering, running on through the table): each label opens an action."""
    items = split_inline(
        "Action n° 19 : Organiser des animations estivales <br> Action n° 20 : Soutenir la fête"
    )
    assert [(clean(t), m) for t, m in items] == [
        ("Organiser des animations estivales", True),
        ("Soutenir la fête", True),
    ]
    # one label inside a sentence opens nothing
    (only,) = split_inline("Prolonger l'Action n° 3 : le bus des droits")
    assert clean(only[0]) == "Prolonger l'Action n° 3 : le bus des droits"


def test_second_level_items_are_their_action_s_details(tmp_path: Path) -> None:
    """ "• Ouvrir un point numérique ◦ deux demi-journées par semaine ◦ …" (Annezin-149): the
    second level says how the action above it goes, no action of its own; kept as the
    quartier's text. A cell whose only glyph is "◦" lists actions."""
    c = with_actions(
        tmp_path,
        "• Ouvrir un point numérique ◦ deux demi-journées par semaine ◦ accueil par le "
        "conseiller numérique • Organiser des ateliers",
    )
    (q,) = c.quartiers
    assert [a.text for r in q.rows for a in r.actions] == [
        "Ouvrir un point numérique",
        "Organiser des ateliers",
    ]
    kept = [p.text for p in q.passages]
    assert "deux demi-journées par semaine" in kept
    c = with_actions(tmp_path, "◦ Ouvrir un point numérique ◦ Organiser des ateliers")
    assert [a.text for r in c.quartiers[0].rows for a in r.actions] == [
        "Ouvrir un point numérique",
        "Organiser des ateliers",
    ]


THREE_QUARTIERS = """Convention d'application communale
Commune de Bruay-la-Buissière

Quartier prioritaire « Terrasses Basly »
Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06212M

Quartier prioritaire « Le Centre »
Statut : Quartier prioritaire de la politique de la ville
Code quartier : QN06211M

Quartier d'intérêt communautaire « Cité 16 – Les Alouettes »
Statut : Quartier d'intérêt communautaire

Objectifs poursuivis sur les quartiers

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientation              Objectif                    Actions opérationnelles          Quartier(s)
                                                                                      concerné(s)
Faciliter l'accès aux    Renforcer le repérage       - Ouvrir une permanence          Terrasses
droits, aux soins et     des publics éloignés du       mensuelle en mairie            Basly ; Le
aux services             droit                       - Former les gardiens            Centre
                                                       d'immeubles
                         Accompagner les             - Ouvrir un atelier numérique    Les trois
                         habitants dans les                                           quartiers
                         démarches
Rendre les habitants     Garantir à tous l'accès     - Créer une épicerie solidaire   Terrasses
acteurs de leur santé    à une alimentation saine                                     Basly ; Cité 16

Les signataires

Fait à Bruay-la-Buissière, le 3 juillet 2024
"""


def test_a_quartiers_column_naming_them_by_a_part_a_list_or_all_three(tmp_path: Path) -> None:
    """Bruay-la-Buissière-150's "Quartier(s) concerné(s)" column, in pdftotext's layout: a
    list of names wrapped over the lines of two actions ("Terrasses" / "Basly ; Le" /
    "Centre": a line cut after "Le" goes on below), "Les trois quartiers" (every one), "Cité
    16" (the part of a name said with the word that makes it a place)."""
    c = doc(tmp_path, THREE_QUARTIERS, "convention-bruay-la-buissiere.txt")
    got = {q.name: {r.objective_text[:20]: len(r.actions) for r in q.rows} for q in c.quartiers}
    assert got == {
        "Terrasses Basly": {
            "Renforcer le repérag": 2,
            "Accompagner les habi": 1,
            "Garantir à tous l'ac": 1,
        },
        "Le Centre": {"Renforcer le repérag": 2, "Accompagner les habi": 1},
        "Cité 16 – Les Alouettes": {"Accompagner les habi": 1, "Garantir à tous l'ac": 1},
    }
    assert "unknown_quartier" not in {n.kind for n in c.notes}


def test_partners_each_a_paragraph_of_the_partners_cell(tmp_path: Path) -> None:
    """A partners cell of one body a paragraph (Word's "Wimoov" then "Garage solidaire de
    l'Artois", Auchel-150): each paragraph is a partner, named or not, not only the first the
    language model knows."""
    table = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation\tObjectif\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits, aux soins et aux services\t"
        "Lever les freins à la mobilité\tCréer un garage\tWimoov\n"
        "Garage solidaire de l'Artois\n"
        "\tFavoriser l'entrepreneuriat\tOuvrir une boutique\tInitiative Artois\n\n"
    )
    names = {p.name for p in with_table(tmp_path, table).partners}
    assert {"Wimoov", "Garage solidaire de l'Artois", "Initiative Artois"} <= names


def test_a_note_of_lines_not_understood_names_every_line_of_its_html_element(
    tmp_path: Path,
) -> None:
    """An HTML paragraph written over two source lines, left not understood: its note spans
    both lines (Burbure-148: the note named the first, the second was a loss no note covered)."""
    from quartiers.ledger import Ledger
    from quartiers.model import QualityNote

    p = tmp_path / "c.html"
    p.write_text("<p>Un texte que rien\nne comprend</p>\n", encoding="utf-8")
    d = read(p)
    ledger = Ledger(d)
    ledger.note(QualityNote("x", "y", Span(1, 1)), understood=False)
    assert ledger.notes[0].span == Span(1, 2)
    assert {n for n, (u, _) in ledger.uses.items() if u == LineUse.NOT_UNDERSTOOD} == {1, 2}


SIDE_BY_SIDE = """Convention d'application communale
Commune de Béthune

1. Les quartiers béthunois de la politique de la ville

                                 Mont-Liébaut                         Les 3 Îlots

Statut                   Quartier prioritaire              Quartier prioritaire
Code national            QN06208M (ex-QP 06 20 08)         QN06209M (ex-QP 06 20 09)
Communes concernées      Béthune                           Béthune, Verquin

2. Quartier du Mont-Liébaut

Les irritants
- Des logements dégradés

3. Quartier des 3 Îlots

Les irritants
- Un quartier enclavé

4. Objectifs poursuivis sur les quartiers

ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES
Orientation\tObjectif\tActions – Mont-Liébaut\tActions – Les 3 Îlots
Faciliter l'accès aux droits, aux soins et aux services\tRenforcer le repérage des publics \
éloignés du droit\t• Déployer les permanences du CCAS\t• Organiser une permanence mensuelle
\tLever les freins à la mobilité\t• Ouvrir un garage solidaire\tNon concerné

5. Les signataires

Fait à Béthune, le 3 juillet 2024
"""


def test_two_quartiers_side_by_side_a_column_each(tmp_path: Path) -> None:
    """Béthune-144: an identification table of both quartiers, its column titles a line above
    it (pdftotext set them apart), and one objectives table with an actions column per
    quartier ("Actions – Mont-Liébaut | Actions – Les 3 Îlots"): each quartier its code and
    its column's actions, "Non concerné" none (before: the second quartier's code and every row
    lost)."""
    c = doc(tmp_path, SIDE_BY_SIDE, "convention-bethune.txt")
    got = {
        q.code: {r.objective_text[:20]: [a.text for a in r.actions] for r in q.rows}
        for q in c.quartiers
    }
    assert got == {
        "QN06208M": {
            "Renforcer le repérag": ["Déployer les permanences du CCAS"],
            "Lever les freins à l": ["Ouvrir un garage solidaire"],
        },
        "QN06209M": {"Renforcer le repérag": ["Organiser une permanence mensuelle"]},
    }
    assert [q.communes for q in c.quartiers] == [["Béthune"], ["Béthune", "Verquin"]]


def _dl_convention(fields: str, actions: str) -> str:
    """An HTML convention of one quartier whose fields and portrait are definition lists."""
    return (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        f"<h2>Le quartier « Saint-Elie »</h2>\n<dl>\n{fields}</dl>\n"
        "<h3>Portrait statistique</h3>\n<dl>\n<dt>Population</dt><dd>1 650 habitants</dd>\n"
        "<dt>Taux de pauvreté</dt>\n<dd>41,2 % (agglomération : 18,8 %)</dd>\n</dl>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        "<tr><th>Orientations</th><th>Objectifs</th><th>Actions</th></tr>\n"
        '<tr><td colspan="3">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><td>Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers"
        f"</td><td>Lever les freins à la mobilité</td><td>{actions}</td></tr>\n</table>\n"
        "<h2>Les signataires</h2>\n<p>Fait à Haisnes, le 4 juillet 2024</p>\n"
        "<p>Le Maire de Haisnes, Jean DUPONT</p>\n"
    )


def test_an_html_definition_list_gives_the_quartiers_fields_and_figures(tmp_path: Path) -> None:
    """The quartier's fields and its portrait as `<dl>` (a CMS page): each term and its value
    read as a "label : value" field, not lost as two paragraphs."""
    fields = (
        "<dt>Statut</dt>\n<dd>Quartier prioritaire de la politique de la ville</dd>\n"
        "<dt>Code</dt><dd>QN06216M</dd>\n<dt>Communes</dt>\n<dd>Haisnes, Douvrin</dd>\n"
    )
    c = doc(tmp_path, _dl_convention(fields, "<ul><li>Ouvrir</li></ul>"), "convention-h.html")
    (q,) = c.quartiers
    assert (q.status, q.code, q.communes) == ("QPV", "QN06216M", ["Haisnes", "Douvrin"])
    got = [(i.code, i.value, i.agglomeration_value) for i in q.portrait.indicators]
    assert got == [("population", 1650, None), ("taux_pauvrete", Decimal("41.2"), Decimal("18.8"))]
    assert not [n for n in c.notes if n.kind in {"missing_status", "unparsed_indicator"}]


def test_a_quartier_whose_code_alone_says_it_is_a_qpv(tmp_path: Path) -> None:
    """No status written, but a QPV code: only a QPV has one, so it is a QPV (its IRI one of
    the QPV's code, not a QIC's), and a note says the status was inferred."""
    fields = "<dt>Code</dt><dd>QN06216M</dd>\n<dt>Communes</dt><dd>Haisnes</dd>\n"
    c = doc(tmp_path, _dl_convention(fields, "<ul><li>Ouvrir</li></ul>"), "convention-h.html")
    (q,) = c.quartiers
    assert (q.status, q.code) == ("QPV", "QN06216M")
    (note,) = [n for n in c.notes if n.kind == "status_from_code"]
    assert note.severity == "info" and "QN06216M" in note.message
    assert not [n for n in c.notes if n.kind == "missing_status"]


def test_a_list_inside_an_html_cells_item_details_that_action(tmp_path: Path) -> None:
    """LibreOffice writes second-level items as a list inside the item: they detail their
    action (as "◦" items do), they are no actions of their own."""
    cell = (
        "<ul><li>Ouvrir une plateforme mobilité<ul><li>ouverte le samedi</li>"
        "<li>avec la Mission locale</li></ul></li><li>Financer des permis</li></ul>"
    )
    fields = "<dt>Statut</dt><dd>QPV</dd>\n<dt>Code</dt><dd>QN06216M</dd>\n"
    c = doc(tmp_path, _dl_convention(fields, cell), "convention-h.html")
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == ["Ouvrir une plateforme mobilité", "Financer des permis"]
    assert "mission-locale" in r.actions[0].partners  # found in its detail


def test_pilier_and_strategic_and_operational_objectives_beside_the_actions(
    tmp_path: Path,
) -> None:
    """ "PILIER 1 –" announces an enjeu (the 2015 contracts' word); "Objectif stratégique |
    Objectif opérationnel | Actions": beside an actions column, the operational objective is
    the objective and the strategic one the orientation (alone, "Objectifs opérationnels" is
    the actions column: see the Word HTML test above)."""
    table = (
        "PILIER 1 – DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Objectif stratégique\tObjectif opérationnel\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tRenforcer le repérage des "
        "publics éloignés du droit\t• Tenir une permanence • Former les agents\tCCAS\n\n"
    )
    (q,) = with_table(tmp_path, table).quartiers
    (r,) = q.rows
    assert (r.enjeu, r.objective_text) == (1, "Renforcer le repérage des publics éloignés du droit")
    assert r.orientation_text == "Faciliter l'accès aux droits, aux soins et aux services"
    assert [a.text for a in r.actions] == ["Tenir une permanence", "Former les agents"]


def test_objectives_table_whose_columns_run_from_the_actions_to_the_orientation(
    tmp_path: Path,
) -> None:
    """ "Actions | Objectif | Orientation": each row's actions are its own objective's, not the
    row's above (the cells were read in the page's order, an objective after its actions)."""
    table = (
        "ENJEU 2 : ÉMANCIPATION\nActions\tObjectif\tOrientation\n"
        "• Financer des permis\tLever les freins à la mobilité\tAccompagner l'accès à "
        "l'autonomie et à l'emploi des habitants des quartiers\n"
        "• Ouvrir un CLAS\tAssurer la réussite éducative des enfants et des jeunes\tSoutenir "
        "la réussite éducative en coopération avec les familles\n\n"
    )
    got = actions_by_objective(with_table(tmp_path, table))
    assert got == {
        "Lever les freins à la mobilité": ["Financer des permis"],
        "Assurer la réussite éducative des enfants et des jeunes": ["Ouvrir un CLAS"],
    }


def test_a_word_tables_last_cell_paragraphs_under_its_last_row(tmp_path: Path) -> None:
    """Word's "Texte brut": the last row's last cell holds an action, its "Porteur : … –
    Partenaires : …" paragraph, another action and its own: written on lines alone under the
    row, down to the blank line after the table. A field line says they are the cell's (text
    after a table is a title or a sentence); the fields detail their actions."""
    table = (
        "ENJEU 2 : ÉMANCIPATION\nOrientation\tObjectif\tActions\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\tLever les "
        "freins à la mobilité\tFinancer des permis de conduire\n"
        "Porteur : Ville de Haisnes – Partenaires : Mission locale\n"
        "Prêter des vélos l'été\nPorteur : CCAS – Partenaires : Wimoov\n\n"
    )
    c = with_table(tmp_path, table)
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == [
        "Financer des permis de conduire",
        "Prêter des vélos l'été",
    ]
    assert "mission-locale" in r.actions[0].partners
    assert not [n for n in c.notes if n.kind == "unknown_orientation"]


def test_a_table_of_means_after_the_objectives_gives_no_objective(tmp_path: Path) -> None:
    """ "Moyens mobilisés" over a table of funders and amounts, right after the objectives
    (Annezin-151): a part of the convention of its own, its rows no objectives."""
    table = (
        "ENJEU 2 : ÉMANCIPATION\nOrientations\tObjectifs\tActions\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\tLever les "
        "freins à la mobilité\t• Financer des permis\n\nMoyens mobilisés\n"
        "Les moyens annuels consacrés au quartier sont les suivants :\n"
        "Financeur\tNature des moyens\tMontant annuel\n"
        "CAF du Pas-de-Calais\tPrestations de service (animation globale, CLAS)\t48 000 €\n"
        "Ville\tAnimation et gestion de proximité\t15 000 €\n\n"
    )
    c = with_table(tmp_path, table)
    assert [r.objective_text for r in c.quartiers[0].rows] == ["Lever les freins à la mobilité"]
    assert any(p.section == "moyens" and "48 000" in p.text for p in c.passages)


@pytest.mark.parametrize(
    "table",
    [
        # LibreOffice HTML (Lillers-158): the objective in bold, "Actions :", then a list
        "<table>\n<tr><th>Orientation</th><th>Objectif et actions</th><th>Partenaires</th></tr>\n"
        '<tr><td colspan="3">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><td>Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers"
        "</td><td><p><b>Lever les freins à la mobilité</b></p><p><i>Actions :</i></p><ul>"
        "<li>Financer des permis</li><li>Prêter des vélos</li></ul></td><td>Wimoov</td></tr>\n"
        "</table>\n\n",
        # a tab-separated row: the objective, then its bullets
        "ENJEU 2 : ÉMANCIPATION\nOrientation\tObjectifs et actions\tPartenaires\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\tLever les "
        "freins à la mobilité • Financer des permis • Prêter des vélos\tWimoov\n\n",
    ],
)
def test_a_column_of_objectives_and_their_actions(tmp_path: Path, table: str) -> None:
    """ "Objectif et actions": one cell holds the objective, then its actions (after an
    item's mark or "Actions :"). Read as the actions' column, the rows had no objective and
    were lost."""
    got = actions_by_objective(with_table(tmp_path, table))
    assert got == {"Lever les freins à la mobilité": ["Financer des permis", "Prêter des vélos"]}


def test_actions_beside_no_objective_are_reported_over_their_whole_row(tmp_path: Path) -> None:
    """An HTML row written over several source lines whose actions find no objective: the
    note says so for all its lines (it named the row's first line only, so the actions on the
    lines below were lost with no note naming them: Lillers-158 at first sight)."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n<table>\n"
        "<tr><th>Orientation</th><th>Actions</th></tr>\n"
        '<tr><td colspan="2">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><td>Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers"
        "</td>\n<td><ul>\n<li>Financer des permis</li>\n<li>Prêter des vélos</li>\n</ul></td>"
        "</tr>\n</table>\n"
    )
    c = doc(tmp_path, html, "convention-h.html")
    (note,) = [n for n in c.notes if n.kind == "orphan_actions"]
    assert note.span == Span(9, 13)  # the row, from its <tr> to its </tr>


def test_a_second_quartier_presented_in_an_annex(tmp_path: Path) -> None:
    """ "Annexe 2 – Fiche du quartier Rimbert" after the signatures (Auchel-156): the annex
    presents a quartier of its own, with its fields and objectives; it was read as an annex
    and the quartier lost."""
    text = saint_elie("• Ouvrir une permanence") + (
        "\nAnnexe 2 – Fiche du quartier Rimbert\n\n"
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06206M\n\n"
        "Objectifs poursuivis sur le quartier\n\nENJEU 2 : ÉMANCIPATION\n"
        "Orientations\tObjectifs\tActions\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\tLever les "
        "freins à la mobilité\t• Prêter des vélos\n"
    )
    c = doc(tmp_path, text)
    assert [(q.name, q.code) for q in c.quartiers] == [
        ("Saint-Elie", "QN06216M"),
        ("Rimbert", "QN06206M"),
    ]
    (r,) = c.quartiers[1].retained
    assert [a.text for a in r.actions] == ["Prêter des vélos"]


def test_objectives_as_html_lists_with_their_actions_nested(tmp_path: Path) -> None:
    """Nested lists (Nœux-les-Mines-155): each objective a first-level item, its actions a
    list inside it. Two objectives in a row, with nothing between them, were read as one
    objective whose actions included the second."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Haisnes</p>\n"
        "<h2>Projet de quartier « Saint-Elie »</h2>\n<p>Code quartier : QN06216M</p>\n"
        "<h3>Objectifs poursuivis sur le quartier</h3>\n"
        "<h4>Enjeu 3 – Des quartiers à l'épreuve des transitions</h4>\n"
        "<p><b>Orientation : Associer les habitants aux transitions urbaines et "
        "environnementales</b></p>\n<ul>\n"
        "<li>Associer les habitants à la fabrique des quartiers 2030\n<ul>\n"
        "<li>Mener une concertation sur la place centrale</li>\n</ul>\n</li>\n"
        "<li>Sensibiliser les habitants à l'écocitoyenneté, la maîtrise budgétaire et la "
        "gestion de l'énergie\n<ul>\n<li>Organiser des ateliers éco-gestes</li>\n"
        "<li>Installer des composteurs collectifs</li>\n</ul>\n</li>\n</ul>\n"
    )
    got = actions_by_objective(doc(tmp_path, html, "convention-h.html"))
    assert got == {
        "Associer les habitants à la fabrique des quartiers 2030": [
            "Mener une concertation sur la place centrale"
        ],
        "Sensibiliser les habitants à l'écocitoyenneté, la maîtrise budgétaire et la gestion "
        "de l'énergie": [
            "Organiser des ateliers éco-gestes",
            "Installer des composteurs collectifs",
        ],
    }


def test_a_word_tables_last_cell_opened_by_a_field_goes_on_under_its_last_row(
    tmp_path: Path,
) -> None:
    """The last row's partners cell opens with "Pilote : CIDFF 62", its next paragraphs are
    names alone under the row, down to the blank line after the table (Douvrin-158): they are
    the cell's, its partners."""
    table = (
        "ENJEU 2 : ÉMANCIPATION\nOrientation\tObjectif\tActions\tPilote / partenaires\n"
        "Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers\tLever les "
        "freins à la mobilité\tFinancer des permis de conduire\tPilote : Mission locale\n"
        "Gendarmerie nationale\nAmicale des mineurs de la Fosse 13\n\n"
    )
    c = with_table(tmp_path, table)
    (r,) = c.quartiers[0].retained
    assert [a.text for a in r.actions] == ["Financer des permis de conduire"]
    assert "gendarmerie" in " ".join(r.actions[0].partners)
    assert not [n for n in c.notes if n.kind == "unknown_orientation"]


def test_a_column_of_orientations_and_their_objectives(tmp_path: Path) -> None:
    """ "Orientation / objectif de la stratégie": one cell, the orientation then (on its next
    line) the objective, each with its number (Hulluch-161: read as the orientations' column,
    the rows had no objective)."""
    html = (
        "<table>\n<tr><th>Orientation / objectif de la stratégie intercommunale</th>"
        "<th>Actions opérationnelles</th></tr>\n"
        '<tr><td colspan="2">ENJEU 2 : ÉMANCIPATION</td></tr>\n'
        "<tr><td><p>2.2 Accompagner l'accès à l'autonomie et à l'emploi des habitants des "
        "quartiers</p><p>2.2.3 Lever les freins à la mobilité</p></td>"
        "<td><ul><li>Financer des permis</li></ul></td></tr>\n</table>\n\n"
    )
    c = with_table(tmp_path, html)
    (r,) = c.quartiers[0].retained
    assert r.objective_text.endswith("Lever les freins à la mobilité")
    assert [a.text for a in r.actions] == ["Financer des permis"]


def test_a_numbered_one_item_list_over_the_fields_is_the_quartiers_heading(
    tmp_path: Path,
) -> None:
    """ "1. Le quartier" over a table of its fields, the quartier named on the cover
    (Verquin-162): a numbered heading, not a list of one item, so the fields present the
    quartier (its name, status and code) and its parts are read."""
    text = saint_elie().replace(
        "Projet de quartier « Saint-Elie »\n",
        "Quartier Saint-Elie – Haisnes / Douvrin\n\nIntroduction\nLe contrat de ville.\n\n"
        "1. Le quartier\nNom\tSaint-Elie\n",
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.name, q.code) == ("Saint-Elie", "QN06216M")
    assert len(q.retained) == 1


def test_a_numbered_sentence_alone_is_an_item_not_a_heading(tmp_path: Path) -> None:
    """A list of one numbered item is a heading only when it is a short title: "5. Redonner la
    parole aux habitants et relancer le conseil citoyen." is a priority naming a body, not a
    part on citizen participation (Beuvry-104, broken by a first version)."""
    parts = (
        "Nos priorités pour le quartier\n\n"
        "1. Redonner la parole aux habitants et relancer le conseil citoyen.\n\n"
        "Texte d'introduction des objectifs.\n\n"
    )
    c = with_parts(tmp_path, parts)
    assert not [s for s in c.sections if s.kind == "citoyenne"]
    assert c.quartiers[0].priorities[0].text == (
        "Redonner la parole aux habitants et relancer le conseil citoyen."
    )


def test_a_quartier_named_with_its_code_under_a_title_naming_none(tmp_path: Path) -> None:
    """ "Article 1 – Le quartier", then "Le quartier « Le Haut d'Houdain » (QN06217M), …": a
    title that names no quartier, a sentence naming it with its code but no status. The
    document was refused ("no quartier section"); the sentence's quartier owns the parts now,
    a QPV by its code."""
    text = saint_elie().replace(
        "Projet de quartier « Saint-Elie »\n\nStatut : Quartier prioritaire de la politique de "
        "la ville\nCode quartier : QN06216M\n",
        "Article 1 – Le quartier\n\nLe quartier « Saint-Elie » (QN06216M), partagé avec "
        "Douvrin, compte près de 1 650 habitants.\n",
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.name, q.status, q.code) == ("Saint-Elie", "QPV", "QN06216M")
    assert {n.kind for n in c.notes} >= {"quartier_from_prose", "status_from_code"}


def test_no_partner_runs_over_a_table_cells_end() -> None:
    """A table row kept as text joins its cells with " | ": a name is read inside one cell
    ("Prestations de service | 12 000 €" gave a partner "service | 12 000")."""
    from quartiers.partners import Finder
    from quartiers.reference import Reference

    finder = Finder(Reference.load(Path("data/reference")), "Haisnes", "62401")
    ids = finder.find("CAF du Pas-de-Calais | Prestations de service | 12 000 €", S)
    assert ids == ["caf"]


def test_objectives_coded_by_the_strategy_in_their_column(tmp_path: Path) -> None:
    """ "1.1.a Faciliter l'accès aux soins …" in the objectives' column (Verquin-185): the
    strategy's code of one objective, not an item of a list of actions; each opens its row,
    the code left out of its title. Several codes in one cell stay a list."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientation\tObjectif de la stratégie\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits, aux soins et aux services\t1.1.a Faciliter l'accès aux "
        "soins aux ressources de première nécessité\t• Ouvrir une permanence santé\tCPAM\n"
        "\tOS 1.1.2 – Lever les freins à la mobilité\t• Ouvrir un atelier vélo\tWimoov\n\n",
    )
    assert actions_by_objective(c) == {
        "Faciliter l'accès aux soins aux ressources de première nécessité": [
            "Ouvrir une permanence santé"
        ],
        "Lever les freins à la mobilité": ["Ouvrir un atelier vélo"],
    }


# pdftotext -layout of objectives coded by the strategy, each wrapped over lines, the first of
# them a word or two ("2.2.a Renforcer" / "l'accompagnement éducatif et" / …)
CODED_OBJECTIVES_LAYOUT = """\
ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS

    Objectif de la stratégie                Actions opérationnelles                     Partenaires
Orientation 2.2 – Accompagner l'accès à l'autonomie et à l'emploi des habitants des quartiers
2.2.a Renforcer                     – Ouvrir un point information jeunesse            Mission locale
l'accompagnement éducatif et        – Financer la formation BAFA de dix jeunes        CAF
social des jeunes dans leur accès
à l'autonomie

2.2.b Renforcer l'orientation       – Organiser des visites d'entreprises             CCI Artois
scolaire et professionnelle         – Tenir un forum des métiers en mars              Lycée Blaise Pascal


"""


def test_objectives_coded_by_the_strategy_in_a_column_layout(tmp_path: Path) -> None:
    """Each code opens an objective whose wrapped lines complete it; the actions beside are its
    own (before, "2.2.b Renforcer l'orientation" was read as an action of the row above)."""
    c = with_table(tmp_path, CODED_OBJECTIVES_LAYOUT)
    assert actions_by_objective(c) == {
        "Renforcer l'accompagnement éducatif et social des jeunes dans leur accès à l'autonomie": [
            "Ouvrir un point information jeunesse",
            "Financer la formation BAFA de dix jeunes",
        ],
        "Renforcer l'orientation scolaire et professionnelle": [
            "Organiser des visites d'entreprises",
            "Tenir un forum des métiers en mars",
        ],
    }


def test_sub_parts_numbered_by_a_letter_under_their_part(tmp_path: Path) -> None:
    """ "3/ Quartier « Les Provinces »" then "3.a Identification", "3.c Objectifs et plan
    d'actions" (Calonne-Ricouart-190): the letter numbers a sub-part, whose title says its kind;
    the objectives under it are the quartier's."""
    c = doc(
        tmp_path,
        "Convention d'application communale\nCommune de Haisnes\n\n"
        "1/ Préambule\nLe contrat de ville 2024-2030.\n\n"
        "2/ Quartier « Saint-Elie »\n"
        "2.a Identification\nStatut : quartier prioritaire de la politique de la ville\n"
        "Code : QN06216M\n"
        "2.b Objectifs et plan d'actions\n"
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir un atelier vélo\n\n"
        "3/ Signatures\nFait à Haisnes, le 3 juillet 2024\n",
    )
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}
    assert [s.kind for s in c.sections][:4] == [
        "preambule",
        "quartier",
        "presentation",
        "objectifs",
    ]


def test_a_quartier_named_alone_over_a_sentence_giving_its_status_and_code(
    tmp_path: Path,
) -> None:
    """ "2.1 – Le Centre" over "Quartier prioritaire de la politique de la ville – code QN 062
    11 M – à cheval sur …" (Haillicourt-188, a convention in articles): the heading names a
    quartier, its sentence says so; before, no quartier was found and the document rejected."""
    c = doc(
        tmp_path,
        "Convention d'application communale\nCommune de Haillicourt\n\n"
        "Article 1 – Objet de la convention\nLa présente convention décline le contrat de ville.\n\n"
        "Article 2 – Les quartiers concernés\n\n"
        "2.1 – Le Centre\n"
        "Quartier prioritaire de la politique de la ville – code QN 062 11 M – à cheval sur les\n"
        "communes de Bruay-la-Buissière et d'Haillicourt.\n\n"
        "Article 3 – Signatures\nFait à Haillicourt, le 3 juillet 2024\n",
    )
    assert [(q.name, q.code) for q in c.quartiers] == [("Le Centre", "QN06211M")]


# a convention set out by theme: the quartiers presented, then their diagnoses, then an
# objectives part whose sub-parts are the quartiers, each with its strategy as nested lists
BY_THEME = """Convention d'application communale
Commune de Nœux-les-Mines

II. – Présentation des quartiers
A. Le quartier prioritaire Terre-Noeve
Statut : quartier prioritaire de la politique de la ville
Code quartier : QN06218M
B. Le quartier prioritaire Bois des Dames
Statut : quartier prioritaire de la politique de la ville
Code quartier : QN06219M

III. – Programme d'actions
Le programme est présenté quartier par quartier.
A. Terre-Noeve
• Enjeu 1 – Des quartiers attentifs aux habitants les plus fragiles
  ◦ Objectif : Lever les freins à la mobilité
    ▪ Ouvrir un atelier vélo
B. Bois des Dames
• Enjeu 2 – Des quartiers d'émancipation pour tous
  ◦ Objectif : Favoriser l'entrepreneuriat
    ▪ Tenir une permanence de la BGE

IV. – Signatures
Fait à Nœux-les-Mines, le 3 juillet 2024
"""


def test_an_objectives_part_whose_sub_parts_are_the_quartiers(tmp_path: Path) -> None:
    """ "III. Programme d'actions" over "A. Terre-Noeve", "B. Bois des Dames", quartiers
    presented before (Nœux-les-Mines-188): each sub-part holds its quartier's objectives; the
    part's own text opens none (before, the second quartier took the part as its objectives
    and gave no row, the first had no objectives part)."""
    c = doc(tmp_path, BY_THEME)
    got = {q.name: actions_by_objective_of(q) for q in c.quartiers}
    assert got == {
        "Terre-Noeve": {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]},
        "Bois des Dames": {"Favoriser l'entrepreneuriat": ["Tenir une permanence de la BGE"]},
    }


def actions_by_objective_of(q: Quartier) -> dict[str, list[str]]:
    return {r.objective_text: [a.text for a in r.actions] for r in q.retained}


# pdftotext -layout of an actions table numbered "A1", "A2", its objectives written across it
NUMBERED_ACTIONS_LAYOUT = """\
ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES

  N°                 Action                                 Pilote           Partenaires associés
Objectif : Renforcer le repérage des publics éloignés du droit
A1     Tenir une permanence d'accès aux        CCAS                          CAF du Pas-de-Calais
       droits à l'Espace France Services                                     CPAM de l'Artois
Objectif : Lever les freins à la mobilité
A2     Ouvrir un atelier vélo                  Ville                         Wimoov
A3     Financer des permis de conduire         CCAS                          Mission locale

"""


def test_an_objective_across_the_table_over_its_numbered_actions(tmp_path: Path) -> None:
    """ "N° | Action | Pilote | Partenaires associés" with "Objectif : Renforcer le repérage …"
    alone across the table over "A1 | Tenir une permanence … | CCAS" (Lillers-187): the
    objective of the rows below, not a row of column titles (before, it became the table's
    titles and no row was read)."""
    c = with_table(tmp_path, NUMBERED_ACTIONS_LAYOUT)
    assert actions_by_objective(c) == {
        "Renforcer le repérage des publics éloignés du droit": [
            "Tenir une permanence d'accès aux droits à l'Espace France Services"
        ],
        "Lever les freins à la mobilité": [
            "Ouvrir un atelier vélo",
            "Financer des permis de conduire",
        ],
    }


def test_a_part_of_partners_commitments_holding_the_enjeux_is_the_objectives(
    tmp_path: Path,
) -> None:
    """ "Article 4 – Engagements des partenaires" over "4.1 Enjeu 1 : Des quartiers attentifs
    …" (Labourse-187): the part takes up the strategy, so it is the objectives part."""
    c = doc(
        tmp_path,
        "Convention d'application communale\nCommune de Haisnes\n\n"
        "Article 2 – Projet de quartier « Saint-Elie »\n"
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n\n"
        "Article 3 – Engagements des partenaires\n"
        "Les partenaires s'engagent à mettre en œuvre les actions suivantes.\n\n"
        "3.1 Enjeu 1 : Des quartiers attentifs aux habitants les plus fragiles\n\n"
        "Objectif : Lever les freins à la mobilité\n"
        "• Ouvrir un atelier vélo\n"
        "• Financer des permis de conduire\n\n"
        "Article 4 – Signatures\nFait à Haisnes, le 3 juillet 2024\n",
    )
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Ouvrir un atelier vélo",
            "Financer des permis de conduire",
        ]
    }


# pdftotext -layout of a convention in articles: the quartiers presented, then one portrait
# of both, its column titles set apart from the table by the layout
PORTRAIT_OF_BOTH = """Convention d'application communale
Commune de Haillicourt

Article 2 – Les quartiers concernés

2.1 – Le Centre
Quartier prioritaire de la politique de la ville – code QN06211M.

2.2 – Le Haut d'Houdain
Quartier prioritaire de la politique de la ville – code QN06217M.

Article 3 – Portrait statistique des quartiers
Le tableau compare les deux quartiers à l'agglomération.

                Indicateur                      Le Centre           Le Haut d'Houdain                CABBALR
Population (habitants)                     3 050               1 720                       276 870
Taux de pauvreté                           39,6 %              34,2 %                      18,8 %
Part des moins de 25 ans                   35,2 %              33,0 %                      31,0 %

Article 4 – Signatures
Fait à Haillicourt, le 3 juillet 2024
"""


def test_a_portrait_of_every_quartier_after_they_were_presented(tmp_path: Path) -> None:
    """ "Article 3 – Portrait statistique des quartiers" after both quartiers' parts, its titles
    "Indicateur   Le Centre   Le Haut d'Houdain   CABBALR" apart from the table (Haillicourt-188):
    each quartier gets its column (before, the last quartier opened got the first column's)."""
    c = doc(tmp_path, PORTRAIT_OF_BOTH)
    got = {
        q.name: {i.label: (i.value, i.agglomeration_value) for i in q.portrait.indicators}
        for q in c.quartiers
    }
    assert got["Le Centre"]["Taux de pauvreté"] == (Decimal("39.6"), Decimal("18.8"))
    assert got["Le Haut d'Houdain"]["Taux de pauvreté"] == (Decimal("34.2"), Decimal("18.8"))
    assert got["Le Haut d'Houdain"]["Part des moins de 25 ans"] == (
        Decimal("33.0"),
        Decimal("31.0"),
    )


def test_two_parts_presenting_one_quartier_under_two_names_are_one_quartier(
    tmp_path: Path,
) -> None:
    """Two parts with the same code under two names (Béthune-189: a heading over a table of
    the commune's quartiers read as a quartier, then the quartier's own part): one quartier,
    its parts together and a note; before, both became one IRI and the graph broke the
    shapes (a passage with two positions, a selector with two line ranges)."""
    text = (
        "Convention d'application communale\nCommune de Haisnes\n\n"
        "Projet de quartier « Fosse 13 »\nStatut : Quartier prioritaire de la politique de la ville\n"
        "Code quartier : QN06216M\n\nLes irritants\n- Des logements dégradés\n\n"
        "Projet de quartier « Saint-Elie »\n"
        "Statut : Quartier prioritaire de la politique de la ville\nCode quartier : QN06216M\n\n"
        "Les irritants\n- Une offre de soins faible\n\n"
        "Objectifs poursuivis sur le quartier\n\n"
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir un atelier vélo\n\n"
        "Les signataires\n\nFait à Haisnes, le 3 juillet 2024\n"
    )
    c = doc(tmp_path, text)
    (q,) = c.quartiers
    assert (q.code, [i.text for i in q.irritants]) == (
        "QN06216M",
        ["Des logements dégradés", "Une offre de soins faible"],
    )
    assert [i.position for i in q.irritants] == [1, 2]
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}
    assert "quartier_merged" in {n.kind for n in c.notes}
    from quartiers.validate import validate

    report = validate(sorted((tmp_path / "out").glob("*.ttl")), Path("shapes"))
    assert report.conforms, report.text()


# pdftotext -layout of a table with two actions' columns, each item wrapped over two lines
TWO_ACTIONS_COLUMNS = """\
ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES

    Orientation               Objectif                    Actions existantes            Actions nouvelles
Faciliter l'accès aux     Lever les freins à la         • Prêt de vélos par           • Ouvrir un atelier
droits, aux soins et      mobilité                        le centre social              de réparation de vélos
aux services                                            • Bourse au permis            • Financer des cours
                                                          de conduire                   de code solidaires

"""


def test_two_actions_columns_each_read_in_turn(tmp_path: Path) -> None:
    """ "Actions existantes | Actions nouvelles" (Hersin-Coupigny-189): both columns hold the
    row's actions, each column's items whole (before, their lines were read across, the
    second column's first lines glued to the first's items, or taken for extra text)."""
    c = with_table(tmp_path, TWO_ACTIONS_COLUMNS)
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Prêt de vélos par le centre social",
            "Bourse au permis de conduire",
            "Ouvrir un atelier de réparation de vélos",
            "Financer des cours de code solidaires",
        ]
    }


def test_second_level_items_set_with_a_white_circle(tmp_path: Path) -> None:
    """ "► Développer la médiation santé" over "○ Tenir une permanence …" (Cauchy-à-la-Tour-190):
    the white circle is a second level's bullet; an item of it that opens with an infinitive
    is a sub-action, one of its own (before, the circles ran into the item above them); one
    in lower case after a colon details its action, as "◦" does (Haillicourt-89)."""
    c = with_actions(
        tmp_path,
        "► Développer la médiation santé<br>○ Tenir une permanence hebdomadaire<br>"
        "○ Accompagner les habitants vers les rendez-vous<br>"
        "► Mettre en place un parcours lecture :<br>○ ateliers en maternelle ;<br>"
        "○ portage de livres à domicile",
    )
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Développer la médiation santé",
            "Tenir une permanence hebdomadaire",
            "Accompagner les habitants vers les rendez-vous",
            "Mettre en place un parcours lecture : ateliers en maternelle ; portage de livres à "
            "domicile",
        ]
    }


def test_a_heading_over_a_table_of_the_communes_quartiers_presents_none(
    tmp_path: Path,
) -> None:
    """ "Les quartiers prioritaires de Béthune" over "Code | Nom | Commune(s)" and "Statut :
    quartiers prioritaires …" (Béthune-189): a part about both quartiers, no quartier of its
    own (before, it opened a third quartier, which took the shared portrait); its table gives
    each quartier its figures."""
    html = (
        "<h1>Convention d'application communale</h1>\n<p>Commune de Béthune</p>\n"
        "<h1>1. Les quartiers prioritaires de Béthune</h1>\n"
        "<table><tr><td>Code</td><td>Nom</td><td>Commune(s)</td><td>Population</td></tr>\n"
        "<tr><td>QN06208M</td><td>Mont-Liébaut</td><td>Béthune</td>"
        "<td>3 150 habitants (1)</td></tr>\n"
        "<tr><td>QN06209M</td><td>Les 3 Îlots</td><td>Béthune, Verquin</td>"
        "<td>1 980 habitants (1)</td></tr></table>\n"
        "<p>Statut : quartiers prioritaires de la politique de la ville (QPV).</p>\n"
        "<h1>2. Portrait statistique comparé</h1>\n"
        "<table><tr><td>Indicateur</td><td>Mont-Liébaut</td><td>Les 3 Îlots</td>"
        "<td>CABBALR</td></tr>\n<tr><td>Taux de pauvreté</td><td>47,6 %</td><td>41,3 %</td>"
        "<td>18,8 %</td></tr></table>\n"
        "<h1>3. Le quartier du Mont-Liébaut</h1>\n<p>Code quartier : QN06208M</p>\n"
        "<h1>4. Le quartier des 3 Îlots</h1>\n<p>Code quartier : QN06209M</p>\n"
        "<h1>5. Signatures</h1>\n<p>Fait à Béthune, le 3 juillet 2024</p>\n"
    )
    c = doc(tmp_path, html, "convention-testville.html")
    kinds = {sec.title: sec.kind for sec in split(read(tmp_path / "convention-testville.html"))}
    assert kinds["Les quartiers prioritaires de Béthune"] == "unknown"
    poverty = {
        q.code: [i.value for i in q.portrait.indicators if i.code == "taux_pauvrete"]
        for q in c.quartiers
    }
    assert poverty == {"QN06208M": [Decimal("47.6")], "QN06209M": [Decimal("41.3")]}
    # the table of both quartiers, its names in its second column, after their codes, gives
    # each its population
    population = {
        q.code: [i.value for i in q.portrait.indicators if i.code == "population"]
        for q in c.quartiers
    }
    assert population == {"QN06208M": [Decimal("3150")], "QN06209M": [Decimal("1980")]}


def test_a_partners_paragraph_under_the_table_wrapped_mid_name(tmp_path: Path) -> None:
    """ "Partenaires mobilisés : …, France" / "Travail, Mission locale de l'Artois, …" under an
    objectives table (Hersin-Coupigny-189, pdftotext): the field's list goes on over the
    paragraph's lines; before, its last line was not understood and its partners lost."""
    c = with_table(
        tmp_path,
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t• Ouvrir un atelier vélo\n\n"
        "Partenaires mobilisés : CCAS de Haisnes, Restos du Cœur, CPAM de l'Artois, France\n"
        "Travail, Mission locale de l'Artois, association Trait d'Union, Maisons & Cités,\n"
        "UFOLEP 62.\n\n",
    )
    names = {p.name for p in c.partners}
    assert {"France Travail", "Mission locale", "Maisons & Cités"} <= names
    assert "Union française des œuvres laïques d'éducation physique" in names  # UFOLEP 62
    assert not [n for n in c.notes if n.kind == "unparsed"]


def test_line_numbers_in_the_left_margin_are_no_text(tmp_path: Path) -> None:
    """A legal text's "5", "10", "15" … before every fifth line (Béthune-183, pdftotext): the
    margin's count is taken out of the lines the readers see, their columns kept; figures that
    open lines without rising by a margin's step stay."""
    body = [f"Ligne {i} de la convention, sans chiffre en tête." for i in range(1, 26)]
    lines = [(f"{i:<5}" if i % 5 == 0 else " " * 5) + text for i, text in enumerate(body, 1)]
    lines += ["", "12   logements réhabilités en 2025", "48   logements en 2026"]
    p = tmp_path / "convention-testville.txt"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    d = read(p)
    assert d.lines[4].text == "     Ligne 5 de la convention, sans chiffre en tête."
    assert d.lines[9].text == "     Ligne 10 de la convention, sans chiffre en tête."
    assert d.lines[26].text == "12   logements réhabilités en 2025"
    assert not any(t.startswith(("5 ", "10 ", "15 ")) for t in (ln.text.strip() for ln in d.lines))


def test_a_glossary_before_the_objectives_closes_no_quartier(tmp_path: Path) -> None:
    """ "Glossaire des sigles" between the quartier's priorities and its objectives
    (Nœux-les-Mines-192): the objectives are still the quartier's (before, the glossary, an
    annex, closed the quartier and the objectives were read under none: rows 0 of 15)."""
    text = saint_elie("• Ouvrir un atelier vélo").replace(
        "Objectifs poursuivis sur le quartier",
        "Glossaire des sigles\n\nCCAS : centre communal d'action sociale\n"
        "PLIE : plan local pour l'insertion et l'emploi\n\n"
        "Objectifs poursuivis sur le quartier",
    )
    c = doc(tmp_path, text)
    assert actions_by_objective(c) == {"Lever les freins à la mobilité": ["Ouvrir un atelier vélo"]}


def test_reviewers_comments_left_in_the_text_are_no_content(tmp_path: Path) -> None:
    """ "[Commentaire JD1] : …" left by reviewers (Verquin-193): alone on its line, a note of
    the page; closing a cell or glued after an action, the row's text, never an action."""
    c = with_table(
        tmp_path,
        "[Commentaire JD1] : reprendre ce paragraphe\n\n"
        "ENJEU 1 : DES QUARTIERS ATTENTIFS AUX HABITANTS LES PLUS FRAGILES\n"
        "Orientations\tObjectifs\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits, aux soins et aux services\tLever les freins à la "
        "mobilité\t•\tOuvrir un atelier vélo [Commentaire JD1] : à vérifier avec le bailleur\n"
        "•\tFinancer des permis de conduire\n"
        "[Commentaire MB2] : financement à confirmer\tWimoov, CCAS de Haisnes\n\n",
    )
    assert actions_by_objective(c) == {
        "Lever les freins à la mobilité": [
            "Ouvrir un atelier vélo",
            "Financer des permis de conduire",
        ]
    }
    assert "Wimoov" in {p.name for p in c.partners}
    assert not [n for n in c.notes if n.kind == "unparsed"]


def test_a_key_figure_joined_to_its_label_by_a_preposition() -> None:
    """ "37,2 % de taux de pauvreté (CABBALR : 18,8 %)" under "Chiffres clés" (this stop's
    hand-written convention): the label after the preposition, so a known indicator (before,
    "de taux de pauvreté" was a new one)."""
    from quartiers.parsers.portrait import figure_first

    got = figure_first("37,2 % de taux de pauvreté (CABBALR : 18,8 %)", S, CTX)
    assert got is not None
    assert (got.code, got.value, got.agglomeration_value) == (
        "taux_pauvrete",
        Decimal("37.2"),
        Decimal("18.8"),
    )
    young = figure_first("29 % de moins de 25 ans", S, CTX)
    assert young is not None and young.code == "part_moins_25_ans"


def test_sur_quoi_s_appuyer_titles_the_opportunities() -> None:
    """ "Sur quoi s'appuyer" alone on its line (this stop's hand-written convention) titles the
    opportunités, as "Sur quoi pouvons-nous nous appuyer ?" does."""
    kind = classify("Sur quoi s'appuyer", marked=False)
    assert kind is not None and kind.name == "opportunites"


def test_a_share_in_words_beside_the_agglomerations_percentage() -> None:
    """ "Un tiers des habitants a moins de 25 ans (31 % pour la CABBALR)" (Haillicourt-194): the
    share in words is the quartier's figure, the percentage in the aside the agglomeration's
    (before, the sentence's percentage made it read as one that gives its figure: no value)."""
    got = prose_indicators(
        "La population est jeune : un tiers des habitants a moins de 25 ans (31 % pour la "
        "CABBALR). Une famille sur quatre est monoparentale (16,2 % dans l'agglomération).",
        S,
        CTX,
    )
    assert [(i.code, i.value, i.agglomeration_value) for i in got] == [
        ("part_moins_25_ans", Decimal("33.3"), Decimal("31")),
        ("part_familles_monoparentales", Decimal("25"), Decimal("16.2")),
    ]
    # the quartier's own percentage in the aside too: that figure, not the share's rounding
    # (Nœux-les-Mines' "près de huit logements sur dix … (78,5 %, contre 25,6 % …)")
    both = prose_indicators(
        "Près de huit logements sur dix appartiennent au parc social (78,5 %, contre 25,6 % "
        "pour l'agglomération).",
        S,
        CTX,
    )
    assert [(i.value, i.agglomeration_value) for i in both] == [(Decimal("78.5"), Decimal("25.6"))]
