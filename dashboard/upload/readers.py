"""Turn uploaded bytes into raw features: detect the format, read CSV, dispatch the rest.

Readers only parse; they refuse a whole file with UploadRefused, or single features by index.
Cleaning, reprojection and geometry repair happen later, the same way for every format.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePosixPath

import pandas as pd
from shapely.geometry import Point

from dashboard.upload.gdal import read_gdal, read_zip
from dashboard.upload.geojson import read_geojson
from dashboard.upload.limits import UploadLimits, UploadRefused
from dashboard.upload.raw import RawFeature, RawLayer

__all__ = ["FORMATS", "detect_format", "read_csv", "read_raw"]

FORMATS = ("geojson", "gpkg", "kml", "csv", "zip")
_LAT_NAMES = ("lat", "latitude", "y", "lat_dd", "широта")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_dd", "долгота")


def detect_format(name: str, data: bytes) -> str:
    """Return one of FORMATS from the file's first bytes, falling back on its extension."""
    ext = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if head.startswith((b"{", b"[")) or ext in (".geojson", ".json"):
        return "geojson"
    if head.startswith(b"<") and (ext == ".kml" or b"<kml" in data[:4096]):
        return "kml"
    if ext in (".csv", ".tsv", ".txt"):
        return "csv"
    hints = {
        ".gpkg": "it is not a GeoPackage (no SQLite header)",
        ".kml": "it is not KML (no XML)",
        ".shp": "a Shapefile needs its .shx, .dbf and .prj: zip them together and upload the .zip",
        ".zip": "it is not a ZIP archive",
        ".kmz": "it is not a ZIP archive",
    }
    hint = hints.get(ext, "expected GeoJSON, GeoPackage, KML, CSV with lat/lon, or a zip")
    raise UploadRefused(f"unrecognised file format: {hint}")


def read_raw(name: str, data: bytes, limits: UploadLimits, *, in_zip: bool = False) -> RawLayer:
    """Parse ``data`` (already within the byte limit) into a RawLayer of the detected format."""
    kind = detect_format(name, data)
    if kind == "geojson":
        return read_geojson(data, limits)
    if kind == "csv":
        return read_csv(data, limits)
    if kind == "zip":
        if in_zip:
            raise UploadRefused("archives inside archives are not read; upload the inner file")
        return read_zip(data, limits, lambda n, d: read_raw(n, d, limits, in_zip=True))
    if kind == "kml" and re.search(rb"<!(?:DOCTYPE|ENTITY)", data[:100_000], re.IGNORECASE):
        raise UploadRefused(
            "KML with a DOCTYPE or ENTITY declaration is refused (entity expansion)"
        )
    suffix = ".gpkg" if kind == "gpkg" else ".kml"
    return read_gdal({"layer" + suffix: data}, "layer" + suffix, kind, limits)


def _decode_text(data: bytes, layer: RawLayer) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        layer.notes.append("the file is not UTF-8: read it as Windows-1251 (Cyrillic)")
        return data.decode("cp1251", errors="replace")


def _pick(columns: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {str(c).strip().lower(): c for c in columns}
    return next((lowered[n] for n in names if n in lowered), None)


def read_csv(data: bytes, limits: UploadLimits) -> RawLayer:
    """Read a table with latitude and longitude columns; every cell is kept as text."""
    layer = RawLayer()
    text = _decode_text(data, layer)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t", "|"), key=first.count)
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            nrows=limits.max_features + 1,
        )
    except pd.errors.EmptyDataError as exc:
        raise UploadRefused("the CSV file has no header row") from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise UploadRefused(f"the CSV cannot be read: {str(exc).strip()[:200]}") from exc
    if len(table) > limits.max_features:
        raise UploadRefused(f"the CSV has more than {limits.max_features:,} rows (the limit)")
    if len(table.columns) > limits.max_properties:
        raise UploadRefused(
            f"the CSV has {len(table.columns)} columns; the limit is {limits.max_properties}"
        )
    lat, lon = _pick(list(table.columns), _LAT_NAMES), _pick(list(table.columns), _LON_NAMES)
    if lat is None or lon is None:
        found = ", ".join(repr(str(c)[:30]) for c in list(table.columns)[:10])
        raise UploadRefused(
            "no latitude/longitude columns found: name them 'lat' and 'lon' "
            f"(or latitude/longitude, y/x); the file has {found}"
        )
    if table.empty:
        raise UploadRefused("the CSV has a header but no rows")
    decimal_comma = sep != ","
    for i, row in enumerate(table.to_dict("records")):
        where = f"row {i + 1}"
        try:
            y = _number(row[lat], "latitude", decimal_comma)
            x = _number(row[lon], "longitude", decimal_comma)
        except ValueError as exc:
            layer.refused.append((i, f"{where}: {exc}"))
            continue
        props = {str(k): v for k, v in row.items()}
        layer.features.append(
            RawFeature(index=i, label=where, geometry=Point(x, y), properties=props)
        )
    return layer


def _number(cell: str, what: str, decimal_comma: bool) -> float:
    text = cell.strip()
    if not text:
        raise ValueError(f"no coordinates ({what} is empty)")
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what} {cell[:40]!r} is not a number") from None
