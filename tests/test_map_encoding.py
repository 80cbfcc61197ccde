import json

import pytest

from dashboard.map.encoding import DIGITS, decode_ring, encode_geometry, encode_ring

RING = [[44.5123, 40.1777], [-179.9999, -85.0], [180.0, 89.9999], [0.0, 0.0], [44.5123, 40.1777]]


def test_a_ring_at_the_layers_precision_comes_back_exactly():
    assert decode_ring(encode_ring(RING)) == RING


def test_encoded_text_uses_only_url_safe_digits():
    # No "{", "}" or "#": rendered scripts may be parsed as Jinja templates.
    assert set(encode_ring(RING)) <= set(DIGITS)


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [RING]},
        {"type": "MultiPolygon", "coordinates": [[RING], [RING[::-1]]]},
        {"type": "LineString", "coordinates": RING[:3]},
        {"type": "MultiLineString", "coordinates": [RING[:2], RING[2:]]},
    ],
)
def test_shapes_keep_their_structure_and_shrink(geometry):
    encoded = encode_geometry(geometry)
    assert encoded["type"] == geometry["type"]

    def walk(c):
        return decode_ring(c) if isinstance(c, str) else [walk(p) for p in c]

    assert walk(encoded["rings"]) == geometry["coordinates"]
    assert len(json.dumps(encoded)) < len(json.dumps(geometry))


@pytest.mark.parametrize("geometry", [None, {"type": "Point", "coordinates": [1.5, 2.5]}])
def test_points_and_missing_shapes_are_left_alone(geometry):
    assert encode_geometry(geometry) is geometry


def test_browser_decoder_uses_the_same_precision():
    from dashboard.map.encoding import DECODE_JS, PRECISION

    assert f"var PRECISION = {int(PRECISION)};" in DECODE_JS
    assert f'var DIGITS = "{DIGITS}";' in DECODE_JS
