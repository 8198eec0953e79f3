// The workbench's work survives a reveal or a hide of victims' identities (a new page in another
// view): the ticked boxes go with that form (the server moves them into the new view's ids,
// web/routes/cases.py) and the title stays in this tab (sessionStorage: typed text never goes
// into an address), put back when the page comes back `?kept=true`.
const TITLE = "thbgraph-plan-title:";

export function keepWork(doc = document, storage = window.sessionStorage) {
  const plan = doc.getElementById("plan-form");
  if (!plan) return;
  const key = TITLE + doc.location.pathname;
  for (const form of doc.querySelectorAll("form.reveal-form, form.hide-form")) {
    form.addEventListener("submit", () => {
      for (const box of plan.querySelectorAll("input[name=action]:checked")) {
        const keep = doc.createElement("input");
        Object.assign(keep, { type: "hidden", name: "keep", value: box.value });
        form.append(keep);
      }
      storage.setItem(key, plan.elements.title.value);
    });
  }
  const title = storage.getItem(key);
  storage.removeItem(key);
  if (title !== null && new URLSearchParams(doc.location.search).get("kept") === "true") {
    plan.elements.title.value = title;
  }
}
