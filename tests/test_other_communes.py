"""Conventions of other communes, written in other styles by people who had not read the
converter, each with a careful human reading (`.expected.json`): what the converter reads must
agree with the reading (tests/accuracy.py scores it), and what it cannot read must be reported.
The thresholds are what the converter reaches on the development set (bench/accuracy.py prints
the table), so that any regression fails.

`tests/data/conventions/` are the development documents (read while the converter was written);
`tests/data/heldout/` are documents its authors have not read, scored with the goals of the
generalisation issue."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest

from quartiers.convert import Converter, convert
from quartiers.framework import Framework
from quartiers.iris import DEFAULT_BASE
from quartiers.model import LineUse
from quartiers.reference import DEFAULT_DIR, Reference
from tests.accuracy import Reading, Report, Score, documents, load_expected, score

DATA = Path(__file__).resolve().parent / "data"
DEV = documents(DATA / "conventions")
# development documents read, but whose layout the converter does not read well enough yet:
# held to the same goals as an expected failure (strict: it fails the day they are met, to be
# moved back), and to every other test
KNOWN_GAPS = {
    "convention-auchel-135": "pdftotext -layout of tables whose cells are centred vertically "
    "and touch, actions numbered '1.', '2.' afresh in each cell, 'Orientation : …' bands; a "
    "portrait of both quartiers whose three-line centred first row breaks the table, its "
    "column titles joined to the paragraph above (indicators 0 of 18, actions 0.40, 14 losses "
    "unreported)",
    "convention-barlin-135": "pdftotext -layout of three-column tables whose objective cells "
    "are centred and touch the bullets one space apart ('Faciliter l'accès aux soins • Faire "
    "venir …'), split across pages (actions 0.55, 17 losses unreported)",
    "convention-barlin-8": "an OCR'd scan whose table lost most of its rules: actions cut "
    "across rows and joined to the wrong cells (rows 0.90, actions 0.53, 5 losses unreported)",
    "convention-bethune-144": "pdftotext -layout of two quartiers side by side, an actions "
    "column each: read since the stop of round 22, but its reading keeps its 'Non concerné' "
    "rows as empty ones, which the converter takes as objectives not retained (rows 0.96, "
    "actions 1.00, 3 losses unreported)",
    "convention-beuvry-12": "objectives written as prose: an action holding its own quotes or "
    "a list without determiners is cut wrongly, portrait values in sentences lose the "
    "agglomeration's (actions 0.90, indicators 0.77, 3 losses unreported)",
    "convention-bethune-15": "pdftotext -layout of a table of four narrow columns whose cells "
    "run into each other with a single space, several words past the column, and whose rows "
    "run on without a blank line between them (rows 1.00, actions 0.83, 4 losses unreported)",
    "convention-douvrin-19": "pdftotext -layout of a table whose cells are centred vertically: "
    "a row's cells interleave line by line, actions printed above their objective; the rows "
    "are regrouped only where the table shows it, and its narrow cells touch (rows 0.73, "
    "actions 0.51, 12 losses unreported)",
    "convention-bruay-la-buissiere-20": "pdftotext in its default mode, tables read column by "
    "column: a quartier's actions printed after those of later objectives (actions 0.00, 17 "
    "losses unreported)",
    "convention-labourse-146": "Word text whose portrait gives the quartier's population with "
    "its share on the commune in one field ('environ 1 950 habitants, dont environ 420 "
    "résidant sur Labourse'): the share, which the reader counts as an indicator, is not read "
    "(no indicator concept for it: indicators recall 0.89); partners before a row opening a "
    "new orientation lost (0.87)",
    "convention-labourse-29": "pdftotext -layout of a table whose objective and orientation "
    "cells are centred vertically: actions are regrouped with the objective beside them, but "
    "the third enjeu's header row lost its objective title to the enjeu line above it, and "
    "the actions title, cut into the objectives' column, makes the objectives read as actions "
    "(rows 0.86, actions 0.86, 3 losses unreported)",
    "convention-auchel-36": "pdftotext -layout of LibreOffice tables whose orientation and "
    "objective cells are centred vertically, four quartiers: actions regrouped with the "
    "objective beside them, but where an orientation and its objective touch with one space "
    "and each row stands alone on a page the table falls apart into lists and paragraphs "
    "(rows 0.94, actions 0.90, none unreported)",
    "convention-labourse-57": "pdftotext -layout of one table whose cells are all centred "
    "vertically: an action halfway between two objectives goes to the upper one, and one "
    "takes the end of the objective beside it (actions 0.90, 4 losses unreported)",
    "convention-cauchy-a-la-tour-57": "pdftotext -layout of justified objective cells whose "
    "words are pushed apart and whose bullets end the objective's lines, the item a tab stop "
    "on ('Renforcer le repérage des •             Tenir'): the spread words make a column of "
    "their own and the actions fall apart (rows 0.75, actions 0.19, 23 losses unreported)",
    "convention-barlin-59": "pdftotext -layout of two-column tables (objective | actions) "
    "under each orientation's title line, cells centred: an action cut around its objective's "
    "lines, a row alone at a page's foot (rows 0.93, actions 0.83, 5 losses unreported)",
    "convention-auchel-66": "pdftotext -layout whose column titles are centred off the "
    "columns and whose first rows run their cells together one space apart ('… des publics - "
    "Tenir une permanence …'): the table is found two lines long, the rest of its first page "
    "read as lists (rows 0.93, actions 0.88)",
    "convention-douvrin-27": "pdftotext -layout whose first row after a wrapped header runs "
    "its three cells together with single spaces: its partners lost (ADIL), 'les villes de "
    "Haisnes et de Hulluch' not split into two partners (rows 0.97, actions 0.94, partners "
    "recall 0.80)",
    "convention-divion-75": "pdftotext -layout whose portraits are sentences under '·' "
    "bullets ('Environ 1 600 habitants sur 44 hectares …'): indicators recall 0.59; a QIC's "
    "status not read and one signatory missed",
    "convention-calonne-ricouart-81": "pdftotext -layout whose portrait is a grid of 'Chiffres "
    "clés' boxes, each a value over its label and the agglomeration's value, four boxes a line: "
    "indicators recall 0.12",
    "convention-cauchy-a-la-tour-87": "pdftotext -layout of actions written as sentences "
    "separated by ' ; ' in one cell, an objective marked '(non retenu)', and a portrait in "
    "prose: actions 0.90, indicators recall 0.86, partners recall 0.81",
    "convention-douvrin-81": "pdftotext -layout of four columns (Objectif | Actions | "
    "Partenaires | Calendrier) whose partners cells touch the actions': four actions taken into "
    "the row above, unreported (actions 0.86)",
    "convention-haisnes-84": "pdftotext -layout of a pilots' column touching the actions one "
    "space apart, orientations as bands: actions 0.86, partners recall 0.85",
    "convention-hersin-coupigny-79": "pdftotext -layout whose portrait is prose with numbers "
    "cut at a line's end ('environ 2' / '100 habitants'), one small table per orientation with "
    "actions separated by ' ; ': rows 0.89, actions 0.84, indicators recall 0.85",
    "convention-marles-les-mines-143": "pdftotext -layout whose first row runs its three "
    "cells together one space apart on both its lines, the objective's second line shorter "
    "than the orientation's column: cut at the wrong word, the row's actions read as objectives "
    "(rows 0.88, actions 0.83)",
    "convention-noeux-les-mines-82": "objectives written as nested lists ('Orientation n –', "
    "then 'a)' objectives, then '–' actions, the numbering restarting in each enjeu) and a "
    "portrait in sentences with figures in bold: rows 0.69, actions 0.63",
    "convention-verquin-88": "pdftotext -layout of a portrait as two tables side by side "
    "(quartier | agglomération) whose rows drift apart by a line: indicators recall 0.56",
    "convention-verquin-90": "pdftotext -layout whose portrait is prose ('environ 2 100 "
    "habitants, dont près de 640 …'): indicators recall 0.67",
    "convention-divion-91": "population and surface given in each quartier's identification "
    "table, not its portrait; signatories three in a row, the names a line lower, a fourth "
    "centred below: indicators recall 0.78, signatories 2 of 4, partners recall 0.82",
    "convention-calonne-ricouart-92": "partners named as municipal services in lower case "
    "('service vie sociale', 'service urbanisme', 'élus de quartier'): partners recall 0.80",
    "convention-beuvry-93": "two quartiers side by side, named only on the cover: in a "
    "landscape objectives table under no quartier, one actions column per quartier, its "
    "header three lines apart from its rows: every row lost, reported (rows 0.00)",
    "convention-labourse-93": "a portrait in prose led by a word ('Jeunesse. Un peu plus d'un "
    "habitant sur trois a moins de 25 ans …', '1 ménage sur 4 est …'): indicators recall 0.56, "
    "partners recall 0.79",
    "convention-barlin-94": "pdftotext -layout of four columns (Enjeu | Orientation | Objectif "
    "| Actions) repeating the enjeu's title on every row, the orientation merged down: rows "
    "0.45, actions 0.38, 7 losses unreported",
    "convention-hulluch-95": "population and surface given in an identification table, not "
    "the portrait; four signatories, one for a second agglomeration (the CALL) laid out as "
    "Divion-91's: indicators recall 0.67, signatories 2 of 4",
    "convention-lillers-96": "pdftotext -layout whose orientation cell, merged down, prints "
    "beside a later objective, for the second quartier's table: rows 0.80, actions 0.81, 9 "
    "losses unreported",
    "convention-bethune-96": "pdftotext -layout of one table per enjeu (Action | Pilote | "
    "Échéance) with 'Orientation :' and 'Objectif :' bands across it and the actions as "
    "unmarked rows beneath, their pilot centred on their middle line: actions 0 of 37, 13 "
    "losses unreported; signatories as 'Lu et approuvé' blocks, the name before the role: 3 "
    "of 5",
    "convention-marles-les-mines-97": "pdftotext -layout two-column table, orientations as "
    "shaded rows numbered '1.1', objectives numbered '1.1.1' centred vertically between their "
    "actions' bullets: the numbered rows are read, but an action is given to the objective "
    "above rather than to the one centred beside it (rows 0.70, actions 0.25, 19 losses "
    "unreported)",
    "convention-haisnes-97": "a summary table (objective | number of actions) then each "
    "objective's title in bold and one paragraph per action, footnote markers: rows 0, "
    "actions 0, 14 losses unreported; signatures stacked over a page break: 1 of 4",
    "convention-calonne-ricouart-98": "pdftotext -layout tables (Action | Pilote | Échéance) "
    "under orientation and objective bands, as Béthune-96: actions 0 of 38, 11 losses "
    "unreported",
    "convention-divion-98": "pdftotext -layout two-column table, orientations numbered '1.1' "
    "at the margin, objectives '1.1.1' indented with bulleted actions: an enjeu band and an "
    "orientation at a page's foot, the table's header repeated on the next page, end the "
    "table and the objectives after them are lost (rows 0.95, actions 0.96, 3 losses "
    "unreported); surfaces and employment rates in a figure-first list missed (indicators "
    "0.80)",
    "convention-burbure-99": "pdftotext -layout, a transposed portrait (territories as rows, "
    "indicators as columns): indicators 1 of 8 (its strategy as headings 'I.' / 'A.' and its "
    "actions set apart by ' ; ' are read)",
    "convention-haillicourt-100": "pdftotext -layout portrait tables with a two-level header "
    "(a merged 'Valeurs' over 'QPV | Commune | Agglomération', and a Source column): "
    "indicators 2 of 16 (its objectives, in an annex after the signatures, are read)",
    "convention-cauchy-a-la-tour-100": "pdftotext -layout, each action followed by its status "
    "in brackets ('(nouvelle action)'), a page where an orientation and its objective touch "
    "with one space: actions 0.90, 3 losses unreported",
    "convention-douvrin-101": "pdftotext -layout, actions whose pilot follows them in the "
    "cell ('. Porteur : CCAS') cut there: actions 0.86, 3 losses unreported (its QIC, a title "
    "wrapped at 'SAINTE-', is read)",
    "convention-auchel-102": "pdftotext -layout, actions opened by a ballot box ('☐ "
    "Aménager …', read as bullets) in cells centred vertically so that an action's first line "
    "stands beside no objective: actions 0.61, 7 losses unreported",
    "convention-lillers-102": "pdftotext -layout, one table per enjeu whose three cells are "
    "all centred vertically and never share a line, the actions' column set ten characters "
    "apart from one row to the next: rows 0.77, actions 0.66, 9 losses unreported",
    "convention-auchel-105": "pdftotext -layout, one portrait table for two quartiers (a "
    "column per quartier, then the commune's and the agglomeration's) whose first row's values "
    "nearly touch ('environ 2 350 hab. environ 1 300 hab.'): the layout is cut in two tables "
    "and the portrait lost (indicators 0.13); orientation and objective one space apart (actions "
    "0.86)",
    "convention-calonne-ricouart-103": "pdftotext -layout, the objectives table naming 'fiches "
    "action' by number only ('A2 – A3'), the actions in fiche blocks after it (Intitulé / "
    "Porteur / Objectif(s) visé(s)): actions 0",
    "convention-divion-104": "pdftotext -layout, enjeux as 'Axe 1 – …' over four-column "
    "layouts whose titles wrap over three lines around 'Réf. | Orientation stratégique', "
    "differently on each page: the third table's layout is cut (rows 0.81, actions 0.71, 11 "
    "losses unreported)",
    "convention-noeux-les-mines-71": "pdftotext -layout whose column titles stand over first "
    "rows whose cells touch ('Renforcer le repérage des publics • Mettre en place …', as "
    "Auchel-66): the second table's columns are the titles', a wrapped word read as a row "
    "(rows 0.917)",
    "convention-cauchy-a-la-tour-107": "pdftotext -layout, a portrait table (Indicateur | "
    "Quartier | Évolution | CABBALR | Source / année) whose cells are centred vertically, rows "
    "two blank lines apart: its titles stand apart, its first row is cut off, the evolution "
    "column is read as the agglomeration's (indicators 1 of 15); a QIC's objective and action "
    "cells touching (actions 0.90, 3 losses unreported)",
    "convention-beuvry-108": "pdftotext -layout, a five-column table (Code | Orientation | "
    "Objectif | Action | Statut) whose first row's actions stand nine characters left of the "
    "others' and touch the objective: actions cut into it (rows 0.93, actions 0.86); partners "
    "lost with them or named generically ('espace jeunesse', 'collège'): recall 0.83",
    "convention-haillicourt-110": "pdftotext -layout, three-column tables (Objectif | Actions | "
    "Indicateurs de résultat) whose columns drift from page to page: the second quartier's "
    "first table is read as two columns (rows 0.82, actions 0.75, 3 losses unreported); an IPS "
    "written 'Indice … : 80 (104)' loses the agglomeration's value",
    "convention-annezin-111": "pdftotext -layout, a QIC alone (the commune has no QPV) whose "
    "status is not read; the strategy's codes in a narrow first column ('1.1.1') and enjeux and "
    "orientations as full-width rows read as rows (rows 0.89, actions 0.83)",
    "convention-auchel-112": "pdftotext -layout, one table per orientation (Objectif | Actions "
    "| Partenaires) under an 'Orientation : …' line, rows cut across pages: rows 0.80, "
    "actions 0.67, 7 losses unreported",
    "convention-bruay-la-buissiere-114": "pdftotext -layout, a grid of the whole strategy (33 "
    "objectives) with a ✔ / – column, across page breaks: rows 0.78, actions 0.60, 13 losses "
    "unreported",
    "convention-lillers-113": "pdftotext -layout, a portrait as two small tables side by side "
    "inside a layout table, their rows interleaved: indicators 5 of 10; actions 0.90, 3 losses "
    "unreported",
    "convention-marles-les-mines-112": "pdftotext -layout, one table per enjeu under a merged "
    "title row, both header rows repeated after page breaks, orientations merged down: rows "
    "0.89, actions 0.80, partners recall 0.79, 3 losses unreported",
    "convention-auchel-115": "pdftotext -layout, actions numbered '(1)' in cells one space "
    "after their objective on lines pdftotext squeezed: rows 0.89, actions 0.86",
    "convention-bethune-118": "pdftotext -layout, columns in reverse order (Actions | "
    "Objectif retenu | Orientation | Enjeu), cells one space apart: actions 0.87 (columns in "
    "reverse order are read since f05396d; cells touching are not), 1 loss unreported",
    "convention-calonne-ricouart-122": "pdftotext -layout, orientations named by their code "
    "alone ('Orientation 1.1'), a status column, cells one space apart: actions 0.81",
    "convention-divion-120": "pdftotext -layout, justified cells whose word gaps look like "
    "columns, objectives 'Non retenu' in the table: rows 0.44, actions 0.23, 15 losses "
    "unreported",
    "convention-divion-148": "pdftotext -layout of four-column tables whose cells are centred "
    "vertically: an action's lines set between its objective's, the orientation of the last "
    "rows printed between their actions ('Tenir une permanence de la Mission' / 'Repérer et "
    "mobiliser les       locale à l'espace jeunes'): rows 0.88, actions 0.70, 5 losses "
    "unreported",
    "convention-labourse-116": "pdftotext -layout, an objective and its first item '1.' one "
    "space apart: actions 0.90",
    "convention-marles-les-mines-121": "pdftotext -layout, landscape tables with objectives "
    "wrapped over five lines and a 'Pilote / partenaires' column: 3 losses unreported",
    "convention-burbure-126": "pdftotext -layout, the IPS row wrapped over three lines beside "
    "its figure; partners named only as the convention-cadre's signatories, in an annex: "
    "indicators 8 of 9, partners recall 0.77",
    "convention-haisnes-123": "pdftotext -layout, a two-column page (text left, a boxed table "
    "of key figures right) and an objectives table whose orientation and objective columns "
    "run together: rows 0.40, actions 0.25",
    "convention-hulluch-123": "HTML, actions grouped under bold sub-titles in a cell ('Accès "
    "aux droits :'), a portrait list with 'dont à Hulluch' lines: indicators 6 of 9",
    "convention-noeux-les-mines-125": "pdftotext -layout, tables crossing page breaks without "
    "their header row repeated, a row cut by each break: actions 0.90, 7 losses unreported",
    "convention-bethune-131": "pdftotext -layout, one table for two quartiers with a "
    "'Quartier(s) concerné(s)' column, a page whose columns stand one further right and whose "
    "running header a cut row holds: actions 0.91, 5 losses unreported",
    "convention-cauchy-a-la-tour-132": "pdftotext -layout of cells centred vertically, each "
    "objective ending with its code in brackets ('… des habitants (2.2.7)'): actions 0.89, 3 "
    "losses unreported; partners named generically ('collège de secteur'): recall 0.84",
    "convention-barlin-152": "pdftotext -layout, an action's cell and its partners' one space "
    "apart over several lines ('Réhabiliter thermiquement Maisons & Cités,'): actions 0.89, "
    "3 losses unreported",
    "convention-hulluch-151": "pdftotext -layout, footnote calls after the portrait's figures "
    "('32,8 %    2') push the agglomeration's values onto the next line: indicators 0.00; "
    "objectives and actions cells touching (rows 0.86, actions 0.83)",
    "convention-lillers-155": "pdftotext -layout of a portrait table transposed (indicators as "
    "columns) whose wrapped column titles pdftotext cuts inside words ('disponib le', 'monopar "
    "entales'): indicators 0.00; actions 0.90, 2 losses unreported",
    "convention-verquin-157": "pdftotext -layout of cells centred vertically and touching "
    "('repérage en pied d'immeuble l'Artois'): actions 0.74, 5 losses unreported",
    "convention-beuvry-159": "pdftotext -layout, a page break inside an action and cells "
    "touching: rows 0.84, actions 0.60, 6 losses unreported",
    "convention-labourse-161": "pdftotext -layout of cells centred vertically whose actions "
    "are numbered with sub-actions ('1.', '1.a', '1.b'): actions 0.23, 30 losses unreported",
    "convention-houdain-163": "pdftotext -layout of justified cells whose gaps read as columns "
    "('dans      les   démarches') and an orientation touching its objective: rows 0.86, "
    "actions 0.69, 5 losses unreported",
    "convention-divion-164": "pdftotext -layout of one-row tables, one per enjeu, whose cells "
    "touch ('Faciliter l'accès aux droits, Faciliter l'accès aux'): the QIC's rows 0.83, "
    "actions 0.84",
    "convention-annezin-166": "pdftotext -layout, a partners cell run into an action's second "
    "line ('Programme de Éducation nationale, PRE, réussite éducative'): actions 0.89, 3 "
    "losses unreported",
    "convention-noeux-les-mines-167": "pdftotext -layout of a table with pilot and deadline "
    "columns whose cells run into the actions' ('Tenir une permanence CCAS de Nœux-les-Mines ; "
    "2024-2030 numérique …'): actions 0.84, 4 losses unreported",
    "convention-marles-les-mines-169": "pdftotext -layout of a QIC's table whose orientation "
    "and objective cells touch ('Rendre les habitants Promouvoir l'activité'), after a "
    "diagnostic in two newspaper columns: rows 0.87, actions 0.89",
    "convention-calonne-ricouart-170": "pdftotext -layout of one objectives table for two "
    "quartiers with a 'Quartier(s) concerné(s)' column ('Tous', 'Les deux quartiers', a short "
    "name), cells interleaved: rows 0.85, actions 0.82, 7 losses unreported",
    "convention-douvrin-173": "pdftotext -layout of a five-column table (objective, actions, "
    "pilot, partners, deadline) whose objective and first action run one space apart "
    "('Faciliter l'accès aux soins aux – Instruire …') and whose pilot column drifts into the "
    "actions' and the partners': rows 0.74, actions 0.72, 3 losses unreported",
    "convention-houdain-175": "pdftotext -layout of a five-column table with a 'Moyens' column "
    "and totals rows, whose objective and action cells touch ('… en mairie annexe aux "
    "Sensibiliser …'): rows 0.82, actions 0.77, 4 losses unreported",
    "convention-calonne-ricouart-177": "pdftotext -layout, orientations given by their number "
    "only ('1.1') under a legend of their titles, actions touching the partners' column ('… le "
    "bus France CCAS, CABBALR'): actions 0.88, partners recall 0.82, 4 losses unreported",
    "convention-auchel-178": "pdftotext -layout of tables whose objective and first action run "
    "one space apart ('Assurer la réussite éducative – Renforcer le programme …'), cells split "
    "by the running footer and header across pages: actions 0.84, 7 losses unreported",
    "convention-haillicourt-180": "pdftotext -layout of tables whose actions and partners "
    "cells run one space apart ('… commune aux deux Comité des fêtes'): actions 0.90",
    "convention-auchel-181": "pdftotext -layout, a table's column titles set five spaces apart "
    "read as one cell ('Orientation stratégique     Objectif'), its rows' columns then "
    "shifted (a quartier's rows 0 of 4); a préambule in two newspaper columns: rows 0.88, "
    "actions 0.87",
    "convention-noeux-les-mines-182": "pdftotext -layout of tables whose actions, their "
    "'→ indicateur' lines and the partners run into each other ('… Animer un groupe de parole "
    "de CAF du parents …'): actions 0.58, 6 losses unreported",
    "convention-calonne-ricouart-183": "LibreOffice HTML whose objectives are a grid of the "
    "whole strategy with one 'Retenu' column per quartier ('X'), the actions in another table "
    "by objective number and quartier: rows 0 of 21, indicators recall 0.52",
    "convention-marles-les-mines-184": "pdftotext -layout, a row split by a page break with "
    "the running footer inside, actions touching the partners' column: actions 0.77, 5 losses "
    "unreported",
    "convention-lillers-187": "pdftotext -layout, actions numbered 'A1' under 'Objectif : …' "
    "bands, a row cut by a page break under the repeated titles: actions 0.91",
    "convention-haillicourt-188": "pdftotext -layout of a convention in articles, cells centred "
    "vertically, each action's partners in parentheses after it (kept in the action's text, as "
    "the development set's readings of Bruay-la-Buissière-120 and Verquin-88 keep them; this "
    "reading leaves them out): actions 0.05",
    "convention-auchel-191": "pdftotext -layout, actions tables listing the actions first, "
    "each objective named only by its code in an 'Objectif visé' column, the codes' titles "
    "listed once above: rows 0 of 19",
    "convention-noeux-les-mines-192": "pdftotext -layout, five columns whose cells wrap "
    "heavily, rows cut by page breaks: actions 0.83, 3 losses unreported",
    "convention-bruay-la-buissiere-193": "pdftotext -layout, actions lettered 'a.', 'b.' "
    "touching the objectives' column: actions 0.88, 8 losses unreported",
    "convention-lillers-193": "LibreOffice HTML, the objectives table transposed (one column "
    "per enjeu, rows Orientation / Objectif / Actions): rows 0.64, actions 0.49",
}
HELDOUT = documents(DATA / "heldout") if (DATA / "heldout").is_dir() else []


@pytest.fixture(scope="module")
def reference() -> tuple[Framework, Reference]:
    return Framework.load(DEFAULT_DIR / "framework.ttl", DEFAULT_BASE), Reference.load()


def _score(
    name: str, converted: dict[str, Reading], reference: tuple[Framework, Reference]
) -> Report:
    src = next(p for p in DEV + HELDOUT if p.name == name)
    return score(converted[name], load_expected(src.with_suffix(".expected.json")), *reference)


def _f1(s: Score) -> float:
    return round(s.f1, 3)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each batch's tests run over its own documents; a known gap is held to the goals one
    by one as an expected failure (strict: it fails the day they are met, to be moved back)."""
    cls = metafunc.cls
    if cls is None or "src" not in metafunc.fixturenames:
        return
    gaps = metafunc.function.__name__ == "test_convention_reads_as_a_careful_reader_does"
    metafunc.parametrize(
        "src",
        [
            pytest.param(
                p,
                id=p.stem,
                marks=pytest.mark.xfail(reason=KNOWN_GAPS[p.stem], strict=True)
                if gaps and p.stem in KNOWN_GAPS
                else (),
            )
            for p in cls.DOCS
        ],
    )


