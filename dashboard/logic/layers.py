"""Load the map's layers (the datasets geodata declares as layers) and the alliance's events."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd

import geodata
from dashboard.logic.i18n import N_
from geodata.catalog import built_files, map_layers
from geodata.datasets.events import EVENTS_FILENAME, parse_events
from geodata.schema.layers import get_layer
from geodata.schema.problem import Problem
from geodata.schema.validator import feature_id, load_layer, to_geodataframe, validate_layer
from geodata.schema.values import LayerError

__all__ = [
    "LAYERS",
    "LAYER_LABELS",
    "LAYER_NAMES",
    "LAYER_TITLES",
    "LayerError",
    "country_names",
    "Layers",
    "data_digest",
    "dataset_date",
    "geodata_dir",
    "load_events",
    "load_layers",
    "load_usable",
    "with_status",
]


@dataclass(frozen=True)
class LayerWords:
    """How the app names one layer: ``title`` for the layer, ``label`` for one of its rows."""

    title: str
    label: str


# Words marked for the catalog, translated where shown.
# The one table of the shipped layers, in drawing order: land first, zones over it, point
# symbols on top. The sidebar's checkboxes, the map's groups and the downloads follow it.
LAYERS: dict[str, LayerWords] = {
    "countries": LayerWords(N_("Countries"), N_("Country")),
    "conflicts": LayerWords(N_("Conflict zones"), N_("Conflict zone")),
    "facilities": LayerWords(N_("Facilities"), N_("Facility")),
}
LAYER_NAMES = tuple(LAYERS)
LAYER_TITLES = {name: words.title for name, words in LAYERS.items()}
LAYER_LABELS = {name: words.label for name, words in LAYERS.items()}


def country_names(countries: gpd.GeoDataFrame, lang: str = "en") -> dict[str, str]:
    """Each country's name by its ISO3 code, in Russian (``name_ru``) where the reader reads
    Russian and the data has it, else in English."""
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    if lang == "ru" and "name_ru" in countries:
        for iso, name in zip(countries["iso3"], countries["name_ru"], strict=True):
            if isinstance(name, str) and name.strip():
                names[iso] = name
    return names


# The package folder itself, so the path holds wherever this module sits.
REPO_GEODATA = Path(geodata.__file__).resolve().parent
# Tests and demos point the app at other layer files through this variable.
GEODATA_ENV = "CSTO_GEODATA_DIR"

_DATASET_DATE_RE = re.compile(r"^dataset_date:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.MULTILINE)


@dataclass(frozen=True)
class Layers:
    """The three layers as GeoDataFrames in EPSG:4326, each sorted by id."""

    countries: gpd.GeoDataFrame
    facilities: gpd.GeoDataFrame
    conflicts: gpd.GeoDataFrame

    def get(self, name: str) -> gpd.GeoDataFrame:
        """Return the layer called ``name`` (one of LAYER_NAMES)."""
        if name not in LAYER_NAMES:
            raise KeyError(f"unknown layer {name!r}")
        return getattr(self, name)

    def replace(self, **frames: gpd.GeoDataFrame) -> Layers:
        """Return a copy with some layers replaced (e.g. by filtered frames)."""
        return replace(self, **frames)


def geodata_dir() -> Path:
    """Return the folder holding the layer files: $CSTO_GEODATA_DIR or the repository's."""
    env = os.environ.get(GEODATA_ENV)
    return Path(env) if env else REPO_GEODATA


