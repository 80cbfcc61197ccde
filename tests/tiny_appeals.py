"""Appeals for help that fit the fixture conflicts of tests/tiny_layers.py, written as the build
writes ``appeals.json``: one known only to the month, one never answered."""

from __future__ import annotations

from pathlib import Path

from geodata.datasets.appeals import APPEALS, computed_fields, dumps_appeals

SRC = "https://example.org/appeal"


def _appeal(aid: str, day: str, country: str, conflict: str, outcome: str, answered: str | None):
    row = {
        "id": aid,
        "date": day,
        "country": country,
        "conflict": conflict,
        "asked": f"Help in {conflict} <b>now</b>",
        "basis": "Article 4 of the treaty.",
        "outcome": outcome,
        "answer": "An answer.",
        "answered_on": answered,
        "sources": [f"{SRC}/{aid}", "https://www.example.com/other"],
    }
    row |= computed_fields(row)
    return {f: row[f] for f in APPEALS.field_names if f in row}


# In date order, as the build sorts them.
APPEAL_ROWS = [
    _appeal("kgz-2021-04", "2021-04", "KGZ", "kgz-uzb-border", "granted", "2021-05-01"),
    _appeal("arm-2021-05", "2021-05-02", "ARM", "arm-clash", "no answer", None),
    _appeal("kgz-2021-08", "2021-08-01", "KGZ", "afg-border", "declined", "2021-08-11"),
    _appeal("arm-2022-09", "2022-09-13", "ARM", "arm-clash", "partly", "2022-09-14"),
]


def write_appeals(directory: Path) -> Path:
    """Write ``appeals.json`` of APPEAL_ROWS into ``directory`` (its layers already there)."""
    (directory / "appeals.json").write_text(dumps_appeals(APPEAL_ROWS), encoding="utf-8")
    return directory
