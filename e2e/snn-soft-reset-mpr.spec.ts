/** Lesson-specific checks for snn-soft-reset-mpr: exercise 1's numbers, the leak failure, MPR's
 * unchanged spikes, and that the MPR switch leaves the hard-reset network bit-for-bit the same. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/snn-soft-reset-mpr/';

const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

test('one neuron: x = 0.3, T = 4 gives 2 hard and 1 soft spike; a leak makes the claim fail', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${path}?snn-soft-reset-mpr-neuron.T=4`);
  const w = page.locator('#w-snn-soft-reset-mpr-neuron');
  await wake(w);
  await expect(readout(w, 'Spikes, hard reset')).toHaveText('2 of 4 (rate 0.500)');
  await expect(readout(w, 'Spikes, soft reset')).toHaveText('1 of 4 (rate 0.250)');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  const leak = w.locator('input[type=number][data-param=leak]');
  await leak.fill('0.8');
  await leak.press('Enter');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  expect(errors).toEqual([]);
});

test('MPR explorer: no spike ever changes, also at a steep k', async ({ page }) => {
  await page.goto(`${path}?snn-soft-reset-mpr-mpr.k=10&snn-soft-reset-mpr-mpr.mu=1&snn-soft-reset-mpr-mpr.sigma=0.8`);
  const w = page.locator('#w-snn-soft-reset-mpr-mpr');
  await wake(w);
  await expect(readout(w, 'Spikes changed by MPR')).toHaveText('0 of 20000');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
});

test('training race: runs on wasm, and switching MPR on changes only the soft-reset network', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-snn-soft-reset-mpr-race');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).not.toHaveAttribute('data-holds', 'null');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(41);
  const hardOff = await readout(w, 'hard reset').first().textContent();
  const softOff = await readout(w, 'Test accuracy at step 400, soft reset').textContent();

  await w.locator('input[type=checkbox][data-param=mpr]').check();
  await expect(w).toHaveAttribute('data-state', 'ready');
  await runToDone(w);
  await expect(readout(w, 'hard reset').first()).toHaveText(hardOff ?? '');
  await expect(readout(w, 'soft reset + MPR')).not.toHaveText(softOff ?? '');
  expect(errors).toEqual([]);
});
