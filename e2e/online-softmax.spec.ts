/** Lesson-specific checks for online-softmax: the float32 overflow edge, the −∞ guard, the benchmark. */
import { test, expect } from '@playwright/test';
import { wake, watchErrors } from './helpers';

const path = 'lessons/online-softmax/';

test('naive softmax overflows between offsets 87.33 and 87.34 for four equal logits; the claim still holds', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${path}?online-softmax-stepper.preset=equal&online-softmax-stepper.n=4&online-softmax-stepper.offset=87.33`);
  const w = page.locator('#w-online-softmax-stepper');
  await wake(w);
  const naive = w.locator('.sl-readout', { hasText: 'naive softmax' }).locator('dd');
  await expect(naive).toHaveText(/^fine/);
  const exact = w.locator('input[type=number][data-param=offset]');
  await exact.fill('87.34');
  await exact.press('Enter');
  await expect(naive).toHaveText(/^overflow/);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(w.locator('.sl-summary')).toContainText('Naive softmax: overflow');
  expect(errors).toEqual([]);
});

test('switching the −∞ guard off on a masked row makes the claim fail visibly', async ({ page }) => {
  await page.goto(`${path}?online-softmax-stepper.preset=masked`);
  const w = page.locator('#w-online-softmax-stepper');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await w.locator('input[type=checkbox][data-param=guard]').uncheck();
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  await expect(w.locator('.sl-readout', { hasText: 'max |online − safe|' }).locator('dd')).toHaveText('NaN');
});

test('the benchmark runs in its worker and reports 4 vs 3 accesses per element', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  await page.goto(`${path}?online-softmax-bench.n=1048576&online-softmax-bench.reps=3`);
  const w = page.locator('#w-online-softmax-bench');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  await expect(w.locator('.sl-claim')).not.toHaveAttribute('data-holds', 'null');
  await expect(w.locator('.sl-readout', { hasText: 'accesses per element' }).locator('dd')).toHaveText('4 · 3');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(12);
  await expect(w.locator('.sl-status')).toContainText('no tfjs');
  expect(errors).toEqual([]);
});
