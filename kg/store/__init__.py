"""Where the graph lives: the on-disk Oxigraph store (graph), its published checkpoints for
readers (snapshots) with what each checkpoint carries — the "who cites X" index
(cites_index), every obligation as a row (obligations_index, read from the store by
obligation_rows), the chain graph a chain walks (chains_index), the document list
(documents_index), the audit's findings placed in their text (findings_index) and the counts
(counts_index), all on one sqlite base (checkpoint_index) — and a client of a standard
SPARQL endpoint with the same query contract (endpoint)."""
