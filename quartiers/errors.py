"""Errors the user sees: one line naming the file (and line where it applies)."""

from __future__ import annotations

from pathlib import Path


class QuartiersError(Exception):
    """Base of the errors the CLI turns into a one-line message and exit code 2."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(QuartiersError):
    """The input cannot be read as a convention document."""
