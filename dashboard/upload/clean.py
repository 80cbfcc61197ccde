"""Make raw uploaded features safe to show: reproject, check, repair geometry, cap properties."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from dashboard.logic.i18n import _, format_number
from dashboard.upload.limits import UploadLimits
from dashboard.upload.raw import INVALID, RawFeature
from geodata.schema.geojson import check_geometry

__all__ = ["Notes", "clean_geometry", "clean_properties", "reproject"]

_FAMILY = {
    "Point": "point",
    "MultiPoint": "point",
    "LineString": "line",
    "MultiLineString": "line",
    "LinearRing": "line",
    "Polygon": "polygon",
    "MultiPolygon": "polygon",
    "GeometryCollection": "collection",
}
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN = 5


class FeatureRefused(ValueError):
    """One feature is refused; the message says why (the caller adds where)."""


@dataclass
class Notes:
    """Report lines grouped by topic, so 50,000 truncations make one line, not 50,000."""

    topics: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, topic: str, where: str = "") -> None:
        """Record one occurrence of ``topic`` at ``where`` (empty for a file-wide note)."""
        self.topics[topic].append(where)

    def lines(self) -> list[str]:
        """Return one readable line per topic, naming the first few places."""
        out = []
        for topic, places in self.topics.items():
            named = [p for p in places if p]
            if not named:
                out.append(topic)
                continue
            shown = ", ".join(named[:_SHOWN])
            more = ""
            if len(named) > _SHOWN:
                more = _(" and {count} more").format(count=format_number(len(named) - _SHOWN))
            out.append(f"{topic}: {shown}{more}")
        return out


def reproject(features: list[RawFeature], crs: pyproj.CRS) -> None:
    """Transform every feature's geometry from ``crs`` to WGS84 lon/lat in place."""
    transformer = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1], errcheck=False)
        return np.column_stack([x, y, coords[:, 2:]])  # heights are kept as they are

    for feature in features:
        # Points PROJ cannot move come back as inf and are refused by the checks that follow.
        feature.geometry = shapely.transform(feature.geometry, move, include_z=None)
        feature.checked = False


def _family(geom: BaseGeometry) -> str:
    return _FAMILY.get(geom.geom_type, "other")


def clean_geometry(feature: RawFeature) -> tuple[BaseGeometry, str | None]:
    """Return a WGS84 geometry fit for the map and, if it was repaired, how; or refuse it."""
    geom = feature.geometry
    if geom.is_empty:
        raise FeatureRefused(_("empty geometry"))
    invalid = feature.invalid
    if not feature.checked:
        problems = check_geometry(mapping(geom))
        fatal = [p for p in problems if not p.startswith(INVALID)]
        if fatal:
            hint = _swap_hint(geom)
            raise FeatureRefused("; ".join(fatal) + hint)
        invalid = bool(problems)
    repair = _("polygon ring not closed: closed it") if feature.rings_closed else None
    if invalid:
        reason = shapely.is_valid_reason(geom)
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        kept = _family(fixed) == _family(geom) or _family(geom) == "collection"
        if fixed.is_empty or not kept or not fixed.is_valid:
            into = fixed.geom_type if not fixed.is_empty else _("nothing")
            raise FeatureRefused(
                _(
                    "invalid geometry ({reason}) that cannot be repaired without turning a "
                    "{kind} into {into}"
                ).format(reason=reason, kind=geom.geom_type, into=into)
            )
        geom = fixed
        repair = _("invalid geometry repaired ({reason})").format(reason=_reason_kind(reason))
    return geom, repair


def _reason_kind(reason: str) -> str:
    return reason.split("[", 1)[0].strip() or "invalid"


def _swap_hint(geom: BaseGeometry) -> str:
    coords = shapely.get_coordinates(geom)
    if coords.size == 0 or not np.isfinite(coords).all():
        return ""
    x, y = coords[:, 0], coords[:, 1]
    if (np.abs(y) <= 180).all() and (np.abs(x) <= 90).all():
        return " " + _("(latitude and longitude look swapped: GeoJSON wants [lon, lat])")
    return ""


def clean_properties(
    props: dict[str, Any], limits: UploadLimits, where: str, notes: Notes
) -> dict[str, Any]:
    """Return the properties as plain data within the limits, or refuse the feature."""
    if len(props) > limits.max_properties:
        raise FeatureRefused(
            _("{count} properties; the limit is {limit} per feature").format(
                count=len(props), limit=limits.max_properties
            )
        )
    out: dict[str, Any] = {}
    for key, value in props.items():
        name = _text(str(key), where, notes)
        if len(name) > limits.max_name_chars:
            raise FeatureRefused(
                _("a property name of {count} characters; the limit is {limit}").format(
                    count=format_number(len(name)), limit=limits.max_name_chars
                )
            )
        field_at = _("{where} field {name}").format(where=where, name=repr(name[:40]))
        out[name] = _value(value, limits, field_at, notes)
    return out


def _text(value: str, where: str, notes: Notes) -> str:
    if _SURROGATE.search(value):
        notes.add(_("unpaired UTF-16 surrogates replaced with U+FFFD"), where)
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _depth(value: Any) -> int:
    """Nesting depth of lists/dicts, walked with a stack so no input can exhaust recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        else:
            deepest = max(deepest, level)
            continue
        deepest = max(deepest, level + 1)
    return deepest


def _value(value: Any, limits: UploadLimits, where: str, notes: Notes) -> Any:
    if isinstance(value, str):
        value = _text(value, where, notes)
        if len(value) > limits.max_value_chars:
            cut = _("property values truncated at {count} characters")
            notes.add(cut.format(count=format_number(limits.max_value_chars)), where)
            value = value[: limits.max_value_chars]
        return value
    if isinstance(value, float) and not math.isfinite(value):
        notes.add(_("non-finite numbers in properties kept as text"), where)
        return str(value)
    if isinstance(value, list | dict):
        if _depth(value) > limits.max_depth:
            deep = _("property values nested deeper than {depth} kept as JSON text")
            notes.add(deep.format(depth=limits.max_depth), where)
            return _value(json.dumps(value, ensure_ascii=False), limits, where, notes)
        if isinstance(value, dict):
            return {
                _text(str(k), where, notes): _value(v, limits, where, notes)
                for k, v in value.items()
            }
        return [_value(v, limits, where, notes) for v in value]
    return value
