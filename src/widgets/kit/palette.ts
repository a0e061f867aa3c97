/**
 * One palette for every chart (DESIGN.md §3): the baseline in grey, the paper's method in the
 * accent colour. Colours are CSS variables defined in `src/styles/theme.css`, so charts follow
 * light and dark mode without redrawing. `resolveColors` swaps them for literal colours when an
 * SVG leaves the page (export).
 */
export type Role = 'method' | 'baseline' | 'reference' | 'other';

export const palette = {
  method: 'var(--sl-method)',
  baseline: 'var(--sl-baseline)',
  reference: 'var(--sl-reference)',
  others: ['var(--sl-c3)', 'var(--sl-c4)', 'var(--sl-c5)', 'var(--sl-c6)'],
  grid: 'var(--sl-grid)',
  muted: 'var(--sl-muted)',
} as const;

/** Colour of a series from its role; `other` series cycle through the extra colours. */
export function colorFor(role: Role = 'other', index = 0): string {
  if (role === 'method') return palette.method;
  if (role === 'baseline') return palette.baseline;
  if (role === 'reference') return palette.reference;
  return palette.others[index % palette.others.length];
}

/** Replaces var(--x) references in markup by the values computed for `el` (for export). */
export function resolveColors(markup: string, el: Element): string {
  const style = getComputedStyle(el);
  return markup.replace(/var\((--[a-z0-9-]+)\)/gi, (m, name: string) => style.getPropertyValue(name).trim() || m);
}
