/** Lesson-specific checks for softpick: the row explorer reacts to the shift and the mask as the
 * formula says, the long-row claim flips when negative keys become cheap, and the trained toy
 * reports sparsity, sink rate and row sums at the default seed. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/softpick/';
const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

async function setNumber(w: Locator, name: string, value: string) {
  const input = w.locator(`input[type=number][data-param=${name}], input:not([type=range])[data-param=${name}]`).first();
  await input.fill(value);
  await input.press('Enter');
}

test('row explorer: a shift of −4 switches softpick off, masking removes keys, softmax does not move', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-softpick-row');
  await wake(w);
  await expect(readout(w, 'Softpick exact zeros')).toHaveText('4 of 8 unmasked keys');
  await expect(readout(w, 'Softmax row sum')).toHaveText('1.000');
  const firstSoftmax = await w.locator('.sl-table tbody tr').first().locator('td').nth(3).textContent();
  await setNumber(w, 'shift', '-4');
  await expect(readout(w, 'Softpick row sum')).toHaveText('0.000');
  await expect(readout(w, 'Softpick exact zeros')).toHaveText('8 of 8 unmasked keys');
  await expect(w.locator('.sl-table tbody tr').first().locator('td').nth(3)).toHaveText(firstSoftmax ?? '');
  await setNumber(w, 'shift', '0');
  await setNumber(w, 'masked', '3');
  await expect(readout(w, 'Softpick exact zeros')).toHaveText(/of 5 unmasked keys$/);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  expect(errors).toEqual([]);
});

test('long rows: the claim holds at b = −2 and fails when negative keys are cheap for softpick (b = −0.3)', async ({ page }) => {
  await page.goto(path);
  const w = page.locator('#w-softpick-long-row');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(readout(w, 'Score needed for weight 0.5 at n = 1024')).toHaveText('softmax 4.93 · softpick 6.79');
  await setNumber(w, 'b', '-0.3');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
});

test('trained toy: default seed trains both, fills the maps and the readouts, and the claim is measured', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-softpick-race');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await expect(readout(w, 'Sparsity')).toHaveText('after a run');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(readout(w, 'Sparsity')).toHaveText(/^softmax 0\.\d\d · softpick 0\.\d\d$/);
  await expect(readout(w, 'No-op queries: row sum')).toHaveText(/^softmax 1\.00 · softpick 0\.\d\d$/);
  // 9 evaluations (steps 0, 15, …, 120) × 2 models.
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(18);
  expect(errors).toEqual([]);
});
