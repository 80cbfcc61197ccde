"""The map's surroundings: muted countries, the offline basemap's towns, lakes and regions,
what tiles need, and facility symbols that stay reachable when they stand close.

The data files are served from ``dashboard/static/context`` (``offline.ensure_context``) and
fetched by the map's own script, so they add nothing to the map's messages or its hash.
"""

from __future__ import annotations

from dashboard.logic import style
from dashboard.logic.i18n import N_, _, current
from dashboard.map.js import script
from dashboard.map.offline import CONTEXT_URL, COUNTRY_LABELS, PLACES, named_file

# The countries' surroundings, the offline basemap's towns and lakes, and what tiles need
# (js/context.js); every facility symbol reachable however close they stand (js/spread.js).
CONTEXT_JS = script("context.js")
SPREAD_JS = script("spread.js")
# Marked for the catalog, translated when the base map is made.
PLACES_ATTRIBUTION = N_("Place data © GeoNames, CC BY 4.0")
TILE_NOTE = N_(
    "Map tiles could not be loaded (no internet?): the countries are shown without a "
    "basemap. Choose the offline basemap in the sidebar for towns and lakes."
)
# Over tiles the country fills let towns and roads show through; on the offline basemap the
# countries are the land and stay opaque.
CSS = """
.csto-tiles path.csto-country { fill-opacity: 0.42; }
.csto-place, .csto-dot { position: absolute; }
.csto-place { white-space: nowrap; font: 11px/15px system-ui, sans-serif; color: #2b2b2b;
  text-align: center; overflow: visible; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.csto-capital { font-weight: 700; font-size: 12px; line-height: 16px; }
.csto-country-label { font: 600 13px/17px system-ui, sans-serif; color: #3d2b1f;
  letter-spacing: 0.04em; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 4px #fff; }
/* Neighbours of one colour (the member states) are told apart by white borders. */
path.csto-country { stroke: #ffffff; stroke-width: 1.6px; }
.csto-dot { width: 6px; height: 6px; border-radius: 50%; background: #3a3a3a;
  transform: scale(0.7); }
.csto-capital-dot { border-radius: 0; background: #fff; border: 1.5px solid #111;
  box-sizing: border-box; transform: none; }
.csto-badge { display: flex; align-items: center; justify-content: center; border-radius: 50%;
  background: rgba(255, 255, 255, 0.85); border: 2px solid #333; color: #111;
  font: 700 11px system-ui, sans-serif; cursor: pointer; box-sizing: border-box; }
.csto-tile-note { background: #fff8e1; border: 1px solid #c79a00; padding: 4px 8px;
  max-width: 320px; font: 12px/1.35 system-ui, sans-serif; color: #333; }
"""


def options() -> dict[str, str]:
    """Return what ``cstoContext`` (js/context.js) needs: where the files are, the texts."""
    return {
        "base": CONTEXT_URL,
        # Towns and countries named in the reader's language.
        "places": named_file(PLACES, current()),
        "labels": named_file(COUNTRY_LABELS, current()),
        "sea": style.SEA,
        "placesAttribution": _(PLACES_ATTRIBUTION),
        "tileNote": _(TILE_NOTE),
    }
