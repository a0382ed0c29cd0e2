// 地下水图表 (Chart.js, bundled): region dashboard and works page. Data comes from #chart-data.
"use strict";
(function () {
  const dataEl = document.getElementById("chart-data");
  if (!dataEl || typeof Chart === "undefined") return;
  const data = JSON.parse(dataEl.textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  const m3 = function (v) { return Number(v).toLocaleString("zh-CN") + " m³"; };

  const monthly = document.getElementById("chart-monthly");
  if (monthly && data.monthly) {
    const months = data.monthly.months;
    let run = 0;
    const cumulative = months.map(function (m) { run += m.volume_m3; return run; });
    const flat = function (v) { return v == null ? null : months.map(function () { return v; }); };
    const sets = [
      { type: "bar", label: "当月取水量", data: months.map(function (m) { return m.volume_m3; }), backgroundColor: "#90cdf4", yAxisID: "y" },
      { type: "line", label: "累计取水量", data: cumulative, borderColor: "#2b6cb0", pointRadius: 2, yAxisID: "y" }
    ];
    if (data.monthly.plan_m3) sets.push({ type: "line", label: "年度取水计划", data: flat(data.monthly.plan_m3), borderColor: "#d69e2e", borderDash: [6, 4], pointRadius: 0, yAxisID: "y" });
    if (data.monthly.quota_m3) sets.push({ type: "line", label: "取水总量控制指标", data: flat(data.monthly.quota_m3), borderColor: "#c53030", borderDash: [2, 3], pointRadius: 0, yAxisID: "y" });
    new Chart(monthly, {
      data: { labels: months.map(function (m) { return m.month; }), datasets: sets },
      options: { responsive: true, interaction: { mode: "index", intersect: false },
        scales: { y: { ticks: { callback: function (v) { return (v / 10000).toLocaleString("zh-CN") + "万"; } } } },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + "：" + m3(Math.round(c.parsed.y)); } } } } }
    });
    monthly.dataset.ready = "1";
  }

  const levels = document.getElementById("chart-levels");
  if (levels && data.levels && data.levels.length) {
    const palette = ["#2b6cb0", "#2f855a", "#805ad5", "#dd6b20", "#319795", "#b83280", "#4a5568", "#975a16", "#2c5282", "#276749"];
    const labels = data.levels[0].series.map(function (p) { return p.observed_on; });
    const sets = data.levels.map(function (s, i) {
      return { label: s.station, data: s.series.map(function (p) { return p.level_m; }), borderColor: palette[i % palette.length], pointRadius: 0, borderWidth: 1.5 };
    });
    const control = data.levels[0].control;
    if (control != null) sets.push({ label: "控制水位", data: labels.map(function () { return control; }), borderColor: "#c53030", borderDash: [6, 4], pointRadius: 0 });
    new Chart(levels, { type: "line", data: { labels: labels, datasets: sets },
      options: { responsive: true, scales: { y: { title: { display: true, text: "水位 (m)" } } } } });
    levels.dataset.ready = "1";
  }

  const works = document.getElementById("chart-works");
  if (works) {
    const readings = (data.readings || []).filter(function (r) { return r.volume != null; });
    const useReadings = readings.length > 0;
    const rows = useReadings ? readings.map(function (r) { return { t: r.t, v: r.volume }; }) : (data.withdrawals || []);
    new Chart(works, { type: useReadings ? "line" : "bar",
      data: { labels: rows.map(function (r) { return r.t.slice(0, 16); }),
        datasets: [{ label: useReadings ? "累计水量 (m³)" : "日取水量 (m³)", data: rows.map(function (r) { return r.v; }), borderColor: "#2b6cb0", backgroundColor: "#90cdf4", pointRadius: 0 }] },
      options: { responsive: true, scales: { x: { ticks: { maxTicksLimit: 12 } } } } });
    works.dataset.ready = "1";
  }
})();
