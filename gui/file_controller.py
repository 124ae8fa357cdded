"""New, Open, Save, Save As, recent files, examples and the unsaved-changes prompt.

The window's file menu calls in here; everything that reads or writes a project goes
through the document (and so through the engine), and every failure is shown, never raised.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from engine.atomic_file import real_target
from engine.errors import ProjectLoadError
from engine.project import Project
from engine.project_io import disk_stamp, load_project
from gui import recent_files
from gui.mime import PROJECT_SUFFIX
from gui.paths import EXAMPLES_DIR, is_example
from gui.save_target import ask_replace, confirmed_target

FILE_FILTER = f"Dendrite projects (*{PROJECT_SUFFIX});;All files (*)"


class FileController(QObject):
    message = Signal(str)  # for the status bar

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.prompt: QMessageBox | None = None  # the open unsaved-changes prompt, for tests
        self.last_error = ""
        # what each project file held when this window last read or wrote it, so that a
        # save never silently replaces what another program (or window) wrote since
        self._stamps: dict[Path, str | None] = {}

    # ---- the unsaved-changes prompt ------------------------------------------------------
    def maybe_save(self, doing: str = "continue") -> bool:
        """True when it is fine to drop the current project (saved, discarded or clean)."""
        if not self.document.is_modified():
            return True
        box = QMessageBox(self.window)
        box.setObjectName("unsaved_prompt")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"“{self.document.name}” has unsaved changes.")
        box.setInformativeText(f"Save them before you {doing}?")
        buttons = QMessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        box.setDefaultButton(buttons.Save)
        self.prompt = box
        try:
            answer = box.exec()
        finally:
            self.prompt = None
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    # ---- commands ------------------------------------------------------------------------
    def new_project(self) -> bool:
        if not self.maybe_save("start a new project"):
            return False
        self.document.replace_project(Project(name="untitled"))
        self.message.emit("New project")
        return True

    def open_dialog(self) -> bool:
        if not self.maybe_save("open another project"):
            return False
        start = str(self.document.path.parent) if self.document.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", start, FILE_FILTER)
        return bool(path) and self.open_path(path, ask=False)

    def open_path(self, path, ask: bool = True) -> bool:
        """Opens a project file; an example opens as an untitled copy so that saving never
        overwrites the bundled file. On failure the current project stays as it was."""
        path = Path(path)
        if ask and not self.maybe_save("open another project"):
            return False
        try:
            project = load_project(path)
        except ProjectLoadError as exc:
            self.show_error("Cannot open project", str(exc))
            if not path.exists():
                recent_files.forget(path)
            return False
        except OSError as exc:
            self.show_error("Cannot open project", f"{path}: {exc.strerror or exc}")
            return False
        example = is_example(path)
        if example:
            project.path = None
        else:
            self._remember(path)
        self.document.replace_project(project)
        if not example:
            recent_files.remember(path)
        self.message.emit(f"Opened example “{project.name}” (Save As to keep your changes)"
                          if example else f"Opened {path}")
        return True

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = self.document.path or Path.home() / f"{_file_stem(self.document.name)}"
        path, _ = QFileDialog.getSaveFileName(self.window, "Save project as",
                                              str(Path(start).with_suffix(PROJECT_SUFFIX)),
                                              FILE_FILTER)
        target = confirmed_target(self.window, path, PROJECT_SUFFIX) if path else None
        return target is not None and self._save_to(target, replace_confirmed=True)

    def _save_to(self, path: Path, replace_confirmed: bool = False) -> bool:
        if is_example(path):
            self.show_error("Cannot save here", f"{path.name} is a bundled example; "
                            "choose another place with Save As.")
            return False
        if not replace_confirmed and self._changed_on_disk(path) and not ask_replace(
                self.window, path, "It was changed on disk after you opened or saved it here "
                "(by another program or another Dendrite window). Replace it with this "
                "window's project? The other changes will be lost."):
            self.message.emit(f"Not saved: {path} was changed elsewhere")
            return False
        try:
            self.document.save(path)
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.show_error("Cannot save project", f"{path}: {reason}. Nothing was overwritten.")
            return False
        self._remember(path)
        recent_files.remember(path)
        self.message.emit(f"Saved {path}")
        return True

    def _remember(self, path: Path) -> None:
        self._stamps[real_target(path)] = disk_stamp(path)

    def _changed_on_disk(self, path: Path) -> bool:
        """True when the file no longer holds what this window last read or wrote there
        (a file this window never read is not ours to judge: Save As asks about it)."""
        target = real_target(path)
        if target not in self._stamps:
            return False
        now = disk_stamp(target)
        return now is not None and now != self._stamps[target]  # a deleted file loses nothing

    def examples(self) -> list[tuple[str, Path]]:
        found = []
        for path in sorted(EXAMPLES_DIR.glob(f"*{PROJECT_SUFFIX}")):
            try:
                found.append((load_project(path).name, path))
            except (ProjectLoadError, OSError):
                continue
        return found

    def show_error(self, title: str, text: str) -> None:
        self.last_error = text
        self.message.emit(text)
        box = QMessageBox(QMessageBox.Icon.Critical, title, text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("error_message")
        box.open()  # window-modal, does not block the caller


def _file_stem(name: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "untitled"
