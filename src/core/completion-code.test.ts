import { describe, expect, it } from 'vitest';
import { courseHash, decodeCompletion, encodeCompletion, fnv1a, normaliseName } from './completion-code';

const lessons = [
  { visited: true, answered: 2, correct: 1, exercisesDone: 3 },
  { visited: false, answered: 0, correct: 0, exercisesDone: 0 },
  { visited: true, answered: 9, correct: 8, exercisesDone: 1 },
];

describe('completion codes', () => {
  it('FNV-1a matches published test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('round-trips course, lessons (counts capped at 7) and checks the name', () => {
    const code = encodeCompletion({ courseId: 'resets-restarts', lessons, name: 'Ada  Lovelace' });
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{1,4}(-[0-9A-HJKMNP-TV-Z]{1,4})+$/);
    expect(code.replace(/-/g, '').length).toBe(Math.ceil((26 + 30 + 20) / 5));
    const r = decodeCompletion(code, 'ada lovelace');
    expect(r.ok && r.checksumOk).toBe(true);
    if (!r.ok) return;
    expect(r.courseHash).toBe(courseHash('resets-restarts'));
    expect(r.lessons[0]).toEqual(lessons[0]);
    expect(r.lessons[2]).toEqual({ visited: true, answered: 7, correct: 7, exercisesDone: 1 });
    // Lower case and no hyphens are accepted.
    expect(decodeCompletion(code.toLowerCase().replace(/-/g, ''), 'Ada Lovelace')).toMatchObject({ ok: true, checksumOk: true });
  });

  it('fails the checksum for another name, another salt, or one changed character', () => {
    const code = encodeCompletion({ courseId: 'tour', lessons, name: 'Ada', salt: 'autumn-2026' });
    expect(decodeCompletion(code, 'Bob', 'autumn-2026')).toMatchObject({ ok: true, checksumOk: false });
    expect(decodeCompletion(code, 'Ada')).toMatchObject({ ok: true, checksumOk: false });
    expect(decodeCompletion(code, 'Ada', 'autumn-2026')).toMatchObject({ ok: true, checksumOk: true });
    const flat = code.replace(/-/g, '');
    for (let i = 0; i < flat.length - 1; i++) {
      const c = flat[i] === '0' ? '1' : '0';
      const edited = flat.slice(0, i) + c + flat.slice(i + 1);
      const r = decodeCompletion(edited, 'Ada', 'autumn-2026');
      expect(r.ok && r.checksumOk, `edit at ${i}`).toBe(false);
    }
  });

  it('rejects garbage with a reason', () => {
    expect(decodeCompletion('hello world!')).toMatchObject({ ok: false });
    expect(decodeCompletion('12')).toMatchObject({ ok: false });
    const code = encodeCompletion({ courseId: 'x', lessons });
    expect(decodeCompletion(code + '7')).toMatchObject({ ok: false });
    expect(normaliseName('  Ada\tLOVELACE ')).toBe('ada lovelace');
  });
});
