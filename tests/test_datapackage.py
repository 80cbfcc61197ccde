"""datapackage.json: the built data as a Frictionless Data Package, read by frictionless."""

import json
import shutil

import pytest

from geodata.catalog import built_files, datasets
from geodata.datapackage import DATAPACKAGE_FILENAME, dumps_datapackage
from geodata.paths import GEODATA_DIR

frictionless = pytest.importorskip("frictionless")


def _report(folder):
    return frictionless.Package(str(folder / DATAPACKAGE_FILENAME)).validate()


def _errors(report):
    return [(task.name, e.message) for task in report.tasks for e in task.errors]


def test_the_committed_package_is_the_one_the_declarations_make():
    text = (GEODATA_DIR / DATAPACKAGE_FILENAME).read_text(encoding="utf-8")
    assert text == dumps_datapackage(datasets()), "run python -m geodata.build"


def test_it_describes_every_built_file_with_licence_and_sources():
    package = json.loads(dumps_datapackage(datasets()))
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == set(built_files())
    for resource in resources.values():
        assert resource["licenses"][0]["name"] == "CC-BY-4.0"
        assert resource["title"] and resource["description"]
    assert resources["places.geojson"]["licenses"][1]["title"] == "Place data © GeoNames, CC BY 4.0"
    assert "sources.json" in [s["path"] for s in resources["facilities.geojson"]["sources"]]
    appeals = {f["name"]: f for f in resources["appeals.json"]["schema"]["fields"]}
    assert appeals["outcome"]["constraints"]["enum"] == [
        "granted",
        "partly",
        "declined",
        "no answer",
        "undecided",
    ]


def test_frictionless_finds_the_shipped_files_valid():
    report = _report(GEODATA_DIR)
    assert report.valid, _errors(report)
    assert {task.name for task in report.tasks} >= {"appeals", "events", "sources", "facilities"}


@pytest.fixture
def copy(tmp_path):
    for name in (*built_files(), DATAPACKAGE_FILENAME):
        shutil.copy(GEODATA_DIR / name, tmp_path / name)
    return tmp_path


def test_frictionless_rejects_an_appeal_whose_outcome_is_not_in_the_list(copy):
    rows = json.loads((copy / "appeals.json").read_text(encoding="utf-8"))
    rows[0]["outcome"] = "maybe"
    (copy / "appeals.json").write_text(json.dumps(rows), encoding="utf-8")
    report = _report(copy)
    assert not report.valid
    assert any(name == "appeals" and "maybe" in message for name, message in _errors(report))


def test_frictionless_rejects_an_event_without_a_date_and_a_missing_layer(copy):
    events = json.loads((copy / "events.json").read_text(encoding="utf-8"))
    events["events"][0]["date"] = None
    (copy / "events.json").write_text(json.dumps(events), encoding="utf-8")
    (copy / "water.geojson").unlink()
    failed = {name for name, _ in _errors(_report(copy))}
    assert {"events", "water"} <= failed
