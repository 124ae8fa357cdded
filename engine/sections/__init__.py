"""The project's `data` and `training` sections: their declarations (type, default, range or
choices, help) and the checks of what a file writes in them."""

from engine.sections.data_section import DATA, has_split, scaling_of
from engine.sections.section import Section, SectionProblem
from engine.sections.training_section import TRAINING, learning_rate

SECTIONS = {"data": DATA, "training": TRAINING}

__all__ = ["DATA", "SECTIONS", "TRAINING", "Section", "SectionProblem", "has_split",
           "learning_rate", "scaling_of"]
