"""Large lakes for the offline basemap, from Natural Earth 1:10m lakes, some of them named."""

from __future__ import annotations

from geodata.basemap.naturalearth import BasemapError, ne_shapefile
from geodata.geometry.geojson_text import SHAPE_DECIMALS, feature, geometry_dict
from geodata.schema.problem import Problem

LAKE_MIN_KM2 = 1000.0  # smaller lakes vanish at the zooms where they would help orientation
LAKE_TOLERANCE = 0.015  # degrees
# Equal-area projection for lake areas over the whole region.
AREA_CRS = "+proj=aea +lat_1=40 +lat_2=60 +lat_0=50 +lon_0=80 +datum=WGS84"

# Natural Earth's lakes come here without names: a lake is named when its polygon holds the
# point given (to 0.1 degree, well inside the lake). Names as in the English and Russian
# Wikipedia articles listed in sources/registry/basemap.yaml.
LAKE_NAMES: tuple[tuple[str, str, float, float], ...] = (
    ("Lake Baikal", "Байкал", 108.2, 53.6),
    ("Lake Ladoga", "Ладожское озеро", 31.7, 60.8),
    ("Lake Onega", "Онежское озеро", 35.5, 61.9),
    ("Lake Balkhash", "Балхаш", 74.0, 45.9),
    ("Issyk-Kul", "Иссык-Куль", 77.0, 42.4),
    ("Lake Sevan", "Севан", 45.3, 40.3),
    ("Lake Zaysan", "Зайсан", 84.0, 48.0),
    ("North Aral Sea", "Малое Аральское море", 60.6, 46.4),
    ("Aral Sea", "Аральское море", 58.5, 45.2),  # the western basin of the southern sea
)


def lake_features(region) -> list[dict]:
    """Lakes of at least ``LAKE_MIN_KM2`` touching the region, largest first, some named."""
    import geopandas as gpd
    import shapely

    lakes = gpd.read_file(ne_shapefile("ne_10m_lakes"))
    shapes = shapely.make_valid(lakes.geometry.to_numpy())
    shapes = shapes[shapely.intersects(shapes, region)]
    areas = gpd.GeoSeries(shapes, crs="EPSG:4326").to_crs(AREA_CRS).area.to_numpy() / 1e6
    named: dict[int, tuple[str, str]] = {}
    for name, name_ru, lon, lat in LAKE_NAMES:
        hits = [i for i, s in enumerate(shapes) if s.contains(shapely.Point(lon, lat))]
        if len(hits) != 1:
            message = f"{name}: {len(hits)} lakes hold its point"
            raise BasemapError([Problem("ne_10m_lakes", None, None, message)])
        named[hits[0]] = (name, name_ru)
    order = sorted(range(len(shapes)), key=lambda i: (-areas[i], shapes[i].centroid.x))
    features = []
    for i in order:
        if areas[i] < LAKE_MIN_KM2 and i not in named:
            continue
        shape = shapely.simplify(shapes[i], LAKE_TOLERANCE)
        shape = shapely.make_valid(shapely.set_precision(shape, 10**-SHAPE_DECIMALS))
        shape = shapely.normalize(shapely.orient_polygons(_polygonal(shape)))
        name, name_ru = named.get(i, (None, None))
        props = {
            "id": f"lake-{len(features) + 1:03d}",
            "kind": "lake",
            "name": name,
            "name_ru": name_ru,
            "area_km2": round(float(areas[i])),
            "source": "Natural Earth 1:10m lakes",
        }
        features.append(feature(props, geometry_dict(shape, SHAPE_DECIMALS)))
    return features


def _polygonal(shape):
    """Only the polygons of a geometry (snapping can leave stray lines in a collection)."""
    import shapely

    parts = [g for g in shapely.get_parts(shape) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)
