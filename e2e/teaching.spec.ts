/**
 * The teacher's side: courses, predict-then-run questions checked against live widgets, progress
 * and completion codes, teacher links (lock/hide/prose), embeds, worksheets and present mode.
 */
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { runToDone, wake, watchErrors } from './helpers';

const NEURON = 'snn-soft-reset-mpr-neuron';
const SNN = 'lessons/snn-soft-reset-mpr/';

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes[0]?.target}`)).toEqual([]);
}

test.describe('courses', () => {
  test('course page lists lessons with time, graph and progress; lesson links lead to "next in this course"', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('courses/resets-restarts/');
    await expect(page.locator('h1')).toHaveText('Resets and restarts');
    await expect(page.locator('.sl-course-item')).toHaveCount(2);
    await expect(page.locator('.sl-week').first()).toHaveText('Week 1');
    await expect(page.locator('.sl-course-graph svg rect')).toHaveCount(2);
    await expect(page.locator('.sl-graph-words li')).toHaveCount(2);
    await expect(page.locator('[data-summary]')).toContainText('Lessons opened: 0 of 2');
    await page.locator('.sl-course-title').first().click();
    await expect(page).toHaveURL(/snn-soft-reset-mpr\/\?course=resets-restarts/);
    const next = page.locator('.sl-course-next[data-course="resets-restarts"]').first();
    await expect(next).toBeVisible();
    await expect(next).toContainText('Next in this course');
    await next.locator('a.sl-btn').click();
    await expect(page).toHaveURL(/lessons\/sgdr\/\?course=resets-restarts/);
    await expect(page.locator('.sl-course-next[data-course="resets-restarts"]').first()).toContainText('Last lesson');
    // Without ?course= the block stays hidden.
    await page.goto('lessons/sgdr/');
    await expect(page.locator('.sl-course-next').first()).toBeHidden();
    await page.goto('courses/resets-restarts/');
    await expect(page.locator('[data-summary]')).toContainText('Lessons opened: 2 of 2');
    expect(errors).toEqual([]);
  });

  for (const path of ['courses/', 'courses/tour/']) test(`axe: ${path}`, async ({ page }) => {
    await page.goto(path);
    await axe(page);
  });
});

test.describe('predict-then-run', () => {
  test('an answer is committed, locked, and checked against the live widget (instant widget, required setting)', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(SNN);
    const q = page.locator('#q-hard-spikes');
    await expect(q.locator('button[type=submit]')).toBeEnabled();
    await q.locator('input[type=number]').fill('3');
    await q.locator('button[type=submit]').click();
    await expect(q.locator('input[type=number]')).toBeDisabled();
    // Checked against what the widget measures (4 spikes with hard reset at x = 0.3, T = 8), not a key.
    await wake(page.locator(`#w-${NEURON}`));
    await expect(q).toHaveAttribute('data-state', 'graded');
    await expect(q.locator('.sl-predict-status')).toContainText('you predicted 3; the figure measured 4');
    await expect(q.locator('.sl-predict-explain')).toBeVisible();

    const c = page.locator('#q-soft-vs-hard-07');
    await c.locator('input[type=radio]').first().check();
    await c.locator('button[type=submit]').click();
    await expect(c.locator('.sl-predict-status')).toContainText('set x = 0.7');
    await page.locator(`#w-${NEURON} input.sl-exact[data-param=x]`).fill('0.7');
    await page.locator(`#w-${NEURON} input.sl-exact[data-param=x]`).press('Enter');
    await expect(c).toHaveAttribute('data-state', 'graded');
    await expect(c).toHaveClass(/sl-right/);
    await expect(c.locator('.sl-predict-status')).toContainText('Right');
    expect(errors).toEqual([]);
  });

  test('an iterative widget checks the answer only from a run started after the commit', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('lessons/sgdr/');
    const race = page.locator('#w-sgdr-race');
    await wake(race);
    await runToDone(race);
    const measured = await race.evaluate((e) => JSON.parse(e.dataset.measures ?? '{}').measures.sgdrAcc6 as number);
    expect(measured).toBeGreaterThan(0.3);
    const q = page.locator('#q-acc-at-6');
    await q.locator('input[type=number]').fill(measured.toFixed(3));
    await q.locator('button[type=submit]').click();
    await expect(q.locator('.sl-predict-status')).toContainText('Now run');
    await race.locator('[data-action=run]').click();
    await expect(q).toHaveAttribute('data-state', 'graded', { timeout: 90_000 });
    await expect(q).toHaveClass(/sl-right/);
  });
});