def _sorted(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if "id" in gdf.columns and len(gdf):
        gdf = gdf.sort_values("id", kind="stable")
    return gdf.reset_index(drop=True)


def load_layers(directory: Path | None = None) -> Layers:
    """Read and validate ``countries/facilities/conflicts.geojson`` from ``directory``.

    Raises LayerError naming the file, feature and problem when a layer is missing or invalid.
    """
    directory = directory or geodata_dir()
    frames = {d.name: _sorted(load_layer(directory / d.files[0], d.name)) for d in map_layers()}
    return Layers(**frames)


def _usable_layer(path: Path, layer: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """One layer file's valid features and the problems of the rest (or of the whole file)."""
    empty = to_geodataframe({"features": []}, layer)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        message = f"cannot be read: {exc.strerror} (looked in {path.parent})"
        return empty, [Problem(path.name, None, None, message)]
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text (byte {exc.start}): save it as UTF-8 GeoJSON"
        return empty, [Problem(path.name, None, None, message)]
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        return empty, [Problem(path.name, None, None, message)]
    problems = validate_layer(obj, layer, file=path.name)
    if any(p.feature_id is None for p in problems):
        # Not a collection of features at all (or in another CRS): nothing in it can be trusted.
        return empty, problems
    bad = {p.feature_id for p in problems}
    id_field = get_layer(layer).id_field
    kept = [f for i, f in enumerate(obj["features"]) if feature_id(f, i, id_field) not in bad]
    return to_geodataframe({**obj, "features": kept}, layer), problems


def load_usable(directory: Path | None = None) -> tuple[Layers, list[Problem]]:
    """Read the three layers, leaving out what is broken instead of failing.

    A feature with a problem is left out and the others kept; a file that cannot be read or
    is not a layer at all gives an empty layer. Returns the layers and every problem found
    (file, feature, field), for the app to show beside the map.
    """
    directory = directory or geodata_dir()
    frames, problems = {}, []
    for declared in map_layers():
        gdf, found = _usable_layer(directory / declared.files[0], declared.name)
        frames[declared.name] = _sorted(gdf)
        problems += found
    return Layers(**frames), problems


# Every file the app reads its data from, relative to the data folder: each declared
# dataset's built files, and the table the dataset date is read from.
DATA_FILES = (*built_files(), "sources/membership.yaml")
_digests: dict[tuple, str] = {}


def data_digest(directory: Path | None = None) -> str:
    """A digest of the data files' content, for caches: it changes when any file changes.

    The files' sizes and modification times are read on every call, the content only when
    one of them changed since the last call, so a run pays one ``stat`` per file.
    """
    directory = directory or geodata_dir()
    stamp = [str(directory)]
    for name in DATA_FILES:
        try:
            info = (directory / name).stat()
            stamp.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            stamp.append(f"{name}:missing")
    key = tuple(stamp)
    if key not in _digests:
        digest = hashlib.sha256()
        for name in DATA_FILES:
            digest.update(name.encode())
            try:
                digest.update((directory / name).read_bytes())
            except OSError:
                digest.update(b"\0missing")
        _digests.clear()  # one folder per process in practice: keep only the latest
        _digests[key] = digest.hexdigest()[:16]
    return _digests[key]


def load_events(directory: Path | None = None) -> list[dict]:
    """Read and validate ``events.json``: ``{date, kind, text, country, source}`` per event.

    A folder without the file has no events; a file that is unreadable or invalid raises
    LayerError naming the event and field.
    """
    path = (directory or geodata_dir()) / EVENTS_FILENAME
    if not path.exists():
        return []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LayerError(
            [Problem(path.name, None, None, f"cannot be read: {exc.strerror}")]
        ) from None
    return parse_events(data, file=path.name)["events"]


def dataset_date(directory: Path | None = None) -> str | None:
    """Return the date the data describes (from ``sources/membership.yaml``), or None."""
    path = (directory or geodata_dir()) / "sources" / "membership.yaml"
    try:
        found = _DATASET_DATE_RE.search(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return found.group(1) if found else None


def with_status(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return countries with the ``status`` column the map colours by.

    A frame that already has one (e.g. from ``dashboard.asof.countries_on`` for a chosen date)
    is returned as is; otherwise the status as of the dataset date is used.
    """
    if "status" in countries.columns:
        return countries
    out = countries.copy()
    out["status"] = out["csto_status"]
    return out
