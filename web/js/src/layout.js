// The start view's layout: the same picture at every load, no node on another, labels readable at fit.
//
// fcose draws from Math.random: it runs here on a seeded generator, so the same case gives the same
// positions. Its picture is then stretched to the shape of the window at a zoom where labels read
// (a force layout comes out round; a laptop's canvas is three times wider than tall), and nodes still
// on each other are pushed apart, along the axis where they overlap least.

/** Node labels are 11 px: at this zoom they are drawn at 10 px (the separation then costs a little). */
export const READABLE_ZOOM = 0.9;
const SEED = 0x7468_6267; // "thbg"

function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `work` with Math.random seeded (restored after, whatever happens). */
export function seeded(work, seed = SEED) {
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return work();
  } finally {
    Math.random = original;
  }
}

/** Scales the nodes' picture to fill `width` x `height` (rendered px) at `zoom`: shrunk or stretched,
 *  at most 3 times more in one direction than in the other (separate() then undoes any crowding). */
export function stretch(nodes, width, height, zoom = READABLE_ZOOM) {
  if (nodes.length < 2) return;
  const bb = nodes.boundingBox({ includeLabels: false, includeOverlays: false });
  const fx = width / zoom / Math.max(bb.w, 1), fy = height / zoom / Math.max(bb.h, 1);
  const least = Math.min(fx, fy);
  const sx = Math.min(fx, least * 3), sy = Math.min(fy, least * 3);
  const cx = (bb.x1 + bb.x2) / 2, cy = (bb.y1 + bb.y2) / 2;
  nodes.positions((n) => ({ x: cx + (n.position("x") - cx) * sx, y: cy + (n.position("y") - cy) * sy }));
}

/** Pushes apart nodes whose boxes overlap (with `gap` between them), a few rounds over a grid. */
export function separate(nodes, gap = 6, rounds = 80) {
  const items = nodes.map((n) => {
    const bb = n.boundingBox({ includeLabels: false, includeOverlays: false });
    return { n, x: n.position("x"), y: n.position("y"), hw: bb.w / 2 + gap / 2, hh: bb.h / 2 + gap / 2 };
  });
  if (items.length < 2) return 0;
  const cell = 2 * Math.max(...items.map((i) => Math.max(i.hw, i.hh)));
  let round = 0;
  for (; round < rounds; round++) {
    const grid = new Map();
    items.forEach((it, index) => {
      const key = `${Math.floor(it.x / cell)},${Math.floor(it.y / cell)}`;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(index);
    });
    let moved = false;
    items.forEach((a, i) => {
      const gx = Math.floor(a.x / cell), gy = Math.floor(a.y / cell);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
        for (const j of grid.get(`${gx + dx},${gy + dy}`) || []) {
          if (j <= i) continue;
          const b = items[j];
          const ox = a.hw + b.hw - Math.abs(b.x - a.x), oy = a.hh + b.hh - Math.abs(b.y - a.y);
          if (ox <= 0 || oy <= 0) continue;
          moved = true;
          if (ox < oy) {
            const sign = b.x > a.x || (b.x === a.x && (i + j) % 2) ? 1 : -1;
            a.x -= (sign * ox) / 2 + sign * 0.5; b.x += (sign * ox) / 2 + sign * 0.5;
          } else {
            const sign = b.y > a.y || (b.y === a.y && (i + j) % 2) ? 1 : -1;
            a.y -= (sign * oy) / 2 + sign * 0.5; b.y += (sign * oy) / 2 + sign * 0.5;
          }
        }
      }
    });
    if (!moved) break;
  }
  nodes.positions((n, k) => ({ x: items[k].x, y: items[k].y }));
  return round;
}
