"""The signature of a graph: a short hash of what decides a model's weights. Trained state
names the signature it was trained on; a different one means the weights no longer fit."""

from __future__ import annotations

import hashlib
import json

from engine.graph import Graph


def graph_signature(graph: Graph) -> str:
    """A short hash of what decides the weights (kinds, names, params, wiring)."""
    text = json.dumps(graph.signature(), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
