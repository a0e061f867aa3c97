/** The shared prompt-tuning bench on /kit/: loads the committed tiny-LM checkpoint in a worker,
 * trains vanilla PT and DPT on wasm, shows parameter counts, accuracy and predictions; a rerun at
 * the same seed repeats the numbers and leaves the tensor count where it was; long main-thread
 * tasks are recorded (the budget is 50 ms). */
import { test, expect } from '@playwright/test';
import { runToDone, shownNumbers, wake, watchErrors } from './helpers';

test('prompt bench: trains both methods on the frozen tiny LM, reproducibly, without leaking', async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    try {
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: true });
    } catch {
      /* longtask not supported */
    }
  });
  const errors = watchErrors(page);
  await page.goto('kit/');
  const w = page.locator('#w-prompt-bench');
  await wake(w);
  await expect(w.locator('.sl-readout', { hasText: 'vanilla PT (k=8): 512 trainable parameters' })).toHaveCount(1);
  await expect(w.locator('.sl-readout', { hasText: 'DPT (b=2): 144 trainable parameters' })).toHaveCount(1);
  const long0 = await page.evaluate(() => (window as unknown as { __long: number[] }).__long.length);
  const t0 = Date.now();
  await runToDone(w);
  const seconds = (Date.now() - t0) / 1000;
  await expect(w.locator('.sl-status')).toContainText('wasm');
  await expect(w.locator('.sl-table tbody tr')).toHaveCount(14);
  await expect(w.locator('.sl-readout', { hasText: '→ true' })).toHaveCount(4);
  const first = await shownNumbers(w);
  const tensors = await w.getAttribute('data-tensors');
  const longDuring = await page.evaluate((n) => (window as unknown as { __long: number[] }).__long.slice(n), long0);
  console.log(`prompt bench, 60 steps × 2 methods (default): ${seconds.toFixed(1)} s; long tasks during the run (ms): ${JSON.stringify(longDuring.map(Math.round))}`);
  await w.locator('[data-action=reset]').click();
  await runToDone(w);
  expect(await shownNumbers(w)).toBe(first);
  expect(await w.getAttribute('data-tensors')).toBe(tensors);
  expect(errors).toEqual([]);
});
