"""Training without Qt: the trainer, its listener events, the history and the trained-state
sidecar. TensorFlow is imported only when a model is built.

- `Trainer(graph, data_spec, training_spec, base_dir=..., checkpoint_path=...)` or
  `Trainer.from_project(project)`: `.prepare()` -> Binding, `.train(listener, epochs)`,
  `.continue_training(listener, epochs)`, `.stop()` (any thread), `.evaluate(split)`,
  `.predict(indices, split)`, `.history`, `.fits(graph)`, `.adopt_state(state)`.
- Listener events (engine.training.events): StartEvent, BatchEvent, EpochEvent,
  ErrorEvent, DoneEvent; `RecordingListener` keeps them all.
- `TrainingSession` (engine.training.session): the trainer, its signature, state, history
  and test results with events; what the GUI shows.
- Sidecar (engine.training.state): `save_state(project_path, trainer)` -> the project's
  "trained" entry; `load_state(project)` -> LoadedState(status, message, state).
"""

from engine.training.events import (
    BatchEvent,
    DoneEvent,
    EpochEvent,
    ErrorEvent,
    RecordingListener,
    StartEvent,
    notify,
)
from engine.training.history import History
from engine.training.results import OutputPredictions, Predictions
from engine.training.session import RunRequest, TrainingSession
from engine.training.settings import SettingsError, TrainingSettings, read_settings
from engine.training.signature import graph_signature
from engine.training.state import LoadedState, TrainedState, load_state, save_state, state_path
from engine.training.trainer import BindingFailed, Trainer, TrainerBusy

__all__ = ["BatchEvent", "BindingFailed", "DoneEvent", "EpochEvent", "ErrorEvent", "History",
           "LoadedState", "OutputPredictions", "Predictions", "RecordingListener", "RunRequest",
           "SettingsError", "StartEvent", "TrainedState", "Trainer", "TrainerBusy",
           "TrainingSession", "TrainingSettings", "graph_signature", "load_state", "notify", "read_settings",
           "save_state", "state_path"]
