"""Tiny layers built by code, valid under the shared schema: the data of every dashboard test.

The ``geodata_dir`` and ``layers`` fixtures (conftest.py) write and load them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SRC = "https://example.org/source"
# Text that would run if it ever reached the page unescaped.
HOSTILE = '<img src=x onerror="window.__xss=1">${window.__xss=2}`<script>window.__xss=3</script>'


def box(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    """Return a counter-clockwise (RFC 7946) rectangle."""
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def _country(iso3: str, name: str, status: str, membership: str, geom: dict) -> dict:
    return {
        "type": "Feature",
        "properties": {
            "id": iso3,
            "iso3": iso3,
            "name": name,
            "name_ru": name + " (ru)",
            "csto_status": status,
            "membership": membership,
            "frozen": "2024-02-22/.." if status == "frozen" else "",
            "role": "test state",
            "sources": [f"{SRC}/{iso3.lower()}"],
            "notes": "",
            "evidence": {
                fact: [{"source": f"{SRC}/{iso3.lower()}", "at": "p. 1", "says": "So it is."}]
                for fact in ("membership", "frozen")
                if fact == "membership" and membership or fact == "frozen" and status == "frozen"
            },
        },
        "geometry": geom,
    }


def _evidence(fid: str) -> dict:
    """One passage for each fact the facilities layer must back with evidence."""
    passage = {"source": f"{SRC}/{fid}", "at": "p. 1", "says": "The source states this fact."}
    return {fact: [passage] for fact in ("opened", "closed", "status", "location")}


def _facility(
    fid: str,
    name: str,
    country: str,
    ftype: str,
    status: str,
    lon: float,
    lat: float,
    border: tuple[float, str] = (12.5, "ARM–TUR"),
):
    return {
        "type": "Feature",
        "properties": {
            "id": fid,
            "name": name,
            "name_ru": "База",
            "alt_names": ["Old " + name],
            "country": country,
            "facility_type": ftype,
            "operator": "Test operator",
            "status": status,
            "opened": "1995-03-16",
            "closed": None if status == "active" else "2020-01-01",
            "precision_m": 500,
            "location_basis": "Centre of the site",
            "description": "A test facility.",
            "sources": [f"{SRC}/{fid}", f"https://example.com/more/{fid}"],
            "confidence": "high",
            "border_km": border[0],
            "nearest_border": border[1],
            "evidence": _evidence(fid),
        },
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


# The zones' names in Russian, by id.
CONFLICT_NAMES_RU = {
    "afg-border": "Афганская граница",
    "arm-clash": "Столкновение в Армении",
    "kgz-uzb-border": "Пограничное столкновение",
    "rus-pipeline": "Трубопровод",
}


def _conflict(cid: str, name: str, kind: str, countries: list[str], end: str | None, geom):
    return {
        "type": "Feature",
        "properties": {
            "id": cid,
            "name": name,
            "name_ru": CONFLICT_NAMES_RU[cid],
            "kind": kind,
            "countries": countries,
            "start": "2021-04-28",
            "end": end,
            "csto_response": "Statements only.",
            "csto_response_kind": "statement",
            "description": "A test zone.",
            "geometry_method": "rectangle",
            "sources": [f"{SRC}/{cid}"],
            "evidence": {
                fact: [{"source": f"{SRC}/{cid}", "at": "p. 1", "says": f"The {fact} is so."}]
                for fact in ("start", "end", "csto_response_kind")
                if fact != "end" or end is not None
            },
        },
        "geometry": geom,
    }


def layer_objects() -> dict[str, dict]:
    """Return the three fixture layers as GeoJSON FeatureCollections, features sorted by id."""
    countries = [
        _country("AFG", "Afghanistan", "non-member", "", box(62, 30, 72, 37)),
        _country("ARM", "Armenia", "frozen", "1992-05-15/..", box(43, 39, 46, 41)),
        _country("KGZ", "Kyrgyzstan", "member", "1992-05-15/..", box(72.5, 40, 78, 43)),
        _country("RUS", "Russia", "member", "1992-05-15/..", box(40, 50, 60, 60)),
        _country("UZB", "Uzbekistan", "former", "1992-05-15/1999-04-02", box(60, 38, 72, 43)),
    ]
    facilities = [
        _facility("arm-102-base", "102nd Base", "ARM", "army base", "active", 43.84512, 40.79123),
        _facility(
            "kgz-kant",
            "Kant Air Base",
            "KGZ",
            "air base",
            "active",
            74.84489,
            42.85311,
            (12.83, "KAZ–KGZ"),
        ),
        _facility(
            "kgz-koy-sary",
            "Koy-Sary",
            "KGZ",
            "naval test facility",
            "active",
            77,
            42.5,
            (31.94, "KAZ–KGZ"),
        ),
        _facility("rus-hostile", HOSTILE, "RUS", "radar", "closed", 50.0, 55.0, (560.0, "KAZ–RUS")),
        _facility(
            "uzb-radar", "Old Radar", "UZB", "radar", "transferred", 65.0, 40.0, (120.0, "TKM–UZB")
        ),
    ]
    line = {"type": "LineString", "coordinates": [[41, 51], [50, 52], [59, 53]]}
    conflicts = [
        _conflict(
            "afg-border", "Afghan border", "border clash", ["AFG"], None, box(66, 36, 70, 37)
        ),
        _conflict(
            "arm-clash",
            "Armenia clash",
            "interstate clash",
            ["ARM"],
            "2022-09-15",
            box(45, 39.2, 45.8, 40),
        ),
        _conflict(
            "kgz-uzb-border",
            "Border clash",
            "border clash",
            ["KGZ", "UZB"],
            "2021-05-01",
            box(71, 40.5, 73.5, 41.5),
        ),
        _conflict("rus-pipeline", "Pipeline", "economic coercion", ["RUS"], None, line),
    ]
    return {
        name: {"type": "FeatureCollection", "features": feats}
        for name, feats in (
            ("countries", countries),
            ("facilities", facilities),
            ("conflicts", conflicts),
        )
    }


def write_layers(directory: Path) -> Path:
    """Write the fixture layers (and a dataset date) into ``directory``; return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, obj in layer_objects().items():
        text = json.dumps(obj, ensure_ascii=False, indent=1)
        (directory / f"{name}.geojson").write_text(text, encoding="utf-8")
    (directory / "sources").mkdir(exist_ok=True)
    (directory / "sources" / "membership.yaml").write_text(
        "dataset_date: '2026-11-01'\nstates: []\n", encoding="utf-8"
    )
    return directory


# Feature ids per layer, as the fixture layers hold them.
ALL = {
    "countries": ["AFG", "ARM", "KGZ", "RUS", "UZB"],
    "conflicts": ["afg-border", "arm-clash", "kgz-uzb-border", "rus-pipeline"],
    "facilities": ["arm-102-base", "kgz-kant", "kgz-koy-sary", "rus-hostile", "uzb-radar"],
}
