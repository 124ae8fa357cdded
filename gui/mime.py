"""Drag-and-drop formats shared by the palette (source) and the canvas (target)."""

NODE_KIND_MIME = "application/x-dendrite-node-kind"  # payload: the kind's type name, UTF-8
CLIPBOARD_MIME = "application/x-dendrite-fragment"  # payload: JSON of Document.fragment()
PROJECT_SUFFIX = ".dendrite"
