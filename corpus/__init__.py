"""The embedded default corpus and the registry data, shipped as package data of
`cancu.corpus` (no code): plans/ (5 seed plans), realdocs/ (269 real documents,
documents.tsv), registry/ (the instrument registry's tables, research/ facts).
`cancu ingest` and `cancu run` read plans/ and realdocs/ when given no path;
`cancu.kg.registry.instruments.default_registry_dir` reads registry/."""
