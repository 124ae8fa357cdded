"""Typed errors of the engine. Each message says what is wrong in plain words."""


class DendriteError(Exception):
    """Base of every error the engine raises on purpose."""


class GraphEditError(DendriteError):
    """An edit the graph refuses; nothing has changed."""


class UnknownNodeError(GraphEditError):
    pass


class UnknownKindError(GraphEditError):
    pass


class UnknownParameterError(GraphEditError):
    pass


class ConnectionRefused(GraphEditError):
    """Base of the reasons a connection between two ports is refused."""


class SelfLoopError(ConnectionRefused):
    pass


class CycleError(ConnectionRefused):
    pass


class SlotTakenError(ConnectionRefused):
    pass


class NoSuchSlotError(ConnectionRefused):
    pass


class NoOutputPortError(ConnectionRefused):
    pass


class ProjectLoadError(DendriteError):
    """A file that cannot be read as a Dendrite project (the whole file is refused)."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


class InvalidGraphError(DendriteError):
    """The graph has errors; `problems` lists them as validation reports them."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = [p.describe() for p in self.problems]
        super().__init__("the graph has errors:\n" + "\n".join(lines))
