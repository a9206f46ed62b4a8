"""The knowledge graph. At the top, what every room shares: typed objects (model), IRIs
from identity (iri), namespaces and the ontology (vocab, ontology.ttl), the read models
pages and exports receive (views), status words (statuses), data files (data/). The rooms,
from the ground up: registry (instruments, resolution, lookup), audit (stale bases),
triples (the graph of a document, of the registry, of obligations), store (Oxigraph,
checkpoints and what they carry, SPARQL endpoint client), sparql (users' queries, run
safely), queries (named queries, reports, obligations, calendar), chains (walks over
the chain index; networkx for the citation network)."""
