"""Text utilities: accent folding, normalisation with an offset map."""
