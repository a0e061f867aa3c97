/** Plain-text descriptions shared by the server render and the browser (no DOM). */
import { describeParam, type ParamValues } from './params';
import type { WidgetSpec } from './widget';

/** "Settings: η_max: 0.2 · First cycle T0: 2 epochs · seed: 1", for print, worksheets, present mode and locked links. */
export function settingsText(spec: WidgetSpec, values: ParamValues, seed: number): string {
  const parts = spec.params.map((p) => `${p.label.replace(/\s*\(.*\)$/, '')}: ${describeParam(p, values[p.name] ?? p.default)}`);
  if (spec.seeded) parts.push(`seed: ${seed}`);
  return `Settings: ${parts.join(' · ')}`;
}
