"""Each block rule alone, on the shapes other extraction tools give (quartiers/blocks/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quartiers import blocks
from quartiers.blocks import furniture, headings, lists, tables, toc
from quartiers.blocks.state import BlockState
from quartiers.document import (
    Block,
    Cell,
    Furniture,
    FurnitureBlock,
    Heading,
    Line,
    ListBlock,
    Paragraph,
    Table,
)
from quartiers.source import split_lines
from quartiers.span import Span

EXCERPTS = Path(__file__).parent / "data" / "excerpts"  # pieces of development documents


def lines(text: str) -> list[Line]:
    return split_lines(text)[0]


def parse(text: str) -> list[Block]:
    ls, breaks = split_lines(text)
    return blocks.parse(ls, breaks)


def only(bs: list[Block], kind: type) -> list:  # type: ignore[type-arg]
    return [b for b in bs if isinstance(b, kind)]


def wrapped_items(text: str) -> list[str]:
    """The items of the list the text opens, read as text wrapped at a page's width."""
    ls, breaks = split_lines(text)
    state = BlockState(ls, breaks)
    state.__dict__["hard_wrapped"] = True
    assert lists.rule(state, lambda s, i: False)
    (lst,) = only(state.blocks, ListBlock)
    return [i.text for i in lst.items]


# ---------------------------------------------------------------- furniture


def test_page_numbers_and_running_headers_found_next_to_page_breaks() -> None:
    words = ["alpha", "beta", "gamma"]
    page = "Contrat de ville 2024-2030 — Convention de Testville\n\n{body}\n\nPage {n} / 3\n"
    text = "\f".join(
        page.format(n=n, body="\n".join(f"Ligne {w} {k} du document." for k in words))
        for n, w in enumerate(words, 1)
    )
    ls, breaks = split_lines(text)
    found = furniture.detect(ls, breaks)
    kinds = {ls[no - 1].text.strip(): what for no, what in found.items()}
    assert kinds["Page 2 / 3"] == Furniture.PAGE_NUMBER
    assert kinds["Contrat de ville 2024-2030 — Convention de Testville"] == Furniture.RUNNING_HEADER
    assert not any("Ligne de texte" in t for t in kinds)


def test_a_running_header_whose_last_part_changes_with_the_part() -> None:
    """ "Quartier Saint-Élie – Fosse 13 – Diagnostic", then "… – Projet de quartier": one
    running header whose last part names the document's part; a heading repeating a part's
    name alone is no furniture."""
    parts = ["Préambule", "Diagnostic", "Portrait", "Projet de quartier", "Signatures"]
    page = "{head:>80}\n\n{part}\n\nTexte de la page {n}, assez long pour compter.\n"
    text = "\f".join(
        page.format(head=f"Quartier Saint-Élie – Fosse 13 – {p}", part=p, n=n)
        for n, p in enumerate(parts, 1)
    )
    ls, breaks = split_lines(text)
    found = furniture.detect(ls, breaks)
    heads = [no for no in found if "Fosse 13 –" in ls[no - 1].text]
    assert len(heads) == 5
    assert not any(ls[no - 1].text.strip() in parts for no in found)


def test_a_landscape_pages_footer_is_furniture_however_far_its_page_number() -> None:
    """A landscape page's footer sets its page number 130 spaces right of its text: the line
    is long, what it says is short."""
    foot = "Ville de Testville – Service Politique de la ville{pad}Page {n} / 4"
    page = "Texte de la page {n}, assez long pour compter.\n\n" + foot + "\n"
    ls, breaks = split_lines(
        "\f".join(page.format(n=n, pad=" " * (40 if n < 3 else 130)) for n in range(1, 5))
    )
    found = furniture.detect(ls, breaks)
    footers = [no for no in found if ls[no - 1].text.startswith("Ville de Testville")]
    assert len(footers) == 4


def test_a_running_header_of_two_titles_set_apart_by_a_bar() -> None:
    """ "Ville de Douvrin | Convention d'application communale …" on every page: a running
    header, though a bar between cells marks a table row elsewhere."""
    page = "{head}\n\nTexte de la page {n}, assez long pour compter.\n\n{n}\n"
    head = "Ville de Douvrin | Convention d'application communale du Contrat de ville 2024-2030"
    ls, breaks = split_lines("\f".join(page.format(head=head, n=n) for n in range(1, 5)))
    found = furniture.detect(ls, breaks)
    assert sum(1 for no, w in found.items() if ls[no - 1].text.strip() == head) == 4
    rows = "Orientation | Objectif | Actions"  # a pipe table's header row, repeated: no header
    ls, breaks = split_lines("\f".join(page.format(head=rows, n=n) for n in range(1, 5)))
    assert all(ls[no - 1].text != rows for no in furniture.detect(ls, breaks))


def test_a_heading_repeated_on_a_few_pages_is_not_furniture() -> None:
    pages = []
    for n in range(1, 9):
        head = "Portrait statistique\n" if n in (2, 5) else ""
        pages.append(f"{head}Texte de la page {n}, assez long pour compter.\n\n{n}\n")
    ls, breaks = split_lines("\f".join(pages))
    found = furniture.detect(ls, breaks)
    assert all(ls[no - 1].text != "Portrait statistique" for no in found)
    assert sum(1 for w in found.values() if w == Furniture.PAGE_NUMBER) == 8


def test_a_tab_row_repeated_after_page_breaks_stays_a_table_header() -> None:
    row = "Orientation\tObjectif\tActions"
    text = "\f".join(f"{row}\nA\tB\tC {n}\n\n{n}\n" for n in range(1, 5))
    ls, breaks = split_lines(text)
    assert all(ls[no - 1].text != row for no in furniture.detect(ls, breaks))


def test_column_titles_naming_the_convention_cadre_are_no_running_header() -> None:
    """A table's titles repeated on the pages it crosses ("Objectif de la convention-cadre",
    Béthune-78): the framework is no title of the document, so they need half the pages to be
    furniture, as any line does; a line naming the document needs a third."""
    row = "   Enjeu       Orientation stratégique      Objectif de la convention-cadre      Actions"
    run = "Ville de Béthune – Convention d'application communale"
    pages = [
        (f"{run}\n{row}\n" if n in (2, 3, 4) else "")
        + f"Texte de la page {n}, assez long.\n\n{n}\n"
        for n in range(1, 10)
    ]
    ls, breaks = split_lines("\f".join(pages))
    found = {ls[no - 1].text for no in furniture.detect(ls, breaks)}
    assert row not in found and run in found


# ---------------------------------------------------------------- table of contents


def test_table_of_contents_with_leaders_tabs_and_no_page() -> None:
    bs = parse(
        "Sommaire\n\nPréambule\t\nProjet de quartier « X »\t5\n"
        "Les signataires ........................ 12\n\nPréambule\n\nTexte.\n"
    )
    assert isinstance(bs[0], FurnitureBlock) and bs[0].what == Furniture.TOC
    assert (bs[0].span.first, bs[0].span.last) == (1, 5)
    assert isinstance(bs[1], Paragraph) and bs[1].text == "Préambule"


def test_a_contents_list_kept_as_a_markdown_table() -> None:
    bs = parse(
        "## Sommaire\n\n| Préambule | 3 |\n|---|---|\n| Portrait statistique | 6 |\n\n"
        "## Préambule\n"
    )
    assert isinstance(bs[0], FurnitureBlock) and bs[0].what == Furniture.TOC
    assert (bs[0].span.first, bs[0].span.last) == (1, 5)
    assert not only(bs, Table)


def test_dotted_entries_without_title_are_a_toc_only_in_a_run() -> None:
    state = BlockState(lines("Taux de pauvreté ........ 41 %\nTexte.\n"))
    assert not toc.rule(state)
    assert toc.is_entry("2.3. Portrait statistique ........ 7")


# ---------------------------------------------------------------- tables


def test_tab_rows_with_leading_tabs_keep_their_columns() -> None:
    (t,) = only(parse("A\tB\tC\n\tD\tE\n\n\t\tF\n"), Table)
    assert t.style == "tab" and t.columns == 3
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "A"), (1, "B"), (2, "C")],
        [(1, "D"), (2, "E")],
        [(2, "F")],
    ]


def test_a_bullet_then_a_tab_is_a_list_not_a_table() -> None:
    bs = parse("•\tpremier point\n•\tsecond point\n")
    assert only(bs, Table) == [] and len(only(bs, ListBlock)[0].items) == 2


def test_word_second_level_bullet_then_a_tab_alone_is_an_item_not_a_table() -> None:
    # Word writes its second-level bullet (Courier New "o") as the letter, then a tab: alone
    # between two paragraphs, still an item
    bs = parse("Financement : Ville 1 500 €\no\tRelayer les campagnes de dépistage\nFin\n")
    assert only(bs, Table) == []
    assert [i.text for i in only(bs, ListBlock)[0].items] == ["Relayer les campagnes de dépistage"]


def test_a_numbered_line_the_contents_list_is_a_heading() -> None:
    # "3. Pilotage, …" right above its text (a Word export, no blank line after it) could open
    # an item; the document's own table of contents lists it: a heading
    bs = parse(
        "Sommaire\n"
        "1. Le quartier\t2\n"
        "2. Pilotage, partenariat et participation des habitants\t9\n"
        "\n"
        "1. Le quartier\n"
        "Le quartier compte 1 200 habitants.\n"
        "\n"
        "2. Pilotage, partenariat et participation des habitants\n"
        "Un comité de pilotage se réunit une fois par an.\n"
        "\n"
        "1. Organiser une fête\n"
        "2. Tenir un stand\n"
    )
    assert [(h.numbering, h.title) for h in only(bs, Heading)] == [
        ("1.", "Le quartier"),
        ("2.", "Pilotage, partenariat et participation des habitants"),
    ]
    assert len(only(bs, ListBlock)[0].items) == 2


def test_a_numbered_line_then_column_titles_is_no_item_wrapped_over_them() -> None:
    # pdftotext: "6. Objectifs poursuivis sur le quartier" right after a list "1)" to "3)",
    # its table's column titles on the next line, indented: a table begins, the item ends
    bs = parse(
        "  1) Créer un lieu de vie.\n"
        "  2) Lutter contre l'isolement des aînés.\n"
        "6. Objectifs poursuivis sur le quartier\n"
        "    Orientations de la                   Objectifs                     Actions\n"
        "    convention-cadre\n"
        "Faciliter l'accès aux      Renforcer le repérage des        • Organiser des visites\n"
        "droits, aux soins          éloignés du droit                  à domicile\n"
    )
    texts = [i.text for b in only(bs, ListBlock) for i in b.items]
    assert not any("Orientations" in t for t in texts)


def test_markdown_pipe_table_separator_and_escaped_pipe() -> None:
    (t,) = only(parse("| Indicateur | Quartier |\n|---|:---:|\n| a \\| b | 12 % |\n"), Table)
    assert t.style == "pipe" and [c.text for c in t.rows[1].cells] == ["a | b", "12 %"]
    assert t.furniture == [(2, Furniture.SEPARATOR)]


def test_column_layout_cells_wrap_in_their_column() -> None:
    text = (
        "Faciliter l'accès aux      Renforcer le repérage des     • Tenir une permanence\n"
        "droits, aux soins          publics éloignés                du CCAS\n"
        "                                                          • Former les gardiens\n"
    )
    (t,) = only(parse(text), Table)
    assert t.style == "layout" and t.columns == 3
    cols = [[(c.col, c.text) for c in r.cells] for r in t.rows]
    assert cols[1] == [(0, "droits, aux soins"), (1, "publics éloignés"), (2, "du CCAS")]
    assert cols[2] == [(2, "• Former les gardiens")]


def _grid(text: str) -> list[list[tuple[int, str]]]:
    (t,) = only(parse(text), Table)
    assert t.style == "layout"
    return [[(c.col, c.text) for c in r.cells] for r in t.rows]


def test_column_layout_cells_touching_with_one_space_are_cut_at_the_column() -> None:
    # pdftotext writes a long cell one space before the next: the cut falls at the space
    # nearest the column's start, before a capital rather than inside a wrapped phrase
    grid = _grid(
        "Faciliter l'accès         Accompagner les habitants        • Ouvrir un point numérique\n"
        "aux droits, aux soins   dans les démarches                   avec la médiathèque\n"
        "Rendre les habitants aux Renforcer la prévention          • Former les gardiens\n"
        "acteurs de leur santé    et l'accès aux soins                au repérage\n"
    )
    assert grid[2] == [
        (0, "Rendre les habitants aux"),
        (1, "Renforcer la prévention"),
        (2, "• Former les gardiens"),
    ]


def test_column_layout_cut_before_an_item_numbered_in_parentheses() -> None:
    # "(1) Pérenniser …" one space after the objective's cell, left of its column: the item's
    # number opens the cell, as a bullet or "1." does
    grid = _grid(
        "Faciliter l'accès         Accompagner les habitants       (1) Ouvrir un point numérique\n"
        "aux droits, aux soins   dans les démarches                    avec la médiathèque\n"
        "                        Faciliter l'accès aux soins aux (1) Pérenniser la permanence\n"
        "                        ressources de première            de la médiatrice santé\n"
    )
    assert grid[2] == [(1, "Faciliter l'accès aux soins aux"), (2, "(1) Pérenniser la permanence")]


def test_column_layout_cut_before_an_action_code() -> None:
    # "A8 – Créer …" one space after the objective's cell: the action's code opens the cell
    grid = _grid(
        "Faciliter l'accès         Accompagner les habitants       A7 – Ouvrir un point numérique\n"
        "aux droits, aux soins   dans les démarches                   avec la médiathèque\n"
        "                        Promouvoir l'activité physique et les A8 – Créer un parcours\n"
        "                        activités favorables au bien-être     de marche santé\n"
    )
    assert grid[2] == [
        (1, "Promouvoir l'activité physique et les"),
        (2, "A8 – Créer un parcours"),
    ]


def test_column_layout_a_row_alone_whose_objective_touches_its_dash_action() -> None:
    # after a blank line, an objective a few characters off its column and its first action
    # "– Accueillir …" one space after it: a row of two cells, not a title across the table;
    # a title's dash follows a number ("Orientation 1.2 – Rendre …")
    grid = _grid(
        "Faciliter l'accès     Renforcer le repérage des      – Tenir une permanence du CIDFF\n"
        "aux droits            publics éloignés du droit        à la Maison France services\n"
        "\n"
        "                           Faciliter l'accès aux soins – Accueillir le bus santé de la CPAM\n"
        "                           aux ressources de première    au cœur du quartier\n"
        "\n"
        "                 Orientation 1.2 – Rendre les habitants acteurs de leur santé\n"
        "\n"
        "Rendre les habitants  Garantir à tous l'accès à      – Créer un jardin partagé\n"
    )
    assert grid[2][-1] == (2, "– Accueillir le bus santé de la CPAM")
    assert grid[4] == [(0, "Orientation 1.2 – Rendre les habitants acteurs de leur santé")]


def test_column_layout_keeps_a_figure_and_its_unit_in_one_cell() -> None:
    # "… et sans 31,4 %": the figure one space after its label, its unit at the column's start
    grid = _grid(
        "Indicateur                                     Quartier            CABBALR\n"
        "Taux de pauvreté                               39,5 %              18,8 %\n"
        "Part des 16-25 ans non scolarisés et sans 31,4 %                   23,5 %\n"
        "Part des moins de 25 ans                       34,2 %              31 %\n"
    )
    assert grid[2] == [(0, "Part des 16-25 ans non scolarisés et sans 31,4 %"), (2, "23,5 %")]


