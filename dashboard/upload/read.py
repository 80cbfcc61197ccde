"""Read a user's own layer safely: any supported format in, a WGS84 GeoDataFrame and a report out.

``read_upload`` never raises for bad input. Property names and values stay plain data; whoever
shows them must escape them as text.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from dashboard.logic.i18n import _, format_number, ngettext
from dashboard.upload.clean import (
    FeatureRefused,
    Notes,
    clean_geometry,
    clean_properties,
    reproject,
)
from dashboard.upload.limits import UploadLimits, UploadRefused, check_size
from dashboard.upload.raw import RawLayer
from dashboard.upload.readers import read_raw

__all__ = [
    "DEFAULT_LIMITS",
    "UploadLimits",
    "UploadReport",
    "UploadResult",
    "export_geojson",
    "layer_name_from",
    "read_upload",
]

log = logging.getLogger(__name__)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SHOWN_REFUSALS = 20


@dataclass
class UploadReport:
    """What happened to the features: ``accepted`` counts all kept, ``repaired`` is part of it."""

    accepted: int = 0
    repaired: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the user, e.g. "12 features accepted (2 repaired), 1 refused."."""
        accepted = ngettext(
            "{count} feature accepted", "{count} features accepted", self.accepted
        ).format(count=format_number(self.accepted))
        if self.repaired:
            accepted += " " + _("({count} repaired)").format(count=format_number(self.repaired))
        refused = _("{count} refused.").format(count=format_number(len(self.refused)))
        return f"{accepted}, {refused}"

    def lines(self, limit: int = _SHOWN_REFUSALS) -> list[str]:
        """The notes, then the reasons for the first ``limit`` refusals, as plain text lines."""
        out = list(self.notes)
        out += [_("refused {reason}").format(reason=reason) for _i, reason in self.refused[:limit]]
        if len(self.refused) > limit:
            more = format_number(len(self.refused) - limit)
            out.append(_("... and {count} more refused").format(count=more))
        return out


@dataclass
class UploadResult:
    """The layer (None if the whole file was refused), its name, the report, and any error."""

    gdf: gpd.GeoDataFrame | None
    layer_name: str
    report: UploadReport
    error: str | None = None
    id_column: str | None = None

    @property
    def ok(self) -> bool:
        """True when there is a layer to show."""
        return self.gdf is not None

    def to_geojson(self) -> str:
        """The accepted features as a GeoJSON FeatureCollection with every kept property."""
        if self.gdf is None:
            return json.dumps({"type": "FeatureCollection", "features": []})
        return export_geojson(self.gdf, id_column=self.id_column)


