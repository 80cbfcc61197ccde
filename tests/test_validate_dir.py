"""python -m geodata.validate checks the folder $CSTO_GEODATA_DIR names, and says which."""

import json
import shutil

import pytest

from geodata.paths import GEODATA_DIR
from geodata.validate import main

FILES = ("countries.geojson", "facilities.geojson", "conflicts.geojson", "events.json")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    for name in FILES:
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    (tmp_path / "appeals.json").write_text("[\n]\n", encoding="utf-8")
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    return tmp_path


def test_checks_the_folder_from_the_environment(folder, capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert f"checked folder {folder} (from $CSTO_GEODATA_DIR)" in out
    assert "appeals.json: 0 appeals, valid" in out


def test_a_broken_file_in_that_folder_fails_even_if_the_repository_is_fine(folder, capsys):
    (folder / "events.json").write_text("{}", encoding="utf-8")
    assert main([]) == 1
    assert "events.json" in capsys.readouterr().out


def test_a_missing_file_names_the_folder_searched(folder, capsys):
    (folder / "facilities.geojson").unlink()
    assert main([]) == 1
    out = capsys.readouterr().out
    assert (
        f"facilities.geojson: cannot be read: No such file or directory (looked in {folder})" in out
    )


def test_appeals_are_checked_against_the_conflicts_beside_them(folder, capsys):
    appeal = {
        "id": "x-2022",
        "date": "2022-09-13",
        "date_precision": "day",
        "country": "ARM",
        "conflict": "no-such-conflict",
        "addressed_to": "alliance",
        "asked": ["collective defence"],
        "request": "Help.",
        "basis": "Article 4",
        "responses": [],
        "outcome": "no answer",
        "answer": "Nothing.",
        "answered_on": None,
        "answered_on_precision": None,
        "days_to_answer": None,
        "sources": ["https://example.org/a"],
        "evidence": {
            fact: [{"source": "https://example.org/a", "at": "p. 1", "says": "It says so."}]
            for fact in ("date", "addressed_to", "asked")
        },
    }
    (folder / "appeals.json").write_text(json.dumps([appeal]), encoding="utf-8")
    assert main([]) == 1
    assert "'no-such-conflict' is not an id in the conflicts layer" in capsys.readouterr().out
    (folder / "conflicts.geojson").unlink()
    assert main([str(folder / "appeals.json")]) == 1
    assert "needed to check the appeals' conflicts" in capsys.readouterr().out


def test_without_the_variable_the_repository_folder_is_checked(monkeypatch, capsys):
    monkeypatch.delenv("CSTO_GEODATA_DIR", raising=False)
    main([])
    assert f"checked folder {GEODATA_DIR}\n" in capsys.readouterr().out
