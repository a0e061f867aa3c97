/**
 * Shared chart builders on Observable Plot (named imports only, to keep bundles small).
 * A chart is data (`ChartSpec`): the widget's `view` builds it, `renderChart` draws it, on the
 * server with a linkedom document and in the browser with the real one.
 */
import { plot, lineY, line, ruleX, ruleY, dot, text, gridY, type PlotOptions, type Markish } from '@observablehq/plot';
import { colorFor, palette, type Role } from './palette';

export interface LegendItem {
  name: string;
  color: string;
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  /**
   * Optional identity of what the chart shows. While a run updates a widget several times a second,
   * a chart whose key has not changed since the last redraw is kept as it is instead of being drawn
   * again (e.g. decision regions keyed by the step they were computed at): less main-thread work.
   */
  key?: string;
  /** Plot options without width/document (filled in by `renderChart`). */
  options: PlotOptions;
  legend?: LegendItem[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  role?: Role;
  points: Point[];
  dashed?: boolean;
  /** "step-after" for piecewise-constant data such as spike counts. */
  curve?: 'linear' | 'step-after';
  /** Draw dots at the points as well as the line. */
  dots?: boolean;
}

export interface Axis {
  label: string;
  type?: 'linear' | 'log';
  domain?: [number, number];
  /** Tick format, e.g. "%" for percentages or ".2f". */
  tickFormat?: string;
  /** Approximate tick count, or the exact tick values. */
  ticks?: number | number[];
}

export interface VRule {
  x: number;
  label?: string;
}

export function seriesColor(s: Series, i: number): string {
  return colorFor(s.role ?? 'other', i);
}

/** Lines over a shared x axis, with optional vertical rules (e.g. restart epochs) and a legend. */
export function lineChart(o: {
  title: string;
  x: Axis;
  y: Axis;
  series: Series[];
  rules?: VRule[];
  /** Horizontal reference lines, e.g. y = 0. */
  yRules?: number[];
  height?: number;
}): ChartSpec {
  const marks: Markish[] = [gridY({ stroke: palette.grid, strokeOpacity: 1 })];
  if (o.rules?.length) {
    marks.push(ruleX(o.rules, { x: 'x', stroke: palette.muted, strokeDasharray: '2,3' }));
    const labelled = o.rules.filter((r) => r.label);
    if (labelled.length)
      marks.push(text(labelled, { x: 'x', frameAnchor: 'top', text: 'label', dy: -2, fill: palette.muted, fontSize: 10 }));
  }
  if (o.yRules?.length) marks.push(ruleY(o.yRules, { stroke: palette.muted }));
  let other = 0;
  const legend: LegendItem[] = [];
  o.series.forEach((s) => {
    const color = colorFor(s.role ?? 'other', s.role && s.role !== 'other' ? 0 : other++);
    legend.push({ name: s.name, color, dashed: s.dashed });
    marks.push(
      line(s.points, {
        x: 'x',
        y: 'y',
        stroke: color,
        strokeWidth: s.role === 'method' ? 2.25 : 1.75,
        strokeDasharray: s.dashed ? '5,4' : undefined,
        curve: s.curve ?? 'linear',
      }),
    );
    if (s.dots) marks.push(dot(s.points, { x: 'x', y: 'y', fill: color, r: 2.5 }));
  });
  return {
    title: o.title,
    legend,
    options: {
      height: o.height ?? 260,
      marginLeft: 52,
      marginTop: 18,
      x: { label: o.x.label, type: o.x.type ?? 'linear', domain: o.x.domain, tickFormat: o.x.tickFormat, ticks: o.x.ticks, labelAnchor: 'right' },
      y: { label: o.y.label, type: o.y.type ?? 'linear', domain: o.y.domain, tickFormat: o.y.tickFormat, ticks: o.y.ticks, labelAnchor: 'top', labelArrow: 'up' },
      marks,
    },
  };
}

/** Any Plot chart: the escape hatch for scatter plots, rasters, rasters of spikes, histograms. */
export function customChart(title: string, options: PlotOptions, legend?: LegendItem[]): ChartSpec {
  return { title, options, legend };
}

/** Draws a chart. `doc` is a server DOM (linkedom) at build time, the page's document in the browser. */
export function renderChart(spec: ChartSpec, width: number, doc?: Document): SVGSVGElement | HTMLElement {
  const node = plot({
    ...spec.options,
    width,
    style: { background: 'transparent', fontSize: '11px', overflow: 'visible' },
    ariaLabel: spec.title,
    ...(doc ? { document: doc } : {}),
  }) as SVGSVGElement | HTMLElement;
  // One accessible image per chart: screen readers get the title here and the numbers from the
  // widget's summary and data table, rather than Plot's per-mark labels on bare <g> elements.
  const svg = node.tagName.toLowerCase() === 'svg' ? node : node.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', spec.title);
    for (const g of svg.querySelectorAll('[aria-label]')) if (g !== svg) g.removeAttribute('aria-label');
  }
  return node;
}

/** Re-exported for widgets that build custom charts, so they share one Plot import path. */
export { lineY, line, ruleX, ruleY, dot, text };
