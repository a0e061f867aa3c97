/**
 * Widget 1: one neuron, two resets (instant). A constant input current x drives an
 * integrate-and-fire neuron for T steps; hard and soft reset are run side by side, then swept over
 * x to draw the rate transfer curve against the ideal clip(x, 0, 1).
 */
import { dot, line, ruleY, text, tickX, type Markish } from '@observablehq/plot';
import { customChart, lineChart } from '../kit/charts';
import { palette } from '../kit/palette';
import { defineInstant } from '../kit/widget';
import { FIRE_AT, rateCurve, simulateNeuron, type NeuronTrace } from '../../techniques/snn-soft-reset-mpr';

export type NeuronParams = { x: number; T: number; leak: number };

const RESETS = [
  { key: 'hard', name: 'hard reset (to 0)', color: palette.baseline },
  { key: 'soft', name: 'soft reset (subtract 1)', color: palette.method },
] as const;

/** The sawtooth of a trace: rise to the pre-reset value at step t, drop to the post-reset value. */
function sawtooth(tr: NeuronTrace): { t: number; u: number }[] {
  const pts = [{ t: 0, u: 0 }];
  tr.pre.forEach((u, i) => {
    pts.push({ t: i + 1, u });
    if (tr.post[i] !== u) pts.push({ t: i + 1, u: tr.post[i] });
  });
  return pts;
}

const f3 = (v: number) => v.toFixed(3);

