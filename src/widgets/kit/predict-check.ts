/**
 * Predict-then-run questions (pure part): checks a committed answer against the widget's own live
 * measurement, never against a fixed key, so the verdict follows the reader's settings and seed.
 */
import type { ParamValue, ParamValues } from './params';

export interface Choice {
  label: string;
  /** The choice is right when min ≤ measured < max (either bound may be left out). */
  min?: number;
  max?: number;
}

export type Question =
  | { kind: 'numeric'; measure: string; tolerance: number; relative?: boolean }
  | { kind: 'choice'; measure: string; choices: Choice[] };

export interface Verdict {
  correct: boolean;
  measured: number;
  /** For choice questions: the index of the choice the measurement falls in (-1: none). */
  rightChoice?: number;
}

export function choiceIndexFor(choices: readonly Choice[], x: number): number {
  return choices.findIndex((c) => (c.min === undefined || x >= c.min) && (c.max === undefined || x < c.max));
}

/** `answer` is the number typed (numeric) or the index of the chosen option (choice). */
export function checkAnswer(q: Question, answer: number, measures: Record<string, number>): Verdict | null {
  const measured = measures[q.measure];
  if (typeof measured !== 'number' || !Number.isFinite(measured)) return null;
  if (q.kind === 'numeric') {
    const tol = q.relative ? q.tolerance * Math.abs(measured) : q.tolerance;
    // A hair of slack so that "within 0.05" holds at exactly 0.05 despite binary fractions.
    return { correct: Math.abs(answer - measured) <= tol + 1e-12, measured };
  }
  const rightChoice = choiceIndexFor(q.choices, measured);
  return { correct: rightChoice === answer, measured, rightChoice };
}

/** The question's required settings that the widget does not currently have. */
export function unmetSettings(where: Record<string, ParamValue> | undefined, values: ParamValues): string[] {
  if (!where) return [];
  return Object.entries(where)
    .filter(([k, v]) => String(values[k]) !== String(v))
    .map(([k]) => k);
}
