// What surrounds the data layers, set up once by the base map (map/build.py):
// - every country's outline, muted and not clickable, under the filtered countries, so a
//   country filter keeps its neighbours on the map;
// - on the offline basemap: lakes, first-level regions from zoom 5, country names where they
//   fit and towns with names placed so that no two labels overlap (the files are fetched from the app's static folder, so
//   they never travel in the map's messages);
// - with tiles: a class on the map that makes country fills translucent (see style.MAP_CSS),
//   and a note on the map when tiles fail to load.
function cstoContext(map, opts) {
  var PANES = {cstoMuted: 350, cstoWater: 410, cstoAdmin: 415, cstoPlaces: 420};
  Object.keys(PANES).forEach(function (name) {
    var pane = map.createPane(name);
    pane.style.zIndex = PANES[name];
    pane.style.pointerEvents = "none";
  });
  var state = {tiles: [], errors: 0, loads: 0, drawn: {}, places: null, note: null, due: 0,
               symbols: []};
  var muted = new L.GeoJSON(null, {pane: "cstoMuted", interactive: false, style: mutedStyle});
  var water = new L.GeoJSON(null, {
    pane: "cstoWater", interactive: false,
    style: {color: "#8fb8d6", weight: 0.6, fillColor: opts.sea, fillOpacity: 1}
  });
  var admin = new L.GeoJSON(null, {
    pane: "cstoAdmin", interactive: false,
    style: {color: "#8c7d6b", weight: 0.7, opacity: 0.7, dashArray: "4 3", fill: false}
  });
  // Labels are plain elements in their own pane, placed in layer pixels: no Leaflet
  // layer per label. Hidden while a zoom animates, placed again when it ends.
  var labels = L.DomUtil.create("div", "csto-labels", map.getPane("cstoPlaces"));
  map.on("zoomstart", function () { labels.style.display = "none"; state.labelKey = null; });
  muted.addTo(map);

  function mutedStyle(f) {
    // A country the filters keep is drawn by its own layer above: draw nothing for it here.
    if (state.drawn[f.properties.id]) { return {stroke: false, fill: false}; }
    var online = state.tiles.length > 0;
    return {color: "#b5b5b5", weight: 0.6, fillColor: "#d9d9d9",
            fillOpacity: online ? 0.35 : 1, fill: true, stroke: true};
  }

  function fetchJson(name, done) {
    if (!window.fetch) { return; }
    fetch(opts.base + name).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { done(data); } })
      .catch(function () { /* the map works without its context */ });
  }
  // Shapes travel delta-encoded (map/encoding.py); places as [lon, lat, name, minzoom,
  // capital] rows (map/offline.py).
  function shapes(layer) {
    return function (d) { layer.addData(d.features.map(window.cstoDecodeGeometry)); later(); };
  }
  fetchJson("outlines.json", shapes(muted));
  fetchJson("water.json", shapes(water));
  fetchJson("admin1.json", shapes(admin));
  fetchJson(opts.places || "places.json", function (d) { state.places = d; later(); });
  fetchJson(opts.labels || "labels.json", function (d) { state.countries = d; later(); });

  function show(layer, on) {
    if (on && !map.hasLayer(layer)) { map.addLayer(layer); }
    if (!on && map.hasLayer(layer)) { map.removeLayer(layer); }
  }

  function refresh() {
    var offline = state.tiles.length === 0, z = map.getZoom();
    L.DomUtil[offline ? "removeClass" : "addClass"](map.getContainer(), "csto-tiles");
    // Redo only what changed: the app's redraws bring many events for nothing new.
    var drawn = Object.keys(state.drawn).filter(function (k) { return state.drawn[k]; });
    var mutedKey = drawn.sort().join() + offline + muted.getLayers().length;
    if (mutedKey !== state.mutedKey) { state.mutedKey = mutedKey; muted.setStyle(mutedStyle); }
    show(water, offline);
    show(admin, offline && z >= 5);
    var labelKey = JSON.stringify([offline, z, map.getPixelBounds().min, state.symbols,
                                   !!state.places, !!state.countries]);
    if (labelKey !== state.labelKey) { state.labelKey = labelKey; placeLabels(offline); }
    var credit = opts.placesAttribution;
    map.attributionControl[offline && state.places ? "addAttribution" : "removeAttribution"](
      credit);
    showNote(!offline && state.errors > 0);
  }

  function later() {
    // Many layers come and go in one task when the app redraws its groups: refresh once.
    if (state.due) { return; }
    state.due = setTimeout(function () { state.due = 0; refresh(); }, 0);
  }

  // ---- Labels: walk the towns in rank order, keep those whose box hits no kept one.
  var CELL = 80, MAX_LABELS = 300;
  function placeLabels(offline) {
    var out = document.createDocumentFragment();
    labels.replaceChildren();
    labels.style.display = offline ? "" : "none";
    if (!offline || !state.places) { return; }
    var z = map.getZoom(), view = map.getBounds().pad(0.05), grid = {}, kept = 0;
    // The facility symbols come first: a label never hides one.
    state.symbols.forEach(function (b) { cells(b, true); });
    // Then the countries' names, where the name fits well inside the country's largest part
    // at this zoom; towns are placed around them.
    (state.countries || []).forEach(function (row) {
      var sw = map.latLngToContainerPoint([row[4], row[3]]);
      var ne = map.latLngToContainerPoint([row[6], row[5]]);
      var w = 8 + row[2].length * 13 * 0.68, h = 17;
      if (w > 0.7 * (ne.x - sw.x) || h > 0.5 * (sw.y - ne.y)) { return; }
      var ll = L.latLng(row[1], row[0]);
      if (!view.contains(ll)) { return; }
      var pt = map.latLngToContainerPoint(ll);
      var box = [pt.x - w / 2, pt.y - h / 2, pt.x + w / 2, pt.y + h / 2];
      if (cells(box, false)) { return; }
      cells(box, true);
      var el = label(map.latLngToLayerPoint(ll), {name: row[2], capital: false},
                     [w / 2, h / 2], [w, h]);
      el.className = "csto-place csto-country-label";
      out.appendChild(el);
    });
    function cells(b, add) {
      for (var gx = Math.floor(b[0] / CELL); gx <= Math.floor(b[2] / CELL); gx++) {
        for (var gy = Math.floor(b[1] / CELL); gy <= Math.floor(b[3] / CELL); gy++) {
          var key = gx + ":" + gy, list = grid[key] || (grid[key] = []);
          if (add) { list.push(b); continue; }
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return true; }
          }
        }
      }
      return false;
    }
    for (var i = 0; i < state.places.length && kept < MAX_LABELS; i++) {
      var row = state.places[i], p = {name: row[2], minzoom: row[3], capital: row[4] === 1};
      if (p.minzoom > z) { continue; }
      var ll = L.latLng(row[1], row[0]);
      if (!view.contains(ll)) { continue; }
      var pt = map.latLngToContainerPoint(ll), size = p.capital ? 12 : 11;
      // The name's box, estimated from its length; tried right, left, above and below the
      // town's dot, then further right (past a symbol standing on the town).
      var w = 4 + p.name.length * size * 0.6, h = size + 4, x = pt.x, y = pt.y;
      var tries = [
        {box: [x + 5, y - h / 2, x + 5 + w, y + h / 2], anchor: [-5, h / 2]},
        {box: [x - 5 - w, y - h / 2, x - 5, y + h / 2], anchor: [w + 5, h / 2]},
        {box: [x - w / 2, y - 5 - h, x + w / 2, y - 5], anchor: [w / 2, h + 5]},
        {box: [x - w / 2, y + 5, x + w / 2, y + 5 + h], anchor: [w / 2, -5]},
        {box: [x + 16, y - h / 2, x + 16 + w, y + h / 2], anchor: [-16, h / 2]}
      ];
      var spot = null;
      for (var t = 0; t < tries.length && !spot; t++) {
        if (!cells(tries[t].box, false)) { spot = tries[t]; }
      }
      if (!spot) { continue; }
      cells(spot.box, true);
      cells([x - 3, y - 3, x + 3, y + 3], true);
      kept++;
      var at = map.latLngToLayerPoint(ll);
      out.appendChild(dot(at, p));
      out.appendChild(label(at, p, spot.anchor, [w, h]));
    }
    labels.appendChild(out);
    map.getContainer().dataset.labels = kept;
  }

  function dot(at, p) {
    var el = L.DomUtil.create("div", p.capital ? "csto-dot csto-capital-dot" : "csto-dot");
    el.style.left = (at.x - 3) + "px";
    el.style.top = (at.y - 3) + "px";
    return el;
  }

  function label(at, p, anchor, size) {
    var el = L.DomUtil.create("div", "csto-place" + (p.capital ? " csto-capital" : ""));
    el.textContent = p.name;  // text, never markup, from the data file
    el.style.left = (at.x - anchor[0]) + "px";
    el.style.top = (at.y - anchor[1]) + "px";
    el.style.width = size[0] + "px";
    el.style.height = size[1] + "px";
    return el;
  }

  // ---- Tiles: which tile layers are on the map, and whether they load.
  function onTileError() { state.errors++; later(); }
  function onTileLoad() { state.loads++; }
  map.on("layeradd", function (e) {
    var layer = e.layer, props = layer.feature && layer.feature.properties;
    if (layer instanceof L.TileLayer) {
      state.tiles.push(layer);
      state.errors = 0;
      layer.on("tileerror", onTileError).on("tileload", onTileLoad);
      later();
    } else if (props && props.layer === "countries") {
      state.drawn[props.id] = (state.drawn[props.id] || 0) + 1;
      later();
    }
  });
  map.on("layerremove", function (e) {
    var layer = e.layer, props = layer.feature && layer.feature.properties;
    if (layer instanceof L.TileLayer) {
      state.tiles = state.tiles.filter(function (t) { return t !== layer; });
      layer.off("tileerror", onTileError).off("tileload", onTileLoad);
      later();
    } else if (props && props.layer === "countries") {
      state.drawn[props.id] = Math.max((state.drawn[props.id] || 1) - 1, 0);
      later();
    }
  });
  map.on("zoomend moveend", later);
  map.on("cstosymbols", function (e) { state.symbols = e.boxes; later(); });

  function showNote(on) {
    if (on && !state.note) {
      state.note = L.control({position: "bottomleft"});
      state.note.onAdd = function () {
        var box = L.DomUtil.create("div", "csto-tile-note");
        box.setAttribute("role", "status");
        box.textContent = opts.tileNote;
        return box;
      };
      state.note.addTo(map);
    } else if (!on && state.note) {
      state.note.remove();
      state.note = null;
    }
  }
  refresh();
}
