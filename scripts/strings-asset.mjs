// Ships the pupils' and the parents' translation tables (app/src/i18n/pl.rs, ur.rs,
// parents_pl.rs, parents_ur.rs: the source, which the host
// tests check for completeness) as dist/strings-<lang>-<content hash>.json, each an array of
// [English, translation] pairs in the table's order, and names each in every index page by
// <meta name="kite-strings-LANG" content="/…">: not a link, so an English tablet and the service
// worker's install never fetch it. A tablet set to that language fetches it before drawing a page
// (app/src/i18n/mod.rs), and from then on the service worker keeps each new version of it with
// the rest (public/sw.js), so the tablet starts in its language offline.
//
// The tables are read as Rust, strictly: outside comments, a table is only `(`, `)`, `,` and
// string literals, and anything else stops the build, so a table this reader misunderstands can
// never ship as different words from the ones the tests checked.
// Usage: node scripts/strings-asset.mjs dist pl ur
import { readFileSync } from "node:fs";
import { nameInEveryIndex, ship } from "./hashed-asset.mjs";

const [dist, ...langs] = process.argv.slice(2);

/** A Rust string literal's text from `at` (just after its opening quote): [text, index after it]. */
function literal(src, at, file) {
  let text = "";
  for (;;) {
    const c = src[at];
    if (c === undefined) throw new Error(`${file}: a string is not closed`);
    if (c === '"') return [text, at + 1];
    if (c !== "\\") { text += c; at += 1; continue; }
    const e = src[at + 1];
    if (e === "u") {
      const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(src.slice(at + 2));
      if (!m) throw new Error(`${file}: a bad \\u escape at ${at}`);
      text += String.fromCodePoint(parseInt(m[1], 16));
      at += 2 + m[0].length;
    } else if ('"\\\''.includes(e)) { text += e; at += 2; }
    else if (e === "n") { text += "\n"; at += 2; }
    else throw new Error(`${file}: an escape this reader doesn't know, \\${e}`);
  }
}

/** The [English, translation] pairs of `pub const TABLE: &[(&str, &str)] = &[ … ];` in `file`. */
function table(file) {
  const src = readFileSync(file, "utf8");
  const head = "pub const TABLE: &[(&str, &str)] = &[";
  const start = src.indexOf(head);
  if (start < 0) throw new Error(`${file}: no ${head}`);
  const tokens = [];
  let at = start + head.length;
  for (;;) {
    const c = src[at];
    if (c === undefined) throw new Error(`${file}: the table is not closed`);
    if (/\s/.test(c)) at += 1;
    else if (c === "/" && src[at + 1] === "/") at = src.indexOf("\n", at) + 1 || src.length;
    else if (c === "]" && src[at + 1] === ";") break;
    else if ("(),".includes(c)) { tokens.push(c); at += 1; }
    else if (c === '"') { const [text, next] = literal(src, at + 1, file); tokens.push({ text }); at = next; }
    else throw new Error(`${file}: unexpected ${JSON.stringify(c)} at ${at}`);
  }
  // (lit, lit[,]) [,] …
  const pairs = [];
  for (let i = 0; i < tokens.length;) {
    const [open, en, comma, tr] = tokens.slice(i, i + 4);
    if (open !== "(" || typeof en !== "object" || comma !== "," || typeof tr !== "object") {
      throw new Error(`${file}: expected ("English", "translation") as entry ${pairs.length + 1}`);
    }
    i += 4;
    if (tokens[i] === ",") i += 1;
    if (tokens[i] !== ")") throw new Error(`${file}: entry ${pairs.length + 1} is not closed`);
    i += 1;
    if (tokens[i] === ",") i += 1;
    pairs.push([en.text, tr.text]);
  }
  if (pairs.length < 40) throw new Error(`${file}: only ${pairs.length} entries read`);
  return pairs;
}

// The parents' page has its own tables (parents_<lang>.rs), shipped the same way as
// parents-strings-<lang>-<hash>.json and named only in parents.html: a parent's phone set to
// Polish fetches the parents' words, and nobody else downloads them.
const tags = [];
const parentsTags = [];
for (const lang of langs) {
  if (!/^[a-z]{2}$/.test(lang)) throw new Error(`expected a language code, got ${lang}`);
  for (const [kind, source, named] of [
    ["strings", `app/src/i18n/${lang}.rs`, tags],
    ["parents-strings", `app/src/i18n/parents_${lang}.rs`, parentsTags],
  ]) {
    const file = ship(dist, `${kind}-${lang}`, JSON.stringify(table(source)));
    named.push(`<meta name="kite-${kind}-${lang}" content="/${file}">`);
  }
}
nameInEveryIndex(dist, (page) => (page === "parents.html" ? [...tags, ...parentsTags] : tags));
