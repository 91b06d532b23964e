"""Shared fixtures: the real corpus converted once per session, an embedded store over it,
and real servers started on free loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from quartiers.convert import Result, convert
from quartiers.model import Convention, Quartier
from quartiers.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
# fixtures, and the standards' conformance material with its licence notice (tests/data/README.md)
TEST_DATA = ROOT / "tests" / "data"


@dataclass
class Built:
    out: Path
    results: list[Result]

    def convention(self, commune: str) -> Convention:
        return next(r.convention for r in self.results if r.convention.commune == commune)

    def quartier(self, name: str) -> Quartier:
        for r in self.results:
            for q in r.convention.quartiers:
                if q.name == name:
                    return q
        raise KeyError(name)


def violating_sources(tmp: Path) -> Path:
    """A directory with one convention whose output breaks an integrity shape: a QIC that
    carries a QPV code (the converter keeps what is written, the shapes object)."""
    src = tmp / "bad-sources"
    src.mkdir()
    text = (SOURCES / "convention-haisnes.txt").read_text(encoding="utf-8")
    (src / "convention-haisnes.txt").write_text(
        text.replace(
            "Statut : Quartier prioritaire de la politique de la ville",
            "Statut : Quartier d'intérêt communautaire",
        ),
        encoding="utf-8",
    )
    return src


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("ttl")
    return Built(out, convert(sorted(SOURCES.glob("*.txt")), out))


@pytest.fixture(scope="session")
def store(built: Built) -> Store:
    return open_store([built.out])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def logs(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(
    tmp: Path, data: list[Path], *extra: str, env: dict[str, str] | None = None, timeout: float = 90
) -> Server:
    port = free_port()
    log = tmp / f"server-{port}.log"
    args = [sys.executable, "-m", "quartiers.cli", "serve", "--port", str(port)]
    for d in data:
        args += ["--data", str(d)]
    args += list(extra)
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.Popen(
        args, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=full_env, cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return Server(url, proc, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not start: {log.read_text()}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def server(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = start_server(
        tmp_path_factory.mktemp("server"),
        [built.out],
        "--query-timeout",
        "3",
        "--max-results",
        "5000",
        env={"QUARTIERS_IRI_REDIRECTS": str(TEST_DATA / "iri-redirects.csv")},
    )
    yield s
    stop_server(s)
