/**
 * Widget 2 of the MLC STT-RAM lesson (iterative): train the small classifier, store its weights in
 * a simulated MLC buffer, and sweep the error rate of costly cells, unprotected vs protected. The
 * run is `mlcFaultRun` (techniques/mlc-sttram-run.ts) in a Web Worker; this spec imports no tfjs.
 * Before a run it shows the bit statistics and cell states of the untrained network.
 */
import { barX, barY, gridX, gridY, text } from '@observablehq/plot';
import { customChart, lineChart, type ChartSpec, type Series } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineIterative, type View } from '../kit/widget';
import { createRng } from '../../core/rng';
import { storedStats, type StoredStats } from '../../techniques/mlc-sttram';
import { MLC_SETTING, mean, mlcInitWeights, packHalf } from '../../techniques/mlc-sttram-net';
import { FAULT_CLAIM, faultClaim } from '../../techniques/mlc-sttram-claim';
import type { MlcDelta, MlcParams } from '../../techniques/mlc-sttram-run';
import { fmtRate, pct } from './format';

export type FaultParams = MlcParams & { writeCost: number; readCost: number };

type FaultRow = Extract<MlcDelta, { phase: 'faults' }>;

export interface FaultState {
  /** Storage statistics of the untrained network (drawn before a run). */
  before: StoredStats;
  lastLoss: { step: number; loss: number } | null;
  stats: StoredStats | null;
  rows: FaultRow[];
}

const f3 = (x: number) => x.toFixed(3);
const VARIANTS = [
  { key: 'plain', label: 'fp16, neighbours paired' },
  { key: 'backup', label: '+ sign copy in bit 14' },
  { key: 'paired', label: 'rearranged pairs only' },
  { key: 'both', label: 'sign copy + rearranged' },
] as const;

function chosenVariant(p: FaultParams): (typeof VARIANTS)[number]['key'] {
  return p.backup ? (p.pairing ? 'both' : 'backup') : p.pairing ? 'paired' : 'plain';
}

export function initialState(p: FaultParams, seed: number): FaultState {
  const w = mlcInitWeights(createRng(seed).fork('init'));
  let maxAbs = 0;
  for (const a of [...w.kernels, ...w.biases]) for (const x of a) maxAbs = Math.max(maxAbs, Math.abs(x));
  return { before: storedStats(packHalf(w), p, NaN, NaN, maxAbs), lastLoss: null, stats: null, rows: [] };
}

function accuracyChart(s: FaultState): ChartSpec {
  const rates = MLC_SETTING.rates;
  const pts = (f: (r: FaultRow) => number) => s.rows.map((r) => ({ x: r.rate, y: f(r) }));
  const series: Series[] = [];
  if (s.stats) series.push({ name: `error-free ${f3(s.stats.clean)}`, role: 'reference', dashed: true, points: [{ x: rates[0], y: s.stats.clean }, { x: rates.at(-1)!, y: s.stats.clean }] });
  series.push(
    { name: 'unprotected: mean', role: 'baseline', dots: true, points: pts((r) => mean(r.base)) },
    { name: 'unprotected: worst trial', role: 'baseline', dashed: true, points: pts((r) => Math.min(...r.base)) },
    { name: 'protected: mean', role: 'method', dots: true, points: pts((r) => mean(r.prot)) },
    { name: 'protected: worst trial', role: 'method', dashed: true, points: pts((r) => Math.min(...r.prot)) },
  );
  return lineChart({
    title: 'Test accuracy after random soft-bit flips, by error rate of costly cells',
    x: { label: 'error rate of a costly cell (cheap cells: ÷ ratio)', type: 'log', domain: [rates[0], rates.at(-1)!], tickFormat: '.0e', ticks: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1] },
    y: { label: 'test accuracy', domain: [0, 1] },
    series,
    yRules: [0.25],
    height: 280,
  });
}

