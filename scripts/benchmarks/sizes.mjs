// Prints the size of what a tablet downloads on first load: raw, gzip and brotli.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let total = { raw: 0, gz: 0, br: 0 };
for (const name of readdirSync(dist).filter((n) => /\.(wasm|js|css)$/.test(n)).sort()) {
  const data = readFileSync(join(dist, name));
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total = { raw: total.raw + data.length, gz: total.gz + gz, br: total.br + br };
  const label = name.replace(/-[0-9a-f]{16}/, "").padEnd(18);
  console.log(`  ${label} raw ${kb(data.length).padStart(9)}   gzip ${kb(gz).padStart(9)}   brotli ${kb(br).padStart(9)}`);
}
console.log(`  ${"total".padEnd(18)} raw ${kb(total.raw).padStart(9)}   gzip ${kb(total.gz).padStart(9)}   brotli ${kb(total.br).padStart(9)}`);
// The issue-7 budget is for what a tablet downloads before the pupil home works: wasm + JS + CSS.
console.log(`BUDGET first_load_brotli_kb ${(total.br / 1024).toFixed(0)} <= 150`);
