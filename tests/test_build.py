"""`quartiers build` at scale: incremental (only changed documents are converted again, the
others keep their files), the same output whether documents are converted alone, in a batch,
in one process or in several, and validation in parts that finds what SHACL over the whole
graph finds."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quartiers.checks import validate_files
from quartiers.cli import app
from quartiers.convert import convert
from quartiers.store import data_files
from quartiers.validate import Finding, validate
from tests.conftest import ROOT, SOURCES, Built

runner = CliRunner()
SHAPES = ROOT / "shapes"


def _key(f: Finding) -> tuple[object, ...]:
    return (f.severity, f.shape, f.focus, f.path, f.value, f.message, f.source, f.first_line)


def _build(src: Path, out: Path, *extra: str) -> str:
    r = runner.invoke(app, ["build", "--sources", str(src), "--out", str(out), *extra])
    assert r.exit_code == 0, r.output
    return r.output


def test_incremental_build(tmp_path: Path, built: Built) -> None:
    src, out = tmp_path / "sources", tmp_path / "ttl"
    shutil.copytree(SOURCES, src)
    assert "2 documents converted, 0 unchanged" in _build(src, out)
    divion = out / "convention-divion.ttl"
    inode, before = divion.stat().st_ino, divion.read_bytes()
    assert before == (built.out / "convention-divion.ttl").read_bytes()  # as in a batch
    haisnes = src / "convention-haisnes.txt"
    haisnes.write_text(
        haisnes.read_text(encoding="utf-8").replace("Manque de logements", "Pénurie de logements"),
        encoding="utf-8",
    )
    output = _build(src, out)
    assert "1 document converted, 1 unchanged" in output
    assert "SHACL: conforms" in output
    assert divion.stat().st_ino == inode and divion.read_bytes() == before  # carried, not redone
    alone = tmp_path / "alone"
    convert([haisnes], alone)  # the changed document converted alone gives the same file
    got = (out / "convention-haisnes.ttl").read_bytes()
    assert got == (alone / "convention-haisnes.ttl").read_bytes()
    assert "Pénurie de logements" in got.decode()
    manifest = json.loads((out / ".build.json").read_text())
    assert set(manifest["documents"]) == {"convention-divion.txt", "convention-haisnes.txt"}
    assert "0 documents converted, 2 unchanged" in _build(src, out)
    assert "2 documents converted, 0 unchanged" in _build(src, out, "--full")
    (src / "convention-haisnes.txt").unlink()  # a removed source leaves the output
    _build(src, out)
    assert not (out / "convention-haisnes.ttl").exists() and divion.exists()


def test_parallel_build_gives_the_batch_output(tmp_path: Path, built: Built) -> None:
    out = tmp_path / "ttl"
    assert "2 documents converted" in _build(SOURCES, out, "--jobs", "2")
    for name in ("convention-divion", "convention-haisnes", "framework", "reference"):
        assert (out / f"{name}.ttl").read_bytes() == (built.out / f"{name}.ttl").read_bytes()


def test_validation_in_parts_finds_what_the_whole_graph_gives(built: Built) -> None:
    whole = validate([built.out], SHAPES)
    parts = validate([built.out], SHAPES, engine="store")
    assert Counter(map(_key, parts.findings)) == Counter(map(_key, whole.findings))
    assert parts.counts() == whole.counts() and parts.conforms
    cli = runner.invoke(app, ["validate", str(built.out), "--engine", "store", "--format", "json"])
    assert cli.exit_code == 0, cli.output
    assert len(json.loads(cli.output)["results"]) == len(parts.findings)


@pytest.fixture(scope="module")
def shared_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Documents that describe the same resources: Haisnes and a Douvrin convention that
    describe Saint-Elie - Fosse 13 (a QPV over three communes), and a second document for
    Divion (an amendment) minting the same IRIs as the first."""
    src = tmp_path_factory.mktemp("shared-sources")
    shutil.copytree(SOURCES, src, dirs_exist_ok=True)
    haisnes = (SOURCES / "convention-haisnes.txt").read_text(encoding="utf-8")
    douvrin = haisnes.replace("Commune de Haisnes", "Commune de Douvrin").replace(
        "Accès limité aux transports en commun", "Ligne de bus supprimée en 2023"
    )
    (src / "convention-douvrin.txt").write_text(douvrin.replace("\n\n", "\n\n\n", 3))
    divion = (SOURCES / "convention-divion.txt").read_text(encoding="utf-8")
    (src / "convention-divion-avenant.txt").write_text(divion.replace("44 hectares", "45 hectares"))
    out = src / "ttl"
    convert(sorted(src.glob("*.txt")), out)
    return out


def test_shared_resources_are_checked_on_the_union(shared_corpus: Path) -> None:
    files = data_files([shared_corpus])
    whole = validate(files, SHAPES, engine="turbo")
    parts = validate_files(files, SHAPES)
    assert Counter(map(_key, parts.findings)) == Counter(map(_key, whole.findings))
    # the two Divion documents contradict each other: the whole graph sees it, so do the parts
    assert not parts.conforms
    assert any("Surface" in f.label or "surface" in f.focus for f in parts.findings)