def test_column_layout_cut_before_a_capitalised_infinitive_squeezed_left() -> None:
    # pdftotext set the action twelve characters left of its column, one space after the
    # objective's "à": a capitalised infinitive in mid-line opens the next cell
    grid = _grid(
        "Orientation       Objectif                                  Actions\n"
        "Soutenir la       Assurer la réussite éducative des         Mettre en place un CLAS\n"
        "réussite          enfants et des jeunes                     au collège\n"
        "                  Développer l'accompagnement à Animer des ateliers parents-enfants\n"
        "                  la parentalité et conforter les           avec le Relais Petite Enfance\n"
    )
    assert grid[3] == [
        (1, "Développer l'accompagnement à"),
        (2, "Animer des ateliers parents-enfants"),
    ]


def test_column_layout_opens_on_a_row_whose_cells_touch() -> None:
    # the table's first line runs its three cells together one space apart: it has no gap to
    # show columns, but the lines below do, and a capital or a bullet opens a word right at
    # each column it crosses; a title line over the table is no such row
    blocks_ = parse(
        "Objectifs poursuivis sur le quartier des Oiseaux\n"
        "\n"
        "Lutter contre l'isolement des Favoriser les rencontres • Créer un café des aînés\n"
        "personnes âgées              intergénérationnelles        avec le club de l'amitié\n"
        "                                                          • Visites à domicile\n"
        "                                                            par les bénévoles\n"
        "                             Soutenir les aidants         • Groupe de parole\n"
        "                             familiaux                      mensuel au CCAS\n"
    )
    assert [type(b).__name__ for b in blocks_] == ["Paragraph", "Table"]
    (t,) = only(blocks_, Table)
    rows = [[(c.col, c.text) for c in r.cells] for r in t.rows]
    assert rows[0] == [
        (0, "Lutter contre l'isolement des"),
        (1, "Favoriser les rencontres"),
        (2, "• Créer un café des aînés"),
    ]
    assert rows[1] == [
        (0, "personnes âgées"),
        (1, "intergénérationnelles"),
        (2, "avec le club de l'amitié"),
    ]


def test_column_layout_of_one_row_whose_cells_touch_and_whose_first_cell_ends_alone() -> None:
    # a table of one row: its columns show on its second line only; the objective's last word
    # wraps onto a line of its own under it
    blocks_ = parse(
        "Orientation : Rendre les habitants acteurs de leur santé\n"
        "\n"
        "Garantir l'accès à une alimentation saine • Ouvrir une épicerie solidaire au centre\n"
        "et suffisante et sensibiliser aux enjeux    social avec le Secours populaire\n"
        "de nutrition\n"
        "\n"
        "Orientation : Prévenir les violences\n"
    )
    (t,) = only(blocks_, Table)
    rows = [[(c.col, c.text) for c in r.cells] for r in t.rows]
    assert rows == [
        [
            (0, "Garantir l'accès à une alimentation saine"),
            (1, "• Ouvrir une épicerie solidaire au centre"),
        ],
        [(0, "et suffisante et sensibiliser aux enjeux"), (1, "social avec le Secours populaire")],
        [(0, "de nutrition")],
    ]


def test_column_layout_first_row_centred_with_no_line_of_two_cells() -> None:
    # cells centred vertically: the first row's actions above and below its objective, never
    # on one line with it; the next rows show the columns
    text = (
        "ENJEU 1 : DES QUARTIERS ATTENTIFS\n"
        "\n"
        "                                                  • Tenir une permanence du CCAS\n"
        "                                                    à la salle des fêtes\n"
        "                          Renforcer le repérage\n"
        "                          des publics éloignés\n"
        "                                                  • Former les gardiens\n"
        "\n"
        "Faciliter l'accès aux                             • Accueillir le bus santé\n"
        "droits                    Faciliter l'accès aux     de la CPAM\n"
        "                          soins                   • Soutenir l'épicerie solidaire\n"
        "                          Accompagner les         • Ouvrir un atelier numérique\n"
        "                          habitants                 à la médiathèque\n"
    )
    (t,) = only(parse(text), Table)
    rows = [[(c.col, c.text) for c in r.cells] for r in t.rows]
    assert rows[0] == [(2, "• Tenir une permanence du CCAS")]
    assert rows[2] == [(1, "Renforcer le repérage")]
    assert rows[5] == [(0, "Faciliter l'accès aux"), (2, "• Accueillir le bus santé")]
    # a list at the margin above a table is no row of it
    listed = parse(
        "• Désenclaver le quartier\n• Soutenir les familles\n\n" + text.split("\n\n", 1)[1]
    )
    assert type(listed[0]).__name__ == "ListBlock"


def test_column_layout_an_item_number_or_a_dash_touching_the_cell_on_its_left() -> None:
    # the objective runs into its first action's number one space apart; a dash bullet sits
    # one space after the objective, its text a tab stop on; a title's dash stays in the title
    grid = _grid(
        "Soutenir la réussite      Assurer la réussite éducative 1. Poursuivre le parcours du\n"
        "éducative en              des enfants et des jeunes         Programme de Réussite\n"
        "coopération avec les      au travers de la scolarité     2. Accompagner la scolarité\n"
        "Rendre les habitants      Renforcer la prévention en     –   Accueillir une permanence\n"
        "acteurs de leur santé     matière de santé mentale et –      Participer au CLSM de\n"
        "                          de conduites addictives            l'agglomération\n"
    )
    assert grid[0] == [
        (0, "Soutenir la réussite"),
        (1, "Assurer la réussite éducative"),
        (2, "1. Poursuivre le parcours du"),
    ]
    assert grid[4] == [
        (0, "acteurs de leur santé"),
        (1, "matière de santé mentale et"),
        (2, "– Participer au CLSM de"),
    ]
    title = _grid(
        "Enjeu 1 –     Faciliter l'accès aux    Renforcer le repérage     - Mettre en place\n"
        "Des           droits, aux soins        des publics               de permanences\n"
    )
    assert title[0][0] == (0, "Enjeu 1 –")


def test_column_layout_a_row_squeezed_left_of_its_columns_is_no_spanning_row() -> None:
    # pdftotext set a row's three cells one space apart, its objective four characters and its
    # dash ten characters left of their columns: the lines under it go on with that row in
    # lower case, so it is a row, cut at its capital and its bullet
    grid = _grid(
        "Associer les habitants    Sensibiliser les habitants à       – Organiser des visites\n"
        "aux transitions           l'écocitoyenneté, la maîtrise        avec le bailleur\n"
        "urbaines et               budgétaire et la gestion de        – Installer des composteurs\n"
        "environnementales         l'énergie                            avec la CABBALR\n"
        "Renforcer l'animation Dynamiser l'animation sociale – Organiser la fête du quartier\n"
        "de proximité et la    dans les quartiers              avec le centre social\n"
        "présence humaine\n"
    )
    assert grid[4] == [
        (0, "Renforcer l'animation"),
        (1, "Dynamiser l'animation sociale"),
        (2, "– Organiser la fête du quartier"),
    ]


def test_column_layout_a_column_set_further_right_on_some_rows_is_one_column() -> None:
    # pdftotext set the objectives five characters further right on the last row than on the
    # first: never both on one line, so one column, not an empty one between two
    grid = _grid(
        "Améliorer le cadre de    Embellir les espaces       • Jardins partagés avec\n"
        "vie des habitants        publics du quartier          l'amicale des locataires\n"
        "                                                     • Fleurir les pieds d'immeubles\n"
        "\n"
        "Renforcer la présence         Développer la médiation     • Deux médiateurs le soir\n"
        "humaine dans le quartier      de nuit                       avec le bailleur\n"
    )
    assert grid[3] == [
        (0, "Renforcer la présence"),
        (1, "Développer la médiation"),
        (2, "• Deux médiateurs le soir"),
    ]
    assert grid[4] == [(0, "humaine dans le quartier"), (1, "de nuit"), (2, "avec le bailleur")]


def test_column_layout_a_column_set_ten_characters_left_on_one_row_is_one_column() -> None:
    # a long orientation pushed pdftotext to set that row's objective ten characters left of
    # its column, its first line one space after the orientation's: still the objectives'
    grid = _grid(
        "Faciliter l'accès aux droits, aux soins          Accompagner les habitants dans      - Ouvrir un atelier\n"
        "et aux services                                  les démarches numériques            numérique\n"
        "\n"
        "Accompagner l'accès à l'autonomie et à Renforcer l'accompagnement éducatif           - Orienter vers le PIJ\n"
        "l'emploi des habitants des quartiers   et social des jeunes                          et la Mission locale\n"
        "                                       vers l'autonomie                              - Chantiers éducatifs\n"
        "\n"
        "Promouvoir l'éducation populaire                 Susciter l'initiative citoyenne     - Créer une association\n"
        "à tous les âges de la vie                        et l'envie de faire société         de locataires\n"
    )
    assert grid[2] == [
        (0, "Accompagner l'accès à l'autonomie et à"),
        (1, "Renforcer l'accompagnement éducatif"),
        (2, "- Orienter vers le PIJ"),
    ]
    assert grid[3] == [
        (0, "l'emploi des habitants des quartiers"),
        (1, "et social des jeunes"),
        (2, "et la Mission locale"),
    ]


def test_column_layout_a_cell_cut_at_a_column_belongs_to_that_column() -> None:
    # the objective runs into a bullet drifted left of the actions' column: the cut falls at
    # the bullet, and what follows is an action wherever it starts
    grid = _grid(
        "Soutenir la réussite      Assurer la réussite éducative     – Poursuivre les parcours\n"
        "éducative en coopération  des enfants et des jeunes         du PRE avec le collège\n"
        "                          Développer l'accompagnement à – Créer un lieu d'accueil\n"
        "                          la parentalité                    enfants-parents\n"
    )
    assert grid[2] == [(1, "Développer l'accompagnement à"), (2, "– Créer un lieu d'accueil")]


def test_column_layout_a_bullet_a_tab_stop_before_its_text_is_one_cell() -> None:
    grid = _grid(
        "Faciliter l'accès aux      Renforcer le repérage     •     Tenir une permanence\n"
        "droits, aux soins          des publics                     du CCAS\n"
        "                                                     •     Former les gardiens\n"
    )
    assert grid[0][2] == (2, "• Tenir une permanence") and grid[1][2] == (2, "du CCAS")
    assert grid[2] == [(2, "• Former les gardiens")]


def test_column_layout_centred_header_cells_are_no_columns() -> None:
    grid = _grid(
        "      Orientation             Objectif                 Actions\n"
        "Faciliter l'accès aux     Renforcer le repérage des     • Tenir une permanence\n"
        "droits, aux soins         publics éloignés du droit       du CCAS à la mairie\n"
        "Rendre les habitants      Renforcer la prévention       • Former les gardiens\n"
        "acteurs de leur santé     et l'accès aux soins            au repérage\n"
    )
    assert [c for c, _ in grid[0]] == [0, 1, 2] and len({c for r in grid for c, _ in r}) == 3
    assert grid[2] == [
        (0, "droits, aux soins"),
        (1, "publics éloignés du droit"),
        (2, "du CCAS à la mairie"),
    ]


def test_column_layout_columns_are_found_per_page_and_mapped_onto_the_table() -> None:
    # the second page's columns sit three characters right of the first's
    page1 = (
        "Faciliter l'accès aux      Renforcer le repérage      • Tenir une permanence\n"
        "droits, aux soins          des publics                  du CCAS\n"
        "Rendre les habitants       Renforcer la prévention    • Former les gardiens\n"
    )
    page2 = (
        "   acteurs de leur santé      et l'accès aux soins       au repérage\n"
        "   Prévenir les violences     Lutter contre toutes       • Relayer la permanence\n"
        "   accompagner les victimes   les formes de violences      de France Victimes\n"
    )
    grid = _grid(page1 + "\n- 1 -\n\f" + page2)
    assert grid[3] == [
        (0, "acteurs de leur santé"),
        (1, "et l'accès aux soins"),
        (2, "au repérage"),
    ]
    assert grid[5][2] == (2, "de France Victimes")


def test_column_layout_an_item_number_hanging_left_of_its_column_stays_with_its_item() -> None:
    """pdftotext -layout squeezed a row left ("… dans les 1. Fête du centre …"): the next
    item's number, "2." a few characters left of the column, opens that item in its column."""
    text = (EXCERPTS / "layout-item-number-left-of-its-column.txt").read_text(encoding="utf-8")
    *_, table = only(parse(text), Table)
    grid = [[(c.col, c.text) for c in r.cells] for r in table.rows]
    assert grid[-1] == [(1, "2. Animations d'été « Quartiers d'été » avec le comité des fêtes")]


def test_column_layout_a_row_whose_item_number_touches_the_objective_is_no_spanning_row() -> None:
    """ "Valoriser les compétences des habitants 1. Créer un « repair café » …": the objective
    and its numbered action one space apart, the number left of the actions' column."""
    text = (EXCERPTS / "layout-objective-touching-its-numbered-action.txt").read_text("utf-8")
    grid = {
        r.span.first: [(c.col, c.text) for c in r.cells] for r in only(parse(text), Table)[0].rows
    }
    assert grid[10] == [
        (0, "Valoriser les compétences des habitants"),
        (1, "1. Créer un « repair café » mensuel animé par les habitants retraités"),
    ]


def test_column_layout_a_row_shifted_off_its_columns_with_a_bullet_is_no_spanning_row() -> None:
    """pdftotext -layout set a row's objective five characters right of its column and its
    action's bullet two spaces after it ("Faciliter l'accès aux soins aux  • Accompagner …"):
    centred-looking, but a bullet opening by the actions' column makes it two cells."""
    text = (EXCERPTS / "layout-bullet-two-spaces-left-of-its-column.txt").read_text("utf-8")
    (table,) = only(parse(text), Table)
    grid = {r.span.first: [(c.col, c.text) for c in r.cells] for r in table.rows}
    assert grid[9] == [
        (1, "Faciliter l'accès aux soins aux"),
        (2, "• Accompagner les habitants dans leurs démarches"),
    ]


def test_column_layout_the_wrapped_line_of_a_row_whose_cells_touch() -> None:
    """ "Lutter contre les discriminations et 1. Organiser …" over "promouvoir l'égalité
    femme homme femmes du quartier …": the second line, in lower case, opens a word where the
    row's action did; it is the row's, cut there, not a row over the table."""
    text = (EXCERPTS / "layout-touching-row-wrapped.txt").read_text("utf-8")
    rows = [r for t in only(parse(text), Table) for r in t.rows]
    grid = {r.span.first: [(c.col, c.text) for c in r.cells] for r in rows}
    # cut near the actions' column (here where the table's other rows put it), not spanning
    assert [col for col, _ in grid[19]] == [0, 1]
    assert grid[19][0][1].startswith("promouvoir l'égalité femme homme")
    assert grid[19][1][1].endswith("quartier au centre social La Passerelle")


def test_column_layout_a_touching_row_going_on_in_its_later_column_only() -> None:
    """ "Développer l'offre de mobilité douce 1. Aménager …" over "Renaissance et le centre-
    ville …" (the objective on one line): the row opens the table, cut at the action."""
    text = (EXCERPTS / "layout-touching-row-alone.txt").read_text("utf-8")
    rows = [[(c.col, c.text) for c in r.cells] for t in only(parse(text), Table) for r in t.rows]
    assert rows[0] == [
        (0, "Développer l'offre de mobilité douce"),
        (1, "1. Aménager une liaison cyclable et piétonne sécurisée entre"),
    ]
    assert lists.item_start("•    Accompagner l'installation") is not None  # never a row


def test_column_layout_a_column_set_seven_characters_further_on_some_rows() -> None:
    """pdftotext placed the objectives at 32 on some rows and at 25 on others (the orientation
    beside them longer), never both on one line: one column, so "Renforcer l'animation de
    Développer la présence de" is cut once, at the objective, and no row is cut at 32."""
    text = (EXCERPTS / "layout-objectives-column-drifting-row-to-row.txt").read_text("utf-8")
    (t,) = only(parse(text), Table)
    assert t.columns == 3
    rows = {r.span.first: [(c.col, c.text) for c in r.cells] for r in t.rows}
    assert rows[19] == [
        (0, "Renforcer l'animation de"),
        (1, "Développer la présence de"),
        (2, "• Renforcer les tournées de la police municipale"),
    ]
    assert rows[26] == [
        (1, "Dynamiser l'animation sociale"),
        (2, "• Organiser la fête de quartier annuelle et les"),
    ]


