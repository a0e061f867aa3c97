/**
 * The browser side of every widget: one custom element class, driven by a widget spec.
 *
 * The server has already rendered the frame, the controls and a static figure (Widget.astro).
 * When the element scrolls near, it loads its spec (a separate chunk, so Plot and the science
 * load only then), reads the URL state, enables the controls and draws the live figure. Iterative
 * widgets run their generator in a Web Worker; they pause while off-screen.
 */
import type { ParamSpec, ParamValues } from './params';
import { controlsFor, readControl, writeControls, type ControlInput } from './controls';
import { readWidgetState, writeWidgetState, SEED_MAX } from './url-state';
import { exportWidget, shareLink } from './export';
import { watchVisibility } from './onscreen';
import type { InstantSpec, IterativeSpec, View, WidgetSpec } from './widget';
import type { FromWorker } from './worker-protocol';
import { WorkerClient } from './worker-client';
import { findNonFinite } from './runtime-guards';
import type { Editor } from './interact';
import { attachTeacherTools, type TeacherTools } from './teacher-dom';
import { publishMeasures } from './measures';
import { readRestrictions } from './teacher-link';

/** Drawing code (and Observable Plot with it) loads only when a widget wakes. */
type ViewDom = typeof import('./view-dom');

type State = 'asleep' | 'updating' | 'ready' | 'running' | 'paused' | 'done' | 'error';

export function defineWidget(tag: string, load: () => Promise<WidgetSpec>, makeWorker?: () => Worker): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends SoftlabWidget {
      loadSpec = load;
      makeWorker = makeWorker;
    },
  );
}

abstract class SoftlabWidget extends HTMLElement {
  abstract loadSpec: () => Promise<WidgetSpec>;
  abstract makeWorker?: () => Worker;

  private spec!: WidgetSpec;
  private values: ParamValues = {};
  private seed = 1;
  private defaultSeed = 1;
  private iterState: unknown = null;
  private worker!: WorkerClient;
  private runStarted = 0;
  private lastInfo: { backend?: string; numTensors?: number; note?: string } = {};
  private autoPaused = false;
  private renderQueued = false;
  private lastRender = 0;
  private stopWatching: (() => void) | null = null;
  private runs = 0;
  /** The current run has delivered its last message. */
  private finished = false;
  private dom!: ViewDom;
  /** Direct manipulation of records on a chart, for specs with `edit` (loaded only then). */
  private editor: Editor | null = null;
  private teacher: TeacherTools | null = null;

  connectedCallback() {
    this.setState('asleep');
    this.stopWatching = watchVisibility(this, (v) => this.onVisibility(v));
    // Worksheets and present mode wake every figure at once (not only when scrolled near).
    if (document.documentElement.dataset.wake === 'eager') void this.onVisibility(true);
  }

  disconnectedCallback() {
    this.stopWatching?.();
    this.worker?.stop();
  }

  // ---- elements rendered by Widget.astro -------------------------------------------------
  private q<T extends Element>(sel: string): T | null {
    return this.querySelector<T>(sel);
  }
  private get output() {
    return this.q<HTMLElement>('.sl-output')!;
  }

  private setState(s: State) {
    this.dataset.state = s;
    const iter = this.spec?.kind === 'iterative';
    const b = (name: string) => this.q<HTMLButtonElement>(`[data-action="${name}"]`);
    if (iter) {
      // After a run, Run starts a fresh run from the same settings (same seed, same numbers).
      const run = b('run')!;
      run.disabled = s === 'running';
      run.textContent = s === 'done' || s === 'error' ? 'Run again' : s === 'paused' ? 'Resume' : (this.spec as IterativeSpec).runLabel ?? 'Run';
      b('pause')!.disabled = s !== 'running';
      b('step')!.disabled = s === 'running';
      b('reset')!.disabled = s === 'ready';
    }
  }

  private status(text: string) {
    const s = this.q<HTMLElement>('.sl-status');
    if (s) s.textContent = text;
  }

  private notify(lines: string[]) {
    const n = this.q<HTMLElement>('.sl-notice');
    if (!n) return;
    n.textContent = lines.join(' ');
    n.hidden = lines.length === 0;
  }

