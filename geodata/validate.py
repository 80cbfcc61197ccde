"""Validate built data files: ``python -m geodata.validate [paths...]``.

Without paths, every file of every declared dataset (:mod:`geodata.catalog`) in the data
folder — ``$CSTO_GEODATA_DIR`` or the repository's — and the source files the validator reads
too (the stories' YAML). A path is checked by the dataset that builds a file of its name, or
as the layer ``--layer`` names. One line per file: its summary, or each problem with file,
feature and field. The exit code is 1 if anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.catalog import citing_files, dataset, datasets, for_file, map_layers
from geodata.datasets.dataset import Dataset
from geodata.datasets.registry import SOURCES_FILENAME, read_entries, uncited_problems
from geodata.paths import GEODATA_DIR, GEODATA_ENV, default_dir
from geodata.schema.values import LayerError


def _file_ok(path: Path, declared: Dataset) -> bool:
    """Check one file with its dataset's check; print its summary or its problems."""
    try:
        summary = declared.check(path)
    except LayerError as exc:
        print("\n".join(str(p) for p in exc.problems))
        return False
    print(f"{path.name}: {summary}")
    return True


def _checked_by(path: Path) -> Dataset | None:
    """The dataset whose check reads ``path``: by the built file's name or a source glob."""
    found = for_file(path.name)
    if found is not None:
        return found
    for declared in datasets():
        if any(path.match(Path(pattern).name) for pattern in declared.checked_sources):
            return declared
    return None


def _folder_ok(folder: Path) -> bool:
    """Check every declared dataset's files in ``folder``; True if all are valid."""
    ok = True
    elsewhere = folder != GEODATA_DIR
    for declared in datasets():
        for name in declared.files:
            path = folder / name
            if declared.optional and elsewhere and not path.exists():
                print(f"{name}: not in this folder (the map draws without it)")
                continue
            ok &= _file_ok(path, declared)
        for pattern in declared.checked_sources:
            for path in sorted((folder / "sources").glob(pattern)):
                ok &= _file_ok(path, declared)
    return ok & _citations_ok(folder)


def _citations_ok(folder: Path) -> bool:
    """Every page the folder's data cites has an entry in its source registry."""
    path = folder / SOURCES_FILENAME
    if not path.exists():
        return True
    try:
        entries = read_entries(path)
    except LayerError:
        return False  # its own problems were printed with the file
    problems = uncited_problems(entries, folder, citing_files())
    print("\n".join(map(str, problems)) or "every cited page has an entry in the source registry")
    return not problems


def main(argv: list[str] | None = None) -> int:
    """Validate data files; print one line per problem and return 1, or summaries and 0."""
    parser = argparse.ArgumentParser(prog="python -m geodata.validate", description=__doc__)
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help=f"files to check (default: every built file in ${GEODATA_ENV} or the "
        "repository's geodata folder)",
    )
    layers = [d.name for d in map_layers()]
    parser.add_argument("--layer", choices=layers, help="layer of every path (default: its name)")
    args = parser.parse_args(argv)
    if not args.paths:
        folder = default_dir()
        ok = _folder_ok(folder)
        note = f" (from ${GEODATA_ENV})" if folder != GEODATA_DIR else ""
        print(f"checked folder {folder}{note}")
        return 0 if ok else 1
    ok = True
    for path in args.paths:
        declared = dataset(args.layer) if args.layer else _checked_by(path)
        if declared is None:
            print(f"{path.name}: cannot tell its layer; name it <layer>.geojson or pass --layer")
            ok = False
            continue
        ok &= _file_ok(path, declared)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
