// 地下水地图: our own GeoJSON only (zones, works, an outline of each county's works). No tile server.
"use strict";
(function () {
  const el = document.getElementById("map");
  const cfgEl = document.getElementById("map-config");
  if (!el || !cfgEl || typeof L === "undefined") return;
  const cfg = JSON.parse(cfgEl.textContent);
  const map = L.map(el, { preferCanvas: true, attributionControl: false, zoomSnap: 0.25 });
  map.setView([36.7, 117.1], 10);

  const ZONE_COLORS = {
    overdraft_general: "#f6ad55", overdraft_severe: "#e53e3e", prohibited: "#742a2a", restricted: "#d69e2e",
    spring_protection: "#3182ce", karst: "#805ad5", drinking_source: "#38a169",
    geothermal_prohibited: "#97266d", geothermal_restricted: "#d53f8c", pollution_key: "#4a5568"
  };
  const COMPLIANCE = { ok: ["#2f855a", "合规"], warning: ["#d69e2e", "警示"], violation: ["#c53030", "违法"] };
  const bounds = L.latLngBounds([]);
  const text = function (s) { const d = document.createElement("span"); d.textContent = s == null ? "" : String(s); return d.innerHTML; };

  function loadJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  }

  // Convex hull (monotone chain) of a county's works: an honest outline where we hold no boundary data.
  function hull(points) {
    const p = points.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    if (p.length < 3) return p;
    const cross = function (o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); };
    const lower = [], upper = [];
    p.forEach(function (pt) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], pt) <= 0) lower.pop(); lower.push(pt); });
    p.slice().reverse().forEach(function (pt) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], pt) <= 0) upper.pop(); upper.push(pt); });
    return lower.slice(0, -1).concat(upper.slice(0, -1));
  }

  const jobs = [loadJSON(cfg.zones).then(function (fc) {
    const layer = L.geoJSON(fc, {
      style: function (f) { const c = ZONE_COLORS[f.properties.kind] || "#718096"; return { color: c, weight: 1.5, fillColor: c, fillOpacity: 0.18 }; },
      onEachFeature: function (f, lyr) { lyr.bindTooltip(text(f.properties.name) + "<br>" + text(f.properties.kind_label)); }
    }).addTo(map);
    if (fc.features.length) bounds.extend(layer.getBounds());
    el.dataset.zones = String(fc.features.length);
  })];

  if (cfg.works) {
    jobs.push(loadJSON(cfg.works).then(function (fc) {
      const byRegion = {};
      const layer = L.geoJSON(fc, {
        pointToLayer: function (f, latlng) {
          const c = (COMPLIANCE[f.properties.compliance] || COMPLIANCE.ok)[0];
          return L.circleMarker(latlng, { radius: f.properties.compliance === "ok" ? 3 : 5, color: c, fillColor: c, fillOpacity: 0.85, weight: 1 });
        },
        onEachFeature: function (f, lyr) {
          const p = f.properties;
          const region = f.id.split("-")[0];
          (byRegion[region] = byRegion[region] || []).push(f.geometry.coordinates);
          lyr.bindPopup('<a href="/gw/works/' + encodeURIComponent(p.works_id) + '">' + text(p.works_id) + "</a><br>" +
            text(p.kind) + " · " + text(p.status) + "<br>" + text(p.owner || "所有权人不明") + "<br>" + text((COMPLIANCE[p.compliance] || COMPLIANCE.ok)[1]));
        }
      }).addTo(map);
      Object.keys(byRegion).forEach(function (code) {
        const ring = hull(byRegion[code]).map(function (c) { return [c[1], c[0]]; });
        if (ring.length >= 3) L.polygon(ring, { color: "#2d3748", weight: 1, dashArray: "4 4", fill: false }).bindTooltip(code + " 工程分布范围（示意）").addTo(map);
      });
      if (fc.features.length) bounds.extend(layer.getBounds());
      el.dataset.works = String(fc.features.length);
    }));
  }

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    const div = L.DomUtil.create("div", "legend");
    let html = "";
    if (cfg.works) Object.keys(COMPLIANCE).forEach(function (k) { html += '<i style="background:' + COMPLIANCE[k][0] + '"></i>' + COMPLIANCE[k][1] + "<br>"; });
    div.innerHTML = html + '<i style="background:#e53e3e;border-radius:0"></i>超采区等区域';
    return div;
  };
  legend.addTo(map);

  Promise.all(jobs).then(function () {
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.05));
    el.dataset.ready = "1";
  }).catch(function (e) {
    el.dataset.ready = "error";
    const msg = document.createElement("p");
    msg.className = "alert";
    msg.textContent = "地图数据加载失败（" + e.message + "）";
    el.parentNode.insertBefore(msg, el);
  });
})();
