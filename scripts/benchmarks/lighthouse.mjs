// Lighthouse 12 (npm, package.json) on the pages a child or a parent opens first, as a mobile
// phone on a slow network with a slow CPU (Lighthouse's default simulated throttling), each from a
// cold start on an unenrolled device. Drives Debian's Chromium (CHROME_PATH, /usr/bin/chromium)
// through its debugging port: no browser is downloaded. Prints each page's scores, its largest
// contentful paint and total blocking time, and BUDGET lines for scripts/bench's table; asserts
// nothing (speed is not a test).
// Usage: node scripts/benchmarks/lighthouse.mjs <server url> [path ...]
// With KITE_LIGHTHOUSE_REPORTS=<dir>, each page's whole report is kept there as <name>.json (its
// LCP element and phases, the long tasks and what ran in them: where to look next).
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";

const base = process.argv[2];
if (!base) throw new Error("usage: lighthouse.mjs <server url> [path ...]");
const paths = process.argv.length > 3 ? process.argv.slice(3) : ["/", "/tell", "/learn", "/aup", "/parents"];

/** A name for a path in a BUDGET line: "/" is the home. */
const nameOf = (path) => (path === "/" ? "home" : path.slice(1).replaceAll("/", "_"));

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    `--remote-debugging-port=${port}`, "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  ],
});

const budget = (name, value, op, limit) => console.log(`BUDGET ${name} ${value} ${op} ${limit}`);
try {
  for (const path of paths) {
    const { lhr } = await lighthouse(`${base}${path}`, {
      port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
    });
    if (process.env.KITE_LIGHTHOUSE_REPORTS) {
      mkdirSync(process.env.KITE_LIGHTHOUSE_REPORTS, { recursive: true });
      writeFileSync(`${process.env.KITE_LIGHTHOUSE_REPORTS}/${nameOf(path)}.json`, JSON.stringify(lhr));
    }
    const score = (id) => lhr.categories[id].score;
    const ms = (id) => Math.round(lhr.audits[id].numericValue);
    const name = nameOf(path);
    console.log(`  ${path}: performance ${score("performance")}, accessibility ${score("accessibility")}, `
      + `best practices ${score("best-practices")}, LCP ${ms("largest-contentful-paint")} ms, TBT ${ms("total-blocking-time")} ms`);
    // What pulled a score down, so the next engineer knows where to look.
    for (const [id, category] of Object.entries(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) {
          console.log(`    ${id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
        }
      }
    }
    if (lhr.runtimeError) console.log(`    runtime error: ${lhr.runtimeError.message}`);
    budget(`lighthouse_${name}_performance`, score("performance"), ">=", 0.95);
    budget(`lighthouse_${name}_accessibility`, score("accessibility"), ">=", 1);
    budget(`lighthouse_${name}_best_practices`, score("best-practices"), ">=", 0.95);
    budget(`lighthouse_${name}_lcp_ms`, ms("largest-contentful-paint"), "<=", 2500);
    budget(`lighthouse_${name}_tbt_ms`, ms("total-blocking-time"), "<=", 200);
  }
} finally {
  await browser.close();
}
