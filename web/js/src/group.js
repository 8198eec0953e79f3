// Grouping (i2's combine, Linkurious's grouping): the victims of one controller (the shown party who
// controls or exploits them; the best ranked where several do) are drawn as one node, "31 victims",
// beyond a threshold; a click opens the group. Victims only: they are the many, never key persons.

/** A controller's shown victims are folded from this many on. */
export const GROUP_AT = 6;
const HOLDS = ["CONTROLS", "EXPLOITS"]; // in order: who a victim's group is named after

/** The shown nodes and edges with each controller's victims folded into one group node (unless the
 *  controller's id, the group's signature, is in `opened`); `foldedIn` maps each folded victim to its group. */
export function fold(nodes, edges, opened, at = GROUP_AT) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const holders = new Map(); // victim -> [type order, rank, id] of the best holder so far
  for (const e of edges) {
    const order = HOLDS.indexOf(e.type), victim = byId.get(e.t), holder = byId.get(e.s);
    if (order < 0 || !victim || victim.role !== "victim" || !holder || holder.role === "victim") continue;
    const key = [order, holder.rank || Infinity, holder.id];
    const best = holders.get(e.t);
    if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) {
      holders.set(e.t, key);
    }
  }
  const bySignature = new Map();
  for (const n of nodes) {
    if (n.role !== "victim" || !holders.has(n.id)) continue;
    const signature = holders.get(n.id)[2];
    if (opened.has(signature)) continue;
    if (!bySignature.has(signature)) bySignature.set(signature, []);
    bySignature.get(signature).push(n);
  }
  const foldedIn = new Map(), groups = [];
  for (const [signature, members] of bySignature) {
    if (members.length < at) continue;
    const id = `group:${signature}`;
    members.forEach((m) => foldedIn.set(m.id, id));
    groups.push({ id, kind: "group", role: "group", label: `${members.length} victims`, signature,
                  members: members.map((m) => m.id), victim: null, rank: null, key_set: false });
  }
  if (!groups.length) return { nodes, edges, foldedIn };
  const links = new Map();
  for (const e of edges) {
    const s = foldedIn.get(e.s) || e.s, t = foldedIn.get(e.t) || e.t;
    if (s === e.s && t === e.t) { links.set(e.id, e); continue; }
    const id = `${s}>${t}:${e.type}`; // one link per type between a group and a party
    if (!links.has(id)) links.set(id, { ...e, id, s, t, grouped: true });
  }
  return { nodes: [...nodes.filter((n) => !foldedIn.has(n.id)), ...groups], edges: [...links.values()], foldedIn };
}
