"""Synthetic conventions of the same family as the real ones, in the layouts the converter
reads, each with what it must read (`quartiers synth`)."""
