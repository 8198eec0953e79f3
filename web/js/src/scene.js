// What of the case is on screen: a set of shown parties, grown by expanding, cut by hiding, with undo.
// The whole (scoped) case is in memory; only the scene goes into Cytoscape, so a 2,000-person case
// starts as fast as a small one.

// Ties that run both ways: drawn dashed, without an arrow.
export const UNDIRECTED = new Set(["ASSOCIATE_OF", "FAMILY_OF", "COMMUNICATED_WITH"]);

export class Scene {
  constructor(data) {
    this.nodes = new Map(data.nodes.map((n) => [n.id, n]));
    this.edges = data.edges;
    this.adjacent = new Map();
    for (const e of this.edges) {
      for (const [a, b] of [[e.s, e.t], [e.t, e.s]]) {
        if (!this.adjacent.has(a)) this.adjacent.set(a, []);
        this.adjacent.get(a).push({ other: b, edge: e });
      }
    }
    this.start = data.start;
    this.shown = new Set(data.start);
    this.history = [];
  }

  remember() {
    this.history.push(new Set(this.shown));
    if (this.history.length > 100) this.history.shift();
  }

  undo() {
    if (this.history.length) this.shown = this.history.pop();
  }

  reset() {
    this.remember();
    this.shown = new Set(this.start);
  }

  /** Adds the neighbours of `ids` reached by an edge that passes `passes`; returns how many were new. */
  expand(ids, passes) {
    this.remember();
    let added = 0;
    for (const id of ids) {
      for (const { other, edge } of this.adjacent.get(id) || []) {
        if (passes(edge) && !this.shown.has(other)) {
          this.shown.add(other);
          added += 1;
        }
      }
    }
    if (!added) this.history.pop();
    return added;
  }

  hide(ids) {
    this.remember();
    for (const id of ids) this.shown.delete(id);
  }

  show(ids) {
    this.remember();
    for (const id of ids) this.shown.add(id);
  }

  /** The shown parties and the edges between them that pass the filters. */
  visible(passes) {
    const edges = this.edges.filter((e) => this.shown.has(e.s) && this.shown.has(e.t) && passes(e));
    return { nodes: [...this.shown].map((id) => this.nodes.get(id)).filter(Boolean), edges };
  }

  /** Parties whose label, id or identifiers contain the text (case-insensitive). */
  search(text, limit = 12) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    // Identifiers are stored normalised (+4746890312): "+47 468 90 312" finds them too.
    const compact = q.replace(/[\s.()-]/g, "");
    const found = [];
    for (const n of this.nodes.values()) {
      const hay = [n.label, n.id, ...(n.identifiers || [])].join("\u0000").toLowerCase();
      const ids = (n.identifiers || []).map((i) => i.toLowerCase().replace(/[\s.()-]/g, ""));
      if (hay.includes(q) || (compact && ids.some((i) => i.includes(compact)))) found.push(n);
      if (found.length >= limit) break;
    }
    return found;
  }
}

/** Parties none of whose name's skeletons is missing from `keys` (the query's, from /web/api/name-keys):
 *  a name written with a typo or in another script. Victims carry no keys (web/routes/network.py). */
export function fuzzy(nodes, keys, limit = 12) {
  if (!keys.length) return [];
  const found = [];
  for (const n of nodes.values()) {
    const own = new Set(n.keys || []);
    if (keys.every((k) => own.has(k))) found.push(n);
    if (found.length >= limit) break;
  }
  return found;
}

/** Does the link [since, until] overlap the window [from, to] (ISO dates; open ends allowed)? */
export function overlaps(edge, from, to) {
  if (!from && !to) return true;
  if (!edge.since && !edge.until) return false; // undated links leave a dated view
  const start = edge.since || edge.until;
  const end = edge.until || "9999-12-31";
  return (!to || start <= to) && (!from || end >= from);
}
