"""What declares a dataset, and what one build run shares between the datasets it builds.

Each module of :mod:`geodata.datasets` declares one ``DATASET``: the files it builds, what in
``sources/`` it is built from, the function that builds it, the check the validator runs on
each built file, and the words the data package describes it with. The build, the validator,
the data package, the app's loader and its data digest all read these declarations
(:mod:`geodata.catalog`) instead of naming datasets one by one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geodata.schema.layers import Layer
from geodata.schema.problem import Problem


class BuildError(RuntimeError):
    """Source tables that cannot be built; the message lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_yaml(path: Path, rel: str) -> Any:
    """Parse a YAML source table; raise BuildError naming the file and line on bad YAML."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError([Problem(rel, None, None, f"cannot be read: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = Problem(rel, None, None, f"malformed YAML{where}: {getattr(exc, 'problem', exc)}")
        raise BuildError([problem]) from None


@dataclass
class Build:
    """One build run: where the sources are, where the files go, and what is built so far.

    ``texts`` holds every file built so far by name, so a dataset reads the fresh text of the
    datasets it ``needs``; ``shared`` holds what one dataset works out for others (the
    countries' Natural Earth shapes, for example); ``warnings`` are printed after the build.
    """

    sources: Path
    out: Path
    texts: dict[str, str] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _tables: dict[str, Any] = field(default_factory=dict, repr=False)

    def rel(self, name: str) -> str:
        """How problems name a source file: ``sources/<name>``, after the folder's own name."""
        return f"{self.sources.name}/{name}"

    def table(self, name: str) -> Any:
        """The parsed YAML source table ``sources/<name>``, read once per run."""
        if name not in self._tables:
            self._tables[name] = load_yaml(self.sources / name, self.rel(name))
        return self._tables[name]


@dataclass(frozen=True)
class Dataset:
    """One dataset of the project, declared once in its own module of geodata.datasets."""

    name: str
    title: str
    description: str
    # The files the build writes, by name, in the data folder.
    files: tuple[str, ...]
    # Builds every file of ``files`` from the source tables: {file name: text}; raises
    # BuildError naming the source file, record and field of every problem.
    build: Callable[[Build], dict[str, str]]
    # Checks one built file; returns a one-line summary, or raises LayerError (its problems).
    check: Callable[[Path], str]
    # What under ``sources/`` the dataset is built from (files, or folders ending in "/").
    sources: tuple[str, ...] = ()
    # Datasets whose built files its build reads: they are built first.
    needs: tuple[str, ...] = ()
    # The fields of its records, when it has records of one shape.
    schema: Layer | None = None
    # For a JSON object whose records are the list under one key (events.json's "events").
    table_property: str | None = None
    # Drawn on the map as a layer, loaded by the app.
    layer: bool = False
    # Another data folder may lack its files: the map then draws without them.
    optional: bool = False
    # Source files (globs under ``sources/``) the validator reads too.
    checked_sources: tuple[str, ...] = ()
    # Its records cite web pages (``sources``/``source``), each of which the registry names.
    cites_pages: bool = True
    # Upstream data it draws on, by key of geodata.datapackage.UPSTREAM.
    upstream: tuple[str, ...] = ()
