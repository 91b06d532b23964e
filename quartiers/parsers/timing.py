"""What an action's text ends with besides the action itself: when it runs ("… – 2025",
"… – 2024-2026", "… – chaque année"), its priority ("… (priorité 1)") and how far it has got
("… [en cours]", "… ✅ réalisé"). Authors tag actions so in a table with no column for it; a
reader keeps the action and the tag apart."""

from __future__ import annotations

import re

_YEAR = r"20\d\d"
_SCHEDULE = re.compile(
    r"\s+[–—-]\s+(?P<when>"
    rf"(?:(?:en|dès|des|à partir de|a partir de|d'ici|fin|début|debut)\s+)?{_YEAR}"
    rf"(?:\s*(?:[-–/]|à|a)\s*{_YEAR})?"
    r"|chaque année|chaque annee|tous les ans|annuel(?:le)?|en continu|permanente?"
    rf"|(?:1er|2e|premier|second)\s+semestre\s+{_YEAR}"
    r")\s*\.?$",
    re.I,
)
_PRIORITY = re.compile(r"\s*\(\s*priorit[ée]\s*(?:n\s*°\s*)?(?P<rank>[1-5])\s*\)\s*\.?$", re.I)
# a state set apart from the action: in brackets, after a dash, or after a pictogram ("… en
# cours" alone is the action's own words: "Poursuivre l'étude en cours")
_STATE = (
    r"(?P<state>r[ée]alis[ée]e?s?|en cours|[àa] venir|termin[ée]e?s?|achev[ée]e?s?|engag[ée]e?s?"
    r"|programm[ée]e?s?|pr[ée]vue?s?|reconduite?s?|nouvelle|nouveau|en projet|[àa] lancer"
    r"|en attente|abandonn[ée]e?s?)"
)
_PICTOGRAM = r"[^\w\s\[\](),.;:'’«»\"–—-]{1,3}"
_PROGRESS = re.compile(
    rf"(?:\s*[\[(]\s*(?:{_PICTOGRAM}\s*)?|\s+[–—-]\s+(?:{_PICTOGRAM}\s*)?|\s+{_PICTOGRAM}\s*)"
    rf"{_STATE}\s*[\])]?\s*\.?$",
    re.I,
)


def split_tags(text: str) -> tuple[str, str | None, int | None, str | None]:
    """The action's text, its schedule as written, its priority rank, its state as written
    ("en cours"); the tags in any order ("… – 2025 (priorité 2) [en cours]")."""
    schedule: str | None = None
    priority: int | None = None
    progress: str | None = None
    for _ in range(3):
        if progress is None and (g := _PROGRESS.search(text)):
            progress, text = g.group("state").lower(), text[: g.start()].rstrip()
        if priority is None and (p := _PRIORITY.search(text)):
            priority, text = int(p.group("rank")), text[: p.start()].rstrip()
        if schedule is None and (s := _SCHEDULE.search(text)):
            schedule, text = s.group("when"), text[: s.start()].rstrip()
    return text, schedule, priority, progress
