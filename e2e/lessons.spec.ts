/**
 * One generated test block per lesson (DESIGN.md §5): the page loads cleanly, every widget wakes,
 * runs to done and shows data, reruns leave the tensor count unchanged, a shared link reproduces
 * the same numbers, garbage URL state is handled, and axe finds no violations.
 */
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { lessonSlugs, runToDone, shownNumbers, wake, watchErrors } from './helpers';

for (const slug of lessonSlugs) {
  test.describe(`lesson ${slug}`, () => {
    const path = `lessons/${slug}/`;

    test('loads without errors; every widget wakes, runs and shows data; reruns do not leak tensors', async ({ page }) => {
      test.setTimeout(240_000);
      const errors = watchErrors(page);
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      expect(await page.locator('.katex-error').count()).toBe(0);
      expect(await page.locator('.katex').count()).toBeGreaterThan(0);
      await expect(page.locator('h2', { hasText: /claim check/i })).toHaveCount(1);
      const widgets = page.locator('[data-widget]');
      expect(await widgets.count()).toBeGreaterThan(0);
      for (const w of await widgets.all()) {
        await wake(w);
        if ((await w.getAttribute('data-kind')) === 'iterative') {
          await runToDone(w);
          const tensors1 = await w.getAttribute('data-tensors');
          await w.locator('[data-action=reset]').click();
          await expect(w).toHaveAttribute('data-state', 'ready');
          await runToDone(w);
          // Same seed: the numbers repeat, and a tfjs run leaves no tensors behind.
          expect(await w.getAttribute('data-tensors')).toBe(tensors1);
        }
        await expect(w.locator('.sl-output svg').first()).toBeVisible();
        expect(await w.locator('.sl-table tbody tr').count()).toBeGreaterThan(0);
        const claim = w.locator('.sl-claim');
        if ((await claim.count()) > 0) await expect(claim).not.toHaveAttribute('data-holds', 'null');
      }
      expect(errors).toEqual([]);
    });

    test('a copied link reproduces the same numbers', async ({ page, browser }) => {
      test.setTimeout(240_000);
      await page.goto(path);
      for (const w of await page.locator('[data-widget]').all()) {
        await wake(w);
        // Change something: the seed where there is one, else the first slider by one step.
        const seed = w.locator('input[data-seed]');
        if ((await seed.count()) > 0) {
          await seed.fill('3');
          await seed.press('Enter');
        } else {
          const slider = w.locator('input[type=range]').first();
          if ((await slider.count()) > 0) {
            await slider.focus();
            await page.keyboard.press('ArrowRight');
          }
        }
        await expect(w).toHaveAttribute('data-state', /^(ready|done)$/);
      }
      const link = page.url();
      const numbers: string[] = [];
      for (const w of await page.locator('[data-widget]').all()) {
        if ((await w.getAttribute('data-kind')) === 'iterative') await runToDone(w);
        numbers.push(await shownNumbers(w));
      }
      const other = await browser.newPage();
      await other.goto(link);
      const again: string[] = [];
      for (const w of await other.locator('[data-widget]').all()) {
        await wake(w);
        if ((await w.getAttribute('data-kind')) === 'iterative') await runToDone(w);
        again.push(await shownNumbers(w));
      }
      expect(again).toEqual(numbers);
      await other.close();
    });

    test('garbage URL state is clamped or reset with a visible notice', async ({ page }) => {
      await page.goto(path);
      const ids = await page.locator('[data-widget]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.widget!));
      const params = await page.locator('[data-widget]').evaluateAll((els) =>
        els.map((e) => e.querySelector<HTMLElement>('[data-param]')?.dataset.param ?? 'x'),
      );
      const q = ids.map((id, i) => `${id}.${params[i]}=%3Cscript%3Ealert(1)%3C%2Fscript%3E&${id}.seed=-7`).join('&');
      const errors = watchErrors(page);
      await page.goto(`${path}?${q}`);
      for (const w of await page.locator('[data-widget]').all()) {
        await wake(w);
        await expect(w.locator('.sl-notice')).toBeVisible();
      }
      expect(await page.locator('script:text("alert(1)")').count()).toBe(0);
      expect(errors).toEqual([]);
    });

    test('axe finds no accessibility violations', async ({ page }) => {
      // Axe walks every chart's SVG; on a shared 2-core machine a long lesson takes over a minute.
      test.setTimeout(180_000);
      await page.goto(path);
      for (const w of await page.locator('[data-widget]').all()) await wake(w);
      const r = await new AxeBuilder({ page }).exclude('.katex-mathml').analyze();
      expect(r.violations.map((v) => `${v.id}: ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target}`)).toEqual([]);
    });
  });
}
