/** Lesson-specific checks for softmax-masking-continual: the gradient widget's exercise numbers and
 * how they move with the controls; the three-task run trains on wasm, and switching the evaluation
 * changes what the charts show but not the class-incremental claim (same seed, same run). */
import { test, expect, type Locator } from '@playwright/test';
import { runToDone, wake, watchErrors } from './helpers';

const path = 'lessons/softmax-masking-continual/';
const readout = (w: Locator, label: string) => w.locator('.sl-readout', { hasText: label }).locator('dd');

test('gradients: the full softmax pushes old logits down, masks give them exactly zero', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(path);
  const w = page.locator('#w-softmax-masking-continual-gradients');
  await wake(w);
  await expect(readout(w, 'Push on the old logits')).toHaveText('0.716');
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'true');
  // Class 0 row: old, logit 3, +0.630796 under the full softmax (shown to 4 digits), 0 under both masks.
  const row0 = w.locator('.sl-table tbody tr').first().locator('td');
  await expect(row0.nth(3)).toHaveText('0.6308');
  await expect(row0.nth(4)).toHaveText('0');
  await expect(row0.nth(5)).toHaveText('0');

  // Raise the old logit 0 to 10: almost all probability goes to it, so its push approaches 1.
  const l0 = w.locator('input[type=number][data-param=l0]');
  await l0.fill('10');
  await l0.press('Enter');
  await expect(readout(w, 'Push on the old logits')).toHaveText('1');
  await expect(row0.nth(4)).toHaveText('0');

  // Task 1 is current: nothing is old, and the full softmax equals −∞ masking.
  await w.locator('select[data-param=task]').selectOption('1');
  await expect(readout(w, 'Push on the old logits')).toHaveText('no old classes');
  await expect(w.locator('.sl-claim')).toContainText('Task 1 has no old classes');
  expect(errors).toEqual([]);
});

test('three tasks: trains on wasm; the evaluation switch changes the charts, not the claim', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await page.goto(`${path}?softmax-masking-continual-tasks.stepsPerTask=50`);
  const w = page.locator('#w-softmax-masking-continual-tasks');
  await wake(w);
  await expect(w.locator('.sl-claim')).toHaveAttribute('data-holds', 'null');
  await runToDone(w);
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-claim')).not.toHaveAttribute('data-holds', 'null');
  // Reports at steps 0, 10, …, 150.
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(16);
  await expect(w.locator('.sl-output svg[role=img]')).toHaveCount(4);
  const claimClass = await w.locator('.sl-claim').textContent();
  const fullClass = await readout(w, 'full softmax (ER): old').textContent();

  await w.locator('select[data-param=evaluation]').selectOption('task');
  await expect(w).toHaveAttribute('data-state', 'ready');
  await runToDone(w);
  await expect(readout(w, 'full softmax (ER): old')).not.toHaveText(fullClass ?? '');
  await expect(w.locator('.sl-readout', { hasText: 'task-incremental' })).toHaveCount(3);
  expect(await w.locator('.sl-claim').textContent()).toBe(claimClass);
  expect(errors).toEqual([]);
});
