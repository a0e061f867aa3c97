/**
 * Progress without a server: lessons visited, predict-then-run answers and exercises marked done,
 * kept in the browser's localStorage under one versioned key.
 *
 * Resilient by design: storage may be disabled (private modes, iframes with blocked storage),
 * full, or hold garbage from an old version or a curious student. Reads sanitise field by field;
 * writes that fail fall back to memory for this page view and say so through `persistent`.
 * The storage is injectable so the whole module runs under Vitest.
 */
export const PROGRESS_KEY = 'softlab-progress-v1';
export const PROGRESS_EVENT = 'softlab:progress';

export interface AnswerRecord {
  /** What the reader committed: a number typed, or the index of a choice. */
  answer: number;
  /** null until the widget measured it. */
  correct: boolean | null;
  measured?: number;
  at: number;
}

export interface ProgressData {
  v: 1;
  name: string;
  /** lesson slug → first visit time (ms). */
  visited: Record<string, number>;
  /** "<lesson>/<question id>" → answer. */
  answers: Record<string, AnswerRecord>;
  /** "<lesson>/<exercise id>" → time marked done. */
  exercises: Record<string, number>;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function emptyProgress(): ProgressData {
  return { v: 1, name: '', visited: {}, answers: {}, exercises: {} };
}

const KEY_RE = /^[a-z0-9-]+(\/[a-z0-9-]+)?$/;
const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Keeps only well-formed entries of anything that parsed as JSON. */
export function sanitise(raw: unknown): ProgressData {
  const out = emptyProgress();
  if (!isObj(raw) || raw.v !== 1) return out;
  if (typeof raw.name === 'string') out.name = raw.name.slice(0, 80);
  if (isObj(raw.visited)) for (const [k, t] of Object.entries(raw.visited)) if (KEY_RE.test(k) && isTime(t)) out.visited[k] = t;
  if (isObj(raw.exercises)) for (const [k, t] of Object.entries(raw.exercises)) if (KEY_RE.test(k) && isTime(t)) out.exercises[k] = t;
  if (isObj(raw.answers))
    for (const [k, a] of Object.entries(raw.answers)) {
      if (!KEY_RE.test(k) || !isObj(a) || typeof a.answer !== 'number' || !Number.isFinite(a.answer) || !isTime(a.at)) continue;
      const correct = a.correct === true || a.correct === false ? a.correct : null;
      const rec: AnswerRecord = { answer: a.answer, correct, at: a.at };
      if (typeof a.measured === 'number' && Number.isFinite(a.measured)) rec.measured = a.measured;
      out.answers[k] = rec;
    }
  return out;
}

export class ProgressStore {
  private memory: ProgressData | null = null;
  /** False once a write failed (storage off or full): progress then lasts only for this page view. */
  persistent = true;

  constructor(private storage: StorageLike | null, private onChange?: (d: ProgressData) => void) {
    if (!storage) this.persistent = false;
  }

  load(): ProgressData {
    if (this.memory && !this.persistent) return structuredClone(this.memory);
    try {
      const text = this.storage?.getItem(PROGRESS_KEY);
      return text ? sanitise(JSON.parse(text)) : emptyProgress();
    } catch {
      return this.memory ? structuredClone(this.memory) : emptyProgress();
    }
  }

  private save(d: ProgressData): void {
    this.memory = d;
    try {
      this.storage?.setItem(PROGRESS_KEY, JSON.stringify(d));
      if (this.storage) this.persistent = true;
    } catch {
      this.persistent = false;
    }
    this.onChange?.(d);
  }

  update(f: (d: ProgressData) => void): ProgressData {
    const d = this.load();
    f(d);
    this.save(d);
    return d;
  }

  visit(lesson: string): void {
    if (!KEY_RE.test(lesson)) return;
    this.update((d) => {
      d.visited[lesson] ??= Date.now();
    });
  }

  /** Commits an answer once: a committed answer is never replaced (that is the point of predicting). */
  commit(key: string, answer: number): AnswerRecord | null {
    if (!KEY_RE.test(key)) return null;
    let rec: AnswerRecord | null = null;
    this.update((d) => {
      d.answers[key] ??= { answer, correct: null, at: Date.now() };
      rec = d.answers[key];
    });
    return rec;
  }

  /** Records the verdict; the answer itself stays as committed. */
  grade(key: string, correct: boolean, measured: number): void {
    this.update((d) => {
      const a = d.answers[key];
      if (a) {
        a.correct = correct;
        a.measured = measured;
      }
    });
  }

  setExercise(key: string, done: boolean): void {
    if (!KEY_RE.test(key)) return;
    this.update((d) => {
      if (done) d.exercises[key] = Date.now();
      else delete d.exercises[key];
    });
  }

  setName(name: string): void {
    this.update((d) => {
      d.name = name.slice(0, 80);
    });
  }

  exportJson(): string {
    return JSON.stringify(this.load(), null, 2);
  }

  reset(): void {
    this.memory = emptyProgress();
    try {
      this.storage?.removeItem(PROGRESS_KEY);
    } catch {
      /* storage off: the in-memory copy is already empty */
    }
    this.onChange?.(this.memory);
  }
}

/** Per-lesson counts for the course page and the completion code. */
export function lessonSummary(d: ProgressData, lesson: string) {
  const prefix = `${lesson}/`;
  const answers = Object.entries(d.answers).filter(([k]) => k.startsWith(prefix));
  return {
    visited: lesson in d.visited,
    answered: answers.length,
    correct: answers.filter(([, a]) => a.correct === true).length,
    exercisesDone: Object.keys(d.exercises).filter((k) => k.startsWith(prefix)).length,
  };
}

/** The browser's store (or an in-memory one when localStorage is off); announces changes on window. */
export function browserStore(): ProgressStore {
  let storage: StorageLike | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return new ProgressStore(storage, (d) => window.dispatchEvent(new CustomEvent(PROGRESS_EVENT, { detail: d })));
}