# a strategy table in two columns whose first column carries the strategy's own numbers: the
# orientation at the margin ("2.1 …", a row of its own), its objectives indented ("2.1.1 …")
# beside their bulleted actions, each item's wrapped text under the item's text
NUMBERED_STRATEGY = """\
Axes et objectifs du contrat cadre
                                                      Déclinaison dans le quartier
ENJEU 2 – ÉMANCIPATION
2.1 Soutenir la réussite éducative en lien
avec les familles
   2.1.1 Assurer la réussite éducative des       ▪    Étendre l'aide aux devoirs du centre
   enfants et des jeunes                              social Jean-Jaurès aux collégiens


   2.1.2 Développer l'accompagnement à la        ▪    Créer un café des parents à l'école
   parentalité                                        Pasteur avec la CAF

                                                 ▪    Proposer des sorties familiales l'été


2.2 Accompagner l'accès à l'emploi
   2.2.3 Lever les freins à la mobilité          ▪    Ouvrir une plateforme de mobilité
                                                      solidaire avec Wimoov
4.2 Gouvernance de la convention
Le comité de pilotage se réunit deux fois par an.
"""


def test_column_layout_rows_numbered_as_the_strategy_are_rows_not_headings() -> None:
    """A numbered line whose later run stands in the table's column (or hangs from its bullet)
    is a row; a numbered line alone at the margin is a row when its numbering goes on with the
    rows' ("2.2" after "2.1.2"); "4.2 Gouvernance …" after them stays a heading."""
    bs = parse(NUMBERED_STRATEGY)
    (t,) = only(bs, Table)
    rows = {r.span.first: [(c.col, c.text) for c in r.cells] for r in t.rows}
    # the orientations at the margin, a column left of the objectives'
    assert rows[4] == [(0, "2.1 Soutenir la réussite éducative en lien")]
    assert rows[6] == [
        (1, "2.1.1 Assurer la réussite éducative des"),
        (2, "▪ Étendre l'aide aux devoirs du centre"),
    ]
    assert rows[7] == [(1, "enfants et des jeunes"), (2, "social Jean-Jaurès aux collégiens")]
    assert rows[10][0] == (1, "2.1.2 Développer l'accompagnement à la")
    assert rows[16] == [(0, "2.2 Accompagner l'accès à l'emploi")]
    assert rows[17][1] == (2, "▪ Ouvrir une plateforme de mobilité")
    assert t.span.last == 18
    assert [h.title for h in only(bs, Heading)] == ["Gouvernance de la convention"]


def test_column_layout_numbered_rows_keep_the_bands_at_the_margin_left_of_them() -> None:
    """A table whose first row is an objective's (its orientation on the page before): the
    enjeu band and the next orientation, at the margin left of every column seen so far, are
    its rows when numbered rows go on below them."""
    text = (
        "   2.4.1 Favoriser l'entrepreneuriat     –   Informer les porteurs de projet\n"
        "                                             avec l'ADIE\n"
        "\n"
        "                                         –   Ouvrir une couveuse d'entreprises\n"
        "\n"
        "\n"
        "ENJEU 3 – TRANSITIONS\n"
        "3.1 Poursuivre la rénovation urbaine\n"
        "   3.1.1 Développer la mobilité douce    –   Aménager une liaison cyclable\n"
        "                                             vers la gare\n"
    )
    (t,) = only(parse(text), Table)
    firsts = {r.span.first: r.cells[0].text for r in t.rows}
    assert firsts[7] == "ENJEU 3 – TRANSITIONS"
    assert firsts[8] == "3.1 Poursuivre la rénovation urbaine"
    assert firsts[9] == "3.1.1 Développer la mobilité douce"
    assert t.span == Span(1, 10)


def test_column_layout_a_numbered_cell_whose_next_words_stand_beside_another_cell() -> None:
    """A numbered objective alone on its line, its next words on the line under it beside an
    action (the action's cell centred lower): the objective's cell, not a heading."""
    text = (
        "Objectifs de la convention cadre          Actions dans le quartier\n"
        "                                          •   Tenir une permanence de la CAF\n"
        "1.1.1 Renforcer le repérage des publics\n"
        "éloignés du droit                         •   Organiser des tournées du CCAS\n"
        "                                              dans les cités\n"
    )
    (t,) = only(parse(text), Table)
    assert t.span == Span(1, 5)
    assert [(c.col, c.text) for c in t.rows[2].cells] == [
        (0, "1.1.1 Renforcer le repérage des publics")
    ]


def test_column_layout_numbered_items_lead_into_the_table_and_hang_under_their_text() -> None:
    """Actions numbered "1.", "2." in the second column, the first printed above its objective
    (centred in its row) and each item's next words under its text: the lone item opens the
    table, the wrapped words are the item's."""
    text = (
        "1.1 – Faciliter l'accès aux droits\n"
        "                                               1. Organiser des visites du CCAS auprès\n"
        "                                                  des personnes âgées isolées\n"
        "Renforcer le repérage des publics              2. Relayer les permanences de la Maison\n"
        "éloignés du droit                                 France services\n"
    )
    bs = parse(text)
    (t,) = only(bs, Table)
    rows = {r.span.first: [(c.col, c.text) for c in r.cells] for r in t.rows}
    assert rows[2] == [(1, "1. Organiser des visites du CCAS auprès")]
    assert rows[4] == [
        (0, "Renforcer le repérage des publics"),
        (1, "2. Relayer les permanences de la Maison"),
    ]
    assert rows[5] == [(0, "éloignés du droit"), (1, "France services")]


def test_column_layout_an_item_wrapped_under_its_text_shows_the_columns() -> None:
    """A row of two cells whose next lines hold only the item's wrapped text, set under the
    text rather than under the bullet: a column layout already, not a heading and its
    paragraph."""
    text = (
        "   1.1.1 Renforcer le repérage       •     Ouvrir une permanence du CCAS\n"
        "   des publics                             à la mairie annexe\n"
        "\n"
        "                                     •     Former les agents d'accueil\n"
        "                                           aux droits sociaux\n"
        "\n"
        "   1.1.2 Faciliter l'accès aux       •     Accueillir le bus santé de la\n"
        "   soins                                   CPAM chaque mois\n"
    )
    assert _grid(text) == [
        [(0, "1.1.1 Renforcer le repérage"), (1, "• Ouvrir une permanence du CCAS")],
        [(0, "des publics"), (1, "à la mairie annexe")],
        [(1, "• Former les agents d'accueil")],
        [(1, "aux droits sociaux")],
        [(0, "1.1.2 Faciliter l'accès aux"), (1, "• Accueillir le bus santé de la")],
        [(0, "soins"), (1, "CPAM chaque mois")],
    ]


def test_column_layout_a_dash_for_a_missing_value_is_no_bullet() -> None:
    """A portrait laid out in columns, "—" where the agglomeration has no value, then "Les
    irritants identifiés" and its list at the margin: the dash opened no list in the table,
    so the lines left of its columns are no centred cells of it."""
    text = (EXCERPTS / "layout-portrait-table-then-lists.txt").read_text("utf-8")
    bs = parse(text)
    (table,) = only(bs, Table)
    assert table.span.last == 14  # "Part du parc social   > 95 %   25,6 %"
    assert len(only(bs, ListBlock)[0].items) == 4  # the irritants, out of the table


def test_column_layout_a_spanning_row_stays_one_cell() -> None:
    grid = _grid(
        "Orientation                Objectif                   Actions\n"
        "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Soutenir la réussite       Assurer la réussite        • Étendre le PRE\n"
        "éducative                  éducative des enfants        au collège\n"
    )
    assert grid[1] == [(0, "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS")]
    assert grid[2][1] == (1, "Assurer la réussite")


def test_column_layout_a_centred_row_set_apart_spans_the_table() -> None:
    grid = _grid(
        "Orientation                Objectif                   Actions\n\n"
        "             ENJEU 2 – DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Soutenir la réussite       Assurer la réussite        • Étendre le PRE\n"
        "éducative                  éducative des enfants        au collège\n"
    )
    assert grid[1] == [(0, "ENJEU 2 – DES QUARTIERS D'ÉMANCIPATION POUR TOUS")]


def test_column_layout_opens_on_a_row_with_a_dash_for_no_value() -> None:
    grid = _grid(
        "Population                       environ 4 200 habitants   –\n\n"
        "Surface                          62 hectares               –\n\n"
        "Taux de pauvreté                 41,5 %                    18,8 %\n"
    )
    assert grid[0] == [(0, "Population"), (1, "environ 4 200 habitants"), (2, "–")]


def test_column_layout_a_cell_running_just_past_a_column_is_cut_only_at_its_start() -> None:
    grid = _grid(
        "Indicateur                            Quartier        Agglomération\n"
        "Taux de pauvreté                      36,4 %          18,8 %\n"
        "Indice de positionnement des collèges 86              104\n"
        "Part des moins de 25 ans très élevés  –               31 %\n"
    )
    assert grid[2] == [(0, "Indice de positionnement des collèges"), (1, "86"), (2, "104")]
    assert grid[3][0] == (0, "Part des moins de 25 ans très élevés")


def test_column_layout_a_drift_is_no_hanging_indent() -> None:
    # starts one or two characters apart in a column, lines in lower case among them: the
    # extraction's drift, not items whose bullets were dropped
    grid = _grid(
        "Enjeu 1 –     Faciliter l'accès aux    Renforcer le repérage    - Tenir une permanence\n"
        "Des           droits, aux soins et      des publics éloignés du   du CCAS\n"
        "quartiers     aux services             droit en particulier     - Organiser un forum\n"
        "                                       Accompagner les           des droits\n"
        "                                        habitants dans les\n"
        "                                       démarches\n"
    )
    assert not any(t.startswith("•") for r in grid for _, t in r)


def test_column_layout_a_line_squeezed_off_its_columns_keeps_its_cells_in_order() -> None:
    grid = _grid(
        "Nombre d'habitants                  environ 1 600               –\n"
        "Taux de pauvreté                    32,8 %                      18,8 %\n"
        "Part des moins de 25 ans            39,2 %                      31 %\n"
        " Logements locatifs sociaux    76,8 %               25,6 %\n"
    )
    assert grid[3] == [(0, "Logements locatifs sociaux"), (1, "76,8 %"), (2, "25,6 %")]


def test_column_layout_a_bullet_hanging_left_of_its_column_belongs_to_it() -> None:
    grid = _grid(
        "Faciliter l'accès aux     Renforcer le repérage            •       Tenir une permanence\n"
        "droits, aux soins         des publics éloignés                     du CCAS\n"
        "                          Accompagner les habitants        •       Former les gardiens\n"
        "                                                                   au repérage\n"
    )
    assert grid[2] == [(1, "Accompagner les habitants"), (2, "• Former les gardiens")]


def test_numbered_items_in_a_tab_separated_cell() -> None:
    (t,) = only(
        parse(
            "Orientation\tObjectif\tActions\n"
            "Poursuivre\tAccompagner le renouvellement\t1.\tRéhabiliter les logements\n"
            "2.\tLutter contre l'habitat indigne\n"
        ),
        Table,
    )
    assert [c.text for c in t.rows[1].cells][-1] == (
        "1. Réhabiliter les logements <br> 2. Lutter contre l'habitat indigne"
    )


@pytest.mark.parametrize(
    ("after", "joined"),
    [
        ("2. Lutter contre l'habitat indigne\n", True),  # the cell's item 2, typed "2. "
        ("3. Lutter contre l'habitat indigne\n", False),  # no item 2 above: its own line
    ],
)
def test_a_numbered_item_typed_under_a_row_ending_with_item_one(after: str, joined: bool) -> None:
    bs = parse(
        "Orientation\tObjectif\tActions\n"
        "Poursuivre\tAccompagner le renouvellement\t1. Réhabiliter les logements\n" + after
    )
    (t,) = only(bs, Table)
    assert (t.rows[-1].cells[-1].text.endswith("Lutter contre l'habitat indigne")) is joined


def test_a_table_runs_across_a_page_break_and_its_furniture() -> None:
    text = "A\tB\tC\n\n- 3 -\n\f\n\tD\tE\n"
    ls, breaks = split_lines(text)
    (t,) = only(blocks.parse(ls, breaks), Table)
    assert [r.span.first for r in t.rows] == [1, 5]
    assert (3, Furniture.PAGE_NUMBER) in t.furniture


def test_prose_with_a_double_space_is_not_a_table() -> None:
    assert only(parse("Le quartier  compte des habitants.\nIls vivent  ici.\n"), Table) == []
    assert not tables.is_pipe_row("Le quartier a | b")


# ---------------------------------------------------------------- headings


def test_numbered_markdown_and_html_headings() -> None:
    bs = only(
        parse("## 2.3 Portrait statistique\n\n<h3>Les signataires</h3>\n\nII.6 - Objectifs\n"),
        Heading,
    )
    assert [(h.title, h.level, h.numbering, h.marker) for h in bs] == [
        ("Portrait statistique", 2, "2.3", "markdown"),
        ("Les signataires", 3, None, "html"),
        ("Objectifs", 2, "II.6", "numbered"),
    ]
    assert headings.split_numbering("PARTIE 5 – LES SIGNATAIRES") == ("5", "LES SIGNATAIRES")


def test_a_capital_at_the_margin_after_an_indented_item_ends_the_list() -> None:
    text = (
        "Faciliter l'accès aux droits\n"
        "    • Ouvrir un point numérique accompagné au centre social pour les familles du quartier\n"
        "Rendre les habitants acteurs de leur santé physique et mentale\n"
    )
    (lb,) = only(parse(text), ListBlock)
    assert [i.text for i in lb.items] == [
        "Ouvrir un point numérique accompagné au centre social pour les familles du quartier"
    ]
    # nor does a title at the margin that would not have fitted after the list's longest item
    text = "    • Désenclaver le quartier\n    • Accompagner les habitants dans la rénovation\nObjectifs poursuivis\n"
    lb = only(parse(text), ListBlock)[0]
    assert [i.text for i in lb.items][-1] == "Accompagner les habitants dans la rénovation"


def test_a_numbered_line_after_bullets_at_its_level_ends_the_list() -> None:
    bs = parse(
        "•\tLutter contre l'habitat indigne\n•\tAller vers les publics isolés\n3. Objectifs poursuivis\n"
    )
    lb = only(bs, ListBlock)[0]
    assert [i.text for i in lb.items] == [
        "Lutter contre l'habitat indigne",
        "Aller vers les publics isolés",
    ]


def test_a_numbering_glued_to_its_title_is_a_heading() -> None:
    assert headings.split_numbering("II.Le quartier prioritaire") == (
        "II.",
        "Le quartier prioritaire",
    )
    assert headings.split_numbering("1.Fiche d'identité") == ("1.", "Fiche d'identité")
    assert headings.split_numbering("E.N. truc") is None  # initials, no numbering


def test_a_letter_and_a_dash_number_a_heading() -> None:
    """ "B – Quartier Centre Ville" (Auchel-79): lettered parts, as "II – …" are."""
    assert headings.split_numbering("B – Quartier Centre Ville") == ("B", "Quartier Centre Ville")
    assert headings.split_numbering("E — Gouvernance") == ("E", "Gouvernance")
    assert headings.split_numbering("A : un quartier") is None  # a colon after a letter: no part
    assert headings.split_numbering("Z – Zone") is None


