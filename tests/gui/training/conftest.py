import pytest

from engine.project_io import load_project
from gui.document import Document
from gui.training.training_panel import TrainingPanel
from tests.conftest import PROJECTS

# A wait, not a bound: the first run of a test process imports TensorFlow in the (niced)
# worker thread, which took over a minute here with other processes keeping both cores busy.
TRAIN_TIMEOUT = 180_000
# how long a test waits for the worker thread's answer (saving, loading, predicting): a wait
# for an event that must come, never a bound on speed; a busy machine can take long
WORKER_TIMEOUT = 60_000


def tiny_xor_project(epochs=3, learning_rate=0.05, samples=200):
    project = load_project(PROJECTS / "xor.dendrite")
    project.path = None
    project.data["dataset"]["samples"] = samples
    project.training = {"optimizer": {"name": "adam", "learning_rate": learning_rate},
                        "epochs": epochs, "batch_size": 8, "seed": 1}
    return project


@pytest.fixture(autouse=True)
def _background_loads_end_with_the_test(qapp):
    """A shown data panel loads its data by itself; as the app does on quit, the test waits
    for such loads, so no thread outlives the widgets it reports to."""
    yield
    from gui.background import background_jobs

    background_jobs().wait_all()
    qapp.processEvents()


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


def tiny_regression_project(learning_rate=0.01, epochs=3):
    """Input [4] -> Dense 8 -> linear Output with mse on the synthetic regression set."""
    from engine.graph import Graph
    from engine.project import Project

    graph = Graph()
    graph.add_node("Input", {"shape": [4]}, "features", (0, 0), "n1")
    graph.add_node("Dense", {"units": 8, "activation": "relu"}, "hidden", (200, 0), "n2")
    graph.add_node("Output", {"units": 1, "loss": "mse", "metrics": ["mae"]}, "value",
                   (400, 0), "n3")
    graph.connect("n1", "n2")
    graph.connect("n2", "n3")
    data = {"dataset": {"source": "synthetic", "name": "regression", "samples": 200,
                        "noise": 0.1, "seed": 3},
            "inputs": {"n1": {"columns": "all"}}, "targets": {"n3": "target"},
            "scaling": "none", "split": {"test": 0.2, "validation": 0.2, "seed": 1}}
    training = {"optimizer": {"name": "sgd", "learning_rate": learning_rate},
                "epochs": epochs, "batch_size": 8, "seed": 1}
    return Project("tiny regression", graph, data, training)
