import { describe, expect, it } from 'vitest';
import { PROGRESS_KEY, ProgressStore, lessonSummary, sanitise, type StorageLike } from './progress-store';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('progress store', () => {
  it('records visits, committed answers (never replaced), grades and exercises; survives a new store on the same storage', () => {
    const s = memoryStorage();
    const a = new ProgressStore(s);
    a.visit('sgdr');
    a.commit('sgdr/acc6', 0.8);
    a.commit('sgdr/acc6', 0.5);
    a.grade('sgdr/acc6', true, 0.83);
    a.setExercise('sgdr/restarts-by-hand', true);
    const b = new ProgressStore(s).load();
    expect(b.answers['sgdr/acc6']).toMatchObject({ answer: 0.8, correct: true, measured: 0.83 });
    expect(lessonSummary(b, 'sgdr')).toEqual({ visited: true, answered: 1, correct: 1, exercisesDone: 1 });
    expect(lessonSummary(b, 'online-softmax')).toEqual({ visited: false, answered: 0, correct: 0, exercisesDone: 0 });
  });

  it('reset clears everything', () => {
    const s = memoryStorage();
    const a = new ProgressStore(s);
    a.visit('sgdr');
    a.reset();
    expect(s.data.has(PROGRESS_KEY)).toBe(false);
    expect(a.load().visited).toEqual({});
  });

  it('ignores garbage and keeps the well-formed part', () => {
    const s = memoryStorage();
    s.setItem(PROGRESS_KEY, '{not json');
    expect(new ProgressStore(s).load().visited).toEqual({});
    const d = sanitise({ v: 1, name: 42, visited: { sgdr: 5, '<script>': 1, x: 'y' }, answers: { 'a/b': { answer: 'x', at: 1 }, 'a/c': { answer: 2, at: 3, correct: 'yes' } }, exercises: [] });
    expect(d.visited).toEqual({ sgdr: 5 });
    expect(d.answers).toEqual({ 'a/c': { answer: 2, at: 3, correct: null } });
    expect(sanitise({ v: 2 }).visited).toEqual({});
  });

  it('works in memory when storage throws (disabled or full)', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const a = new ProgressStore(broken);
    a.visit('sgdr');
    expect(a.persistent).toBe(false);
    expect(a.load().visited.sgdr).toBeGreaterThan(0);
    a.reset();
    expect(a.load().visited).toEqual({});
    const none = new ProgressStore(null);
    none.visit('sgdr');
    expect(none.load().visited.sgdr).toBeGreaterThan(0);
  });
});
