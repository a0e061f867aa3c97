/**
 * A signed heatmap of an n×n Jacobian ∂w_i/∂z_j (row-major): accent for positive entries, a
 * second palette colour for negative ones, depth √(|J| / max|J|) so small non-zero entries stay
 * visible and exact zeros stay blank. Lessons comparing normalisers (softpick, sa-softmax) share it.
 */
import { cell, type Markish } from '@observablehq/plot';
import { customChart, type ChartSpec } from './charts';
import { colorFor, palette } from './palette';

export interface JacobianCell {
  i: string;
  j: string;
  g: number;
  a: number;
}

/** The colour of negative entries (for extra marks and legend items that refer to them). */
export const negativeColor = colorFor('other', 0);

export function jacobianCells(J: ArrayLike<number>, keys: readonly string[]): JacobianCell[] {
  const n = keys.length;
  const max = Math.max(1e-12, ...Array.from(J, Math.abs));
  return keys.flatMap((ki, i) => keys.map((kj, j) => ({ i: ki, j: kj, g: J[i * n + j], a: Math.sqrt(Math.abs(J[i * n + j]) / max) })));
}

export function jacobianChart(
  title: string,
  cells: JacobianCell[],
  keys: readonly string[],
  opts: { height?: number; extraMarks?: Markish[]; extraLegend?: { name: string; color: string }[] } = {},
): ChartSpec {
  return customChart(
    title,
    {
      height: opts.height ?? 250,
      marginLeft: 44,
      marginBottom: 34,
      x: { domain: keys, label: 'score j →', labelAnchor: 'right' },
      y: { domain: keys, label: '↓ weight i', labelAnchor: 'top' },
      opacity: { domain: [0, 1], range: [0, 1] },
      marks: [
        cell(cells, { x: 'j', y: 'i', fill: palette.grid, inset: 0.5 }),
        cell(cells.filter((c) => c.g > 0), { x: 'j', y: 'i', fill: palette.method, fillOpacity: 'a', inset: 0.5 }),
        cell(cells.filter((c) => c.g < 0), { x: 'j', y: 'i', fill: negativeColor, fillOpacity: 'a', inset: 0.5 }),
        ...(opts.extraMarks ?? []),
      ],
    },
    [{ name: 'positive', color: palette.method }, { name: 'negative', color: negativeColor }, ...(opts.extraLegend ?? [])],
  );
}
