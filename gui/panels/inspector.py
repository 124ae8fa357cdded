"""The inspector: the selected node's kind, name and parameters, edited through the document.

Editors are built when the selection changes and only refreshed in place after edits, undo
and redo, so the field being typed in keeps its focus. While refreshing, nothing is sent
back to the document: no feedback loops, no extra undo steps.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from engine.catalogue import show_shape
from engine.names import rename_problem
from engine.search.space import (
    REPEAT,
    REPEAT_SPEC,
    can_repeat,
    searchable,
    trained_value,
)
from engine.shared_layers import owner_of
from engine.templates import node_notes
from engine.validation import Analysis
from gui.document import Document
from gui.panels.param_widgets import ParamEditor, error_colour, make_editor, mute
from gui.panels.search_entry import SearchEntry

NOTHING_SELECTED = "No node selected"
NOTHING_SELECTED_HELP = "Select a node on the canvas to see and edit its parameters."


class InspectorPanel(QWidget):
    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.node_ids: list[str] = []
        self.editors: dict[str, ParamEditor] = {}
        # the value / range / list switch of each searchable parameter (and "repeat")
        self.search_entries: dict[str, SearchEntry] = {}
        self.row_labels: dict[str, QLabel] = {}
        self._refreshing = False

        self.title = QLabel()
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.help_label = mute(_wrapped_label())

        self.name_edit = QLineEdit()
        self.name_edit.setToolTip("The layer's name in Keras: letters, digits, '_', '.', '-'.")
        self.name_edit.textEdited.connect(self._on_name_edited)
        self.name_edit.editingFinished.connect(self._on_name_finished)
        self.name_message = _error_label()
        self.shape_label = QLabel()
        self.shape_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.params_label = QLabel()
        self.problems_label = _error_label()
        # what a search means outside the Search tab: a note, not a problem
        self.search_notes = mute(_wrapped_label())
        self.search_notes.hide()

        self.details = QWidget()
        self.form = QFormLayout(self.details)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_box = QWidget()
        name_column = QVBoxLayout(name_box)
        name_column.setContentsMargins(0, 0, 0, 0)
        name_column.setSpacing(2)
        name_column.addWidget(self.name_edit)
        name_column.addWidget(self.name_message)
        self.form.addRow("Name", name_box)
        self.form.addRow("Output shape", self.shape_label)
        self.form.addRow("Params", self.params_label)
        self._fixed_rows = self.form.rowCount()

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addWidget(self.help_label)
        column.addWidget(self.problems_label)
        column.addWidget(self.search_notes)
        column.addWidget(_rule())
        column.addWidget(self.details)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # the panel wraps its text and narrows its fields to the dock; it never scrolls sideways
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(MINIMUM_WIDTH)
        scroll.setWidget(body)
        self._scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        document.analysis_changed.connect(self._on_analysis_changed)
        document.project_replaced.connect(self._on_project_replaced)
        self.show_nodes([])

    # ---- selection -----------------------------------------------------------------------
    @Slot(list)
    def show_nodes(self, ids: list[str]) -> None:
        graph = self.document.graph
        ids = [i for i in ids if graph.has_node(i)]
        if ids == self.node_ids and ids:
            self._refresh(self.document.analysis())  # same nodes: keep the fields as they are
            return
        self.node_ids = ids
        self._rebuild()

    def kind_of_selection(self):
        """The common kind of the selected nodes, or None (nothing, unknown or mixed)."""
        types = {self.document.graph.node(i).type for i in self.node_ids}
        if len(types) != 1:
            return None
        return self.document.graph.node(self.node_ids[0]).kind

    def _rebuild(self) -> None:
        for editor in self.editors.values():
            # a field deleted while focused reports "editing finished": not for these nodes
            editor.blockSignals(True)
        while self.form.rowCount() > self._fixed_rows:
            self.form.removeRow(self._fixed_rows)
        self.editors.clear()
        self.search_entries.clear()
        self.row_labels.clear()
        self.name_message.hide()
        kind = self.kind_of_selection()
        for spec in kind.params if kind is not None else ():
            label = QLabel(spec.title)
            label.setToolTip(spec.help)
            editor = make_editor(spec)
            editor.committed.connect(self._on_committed)
            field = editor
            if searchable(spec):
                field = self._search_entry(spec, editor)
            self.form.addRow(label, field)
            self.editors[spec.name] = editor
            self.row_labels[spec.name] = label
        if can_repeat(kind):  # "1 to 5 hidden layers": searched only
            label = QLabel(REPEAT_SPEC.title)
            label.setToolTip(REPEAT_SPEC.help)
            once = mute(QLabel("once, as drawn"))
            once.setToolTip(REPEAT_SPEC.help)
            self.form.addRow(label, self._search_entry(REPEAT_SPEC, once))
            self.row_labels[REPEAT] = label
        self._refresh(self.document.analysis())
        self._fit_width()

    def _fit_width(self) -> None:
        """Never narrower than the narrowest its fields can be: the dock widens instead of
        cutting the fields and the help text off at the right."""
        body = self._scroll.widget()
        body.layout().activate()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(max(MINIMUM_WIDTH, body.minimumSizeHint().width() + bar))

    def _search_entry(self, spec, editor) -> SearchEntry:
        entry = SearchEntry(spec, editor)
        entry.committed.connect(lambda value, key=spec.name: self._on_search_committed(key,
                                                                                       value))
        self.search_entries[spec.name] = entry
        return entry

    # ---- refresh from the document -------------------------------------------------------
    @Slot(object)
    def _on_analysis_changed(self, analysis: Analysis) -> None:
        graph = self.document.graph
        alive = [i for i in self.node_ids if graph.has_node(i)]
        if alive != self.node_ids:
            self.node_ids = alive
            self._rebuild()
        else:
            self._refresh(analysis)

    @Slot()
    def _on_project_replaced(self) -> None:
        self.show_nodes([])

    def _refresh(self, analysis: Analysis) -> None:
        self._refreshing = True
        try:
            self._show_header()
            self.details.setVisible(self._editable())
            self.problems_label.hide()
            self.search_notes.hide()
            if self._editable():
                self._show_name()
                self._show_figures(analysis)
                self._show_values()
        finally:
            self._refreshing = False

    def _editable(self) -> bool:
        types = {self.document.graph.node(i).type for i in self.node_ids}
        return len(types) == 1

    def _show_header(self) -> None:
        graph = self.document.graph
        count = len(self.node_ids)
        if not count:
            self.title.setText(NOTHING_SELECTED)
            self.help_label.setText(NOTHING_SELECTED_HELP)
            return
        nodes = [graph.node(i) for i in self.node_ids]
        if len({n.type for n in nodes}) > 1:
            self.title.setText(f"{count} nodes of different kinds selected")
            self.help_label.setText("Select nodes of one kind to edit them together.")
            return
        kind = nodes[0].kind
        type_name = nodes[0].type
        self.title.setText(type_name if count == 1 else f"{count} {type_name} nodes selected")
        if kind is None:
            self.help_label.setText(f"Unknown node kind {type_name!r}: it is kept in the file "
                                    "but cannot be part of the model.")
        else:
            suffix = "" if count == 1 else " A change applies to all of them."
            notes = node_notes(nodes[0]) if count == 1 else ""
            owner = owner_of(graph, nodes[0])
            if count == 1 and owner is not nodes[0]:
                notes = (f"Calls the layer of {owner.name}: its parameters and weights are "
                         f"{owner.name}'s, so a change here changes both calls.\n\n"
                         + notes).strip()
            self.help_label.setText(kind.help + suffix + (f"\n\n{notes}" if notes else ""))

    def _show_name(self) -> None:
        single = len(self.node_ids) == 1
        self.name_edit.setEnabled(single)
        text = self.document.graph.node(self.node_ids[0]).name if single else ""
        self.name_edit.setPlaceholderText("" if single else f"{len(self.node_ids)} names")
        if self.name_edit.text() != text:
            self.name_edit.setText(text)

    def _show_figures(self, analysis: Analysis) -> None:
        inferred = [analysis.inferred.get(i) for i in self.node_ids]
        shapes = []
        for item in inferred:
            text = show_shape(item.shape) if item is not None else "? (see the problems)"
            if item is not None and item.more_shapes:  # every output: an LSTM's states too
                text = ", ".join(show_shape(s) for s in (item.shape, *item.more_shapes))
            if text not in shapes:
                shapes.append(text)
        self.shape_label.setText(", ".join(shapes))
        total = sum(i.params for i in inferred if i is not None)
        frozen = sum(i.non_trainable for i in inferred if i is not None)
        text = f"{total:,}"
        if frozen:
            text += f" ({frozen:,} non-trainable)"
        if len(self.node_ids) > 1:
            text += f" in {len(self.node_ids)} nodes"
        self.params_label.setText(text)
        lines, notes = [], []
        for node_id in self.node_ids:
            for problem in analysis.for_node(node_id):
                prefix = "" if len(self.node_ids) == 1 else f"{problem.node_name}: "
                if problem.code == "search" and not problem.is_error:
                    notes.append(f"Search: {prefix}{problem.message}")
                    continue
                mark = "Error" if problem.is_error else "Warning"
                lines.append(f"{mark}: {prefix}{problem.message}")
        self.problems_label.setText("\n".join(lines))
        self.problems_label.setVisible(bool(lines))
        self.search_notes.setText("\n".join(notes))
        self.search_notes.setVisible(bool(notes))

    def _show_values(self) -> None:
        graph = self.document.graph
        nodes = [graph.node(i) for i in self._layer_ids()]
        for key, editor in self.editors.items():
            spec = editor.spec
            values = [n.params.get(key, spec.default) for n in nodes]
            mixed = any(v != values[0] for v in values[1:])
            entry = self.search_entries.get(key)
            if entry is not None:
                entry.show_value(values[0], mixed=mixed)
            if entry is None or not entry.is_searching():
                editor.set_value(trained_value(spec, values[0]) if mixed else values[0],
                                 mixed=mixed)
            label = self.row_labels[key]
            label.setText(f"{spec.title} (differs)" if mixed else spec.title)
            font = label.font()
            font.setItalic(mixed)
            label.setFont(font)
        repeat = self.search_entries.get(REPEAT)
        if repeat is not None:
            values = [n.params.get(REPEAT, 1) for n in nodes]
            repeat.show_value(values[0], mixed=any(v != values[0] for v in values[1:]))

    # ---- edits ---------------------------------------------------------------------------
    @Slot(object)
    def _on_committed(self, value) -> None:
        editor = self.sender()
        if self._refreshing or not isinstance(editor, ParamEditor):
            return
        ids = self._layer_ids()
        if ids:
            self.document.set_param(ids, editor.spec.name, value)

    def _on_search_committed(self, key: str, value) -> None:
        """A switch between value, range and list, or a changed range or list: one
        undoable edit on every selected node."""
        if self._refreshing:
            return
        ids = self._layer_ids()
        if ids:
            self.document.set_param(ids, key, value)

    def _layer_ids(self) -> list[str]:
        """The nodes whose parameters an edit changes: a shared call's owner (its layer)."""
        graph = self.document.graph
        ids = []
        for node_id in self.node_ids:
            if graph.has_node(node_id):
                owner = owner_of(graph, graph.node(node_id)).id
                if owner not in ids:
                    ids.append(owner)
        return ids

    def name_refusal(self, name: str) -> str | None:
        """Why the selected node cannot take `name` (the engine's rule), or None."""
        return rename_problem(self.document.graph, self.node_ids[0], name)

    @Slot(str)
    def _on_name_edited(self, text: str) -> None:
        if len(self.node_ids) != 1:
            return
        problem = self.name_refusal(text.strip())
        self._show_name_problem(f"This name would be refused: {problem}" if problem else "")

    @Slot()
    def _on_name_finished(self) -> None:
        if self._refreshing or len(self.node_ids) != 1:
            return
        node = self.document.graph.node(self.node_ids[0])
        name = self.name_edit.text().strip()
        if name == node.name:
            self.name_edit.setText(node.name)
            if not self.name_message.text().startswith("Not renamed"):
                self._show_name_problem("")
            return
        problem = self.name_refusal(name)
        if problem:
            self._show_name_problem(f"Not renamed: {problem}")
            self.name_edit.setText(node.name)
            return
        self._show_name_problem("")
        self.document.rename(node.id, name)

    def _show_name_problem(self, text: str) -> None:
        self.name_message.setText(text)
        self.name_message.setVisible(bool(text))


MINIMUM_WIDTH = 240


def _wrapped_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    return label


def _error_label() -> QLabel:
    label = _wrapped_label()
    label.setStyleSheet(f"color: {error_colour()};")
    label.hide()
    return label


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
