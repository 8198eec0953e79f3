// How the network looks. Roles differ in shape AND colour, so they read in greyscale too;
// victims' standing differs in the border (solid: identified, dashed: presumed, double: possible).

export const ROLE_LOOK = {
  suspect: { shape: "diamond", color: "#b91c1c", label: "Suspect" },
  victim: { shape: "ellipse", color: "#1d4ed8", label: "Victim" },
  witness: { shape: "triangle", color: "#15803d", label: "Witness" },
  associate: { shape: "hexagon", color: "#a16207", label: "Associate" },
  business: { shape: "round-rectangle", color: "#57534e", label: "Business" },
};

// Exploitation links stand out (dark red), money green, business ties brown, the rest grey.
export const LINK_COLOR = {
  CONTROLS: "#991b1b", RECRUITED: "#991b1b", TRANSPORTED: "#991b1b", HOUSED: "#991b1b", EXPLOITS: "#991b1b",
  PAID: "#047857", OWNS: "#92400e", DIRECTS: "#92400e", MANAGES: "#92400e", EMPLOYS: "#92400e",
  WORKS_AT: "#92400e",
};

export function graphStyle() {
  const roles = Object.entries(ROLE_LOOK).map(([role, look]) => ({
    selector: `node[role = "${role}"]`,
    style: { shape: look.shape, "background-color": look.color },
  }));
  return [
    {
      selector: "node",
      style: {
        label: "data(label)", width: 26, height: 26, "font-size": 11, color: "#111827",
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 120,
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 2,
        "min-zoomed-font-size": 7, "border-width": 2, "border-color": "#ffffff",
      },
    },
    ...roles,
    { selector: 'node[kind = "group"]', style: { shape: "ellipse", "background-color": "#bfdbfe", "border-color": "#1d4ed8",
                                                 "border-width": 4, "border-style": "double", width: 44, height: 44,
                                                 "font-weight": "bold" } },
    { selector: "node.presumed", style: { "border-style": "dashed", "border-color": "#111827", "border-width": 3 } },
    { selector: "node.possible", style: { "border-style": "double", "border-color": "#111827", "border-width": 6 } },
    { selector: "node.key", style: { width: 36, height: 36, "border-width": 5, "border-color": "#f59e0b",
                                     "font-weight": "bold" } },
    { selector: "node.removal", style: { "overlay-color": "#dc2626", "overlay-opacity": 0.25, "overlay-padding": 8,
                                         "border-color": "#dc2626", "border-width": 6 } },
    { selector: "node.faded", style: { opacity: 0.3 } },
    { selector: "node.found", style: { "underlay-color": "#facc15", "underlay-opacity": 0.6, "underlay-padding": 10 } },
    { selector: "node:selected", style: { "underlay-color": "#2563eb", "underlay-opacity": 0.45, "underlay-padding": 10 } },
    {
      selector: "edge",
      style: {
        width: 1.5, "line-color": "data(color)", "target-arrow-color": "data(color)", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": "bezier", "font-size": 9, color: "#111827",
        "text-rotation": "autorotate", "min-zoomed-font-size": 6, "text-background-color": "#ffffff",
        "text-background-opacity": 0.9,
      },
    },
    // Link types are written only on the links of what is selected: on every link they are a blur.
    { selector: "edge.near, edge:selected", style: { label: "data(type)", width: 2.5, "z-index": 10 } },
    { selector: "edge:selected", style: { width: 4 } },
    { selector: "edge.undirected", style: { "target-arrow-shape": "none", "line-style": "dashed" } },
    // A path found between two persons: thick violet links with their type, its parties ringed.
    { selector: "edge.path", style: { width: 5, "line-color": "#6d28d9", "target-arrow-color": "#6d28d9",
                                      label: "data(type)", "z-index": 20 } },
    { selector: "node.path", style: { "underlay-color": "#6d28d9", "underlay-opacity": 0.35, "underlay-padding": 8 } },
  ];
}
