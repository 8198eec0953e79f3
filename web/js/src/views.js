// Saved views (Linkurious's, Bloom's): the shown parties, where they stand, the groups opened and the
// filters, named and shared with the case (web/routes/saved_views.py keeps them by real ids). A view
// opens with every party where it was put; the picture is then fitted to this screen.
import { say } from "./controls.js";

/** What the page shows now, as the server stores it. */
export function viewState(net, name) {
  const positions = {};
  net.cy.nodes().forEach((n) => { const p = n.position(); positions[n.id()] = [p.x, p.y]; });
  return { name, positions, shown: [...net.scene.shown], opened: [...net.opened],
           types: [...net.filter.types], date_from: net.filter.from, date_to: net.filter.to, layout: net.layoutName };
}

/** A saved view put on the page (undo goes back to what was shown before). */
export function applyView(net, view) {
  net.scene.remember();
  net.scene.shown = new Set(view.shown.filter((id) => net.scene.nodes.has(id)));
  net.opened = new Set(view.opened);
  net.filter.types = new Set(view.types.length ? view.types : net.data.link_types);
  net.filter.from = view.date_from;
  net.filter.to = view.date_to;
  document.querySelectorAll("#nw-types input").forEach((box) => { box.checked = net.filter.types.has(box.value); });
  document.getElementById("nw-from").value = view.date_from;
  document.getElementById("nw-to").value = view.date_to;
  net.layoutName = view.layout || "force";
  document.getElementById("nw-layout").value = net.layoutName;
  net.cy.elements().remove();
  net.render(false); // every node is new: placed on rings, then moved to where the view keeps it
  net.cy.batch(() => net.cy.nodes().forEach((n) => {
    const at = view.positions[n.id()];
    if (at) n.position({ x: at[0], y: at[1] });
  }));
  net.fit();
}

function csrf() {
  try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRF-Token"] || ""; }
  catch { return ""; }
}

/** The "Saved views" box of the controls drawer. */
export function bindViews(net) {
  const form = document.getElementById("nw-view-save");
  const list = document.getElementById("nw-view-list");
  if (!form) return;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const name = form.elements.name.value.trim();
    if (!name) { say("Give the view a name to save it."); return; }
    const response = await fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
      body: JSON.stringify(viewState(net, name)),
    });
    if (!response.ok) { say(`The view could not be saved (${response.status}).`); return; }
    const saved = await response.json();
    const label = `${saved.name} (${saved.author}, ${saved.saved_at})`;
    let option = [...list.options].find((o) => o.value === String(saved.view_id));
    if (!option) { option = new Option(label, String(saved.view_id)); list.append(option); }
    option.textContent = label;
    list.value = String(saved.view_id);
    document.getElementById("nw-view-open").disabled = false;
    say(`Saved the view "${saved.name}" to the case: everyone on the case can open it.`);
  });
  document.getElementById("nw-view-open").addEventListener("click", async () => {
    if (!list.value) return;
    const response = await fetch(list.dataset.url.replace("__ID__", list.value), { credentials: "same-origin" });
    if (!response.ok) { say(`The view could not be opened (${response.status}).`); return; }
    applyView(net, await response.json());
    say(`Opened the view "${list.selectedOptions[0].textContent}": ${net.cy.nodes().length} shown.`);
  });
}
