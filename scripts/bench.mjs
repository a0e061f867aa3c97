// npm run bench: builds the site, serves it, and measures in Chromium what DESIGN.md §6 budgets:
// site build time; per lesson page the JS and total bytes (gzip) before any widget wakes and after
// all have woken; each widget's default-run time (iterative) or redraw time (instant); the longest
// main-thread task while each training widget runs; tensor count after two runs.
// Prints a table and writes bench-results/bench.json.
import { chromium } from '@playwright/test';
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const PORT = 4391;
const KiB = (n) => (n / 1024).toFixed(1);

// 1. Build time (the whole site, as `npm run build` does it).
const t0 = performance.now();
execSync('npm run build', { stdio: 'ignore' });
const buildSeconds = (performance.now() - t0) / 1000;
const pages = readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).map((f) => f.replace('.mdx', ''));

// 2. Serve the build.
const server = spawn('node', ['scripts/serve.mjs', '--port', String(PORT), '--dir', 'dist', '--base', '/'], { stdio: 'ignore', detached: true });
for (let i = 0; i < 60; i++) {
  try {
    await fetch(`http://127.0.0.1:${PORT}/`);
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 500));
  }
}

const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Sums gzip sizes of responses: all bytes and JS bytes. */
function meter(page) {
  const seen = new Map();
  page.on('response', async (r) => {
    try {
      const body = await r.body();
      const url = r.url();
      const gz = gzipSync(body).length;
      seen.set(url, { gz, js: /\.m?js(\?|$)/.test(url) || (r.headers()['content-type'] ?? '').includes('javascript'), wasm: url.endsWith('.wasm') });
    } catch {
      /* redirects and aborted requests have no body */
    }
  });
  return () => {
    let total = 0, js = 0, wasm = 0;
    for (const v of seen.values()) {
      total += v.gz;
      if (v.js) js += v.gz;
      if (v.wasm) wasm += v.gz;
    }
    return { total, js, wasm };
  };
}

const results = { buildSeconds, pages: [], widgets: [] };
for (const slug of pages) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const bytes = meter(page);
  await page.goto(`http://127.0.0.1:${PORT}/lessons/${slug}/`, { waitUntil: 'networkidle' });
  const before = bytes();
  const widgets = await page.locator('[data-widget]').all();
  for (const w of widgets) {
    await w.scrollIntoViewIfNeeded();
    await page.waitForFunction((e) => ['ready', 'done'].includes(e.dataset.state), await w.elementHandle(), { timeout: 30000 });
    const id = await w.getAttribute('data-widget');
    const kind = await w.getAttribute('data-kind');
    const row = { page: slug, id, kind };
    if (kind === 'instant') {
      row.redrawMs = Number(await w.getAttribute('data-render-ms'));
    } else {
      await page.evaluate(() => {
        window.__longest = 0;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
        }).observe({ type: 'longtask', buffered: false });
      });
      await w.locator('[data-action=run]').click();
      await page.waitForFunction((e) => ['done', 'error'].includes(e.dataset.state), await w.elementHandle(), { timeout: 120000 });
      row.runSeconds = Number(await w.getAttribute('data-seconds'));
      row.longestTaskMs = await page.evaluate(() => window.__longest);
      row.tensors = await w.getAttribute('data-tensors');
      row.maxRedrawMs = Number(await w.getAttribute('data-render-ms'));
      row.status = (await w.locator('.sl-status').textContent())?.trim();
    }
    results.widgets.push(row);
  }
  await page.waitForLoadState('networkidle');
  const after = bytes();
  results.pages.push({ page: slug, beforeTotalKiB: +KiB(before.total), beforeJsKiB: +KiB(before.js), afterJsKiB: +KiB(after.js), afterWasmKiB: +KiB(after.wasm), afterTotalKiB: +KiB(after.total) });
  await page.close();
}
await browser.close();
process.kill(-server.pid);

console.log(`\nSite build: ${buildSeconds.toFixed(1)} s for ${pages.length} lessons (budget 2.4 s + 0.1 s per page = ${(2.4 + 0.1 * pages.length).toFixed(1)} s; the build includes the search index)\n`);
console.log('Page weight, gzip (budgets: ≤ 110 KiB total before a widget wakes; ≤ 225 KiB JS with one training widget)');
console.table(results.pages);
console.log('Widgets (budgets: default run ≤ 10 s, closed-form ≤ 2 s and redraw within a frame; no main-thread task over 50 ms while training)');
console.table(results.widgets.map(({ status, ...r }) => r));
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify(results, null, 2));
