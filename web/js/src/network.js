// The case network page: the graph (Cytoscape, fcose layout) and the timeline, over one JSON of the
// case as the user may see it. Everything is drawn with textContent or canvas: no HTML from data.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import "./network.css";
import { Scene, UNDIRECTED, fuzzy, overlaps } from "./scene.js";
import { LINK_COLOR, graphStyle } from "./style.js";
import { CaseTimeline } from "./timeline.js";
import { fillKeyPersons, fillLinkTypes, fillResults, say } from "./controls.js";
import { READABLE_ZOOM, seeded, separate, stretch } from "./layout.js";
import { fold } from "./group.js";
import { findPath, printable, savePicture, saveSvg } from "./tools.js";
import { bindViews } from "./views.js";

cytoscape.use(fcose);
const $ = (id) => document.getElementById(id);

class NetworkPage {
  constructor(root) {
    this.root = root;
    this.filter = { types: new Set(), from: "", to: "" };
    this.opened = new Set(); // groups of victims opened by a click (group.js)
    this.foldedIn = new Map();
    this.layoutName = "force"; // or "concentric" (by role), "hierarchy" (who controls whom): #nw-layout
    this.cy = cytoscape({ container: $("nw-graph"), style: graphStyle(),
                          minZoom: 0.05, maxZoom: 4, textureOnViewport: true, hideEdgesOnViewport: true });
    window.thbNetwork = this; // for tests and the benchmark: page.evaluate("thbNetwork.cy.nodes().length")
    this.timeline = new CaseTimeline($("nw-timeline"), {
      onWindow: (from, to) => this.brushed(from, to),
      onSelect: (ids) => this.selectEdges(ids),
    });
    this.bind();
  }