  // ---- waking ---------------------------------------------------------------------------
  private async onVisibility(visible: boolean) {
    if (visible && this.dataset.state === 'asleep') {
      this.dataset.state = 'loading';
      try {
        await this.wake();
      } catch (e) {
        this.fail(e);
      }
      return;
    }
    if (this.spec?.kind !== 'iterative') return;
    if (!visible && this.dataset.state === 'running') {
      this.autoPaused = true;
      this.pause();
      this.status('Paused while off-screen; it resumes when you scroll back.');
    } else if (visible && this.autoPaused && this.dataset.state === 'paused') {
      this.autoPaused = false;
      this.resume();
    }
  }

  private async wake() {
    [this.spec, this.dom] = await Promise.all([this.loadSpec(), import('./view-dom')]);
    this.worker = new WorkerClient(this.makeWorker, (m) => this.onWorker(m), (e) => this.fail(e));
    this.defaultSeed = Number(this.dataset.defaultSeed ?? this.spec.defaultSeed ?? 1);
    const st = readWidgetState(this.spec.id, this.spec.params, location.search, this.defaultSeed);
    this.values = st.values;
    this.seed = st.seed;
    this.bindControls();
    this.syncControls();
    this.teacher = attachTeacherTools(this, this.spec, () => ({ values: this.values, seed: this.seed }));
    this.notify([...st.notices, ...this.teacher.notices]);
    const edit = this.spec.kind === 'instant' ? this.spec.edit : undefined;
    // A teacher link that locks the edited parameter also turns off dragging on the chart.
    const editLocked = edit && readRestrictions(this.spec.id, this.spec.params, this.spec.seeded, location.search).lock.includes(edit.param);
    if (edit && !editLocked) {
      const param = this.spec.params.find((p) => p.name === edit.param)!;
      const set = (v: string, commit: boolean) => {
        this.values[edit.param] = v;
        this.syncControls();
        if (commit) this.changed();
        else this.refresh();
      };
      this.editor = (await import('./interact')).mountEditor(this, edit, { get: () => String(this.values[edit.param]), set, fallback: String(param.default) });
    }
    this.q<HTMLFieldSetElement>('fieldset.sl-controls')?.removeAttribute('disabled');
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((e) => (e.hidden = false));
    this.querySelectorAll<HTMLElement>('[data-no-js]').forEach((e) => (e.hidden = true));
    this.refresh();
  }

  private fail(e: unknown) {
    const msg = e instanceof Error ? e.message : String(e);
    this.setState('error');
    this.status(`Something went wrong in this widget: ${msg}. The rest of the page still works; press Reset to try again.`);
    this.q<HTMLButtonElement>('[data-action="reset"]')?.removeAttribute('disabled');
    console.warn(`[${this.spec?.id ?? this.localName}]`, e);
  }

  // ---- controls ---------------------------------------------------------------------------
  private bindControls() {
    for (const p of this.spec.params) {
      for (const input of controlsFor(this, p.name)) {
        // Text is applied when committed (Enter or leaving the field), not at every keystroke.
        if (p.kind !== 'text') input.addEventListener('input', () => this.onControl(p, input));
        input.addEventListener('change', () => this.onControl(p, input, true));
      }
    }
    const seed = this.q<HTMLInputElement>('[data-seed]');
    seed?.addEventListener('change', () => {
      const v = Number(seed.value);
      if (Number.isInteger(v) && v >= 0 && v <= SEED_MAX) {
        this.seed = v;
        this.notify([]);
      } else {
        this.notify([`Seed must be a whole number from 0 to ${SEED_MAX}; kept ${this.seed}.`]);
      }
      this.syncControls();
      this.changed();
    });
    this.q('[data-action="next-seed"]')?.addEventListener('click', () => {
      this.seed = (this.seed + 1) % (SEED_MAX + 1);
      this.syncControls();
      this.changed();
    });
    const on = (name: string, f: () => void) => this.q(`[data-action="${name}"]`)?.addEventListener('click', f);
    on('run', () => (this.dataset.state === 'paused' ? this.resume() : this.run()));
    on('pause', () => {
      this.autoPaused = false;
      this.pause();
    });
    on('step', () => this.step());
    on('reset', () => this.reset());
    on('copy-link', () => void this.copyLink());
    for (const kind of ['csv', 'svg', 'png'] as const) on(kind, () => void this.exportAs(kind));
  }