class _Batch:
    """Documents read once for the class, the reference data loaded once a batch: their
    models, linked, which is what these tests measure (the graph a model gives is the
    conversion tests' matter, and a document gives the graph it gives alone: the last test
    here); a third less work than converting them. A class per batch, so that `--dist
    loadscope` (make test) gives each batch to one worker: the development set in two halves
    shares the suite's largest module between the two."""

    DOCS: ClassVar[list[Path]] = []

    @pytest.fixture(scope="class")
    @classmethod
    def converted(cls) -> dict[str, Reading]:
        converter = Converter()
        return {p.name: Reading(p, converter.model_of(p)) for p in cls.DOCS}

    def test_every_line_is_accounted_for(self, src: Path, converted: dict[str, Reading]) -> None:
        c = converted[src.name].convention
        text = src.read_bytes().decode(c.encoding.replace("-sig", "")).replace("\r\n", "\n")
        lines = text.replace("\r", "\n").split("\n")  # as the converter splits: \f is text
        non_blank = {i + 1 for i, t in enumerate(lines) if t.strip("\f \t\ufeff\u00a0")}
        assert set(c.line_use) == non_blank
        not_understood = {n for n, (u, _) in c.line_use.items() if u == LineUse.NOT_UNDERSTOOD}
        assert not_understood <= {line for n in c.notes for line in n.span.lines()}


