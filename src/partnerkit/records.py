"""`@record`: a frozen dataclass, cheap to create.

The models are frozen dataclasses, and a command creates some thirty of them as it starts. For each,
`dataclass` compiles six methods from source, a tenth of a millisecond apiece: a quarter of what
partnerkit added to Python's own start-up. A record has the dataclass's `__init__` and its frozen
`__setattr__` and `__delattr__`, but shares equality, hashing and repr, written once here: the same
results as the dataclass's own (fields compared as a tuple, only between instances of one class;
hashed as that tuple; shown as `Name(field=value, ...)`).

May import: nothing
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def record(cls: T) -> T:
    """`@dataclass(frozen=True)`, its equality, hashing and repr shared by every record."""
    cls = dataclass(frozen=True, repr=False, eq=False)(cls)
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__repr__ = _repr  # type: ignore[assignment]
    return cls


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _keys(self.__class__)[0]
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_keys(self.__class__)[1](self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


_KEYS: dict[type, tuple[Any, Any]] = {}


def _keys(cls: type) -> tuple[Any, Any]:
    """(the tuple a record is compared by, the tuple it is hashed by), as getters, made once per class."""
    keys = _KEYS.get(cls)
    if keys is None:
        compared = [f.name for f in fields(cls) if f.compare]
        hashed = [f.name for f in fields(cls) if (f.compare if f.hash is None else f.hash)]
        keys = _KEYS[cls] = (_getter(compared), _getter(hashed))
    return keys


def _getter(names: list[str]) -> Any:
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()
