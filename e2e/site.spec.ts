/** Site-level pages: home, search, 404, kit bench; accessibility and no dead lesson links. */
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { lessonSlugs, runToDone, wake, watchErrors } from './helpers';

test('home lists every written lesson by track, with no dead links', async ({ page, request }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await expect(page.locator('h1')).toBeVisible();
  const hrefs = await page.locator('.sl-card h3 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(hrefs.length).toBe(lessonSlugs.length);
  for (const h of hrefs) expect((await request.get(h)).status()).toBe(200);
  expect(await page.locator('.sl-track').count()).toBe(6);
  expect(errors).toEqual([]);
});

test('theme toggle switches to dark and is remembered', async ({ page }) => {
  await page.goto('./');
  const toggle = page.locator('#theme-toggle');
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('search finds a lesson by a word in its text', async ({ page }) => {
  test.skip(lessonSlugs.length === 0, 'no lessons yet');
  await page.goto('search/');
  await page.locator('#search-input').fill('softmax');
  await expect(page.locator('#search-results li').first()).toBeVisible();
});

test('unknown pages get the 404 page', async ({ page }) => {
  const r = await page.goto('no-such-page/');
  expect(r?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('This page does not exist');
});

for (const path of ['./', 'search/', 'kit/']) {
  test(`axe: ${path}`, async ({ page }) => {
    await page.goto(path);
    const r = await new AxeBuilder({ page }).analyze();
    expect(r.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
  });
}

test('tfjs falls back to the cpu backend when wasm cannot load (no WebGL is ever needed)', async ({ page }) => {
  test.setTimeout(240_000);
  await page.route('**/*.wasm', (r) => r.abort());
  for (const slug of lessonSlugs) {
    await page.goto(`lessons/${slug}/`);
    for (const w of await page.locator('[data-kind=iterative]').all()) {
      await wake(w);
      await runToDone(w);
      const status = (await w.locator('.sl-status').textContent()) ?? '';
      if (!status.includes('tfjs backend')) continue;
      expect(status).toContain('tfjs backend: cpu');
      await expect(w.locator('.sl-table tbody tr').first()).toBeAttached();
      return;
    }
  }
  test.skip(true, 'no lesson trains with tfjs yet');
});
