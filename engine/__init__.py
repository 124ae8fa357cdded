"""Dendrite's engine: the graph, the node catalogue, validation, the Keras compiler, project
files, datasets and the trainer. It never imports Qt, and TensorFlow only inside functions."""

from engine.catalogue import KINDS, get_kind
from engine.errors import DendriteError, InvalidGraphError, ProjectLoadError
from engine.graph import Edge, Graph, GraphEvent, Node
from engine.project import Project
from engine.validation import Analysis, Problem, analyse

__all__ = ["KINDS", "Analysis", "DendriteError", "Edge", "Graph", "GraphEvent",
           "InvalidGraphError", "Node", "Problem", "Project", "ProjectLoadError", "analyse",
           "get_kind"]