  private onControl(p: ParamSpec, input: ControlInput, committed = false) {
    const r = readControl(p, input);
    if (!r) {
      if (committed) this.syncControls();
      return;
    }
    if (r.notice && committed) this.notify([r.notice]);
    if (this.values[p.name] === r.value && !committed) return;
    this.values[p.name] = r.value;
    this.syncControls(input);
    this.changed(p.viewOnly);
  }

  private syncControls(except?: Element) {
    writeControls(this, this.spec.params, this.values, this.seed, except);
  }

  /** This widget's part of the URL query (defaults omitted), merged into the page's. */
  private search(): string {
    return writeWidgetState(this.spec.id, this.spec.params, { values: this.values, seed: this.seed }, location.search, this.defaultSeed);
  }

  /** A settings change: written to the URL, then recomputed (or only redrawn, for display-only ones). */
  private changed(viewOnly = false) {
    history.replaceState(history.state, '', location.pathname + this.search() + location.hash);
    this.teacher?.changed();
    if (viewOnly && this.spec.kind === 'iterative') this.queueRender(true);
    else this.refresh();
  }

  // ---- computing and drawing ----------------------------------------------------------------
  private refresh() {
    if (this.spec.kind === 'instant') {
      // "updating" until the redraw lands, so "ready" always means the figure shows these settings.
      this.setState('updating');
      this.queueRender();
      return;
    }
    // A change of settings invalidates a run in progress: start over from the initial state.
    this.worker.stop();
    this.iterState = (this.spec as IterativeSpec).initial(this.values, this.seed);
    this.finished = false;
    this.setState('ready');
    this.status(`Ready: press ${this.spec.runLabel ?? 'Run'} to start.`);
    this.setProgress(0, 1);
    this.queueRender(true);
  }

  private currentView(): View {
    if (this.spec.kind === 'instant') return (this.spec as InstantSpec).compute(this.values, this.seed);
    const s = this.spec as IterativeSpec;
    return s.view(this.iterState, this.values, this.finished);
  }

  /** Coalesces redraws to one per frame (and at most ~8/s while training, to keep frames short). */
  private queueRender(now = false) {
    if (this.renderQueued) return;
    this.renderQueued = true;
    const minGap = this.dataset.state === 'running' && !now ? 120 : 0;
    const wait = Math.max(0, this.lastRender + minGap - performance.now());
    const go = () =>
      requestAnimationFrame(() => {
        this.renderQueued = false;
        this.renderNow();
      });
    if (wait > 0) setTimeout(go, wait);
    else go();
  }

  /** Draws the current view at once (a pending queued redraw will draw the same state again). */
  private renderNow() {
    this.lastRender = performance.now();
    try {
      const width = Math.max(280, Math.min(720, this.output.clientWidth || 640));
      const t0 = performance.now();
      const view = this.currentView();
      this.dom.renderView(this.output, view, width, document, this.spec.title);
      if (view.measures)
        publishMeasures(this, { widget: this.spec.id, measures: view.measures, values: { ...this.values }, seed: this.seed, kind: this.spec.kind, run: this.runs, done: this.spec.kind === 'instant' || this.finished });
      this.editor?.afterRender(this.output);
      // Compute + draw time of this redraw, read by the benchmark script.
      this.dataset.renderMs = (performance.now() - t0).toFixed(1);
      this.dataset.rendered = String(Number(this.dataset.rendered ?? 0) + 1);
      if (this.dataset.state === 'updating') this.setState('ready');
    } catch (e) {
      this.fail(e);
    }
  }

  // ---- runs (iterative widgets) --------------------------------------------------------------
  private setProgress(step: number, total: number) {
    const bar = this.q<HTMLProgressElement>('progress');
    if (bar) {
      bar.max = total;
      bar.value = step;
    }
  }

