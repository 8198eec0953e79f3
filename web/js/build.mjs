// Bundles the widgets into ../static/dist: ES modules, minified, split into shared chunks, with a
// manifest of sha256 hashes. Deterministic (no timestamps, no absolute paths), so that
// `python -m web.assets verify` can rebuild from the sources and lockfile and compare byte for byte.
// Usage: node build.mjs [outdir]
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const outdir = process.argv[2] || "../static/dist";
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { network: "src/network.js", htmx: "src/htmx.js", exhibit: "src/exhibit.js" },
  bundle: true, minify: true, format: "esm", splitting: true, target: "es2020",
  outdir, entryNames: "[name]", chunkNames: "chunk-[hash]", assetNames: "[name]-[hash]",
  legalComments: "linked", charset: "utf8", logLevel: "warning",
});
const files = {};
let gzipped = 0;
for (const name of readdirSync(outdir).sort()) {
  const body = readFileSync(join(outdir, name));
  const gz = gzipSync(body, { level: 9 }).length;
  if (/\.(js|css)$/.test(name)) gzipped += gz;
  files[name] = { sha256: createHash("sha256").update(body).digest("hex"), bytes: body.length, gzip: gz };
}
const lock = createHash("sha256").update(readFileSync("package-lock.json")).digest("hex");
writeFileSync(join(outdir, "manifest.json"),
  JSON.stringify({ lockfile_sha256: lock, gzip_total: gzipped, files }, null, 1) + "\n");
console.log(`built ${Object.keys(files).length} files into ${outdir}: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
