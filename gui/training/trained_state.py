"""Keeps the trained state with the project file, through the engine's sidecar functions.

After a save, the trainer's weights, optimizer state and history are written beside the
project (`engine.training.state.save_state`) and the project's `"trained"` entry names that
file. After an open, the sidecar is read back (`load_state`): the curves show again, the
results are recomputed in the worker, and Continue picks up where training stopped. A
missing or mismatched sidecar is reported and the project opens without it.

The document emits `project_replaced` and then `path_changed` when a project is opened, and
only `path_changed` when it is saved; that order tells the two apart, so the window's save
and open code need not call in here (it may call `on_project_saved` / `on_project_opened`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from engine.project_io import save_project


class TrainedStateKeeper(QObject):
    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.document = panel.document
        self.last_message = ""
        self._opening = False
        self._saving = False
        self.document.project_replaced.connect(self.on_project_opened)
        self.document.path_changed.connect(self._on_path_changed)
        if self.document.project.extra.get("trained"):
            self.on_project_opened()
            self._opening = False

    def trained(self) -> None:
        """A run ended: the next save writes the new state (nothing to do until then)."""

    def _say(self, text: str) -> None:
        self.last_message = text
        self.panel.show_message(text)

    # ---- save ------------------------------------------------------------------------------
    @Slot(object)
    def _on_path_changed(self, path) -> None:
        if self._opening:
            self._opening = False
            return
        if path is not None and not self._saving:
            self.on_project_saved(path)

    def on_project_saved(self, path) -> dict | None:
        """Writes the sidecar beside the just-saved project and records it in the file."""
        from engine.training.state import save_state

        panel = self.panel
        trainer = panel.runner.worker.trainer if panel.runner is not None else None
        if trainer is None:
            return None
        if panel.busy:
            self._say("Training is running: its trained state is saved with the project the "
                      "next time you save after it ends.")
            return None
        project = self.document.project
        try:
            entry = save_state(path, trainer)
        except OSError as exc:
            self._say(f"The trained state could not be written beside {Path(path).name}: "
                      f"{exc.strerror or exc}. The project itself is saved.")
            return None
        if project.extra.get("trained") != entry:
            if entry is None:
                project.extra.pop("trained", None)
            else:
                project.extra["trained"] = entry
            self._saving = True
            try:
                save_project(project, path)
            finally:
                self._saving = False
        return entry

    # ---- open ------------------------------------------------------------------------------
    @Slot()
    def on_project_opened(self) -> None:
        """Forgets the old session and restores the one the new project names, if any."""
        from engine.training.state import OK, STALE, load_state
        from engine.training.trainer import Trainer

        self._opening = True
        panel = self.panel
        panel.shutdown()
        panel.plots.clear()
        panel.results.clear()
        panel.trained_signature = None
        panel.stale = False
        project = self.document.project
        loaded = load_state(project)
        if loaded.status not in (OK, STALE):
            panel.show_message(loaded.message or "Not trained yet.")
            self.last_message = loaded.message
            panel._update_buttons()
            return
        state = loaded.state
        trainer = Trainer.from_project(project)
        trainer.adopt_state(state)
        panel.plots.history_plot.set_history(state.history.values)
        panel.trained_signature = state.signature
        panel.stale = loaded.status == STALE
        runner = panel._runner()
        panel.busy = True
        runner.send_adopt(trainer)
        if loaded.status == OK and "test" in _split_names(project.data):
            panel.busy = True
            runner.send_evaluate()
        self._say(f"Trained state: {loaded.message}.")
        panel._update_buttons()


def _split_names(data: dict | None) -> set[str]:
    """The splits a data section will have (a Keras set always has its own test split)."""
    data = data or {}
    if (data.get("dataset") or {}).get("source") == "keras":
        return {"train", "test"}
    split = data.get("split") or {}
    return {"train"} | ({"test"} if split.get("test", 0.2) else set())