  private run(paused = false) {
    try {
      this.runs++;
      this.dataset.runs = String(this.runs);
      this.iterState = (this.spec as IterativeSpec).initial(this.values, this.seed);
      this.finished = false;
      this.runStarted = performance.now();
      this.lastInfo = {};
      this.worker.start(this.values, this.seed, paused);
      this.setState(paused ? 'paused' : 'running');
      this.status(paused ? 'Started paused.' : 'Starting…');
    } catch (e) {
      this.fail(e);
    }
  }

  private pause() {
    if (this.dataset.state !== 'running') return;
    this.worker.pause();
    this.setState('paused');
  }

  private resume() {
    this.worker.resume();
    this.setState('running');
  }

  private step() {
    const st = this.dataset.state;
    if (st === 'ready' || st === 'error' || st === 'done') this.run(true);
    this.worker.step();
  }

  private reset() {
    this.autoPaused = false;
    this.refresh();
  }

  private describeInfo(): string {
    const parts: string[] = [];
    if (this.lastInfo.backend) parts.push(`tfjs backend: ${this.lastInfo.backend}`);
    if (this.lastInfo.numTensors !== undefined) parts.push(`tensors in memory: ${this.lastInfo.numTensors}`);
    if (this.lastInfo.note) parts.push(this.lastInfo.note);
    return parts.join(' · ');
  }

  private onWorker(m: FromWorker) {
    const spec = this.spec as IterativeSpec;
    if (m.type === 'progress') {
      const p = m.progress;
      if (!spec.allowNonFinite) {
        const bad = findNonFinite(p.delta, 'result');
        if (bad) {
          this.worker.stop();
          this.setState('error');
          this.status(`Stopped at step ${p.step}: ${bad} became NaN or infinite (the run diverged). Try a smaller learning rate or another seed, then Reset.`);
          this.q<HTMLButtonElement>('[data-action="reset"]')!.disabled = false;
          return;
        }
      }
      if (p.info) this.lastInfo = { ...this.lastInfo, ...p.info };
      if (this.lastInfo.numTensors !== undefined) this.dataset.tensors = String(this.lastInfo.numTensors);
      this.iterState = spec.reduce(this.iterState, p.delta, this.values);
      this.setProgress(p.step, p.total);
      const st = this.dataset.state;
      this.status(`${st === 'paused' ? 'Paused' : 'Running'}: step ${p.step} of ${p.total}${this.describeInfo() ? ` · ${this.describeInfo()}` : ''}`);
      this.queueRender();
    } else if (m.type === 'paused') {
      if (this.dataset.state === 'running') this.setState('paused');
      if (!this.autoPaused) this.status(`Paused${this.describeInfo() ? ` · ${this.describeInfo()}` : ''}. Run resumes, Step advances one step.`);
    } else if (m.type === 'done') {
      const secs = (performance.now() - this.runStarted) / 1000;
      this.finished = true;
      // Draw the final state before announcing "done", so what a reader (or a test) sees then is final.
      this.renderNow();
      this.dataset.seconds = secs.toFixed(2);
      this.status(`Done in ${secs.toFixed(1)} s${this.describeInfo() ? ` · ${this.describeInfo()}` : ''}.`);
      this.setState('done');
    } else if (m.type === 'error') {
      this.worker.stop();
      this.fail(new Error(m.message));
    }
  }

  // ---- sharing and export --------------------------------------------------------------------
  private async copyLink() {
    const url = `${location.origin}${location.pathname}${this.search()}#${this.id}`;
    this.status(await shareLink(url, this.q<HTMLInputElement>('.sl-link')));
  }

  private async exportAs(kind: 'csv' | 'svg' | 'png') {
    try {
      await exportWidget(kind, this.output, this.spec.id, this.spec.title, () => this.dom.toCsv(this.currentView().table));
    } catch (e) {
      this.status(`${kind.toUpperCase()} export failed: ${e instanceof Error ? e.message : e}.`);
    }
  }
}
