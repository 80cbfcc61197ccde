"""Exports of what the map shows: GeoPackage (all layers), CSV and KML, each with provenance.

Every export records the date and filter it was made with, the attribution for the borders and
each feature's own ``sources``. List- and object-valued properties (``sources``,
``alt_names``, ``countries``, each fact's ``evidence``) become JSON text, since none of these
formats has a portable list or object type; :func:`read_export` turns them back.

- GeoPackage: one table per layer plus a non-spatial ``metadata`` table of key/value rows.
  Each table declares its geometry type (``MultiPolygon``, ``MultiLineString``, ``Point``) so
  GIS programs know what they hold; a layer mixing shapes and lines (conflict zones drawn as a
  line along a pipeline) puts its lines in a second table, ``<layer>_lines``. The file is
  GeoPackage 1.2 (the GPKG driver's ``VERSION``): GDAL before 3.7 warns on every 1.4 file, and
  1.2 holds everything written here. A ``layer_styles`` table, the one QGIS loads by default,
  gives each table a QML style built from the web map's colours and symbols
  (``logic.style``; see :func:`layer_qml`), so the layers open looking as on the map.
- Extents: the countries layer keeps every part of each country, so its bounding box spans
  the globe — Norway's Bouvet Island (54°S) and Jan Mayen (9°W), and Russia's Chukotka across
  the antimeridian. The data are not clipped (a clipped Russia or Norway would be a wrong
  shape); instead each spatial table's extent in ``gpkg_contents``, which QGIS's "zoom to
  layer" and GDAL's layer extent read, is its features' box cut to :data:`REGION`, the
  member states and their neighbours as the web map frames them. A KML gets a ``LookAt`` on
  the same box, so Google Earth opens on the region. CSV has no extent to set.
- CSV: points as ``lat``/``lon`` columns, other shapes as a ``wkt`` column. Provenance travels
  in four columns repeated on every row (``map_date``, ``export_filter``, ``attribution``,
  ``licence``) rather than a comment header, so the file stays plain CSV for every reader and
  each row keeps its provenance when cut out and pasted elsewhere.
- KML: written by GDAL's LIBKML driver through pyogrio, already used to read the layers, so no
  second KML library is needed; it writes every geometry type and reads its own ExtendedData
  back. The provenance is the KML document's description; ``opened``/``closed`` and
  ``start``/``end`` also become KML TimeSpans so Google Earth's time slider works.
"""

from __future__ import annotations

import io
import json
import math
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from dashboard.logic import style
from dashboard.logic.dated import DATE_FIELD
from dashboard.logic.distances import with_distances
from dashboard.logic.export import plain as json_value

ATTRIBUTION = "Borders: Natural Earth (public domain)"
LICENCE = (
    "Code MIT; curated data CC BY 4.0 (CSTO map contributors); borders Natural Earth "
    "(public domain); place data © GeoNames, CC BY 4.0 where cited"
)
PROVENANCE_COLUMNS = (DATE_FIELD, "export_filter", "attribution", "licence")
# Columns LIBKML adds on reading that are not feature properties.
_KML_EXTRAS = (
    "timestamp",
    "begin",
    "altitudeMode",
    "tessellate",
    "extrude",
    "visibility",
    "drawOrder",
    "icon",
)
# Property pairs that become a KML TimeSpan (begin, end).
_TIME_SPANS = (("opened", "closed"), ("start", "end"))


