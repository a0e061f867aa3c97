/** Run by scripts/test-base-path.sh against a build with BASE_PATH=/softlab/. */
import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { lessonSlugs, wake, runToDone } from './helpers';

const courseIds = readdirSync('content/courses').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

test('under a sub-path every internal link and asset resolves, and tfjs loads its wasm', async ({ page, request }) => {
  test.setTimeout(180_000);
  const bad: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
  });
  const paths = [
    './',
    'search/',
    ...lessonSlugs.map((s) => `lessons/${s}/`),
    // The teacher's pages: courses, worksheets and one embed.
    'courses/',
    ...courseIds.map((c) => `courses/${c}/`),
    ...lessonSlugs.slice(0, 1).map((s) => `lessons/${s}/worksheet/`),
  ];
  for (const p of paths) {
    await page.goto(p);
    for (const w of await page.locator('[data-widget]').all()) await wake(w);
    const links = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const l of new Set(links)) {
      expect(new URL(l).pathname.startsWith('/softlab/'), `${l} on ${p} is outside the base path`).toBe(true);
      expect((await request.get(l)).status(), l).toBe(200);
    }
  }
  // Embed snippets point under the base path, and the embed page loads there.
  if (lessonSlugs.length) {
    await page.goto(`lessons/${lessonSlugs[0]}/`);
    const w = page.locator('[data-widget]').first();
    await wake(w);
    await w.locator('[data-action=embed]').click();
    const src = /src="([^"]+)"/.exec(await w.locator('[data-embed-code]').inputValue())?.[1] ?? '';
    expect(new URL(src).pathname).toMatch(/^\/softlab\/embed\/[a-z0-9-]+\/$/);
    expect((await request.get(src)).status()).toBe(200);
  }
  // A training widget, if any: its status must name the wasm backend (files found under the base).
  for (const slug of lessonSlugs) {
    await page.goto(`lessons/${slug}/`);
    const tf = page.locator('[data-kind=iterative]');
    for (const w of await tf.all()) {
      await wake(w);
      await runToDone(w);
      const status = (await w.locator('.sl-status').textContent()) ?? '';
      if (status.includes('tfjs backend')) {
        expect(status).toContain('tfjs backend: wasm');
        expect(bad).toEqual([]);
        return;
      }
    }
  }
  expect(bad).toEqual([]);
});
