// What lessons-asset.mjs and strings-asset.mjs share: a JSON file shipped under a name that is its
// content's hash (the server marks such names immutable, the service worker keeps them cache
// first), and the tags that name it put into every index page, so an index and its files are
// always one version.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `json` (a string or bytes) as dist/<prefix>-<content hash>.json and answers its name. */
export function ship(dist, prefix, json) {
  JSON.parse(json); // a truncated file must stop the build, not reach a tablet
  const name = `${prefix}-${createHash("sha256").update(json).digest("hex").slice(0, 16)}.json`;
  writeFileSync(join(dist, name), json);
  console.log(`  ${name}: ${(Buffer.byteLength(json) / 1024).toFixed(0)} KB`);
  return name;
}

/** Puts `tagsFor(page)` at the end of every index page's <head>. */
export function nameInEveryIndex(dist, tagsFor) {
  for (const page of readdirSync(dist).filter((name) => name.endsWith(".html"))) {
    const path = join(dist, page);
    const html = readFileSync(path, "utf8");
    if (!html.includes("</head>")) throw new Error(`${page} has no </head>`);
    writeFileSync(path, html.replace("</head>", `${tagsFor(page).join("\n")}\n</head>`));
  }
  console.log(`  named in every index page`);
}
