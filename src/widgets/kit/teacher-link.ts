/**
 * Teacher links (pure part): `?<widget>.lock=a,b&<widget>.hide=c` and the page flag `?prose=hide`.
 *
 * Nothing about a link is trusted. Names are checked against the widget's parameter table (plus
 * "seed"); unknown ones are dropped with a plain-text notice. The flags can only take controls
 * away from the reader: a link never unlocks anything, and the page offers no control that lifts
 * a restriction; the only way back is to edit the URL to fewer restrictions.
 */
import type { ParamSpec } from './params';

export interface Restrictions {
  lock: string[];
  hide: string[];
}

export const SEED_CONTROL = 'seed';
export const PROSE_KEY = 'prose';
/** URL keys under a widget's prefix that are flags, not parameters (url-state.ts keeps them). */
export const RESTRICTION_KEYS = ['lock', 'hide'] as const;

function controlNames(params: readonly ParamSpec[], seeded: boolean): string[] {
  return [...params.map((p) => p.name), ...(seeded ? [SEED_CONTROL] : [])];
}

export function readRestrictions(
  widgetId: string,
  params: readonly ParamSpec[],
  seeded: boolean,
  search: string,
): Restrictions & { notices: string[] } {
  const q = new URLSearchParams(search);
  const known = new Set(controlNames(params, seeded));
  const notices: string[] = [];
  const out: Restrictions = { lock: [], hide: [] };
  for (const key of RESTRICTION_KEYS) {
    // Every occurrence counts (a repeated key only ever adds restrictions).
    for (const raw of q.getAll(`${widgetId}.${key}`)) {
      for (const name of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (!known.has(name)) {
          notices.push(`The link asks to ${key} "${name.slice(0, 30)}", which this figure does not have; ignored.`);
          continue;
        }
        if (!out[key].includes(name)) out[key].push(name);
      }
    }
  }
  // A hidden control is also locked: it cannot be changed from the page.
  out.lock = controlNames(params, seeded).filter((n) => out.lock.includes(n) || out.hide.includes(n));
  out.hide = controlNames(params, seeded).filter((n) => out.hide.includes(n));
  return { ...out, notices };
}

/** Union of two sets of restrictions: what a teacher adds on a page can never remove what the URL set. */
export function mergeRestrictions(a: Restrictions, b: Restrictions): Restrictions {
  const u = (x: string[], y: string[]) => [...new Set([...x, ...y])];
  return { lock: u(a.lock, b.lock), hide: u(a.hide, b.hide) };
}

/** Returns `search` with this widget's restriction keys set to `r` (absent when empty). */
export function writeRestrictions(widgetId: string, r: Restrictions, search: string): string {
  const q = new URLSearchParams(search);
  for (const key of RESTRICTION_KEYS) {
    q.delete(`${widgetId}.${key}`);
    const names = key === 'lock' ? r.lock.filter((n) => !r.hide.includes(n)) : r.hide;
    if (names.length) q.set(`${widgetId}.${key}`, names.join(','));
  }
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}

export function proseHidden(search: string): boolean {
  return new URLSearchParams(search).get(PROSE_KEY) === 'hide';
}

export function withProse(search: string, hide: boolean): string {
  const q = new URLSearchParams(search);
  if (hide) q.set(PROSE_KEY, 'hide');
  const s = q.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}
