"""Publishing a build: everything is written into a fresh staging directory beside the
output, validated there, and swapped in with one atomic rename only if validation passes.

The swap is renameat2(RENAME_EXCHANGE) where the file system has it (Linux: ext4, xfs,
btrfs, tmpfs): the output directory is the old state or the new one at every instant; the
old state ends in the staging directory, which is then removed. A SIGTERM, SIGINT or SIGHUP
removes the staging directory before exiting; one left by a SIGKILL (or a power cut) is
removed by the next run, as is any staging directory whose process is gone."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from quartiers.validate import Report, validate

AT_FDCWD = -100
RENAME_EXCHANGE = 2
SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def _stage_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(out.name)}\.build-(\d+)(-old)?$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(out: Path) -> list[Path]:
    """Remove staging directories left by runs that were killed."""
    removed: list[Path] = []
    pattern = _stage_pattern(out)
    if not out.parent.is_dir():
        return removed
    for p in sorted(out.parent.iterdir(), key=lambda p: p.name, reverse=True):
        m = pattern.match(p.name)
        if not m or _alive(int(m.group(1))):
            continue
        if m.group(2) and not out.exists():  # killed between the two fallback renames
            os.rename(p, out)
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    return removed


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    sys.exit(128 + signum)  # unwinds: the staging directory is removed on the way out


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A fresh directory beside `out` (same file system, so the swap is a rename), removed
    on the way out whatever happens, signals included."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    stage = out.parent / f".{out.name}.build-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    previous = {s: signal.signal(s, _exit_on_signal) for s in SIGNALS}
    try:
        yield stage
    finally:
        for s in SIGNALS:  # no second signal in the middle of the cleanup
            signal.signal(s, signal.SIG_IGN)
        shutil.rmtree(stage, ignore_errors=True)
        for s, handler in previous.items():
            signal.signal(s, handler)


def _fsync_tree(d: Path) -> None:
    for p in [*d.iterdir(), d]:
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, bytes(a), AT_FDCWD, bytes(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def publish(stage: Path, out: Path) -> None:
    """Make `stage` the content of `out` in one atomic step; the old content ends in
    `stage` (removed by `staging`)."""
    out = out.absolute()
    _fsync_tree(stage)
    if not out.exists():
        os.rename(stage, out)
        stage.mkdir()  # staging() removes it
    elif not _exchange(stage, out):
        # no atomic exchange here: two renames, with a moment where `out` is absent
        old = stage.with_name(stage.name + "-old")
        os.rename(out, old)
        os.rename(stage, out)
        os.rename(old, stage)
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_integrity(files: list[Path], shapes: Path, base: str) -> Report:
    """The integrity shapes only (violations), as a conversion's self-check."""
    return validate(files, shapes / "integrity.ttl", base=base)
