"""Dataclass fields loaded when first used: a model object can be made from a summary and complete itself."""

from __future__ import annotations

LOADER = "_load_deferred"  # the instance attribute that holds a deferred object's loader


class Deferrable:
    """A frozen dataclass whose fields named in DEFERRED may be missing until first read.

    An instance made without them (reader/deferred.py) holds a loader instead, which gives the whole
    object; the first read of a missing field copies them all from it. Pickling completes it first.
    """

    DEFERRED: tuple[str, ...] = ()

    def __getattr__(self, name: str):
        # Reached only for an attribute the instance lacks: a deferred field, loaded now.
        load = self.__dict__.get(LOADER)
        if load is None or name not in self.DEFERRED:
            raise AttributeError(name)
        whole = load()
        for field in self.DEFERRED:
            self.__dict__[field] = getattr(whole, field)
        del self.__dict__[LOADER]
        return self.__dict__[name]

    def __getstate__(self) -> dict:
        if LOADER in self.__dict__:  # pickled whole: a loader is not data
            getattr(self, self.DEFERRED[0])
        return self.__dict__
