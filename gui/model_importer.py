"""File > Import Keras Model: a `.keras` or `.h5` file becomes a project saved beside it (with
its weights in the project's sidecar), and opens. The engine does the work in a worker thread,
since loading the model needs TensorFlow; a refused file (a Lambda layer, custom code, not a
model) is reported with the reason and the current project stays open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog

from gui.background import Job, run_in_background
from gui.file_controller import FILE_FILTER
from gui.save_target import confirmed_target

MODEL_FILTER = "Keras models (*.keras *.h5 *.hdf5);;All files (*)"


def import_and_save(model_path: str, project_path: str) -> tuple[str, int, list[str]]:
    """Imports the model and writes the project with its weights; (path, nodes, notes)."""
    from engine.importer import import_model
    from engine.importer.sidecar import save_imported

    result = import_model(model_path)
    save_imported(result, project_path)
    return project_path, len(result.project.graph.nodes), list(result.notes)


class ModelImporter(QObject):
    finished = Signal(bool)  # True when the imported project is open

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.model_path = ""
        self.job: Job | None = None

    def is_busy(self) -> bool:
        return self.job is not None

    @Slot()
    def choose_and_import(self) -> None:
        if self.is_busy() or not self.window.files.maybe_save("import a model"):
            return
        model_path, _ = QFileDialog.getOpenFileName(
            self.window, "Import Keras model", str(Path.home()), MODEL_FILTER)
        if not model_path:
            return
        suggested = str(Path(model_path).with_suffix(".dendrite"))
        project_path, _ = QFileDialog.getSaveFileName(
            self.window, "Save the imported project as", suggested, FILE_FILTER)
        target = confirmed_target(self.window, project_path, ".dendrite") if project_path \
            else None
        if target is not None:
            self.start(model_path, str(target))

    def start(self, model_path: str, project_path: str) -> None:
        """Imports `model_path` into a new project file `project_path`, then opens it."""
        if Path(project_path).suffix.lower() != ".dendrite":
            project_path += ".dendrite"
        self.model_path = model_path
        self.window.show_status(f"Importing {Path(model_path).name}…")
        job = Job(import_and_save, model_path, project_path)
        job.succeeded.connect(self._imported)
        job.failed.connect(self._refused)
        self.job = run_in_background(job, "dendrite-import")

    @Slot(object)
    def _imported(self, result) -> None:
        self.job = None
        path, nodes, notes = result
        opened = self.window.files.open_path(path, ask=False)
        if opened:
            extra = f"; {notes[0]}" if notes else ""
            self.window.show_status(
                f"Imported {Path(self.model_path).name}: {nodes} nodes, weights kept{extra}")
        self.finished.emit(opened)

    @Slot(str)
    def _refused(self, message: str) -> None:
        self.job = None
        self.window.files.show_error("Cannot import the model", f"{self.model_path}: {message}")
        self.finished.emit(False)
