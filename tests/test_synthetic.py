import json

import pytest

from dashboard.logic.synthetic import (
    EVENT_TYPES,
    MEMBER_BOXES,
    NAME_PREFIX,
    generate_events,
    to_feature_collection,
    write_geojson,
)


def test_same_seed_gives_the_same_points():
    a = generate_events(500, seed=7)
    b = generate_events(500, seed=7)
    assert a.equals(b)
    assert a.geometry.equals(b.geometry)


def test_different_seed_gives_different_points():
    assert not generate_events(50, seed=1).geometry.equals(generate_events(50, seed=2).geometry)


@pytest.mark.parametrize("n", [0, 1, 1000])
def test_count_and_unique_ids(n):
    events = generate_events(n)
    assert len(events) == n
    assert events["id"].is_unique


def test_every_feature_is_labelled_synthetic():
    collection = to_feature_collection(generate_events(200))
    assert len(collection["features"]) == 200
    for feature in collection["features"]:
        assert feature["properties"]["synthetic"] is True
        assert feature["properties"]["name"].startswith(NAME_PREFIX)


def test_values_stay_in_their_ranges():
    events = generate_events(3000, seed=3)
    assert set(events["event_type"].astype(str)) == set(EVENT_TYPES)
    assert events["date"].min().year >= 1992
    assert events["date"].max().year <= 2026
    for iso, group in events.groupby("country"):
        min_lon, min_lat, max_lon, max_lat = MEMBER_BOXES[iso]
        assert group.geometry.x.between(min_lon, max_lon).all()
        assert group.geometry.y.between(min_lat, max_lat).all()


def test_geojson_dates_are_iso_days():
    feature = to_feature_collection(generate_events(1))["features"][0]
    assert len(feature["properties"]["date"]) == 10
    assert feature["geometry"]["type"] == "Point"


def test_written_file_parses_back(tmp_path):
    path = write_geojson(generate_events(10), tmp_path / "events.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [f["id"] for f in data["features"]] == [f"synthetic-{i:06d}" for i in range(1, 11)]


def test_refuses_to_write_into_geodata():
    from dashboard.logic import synthetic

    target = synthetic._FORBIDDEN_DIR / "events.geojson"
    with pytest.raises(ValueError, match="must not be written"):
        write_geojson(generate_events(1), target)
    assert not target.exists()


def test_negative_count_is_an_error():
    with pytest.raises(ValueError):
        generate_events(-1)
