"""Read uploaded GeoJSON: a FeatureCollection, a Feature or a bare geometry."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import pyproj
from shapely.geometry import shape

from dashboard.logic.i18n import _, format_number
from dashboard.upload.limits import UploadLimits, UploadRefused, json_depth
from dashboard.upload.raw import INVALID, NOT_CLOSED, RawFeature, RawLayer
from geodata.schema.geojson import check_crs, check_geometry

__all__ = ["read_geojson"]

_RANGE = ("is outside [-180, 180]", "is outside [-90, 90]")
_EPSG_NAME = re.compile(r"^(?:urn:ogc:def:crs:EPSG:[\d.]*:|EPSG:)(\d{4,6})$", re.IGNORECASE)


def _load_json(data: bytes, limits: UploadLimits) -> Any:
    depth = json_depth(data)
    if depth > limits.max_document_depth:
        raise UploadRefused(
            _(
                "the JSON is nested {depth} levels deep; the limit is {limit}. "
                "Flatten nested property values."
            ).format(depth=format_number(depth), limit=limits.max_document_depth)
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRefused(
            _("the file is not UTF-8 text (byte {byte}); save it as UTF-8").format(byte=exc.start)
        ) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise UploadRefused(_("the JSON is nested too deeply to read")) from exc
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise UploadRefused(
                _("invalid JSON: the file ends early (truncated?) at line {line}").format(
                    line=exc.lineno
                )
            ) from exc
        raise UploadRefused(
            _("invalid JSON: {error} at line {line} column {column}").format(
                error=exc.msg, line=exc.lineno, column=exc.colno
            )
        ) from exc
    except ValueError as exc:  # e.g. an integer literal past Python's digit limit
        raise UploadRefused(_("invalid JSON: {error}").format(error=exc)) from exc


def _features_of(obj: Any) -> list[Any]:
    if not isinstance(obj, dict):
        kinds = {list: _("an array"), str: _("a string"), bool: _("a boolean")}
        kind = kinds.get(type(obj), _("a number"))
        if obj is None:
            kind = "null"
        raise UploadRefused(
            _(
                "the JSON is {kind}, not GeoJSON: expected a FeatureCollection, Feature or geometry"
            ).format(kind=kind)
        )
    gtype = obj.get("type")
    if gtype == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise UploadRefused(_("the FeatureCollection has no 'features' list"))
        return features
    if gtype == "Feature":
        return [obj]
    if gtype in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon"):
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    if gtype in ("MultiPolygon", "GeometryCollection"):
        return [{"type": "Feature", "geometry": obj, "properties": {}}]
    raise UploadRefused(
        _("GeoJSON 'type' is {type}; expected FeatureCollection, Feature or a geometry").format(
            type=repr(str(gtype)[:40])
        )
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
            _(
                "the 'crs' member names {name}, not an EPSG code such as 'EPSG:32642'; only "
                "EPSG codes are understood. Save the file as WGS84 GeoJSON."
            ).format(name=repr(str(name or crs)[:80]))
        )
    try:
        found = pyproj.CRS.from_epsg(int(match.group(1)))
    except pyproj.exceptions.CRSError as exc:
        raise UploadRefused(
            _("the 'crs' member names an unknown EPSG code {name}").format(name=repr(name))
        ) from exc
    if not (found.is_geographic or found.is_projected):
        raise UploadRefused(
            _(
                "the 'crs' member names {name} ({crs}), which is not a map coordinate system; "
                "save the file as WGS84 (EPSG:4326) GeoJSON"
            ).format(name=repr(name), crs=found.name)
        )
    return found


def read_geojson(data: bytes, limits: UploadLimits) -> RawLayer:
    """Read a FeatureCollection, a Feature or a bare geometry."""
    obj = _load_json(data, limits)
    features = _features_of(obj)
    if not features:
        raise UploadRefused(_("the file contains no features"))
    if len(features) > limits.max_features:
        raise UploadRefused(
            _("the file has {count} features; the limit is {limit}").format(
                count=format_number(len(features)), limit=format_number(limits.max_features)
            )
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
        raise ValueError(_("not a GeoJSON Feature object"))
    geometry = feature.get("geometry")
    if geometry is None:
        raise ValueError(_("no geometry (null or missing)"))
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
        raise ValueError(_("'properties' must be an object"))
    fid = feature.get("id")
    try:
        geom = shape(geometry)
    except Exception as exc:  # noqa: BLE001 - shapely raises several types on odd input
        raise ValueError(_("geometry cannot be read ({error})").format(error=exc)) from exc
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
