/**
 * <softlab-predict>: the browser side of Predict.astro. Commit first (the answer is then locked
 * and kept in the reader's progress), then wait for the bound widget to publish the measurement
 * at the reader's settings: for an iterative widget, from a run started after the commit.
 */
import { checkAnswer, unmetSettings, type Question } from './predict-check';
import { MEASURES_EVENT, type MeasuresDetail } from './measures';
import { browserStore, type AnswerRecord } from './progress-store';
import type { ParamValue } from './params';

function fmt(x: number, digits: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(digits);
}

class PredictElement extends HTMLElement {
  private store = browserStore();
  private question!: Question;
  private where: Record<string, ParamValue> | undefined;
  private runAtCommit = 0;
  private graded = false;
  private listening = false;

  connectedCallback() {
    if (this.dataset.ready) return;
    this.dataset.ready = '1';
    try {
      this.question = JSON.parse(this.dataset.question ?? '{}') as Question;
      this.where = this.dataset.where ? (JSON.parse(this.dataset.where) as Record<string, ParamValue>) : undefined;
    } catch {
      return;
    }
    const form = this.querySelector<HTMLFormElement>('.sl-predict-form');
    if (!form) return; // worksheet: print only
    form.hidden = false;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.commit(form);
    });
    const saved = this.store.load().answers[this.key];
    if (saved) {
      this.lock(saved.answer);
      if (saved.correct !== null && saved.measured !== undefined) this.showVerdict(saved.answer, saved.correct, saved.measured, null);
      else this.watch();
    } else {
      this.status(this.question.kind === 'choice' ? 'Choose an answer and commit it before you run the figure.' : 'Type your prediction and commit it before you run the figure.');
    }
    this.dataset.state = saved ? (saved.correct === null ? 'waiting' : 'graded') : 'open';
  }

  private get key() {
    return this.dataset.key ?? '';
  }
  private get widget(): HTMLElement | null {
    return document.getElementById(`w-${this.dataset.figure}`);
  }
  private get digits() {
    return Number(this.dataset.digits ?? 3);
  }

  private status(text: string) {
    const s = this.querySelector<HTMLElement>('.sl-predict-status');
    if (s) s.textContent = text;
  }

  private readAnswer(form: HTMLFormElement): number | null {
    if (this.question.kind === 'choice') {
      const r = form.querySelector<HTMLInputElement>('input[type=radio]:checked');
      return r ? Number(r.value) : null;
    }
    const v = Number(form.querySelector<HTMLInputElement>('input[type=number]')?.value ?? '');
    const raw = form.querySelector<HTMLInputElement>('input[type=number]')?.value ?? '';
    return raw.trim() !== '' && Number.isFinite(v) ? v : null;
  }

  private commit(form: HTMLFormElement) {
    const answer = this.readAnswer(form);
    if (answer === null) {
      this.status(this.question.kind === 'choice' ? 'Choose one of the answers first.' : 'Type a number first.');
      return;
    }
    this.runAtCommit = Number(this.widget?.dataset.runs ?? 0);
    const rec = this.store.commit(this.key, answer);
    this.lock(rec?.answer ?? answer);
    this.dataset.state = 'waiting';
    this.watch();
  }

  private lock(answer: number) {
    const form = this.querySelector<HTMLFormElement>('.sl-predict-form');
    if (!form) return;
    if (this.question.kind === 'choice') {
      form.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((r) => (r.checked = Number(r.value) === answer));
    } else {
      const input = form.querySelector<HTMLInputElement>('input[type=number]');
      if (input) input.value = String(answer);
    }
    form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button').forEach((e) => (e.disabled = true));
    const b = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (b) b.textContent = 'Answer committed';
  }

  private watch() {
    const w = this.widget;
    if (!w) {
      this.status('The figure this question is about is not on this page.');
      return;
    }
    if (!this.listening) {
      this.listening = true;
      w.addEventListener(MEASURES_EVENT, (e) => this.consider((e as CustomEvent<MeasuresDetail>).detail));
    }
    const latest = w.dataset.measures;
    if (latest) {
      try {
        this.consider(JSON.parse(latest) as MeasuresDetail);
        return;
      } catch {
        /* fall through to the prompt */
      }
    }
    this.prompt(null);
  }

  private prompt(d: MeasuresDetail | null) {
    const title = this.widget?.querySelector('.sl-widget-title')?.textContent ?? 'the figure';
    const unmet = d ? unmetSettings(this.where, d.values) : Object.keys(this.where ?? {});
    if (unmet.length && this.where) {
      const need = unmet.map((k) => `${k} = ${String(this.where![k])}`).join(', ');
      this.status(`Answer committed. Now set ${need} in "${title}" (this question is about that setting).`);
    } else if (d?.kind === 'iterative' || this.widget?.dataset.kind === 'iterative') {
      this.status(`Answer committed. Now run "${title}"; your answer is checked when it measures it.`);
    } else {
      this.status(`Answer committed. Now scroll to "${title}"; your answer is checked against what it measures.`);
    }
  }

  private consider(d: MeasuresDetail) {
    if (this.graded || this.dataset.state !== 'waiting') return;
    if (unmetSettings(this.where, d.values).length) return this.prompt(d);
    if (d.kind === 'iterative' && d.run <= this.runAtCommit) return this.prompt(d);
    const rec: AnswerRecord | undefined = this.store.load().answers[this.key];
    if (!rec) return;
    const v = checkAnswer(this.question, rec.answer, d.measures);
    if (!v) {
      if (d.done) this.status('This run finished without measuring what the question asks about; try the default settings and run again.');
      return;
    }
    this.graded = true;
    this.store.grade(this.key, v.correct, v.measured);
    this.showVerdict(rec.answer, v.correct, v.measured, d);
  }

  private showVerdict(answer: number, correct: boolean, measured: number, d: MeasuresDetail | null) {
    this.graded = true;
    this.dataset.state = 'graded';
    this.classList.toggle('sl-right', correct);
    this.classList.toggle('sl-wrong', !correct);
    const unit = this.dataset.unit ? ` ${this.dataset.unit}` : '';
    const q = this.question;
    const mine = q.kind === 'choice' ? `"${q.choices[answer]?.label ?? '?'}"` : `${answer}${unit}`;
    const got = q.kind === 'choice' ? `${fmt(measured, this.digits)}, which means "${q.choices.find((c) => (c.min === undefined || measured >= c.min) && (c.max === undefined || measured < c.max))?.label ?? 'none of the choices'}"` : `${fmt(measured, this.digits)}${unit}`;
    const at = d && this.widget?.querySelector('[data-seed]') ? ` (seed ${d.seed})` : '';
    this.status(`${correct ? 'Right' : 'Not this time'}: you predicted ${mine}; the figure measured ${got}${at}.`);
    const ex = this.querySelector<HTMLElement>('.sl-predict-explain');
    if (ex) ex.hidden = false;
  }
}

export function definePredict(): void {
  if (!customElements.get('softlab-predict')) customElements.define('softlab-predict', PredictElement);
}
