/**
 * Build-time rendering of a widget's default state, by the same spec and chart code the browser
 * runs, into a server DOM (linkedom). The result is the figure a reader without JavaScript sees.
 */
import { parseHTML } from 'linkedom';
import { defaults } from './params';
import { renderView } from './view-dom';
import type { WidgetSpec } from './widget';

export const STATIC_WIDTH = 640;

export function staticViewHtml(spec: WidgetSpec): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="out"></div></body></html>');
  const out = document.getElementById('out') as unknown as HTMLElement;
  const values = defaults(spec.params);
  const seed = spec.defaultSeed ?? 1;
  const view = spec.kind === 'instant' ? spec.compute(values, seed) : spec.view(spec.initial(values, seed), values, false);
  renderView(out, view, STATIC_WIDTH, document as unknown as Document, spec.title);
  return out.innerHTML;
}
