"""`quartiers synth`: synthetic conventions in every layout the generator writes read back
exactly as generated (scored against their .expected.json like the other communes'
conventions), and their conversion reports show no loss: nothing not understood, no warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quartiers.cli import app
from quartiers.convert import Result, convert
from quartiers.framework import Framework
from quartiers.iris import DEFAULT_BASE
from quartiers.losses import LOSS_KINDS
from quartiers.reference import Reference
from quartiers.synth import corpus
from tests.accuracy import score
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Result]]:
    out = tmp_path_factory.mktemp("synth")
    res = CliRunner().invoke(app, ["synth", "--out", str(out), "--quartiers", "14", "--seed", "7"])
    assert res.exit_code == 0, res.output
    docs = sorted(out.glob("*.txt"))
    return out, convert(docs, out / "ttl")


def test_the_same_seed_gives_the_same_corpus(
    synthetic: tuple[Path, list[Result]], tmp_path: Path
) -> None:
    out, _ = synthetic
    res = CliRunner().invoke(
        app, ["synth", "--out", str(tmp_path), "--quartiers", "14", "--seed", "7"]
    )
    assert res.exit_code == 0
    again = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert again == {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_synthetic_corpus_counts_and_layouts(synthetic: tuple[Path, list[Result]]) -> None:
    out, results = synthetic
    expected = [json.loads(p.read_text()) for p in sorted(out.glob("*.expected.json"))]
    distinct = {
        q["code_2024"] or (e["commune"], q["name"]) for e in expected for q in e["quartiers"]
    }
    assert len(distinct) == 14
    assert len(results) == len(expected) >= 14 / 4
    assert {e["layout"] for e in expected} - {"plain"}, "every document in the seeds' layout"


def test_synthetic_documents_read_exactly_as_generated(
    synthetic: tuple[Path, list[Result]],
) -> None:
    _, results = synthetic
    fw = Framework.load(ROOT / "data" / "reference" / "framework.ttl", DEFAULT_BASE)
    ref = Reference.load()
    for r in results:
        exp = json.loads(r.source.with_suffix(".expected.json").read_text(encoding="utf-8"))
        rep = score(r, exp, fw, ref)
        for part in ("quartiers", "codes", "rows", "actions", "indicators", "signatories"):
            s = getattr(rep, part)
            assert (s.fn, s.fp) == (0, 0), (r.source.name, exp["layout"], part, s.misses, s.extras)
        assert rep.signature.fn == 0 and rep.partners.fn == 0, (rep.signature, rep.partners)


def test_synthetic_documents_convert_without_losses(synthetic: tuple[Path, list[Result]]) -> None:
    _, results = synthetic
    for r in results:
        report = json.loads(r.report.read_text(encoding="utf-8"))
        assert report["lines"]["not_understood"] == 0, r.source.name
        losses = [n for n in r.convention.notes if n.kind in LOSS_KINDS and n.severity == "warning"]
        assert not losses, (r.source.name, [(n.kind, n.message) for n in losses])


def test_every_layout_reads_exactly(tmp_path: Path) -> None:
    """One document per layout the corpus uses (and one in Windows-1252), from the same spec."""
    from quartiers.synth.material import load

    gen = corpus.Generator(load(), seed=11)
    doc = next(gen.documents(2))
    docs = []
    for i, layout in enumerate(corpus.LAYOUTS):
        docs.append(corpus.Document(f"convention-l{i}.txt", doc.spec, layout, cp1252=i == 1))
    paths = corpus.write(iter(docs), tmp_path)
    fw = Framework.load(ROOT / "data" / "reference" / "framework.ttl", DEFAULT_BASE)
    ref = Reference.load()
    for r in convert(paths, tmp_path / "ttl"):
        exp = json.loads(r.source.with_suffix(".expected.json").read_text(encoding="utf-8"))
        rep = score(r, exp, fw, ref)
        misread = {
            k: (getattr(rep, k).misses, getattr(rep, k).extras)
            for k in ("quartiers", "codes", "rows", "actions", "indicators", "signatories")
            if getattr(rep, k).fn or getattr(rep, k).fp
        }
        assert not misread, (exp["layout"], misread)