class _Development(_Batch):
    def test_convention_reads_as_a_careful_reader_does(
        self, src: Path, converted: dict[str, Reading], reference: tuple[Framework, Reference]
    ) -> None:
        r = _score(src.name, converted, reference)
        assert r.quartiers.recall == 1.0 and r.codes.recall == 1.0, r.codes.misses
        assert _f1(r.rows) >= 0.92, r.rows.misses + r.rows.extras
        assert _f1(r.actions) >= 0.92, r.actions.misses + r.actions.extras
        assert r.indicators.recall >= 0.9, r.indicators.misses
        assert r.signatories.recall == 1.0 and r.signature.recall == 1.0, r.signatories.misses
        assert r.partners.recall >= 0.85, r.partners.misses
        assert len(r.unreported) <= 2, r.unreported

    def test_conventions_together_meet_the_goals(
        self, converted: dict[str, Reading], reference: tuple[Framework, Reference]
    ) -> None:
        """Each half meets the goals, so the whole set does: a pooled F1 or recall is never
        below the lower of its parts'."""
        total = Report(type(self).__name__)
        for src in self.DOCS:
            if src.stem not in KNOWN_GAPS:  # held to the goals one by one, as expected failures
                total.add(_score(src.name, converted, reference))
        assert _f1(total.rows) >= 0.98 and _f1(total.actions) >= 0.98
        # partners: set 8's municipal services named in lower case ("service de restauration
        # municipale", "comité des fêtes") took the recall from 0.95 to 0.94
        assert total.partners.recall >= 0.94 and total.indicators.recall >= 0.99
        assert total.signatories.recall == total.codes.recall == 1.0


