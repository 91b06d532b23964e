"""Source spans: the first and last line of the source a fact was read from. Shared by the
document model and the typed model, so it depends on nothing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """First and last source line (1-based, inclusive)."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError(f"bad span {self.first}>{self.last}")

    @classmethod
    def of(cls, line: int) -> Span:
        return cls(line, line)

    def lines(self) -> range:
        return range(self.first, self.last + 1)

    def union(self, other: Span | None) -> Span:
        if other is None:
            return self
        return Span(min(self.first, other.first), max(self.last, other.last))
