"""Keeps the trained state with the project file, through the engine's training session.

After a save, the session writes its weights, optimizer state and history beside the project
(`TrainingSession.save`, in the worker thread) and the project's `"trained"` entry names that
file. After an open, the session reads it back (`TrainingSession.load`, in the worker thread):
the curves show again, then the test results, and Continue picks up where training stopped.
A missing or mismatched sidecar is reported and the project opens without it.

The document emits `project_replaced` and then `path_changed` when a project is opened, and
only `path_changed` when it is saved; that order tells the two apart, so the window's save
and open code need not call in here (it may call `on_project_saved` / `on_project_opened`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot


class TrainedStateKeeper(QObject):
    state_saved = Signal(object)  # the project's "trained" entry, once written
    state_restored = Signal(str)  # the sentence saying what was restored (or why not)

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.document = panel.document
        self.last_message = ""
        self._opening = False
        self.document.project_replaced.connect(self.on_project_opened)
        self.document.path_changed.connect(self._on_path_changed)
        if self.document.project.extra.get("trained"):
            self.on_project_opened()
            self._opening = False

    def _say(self, text: str) -> None:
        self.last_message = text
        self.panel.show_message(text)

    # ---- save ------------------------------------------------------------------------------
    @Slot(object)
    def _on_path_changed(self, path) -> None:
        if self._opening:
            self._opening = False
            return
        if path is not None:
            self.on_project_saved(path)

    def on_project_saved(self, path) -> None:
        """Has the session write the trained state beside the just-saved project and the
        project file name it (in the worker thread; `state_saved` says when)."""
        project = self.document.project
        if self.panel.session.trainer is None and not project.extra.get("trained"):
            return
        if self.panel.running:
            self._say("Training is running: its trained state is saved with the project the "
                      "next time you save after it ends.")
            return
        self.panel.runner.save(path, project.copy())

    def saved(self, event) -> None:
        """The session has written the sidecar: the open project names it too."""
        project = self.document.project
        if project.path is not None and Path(project.path) == Path(event.path):
            if event.entry is None:
                project.extra.pop("trained", None)
            else:
                project.extra["trained"] = event.entry
        self.state_saved.emit(event.entry)

    # ---- open ------------------------------------------------------------------------------
    @Slot()
    def on_project_opened(self) -> None:
        """Forgets the old session and restores the one the new project names, if any."""
        self._opening = True
        panel = self.panel
        panel.shutdown()
        panel.plots.clear()
        panel.results.clear()
        project = self.document.project
        panel.session.reset(project.graph)
        if project.extra.get("trained"):
            self._say("Reading the trained state…")
            panel.runner.load(project.copy())
        panel._update_buttons()

    def restored(self, event) -> None:
        """The session has read the sidecar (or says why not): the curves come back."""
        if event.history:
            self.panel.plots.history_plot.set_history(event.history)
        self._say(event.message)
        self.state_restored.emit(event.message)
