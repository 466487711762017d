"""`@record`: a frozen dataclass, cheap to create.

The models are frozen dataclasses, and a command creates some thirty of them as it starts. For each,
`dataclass` compiles six methods from source, a tenth of a millisecond apiece: together a third of
what partnerkit added to Python's own start-up. A record is a dataclass whose equality, hashing and
repr are written once, here, for every record: the same results as the dataclass's own (fields
compared as a tuple, only between instances of one class; hashed as that tuple; shown as
`Name(field=value, ...)`). So are its `__init__` and its frozenness (`__setattr__` and
`__delattr__` raise FrozenInstanceError), unless it is made by the thousand (`many=True`: a
partner, its log, a line of the view): such a class compiles its own `__init__` and frozenness,
as a dataclass does, since that `__init__` is three times faster.

May import: nothing
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, overload

T = TypeVar("T", bound=type)


@overload
def record(cls: T, /) -> T: ...
@overload
def record(*, many: bool = False) -> Callable[[T], T]: ...


def record(cls: Any = None, /, *, many: bool = False) -> Any:
    """`@dataclass(frozen=True)`, cheap to create (see the module's docstring)."""

    def make(cls: T) -> T:
        if many:
            cls = dataclass(frozen=True, repr=False, eq=False)(cls)
        else:
            cls = dataclass(init=False, repr=False, eq=False)(cls)
            cls.__init__ = _init  # type: ignore[misc]
            cls.__setattr__ = _setattr  # type: ignore[assignment,method-assign]
            cls.__delattr__ = _delattr  # type: ignore[assignment,method-assign]
        cls.__eq__ = _eq  # type: ignore[assignment,method-assign]
        cls.__hash__ = _hash  # type: ignore[assignment,method-assign]
        cls.__repr__ = _repr  # type: ignore[assignment,method-assign]
        return cls

    return make if cls is None else make(cls)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """A dataclass's __init__: each field from its argument, by position or name, else its default."""
    names, defaults, factories = _plan(self.__class__)
    if len(args) > len(names):
        raise TypeError(f"{self.__class__.__qualname__}() takes {len(names)} arguments but {len(args)} were given")
    values = dict(zip(names[: len(args)], args, strict=True))
    for name, value in kwargs.items():
        if name not in names:
            raise TypeError(f"{self.__class__.__qualname__}() got an unexpected keyword argument {name!r}")
        if name in values:
            raise TypeError(f"{self.__class__.__qualname__}() got multiple values for argument {name!r}")
        values[name] = value
    for name in names:
        if name in values:
            value = values[name]
        elif name in defaults:
            value = defaults[name]
        elif name in factories:
            value = factories[name]()
        else:
            raise TypeError(f"{self.__class__.__qualname__}() missing a required argument: {name!r}")
        object.__setattr__(self, name, value)


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_PLANS: dict[type, tuple[tuple[str, ...], dict[str, Any], dict[str, Any]]] = {}


def _plan(cls: type) -> tuple[tuple[str, ...], dict[str, Any], dict[str, Any]]:
    """(the fields `__init__` takes, in order; their defaults; their default factories), made once per class."""
    plan = _PLANS.get(cls)
    if plan is None:
        taken = [f for f in fields(cls) if f.init]
        defaults = {f.name: f.default for f in taken if f.default is not MISSING}
        factories = {f.name: f.default_factory for f in taken if f.default_factory is not MISSING}
        plan = _PLANS[cls] = (tuple(f.name for f in taken), defaults, factories)
    return plan


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
