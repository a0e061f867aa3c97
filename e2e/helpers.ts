/** Shared Playwright helpers: the lesson list, waking widgets, and reading what they show. */
import { expect, type Locator, type Page } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';

/** Every lesson in content/lessons: one generated test block each. */
export const lessonSlugs = (existsSync('content/lessons') ? readdirSync('content/lessons') : [])
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();

/** Collects page errors and console errors (ignoring the browser's own network noise). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon|net::ERR_/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function wake(w: Locator): Promise<void> {
  await w.scrollIntoViewIfNeeded();
  await expect(w).toHaveAttribute('data-state', /^(ready|done)$/, { timeout: 20_000 });
}

/** Runs an iterative widget to the end (generous timeout: speed is measured by npm run bench). */
export async function runToDone(w: Locator): Promise<void> {
  await w.locator('[data-action=run]').click();
  await expect(w).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

/** The reproducible numbers a widget shows: its non-timing readouts, or the table header and size. */
export async function shownNumbers(w: Locator): Promise<string> {
  const readouts = await w.locator('.sl-readout:not(.sl-volatile)').allTextContents();
  const header = await w.locator('.sl-table thead').textContent();
  const rows = await w.locator('.sl-table tbody tr').count();
  return JSON.stringify({ readouts, header, rows });
}
