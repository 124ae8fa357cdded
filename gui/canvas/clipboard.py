"""Copy and paste of node fragments through the system clipboard, as JSON under
CLIPBOARD_MIME (data only: it is parsed and checked, never run)."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from gui.mime import CLIPBOARD_MIME


def copy_fragment(fragment: dict) -> None:
    mime = QMimeData()
    raw = json.dumps(fragment, sort_keys=True).encode("utf-8")
    mime.setData(CLIPBOARD_MIME, raw)
    mime.setText(", ".join(n.get("name", "") for n in fragment.get("nodes", [])))
    QGuiApplication.clipboard().setMimeData(mime)


def read_fragment() -> tuple[dict, bytes, str]:
    """(fragment, raw bytes, error): error is "" when the clipboard holds Dendrite nodes."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasFormat(CLIPBOARD_MIME):
        return {}, b"", "Nothing to paste: the clipboard holds no Dendrite nodes"
    raw = bytes(mime.data(CLIPBOARD_MIME))
    try:
        fragment = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, raw, f"Cannot paste: the clipboard's nodes are not readable ({error})"
    if (not isinstance(fragment, dict) or not isinstance(fragment.get("nodes"), list)
            or not isinstance(fragment.get("edges", []), list)
            or not all(isinstance(n, dict) and "id" in n and "type" in n
                       for n in fragment["nodes"])
            or not all(isinstance(e, dict) and {"source", "target"} <= e.keys()
                       for e in fragment.get("edges", []))):
        return {}, raw, "Cannot paste: the clipboard's nodes are not in Dendrite's form"
    return fragment, raw, ""
