/** Lesson-specific checks for z-loss: the invariance explorer reacts to scale, shift, sign and
 * equal scores as the maths says; the top-k race holds its claim at seed 1 and fails it for a
 * sharp hinge with a low bar (a = 10, b = 1). */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/z-loss/';
const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

async function setNumber(w: Locator, name: string, value: string): Promise<void> {
  const input = w.locator(`input.sl-exact[data-param=${name}]`);
  await input.fill(value);
  await input.press('Enter');
}

test('invariance explorer: α moves cross-entropy only, the sign flip moves the Z-loss, equal scores are undefined', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-z-loss-invariance');
  await wake(w);
  const ce = readout(w, 'Cross-entropy of o');
  const zl = readout(w, 'Z-loss of o');
  await expect(ce).toHaveText('1.3613 → 1.3613');
  await expect(zl).toHaveText('0.8418 → 0.8418');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');

  await setNumber(w, 'alpha', '10');
  await setNumber(w, 'beta', '7');
  await expect(ce).toHaveText('1.3613 → 8.0003');
  await expect(zl).toHaveText('0.8418 → 0.8418');

  await w.locator('input[type=checkbox][data-param=negate]').check();
  await expect(zl).not.toHaveText('0.8418 → 0.8418');
  await expect(w.locator('.sl-claim-detail')).toContainText('α > 0 only');
  await w.locator('input[type=checkbox][data-param=negate]').uncheck();

  for (const k of [1, 2, 3, 4, 5]) await setNumber(w, `o${k}`, '0.5');
  await expect(readout(w, 'Target z-score')).toContainText('0/0');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  expect(errors).toEqual([]);
});

test('top-k race: the claim holds at the defaults and fails for a = 10, b = 1', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-z-loss-topk');
  await wake(w);
  await expect(readout(w, 'Z-loss net')).toHaveText('not trained yet');
  await runToDone(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(21);
  await expect(readout(w, 'Z-loss net')).toHaveText(/^0\.\d{3} \/ 0\.\d{3} \/ 0\.\d{3}$/);

  await page.goto(`${path}?z-loss-topk.a=10&z-loss-topk.b=1`);
  const sharp = page.locator('#w-z-loss-topk');
  await wake(sharp);
  await runToDone(sharp);
  await expect(sharp.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  expect(errors).toEqual([]);
});
