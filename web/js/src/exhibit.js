// The network's PDF (web/templates/network_exhibit.html): draws the data the server put in the page,
// laid out from a fixed start (a circle), so the same data draws the same picture; then tells the
// printing browser it is done (<html data-ready>).
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { LINK_COLOR, graphStyle } from "./style.js";
import { UNDIRECTED } from "./scene.js";

cytoscape.use(fcose);
const data = JSON.parse(document.getElementById("exhibit-data").textContent);
const labelled = data.edges.length <= 25; // link types written on the links while they stay readable
const cy = cytoscape({
  container: document.getElementById("exhibit-graph"),
  style: [...graphStyle(), ...(labelled ? [{ selector: "edge", style: { label: "data(type)" } }] : [])],
  elements: [
    ...data.nodes.map((n) => ({
      group: "nodes", classes: [n.victim, n.rank ? "key" : ""].filter(Boolean).join(" "),
      data: { ...n, label: n.rank ? `#${n.rank} ${n.label}` : n.label },
    })),
    ...data.edges.map((e) => ({
      group: "edges", classes: UNDIRECTED.has(e.type) ? "undirected" : "",
      data: { id: e.id, source: e.s, target: e.t, type: e.type, color: LINK_COLOR[e.type] || "#6b7280" },
    })),
  ],
  maxZoom: 1.5, autoungrabify: true, userZoomingEnabled: false, userPanningEnabled: false,
});
cy.layout({ name: "circle" }).run();
if (data.edges.length) {
  cy.layout({ name: "fcose", randomize: false, animate: false, quality: "default", nodeRepulsion: 20000,
              idealEdgeLength: 110, nodeSeparation: 90, packComponents: true }).run();
}
cy.fit(undefined, 30);
cy.one("render", () => requestAnimationFrame(() => { document.documentElement.dataset.ready = "true"; }));
cy.forceRender();
