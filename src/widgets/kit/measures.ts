/**
 * Publishes a view's named measurements after each render, for predict-then-run questions:
 * a `softlab:measures` event on the widget element and the same data in `data-measures`
 * (so a question that appears later can read the latest one).
 */
import type { ParamValues } from './params';

export const MEASURES_EVENT = 'softlab:measures';

export interface MeasuresDetail {
  widget: string;
  measures: Record<string, number>;
  values: ParamValues;
  seed: number;
  kind: 'instant' | 'iterative';
  /** Runs started so far (iterative widgets): a question waits for a run started after its answer. */
  run: number;
  /** The run has finished (always true for instant widgets). */
  done: boolean;
}

export function publishMeasures(root: HTMLElement, detail: MeasuresDetail): void {
  const finite = Object.fromEntries(Object.entries(detail.measures).filter(([, v]) => Number.isFinite(v)));
  const d = { ...detail, measures: finite };
  root.dataset.measures = JSON.stringify(d);
  root.dispatchEvent(new CustomEvent<MeasuresDetail>(MEASURES_EVENT, { detail: d, bubbles: true }));
}
