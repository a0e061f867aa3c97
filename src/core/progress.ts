/**
 * One message from a long-running computation (a training run, a benchmark): the contract
 * between generators in labs/techniques and the widget runtime. Lives in core so that every
 * layer can use it without importing upward.
 */
export interface Progress<D = unknown> {
  /** Steps done so far and the total, for the progress bar. */
  step: number;
  total: number;
  /** Whatever the widget spec's `reduce` folds into its state. Plain, structured-cloneable data. */
  delta: D;
  /** Optional status facts shown in the status line (tfjs backend, live tensor count). */
  info?: { backend?: string; numTensors?: number; note?: string };
}
