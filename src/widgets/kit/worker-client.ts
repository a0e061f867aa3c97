/**
 * The page side of a training widget's Web Worker: starts it lazily, numbers runs, drops messages
 * from runs that were reset, and terminates it on stop (DESIGN.md §3).
 */
import type { ParamValues } from './params';
import type { FromWorker, ToWorker } from './worker-protocol';

export class WorkerClient {
  private worker: Worker | null = null;
  private runId = 0;

  constructor(
    private readonly make: (() => Worker) | undefined,
    private readonly onMessage: (m: FromWorker) => void,
    private readonly onFailure: (e: Error) => void,
  ) {}

  start(params: ParamValues, seed: number, paused: boolean): void {
    this.runId++;
    this.post({ type: 'start', runId: this.runId, params: { ...params }, seed, paused });
  }
  pause(): void {
    this.post({ type: 'pause', runId: this.runId });
  }
  resume(): void {
    this.post({ type: 'resume', runId: this.runId });
  }
  step(): void {
    this.post({ type: 'step', runId: this.runId });
  }

  /** Terminates the worker; any message still in flight belongs to an old run and is dropped. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.runId++;
  }

  private post(m: ToWorker): void {
    this.ensure().postMessage(m);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    if (!this.make) throw new Error('this widget has no worker');
    const w = this.make();
    w.onmessage = (ev: MessageEvent<FromWorker>) => {
      if (ev.data.runId === this.runId) this.onMessage(ev.data);
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      this.onFailure(new Error(ev.message || 'the worker failed to start'));
    };
    this.worker = w;
    return w;
  }
}
