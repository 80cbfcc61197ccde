// L.PackedPointCanvas: many points drawn on one canvas from dashboard/map/points.py's packing.
if (!L.PackedPointCanvas) {
  L.PackedPointCanvas = L.Layer.extend({
    initialize: function (packed, options) {
      L.setOptions(this, options);
      var n = packed.n, b = packed.bbox;
      var xy = this._bytes(packed.xy), steps = new Uint16Array(xy.buffer, 0, 2 * n);
      this._n = n;
      this._type = this._bytes(packed.t);
      // Web Mercator pixels at zoom 0 (as L.CRS.EPSG3857 with a 256 px world), computed inline:
      // a redraw is then one multiply and one add per point, and no object is allocated.
      this._px = new Float64Array(n);
      this._py = new Float64Array(n);
      var dx = (b[2] - b[0]) / 65535, dy = (b[3] - b[1]) / 65535, rad = Math.PI / 180;
      var maxLat = 85.0511287798;
      for (var i = 0; i < n; i++) {
        var lon = b[0] + steps[2 * i] * dx;
        var lat = Math.max(Math.min(b[1] + steps[2 * i + 1] * dy, maxLat), -maxLat);
        this._px[i] = 256 * (0.5 + lon / 360);
        this._py[i] = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat * rad / 2)) / (2 * Math.PI));
      }
    },
    _bytes: function (text) {
      var raw = atob(text), out = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
      return out;
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide packed-point-canvas");
      this._canvas.style.pointerEvents = "none";
      // Its own pane above the polygons (overlayPane, z 400): the countries are the land and
      // are filled, so points under them would be hidden. Below markers (600) and popups.
      var pane = map.getPane(this.options.pane) || map.createPane(this.options.pane);
      pane.style.zIndex = this.options.zIndex;
      pane.style.pointerEvents = "none";
      pane.appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      map.on("click", this._onClick, this);
      this._redraw();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("click", this._onClick, this);
      L.DomUtil.remove(this._canvas);
    },
    _frame: function () {
      var map = this._map, size = map.getSize();
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      var origin = map.getPixelOrigin();
      var scale = map.options.crs.scale(map.getZoom()) / map.options.crs.scale(0);
      return {size: size, topLeft: topLeft, ox: origin.x + topLeft.x,
              oy: origin.y + topLeft.y, scale: scale};
    },
    _redraw: function () {
      if (!this._map) { return; }
      var f = this._frame(), c = this._canvas, r = this.options.radius;
      L.DomUtil.setPosition(c, f.topLeft);
      c.width = f.size.x;
      c.height = f.size.y;
      var ctx = c.getContext("2d"), colors = this.options.colors, drawn = 0;
      ctx.globalAlpha = this.options.opacity;
      for (var k = 0; k < colors.length; k++) {
        ctx.fillStyle = colors[k];
        ctx.beginPath();
        for (var i = 0; i < this._n; i++) {
          if (this._type[i] !== k) { continue; }
          var x = this._px[i] * f.scale - f.ox, y = this._py[i] * f.scale - f.oy;
          if (x < -r || y < -r || x > f.size.x + r || y > f.size.y + r) { continue; }
          ctx.rect(x - r, y - r, 2 * r, 2 * r);
          drawn++;
        }
        ctx.fill();
      }
      // Exposed for browser tests: a canvas has no DOM nodes to count.
      c.dataset.points = this._n;
      c.dataset.drawn = drawn;
    },
    _onClick: function (e) {
      var f = this._frame(), p = e.containerPoint, best = -1, bestD = 36, count = 0;
      for (var i = 0; i < this._n; i++) {
        var dx = this._px[i] * f.scale - f.ox - p.x, dy = this._py[i] * f.scale - f.oy - p.y;
        var d = dx * dx + dy * dy;
        if (d <= 36) { count++; if (d < bestD) { bestD = d; best = i; } }
      }
      if (best < 0) { return; }
      var label = this.options.label + ": " + this.options.categories[this._type[best]];
      if (count > 1) { label += " (+" + (count - 1) + " more here)"; }
      // A text node, so category names from the data cannot inject markup.
      L.popup().setLatLng(e.latlng).setContent(document.createTextNode(label)).openOn(this._map);
    }
  });
}
