/**
 * The kit's own test widgets (used by e2e/kit.spec.ts and as a template for new widgets):
 * an instant one (a sine wave) and an iterative one (seeded random walks run in a worker).
 */
import type { WalkDelta } from './walk-run';
import { lineChart } from '../kit/charts';
import { defineInstant, defineIterative } from '../kit/widget';

export const waveSpec = defineInstant({
  kind: 'instant',
  id: 'kit-wave',
  title: 'Kit test: a damped wave',
  seeded: false,
  params: [
    { name: 'freq', label: 'Frequency', kind: 'number', min: 0.5, max: 5, step: 0.5, default: 1, unit: 'Hz' },
    { name: 'damping', label: 'Damping', kind: 'number', min: 0.001, max: 1, scale: 'log', default: 0.1 },
    { name: 'shape', label: 'Shape', kind: 'enum', options: ['sin', 'cos'], default: 'sin' },
    { name: 'envelope', label: 'Show envelope', kind: 'bool', default: true },
  ],
  compute(p) {
    const f = p.shape === 'sin' ? Math.sin : Math.cos;
    const pts = Array.from({ length: 201 }, (_, i) => {
      const t = i / 40;
      return { x: t, y: Math.exp(-Number(p.damping) * t) * f(2 * Math.PI * Number(p.freq) * t) };
    });
    const env = pts.map(({ x }) => ({ x, y: Math.exp(-Number(p.damping) * x) }));
    const peak = Math.max(...pts.map((q) => q.y));
    return {
      charts: [
        lineChart({
          title: 'Signal over time',
          x: { label: 'time (s)' },
          y: { label: 'amplitude', domain: [-1, 1] },
          series: [{ name: 'wave', role: 'method', points: pts }, ...(p.envelope ? [{ name: 'envelope', role: 'baseline' as const, points: env, dashed: true }] : [])],
        }),
      ],
      readouts: [{ label: 'peak', value: peak.toFixed(3), role: 'method' }],
      claim: { statement: 'The wave stays inside its envelope.', holds: pts.every((q, i) => Math.abs(q.y) <= env[i].y + 1e-12), detail: `peak ${peak.toFixed(3)}` },
      table: { columns: ['time', 'amplitude'], rows: pts.map((q) => [q.x, q.y]) },
      summary: `A ${p.shape} wave at ${p.freq} Hz with damping ${p.damping}; peak ${peak.toFixed(3)}.`,
    };
  },
});

interface WalkState {
  paths: { x: number; y: number }[][];
}

export const walkSpec = defineIterative<{ walkers: number; steps: number; blowUp: boolean; digits: number }, WalkState, WalkDelta>({
  kind: 'iterative',
  id: 'kit-walk',
  title: 'Kit test: random walks in a worker',
  seeded: true,
  defaultSeed: 7,
  params: [
    { name: 'walkers', label: 'Walkers', kind: 'int', min: 1, max: 6, default: 3 },
    { name: 'steps', label: 'Steps', kind: 'int', min: 10, max: 400, default: 120 },
    { name: 'blowUp', label: 'Inject NaN halfway', kind: 'bool', default: false, help: 'Tests that a NaN stops the run with a clear message.' },
    { name: 'digits', label: 'Digits shown', kind: 'int', min: 1, max: 6, default: 3, viewOnly: true, help: 'Display only: changing it redraws without restarting the run.' },
  ],
  initial: (p) => ({ paths: Array.from({ length: Number(p.walkers) }, () => [{ x: 0, y: 0 }]) }),
  reduce(s, d) {
    d.values.forEach((v, i) => s.paths[i]?.push({ x: d.t, y: v }));
    return s;
  },
  view(s, p, done) {
    const finals = s.paths.map((path) => path[path.length - 1].y);
    const t = s.paths[0].length - 1;
    return {
      charts: [
        lineChart({
          title: 'Position over time',
          x: { label: 'step', domain: [0, Number(p.steps)] },
          y: { label: 'position' },
          series: s.paths.map((points, i) => ({ name: `walker ${i + 1}`, role: i === 0 ? ('method' as const) : ('other' as const), points })),
        }),
      ],
      readouts: finals.map((f, i) => ({ label: `walker ${i + 1}`, value: f.toFixed(Number(p.digits)) })),
      claim: {
        statement: 'The walk finishes all its steps.',
        holds: done ? t === Number(p.steps) : null,
        detail: `${t} of ${p.steps} steps`,
      },
      table: { columns: ['walker', 'step', 'position'], rows: s.paths.flatMap((path, i) => path.map((q) => [i + 1, q.x, q.y])) },
      summary: `${s.paths.length} seeded random walks after ${t} steps.`,
    };
  },
});
