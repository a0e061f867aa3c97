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
