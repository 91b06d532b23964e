"""`build` publishes by one atomic rename only what validated; a kill at any moment leaves the
old or the new data and, after the run that follows, no staging directory; `convert` fails
on output that breaks the integrity shapes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from quartiers.cli import app
from tests.conftest import ROOT, SOURCES, violating_sources

runner = CliRunner()
NEW_FILES = {
    ".build.json",  # what the next build may keep (quartiers/build.py)
    "convention-haisnes.report.json",
    "convention-haisnes.ttl",
    "framework.ttl",
    "reference.ttl",
}


def old_state(out: Path) -> None:
    out.mkdir()
    (out / "old.ttl").write_text("<urn:old> <urn:state> <urn:here> .\n")


def state_of(out: Path) -> str:
    names = {p.name for p in out.iterdir()}
    if names == {"old.ttl"}:
        return "old"
    assert names == NEW_FILES, names
    assert all(p.stat().st_size > 0 for p in out.iterdir())
    return "new"


def staging_dirs(out: Path) -> list[str]:
    return [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.build-")]


def test_convert_fails_on_output_that_breaks_the_integrity_shapes(tmp_path: Path) -> None:
    src = violating_sources(tmp_path)
    r = runner.invoke(app, ["convert", str(src / "convention-haisnes.txt"), "--out", str(tmp_path)])
    assert r.exit_code == 1
    assert "DOES NOT CONFORM" in r.output and "ne doit pas avoir de code QPV" in r.output


def test_a_failing_build_leaves_the_published_data_alone(tmp_path: Path) -> None:
    out = tmp_path / "ttl"
    old_state(out)
    r = runner.invoke(
        app, ["build", "--sources", str(violating_sources(tmp_path)), "--out", str(out)]
    )
    assert r.exit_code == 1 and "left unchanged" in r.output
    assert state_of(out) == "old" and staging_dirs(out) == []


def _build(src: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "quartiers.cli", "build", "--sources", str(src), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for(predicate: Callable[[], bool], proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_a_killed_build_leaves_the_old_or_the_new_data(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    src.mkdir()
    shutil.copy(SOURCES / "convention-haisnes.txt", src)
    out = tmp_path / "ttl"
    old_state(out)

    # (a SIGKILL while validating proves nothing a SIGKILL while converting does not: the
    # rename comes after both; each build here loads the NLP model, about 10 s of the suite)
    for what, sig in (("converting", signal.SIGKILL), ("validating", signal.SIGTERM)):
        proc = _build(src, out)
        stage = out.parent / f".{out.name}.build-{proc.pid}"  # this run's, not one left before
        moment = stage.exists if what == "converting" else (stage / "reference.ttl").exists
        reached = _wait_for(moment, proc)
        proc.send_signal(sig)
        proc.wait(30)
        assert reached, f"the build ended before {what}"
        assert state_of(out) == "old", (what, sig)
        if sig == signal.SIGTERM:
            assert not stage.exists(), "SIGTERM: the staging directory is removed"
    proc = _build(src, out)
    assert proc.wait(120) == 0
    assert state_of(out) == "new"
    assert staging_dirs(out) == []  # and what the SIGKILLs left is gone too
    assert sorted(os.listdir(out.parent)) == ["sources", "ttl"]
