"""Regular expressions compiled on first use.

Compiling the blame detector's and body scanner's patterns at import costs tens of
milliseconds of every start-up; a run that never needs a pattern (a named file whose results
are cached) should not pay for it."""

from __future__ import annotations

import re
from typing import Any

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


_UNCOMPILED: list[LazyPattern] = []


def compile_all() -> None:
    """Compile every pattern made so far (a worker does, before its documents arrive)."""
    while _UNCOMPILED:
        _UNCOMPILED.pop().search  # noqa: B018 - the first lookup compiles


class LazyPattern:
    """Stands in for `re.compile(source, flags)`; compiles when a method is first looked up,
    then binds the compiled pattern's methods in place, so later calls cost nothing extra."""

    __slots__ = ("flags", "source", *_METHODS)

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        _UNCOMPILED.append(self)

    def __getattr__(self, name: str) -> Any:
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.source, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
