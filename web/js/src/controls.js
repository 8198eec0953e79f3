// The side panel's lists, built with DOM calls and textContent only (names never become HTML).

export function say(text) {
  const status = document.getElementById("nw-status");
  if (status) status.textContent = text;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

export function fillLinkTypes(box, types, onToggle) {
  box.querySelectorAll("label").forEach((l) => l.remove());
  for (const type of types) {
    const input = el("input", { type: "checkbox", checked: true, value: type, id: `nw-type-${type}` });
    input.addEventListener("change", () => onToggle(type, input.checked));
    box.append(el("label", { htmlFor: input.id, className: `nw-type link-${type.toLowerCase()}` },
                  input, ` ${type.replaceAll("_", " ").toLowerCase()}`));
  }
}

function personButton(node, onPick) {
  const button = el("button", { type: "button", className: `nw-pick role-${node.role}` },
                    node.rank ? `#${node.rank} ` : "", node.label);
  button.dataset.id = node.id;
  button.title = `${node.label} (${node.id}), ${node.role}`;
  button.addEventListener("click", () => onPick(node.id));
  return button;
}

export function fillKeyPersons(list, nodes, onPick) {
  list.replaceChildren(...nodes.map((n) => el("li", {}, personButton(n, onPick))));
  if (!nodes.length) list.replaceChildren(el("li", { className: "nw-none" }, "none"));
}

export function fillResults(list, nodes, onPick) {
  list.replaceChildren(...nodes.map((n) => el("li", {}, personButton(n, onPick))));
  if (!nodes.length) list.replaceChildren(el("li", { className: "nw-none" }, "no match"));
}
