import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { defaults } from '../kit/params';
import { renderView } from '../kit/view-dom';
import type { View } from '../kit/widget';
import { stepperSpec } from './stepper';
import { benchSpec, pairedSpeedup, type BenchState } from './bench';
import { benchmarkRun } from '../../techniques/online-softmax-bench';
import { PRESETS } from '../../techniques/online-softmax-check';

function render(view: View): string {
  const { document } = parseHTML('<!doctype html><html><body><div id="out"></div></body></html>');
  const out = document.getElementById('out') as unknown as HTMLElement;
  renderView(out, view, 640, document as unknown as Document, 'test');
  return out.innerHTML;
}

describe('stepper widget', () => {
  it('default view: four charts, one row per element, a claim that holds', () => {
    const v = stepperSpec.compute(defaults(stepperSpec.params), 1);
    expect(v.charts).toHaveLength(4);
    expect(v.table.rows).toHaveLength(4); // [1, 3, 2, 5]
    expect(v.table.columns).toContain('d_j (online)');
    expect(v.claim?.holds).toBe(true);
    expect(v.readouts?.find((r) => r.label.startsWith('accesses per element'))?.value).toBe('3 · 4 · 3');
    expect(v.summary).toMatch(/1\.203438/);
  });

  it('never hands a non-finite y to a chart, and says what it left out', () => {
    for (const preset of PRESETS) {
      for (const guard of [true, false]) {
        const p = { ...defaults(stepperSpec.params), preset, guard, offset: 120, n: 16 };
        const v = stepperSpec.compute(p, 3);
        for (const c of v.charts) {
          for (const mark of (c.options.marks ?? []) as { data?: unknown }[]) {
            const data = Array.isArray(mark?.data) ? (mark.data as { y?: unknown }[]) : [];
            for (const d of data) if (d && typeof d === 'object' && 'y' in d) expect(Number.isFinite(d.y), `${preset} ${c.title}`).toBe(true);
          }
        }
        const html = render(v);
        const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
        expect(svgs.length, preset).toBe(4);
        for (const svg of svgs) expect(svg, `${preset} guard=${guard}`).not.toMatch(/NaN|Infinity/);
      }
    }
    const overflow = stepperSpec.compute({ ...defaults(stepperSpec.params), preset: 'random', offset: 120, n: 16 }, 3);
    expect(overflow.summary).toMatch(/non-finite values/);
    expect(overflow.readouts?.find((r) => r.label === 'naive softmax')?.value).toMatch(/^overflow/);
    expect(overflow.claim?.holds).toBe(true);
  });

  it('reports the claim as failing when the −∞ guard is off on a masked row', () => {
    const v = stepperSpec.compute({ ...defaults(stepperSpec.params), preset: 'masked', guard: false }, 1);
    expect(v.claim?.holds).toBe(false);
    expect(v.claim?.detail).toMatch(/guard is off/);
  });
});

describe('benchmark widget', () => {
  it('initial view (the static figure): empty charts, a table of the plan, no verdict', () => {
    const p = defaults(benchSpec.params);
    const s = benchSpec.initial(p, 1);
    const v = benchSpec.view(s, p, false);
    expect(v.charts).toHaveLength(2);
    expect(v.claim?.holds).toBeNull();
    expect(v.table.rows).toHaveLength(4 * 3);
    expect(v.table.rows.find((r) => r[1] === 'safe')?.[8]).toBe(4);
    expect(v.table.rows.find((r) => r[1] === 'online')?.[8]).toBe(3);
    expect(() => render(v)).not.toThrow();
  });

  it('speed-up is the median of per-round ratios', () => {
    const s = benchSpec.initial(defaults(benchSpec.params), 1);
    // Round ratios 10/8 = 1.25, 20/10 = 2, 12/12 = 1: median 1.25 (the ratio of medians would be 12/10 = 1.2).
    s.times['64:safe'] = [10, 20, 12];
    s.times['64:online'] = [8, 10, 12];
    expect(pairedSpeedup(s, 64, 'online')).toBe(1.25);
    expect(pairedSpeedup(s, 1024, 'online')).toBeNaN();
  });

  it('folds a real (tiny) run into medians, ratios and a verdict', async () => {
    const p = { ...defaults(benchSpec.params), n: 4096, reps: 3 };
    let s: BenchState = benchSpec.initial(p, 1);
    for await (const item of benchmarkRun({ n: 4096, mode: 'cheap', reps: 3, naive: true }, 1)) s = benchSpec.reduce(s, item.delta, p);
    const v = benchSpec.view(s, p, true);
    expect(s.rows).toEqual([64, 1024]);
    expect(v.table.rows).toHaveLength(2 * 3);
    for (const row of v.table.rows) {
      expect(row[2]).toBe(3); // timed runs per (V, method), warm-up excluded
      expect(typeof row[3]).toBe('number');
    }
    expect(typeof v.claim?.holds).toBe('boolean');
    expect(v.claim?.detail).toMatch(/geometric mean/);
    expect(render(v)).not.toMatch(/NaN/);
  });
});
