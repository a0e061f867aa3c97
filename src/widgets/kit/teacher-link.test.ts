import { describe, expect, it } from 'vitest';
import type { ParamSpec } from './params';
import { mergeRestrictions, proseHidden, readRestrictions, withProse, writeRestrictions } from './teacher-link';
import { readWidgetState, writeWidgetState } from './url-state';

const params: ParamSpec[] = [
  { name: 'rate', label: 'Rate', kind: 'number', default: 0.1, min: 0, max: 1 },
  { name: 'steps', label: 'Steps', kind: 'int', default: 10, min: 1, max: 100 },
];

describe('teacher links', () => {
  it('reads lock and hide, validating names against the parameter table', () => {
    const r = readRestrictions('w', params, true, '?w.lock=rate,bogus&w.hide=seed&other.lock=rate');
    expect(r.lock).toEqual(['rate', 'seed']);
    expect(r.hide).toEqual(['seed']);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toContain('bogus');
    // "seed" is not a control of an unseeded widget.
    expect(readRestrictions('w', params, false, '?w.hide=seed').hide).toEqual([]);
  });

  it('repeated keys only add restrictions', () => {
    const r = readRestrictions('w', params, false, '?w.lock=rate&w.lock=steps');
    expect(r.lock).toEqual(['rate', 'steps']);
  });

  it('round-trips through the URL and keeps other widgets and parameter values', () => {
    const s = writeRestrictions('w', { lock: ['rate'], hide: ['steps'] }, '?w.rate=0.5&x.a=1');
    expect(s).toBe('?w.rate=0.5&x.a=1&w.lock=rate&w.hide=steps');
    const back = readRestrictions('w', params, false, s);
    expect(back.lock).toEqual(['rate', 'steps']);
    expect(back.hide).toEqual(['steps']);
    expect(writeRestrictions('w', { lock: [], hide: [] }, s)).toBe('?w.rate=0.5&x.a=1');
  });

  it('merging never removes a restriction', () => {
    const m = mergeRestrictions({ lock: ['rate'], hide: [] }, { lock: [], hide: ['steps'] });
    expect(m).toEqual({ lock: ['rate'], hide: ['steps'] });
  });

  it('parameter URL state keeps the flags and does not report them as unknown settings', () => {
    const search = '?w.lock=rate&w.rate=0.3';
    const st = readWidgetState('w', params, search, 1);
    expect(st.notices).toEqual([]);
    expect(st.values.rate).toBe(0.3);
    const written = writeWidgetState('w', params, { values: { ...st.values, rate: 0.4 }, seed: 1 }, search, 1);
    expect(readRestrictions('w', params, false, written).lock).toEqual(['rate']);
    expect(new URLSearchParams(written).get('w.rate')).toBe('0.4');
  });

  it('prose flag', () => {
    expect(proseHidden('?prose=hide')).toBe(true);
    expect(proseHidden('?prose=show')).toBe(false);
    expect(withProse('?a=1', true)).toBe('?a=1&prose=hide');
    expect(withProse('', false)).toBe('');
  });
});
