/**
 * Reading and writing a widget's server-rendered controls (Widget.astro). Values always pass
 * through the parameter table, so keyboard-typed values are clamped like URL values.
 */
import { formatParam, parseParam, type ParamSpec, type ParamValue, type ParamValues } from './params';

export type ControlInput = HTMLInputElement | HTMLSelectElement;

export function controlsFor(root: Element, name: string): ControlInput[] {
  return [...root.querySelectorAll<ControlInput>(`[data-param="${name}"]`)];
}

/** The control's value, clamped into range and onto the step grid; null if it is not a number yet. */
export function readControl(p: ParamSpec, input: ControlInput): { value: ParamValue; notice?: string } | null {
  if (p.kind === 'bool') return { value: (input as HTMLInputElement).checked };
  if (p.kind === 'enum') return { value: p.options?.find((o) => String(o) === input.value) ?? p.default };
  if (p.kind === 'text') return parseParam(p, input.value);
  const raw = input.dataset.scale === 'log' ? 10 ** Number(input.value) : Number(input.value);
  if (!Number.isFinite(raw)) return null;
  let x = Math.min(p.max ?? Infinity, Math.max(p.min ?? -Infinity, raw));
  if (p.kind === 'int') x = Math.round(x);
  else if (p.step && p.scale !== 'log') x = Number((Math.round((x - (p.min ?? 0)) / p.step) * p.step + (p.min ?? 0)).toPrecision(12));
  else x = Number(x.toPrecision(4));
  return raw === x ? { value: x } : { value: x, notice: `${p.label}: ${raw} is outside ${p.min}–${p.max}; set to ${x}.` };
}

/** Puts the values and seed into every control, except the one the reader is dragging. */
export function writeControls(root: Element, params: readonly ParamSpec[], values: ParamValues, seed: number, except?: Element): void {
  for (const p of params) {
    const v = values[p.name];
    for (const input of controlsFor(root, p.name)) {
      if (input === except) continue;
      if (p.kind === 'bool') (input as HTMLInputElement).checked = Boolean(v);
      else if (input.dataset.scale === 'log') input.value = String(Math.log10(Number(v)));
      else input.value = formatParam(v);
    }
  }
  const seedInput = root.querySelector<HTMLInputElement>('[data-seed]');
  if (seedInput && seedInput !== except) seedInput.value = String(seed);
}

/** Calls `onChange` when a control changes: while typing or sliding, and once more when committed. */
export function listenToControls(root: Element, params: readonly ParamSpec[], onChange: (p: ParamSpec, input: ControlInput, committed: boolean) => void): void {
  for (const p of params) {
    for (const input of controlsFor(root, p.name)) {
      // Text is applied when committed (Enter or leaving the field), not at every keystroke.
      if (p.kind !== 'text') input.addEventListener('input', () => onChange(p, input, false));
      input.addEventListener('change', () => onChange(p, input, true));
    }
  }
}

/**
 * The seed box and its "next seed" button. `onSeed` gets the new seed, or the current one with a
 * plain-text notice when the typed value is not a whole number in range.
 */
export function listenToSeed(root: Element, current: () => number, max: number, onSeed: (seed: number, notice: string | null) => void): void {
  const box = root.querySelector<HTMLInputElement>('[data-seed]');
  box?.addEventListener('change', () => {
    const v = Number(box.value);
    if (Number.isInteger(v) && v >= 0 && v <= max) onSeed(v, null);
    else onSeed(current(), `Seed must be a whole number from 0 to ${max}; kept ${current()}.`);
  });
  root.querySelector('[data-action="next-seed"]')?.addEventListener('click', () => onSeed((current() + 1) % (max + 1), null));
}

/** Clicks on the frame's `[data-action=name]` button. */
export function onAction(root: Element, name: string, f: () => void): void {
  root.querySelector(`[data-action="${name}"]`)?.addEventListener('click', f);
}
