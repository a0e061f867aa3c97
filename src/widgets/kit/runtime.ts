/**
 * The browser side of every widget: one custom element class, driven by a widget spec.
 *
 * The server has already rendered the frame, the controls and a static figure (Widget.astro).
 * When the element scrolls near, it loads its spec (a separate chunk, so Plot and the science
 * load only then), reads the URL state, enables the controls and draws the live figure. Iterative
 * widgets run their generator in a Web Worker; they pause while off-screen.
 */
import type { ParamSpec, ParamValues } from './params';
import { listenToControls, listenToSeed, onAction, readControl, writeControls, type ControlInput } from './controls';
import { readWidgetState, writeWidgetState, SEED_MAX } from './url-state';
import { exportWidget, shareLink } from './export';
import { watchVisibility } from './onscreen';
import type { InstantSpec, IterativeSpec, View, WidgetSpec } from './widget';
import { IterativeRunner, type RunnerHost } from './iterative-runner';
import type { Editor } from './interact';
import { attachTeacherTools, type TeacherTools } from './teacher-dom';
import { publishMeasures } from './measures';
import { readRestrictions } from './teacher-link';
import { showNotices, showState, showStatus, type WidgetState } from './frame-dom';
import { RenderQueue } from './render-queue';

/** Drawing code (and Observable Plot with it) loads only when a widget wakes. */
type ViewDom = typeof import('./view-dom');


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
  /** Runs of an iterative widget (null for instant ones). */
  private runner: IterativeRunner | null = null;
  private renderQueue = new RenderQueue(() => this.renderNow());
  private stopWatching: (() => void) | null = null;
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
    this.runner?.stop();
  }

  // ---- elements rendered by Widget.astro -------------------------------------------------
  private q<T extends Element>(sel: string): T | null {
    return this.querySelector<T>(sel);
  }
  private get output() {
    return this.q<HTMLElement>('.sl-output')!;
  }

  private setState(s: WidgetState) {
    showState(this, s, this.spec?.kind === 'iterative', (this.spec as IterativeSpec | undefined)?.runLabel);
  }
  private status(text: string) {
    showStatus(this, text);
  }
  private notify(lines: string[]) {
    showNotices(this, lines);
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
    if (!visible) this.runner?.pause(true);
    else this.runner?.resumeIfAutoPaused();
  }

  private async wake() {
    [this.spec, this.dom] = await Promise.all([this.loadSpec(), import('./view-dom')]);
    this.defaultSeed = Number(this.dataset.defaultSeed ?? this.spec.defaultSeed ?? 1);
    const st = readWidgetState(this.spec.id, this.spec.params, location.search, this.defaultSeed);
    this.values = st.values;
    this.seed = st.seed;
    if (this.spec.kind === 'iterative') this.runner = new IterativeRunner(this.runnerHost(this.spec), this.makeWorker);
    this.bindControls();
    this.syncControls();
    this.teacher = attachTeacherTools(this, this.spec, () => ({ values: this.values, seed: this.seed }));
    this.notify([...st.notices, ...this.teacher.notices]);
    this.editor = await this.mountEditor();
    this.q<HTMLFieldSetElement>('fieldset.sl-controls')?.removeAttribute('disabled');
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((e) => (e.hidden = false));
    this.querySelectorAll<HTMLElement>('[data-no-js]').forEach((e) => (e.hidden = true));
    this.refresh();
  }

  /** The drag/keyboard editor of specs with `edit`, loaded only for them; off when a teacher link locks its parameter. */
  private async mountEditor(): Promise<Editor | null> {
    const edit = this.spec.kind === 'instant' ? this.spec.edit : undefined;
    if (!edit || readRestrictions(this.spec.id, this.spec.params, this.spec.seeded, location.search).lock.includes(edit.param)) return null;
    const fallback = String(this.spec.params.find((p) => p.name === edit.param)!.default);
    const set = (v: string, commit: boolean) => {
      this.values[edit.param] = v;
      this.syncControls();
      if (commit) this.changed();
      else this.refresh();
    };
    return (await import('./interact')).mountEditor(this, edit, { get: () => String(this.values[edit.param]), set, fallback });
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
    listenToControls(this, this.spec.params, (p, input, committed) => this.onControl(p, input, committed));
    listenToSeed(this, () => this.seed, SEED_MAX, (seed, notice) => {
      this.seed = seed;
      this.notify(notice ? [notice] : []);
      this.syncControls();
      this.changed();
    });
    onAction(this, 'run', () => this.runner?.runOrResume());
    onAction(this, 'pause', () => this.runner?.pause());
    onAction(this, 'step', () => this.runner?.step());
    onAction(this, 'reset', () => this.refresh());
    onAction(this, 'copy-link', () => void this.copyLink());
    for (const kind of ['csv', 'svg', 'png'] as const) onAction(this, kind, () => void this.exportAs(kind));
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
    // A change of settings (or Reset) invalidates a run in progress: start over from the initial state.
    this.runner!.restart();
  }

  private currentView(): View {
    if (this.spec.kind === 'instant') return (this.spec as InstantSpec).compute(this.values, this.seed);
    return (this.spec as IterativeSpec).view(this.runner!.state, this.values, this.runner!.finished);
  }

  /** One redraw per frame, spaced out while a run streams results (see render-queue.ts). */
  private queueRender(now = false) {
    this.renderQueue.request(this.dataset.state === 'running' && !now);
  }

  /** Draws the current view at once (RenderQueue calls it; so does the end of a run). */
  private renderNow() {
    try {
      const width = Math.max(280, Math.min(720, this.output.clientWidth || 640));
      const t0 = performance.now();
      const view = this.currentView();
      this.dom.renderView(this.output, view, width, document, this.spec.title);
      if (view.measures)
        publishMeasures(this, { widget: this.spec.id, measures: view.measures, values: { ...this.values }, seed: this.seed, kind: this.spec.kind, run: this.runner?.runs ?? 0, done: !this.runner || this.runner.finished });
      this.editor?.afterRender(this.output);
      // Compute + draw time of this redraw, read by the benchmark script.
      this.dataset.renderMs = (performance.now() - t0).toFixed(1);
      this.dataset.rendered = String(Number(this.dataset.rendered ?? 0) + 1);
      if (this.dataset.state === 'updating') this.setState('ready');
    } catch (e) {
      this.fail(e);
    }
  }

  // ---- runs (iterative widgets: iterative-runner.ts) ------------------------------------------
  private runnerHost(spec: IterativeSpec): RunnerHost {
    return {
      el: this,
      spec,
      settings: () => ({ values: this.values, seed: this.seed }),
      setState: (st) => this.setState(st),
      redraw: (when) => (when === 'now' ? this.renderQueue.drawNow() : this.queueRender(when === 'frame')),
      fail: (e) => this.fail(e),
    };
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
