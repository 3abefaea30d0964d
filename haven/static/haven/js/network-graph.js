// The network page's graph: the same links as the table (which is the page itself), drawn with
// Cytoscape.js from the JSON the page embeds. Loaded as a module: the CSP forbids inline script.
const container = document.getElementById("network-graph");
const source = document.getElementById("network-data");

function elements(graph) {
  const nodes = graph.nodes.map((node) => ({
    data: {
      id: node.id,
      label: node.label,
      kind: node.restricted ? "restricted" : node.type === "case" ? "case" : "entity",
      root: node.id === graph.root ? "yes" : "no",
    },
  }));
  const edges = graph.edges.map((edge, index) => ({
    data: { id: `edge-${index}`, source: edge.from, target: edge.to, label: edge.label },
  }));
  return [...nodes, ...edges];
}

if (container && source && window.cytoscape) {
  const graph = JSON.parse(source.textContent);
  container.hidden = false;
  window.havenNetwork = window.cytoscape({
    container,
    elements: elements(graph),
    layout: { name: "cose", animate: false, padding: 20 },
    minZoom: 0.3,
    maxZoom: 3,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          "font-size": 12,
          "text-wrap": "wrap",
          "text-max-width": 120,
          "text-valign": "bottom",
          "text-margin-y": 4,
          color: "#0b0c0c",
          "background-color": "#1d70b8",
          width: 24,
          height: 24,
        },
      },
      { selector: 'node[kind = "case"]', style: { "background-color": "#00703c", shape: "round-rectangle" } },
      { selector: 'node[kind = "restricted"]', style: { "background-color": "#505a5f", shape: "diamond" } },
      { selector: 'node[root = "yes"]', style: { "border-width": 4, "border-color": "#ffdd00" } },
      {
        selector: "edge",
        style: {
          label: "data(label)",
          "font-size": 10,
          color: "#505a5f",
          width: 2,
          "line-color": "#b1b4b6",
          "curve-style": "bezier",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "#b1b4b6",
          "text-rotation": "autorotate",
        },
      },
    ],
  });
}

// Cytoscape sizes its canvases once: follow the window (a phone turned, a narrower window).
window.addEventListener("resize", () => {
  if (window.havenNetwork) {
    window.havenNetwork.resize();
    window.havenNetwork.fit(undefined, 20);
  }
});
