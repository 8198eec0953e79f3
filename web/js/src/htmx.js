// htmx as an ES module, on window for hx- attributes; its indicator <style> is left out by the page's
// htmx-config meta (the Content-Security-Policy forbids inline styles). Loaded by every page: the
// workbench's work kept across a reveal comes with it (keep.js).
import htmx from "htmx.org/dist/htmx.esm.js";
import { keepWork } from "./keep.js";

window.htmx = htmx;
keepWork();
export default htmx;
