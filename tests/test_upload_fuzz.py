"""Random GeoJSON-like and random byte input: read_upload answers every time, never raises."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dashboard.upload import UploadLimits, read_upload

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
LIMITS = UploadLimits(max_features=50, max_properties=8, max_value_chars=50, max_depth=3)

numbers = st.one_of(
    st.integers(-400, 400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-200, 200),
)
position = st.lists(numbers, min_size=0, max_size=4)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=80))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def _coords(depth: int) -> st.SearchStrategy:
    strategy = position
    for _ in range(depth):
        strategy = st.lists(strategy, max_size=6)
    return strategy


geometry_type = st.sampled_from(
    ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "Blob"]
)
lonlat = st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list)
plausible = st.one_of(
    st.builds(lambda p: {"type": "Point", "coordinates": p}, lonlat),
    st.builds(lambda p: {"type": "LineString", "coordinates": p}, st.lists(lonlat, min_size=2)),
    st.builds(
        lambda ring: {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
        st.lists(lonlat, min_size=3, max_size=6),
    ),
)
geometries = st.one_of(
    plausible,
    st.none(),
    values,
    st.builds(
        lambda t, c: {"type": t, "coordinates": c},
        geometry_type,
        st.integers(0, 3).flatmap(_coords),
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("GeometryCollection"),
            "geometries": st.lists(
                st.builds(lambda c: {"type": "Point", "coordinates": c}, position), max_size=3
            ),
        }
    ),
)
features = st.one_of(
    values,
    st.fixed_dictionaries(
        {
            "type": st.just("Feature"),
            "geometry": geometries,
            "properties": st.one_of(
                st.none(), values, st.dictionaries(st.text(max_size=12), values, max_size=10)
            ),
        },
        optional={"id": values},
    ),
)
documents = st.one_of(
    values,
    geometries,
    features,
    st.fixed_dictionaries(
        {"type": st.just("FeatureCollection"), "features": st.lists(features, max_size=8)},
        optional={"crs": values},
    ),
)


def _check(result) -> None:
    text = " ".join([result.error or "", *result.report.lines()])
    assert "internal error" not in text
    assert result.ok == (result.error is None)
    event("accepted" if result.ok else "refused whole")
    if result.ok:
        assert len(result.gdf) == result.report.accepted
        assert result.gdf.crs.to_epsg() == 4326
        json.loads(result.to_geojson())


@SETTINGS
@given(documents)
def test_random_geojson_like_input_never_escapes(doc: object) -> None:
    data = json.dumps(doc, allow_nan=True).encode("utf-8", "surrogatepass")
    _check(read_upload("fuzz.geojson", data, limits=LIMITS))


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["a.geojson", "a.csv", "a.kml", "a.gpkg", "a"]))
def test_random_bytes_never_escape(data: bytes, name: str) -> None:
    _check(read_upload(name, data, limits=LIMITS))


cell = st.one_of(st.text(max_size=10), st.floats().map(str), st.floats(-100, 100).map(str))


@SETTINGS
@given(st.lists(st.lists(cell, min_size=0, max_size=4), max_size=8))
def test_random_csv_never_escapes(rows: list[list[str]]) -> None:
    text = "lat,lon,name\n" + "\n".join(",".join(row) for row in rows)
    _check(read_upload("a.csv", text.encode("utf-8", "surrogatepass"), limits=LIMITS))


member_names = st.one_of(
    st.sampled_from(["a.shp", "a.shx", "a.dbf", "a.prj", "doc.kml", "x.geojson", "t.csv"]),
    # zipfile itself cuts a name at its first NUL and cannot write an empty one.
    st.text(min_size=1, max_size=20).filter(lambda n: n.split("\x00")[0] != ""),
)


@SETTINGS
@given(st.dictionaries(member_names, st.binary(max_size=200), max_size=5))
def test_random_archives_never_escape(members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _check(read_upload("a.zip", buf.getvalue(), limits=LIMITS))