function onesChart(st: StoredStats, trained: boolean): ChartSpec {
  const data = st.ones.map((v, bit) => ({ bit: String(bit), v, special: bit === 14 }));
  const order = Array.from({ length: 16 }, (_, i) => String(15 - i));
  const ticks = ['15', '14', '12', '10', '8', '6', '4', '2', '0'];
  return customChart(
    `Share of the ${st.words} ${trained ? 'trained' : 'initial (untrained)'} parameters with a 1 at each bit`,
    {
      height: 190,
      marginLeft: 52,
      marginTop: 18,
      x: { type: 'band', domain: order, ticks, label: 'bit (15 sign, 14–10 exponent, 9–0 mantissa)', labelAnchor: 'center', padding: 0.15 },
      y: { domain: [0, 1], label: 'share of 1s', labelAnchor: 'top', labelArrow: 'up' },
      marks: [
        gridY({ stroke: palette.grid, strokeOpacity: 1 }),
        barY(data.filter((d) => !d.special), { x: 'bit', y: 'v', fill: palette.baseline }),
        barY(data.filter((d) => d.special), { x: 'bit', y: 'v', fill: palette.method }),
        text(data.filter((d) => d.special), { x: 'bit', y: 'v', text: () => '0', dy: -8, fill: palette.method, fontSize: 11 }),
      ],
    },
  );
}

function costlyChart(st: StoredStats, p: FaultParams, trained: boolean): ChartSpec {
  const chosen = chosenVariant(p);
  const data = VARIANTS.map((v) => ({ label: v.label, v: st.costly[v.key], mine: v.key === chosen, text: pct(st.costly[v.key]) }));
  return customChart(
    `Cells in a costly state (01 or 10), ${trained ? 'trained' : 'untrained'} network`,
    {
      height: 150,
      marginLeft: 160,
      marginRight: 44,
      x: { domain: [0, 0.6], label: 'share of cells', labelAnchor: 'right', tickFormat: '%' },
      y: { domain: VARIANTS.map((v) => v.label), label: null },
      marks: [
        gridX({ stroke: palette.grid, strokeOpacity: 1 }),
        barX(data.filter((d) => !d.mine), { y: 'label', x: 'v', fill: palette.baseline }),
        barX(data.filter((d) => d.mine), { y: 'label', x: 'v', fill: palette.method }),
        text(data, { y: 'label', x: 'v', text: 'text', dx: 4, textAnchor: 'start', fontSize: 11, fill: 'currentColor' }),
      ],
    },
    [
      { name: 'your buffer', color: palette.method },
      { name: 'other layouts', color: palette.baseline },
    ],
  );
}

