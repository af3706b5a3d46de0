"""The quick ``__init__`` of cells and sources takes the same arguments as the dataclass fields say."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from gkaudit.model import Cell, Source


@pytest.mark.parametrize("cls", [Cell, Source])
def test_init_mirrors_the_fields(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        expected = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == expected, f.name


def test_cell_is_built_and_stays_frozen() -> None:
    source = Source(3, 5)
    cell = Cell("apply", "1", "total", 12, "12", source, reading="decoded", alternatives=(21,))
    assert [getattr(cell, f.name) for f in dataclasses.fields(Cell)] == [
        "apply", "1", "total", 12, "12", source, False, None, "decoded", (21,), None]
    assert dataclasses.replace(cell, reading="uncertain").reading == "uncertain"
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = 13  # type: ignore[misc]
