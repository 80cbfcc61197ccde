"""First-level administrative borders for the offline basemap, from Natural Earth 1:10m lines."""

from __future__ import annotations

from geodata.basemap.naturalearth import ne_shapefile
from geodata.geometry.geojson_text import SHAPE_DECIMALS, feature, geometry_dict

ADMIN1_TOLERANCE = 0.02  # degrees; about 2 km, below what a zoom-7 screen shows


def admin1_features(countries, region) -> list[dict]:
    """Admin-1 boundary lines inside the region and each of ``countries`` (indexed by ISO3)."""
    import geopandas as gpd
    import shapely

    lines = gpd.read_file(ne_shapefile("ne_10m_admin_1_states_provinces_lines")).geometry
    lines = lines.to_numpy()
    features = []
    for iso3, country in zip(countries.index, countries.geometry, strict=True):
        outline = shapely.intersection(country, region)
        inside = lines[shapely.intersects(lines, outline)]
        merged = shapely.line_merge(shapely.union_all(shapely.intersection(inside, outline)))
        if merged.is_empty:
            continue
        shape = shapely.simplify(merged, ADMIN1_TOLERANCE)
        shape = shapely.line_merge(shapely.set_precision(shape, 10**-SHAPE_DECIMALS))
        shape = shapely.normalize(shape)
        props = {"id": f"admin1-{iso3.lower()}", "country": iso3, "source": "Natural Earth 1:10m"}
        features.append(feature(props, geometry_dict(shape, SHAPE_DECIMALS)))
    return features
