// The data layers, set up once by the base map (map/build.py). Every feature of the loaded
// data (shape, hover text, short popup, style) comes in one static file, fetched once and
// kept by the browser; each run of the app then sends only its state (map/layerstate.py):
// which features are on the map, in which order, and the look of those that differ from the
// file on the map date. Applying a state adds, removes and restyles layers in place, so a
// filter or a date costs a few kilobytes and no shape is decoded twice. A state that carries
// a new ``report`` number is reported with ``drawn(number)`` once it is on screen (or at once
// when the file could not be read): the app then sends the parts of the page under the map.
function cstoLayers(map, opts, drawn) {
  var ORDER = ["countries", "conflicts", "facilities"];
  // Countries under the zones, both under what the app adds to the overlay pane (400): the
  // selection and story outlines, an uploaded layer.
  var PANES = {countries: ["cstoCountries", 396], conflicts: ["cstoConflicts", 398]};
  Object.keys(PANES).forEach(function (layer) {
    map.createPane(PANES[layer][0]).style.zIndex = PANES[layer][1];
  });
  var TOOLTIP = {sticky: true, direction: "top"};
  var POPUP = {maxWidth: 380, minWidth: 240};
  var features = null, pending = null, failed = false, reported = null;
  var on = {countries: [], conflicts: [], facilities: []};
  // One holder per layer, on the map from the start: streamlit-folium listens for clicks on
  // the layers the map has when it mounts, and a click on a feature reaches its holder.
  var holders = {};
  ORDER.forEach(function (layer) { holders[layer] = L.featureGroup().addTo(map); });

  function bind(target, look) {
    target.bindTooltip(look.t, TOOLTIP).bindPopup(look.p, POPUP);
  }

  function restyle(item, look) {
    if (item.look === look) { return; }
    if (item.layer instanceof L.Marker) {
      item.layer.setIcon(L.divIcon(look.i));
      item.layer.setTooltipContent(look.t).setPopupContent(look.p);
    } else {
      item.layer.setStyle(look.s);
      item.layer.eachLayer(function (path) {
        path.setTooltipContent(look.t).setPopupContent(look.p);
      });
    }
    item.look = look;
  }

  function make(layer, f) {
    if (layer === "facilities") {
      var marker = L.marker(f.g, {icon: L.divIcon(f.i), featureId: f.id, title: f.n,
                                  alt: f.n, riseOnHover: true});
      bind(marker, f);
      return marker;
    }
    f.data = window.cstoDecodeGeometry({type: "Feature", id: f.id,
                                        properties: {id: f.id, layer: layer}, geometry: f.g});
    return L.geoJSON(f.data, {pane: PANES[layer][0], style: f.s,
                              onEachFeature: function (x, path) { bind(path, f); }});
  }

  // An outline (the selection, a story chapter's features) drawn into ``group`` from the
  // file's shapes: [layer, id, hover text, popup] each; a point gets a ring around it.
  function outline(group, items, style) {
    items.forEach(function (it) {
      var item = features[it[0]] && features[it[0]][it[1]];
      if (!item) { return; }
      var look = {t: it[2], p: it[3]};
      var shape = item.file.data
        ? L.geoJSON({type: "Feature", id: it[1], properties: {id: it[1]},
                     geometry: item.file.data.geometry}, {style: style})
        : L.circleMarker(item.file.g, L.extend({radius: 16}, style));
      (shape.eachLayer ? shape.getLayers() : [shape]).forEach(function (p) { bind(p, look); });
      group.addLayer(shape);
    });
  }
  var outlines = [];
  window.cstoOutline = function (group, items, style) {
    if (features) { outline(group, items, style); } else { outlines.push([group, items, style]); }
  };

  function build(file) {
    var out = {};
    ORDER.forEach(function (layer) {
      out[layer] = {};
      (file[layer] || []).forEach(function (f) {
        out[layer][f.id] = {file: f, look: f, layer: make(layer, f)};
      });
    });
    return out;
  }

  function apply(state) {
    ORDER.forEach(function (layer) {
      var want = (state[layer] || []).filter(function (id) { return features[layer][id]; });
      var looks = (state.looks || {})[layer] || {};
      want.forEach(function (id) {
        var item = features[layer][id];
        restyle(item, looks[id] || item.file);
      });
      if (want.join("\n") === on[layer].join("\n")) { return; }
      // Re-added in the state's order: later features draw above earlier ones.
      on[layer].forEach(function (id) { holders[layer].removeLayer(features[layer][id].layer); });
      want.forEach(function (id) { holders[layer].addLayer(features[layer][id].layer); });
      on[layer] = want;
    });
    map.getContainer().dataset.layersState = state.key || "";
    map.fire("cstolayers");
    report(state);
  }

  function report(state) {
    if (state && state.report && state.report !== reported) {
      reported = state.report;
      drawn(state.report);
    }
  }

  window.cstoApply = function (state) {
    if (features) { apply(state); } else if (failed) { report(state); } else { pending = state; }
  };

  fetch(opts.base + opts.file)
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (file) {
      features = build(file);
      outlines.forEach(function (o) { outline(o[0], o[1], o[2]); });
      outlines = [];
      if (pending) { apply(pending); pending = null; }
    })
    .catch(function (e) {
      var note = L.control({position: "topleft"});
      note.onAdd = function () {
        var box = L.DomUtil.create("div", "csto-tile-note");
        box.setAttribute("role", "alert");
        box.textContent = opts.failed;
        return box;
      };
      note.addTo(map);
      window.console && console.error("map layers file:", e);
      failed = true;
      report(pending);
    });
}
