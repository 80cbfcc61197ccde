// Keeps every facility symbol reachable at every zoom, set up once by the base map
// (map/build.py). Symbols closer than NEAR pixels form a group: a small group is spread on
// a circle around its centre, each symbol tied by a thin line to a dot at its true place; a
// large one becomes one numbered badge that zooms in on click. Run again on every zoom and
// whenever the app redraws its layers.
function cstoSpread(map, title) {
  var NEAR = 20, SPREAD_MAX = 6, BADGE_ZOOM_MAX = 13;
  var pane = map.createPane("cstoLinks");
  pane.style.zIndex = 590;  // under the symbols (markerPane, 600), above everything else
  pane.style.pointerEvents = "none";
  var links = L.layerGroup().addTo(map), badges = L.layerGroup().addTo(map);
  var markers = [], due = 0;

  function isFacility(layer) {
    return layer instanceof L.Marker && layer.options.featureId !== undefined &&
      layer.options.pane !== "cstoPlaces";
  }
  map.on("layeradd", function (e) {
    if (!isFacility(e.layer)) { return; }
    if (!e.layer._cstoTrue) { e.layer._cstoTrue = e.layer.getLatLng(); }
    markers.push(e.layer);
    later();
  });
  map.on("layerremove", function (e) {
    if (!isFacility(e.layer)) { return; }
    markers = markers.filter(function (m) { return m !== e.layer; });
    later();
  });
  map.on("zoomend moveend", later);
  // The data layers have applied a state (js/layers.js): lay out now, in the same frame, so
  // the symbols never show unspread.
  map.on("cstolayers", function () {
    if (due) { clearTimeout(due); due = 0; }
    layout();
  });

  function later() {
    if (due) { return; }
    due = setTimeout(function () { due = 0; layout(); }, 0);
  }

  function visible(m, on) {
    var el = m.getElement();
    if (el) { el.style.display = on ? "" : "none"; }
  }

  function layout() {
    links.clearLayers();
    badges.clearLayers();
    var z = map.getZoom(), groups = [];
    markers.forEach(function (m) {
      var p = map.project(m._cstoTrue, z), g = null;
      for (var i = 0; i < groups.length && !g; i++) {
        if (groups[i].c.distanceTo(p) < NEAR) { g = groups[i]; }
      }
      if (!g) { g = {c: p, sum: L.point(0, 0), items: []}; groups.push(g); }
      g.items.push(m);
      g.sum = g.sum.add(p);
      g.c = g.sum.divideBy(g.items.length);
    });
    groups.forEach(function (g) {
      if (g.items.length === 1) {
        g.items[0].setLatLng(g.items[0]._cstoTrue);
        visible(g.items[0], true);
      } else if (g.items.length <= SPREAD_MAX) {
        spread(g, z);
      } else {
        badge(g, z);
      }
    });
    map.getContainer().dataset.symbolGroups = groups.length;
    // Town labels keep clear of the symbols where they now stand (js/context.js).
    map.fire("cstosymbols", {boxes: boxes()});
  }

  function boxes() {
    var out = [];
    markers.concat(badges.getLayers()).forEach(function (m) {
      var el = m.getElement();
      if (!el || el.style.display === "none") { return; }
      var p = map.latLngToContainerPoint(m.getLatLng());
      out.push([p.x - 8, p.y - 8, p.x + 8, p.y + 8]);  // the glyph, not its whole 20 px box
    });
    return out;
  }

  function spread(g, z) {
    var n = g.items.length, r = 14 + 3 * n;
    g.items.forEach(function (m, k) {
      var a = -Math.PI / 2 + 2 * Math.PI * k / n;
      var at = map.unproject(g.c.add(L.point(r * Math.cos(a), r * Math.sin(a))), z);
      m.setLatLng(at);
      visible(m, true);
      links.addLayer(L.polyline([m._cstoTrue, at], {
        pane: "cstoLinks", color: "#222", weight: 1, opacity: 0.8, interactive: false
      }));
      links.addLayer(L.circleMarker(m._cstoTrue, {
        pane: "cstoLinks", radius: 2.5, stroke: true, color: "#fff", weight: 1,
        fillColor: "#111", fillOpacity: 1, interactive: false
      }));
    });
  }

  function badge(g, z) {
    var bounds = L.latLngBounds(g.items.map(function (m) { return m._cstoTrue; }));
    g.items.forEach(function (m) { m.setLatLng(m._cstoTrue); visible(m, false); });
    var n = g.items.length;
    var text = (title || "{n} facilities here: click to zoom in").replace("{n}", String(n));
    var el = document.createElement("span");
    el.textContent = String(n);
    var icon = L.divIcon({html: el, className: "csto-badge", iconSize: [20, 20],
                          iconAnchor: [10, 10]});
    var at = map.unproject(g.c, z);
    var b = new L.Marker(at, {icon: icon, title: text, alt: text, keyboard: true});
    b.on("click", function () {
      var target = Math.min(Math.max(map.getBoundsZoom(bounds.pad(0.5)), z + 2),
                            BADGE_ZOOM_MAX);
      map.setView(bounds.getCenter(), target);
    });
    badges.addLayer(b);
  }
}
