"""The appeals for help as files to take away: CSV and JSON, each saying where it came from.

Both carry every field of ``appeals.json`` as built (dates as precisely as known, with their
``*_precision`` beside them, so no day is filled in), each appeal's own ``sources`` and the
dataset date. The CSV repeats its provenance on every row, as the layers' CSV does, so a row
cut out of it keeps it; list and object values (``asked``, ``responses`` with their evidence,
``sources``, ``evidence``) are JSON text there.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence

from dashboard.logic.formats import LICENCE
from geodata.datasets.appeals import APPEALS

CSV_MIME = "text/csv"
JSON_MIME = "application/json"
FIELDS = APPEALS.field_names
# Fields whose values are lists or objects: JSON text in the CSV.
NESTED = ("asked", "responses", "sources", "evidence")
PROVENANCE = ("dataset_date", "licence")


def file_name(dataset_date: str | None, ext: str) -> str:
    """``csto-appeals-<dataset date>.<ext>``; without a dataset date, ``csto-appeals.<ext>``."""
    return f"csto-appeals-{dataset_date}.{ext}" if dataset_date else f"csto-appeals.{ext}"


def source_urls(appeals: Iterable[Mapping]) -> list[str]:
    """Every distinct source URL the appeals cite, sorted."""
    return sorted({url for a in appeals for url in a["sources"]})


def to_json(appeals: Sequence[Mapping], dataset_date: str | None) -> bytes:
    """The appeals as a JSON object: ``appeals`` (the rows) and ``csto_map`` (provenance)."""
    out = {
        "csto_map": {
            "title": "CSTO map: appeals for help by member states",
            "dataset_date": dataset_date,
            "licence": LICENCE,
            "sources": source_urls(appeals),
        },
        "appeals": [{f: a[f] for f in FIELDS if f in a} for a in appeals],
    }
    return json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8")


def to_csv(appeals: Sequence[Mapping], dataset_date: str | None) -> bytes:
    """The appeals as UTF-8 CSV, one row each, sources as JSON text, provenance columns."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIELDS, *PROVENANCE])
    for a in appeals:
        values = [a.get(f) for f in FIELDS]
        cells = [
            json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for v in values
        ]
        cells = ["" if c is None else c for c in cells]
        writer.writerow([*cells, dataset_date or "", LICENCE])
    return buffer.getvalue().encode("utf-8")


def read_csv(data: bytes) -> list[dict]:
    """Read a CSV made by :func:`to_csv` back into appeals (provenance columns dropped)."""
    rows = []
    for raw in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        row: dict = {f: (raw[f] if raw[f] != "" else None) for f in FIELDS}
        for f in NESTED:
            row[f] = json.loads(row[f]) if row[f] is not None else None
        row["sources"] = row["sources"] or []
        if row["evidence"] is None:
            del row["evidence"]  # optional in appeals.json: a row without it stays without
        days = row["days_to_answer"]
        row["days_to_answer"] = int(days) if days is not None else None
        rows.append(row)
    return rows
