// Turns a geometry encoded by dashboard/map/encoding.py back into GeoJSON; defined once per
// page by the base map. PRECISION must equal encoding.PRECISION (a test checks).
if (!window.cstoDecodeGeometry) {
  window.cstoDecodeGeometry = function (g) {
    var PRECISION = 10000;
    var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    function ring(s) {
      var out = [], i = 0, lat = 0, lon = 0;
      while (i < s.length) {
        var v = [0, 0];
        for (var k = 0; k < 2; k++) {
          var shift = 0, result = 0, b;
          do { b = DIGITS.indexOf(s.charAt(i++)); result |= (b & 31) << shift; shift += 5; }
          while (b >= 32);
          v[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
        }
        lat += v[0]; lon += v[1];
        out.push([lon / PRECISION, lat / PRECISION]);
      }
      return out;
    }
    function walk(c) { return typeof c === "string" ? ring(c) : c.map(walk); }
    if (g.type === "Feature") {
      return {type: "Feature", id: g.id, properties: g.properties,
              geometry: window.cstoDecodeGeometry(g.geometry)};
    }
    return g && g.rings ? {type: g.type, coordinates: walk(g.rings)} : g;
  };
}
