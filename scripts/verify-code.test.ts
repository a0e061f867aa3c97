/** The teacher's command: `npm run verify-code` accepts a code made by the site's encoder and rejects edits. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { encodeCompletion } from '../src/core/completion-code';

const ROOT = resolve(__dirname, '..');
const verify = (...args: string[]) => spawnSync(process.execPath, ['scripts/verify-code.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SOFTLAB_CODE_SALT: '' } });

describe('verify-code', () => {
  const lessons = [
    { visited: true, answered: 2, correct: 2, exercisesDone: 3 },
    { visited: true, answered: 1, correct: 0, exercisesDone: 0 },
  ];
  it('accepts a valid code for the right name and course, and prints the progress', () => {
    const code = encodeCompletion({ courseId: 'resets-restarts', lessons, name: 'Grace Hopper' });
    const r = verify(code, '--name', 'grace  hopper');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('VALID');
    expect(r.stdout).toContain('resets-restarts');
    expect(r.stdout).toMatch(/snn-soft-reset-mpr\s+opened\s+questions answered 2 \(2 matched\)\s+exercises done 3/);
  });
  it('rejects another name, another salt, an edited code and garbage', () => {
    const code = encodeCompletion({ courseId: 'resets-restarts', lessons, name: 'Grace Hopper', salt: 'spring' });
    expect(verify(code, '--name', 'Grace Hopper', '--salt', 'spring').status).toBe(0);
    expect(verify(code, '--name', 'Alan Turing', '--salt', 'spring').status).toBe(1);
    expect(verify(code, '--name', 'Grace Hopper').status).toBe(1);
    const edited = code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(verify(edited, '--name', 'Grace Hopper', '--salt', 'spring').status).toBe(1);
    expect(verify('not-a-code!').status).toBe(1);
    expect(verify().status).toBe(2);
  });
});
