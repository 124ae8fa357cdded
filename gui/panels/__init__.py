"""The editor's side panels: palette, inspector, problems and summary."""

from gui.panels.inspector import InspectorPanel
from gui.panels.palette import PaletteView
from gui.panels.problems import ProblemsPanel
from gui.panels.summary_panel import SummaryPanel

__all__ = ["InspectorPanel", "PaletteView", "ProblemsPanel", "SummaryPanel"]
