"""Every dataset of the project, from the declaration in its own module of geodata.datasets.

A module of :mod:`geodata.datasets` that defines ``DATASET`` is a dataset; adding one is adding
a module (and its folder or table in ``sources/``). The build, the validator, the data package,
the app's loader and the data digest all iterate over :func:`datasets`.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import geodata.datasets
from geodata.datasets.dataset import Dataset


def _ordered(found: dict[str, Dataset]) -> tuple[Dataset, ...]:
    """Datasets in build order: each after those it needs, otherwise by name."""
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in path:
            raise ValueError(f"datasets need each other in a circle: {' → '.join(path)}")
        if name not in found:
            raise ValueError(f"{path[-1]} needs {name!r}, which no dataset module declares")
        for need in found[name].needs:
            visit(need, (*path, name))
        done.append(name)

    for name in sorted(found):
        visit(name, ())
    return tuple(found[name] for name in done)


@cache
def datasets() -> tuple[Dataset, ...]:
    """Every declared dataset, in build order."""
    found: dict[str, Dataset] = {}
    for module in pkgutil.iter_modules(geodata.datasets.__path__):
        declared = getattr(
            importlib.import_module(f"geodata.datasets.{module.name}"), "DATASET", None
        )
        if isinstance(declared, Dataset):
            if declared.name in found:
                raise ValueError(f"two dataset modules declare {declared.name!r}")
            found[declared.name] = declared
    return _ordered(found)


def dataset(name: str) -> Dataset:
    """The dataset called ``name``; KeyError naming the known ones."""
    for declared in datasets():
        if declared.name == name:
            return declared
    known = ", ".join(d.name for d in datasets())
    raise KeyError(f"unknown dataset {name!r}; expected one of {known}")


def map_layers() -> tuple[Dataset, ...]:
    """The datasets drawn on the map as layers, in build order."""
    return tuple(d for d in datasets() if d.layer)


def built_files() -> tuple[str, ...]:
    """Every file the build writes into the data folder, dataset by dataset."""
    return tuple(name for d in datasets() for name in d.files)


def citing_files() -> tuple[str, ...]:
    """The built files whose records cite web pages the source registry must name."""
    return tuple(name for d in datasets() if d.cites_pages for name in d.files)


def for_file(file_name: str) -> Dataset | None:
    """The dataset that builds a file of that name, if any."""
    return next((d for d in datasets() if file_name in d.files), None)
