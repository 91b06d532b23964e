"""How the framework's similarity threshold (framework.SAME_CONCEPT) was chosen.

Pairs of labels that name the same objective in different documents (variants found by reading
them) must score at or above the threshold; pairs of labels of different objectives must score
below it. The table shows, for each candidate threshold, how many pairs of each kind fall on
the wrong side."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quartiers.framework import SAME_CONCEPT, Framework, similarity
from quartiers.parse import parse
from quartiers.reader import read
from quartiers.textnorm import match_key

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"

# variants read in the two documents: (as written in one, as written in another)
SAME = [
    (
        "Renforcer le repérage des publics éloignés du droit en particulier",
        "Renforcer le repérage des publics éloignés du droit en particuliers",
    ),
    (
        "Assurer la réussite éducative des enfants et des jeunes au travers de la scolarité, de "
        "l'ouverture culturelle, du bien- être et des compétences psycho- sociales",
        "Assurer la réussite éducative des enfants et des jeunes au travers de la scolarité, de "
        "l'ouverture culturelle, du bien-être et des compétences psychosociales",
    ),
    (
        "Assurer la réussite éducative des enfants et des jeunes au travers de la scolarité, de "
        "l'ouverture culturelle, du bien-être et des compétences psycho-sociales",
        "Assurer la réussite éducative des enfants et des jeunes au travers de la scolarité, de "
        "l'ouverture culturelle, du bien-être et des compétences psychosociales",
    ),
    (
        "Développer l'accompagnement à la parentalité et conforter les parents dans leur rôle 'éducatif",
        "Développer l'accompagnement à la parentalité et conforter les parents dans leur rôle éducatif",
    ),
    (
        "Sensibiliser les 'habitants à l'écocitoyenneté, la maîtrise budgétaire et la gestion de l'énergie",
        "Sensibiliser les habitants à l'écocitoyenneté, la maîtrise budgétaire et la gestion de l'énergie",
    ),
    (
        "Associer les habitants aux transitions urbaines et environnemen tales",
        "Associer les habitants aux transitions urbaines et environnementales",
    ),
]


def main() -> None:
    parsed = [parse(read(p)) for p in sorted(SOURCES.glob("*.txt"))]
    fw = Framework.build([c for p in parsed for c in p.candidates()])
    labels = [c.label for c in fw.objectives.values()]
    same = [
        max(
            similarity(match_key(a), match_key(b), partial=False),
            similarity(match_key(b), match_key(a), partial=False),
        )
        for a, b in SAME
    ]
    diff = [
        max(
            similarity(match_key(a), match_key(b), partial=False),
            similarity(match_key(b), match_key(a), partial=False),
        )
        for a, b in itertools.combinations(labels, 2)
    ]
    print(f"{len(SAME)} same-objective pairs: scores {sorted(round(s) for s in same)}")
    print(
        f"{len(diff)} different-objective pairs: highest scores {sorted(round(s) for s in diff)[-5:]}"
    )
    print()
    print(f"{'threshold':>9} {'same split':>11} {'different merged':>17}")
    for t in range(70, 101, 2):
        mark = "  <- SAME_CONCEPT" if t == SAME_CONCEPT else ""
        print(f"{t:>9} {sum(s < t for s in same):>11} {sum(d >= t for d in diff):>17}{mark}")


if __name__ == "__main__":
    main()
