/**
 * One parameter table per widget (DESIGN.md §3). The table renders the controls, parses and
 * clamps URL values and types the run configuration. Pure functions: used on the server (static
 * render), in the browser, and in Vitest.
 */
export type ParamKind = 'number' | 'int' | 'enum' | 'bool' | 'text';
export type ParamValue = number | string | boolean;

export interface ParamSpec {
  name: string;
  label: string;
  kind: ParamKind;
  default: ParamValue;
  min?: number;
  max?: number;
  step?: number;
  /** A log slider moves evenly in log space (e.g. learning rates). */
  scale?: 'linear' | 'log';
  /** Allowed values of an enum parameter (numbers or strings). */
  options?: readonly (string | number)[];
  /** Labels shown for enum options, same order as `options`. */
  optionLabels?: readonly string[];
  unit?: string;
  help?: string;
  /**
   * Text parameters (e.g. a list of boxes a reader can edit): validates and normalises the raw
   * string. Invalid input should return the default with a notice. Without it any string is taken.
   */
  parse?: (raw: string) => ParseResult;
  /** Text parameters: longer input is rejected (default 2000 characters). */
  maxLength?: number;
  /**
   * Iterative widgets: the parameter only changes how the result is drawn or scored (a threshold,
   * a cost ratio), so changing it redraws the current run instead of discarding it.
   */
  viewOnly?: boolean;
}

export type ParamValues = Record<string, ParamValue>;

export interface ParseResult {
  value: ParamValue;
  /** Set when the raw input was invalid or out of range: a plain-text notice for the reader. */
  notice?: string;
}

export function defaults(params: readonly ParamSpec[]): ParamValues {
  const out: ParamValues = {};
  for (const p of params) out[p.name] = p.default;
  return out;
}

/** Rounds to the parameter's step grid (from min), avoiding float dust like 0.30000000000000004. */
function snap(p: ParamSpec, v: number): number {
  if (p.kind === 'int') return Math.round(v);
  if (!p.step || p.scale === 'log') return v;
  const base = p.min ?? 0;
  const k = Math.round((v - base) / p.step);
  return Number((base + k * p.step).toPrecision(12));
}

/** Parses one raw (string) value against its spec; invalid values fall back with a notice. */
export function parseParam(p: ParamSpec, raw: string): ParseResult {
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  switch (p.kind) {
    case 'bool': {
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return { value: p.default, notice: `${p.label}: "${shown}" is not on/off; using ${String(p.default)}.` };
    }
    case 'enum': {
      const opts = p.options ?? [];
      const hit = opts.find((o) => String(o) === raw);
      if (hit !== undefined) return { value: hit };
      return { value: p.default, notice: `${p.label}: "${shown}" is not one of ${opts.join(', ')}; using ${String(p.default)}.` };
    }
    case 'text': {
      if (raw.length > (p.maxLength ?? 2000)) return { value: p.default, notice: `${p.label}: the value in the link is too long; using the default.` };
      return p.parse ? p.parse(raw) : { value: raw };
    }
    case 'number':
    case 'int': {
      const v = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) {
        return { value: p.default, notice: `${p.label}: "${shown}" is not a number; using ${String(p.default)}.` };
      }
      return clampParam(p, v);
    }
  }
}

/** Clamps a number into [min, max] (and onto the step grid), with a notice if it moved. */
export function clampParam(p: ParamSpec, v: number): ParseResult {
  let x = snap(p, v);
  let notice: string | undefined;
  if (p.min !== undefined && x < p.min) {
    x = p.min;
    notice = `${p.label}: ${v} is below the minimum; clamped to ${p.min}.`;
  } else if (p.max !== undefined && x > p.max) {
    x = p.max;
    notice = `${p.label}: ${v} is above the maximum; clamped to ${p.max}.`;
  }
  return { value: x, notice };
}

/** Serialises a value for the URL (shortest round-tripping form). */
export function formatParam(v: ParamValue): string {
  return typeof v === 'number' ? String(Number(v.toPrecision(12))) : String(v);
}

/** Human formatting of a value with its unit, for readouts and captions. */
export function describeParam(p: ParamSpec, v: ParamValue): string {
  if (p.kind === 'bool') return v ? 'on' : 'off';
  if (p.kind === 'enum' && p.optionLabels && p.options) {
    const i = p.options.findIndex((o) => o === v);
    if (i >= 0) return p.optionLabels[i];
  }
  return `${formatParam(v)}${p.unit ? ` ${p.unit}` : ''}`;
}
