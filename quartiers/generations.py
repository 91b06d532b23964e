"""The served store as a series of generations: `ROOT/gen-N` are pyoxigraph (RocksDB)
directories and `ROOT/current` a symlink to the published one. A write copies the current
generation (a RocksDB checkpoint: hard links, not a copy of the data), changes the copy, and
publishes it by replacing the symlink in one rename; readers keep the generation they opened.
So a reader never sees half a write, a failed or timed-out write leaves nothing behind, and
a restart serves the last published state."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from quartiers import messages as M
from quartiers.errors import InputError

_GEN = re.compile(r"^gen-(\d+)$")


class Generations:
    def __init__(self, root: Path):
        self.root = root

    @property
    def link(self) -> Path:
        return self.root / "current"

    def check_layout(self) -> None:
        if (self.root / "CURRENT").is_file():
            raise InputError(M.OLD_STORE(), self.root)

    def current(self) -> Path | None:
        """The published generation, if any."""
        if not self.link.is_symlink():
            return None
        target = self.root / os.readlink(self.link)
        return target if target.is_dir() else None

    def numbers(self) -> list[int]:
        if not self.root.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.root.iterdir() if (m := _GEN.match(p.name)))

    def fresh(self) -> Path:
        """A new, not yet existing generation directory."""
        self.root.mkdir(parents=True, exist_ok=True)
        n = max(self.numbers(), default=0) + 1
        return self.root / f"gen-{n}"

    def publish(self, gen: Path) -> None:
        """Point `current` at gen in one atomic rename."""
        tmp = self.root / ".current.tmp"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(gen.name)
        os.replace(tmp, self.link)
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def collect(self, keep: set[Path]) -> None:
        """Remove generations nobody uses (the current one is always kept)."""
        current = self.current()
        wanted = {p.resolve() for p in keep} | ({current.resolve()} if current else set())
        for n in self.numbers():
            gen = self.root / f"gen-{n}"
            if gen.resolve() not in wanted:
                shutil.rmtree(gen, ignore_errors=True)
