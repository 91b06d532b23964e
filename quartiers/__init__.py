"""quartiers-kg: contrats de ville "Engagements Quartiers 2030" as a knowledge graph."""

__version__ = "0.1.0"
