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

const XML = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => XML[c]);
const num = (x) => Math.round(x * 10) / 10;

/** A node's outline as an SVG element, in the shape and colour the canvas draws it. */
function svgNode(n) {
  const { x, y } = n.position(), w = n.width() / 2, h = n.height() / 2;
  const paint = `fill="${esc(n.style("background-color"))}" stroke="${esc(n.style("border-color"))}" `
    + `stroke-width="${num(parseFloat(n.style("border-width")) || 0)}"`;
  const polygon = (points) => `<polygon points="${points.map(([a, b]) => `${num(x + a * w)},${num(y + b * h)}`).join(" ")}" ${paint}/>`;
  switch (n.style("shape")) {
    case "diamond": return polygon([[0, -1], [1, 0], [0, 1], [-1, 0]]);
    case "triangle": return polygon([[0, -1], [1, 1], [-1, 1]]);
    case "hexagon": return polygon([[-1, 0], [-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1]]);
    case "round-rectangle": case "rectangle":
      return `<rect x="${num(x - w)}" y="${num(y - h)}" width="${num(2 * w)}" height="${num(2 * h)}" rx="4" ${paint}/>`;
    default: return `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(w)}" ry="${num(h)}" ${paint}/>`;
  }
}

/** The view as a drawing (SVG): the parties shown, in their shapes and colours, their labels and links,
 *  where they stand now; text escaped, nothing but shapes and text in it. */
export function svgOf(cy, title) {
  const bb = cy.elements().boundingBox({ includeLabels: true });
  const pad = 20, x0 = num(bb.x1 - pad), y0 = num(bb.y1 - pad), w = num(bb.w + 2 * pad), h = num(bb.h + 2 * pad);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" width="${w}" height="${h}" `
    + `font-family="sans-serif" font-size="11">`, `<title>${esc(title)}</title>`,
  `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#ffffff"/>`];
  cy.edges(":visible").forEach((e) => {
    const s = e.source().position(), t = e.target().position();
    const dash = e.hasClass("undirected") ? ' stroke-dasharray="5 3"' : "";
    out.push(`<line class="link" x1="${num(s.x)}" y1="${num(s.y)}" x2="${num(t.x)}" y2="${num(t.y)}" `
      + `stroke="${esc(e.data("color"))}" stroke-width="1.5"${dash}><title>${esc(e.data("type"))}</title></line>`);
  });
  cy.nodes(":visible").forEach((n) => {
    const { x, y } = n.position();
    out.push(`<g class="party">${svgNode(n)}<text x="${num(x)}" y="${num(y + n.height() / 2 + 12)}" `
      + `text-anchor="middle" fill="#111827">${esc(n.data("label"))}</text></g>`);
  });
  out.push("</svg>");
  return out.join("\n");
}

export function saveSvg(cy, name, title) {
  const blob = new Blob([svgOf(cy, title)], { type: "image/svg+xml" });
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

/** Browser print gives the picture on screen: the canvas, drawn into an image the print stylesheet shows
 *  in its place (a canvas resized for paper is redrawn only at the next frame, after the page is printed). */
export function printable(cy, img) {
  img.src = cy.png({ full: true, scale: 2, bg: "#ffffff" });
}
