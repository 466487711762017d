"""The bundled guide, compiled: its model kept as JSON beside the code (bundled.json).

Every command reads the guide, and reading and checking its five YAML files took as long as
drawing a worksheet's table; the compiled copy reads in a tenth of that. It is used only for the
bundled guide, and only while it was compiled from the very files in the bundled folder (a checksum
of each) for this very model (its classes' fields): a guide edited since, or a newer model, is read
from its files. `make guide` writes it after a change to guide/; tests/test_guide.py checks that it
is current and says what the files say.
"""

from __future__ import annotations

import dataclasses
import json
import zlib
from enum import Enum
from pathlib import Path
from typing import Any

from ..files.reading import read_bytes
from . import model
from .model import Guide

COMPILED = Path(__file__).with_name("bundled.json")
FORMAT = 1
RECORDS = {name: kind for name, kind in vars(model).items() if isinstance(kind, type) and dataclasses.is_dataclass(kind)}
ENUMS = {name: kind for name, kind in vars(model).items() if isinstance(kind, type) and issubclass(kind, Enum) and kind.__module__ == model.__name__}


def read_compiled(folder: Path, names: tuple[str, ...]) -> Guide | None:
    """The guide in `folder`, from its compiled copy if that was compiled from these files `names`
    for this model; None otherwise (then the files are read)."""
    try:
        compiled = json.loads(COMPILED.read_bytes(), object_hook=lambda obj: _decoded(obj, folder))
        if compiled["format"] != FORMAT or compiled["model"] != _model() or compiled["files"] != _checksums(folder, names):
            return None
    except Exception:  # missing, unreadable, from another model, a file gone: the files say
        return None
    guide: Guide = compiled["guide"]
    return guide


def compiled_text(guide: Guide, names: tuple[str, ...]) -> str:
    """The compiled copy of `guide`, read from `names` in its folder: what `make guide` writes to COMPILED."""
    data = {"format": FORMAT, "model": _model(), "files": _checksums(guide.folder, names), "guide": _encoded(guide, guide.folder)}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _checksums(folder: Path, names: tuple[str, ...]) -> dict[str, int]:
    return {name: zlib.crc32(read_bytes(folder / name)) for name in names}


def _model() -> dict[str, list[str]]:
    """The model's shape: each record's fields and each Enum's values."""
    shape = {name: [f.name for f in dataclasses.fields(kind)] for name, kind in RECORDS.items()}
    return shape | {name: [member.value for member in kind] for name, kind in ENUMS.items()}


def _encoded(value: Any, folder: Path) -> Any:
    """A model value as JSON: every dict, tuple, record, Enum and path an object saying which (so no
    key of the guide's own sits beside that word)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encoded(getattr(value, f.name), folder) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, "fields": fields}
    if isinstance(value, Enum):
        return {"@": type(value).__name__, "value": value.value}
    if isinstance(value, Path):
        return {"@": "path", "name": str(value.relative_to(folder))}
    if isinstance(value, tuple):
        return {"@": "tuple", "items": [_encoded(item, folder) for item in value]}
    if isinstance(value, dict):
        return {"@": "dict", "items": [[_encoded(key, folder), _encoded(item, folder)] for key, item in value.items()]}
    return value


def _decoded(obj: dict[str, Any], folder: Path) -> Any:
    kind = obj.get("@")
    if kind is None:  # a record's fields, by name
        return obj
    if kind == "dict":
        return dict(obj["items"])
    if kind == "tuple":
        return tuple(obj["items"])
    if kind == "path":
        return folder / obj["name"]
    if kind in ENUMS:
        return ENUMS[kind](obj["value"])
    return RECORDS[kind](**obj["fields"])