def test_sections_numbered_by_a_paragraph_sign_an_article_or_a_part_and_a_letter() -> None:
    """ "§ 1 – Préambule" (Annezin-84: rejected, no quartier section found), "Article premier",
    and Word's "II.D<TAB>Objectifs poursuivis" (Burbure-87: the objectives read as priorities)."""
    assert headings.split_numbering("§ 2 – Le quartier « Le Rivage »") == (
        "§ 2",
        "Le quartier « Le Rivage »",
    )
    assert headings.split_numbering("Article premier – Objet") == ("premier", "Objet")
    assert headings.numbered("II.D\tObjectifs poursuivis sur le quartier") == (
        "II.D",
        "Objectifs poursuivis sur le quartier",
    )
    assert headings.split_numbering("II.Des quartiers") == ("II.", "Des quartiers")  # no "II.D"
    # "1 – LE QUARTIER …", "1.1 – Identification" (Marles-89: its QIC's heading unseen)
    assert headings.split_numbering("1 – LE QUARTIER PRIORITAIRE") == (
        "1",
        "LE QUARTIER PRIORITAIRE",
    )
    assert headings.split_numbering("1.1 – Identification") == ("1.1", "Identification")
    assert headings.split_numbering("3 - 5 ans") is None  # a range, no numbering
    assert headings.split_numbering("A.1 Notre quartier : Ville Centre") == (
        "A.1",
        "Notre quartier : Ville Centre",
    )
    # "4/ La cité des Alouettes" over "Identification" (Cauchy-87: its QIC unseen)
    (_, h, _) = parse("Texte.\n\n4/ La cité des Alouettes\nIdentification\nStatut : QIC\n")
    assert isinstance(h, Heading) and (h.numbering, h.title) == ("4/", "La cité des Alouettes")
    assert not any(isinstance(b, Heading) for b in parse("Texte.\n\n1/ Ouvrir\n2/ Fermer\n"))
    (h,) = parse("II.D\tObjectifs poursuivis sur le quartier\n")
    assert isinstance(h, Heading) and h.title == "Objectifs poursuivis sur le quartier"


def test_a_word_row_broken_inside_a_bulleted_cell_goes_on_in_its_later_cells() -> None:
    """Word's text export (Lillers-85): a cell of several bullets breaks its row; the next line
    "•<TAB>Organiser …<TAB>Nombre …" holds that cell's next bullet, then the cells after it
    (its tabs complete the row's: one row), and a plain line before the next row is the last
    cell's next paragraph."""
    text = (
        "Orientation\tObjectif\tActions opérationnelles\tIndicateurs de suivi\n"
        "Faciliter l'accès aux droits\tRenforcer le repérage\t•\tCréer une cellule\n"
        "•\tOrganiser des permanences\tNombre de ménages repérés\n"
        "Nombre de permanences tenues\n"
        "\tFaciliter l'accès aux soins\t•\tAccompagner les médecins\tNombre de médecins\n"
    )
    (t,) = parse(text)
    assert isinstance(t, Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows[1:]] == [
        [
            (0, "Faciliter l'accès aux droits"),
            (1, "Renforcer le repérage"),
            (2, "• Créer une cellule <br> • Organiser des permanences"),
            (3, "Nombre de ménages repérés <br> Nombre de permanences tenues"),
        ],
        [
            (1, "Faciliter l'accès aux soins"),
            (2, "• Accompagner les médecins"),
            (3, "Nombre de médecins"),
        ],
    ]
    # under a whole row, a line alone is a row of one merged cell (Douvrin-89's enjeux)
    text = "Orientation\tObjectif\tActions\nENJEU 1 – DES QUARTIERS\nFaciliter\tRenforcer\t·\tCroiser\n"
    cells = [c.text for b in parse(text) if isinstance(b, Table) for r in b.rows for c in r.cells]
    assert cells and not any("ENJEU" in c for c in cells)


def test_a_number_at_the_margin_after_indented_numbered_items_ends_the_list() -> None:
    bs = parse("    1. Rompre l'isolement\n    2. Soutenir les familles\n4. Objectifs poursuivis\n")
    lb = only(bs, ListBlock)[0]
    assert [i.text for i in lb.items] == ["Rompre l'isolement", "Soutenir les familles"]


def test_a_numbered_line_in_a_run_is_a_list_item_not_a_heading() -> None:
    bs = parse("1. Organiser un forum\n2. Ouvrir un lieu\n\n3. Gouvernance\n")
    assert len(only(bs, ListBlock)[0].items) == 2
    assert [h.title for h in only(bs, Heading)] == ["Gouvernance"]


def test_lines_a_glyph_sets_apart_are_headings_where_it_opens_no_list() -> None:
    """ "■ PRÉAMBULE", "■ QUARTIER : …": the glyph opens only short lines standing alone,
    after a blank line; the list below keeps its own bullets."""
    bs = parse(
        "■ PRÉAMBULE\nLa commune partage le quartier.\n\n"
        "■ QUARTIER : Les 3 Îlots (QPV – QN06209M)\nCommunes : Béthune, Verquin\n\n"
        "Difficultés\n  ■ Des logements anciens\n\n■ 1. SIGNATURES\nFait à Verquin\n"
    )
    # the third "■" opens a list item after "Difficultés": the glyph is no heading's
    assert only(bs, Heading) == []
    bs = parse(
        "■ PRÉAMBULE\nLa commune partage le quartier.\n\n"
        "■ QUARTIER : Les 3 Îlots (QPV – QN06209M)\nCommunes : Béthune, Verquin\n\n"
        "Difficultés\n  * Des logements anciens\n  * Peu de commerces\n\n"
        "■ 1. SIGNATURES\nFait à Verquin\n"
    )
    assert [(h.title, h.numbering, h.marker) for h in only(bs, Heading)] == [
        ("PRÉAMBULE", None, "glyph"),
        ("QUARTIER : Les 3 Îlots (QPV – QN06209M)", None, "glyph"),
        ("SIGNATURES", "1.", "glyph"),
    ]
    assert [len(lb.items) for lb in only(bs, ListBlock)] == [2]


def test_items_of_one_line_each_wrapped_or_run_together_are_no_headings() -> None:
    """Actions of a table read without its layout, each one wrapped ("\uf0d8 Accueillir le bus
    santé … sur" / "la place de la cité 5"), or items one under the other: a list."""
    wrapped = (
        "Faciliter l'accès aux soins\n\n\uf0d8 Accueillir le bus santé de la CPAM sur\n"
        "la place de la cité 5\nAccompagner les habitants\n\n"
        "\uf0d8 Déployer un conseiller numérique itinérant\n"
    )
    assert only(parse(wrapped), Heading) == []
    run = "■ Des logements anciens\n■ Peu de commerces\n\n■ Une école\n■ Un centre social\n"
    assert only(parse(run), Heading) == []


# ---------------------------------------------------------------- lists


def test_list_markers_and_wrapped_items() -> None:
    (lb,) = only(
        parse("• premier\n  suite du premier\n→ deuxième\n<li>troisième</li>\na) quatrième\n"),
        ListBlock,
    )
    assert [(i.text, i.marker_kind) for i in lb.items] == [
        ("premier suite du premier", "bullet"),
        ("deuxième", "bullet"),
        ("troisième", "html"),
        ("quatrième", "letter"),
    ]


def test_a_flush_left_capitalised_line_after_an_item_starts_something_else() -> None:
    bs = parse("– agglomération : 18,8 %\nPart des moins de 25 ans : 37 %\n")
    assert len(only(bs, ListBlock)[0].items) == 1
    assert only(bs, Paragraph)[0].text == "Part des moins de 25 ans : 37 %"


def test_a_labelled_line_after_a_long_item_starts_the_next_part() -> None:
    """ "→ Étendre … du centre social Agora" then "Orientation 2.3 : …" (an outline exported
    from LibreOffice, one line per paragraph): the label is not the item's wrapped end."""
    bs = parse(
        "→ Étendre aux Hirondelles les cafés des parents du centre social Agora\n"
        "Orientation 2.3 : Promouvoir l'éducation populaire\nActions : aucune action\n"
    )
    assert [i.text for i in only(bs, ListBlock)[0].items] == [
        "Étendre aux Hirondelles les cafés des parents du centre social Agora"
    ]


def test_a_line_left_of_the_items_bullets_ends_the_list() -> None:
    """ "    → Visites à domicile avec l'association Verquin Solidarité" then "  Enjeu 2 > …":
    the outline's next entry, left of the items' arrows, is no wrapped end of the last item
    (one cut mid-phrase goes on)."""
    bs = parse(
        "  Enjeu 1 > Faciliter l'accès aux droits > Renforcer le repérage\n"
        "    → Permanence mensuelle du CCAS\n"
        "    → Visites à domicile avec l'association Verquin Solidarité\n"
        "  Enjeu 2 > Accompagner l'accès à l'emploi > Lever les freins à la mobilité\n"
        "    → Location de vélos électriques avec la\n"
        "  plateforme Wimoov\n"
    )
    assert [[i.text for i in lb.items] for lb in only(bs, ListBlock)] == [
        [
            "Permanence mensuelle du CCAS",
            "Visites à domicile avec l'association Verquin Solidarité",
        ],
        ["Location de vélos électriques avec la plateforme Wimoov"],
    ]


def test_nested_items_keep_their_indent() -> None:
    (lb,) = only(parse("- Objectif : A\n  - action 1\n  - action 2\n"), ListBlock)
    assert [i.indent for i in lb.items] == [0, 2, 2]
    assert lists.item_start("-25 ans") is None  # a minus sign, not a bullet


# ---------------------------------------------------------------- paragraphs


def test_paragraph_mends_hyphenated_line_breaks() -> None:
    (p,) = only(
        parse("Les familles sont accompa-\ngnées par le centre psycho-\nsocial de Saint-\nElie.\n"),
        Paragraph,
    )
    assert p.text == "Les familles sont accompagnées par le centre psycho-social de Saint-Elie."
    assert len(p.lines) == 4


def test_every_non_blank_line_is_in_exactly_one_block() -> None:
    text = (
        "Sommaire\nPréambule\t3\n\n# Titre\n\nTexte.\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "• x\n• y\n\nA\tB\n\n12\n"
    )
    ls, breaks = split_lines(text)
    seen: list[int] = []
    for b in blocks.parse(ls, breaks):
        seen += list(b.span.lines())
    content = [ln.no for ln in ls if not ln.blank]
    assert sorted(set(seen) & set(content)) == content
    assert len(seen) == len(set(seen))


# ---------------------------------------------------------------- quoted text, glyphs, spans


def test_quoted_mail_lines_are_read_without_their_marks() -> None:
    """A portrait pasted as a quotation in a mail (format=flowed): the "> " are layout; a
    line of marks alone separates paragraphs and is kept as markup."""
    bs = parse(
        "> Bonjour,\n>\n> Taux d'emploi : 44,9 % (58,8 % sur l'ensemble de \n"
        "> l'agglomération).\n> Surface : 47 hectares.\n"
    )
    ps = only(bs, Paragraph)
    assert [p.text for p in ps] == [
        "Bonjour,",
        "Taux d'emploi : 44,9 % (58,8 % sur l'ensemble de l'agglomération). Surface : 47 hectares.",
    ]
    assert [(f.span.first, f.what) for f in only(bs, FurnitureBlock)] == [(2, Furniture.MARKUP)]
    assert only(parse("> une citation isolée\nla suite\n"), Paragraph)[0].text.startswith(">")


def test_unmapped_bullet_glyphs_and_ligatures() -> None:
    """pdfminer writes a bullet it cannot map as "(cid:127)", and keeps "ﬁ" ligatures."""
    (lb,) = only(parse("(cid:127) Déﬁnir un plan\n(cid:127) Eﬀectuer un suivi\n"), ListBlock)
    assert [i.text for i in lb.items] == ["Définir un plan", "Effectuer un suivi"]


def test_a_soft_line_break_continues_the_item() -> None:
    """A line ending in one space was wrapped by the tool (pdfminer boxes, format=flowed):
    the capitalised line after it is the item's end, not a new paragraph."""
    (lb,) = only(parse("• Proposer des séances avec le club \nBeuvry Athlétisme\n"), ListBlock)
    assert [i.text for i in lb.items] == ["Proposer des séances avec le club Beuvry Athlétisme"]
    bs = parse("• Un forum annuel\nPart des moins de 25 ans : 37 %\n")
    assert len(only(bs, ListBlock)[0].items) == 1 and only(bs, Paragraph)


def test_a_grid_row_without_inner_bars_spans_the_columns() -> None:
    """reStructuredText grid table: "| ENJEU 1 : … |" over three columns is one cell."""
    (t,) = only(
        parse(
            "+------+------+------+\n"
            "| ENJEU 1 : FRAGILES |\n"
            "+------+------+------+\n"
            "| a    | b    | c    |\n"
            "+------+------+------+\n"
        ),
        Table,
    )
    assert [[(c.col, c.text, c.col_span) for c in r.cells] for r in t.rows] == [
        [(0, "ENJEU 1 : FRAGILES", 3)],
        [(0, "a", 1), (1, "b", 1), (2, "c", 1)],
    ]


def test_a_value_alone_on_its_line_is_no_page_number() -> None:
    """ "86" under a label of a portrait laid out as boxes is content; "- 3 -" next to a page
    break, or numbers running 1, 2, 3 through a text without breaks, are page numbers."""
    box = "Portrait\n\nIPS moyen des écoles\n86\nAgglomération : 104\n\nA\n\nB\n\nC\n\fSuite\n"
    ls, breaks = split_lines(box)
    assert 4 not in furniture.detect(ls, breaks)
    ls, breaks = split_lines("Un\n1\nDeux\n\n2\nTrois\n3\nValeur\n86\n")
    found = furniture.detect(ls, breaks)
    assert sorted(no for no, what in found.items() if what == Furniture.PAGE_NUMBER) == [2, 5, 7]


def test_key_figures_by_page_breaks_are_content_when_the_footer_numbers_pages() -> None:
    """A portrait of key figures ("46,2 %" alone on its line, its label below) cut by page
    breaks: figures of one shape next to breaks are no running line (no words), and "83" near
    a break is no page number when the running footer says "page 3/5" already."""
    footer = "Convention Quartiers 2030 – version du 26/06/2024 – page {n}/3"
    text = (
        "Chiffres clés\n\n37,9 %\ntaux de pauvreté\n\n46,2 %\n"
        + footer.format(n=1)
        + "\n\ftaux d’emploi\n\n34,8 %\npart des 16-25 ans\n\n83\nIPS moyen\n\n79,5 %\n"
        + footer.format(n=2)
        + "\n\fpart des logements sociaux\n\nSuite du texte.\n"
        + footer.format(n=3)
        + "\n"
    )
    ls, breaks = split_lines(text)
    found = furniture.detect(ls, breaks)
    kept = [ln.text for ln in ls if not ln.blank and ln.no not in found]
    assert {"46,2 %", "34,8 %", "83", "79,5 %"} <= set(kept)
    assert not any(t.startswith("Convention Quartiers") for t in kept)


def test_box_drawing_tables_with_cells_spanning_rows() -> None:
    """w3m / psql box drawing; a cell spanning rows has no border under it (the border line
    goes on with its text): it is given to the first row it covers, empty below."""
    (t,) = only(
        parse(
            "┌────────┬────────┬──────┐\n"
            "│ Orient │ Objet  │ Q    │\n"
            "├────────┼────────┼──────┤\n"
            "│        │ Lever  │ Nord │\n"
            "│ Droits │ freins ├──────┤\n"
            "│        │        │ Sud  │\n"
            "└────────┴────────┴──────┘\n"
        ),
        Table,
    )
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Orient"), (1, "Objet"), (2, "Q")],
        [(0, "Droits"), (1, "Lever freins"), (2, "Nord")],
        [(2, "Sud")],
    ]
    assert t.rows[1].span == Span(4, 5)  # the spanning cells' lines are the row's


def test_one_paragraph_per_line_is_never_cut() -> None:
    """A word processor's text export writes a paragraph per line: a long item ending without
    a full stop is complete, and the objective on the next line is not its end. In text
    wrapped at a page's width, the same long line was cut."""
    item = "• Former les agents d'accueil de la mairie au repérage des situations de non-recours"
    filler = "Une phrase écrite sur une seule ligne par le traitement de texte. " * 3
    unwrapped = f"{filler}\n{filler}\n{item}\nAccompagner les habitants dans les démarches\n"
    (lb,) = only(parse(unwrapped), ListBlock)
    assert lb.items[0].text.endswith("non-recours")
    (lb,) = only(parse(f"{item}\nAccompagner les habitants dans les démarches\n"), ListBlock)
    assert lb.items[0].text.endswith("démarches")


