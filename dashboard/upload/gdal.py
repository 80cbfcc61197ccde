"""Read uploads through GDAL: GeoPackage, KML and zipped Shapefile, from a private temp folder."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import pyogrio

from dashboard.logic.i18n import _, format_number
from dashboard.upload.limits import UploadLimits, UploadRefused, read_zip_members
from dashboard.upload.raw import RawFeature, RawLayer

__all__ = ["read_gdal", "read_zip"]


_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_INNER = {".geojson", ".json", ".kml", ".gpkg", ".csv"}
# LIBKML reports these as -1 when the file does not set them; the others are KML's defaults.
_KML_FLAGS = {
    "tessellate": (-1, 0),
    "extrude": (-1, 0),
    "visibility": (-1, 1),
    "drawOrder": (-1,),
}


def read_zip(
    data: bytes, limits: UploadLimits, read_inner: Callable[[str, bytes], RawLayer]
) -> RawLayer:
    """Read a zipped Shapefile, or the one GeoJSON/KML/GeoPackage/CSV file in an archive."""
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
                _("the zipped Shapefile {name} lacks {parts}; zip all its parts together").format(
                    name=repr(shapefiles[0]), parts=_(" and ").join(missing)
                )
            )
        layer = read_gdal(files, "layer.shp", "shapefile", limits)
        if len(shapefiles) > 1:
            layer.notes.append(
                _("the archive holds {count} Shapefiles; read {name} only").format(
                    count=len(shapefiles), name=repr(shapefiles[0])
                )
            )
        return layer
    inner = [n for n in members if PurePosixPath(n).suffix.lower() in _INNER]
    if len(inner) != 1:
        raise UploadRefused(
            _(
                "the archive holds no Shapefile (.shp with .shx and .dbf) and not exactly one "
                "GeoJSON, KML, GeoPackage or CSV file"
            )
        )
    return read_inner(inner[0], members[inner[0]])


def read_gdal(files: dict[str, bytes], main: str, kind: str, limits: UploadLimits) -> RawLayer:
    """Write ``files`` (our names) to a private folder and read ``main`` from it with GDAL."""
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
                _("the {kind} file cannot be read: {error}").format(
                    kind=kind, error=message or type(exc).__name__
                )
            ) from exc


def _ogr_layers(path: str, kind: str, limits: UploadLimits) -> RawLayer:
    listed = pyogrio.list_layers(path)
    spatial = [str(name) for name, gtype in listed if gtype is not None]
    if not spatial:
        raise UploadRefused(_("the {kind} file has no layer with geometry").format(kind=kind))
    if len(spatial) > limits.max_layers:
        raise UploadRefused(
            _("the file has {count} layers; the limit is {limit}").format(
                count=len(spatial), limit=limits.max_layers
            )
        )
    # KML folders are groups of one document, so they are read together; other formats' layers
    # are separate data sets, so only the first is read.
    names = spatial if kind == "kml" else spatial[:1]
    layer = RawLayer()
    if len(spatial) > 1 and kind != "kml":
        layer.notes.append(
            _("the file has {count} layers; read {name} only").format(
                count=len(spatial), name=repr(spatial[0])
            )
        )
    crs_seen = None
    for name in names:
        info = pyogrio.read_info(path, layer=name)
        if len(info["fields"]) > limits.max_properties:
            raise UploadRefused(
                _("layer {name} has {count} fields; the limit is {limit}").format(
                    name=repr(name), count=len(info["fields"]), limit=limits.max_properties
                )
            )
        room = limits.max_features - len(layer.features) - len(layer.refused)
        too_many = _("the file has more than {count} features").format(
            count=format_number(limits.max_features)
        )
        if info["features"] > room:
            raise UploadRefused(too_many)
        frame = pyogrio.read_dataframe(path, layer=name, max_features=room + 1)
        if len(frame) > room:
            raise UploadRefused(too_many)
        crs_seen = crs_seen or frame.crs
        if kind == "kml":
            # The KML drivers add a column per KML element (altitudeMode, tessellate...); only
            # the ones this file fills are its data.
            frame = frame.dropna(axis="columns", how="all")
            unset = [
                c for c, dflt in _KML_FLAGS.items() if c in frame and frame[c].isin(dflt).all()
            ]
            frame = frame.drop(columns=unset)
        _add_frame(layer, frame, name if len(names) > 1 else None)
    if crs_seen is None:
        layer.notes.append(_("no coordinate reference system given (.prj missing?): read as WGS84"))
    elif not crs_seen.equals("EPSG:4326", ignore_axis_order=True):
        layer.crs = crs_seen
    return layer


def _add_frame(layer: RawLayer, frame: pd.DataFrame, source: str | None) -> None:
    columns = [c for c in frame.columns if c != "geometry"]
    records = frame[columns].to_dict("records") if columns else [{}] * len(frame)
    for geom, props in zip(frame.geometry, records, strict=True):
        i = len(layer.features) + len(layer.refused)
        where = _("feature {number}").format(number=i)
        if source:
            where += " " + _("(folder {name})").format(name=repr(source))
        if geom is None:
            layer.refused.append((i, f"{where}: " + _("no geometry (null or missing)")))
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
