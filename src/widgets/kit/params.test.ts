import { describe, expect, it } from 'vitest';
import { parseParam, type ParamSpec } from './params';
import { readWidgetState, writeWidgetState } from './url-state';
import { findNonFinite } from './runtime-guards';

const params: ParamSpec[] = [
  { name: 'lr', label: 'Learning rate', kind: 'number', min: 0.01, max: 1, scale: 'log', default: 0.2 },
  { name: 'steps', label: 'Steps', kind: 'int', min: 1, max: 100, default: 10 },
  { name: 'step', label: 'Width', kind: 'number', min: 0, max: 1, step: 0.1, default: 0.3 },
  { name: 'mode', label: 'Mode', kind: 'enum', options: ['a', 'b', 3], default: 'a' },
  { name: 'on', label: 'On', kind: 'bool', default: false },
];

describe('parseParam', () => {
  it('clamps numbers into range with a notice and snaps to the step grid', () => {
    expect(parseParam(params[1], '500')).toEqual({ value: 100, notice: 'Steps: 500 is above the maximum; clamped to 100.' });
    expect(parseParam(params[1], '4.6').value).toBe(5);
    expect(parseParam(params[2], '0.34').value).toBe(0.3);
    expect(parseParam(params[0], '0.001').value).toBe(0.01);
  });
  it('rejects garbage with the default and a notice', () => {
    for (const raw of ['abc', '', 'NaN', 'Infinity', '1e999']) {
      const r = parseParam(params[1], raw);
      expect(r.value).toBe(10);
      expect(r.notice).toMatch(/not a number/);
    }
    expect(parseParam(params[3], 'zzz').value).toBe('a');
    expect(parseParam(params[3], '3').value).toBe(3);
    expect(parseParam(params[4], 'yes').notice).toMatch(/on\/off/);
    expect(parseParam(params[4], '1').value).toBe(true);
  });
});

describe('URL state', () => {
  it('round-trips values and seed, omitting defaults and keeping other widgets\' keys', () => {
    const state = { values: { lr: 0.05, steps: 10, step: 0.3, mode: 3, on: true }, seed: 9 };
    const search = writeWidgetState('w-a', params, state, '?other.x=1', 1);
    expect(search).toBe('?other.x=1&w-a.lr=0.05&w-a.mode=3&w-a.on=true&w-a.seed=9');
    const back = readWidgetState('w-a', params, search, 1);
    expect(back.values).toEqual(state.values);
    expect(back.seed).toBe(9);
    expect(back.notices).toEqual([]);
  });
  it('reports unknown keys and bad seeds', () => {
    const r = readWidgetState('w-a', params, '?w-a.bogus=1&w-a.seed=-3', 4);
    expect(r.seed).toBe(4);
    expect(r.notices.join(' ')).toMatch(/Unknown setting "bogus"/);
    expect(r.notices.join(' ')).toMatch(/Seed "-3"/);
  });
});

describe('NaN guard', () => {
  it('finds non-finite numbers in nested deltas and typed arrays', () => {
    expect(findNonFinite({ a: 1, b: [2, 3] })).toBeNull();
    expect(findNonFinite({ a: 1, b: { c: NaN } })).toBe('value.b.c');
    expect(findNonFinite({ w: new Float32Array([1, Infinity]) })).toBe('value.w[1]');
  });
});
