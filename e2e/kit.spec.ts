/** Close tests of the widget kit on its test bench page (src/pages/kit). */
import { test, expect, type Page } from '@playwright/test';

async function wake(page: Page, id: string) {
  const w = page.locator(`#w-${id}`);
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-state', /ready|done/);
  return w;
}

test('instant widget: keyboard changes a control, the figure and URL follow', async ({ page }) => {
  await page.goto('kit/');
  const w = await wake(page, 'kit-wave');
  const before = await w.locator('.sl-readout dd').first().textContent();
  const slider = w.locator('input[type=range][data-param=damping]');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(w.locator('.sl-readout dd').first()).not.toHaveText(before ?? '');
  await expect(page).toHaveURL(/kit-wave\.damping=1/);
  await expect(w.locator('input[type=number][data-param=damping]')).toHaveValue('1');
  await w.locator('select[data-param=shape]').selectOption('cos');
  await expect(page).toHaveURL(/kit-wave\.shape=cos/);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
});

test('iterative widget: run, pause, step, reset; same seed gives the same numbers', async ({ page }) => {
  await page.goto('kit/');
  const w = await wake(page, 'kit-walk');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'running');
  await w.getByRole('button', { name: 'Pause' }).click();
  await expect(w).toHaveAttribute('data-state', 'paused');
  await expect(w.locator('[data-action=run]')).toHaveText('Resume');
  await expect(w.locator('.sl-status')).toContainText('Paused');
  const stepText = async () => Number((await w.locator('progress').getAttribute('value')) ?? 0);
  const at = await stepText();
  await w.getByRole('button', { name: 'Step' }).click();
  await expect.poll(stepText).toBe(at + 1);
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(w.locator('[data-action=run]')).toHaveText('Run again');
  const first = await w.locator('.sl-readouts').textContent();
  await w.getByRole('button', { name: 'Reset' }).click();
  await expect(w).toHaveAttribute('data-state', 'ready');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  expect(await w.locator('.sl-readouts').textContent()).toBe(first);
});

test('a display-only setting redraws a finished run instead of discarding it', async ({ page }) => {
  await page.goto('kit/');
  const w = await wake(page, 'kit-walk');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  const firstWalker = w.locator('.sl-readout').first();
  const three = (await firstWalker.textContent()) ?? '';
  expect(three).toMatch(/-?\d+\.\d{3}\b/);
  const digits = w.locator('input[type=range][data-param="digits"]').first();
  await digits.focus();
  await page.keyboard.press('ArrowRight');
  // Still the same finished run, now drawn with four decimals; the setting is in the URL.
  await expect(firstWalker).toContainText(/-?\d+\.\d{4}\b/);
  await expect(w).toHaveAttribute('data-state', 'done');
  expect(page.url()).toContain('kit-walk.digits=4');
  // A setting that changes the run itself still starts over.
  const walkers = w.locator('input[type=range][data-param="walkers"]').first();
  await walkers.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(w).toHaveAttribute('data-state', 'ready');
});

test('a NaN in a run stops it with a clear message', async ({ page }) => {
  await page.goto('kit/?kit-walk.blowUp=true');
  const w = await wake(page, 'kit-walk');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'error', { timeout: 20_000 });
  await expect(w.locator('.sl-status')).toContainText('NaN');
  // The other widget on the page still works.
  await expect(page.locator('#w-kit-wave')).toHaveAttribute('data-state', 'ready');
});

test('garbage URL values are clamped or reset with a visible notice, never inserted as HTML', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('kit/?kit-wave.freq=99&kit-wave.shape=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&kit-walk.seed=-4&kit-walk.steps=abc');
  const wave = await wake(page, 'kit-wave');
  await expect(wave.locator('.sl-notice')).toBeVisible();
  await expect(wave.locator('.sl-notice')).toContainText('clamped to 5');
  await expect(wave.locator('input[type=number][data-param=freq]')).toHaveValue('5');
  expect(await page.locator('img[src=x]').count()).toBe(0);
  const walk = await wake(page, 'kit-walk');
  await expect(walk.locator('.sl-notice')).toContainText('Seed');
  await expect(walk.locator('.sl-notice')).toContainText('not a number');
  expect(errors).toEqual([]);
});

test('copy link reproduces the settings; CSV and SVG export', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('kit/');
  const w = await wake(page, 'kit-walk');
  await w.locator('input[data-seed]').fill('11');
  await w.locator('input[data-seed]').press('Enter');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  const numbers = await w.locator('.sl-readouts').textContent();
  await w.getByRole('button', { name: 'Copy link' }).click();
  const link = await w.locator('.sl-link').inputValue();
  expect(link).toContain('kit-walk.seed=11');
  const [csv] = await Promise.all([page.waitForEvent('download'), w.getByRole('button', { name: 'CSV' }).click()]);
  const csvText = (await (await csv.createReadStream()).toArray()).join('');
  expect(csvText.split('\n')[0]).toBe('walker,step,position');
  expect(csvText.split('\n').length).toBeGreaterThan(100);
  const [svg] = await Promise.all([page.waitForEvent('download'), w.getByRole('button', { name: 'SVG' }).click()]);
  const svgText = (await (await svg.createReadStream()).toArray()).join('');
  expect(svgText).toMatch(/^<svg xmlns/);
  expect(svgText).not.toContain('var(--');

  const page2 = await context.newPage();
  await page2.goto(link);
  const w2 = await wake(page2, 'kit-walk');
  await w2.locator('[data-action=run]').click();
  await expect(w2).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  expect(await w2.locator('.sl-readouts').textContent()).toBe(numbers);
});

test('without JavaScript the static figure, controls and text still render', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto('kit/');
  const w = page.locator('#w-kit-wave');
  await expect(w.locator('.sl-output svg').first()).toBeVisible();
  await expect(w.locator('.sl-nojs')).toBeVisible();
  await expect(w.locator('.sl-table tbody tr').first()).toBeAttached();
  await ctx.close();
});
