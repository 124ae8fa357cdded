"""Who is told about changes: the one list of listeners the graph, the project's sections and
the training session keep.

A listener that is a bound method is held by a weak reference to its object. A view (the
editor's document, a panel) that listens to the engine is therefore never kept alive by the
engine, and no reference cycle runs through it: when the view's last reference goes, it is
freed there and then, in its own thread, not later by the cyclic garbage collector (which
frees Qt objects in an order that crashed the process: a document's undo stack deleted
after the commands it still listed). A plain function is held as it is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from types import MethodType
from typing import Any


class Listeners:
    def __init__(self) -> None:
        self._refs: list[Callable[[], Callable | None]] = []

    def add(self, listener: Callable[[Any], None]) -> None:
        self._refs.append(_reference(listener))

    def remove(self, listener: Callable[[Any], None]) -> None:
        for index, ref in enumerate(self._refs):
            if ref() == listener:
                del self._refs[index]
                return

    def __bool__(self) -> bool:
        return bool(self._refs)

    def __len__(self) -> int:
        return sum(1 for _ in self._alive())

    def __iter__(self) -> Iterator[Callable[[Any], None]]:
        return iter(list(self._alive()))

    def call(self, event: Any) -> None:
        """Tells every living listener `event`, in the order they were added."""
        for listener in list(self._alive()):
            listener(event)

    def _alive(self) -> Iterator[Callable[[Any], None]]:
        dead = False
        for ref in self._refs:
            listener = ref()
            if listener is None:
                dead = True
            else:
                yield listener
        if dead:
            self._refs = [ref for ref in self._refs if ref() is not None]


def _reference(listener: Callable) -> Callable[[], Callable | None]:
    if isinstance(listener, MethodType):
        return weakref.WeakMethod(listener)
    return lambda: listener
