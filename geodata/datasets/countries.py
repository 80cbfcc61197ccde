"""The countries layer: every state that is or was a party to the treaty, and its neighbours.

Built from ``sources/membership.yaml`` (periods of membership and of frozen participation) and
Natural Earth's admin-0 shapes, simplified as one coverage so that neighbours keep sharing
their borders. The simplified shapes are shared with the layers built after it.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.datasets.tables import entries, layer_text, plain
from geodata.geometry.geojson_text import SHAPE_DECIMALS, feature
from geodata.geometry.geojson_text import geometry_dict as to_geojson
from geodata.schema.intervals import IntervalError, format_periods, status_on
from geodata.schema.layers import COUNTRIES
from geodata.schema.problem import Problem
from geodata.schema.validator import check_layer_file, load_layer

SOURCE = "membership.yaml"
# Coverage-simplification tolerance in degrees; SOURCES.md records the size and error it gives.
TOLERANCE = 0.05


def natural_earth(build: Build) -> Any:
    """Natural Earth's admin-0 frame (index ISO3) of the states in membership.yaml, read once."""
    if "natural_earth" not in build.shared:
        from geodata.basemap.naturalearth import NaturalEarthError, read_countries

        states, problems = entries(build.table(SOURCE), build.rel(SOURCE), "states")
        if problems:
            raise BuildError(problems)
        try:
            ne = read_countries(sorted({str(s.get("iso3")) for s in states}))
        except NaturalEarthError as exc:
            raise BuildError([Problem(build.rel(SOURCE), None, "iso3", str(exc))]) from None
        build.shared["natural_earth"] = ne
    return build.shared["natural_earth"]


def build_countries(membership: Any, ne, rel: str) -> tuple[list[dict], dict, list[Problem]]:
    """Country features from membership.yaml and Natural Earth; also the published shapes."""
    from geodata.geometry.borders import simplify_borders

    states, problems = entries(membership, rel, "states")
    try:
        on = date.fromisoformat(str(plain(membership.get("dataset_date"))))
    except (ValueError, AttributeError):
        return [], {}, [*problems, Problem(rel, None, "dataset_date", "must be an ISO date")]
    codes = sorted(str(s.get("iso3")) for s in states)
    shapes = simplify_borders(ne.loc[codes].geometry.to_numpy(), TOLERANCE, codes)
    published = dict(zip(codes, shapes, strict=True))
    features = []
    for state in sorted(states, key=lambda s: str(s.get("iso3"))):
        iso3 = str(state.get("iso3"))
        try:
            periods = format_periods(plain(state.get("periods")))
            frozen = format_periods(plain(state.get("frozen")))
        except IntervalError as exc:
            problems.append(Problem(rel, iso3, "periods", str(exc)))
            continue
        props = {
            "id": iso3,
            "iso3": iso3,
            "name": ne.at[iso3, "name"],
            "name_ru": ne.at[iso3, "name_ru"],
            "csto_status": status_on(periods, frozen, on),
            "membership": periods,
            "frozen": frozen,
            "role": state.get("role") or "",
            "sources": plain(state.get("sources")),
            "notes": " ".join(str(state.get("notes") or "").split()),
        }
        # Every feature carries the field; a state that never joined has no dated fact to back.
        props["evidence"] = plain(state.get("evidence") or {})
        features.append(feature(props, to_geojson(published[iso3], SHAPE_DECIMALS)))
    return features, published, problems


def build(run: Build) -> dict[str, str]:
    """``countries.geojson``; the published (simplified) shapes go to ``run.shared``."""
    ne = natural_earth(run)
    features, published, problems = build_countries(run.table(SOURCE), ne, run.rel(SOURCE))
    if problems:
        raise BuildError(problems)
    run.shared["published"] = published
    return {COUNTRIES.filename: layer_text(features, COUNTRIES)}


def check(path: Path) -> str:
    """Validate a built countries layer."""
    return check_layer_file(path, COUNTRIES.name)


def border_stats(countries_path: Path, tolerance: float) -> str:
    """How far the simplified borders (at ``tolerance`` degrees) lie from Natural Earth's."""
    from geodata.basemap.naturalearth import read_countries
    from geodata.geometry.borders import max_displacement_km, shared_border_displacement_km

    published = load_layer(countries_path, COUNTRIES.name).set_index("iso3").geometry
    original = read_countries(list(published.index)).geometry
    outline = {c: max_displacement_km(original[c], published[c]) for c in published.index}
    shared = {}
    for a, b in combinations(sorted(published.index), 2):
        km = shared_border_displacement_km((original[a], original[b]), (published[a], published[b]))
        if km is not None:
            shared[f"{a}–{b}"] = km
    worst_outline = max(outline, key=outline.get)
    worst_shared = max(shared, key=shared.get)
    lines = [f"tolerance {tolerance} degrees"]
    lines.append(f"largest outline displacement: {outline[worst_outline]:.1f} km ({worst_outline})")
    lines.append(
        f"largest land-border displacement: {shared[worst_shared]:.1f} km ({worst_shared})"
    )
    lines += [f"  outline {c}: {km:.1f} km" for c, km in sorted(outline.items())]
    lines += [f"  border {pair}: {km:.1f} km" for pair, km in sorted(shared.items())]
    return "\n".join(lines)


DATASET = Dataset(
    name=COUNTRIES.name,
    title="Countries",
    description=(
        "Every state that is or was a party to the Collective Security Treaty, with its "
        "membership periods, periods of frozen participation and its status on the dataset "
        "date, and neighbouring states for context. Borders from Natural Earth, simplified "
        "as one coverage."
    ),
    files=(COUNTRIES.filename,),
    build=build,
    check=check,
    sources=(SOURCE,),
    schema=COUNTRIES,
    layer=True,
    upstream=("natural-earth-admin0",),
)
