/** Lesson-specific checks for sgdr: the schedule's restarts and the paper's setting, the anytime
 * race's claim at the default seed, and the "nothing to compare" case of a long first cycle. */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/sgdr/';

const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

test('schedule explorer: restarts at 2, 6, 14; the paper setting ends mid-cycle; the bug adds a series', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-sgdr-schedule');
  await wake(w);
  await expect(readout(w, 'Restart epochs')).toHaveText('2, 6, 14');
  await expect(readout(w, 'The budget ends')).toHaveText('at the end of cycle 4');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await w.locator('select[data-param=setting]').selectOption('wrn');
  await expect(readout(w, 'Restart epochs')).toHaveText('10, 30, 70, 150');
  await expect(readout(w, 'The budget ends')).toContainText('in the middle of cycle 5');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await w.locator('select[data-param=setting]').selectOption('toy');
  await w.locator('input[type=checkbox][data-param=perEpoch]').check();
  await expect(w.locator('.sl-legend li')).toHaveCount(3);
  expect(errors).toEqual([]);
});

test('anytime race: the claim holds at seed 1 and the stop table fills in', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-sgdr-race');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await expect(readout(w, 'Stop at epoch 6')).toHaveText('not reached yet');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(31);
  for (const e of [2, 6, 14, 30]) await expect(readout(w, `Stop at epoch ${e} `)).toHaveText(/^SGDR 0\.\d{3} · step 0\.\d{3}$/);
  expect(errors).toEqual([]);
});

test('anytime race: a long first cycle leaves nothing to compare, and the claim says so', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto(`${path}?sgdr-race.t0=10&sgdr-race.tMult=1`);
  const w = page.locator('#w-sgdr-race');
  await wake(w);
  await expect(w.locator('.sl-claim-statement')).toContainText('no anytime snapshot to compare');
  await runToDone(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
});