@dataclass(frozen=True)
class ExportMeta:
    """What an export was made with: the date shown, the filters applied, credits."""

    as_of: date
    filters: Mapping[str, Any] = field(default_factory=dict)
    title: str = "CSTO map"
    attribution: str = ATTRIBUTION
    licence: str = LICENCE
    sources: tuple[str, ...] = ()
    source_titles: tuple[str, ...] = ()

    @property
    def filter_text(self) -> str:
        """Filters as ``key=value; key=a,b`` text, ``none`` when nothing is filtered."""
        parts = []
        for key, value in self.filters.items():
            if value in (None, "", (), []):
                continue
            shown = ",".join(map(str, value)) if isinstance(value, list | tuple) else value
            parts.append(f"{key}={shown}")
        return "; ".join(parts) or "none"

    def rows(self) -> list[tuple[str, str]]:
        """Key/value pairs describing the export, in a fixed order."""
        return [
            ("title", self.title),
            (DATE_FIELD, self.as_of.isoformat()),
            ("export_filter", self.filter_text),
            ("attribution", self.attribution),
            ("licence", self.licence),
            ("sources", json.dumps(list(self.sources), ensure_ascii=False)),
            ("source_titles", json.dumps(list(self.source_titles), ensure_ascii=False)),
        ]

    def text(self) -> str:
        """One paragraph per key, for formats with a free-text description."""
        return "\n".join(f"{k}: {v}" for k, v in self.rows())


def _is_listy(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray | dict)


