"""Compact shapes for the map: rings as delta-encoded polylines, decoded in the browser.

Coordinates become integer steps of 1e-4 degrees (the precision of the layer files, so the
round trip is exact for them), stored as differences from the previous vertex in Google's
polyline variable-length code. The digits are base64url rather than Google's ``chr(63 + x)``:
those include "{", "}" and "#", and branca may parse a rendered script as a Jinja template,
where "{{" or "{#" in the data would break the page. Borders take ~40 % fewer bytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dashboard.map.js import script

PRECISION = 1e4
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
ENCODED_TYPES = ("Polygon", "MultiPolygon", "LineString", "MultiLineString")

# Defined once per page (in the base map); turns an encoded geometry back into GeoJSON.
DECODE_JS = script("decode.js")


def encode_ring(coords: Any) -> str:
    """Return one ring or line ([[lon, lat], ...]) as a polyline string at 1e-4 degrees."""
    q = np.rint(np.asarray(coords, dtype=float)[:, 1::-1] * PRECISION).astype(np.int64)
    deltas = np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    chars: list[str] = []
    for value in deltas.tolist():
        v = ~(value << 1) if value < 0 else value << 1
        while v >= 0x20:
            chars.append(DIGITS[0x20 | (v & 0x1F)])
            v >>= 5
        chars.append(DIGITS[v])
    return "".join(chars)


def decode_ring(text: str) -> list[list[float]]:
    """Return the [[lon, lat], ...] of a :func:`encode_ring` string; mirrors the browser's."""
    out, i, lat, lon = [], 0, 0, 0
    while i < len(text):
        pair = []
        for _ in range(2):
            shift = result = 0
            while True:
                b = DIGITS.index(text[i])
                i += 1
                result |= (b & 31) << shift
                shift += 5
                if b < 32:
                    break
            pair.append(~(result >> 1) if result & 1 else result >> 1)
        lat, lon = lat + pair[0], lon + pair[1]
        out.append([lon / PRECISION, lat / PRECISION])
    return out


def encode_geometry(geometry: dict | None) -> dict | None:
    """Return a GeoJSON geometry mapping with every ring or line as a string under ``rings``;
    points, collections and None come back unchanged."""
    if not geometry or geometry.get("type") not in ENCODED_TYPES:
        return geometry

    def walk(c: Any) -> Any:
        if len(c) and isinstance(c[0][0], float | int):
            return encode_ring(c)
        return [walk(part) for part in c]

    return {"type": geometry["type"], "rings": walk(geometry["coordinates"])}
