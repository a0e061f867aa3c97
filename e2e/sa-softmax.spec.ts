/** Lesson-specific checks for sa-softmax: the gradient widget's readouts follow the formulas and the
 * reading toggle, and the training comparison reports an honest (failing) claim at the default seed. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/sa-softmax/';
const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

async function setNumber(w: Locator, name: string, value: string) {
  const input = w.locator(`input[type=number][data-param=${name}], input:not([type=range])[data-param=${name}]`).first();
  await input.fill(value);
  await input.press('Enter');
}

test('gradient widget: at z₁ = 10 softmax saturates, plain SA does not, the two normalised readings differ', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-sa-softmax-gradient');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await setNumber(w, 'z1', '10');
  // Default others [1, 0.5, 0, −0.5, −1]: a = −1, b = 10, detached ≈ s₁/11 = 0.091; through = softmax's s₁(1 − s₁).
  await expect(readout(w, 'min/max detached')).toHaveText('0.091');
  await expect(readout(w, '∂w₁/∂z₁ SA plain')).toHaveText('1.003');
  const sm = await readout(w, 'softmax = s₁(1 − s₁)').textContent();
  await expect(readout(w, 'through min/max')).toHaveText(sm ?? '');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  expect(errors).toEqual([]);
});

test('training comparison: default seed trains all three and the claim check reports that SA does not win', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-sa-softmax-train');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  await expect(readout(w, 'Mean row sum')).toHaveText(/^1\.00 · -?\d\.\d\d · 0\.9\d$/);
  // 13 evaluations (steps 0, 25, …, 300) × 3 models + 3 final rows.
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(42);
  expect(errors).toEqual([]);
});
