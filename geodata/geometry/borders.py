"""Country borders simplified as one coverage, so neighbours keep sharing their borders exactly."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import box

GRID = 1e-4  # 4 decimal places, about 11 m: the precision the countries layer is written at
_EAST = box(-180, -90, 180, 90)
_WRAPPED = box(180, -90, 540, 90)
# Tolerance (degrees) for two outlines to count as one shared border: published borders are
# rounded to 4 decimals (~11 m), so outlines of neighbours can sit a few metres apart.
SHARED_TOLERANCE_DEG = 0.001


class CoverageError(ValueError):
    """Borders that are not a valid coverage (invalid shapes, overlaps or gaps)."""


def _snap_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    # Natural Earth stores the 180th meridian as 179.9999999999999 and friends.
    def snap(coords: np.ndarray) -> np.ndarray:
        coords = coords.copy()
        near = np.abs(np.abs(coords[:, 0]) - 180) < 1e-6
        coords[near, 0] = np.sign(coords[near, 0]) * 180
        return coords

    return shapely.transform(geom, snap)


def unwrap(geom: shapely.Geometry) -> shapely.Geometry:
    """Shift the western parts of a shape split at the antimeridian east by 360 degrees.

    Russia's Chukotka is stored as pieces at +180 and -180; joined, it can be simplified as one
    shape and cut again afterwards, so both sides of the cut stay exactly on the meridian.
    """
    geom = _snap_antimeridian(geom)
    parts = shapely.get_parts(geom)
    xmin, _, xmax, _ = geom.bounds
    if xmin > -180 or xmax < 180:
        return geom
    shifted = [affinity.translate(p, 360) if p.bounds[2] <= 0 else p for p in parts]
    return shapely.union_all(shifted)


def wrap(geom: shapely.Geometry) -> shapely.Geometry:
    """Undo ``unwrap``: cut at 180 degrees and move the part beyond it back to -180..."""
    if geom.bounds[2] <= 180:
        return geom
    east = shapely.intersection(geom, _EAST)
    west = affinity.translate(shapely.intersection(geom, _WRAPPED), -360)
    parts = [
        p
        for p in (*shapely.get_parts(east), *shapely.get_parts(west))
        if p.geom_type == "Polygon" and not p.is_empty
    ]
    return shapely.MultiPolygon(parts)


def coverage_problems(geoms: np.ndarray, names: list[str]) -> list[str]:
    """Why the shapes are not a valid coverage: invalid shapes or overlapping neighbours."""
    problems = [
        f"{name}: invalid shape: {shapely.is_valid_reason(g)}"
        for name, g in zip(names, geoms, strict=True)
        if not shapely.is_valid(g)
    ]
    if problems:
        return problems
    if not shapely.coverage_is_valid(geoms):
        edges = shapely.coverage_invalid_edges(geoms)
        problems = [
            f"{name}: border does not match its neighbour's ({shapely.length(e):.6f} degrees)"
            for name, e in zip(names, edges, strict=True)
            if e is not None and not e.is_empty
        ]
    return problems


def simplify_borders(geoms: np.ndarray, tolerance: float, names: list[str]) -> np.ndarray:
    """Simplify polygons as one coverage, snap to a 4-decimal grid and orient right-handed.

    Raises CoverageError if the input or the result is not a valid coverage.
    """
    geoms = np.array([unwrap(g) for g in geoms], dtype=object)
    problems = coverage_problems(geoms, names)
    if problems:
        raise CoverageError("input borders are not a coverage:\n" + "\n".join(problems))
    simplified = shapely.coverage_simplify(geoms, tolerance)
    simplified = np.array([wrap(g) for g in simplified], dtype=object)
    # Shared vertices are identical, so each neighbour snaps them to the same grid point.
    snapped = shapely.set_precision(simplified, GRID)
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)
    problems = coverage_problems(oriented, names)
    if problems:
        raise CoverageError("simplified borders are not a coverage:\n" + "\n".join(problems))
    return oriented


def _directed_km(lines: shapely.Geometry, target: shapely.Geometry) -> float:
    from pyproj import Geod

    coords = shapely.get_coordinates(lines)
    if len(coords) == 0:
        return 0.0
    nearest = shapely.get_coordinates(shapely.shortest_line(shapely.points(coords), target))
    start, end = nearest[0::2], nearest[1::2]
    _, _, dist = Geod(ellps="WGS84").inv(start[:, 0], start[:, 1], end[:, 0], end[:, 1])
    return float(np.max(dist)) / 1000


def max_displacement_km(original: shapely.Geometry, simplified: shapely.Geometry) -> float:
    """Largest distance (km) between an outline and its simplified version, both ways.

    A discrete Hausdorff distance over both shapes' vertices; nearest points are found in
    degrees and measured on the WGS84 ellipsoid, which can only overstate the error.
    """
    a, b = shapely.boundary(original), shapely.boundary(simplified)
    return max(_directed_km(a, b), _directed_km(b, a))


def shared_border_displacement_km(
    original: tuple[shapely.Geometry, shapely.Geometry],
    simplified: tuple[shapely.Geometry, shapely.Geometry],
) -> float | None:
    """Like ``max_displacement_km`` for the land border two countries share (None if none)."""
    before = shapely.intersection(*(shapely.boundary(g) for g in original))
    if shapely.length(before) == 0:
        return None
    after = shapely.intersection(*(shapely.boundary(g) for g in simplified))
    return max(
        _directed_km(before, shapely.boundary(simplified[0])),
        _directed_km(after, shapely.boundary(original[0])),
    )


def shared_borders(geoms, ids: list[str]) -> tuple[list[str], list[shapely.Geometry]]:
    """Land borders shared by pairs of shapes: names such as "ARM–TUR" and their lines.

    Each border appears once per side (the part of each outline near the other shape); a
    stretch of outline touching no other shape (a coast) is no border.
    """
    geoms = np.asarray(geoms, dtype=object)
    bounds = shapely.bounds(geoms)
    tol = SHARED_TOLERANCE_DEG
    pairs, lines = [], []
    for i, j in combinations(range(len(geoms)), 2):
        lo = np.maximum(bounds[i, :2], bounds[j, :2]) - tol
        hi = np.minimum(bounds[i, 2:], bounds[j, 2:]) + tol
        if (lo > hi).any():
            continue
        # Work only where the two outlines' boxes overlap: buffering a whole large country is slow.
        for x, y in ((geoms[i], geoms[j]), (geoms[j], geoms[i])):
            outline = shapely.clip_by_rect(x.boundary, *lo, *hi)
            part = shapely.intersection(outline, shapely.clip_by_rect(y, *lo, *hi).buffer(tol))
            # Outlines that only touch at a point leave no border line to measure to.
            parts = [p for p in shapely.get_parts(part) if "Line" in p.geom_type and not p.is_empty]
            if parts:
                pairs.append("–".join(sorted((ids[i], ids[j]))))
                lines.append(shapely.line_merge(shapely.multilinestrings(parts)))
    return pairs, lines