test.describe('progress', () => {
  test('persists across reloads, shows on the course page, makes a verifiable code, and resets', async ({ page }) => {
    await page.goto('lessons/online-softmax/');
    const q = page.locator('#q-rescales');
    await q.locator('input[type=number]').fill('2');
    await q.locator('button[type=submit]').click();
    await wake(page.locator('#w-online-softmax-stepper'));
    await expect(q).toHaveClass(/sl-right/);
    const ex = page.locator('.sl-exercise').first();
    await ex.locator('[data-action=mark-done]').click();
    await expect(ex.locator('[data-action=mark-done]')).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(page.locator('#q-rescales input[type=number]')).toBeDisabled();
    await expect(page.locator('#q-rescales input[type=number]')).toHaveValue('2');
    await expect(page.locator('#q-rescales')).toHaveClass(/sl-right/);
    await expect(page.locator('.sl-exercise').first().locator('[data-action=mark-done]')).toHaveAttribute('aria-pressed', 'true');

    await page.goto('courses/tour/');
    const item = page.locator('.sl-course-item[data-lesson="online-softmax"] [data-progress]');
    await expect(item).toContainText('Opened');
    await expect(item).toContainText('questions answered 1 of 2 (1 matched');
    await expect(item).toContainText('exercises done 1 of 3');
    await page.locator('#progress-name').fill('Ada Lovelace');
    await page.locator('[data-action=make-code]').click();
    const code = await page.locator('[data-code]').getAttribute('data-value');
    expect(code).toMatch(/^[0-9A-Z-]+$/);
    const v = spawnSync(process.execPath, ['scripts/verify-code.ts', code!, '--name', 'ada lovelace'], { encoding: 'utf8', env: { ...process.env, SOFTLAB_CODE_SALT: '' } });
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain('course "tour"');
    expect(v.stdout).toMatch(/online-softmax\s+opened\s+questions answered 1 \(1 matched\)\s+exercises done 1/);

    const download = page.waitForEvent('download');
    await page.locator('[data-action=export]').click();
    expect((await download).suggestedFilename()).toBe('softlab-progress-tour.json');

    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-action=reset]').click();
    await expect(page.locator('[data-summary]')).toContainText(/Lessons opened: 0 of \d+/);
    await page.reload();
    await expect(page.locator('[data-summary]')).toContainText(/Questions answered: 0 of \d+/);
    await page.goto('lessons/online-softmax/');
    await expect(page.locator('#q-rescales input[type=number]')).toBeEnabled();
  });

  test('garbage in storage does not break the page', async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => localStorage.setItem('softlab-progress-v1', '{"v":1,"visited":"<img src=x onerror=alert(1)>","answers":[1,2]}'));
    await page.goto('courses/tour/');
    await expect(page.locator('[data-summary]')).toContainText('Lessons opened:');
    expect(errors).toEqual([]);
  });
});

test.describe('teacher links', () => {
  const link = `${SNN}?${NEURON}.x=0.7&${NEURON}.lock=x,bogus&${NEURON}.hide=leak#w-${NEURON}`;

  test('lock and hide are applied, survive changes, cannot be lifted from the page, and ignore unknown names', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(link);
    const w = page.locator(`#w-${NEURON}`);
    await wake(w);
    await expect(w.locator('input.sl-exact[data-param=x]')).toBeDisabled();
    await expect(w.locator('input.sl-exact[data-param=x]')).toHaveValue('0.7');
    await expect(w.locator('input[type=range][data-param=x]')).toBeDisabled();
    await expect(w.locator('.sl-control:has([data-param=x])')).toContainText('(locked)');
    await expect(w.locator('.sl-control:has([data-param=leak])')).toBeHidden();
    await expect(w.locator('.sl-settings')).toBeVisible();
    await expect(w.locator('.sl-settings')).toContainText('Leak λ: 1');
    await expect(w.locator('.sl-notice')).toContainText('bogus');
    // Changing an unlocked control keeps the restrictions in the URL (and in copied links).
    await w.locator('input.sl-exact[data-param=T]').fill('12');
    await w.locator('input.sl-exact[data-param=T]').press('Enter');
    await expect(page).toHaveURL(/lock=x/);
    await expect(page).toHaveURL(/hide=leak/);
    // The teacher panel shows them checked and disabled: the UI cannot remove a restriction.
    await w.locator('.sl-teacher summary').click();
    await expect(w.locator('input[data-restrict=lock][value=x]')).toBeChecked();
    await expect(w.locator('input[data-restrict=lock][value=x]')).toBeDisabled();
    await expect(w.locator('input[data-restrict=hide][value=leak]')).toBeDisabled();
    // Adding a restriction in the panel produces a link with both.
    await w.locator('input[data-restrict=lock][value=T]').check();
    const made = await w.locator('[data-teacher-link]').inputValue();
    expect(new URL(made).searchParams.get(`${NEURON}.lock`)).toBe('x,T');
    expect(new URL(made).searchParams.get(`${NEURON}.hide`)).toBe('leak');
    expect(new URL(made).searchParams.get(`${NEURON}.T`)).toBe('12');
    await page.reload();
    await wake(w);
    await expect(w.locator('input.sl-exact[data-param=x]')).toBeDisabled();
    // Only editing the URL to fewer restrictions lifts one.
    await page.goto(`${SNN}?${NEURON}.x=0.7&${NEURON}.hide=leak`);
    await wake(w);
    await expect(w.locator('input.sl-exact[data-param=x]')).toBeEnabled();
    await expect(w.locator('.sl-control:has([data-param=leak])')).toBeHidden();
    expect(errors).toEqual([]);
  });

  test('a made link hides the prose around the figures', async ({ page }) => {
    await page.goto(SNN);
    const w = page.locator(`#w-${NEURON}`);
    await wake(w);
    await w.locator('.sl-teacher summary').click();
    await w.locator('input[data-prose]').check();
    await w.locator('input[data-restrict=hide][value=leak]').check();
    const made = await w.locator('[data-teacher-link]').inputValue();
    expect(made).toContain('prose=hide');
    await page.goto(made);
    await expect(page.locator('.sl-prose-note').first()).toBeVisible();
    await expect(page.locator('.sl-article > p').first()).toBeHidden();
    await expect(w).toBeVisible();
    await expect(page.locator('.sl-exercise').first()).toBeVisible();
    await expect(page.locator('#q-hard-spikes')).toBeVisible();
  });
});

