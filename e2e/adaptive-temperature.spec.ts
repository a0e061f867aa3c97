/** Lesson-specific checks for adaptive temperature: the 1/n wall readouts follow 1 + e^(Δ/θ), and
 * the trained toy at the default seed reproduces the numbers measured in Node (same wasm backend)
 * and passes its claim check. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/adaptive-temperature/';
const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

async function setNumber(w: Locator, name: string, value: string) {
  const input = w.locator(`input[type=number][data-param=${name}], input:not([type=range])[data-param=${name}]`).first();
  await input.fill(value);
  await input.press('Enter');
}

test('1/n wall: sharp up to n = 1 + e^(Δ/θ); the adaptive wall comes later; the bound check holds', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-adaptive-temperature-wall');
  await wake(w);
  await expect(readout(w, 'Softmax: top weight')).toHaveText('8');
  await expect(readout(w, 'Adaptive: top weight')).toHaveText('121');
  await expect(readout(w, 'The rule sharpens only for')).toHaveText(/^0\.85 < H < 5\.94 nats/);
  await setNumber(w, 'delta', '7');
  await expect(readout(w, 'Softmax: top weight')).toHaveText('1,097');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await setNumber(w, 'delta', '10');
  await setNumber(w, 'theta', '0.05');
  await expect(readout(w, 'Softmax: top weight')).toHaveText(/beyond the chart/);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  expect(errors).toEqual([]);
});

test('train at 16, test at 4096: default seed matches the Node run and the claim holds', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-adaptive-temperature-sizes');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  // Same numbers as src/techniques/adaptive-temperature-run.test.ts (seed 1, wasm in Node).
  await expect(readout(w, 'Attention on the max item at n = 1024')).toHaveText('softmax 0.030 · adaptive 0.072 · fixed β 0.060');
  await expect(readout(w, 'Accuracy at n = 64')).toHaveText('softmax 0.793 · adaptive 0.867 · fixed β 0.867');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(9);
  expect(errors).toEqual([]);
});

test('training on 8 items also evaluates n = 8', async ({ page }) => {
  await page.goto(`${path}?adaptive-temperature-sizes.nTrain=8`);
  const w = page.locator('#w-adaptive-temperature-sizes');
  await wake(w);
  await expect(w).toContainText('tested on sets of 8, 16, 32');
});
