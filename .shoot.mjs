import { chromium } from '@playwright/test';
const port = 4517;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const jobs = JSON.parse(process.argv[2]);
for (const j of jobs) {
  const page = await browser.newPage({ viewport: { width: j.w ?? 1280, height: j.h ?? 900 }, colorScheme: j.scheme ?? 'light' });
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
  await page.goto(`http://127.0.0.1:${port}${j.path}`);
  if (j.wake) for (const el of await page.locator('[data-widget]').all()) { await el.scrollIntoViewIfNeeded(); await page.waitForFunction((e) => !['asleep','loading'].includes(e.dataset.state), await el.elementHandle(), { timeout: 20000 }).catch(() => {}); }
  if (j.eval) await page.evaluate(j.eval);
  if (j.print) await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(j.wait ?? 500);
  if (j.scrollTo) await page.locator(j.scrollTo).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/tshots/${j.name}.png`, fullPage: j.full ?? true });
  await page.close();
}
await browser.close();
