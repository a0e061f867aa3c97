/**
 * What a widget is, as data: a parameter table plus either a pure `compute` (instant widgets) or
 * an `initial`/`reduce` pair folded over progress messages from a Web Worker (iterative widgets),
 * and a `view` that turns results into charts, readouts, a claim check, a table and a summary.
 *
 * The same spec runs on the server (the static figure of the default state, for readers without
 * JavaScript) and in the browser (`runtime.ts`). Specs never touch the DOM.
 */
import type { ParamSpec, ParamValues } from './params';
import type { ChartSpec } from './charts';
import type { EditSpec } from './edit-spec';

export interface Readout {
  label: string;
  value: string;
  /** Colours the readout like the chart series it belongs to. */
  role?: 'method' | 'baseline' | 'neutral';
  /** A wall-clock measurement that differs between runs of the same seed (tests skip it). */
  volatile?: boolean;
}

export interface ClaimCheck {
  /** The claim in one sentence, as measured here. */
  statement: string;
  /** true = holds, false = fails, null = not measured yet (e.g. before a run). */
  holds: boolean | null;
  /** The measured numbers behind the verdict, in plain words. */
  detail: string;
}

export interface DataTable {
  /** Column names: the CSV header row. */
  columns: string[];
  rows: (number | string)[][];
}

export interface View {
  charts: ChartSpec[];
  readouts?: Readout[];
  claim?: ClaimCheck;
  table: DataTable;
  /** A sentence or two describing what the chart shows, for screen readers and no-JS readers. */
  summary: string;
  /**
   * Named numbers this view measured (optional). The runtime publishes them after each render
   * (a `softlab:measures` event and `data-measures`), and predict-then-run questions check the
   * reader's answer against them. Use plain identifiers; omit a key until it is measured.
   */
  measures?: Record<string, number>;
}

interface BaseSpec {
  /** URL prefix and element id, e.g. "sgdr-schedule". Lowercase with a hyphen. */
  id: string;
  title: string;
  params: readonly ParamSpec[];
  /** Whether a seed control is shown (and the seed kept in the URL). */
  seeded: boolean;
  defaultSeed?: number;
}

export interface InstantSpec<P extends ParamValues = ParamValues> extends BaseSpec {
  kind: 'instant';
  /** Pure and fast (one frame): recomputed on every control change. */
  compute(p: P, seed: number): View;
  /** Optional direct manipulation: records in a text parameter, draggable on a chart (edit-spec.ts). */
  edit?: EditSpec;
}

/** Re-exported from core so widgets and techniques share one definition. */
export type { Progress } from '../../core/progress';

export interface IterativeSpec<P extends ParamValues = ParamValues, S = unknown, D = unknown> extends BaseSpec {
  kind: 'iterative';
  /** State before running (cheap: drawn at build time as the static figure). */
  initial(p: P, seed: number): S;
  /** Folds one progress delta into the state (returns the new state; may mutate and return it). */
  reduce(s: S, delta: D, p: P): S;
  view(s: S, p: P, done: boolean): View;
  /** Non-finite numbers in a delta stop the run with a message unless this is true. */
  allowNonFinite?: boolean;
  /** Short label of the run button, default "Run". */
  runLabel?: string;
}

export type WidgetSpec = InstantSpec<any> | IterativeSpec<any, any, any>;

/** Identity helpers that keep the parameter types when a spec is written as an object literal. */
export function defineInstant<P extends ParamValues>(spec: InstantSpec<P>): InstantSpec<P> {
  return spec;
}
export function defineIterative<P extends ParamValues, S, D>(spec: IterativeSpec<P, S, D>): IterativeSpec<P, S, D> {
  return spec;
}
