"""A chain (law → decree → plan → task → unit) drawn as SVG, laid out here:
no external service, no script. Rows top to bottom: what things rest on
above, what they assign below; each node links to its page."""
from __future__ import annotations

from collections import deque
from typing import Callable

from markupsafe import Markup, escape

# Edges along which the target is the basis of the source (drawn above it).
UPWARD = frozenset({"based_on", "cites", "implements", "guides", "details", "repeals",
                    "amends", "replaces", "basis"})
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 232, 54, 26, 70, 20
CHARS = 29          # per line of a box, two lines at most
MAX_COLS = 6
MAX_EDGE_LABELS = 40
FILL = {"instrument": "#e8f0fb", "document": "#fdf3e1", "obligation": "#eaf6ec", "agency": "#f1ebf8"}
STROKE = {"instrument": "#2d5c9e", "document": "#a5670b", "obligation": "#2e7d32", "agency": "#6a3d9a"}
STATUS_STROKE = {"no_longer_in_force": "#b3261e", "stale": "#b3261e", "not_yet_in_force": "#8a6d00"}


def layout(nodes, edges, root: str) -> dict[str, tuple[int, int]]:
    """(row, column) per node id: rows by basis level from the root."""
    rank: dict[str, int] = {root: 0}
    adjacent: dict[str, list[tuple[str, int]]] = {}
    for e in edges:
        step = -1 if e.relation in UPWARD else 1
        adjacent.setdefault(e.source, []).append((e.target, step))
        adjacent.setdefault(e.target, []).append((e.source, -step))
    queue = deque([root])
    while queue:
        n = queue.popleft()
        for m, step in adjacent.get(n, []):
            if m not in rank:
                rank[m] = rank[n] + step
                queue.append(m)
    for node in nodes:                      # unconnected nodes go to the bottom
        rank.setdefault(node.id, max(rank.values(), default=0) + 1)
    low = min(rank.values())
    rows: dict[int, list[str]] = {}
    for node in nodes:
        rows.setdefault(rank[node.id] - low, []).append(node.id)
    if root not in {n.id for n in nodes}:
        rows.setdefault(rank[root] - low, []).append(root)
    # One barycentre pass keeps edges from crossing more than they need to; a
    # level wider than MAX_COLS wraps onto several rows, so the picture stays readable.
    position: dict[str, tuple[int, int]] = {}
    row = 0
    for r in sorted(rows):
        def key(n: str) -> float:
            xs = [position[m][1] for m, _ in adjacent.get(n, []) if m in position]
            return sum(xs) / len(xs) if xs else float("inf")
        ordered = sorted(rows[r], key=lambda n: (key(n), n))
        for i, n in enumerate(ordered):
            position[n] = (row + i // MAX_COLS, i % MAX_COLS)
        row += (len(ordered) + MAX_COLS - 1) // MAX_COLS
    return position


def _lines(label: str) -> list[str]:
    words, lines, line = label.split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > CHARS and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
        if len(lines) == 2:
            break
    if line and len(lines) < 2:
        lines.append(line)
    if len(lines) == 2 and len(" ".join(lines)) < len(" ".join(words)):
        lines[1] = lines[1][:CHARS - 1].rstrip() + "…"
    return [l if len(l) <= CHARS else l[:CHARS - 1] + "…" for l in lines] or ["?"]


def render(result, link: Callable[[object], str | None], *, title: str,
           kind_label: Callable[[str], str] = str, relation_label: Callable[[str], str] = str) -> Markup:
    nodes = {n.id: n for n in result.nodes}
    pos = layout(result.nodes, result.edges, result.root)
    widths: dict[int, int] = {}
    for r, c in pos.values():
        widths[r] = max(widths.get(r, 0), c + 1)
    cols = max(widths.values(), default=1)
    rows = max(widths, default=0) + 1
    width = PAD * 2 + cols * BOX_W + (cols - 1) * GAP_X
    height = PAD * 2 + rows * BOX_H + (rows - 1) * GAP_Y

    def xy(n: str) -> tuple[float, float]:
        r, c = pos[n]
        offset = (cols - widths[r]) * (BOX_W + GAP_X) / 2      # centre each row
        return PAD + offset + c * (BOX_W + GAP_X), PAD + r * (BOX_H + GAP_Y)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chain" viewBox="0 0 {width:.0f} {height:.0f}" '
           f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="chain-title" '
           f'font-family="system-ui, sans-serif" font-size="12">',
           f'<title id="chain-title">{escape(title)}</title>',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#666"/></marker></defs>']
    labelled: set[tuple[str, str]] = set()
    for e in result.edges:
        if e.source not in pos or e.target not in pos:
            continue
        (sx, sy), (tx, ty) = xy(e.source), xy(e.target)
        sx, tx = sx + BOX_W / 2, tx + BOX_W / 2
        if sy > ty:      # source below target: leave from the top, arrive at the bottom
            y1, y2 = sy, ty + BOX_H
        elif sy < ty:
            y1, y2 = sy + BOX_H, ty
        else:
            y1 = y2 = sy + BOX_H / 2
        mid = (y1 + y2) / 2
        label = relation_label(e.relation)
        out.append(f'<path d="M{sx:.0f},{y1:.0f} C{sx:.0f},{mid:.0f} {tx:.0f},{mid:.0f} {tx:.0f},{y2:.0f}" '
                   f'fill="none" stroke="#8a94a0" stroke-width="1.3" marker-end="url(#arrow)">'
                   f'<title>{escape(label)}</title></path>')
        # The label sits by the arrow head, once per target and relation, so labels do not pile up.
        if len(result.edges) <= MAX_EDGE_LABELS and (e.target, label) not in labelled:
            labelled.add((e.target, label))
            ly = y2 - 8 if y2 > y1 else y2 + 14
            out.append(f'<text x="{tx + 6:.0f}" y="{ly:.0f}" fill="#555" font-size="10">{escape(label)}</text>')
    for nid, (r, c) in pos.items():
        n = nodes.get(nid)
        kind = n.kind if n else "instrument"
        label = n.label if n else nid.rsplit("/", 1)[-1]
        x, y = xy(nid)
        stroke = STATUS_STROKE.get((n.status if n else None) or "", STROKE.get(kind, "#444"))
        href = link(n) if n else None
        width_attr = 3 if nid == result.root else 1.5
        box = [f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6" '
               f'fill="{FILL.get(kind, "#fff")}" stroke="{stroke}" stroke-width="{width_attr}"/>',
               f'<text x="{x + 8:.0f}" y="{y + 14:.0f}" fill="{STROKE.get(kind, "#444")}" font-size="10">'
               f'{escape(kind_label(kind))}</text>']
        for i, line in enumerate(_lines(label)):
            box.append(f'<text x="{x + 8:.0f}" y="{y + 30 + i * 15:.0f}" fill="#111">{escape(line)}</text>')
        inner = "".join(box) + f"<title>{escape(label)}</title>"
        if href:
            out.append(f'<a href="{escape(href)}" class="chain-node">{inner}</a>')
        else:
            out.append(f'<g class="chain-node">{inner}</g>')
    out.append("</svg>")
    return Markup("".join(out))
