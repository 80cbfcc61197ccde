"""The marker-cluster renderer, kept only to compare its payload with the app's point canvas.

The app draws many points with ``dashboard.map.points`` (one canvas); Leaflet.markercluster
sends a marker per point. ``bench.run`` measures both; the app itself never clusters.
"""

from __future__ import annotations

import json

import folium
import geopandas as gpd
import numpy as np
from folium.plugins import FastMarkerCluster

# Where bench.server copies Leaflet.markercluster, relative to the map's component iframe.
VENDOR_URL = "../../app/static/vendor"


class LocalFastMarkerCluster(FastMarkerCluster):
    """FastMarkerCluster that loads Leaflet.markercluster from the app's own static folder."""

    def __init__(self, data, *, vendor_url: str, **kwargs) -> None:
        super().__init__(data, **kwargs)
        base = vendor_url.rstrip("/") + "/leaflet-markercluster/"
        self.default_js = [("markerclusterjs", base + "leaflet.markercluster.js")]
        self.default_css = [
            ("markerclustercss", base + "MarkerCluster.css"),
            ("markerclusterdefaultcss", base + "MarkerCluster.Default.css"),
        ]


def cluster_point_layer(
    points: gpd.GeoDataFrame,
    *,
    vendor_url: str = VENDOR_URL,
    name: str = "Points",
) -> folium.FeatureGroup:
    """Return a FeatureGroup clustering ``points`` with Leaflet.markercluster served locally.

    Slower than :func:`canvas_point_layer` beyond ~10,000 points; kept for comparison.
    """
    data = np.column_stack([points.geometry.y.to_numpy(), points.geometry.x.to_numpy()])
    callback = "function (row) { return L.circleMarker([row[0], row[1]], {radius: 4}); }"
    group = folium.FeatureGroup(name=name)
    LocalFastMarkerCluster(
        np.round(data, 5).tolist(), vendor_url=vendor_url, callback=callback
    ).add_to(group)
    return group


def payload_bytes(group: folium.FeatureGroup) -> int:
    """Return how many bytes of JavaScript the group adds to an st_folium message."""
    m = folium.Map(tiles=None)
    group.add_to(m)
    m.render()
    script = "".join(child._template.module.script(child) for child in group._children.values())
    return len(json.dumps(script).encode("utf-8"))
