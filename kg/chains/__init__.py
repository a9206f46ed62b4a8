"""Chains of authority and duty, walked through a checkpoint's chain index with networkx
for the part a walk reaches (walk), and reachability, paths and centrality over a
citation network built from the whole store (network; used by no command or page)."""
