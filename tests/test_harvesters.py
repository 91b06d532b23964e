"""Harvested as portals harvest: CKAN's ckanext-dcat harvester (the real package from PyPI, in
its own environment) gathers the catalogue from the server on loopback; the datasets and
resources it makes are checked against what the server serves."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess

import httpx
import pytest

from tests.conftest import ROOT, Server

PYTHON = ROOT / ".venv-harvest" / "bin" / "python"
GATHER = ROOT / "tests" / "harvesters" / "ckan_gather.py"
BASE = "https://w3id.org/quartiers-kg/id/"

pytestmark = pytest.mark.skipif(
    not PYTHON.exists() and not os.environ.get("CI"),
    reason="the CKAN harvester's environment is missing: run `make harvester` (make test does)",
)


@pytest.fixture(scope="module")
def ckan(server: Server) -> dict[str, object]:
    run = subprocess.run(
        [str(PYTHON), str(GATHER), server.url + "/catalog"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_ckan_gathers_every_dataset(ckan: dict[str, object], server: Server) -> None:
    assert ckan["errors"] == []
    datasets = {d["guid"]: d for d in ckan["datasets"]}  # type: ignore[attr-defined]
    assert set(datasets) == {
        BASE + "dataset",
        BASE + "dataset/convention/62270",
        BASE + "dataset/convention/62401",
        BASE + "dataset/graphe/cadre",
        BASE + "dataset/graphe/reference",
    }
    divion = datasets[BASE + "dataset/convention/62270"]
    assert divion["title"] == "Convention d'application communale de Divion"  # a French portal
    assert {t["name"] for t in divion["tags"]} >= {"politique de la ville", "QPV"}
    extras = {e["key"]: e["value"] for e in divion["extras"]}
    assert extras["temporal_start"] == "2024-01-01" and extras["temporal_end"] == "2030-12-31"
    assert extras["publisher_name"] == "quartiers-kg"
    # the harvester checks the source with HEAD before fetching it, as CKAN does
    assert '"HEAD /catalog" 200' in server.logs()


def test_ckan_resources_are_the_downloads(ckan: dict[str, object]) -> None:
    resources = [r for d in ckan["datasets"] for r in d["resources"]]  # type: ignore[attr-defined]
    files = [r for r in resources if r.get("download_url")]
    assert len(files) == 10
    for r in files:
        got = httpx.get(r["url"])
        assert got.status_code == 200, r["url"]
        assert r["size"] == len(got.content)
        assert r["hash_algorithm"] == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
        assert r["hash"] == hashlib.sha256(got.content).hexdigest()
        assert r["license"] == "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
        assert r["format"].startswith("http://publications.europa.eu/resource/authority/file-type/")
        assert r["mimetype"].startswith("https://www.iana.org/assignments/media-types/")
    sparql = [r for r in resources if not r.get("download_url")]
    assert len(sparql) == 1 and sparql[0]["url"].endswith("/sparql")
    assert httpx.get(sparql[0]["url"], params={"query": "ASK {}"}).status_code == 200


def test_what_udata_reads(server: Server) -> None:
    """data.gouv.fr's DCAT backend (udata) guesses the format from HEAD's Content-Type when
    the URL has no extension, and keys datasets by dct:identifier."""
    head = httpx.head(server.url + "/catalog")
    assert head.status_code == 200
    assert head.headers["content-type"].split(";")[0] == "text/turtle"
