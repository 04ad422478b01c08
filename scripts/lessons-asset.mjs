// Ships the checked lessons (the JSON `lessons-json` printed) as dist/lessons-<hash>.json, named
// by its content, and names it in every index page with <link id="kite-lessons">. The app fetches
// whatever its index names, so an index and its lessons are always the same version; the service
// worker caches every file an index names before switching to it, so lessons work offline; and
// the server marks the hashed name immutable, like the wasm.
//
// Each further `LANG=FILE` (e.g. pl=lessons-pl.json, the lessons' translations into Polish) is
// shipped as dist/lessons-LANG-<hash>.json and named by <meta name="kite-lessons-LANG"
// content="/…">: not a link, so no browser prefetches it and the service worker's install doesn't
// fetch it. Only a tablet set to that language fetches it (app/src/curriculum.rs), and from then
// on the service worker keeps each new version of it with the rest (public/sw.js).
import { readFileSync } from "node:fs";
import { nameInEveryIndex, ship as shipJson } from "./hashed-asset.mjs";

const [dist, source, ...translations] = process.argv.slice(2);
const ship = (prefix, path) => shipJson(dist, prefix, readFileSync(path));

// A prefetch: the file is fetched when the browser is idle, never ahead of the wasm, and is in
// the HTTP cache by the time a pupil opens Learn.
const lessons = ship("lessons", source);
const tags = [`<link id="kite-lessons" rel="prefetch" href="/${lessons}" as="fetch" crossorigin="anonymous">`];
for (const arg of translations) {
  const [lang, path] = arg.split("=");
  if (!/^[a-z]{2}$/.test(lang) || !path) throw new Error(`expected LANG=FILE, got ${arg}`);
  tags.push(`<meta name="kite-lessons-${lang}" content="/${ship(`lessons-${lang}`, path)}">`);
}
nameInEveryIndex(dist, tags);
