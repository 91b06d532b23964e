"""Server configuration: command-line options, with environment variables for secrets and
deployment details."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from quartiers.iris import DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent


def _env_list(name: str) -> set[str]:
    return {h.strip().lower() for h in os.environ.get(name, "").split(",") if h.strip()}


@dataclass
class Settings:
    data: list[Path] = field(default_factory=lambda: [ROOT / "data" / "ttl"])
    store_dir: Path | None = None  # default: a temporary on-disk store
    query_timeout: float = 30.0
    max_results: int = 100_000
    base: str | None = None
    workers: int = int(os.environ.get("QUARTIERS_WORKERS", "2"))
    # "memory": each worker queries an in-memory copy (faster); "disk": read-only RocksDB (less RAM)
    worker_store: str = os.environ.get("QUARTIERS_WORKER_STORE", "memory")
    update_token: str | None = os.environ.get("QUARTIERS_UPDATE_TOKEN") or None
    service_allow: set[str] = field(default_factory=lambda: _env_list("QUARTIERS_SERVICE_ALLOW"))
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
