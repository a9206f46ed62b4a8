"""The composition root: configuration, the ingest pipeline that wires
nlp → kg → search, and the `cancu` command line."""
