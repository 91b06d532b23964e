"""Server configuration: command-line options, with environment variables for secrets and
deployment details."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from quartiers.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent


def _env_list(name: str) -> set[str]:
    return {h.strip().lower().rstrip(".") for h in os.environ.get(name, "").split(",") if h.strip()}


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
    workers: int = int(os.environ.get("QUARTIERS_WORKERS", "3"))
    # "disk": each worker opens the on-disk store read-only (started in milliseconds, the data
    # shared through the page cache); "memory": each copies it into memory (RAM and start-up
    # time grow with the store, for each worker)
    worker_store: str = os.environ.get("QUARTIERS_WORKER_STORE", "disk")
    update_token: str | None = os.environ.get("QUARTIERS_UPDATE_TOKEN") or None
    service_allow: set[str] = field(default_factory=lambda: _env_list("QUARTIERS_SERVICE_ALLOW"))
    # network isolation of the engine processes: auto, netns, userns+netns, seccomp or off
    sandbox: str = os.environ.get("QUARTIERS_SANDBOX", "auto")
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