  async load() {
    // The session carries the purpose given for this case, if any: the release step audits with it.
    const response = await fetch(this.root.dataset.url, { headers: { Accept: "application/json" },
                                                          credentials: "same-origin" });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      say(`The network could not be loaded: ${problem.detail || response.status}`);
      return;
    }
    this.data = await response.json();
    this.scene = new Scene(this.data);
    this.filter.types = new Set(this.data.link_types);
    fillLinkTypes($("nw-types"), this.data.link_types, (type, on) => {
      if (on) this.filter.types.add(type); else this.filter.types.delete(type);
      this.render(false);
    });
    fillKeyPersons($("nw-keys"), this.data.nodes.filter((n) => n.rank).sort((a, b) => a.rank - b.rank),
                   (id) => this.focus(id));
    fillKeyPersons($("nw-keyset-list"), this.data.key_set.map((id) => this.scene.nodes.get(id)).filter(Boolean),
                   (id) => this.focus(id));
    this.render(true);
    this.timelineHome();
    this.readyAt = performance.now(); // the benchmark's "interactive network" (bench/bench_web.py)
    this.root.dataset.ready = "true";
  }

  passes = (edge) => this.filter.types.has(edge.type) && overlaps(edge, this.filter.from, this.filter.to);

  /** Puts the scene into Cytoscape: adds what is new, removes what went; lays out only when needed. */
  render(layout) {
    const shown = this.scene.visible(this.passes);
    const { nodes, edges, foldedIn } = fold(shown.nodes, shown.edges, this.opened);
    this.foldedIn = foldedIn;
    const want = new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);
    const fresh = [];
    this.cy.batch(() => {
      this.cy.elements().filter((el) => !want.has(el.id())).remove();
      for (const n of nodes) {
        if (this.cy.getElementById(n.id).nonempty()) continue;
        const removal = this.keySetShown && n.key_set;
        const classes = [n.victim, n.rank ? "key" : "", removal ? "removal" : ""];
        const base = n.rank ? `#${n.rank} ${n.label}` : n.label;
        fresh.push(this.cy.add({ group: "nodes", data: { ...n, base, label: removal ? `✕ ${base}` : base },
                                 classes: classes.filter(Boolean).join(" ") }));
      }
      for (const e of edges) {
        if (this.cy.getElementById(e.id).nonempty()) continue;
        this.cy.add({ group: "edges", data: { id: e.id, source: e.s, target: e.t, type: e.type,
                                              color: LINK_COLOR[e.type] || "#6b7280" },
                      classes: UNDIRECTED.has(e.type) ? "undirected" : "" });
      }
      // A node with no link in the date window fades: it was not in contact then.
      const linked = new Set(edges.flatMap((e) => [e.s, e.t]));
      this.cy.nodes().forEach((n) => n.toggleClass("faded", Boolean(this.filter.from || this.filter.to)
                                                     && !linked.has(n.id())));
    });
    const t0 = performance.now();
    if (layout || fresh.length) this.layout(layout ? null : fresh);
    const t1 = performance.now();
    // The timeline keeps every dated link of the parties shown (of the types chosen): brushing it
    // must not empty it, only the graph.
    this.timeline.show(shown.nodes, this.scene.visible((e) => this.filter.types.has(e.type)).edges,
                       this.data.evidence || []);
    this.timings = { layout: t1 - t0, timeline: performance.now() - t1 }; // read by bench/bench_web.py
    this.status(shown.nodes.length, shown.edges.length, nodes.length < shown.nodes.length);
    $("nw-undo").disabled = !this.scene.history.length;
  }

  /** The whole view laid out afresh (`added` null), or only what was added: new nodes go on a ring
   *  around the shown neighbour they came with, and the rest of the picture does not move. A full
   *  fcose run on a few hundred nodes costs a second or more; a ring costs nothing. */
  layout(added) {
    if (!added && this.layoutName !== "force") {
      const nodes = this.cy.nodes();
      const top = nodes.filter((n) => n.data("rank") && n.data("rank") <= 3);
      const options = this.layoutName === "concentric"
        ? { name: "concentric", concentric: ringOf, levelWidth: () => 1, minNodeSpacing: 30 }
        : { name: "breadthfirst", directed: true, roots: top.nonempty() ? top : undefined };
      // Drawn into the uncovered canvas at zoom 1 (else into the current viewport's extent, which after a
      // zoomed-out picture is so large that nodes come out as dots).
      const { width, height } = this.visibleArea();
      this.cy.layout({ ...options, animate: false, avoidOverlap: true,
                       boundingBox: { x1: 0, y1: 0, w: Math.max(width - 60, 300), h: Math.max(height - 60, 200) } }).run();
      separate(nodes);
      this.fit();
      return;
    }
    if (!added) {
      // Seeded: the same picture at every load (layout.js). fcose's "draft" (spectral only) piled a
      // 150-node view into three strands; its default quality, then a stretch and a separation, do not.
      const nodes = this.cy.nodes();
      const big = nodes.length > 80;
      seeded(() => this.cy.layout({ name: "fcose", quality: "default", randomize: true, animate: false,
                                    nodeRepulsion: big ? 6000 : 20000, idealEdgeLength: big ? 60 : 140,
                                    nodeSeparation: 75, numIter: big ? 800 : 2500, packComponents: true }).run());
      const { width, height } = this.visibleArea();
      stretch(nodes, width - 60, height - 60, READABLE_ZOOM);
      separate(nodes);
      this.fit();
      return;
    }
    const fresh = this.cy.collection(added);
    const old = this.cy.nodes().difference(fresh);
    const rings = new Map(); // anchor id -> the new nodes around it
    for (const n of fresh) {
      const anchor = n.neighborhood("node").intersection(old)[0];
      const key = anchor ? anchor.id() : "";
      if (!rings.has(key)) rings.set(key, { anchor, nodes: [] });
      rings.get(key).nodes.push(n);
    }
    const box = old.nonempty() ? old.boundingBox() : { x2: 0, y1: 0 };
    for (const { anchor, nodes } of rings.values()) {
      const centre = anchor ? anchor.position() : { x: box.x2 + 120, y: box.y1 };
      const radius = 70 + nodes.length * 6;
      nodes.forEach((n, i) => {
        const angle = (2 * Math.PI * i) / nodes.length;
        n.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      });
    }
  }

  /** The part of the canvas no drawer covers (the controls drawer sits over its left side). */
  visibleArea() {
    const left = $("nw-controls").hidden ? 0 : $("nw-controls").offsetWidth;
    return { left, width: Math.max(this.cy.width() - left, 200), height: this.cy.height() };
  }

  /** Fits the view into the uncovered part of the canvas (Cytoscape's fit would put some under the drawer). */
  fit(padding = 30) {
    const eles = this.cy.nodes();
    if (!eles.length) return;
    const { left, width, height } = this.visibleArea();
    const bb = eles.boundingBox({ includeLabels: false, includeOverlays: false });
    const zoom = Math.min((width - 2 * padding) / Math.max(bb.w, 1), (height - 2 * padding) / Math.max(bb.h, 1), 1.6);
    this.cy.viewport({ zoom, pan: { x: left + padding + (width - 2 * padding - bb.w * zoom) / 2 - bb.x1 * zoom,
                                    y: padding + (height - 2 * padding - bb.h * zoom) / 2 - bb.y1 * zoom } });
  }

  /** Drawers and the timeline fold and unfold; the canvas keeps its size, the timeline is redrawn. */
  toggle(button, target, show) {
    const open = show ?? target.hidden;
    target.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (target === $("nw-timeline")) { this.cy.resize(); if (open) this.timeline.timeline.redraw(); }
  }

  status(nodeCount, edgeCount, grouped = false) {
    const total = this.scene.nodes.size;
    const all = this.scene.edges.filter((e) => this.scene.shown.has(e.s) && this.scene.shown.has(e.t)).length;
    const filtered = all - edgeCount;
    const dates = this.filter.from || this.filter.to ? ` · dates ${this.filter.from || "…"} to ${this.filter.to || "…"}` : "";
    say(`Showing ${nodeCount} of ${total} persons and businesses, ${edgeCount} links`
        + (filtered ? ` (${filtered} hidden by filters)` : "") + dates
        + (grouped ? " · victims linked alike drawn as one group: click it to open" : ""));
  }

  selected() {
    return this.cy.nodes(":selected").map((n) => n.id());
  }

  bind() {
    this.cy.on("tap", "node", (ev) => (ev.target.data("kind") === "group" ? this.openGroup(ev.target.id())
                                                                         : this.openPanel(ev.target.id())));
    this.cy.on("tap", "edge", (ev) => this.openLink(ev.target));
    this.cy.on("select unselect", "node", () => {
      const none = !this.selected().length;
      $("nw-expand").disabled = none;
      $("nw-path").disabled = this.selected().length !== 2;
      $("nw-hide").disabled = none;
      const edges = this.cy.nodes(":selected").connectedEdges();
      this.cy.edges().removeClass("near");
      edges.addClass("near");
      this.timeline.select(edges.map((e) => e.id()));
    });
    this.cy.on("dbltap", "node", (ev) => this.expand([ev.target.id()]));
    $("nw-expand").addEventListener("click", () => this.expand(this.selected()));
    $("nw-hide").addEventListener("click", () => { this.scene.hide(this.selected()); this.render(false); });
    $("nw-undo").addEventListener("click", () => { this.scene.undo(); this.render(false); });
    $("nw-reset").addEventListener("click", () => { this.scene.reset(); this.cy.elements().remove(); this.render(true); });
    $("nw-fit").addEventListener("click", () => this.fit());
    $("nw-layout").addEventListener("change", (ev) => { this.layoutName = ev.target.value; this.layout(null); });
    bindViews(this);
    $("nw-path").addEventListener("click", () => this.findPath());
    $("nw-png").addEventListener("click", () => this.savePicture());
    $("nw-svg").addEventListener("click", () => saveSvg(this.cy, `network-${this.data.case_id}.svg`,
                                                         `Network of ${this.data.case_id}`));
    window.addEventListener("beforeprint", () => printable(this.cy, $("nw-print")));
    $("nw-controls-toggle").addEventListener("click", (ev) => this.toggle(ev.currentTarget, $("nw-controls")));
    $("nw-timeline-toggle").addEventListener("click", (ev) => this.toggle(ev.currentTarget, $("nw-timeline")));
    $("nw-panel-close").addEventListener("click", () => { $("nw-drawer").hidden = true; $("nw-graph").focus(); });
    $("nw-keyset-show").addEventListener("click", () => this.toggleKeySet());
    $("nw-search").addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.search($("nw-q").value);
    });
    $("nw-dates").addEventListener("change", () => {
      this.filter.from = $("nw-from").value;
      this.filter.to = $("nw-to").value;
      if (this.filter.from && this.filter.to) this.timeline.setWindow(this.filter.from, this.filter.to);
      this.render(false);
    });
    // The PDF: the page sends only what is in view (ids, types, dates); the server derives and draws it.
    $("nw-export").addEventListener("submit", (ev) => {
      const form = ev.target.elements;
      form.parties.value = this.scene ? [...this.scene.shown].join(" ") : "";
      form.types.value = [...this.filter.types].join(",");
      form.date_from.value = this.filter.from;
      form.date_to.value = this.filter.to;
    });
    $("nw-clear-dates").addEventListener("click", () => {
      $("nw-from").value = $("nw-to").value = "";
      this.filter.from = this.filter.to = "";
      this.timelineHome();
      this.render(false);
    });
  }

  /** Exact matches first (name, id, identifier), then names that sound alike (resolve/'s skeletons). */
  async search(text) {
    const list = $("nw-results");
    delete list.dataset.done; // set when both searches have answered (tests wait for it)
    const exact = this.scene.search(text);
    fillResults(list, exact, (id) => this.focus(id));
    if (text.trim() && exact.length < 12) {
      const response = await fetch(`/web/api/name-keys?q=${encodeURIComponent(text)}`, { credentials: "same-origin" });
      if (response.ok) {
        const { keys } = await response.json();
        const seen = new Set(exact.map((n) => n.id));
        const alike = fuzzy(this.scene.nodes, keys).filter((n) => !seen.has(n.id));
        fillResults(list, [...exact, ...alike], (id) => this.focus(id));
      }
    }
    list.dataset.done = "true";
  }

  /** The timeline opens on where most of the case happens (not on a company bought years before). */
  timelineHome() {
    const starts = this.data.edges.map((e) => e.since).filter(Boolean).sort();
    if (!starts.length) return this.timeline.fit();
    const from = new Date(starts[Math.floor(starts.length * 0.1)]);
    from.setMonth(from.getMonth() - 2);
    const ends = this.data.edges.map((e) => e.until || e.since).filter(Boolean).sort();
    const to = new Date(ends[ends.length - 1]);
    to.setMonth(to.getMonth() + 3);
    this.timeline.setWindow(from, to);
  }

  brushed(from, to) {
    if (!$("nw-brush").checked) return;
    $("nw-from").value = this.filter.from = from;
    $("nw-to").value = this.filter.to = to;
    this.render(false);
  }

  /** The shown party with the most neighbours not yet shown (the benchmark expands it). */
  busiest() {
    let best = null, most = 0;
    for (const id of this.scene.shown) {
      const hidden = (this.scene.adjacent.get(id) || []).filter(({ other }) => !this.scene.shown.has(other)).length;
      if (hidden > most) { best = id; most = hidden; }
    }
    return best;
  }

  findPath() {
    return findPath(this);
  }

  savePicture() {
    savePicture(this.cy, `network-${this.data.case_id}.png`);
  }

  expand(ids) {
    const added = this.scene.expand(ids, this.passes);
    if (!added) say("No more neighbours to show (or the filters hide them).");
    else this.render(false);
  }

  /** A group of victims drawn one by one from now on (around the parties they share). */
  openGroup(id) {
    const group = this.cy.getElementById(id);
    if (group.empty()) return;
    this.opened.add(group.data("signature"));
    this.render(false);
  }

  focus(id) {
    if (!this.scene.shown.has(id)) { this.scene.show([id]); this.render(false); }
    if (this.foldedIn.has(id)) this.openGroup(this.foldedIn.get(id));
    const node = this.cy.getElementById(id);
    this.cy.nodes().unselect().removeClass("found");
    node.select().addClass("found");
    this.openPanel(id);
    // Centred in what the drawers leave uncovered, not under the panel.
    const zoom = Math.max(this.cy.zoom(), 1), { left } = this.visibleArea();
    const right = $("nw-drawer").hidden ? 0 : $("nw-drawer").offsetWidth;
    const at = node.position(), x = left + (this.cy.width() - left - right) / 2, y = this.cy.height() / 2;
    this.cy.animate({ zoom, pan: { x: x - at.x * zoom, y: y - at.y * zoom } }, { duration: 200 });
  }

  /** Links chosen on the timeline, and the parties its evidence items are about. */
  selectEdges(ids) {
    this.cy.elements().unselect();
    this.cy.nodes().removeClass("found");
    const about = new Map((this.data.evidence || []).map((e) => [e.id, e.about]));
    const picked = ids.map((id) => this.cy.getElementById(about.get(id) || id)).filter((e) => e.nonempty());
    const chosen = this.cy.collection(picked);
    chosen.select();
    chosen.edges().connectedNodes().addClass("found");
    chosen.nodes().addClass("found");
  }

  toggleKeySet() {
    this.keySetShown = !this.keySetShown;
    const ids = this.data.key_set;
    const missing = ids.filter((id) => !this.scene.shown.has(id));
    if (this.keySetShown && missing.length) this.scene.show(missing);
    this.render(false);
    // Marked in words too ("✕"), not only by colour: it reads in greyscale and on paper.
    this.cy.nodes().forEach((n) => {
      const removal = this.keySetShown && ids.includes(n.id());
      n.toggleClass("removal", removal);
      n.data("label", removal ? `✕ ${n.data("base")}` : n.data("base"));
    });
    $("nw-keyset-show").textContent = this.keySetShown ? "Stop marking them" : "Mark them in the graph";
    $("nw-keyset-show").setAttribute("aria-pressed", String(this.keySetShown));
  }

  openPanel(id) {
    const business = this.cy.getElementById(id).data("kind") === "business";
    const url = this.root.dataset[business ? "businessUrl" : "personUrl"].replace("__ID__", encodeURIComponent(id));
    this.showDrawer(url);
    $("person-panel").dataset.person = id;
  }

  /** A link's panel (its dates, evidence and notes); not for a link drawn to a folded group. */
  openLink(edge) {
    const ends = [edge.source(), edge.target()];
    if (ends.some((n) => n.data("kind") === "group")) return;
    const query = new URLSearchParams({ s: ends[0].id(), type: edge.data("type"), t: ends[1].id() });
    this.showDrawer(`${this.root.dataset.linkUrl}?${query}`);
    $("person-panel").dataset.person = "";
  }

  showDrawer(url) {
    $("nw-drawer").hidden = false; // a drawer over the graph, closed with its button
    if (window.htmx) window.htmx.ajax("GET", url, { target: "#person-panel", swap: "innerHTML" });
  }
}

/** The concentric layout's ring: the top three key persons in the middle, then the other key persons and
 *  suspects, businesses, the other persons, and victims (and their groups) outside. */
function ringOf(node) {
  const rank = node.data("rank");
  if (rank) return rank <= 3 ? 5 : 4;
  return { suspect: 4, business: 3, witness: 2, associate: 2 }[node.data("role")] ?? 1;
}

const root = document.getElementById("network-app");
if (root) new NetworkPage(root).load();
