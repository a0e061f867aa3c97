/** Typed messages between a widget and its Web Worker. Every message carries the run id, so
 * messages from a run the reader has since reset are recognised and dropped. */
import type { ParamValues } from './params';
import type { Progress } from '../../core/progress';

export type ToWorker =
  | { type: 'start'; runId: number; params: ParamValues; seed: number; paused: boolean }
  | { type: 'resume'; runId: number }
  | { type: 'pause'; runId: number }
  | { type: 'step'; runId: number };

export type FromWorker =
  | { type: 'progress'; runId: number; progress: Progress }
  | { type: 'paused'; runId: number }
  | { type: 'done'; runId: number }
  | { type: 'error'; runId: number; message: string };

/** A run of a technique: an async generator of progress messages, the same one Vitest drives. */
export type RunFn = (params: any, seed: number) => AsyncGenerator<Progress, void, void>;
