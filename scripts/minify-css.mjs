// Writes the app's stylesheets, minified, into app/gen/ for Trunk to hash and ship. The sources in
// app/style/ keep their comments (contrast ratios, why a rule exists); tablets on a slow school
// network shouldn't download them. Trunk's own minifier can't be used: it also minifies
// wasm-bindgen's glue, which breaks it (docs/performance.md).
// Usage: node scripts/minify-css.mjs <out dir> <stylesheet>...
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { transform } from "lightningcss";

const [outDir, ...sheets] = process.argv.slice(2);
for (const sheet of sheets) {
  const { code } = transform({ filename: sheet, code: readFileSync(sheet), minify: true });
  writeFileSync(`${outDir}/${basename(sheet)}`, code);
}
