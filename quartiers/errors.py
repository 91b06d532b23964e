"""Errors the user sees: one line naming the file, line and column where they apply, in the
user's language (quartiers/messages.py), and the exit code the command ends with."""

from __future__ import annotations

from pathlib import Path

from quartiers.messages import Message, render


class QuartiersError(Exception):
    """Base of the errors the CLI turns into a one-line message and exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str | Message,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        context: tuple[str, ...] = (),
    ):
        self.text = message
        self.message = render(message, "en")
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.context = context  # lines shown under the message (a query line and its caret)
        super().__init__(self.__str__())

    def where(self) -> str:
        """`file:line:column: `, the form editors and terminals link to."""
        if not self.path:
            return ""
        where = self.path
        if self.line:
            where += f":{self.line}" + (f":{self.column}" if self.column else "")
        return where + ": "

    def render(self, lang: str | None = None) -> str:
        return f"{self.where()}{render(self.text, lang)}"

    def __str__(self) -> str:
        return self.render("en")


class InputError(QuartiersError):
    """The input cannot be read as a convention document."""