def _plain(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Copy with list and object properties as JSON text and dates as ISO strings."""
    out = gdf.copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = [None if pd.isna(v) else v.date().isoformat() for v in series]
        elif series.dtype == object and series.map(_is_listy).any():
            out[col] = [
                json.dumps(json_value(v), ensure_ascii=False) if _is_listy(v) else v for v in series
            ]
        elif series.dtype == object and series.map(lambda v: isinstance(v, date)).any():
            out[col] = [v.isoformat() if isinstance(v, date | datetime) else v for v in series]
    return out


def _write(gdf: pd.DataFrame, path: Path, **kwargs: Any) -> None:
    pyogrio.write_dataframe(gdf, path, **kwargs)


# Shape families and the one geometry type each is stored as (single parts promoted).
_FAMILIES = {
    "Polygon": "MultiPolygon",
    "MultiPolygon": "MultiPolygon",
    "LineString": "MultiLineString",
    "MultiLineString": "MultiLineString",
    "Point": "Point",
}
# The type a layer's main table declares, even when it is empty.
LAYER_TYPES = {"countries": "MultiPolygon", "conflicts": "MultiPolygon", "facilities": "Point"}
_SUFFIX = {"MultiPolygon": "polygons", "MultiLineString": "lines", "Point": "points"}


def typed_tables(name: str, gdf: gpd.GeoDataFrame) -> list[tuple[str, gpd.GeoDataFrame, str]]:
    """(table name, rows, geometry type) for one layer: its main type under the layer's name,
    any other shape family in ``<name>_<family>`` (``conflicts_lines``)."""
    families = gdf.geometry.geom_type.map(_FAMILIES)
    if families.isna().any():
        bad = sorted(set(gdf.geometry.geom_type[families.isna()].astype(str)))
        raise ValueError(f"{name}: cannot store geometry type(s) {', '.join(bad)}")
    main = LAYER_TYPES.get(name) or (families.iloc[0] if len(families) else "Unknown")
    out = [(name, gdf[families == main], main)]
    for other in sorted(set(families) - {main}):
        out.append((f"{name}_{_SUFFIX[other]}", gdf[families == other], other))
    return out


def to_gpkg(layers: Mapping[str, gpd.GeoDataFrame], meta: ExportMeta) -> bytes:
    """All layers in one GeoPackage 1.2, one typed table each (see :func:`typed_tables`), a
    ``metadata`` table (key, value) and a ``layer_styles`` table; extents cut to the region."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        # Dataset options count only when the file is created, by the first write.
        options = {"dataset_options": GPKG_OPTIONS}
        styled: list[tuple[str, str, str]] = []
        extents: dict[str, tuple] = {}
        for name, gdf in layers.items():
            for table, rows, kind in typed_tables(name, gdf):
                _write(
                    _plain(rows),
                    path,
                    layer=table,
                    driver="GPKG",
                    geometry_type=kind,
                    promote_to_multi=kind.startswith("Multi"),
                    **options,
                )
                options = {}
                extents[table] = _cut(rows.total_bounds if len(rows) else None)
                qml = layer_qml(name, kind, meta.as_of)
                if qml is not None:
                    styled.append((table, qml, LAYER_TITLE.get(name, name)))
        rows = pd.DataFrame(meta.rows(), columns=["key", "value"])
        _write(rows, path, layer="metadata", driver="GPKG", **options)
        if styled:
            _write(_style_rows(path, styled, meta), path, layer=STYLES_TABLE, driver="GPKG")
        _frame_extents(path, extents)
        return path.read_bytes()


# Longitude and latitude box of the member states and their neighbours: every country of the
# layer but Norway's Jan Mayen and Bouvet Island and Chukotka east of 180°.
REGION = (20.0, 18.0, 180.0, 82.0)
GPKG_OPTIONS = {"VERSION": "1.2"}
STYLES_TABLE = "layer_styles"
LAYER_TITLE = {"countries": "Countries", "facilities": "Facilities", "conflicts": "Conflict zones"}


def _frame_extents(path: Path, extents: Mapping[str, tuple]) -> None:
    """Write each spatial table's extent (see :data:`REGION`) into ``gpkg_contents``."""
    db = sqlite3.connect(path)
    with db:
        for table, extent in extents.items():
            db.execute(
                "update gpkg_contents set min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                "where table_name = ?",
                (*extent, table),
            )
    db.close()


def look_at(box: tuple[float, float, float, float]) -> dict[str, str]:
    """LIBKML's layer options for a KML ``LookAt`` framing ``box``: Google Earth opens there
    rather than on the whole globe a far-off island would make it show."""
    lon, lat = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    km_per_degree = 111.32
    span_km = max((box[2] - box[0]) * math.cos(math.radians(lat)), box[3] - box[1]) * km_per_degree
    return {
        "LOOKAT_LONGITUDE": f"{lon:.4f}",
        "LOOKAT_LATITUDE": f"{lat:.4f}",
        "LOOKAT_RANGE": f"{max(span_km, 20.0) * 1200:.0f}",  # metres, with a margin
    }


def _cut(box: Any) -> tuple[float, float, float, float]:
    """The features' box cut to :data:`REGION`; the region itself for none, or none in it."""
    if box is None or not np.isfinite(box).all():
        return REGION
    low_x, low_y = max(box[0], REGION[0]), max(box[1], REGION[1])
    high_x, high_y = min(box[2], REGION[2]), min(box[3], REGION[3])
    if low_x > high_x or low_y > high_y:
        return REGION
    return (float(low_x), float(low_y), float(high_x), float(high_y))


# The web map's SVG shapes by their QGIS simple-marker names (rotated where QGIS has none).
_MARKERS = {
    "circle": ("circle", 0),
    "square": ("square", 0),
    "triangle": ("triangle", 0),
    "triangle-down": ("triangle", 180),
    "diamond": ("diamond", 0),
    "star": ("star", 0),
    "hexagon": ("hexagon", 0),
    "pentagon": ("pentagon", 0),
    "cross": ("cross_fill", 0),
}
QGIS_VERSION = "3.28.0-Firenze"
# What a facility's status does to its symbol, as on the web map (style.FACILITY_STATUS_STYLE).
_HOLLOW = tuple(s for s, look in style.FACILITY_STATUS_STYLE.items() if look == "hollow")
_DASHED = tuple(s for s, look in style.FACILITY_STATUS_STYLE.items() if look == "dashed")


def _rgba(colour: str, opacity: float = 1.0) -> str:
    """``#rrggbb`` as QGIS's ``r,g,b,a`` text."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"{red},{green},{blue},{round(opacity * 255)}"


def _options(parent: ET.Element, values: Mapping[str, str], name: str | None = None) -> None:
    box = ET.SubElement(parent, "Option", {"type": "Map", **({"name": name} if name else {})})
    for key, value in values.items():
        ET.SubElement(box, "Option", {"type": "QString", "name": key, "value": str(value)})


def _symbol(parent: ET.Element, name: str, kind: str, cls: str, props: Mapping, dd=None) -> None:
    sym = ET.SubElement(
        parent,
        "symbol",
        {"type": kind, "name": name, "alpha": "1", "clip_to_extent": "1", "force_rhr": "0"},
    )
    layer = ET.SubElement(sym, "layer", {"class": cls, "enabled": "1", "locked": "0", "pass": "0"})
    _options(layer, props)
    if dd:
        defined = ET.SubElement(layer, "data_defined_properties")
        box = ET.SubElement(defined, "Option", {"type": "Map"})
        ET.SubElement(box, "Option", {"type": "QString", "name": "name", "value": ""})
        props_box = ET.SubElement(box, "Option", {"type": "Map", "name": "properties"})
        for key, expression in dd.items():
            prop = ET.SubElement(props_box, "Option", {"type": "Map", "name": key})
            ET.SubElement(prop, "Option", {"type": "bool", "name": "active", "value": "true"})
            ET.SubElement(
                prop, "Option", {"type": "QString", "name": "expression", "value": expression}
            )
            ET.SubElement(prop, "Option", {"type": "int", "name": "type", "value": "3"})
        ET.SubElement(box, "Option", {"type": "QString", "name": "type", "value": "collection"})


def _country_fill(colour: str) -> dict[str, str]:
    look = style.country_style("")
    return {
        "color": _rgba(colour),
        "style": "solid",
        "outline_color": _rgba(str(look["color"])),
        "outline_style": "solid",
        "outline_width": str(look["weight"]),
        "outline_width_unit": "Pixel",
    }


def _facility_marker(ftype: str) -> tuple[dict[str, str], dict[str, str]]:
    sym = style.symbol_for(ftype)
    shape, angle = _MARKERS.get(sym.shape, ("circle", 0))
    colour = _rgba(sym.colour)
    hollow = ", ".join(f"'{s}'" for s in _HOLLOW)
    dashed = ", ".join(f"'{s}'" for s in _DASHED)
    props = {
        "name": shape,
        "angle": str(angle),
        "color": colour,
        "outline_color": colour,
        "outline_style": "solid",
        "outline_width": "2",
        "outline_width_unit": "Pixel",
        "size": "14",
        "size_unit": "Pixel",
    }
    defined = {
        "fillColor": f"CASE WHEN \"status\" IN ({hollow}) THEN '255,255,255,255' "
        f"ELSE '{colour}' END",
        "outlineStyle": f"CASE WHEN \"status\" IN ({dashed}) THEN 'dash' ELSE 'solid' END",
    }
    return props, defined


def _zone(kind: str, ongoing: bool) -> tuple[str, str, dict[str, str]]:
    look = style.zone_style(ongoing, line=kind == "MultiLineString")
    colour = str(look["color"])
    if kind == "MultiLineString":
        dash = str(look["dashArray"]).replace(" ", ";")
        return (
            "line",
            "SimpleLine",
            {
                "line_color": _rgba(colour, float(look["opacity"])),
                "line_width": str(look["weight"]),
                "line_width_unit": "Pixel",
                "line_style": "dash",
                "use_custom_dash": "1",
                "customdash": dash,
                "customdash_unit": "Pixel",
            },
        )
    return (
        "fill",
        "SimpleFill",
        {
            "color": _rgba(str(look["fillColor"]), float(look["fillOpacity"])),
            "style": "solid",
            "outline_color": _rgba(colour),
            "outline_style": "dash",
            "outline_width": str(look["weight"]),
            "outline_width_unit": "Pixel",
        },
    )


def ongoing_rule(on: date) -> str:
    """QGIS filter of the zones drawn as ongoing on ``on``: no end, or an end not before it."""
    return f'"end" IS NULL OR "end" = \'\' OR "end" >= \'{on.isoformat()}\''


def layer_qml(layer: str, kind: str, on: date) -> str | None:
    """The QGIS style (QML) of one table of ``layer``: countries by their status on the map
    date, facilities by type (hollow or dashed by status), zones ongoing or ended on ``on``
    as the web map colours them. None for a layer the map does not style."""
    root = ET.Element("qgis", {"version": QGIS_VERSION, "styleCategories": "Symbology"})
    if layer == "countries":
        renderer = ET.SubElement(
            root, "renderer-v2", {"type": "categorizedSymbol", "attr": "csto_status"}
        )
        cats, syms = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
        for i, (status, label) in enumerate(style.STATUS_LABELS.items()):
            ET.SubElement(
                cats,
                "category",
                {"value": status, "label": label, "symbol": str(i), "render": "true"},
            )
            _symbol(syms, str(i), "fill", "SimpleFill", _country_fill(style.status_colour(status)))
    elif layer == "facilities":
        renderer = ET.SubElement(
            root, "renderer-v2", {"type": "categorizedSymbol", "attr": "facility_type"}
        )
        cats, syms = ET.SubElement(renderer, "categories"), ET.SubElement(renderer, "symbols")
        for i, ftype in enumerate(style.FACILITY_SYMBOLS):
            ET.SubElement(
                cats,
                "category",
                {"value": ftype, "label": ftype.capitalize(), "symbol": str(i), "render": "true"},
            )
            _symbol(syms, str(i), "marker", "SimpleMarker", *_facility_marker(ftype))
    elif layer == "conflicts":
        renderer = ET.SubElement(root, "renderer-v2", {"type": "RuleRenderer"})
        rules = ET.SubElement(renderer, "rules", {"key": "root"})
        syms = ET.SubElement(renderer, "symbols")
        for i, (label, ongoing) in enumerate((("Ongoing", True), ("Ended", False))):
            rule = ongoing_rule(on) if ongoing else "ELSE"
            attrs = {"key": f"rule-{i}", "label": label, "symbol": str(i), "filter": rule}
            ET.SubElement(rules, "rule", attrs)
            sym_kind, cls, props = _zone(kind, ongoing)
            _symbol(syms, str(i), sym_kind, cls, props)
    else:
        return None
    renderer.set("symbollevels", "0")
    renderer.set("forceraster", "0")
    renderer.set("enableorderby", "0")
    body = ET.tostring(root, encoding="unicode")
    return f"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n{body}\n"


def _style_rows(path: Path, styled: list[tuple[str, str, str]], meta: ExportMeta) -> pd.DataFrame:
    """One ``layer_styles`` row per styled table, each its table's default style."""
    with sqlite3.connect(path) as db:
        columns = dict(db.execute("select table_name, column_name from gpkg_geometry_columns"))
    db.close()
    return pd.DataFrame(
        {
            "f_table_catalog": "",
            "f_table_schema": "",
            "f_table_name": [t for t, _, _ in styled],
            "f_geometry_column": [columns[t] for t, _, _ in styled],
            "styleName": [t for t, _, _ in styled],
            "styleQML": [q for _, q, _ in styled],
            "styleSLD": "",
            "useAsDefault": True,
            "description": [
                f"{title} as the CSTO map draws them on {meta.as_of}" for *_, title in styled
            ],
            "owner": "",
            "ui": "",
            # When written, as GDAL dates gpkg_contents; QGIS picks the newest default.
            "update_time": pd.Timestamp.now(tz="UTC").floor("s").tz_localize(None),
        }
    )


def with_distance_columns(
    frames: Mapping[str, gpd.GeoDataFrame], distances: pd.DataFrame | None
) -> dict[str, gpd.GeoDataFrame]:
    """The frames with each facility's distances (``logic.distances.facility_distances``, as
    the table shows them) joined on ``id``; other layers as they are."""
    out = dict(frames)
    if distances is not None and "facilities" in out:
        out["facilities"] = with_distances(out["facilities"], distances)
    return out


def to_csv(gdf: gpd.GeoDataFrame, meta: ExportMeta) -> bytes:
    """One layer as UTF-8 CSV: ``lat``/``lon`` for points, else ``wkt``; provenance columns."""
    plain = _plain(gdf)
    geoms = plain.geometry
    table = pd.DataFrame(plain.drop(columns=geoms.name))
    if len(geoms) and (geoms.geom_type == "Point").all():
        table["lat"], table["lon"] = geoms.y.to_numpy(), geoms.x.to_numpy()
    else:
        table["wkt"] = geoms.to_wkt().to_numpy()
    for key, value in meta.rows():
        if key in PROVENANCE_COLUMNS:
            table[key] = value
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_kml(gdf: gpd.GeoDataFrame, meta: ExportMeta, *, layer: str = "features") -> bytes:
    """One layer as KML: name and description as the placemark's, the rest as ExtendedData."""
    plain = _plain(gdf)
    if plain.crs is not None:
        plain = plain.to_crs("EPSG:4326")
    for start, end in _TIME_SPANS:
        if start in plain and end in plain:
            plain["begin"], plain["end"] = plain[start], plain[end]
    # LIBKML writes 64-bit integers as text; 32-bit ones keep their type.
    for col in plain.select_dtypes("int64").columns:
        if plain[col].abs().max() < 2**31:
            plain[col] = plain[col].astype("int32")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.kml"
        options = {"NAME": meta.title, "DESCRIPTION": meta.text()}
        _write(
            plain,
            path,
            layer=layer,
            driver="LIBKML",
            dataset_options=options,
            layer_options=look_at(_cut(plain.total_bounds if len(plain) else None)),
        )
        return path.read_bytes()


def _decode_lists(df: pd.DataFrame) -> pd.DataFrame:
    for col in df.columns:
        if df[col].dtype != object and not pd.api.types.is_string_dtype(df[col]):
            continue
        texts = df[col].dropna()
        if len(texts) and texts.map(lambda v: isinstance(v, str) and v[:1] in ("[", "{")).all():
            df[col] = [json.loads(v) if isinstance(v, str) else v for v in df[col]]
    return df


def _read_tables(path: Path, fmt: str, layer: str | None) -> gpd.GeoDataFrame:
    # A GeoPackage layer may be split into typed tables (see typed_tables): read them all.
    if fmt != "gpkg" or layer is None or layer == "metadata":
        return pyogrio.read_dataframe(path, layer=layer)
    present = {row[0] for row in pyogrio.list_layers(path)}
    tables = [layer] + [f"{layer}_{s}" for s in _SUFFIX.values() if f"{layer}_{s}" in present]
    parts = [pyogrio.read_dataframe(path, layer=t) for t in tables]
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def read_export(data: bytes, fmt: str, *, layer: str | None = None) -> gpd.GeoDataFrame:
    """Read an export made here back into a GeoDataFrame with lists restored.

    ``fmt`` is "gpkg", "csv" or "kml"; for a GeoPackage name the ``layer`` (``metadata`` gives
    the key/value table; a layer split by shape type comes back whole). Dates come back as ISO
    strings.
    """
    if fmt == "csv":
        # Only an empty cell is missing: "NA" is Namibia's code, not a gap.
        table = pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])
        table = table.astype(object).where(table.notna(), None)
        if "wkt" in table:
            geometry = gpd.GeoSeries.from_wkt(table.pop("wkt"))
        else:
            lon, lat = table.pop("lon").astype(float), table.pop("lat").astype(float)
            geometry = gpd.points_from_xy(lon, lat)
        out = gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export.{fmt}"  # GDAL picks the driver by extension
            path.write_bytes(data)
            out = _read_tables(path, fmt, layer)
        if fmt == "kml":
            extras = [c for c in _KML_EXTRAS if c in out]
            if "closed" in out:  # "end" was only the TimeSpan copy of "closed"
                extras.append("end")
            out = out.drop(columns=extras).rename(columns={"Name": "name"})
            out = out.set_geometry(out.geometry.force_2d())
            if "description" in out and out["description"].isna().all():
                out = out.drop(columns="description")
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = [None if pd.isna(v) else v.date().isoformat() for v in out[col]]
        elif col != out.geometry.name and not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), None)
    return _decode_lists(out)
