/**
 * Writes to the parts of a widget's frame that Widget.astro renders: run buttons, status line,
 * notice and progress bar. Plain functions over the element, so runtime.ts only decides *what*
 * to show.
 */
export type WidgetState = 'asleep' | 'updating' | 'ready' | 'running' | 'paused' | 'done' | 'error';

/** Sets `data-state` and, for iterative widgets, which run buttons are enabled and what Run says. */
export function showState(el: HTMLElement, s: WidgetState, iterative: boolean, runLabel = 'Run'): void {
  el.dataset.state = s;
  if (!iterative) return;
  const b = (name: string) => el.querySelector<HTMLButtonElement>(`[data-action="${name}"]`)!;
  // After a run, Run starts a fresh run from the same settings (same seed, same numbers).
  const run = b('run');
  run.disabled = s === 'running';
  run.textContent = s === 'done' || s === 'error' ? 'Run again' : s === 'paused' ? 'Resume' : runLabel;
  b('pause').disabled = s !== 'running';
  b('step').disabled = s === 'running';
  b('reset').disabled = s === 'ready';
}

export function showStatus(el: HTMLElement, text: string): void {
  const s = el.querySelector<HTMLElement>('.sl-status');
  if (s) s.textContent = text;
}

/** Plain-text notices (from the URL or a teacher link); hidden when there are none. */
export function showNotices(el: HTMLElement, lines: string[]): void {
  const n = el.querySelector<HTMLElement>('.sl-notice');
  if (!n) return;
  n.textContent = lines.join(' ');
  n.hidden = lines.length === 0;
}

export function showProgress(el: HTMLElement, step: number, total: number): void {
  const bar = el.querySelector<HTMLProgressElement>('progress');
  if (bar) {
    bar.max = total;
    bar.value = step;
  }
}

/** "tfjs backend: wasm · tensors in memory: 34 · <note>" from what a run reported. */
export function describeInfo(info: { backend?: string; numTensors?: number; note?: string }): string {
  const parts: string[] = [];
  if (info.backend) parts.push(`tfjs backend: ${info.backend}`);
  if (info.numTensors !== undefined) parts.push(`tensors in memory: ${info.numTensors}`);
  if (info.note) parts.push(info.note);
  return parts.join(' · ');
}
