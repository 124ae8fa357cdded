"""The signature of a graph: a short hash of what decides a model's weights. Trained state
names the signature it was trained on; a different one means the weights no longer fit."""

from __future__ import annotations

import hashlib
import json

from engine.graph import Graph


def graph_signature(graph: Graph) -> str:
    """A short hash of what decides the weights (kinds, names, params, wiring)."""
    text = json.dumps(weights_defining(graph), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def weights_defining(graph: Graph) -> tuple:
    """Kinds, names, params and wiring (not positions); a shared call and an edge from a
    second output add entries of their own, so older graphs keep the signature they had."""
    nodes = tuple((n.id, n.type, n.name, repr(sorted(n.params.items())))
                  + ((n.extra["shares"],) if "shares" in n.extra else ())
                  for n in graph.nodes)
    return nodes, tuple(sorted((e.source, e.target, e.target_port)
                               + ((e.source_port,) if e.source_port else ())
                               for e in graph.edges))