export const neuronSpec = defineInstant<NeuronParams>({
  kind: 'instant',
  id: 'snn-soft-reset-mpr-neuron',
  title: 'One neuron, two resets',
  seeded: false,
  params: [
    { name: 'x', label: 'Input current x', kind: 'number', min: 0, max: 1.2, step: 0.01, default: 0.3, help: 'The same input arrives at every time step (direct encoding).' },
    { name: 'T', label: 'Time steps T', kind: 'int', min: 2, max: 32, default: 8 },
    { name: 'leak', label: 'Leak λ', kind: 'number', min: 0.5, max: 1, step: 0.01, default: 1, help: 'u ← λ·u + x before each firing test; 1 means no leak (the paper’s setting).' },
  ],
  compute(p) {
    const x = Number(p.x);
    const T = Number(p.T);
    const leak = Number(p.leak);
    const traces = { hard: simulateNeuron(x, T, 'hard', leak), soft: simulateNeuron(x, T, 'soft', leak) };
    const curve = rateCurve(T, leak);
    const bound = 0.5 / T;

    // (a) membrane potential, with a dot where the neuron fired
    const potMarks: Markish[] = [
      ruleY([FIRE_AT], { stroke: palette.muted, strokeDasharray: '4,3' }),
      ruleY([0], { stroke: palette.grid }),
      text([{ t: 0, u: FIRE_AT }], { x: 't', y: 'u', text: () => 'fires above 0.5', dy: -7, textAnchor: 'start', fill: palette.muted, fontSize: 10 }),
    ];
    for (const r of RESETS) {
      const tr = traces[r.key];
      potMarks.push(line(sawtooth(tr), { x: 't', y: 'u', stroke: r.color, strokeWidth: r.key === 'soft' ? 2.25 : 1.75 }));
      const fired = tr.pre.map((u, i) => ({ t: i + 1, u, o: tr.spikes[i] })).filter((d) => d.o === 1);
      potMarks.push(dot(fired, { x: 't', y: 'u', fill: r.color, r: 3.5 }));
    }
    const legend = RESETS.map((r) => ({ name: r.name, color: r.color }));
    const potential = customChart(
      `Membrane potential u over ${T} steps (x = ${x})`,
      { height: 240, marginLeft: 52, marginTop: 18, x: { label: 'time step t', domain: [0, T], labelAnchor: 'right' }, y: { label: 'potential u', labelAnchor: 'top', labelArrow: 'up' }, marks: potMarks },
      legend,
    );

    // (b) spike raster: one row per reset
    const spikes = RESETS.flatMap((r) => traces[r.key].spikes.map((o, i) => ({ t: i + 1, row: r.key, o })).filter((d) => d.o === 1));
    const raster = customChart('Spikes (one tick per spike)', {
      height: 90,
      marginLeft: 52,
      x: { label: 'time step t', domain: [0.5, T + 0.5], labelAnchor: 'right' },
      y: { label: null, domain: RESETS.map((r) => r.key) },
      marks: RESETS.map((r) => tickX(spikes.filter((d) => d.row === r.key), { x: 't', y: 'row', stroke: r.color, strokeWidth: 2.5 })),
    });

    // (c) rate transfer curve
    const pts = (ys: number[]) => curve.xs.map((xv, i) => ({ x: xv, y: ys[i] }));
    const transfer = lineChart({
      title: `Spike rate against input (T = ${T})`,
      x: { label: 'input current x', domain: [0, 1.2] },
      y: { label: 'spike rate (spikes / T)', domain: [0, 1.05] },
      series: [
        { name: 'ideal rate clip(x, 0, 1)', role: 'reference', points: pts(curve.ideal), dashed: true },
        { name: 'hard reset', role: 'baseline', points: pts(curve.hard), curve: 'step-after' },
        { name: 'soft reset', role: 'method', points: pts(curve.soft), curve: 'step-after' },
      ],
      rules: [{ x, label: `x = ${x}` }],
    });

    const nh = traces.hard.count;
    const ns = traces.soft.count;
    const softOk = curve.softMaxErr <= bound + 1e-9;
    const hardBad = curve.hardMaxErr >= 0.45;
    const leakNote = leak < 1 ? ` With leak λ = ${leak} < 1 the neuron forgets part of its charge, so neither reset tracks x; the 0.5/T bound is a statement about λ = 1.` : '';
    return {
      charts: [potential, raster, transfer],
      readouts: [
        { label: 'Spikes, hard reset', value: `${nh} of ${T} (rate ${f3(nh / T)})`, role: 'baseline' },
        { label: 'Spikes, soft reset', value: `${ns} of ${T} (rate ${f3(ns / T)})`, role: 'method' },
        { label: 'Ideal spike count x·T', value: (x * T).toFixed(2), role: 'neutral' },
        { label: 'Worst |rate − x| on [0, 1], hard', value: `${f3(curve.hardMaxErr)} at x = ${curve.hardArgMax}`, role: 'baseline' },
        { label: 'Worst |rate − x| on [0, 1], soft', value: `${f3(curve.softMaxErr)} at x = ${curve.softArgMax}`, role: 'method' },
        { label: 'Bound 0.5 / T', value: f3(bound), role: 'neutral' },
      ],
      claim: {
        statement: 'With no leak, soft reset keeps the spike rate within 0.5/T of the input for every x in [0, 1], while hard reset’s worst error stays near 0.5 whatever T is.',
        holds: softOk && hardBad,
        detail: `On the grid x = 0, 0.005, …, 1 with T = ${T}: soft reset’s worst error is ${f3(curve.softMaxErr)} (bound ${f3(bound)}: ${softOk ? 'within' : 'exceeded'}), hard reset’s is ${f3(curve.hardMaxErr)} (${hardBad ? 'near 0.5' : 'below 0.45'}).${leakNote}`,
      },
      table: {
        columns: ['input x', 'rate, hard reset', 'rate, soft reset', 'ideal clip(x,0,1)'],
        rows: curve.xs.map((xv, i) => [xv, curve.hard[i], curve.soft[i], curve.ideal[i]]),
      },
      measures: (() => {
        const ideal = Math.min(1, Math.max(0, x));
        const hardRateError = Math.abs(nh / T - ideal);
        const softRateError = Math.abs(ns / T - ideal);
        return { hardSpikes: nh, softSpikes: ns, hardRateError, softRateError, softMinusHardError: softRateError - hardRateError, hardWorstError: curve.hardMaxErr, softWorstError: curve.softMaxErr };
      })(),
      summary: `With constant input x = ${x} for T = ${T} steps (leak ${leak}), hard reset fires ${nh} times and soft reset ${ns} times; a perfect rate code would fire ${(x * T).toFixed(2)} times. Swept over x from 0 to 1, the worst rate error is ${f3(curve.hardMaxErr)} for hard reset and ${f3(curve.softMaxErr)} for soft reset (bound 0.5/T = ${f3(bound)}). Above x = 1 both saturate at one spike per step.`,
    };
  },
});
