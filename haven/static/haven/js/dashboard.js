// The dashboard's charts (Chart.js, served from Haven): each reads the figures of the table
// beside it from the JSON the page holds for it. The table is the accessible version; the
// chart is a picture of it. A count not shown as a number (c) is a gap in the chart.
const COLOURS = ["#1d70b8", "#b1b4b6", "#00703c"];

for (const canvas of document.querySelectorAll("canvas[id^='chart-']")) {
  const code = canvas.id.slice("chart-".length);
  const source = document.getElementById(code);
  if (!source || !window.Chart) continue;
  const chart = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: chart.labels,
      datasets: chart.series.map((series, index) => ({
        label: series.label,
        data: series.data,
        backgroundColor: COLOURS[index % COLOURS.length],
      })),
    },
    options: {
      indexAxis: chart.kind === "breakdown" ? "y" : "x",
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
      plugins: { legend: { display: chart.series.length > 1 } },
    },
  });
}
