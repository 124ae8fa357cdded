"""A small regression project on disk (synthetic data, no download) and a session that
records its runs beside it."""

from engine.graph import Graph
from engine.project import Project
from engine.project_io import save_project
from engine.runs.recorder import RunRecorder
from engine.training import RecordingListener, TrainingSession

DATA = {"dataset": {"source": "synthetic", "name": "regression", "samples": 80, "seed": 3},
        "scaling": "standard", "split": {"test": 0.25, "validation": 0.25, "seed": 1}}


def regression_project(path, learning_rate=0.01, units=8, epochs=2) -> Project:
    graph = Graph()
    source = graph.add_node("Input", {"shape": [4]}, "features").id
    hidden = graph.add_node("Dense", {"units": units, "activation": "relu"}, "hidden").id
    out = graph.add_node("Output", {"units": 1, "loss": "mse"}, "price").id
    graph.connect(source, hidden)
    graph.connect(hidden, out)
    project = Project("stand-in", graph, dict(DATA),
                      {"optimizer": {"name": "adam", "learning_rate": learning_rate},
                       "epochs": epochs, "batch_size": 16, "seed": 7})
    save_project(project, path)
    project.path = path
    return project


def recording_session():
    session = TrainingSession()
    RunRecorder(session)
    events = RecordingListener()
    session.subscribe(events)
    return session, events


def train_once(session, project):
    session.graph_changed(project.graph)
    return session.run(session.request_start(project))
