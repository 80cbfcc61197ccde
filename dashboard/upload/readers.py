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

from dashboard.logic.i18n import _, format_number
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
        ".gpkg": _("it is not a GeoPackage (no SQLite header)"),
        ".kml": _("it is not KML (no XML)"),
        ".shp": _(
            "a Shapefile needs its .shx, .dbf and .prj: zip them together and upload the .zip"
        ),
        ".zip": _("it is not a ZIP archive"),
        ".kmz": _("it is not a ZIP archive"),
    }
    hint = hints.get(ext, _("expected GeoJSON, GeoPackage, KML, CSV with lat/lon, or a zip"))
    raise UploadRefused(_("unrecognised file format: {hint}").format(hint=hint))


def read_raw(name: str, data: bytes, limits: UploadLimits, *, in_zip: bool = False) -> RawLayer:
    """Parse ``data`` (already within the byte limit) into a RawLayer of the detected format."""
    kind = detect_format(name, data)
    if kind == "geojson":
        return read_geojson(data, limits)
    if kind == "csv":
        return read_csv(data, limits)
    if kind == "zip":
        if in_zip:
            raise UploadRefused(_("archives inside archives are not read; upload the inner file"))
        return read_zip(data, limits, lambda n, d: read_raw(n, d, limits, in_zip=True))
    if kind == "kml" and re.search(rb"<!(?:DOCTYPE|ENTITY)", data[:100_000], re.IGNORECASE):
        raise UploadRefused(
            _("KML with a DOCTYPE or ENTITY declaration is refused (entity expansion)")
        )
    suffix = ".gpkg" if kind == "gpkg" else ".kml"
    return read_gdal({"layer" + suffix: data}, "layer" + suffix, kind, limits)


def _decode_text(data: bytes, layer: RawLayer) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        layer.notes.append(_("the file is not UTF-8: read it as Windows-1251 (Cyrillic)"))
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
        raise UploadRefused(_("the CSV file has no header row")) from exc
    except (pd.errors.ParserError, ValueError) as exc:
        raise UploadRefused(
            _("the CSV cannot be read: {error}").format(error=str(exc).strip()[:200])
        ) from exc
    if len(table) > limits.max_features:
        raise UploadRefused(
            _("the CSV has more than {count} rows (the limit)").format(
                count=format_number(limits.max_features)
            )
        )
    if len(table.columns) > limits.max_properties:
        raise UploadRefused(
            _("the CSV has {count} columns; the limit is {limit}").format(
                count=len(table.columns), limit=limits.max_properties
            )
        )
    lat, lon = _pick(list(table.columns), _LAT_NAMES), _pick(list(table.columns), _LON_NAMES)
    if lat is None or lon is None:
        found = ", ".join(repr(str(c)[:30]) for c in list(table.columns)[:10])
        raise UploadRefused(
            _(
                "no latitude/longitude columns found: name them 'lat' and 'lon' "
                "(or latitude/longitude, y/x); the file has {found}"
            ).format(found=found)
        )
    if table.empty:
        raise UploadRefused(_("the CSV has a header but no rows"))
    decimal_comma = sep != ","
    for i, row in enumerate(table.to_dict("records")):
        where = _("row {number}").format(number=i + 1)
        try:
            y = _number(row[lat], _("latitude"), decimal_comma)
            x = _number(row[lon], _("longitude"), decimal_comma)
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
        raise ValueError(_("no coordinates ({what} is empty)").format(what=what))
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            _("{what} {value} is not a number").format(what=what, value=repr(cell[:40]))
        ) from None
