/**
 * The runs of an iterative widget: starting, pausing, stepping and resetting a worker run, and
 * folding its progress messages into the spec's state. runtime.ts owns the element and drawing;
 * this owns what a run is (state, run count, timing, what the worker reported).
 */
import type { ParamValues } from './params';
import type { IterativeSpec } from './widget';
import type { FromWorker } from './worker-protocol';
import { WorkerClient } from './worker-client';
import { findNonFinite } from './runtime-guards';
import { describeInfo, showProgress, showStatus, type WidgetState } from './frame-dom';

/** What the runner needs from its widget element. */
export interface RunnerHost {
  readonly el: HTMLElement;
  readonly spec: IterativeSpec;
  settings(): { values: ParamValues; seed: number };
  setState(s: WidgetState): void;
  /** 'throttled': soon, spaced out while running; 'frame': next frame; 'now': synchronously. */
  redraw(when: 'throttled' | 'frame' | 'now'): void;
  fail(e: unknown): void;
}

export class IterativeRunner {
  /** The spec's state folded from this run's messages (its `initial` before a run). */
  state: unknown;
  /** The current run has delivered its last message. */
  finished = false;
  /** Runs started so far (questions count only runs started after an answer). */
  runs = 0;
  private worker: WorkerClient;
  private started = 0;
  private info: { backend?: string; numTensors?: number; note?: string } = {};
  /** Paused because the widget scrolled off-screen (resumes when it is back). */
  private autoPaused = false;

  constructor(private readonly host: RunnerHost, makeWorker: (() => Worker) | undefined) {
    this.worker = new WorkerClient(makeWorker, (m) => this.onMessage(m), (e) => host.fail(e));
    const { values, seed } = host.settings();
    this.state = host.spec.initial(values, seed);
  }

  private get st(): string | undefined {
    return this.host.el.dataset.state;
  }
  private status(text: string) {
    showStatus(this.host.el, text);
  }
  private withInfo(text: string): string {
    const i = describeInfo(this.info);
    return i ? `${text} · ${i}` : text;
  }

  /** Settings changed or Reset: drop any run and show the initial state. */
  restart() {
    this.worker.stop();
    this.autoPaused = false;
    const { values, seed } = this.host.settings();
    this.state = this.host.spec.initial(values, seed);
    this.finished = false;
    this.host.setState('ready');
    this.status(`Ready: press ${this.host.spec.runLabel ?? 'Run'} to start.`);
    showProgress(this.host.el, 0, 1);
    this.host.redraw('frame');
  }

  run(paused = false) {
    try {
      const { values, seed } = this.host.settings();
      this.runs++;
      this.host.el.dataset.runs = String(this.runs);
      this.state = this.host.spec.initial(values, seed);
      this.finished = false;
      this.started = performance.now();
      this.info = {};
      this.worker.start(values, seed, paused);
      this.host.setState(paused ? 'paused' : 'running');
      this.status(paused ? 'Started paused.' : 'Starting…');
    } catch (e) {
      this.host.fail(e);
    }
  }

  /** The Run button: resumes a paused run, else starts a new one. */
  runOrResume() {
    if (this.st === 'paused') this.resume();
    else this.run();
  }

  pause(auto = false) {
    if (this.st !== 'running') return;
    this.autoPaused = auto;
    this.worker.pause();
    this.host.setState('paused');
    if (auto) this.status('Paused while off-screen; it resumes when you scroll back.');
  }

  resume() {
    this.autoPaused = false;
    this.worker.resume();
    this.host.setState('running');
  }

  /** Scrolled back into view: resume a run that was paused only for being off-screen. */
  resumeIfAutoPaused() {
    if (this.autoPaused && this.st === 'paused') this.resume();
  }

  step() {
    const st = this.st;
    if (st === 'ready' || st === 'error' || st === 'done') this.run(true);
    this.worker.step();
  }

  stop() {
    this.worker.stop();
  }

  private onMessage(m: FromWorker) {
    const { spec, el } = this.host;
    if (m.type === 'progress') {
      const p = m.progress;
      const bad = spec.allowNonFinite ? null : findNonFinite(p.delta, 'result');
      if (bad) {
        this.worker.stop();
        this.host.setState('error');
        this.status(`Stopped at step ${p.step}: ${bad} became NaN or infinite (the run diverged). Try a smaller learning rate or another seed, then Reset.`);
        el.querySelector<HTMLButtonElement>('[data-action="reset"]')!.disabled = false;
        return;
      }
      if (p.info) this.info = { ...this.info, ...p.info };
      if (this.info.numTensors !== undefined) el.dataset.tensors = String(this.info.numTensors);
      this.state = spec.reduce(this.state, p.delta, this.host.settings().values);
      showProgress(el, p.step, p.total);
      this.status(this.withInfo(`${this.st === 'paused' ? 'Paused' : 'Running'}: step ${p.step} of ${p.total}`));
      this.host.redraw('throttled');
    } else if (m.type === 'paused') {
      if (this.st === 'running') this.host.setState('paused');
      if (!this.autoPaused) this.status(`${this.withInfo('Paused')}. Run resumes, Step advances one step.`);
    } else if (m.type === 'done') {
      const secs = (performance.now() - this.started) / 1000;
      this.finished = true;
      // Draw the final state before announcing "done", so what a reader (or a test) sees then is final.
      this.host.redraw('now');
      el.dataset.seconds = secs.toFixed(2);
      this.status(`${this.withInfo(`Done in ${secs.toFixed(1)} s`)}.`);
      this.host.setState('done');
    } else if (m.type === 'error') {
      this.worker.stop();
      this.host.fail(new Error(m.message));
    }
  }
}
