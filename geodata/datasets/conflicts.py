"""The conflicts layer: the episodes that tested the alliance, each a zone or a line.

Built from ``sources/conflicts.yaml``; each entry's ``geometry`` is a recipe
(:mod:`geodata.geometry.zones`) turned into a shape on Natural Earth and the published
country shapes, and the recipe's words become the feature's ``geometry_method``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geodata.datasets.countries import natural_earth
from geodata.datasets.dataset import Build, BuildError, Dataset
from geodata.datasets.tables import entries, layer_text, properties, with_precisions
from geodata.geometry.geojson_text import SHAPE_DECIMALS, feature
from geodata.geometry.geojson_text import geometry_dict as to_geojson
from geodata.schema.layers import CONFLICTS
from geodata.schema.problem import Problem
from geodata.schema.validator import check_layer_file, validate_layer

SOURCE = "conflicts.yaml"


def conflict_features(table: Any, rel: str, ne, published, names) -> tuple[list, list]:
    """Zone features from conflicts.yaml, shapes made from each entry's geometry recipe."""
    from geodata.geometry.zones import RecipeError, build_zone

    rows, problems = entries(table, rel)
    ne_shapes = dict(zip(ne.index, ne.geometry, strict=True))
    features = []
    computed = ("geometry_method", *CONFLICTS.computed)
    fields = tuple(f for f in CONFLICTS.field_names if f not in computed)
    for entry in rows:
        fid, props, extra = properties(entry, fields, ("geometry",), rel)
        problems += extra
        try:
            shape, method = build_zone(entry.get("geometry"), ne_shapes, published, names)
        except RecipeError as exc:
            problems.append(Problem(rel, fid, "geometry", str(exc)))
            continue
        props["geometry_method"] = method
        props = with_precisions(props, CONFLICTS)
        features.append(feature(props, to_geojson(shape, SHAPE_DECIMALS)))
    if not problems:
        problems = validate_layer(
            {"type": "FeatureCollection", "features": features}, "conflicts", rel
        )
    return features, problems


def build(run: Build) -> dict[str, str]:
    """``conflicts.geojson``, its zones drawn on the shapes the countries layer published."""
    ne = natural_earth(run)
    names = dict(zip(ne.index, ne["name"], strict=True))
    features, problems = conflict_features(
        run.table(SOURCE), run.rel(SOURCE), ne, run.shared["published"], names
    )
    if problems:
        raise BuildError(problems)
    return {CONFLICTS.filename: layer_text(features, CONFLICTS)}


def check(path: Path) -> str:
    """Validate a built conflicts layer."""
    return check_layer_file(path, CONFLICTS.name)


DATASET = Dataset(
    name=CONFLICTS.name,
    title="Conflict zones",
    description=(
        "The conflicts and episodes that tested the alliance since 1992: wars, clashes, "
        "unrest, coercion and peacekeeping, each with its parties, dates, the alliance's "
        "response, and a zone (or a line, for a pipeline) whose making is described in "
        "geometry_method."
    ),
    files=(CONFLICTS.filename,),
    build=build,
    check=check,
    sources=(SOURCE,),
    needs=("countries",),
    schema=CONFLICTS,
    layer=True,
    upstream=("natural-earth-admin0",),
)