def test_an_item_cut_after_a_hyphen_or_inside_a_parenthesis_goes_on() -> None:
    filler = "Une phrase écrite sur une seule ligne par le traitement de texte. " * 3
    text = f"{filler}\n{filler}\n• Permanences du CIDFF du Pas-de-\nCalais\n• Réunir (gendarmerie,\nCCAS) deux fois\n"
    (lb,) = only(parse(text), ListBlock)
    assert [i.text for i in lb.items] == [
        "Permanences du CIDFF du Pas-de-Calais",
        "Réunir (gendarmerie, CCAS) deux fois",
    ]


def test_a_grid_with_spanned_rows_and_a_row_over_all_columns() -> None:
    (t,) = only(
        parse(
            "+------+------+------+\n"
            "| ENJEU 2 : EMANCIPE |\n"
            "+------+------+------+\n"
            "| Or   | Ob   | A    |\n"
            "|      |      +------+\n"
            "|      |      | B    |\n"
            "+------+------+------+\n"
        ),
        Table,
    )
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "ENJEU 2 : EMANCIPE")],
        [(0, "Or"), (1, "Ob"), (2, "A")],
        [(2, "B")],
    ]


def test_a_column_layout_row_after_the_room_left_to_sign() -> None:
    """pdftotext -layout of a signature page: the names stand four blank lines under their
    roles; a whole row of cells still belongs to the table, a lone line that far does not."""
    roles = "Pour SIA Habitat          Pour la CAF\nLe Directeur              La Directrice\n"
    (t,) = only(parse(roles + "\n" * 5 + "Jean LEFEBVRE             Nathalie CARON\n"), Table)
    assert [c.text for c in t.rows[-1].cells] == ["Jean LEFEBVRE", "Nathalie CARON"]
    bs = parse(roles + "\n" * 5 + "ENJEU 3 : DES QUARTIERS EN TRANSITION\n")
    assert only(bs, Paragraph)[0].text.startswith("ENJEU 3")


# ---------------------------------------------------------------- set 8: exports and OCR


def test_a_contents_list_without_page_numbers() -> None:
    """A word processor's plain-text export lists the headings, without pages: each entry
    stands again further on."""
    bs = parse(
        "Sommaire\nPréambule\nPortrait du quartier\n\n\nPréambule\nTexte.\n\n"
        "Portrait du quartier\nTexte.\n"
    )
    (toc,) = [b for b in bs if isinstance(b, FurnitureBlock) and b.what == Furniture.TOC]
    assert (toc.span.first, toc.span.last) == (1, 3)
    # Beuvry-159: an entry the heading repeats with its code after it
    bs = parse(
        "Sommaire\n1. Préambule\n2. Quartier Renaissance\n  2.1 Fiche d'identité\n\n"
        "1. Préambule\nTexte.\n\n2. Quartier Renaissance (QN06210M)\n2.1 Fiche d'identité\n"
        "Statut : QPV\n"
    )
    (toc,) = [b for b in bs if isinstance(b, FurnitureBlock) and b.what == Furniture.TOC]
    assert (toc.span.first, toc.span.last) == (1, 4)


def test_word_lettered_titles_are_headings_not_rows() -> None:
    """Word's text export of "A. Identification" under "II. La Cité de Coupigny": the letter,
    a tab, the title (Hersin-Coupigny-160). Read as a row of two cells, the quartier's parts
    were one table and nothing was read."""
    bs = parse("II.\tLa Cité de Coupigny\nA.\tIdentification\nStatut : QIC\nB.\tPortrait\n")
    assert [(h.numbering, h.title) for h in only(bs, Heading)] == [
        ("II.", "La Cité de Coupigny"),
        ("A.", "Identification"),
        ("B.", "Portrait"),
    ]
    assert not only(bs, Table)


def test_asciidoc_headings_and_markup() -> None:
    bs = parse(
        '= Convention\n:toc: left\n:lang: fr\n\n== Préambule\n\n[cols="1,2"]\n|===\n'
        "|Indicateur |Quartier\n|Population |2 300\n|===\n"
    )
    assert [(h.title, h.level) for h in only(bs, Heading)] == [("Convention", 1), ("Préambule", 2)]
    assert {f.what for f in only(bs, FurnitureBlock)} == {Furniture.MARKUP}
    (t,) = only(bs, Table)
    assert [c.text for c in t.rows[1].cells] == ["Population", "2 300"]


def test_pipe_rows_without_a_left_border_start_with_an_empty_cell() -> None:
    """OCR'd or typed: "a | b | c" rows, and "| | c" for a row whose first cells are empty."""
    (t,) = only(parse("Orientation | Objectif | Actions\n| | • Former les agents\n"), Table)
    assert [(c.col, c.text) for c in t.rows[1].cells if c.text] == [(2, "• Former les agents")]


def test_tab_separated_cells_with_line_breaks_quoted_as_a_spreadsheet_copies_them() -> None:
    text = (
        "Axe\tObjectif\tActions\tPartenaires\n"
        'Axe 1\tRepérer les publics\t"Permanence du CCAS\n'
        'Ateliers ""numérique"" à la médiathèque"\tCCAS, CAF\n'
        "\tOrienter vers les droits\t\tMission locale\n"
    )
    (t,) = only(parse(text), Table)
    assert t.style == "csv" and t.span == Span(1, 4)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Axe"), (1, "Objectif"), (2, "Actions"), (3, "Partenaires")],
        [
            (0, "Axe 1"),
            (1, "Repérer les publics"),
            (2, 'Permanence du CCAS <br> Ateliers "numérique" à la médiathèque'),
            (3, "CCAS, CAF"),
        ],
        [(1, "Orienter vers les droits"), (3, "Mission locale")],
    ]
    # a quote typed in a cell of a tab table without line breaks is the author's
    (t,) = only(parse('Objectif\tActions\nRepérer\t"Lillers Plage" en juillet\n'), Table)
    assert t.style == "tab" and t.rows[1].cells[1].text == '"Lillers Plage" en juillet'


def test_spreadsheet_csv_rows_with_quoted_fields() -> None:
    text = (
        "Enjeu;Orientation;Objectif;Actions\n"
        '1;Accès aux droits;"Repérer; orienter";"• Permanences du CCAS\n'
        '• Ateliers ""numériques"" avec la CAF"\n'
        ";;;\n"
        "\n"
        "1;;Objectif deux;\n"
        ';;Objectif trois;"Une action; avec un détail\n'
        'Une autre"\n'
    )
    (t,) = only(parse(text), Table)
    assert t.style == "csv" and t.columns == 4 and t.span == Span(1, 8)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Enjeu"), (1, "Orientation"), (2, "Objectif"), (3, "Actions")],
        [
            (0, "1"),
            (1, "Accès aux droits"),
            (2, "Repérer; orienter"),
            (3, '• Permanences du CCAS <br> • Ateliers "numériques" avec la CAF'),
        ],
        [(0, "1"), (2, "Objectif deux")],
        [(2, "Objectif trois"), (3, "Une action; avec un détail <br> Une autre")],
    ]
    assert t.rows[1].span == Span(2, 3) and t.furniture == [(4, Furniture.MARKUP)]


def test_semicolons_in_prose_or_an_open_quote_make_no_table() -> None:
    prose = "Publics visés : les jeunes ; les familles ; les seniors.\nLes aînés ; les autres.\n"
    assert only(parse(prose), Table) == []
    one = "Indicateur;Valeur\n\nUn paragraphe qui suit.\n"
    assert only(parse(one), Table) == []  # one record is a line of text
    unclosed = 'a;"b\n' + "\n".join(f"ligne {n} du texte" for n in range(60)) + "\n"
    bs = parse(unclosed)
    assert only(bs, Table) == [] and len(only(bs, Paragraph)) >= 1


def test_words_second_level_bullet_kept_as_the_letter_o() -> None:
    lists_ = only(parse("o Créer un parcours santé\n\no Proposer du sport adapté\n"), ListBlock)
    items = [i.text for lst in lists_ for i in lst.items]
    assert items == ["Créer un parcours santé", "Proposer du sport adapté"]
    assert only(parse("on a vu\nou bien\n"), ListBlock) == []


def test_setext_headings_underlined_with_equals_or_dashes() -> None:
    bs = parse(
        "Quartier prioritaire Terre-Neuve\n================================\n\n"
        "Portrait statistique\n--------------------\n\nUn paragraphe.\n"
        "Une ligne de texte\n---\n"
    )
    hs = only(bs, Heading)
    assert [(h.title, h.level, h.span) for h in hs] == [
        ("Quartier prioritaire Terre-Neuve", 1, Span(1, 2)),
        ("Portrait statistique", 2, Span(4, 5)),
    ]  # a short rule under a paragraph's line is a separator, not an underline


def test_stars_on_both_sides_of_a_title_are_its_decoration() -> None:
    """ "*** Notre quartier : le Regain ***" twice in a text: org-mode-like headings whose
    closing stars are no part of the title."""
    bs = parse("*** Préambule ***\nTexte.\n\n*** Notre quartier : le Regain ***\nType : QPV\n")
    assert [h.title for h in only(bs, Heading)] == ["Préambule", "Notre quartier : le Regain"]


def test_org_mode_headings_are_headings_and_its_settings_markup() -> None:
    text = (
        "#+TITLE: Convention de Testville\n#+OPTIONS: toc:nil\n\n"
        "* Le quartier des Tilleuls\n:PROPERTIES:\n:END:\n- Statut :: QPV\n\n"
        "** 2.1 Portrait statistique   :portrait:\n*** TODO Objectifs\n+ une action\n"
    )
    bs = parse(text)
    hs = only(bs, Heading)
    assert [(h.title, h.level, h.numbering, h.marker) for h in hs] == [
        ("Convention de Testville", 1, None, "org"),
        ("Le quartier des Tilleuls", 1, None, "org"),
        ("Portrait statistique", 2, "2.1", "org"),  # tags dropped
        ("Objectifs", 3, None, "org"),  # the TODO keyword dropped
    ]
    markup = [b.text for b in only(bs, FurnitureBlock) if b.what is Furniture.MARKUP]
    assert markup == ["#+OPTIONS: toc:nil", ":PROPERTIES:", ":END:"]
    assert [i.text for lst in only(bs, ListBlock) for i in lst.items] == [
        "Statut :: QPV",
        "une action",
    ]


def test_a_number_and_a_tab_before_a_title_followed_by_its_first_child() -> None:
    hs = only(parse("\n2\tLe quartier du Centre\n2.1\tIdentification\nStatut : QPV\n"), Heading)
    assert [(h.title, h.numbering, h.level) for h in hs] == [
        ("Le quartier du Centre", "2.", 1),
        ("Identification", "2.1", 2),
    ]
    # a numbered line among others is an item, not a heading
    assert only(parse("\n1\tOrganiser un forum\n2\tTenir une permanence\n"), Heading) == []


def test_a_line_indented_by_tabs_under_a_tabbed_item_continues_it() -> None:
    (lst,) = only(parse("\t–\tOuvrir un garage solidaire avec\n\tRoulez Solidaire\n"), ListBlock)
    assert [i.text for i in lst.items] == ["Ouvrir un garage solidaire avec Roulez Solidaire"]


def test_word_text_export_of_a_table_whose_cells_hold_bulleted_paragraphs() -> None:
    """Word's "Texte brut": a row per line, cells by tabs, "•<TAB>" before a bulleted
    paragraph, and the cell's next paragraphs on the lines below the row."""
    text = (
        "Orientation\tObjectif\tActions\n"
        "Une orientation\tUn objectif\t•\tTenir une permanence\n"
        "•\tOrganiser un forum\n"
        "\tUn autre objectif\t•\tOuvrir un lieu\n"
        "\n•\tUne liste après le tableau\n"
    )
    bs = parse(text)
    (t,) = only(bs, Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Orientation"), (1, "Objectif"), (2, "Actions")],
        [
            (0, "Une orientation"),
            (1, "Un objectif"),
            (2, "• Tenir une permanence <br> • Organiser un forum"),
        ],
        [(1, "Un autre objectif"), (2, "• Ouvrir un lieu")],
    ]
    assert t.rows[1].span == Span(2, 3)
    assert [i.text for lst in only(bs, ListBlock) for i in lst.items] == [
        "Une liste après le tableau"
    ]


def test_word_text_export_a_cells_last_paragraph_before_an_empty_cell() -> None:
    """ "•<TAB>Organiser un forum<TAB>": the actions cell's last paragraph, then the empty cell
    of a column after it (a "Fiche" column); no row of its own."""
    text = (
        "Orientation\tObjectif\tActions\tFiche\n"
        "Une orientation\tUn objectif\t•\tTenir une permanence\n"
        "•\tOrganiser un forum\t\n"
        "\tUn autre objectif\t•\tOuvrir un lieu\tFA 1\n"
    )
    (t,) = only(parse(text), Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows][1:] == [
        [
            (0, "Une orientation"),
            (1, "Un objectif"),
            (2, "• Tenir une permanence <br> • Organiser un forum"),
        ],
        [(1, "Un autre objectif"), (2, "• Ouvrir un lieu"), (3, "FA 1")],
    ]


def test_a_column_layout_whose_bullets_were_dropped_keeps_its_hanging_indent() -> None:
    rows = [
        ("Faciliter l'accès", "Tenir une permanence du CCAS et"),
        ("aux droits", " de la CAF à l'espace de vie sociale"),
        ("", "Organiser un « forum des droits » avec la"),
        ("", " Maison du Département Solidarité"),
        ("Rendre acteurs", "Marche nordique avec le club de"),
        ("", " gymnastique volontaire"),
    ]
    text = "\n".join(f"  {a:<22}  {b}".rstrip() for a, b in rows) + "\n"
    (t,) = only(parse(text), Table)
    actions = [c.text for r in t.rows for c in r.cells if c.col == 1]
    assert actions == [
        "• Tenir une permanence du CCAS et",
        "de la CAF à l'espace de vie sociale",
        "• Organiser un « forum des droits » avec la",
        "Maison du Département Solidarité",
        "• Marche nordique avec le club de",
        "gymnastique volontaire",
    ]  # the first column's lines all start at one place: no bullet there


def test_a_list_item_wrapped_in_a_flattened_table_column_narrower_than_its_titles() -> None:
    text = (
        "• Tenir une permanence hebdomadaire du Point\n"
        "Information Jeunesse dans la salle de la\n"
        "cité\n"
        "• Organiser des actions « aller vers » en pied\n"
        "d'immeuble avec la Mission locale\n"
        "Objectifs de la stratégie intercommunale du Contrat de ville\n"
    )
    assert wrapped_items(text) == [
        "Tenir une permanence hebdomadaire du Point Information Jeunesse dans la salle de la cité",
        "Organiser des actions « aller vers » en pied d'immeuble avec la Mission locale",
    ]


def test_a_line_opened_by_a_closing_guillemet_is_an_item_unless_a_quotation_wraps() -> None:
    """ "» " opens an item as "•" does; under a line that leaves a « quotation » open it is that
    quotation's end, wrapped ("… un « forum des droits" / "» avec la CAF …")."""
    assert wrapped_items(
        "» Organiser deux fois par an un « forum des droits\n"
        "» avec la CAF du Pas-de-Calais\n"
        "» Proposer des ateliers «\n"
        "premiers pas sur internet\n"
        "» aux seniors\n"
        "» Tenir une permanence du CCAS\n"
    ) == [
        "Organiser deux fois par an un « forum des droits » avec la CAF du Pas-de-Calais",
        "Proposer des ateliers « premiers pas sur internet » aux seniors",
        "Tenir une permanence du CCAS",
    ]


