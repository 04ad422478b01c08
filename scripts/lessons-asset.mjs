// Ships the checked lessons (the JSON `lessons-json` printed) as dist/lessons-<hash>.json, named
// by its content, and names it in every index page as #kite-lessons (see `named` below). The app
// fetches whatever its index names, so an index and its lessons are always the same version; the service
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

// How each index names the lessons file (the app reads #kite-lessons' href or content):
// - Learn and the presenter open on the lessons: a preload, fetched at once beside the wasm;
// - every other page: a <meta>, which the browser never fetches. A prefetch is not "when the
//   browser is idle": Chromium starts it beside the wasm, and on a slow network the two share the
//   line, so a child's first page (or a parent's) waited for 49 KB of lessons it doesn't show.
//   The page that does show one later fetches it then; the service worker keeps the lessons
//   offline on every device all the same, as learn.html names them.
const PRELOADED = new Set(["learn.html", "present.html"]);
const lessons = ship("lessons", source);
const named = (page) => (PRELOADED.has(page)
  ? `<link id="kite-lessons" rel="preload" href="/${lessons}" as="fetch" crossorigin="anonymous">`
  : `<meta id="kite-lessons" name="kite-lessons" content="/${lessons}">`);
const tags = [];
for (const arg of translations) {
  const [lang, path] = arg.split("=");
  if (!/^[a-z]{2}$/.test(lang) || !path) throw new Error(`expected LANG=FILE, got ${arg}`);
  tags.push(`<meta name="kite-lessons-${lang}" content="/${ship(`lessons-${lang}`, path)}">`);
}
nameInEveryIndex(dist, (page) => [named(page), ...tags]);
