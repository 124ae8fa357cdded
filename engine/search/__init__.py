"""Hyperparameter search: ranges and lists in a project (`{"search": ...}`) and KerasTuner."""

from engine.search.space import Dimension, SearchSpaceError, apply_values, search_space

__all__ = ["Dimension", "SearchSpaceError", "apply_values", "search_space"]
