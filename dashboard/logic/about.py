"""The about text: what the data is, its date, sources and licences."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from dashboard.logic.i18n import N_, _
from dashboard.logic.popups import safe_url


def source_urls(frames: Iterable[gpd.GeoDataFrame]) -> list[str]:
    """Return every distinct http(s) source URL cited by the given layers, sorted."""
    urls: set[str] = set()
    for gdf in frames:
        if "sources" not in gdf.columns:
            continue
        for value in gdf["sources"]:
            for url in value if isinstance(value, list | tuple) else [value]:
                safe = safe_url(url)
                if safe:
                    urls.add(safe)
    return sorted(urls)


def about_markdown(dataset_date: str | None, n_sources: int) -> str:
    """Return the about section as Markdown in the reader's language (no data values inside,
    so nothing to escape)."""
    when = dataset_date or _("the date of the last data build")
    return "\n\n".join(_(part) for part in ABOUT).format(when=when, n_sources=n_sources)


# The about text, a paragraph a message (marked for the catalog, translated when shown).
ABOUT = (
    N_(
        "**What this is.** A map of the Collective Security Treaty Organization (CSTO): the "
        "states that are, were or never were parties to the Collective Security Treaty, Russian "
        "military facilities in member states, and conflict zones that involved them — each "
        "with the CSTO's response."
    ),
    N_("**Dataset date.** Statuses and facility states are as of **{when}**."),
    N_(
        "**Where it comes from.** Every feature lists its own public sources ({n_sources} "
        "distinct links in all; open a feature's details to see them). Descriptions are written "
        "for this project. Borders: [Natural Earth](https://www.naturalearthdata.com/) 1:10m "
        "admin-0 countries, public domain, simplified so that neighbours still share their "
        "borders exactly. Place data © [GeoNames](https://www.geonames.org/), CC BY 4.0, where "
        "a feature cites it. Facts from Wikipedia (CC BY-SA) and Wikidata (CC0) are cited per "
        "feature. Online basemap tiles: © OpenStreetMap contributors (ODbL) and, for the light "
        "basemap, © CARTO. The curated data is CC BY 4.0 (CSTO map contributors); the code is "
        "MIT."
    ),
    N_(
        "**Precision.** Locations are no more precise than the public sources they come from; "
        "each facility states how precisely its point is known (from a few hundred metres for "
        'a known site to tens of kilometres for "near this town") and how confident we are. '
        "Conflict zones are drawn approximations; each says how its shape was made. Nothing "
        "here comes from imagery analysis or non-public material."
    ),
    N_(
        "**Languages.** The page reads in English or Russian (the picker at the top of the "
        "sidebar, or `?lang=ru` in the link). Countries and facilities are named in Russian "
        "where the data has a Russian name; conflicts keep their English names. What the "
        'sources say (the "How we know" passages), descriptions and notes are the data\'s own '
        "words and stay in English in both languages."
    ),
)
