import json
from pathlib import Path

import pytest

from dashboard.logic.layers import (
    LayerError,
    data_digest,
    dataset_date,
    geodata_dir,
    load_layers,
    load_usable,
    with_status,
)
from tests.tiny_layers import layer_objects, write_layers


def test_loads_three_layers_sorted_by_id(layers):
    for name in ("countries", "facilities", "conflicts"):
        gdf = layers.get(name)
        assert list(gdf["id"]) == sorted(
            f["properties"]["id"] for f in layer_objects()[name]["features"]
        )
        assert gdf.crs.to_epsg() == 4326


def test_list_properties_stay_lists(layers):
    assert layers.facilities.loc[0, "sources"] == [
        "https://example.org/source/arm-102-base",
        "https://example.com/more/arm-102-base",
    ]
    assert list(layers.conflicts.set_index("id").loc["kgz-uzb-border", "countries"]) == [
        "KGZ",
        "UZB",
    ]


def test_unknown_layer_name_is_an_error(layers):
    with pytest.raises(KeyError):
        layers.get("roads")


def test_missing_file_names_the_file(tmp_path: Path):
    write_layers(tmp_path)
    (tmp_path / "conflicts.geojson").unlink()
    with pytest.raises(LayerError, match="conflicts.geojson"):
        load_layers(tmp_path)


def test_invalid_feature_names_file_feature_and_field(tmp_path: Path):
    write_layers(tmp_path)
    obj = layer_objects()["facilities"]
    obj["features"][0]["properties"]["facility_type"] = "castle"
    (tmp_path / "facilities.geojson").write_text(json.dumps(obj), encoding="utf-8")
    with pytest.raises(LayerError) as err:
        load_layers(tmp_path)
    assert "arm-102-base" in str(err.value) and "facility_type" in str(err.value)


def test_dataset_date(geodata_dir: Path, tmp_path: Path):
    assert dataset_date(geodata_dir) == "2026-11-01"
    assert dataset_date(tmp_path) is None


def test_geodata_dir_follows_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("CSTO_GEODATA_DIR", str(tmp_path))
    assert geodata_dir() == tmp_path
    monkeypatch.delenv("CSTO_GEODATA_DIR")
    assert geodata_dir().name == "geodata"


def test_with_status_copies_dataset_status_and_keeps_a_given_one(layers):
    shown = with_status(layers.countries)
    assert list(shown["status"]) == list(layers.countries["csto_status"])
    assert "status" not in layers.countries.columns
    custom = layers.countries.assign(status="former")
    assert with_status(custom) is custom


def test_the_shipped_layers_are_found_in_the_repository():
    from dashboard.logic.layers import REPO_GEODATA

    root = Path(__file__).resolve().parent.parent
    assert root / "geodata" == REPO_GEODATA
    assert (REPO_GEODATA / "facilities.geojson").is_file()


def _broken(tmp_path: Path, name: str, change) -> Path:
    write_layers(tmp_path)
    obj = layer_objects()[name]
    change(obj)
    (tmp_path / f"{name}.geojson").write_text(json.dumps(obj), encoding="utf-8")
    return tmp_path


def test_usable_load_leaves_out_only_the_broken_feature(tmp_path: Path):
    def no_name(obj):
        obj["features"][0]["properties"]["name"] = 7  # arm-102-base

    folder = _broken(tmp_path, "facilities", no_name)
    data, problems = load_usable(folder)
    assert "arm-102-base" not in set(data.facilities["id"])
    assert len(data.facilities) == 4 and len(data.countries) == 5 and len(data.conflicts) == 4
    (problem,) = problems
    assert str(problem).startswith("facilities.geojson: feature 'arm-102-base': field 'name':")


def test_usable_load_empties_a_layer_that_is_not_a_collection(tmp_path: Path):
    folder = _broken(tmp_path, "countries", lambda obj: obj.update(type="Feature"))
    data, problems = load_usable(folder)
    assert data.countries.empty and "iso3" in data.countries.columns
    assert len(data.facilities) == 5
    assert [p.file for p in problems] == ["countries.geojson"]


def test_usable_load_names_the_folder_of_a_missing_file(tmp_path: Path):
    write_layers(tmp_path)
    (tmp_path / "conflicts.geojson").unlink()
    data, problems = load_usable(tmp_path)
    assert data.conflicts.empty and len(data.countries) == 5
    assert f"looked in {tmp_path}" in str(problems[0])


def test_usable_load_of_good_files_has_no_problems(geodata_dir: Path):
    data, problems = load_usable(geodata_dir)
    assert problems == [] and len(data.facilities) == 5


def test_data_digest_follows_the_content(tmp_path: Path):
    write_layers(tmp_path)
    first = data_digest(tmp_path)
    assert data_digest(tmp_path) == first
    path = tmp_path / "facilities.geojson"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    second = data_digest(tmp_path)
    assert second != first
    (tmp_path / "events.json").write_text("{}", encoding="utf-8")  # a new file counts too
    assert data_digest(tmp_path) not in (first, second)
