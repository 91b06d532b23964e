"""Server configuration: command-line options, with environment variables for secrets and
deployment details."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from quartiers import messages as M
from quartiers.errors import InputError
from quartiers.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent
WORKER_STORES = ("memory", "disk")
SANDBOXES = ("auto", "netns", "userns+netns", "seccomp", "off")  # server/sandbox.py


def _env_list(name: str) -> set[str]:
    return {h.strip().lower().rstrip(".") for h in os.environ.get(name, "").split(",") if h.strip()}


def _env_int(name: str, default: int) -> int:
    """A positive whole number from the environment: a typo stops `serve` with one line."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise InputError(M.BAD_SETTING(name=name, value=raw, expected=M.A_COUNT()))
    return int(raw)


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a few words: an unknown one is refused, never read as another (a misspelt
    QUARTIERS_SANDBOX must not turn network isolation off)."""
    raw = os.environ.get(name, "").strip() or default
    if raw not in choices:
        raise InputError(M.BAD_SETTING(name=name, value=raw, expected=" | ".join(choices)))
    return raw


@dataclass
class Settings:
    data: list[Path] = field(default_factory=lambda: [ROOT / "data" / "ttl"])
    store_dir: Path | None = None  # default: a temporary on-disk store
    endpoint: str | None = None  # a remote SPARQL engine holding the data (quartiers/remote.py)
    query_timeout: float = 30.0  # from arrival to answer, waiting for a free engine included
    max_results: int = 100_000
    max_body: int = 8 * 1024 * 1024  # bytes of a request body (413 beyond)
    max_query_length: int = 100_000  # characters of a query or update (413 beyond)
    max_depth: int = 64  # bracket nesting of a query (400 beyond)
    max_waiting: int = 32  # queries queued for an engine (503 + Retry-After beyond)
    base: str | None = None
    workers: int = field(default_factory=lambda: _env_int("QUARTIERS_WORKERS", 3))
    # "disk": each worker opens the on-disk store read-only (started in milliseconds, the data
    # shared through the page cache); "memory": each copies it into memory (RAM and start-up
    # time grow with the store, for each worker)
    worker_store: str = field(
        default_factory=lambda: _env_choice("QUARTIERS_WORKER_STORE", "disk", WORKER_STORES)
    )
    update_token: str | None = os.environ.get("QUARTIERS_UPDATE_TOKEN") or None
    service_allow: set[str] = field(default_factory=lambda: _env_list("QUARTIERS_SERVICE_ALLOW"))
    # network isolation of the engine processes: auto, netns, userns+netns, seccomp or off
    sandbox: str = field(
        default_factory=lambda: _env_choice("QUARTIERS_SANDBOX", "auto", SANDBOXES)
    )
    public_url: str | None = os.environ.get("QUARTIERS_PUBLIC_URL") or None
    sources: Path = ROOT / "data" / "sources"
    # old IRI paths answered with 301 (see server/redirects.py)
    iri_redirects: Path = Path(
        os.environ.get("QUARTIERS_IRI_REDIRECTS")
        or ROOT / "data" / "reference" / "iri-redirects.csv"
    )
    load_ontology: bool = True

    @property
    def data_base(self) -> str:
        return self.base or DEFAULT_BASE
