"""Where the graph lives: the on-disk Oxigraph store (graph), its published
checkpoints for readers (snapshots) with their "who cites X" index (cites_index)
and every obligation as a row (obligations_index),
and a client of a standard SPARQL endpoint with the same query contract (endpoint)."""
