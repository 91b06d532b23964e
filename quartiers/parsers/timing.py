"""What an action's text ends with besides the action itself: when it runs ("… – 2025",
"… – 2024-2026", "… – chaque année") and its priority ("… (priorité 1)"). Authors tag actions
so in a table with no column for it; a reader keeps the action and the tag apart."""

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


def split_tags(text: str) -> tuple[str, str | None, int | None]:
    """The action's text, its schedule as written, its priority rank; the tags in either
    order ("… – 2025 (priorité 2)")."""
    schedule: str | None = None
    priority: int | None = None
    for _ in range(2):
        if priority is None and (p := _PRIORITY.search(text)):
            priority, text = int(p.group("rank")), text[: p.start()].rstrip()
        if schedule is None and (s := _SCHEDULE.search(text)):
            schedule, text = s.group("when"), text[: s.start()].rstrip()
    return text, schedule, priority