def test_html_paragraphs_opened_by_a_bullet_glyph_are_one_list() -> None:
    """A "<p>" per bullet typed by hand, or Word's HTML export of a list ("<p
    class=MsoListParagraph>·&nbsp;&nbsp; …"): the paragraphs in a row are one list."""
    from quartiers.readers import html

    bs = html.read_blocks(
        lines(
            "<p>Ce qui pèse sur le quartier</p>\n"
            "<p class=MsoListParagraph>·&nbsp;&nbsp;&nbsp; un habitat vieillissant</p>\n"
            "<p>» un isolement des personnes âgées</p>\n"
            "<p>Ce qui fait sa force</p>\n"
            "<p>• une école rénovée</p>\n"
        )
    )
    assert [type(b).__name__ for b in bs] == ["Paragraph", "ListBlock", "Paragraph", "ListBlock"]
    assert [i.text for i in bs[1].items] == [
        "un habitat vieillissant",
        "un isolement des personnes âgées",
    ]


def test_a_raw_html_table_inside_markdown_is_read_by_the_html_reader() -> None:
    """pandoc's GitHub Markdown writes a table whose cells hold lists as raw HTML."""
    from quartiers.readers import html

    text = (
        "# Objectifs\n\nLe tableau :\n\n<table>\n<thead>\n<tr>\n<th>Objectif</th>\n"
        "<th>Actions</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Lever les freins\n"
        "à la mobilité</td>\n<td><ul>\n<li><p>Un garage</p></li>\n<li><p>Un permis</p></li>\n"
        "</ul></td>\n</tr>\n</tbody>\n</table>\n\n## Signatures\n"
    )
    ls, breaks = split_lines(text)
    assert not html.looks_like_html(ls)  # a Markdown text, its tables in HTML
    bs = blocks.parse(ls, breaks, html.read_blocks)
    (t,) = only(bs, Table)
    assert (t.style, t.span) == ("html", Span(5, 22))
    assert [[c.text for c in r.cells] for r in t.rows] == [
        ["Objectif", "Actions"],
        ["Lever les freins à la mobilité", "<li>Un garage <li>Un permis"],
    ]
    assert t.rows[1].span == Span(13, 20)  # the source's own line numbers
    assert [h.title for h in only(bs, Heading)] == ["Objectifs", "Signatures"]


def test_a_grid_cell_of_several_paragraphs_keeps_them_apart() -> None:
    text = (
        "+----------------------+----------------------+\n"
        "| Pour la Ville        | Pour l'État          |\n"
        "|                      |                      |\n"
        "| Le Maire             | Le Préfet du         |\n"
        "|                      | Pas-de-Calais        |\n"
        "| Jean DUPONT          |                      |\n"
        "|                      | Jacques BILLANT      |\n"
        "+----------------------+----------------------+\n"
    )
    (t,) = only(parse(text), Table)
    assert [c.text for c in t.rows[0].cells] == [
        "Pour la Ville <br> Le Maire <br> Jean DUPONT",
        "Pour l'État <br> Le Préfet du Pas-de-Calais <br> Jacques BILLANT",
    ]


def test_html2text_rows_without_bars_that_lost_cells_to_a_row_span() -> None:
    """html2text writes an HTML table as "a | b | c" rows; a cell spanning rows above leaves
    the rows below it shorter, by their first cells; a table of two columns has one bar."""
    text = (
        "**Orientations** | **Objectifs** | **Actions**  \n"
        "Une orientation | Un objectif | · Une action  \n"
        "Un autre objectif | · Une autre action  \n"
        "Un objectif sans action |    \n"
        "\nFait à Haisnes, le 3 juillet 2024\n\n"
        "Pour la Ville, Le Maire   **Jean DUPONT** | Pour l'État, Le Préfet   **Jacques BILLANT**\n"
        "---|---  \n"
    )
    t1, t2 = only(parse(text), Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t1.rows][1:] == [
        [(0, "Une orientation"), (1, "Un objectif"), (2, "· Une action")],
        [(1, "Un autre objectif"), (2, "· Une autre action")],
        [(0, "Un objectif sans action")],  # one cell: the framework tells what it is
    ]
    assert [c.text for c in t2.rows[0].cells][1] == "Pour l'État, Le Préfet   **Jacques BILLANT**"


def test_an_outlook_table_cell_goes_on_under_its_row_with_spaced_bullets() -> None:
    text = (
        "Orientation\tObjectif\tActions\n"
        "Une orientation\tUn objectif\t·         Tenir une permanence\n"
        "·         Organiser un forum\n"
        "\tUn autre objectif\t·         Ouvrir un lieu\n"
    )
    (t,) = only(parse(text), Table)
    assert t.rows[1].cells[-1].text == (
        "·         Tenir une permanence <br> ·         Organiser un forum"
    )


def test_libreoffice_text_export_numbering_without_blank_lines() -> None:
    """LibreOffice's "Texte" export: "3  Title" (two spaces), no blank line around it; its
    first child "3.1" says it is a heading."""
    text = (
        "2  Le mot du Maire\nUne phrase du maire sur la commune.\n"
        "3  Le quartier prioritaire « Ville Centre »\n3.1  Identification\nStatut : QPV\n"
    )
    hs = only(parse(text), Heading)
    assert [(h.title, h.numbering) for h in hs] == [
        ("Le quartier prioritaire « Ville Centre »", "3."),
        ("Identification", "3.1"),
    ]


def test_a_running_header_naming_the_document_on_a_third_of_the_pages() -> None:
    header = "Ville de Testville – Convention d'application communale"
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
    pages = [
        (f"{header}\n\n" if n % 3 == 0 else "") + f"Le paragraphe {w} de la page.\n"
        for n, w in enumerate(words)
    ]
    found = furniture.detect(*split_lines("\f".join(pages)))
    assert list(found.values()) == [Furniture.RUNNING_HEADER] * 3


def test_a_table_of_contents_with_indented_sub_entries_and_short_leaders() -> None:
    text = (
        "SOMMAIRE\n1. Préambule ........................ 2\n2. Le quartier Renaissance ......... 3\n"
        " 2.1 Fiche d'identité et carte ....... 3\n"
        "3. Le quartier d'intérêt communautaire « Cité du Quesnoy » ... 9\n\n1. Préambule\n"
    )
    bs = parse(text)
    (toc_,) = [b for b in only(bs, FurnitureBlock) if b.what is Furniture.TOC]
    assert toc_.span == Span(1, 5)


def test_a_star_at_the_margin_is_a_bullet_outside_org_mode() -> None:
    assert lists.item_start("+ de 25 %") is None  # "plus de", a figure
    bs = parse("* Premier point\n* Second point\n\n# Titre\n")
    assert [h.title for h in only(bs, Heading)] == ["Titre"]
    assert [i.text for lst in only(bs, ListBlock) for i in lst.items] == [
        "Premier point",
        "Second point",
    ]


def test_a_list_item_wrapped_where_the_next_word_did_not_fit() -> None:
    text = (
        "• Accueillir une permanence mensuelle de France\n"
        "Victimes 62 à la mairie annexe du quartier\n"
        "• Sensibiliser les professionnels du quartier (école,\n"
        "centre social, police municipale) au repérage\n"
        "• Réunir les bailleurs\n"
        "Faciliter l'accès aux soins aux ressources\n"
    )
    assert wrapped_items(text) == [
        "Accueillir une permanence mensuelle de France Victimes 62 à la mairie annexe du quartier",
        "Sensibiliser les professionnels du quartier (école, centre social, police municipale) "
        "au repérage",
        "Réunir les bailleurs",
    ]  # an infinitive opens the next cell; a short item was not wrapped


def test_a_csv_table_opened_by_a_one_value_row_and_a_header_repeated_on_pages() -> None:
    header = "Objectifs de la stratégie intercommunale;;Objectifs opérationnels"
    page = "ENJEU {n} : UN ENJEU;;\n" + header + "\nUne orientation;Un objectif;• Une action\n"
    text = "\f".join(page.format(n=n) + f"\nPage {n}\n" for n in (1, 2, 3))
    tables = only(parse(text), Table)
    assert len(tables) == 3 and all(t.style == "csv" and len(t.rows) == 3 for t in tables)
    assert tables[0].rows[0].cells[0].text == "ENJEU 1 : UN ENJEU"  # the enjeu row, not text
    assert [c.text for c in tables[2].rows[1].cells] == [  # the repeated header: no furniture
        "Objectifs de la stratégie intercommunale",
        "Objectifs opérationnels",
    ]


def test_a_bullet_alone_on_its_line_marks_the_next_one() -> None:
    (lst,) = only(
        parse('Les irritants\n"\nUn habitat ancien dégradé\n\u2022\nDes commerces fermés\n'),
        ListBlock,
    )
    assert [(i.marker, i.text, i.span) for i in lst.items] == [
        ('"', "Un habitat ancien dégradé", Span(2, 3)),
        ("\u2022", "Des commerces fermés", Span(4, 5)),
    ]


def test_a_numbering_alone_then_its_title() -> None:
    bs = parse("Un texte de présentation.\n3.2\nLes signataires\nFait à Lillers.\n")
    (h,) = only(bs, Heading)
    assert (h.numbering, h.title, h.span) == ("3.2", "Les signataires", Span(2, 3))
    assert only(parse("Sommaire\nPréambule\n3\nLe quartier\n5\n"), Heading) == []  # pages


def test_rows_ended_by_a_tab_hold_cells_of_several_paragraphs() -> None:
    text = (
        "\tObjectif\tActions\t\n"
        "\tRepérer les publics\t\u2022\nUne permanence du CCAS\n\u2022\nDes visites à domicile\t\n"
        "\tOrienter\tUn guide des droits\t\n"
    )
    (t,) = only(parse(text), Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Objectif"), (1, "Actions")],
        [(0, "Repérer les publics"), (1, "• Une permanence du CCAS <br> • Des visites à domicile")],
        [(0, "Orienter"), (1, "Un guide des droits")],
    ]


def test_a_bullets_hanging_indent_is_no_column_and_a_heading_ends_a_layout() -> None:
    text = (
        "Objectif              Actions                          Pilote\n"
        "Repérer les publics   • Tenir une permanence           CCAS\n"
        "éloignés du droit        hebdomadaire en mairie\n"
        "                      • Former les agents d'accueil    Ville\n"
        "Orienter vers les        au repérage\n"
        "droits\n"
        "                         des situations\n"
        "Lever les freins      • Ouvrir une plateforme          Wimoov\n"
        "\n"
        "3.2 Le quartier du Moulin (QIC)\n"
        "Objectif              Actions                          Pilote\n"
        "Repérer les publics   • Visiter les aînés              CCAS\n"
    )
    first, second = only(parse(text), Table)
    assert only(parse(text), Heading)[0].title == "Le quartier du Moulin (QIC)"
    assert {c.col for r in first.rows for c in r.cells} == {0, 1, 2}
    assert [c.text for r in first.rows for c in r.cells if c.col == 1][:3] == [
        "Actions",
        "• Tenir une permanence",
        "hebdomadaire en mairie",
    ]
    # an orientation's lines centred between the actions' lines stay in the table
    assert first.span == Span(1, 8) and second.span == Span(11, 12)


# ---------------------------------------------------------------- MediaWiki tables


def test_a_mediawiki_table_its_cells_on_lines_of_their_own_and_lists_inside() -> None:
    text = (
        "== Objectifs ==\n"
        '{| class="wikitable"\n'
        "|+ ENJEU 1 : des quartiers attentifs\n"
        "! Orientation !! Objectif !! Actions\n"
        "|-\n"
        "| Faciliter l'accès aux droits\n"
        "| Renforcer le repérage des publics\n"
        "éloignés du droit\n"
        "|\n"
        "* Tenir une permanence du [[CCAS]]\n"
        "* Organiser un forum avec '''la CAF'''\n"
        "|-\n"
        "| || Lever les freins || \n"
        "|}\n"
        "== Signatures ==\n"
    )
    bs = parse(text)
    (t,) = only(bs, Table)
    assert (t.style, t.span, t.columns) == ("wiki", Span(2, 14), 3)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "ENJEU 1 : des quartiers attentifs")],
        [(0, "Orientation"), (1, "Objectif"), (2, "Actions")],
        [
            (0, "Faciliter l'accès aux droits"),
            (1, "Renforcer le repérage des publics éloignés du droit"),
            (2, "Tenir une permanence du CCAS <br> Organiser un forum avec la CAF"),
        ],
        [(1, "Lever les freins")],  # an empty first cell: the orientation above goes on
    ]
    assert t.rows[0].cells[0].col_span == 3  # the caption spans the table
    assert t.rows[2].cells[2].span == Span(10, 11)  # the items' lines, not the bare "|"
    assert t.rows[2].span == Span(6, 11)
    assert {no for no, _ in t.furniture} == {2, 5, 12, 14}  # "{|", "|-", "|}"
    assert [h.title for h in only(bs, Heading)] == ["Objectifs", "Signatures"]


def test_a_mediawiki_cell_spanning_rows_keeps_the_next_rows_cells_in_their_columns() -> None:
    text = (
        "{|\n"
        '| rowspan="2" | Faciliter l\'accès aux droits || Repérer les publics || Permanence\n'
        "|-\n"
        "| Orienter vers les droits || Forum\n"
        "|-\n"
        "| colspan=2 | Lever les freins || Garage\n"
        "|}\n"
    )
    (t,) = only(parse(text), Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Faciliter l'accès aux droits"), (1, "Repérer les publics"), (2, "Permanence")],
        [(1, "Orienter vers les droits"), (2, "Forum")],
        [(0, "Lever les freins"), (2, "Garage")],
    ]
    assert t.rows[2].cells[0].col_span == 2


def test_an_unclosed_mediawiki_table_opening_is_text() -> None:
    bs = parse("{| la suite du texte\nPas de tableau ici.\n")
    assert not only(bs, Table)


def test_mediawiki_headings_closed_by_equals_signs() -> None:
    bs = parse("= Convention =\n\n== Le quartier « Ville Centre » ==\n\nTexte.\n")
    assert [(h.title, h.level) for h in only(bs, Heading)] == [
        ("Convention", 1),
        ("Le quartier « Ville Centre »", 2),
    ]


def test_a_column_layout_goes_on_below_its_repeated_header_after_a_page_break() -> None:
    """The row cut by the break shows one line of two cells, then the actions column alone:
    too little for a table of its own, but its cells start where the layout above had its,
    and they keep that layout's columns."""
    text = (
        "Soutenir la réussite   Assurer la réussite éducative   • Poursuivre les parcours\n"
        "éducative en           des enfants et des jeunes         individualisés\n"
        "coopération            au travers de la scolarité et   • Ouvrir un accompagnement\n\n\n"
        "                                  Page 6 / 9\n\f"
        "ENJEU 2 – DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "                              Objectifs de la          Actions pour le quartier\n"
        "Orientations\n"
        "                                stratégie                     du Regain\n\n"
        "                       des compétences psycho-         (CLAS) pour les collégiens\n"
        "                       sociales                          au centre social\n"
        "                                                       • Mettre en place des classes\n"
    )
    last = only(parse(text), Table)[-1]
    assert [[(c.col, c.text) for c in r.cells] for r in last.rows] == [
        [(1, "des compétences psycho-"), (2, "(CLAS) pour les collégiens")],
        [(1, "sociales"), (2, "au centre social")],
        [(2, "• Mettre en place des classes")],
    ]


