"""The declarations: every dataset found once, built after what it reads, read by the app."""

import subprocess
import sys

import pytest

from dashboard.logic.layers import DATA_FILES, LAYER_NAMES
from geodata.catalog import _ordered, built_files, citing_files, dataset, datasets, map_layers
from geodata.datasets.dataset import Dataset
from geodata.paths import GEODATA_DIR


def _declared(name, needs=()):
    return Dataset(name, name, "", (f"{name}.json",), lambda run: {}, str, needs=needs)


def test_every_dataset_module_is_found_once_with_its_files():
    names = [d.name for d in datasets()]
    assert len(names) == len(set(names))
    assert {"countries", "facilities", "conflicts", "events", "appeals", "stories"} <= set(names)
    assert len(built_files()) == len(set(built_files()))
    for name in built_files():
        assert (GEODATA_DIR / name).is_file(), f"{name} is declared but not built"


def test_a_dataset_is_built_after_the_datasets_it_reads():
    order = [d.name for d in datasets()]
    for declared in datasets():
        for need in declared.needs:
            assert order.index(need) < order.index(declared.name)


@pytest.mark.parametrize(
    "found, words",
    [
        ({"a": _declared("a", ("b",)), "b": _declared("b", ("a",))}, "in a circle: a → b"),
        ({"a": _declared("a", ("ghost",))}, "a needs 'ghost', which no dataset module declares"),
    ],
)
def test_declarations_that_cannot_be_ordered_say_why(found, words):
    with pytest.raises(ValueError, match=words):
        _ordered(found)


def test_an_unknown_dataset_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="expected one of countries"):
        dataset("roads")


def test_the_app_draws_every_declared_layer_and_watches_every_built_file():
    assert set(LAYER_NAMES) == {d.name for d in map_layers()}
    assert set(built_files()) <= set(DATA_FILES)


def test_only_files_whose_records_cite_pages_are_checked_against_the_registry():
    assert "facilities.geojson" in citing_files() and "appeals.json" in citing_files()
    assert "places.geojson" not in citing_files() and "sources.json" not in citing_files()


def test_the_app_reads_the_data_without_the_build_and_its_upstream_readers():
    code = (
        "import sys\n"
        "from dashboard.logic import layers, record, story\n"
        "layers.load_usable(); layers.load_events(); layers.data_digest()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "geodata.schema.validator" in loaded  # the app does read through the validator
    build_tools = {
        "yaml",
        "geodata.build",
        "geodata.datapackage",
        "geodata.basemap.naturalearth",
        "geodata.basemap.places",
        "geodata.geometry.zones",
    }
    assert loaded.isdisjoint(build_tools), loaded & build_tools
