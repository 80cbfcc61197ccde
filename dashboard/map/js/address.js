// Keeps lat/lon/zoom in the page's address current without rerunning the app on every pan,
// so the address can be copied and shared as it is. Called by the base map (map/build.py)
// with the map and its start view [lat, lon, zoom].
function cstoSyncAddress(map, home) {
  function sync() {
    try {
      var page = window.parent, url = new URL(page.location.href);
      var c = map.getCenter().wrap(), z = map.getZoom();
      // Leaflet rounds the start view to whole pixels: compare in pixels, not degrees.
      var offset = map.project(c, z).distanceTo(map.project(L.latLng(home[0], home[1]), z));
      var atHome = offset < 2 && z === home[2] && !url.searchParams.has("lat");
      if (atHome) return;
      url.searchParams.set("lat", c.lat.toFixed(4));
      url.searchParams.set("lon", c.lng.toFixed(4));
      url.searchParams.set("zoom", String(z));
      if (url.href !== page.location.href) {
        page.history.replaceState(page.history.state, "", url.href);
      }
    } catch (e) { /* a page on another origin: nothing to update */ }
  }
  map.on("moveend", sync);
  // The app rewrites the address at the end of each run, whenever that comes; put the
  // live view back (sync writes only when the address differs).
  setInterval(sync, 400);
}
