// Writes dist/precache.json: every file under dist/public/ that a tablet needs offline (fonts,
// lesson pictures, the icon and manifest), so the service worker can fetch them all when Kite is
// first loaded — not only the ones a pupil happened to open while online. The version is a hash
// of their contents: when it changes, the service worker fetches the list again.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dist = process.argv[2] ?? "dist";
const SKIP = /\.(br|gz|txt)$|(^|\/)sw\.js$/;
const files = [];
const hash = createHash("sha256");

function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    const url = "/" + relative(dist, path).split(sep).join("/");
    if (SKIP.test(url)) continue;
    files.push(url);
    hash.update(url).update(readFileSync(path));
  }
}
walk(join(dist, "public"));
writeFileSync(join(dist, "precache.json"), JSON.stringify({ version: hash.digest("hex").slice(0, 16), files }, null, 1));
console.log(`  precache.json: ${files.length} files for offline use`);
