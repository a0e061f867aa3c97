/** Lesson-specific checks for mlc-sttram: the bit viewer's readouts follow the controls (exact fp16
 * values), its claim fails for |w| ≥ 2; the fault-injection run holds its claim at seed 1 and fills
 * its table, and switching every protection piece off makes the claim fail. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/mlc-sttram/';
/** The value of the readout whose label starts with `label` ("Protected at" must not match "Unprotected at"). */
const readout = (w: Locator, label: string) =>
  w.locator('.sl-readout').filter({ has: w.page().locator('dt', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }) }).locator('dd');

async function setNumber(w: Locator, name: string, value: string) {
  const input = w.locator(`input[type=number][data-param=${name}]`);
  if ((await input.count()) > 0) {
    await input.fill(value);
    await input.press('Enter');
    return;
  }
  // Sliders without a number box: set the value and fire the events a reader's drag would.
  await w.locator(`input[data-param=${name}]`).first().evaluate((el, v) => {
    const i = el as HTMLInputElement;
    i.value = v;
    i.dispatchEvent(new Event('input', { bubbles: true }));
    i.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

test('bit viewer: exact words and flips, and the |w| ≥ 2 failure', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-mlc-sttram-bits');
  await wake(w);
  await expect(readout(w, 'w as fp16')).toHaveText('−0.75 (0xBA00)');
  await expect(readout(w, 'Bit 14 flips, read as stored')).toHaveText('−49152');
  await expect(readout(w, 'Bit 14 flips, guarded reader')).toHaveText('−0.75');
  await expect(readout(w, 'Costly cells')).toHaveText('fp16 3 of 8 · with sign copy 2 of 8');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await setNumber(w, 'w', '0.5');
  await expect(readout(w, 'w as fp16')).toHaveText('0.5 (0x3800)');
  await expect(readout(w, 'Bit 14 flips, read as stored')).toHaveText('32768');
  await setNumber(w, 'flip', '9');
  await expect(readout(w, 'Bit 9 flips, read as stored')).toHaveText('0.75');
  await setNumber(w, 'w', '2');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  await expect(w.locator('.sl-claim')).toContainText('returns 0');
  expect(errors).toEqual([]);
});

test('fault injection: the claim holds at seed 1; with every piece off it fails', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-mlc-sttram-faults');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await expect(readout(w, 'Error-free test accuracy')).toHaveText('not trained yet');
  const t0 = Date.now();
  await runToDone(w);
  console.info(`mlc-sttram fault run in Chromium: ${Date.now() - t0} ms (incl. click and polling)`);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(9);
  await expect(readout(w, 'Error-free test accuracy')).toHaveText(/^0\.9\d\d$/);
  await expect(readout(w, 'Protected at 10⁻³')).toHaveText(/^mean 0\.9\d\d · worst 0\.9\d\d$/);

  await page.goto(`${path}?mlc-sttram-faults.backup=false&mlc-sttram-faults.guard=false&mlc-sttram-faults.pairing=false`);
  const off = page.locator('#w-mlc-sttram-faults');
  await wake(off);
  await expect(off.locator('.sl-claim-statement')).toContainText('no protection switched on');
  await runToDone(off);
  await expect(off.locator('.sl-claim')).toHaveAttribute('data-holds', 'false');
  await expect(readout(off, 'Costly cells: plain → yours')).toHaveText(/^(\d+\.\d)% → \1%$/);
  expect(errors).toEqual([]);
});
