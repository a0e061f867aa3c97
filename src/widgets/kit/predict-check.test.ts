import { describe, expect, it } from 'vitest';
import { checkAnswer, choiceIndexFor, unmetSettings } from './predict-check';
import { neuronSpec, type NeuronParams } from '../snn-soft-reset-mpr/neuron';
import { defaults } from './params';

describe('predict-then-run checking', () => {
  it('numeric answers use an absolute or relative tolerance', () => {
    const q = { kind: 'numeric' as const, measure: 'acc', tolerance: 0.05 };
    expect(checkAnswer(q, 0.8, { acc: 0.85 })?.correct).toBe(true);
    expect(checkAnswer(q, 0.79, { acc: 0.85 })?.correct).toBe(false);
    expect(checkAnswer({ ...q, tolerance: 0.1, relative: true }, 90, { acc: 100 })?.correct).toBe(true);
    expect(checkAnswer(q, 0.8, {})).toBeNull();
    expect(checkAnswer(q, 0.8, { acc: NaN })).toBeNull();
  });

  it('choices are ranges over the measurement', () => {
    const choices = [{ label: 'below', max: 0 }, { label: 'above', min: 0 }];
    expect(choiceIndexFor(choices, -0.2)).toBe(0);
    expect(choiceIndexFor(choices, 0.3)).toBe(1);
    expect(checkAnswer({ kind: 'choice', measure: 'd', choices }, 1, { d: 0.3 })).toEqual({ correct: true, measured: 0.3, rightChoice: 1 });
  });

  it('checks an answer against a live widget result (the SNN neuron widget)', () => {
    const p = defaults(neuronSpec.params) as NeuronParams;
    const view = neuronSpec.compute(p, 1);
    expect(view.measures).toBeDefined();
    const m = view.measures!;
    const q = { kind: 'choice' as const, measure: 'softMinusHardError', choices: [{ label: 'soft lower', max: 0 }, { label: 'soft higher', min: 0 }] };
    const v = checkAnswer(q, 0, m)!;
    expect(v.measured).toBeCloseTo(m.softRateError - m.hardRateError, 12);
    // The paper's claim at this input: soft reset tracks the input rate more closely.
    expect(v.correct).toBe(true);
    expect(unmetSettings({ input: 1.3 }, { input: 1.3 })).toEqual([]);
    expect(unmetSettings({ input: 1.3 }, { input: 0.7 })).toEqual(['input']);
  });
});
