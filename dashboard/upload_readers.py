"""Turn uploaded bytes into raw features: GeoJSON, GeoPackage, KML, CSV and zipped Shapefile.

Readers only parse; they refuse a whole file with UploadRefused, or single features by index.
Cleaning, reprojection and geometry repair happen later, the same way for every format.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pyogrio
import pyproj
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from dashboard.upload_limits import UploadLimits, UploadRefused, json_depth, read_zip_members
from geodata.checks import check_crs, check_geometry

__all__ = ["RawFeature", "RawLayer", "detect_format", "read_raw"]

FORMATS = ("geojson", "gpkg", "kml", "csv", "zip")
# Problems from geodata.checks that a reader tolerates: the first is repaired right here (shapely
# closes rings), the second by the validation step; anything else refuses the feature.
NOT_CLOSED = "is not closed"
INVALID = "invalid geometry:"
_RANGE = ("is outside [-180, 180]", "is outside [-90, 90]")

_LAT_NAMES = ("lat", "latitude", "y", "lat_dd", "широта")
_LON_NAMES = ("lon", "lng", "long", "longitude", "x", "lon_dd", "долгота")
_EPSG_NAME = re.compile(r"^(?:urn:ogc:def:crs:EPSG:[\d.]*:|EPSG:)(\d{4,6})$", re.IGNORECASE)


@dataclass
class RawFeature:
    """One feature as read: ``checked`` means geodata.checks has already passed its geometry."""

    index: int
    label: str
    geometry: BaseGeometry
    properties: dict[str, Any]
    feature_id: str | int | float | None = None
    checked: bool = False
    rings_closed: bool = False
    invalid: bool = False


@dataclass
class RawLayer:
    """What a reader found: features, per-feature refusals, the source CRS, and notes."""

    features: list[RawFeature] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    crs: pyproj.CRS | None = None
    notes: list[str] = field(default_factory=list)


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
        return _read_zip(data, limits)
    if kind == "kml" and re.search(rb"<!(?:DOCTYPE|ENTITY)", data[:100_000], re.IGNORECASE):
        raise UploadRefused(
            "KML with a DOCTYPE or ENTITY declaration is refused (entity expansion)"
        )
    suffix = ".gpkg" if kind == "gpkg" else ".kml"
    return _read_ogr({"layer" + suffix: data}, "layer" + suffix, kind, limits)


# --- GeoJSON -----------------------------------------------------------------------------------


def _load_json(data: bytes, limits: UploadLimits) -> Any:
    depth = json_depth(data)
    if depth > limits.max_document_depth:
        raise UploadRefused(
            f"the JSON is nested {depth:,} levels deep; the limit is {limits.max_document_depth}. "
            "Flatten nested property values."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(
            f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise UploadRefused("the JSON is nested too deeply to read") from exc
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise UploadRefused(
                f"invalid JSON: the file ends early (truncated?) at line {exc.lineno}"
            ) from exc
        raise UploadRefused(
            f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except ValueError as exc:  # e.g. an integer literal past Python's digit limit
        raise UploadRefused(f"invalid JSON: {exc}") from exc


def _features_of(obj: Any) -> list[Any]:
    if not isinstance(obj, dict):
        kind = {list: "an array", str: "a string", bool: "a boolean"}.get(type(obj), "a number")
        if obj is None:
            kind = "null"
        raise UploadRefused(
            f"the JSON is {kind}, not GeoJSON: expected a FeatureCollection, Feature or geometry"
        )
    gtype = obj.get("type")
    if gtype == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise UploadRefused("the FeatureCollection has no 'features' list")
        return features
    if gtype == "Feature":
        return [obj]
    if gtype in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon"):
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    if gtype in ("MultiPolygon", "GeometryCollection"):
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    raise UploadRefused(
        f"GeoJSON 'type' is {str(gtype)[:40]!r}; expected FeatureCollection, Feature or a geometry"
    )


def _legacy_crs(obj: dict) -> pyproj.CRS | None:
    """Return the CRS named by a pre-RFC 7946 "crs" member, or None for WGS84 lon/lat."""
    if not check_crs(obj):
        return None
    crs = obj.get("crs")
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    match = _EPSG_NAME.match(name.strip()) if isinstance(name, str) else None
    if not match:
        # Only EPSG codes are accepted: a free-form CRS string would reach PROJ unchecked.
        raise UploadRefused(
            f"the 'crs' member names {str(name or crs)[:80]!r}; only EPSG codes are understood. "
            "Save the file as WGS84 (EPSG:4326) GeoJSON."
        )
    try:
        return pyproj.CRS.from_epsg(int(match.group(1)))
    except pyproj.exceptions.CRSError as exc:
        raise UploadRefused(f"the 'crs' member names an unknown EPSG code {name!r}") from exc


def read_geojson(data: bytes, limits: UploadLimits) -> RawLayer:
    """Read a FeatureCollection, a Feature or a bare geometry."""
    obj = _load_json(data, limits)
    features = _features_of(obj)
    if not features:
        raise UploadRefused("the file contains no features")
    if len(features) > limits.max_features:
        raise UploadRefused(
            f"the file has {len(features):,} features; the limit is {limits.max_features:,}"
        )
    layer = RawLayer(crs=_legacy_crs(obj))
    for i, feature in enumerate(features):
        where = f"features[{i}]"
        try:
            raw = _geojson_feature(i, where, feature, projected=layer.crs is not None)
        except ValueError as exc:
            layer.refused.append((i, f"{where}: {exc}"))
        else:
            layer.features.append(raw)
    return layer


def _geojson_feature(i: int, where: str, feature: Any, *, projected: bool) -> RawFeature:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature object")
    geometry = feature.get("geometry")
    if geometry is None:
        raise ValueError("no geometry (null or missing)")
    problems = check_geometry(geometry)
    if projected:
        problems = [p for p in problems if not _ranged(p)]
    fatal = [p for p in problems if NOT_CLOSED not in p and not p.startswith(INVALID)]
    if fatal:
        raise ValueError("; ".join(fatal))
    properties = feature.get("properties")
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise ValueError("'properties' must be an object")
    fid = feature.get("id")
    try:
        geom = shape(geometry)
    except Exception as exc:  # noqa: BLE001 - shapely raises several types on odd input
        raise ValueError(f"geometry cannot be read ({exc})") from exc
    return RawFeature(
        index=i,
        label=where,
        geometry=geom,
        properties=properties,
        feature_id=fid if _valid_id(fid) else None,
        # A closed-up ring has not been through the validity check yet.
        checked=not projected and not any(NOT_CLOSED in p for p in problems),
        rings_closed=any(NOT_CLOSED in p for p in problems),
        invalid=any(p.startswith(INVALID) for p in problems),
    )


def _valid_id(fid: Any) -> bool:
    """RFC 7946 allows a string or a number; anything else is dropped."""
    if isinstance(fid, bool):
        return False
    return isinstance(fid, str | int) or (isinstance(fid, float) and math.isfinite(fid))


def _ranged(problem: str) -> bool:
    return any(marker in problem for marker in _RANGE)


# --- CSV -------------------------------------------------------------------------------------


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


# --- GDAL formats: GeoPackage, KML, zipped Shapefile ------------------------------------------


_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_INNER = {".geojson", ".json", ".kml", ".gpkg", ".csv"}


def _read_zip(data: bytes, limits: UploadLimits) -> RawLayer:
    members = read_zip_members(data, limits)
    shapefiles = sorted(n for n in members if n.lower().endswith(".shp"))
    if shapefiles:
        stem = shapefiles[0][:-4]
        files = {}
        for ext in _SHAPEFILE_PARTS:
            match = next((n for n in members if n.lower() == (stem + ext).lower()), None)
            if match is not None:
                files["layer" + ext] = members[match]
        missing = [ext for ext in (".shx", ".dbf") if "layer" + ext not in files]
        if missing:
            raise UploadRefused(
                f"the zipped Shapefile {shapefiles[0]!r} lacks {' and '.join(missing)}; "
                "zip all its parts together"
            )
        layer = _read_ogr(files, "layer.shp", "shapefile", limits)
        if len(shapefiles) > 1:
            layer.notes.append(
                f"the archive holds {len(shapefiles)} Shapefiles; read {shapefiles[0]!r} only"
            )
        return layer
    inner = [n for n in members if PurePosixPath(n).suffix.lower() in _INNER]
    if len(inner) != 1:
        raise UploadRefused(
            "the archive holds no Shapefile (.shp with .shx and .dbf) and not exactly one "
            "GeoJSON, KML, GeoPackage or CSV file"
        )
    return read_raw(inner[0], members[inner[0]], limits, in_zip=True)


def _read_ogr(files: dict[str, bytes], main: str, kind: str, limits: UploadLimits) -> RawLayer:
    # A private folder per upload: file names are ours, never taken from the upload.
    with tempfile.TemporaryDirectory(prefix="csto-upload-") as tmp:
        for fname, content in files.items():
            (Path(tmp) / fname).write_bytes(content)
        path = str(Path(tmp) / main)
        try:
            return _ogr_layers(path, kind, limits)
        except UploadRefused:
            raise
        except Exception as exc:  # noqa: BLE001 - GDAL reports bad files with many error types
            message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            raise UploadRefused(
                f"the {kind} file cannot be read: {message or type(exc).__name__}"
            ) from exc


def _ogr_layers(path: str, kind: str, limits: UploadLimits) -> RawLayer:
    listed = pyogrio.list_layers(path)
    spatial = [str(name) for name, gtype in listed if gtype is not None]
    if not spatial:
        raise UploadRefused(f"the {kind} file has no layer with geometry")
    if len(spatial) > limits.max_layers:
        raise UploadRefused(f"the file has {len(spatial)} layers; the limit is {limits.max_layers}")
    # KML folders are groups of one document, so they are read together; other formats' layers
    # are separate data sets, so only the first is read.
    names = spatial if kind == "kml" else spatial[:1]
    layer = RawLayer()
    if len(spatial) > 1 and kind != "kml":
        layer.notes.append(f"the file has {len(spatial)} layers; read {spatial[0]!r} only")
    crs_seen = None
    for name in names:
        info = pyogrio.read_info(path, layer=name)
        if len(info["fields"]) > limits.max_properties:
            raise UploadRefused(
                f"layer {name!r} has {len(info['fields'])} fields; the limit is "
                f"{limits.max_properties}"
            )
        room = limits.max_features - len(layer.features) - len(layer.refused)
        if info["features"] > room:
            raise UploadRefused(f"the file has more than {limits.max_features:,} features")
        frame = pyogrio.read_dataframe(path, layer=name, max_features=room + 1)
        if len(frame) > room:
            raise UploadRefused(f"the file has more than {limits.max_features:,} features")
        crs_seen = crs_seen or frame.crs
        if kind == "kml":
            # The KML drivers add a column per KML element (altitudeMode, tessellate...); only
            # the ones this file fills are its data.
            frame = frame.dropna(axis="columns", how="all")
        _add_frame(layer, frame, name if len(names) > 1 else None)
    if crs_seen is None:
        layer.notes.append("no coordinate reference system given (.prj missing?): read as WGS84")
    elif not crs_seen.equals("EPSG:4326", ignore_axis_order=True):
        layer.crs = crs_seen
    return layer


def _add_frame(layer: RawLayer, frame: pd.DataFrame, source: str | None) -> None:
    columns = [c for c in frame.columns if c != "geometry"]
    records = frame[columns].to_dict("records") if columns else [{}] * len(frame)
    for geom, props in zip(frame.geometry, records, strict=True):
        i = len(layer.features) + len(layer.refused)
        where = f"feature {i}" + (f" (folder {source!r})" if source else "")
        if geom is None:
            layer.refused.append((i, f"{where}: no geometry (null or missing)"))
            continue
        clean = {str(k): _plain(v) for k, v in props.items()}
        layer.features.append(RawFeature(index=i, label=where, geometry=geom, properties=clean))


def _plain(value: Any) -> Any:
    """Convert what pandas/GDAL hand back into JSON-ready Python values."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list | tuple | dict | str | bool | int):
        return value
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        stamp = value.to_pydatetime()
        return (
            stamp.date().isoformat() if stamp == pd.Timestamp(stamp.date()) else stamp.isoformat()
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value