def test_a_centred_layout_starts_with_an_action_alone_and_keeps_orientation_lines() -> None:
    """Cells centred vertically: the first row's first action comes before any other cell, and
    an orientation's lines stand alone between the table's lines."""
    text = (
        "                                                  • Tenir une permanence\n"
        "                                                    du CCAS\n"
        "                         Renforcer le repérage     • Orienter les familles\n"
        "Faciliter l'accès aux    des publics                 vers France Services\n"
        "droits\n"
        "                         Accompagner les           • Ateliers numériques\n"
        "                         habitants                 • Aide aux démarches\n"
    )
    (t,) = only(parse(text), Table)
    assert t.span == Span(1, 7)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows][:5] == [
        [(2, "• Tenir une permanence")],
        [(2, "du CCAS")],
        [(1, "Renforcer le repérage"), (2, "• Orienter les familles")],
        [(0, "Faciliter l'accès aux"), (1, "des publics"), (2, "vers France Services")],
        [(0, "droits")],
    ]


def test_the_end_of_a_cut_action_under_a_repeated_title_takes_the_layout_up_again() -> None:
    """pdftotext -layout of a LibreOffice table cut by a page break: the action's end,
    "plateforme mobilité Wimoov", alone under the repeated enjeu title, is the actions
    column's, not the title's paragraph."""
    text = (EXCERPTS / "layout-page-break-cut-action.txt").read_text(encoding="utf-8")
    bs = parse(text)
    (title,) = [b for b in only(bs, Paragraph) if b.text.startswith("ENJEU 2")]
    assert title.span == Span(15, 15)
    rows = [r for t in only(bs, Table) for r in t.rows]
    (row,) = [r for r in rows if "Wimoov" in r.text()]
    assert [(c.col, c.text) for c in row.cells] == [(2, "plateforme mobilité Wimoov")]


def test_a_numbered_item_alone_after_a_page_break_takes_the_layout_up_again() -> None:
    """pdftotext -layout of a table whose actions are numbered: "3. Aménager un parcours …",
    the cell's last item alone at the top of the next page, is the actions column's, not a
    numbered heading."""
    text = (EXCERPTS / "layout-page-break-numbered-item.txt").read_text(encoding="utf-8")
    bs = parse(text)
    assert not [h for h in only(bs, Heading) if "Aménager" in h.title]
    rows = [r for t in only(bs, Table) for r in t.rows]
    (row,) = [r for r in rows if "Loisinord" in r.text()]
    assert [(c.col, c.text) for c in row.cells] == [
        (1, "3. Aménager un parcours de santé au parc de Loisinord")
    ]


def test_cells_drifting_a_character_right_are_no_hanging_items() -> None:
    """pdftotext -layout of a four-column table whose objective cells start a character or two
    apart from row to row: no item opens right under another, so no bullet is put back (the
    objectives stay objectives, the header a header)."""
    text = (EXCERPTS / "layout-four-columns-repeated-header.txt").read_text(encoding="utf-8")
    texts = [c.text for t in only(parse(text), Table) for r in t.rows for c in r.cells]
    assert "Objectif intercommunal" in texts
    assert not [t for t in texts if t.startswith("•")]


def test_html_contents_entries_under_sommaire_are_furniture_not_headings() -> None:
    """LibreOffice writes a typed table of contents as paragraphs "Titre<TAB>4", the tab shown
    as a space: under "Sommaire" they are contents, not the quartiers they name."""
    from quartiers.readers import html

    ls = lines(
        "<html><body>\n<h1>Sommaire</h1>\n<p>Préambule\t3</p>\n"
        "<p>Fiche quartier n°1 :\nLe Centre\t4</p>\n<h1>Préambule</h1>\n"
        "<p>Le contrat de ville 2024-2030.</p>\n</body></html>\n"
    )
    bs = html.read_blocks(ls)
    toc_entries = [b for b in only(bs, FurnitureBlock) if b.what == Furniture.TOC]
    assert [b.span for b in toc_entries] == [Span(3, 3), Span(4, 5)]
    assert [p.text for p in only(bs, Paragraph)] == ["Le contrat de ville 2024-2030."]


def test_an_html_definition_list_pairs_each_term_with_its_value() -> None:
    """`<dl>`: a term and its value are one "label : value" field, as a text writes it (the
    value's own `<p>` inside it); a value with no term, LibreOffice's indented paragraph, is a
    paragraph of its own."""
    from quartiers.readers import html

    ls = lines(
        "<html><body>\n<dl>\n<dt>Statut</dt>\n<dd>QPV</dd>\n"
        "<dt>Communes</dt><dd><p>Haisnes, Douvrin</p></dd>\n</dl>\n"
        "<dl><dd>Un paragraphe en retrait.</dd></dl>\n</body></html>\n"
    )
    bs = html.read_blocks(ls)
    assert [(p.text, p.span) for p in only(bs, Paragraph)] == [
        ("Statut : QPV", Span(3, 4)),
        ("Communes : Haisnes, Douvrin", Span(5, 5)),
        ("Un paragraphe en retrait.", Span(7, 7)),
    ]


def test_an_html_table_laying_out_the_page_gives_its_paragraphs_and_its_inner_table() -> None:
    """A word processor puts a map's caption beside a portrait with a table of one row: its
    cells' paragraphs are the body's, the table in a cell a table of its own, its columns its
    own (Haillicourt-91: the portrait's rows had taken the layout's columns)."""
    from quartiers.readers import html

    ls = lines(
        "<html><body>\n<table>\n<tr><td>\n<p><b>Cartographie</b></p>\n"
        "<p>Périmètre 2024-2030 du quartier.</p>\n</td>\n<td>\n"
        "<p>Portrait statistique (sigville 2022)</p>\n<table>\n"
        "<tr><td>Indicateur</td><td>Quartier</td><td>CABBALR</td></tr>\n"
        "<tr><td>Taux de pauvreté</td><td>41,5 %</td><td>18,8 %</td></tr>\n"
        "</table>\n</td></tr>\n</table>\n<p>Après.</p>\n</body></html>\n"
    )
    bs = html.read_blocks(ls)
    assert [(p.text, p.span.first) for p in only(bs, Paragraph)] == [
        ("Cartographie", 4),
        ("Périmètre 2024-2030 du quartier.", 5),
        ("Portrait statistique (sigville 2022)", 8),
        ("Après.", 15),
    ]
    (t,) = only(bs, Table)
    assert [[(c.col, c.text) for c in r.cells] for r in t.rows] == [
        [(0, "Indicateur"), (1, "Quartier"), (2, "CABBALR")],
        [(0, "Taux de pauvreté"), (1, "41,5 %"), (2, "18,8 %")],
    ]
    assert t.span == Span(9, 12)


def test_an_html_table_of_one_cell_is_a_framed_box_of_paragraphs() -> None:
    """LibreOffice exports a text frame ("Carte d'identité du quartier", Marles-les-Mines-173)
    as a table of one cell: its paragraphs are the body's, each a field of its own, not one
    cell whose lines run together."""
    from quartiers.readers import html

    ls = lines(
        "<html><body>\n<table><tr><td>\n<p>Carte d'identité</p>\n"
        "<p>👥 <b>Population</b> : 4 210 habitants</p>\n"
        "<p>📉 <b>Taux de chômage</b> : 24,6 %</p>\n</td></tr></table>\n</body></html>\n"
    )
    bs = html.read_blocks(ls)
    assert not only(bs, Table)
    assert [p.text for p in only(bs, Paragraph)] == [
        "Carte d'identité",
        "👥 Population : 4 210 habitants",
        "📉 Taux de chômage : 24,6 %",
    ]


def test_a_table_inside_a_data_cell_is_lines_of_that_cell() -> None:
    """A table of many rows with a small table in one cell (partners and their roles): the
    inner table's rows are lines of the cell, and the outer table goes on after it."""
    from quartiers.readers import html

    ls = lines(
        "<html><body>\n<table>\n<tr><th>Objectif</th><th>Actions</th></tr>\n"
        "<tr><td>Lever les freins</td><td><table><tr><td>Atelier</td><td>CCAS</td></tr>\n"
        "<tr><td>Forum</td><td>Mission locale</td></tr></table></td></tr>\n"
        "<tr><td>Favoriser l'emploi</td><td>Permanence</td></tr>\n"
        "</table>\n</body></html>\n"
    )
    (t,) = only(html.read_blocks(ls), Table)
    assert [[c.text for c in r.cells] for r in t.rows] == [
        ["Objectif", "Actions"],
        ["Lever les freins", "Atelier CCAS <br> Forum Mission locale"],
        ["Favoriser l'emploi", "Permanence"],
    ]


def test_a_row_end_after_a_page_break_keeps_the_columns_of_the_layout_above() -> None:
    """The last action of a row cut by a page break, under the repeated header: too few lines
    to show the table's columns, so they are those of the layout above (the action in the
    third column, not the second)."""
    text = (EXCERPTS / "layout-page-break-row-end.txt").read_text(encoding="utf-8")
    last = only(parse(text), Table)[-1]  # (with the repeated header's lines, or without)
    assert [[(c.col, c.text[:20]) for c in r.cells] for r in last.rows[-3:]] == [
        [(0, "quartiers"), (2, "• Proposer des anima")],
        [(2, "Longues Trinques » a")],
        [(2, "loisirs municipal")],
    ]


def test_a_running_footer_inside_a_table_cut_by_a_page_break_is_furniture() -> None:
    """pdftotext -layout (Calonne-Ricouart-177): the page's running footer sits between a
    row's lines and the repeated column titles of the next page; its runs look like cells
    ("Convention" | "d'application communale – … – page 5") but it is the page's, not a row."""
    text = (EXCERPTS / "layout-running-footer-inside-a-table.txt").read_text(encoding="utf-8")
    bs = parse(text)
    cells = [c.text for t in only(bs, Table) for r in t.rows for c in r.cells]
    assert not [c for c in cells if c.startswith(("Convention", "d'application communale"))]
    assert "• Repérer les situations de non-" in cells


def test_a_watermark_repeated_among_the_lines_is_furniture() -> None:
    """ "PROJET" alone on a line, in capitals, on every page (a watermark; Burbure-176): the
    page's, so a table it falls into goes on across it; a heading or a word of the text once
    is no watermark."""
    text = (
        "Orientation               Objectif                        Actions\n"
        "Rendre les habitants      Renforcer la prévention et      • Accueillir le bus santé\n"
        "\n\n                               PROJET\n"
        "acteurs de leur santé     l'accès aux soins               trois fois par an\n"
        "\nLe quartier\n\nDu texte.\n\n                PROJET\n\nEncore du texte.\n"
    )
    bs = parse(text)
    marks = [b for b in only(bs, FurnitureBlock) if b.what == Furniture.WATERMARK]
    inside = [
        no for t in only(bs, Table) for no, what in t.furniture if what == Furniture.WATERMARK
    ]
    assert len(marks) + len(inside) == 2
    (t,) = only(bs, Table)
    assert [c.text for c in t.rows[-1].cells][:2] == ["acteurs de leur santé", "l'accès aux soins"]
    once = text.replace("                PROJET\n", "")
    assert not [b for b in only(parse(once), FurnitureBlock) if b.what == Furniture.WATERMARK]


def test_a_markdown_heading_with_a_wide_gap_after_a_layout_is_no_table() -> None:
    text = (
        "Faciliter l'accès        Renforcer le repérage      • Tenir une permanence\n"
        "aux droits               des publics                • Orienter les familles\n\n"
        "## 4.4.    Ce qui pose problème : les irritants\n\n* Un habitat très dense\n"
    )
    bs = parse(text)
    assert [h.title for h in only(bs, Heading)] == ["Ce qui pose problème : les irritants"]


def test_a_numbered_title_at_the_margin_after_a_blank_line_ends_a_column_layout() -> None:
    text = (
        "Associer les habitants    Associer les habitants à la      • Co-construire le jardin\n"
        "aux transitions           fabrique des quartiers 2030        partagé avec les habitants\n\n\n"
        "5. Gouvernance locale\n"
        "Le pilotage de la convention repose sur deux instances :\n"
        "     Instance              Composition               Fréquence\n"
        "Comité de pilotage        Maire, adjoints           1 fois par an\n"
    )
    bs = parse(text)
    first = only(bs, Table)[0]
    assert first.span == Span(1, 2)
    assert "5. Gouvernance locale" not in " ".join(r.text() for r in first.rows)


def test_centred_first_rows_and_a_page_taken_up_with_an_action() -> None:
    """Cells centred vertically (unseen set 56): each table's first row never shows two cells
    on one line, and the page after a break, under the repeated centred titles, holds no line
    of two cells either; both are read as the table, in its columns."""
    from quartiers.parsers.columns import title_pieces

    text = (EXCERPTS / "layout-centred-first-rows.txt").read_text(encoding="utf-8")
    tables = only(parse(text), Table)
    rows = [[(c.col, c.text[:22]) for c in r.cells] for t in tables for r in t.rows]
    assert [(2, "• Tenir une permanence")] in rows
    assert [(1, "Renforcer le repérage ")] in rows
    assert [(1, "Lutter contre le harcè")] in rows
    assert [(2, "• Sensibiliser les par")] in rows
    assert [(1, "violences intrafamilia"), (2, "• Former les agents d'")] in rows
    # the repeated titles, centred and cut at every line, are no content
    (header,) = [r for t in tables for r in t.rows if r.cells[0].text == "Orientations"]
    assert title_pieces(header.cells)
    # a wrapped cell ending in a lower-case word that names a role is content, not titles
    wrapped = [Cell(0, "quartiers", Span.of(1)), Cell(2, "pour les porteurs de", Span.of(1))]
    assert not title_pieces(wrapped)


def test_column_titles_centred_off_their_columns_head_the_table() -> None:
    """Titles centred over their columns (Béthune-78): each inside its column, from its start
    to the next one's, one per column: the table's first row, not a paragraph above it."""
    text = (EXCERPTS / "layout-column-titles-centred-off-their-columns.txt").read_text("utf-8")
    (t,) = [b for b in parse(text) if isinstance(b, Table)]
    assert t.span.first == 1
    assert [c.text for c in t.rows[0].cells] == [
        "Enjeu",
        "Orientation stratégique",
        "Objectif de la convention-cadre",
        "Actions opérationnelles retenues pour le quartier",
    ]
    assert [c.col for c in t.rows[1].cells] == [0, 1, 2, 3]
    # a line above a table whose pieces do not stand each in a column is no row of titles
    body = text.split("\n", 1)[1]
    shifted = "Le tableau ci-dessous        présente les      objectifs retenus  et leurs actions\n"
    assert not any(isinstance(b, Table) and b.span.first == 1 for b in parse(shifted + body))


def test_a_numbered_heading_wrapped_inside_its_quotes_is_read_whole() -> None:
    bs = parse(
        "Partie 2 – Le quartier d'intérêt communautaire « Cité des\n"
        "Marronniers »\n"
        "\n"
        "Statut : quartier d'intérêt communautaire\n"
    )
    (h,) = only(bs, Heading)
    assert h.title == "Le quartier d'intérêt communautaire « Cité des Marronniers »"
    assert h.span == Span(1, 2)


def test_a_page_s_last_row_under_a_repeated_centred_header_keeps_the_table_s_columns() -> None:
    # the next enjeu's title and centred header, then one row before the page break: too few
    # lines to show columns of their own (the centred titles would make five)
    grid = _grid(
        "Faciliter l'accès aux         Renforcer le repérage des      • Déployer un bus des droits\n"
        "droits, aux soins et          publics éloignés du droit        avec la CAF\n"
        "aux services                                                 • Organiser des rendez-vous\n"
        "                              Faciliter l'accès aux soins    • Soutenir l'épicerie sociale\n"
        "                              aux ressources                   (bénévolat, ateliers)\n"
        "\n"
        "                ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "       Orientations                 Objectifs            Actions du quartier\n"
        "       stratégiques\n"
        "\n"
        "Soutenir la réussite          Assurer la réussite éducative  • Poursuivre le Programme de\n"
        "\f"
    )
    assert grid[-1] == [
        (0, "Soutenir la réussite"),
        (1, "Assurer la réussite éducative"),
        (2, "• Poursuivre le Programme de"),
    ]


