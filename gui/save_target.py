"""The file a Save dialog's answer really writes, confirmed before anything is written.

The file dialog asks before replacing the name that was typed; when the app then appends
its extension (`precious` becomes `precious.dendrite`), the file written is another one, so
it is asked about again here. Every save and export dialog of the app goes through
`confirmed_target`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox


def written_name(typed: str | Path, suffix: str) -> Path:
    """The typed name with `suffix` appended unless it already ends with it (any case)."""
    path = Path(typed)
    if path.name.lower().endswith(suffix.lower()):
        return path
    return path.with_name(path.name + suffix)


def confirmed_target(parent, typed: str | Path, suffix: str) -> Path | None:
    """The path to write for a dialog's answer `typed`, or None when the user declined to
    replace an existing file the dialog did not ask about."""
    if not str(typed):
        return None
    target = written_name(typed, suffix)
    if target == Path(typed) or not target.exists():
        return target
    return target if ask_replace(parent, target) else None


def ask_replace(parent, target: Path, why: str = "") -> bool:
    """Asks whether `target` may be replaced; the default answer keeps it."""
    box = QMessageBox(parent)
    box.setObjectName("replace_prompt")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Replace file?")
    box.setText(f"“{target.name}” already exists in {target.parent}.")
    box.setInformativeText(why or "Do you want to replace it? Its contents will be lost.")
    buttons = QMessageBox.StandardButton
    box.setStandardButtons(buttons.Yes | buttons.Cancel)
    box.setDefaultButton(buttons.Cancel)
    box.button(buttons.Yes).setText("Replace")
    return box.exec() == buttons.Yes