/** Energy relative to the plain layout: cheap cell 1 unit, costly cell `c` units. */
const energyChange = (f: number, f0: number, c: number) => (1 - f + f * c) / (1 - f0 + f0 * c) - 1;
const signedPct = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(100 * x).toFixed(1)}%`;

function describeScheme(p: FaultParams): string {
  const parts: string[] = [];
  if (p.backup) parts.push('sign copy in bit 14');
  if (p.guard || p.backup) parts.push('bit 14 cleared on read');
  if (p.pairing) parts.push('rearranged pairs');
  return parts.length ? parts.join(', ') : 'no protection switched on';
}

function claimOf(s: FaultState, p: FaultParams, done: boolean): View['claim'] {
  const statement =
    `With your protection (${describeScheme(p)}), the network's mean accuracy is never more than ${FAULT_CLAIM.orderTol * 100} points below the unprotected buffer's, ` +
    `stays within ${FAULT_CLAIM.cleanTol * 100} points of the error-free accuracy up to a rate of ${fmtRate(FAULT_CLAIM.refRate)}, and beats the unprotected buffer by at least ${FAULT_CLAIM.minGain * 100} points somewhere in the sweep.`;
  if (!s.stats || s.rows.length === 0) return { statement, holds: null, detail: 'Press Train and inject to train the network and run the fault trials.' };
  const complete = done && s.rows.length === MLC_SETTING.rates.length;
  const c = faultClaim(s.rows, s.stats.cleanProtected, complete);
  const pts = (x: number) => `${(100 * x).toFixed(1)} points`;
  const detail =
    `Largest gain of protection: ${pts(c.gain.value)} at ${fmtRate(c.gain.rate)} (${c.gain.value >= FAULT_CLAIM.minGain ? 'enough' : 'too small'}). ` +
    `Protected mean below unprotected by at most ${pts(Math.max(0, c.worstShortfall.value))} (${c.notBelow ? 'within' : 'outside'} the tolerance). ` +
    (Number.isFinite(c.worstCleanLoss.value)
      ? `Up to ${fmtRate(FAULT_CLAIM.refRate)}, the protected mean loses at most ${pts(Math.max(0, c.worstCleanLoss.value))} against error-free ${f3(s.stats.cleanProtected)} (${c.keepsClean ? 'kept' : 'not kept'}).`
      : '') +
    (complete ? '' : ' The sweep is not finished yet.');
  return { statement, holds: c.holds, detail };
}

function atRate(s: FaultState, rate: number, which: 'base' | 'prot'): string {
  const r = s.rows.find((x) => Math.abs(x.rate / rate - 1) < 1e-9);
  if (!r) return 'not measured yet';
  const a = which === 'base' ? r.base : r.prot;
  return `mean ${f3(mean(a))} · worst ${f3(Math.min(...a))}`;
}

export function faultView(s: FaultState, p: FaultParams, done: boolean): View {
  const trained = s.stats !== null;
  const st = s.stats ?? s.before;
  const chosen = chosenVariant(p);
  const f0 = st.costly.plain;
  const f = st.costly[chosen];
  const totalMs = s.rows.reduce((a, r) => a + r.ms, 0);
  const trials = s.rows.length * 2 * p.trials;

  const readouts: View['readouts'] = [
    { label: 'Error-free test accuracy (fp16)', value: s.stats ? f3(s.stats.clean) : s.lastLoss ? `training… step ${s.lastLoss.step}, loss ${f3(s.lastLoss.loss)}` : 'not trained yet', role: 'neutral' },
    { label: `Unprotected at ${fmtRate(1e-3)}`, value: atRate(s, 1e-3, 'base'), role: 'baseline' },
    { label: `Protected at ${fmtRate(1e-3)}`, value: atRate(s, 1e-3, 'prot'), role: 'method' },
    { label: `Unprotected at ${fmtRate(1e-2)}`, value: atRate(s, 1e-2, 'base'), role: 'baseline' },
    { label: `Protected at ${fmtRate(1e-2)}`, value: atRate(s, 1e-2, 'prot'), role: 'method' },
    { label: 'Costly cells: plain → yours', value: `${pct(f0)} → ${pct(f)}`, role: 'method' },
    { label: `Write energy vs plain (costly cell = ${p.writeCost}×)`, value: signedPct(energyChange(f, f0, p.writeCost)), role: 'method' },
    { label: `Read energy vs plain (costly cell = ${p.readCost}×)`, value: signedPct(energyChange(f, f0, p.readCost)), role: 'method' },
    { label: 'Cell pairs (hard|soft)', value: st.layout.map(([a, b]) => `${a}|${b}`).join(' '), role: 'neutral' },
  ];
  if (trials > 0) readouts.push({ label: 'Fault trials per second', value: `${((trials / totalMs) * 1000).toFixed(0)} (${trials} trials)`, role: 'neutral', volatile: true });

  const rows = s.rows.map((r) => [
    r.rate,
    Number(mean(r.base).toFixed(6)),
    Math.min(...r.base),
    Number(mean(r.prot).toFixed(6)),
    Math.min(...r.prot),
    r.baseFlips,
    r.protFlips,
    r.detected,
  ]);
  const last = s.rows.at(-1);
  const summary = s.stats
    ? `Trained network: error-free test accuracy ${f3(s.stats.clean)}; ${s.stats.words} parameters, bit 14 set in ${pct(s.stats.ones[14])} of them. ` +
      `Costly cells: ${pct(f0)} plain, ${pct(f)} in your buffer. ` +
      (last ? `At the highest rate measured so far (${fmtRate(last.rate)}), mean accuracy is ${f3(mean(last.base))} unprotected and ${f3(mean(last.prot))} protected.` : '')
    : `Before training: ${st.words} parameters drawn from N(0, 0.5²) and N(0, 0.25²), clipped to [−1, 1]; bit 14 is set in ${pct(st.ones[14])} of them and ${pct(f0)} of their cells are costly. ` +
      `A run trains the 2-32-32-4 network, then tests it after ${p.trials} fault trials at each of ${MLC_SETTING.rates.length} error rates.`;

  // The bit statistics and cell shares change only once per run (when the trained weights arrive):
  // keyed, the kit keeps them instead of redrawing them on every progress message.
  const ones = onesChart(st, trained);
  ones.key = `ones:${trained}`;
  const costly = costlyChart(st, p, trained);
  costly.key = `costly:${trained}:${chosen}`;
  return {
    charts: [accuracyChart(s), ones, costly],
    readouts,
    claim: claimOf(s, p, done),
    table: {
      columns: ['costly_cell_error_rate', 'unprotected_mean_acc', 'unprotected_worst_acc', 'protected_mean_acc', 'protected_worst_acc', 'unprotected_bits_flipped', 'protected_bits_flipped', 'protected_trials_with_copy_mismatch'],
      rows,
    },
    summary,
  };
}

export const faultSpec = defineIterative<FaultParams, FaultState, MlcDelta>({
  kind: 'iterative',
  id: 'mlc-sttram-faults',
  title: 'Fault injection into a trained classifier’s fp16 weights',
  seeded: true,
  defaultSeed: 1,
  runLabel: 'Train and inject',
  params: [
    { name: 'ratio', label: 'Costly ÷ cheap error rate', kind: 'number', default: 10, min: 1, max: 100, scale: 'log', help: 'How much more often a cell in state 01/10 loses its soft bit than a cell in 00/11 (illustrative).' },
    { name: 'trials', label: 'Fault trials per rate', kind: 'enum', default: 20, options: [10, 20, 50] },
    { name: 'backup', label: 'Sign copy in bit 14', kind: 'bool', default: true, help: 'The writer copies the sign into the unused bit; the reader then clears it again.' },
    { name: 'guard', label: 'Clear bit 14 on read', kind: 'bool', default: true, help: 'The reader forces bit 14 to 0 (always on when the sign copy is on).' },
    { name: 'pairing', label: 'Rearrange bit pairs', kind: 'bool', default: true, help: 'Pairs bit positions so that as few cells as possible are in a costly state (higher bit in the hard domain).' },
    { name: 'writeCost', label: 'Write cost of a costly cell', kind: 'number', default: 2, min: 1, max: 4, step: 0.1, unit: '×', viewOnly: true, help: 'Energy of writing 01/10 relative to 00/11 (illustrative).' },
    { name: 'readCost', label: 'Read cost of a costly cell', kind: 'number', default: 1.3, min: 1, max: 3, step: 0.1, unit: '×', viewOnly: true, help: 'Illustrative, like the write cost.' },
  ],
  initial: (p, seed) => initialState(p, seed),
  reduce(s, d) {
    if (d.phase === 'train') s.lastLoss = { step: d.step, loss: d.loss };
    else if (d.phase === 'stored') s.stats = d.stats;
    else s.rows.push(d);
    return s;
  },
  view: (s, p, done) => faultView(s, p, done),
});
