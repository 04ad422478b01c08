// Where a bundle's wasm goes: its code by crate and by the parts the size work weighs (the
// router, serde, the outbox's sealing, ...), and its data section (strings: translations, inline
// pictures). Reads the wasm cargo writes before wasm-bindgen and wasm-opt, which still has its
// function names: target/wasm32-unknown-unknown/wasm-release/kite-<bin>.wasm (after
// ./scripts/build-app). Its figures are bytes of code before wasm-opt, so compare them with each
// other, not with the brotli first loads of sizes.mjs. No dependency (twiggy does more, but is a
// cargo install).
// Usage: node scripts/benchmarks/wasm-top.mjs <file.wasm> [how many crates]
import { readFileSync } from "node:fs";

const [file, top = "20"] = process.argv.slice(2);
if (!file) throw new Error("usage: wasm-top.mjs <file.wasm> [how many crates]");
const bytes = readFileSync(file);

function leb(at) {
  let value = 0, shift = 0, byte;
  do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}
const skipName = (at) => { const [len, next] = leb(at); return next + len; };
/** Skips a limits record (memory, table): flags, minimum, and a maximum when flags say so. */
const skipLimits = (at) => { const flags = bytes[at]; let [, next] = leb(at + 1); if (flags & 1) [, next] = leb(next); return next; };

let imported = 0, dataBytes = 0;
const bodies = [];
const names = new Map();
for (let at = 8; at < bytes.length;) {
  const id = bytes[at];
  const [size, start] = leb(at + 1);
  const end = start + size;
  if (id === 2) { // imports: functions among them shift the function index space
    let [count, p] = leb(start);
    for (; count > 0; count--) {
      p = skipName(skipName(p));
      const kind = bytes[p++];
      if (kind === 0) { [, p] = leb(p); imported++; } else if (kind === 1) p = skipLimits(p + 1);
      else if (kind === 2) p = skipLimits(p); else if (kind === 3) p += 2; else p += 1;
    }
  } else if (id === 10) { // code
    let [count, p] = leb(start);
    for (; count > 0; count--) { const [len, body] = leb(p); bodies.push(len); p = body + len; }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) { // custom: the "name" section's function names
    const [len, p0] = leb(start);
    if (bytes.toString("utf8", p0, p0 + len) === "name") {
      for (let p = p0 + len; p < end;) {
        const sub = bytes[p];
        const [subSize, q0] = leb(p + 1);
        if (sub === 1) {
          let [count, q] = leb(q0);
          for (; count > 0; count--) {
            let index, nameLen;
            [index, q] = leb(q);
            [nameLen, q] = leb(q);
            names.set(index, bytes.toString("utf8", q, q + nameLen));
            q += nameLen;
          }
        }
        p = q0 + subSize;
      }
    }
  }
  at = end;
}

/** The crate a (mangled or plain) function name belongs to: its path's first segment. */
function crateOf(name) {
  const legacy = name.match(/^_ZN(\d+)/);
  const first = legacy ? name.slice(legacy[0].length, legacy[0].length + Number(legacy[1])) : name.split("::")[0];
  // `<T as crate::Trait>::f`: counted with the trait's crate.
  const impl = first.match(/^_\$LT\$.*?\$u20\$as\$u20\$([a-z_0-9]+)\.\./);
  return impl ? `${impl[1]} (its traits' impls)` : first.slice(0, 40);
}
const PARTS = [
  ["the router (leptos_router)", /leptos_router/],
  ["JSON (serde, serde_json)", /serde/],
  ["the outbox's sealing (x25519, xsalsa20, blake2)", /blake2|x25519|curve25519|xsalsa|salsa20|poly1305|crypto_box/],
  ["the outbox", /outbox/],
  ["the views (tachys)", /tachys/],
  ["reactivity (reactive_graph)", /reactive_graph/],
  ["formatting (core::fmt)", /4core3fmt|core\.\.fmt/],
];
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`;
const byCrate = new Map();
const byPart = new Map(PARTS.map(([label]) => [label, 0]));
bodies.forEach((size, i) => {
  const name = names.get(imported + i) ?? "?";
  const crate = crateOf(name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  const part = PARTS.find(([, re]) => re.test(name));
  if (part) byPart.set(part[0], byPart.get(part[0]) + size);
});
const code = bodies.reduce((a, b) => a + b, 0);
console.log(`${file}: code ${kb(code).trim()} in ${bodies.length} functions, data ${kb(dataBytes).trim()}`);
console.log("  by crate:");
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`  ${kb(size)}  ${crate}`);
console.log("  by part (a function counted once, in the first part it matches):");
for (const [label, size] of byPart) console.log(`  ${kb(size)}  ${label}`);
