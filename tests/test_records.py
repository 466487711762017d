"""`@record` behaves as `@dataclass(frozen=True)`: the same construction, equality, hashing, repr and
frozenness, whether its `__init__` is shared (the default) or compiled (`many=True`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from partnerkit.records import record
from partnerkit.worksheet.model import Ask, LogEntry, Partner, Status


def twins(many: bool = False, **fields: object) -> tuple[type, type]:
    """The same class, as a dataclass and as a record."""
    namespace = {"__annotations__": dict.fromkeys(fields, "object"), **{k: v for k, v in fields.items() if v is not None}}
    return dataclass(frozen=True)(type("Same", (), dict(namespace))), record(many=many)(type("Same", (), dict(namespace)))


def outcome(make, *args, **kwargs):
    try:
        made = make(*args, **kwargs)
    except TypeError:
        return "TypeError"
    return tuple(getattr(made, f.name) for f in dataclasses.fields(made))


@pytest.mark.parametrize("many", [False, True])
def test_construction_is_the_dataclasses(many):
    plain, shared = twins(many, a=None, b=field(default=2), c=field(default_factory=list))
    calls = [((), {}), ((1,), {}), ((1, 2, 3), {}), ((1, 2, 3, 4), {}), ((), {"a": 1}), ((1,), {"a": 1}), ((1,), {"c": [5]}), ((), {"z": 1}), ((), {"b": 1})]
    for args, kwargs in calls:
        assert outcome(shared, *args, **kwargs) == outcome(plain, *args, **kwargs), (args, kwargs)
    first, second = shared(1), shared(1)
    assert first.c == [] and first.c is not second.c  # a new list for each, from the factory
    for change in (lambda: setattr(first, "a", 2), lambda: delattr(first, "a"), lambda: setattr(first, "new", 1)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            change()
    assert dataclasses.replace(first, b=5) == shared(1, 5) and first.b == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"a": None, "b": field(default=2)},
        {"a": None, "line": field(default=0, compare=False, repr=False)},
        {"a": None, "b": field(default=0, hash=False)},
        {"a": field(default=1, compare=False, hash=True)},
        {"only": None},
        {},
    ],
)
@pytest.mark.parametrize("many", [False, True])
def test_equality_hashing_and_repr_are_the_dataclasses(fields, many):
    plain, shared = twins(many, **fields)
    names = [f.name for f in dataclasses.fields(plain)]
    values = [(), (1,), ("x", [1]), (float("nan"),), (1, 2), (1, 3)]
    made = [(plain(*v[: len(names)]), shared(*v[: len(names)])) for v in values if len(v) >= len([f for f in dataclasses.fields(plain) if f.default is dataclasses.MISSING])]
    for first_plain, first_shared in made:
        assert repr(first_plain) == repr(first_shared)
        for other_plain, other_shared in made:
            assert (first_plain == other_plain) == (first_shared == other_shared)
        try:
            expected = hash(first_plain)
        except TypeError:
            with pytest.raises(TypeError):
                hash(first_shared)
        else:
            assert hash(first_shared) == expected
        assert first_shared != object() and first_shared.__eq__(object()) is NotImplemented


def test_a_record_is_frozen_and_stays_a_dataclass():
    partner = Partner("Unidos", ask=Ask(who="Dana"), status=Status.ASKED, line=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        partner.why = "x"  # type: ignore[misc]
    assert dataclasses.replace(partner, line=9) == partner  # `line` is not compared
    assert dataclasses.is_dataclass(partner) and [f.name for f in dataclasses.fields(LogEntry)][:2] == ["date", "by"]
    assert repr(partner).startswith("Partner(organization='Unidos', why=None, ask=Ask(who='Dana', how=None, when=None), status=<Status.ASKED")
    assert "line" not in repr(partner)


def test_every_record_says_what_it_is():
    """A dataclass without a docstring gets one made from inspect.signature as it is created: some
    milliseconds of start-up for each."""
    import ast
    from pathlib import Path

    source = Path(__file__).parents[1] / "src" / "partnerkit"
    silent = [
        f"{path.relative_to(source)}: {node.name}"
        for path in sorted(source.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and any("record" in ast.unparse(d) or "dataclass" in ast.unparse(d) for d in node.decorator_list)
        and not ast.get_docstring(node)
    ]
    assert silent == []
