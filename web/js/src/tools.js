// The network's tools beside the view: what connects two persons (a shortest path), and the view as a
// picture. Written with textContent (say) and canvas only.
import { say } from "./controls.js";

/** The shortest path between the two selected parties through the links the filters let through,
 *  over the whole case (not only what is shown): the parties on it shown, the path marked (undo
 *  takes the added parties away again). */
export function findPath(net) {
  const picked = net.selected();
  if (picked.length !== 2) {
    say("Select two persons (Shift- or Ctrl-click the second) to find what connects them.");
    return null;
  }
  const [a, b] = picked;
  const previous = new Map([[a, null]]);
  const queue = [a];
  for (let head = 0; head < queue.length && !previous.has(b); head++) {
    for (const { other, edge } of net.scene.adjacent.get(queue[head]) || []) {
      if (previous.has(other) || !net.passes(edge)) continue;
      previous.set(other, { from: queue[head], edge });
      queue.push(other);
    }
  }
  if (!previous.has(b)) {
    say("No path between them through the link types and dates chosen.");
    return null;
  }
  const ids = [], edges = [];
  for (let at = b; at !== undefined && at !== null; at = previous.get(at)?.from) {
    ids.unshift(at);
    if (previous.get(at)) edges.unshift(previous.get(at).edge.id);
  }
  const missing = ids.filter((id) => !net.scene.shown.has(id));
  if (missing.length) { net.scene.show(missing); net.render(false); }
  net.cy.elements().removeClass("path");
  for (const id of [...ids, ...edges]) net.cy.getElementById(id).addClass("path");
  const names = ids.map((id) => net.scene.nodes.get(id)?.label || id);
  say(`What connects them: ${edges.length} link${edges.length === 1 ? "" : "s"}, ${names.join(" → ")}`);
  return ids;
}

/** The view as a picture (PNG), as drawn: what the investigator arranged, for a report or a slide. */
export function savePicture(cy, name) {
  const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}
