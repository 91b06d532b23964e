"""Format readers other than plain text: each turns a source into the same blocks."""
