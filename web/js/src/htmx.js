// htmx as an ES module, on window for hx- attributes; its indicator <style> is left out by the page's
// htmx-config meta (the Content-Security-Policy forbids inline styles).
import htmx from "htmx.org/dist/htmx.esm.js";

window.htmx = htmx;
export default htmx;
