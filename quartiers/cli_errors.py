"""How a command fails, in one place: every error the user can cause is one line on stderr
(the file, line and column, what is wrong, in their language) and exit code 2; a bug is one
line saying so and where to report it, exit code 3; `--verbose` or QUARTIERS_DEBUG=1 adds
the traceback for a bug report. Exit codes a command sets itself (1: violations, losses with
--strict) pass through."""

from __future__ import annotations

import functools
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Annotated, Any, NoReturn, TypeVar, get_type_hints

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from quartiers import inputs
from quartiers import messages as M
from quartiers.errors import QuartiersError
from quartiers.messages import Message, Text, render

try:  # typer vendors click (0.2x on) and does not re-export its usage errors
    from typer._click import exceptions as click_exc
except ImportError:  # an older typer, on click itself
    import click.exceptions as click_exc  # type: ignore[no-redef]

F = TypeVar("F", bound=Callable[..., Any])
V = TypeVar("V")
INTERNAL_ERROR = 3
INTERRUPTED = 130
Verbose = Annotated[
    bool,
    typer.Option("--verbose", help="On an error, also show the traceback (or QUARTIERS_DEBUG=1)."),
]


def report_to() -> str:
    """Where bugs go: the package's "Issues" URL, else the README's section on it."""
    try:
        urls = metadata.metadata("quartiers-kg").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "bugs"):
            return url.strip()
    return "the issue tracker named in README.md (Reporting a problem)"


def debugging(verbose: bool = False) -> bool:
    return verbose or os.environ.get("QUARTIERS_DEBUG", "").lower() not in ("", "0", "false", "no")


def _console() -> Console:
    # made per call: a test runner swaps sys.stderr; soft_wrap keeps the line one line
    return Console(stderr=True, soft_wrap=True, highlight=False)


def say(kind: Text, message: Message | str, style: str = "bold red") -> None:
    text = " ".join(render(message).split("\n"))
    _console().print(f"[{style}]{escape(kind().render())}[/] {escape(text)}")


def warn(message: Message | str) -> None:
    say(M.WARNING, message, "bold yellow")


def note(message: Message | str) -> None:
    """A line of information on stderr (stdout is for results)."""
    _console().print(escape(render(message)))


def _traceback(exc: BaseException) -> None:
    sys.stderr.write("".join(traceback.format_exception(exc)))


def fail(exc: QuartiersError, verbose: bool = False) -> NoReturn:
    if debugging(verbose):
        _traceback(exc)
    say(M.ERROR, exc.render())
    for line in exc.context:  # a query's line and the caret under it, tabs kept to line up
        sys.stderr.write(line + "\n")
    raise typer.Exit(exc.exit_code)


def internal(exc: BaseException, verbose: bool = False) -> NoReturn:
    if debugging(verbose):
        _traceback(exc)
    first = str(exc).split("\n", 1)[0][:200]
    error = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    say(M.ERROR, M.INTERNAL(error=error, where=report_to()))
    raise typer.Exit(INTERNAL_ERROR)


def guarded(fn: F) -> F:
    """A command whose errors end as described above; it gains a --verbose option."""

    @functools.wraps(fn)
    def run(*args: Any, verbose: bool = False, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except QuartiersError as exc:
            fail(exc, verbose)
        except KeyboardInterrupt:
            say(M.ERROR, M.INTERRUPTED())
            raise typer.Exit(INTERRUPTED) from None
        except Exception as exc:
            internal(exc, verbose)

    signature = inspect.signature(fn, eval_str=True)
    extra = inspect.Parameter("verbose", inspect.Parameter.KEYWORD_ONLY, default=False)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), extra.replace(annotation=Verbose)]
    )
    run.__annotations__ = {**get_type_hints(fn, include_extras=True), "verbose": Verbose}
    return run  # type: ignore[return-value]


def checked(check: Callable[[V], V]) -> Callable[[V | None], V | None]:
    """An option's callback: its value checked before the command runs, a bad one a usage
    error (one line, exit 2, naming the option)."""

    def callback(value: V | None) -> V | None:
        if value is None:
            return None
        try:
            return check(value)
        except QuartiersError as exc:
            raise typer.BadParameter(exc.render()) from None

    return callback


base_option = checked(inputs.base_iri)  # --base: an absolute http(s) IRI
endpoint_option = checked(inputs.endpoint_url)  # --endpoint: an http(s) URL


def _param_name(exc: Any) -> str:
    """'--base', or SOURCES: what the user typed, or would have to."""
    hint = getattr(exc, "param_hint", None)
    if hint:
        return hint if isinstance(hint, str) else " / ".join(hint)
    param = getattr(exc, "param", None)
    if param is None:
        return "?"
    options = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    return " / ".join(f"'{o}'" for o in options) if options else str(param.name).upper()


def usage_message(exc: click_exc.UsageError) -> str:
    """A usage error (unknown option, missing argument, bad value) in one line."""
    message: Message | str
    if isinstance(exc, click_exc.NoSuchOption):
        near = sorted(exc.possibilities or [])
        hint = M.DID_YOU_MEAN(names=", ".join(near)) if near else ""
        message = M.NO_SUCH_OPTION(name=exc.option_name, suggestion=hint)
    elif isinstance(exc, click_exc.MissingParameter):
        param = getattr(exc, "param", None)
        argument = getattr(param, "param_type_name", "") == "argument"
        kind = M.KIND_ARGUMENT() if argument else M.KIND_OPTION()
        message = M.MISSING_PARAMETER(kind=kind, name=_param_name(exc))
    elif isinstance(exc, click_exc.BadParameter):
        detail = exc.message.removeprefix("Value error, ").rstrip(".")
        message = M.BAD_VALUE(name=_param_name(exc), detail=detail)
    else:
        message = exc.format_message().rstrip(".")
    command = exc.ctx.command_path if exc.ctx else "quartiers"
    return f"{render(message)} ({render(M.SEE_HELP(command=command))})"


class OneLineUsage(TyperGroup):
    """The command group: click's usage errors (an unknown option, a missing argument, a bad
    value) as one line and exit code 2, instead of a usage block and a framed message."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            rv = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_exc.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click_exc.UsageError as exc:
            say(M.ERROR, usage_message(exc))
            sys.exit(exc.exit_code)
        except click_exc.ClickException as exc:
            say(M.ERROR, exc.format_message())
            sys.exit(exc.exit_code)
        except typer.Abort:
            say(M.ERROR, M.INTERRUPTED())
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)