def layer_name_from(filename: str) -> str:
    """A display name from an uploaded file name: no folders, extension or control characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base[1:] else base
    stem = " ".join(_CONTROL.sub(" ", stem).split())
    return stem[:60] or _("Uploaded layer")


DEFAULT_LIMITS = UploadLimits()


def read_upload(name: str, data: bytes, *, limits: UploadLimits = DEFAULT_LIMITS) -> UploadResult:
    """Read an uploaded file into an EPSG:4326 layer; bad input gets a report, not an exception."""
    layer_name = layer_name_from(name)
    report = UploadReport()
    try:
        check_size(data, limits)
        raw = read_raw(name, data, limits)
        return _finish(raw, layer_name, report, limits)
    except UploadRefused as exc:
        return UploadResult(None, layer_name, report, error=f"{layer_name}: {exc}")
    except Exception as exc:  # noqa: BLE001 - one user's file must not take the app down
        log.exception("upload %r failed", layer_name)
        message = _("the file could not be read (internal error {error})").format(
            error=type(exc).__name__
        )
        message = f"{layer_name}: {message}"
        return UploadResult(None, layer_name, report, error=message)


def _crs_label(crs: Any) -> str:
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else crs.name


def _finish(
    raw: RawLayer, layer_name: str, report: UploadReport, limits: UploadLimits
) -> UploadResult:
    notes = Notes()
    for line in raw.notes:
        notes.add(line)
    refused = list(raw.refused)
    if raw.crs is not None:
        try:
            reproject(raw.features, raw.crs)
        except Exception as exc:  # noqa: BLE001 - PROJ refuses some CRS pairs outright
            raise UploadRefused(
                _(
                    "cannot reproject from {crs} to WGS84 ({error}); save the file in EPSG:4326"
                ).format(crs=_crs_label(raw.crs), error=exc)
            ) from exc
        notes.add(_("reprojected from {crs} to WGS84 (EPSG:4326)").format(crs=_crs_label(raw.crs)))
    columns: dict[str, None] = {}
    kept: list[tuple[BaseGeometry, dict[str, Any], Any, str]] = []
    for feature in raw.features:
        try:
            geom, repair = clean_geometry(feature)
            props = clean_properties(feature.properties, limits, feature.label, notes)
            new = [k for k in props if k not in columns]
            if len(columns) + len(new) > limits.max_columns:
                raise FeatureRefused(
                    _("brings the layer past {count} distinct property names").format(
                        count=format_number(limits.max_columns)
                    )
                )
        except FeatureRefused as exc:
            refused.append((feature.index, f"{feature.label}: {exc}"))
            continue
        except Exception as exc:  # noqa: BLE001 - refuse the feature, keep the rest
            log.warning("feature %s of %r: %r", feature.label, layer_name, exc)
            why = _("cannot be read ({error})").format(error=exc)
            refused.append((feature.index, f"{feature.label}: {why}"[:300]))
            continue
        columns.update(dict.fromkeys(new))
        if repair:
            report.repaired += 1
            notes.add(repair, feature.label)
        kept.append((geom, props, feature.feature_id, feature.label))
    report.refused = sorted(refused)
    report.accepted = len(kept)
    _note_layer(kept, notes)
    report.notes = notes.lines()
    if not kept:
        first = report.refused[0][1] if report.refused else _("the file contains no features")
        error = _("no feature could be used ({count} refused; {first})").format(
            count=format_number(len(report.refused)), first=first
        )
        error = f"{layer_name}: {error}"
        return UploadResult(None, layer_name, report, error=error)
    gdf, id_column = _frame(kept, list(columns))
    return UploadResult(gdf, layer_name, report, id_column=id_column)


def _note_layer(kept: list[tuple], notes: Notes) -> None:
    kinds = Counter(geom.geom_type for geom, *_rest in kept)
    if len(kinds) > 1:
        mix = ", ".join(f"{kind} ×{format_number(n)}" for kind, n in sorted(kinds.items()))
        notes.add(_("mixed geometry types, all kept: {mix}").format(mix=mix))
    ids: dict[Any, list[str]] = {}
    for _geom, _props, fid, label in kept:
        if fid is not None:
            ids.setdefault(fid, []).append(label)
    for fid, labels in ids.items():
        if len(labels) > 1:
            where = _("{id} in {places}").format(id=repr(fid), places=_(" and ").join(labels[:3]))
            notes.add(_("duplicate feature ids, all features kept"), where)


def _free_name(wanted: str, taken: list[str]) -> str:
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted}_{n}"
    return name


def _frame(kept: list[tuple], columns: list[str]) -> tuple[gpd.GeoDataFrame, str | None]:
    data = {c: pd.Series([k[1].get(c) for k in kept], dtype=object) for c in columns}
    id_column = None
    if any(k[2] is not None for k in kept):
        id_column = _free_name("id" if "id" not in columns else "feature_id", columns)
        data[id_column] = pd.Series([k[2] for k in kept], dtype=object)
    geometry = _free_name("geometry", list(data))
    # A property may itself be called "geometry"; the geometry column then takes another name.
    data[geometry] = gpd.GeoSeries([k[0] for k in kept], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")
    return gdf, id_column


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export_geojson(gdf: gpd.GeoDataFrame, *, id_column: str | None = None) -> str:
    """Write a layer as an RFC 7946 FeatureCollection, keeping every column as a property."""
    geometry = gdf.geometry.name
    columns = [c for c in gdf.columns if c not in (geometry, id_column)]
    records = gdf[columns].to_dict("records") if columns else [{}] * len(gdf)
    ids = list(gdf[id_column]) if id_column is not None else [None] * len(gdf)
    features = []
    for geom, props, fid in zip(gdf.geometry, records, ids, strict=True):
        feature: dict[str, Any] = {"type": "Feature"}
        if fid is not None:
            feature["id"] = _jsonable(fid)
        feature["geometry"] = mapping(geom) if geom is not None else None
        feature["properties"] = {str(c): _jsonable(v) for c, v in props.items()}
        features.append(feature)
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, allow_nan=False)
