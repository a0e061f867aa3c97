// Screenshots of pages as a reader sees them: light/dark, 360 px and desktop, before and after
// running the widgets. Usage: node scripts/screenshots.mjs [path ...]  (site must be served on
// E2E_PORT, default 4329, e.g. by `node scripts/serve.mjs`). Output: screenshots/*.png
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';

const port = process.env.E2E_PORT ?? 4329;
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/'];
const run = process.env.RUN !== '0';
mkdirSync('screenshots', { recursive: true });
const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
for (const path of paths) {
  for (const [w, h] of [[1280, 900], [360, 780]]) {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
      await page.goto(`http://127.0.0.1:${port}${path}`);
      const name = `${path.replace(/[^a-z0-9]+/gi, '_')}_${w}_${scheme}`;
      // Wake every widget, then run the iterative ones.
      for (const el of await page.locator('[data-widget]').all()) {
        await el.scrollIntoViewIfNeeded();
        await page.waitForFunction((e) => e.dataset.state !== 'asleep' && e.dataset.state !== 'loading', await el.elementHandle(), { timeout: 20000 }).catch(() => {});
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `screenshots/${name}_before.png`, fullPage: true });
      if (run) {
        for (const el of await page.locator('[data-kind=iterative]').all()) {
          await el.scrollIntoViewIfNeeded();
          const btn = el.locator('[data-action=run]');
          if (await btn.isEnabled()) await btn.click();
          await page.waitForFunction((e) => e.dataset.state === 'done' || e.dataset.state === 'error', await el.elementHandle(), { timeout: 60000 }).catch(() => {});
        }
        await page.screenshot({ path: `screenshots/${name}_after.png`, fullPage: true });
      }
      await page.close();
    }
  }
}
await browser.close();
