"""The knowledge graph: vocabulary, instrument registry, resolution of mentions
to instruments, graph building, the store, named queries and chains."""
