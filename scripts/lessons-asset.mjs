// Ships the checked lessons (the JSON `lessons-json` printed) as dist/lessons-<hash>.json, named
// by its content, and names it in every index page with <link id="kite-lessons">. The app fetches
// whatever its index names, so an index and its lessons are always the same version; the service
// worker caches every file an index names before switching to it, so lessons work offline; and
// the server marks the hashed name immutable, like the wasm.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dist, source] = process.argv.slice(2);
const json = readFileSync(source);
JSON.parse(json); // a truncated file must stop the build, not reach a tablet
const name = `lessons-${createHash("sha256").update(json).digest("hex").slice(0, 16)}.json`;
writeFileSync(join(dist, name), json);
// A prefetch: the file is fetched when the browser is idle, never ahead of the wasm, and is in
// the HTTP cache by the time a pupil opens Learn.
const link = `<link id="kite-lessons" rel="prefetch" href="/${name}" as="fetch" crossorigin="anonymous">`;
for (const page of readdirSync(dist).filter((name) => name.endsWith(".html"))) {
  const path = join(dist, page);
  const html = readFileSync(path, "utf8");
  if (!html.includes("</head>")) throw new Error(`${page} has no </head>`);
  writeFileSync(path, html.replace("</head>", `${link}\n</head>`));
}
console.log(`  ${name}: ${(json.length / 1024).toFixed(0)} KB of lessons, named in every index page`);
