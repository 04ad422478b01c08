// Writes dist/precache.json: every file under dist/public/ that a tablet needs offline (fonts,
// lesson pictures, the icon and manifest), so the service worker can fetch them all when Kite is
// first loaded — not only the ones a pupil happened to open while online. The version is a hash
// of their contents: when it changes, the service worker fetches the list again.
//
// Two fonts are big and needed by few tablets: OpenDyslexic (the "easy-read letters" setting) and
// Noto Nastaliq Urdu (a tablet in Urdu). They are listed apart, under `onDemand`, by group: the
// service worker fetches none of them at install, and the whole group (both weights) the first
// time the page asks for one of its files, then keeps it like the rest (public/sw.js).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dist = process.argv[2] ?? "dist";
const SKIP = /\.(br|gz|txt)$|(^|\/)sw\.js$/;
const ON_DEMAND = {
  "dyslexia-font": /^\/public\/fonts\/opendyslexic-.*\.woff2$/,
  "urdu-font": /^\/public\/fonts\/noto-nastaliq-urdu-.*\.woff2$/,
};
const files = [];
const onDemand = Object.fromEntries(Object.keys(ON_DEMAND).map((group) => [group, []]));
const hash = createHash("sha256");

function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) { walk(path); continue; }
    const url = "/" + relative(dist, path).split(sep).join("/");
    if (SKIP.test(url)) continue;
    const group = Object.keys(ON_DEMAND).find((g) => ON_DEMAND[g].test(url));
    (group ? onDemand[group] : files).push(url);
    hash.update(url).update(readFileSync(path));
  }
}
walk(join(dist, "public"));
for (const [group, urls] of Object.entries(onDemand)) {
  if (urls.length === 0) throw new Error(`precache-list: no file for the on-demand group ${group}`);
}
writeFileSync(join(dist, "precache.json"), JSON.stringify({ version: hash.digest("hex").slice(0, 16), files, onDemand }, null, 1));
const later = Object.values(onDemand).flat().length;
console.log(`  precache.json: ${files.length} files for offline use, ${later} fetched only when a tablet needs them`);
