"""The facilities layer: Russia's military facilities in member states, one point each.

Built from ``sources/facilities/<ISO3>.yaml``, one table per host state. The build measures
each facility's distance to the nearest land border on full-resolution Natural Earth shapes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.datasets.countries import natural_earth
from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.datasets.tables import entries, layer_text, properties, with_precisions
from geodata.geometry.geojson_text import POINT_DECIMALS, feature
from geodata.schema.layers import FACILITIES
from geodata.schema.problem import Problem
from geodata.schema.validator import check_layer_file, validate_layer

SOURCE_DIR = "facilities"
BORDER_KM_DECIMALS = 2
# Shared land borders: ("ARM–IRN", ...) and their lines, one per side of each border.
Borders = tuple[list[str], list[Any]]


def facility_features(table: Any, rel: str, borders: Borders) -> tuple[list[dict], list[Problem]]:
    """Point features from one facilities/<ISO3>.yaml table, with their nearest land border.

    ``borders`` is (names, lines) from ``geodata.geometry.borders.shared_borders``.
    """
    from geodata.geometry.geodesy import nearest_km

    rows, problems = entries(table, rel)
    features = []
    fields = tuple(f for f in FACILITIES.field_names if f not in FACILITIES.computed)
    for entry in rows:
        fid, props, extra = properties(entry, fields, ("lat", "lon"), rel)
        problems += extra
        lon, lat = entry.get("lon"), entry.get("lat")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lon, lat)):
            problems.append(Problem(rel, fid, "lat/lon", f"must be numbers, got {lat!r}/{lon!r}"))
            continue
        point = [round(float(lon), POINT_DECIMALS) + 0.0, round(float(lat), POINT_DECIMALS) + 0.0]
        km, pair = nearest_km(*point, borders[1], borders[0])
        props["border_km"] = round(km, BORDER_KM_DECIMALS) + 0.0 if pair else km
        props["nearest_border"] = pair
        # Every built facility lists its legal bases, an empty list where none is known.
        props.setdefault("legal_bases", [])
        props = with_precisions(props, FACILITIES)
        features.append(feature(props, {"type": "Point", "coordinates": point}))
    if not problems:
        problems = validate_layer(
            {"type": "FeatureCollection", "features": features}, "facilities", rel
        )
    return features, problems


def natural_earth_borders(ne) -> Borders:
    """Land borders between the layer's states on full-resolution Natural Earth shapes.

    Facilities are measured to these, not to the simplified layer, whose borders move by up to
    several kilometres: more than some facilities' distance to the border.
    """
    from geodata.geometry.borders import shared_borders

    return shared_borders(ne.geometry.to_numpy(), [str(c) for c in ne.index])


def facilities_outside(facilities: list[dict], published: Mapping) -> list[str]:
    """Facilities farther from their host country than their stated precision."""
    from geodata.geometry.geodesy import distance_m

    out = []
    for f in facilities:
        props, (lon, lat) = f["properties"], f["geometry"]["coordinates"]
        host = published.get(props.get("country"))
        if host is None:
            out.append(f"{props['id']}: host country {props.get('country')!r} is not in the layer")
            continue
        dist = distance_m(lon, lat, host)
        if dist > props.get("precision_m", 0):
            out.append(
                f"{props['id']}: {dist:,.0f} m outside {props['country']}, "
                f"more than its precision_m {props.get('precision_m')}"
            )
    return out


def build(run: Build) -> dict[str, str]:
    """``facilities.geojson`` from every host state's table; warns of points outside it."""
    borders = natural_earth_borders(natural_earth(run))
    features, problems = [], []
    for path in sorted((run.sources / SOURCE_DIR).glob("*.yaml")):
        rel = f"{SOURCE_DIR}/{path.name}"
        found, more = facility_features(run.table(rel), run.rel(rel), borders)
        features += found
        problems += more
    if problems:
        raise BuildError(problems)
    run.warnings += facilities_outside(features, run.shared["published"])
    return {FACILITIES.filename: layer_text(features, FACILITIES)}


def check(path: Path) -> str:
    """Validate a built facilities layer."""
    return check_layer_file(path, FACILITIES.name)


DATASET = Dataset(
    name=FACILITIES.name,
    title="Facilities",
    description=(
        "Russia's military facilities in the states of the alliance, and those it held there "
        "before: one point each, with its type, operator, status, the dates Russian forces were "
        "there, the dated legal bases (treaties, leases, agreements) behind them, location "
        "basis and precision, sources with the passage behind each fact, and the measured "
        "distance to the nearest land border."
    ),
    files=(FACILITIES.filename,),
    build=build,
    check=check,
    sources=(f"{SOURCE_DIR}/",),
    needs=("countries",),
    schema=FACILITIES,
    layer=True,
    upstream=("natural-earth-admin0",),
)
