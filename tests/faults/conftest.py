from __future__ import annotations

from pathlib import Path

import pytest

from partnerkit.guide_loading import bundled_guide_dir


@pytest.fixture
def example_sheet() -> Path:
    """The bundled guide's filled-in example worksheet (read only; copy it to change it)."""
    return bundled_guide_dir() / "example.yaml"
