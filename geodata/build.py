"""Build every dataset from ``geodata/sources/`` and upstream data, into ``geodata/``.

``python -m geodata.build`` builds each dataset that :mod:`geodata.catalog` declares, in an
order where a dataset comes after those it reads, then writes ``datapackage.json``, which
describes them all. ``--check`` rebuilds into a temporary folder and fails if a committed
file differs. The output is deterministic: records sorted, fixed precision, stable key order,
so a rebuild that changes nothing changes no byte.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from geodata.catalog import datasets
from geodata.datapackage import DATAPACKAGE_FILENAME, dumps_datapackage
from geodata.datasets.dataset import Build, BuildError
from geodata.outfiles import differing_layers, summary, write_layers
from geodata.paths import GEODATA_DIR

SOURCES_DIR = GEODATA_DIR / "sources"


def build_all(
    sources: Path = SOURCES_DIR, out: Path = GEODATA_DIR
) -> tuple[dict[str, str], list[str]]:
    """Every dataset's files and the data package: ({file name: text}, warnings).

    Raises BuildError listing the problems of every dataset that failed; a dataset that needs
    one that failed is not built, since its checks would only repeat the failure.
    """
    run = Build(sources=sources, out=out)
    failed: set[str] = set()
    problems = []
    for declared in datasets():
        if failed.intersection(declared.needs):
            failed.add(declared.name)
            continue
        try:
            run.texts.update(declared.build(run))
        except BuildError as exc:
            failed.add(declared.name)
            problems += exc.problems
    if problems:
        raise BuildError(problems)
    run.texts[DATAPACKAGE_FILENAME] = dumps_datapackage(datasets())
    return run.texts, run.warnings


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, verify) every dataset; return the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if committed files differ")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="source tables folder")
    parser.add_argument("--out", type=Path, default=GEODATA_DIR, help="where the files go")
    parser.add_argument(
        "--stats", action="store_true", help="also report the border simplification error (slow)"
    )
    args = parser.parse_args(argv)
    try:
        texts, warnings = build_all(args.sources, args.out)
    except BuildError as exc:
        print(f"build failed, {len(exc.problems)} problem(s):\n{exc}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_layers(texts, Path(tmp))
            rebuilt = {name: (Path(tmp) / name).read_text(encoding="utf-8") for name in texts}
        differing = differing_layers(rebuilt, args.out)
        if differing:
            print(f"out of date (run python -m geodata.build): {', '.join(differing)}")
            return 1
        print(f"up to date: {', '.join(texts)}")
        return 0
    written = write_layers(texts, args.out)
    print(summary(texts))
    print(f"written: {', '.join(written) or 'nothing changed'}")
    if args.stats:
        from geodata.datasets.countries import TOLERANCE, border_stats

        print(border_stats(args.out / "countries.geojson", TOLERANCE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