test.describe('embeds', () => {
  test('a widget renders alone with the same URL state and teacher flags; the Embed button shows the snippet', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(SNN);
    const lw = page.locator(`#w-${NEURON}`);
    await wake(lw);
    await lw.locator('[data-action=embed]').click();
    const snippet = await lw.locator('[data-embed-code]').inputValue();
    expect(snippet).toMatch(new RegExp(`^<iframe src="http://[^"]+/embed/${NEURON}/" title="One neuron, two resets"`));

    await page.goto(`embed/${NEURON}/?${NEURON}.x=0.9&${NEURON}.lock=x&${NEURON}.hide=T`);
    await expect(page.locator('.sl-header')).toHaveCount(0);
    await expect(page.locator('.sl-footer')).toHaveCount(0);
    await expect(page.locator('.sl-widget')).toHaveCount(1);
    const w = page.locator(`#w-${NEURON}`);
    await wake(w);
    await expect(w.locator('input.sl-exact[data-param=x]')).toHaveValue('0.9');
    await expect(w.locator('input.sl-exact[data-param=x]')).toBeDisabled();
    await expect(w.locator('.sl-control:has([data-param=T])')).toBeHidden();
    await expect(w.locator('.sl-teacher')).toBeHidden();
    await expect(page.locator('.sl-embed-credit a')).toHaveAttribute('href', /lessons\/snn-soft-reset-mpr\//);
    await axe(page);
    expect(errors).toEqual([]);
  });

  test('works inside an iframe', async ({ page }) => {
    const src = new URL('embed/sgdr-schedule/?sgdr-schedule.t0=3', test.info().project.use.baseURL).href;
    await page.setContent(`<iframe src="${src}" width="800" height="700" title="Embedded figure"></iframe>`);
    const frame = page.frameLocator('iframe');
    await expect(frame.locator('#w-sgdr-schedule')).toHaveAttribute('data-state', /ready|done/, { timeout: 20_000 });
  });
});

test.describe('worksheet and present mode', () => {
  test('worksheet: figures in the current state, questions and exercises with space, no solutions; axe clean; print', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`${SNN}?${NEURON}.x=0.9`);
    await page.locator('a.sl-worksheet-link').click();
    await expect(page).toHaveURL(/worksheet\/\?snn-soft-reset-mpr-neuron\.x=0\.9/);
    const w = page.locator(`#w-${NEURON}`);
    // Every figure wakes at once on a worksheet, with the lesson's settings.
    await expect(w).toHaveAttribute('data-state', /ready/);
    await expect(w.locator('.sl-settings')).toContainText('Input current x: 0.9');
    await expect(page.locator('.sl-solution')).toHaveCount(0);
    await expect(page.locator('.sl-hint')).toHaveCount(0);
    await expect(page.locator('.sl-answer-space')).toHaveCount(3);
    await expect(page.locator('.sl-predict-sheet')).toHaveCount(2);
    await expect(page.locator('.sl-predict-explain')).toHaveCount(0);
    await expect(page.locator('a.sl-back')).toHaveAttribute('href', /x=0\.9/);
    await axe(page);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.sl-controls').first()).toBeHidden();
    await expect(w.locator('.sl-settings')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('worksheet-print.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  test('present mode shows one figure full-viewport with large type; Esc exits; ?present= opens it', async ({ page }) => {
    await page.goto(SNN);
    const w = page.locator(`#w-${NEURON}`);
    await wake(w);
    const before = await w.locator('.sl-widget-title').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    await w.locator('[data-action=present]').click();
    await expect(w).toHaveClass(/sl-presenting/);
    const box = await w.boundingBox();
    const vp = page.viewportSize()!;
    expect(box?.width).toBeCloseTo(vp.width, -1);
    expect(box?.height).toBeCloseTo(vp.height, -1);
    const after = await w.locator('.sl-widget-title').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(after).toBeGreaterThan(before * 1.4);
    await expect(w.locator('.sl-settings')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('present.png') });
    await page.keyboard.press('Escape');
    await expect(w).not.toHaveClass(/sl-presenting/);
    await page.goto(`${SNN}?present=${NEURON}`);
    await expect(w).toHaveClass(/sl-presenting/, { timeout: 20_000 });
  });
});
