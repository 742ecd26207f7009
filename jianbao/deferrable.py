"""Dataclass fields loaded when first used: a model object can be made from a summary and complete itself."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

LOADER = "_load_deferred"  # the instance attribute that holds a deferred object's loader
# The whole objects last loaded: a build walks its issues stage by stage, each body wanted for a
# moment, so only the last few stay in memory (issue 21: the models of every issue, held from
# proofreading to the end of a cold build, were a third of its main process at 3,000 issues).
LOADED_MAX = 64
_LOADED: OrderedDict[int, tuple[object, object]] = OrderedDict()  # id → (the deferred object, its whole)
_LOCK = threading.Lock()  # the preview builds in a thread of its server


class Deferrable:
    """A frozen dataclass whose fields named in DEFERRED may be missing.

    An instance made without them (reader/deferred.py) holds a loader instead, which gives the whole
    object; reading a missing field reads it from the whole object, kept among the last LOADED_MAX
    loaded and loaded again after that. Pickling sends the whole object's fields.
    """

    DEFERRED: tuple[str, ...] = ()

    def __getattr__(self, name: str):
        # Reached only for an attribute the instance lacks: a deferred field.
        load = self.__dict__.get(LOADER)
        if load is None or name not in self.DEFERRED:
            raise AttributeError(name)
        return getattr(_whole(self, load), name)

    def __getstate__(self) -> dict:
        load = self.__dict__.get(LOADER)
        if load is None:
            return self.__dict__
        whole = _whole(self, load)  # pickled whole: a loader is not data
        state = {name: value for name, value in self.__dict__.items() if name != LOADER}
        state.update((name, getattr(whole, name)) for name in self.DEFERRED)
        return state


def _whole(obj: object, load: Callable[[], object]) -> object:
    key = id(obj)  # the entry holds obj: its id is not reused while the entry stays
    with _LOCK:
        found = _LOADED.get(key)
        if found is not None:
            _LOADED.move_to_end(key)
            return found[1]
    whole = load()
    with _LOCK:
        _LOADED[key] = (obj, whole)
        while len(_LOADED) > LOADED_MAX:
            _LOADED.popitem(last=False)
    return whole
