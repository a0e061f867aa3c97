/**
 * "Drift in the tiny LM": dialogs with 0, 1, 2 earlier exchanges, scored by the frozen tiny LM with
 * and without split-softmax (the run is `runDrift` in `drift.worker.ts`; no tfjs here).
 */
import { lineChart, type Series } from '../kit/charts';
import { defineIterative, type View } from '../kit/widget';
import { HISTORIES } from '../../techniques/split-softmax-config';
import type { DriftDelta } from '../../techniques/split-softmax-run';
import type { DriftScore } from '../../techniques/split-softmax-drift';

export type DriftParams = { gamma: number; layers: string; dialogs: number };

export interface DriftState {
  gammas: number[];
  backend?: string;
  /** scores[gammaIndex][historyIndex] */
  scores: (DriftScore | undefined)[][];
  ms: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const f2 = (x: number) => x.toFixed(2);

export interface DriftClaim {
  decays: boolean;
  raised: boolean;
  drift: number;
  recovered: number;
  holds: boolean;
}

/** Share decays over lengths at γ = 1, γ < 1 raises it at every length, and the margin lost to drift is partly recovered. */
export function driftClaim(s: DriftState): DriftClaim | null {
  const b = s.scores[0];
  const m = s.scores[1];
  if (!b || !m || b.some((x) => !x) || m.some((x) => !x)) return null;
  const base = b as DriftScore[];
  const split = m as DriftScore[];
  const decays = base.every((x, i) => i === 0 || x.sysShare < base[i - 1].sysShare);
  const raised = split.every((x, i) => x.sysShare > base[i].sysShare);
  const last = base.length - 1;
  const drift = base[0].margin - base[last].margin;
  const recovered = split[last].margin - base[last].margin;
  return { decays, raised, drift, recovered, holds: decays && raised && drift > 0 && recovered > 0 };
}

export const driftSpec = defineIterative<DriftParams, DriftState, DriftDelta>({
  kind: 'iterative',
  id: 'split-drift',
  title: 'Instruction drift in the tiny LM, with and without split-softmax',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Score the dialogs',
  params: [
    { name: 'gamma', label: 'Split-softmax exponent γ', kind: 'enum', default: 0.3, options: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7] },
    { name: 'layers', label: 'Apply to', kind: 'enum', default: 'all', options: ['all', 'last'], optionLabels: ['both layers', 'the last layer only'] },
    { name: 'dialogs', label: 'Dialogs per length', kind: 'enum', default: 24, options: [12, 24, 48] },
  ],
  initial: () => ({ gammas: [], scores: [], ms: 0 }),
  reduce(s, d) {
    if (d.setup) {
      s.gammas = d.setup.gammas;
      s.backend = d.setup.backend;
      s.scores = d.setup.gammas.map(() => HISTORIES.map(() => undefined));
    }
    if (d.score && d.gammaIndex !== undefined && d.history !== undefined) {
      s.scores[d.gammaIndex][HISTORIES.indexOf(d.history as 0 | 1 | 2)] = d.score;
      s.ms += d.ms ?? 0;
    }
    return s;
  },
  view: (s, p, done) => driftView(s, p, done),
});

export function driftView(s: DriftState, p: DriftParams, done: boolean): View {
  const names = [`plain softmax (γ = 1)`, `split-softmax γ = ${p.gamma} (${p.layers === 'all' ? 'both layers' : 'last layer'})`];
  const roles = ['baseline', 'method'] as const;
  const series = (f: (x: DriftScore) => number): Series[] =>
    s.scores.map((row, g) => ({ name: names[g], role: roles[g], dots: true, points: row.flatMap((x) => (x ? [{ x: x.meanDialogTokens, y: f(x) }] : [])) }));
  const x = { label: 'dialog tokens before the reply (mean per length)', domain: [0, 50] as [number, number] };
  const charts = [
    lineChart({ title: 'Attention on the system prompt at the reply (mean over heads and layers)', x, y: { label: 'share', type: 'log', domain: [5e-4, 1], tickFormat: '~%' }, series: series((v) => Math.max(v.sysShare, 5e-4)), height: 200 }),
    lineChart({ title: 'Log-prob margin: reply in the system language minus reply in the user language', x, y: { label: 'nats' }, series: series((v) => v.margin), yRules: [0], height: 200 }),
    lineChart({ title: 'Reply content: right clause preferred over another clause (capability probe)', x, y: { label: 'share of dialogs', domain: [0, 1], tickFormat: '%' }, series: series((v) => v.content), yRules: [0.5], height: 180 }),
  ];
  const c = driftClaim(s);
  const statement = `As the dialog grows, the system prompt's attention share and the preference for the system language fall; split-softmax with γ = ${p.gamma} raises the share at every length and wins back part of the margin at the longest one.`;
  const rows: (string | number)[][] = [];
  s.scores.forEach((row, g) => row.forEach((v, h) => v && rows.push([names[g], HISTORIES[h], +v.meanDialogTokens.toFixed(1), v.sysShare, v.margin, v.adherence, v.content])));
  const readouts: NonNullable<View['readouts']> = [];
  const last = HISTORIES.length - 1;
  s.scores.forEach((row, g) => {
    const v = row[last];
    if (v) readouts.push({ label: `${names[g]}, longest dialogs`, value: `share ${pct(v.sysShare)}, margin ${f2(v.margin)} nats, adherence ${pct(v.adherence)}, content ${pct(v.content)}`, role: roles[g] });
  });
  if (s.ms) readouts.push({ label: 'Scoring time', value: `${(s.ms / 1000).toFixed(1)} s on ${s.backend}`, role: 'neutral', volatile: true });
  const claim: View['claim'] = c
    ? {
        statement,
        holds: done ? c.holds : null,
        detail: `Share decays at γ = 1: ${c.decays ? 'yes' : 'no'}; raised at every length: ${c.raised ? 'yes' : 'no'}. Margin lost from the shortest to the longest dialogs: ${f2(c.drift)} nats; won back by split-softmax at the longest: ${f2(c.recovered)} nats.`,
      }
    : { statement, holds: null, detail: 'Score the dialogs to measure it.' };
  const summary = c
    ? `Plain model: system share ${s.scores[0].map((v) => pct(v!.sysShare)).join(' → ')} and margin ${s.scores[0].map((v) => f2(v!.margin)).join(' → ')} nats over 0, 1, 2 earlier exchanges; split-softmax: share ${s.scores[1].map((v) => pct(v!.sysShare)).join(' → ')}, margin ${s.scores[1].map((v) => f2(v!.margin)).join(' → ')}.`
    : `${p.dialogs} dialogs per length (0, 1, 2 earlier exchanges) will be scored by the frozen tiny LM, plain and with split-softmax γ = ${p.gamma}.`;
  const measures: Record<string, number> = {};
  if (c) Object.assign(measures, { drift: c.drift, recovered: c.recovered, contentBase: s.scores[0][last]!.content, contentSplit: s.scores[1][last]!.content });
  return { charts, readouts, claim, table: { columns: ['model', 'earlier exchanges', 'dialog tokens', 'system share', 'margin (nats)', 'adherence', 'content'], rows }, summary, measures };
}
