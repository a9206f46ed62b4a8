"""Chains of authority and duty, walked through a checkpoint's chain index, a node at
a time (walk), and reachability, paths and centrality over a
citation network built from the whole store (network; used by no command or page)."""
