"""Reading layer files: unreadable input, LayerError, load_layer, the command line."""

import json

import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.schema.validator import load_layer, parse_layer, validate_layer
from geodata.schema.values import LayerError
from geodata.validate import main
from tests.layer_features import SRC, collection, country, facility


@pytest.mark.parametrize(
    "data, words",
    [
        (b'{"type": "FeatureCollection", "features": [\n  {"type": }\n]}', "line 2, column"),
        (b"", "malformed JSON at line 1, column 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_unreadable_input_raises_layer_error_not_traceback(data, words):
    with pytest.raises(LayerError) as info:
        parse_layer(data, "facilities", file="mine.geojson")
    assert "mine.geojson" in str(info.value)
    assert words in str(info.value)


def test_layer_error_lists_every_problem():
    obj = collection(facility(status="gone"), facility(fid="other", confidence="?"))
    with pytest.raises(LayerError) as info:
        parse_layer(json.dumps(obj), "facilities")
    message = str(info.value)
    assert "feature 'arm-102-military-base': field 'status'" in message
    assert "feature 'other': field 'confidence'" in message
    assert len(info.value.problems) == 2


def test_load_layer_returns_geodataframe_with_lists(tmp_path):
    path = tmp_path / "facilities.geojson"
    path.write_text(json.dumps(collection(facility())), encoding="utf-8")
    gdf = load_layer(path)
    assert isinstance(gdf, gpd.GeoDataFrame)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc[0, "alt_names"] == ["Gyumri", "Гюмри"]
    assert gdf.loc[0, "sources"] == SRC
    assert gdf.geometry.iloc[0].x == pytest.approx(43.8475)


def test_load_layer_empty_collection_has_schema_columns(tmp_path):
    path = tmp_path / "conflicts.geojson"
    path.write_text(json.dumps(collection()), encoding="utf-8")
    gdf = load_layer(path)
    assert len(gdf) == 0
    assert {"id", "kind", "geometry_method", "geometry"} <= set(gdf.columns)


def test_load_layer_missing_file_is_a_layer_error(tmp_path):
    with pytest.raises(LayerError, match="cannot be read"):
        load_layer(tmp_path / "countries.geojson")


def test_cli_reports_problems_and_fails(tmp_path, capsys):
    path = tmp_path / "countries.geojson"
    path.write_text(json.dumps(collection(country(csto_status="memeber"))), encoding="utf-8")
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    assert "countries.geojson: feature 'ARM': field 'csto_status': must be one of" in out


def test_cli_summarises_valid_layers(tmp_path, capsys):
    path = tmp_path / "any-name.geojson"
    path.write_text(json.dumps(collection(facility())), encoding="utf-8")
    assert main(["--layer", "facilities", str(path)]) == 0
    assert "any-name.geojson: facilities: 1 features (1 Point), valid" in capsys.readouterr().out


def test_cli_needs_a_layer_for_unknown_names(tmp_path, capsys):
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps(collection()), encoding="utf-8")
    assert main([str(path)]) == 1
    assert "--layer" in capsys.readouterr().out


def test_cli_validates_the_committed_layers(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    for name in ("countries.geojson", "facilities.geojson", "conflicts.geojson"):
        assert f"{name}: " in out


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["type", "features", "properties", "geometry", "coordinates", "id", "crs"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["countries", "facilities", "conflicts"]),
    st.lists(json_values, max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "sources", "geometry"]), json_values),
)
def test_validator_never_raises_on_arbitrary_json(layer, features, props):
    shaped = [{"type": "Feature", "properties": props, "geometry": f} for f in features]
    for obj in (features, {"type": "FeatureCollection", "features": features + shaped}):
        problems = validate_layer(obj, layer, file="fuzz.geojson")
        assert all(str(p).startswith("fuzz.geojson") for p in problems)
