import pytest

from engine.project_io import load_project
from gui.document import Document
from gui.training.training_panel import TrainingPanel
from tests.conftest import PROJECTS


def tiny_xor_project(epochs=3, learning_rate=0.05, samples=200):
    project = load_project(PROJECTS / "xor.dendrite")
    project.path = None
    project.data["dataset"]["samples"] = samples
    project.training = {"optimizer": {"name": "adam", "learning_rate": learning_rate},
                        "epochs": epochs, "batch_size": 8, "seed": 1}
    return project


@pytest.fixture
def training_panel(qtbot):
    """A training panel on a tiny XOR project; its worker thread is joined at teardown."""
    panels = []

    def make(project=None):
        document = Document(project or tiny_xor_project())
        panel = TrainingPanel(document)
        qtbot.addWidget(panel)
        panel.resize(1100, 600)
        panel.show()
        panels.append(panel)
        return document, panel

    yield make
    for panel in panels:
        panel.shutdown()
