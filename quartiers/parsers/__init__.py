"""One parser per kind of section; each turns lines into model objects and marks the lines
it used in the ledger."""
