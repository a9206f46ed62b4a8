"""Chains of authority and duty with networkx over the store (walk), and
reachability, paths and centrality (network)."""