class TestDevelopmentFirstHalf(_Development):
    DOCS = DEV[0::2]


class TestDevelopmentSecondHalf(_Development):
    DOCS = DEV[1::2]


@pytest.mark.skipif(not HELDOUT, reason="no held-out documents")
class TestHeldOut(_Batch):
    DOCS = HELDOUT

    def test_conventions_meet_the_goals(
        self, converted: dict[str, Reading], reference: tuple[Framework, Reference]
    ) -> None:
        """The issue's goals, on documents the converter's authors have not read."""
        total = Report("held out")
        for src in HELDOUT:
            total.add(_score(src.name, converted, reference))
        assert _f1(total.rows) >= 0.95 and _f1(total.actions) >= 0.95
        assert total.quartiers.recall == total.codes.recall == 1.0
        assert total.indicators.recall == total.signatories.recall == 1.0
        assert total.partners.recall >= 0.9
        assert total.unreported == []


def test_a_convention_alone_gives_the_graph_it_gives_in_a_batch(tmp_path: Path) -> None:
    """The strategy is reference data: converting with others changes nothing."""
    one, two = DEV[0], DEV[1]
    alone = convert([one], tmp_path / "alone")[0]
    batch = convert([two, one], tmp_path / "batch")[1]
    assert alone.ttl.read_bytes() == batch.ttl.read_bytes()
    assert alone.report.read_bytes() == batch.report.read_bytes()
