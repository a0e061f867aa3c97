/**
 * URL state per widget: `?<widget>.<param>=value` and `?<widget>.seed=N` (DESIGN.md §3).
 * Defaults are omitted so links stay short. Nothing read here is ever inserted as HTML: values
 * are parsed against the parameter table and notices are plain text.
 */
import { defaults, formatParam, parseParam, type ParamSpec, type ParamValues } from './params';

/** Keys under a widget's prefix that are not parameters: the seed and teacher-link flags (teacher-link.ts). */
const RESERVED = new Set(['seed', 'lock', 'hide']);

export const SEED_MIN = 0;
export const SEED_MAX = 2 ** 31 - 1;

export interface WidgetState {
  values: ParamValues;
  seed: number;
  notices: string[];
}

export function readWidgetState(
  widgetId: string,
  params: readonly ParamSpec[],
  search: string,
  defaultSeed: number,
): WidgetState {
  const q = new URLSearchParams(search);
  const values = defaults(params);
  const notices: string[] = [];
  const prefix = `${widgetId}.`;
  const known = new Set(params.map((p) => p.name));
  for (const key of q.keys()) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    if (RESERVED.has(name)) continue;
    if (!known.has(name)) notices.push(`Unknown setting "${name.slice(0, 30)}" in the link was ignored.`);
  }
  for (const p of params) {
    const raw = q.get(prefix + p.name);
    if (raw === null) continue;
    const r = parseParam(p, raw);
    values[p.name] = r.value;
    if (r.notice) notices.push(r.notice);
  }
  let seed = defaultSeed;
  const rawSeed = q.get(`${prefix}seed`);
  if (rawSeed !== null) {
    const s = Number(rawSeed);
    if (Number.isInteger(s) && s >= SEED_MIN && s <= SEED_MAX) seed = s;
    else notices.push(`Seed "${rawSeed.slice(0, 20)}" is not a whole number from 0 to ${SEED_MAX}; using ${defaultSeed}.`);
  }
  return { values, seed, notices };
}

/** Returns `search` with this widget's keys replaced by the given state (defaults omitted). */
export function writeWidgetState(
  widgetId: string,
  params: readonly ParamSpec[],
  state: { values: ParamValues; seed: number },
  search: string,
  defaultSeed: number,
): string {
  const q = new URLSearchParams(search);
  const prefix = `${widgetId}.`;
  // Teacher-link flags stay: changing a setting must never drop a restriction.
  for (const key of [...q.keys()]) if (key.startsWith(prefix) && !['lock', 'hide'].includes(key.slice(prefix.length))) q.delete(key);
  for (const p of params) {
    const v = state.values[p.name];
    if (v !== undefined && v !== p.default) q.set(prefix + p.name, formatParam(v));
  }
  if (state.seed !== defaultSeed) q.set(`${prefix}seed`, String(state.seed));
  const s = q.toString();
  return s ? `?${s}` : '';
}
