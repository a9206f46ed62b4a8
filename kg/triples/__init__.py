"""Triples of the graph: one document's named graph (document, its mentions with their
evidence), the registry's graph (registry), obligations and findings (tasks);
synthetic documents for benchmarks and tests (synth)."""
