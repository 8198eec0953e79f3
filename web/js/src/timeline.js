// The case's dated links and evidence as an i2-style timeline: one row per person or business on
// screen; each link a range (since..until; open-ended links run to today) on its source's row, each
// piece of evidence on the row of whom it is about, below the links: a point on the day it shows, or a
// range where what it shows lasted (observed_on..until). Its window, when linked, is the graph's date
// filter; selecting a link selects it in the graph and back, selecting evidence selects its party.
import { DataSet } from "vis-data/peer";
import { Timeline } from "vis-timeline/peer";

const DAY = 86400000;

/** Text as a DOM node: vis-timeline renders a string `content` as HTML (after a filter that keeps
 *  <img>, <a href>, <b>...), so a name planted as markup would draw on colleagues' pages and make
 *  their browsers fetch (probe 3, finding 2). A node with `textContent` is only ever text. */
function text(value) {
  const span = document.createElement("span");
  span.textContent = value;
  return span;
}

/** No tag survives vis-timeline's own filter either (the tooltip's `title` is a string): every
 *  `<` is written out as text. */
const NO_TAGS = { disabled: false, filterOptions: { whiteList: {}, stripIgnoreTag: false, stripIgnoreTagBody: false } };

/** An indicator in words: "movement_control" -> "Movement control" (no code on screen). */
function words(indicator) {
  const text = indicator.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function iso(date) {
  return new Date(date).toISOString().slice(0, 10);
}

export class CaseTimeline {
  constructor(element, { onWindow, onSelect }) {
    this.items = new DataSet();
    this.groups = new DataSet();
    this.timeline = new Timeline(element, this.items, this.groups, {
      stack: false, height: "8rem", verticalScroll: true, zoomMin: 7 * DAY, zoomMax: 20 * 365 * DAY,
      orientation: "top", groupOrder: "order", margin: { item: 4 },
      tooltip: { followMouse: true }, xss: NO_TAGS,
    });
    // Only what the user did moves the filter: the timeline's own redraws do not.
    this.timeline.on("rangechanged", (p) => p.byUser && onWindow(iso(p.start), iso(p.end)));
    this.timeline.on("select", (p) => onSelect(p.items));
    this.timeline.on("changed", () => this.focusable());
    this.element = element;
  }

  /** The rows scroll: reachable with the keyboard too (WCAG 2.1.1; axe's scrollable-region-focusable).
   *  vis-timeline marks a panel scrollable only on a later redraw, so the rows panel is made
   *  focusable, again after each redraw ("changed"). */
  focusable() {
    for (const panel of this.element.querySelectorAll(".vis-panel.vis-left, .vis-vertical-scroll")) {
      panel.tabIndex = 0;
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-label", "Rows of the timeline: persons and businesses shown");
    }
  }

  /** Rows for the parties on screen, items for their dated links and evidence (ids `ev-…`). */
  show(nodes, edges, evidence = []) {
    const dated = edges.filter((e) => e.since || e.until);
    const labels = new Map(nodes.map((n) => [n.id, n.label]));
    const seen = evidence.filter((e) => labels.has(e.about));
    const rows = new Set([...dated.map((e) => e.s), ...seen.map((e) => e.about)]);
    const groups = nodes.filter((n) => rows.has(n.id)).sort((a, b) => (a.rank || 999) - (b.rank || 999)
      || a.label.localeCompare(b.label));
    const today = iso(Date.now());
    this.groups.clear();
    this.items.clear();
    this.groups.add(groups.map((n, order) => ({ id: n.id, content: text(n.label), order, className: `row-${n.role}`,
                                                 subgroupOrder: "subgroupOrder" })));
    this.items.add(dated.map((e) => ({
      id: e.id, group: e.s, subgroup: "links", subgroupOrder: 0,
      start: e.since || e.until, end: e.until || (e.since < today ? today : undefined),
      content: text(`${e.type} → ${labels.get(e.t) || e.t}`),
      title: `${labels.get(e.s) || e.s} ${e.type} ${labels.get(e.t) || e.t}: ${e.since || "?"} to ${e.until || "open"}`
        + (e.evidence ? ` (evidence ${e.evidence})` : ""),
      className: `link-${e.type.toLowerCase()}${e.until ? "" : " open"}`,
      type: e.since && e.until === e.since ? "point" : "range",
    })));
    this.items.add(seen.map((e) => ({
      id: e.id, group: e.about, subgroup: "evidence", subgroupOrder: 1, start: e.on,
      ...(e.until ? { end: e.until, type: "range" } : { type: "point" }),
      content: text(words(e.indicator)),
      title: `${words(e.indicator)} (${e.kind}${e.independent ? "" : ", on testimony"}) about ${labels.get(e.about)}: `
        + `${e.until ? `${e.on} to ${e.until}` : e.on} (evidence ${e.id.slice(3)})`,
      className: `evidence evidence-${e.kind}`,
    })));
    this.focusable();
  }

  select(edgeIds) {
    this.timeline.setSelection(edgeIds, { focus: false });
  }

  setWindow(from, to) {
    this.timeline.setWindow(from, to, { animation: false });
  }

  fit() {
    this.timeline.fit({ animation: false });
  }
}