def test_a_two_column_table_opens_on_a_centred_row_whose_objective_starts_at_the_margin() -> None:
    """Objective | actions, cells centred (unseen set 59): the first action above its objective
    at the margin, and the first line of both cells followed by lines of one cell only (no
    layout of its own): the row still opens the table."""
    text = (EXCERPTS / "layout-centred-two-columns.txt").read_text(encoding="utf-8")
    tables = only(parse(text), Table)
    rows = [[(c.col, c.text[:24]) for c in r.cells] for t in tables for r in t.rows]
    assert [(1, "- Organiser une permanen")] in rows
    assert [(0, "Renforcer le repérage de")] in rows
    assert [(0, "éloignés du droit en par"), (1, "- Mettre en place un « c")] in rows


@pytest.mark.parametrize(
    ("after", "heading"),
    [
        # its fields right under it, its first child "3.1" a few lines on: a heading
        ("Statut : quartier d'intérêt communautaire\nCommune concernée : Beuvry\n\n", True),
        # the title's end wrapped onto the next line: not read as a heading of one line
        ("Marais\n\n", False),
    ],
)
def test_a_numbered_title_over_its_fields_whose_first_child_follows(
    after: str, heading: bool
) -> None:
    text = (
        "Le quartier compte 2 000 habitants.\n\n"
        "3. Territoire vulnérable « Cité du Marais »\n" + after + "3.1 Carte du quartier\n"
    )
    if not heading:
        text = text.replace("« Cité du Marais »", "de la Cité du")
    titles = [h.title for h in only(parse(text), Heading)]
    if heading:
        assert "Territoire vulnérable « Cité du Marais »" in titles
    else:  # no heading cut from its wrapped end
        assert not any(t.endswith("Cité du") for t in titles)


def test_a_portrait_tables_titles_wrapped_over_two_lines_name_its_quartiers() -> None:
    """Labourse-78: "Renaissance" / "(QPV)", "Cité des" / "Chauffours (QIC)": the header is
    both lines, so each quartier finds its column."""
    from quartiers.parsers.portrait import header_cells

    text = (EXCERPTS / "layout-portrait-two-quartiers-titles-wrapped.txt").read_text("utf-8")
    (t,) = [b for b in parse(text) if isinstance(b, Table)]
    assert header_cells(t) == {
        0: "Indicateur",
        1: "Renaissance (QPV)",
        2: "Cité des Chauffours (QIC)",
        3: "Ensemble de la CABBALR",
    }


def test_letter_spaced_capitals_are_a_title_wrapped_or_not() -> None:
    """A heading style of spaced capitals, as pdftotext gives it: one letter at a time, words
    a wide gap apart, a kerned pair stuck together ("ATA"); its second line under it is the
    rest of the title, and the paragraph right under it is not part of it."""
    bs = parse(
        "L E S         S I G N ATA I R E S\n\n"
        "O B J E C T I F S              P O U R S U I V I S          S U R       L E\n"
        "Q U A R T I E R\n"
        "Les tableaux suivants reprennent les objectifs retenus.\n"
    )
    heads = only(bs, Heading)
    assert [(h.title, h.span.first, h.span.last) for h in heads] == [
        ("LES SIGNATAIRES", 1, 1),
        ("OBJECTIFS POURSUIVIS SUR LE QUARTIER", 3, 4),
    ]
    (p,) = only(bs, Paragraph)
    assert p.text == "Les tableaux suivants reprennent les objectifs retenus."


@pytest.mark.parametrize(
    "line",
    ["X     X     X", "1 2 3 4 5", "A B C", "Taux de pauvreté     41 %     18 %", "☒   ☐   ☒   ☐"],
)
def test_short_cells_and_ticks_are_no_letter_spaced_title(line: str) -> None:
    assert not only(parse(line + "\n"), Heading)


def test_word_labelled_numbering_opens_a_cell_item() -> None:
    """Word's "Action n°%1 :" list label, written before a tab in its text export: no cell
    boundary, and the cell's next paragraph under the row ("Action n°2 :<TAB>…") is the same
    cell's next item, not a row or a heading."""
    text = (
        "Orientation\tObjectif\tActions\n"
        "Soutenir les familles\tAider les parents\tAction n°1 :\tOuvrir un café des parents "
        "(centre social)\n"
        "Action n°2 :\tFinancer des sorties familiales (CAF)\n"
        "\tAccompagner les jeunes\tMesure n° 3 –\tCréer un point écoute (PAEJ)\n"
    )
    (t,) = only(parse(text), Table)
    rows = [[(c.col, c.text) for c in r.cells] for r in t.rows]
    assert rows[1][2] == (
        2,
        "Action n°1 : Ouvrir un café des parents (centre social) <br> "
        "Action n°2 : Financer des sorties familiales (CAF)",
    )
    assert rows[2] == [
        (1, "Accompagner les jeunes"),
        (2, "Mesure n° 3 – Créer un point écoute (PAEJ)"),
    ]
    assert lists.item_start("Action n°2 : Financer des sorties") == (
        "Action n°2 :",
        "label",
        "Financer des sorties",
    )


def test_column_layout_a_first_line_whose_later_cells_touch_beside_one_set_apart() -> None:
    """ "Faciliter l'accès aux    Renforcer le repérage des publics – Mettre en place …"
    (Hulluch-139): the orientation set apart, the objective running into its first action one
    space apart, the table's columns shown only below. The line opens the table, cut at the
    actions' column; it is no paragraph over it (the row and its actions were lost)."""
    text = (EXCERPTS / "layout-first-row-touching-beside-a-cell-apart.txt").read_text("utf-8")
    rows = [[(c.col, c.text) for c in r.cells] for t in only(parse(text), Table) for r in t.rows]
    assert rows[0] == [
        (0, "Faciliter l'accès aux"),
        (1, "Renforcer le repérage des publics"),
        (2, "– Mettre en place une permanence mensuelle d'accès"),
    ]
    assert rows[1][:2] == [(0, "droits, aux soins et aux"), (1, "éloignés du droit en particulier")]


def test_word_text_a_cell_s_next_paragraphs_alone_before_a_row_going_on() -> None:
    """Word's "Texte brut" of a four-column table (Labourse-146): a last cell of several
    paragraphs ("CCAS de Labourse", "Maison France services de Beuvry") puts the next ones
    on lines alone, before a row that goes on in the same first cell (it opens with a tab).
    They are that cell's, not an orientation; a merged row ("ENJEU 2 : …") before a row
    with a first cell of its own stays one."""
    text = (
        "Orientations\tObjectifs\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits\tRenforcer le repérage\t•\tTenir une permanence\tCCAS\n"
        "Maison France services de Beuvry\n"
        "CPAM de l'Artois\n"
        "\tAccompagner les démarches\t•\tOuvrir un atelier\tCABBALR\n"
        "ENJEU 2 : DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Soutenir la réussite éducative\tAssurer la réussite\t•\tAider aux devoirs\tPRE\n"
    )
    blocks = parse(text)
    rows = [r for t in only(blocks, Table) for r in t.rows]
    assert (
        rows[1].cells[-1].text == "CCAS <br> Maison France services de Beuvry <br> CPAM de l'Artois"
    )
    assert any(isinstance(b, Paragraph) and b.text.startswith("ENJEU 2") for b in blocks) or any(
        r.cells[0].text.startswith("ENJEU 2") for r in rows
    )


def test_word_text_partners_in_capitals_and_under_a_table_s_last_row() -> None:
    """Word's "Texte brut" of a table whose last column, "Partenaires", stacks one name a
    paragraph (Bruay-la-Buissière-173): an acronym alone ("CCAS") is that cell's next
    paragraph, not a band row in capitals, and the names under the table's last row, down to
    the blank line, are its last cell's; under a table with no such column, or a sentence,
    they stay the text after the table."""
    text = (
        "Orientation\tObjectif\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits\tAccompagner les démarches\t•\tOuvrir une permanence\n"
        "•\tFormer les agents d'accueil\tFrance services\n"
        "CCAS\n"
        "Emmaüs Connect\n"
        "\tFaciliter l'accès aux soins\t•\tTenir un point santé\tMIPPS\n"
        "Prévenir les violences\tLutter contre les violences\t•\tOrganiser un forum\tCIDFF62\n"
        "France Victimes 62\n"
        "Police nationale\n"
        "\n"
        "Le comité de pilotage\n"
    )
    rows = [r for t in only(parse(text), Table) for r in t.rows]
    assert rows[1].cells[-1].text == "France services <br> CCAS <br> Emmaüs Connect"
    assert rows[3].cells[-1].text == "CIDFF62 <br> France Victimes 62 <br> Police nationale"
    untitled = text.replace("\tPartenaires", "\tCommentaires")
    rows = [r for t in only(parse(untitled), Table) for r in t.rows]
    assert rows[-1].cells[-1].text == "CIDFF62"
    sentence = text.replace("Police nationale\n", "Le forum a lieu chaque année.\n")
    rows = [r for t in only(parse(sentence), Table) for r in t.rows]
    assert rows[-1].cells[-1].text == "CIDFF62"


def test_a_roman_part_a_letter_and_a_number_make_one_numbering() -> None:
    """ "II.F.3) Enjeu 3 – …" (Haillicourt-147): not seen as a heading, the line was read as a
    row of the pdftotext table above it, cut in two cells."""
    assert headings.split_numbering("II.F.3) Enjeu 3 – Des quartiers") == (
        "II.F.3)",
        "Enjeu 3 – Des quartiers",
    )
    assert headings.split_numbering("I.A.1 Le quartier") == ("I.A.1", "Le quartier")
    assert headings.is_heading("II.F.3) Enjeu 3 – Des quartiers à l'épreuve des transitions")


def test_word_text_a_row_whose_tabs_go_on_over_its_cells_paragraphs() -> None:
    """Word's "Texte brut" of a four-column table whose cells hold paragraphs without
    bullets (Auchel-150): a row's cells are joined by tabs, a cell's next paragraph on the next
    line, so a row's tabs add up over its lines ("Tenir …" then "Organiser …<TAB>CCAS");
    a partner alone under a row that filled its last column is that cell's, up to the next
    row or a merged row ("ENJEU 2 – …"). A short row written without its empty last cell,
    followed by a whole one, stays a row of its own."""
    text = (
        "Orientation\tObjectif\tActions\tPartenaires\n"
        "Faciliter l'accès aux droits\tRenforcer le repérage\tTenir une permanence\n"
        "Organiser des maraudes\tCCAS d'Auchel\n"
        "Secours catholique d'Auchel\n"
        "Rendre les habitants acteurs\tRenforcer la prévention\tAccueillir le bus\tCPAM\n"
        "CSAPA La Passerelle\n"
        "ENJEU 2 – DES QUARTIERS D'ÉMANCIPATION POUR TOUS\n"
        "Accompagner l'accès à l'emploi\tLever les freins\n"
        "Soutenir l'initiative\tFavoriser l'entrepreneuriat\tOuvrir une boutique\tBGE\n"
    )
    rows = [[(c.col, c.text) for c in r.cells] for t in only(parse(text), Table) for r in t.rows]
    assert rows[1] == [
        (0, "Faciliter l'accès aux droits"),
        (1, "Renforcer le repérage"),
        (2, "Tenir une permanence <br> Organiser des maraudes"),
        (3, "CCAS d'Auchel <br> Secours catholique d'Auchel"),
    ]
    assert rows[2][3] == (3, "CPAM <br> CSAPA La Passerelle")
    assert rows[3] == [(0, "Accompagner l'accès à l'emploi"), (1, "Lever les freins")]
    assert rows[4][0] == (0, "Soutenir l'initiative")
    # lines alone that are no cell's: a heading, a page number, a sentence (Marles-les-Mines),
    # the next row's first cell broken on two lines (Nœux-les-Mines-58)
    text = (
        "Orientation\tObjectif\tActions\n"
        "Faciliter l'accès\tRenforcer le repérage\tTenir une permanence\n"
        "Accompagner l'accès à l'autonomie\n"
        "des habitants des quartiers\tLever les freins\tOuvrir un garage\n"
        "18\n"
        "4) Les signataires\n"
        "Les signataires conviennent de poursuivre leur partenariat.\n"
        "Le Maire\tLe Président\tLe Préfet\n"
    )
    cells = [c.text for t in only(parse(text), Table) for r in t.rows for c in r.cells]
    assert "Tenir une permanence" in cells and "Ouvrir un garage" in cells


def test_column_layout_an_enjeu_title_at_the_margin_is_a_band() -> None:
    """pdftotext -layout (Béthune-144, read whole: its page furniture shapes the table):
    "Enjeu 3 – Des quartiers à l'épreuve des transitions" at the margin between two tables,
    a word of it where a column starts ("à"), was read as a row whose cells touch, "à
    l'épreuve des transitions" joined to the action above it."""
    from quartiers.reader import read

    d = read(Path(__file__).parent / "data" / "conventions" / "convention-bethune-144.txt")
    rows = [[c.text for c in r.cells] for b in d.blocks if isinstance(b, Table) for r in b.rows]
    (enjeu,) = [r for r in rows if any(c.startswith("Enjeu 3") for c in r)]
    assert enjeu == ["Enjeu 3 – Des quartiers à l'épreuve des transitions"]


# pdftotext -layout of a three-column table whose last column stands at 96, and at 87 on the
# row whose actions run long
DRIFTING_LAST_COLUMN = """\
Renforcer le lien social            – Ouvrir un jardin partagé au pied de la tour               Porteur : Mairie
dans le quartier                    des Glycines                                                Associés : bailleur
                                                                                                Pas-de-Calais Habitat

Favoriser la pratique               – Organiser un tournoi de futsal chaque vacances   Porteur : Club
sportive des jeunes                                                                    omnisports
                                                                                       Associés : UFOLEP

Prévenir le décrochage              – Tenir une permanence du point écoute                      Porteur : PRE
scolaire                            le mercredi au collège                                      Associés : Éducation
                                                                                                nationale
"""


def test_column_layout_a_last_column_set_further_left_on_a_row_whose_actions_run_long() -> None:
    """The partners at 96, at 87 (nine characters apart) on the row whose actions run long,
    never two on one line, showing the actions' column beside them once: one column, so the
    table has three and every partners' line is in the last (Verquin-185)."""
    (t,) = only(parse(DRIFTING_LAST_COLUMN), Table)
    assert t.columns == 3
    last = [c.text for r in t.rows for c in r.cells if c.col == 2]
    assert last == [
        "Porteur : Mairie",
        "Associés : bailleur",
        "Pas-de-Calais Habitat",
        "Porteur : Club",
        "omnisports",
        "Associés : UFOLEP",
        "Porteur : PRE",
        "Associés : Éducation",
        "nationale",
    ]


def test_a_part_numbered_with_a_letter_is_a_heading_at_the_margin_only() -> None:
    """ "2.a Identification" at the margin numbers a sub-part (Calonne-Ricouart-190); "1.a
    Accueillir chaque mois une" set inside a table's cell is a sub-item of an action
    (Labourse-161), no heading."""
    assert headings.numbered("2.a Identification") == ("2.a", "Identification")
    assert headings.numbered("3.e Objectifs et plan d'actions") == (
        "3.e",
        "Objectifs et plan d'actions",
    )
    assert headings.numbered("                1.a Accueillir chaque mois une") is None
    assert headings.numbered("2.a des habitants") is None


def test_column_layout_a_lettered_item_one_space_after_the_cell_before_it() -> None:
    """ "Renforcer le repérage des a. Déployer des permanences …" (Bruay-la-Buissière-193): the
    objective's line runs one space into the actions' first item, lettered "a."; the cut falls
    at the letter, on the table's first line too."""
    from quartiers.blocks import layout

    line = (
        "Faciliter l'accès aux    Renforcer le repérage des a. Déployer des permanences d'accès"
        " aux         CCAS de Bruay"
    )
    assert [t for _, _, t in layout.pieces(line, [0, 25, 51, 99], head=True)] == [
        "Faciliter l'accès aux",
        "Renforcer le repérage des",
        "a. Déployer des permanences d'accès aux",
        "CCAS de Bruay",
    ]
