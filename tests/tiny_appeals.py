"""Appeals for help that fit the fixture conflicts of tests/tiny_layers.py, written as the build
writes ``appeals.json``: one known only to the month, one never answered, one to Russia, one
to both. Each gets the responses from which the build derives the outcome named here."""

from __future__ import annotations

from pathlib import Path

from geodata.datasets.appeals import APPEALS, computed_fields, dumps_appeals

SRC = "https://example.org/appeal"


def passage(url: str, says: str = "The passage says so.") -> dict:
    return {"source": url, "at": f"{url}#:~:text=first,last", "says": says}


# The status of the one response to the kind asked for, and whether a second kind asked for
# went unanswered, that give each outcome (geodata/datasets/appeal_outcome.py).
_MAKES = {
    "granted": ("delivered", False),
    "partly": ("delivered", True),
    "declined": ("refused", False),
    "undecided": ("unclear", False),
}


def responses_for(outcome: str, by: str, on: str | None, url: str) -> tuple[list, list]:
    """(asked, responses) from which the rule derives ``outcome``, answered first on ``on``."""
    if outcome == "no answer":
        return ["police or troops"], []
    status, second = _MAKES[outcome]
    asked = ["police or troops", "air support"] if second else ["police or troops"]
    what = f"The troops were {status}."
    return asked, [
        {
            "kind": "police or troops",
            "by": by,
            "on": on,
            "status": status,
            "what": what,
            "evidence": [passage(url)],
        }
    ]


def _appeal(
    aid: str, day: str, country: str, conflict: str, outcome: str, answered: str | None, to: str
):
    url = f"{SRC}/{aid}"
    by = "alliance" if to == "both" else to
    asked, responses = responses_for(outcome, by, answered, url)
    row = {
        "id": aid,
        "date": day,
        "country": country,
        "conflict": conflict,
        "addressed_to": to,
        "asked": asked,
        "request": f"Help in {conflict} <b>now</b>",
        "basis": "Article 4 of the treaty.",
        "responses": responses,
        "answer": "An answer.",
        "sources": [url, "https://www.example.com/other"],
        "evidence": {f: [passage(url)] for f in ("date", "addressed_to", "asked")},
    }
    row |= computed_fields(row)
    assert row["outcome"] == outcome, (aid, row["outcome"])
    return {f: row[f] for f in APPEALS.field_names if f in row}


# In date order, as the build sorts them.
APPEAL_ROWS = [
    _appeal("kgz-2021-04", "2021-04", "KGZ", "kgz-uzb-border", "granted", "2021-05-01", "alliance"),
    _appeal("arm-2021-05", "2021-05-02", "ARM", "arm-clash", "no answer", None, "both"),
    _appeal("kgz-2021-08", "2021-08-01", "KGZ", "afg-border", "declined", "2021-08-11", "russia"),
    _appeal("arm-2022-09", "2022-09-13", "ARM", "arm-clash", "partly", "2022-09-14", "alliance"),
]


def write_appeals(directory: Path) -> Path:
    """Write ``appeals.json`` of APPEAL_ROWS into ``directory`` (its layers already there)."""
    (directory / "appeals.json").write_text(dumps_appeals(APPEAL_ROWS), encoding="utf-8")
    return directory
